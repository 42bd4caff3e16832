/*
 * libxl device model: changing the medium of an HVM guest's emulated
 * CD-ROM (`xl cd-insert', `xl cd-eject'), as Xen 4.17's libxl does with
 * qemu-xen: QMP eject of drive "ide-<vbd number>", then add-fd of the
 * opened image and blockdev-change-medium to /dev/fdset/<n>; the stored
 * domain config follows.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "create_internal.h"
#include "dm_internal.h"

/* The index of the CD-ROM vdev in dc, or -1 with a message. */
static int find_cdrom(libxl_ctx *ctx, uint32_t domid,
                      const struct libxl_domain_config *dc, const char *vdev)
{
    int i;

    for (i = 0; i < dc->num_disks; i++)
        if (dc->disks[i].vdev && !strcmp(dc->disks[i].vdev, vdev)) {
            if (dc->disks[i].is_cdrom)
                return i;
            return libxl__seterr(ctx, -EINVAL, "domain %u: '%s' is a disk, "
                                 "not a cdrom", domid, vdev), -1;
        }
    return libxl__seterr(ctx, -ENOENT, "domain %u has no cdrom '%s'", domid,
                         vdev), -1;
}

/* Eject, then (path) insert through QMP. */
static int change(libxl__gc *gc, uint32_t domid, int id, const char *path)
{
    static const char *fdset_path[] = { "fdset-id", NULL };
    struct libxl__qmp *q = NULL;
    yajl_val ret, v;
    int rc, fd = -1;

    if (path && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return libxl__seterr(gc->ctx, -errno, "cannot open '%s': %s", path,
                             strerror(errno));
    rc = libxl__dm_qmp_of(gc, domid, &q);
    if (!rc)
        rc = libxl__qmp_call(q, "eject", libxl__sprintf(gc, "{\"id\":"
                             "\"ide-%d\"}", id), NULL);
    if (!rc && path)
        rc = libxl__qmp_call_fd(q, "add-fd", libxl__sprintf(gc,
                                "{\"opaque\":%s}", libxl__json_quote(gc,
                                libxl__sprintf(gc, "raw:%s", path))), fd,
                                &ret);
    if (!rc && path) {
        v = yajl_tree_get(ret, fdset_path, yajl_t_number);
        if (!v || !YAJL_IS_INTEGER(v))
            rc = libxl__seterr(gc->ctx, -EPROTO, "domain %u: add-fd did "
                               "not answer an fdset-id", domid);
        else
            rc = libxl__qmp_call(q, "blockdev-change-medium",
                                 libxl__sprintf(gc, "{\"id\":\"ide-%d\","
                                                "\"filename\":\"/dev/fdset/"
                                                "%lld\",\"format\":\"raw\"}",
                                                id, YAJL_GET_INTEGER(v)),
                                 NULL);
    }
    libxl__qmp_close(q);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int store(libxl__gc *gc, uint32_t domid,
                 struct libxl_domain_config *dc)
{
    struct libxl_dominfo info;
    char uuid[37];
    int rc = libxl_domain_info(gc->ctx, domid, &info);

    if (rc)
        return rc;
    libxl__uuid_string(info.uuid, uuid);
    libxl_dominfo_dispose(&info);
    return libxl__userdata_store(gc, domid, uuid, dc, NULL);
}

LIBXL_API int libxl_cdrom_insert(libxl_ctx *ctx, uint32_t domid,
                                 const char *vdev, const char *path)
{
    struct libxl_domain_config dc;
    struct libxl_dominfo info;
    struct libxl_device_disk *d;
    libxl__gc gc;
    int i, rc;

    libxl__gc_init(&gc, ctx);
    libxl_domain_config_init(&dc);
    if (path && !*path)
        path = NULL;
    rc = libxl_domain_info(ctx, domid, &info);
    if (rc) {
        rc = libxl__seterr(ctx, -ESRCH, "domain %u: no such domain", domid);
        goto out;
    }
    libxl_dominfo_dispose(&info);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc) ||
        dc.c_info.type != LIBXL_DOMAIN_TYPE_HVM) {
        rc = libxl__seterr(ctx, -EINVAL, "domain %u: cd-insert and "
                           "cd-eject need an HVM guest", domid);
        goto out;
    }
    i = find_cdrom(ctx, domid, &dc, vdev);
    if (i < 0) {
        rc = -ENOENT;
        goto out;
    }
    d = &dc.disks[i];
    if (path && access(path, R_OK)) {
        rc = libxl__seterr(ctx, -errno, "cdrom image '%s': %s", path,
                           strerror(errno));
        goto out;
    }
    rc = change(&gc, domid, libxl_vdev_to_devid(vdev), path);
    if (rc)
        goto out;
    free(d->pdev_path);
    d->pdev_path = libxl__xstrdup(path ? path : "");
    d->format = path ? LIBXL_DISK_FORMAT_RAW : LIBXL_DISK_FORMAT_EMPTY;
    rc = store(&gc, domid, &dc);
    if (rc) {
        char why[sizeof(ctx->errmsg)];

        snprintf(why, sizeof(why), "%s", libxl_errmsg(ctx));
        libxl__seterr(ctx, rc, "domain %u: cdrom '%s' changed, but the "
                      "stored config was not updated: %s", domid, vdev,
                      why);
    }
out:
    libxl_domain_config_dispose(&dc);
    libxl__gc_release(&gc);
    return rc;
}
