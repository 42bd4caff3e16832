/*
 * libxl: the xenstore layout of a new domain (reference.md 4.6): the
 * skeleton written in one transaction right after createdomain (what
 * Xen's libxl__domain_make does), and after the build the memory, store,
 * console and vCPU nodes (libxl__build_post, the console device).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "create_internal.h"

typedef int (*tx_fn)(struct libxl__create *cs, uint32_t t);

/* Run fn in a transaction, again while it conflicts (-EAGAIN). */
static int in_transaction(struct libxl__create *cs, tx_fn fn)
{
    uint32_t t;
    int rc;

    for (;;) {
        rc = libxl__xs_transaction_start(cs->gc, &t);
        if (rc)
            return rc;
        rc = fn(cs, t);
        if (rc) {
            libxl__xs_transaction_end(cs->gc, t, true);
            return rc;
        }
        rc = libxl__xs_transaction_end(cs->gc, t, false);
        if (rc != -EAGAIN)
            return rc;
    }
}

/* A node only Dom0 may see / the guest may read / the guest owns. */
#define NOPERM -1

static int node(struct libxl__create *cs, uint32_t t, const char *dir,
                const char *rel, const char *val, uint32_t owner, int reader)
{
    char *path = rel ? libxl__sprintf(cs->gc, "%s/%s", dir, rel)
                     : libxl__strdup(cs->gc, dir);

    return libxl__xs_mknode(cs->gc, t, path, val, owner, reader);
}

/* Readable by the guest, owned by Dom0 (Xen's "roperm"). */
static int ro(struct libxl__create *cs, uint32_t t, const char *dir,
              const char *rel, const char *val)
{
    return node(cs, t, dir, rel, val, 0, (int)cs->domid);
}

/* Owned (so writable) by the guest (Xen's "rwperm"). */
static int rw(struct libxl__create *cs, uint32_t t, const char *dir,
              const char *rel, const char *val)
{
    return node(cs, t, dir, rel, val, cs->domid, NOPERM);
}

static int skeleton(struct libxl__create *cs, uint32_t t)
{
    static const char *const guest_dirs[] = {
        "data", "drivers", "feature", "attr", "error",
        "control/shutdown", "control/feature-poweroff",
        "control/feature-reboot", "control/feature-suspend",
        "control/feature-s3", "control/feature-s4", "control/sysrq",
        "device/suspend/event-channel",
    };
    const char *d = cs->dom_path, *vm = cs->vm_path;
    const char *type = cs->dc->c_info.type == LIBXL_DOMAIN_TYPE_PVH ? "pvh"
                       : cs->dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM ? "hvm"
                       : "pv";
    const char *name = cs->dc->c_info.name;
    char domid[16];
    size_t i;
    int rc;

    snprintf(domid, sizeof(domid), "%u", cs->domid);
    libxl__xs_rm(cs->gc, t, d);
    libxl__xs_rm(cs->gc, t, vm);
    libxl__xs_rm(cs->gc, t, cs->libxl_path);
    rc = ro(cs, t, d, NULL, NULL);
    rc = rc ? rc : node(cs, t, vm, NULL, NULL, 0, (int)cs->domid);
    rc = rc ? rc : node(cs, t, cs->libxl_path, NULL, NULL, 0, NOPERM);
    rc = rc ? rc : ro(cs, t, d, "vm", vm);
    rc = rc ? rc : ro(cs, t, d, "name", name);
    rc = rc ? rc : libxl__name_index_add(cs->gc, t, name, cs->domid);
    rc = rc ? rc : ro(cs, t, d, "domid", domid);
    rc = rc ? rc : ro(cs, t, d, "device", NULL);
    rc = rc ? rc : ro(cs, t, d, "control", NULL);
    rc = rc ? rc : ro(cs, t, d, "control/platform-feature-multiprocessor-"
                      "suspend", "1");
    rc = rc ? rc : ro(cs, t, d, "control/platform-feature-xs_reset_watches",
                      "1");
    for (i = 0; !rc && i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++)
        rc = rw(cs, t, d, guest_dirs[i], NULL);
    rc = rc ? rc : ro(cs, t, vm, "uuid", cs->uuid);
    rc = rc ? rc : ro(cs, t, vm, "name", name);
    rc = rc ? rc : node(cs, t, cs->libxl_path, "type", type, 0, NOPERM);
    return rc;
}

int libxl__create_xs_skeleton(struct libxl__create *cs)
{
    libxl__gc *gc = cs->gc;
    int rc;

    cs->dom_path = libxl__sprintf(gc, "/local/domain/%u", cs->domid);
    cs->vm_path = libxl__sprintf(gc, "/vm/%s", cs->uuid);
    cs->libxl_path = libxl__sprintf(gc, "/libxl/%u", cs->domid);
    rc = in_transaction(cs, skeleton);
    /* The name is in xenstore now: other creations may check theirs. */
    if (cs->lock_fd >= 0) {
        close(cs->lock_fd);
        cs->lock_fd = -1;
    }
    if (rc)
        return libxl__seterr(gc->ctx, rc, "%s", strerror(-rc));
    return 0;
}

static int post(struct libxl__create *cs, uint32_t t)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl__gc *gc = cs->gc;
    const char *d = cs->dom_path;
    struct timeval now;
    int rc, i;

    gettimeofday(&now, NULL);
    rc = ro(cs, t, d, "memory/static-max",
            libxl__sprintf(gc, "%lld", (long long)b->max_memkb));
    rc = rc ? rc : ro(cs, t, d, "memory/target",
                      libxl__sprintf(gc, "%lld", (long long)b->target_memkb));
    rc = rc ? rc : ro(cs, t, d, "store/port",
                      libxl__sprintf(gc, "%u", cs->store_port));
    rc = rc ? rc : ro(cs, t, d, "store/ring-ref",
                      libxl__sprintf(gc, "%llu",
                                     (unsigned long long)cs->store_gfn));
    for (i = 0; !rc && i < b->max_vcpus; i++)
        rc = ro(cs, t, d, libxl__sprintf(gc, "cpu/%d/availability", i),
                i < b->avail_vcpus ? "online" : "offline");
    /* The PV console (Xen's libxl__device_console_add, xenconsoled). */
    rc = rc ? rc : ro(cs, t, d, "console/backend-id", "0");
    rc = rc ? rc : ro(cs, t, d, "console/limit",
                      libxl__sprintf(gc, "%d", LIBXL__CONSOLE_LIMIT));
    rc = rc ? rc : ro(cs, t, d, "console/type", "xenconsoled");
    rc = rc ? rc : ro(cs, t, d, "console/output", "pty");
    rc = rc ? rc : ro(cs, t, d, "console/tty", "");
    rc = rc ? rc : ro(cs, t, d, "console/port",
                      libxl__sprintf(gc, "%u", cs->console_port));
    rc = rc ? rc : ro(cs, t, d, "console/ring-ref",
                      libxl__sprintf(gc, "%llu",
                                     (unsigned long long)cs->console_gfn));
    rc = rc ? rc : ro(cs, t, cs->vm_path, "start_time",
                      libxl__sprintf(gc, "%ld.%02ld", (long)now.tv_sec,
                                     (long)now.tv_usec / 10000));
    return rc;
}

int libxl__create_xs_post(struct libxl__create *cs)
{
    int rc = in_transaction(cs, post);

    if (rc)
        return libxl__seterr(cs->gc->ctx, rc, "%s", strerror(-rc));
    return 0;
}
