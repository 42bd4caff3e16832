/*
 * libxl device model: the public calls that talk to a running device
 * model over QMP (libxl_dm.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dm_internal.h"

int libxl__dm_qmp_of(libxl__gc *gc, uint32_t domid, struct libxl__qmp **q)
{
    libxl_ctx *ctx = gc->ctx;
    struct xc_dominfo info;
    char *pid;
    int rc;

    *q = NULL;
    if (xc_domain_getinfo_single(ctx->xch, domid, &info))
        return libxl__seterr(ctx, -ESRCH, "domain %u: no such domain", domid);
    if ((rc = libxl__xs_check(ctx)))
        return rc;
    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__sprintf(gc, "/local/domain/%u/image/"
                                      "device-model-pid", domid), &pid))
        return libxl__seterr(ctx, -ENOENT, "domain %u has no device model",
                             domid);
    *q = libxl__qmp_open(gc, domid);
    return *q ? 0 : -EIO;
}

int libxl__dm_resume(libxl__gc *gc, uint32_t domid)
{
    char saved[sizeof(gc->ctx->errmsg)];
    int rc;

    memcpy(saved, gc->ctx->errmsg, sizeof(saved));
    rc = libxl__dm_cont(gc, domid);
    if (rc == -ENOENT) {
        memcpy(gc->ctx->errmsg, saved, sizeof(saved));
        return 0;
    }
    if (rc)
        return libxl__seterr(gc->ctx, rc, "domain %u: cannot resume its "
                             "device model: %s", domid,
                             libxl__strdup(gc, libxl_errmsg(gc->ctx)));
    return 0;
}

LIBXL_API int libxl_qemu_monitor_command(libxl_ctx *ctx, uint32_t domid,
                                         const char *command,
                                         char **output)
{
    struct libxl__qmp *q = NULL;
    libxl__gc gc;
    yajl_val ret;
    int rc;

    libxl__gc_init(&gc, ctx);
    if ((rc = libxl__dm_qmp_of(&gc, domid, &q)))
        goto out;
    rc = libxl__qmp_call(q, "human-monitor-command",
                         libxl__sprintf(&gc, "{\"command-line\":%s}",
                                        libxl__json_quote(&gc, command)),
                         &ret);
    if (rc)
        goto out;
    if (!YAJL_IS_STRING(ret)) {
        rc = libxl__seterr(ctx, -EPROTO, "human-monitor-command of domain "
                           "%u did not answer a string", domid);
        goto out;
    }
    *output = libxl__xstrdup(YAJL_GET_STRING(ret));
out:
    libxl__qmp_close(q);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_vnc_info(libxl_ctx *ctx, uint32_t domid, char **listen,
                             int *display, char **passwd)
{
    struct xc_dominfo info;
    char *dir, *port = NULL, *addr = NULL, *pass = NULL, *end;
    libxl__gc gc;
    long n;
    int rc;

    if (xc_domain_getinfo_single(ctx->xch, domid, &info))
        return libxl__seterr(ctx, -ESRCH, "domain %u: no such domain", domid);
    if ((rc = libxl__xs_check(ctx)))
        return rc;
    libxl__gc_init(&gc, ctx);
    dir = libxl__sprintf(&gc, "/local/domain/%u/console", domid);
    if (libxl__xs_read(&gc, LIBXL__XBT_NULL,
                       libxl__sprintf(&gc, "%s/vnc-port", dir), &port)) {
        rc = libxl__seterr(ctx, -ENOENT, "domain %u has no VNC server",
                           domid);
        goto out;
    }
    n = strtol(port, &end, 10);
    if (*end || n < 5900 || n > 65535) {
        rc = libxl__seterr(ctx, -EINVAL, "domain %u: VNC port '%s' is not "
                           "a display port", domid, port);
        goto out;
    }
    libxl__xs_read(&gc, LIBXL__XBT_NULL,
                   libxl__sprintf(&gc, "%s/vnc-listen", dir), &addr);
    libxl__xs_read(&gc, LIBXL__XBT_NULL,
                   libxl__sprintf(&gc, "%s/vnc-pass", dir), &pass);
    *listen = libxl__xstrdup(addr && *addr ? addr : "localhost");
    *display = (int)(n - 5900);
    *passwd = pass && *pass ? libxl__xstrdup(pass) : NULL;
    rc = 0;
out:
    libxl__gc_release(&gc);
    return rc;
}
