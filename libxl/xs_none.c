/*
 * libxl: xenstore access while the libxenstore client is not built yet:
 * every call fails with -ENOTCONN and says so.  Replaced by xs_access.c
 * as soon as libxenstore/include/xenstore.h exists.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "libxl_internal.h"

int libxl__xs_open(libxl_ctx *ctx);
void libxl__xs_close(libxl_ctx *ctx);

int libxl__xs_open(libxl_ctx *ctx)
{
    ctx->xsh = NULL;
    snprintf(ctx->xs_err, sizeof(ctx->xs_err),
             "xenstore: client library not available in this build");
    return -ENOTCONN;
}

void libxl__xs_close(libxl_ctx *ctx)
{
    ctx->xsh = NULL;
}

int libxl__xs_check(libxl_ctx *ctx)
{
    return libxl__seterr(ctx, -ENOTCONN, "%s", ctx->xs_err);
}

int libxl__xs_read(libxl__gc *gc, uint32_t t, const char *path, char **val)
{
    (void)t; (void)path; (void)val;
    return libxl__xs_check(gc->ctx);
}

int libxl__xs_write(libxl__gc *gc, uint32_t t, const char *path,
                    const char *val)
{
    (void)t; (void)path; (void)val;
    return libxl__xs_check(gc->ctx);
}

int libxl__xs_rm(libxl__gc *gc, uint32_t t, const char *path)
{
    (void)t; (void)path;
    return libxl__xs_check(gc->ctx);
}

int libxl__xs_directory(libxl__gc *gc, uint32_t t, const char *path,
                        char ***names, unsigned *n)
{
    (void)t; (void)path; (void)names; (void)n;
    return libxl__xs_check(gc->ctx);
}

int libxl__xs_transaction_start(libxl__gc *gc, uint32_t *t)
{
    (void)t;
    return libxl__xs_check(gc->ctx);
}

int libxl__xs_transaction_end(libxl__gc *gc, uint32_t t, bool abort)
{
    (void)t; (void)abort;
    return libxl__xs_check(gc->ctx);
}
