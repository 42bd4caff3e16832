/*
 * libxl: finding a domain's consoles in xenstore (the pty the console
 * daemon publishes under /local/domain/<domid>), as xl console needs
 * before it hands the terminal to the console client.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

LIBXL_API const char *libxl_console_type_to_string(int type)
{
    switch (type) {
    case LIBXL_CONSOLE_TYPE_SERIAL: return "serial";
    case LIBXL_CONSOLE_TYPE_PV: return "pv";
    case LIBXL_CONSOLE_TYPE_VUART: return "vuart";
    default: return NULL;
    }
}

LIBXL_API int libxl_primary_console_type(libxl_ctx *ctx, uint32_t domid,
                                         int *type)
{
    libxl__gc gc;
    int rc;

    /* PVH domains are HVM containers with a PV console. */
    libxl__gc_init(&gc, ctx);
    rc = libxl__domain_is_hvm(&gc, domid);
    libxl__gc_release(&gc);
    if (rc < 0)
        return rc;
    *type = rc ? LIBXL_CONSOLE_TYPE_SERIAL : LIBXL_CONSOLE_TYPE_PV;
    return 0;
}

/* Directory of the console and the node holding its pty. */
static int console_paths(libxl__gc *gc, uint32_t domid, int num, int type,
                         char **dir)
{
    const char *d = libxl__sprintf(gc, "/local/domain/%u", domid);

    if (num < 0)
        return -EINVAL;
    switch (type) {
    case LIBXL_CONSOLE_TYPE_PV:
        *dir = num == 0 ? libxl__sprintf(gc, "%s/console", d)
                        : libxl__sprintf(gc, "%s/device/console/%d", d, num);
        return 0;
    case LIBXL_CONSOLE_TYPE_SERIAL:
        *dir = libxl__sprintf(gc, "%s/serial/%d", d, num);
        return 0;
    case LIBXL_CONSOLE_TYPE_VUART:
        *dir = libxl__sprintf(gc, "%s/vuart/%d", d, num);
        return 0;
    default:
        return -EINVAL;
    }
}

LIBXL_API int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid,
                                    int cons_num, int type, char **path)
{
    char *dir, *tty = NULL, **names;
    const char *what = libxl_console_type_to_string(type);
    unsigned n;
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = console_paths(&gc, domid, cons_num, type, &dir);
    if (rc) {
        libxl__seterr(ctx, rc, "invalid console type or number");
        goto out;
    }
    rc = libxl__xs_directory(&gc, LIBXL__XBT_NULL, dir, &names, &n);
    if (rc == -ENOENT) {
        libxl__seterr(ctx, rc, "domain %u has no %s console %d", domid,
                      what, cons_num);
        goto out;
    }
    if (rc) {
        libxl__seterr(ctx, rc, "cannot read '%s'", dir);
        goto out;
    }
    rc = libxl__xs_read(&gc, LIBXL__XBT_NULL,
                        libxl__sprintf(&gc, "%s/tty", dir), &tty);
    if ((rc == 0 && !*tty) || rc == -ENOENT) {
        rc = libxl__seterr(ctx, -EAGAIN, "domain %u: the pty of %s console "
                           "%d is not published yet ('%s/tty')", domid,
                           what, cons_num, dir);
        goto out;
    }
    if (rc) {
        libxl__seterr(ctx, rc, "cannot read '%s/tty'", dir);
        goto out;
    }
    *path = libxl__xstrdup(tty);
out:
    libxl__gc_release(&gc);
    return rc;
}
