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

/* A number node, -1 when missing or not a number. */
static int read_int(libxl__gc *gc, const char *dir, const char *key)
{
    char *v, *end;
    long n;

    if (!dir || libxl__xs_read(gc, LIBXL__XBT_NULL,
                               libxl__sprintf(gc, "%s/%s", dir, key), &v))
        return -1;
    n = strtol(v, &end, 10);
    return end == v || *end || n < 0 || n > 0x7fffffff ? -1 : (int)n;
}

/* A string node, malloc'd, NULL when missing. */
static char *read_str(libxl__gc *gc, const char *dir, const char *key)
{
    char *v;

    if (!dir || libxl__xs_read(gc, LIBXL__XBT_NULL,
                               libxl__sprintf(gc, "%s/%s", dir, key), &v))
        return NULL;
    return libxl__xstrdup(v);
}

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

/* Start a list: the domain must exist; devids of kind (arena). */
static int list_start(libxl__gc *gc, uint32_t domid, const char *kind,
                      int **ids, unsigned *n)
{
    struct libxl_dominfo info;
    int rc;

    rc = libxl_domain_info(gc->ctx, domid, &info);
    if (rc)
        return rc;
    libxl_dominfo_dispose(&info);
    return libxl__device_list(gc, domid, kind, ids, n);
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

/* Channel number *m from console devid's /libxl copy; 0 if it is one. */
static int channel_fill(libxl__gc *gc, uint32_t domid, int devid, int m,
                        struct libxl_channelinfo *c)
{
    char *lp = libxl__sprintf(gc, "/libxl/%u/device/console/%d", domid,
                              devid);
    char *conn, *fe;

    c->name = read_str(gc, lp, "name");
    if (!c->name)
        return -ENOENT;              /* a console without a name */
    c->devid = m;
    conn = read_str(gc, lp, "connection");
    c->connection = !conn ? LIBXL_CHANNEL_CONNECTION_UNKNOWN
                    : !strcmp(conn, "pty") ? LIBXL_CHANNEL_CONNECTION_PTY
                    : !strcmp(conn, "socket") ? LIBXL_CHANNEL_CONNECTION_SOCKET
                    : LIBXL_CHANNEL_CONNECTION_UNKNOWN;
    free(conn);
    c->path = read_str(gc, lp, "path");
    c->backend = read_str(gc, lp, "backend");
    c->backend_id = backend_domid(c->backend);
    fe = libxl__gc_own(gc, read_str(gc, lp, "frontend"));
    c->state = read_int(gc, fe, "state");
    c->evtch = read_int(gc, fe, "port");
    c->rref = read_int(gc, fe, "ring-ref");
    if (c->connection == LIBXL_CHANNEL_CONNECTION_PTY) {
        /* Xen's libxl shows this when the tty node is missing. */
        c->pty = read_str(gc, fe, "tty");
        if (!c->pty)
            c->pty = libxl__xstrdup("/NO-SUCH-PATH");
    }
    return 0;
}

LIBXL_API int libxl_channel_list(libxl_ctx *ctx, uint32_t domid,
                                 struct libxl_channelinfo **list, int *n)
{
    struct libxl_channelinfo *l = NULL;
    unsigned count = 0, i;
    libxl__gc gc;
    int rc, *ids, m = 0;

    libxl__gc_init(&gc, ctx);
    rc = list_start(&gc, domid, "console", &ids, &count);
    if (rc)
        goto out;
    l = libxl__malloc0(sizeof(*l) * (count + 1));
    for (i = 0; i < count; i++)
        if (!channel_fill(&gc, domid, ids[i], m, &l[m]))
            m++;
    *list = m ? l : NULL;
    *n = m;
    if (m)
        l = NULL;
out:
    libxl_channelinfo_list_free(l, 0);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API void libxl_vkbinfo_list_free(struct libxl_vkbinfo *list, int n)
{
    for (int i = 0; list && i < n; i++) {
        free(list[i].backend);
        free(list[i].unique_id);
    }
    free(list);
}

static int vkb_fill(libxl__gc *gc, uint32_t domid, int devid,
                    struct libxl_vkbinfo *v)
{
    char *lp = libxl__sprintf(gc, "/libxl/%u/device/vkbd/%d", domid, devid);
    char *fe;

    v->backend = read_str(gc, lp, "backend");
    if (!v->backend)
        return -ENOENT;
    v->devid = devid;
    v->backend_id = backend_domid(v->backend);
    v->backend_type = strstr(v->backend, "/backend/vinput/")
                      ? LIBXL_VKB_BACKEND_LINUX : LIBXL_VKB_BACKEND_QEMU;
    v->unique_id = read_str(gc, v->backend, "unique-id");
    fe = libxl__gc_own(gc, read_str(gc, lp, "frontend"));
    v->state = read_int(gc, fe, "state");
    v->evtch = read_int(gc, fe, "event-channel");
    v->rref = read_int(gc, fe, "page-gref");
    return 0;
}

LIBXL_API int libxl_vkb_list(libxl_ctx *ctx, uint32_t domid,
                             struct libxl_vkbinfo **list, int *n)
{
    struct libxl_vkbinfo *l = NULL;
    unsigned count = 0, i;
    libxl__gc gc;
    int rc, *ids, m = 0;

    libxl__gc_init(&gc, ctx);
    rc = list_start(&gc, domid, "vkbd", &ids, &count);
    if (rc)
        goto out;
    l = libxl__malloc0(sizeof(*l) * (count + 1));
    for (i = 0; i < count; i++)
        if (!vkb_fill(&gc, domid, ids[i], &l[m]))
            m++;
    *list = m ? l : NULL;
    *n = m;
    if (m)
        l = NULL;
out:
    libxl_vkbinfo_list_free(l, 0);
    libxl__gc_release(&gc);
    return rc;
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
