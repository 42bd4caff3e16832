/*
 * libxl (devices): channels and virtual keyboards (libxl_pvdev.h).  Both
 * are QEMU's in Xen 4.17, so this toolstack makes neither; the lists
 * read what xenstore holds in Xen 4.17's layout (the toolstack's copy
 * under /libxl/<domid>/device/{console,vkbd}, the frontend's state,
 * event channel and ring), and removal goes through the generic device
 * layer (device.c).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_pvdev.h"
#include "device_internal.h"

/* The backend domain of a backend path (/local/domain/<id>/backend/..),
 * -1 if it is not one. */
static int backend_domid(const char *be)
{
    unsigned id;
    int n = 0;

    if (!be || sscanf(be, "/local/domain/%u/backend/%n", &id, &n) != 1 ||
        !n)
        return -1;
    return (int)id;
}

/* Fill element m from devid of the kind; -ENOENT to skip the device. */
typedef int list_fill_fn(libxl__gc *gc, uint32_t domid, int devid, int m,
                         void *elem);

/* The devices of kind of domid (which must exist), each filled into an
 * element of size bytes: malloc'd array, NULL when none. */
static int list_of(libxl_ctx *ctx, uint32_t domid, const char *kind,
                   size_t size, list_fill_fn *fill, void **list, int *n)
{
    struct libxl_dominfo info;
    unsigned count = 0, i;
    char *l = NULL;
    libxl__gc gc;
    int rc, *ids, m = 0;

    rc = libxl_domain_info(ctx, domid, &info);
    if (rc)
        return rc;
    libxl_dominfo_dispose(&info);
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_list(&gc, domid, kind, &ids, &count);
    if (rc)
        goto out;
    l = libxl__malloc0(size * (count + 1));
    for (i = 0; i < count; i++)
        if (!fill(&gc, domid, ids[i], m, l + size * (size_t)m))
            m++;
    if (!m) {
        free(l);
        l = NULL;
    }
    *list = l;
    *n = m;
out:
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API void libxl_channelinfo_list_free(struct libxl_channelinfo *list,
                                           int n)
{
    for (int i = 0; list && i < n; i++) {
        free(list[i].name);
        free(list[i].path);
        free(list[i].backend);
        free(list[i].pty);
    }
    free(list);
}

/* Console devid as channel number m (from its /libxl copy); -ENOENT if
 * it has no name (not a channel). */
static int channel_fill(libxl__gc *gc, uint32_t domid, int devid, int m,
                        void *elem)
{
    struct libxl_channelinfo *c = elem;
    char *lp = libxl__sprintf(gc, "/libxl/%u/device/console/%d", domid,
                              devid);
    char *conn, *fe;

    c->name = libxl__device_read_str(gc, lp, "name");
    if (!c->name)
        return -ENOENT;              /* a console without a name */
    c->devid = m;
    conn = libxl__device_read_str(gc, lp, "connection");
    c->connection = !conn ? LIBXL_CHANNEL_CONNECTION_UNKNOWN
                    : !strcmp(conn, "pty") ? LIBXL_CHANNEL_CONNECTION_PTY
                    : !strcmp(conn, "socket") ? LIBXL_CHANNEL_CONNECTION_SOCKET
                    : LIBXL_CHANNEL_CONNECTION_UNKNOWN;
    free(conn);
    c->path = libxl__device_read_str(gc, lp, "path");
    c->backend = libxl__device_read_str(gc, lp, "backend");
    c->backend_id = backend_domid(c->backend);
    fe = libxl__gc_own(gc, libxl__device_read_str(gc, lp, "frontend"));
    c->state = libxl__device_read_int(gc, fe, "state");
    c->evtch = libxl__device_read_int(gc, fe, "port");
    c->rref = libxl__device_read_int(gc, fe, "ring-ref");
    if (c->connection == LIBXL_CHANNEL_CONNECTION_PTY) {
        /* Xen's libxl shows this when the tty node is missing. */
        c->pty = libxl__device_read_str(gc, fe, "tty");
        if (!c->pty)
            c->pty = libxl__xstrdup("/NO-SUCH-PATH");
    }
    return 0;
}

LIBXL_API int libxl_channel_list(libxl_ctx *ctx, uint32_t domid,
                                 struct libxl_channelinfo **list, int *n)
{
    return list_of(ctx, domid, "console", sizeof(**list), channel_fill,
                   (void **)list, n);
}

LIBXL_API void libxl_vkbinfo_list_free(struct libxl_vkbinfo *list, int n)
{
    for (int i = 0; list && i < n; i++) {
        free(list[i].backend);
        free(list[i].unique_id);
    }
    free(list);
}

static int vkb_fill(libxl__gc *gc, uint32_t domid, int devid, int m,
                    void *elem)
{
    struct libxl_vkbinfo *v = elem;
    char *lp = libxl__sprintf(gc, "/libxl/%u/device/vkbd/%d", domid, devid);
    char *fe;

    v->backend = libxl__device_read_str(gc, lp, "backend");
    if (!v->backend)
        return -ENOENT;
    (void)m;
    v->devid = devid;
    v->backend_id = backend_domid(v->backend);
    v->backend_type = strstr(v->backend, "/backend/vinput/")
                      ? LIBXL_VKB_BACKEND_LINUX : LIBXL_VKB_BACKEND_QEMU;
    v->unique_id = libxl__device_read_str(gc, v->backend, "unique-id");
    fe = libxl__gc_own(gc, libxl__device_read_str(gc, lp, "frontend"));
    v->state = libxl__device_read_int(gc, fe, "state");
    v->evtch = libxl__device_read_int(gc, fe, "event-channel");
    v->rref = libxl__device_read_int(gc, fe, "page-gref");
    return 0;
}

LIBXL_API int libxl_vkb_list(libxl_ctx *ctx, uint32_t domid,
                             struct libxl_vkbinfo **list, int *n)
{
    return list_of(ctx, domid, "vkbd", sizeof(**list), vkb_fill,
                   (void **)list, n);
}

LIBXL_API int libxl_device_vkb_add(libxl_ctx *ctx, uint32_t domid,
                                   const struct libxl_device_vkb *vkb)
{
    (void)domid;
    (void)vkb;
    return libxl__seterr(ctx, -EOPNOTSUPP, "vkb: not supported: a PV "
                         "keyboard/pointer is served by QEMU "
                         "(backend-type=qemu) or by a user-space backend "
                         "(backend-type=linux), and this toolstack starts "
                         "neither");
}

LIBXL_API int libxl_device_vkb_remove(libxl_ctx *ctx, uint32_t domid,
                                      int devid)
{
    struct libxl__device dev;
    libxl__gc gc;
    int rc;

    rc = libxl__xs_check(ctx);
    if (rc)
        return rc;
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_lookup(&gc, domid, "vkbd", devid,
                              libxl__sprintf(&gc, "vkb %d", devid), &dev);
    if (!rc)
        rc = libxl__device_remove(&gc, &dev, false);
    libxl__gc_release(&gc);
    return rc;
}
