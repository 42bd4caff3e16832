/*
 * libxl: disks (vbd) on the generic device layer: the checks of a disk
 * spec against what we serve (raw on blkback), the target (block device,
 * or a loop device for a file, or a script=), the backend and frontend
 * nodes blkback and blkfront read, attach / detach / list / getinfo.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "create_internal.h"
#include "libxl_disk.h"
#include "vbd_internal.h"

static bool on_sim(libxl_ctx *ctx)
{
    return !strcmp(xc_backend_name(ctx->xch), "sim");
}

static const char *format_name(int f)
{
    switch (f) {
    case LIBXL_DISK_FORMAT_QCOW: return "qcow";
    case LIBXL_DISK_FORMAT_QCOW2: return "qcow2";
    case LIBXL_DISK_FORMAT_VHD: return "vhd";
    case LIBXL_DISK_FORMAT_RAW: return "raw";
    case LIBXL_DISK_FORMAT_EMPTY: return "empty";
    case LIBXL_DISK_FORMAT_QED: return "qed";
    default: return "unknown";
    }
}

static void vbd_device(libxl__gc *gc, uint32_t domid,
                       const struct libxl_device_disk *disk,
                       struct libxl__device *dev)
{
    memset(dev, 0, sizeof(*dev));
    dev->kind = "vbd";
    dev->backend_kind = "vbd";
    dev->domid = domid;
    dev->devid = disk->devid;
    dev->what = libxl__sprintf(gc, "disk '%s'", disk->vdev ? disk->vdev
                               : libxl__sprintf(gc, "%d", disk->devid));
}

/* What we cannot serve is refused here, before anything is made. */
static int check(libxl__gc *gc, struct libxl_device_disk *disk,
                 const char *what)
{
    libxl_ctx *ctx = gc->ctx;

    if (!disk->vdev || (disk->devid = libxl_vdev_to_devid(disk->vdev)) < 0)
        return libxl__seterr(ctx, -EINVAL, "%s: invalid vdev (expected "
                             "xvdX, hdX or sdX)", what);
    if (disk->format != LIBXL_DISK_FORMAT_RAW &&
        disk->format != LIBXL_DISK_FORMAT_UNKNOWN)
        return libxl__seterr(ctx, -EOPNOTSUPP, "%s: format %s is not "
                             "supported (only raw: it needs QEMU's qdisk "
                             "backend)", what, format_name(disk->format));
    if (disk->backend == LIBXL_DISK_BACKEND_QDISK ||
        disk->backend == LIBXL_DISK_BACKEND_TAP ||
        disk->backend == LIBXL_DISK_BACKEND_STANDALONE)
        return libxl__seterr(ctx, -EOPNOTSUPP, "%s: backendtype=%s is not "
                             "supported (only phy)", what,
                             disk->backend == LIBXL_DISK_BACKEND_QDISK
                             ? "qdisk" : disk->backend ==
                             LIBXL_DISK_BACKEND_TAP ? "tap" : "standalone");
    if (disk->specification_virtio)
        return libxl__seterr(ctx, -EOPNOTSUPP, "%s: specification=virtio "
                             "is not supported", what);
    if (!disk->pdev_path || !*disk->pdev_path)
        return libxl__seterr(ctx, -EOPNOTSUPP, "%s: an empty cdrom needs a "
                             "device model (HVM), not supported", what);
    if (disk->backend_domname && strcmp(disk->backend_domname, "0") &&
        strcmp(disk->backend_domname, "Domain-0"))
        return libxl__seterr(ctx, -EOPNOTSUPP, "%s: backend='%s': disks "
                             "served by a driver domain are not supported",
                             what, disk->backend_domname);
    return 0;
}

struct target {
    char *physdev;               /* "ca:1" (hex major:minor), or NULL */
    char *physpath;
    struct libxl__loop lo;
    bool loop;
};

/* Block device as it is, a regular file through a loop device. */
static int resolve(libxl__gc *gc, const struct libxl_device_disk *disk,
                   const char *what, struct target *t)
{
    const char *p = disk->pdev_path;
    struct stat st;
    int rc;

    memset(t, 0, sizeof(*t));
    if (disk->script)
        return 0;                        /* the script finds it */
    if (stat(p, &st) < 0)
        return libxl__seterr(gc->ctx, -errno, "%s: cannot use '%s': %s",
                             what, p, strerror(errno));
    if (S_ISBLK(st.st_mode)) {
        t->physdev = libxl__sprintf(gc, "%x:%x", major(st.st_rdev),
                                    minor(st.st_rdev));
        t->physpath = libxl__strdup(gc, p);
        return 0;
    }
    if (!S_ISREG(st.st_mode))
        return libxl__seterr(gc->ctx, -EINVAL, "%s: '%s' is neither a block "
                             "device nor a regular file", what, p);
    rc = on_sim(gc->ctx)
             ? libxl__loop_sim_attach(gc, p, !disk->readwrite, &t->lo)
             : libxl__loop_attach(gc, p, !disk->readwrite, &t->lo);
    if (rc) {
        char msg[sizeof(gc->ctx->errmsg)];

        snprintf(msg, sizeof(msg), "%s", gc->ctx->errmsg);
        return libxl__seterr(gc->ctx, rc, "%s: %s", what, msg);
    }
    t->loop = true;
    t->physdev = libxl__sprintf(gc, "%x:%x", t->lo.major, t->lo.minor);
    t->physpath = t->lo.node;
    return 0;
}

static int loop_detach(libxl__gc *gc, const char *node)
{
    return on_sim(gc->ctx) ? libxl__loop_sim_detach(gc, node)
                           : libxl__loop_detach(gc, node);
}

static int write_nodes(libxl__gc *gc, const struct libxl__device *dev,
                       const struct libxl_device_disk *disk,
                       const struct target *t)
{
    const char *devtype = disk->is_cdrom ? "cdrom" : "disk";
    int discard = disk->discard_enable.val == LIBXL_DEFBOOL_DEFAULT
                      ? disk->readwrite
                      : disk->discard_enable.val == LIBXL_DEFBOOL_TRUE;
    const char *back[40], *front[12];
    int nb = 0, nf = 0;

#define B(k, v) (back[nb++] = (k), back[nb++] = (v))
#define F(k, v) (front[nf++] = (k), front[nf++] = (v))
    B("params", disk->pdev_path);
    if (disk->script)
        B("script", libxl__device_script_path(gc, disk->script));
    if (t->physdev) {
        B("physical-device", t->physdev);
        B("physical-device-path", t->physpath);
        B("hotplug-status", "connected");
    }
    if (t->loop)
        B("node", t->lo.node);
    B("removable", disk->removable ? "1" : "0");
    B("bootable", "1");
    B("dev", disk->vdev);
    B("type", "phy");
    B("mode", disk->readwrite ? "w" : "r");
    B("device-type", devtype);
    B("discard-enable", discard ? "1" : "0");
    if (disk->direct_io_safe.val == LIBXL_DEFBOOL_TRUE)
        B("direct-io-safe", "1");
    back[nb] = NULL;
    F("virtual-device", libxl__sprintf(gc, "%d", disk->devid));
    F("device-type", devtype);
    F("trusted", disk->trusted.val == LIBXL_DEFBOOL_FALSE ? "0" : "1");
    front[nf] = NULL;
#undef B
#undef F
    return libxl__device_add_xs(gc, dev, back, front);
}

/* Add one disk; on failure nothing of it is left. */
static int vbd_add(libxl__gc *gc, uint32_t domid,
                   struct libxl_device_disk *disk)
{
    struct libxl__device dev;
    struct target t;
    int rc;

    vbd_device(gc, domid, disk, &dev);
    rc = check(gc, disk, dev.what);
    if (rc)
        return rc;
    dev.devid = disk->devid;
    rc = resolve(gc, disk, dev.what, &t);
    if (rc)
        return rc;
    rc = write_nodes(gc, &dev, disk, &t);
    if (rc) {
        if (t.loop)
            loop_detach(gc, t.lo.node);
        return rc;
    }
    rc = libxl__device_wait_backend(gc, &dev, LIBXL__XENBUS_INITWAIT,
                                    LIBXL__DEVICE_INIT_TIMEOUT_MS);
    if (!rc && disk->script)
        rc = libxl__device_hotplug(gc, &dev, disk->script, "add", NULL, NULL,
                                   LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
    if (rc) {
        char msg[sizeof(gc->ctx->errmsg)];

        snprintf(msg, sizeof(msg), "%s", gc->ctx->errmsg);
        libxl__device_remove(gc, &dev, true);
        libxl__seterr(gc->ctx, rc, "%s", msg);
    }
    return rc;
}

/* Release hook: the loop device and the script's "remove". */
static int vbd_release(libxl__gc *gc, const struct libxl__device *dev)
{
    char *lp = libxl__device_libxl_path(gc, dev), *node, *script;
    int rc = 0, r;

    if (!libxl__xs_read(gc, LIBXL__XBT_NULL,
                        libxl__sprintf(gc, "%s/script", lp), &script) &&
        *script)
        rc = libxl__device_hotplug(gc, dev, script, "remove", NULL, NULL,
                                   LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
    if (!libxl__xs_read(gc, LIBXL__XBT_NULL,
                        libxl__sprintf(gc, "%s/node", lp), &node) && *node) {
        r = loop_detach(gc, node);
        if (r && !rc)
            rc = r;
    }
    return rc;
}

const struct libxl__device_ops libxl__vbd_ops = {
    .kind = "vbd",
    .release = vbd_release,
};

static char *dup0(const char *s)
{
    return s ? libxl__xstrdup(s) : NULL;
}

/* Keep the stored config (xl list -l, restarts) in step with attach
 * (add) and detach (remove_vdev), as Xen's libxl does.  A domain without
 * a stored config is left alone. */
static int update_stored(libxl__gc *gc, uint32_t domid,
                         const struct libxl_device_disk *add,
                         int remove_devid)
{
    libxl_ctx *ctx = gc->ctx;
    struct libxl_domain_config dc;
    struct libxl_dominfo info;
    struct libxl_device_disk *d;
    char uuid[37];
    int i, rc;

    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc)) {
        rc = 0;                          /* nothing stored: nothing to do */
        goto out;
    }
    if (add) {
        d = realloc(dc.disks, sizeof(*d) * (size_t)(dc.num_disks + 1));
        if (!d)
            abort();
        dc.disks = d;
        d = &dc.disks[dc.num_disks++];
        *d = *add;
        d->backend_domname = dup0(add->backend_domname);
        d->pdev_path = dup0(add->pdev_path);
        d->vdev = dup0(add->vdev);
        d->script = dup0(add->script);
    }
    for (i = 0; !add && i < dc.num_disks; i++) {
        if (!dc.disks[i].vdev ||
            libxl_vdev_to_devid(dc.disks[i].vdev) != remove_devid)
            continue;
        libxl_device_disk_dispose(&dc.disks[i]);
        memmove(&dc.disks[i], &dc.disks[i + 1],
                sizeof(dc.disks[0]) * (size_t)(dc.num_disks - i - 1));
        dc.num_disks--;
        break;
    }
    rc = libxl_domain_info(ctx, domid, &info);
    if (!rc) {
        libxl__uuid_string(info.uuid, uuid);
        libxl_dominfo_dispose(&info);
        rc = libxl__userdata_store(gc, domid, uuid, &dc, NULL);
    }
    if (rc) {
        char msg[sizeof(ctx->errmsg)];

        snprintf(msg, sizeof(msg), "%s", ctx->errmsg);
        libxl__seterr(ctx, rc, "disk '%s' %s, but the stored config of "
                      "domain %u was not updated: %s", add ? add->vdev :
                      libxl__sprintf(gc, "%d", remove_devid),
                      add ? "attached" : "detached", domid, msg);
    }
out:
    libxl_domain_config_dispose(&dc);
    return rc;
}

/* Creation step: every disk= entry, in order. */
int libxl__create_disks(struct libxl__create *cs)
{
    int i, rc;

    for (i = 0; i < cs->dc->num_disks; i++) {
        /* An HVM guest's CD-ROMs are the device model's alone. */
        if (cs->dc->disks[i].is_cdrom &&
            cs->dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM)
            continue;
        rc = vbd_add(cs->gc, cs->domid, &cs->dc->disks[i]);
        if (rc)
            return rc;
    }
    return 0;
}

LIBXL_API int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                                    struct libxl_device_disk *disk)
{
    struct xc_dominfo xi;
    libxl__gc gc;
    int rc;

    if (xc_domain_getinfo_single(ctx->xch, domid, &xi) < 0)
        return libxl__seterr(ctx, -ESRCH, "domain %u: no such domain",
                             domid);
    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    libxl__gc_init(&gc, ctx);
    rc = vbd_add(&gc, domid, disk);
    if (!rc)
        rc = update_stored(&gc, domid, disk, -1);
    libxl__gc_release(&gc);
    return rc;
}

enum { REMOVE_SAFE, REMOVE_AUTO, REMOVE_FORCE };

static int disk_remove(libxl_ctx *ctx, uint32_t domid,
                       const struct libxl_device_disk *disk, int mode)
{
    struct libxl__device dev;
    libxl__gc gc;
    int rc, devid = disk->devid;

    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    if (disk->vdev && (devid = libxl_vdev_to_devid(disk->vdev)) < 0)
        return libxl__seterr(ctx, -EINVAL, "disk '%s': invalid vdev",
                             disk->vdev);
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_lookup(&gc, domid, "vbd", devid,
                              libxl__sprintf(&gc, "disk '%s'", disk->vdev
                                  ? disk->vdev
                                  : libxl__sprintf(&gc, "%d", devid)),
                              &dev);
    if (!rc)
        rc = mode == REMOVE_SAFE
                 ? libxl__device_safe_remove(&gc, &dev)
                 : libxl__device_remove(&gc, &dev, mode == REMOVE_FORCE);
    if (!rc)
        rc = update_stored(&gc, domid, NULL, devid);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                                       const struct libxl_device_disk *disk)
{
    return disk_remove(ctx, domid, disk, REMOVE_AUTO);
}

LIBXL_API int libxl_device_disk_safe_remove(
    libxl_ctx *ctx, uint32_t domid, const struct libxl_device_disk *disk)
{
    return disk_remove(ctx, domid, disk, REMOVE_SAFE);
}

LIBXL_API int libxl_device_disk_destroy(libxl_ctx *ctx, uint32_t domid,
                                        const struct libxl_device_disk *disk)
{
    return disk_remove(ctx, domid, disk, REMOVE_FORCE);
}
