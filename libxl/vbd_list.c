/*
 * libxl: reading back the disks of a domain (xl block-list, block-detach
 * by vdev): the toolstack's own copy under /libxl/<domid>/device/vbd,
 * the frontend's state, event channel and ring reference.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_disk.h"
#include "vbd_internal.h"

static char *lread(libxl__gc *gc, const char *dir, const char *key)
{
    char *v;

    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__sprintf(gc, "%s/%s", dir, key), &v))
        return NULL;
    return v;
}

static char *dup_or_null(const char *s)
{
    return s ? libxl__xstrdup(s) : NULL;
}

/* disk from /libxl/<domid>/device/vbd/<devid>; -ENOENT if missing. */
static int disk_from_xs(libxl__gc *gc, uint32_t domid, int devid,
                        struct libxl_device_disk *disk)
{
    char *lp = libxl__sprintf(gc, "/libxl/%u/device/vbd/%d", domid, devid);
    char *be = lread(gc, lp, "backend"), *v, *script;

    if (!be)
        return -ENOENT;
    libxl_device_disk_init(disk);
    disk->devid = devid;
    disk->pdev_path = dup_or_null(lread(gc, lp, "params"));
    disk->vdev = dup_or_null(lread(gc, lp, "dev"));
    script = lread(gc, lp, "script");
    disk->script = script && *script ? libxl__xstrdup(script) : NULL;
    v = lread(gc, lp, "mode");
    disk->readwrite = v && !strcmp(v, "w");
    v = lread(gc, lp, "device-type");
    disk->is_cdrom = v && !strcmp(v, "cdrom");
    v = lread(gc, lp, "removable");
    disk->removable = v && !strcmp(v, "1");
    disk->backend = LIBXL_DISK_BACKEND_PHY;
    disk->format = LIBXL_DISK_FORMAT_RAW;
    return 0;
}

LIBXL_API void libxl_device_disk_list_free(struct libxl_device_disk *disks,
                                           int n)
{
    for (int i = 0; disks && i < n; i++)
        libxl_device_disk_dispose(&disks[i]);
    free(disks);
}

LIBXL_API int libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                                     struct libxl_device_disk **disks,
                                     int *n)
{
    struct libxl_device_disk *l;
    libxl__gc gc;
    unsigned count, i;
    int rc, m = 0, *ids;

    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_list(&gc, domid, "vbd", &ids, &count);
    if (rc)
        goto out;
    l = libxl__malloc0(sizeof(*l) * (count + 1));
    for (i = 0; i < count; i++)
        if (!disk_from_xs(&gc, domid, ids[i], &l[m]))
            m++;
    *disks = l;
    *n = m;
out:
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_vdev_to_device_disk(libxl_ctx *ctx, uint32_t domid,
                                        const char *vdev,
                                        struct libxl_device_disk *disk)
{
    libxl__gc gc;
    char *end;
    long v;
    int rc, devid = libxl_vdev_to_devid(vdev);

    if (devid < 0) {
        v = strtol(vdev, &end, 10);
        if (*vdev && !*end && v >= 0 && v <= 0x7fffffff)
            devid = (int)v;
    }
    if (devid < 0)
        return libxl__seterr(ctx, -EINVAL, "'%s' is not a virtual device "
                             "name or number", vdev);
    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    libxl__gc_init(&gc, ctx);
    libxl_device_disk_dispose(disk);
    rc = disk_from_xs(&gc, domid, devid, disk);
    if (rc)
        libxl__seterr(ctx, rc, "domain %u has no disk '%s'", domid, vdev);
    libxl__gc_release(&gc);
    return rc;
}

static int num(libxl__gc *gc, const char *dir, const char *key)
{
    char *v = lread(gc, dir, key), *end;
    long n;

    if (!v)
        return -1;
    n = strtol(v, &end, 10);
    return *end || end == v ? -1 : (int)n;
}

LIBXL_API int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                                        const struct libxl_device_disk *disk,
                                        struct libxl_diskinfo *info)
{
    struct libxl__device dev;
    libxl__gc gc;
    char *fe;
    int rc, devid = disk->vdev ? libxl_vdev_to_devid(disk->vdev)
                               : disk->devid;

    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_lookup(&gc, domid, "vbd", devid, NULL, &dev);
    if (rc)
        goto out;
    memset(info, 0, sizeof(*info));
    fe = libxl__device_frontend_path(&gc, &dev);
    info->backend = libxl__xstrdup(libxl__device_backend_path(&gc, &dev));
    info->backend_id = dev.backend_domid;
    info->frontend = libxl__xstrdup(fe);
    info->frontend_id = domid;
    info->devid = devid;
    info->state = num(&gc, fe, "state");
    info->evtch = num(&gc, fe, "event-channel");
    info->rref = num(&gc, fe, "ring-ref");
out:
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API void libxl_diskinfo_dispose(struct libxl_diskinfo *info)
{
    if (!info)
        return;
    free(info->backend);
    free(info->frontend);
    memset(info, 0, sizeof(*info));
}
