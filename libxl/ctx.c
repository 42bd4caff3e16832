/*
 * libxl: the context (hypervisor interface + xenstore connection), error
 * messages, the temporary-allocation arena and the runtime directories
 * (relocated under $XENSIM_DIR when it is set).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "libxl_internal.h"

int libxl__xs_open(libxl_ctx *ctx);      /* xs_access.c */
void libxl__xs_close(libxl_ctx *ctx);

static void *xmalloc0(size_t size)
{
    void *p = calloc(1, size ? size : 1);

    if (!p)
        abort();
    return p;
}

void *libxl__malloc0(size_t size)
{
    return xmalloc0(size);
}

char *libxl__xstrdup(const char *s)
{
    char *p;

    if (!s)
        return NULL;
    p = strdup(s);
    if (!p)
        abort();
    return p;
}

void libxl__gc_init(libxl__gc *gc, libxl_ctx *ctx)
{
    gc->ctx = ctx;
    gc->ptrs = NULL;
    gc->n = gc->cap = 0;
}

void libxl__gc_release(libxl__gc *gc)
{
    for (size_t i = 0; i < gc->n; i++)
        free(gc->ptrs[i]);
    free(gc->ptrs);
    gc->ptrs = NULL;
    gc->n = gc->cap = 0;
}

void *libxl__gc_own(libxl__gc *gc, void *p)
{
    if (!p)
        return NULL;
    if (gc->n == gc->cap) {
        size_t cap = gc->cap ? gc->cap * 2 : 16;
        void **np = realloc(gc->ptrs, cap * sizeof(*np));

        if (!np)
            abort();
        gc->ptrs = np;
        gc->cap = cap;
    }
    gc->ptrs[gc->n++] = p;
    return p;
}

void *libxl__zalloc(libxl__gc *gc, size_t size)
{
    return libxl__gc_own(gc, xmalloc0(size));
}

char *libxl__strdup(libxl__gc *gc, const char *s)
{
    return s ? libxl__gc_own(gc, libxl__xstrdup(s)) : NULL;
}

char *libxl__sprintf(libxl__gc *gc, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int r;

    va_start(ap, fmt);
    r = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (r < 0)
        abort();
    return libxl__gc_own(gc, s);
}

int libxl__seterr(libxl_ctx *ctx, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
    va_end(ap);
    return rc;
}

int libxl__seterr_xc(libxl_ctx *ctx, int rc, const char *what)
{
    return libxl__seterr(ctx, rc, "%s: %s", what, xc_errmsg(ctx->xch));
}

LIBXL_API const char *libxl_errmsg(libxl_ctx *ctx)
{
    return ctx ? ctx->errmsg : "";
}

static char *relocate(const char *path)
{
    const char *sim = getenv("XENSIM_DIR");
    char *s;

    if (!sim || !*sim)
        return libxl__xstrdup(path);
    if (asprintf(&s, "%s%s", sim, path) < 0)
        abort();
    return s;
}

LIBXL_API int libxl_ctx_alloc(libxl_ctx **pctx, char *errbuf, size_t errlen)
{
    libxl_ctx *ctx = xmalloc0(sizeof(*ctx));
    char buf[256] = "";

    ctx->xch = xc_interface_open_err(0, buf, sizeof(buf));
    if (!ctx->xch) {
        int rc = errno ? -errno : -EIO;

        if (errbuf && errlen)
            snprintf(errbuf, errlen, "cannot open the hypervisor: %s", buf);
        free(ctx);
        return rc;
    }
    ctx->config_dir = relocate(XEN_CONFIG_DIR);
    ctx->lib_dir = relocate(XEN_LIB_DIR);
    ctx->run_dir = relocate(XEN_RUN_DIR);
    ctx->log_dir = relocate(XEN_LOG_DIR);
    /* A missing xenstore is reported by the calls that need it. */
    libxl__xs_open(ctx);
    *pctx = ctx;
    return 0;
}

static void version_free(struct libxl_version_info *v)
{
    if (!v)
        return;
    free(v->xen_version_extra);
    free(v->compiler);
    free(v->compile_by);
    free(v->compile_domain);
    free(v->compile_date);
    free(v->capabilities);
    free(v->changeset);
    free(v->commandline);
    free(v->build_id);
    free(v);
}

LIBXL_API void libxl_ctx_free(libxl_ctx *ctx)
{
    if (!ctx)
        return;
    libxl__xs_close(ctx);
    xc_interface_close(ctx->xch);
    version_free(ctx->version);
    free(ctx->config_dir);
    free(ctx->lib_dir);
    free(ctx->run_dir);
    free(ctx->log_dir);
    free(ctx);
}

LIBXL_API const char *libxl_config_dir(libxl_ctx *ctx)
{
    return ctx->config_dir;
}

LIBXL_API const char *libxl_lib_dir(libxl_ctx *ctx)
{
    return ctx->lib_dir;
}

LIBXL_API const char *libxl_run_dir(libxl_ctx *ctx)
{
    return ctx->run_dir;
}

LIBXL_API const char *libxl_log_dir(libxl_ctx *ctx)
{
    return ctx->log_dir;
}

void libxl__uuid_string(const uint8_t u[16], char out[37])
{
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
             u[10], u[11], u[12], u[13], u[14], u[15]);
}

int libxl__make_dirs(const char *path)
{
    char *p = libxl__xstrdup(path);
    int rc = 0;

    for (char *c = p + 1; *c && !rc; c++) {
        if (*c != '/')
            continue;
        *c = '\0';
        if (mkdir(p, 0755) && errno != EEXIST)
            rc = -errno;
        *c = '/';
    }
    if (!rc && mkdir(p, 0755) && errno != EEXIST)
        rc = -errno;
    free(p);
    return rc;
}

LIBXL_API int libxl_mkdir_p(const char *path)
{
    return libxl__make_dirs(path);
}
