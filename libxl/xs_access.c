/*
 * libxl: the only file talking to libxenstore.  Wraps the Xen-style
 * xs_* calls (NULL/false + errno) into the 0 / -errno convention and
 * arena-allocated results used by the rest of the library.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore.h"

#include "libxl_internal.h"

int libxl__xs_open(libxl_ctx *ctx);
void libxl__xs_close(libxl_ctx *ctx);

int libxl__xs_open(libxl_ctx *ctx)
{
    ctx->xsh = xs_open(0);
    if (!ctx->xsh) {
        int e = errno ? errno : EIO;

        snprintf(ctx->xs_err, sizeof(ctx->xs_err),
                 "cannot connect to xenstore: %s", strerror(e));
        return -e;
    }
    return 0;
}

void libxl__xs_close(libxl_ctx *ctx)
{
    if (ctx->xsh)
        xs_close(ctx->xsh);
    ctx->xsh = NULL;
}

int libxl__xs_check(libxl_ctx *ctx)
{
    if (ctx->xsh)
        return 0;
    return libxl__seterr(ctx, -ENOTCONN, "%s", ctx->xs_err);
}

static int err(void)
{
    return errno ? -errno : -EIO;
}

int libxl__xs_read(libxl__gc *gc, uint32_t t, const char *path, char **val)
{
    unsigned len;
    char *v;
    int rc;

    rc = libxl__xs_check(gc->ctx);
    if (rc)
        return rc;
    v = xs_read(gc->ctx->xsh, t, path, &len);
    if (!v)
        return err();
    *val = libxl__gc_own(gc, v);
    return 0;
}

int libxl__xs_read_many(libxl__gc *gc, uint32_t t, const char *const *paths,
                        unsigned n, char **vals)
{
    int *errs;
    unsigned i;
    int rc;

    rc = libxl__xs_check(gc->ctx);
    if (rc || !n)
        return rc;
    errs = libxl__zalloc(gc, n * sizeof(*errs));
    if (!xs_read_many(gc->ctx->xsh, t, paths, n, vals, NULL, errs))
        return err();
    for (i = 0; i < n; i++)
        if (vals[i])
            vals[i] = libxl__gc_own(gc, vals[i]);
    return 0;
}

int libxl__xs_write(libxl__gc *gc, uint32_t t, const char *path,
                    const char *val)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_write(gc->ctx->xsh, t, path, val, strlen(val)))
        return err();
    return 0;
}

int libxl__xs_rm(libxl__gc *gc, uint32_t t, const char *path)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_rm(gc->ctx->xsh, t, path))
        return err();
    return 0;
}

int libxl__xs_directory(libxl__gc *gc, uint32_t t, const char *path,
                        char ***names, unsigned *n)
{
    char **d;
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    d = xs_directory(gc->ctx->xsh, t, path, n);
    if (!d)
        return err();
    /* xs_directory returns one block holding the array and strings. */
    *names = libxl__gc_own(gc, d);
    return 0;
}

int libxl__xs_transaction_start(libxl__gc *gc, uint32_t *t)
{
    xs_transaction_t tx;
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    tx = xs_transaction_start(gc->ctx->xsh);
    if (tx == XBT_NULL)
        return err();
    *t = tx;
    return 0;
}

int libxl__xs_transaction_end(libxl__gc *gc, uint32_t t, bool abort)
{
    if (!xs_transaction_end(gc->ctx->xsh, t, abort))
        return err();
    return 0;
}

int libxl__xs_mknode(libxl__gc *gc, uint32_t t, const char *path,
                     const char *val, uint32_t owner, int reader)
{
    struct xs_permissions perms[2] = {
        { .id = owner, .perms = XS_PERM_NONE },
        { .id = reader < 0 ? 0 : (unsigned)reader, .perms = XS_PERM_READ },
    };
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (val ? !xs_write(gc->ctx->xsh, t, path, val, strlen(val))
            : !xs_mkdir(gc->ctx->xsh, t, path))
        return err();
    if (!xs_set_permissions(gc->ctx->xsh, t, path, perms, reader < 0 ? 1 : 2))
        return err();
    return 0;
}

int libxl__xs_introduce(libxl__gc *gc, uint32_t domid, uint64_t gfn,
                        uint32_t port)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_introduce_domain(gc->ctx->xsh, domid, gfn, port))
        return err();
    return 0;
}

int libxl__xs_resume(libxl__gc *gc, uint32_t domid)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_resume_domain(gc->ctx->xsh, domid))
        return err();
    return 0;
}

int libxl__xs_release(libxl__gc *gc, uint32_t domid)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_release_domain(gc->ctx->xsh, domid))
        return err();
    return 0;
}

int libxl__xs_watch(libxl__gc *gc, const char *path, const char *token)
{
    int rc = libxl__xs_check(gc->ctx);

    if (rc)
        return rc;
    if (!xs_watch(gc->ctx->xsh, path, token))
        return err();
    return 0;
}

int libxl__xs_unwatch(libxl__gc *gc, const char *path, const char *token)
{
    if (!gc->ctx->xsh)
        return -ENOTCONN;
    if (!xs_unwatch(gc->ctx->xsh, path, token))
        return err();
    return 0;
}

int libxl__xs_wait_event(libxl__gc *gc, int timeout_ms)
{
    struct pollfd p;
    char **ev;
    int r;

    p.fd = xs_fileno(gc->ctx->xsh);
    p.events = POLLIN;
    if (p.fd < 0)
        return err();
    do {
        r = poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    if (r < 0)
        return -errno;
    if (r == 0)
        return -ETIMEDOUT;
    /* Drain what is queued: the caller re-reads the state anyway. */
    errno = 0;
    while ((ev = xs_check_watch(gc->ctx->xsh)))
        free(ev);
    if (errno && errno != EAGAIN)
        return err();
    return 0;
}
