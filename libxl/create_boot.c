/*
 * libxl: the "run bootloader" step of domain creation (bootloader= in
 * xl.cfg).  Runs the bootloader (bootloader.h) on the first disk, reads
 * the kernel and ramdisk it extracted into memory, takes its command line,
 * and deletes every file it made, whether it succeeded or not.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootloader.h"
#include "build_api.h"
#include "create_internal.h"

/* The boot disk's backing file or device (Xen: the first disk). */
static int boot_disk(struct libxl__create *cs, const char **path)
{
    struct libxl_domain_config *dc = cs->dc;
    const struct libxl_device_disk *d;
    libxl_ctx *ctx = cs->gc->ctx;

    if (!dc->num_disks)
        return libxl__seterr(ctx, -EINVAL, "bootloader= needs a boot disk: "
                             "the first disk= entry");
    d = &dc->disks[0];
    if (!d->pdev_path || !*d->pdev_path ||
        d->format == LIBXL_DISK_FORMAT_EMPTY)
        return libxl__seterr(ctx, -EINVAL, "the boot disk '%s' is empty",
                             d->vdev ? d->vdev : "?");
    if (d->format != LIBXL_DISK_FORMAT_RAW &&
        d->format != LIBXL_DISK_FORMAT_UNKNOWN)
        return libxl__seterr(ctx, -EOPNOTSUPP, "the bootloader reads raw "
                             "disks only for now: the boot disk '%s' is not "
                             "format=raw", d->pdev_path);
    *path = d->pdev_path;
    return 0;
}

static int read_file(struct libxl__create *cs, const char *what,
                     const char *path, void **buf, size_t *len)
{
    struct build_err err;
    int rc = build_read_file(path, BUILD_DECOMPRESS_MAX, buf, len, &err);

    if (rc)
        return libxl__seterr(cs->gc->ctx, rc, "the bootloader's %s: %s",
                             what, err.msg);
    return 0;
}

int libxl__create_bootloader(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    struct libxl__boot_req rq;
    struct libxl__boot_res res;
    char err[sizeof(ctx->errmsg)];
    int rc;

    if (!b->bootloader)
        return 0;
    memset(&rq, 0, sizeof(rq));
    rc = boot_disk(cs, &rq.disk);
    if (rc)
        return rc;
    rq.bootloader = b->bootloader;
    rq.args = b->bootloader_args;
    rq.kernel = b->kernel;
    rq.ramdisk = b->ramdisk;
    rq.cmdline = b->cmdline;
    rq.domid = cs->domid;
    rq.lib_dir = libxl_lib_dir(ctx);
    rq.log_dir = libxl_log_dir(ctx);
    rc = libxl__boot_run(&rq, &res, err, sizeof(err));
    if (rc) {
        libxl__seterr(ctx, rc, "%s", err);
        goto out;
    }
    rc = read_file(cs, "kernel", res.kernel, &cs->kernel, &cs->kernel_size);
    if (!rc && res.ramdisk)
        rc = read_file(cs, "ramdisk", res.ramdisk, &cs->ramdisk,
                       &cs->ramdisk_size);
    if (rc)
        goto out;
    cs->cmdline = libxl__strdup(cs->gc, res.cmdline);
    if (cs->cmdline && strlen(cs->cmdline) >= BUILD_CMDLINE_MAX)
        rc = libxl__seterr(ctx, -E2BIG, "the bootloader's command line is "
                           "longer than %d bytes", BUILD_CMDLINE_MAX - 1);
out:
    libxl__boot_res_dispose(&res);
    return rc;
}
