/*
 * libxl: domain creation as a list of named steps (architecture.md).  A
 * failing step stops the run; everything done so far is undone (domain
 * destroyed, xenstore nodes, ring and stored config removed) and the one
 * message names the step and the cause.  The new domain is left paused.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libxl_save.h"
#include "create_internal.h"
#include "dm_internal.h"
#include "device_internal.h"

/* Which creations run a step: new domains, restored ones, or both. */
enum { NEW = 1, RESTORE = 2, BOTH = 3 };

struct create_step {
    const char *name;
    int (*run)(struct libxl__create *cs);
    unsigned when;
};

static const struct create_step steps[] = {
    { "check config", libxl__create_check, BOTH },
    { "read kernel and ramdisk", libxl__create_read_images, NEW },
    { "create domain", libxl__create_make_domain, BOTH },
    { "run bootloader", libxl__create_bootloader, NEW },
    { "write xenstore", libxl__create_xs_skeleton, BOTH },
    { "set limits", libxl__create_prebuild, BOTH },
    { "build", libxl__create_build, NEW },
    { "restore", libxl__create_restore, RESTORE },
    { "write xenstore (post-build)", libxl__create_xs_post, BOTH },
    { "introduce to xenstored", libxl__create_introduce, BOTH },
    { "attach disks", libxl__create_disks, BOTH },
    { "start device model", libxl__create_dm, BOTH },
    { "add network devices", libxl__create_nics, BOTH },
    { "store config", libxl__create_store_config, BOTH },
};

static void unlock(struct libxl__create *cs)
{
    if (cs->lock_fd >= 0)
        close(cs->lock_fd);
    cs->lock_fd = -1;
}

/* Undo what the steps did, in reverse; keeps the failure's message. */
static void undo(struct libxl__create *cs)
{
    libxl_ctx *ctx = cs->gc->ctx;
    char saved[sizeof(ctx->errmsg)];

    memcpy(saved, ctx->errmsg, sizeof(saved));
    if (cs->userdata)
        unlink(cs->userdata);
    if (cs->dm_state_file)
        unlink(cs->dm_state_file);
    if (cs->dm_started)
        libxl__dm_kill(cs->gc, cs->domid);
    if (cs->introduced)
        libxl__xs_release(cs->gc, cs->domid);
    if (cs->domain_made) {
        /* Devices first, even if the destroy below cannot run. */
        libxl__devices_destroy(cs->gc, cs->domid);
        /* Destroys the domain and removes its xenstore nodes. */
        libxl_domain_destroy(ctx, cs->domid);
        /* Nodes written before a failed destroy still go. */
        if (cs->dom_path)
            libxl__xs_rm(cs->gc, LIBXL__XBT_NULL, cs->dom_path);
        if (cs->vm_path)
            libxl__xs_rm(cs->gc, LIBXL__XBT_NULL, cs->vm_path);
        if (cs->libxl_path)
            libxl__xs_rm(cs->gc, LIBXL__XBT_NULL, cs->libxl_path);
    }
    unlock(cs);
    memcpy(ctx->errmsg, saved, sizeof(saved));
}

/* Run the steps of a new (restore_fd < 0) or restored domain. */
static int create(libxl_ctx *ctx, struct libxl_domain_config *dc,
                  uint32_t *domid, int restore_fd, unsigned stream_flags,
                  struct libxl_restore_stats *st)
{
    struct libxl__create cs;
    libxl__gc gc;
    size_t i;
    int rc = 0;

    libxl__gc_init(&gc, ctx);
    memset(&cs, 0, sizeof(cs));
    cs.gc = &gc;
    cs.dc = dc;
    cs.lock_fd = -1;
    cs.restore_fd = restore_fd;
    cs.stream_flags = stream_flags;
    cs.restore_st = st;
    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (!(steps[i].when & (restore_fd >= 0 ? RESTORE : NEW)))
            continue;
        ctx->errmsg[0] = '\0';
        rc = steps[i].run(&cs);
        if (rc) {
            char cause[sizeof(ctx->errmsg)];

            snprintf(cause, sizeof(cause), "%s",
                     ctx->errmsg[0] ? ctx->errmsg : strerror(-rc));
            libxl__seterr(ctx, rc, "cannot create domain '%s': %s: %s",
                          dc->c_info.name ? dc->c_info.name : "?",
                          steps[i].name, cause);
            undo(&cs);
            goto out;
        }
    }
    unlock(&cs);
    *domid = cs.domid;
out:
    free(cs.kernel);
    if (cs.kernel_map)
        munmap(cs.kernel_map, cs.kernel_size);
    free(cs.ramdisk);
    free(cs.firmware);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_create_new(libxl_ctx *ctx,
                                      struct libxl_domain_config *dc,
                                      uint32_t *domid)
{
    return create(ctx, dc, domid, -1, 0, NULL);
}

LIBXL_API int libxl_domain_create_restore_stats(libxl_ctx *ctx,
                                                struct libxl_domain_config
                                                *dc, uint32_t *domid,
                                                int restore_fd,
                                                unsigned stream_flags,
                                                struct libxl_restore_stats
                                                *st)
{
    if (st)
        memset(st, 0, sizeof(*st));
    if (restore_fd < 0)
        return libxl__seterr(ctx, -EBADF, "restore: no image to read");
    if (stream_flags & ~LIBXL_STREAM_ZLIB)
        return libxl__seterr(ctx, -EOPNOTSUPP, "restore: stream flags %#x "
                             "are not supported", stream_flags);
    return create(ctx, dc, domid, restore_fd, stream_flags, st);
}

LIBXL_API int libxl_domain_create_restore_flags(libxl_ctx *ctx,
                                                struct libxl_domain_config
                                                *dc, uint32_t *domid,
                                                int restore_fd,
                                                unsigned stream_flags)
{
    return libxl_domain_create_restore_stats(ctx, dc, domid, restore_fd,
                                             stream_flags, NULL);
}

LIBXL_API int libxl_domain_create_restore(libxl_ctx *ctx,
                                          struct libxl_domain_config *dc,
                                          uint32_t *domid, int restore_fd)
{
    return libxl_domain_create_restore_flags(ctx, dc, domid, restore_fd, 0);
}
