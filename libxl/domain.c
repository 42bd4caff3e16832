/*
 * libxl: runtime domain information and simple domain operations (list,
 * name <-> domid, pause, unpause, destroy, rename, start time, max mem).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "create_internal.h"
#include "device_internal.h"
#include "dm_internal.h"

#define LIST_CHUNK 256

static void dominfo_from_xc(struct libxl_dominfo *d,
                            const struct xc_dominfo *x)
{
    memset(d, 0, sizeof(*d));
    d->domid = x->domid;
    memcpy(d->uuid, x->handle, 16);
    d->ssidref = x->ssidref;
    d->running = x->running;
    d->blocked = x->blocked;
    d->paused = x->paused;
    d->shutdown = x->shutdown;
    d->dying = x->dying;
    d->shutdown_reason = x->shutdown ? (int)x->shutdown_reason
                                     : LIBXL_SHUTDOWN_REASON_UNKNOWN;
    d->current_memkb = x->nr_pages * (XC_PAGE_SIZE / 1024);
    d->outstanding_memkb = x->nr_outstanding_pages * (XC_PAGE_SIZE / 1024);
    d->shared_memkb = x->nr_shared_pages * (XC_PAGE_SIZE / 1024);
    d->max_memkb = x->max_memkb;
    d->cpu_time = x->cpu_time;
    d->vcpu_max_id = x->max_vcpu_id;
    d->vcpu_online = x->nr_online_vcpus;
    d->cpupool = x->cpupool;
    d->hvm = x->hvm;
}

/* Name from xenstore; NULL when there is none (or no xenstore). */
static char *read_name(libxl__gc *gc, uint32_t domid)
{
    char *val;

    if (!gc->ctx->xsh)
        return NULL;
    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__sprintf(gc, "/local/domain/%u/name", domid),
                       &val))
        return NULL;
    return libxl__xstrdup(val);
}

/* Names of n domains, read in one batch (one request each would cost a
 * round trip per domain); left NULL where there is none. */
static void read_names(libxl__gc *gc, struct libxl_dominfo *d, unsigned n)
{
    const char **paths;
    char **vals;

    if (!gc->ctx->xsh || !n)
        return;
    paths = libxl__zalloc(gc, n * sizeof(*paths));
    vals = libxl__zalloc(gc, n * sizeof(*vals));
    for (unsigned i = 0; i < n; i++)
        paths[i] = libxl__sprintf(gc, "/local/domain/%u/name", d[i].domid);
    if (libxl__xs_read_many(gc, LIBXL__XBT_NULL, paths, n, vals))
        return;
    for (unsigned i = 0; i < n; i++)
        if (vals[i])
            d[i].name = libxl__xstrdup(vals[i]);
}

LIBXL_API int libxl_list_domain(libxl_ctx *ctx, struct libxl_dominfo **list,
                                int *n)
{
    libxl__gc gc;
    struct xc_dominfo *xi = NULL;
    struct libxl_dominfo *out = NULL;
    unsigned cap = LIST_CHUNK, got = 0;
    int rc, r;

    libxl__gc_init(&gc, ctx);
    for (;;) {
        xi = realloc(xi, cap * sizeof(*xi));
        if (!xi)
            abort();
        r = xc_domain_getinfolist(ctx->xch, 0, cap, xi);
        if (r < 0) {
            rc = libxl__seterr_xc(ctx, r, "cannot list domains");
            goto out;
        }
        got = (unsigned)r;
        if (got < cap)
            break;
        cap *= 2;
    }
    out = libxl__malloc0((got ? got : 1) * sizeof(*out));
    for (unsigned i = 0; i < got; i++)
        dominfo_from_xc(&out[i], &xi[i]);
    read_names(&gc, out, got);
    *list = out;
    *n = (int)got;
    rc = 0;
out:
    free(xi);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_info(libxl_ctx *ctx, uint32_t domid,
                                struct libxl_dominfo *info)
{
    libxl__gc gc;
    struct xc_dominfo xi;
    int r;

    r = xc_domain_getinfo_single(ctx->xch, domid, &xi);
    if (r == -ESRCH)
        return libxl__seterr(ctx, r, "domain %u: no such domain", domid);
    if (r < 0)
        return libxl__seterr_xc(ctx, r, "cannot get domain info");
    libxl__gc_init(&gc, ctx);
    dominfo_from_xc(info, &xi);
    info->name = read_name(&gc, domid);
    libxl__gc_release(&gc);
    return 0;
}

int libxl__domain_is_hvm(libxl__gc *gc, uint32_t domid)
{
    struct libxl_dominfo info;
    char *type = NULL;
    int rc = libxl_domain_info(gc->ctx, domid, &info);

    if (rc)
        return rc;
    libxl_dominfo_dispose(&info);
    if (!info.hvm)
        return 0;
    libxl__xs_read(gc, LIBXL__XBT_NULL,
                   libxl__sprintf(gc, "/libxl/%u/type", domid), &type);
    return !type || strcmp(type, "pvh");
}

LIBXL_API void libxl_dominfo_dispose(struct libxl_dominfo *info)
{
    if (!info)
        return;
    free(info->name);
    info->name = NULL;
}

LIBXL_API void libxl_dominfo_list_free(struct libxl_dominfo *list, int n)
{
    if (!list)
        return;
    for (int i = 0; i < n; i++)
        libxl_dominfo_dispose(&list[i]);
    free(list);
}

LIBXL_API char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid)
{
    libxl__gc gc;
    char *name;

    libxl__gc_init(&gc, ctx);
    name = read_name(&gc, domid);
    libxl__gc_release(&gc);
    return name;
}

/* The name index only: 0, -ESRCH (no such name), or -ENOTSUP and other
 * errors when there is no index to read. */
int libxl__name_to_domid_indexed(libxl_ctx *ctx, const char *name,
                                 uint32_t *domid)
{
    libxl__gc gc;
    int rc = -ENOTSUP;

    if (ctx->xsh) {
        libxl__gc_init(&gc, ctx);
        rc = libxl__name_index_lookup(&gc, name, domid);
        libxl__gc_release(&gc);
    }
    if (rc == -ESRCH)
        return libxl__seterr(ctx, -ESRCH, "'%s' is an invalid domain "
                             "identifier", name);
    return rc;
}

LIBXL_API int libxl_name_to_domid(libxl_ctx *ctx, const char *name,
                                  uint32_t *domid)
{
    struct libxl_dominfo *l;
    int n, rc;

    rc = libxl__name_to_domid_indexed(ctx, name, domid);
    if (!rc)
        return 0;
    /* Not in the index, or no index: every name.  A domain another
     * toolstack made (Xen's own xl beside ours) is in no index. */
    rc = libxl_list_domain(ctx, &l, &n);
    if (rc)
        return rc;
    rc = libxl__seterr(ctx, -ESRCH, "'%s' is an invalid domain identifier",
                       name);
    for (int i = 0; i < n; i++) {
        if (l[i].name && !strcmp(l[i].name, name)) {
            *domid = l[i].domid;
            rc = 0;
            break;
        }
    }
    libxl_dominfo_list_free(l, n);
    return rc;
}

LIBXL_API int libxl_domain_qualifier_to_domid(libxl_ctx *ctx, const char *q,
                                              uint32_t *domid)
{
    struct xc_dominfo xi;
    char *end;
    unsigned long v;
    int r;

    if (!*q || strspn(q, "0123456789") != strlen(q))
        return libxl_name_to_domid(ctx, q, domid);
    errno = 0;
    v = strtoul(q, &end, 10);
    if (errno || v > XC_DOMID_MAX)
        return libxl__seterr(ctx, -ESRCH,
                             "'%s' is an invalid domain identifier", q);
    r = xc_domain_getinfo_single(ctx->xch, (uint32_t)v, &xi);
    if (r < 0)
        return libxl__seterr(ctx, -ESRCH,
                             "'%s' is an invalid domain identifier", q);
    *domid = (uint32_t)v;
    return 0;
}

static int xc_result(libxl_ctx *ctx, int r, uint32_t domid, const char *op)
{
    if (r == -ESRCH)
        return libxl__seterr(ctx, r, "domain %u: no such domain", domid);
    if (r < 0)
        return libxl__seterr(ctx, r, "domain %u: cannot %s: %s", domid, op,
                             xc_errmsg(ctx->xch));
    return 0;
}

LIBXL_API int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid)
{
    return xc_result(ctx, xc_domain_pause(ctx->xch, domid), domid, "pause");
}

LIBXL_API int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid)
{
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = ctx->xsh ? libxl__dm_resume(&gc, domid) : 0;
    libxl__gc_release(&gc);
    if (rc)
        return rc;
    return xc_result(ctx, xc_domain_unpause(ctx->xch, domid), domid,
                     "unpause");
}

LIBXL_API int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid)
{
    libxl__gc gc;
    struct xc_dominfo xi;
    char uuid[37], dev_msg[sizeof(ctx->errmsg)], *name;
    int rc, r, dev_rc = 0;

    libxl__gc_init(&gc, ctx);
    r = xc_domain_getinfo_single(ctx->xch, domid, &xi);
    rc = xc_result(ctx, r, domid, "get info of");
    if (rc)
        goto out;
    libxl__uuid_string(xi.handle, uuid);
    /* Its name, for the index, before xenstored releases its nodes. */
    if (!ctx->xsh || libxl__xs_read(&gc, LIBXL__XBT_NULL,
                                    libxl__sprintf(&gc, "/local/domain/%u/"
                                                   "name", domid), &name))
        name = NULL;
    /* As Xen: the guest stops, its devices go, then the domain. */
    xc_domain_pause(ctx->xch, domid);
    /* The device model first: it maps the guest's memory. */
    libxl__dm_kill(&gc, domid);
    if (ctx->xsh)
        dev_rc = libxl__devices_destroy(&gc, domid);
    snprintf(dev_msg, sizeof(dev_msg), "%s", ctx->errmsg);
    rc = xc_result(ctx, xc_domain_destroy(ctx->xch, domid), domid,
                   "destroy");
    if (rc)
        goto out;
    if (ctx->xsh) {
        /* Nodes may already be gone: only real failures count. */
        const char *paths[] = {
            libxl__sprintf(&gc, "/local/domain/%u", domid),
            libxl__sprintf(&gc, "/vm/%s", uuid),
            libxl__sprintf(&gc, "/libxl/%u", domid),
        };
        for (size_t i = 0; i < 3; i++) {
            r = libxl__xs_rm(&gc, LIBXL__XBT_NULL, paths[i]);
            if (r && r != -ENOENT && !rc)
                rc = r;
        }
        if (name)
            libxl__name_index_del(&gc, LIBXL__XBT_NULL, name, domid);
    }
    libxl__userdata_remove(&gc, domid);
    if (!rc && dev_rc) {
        /* Everything else went: report the device that failed. */
        rc = dev_rc;
        libxl__seterr(ctx, rc, "domain %u: destroyed, but %s", domid,
                      dev_msg);
    }
out:
    libxl__gc_release(&gc);
    return rc;
}

static int name_taken(libxl_ctx *ctx, uint32_t domid, const char *name)
{
    uint32_t other;

    if (libxl_name_to_domid(ctx, name, &other))
        return 0;
    return other != domid;
}

static int rename_once(libxl__gc *gc, uint32_t domid, const char *uuid,
                       const char *new_name)
{
    char *vm, *old_name, *path;
    uint32_t t;
    int rc;

    rc = libxl__xs_transaction_start(gc, &t);
    if (rc)
        return rc;
    path = libxl__sprintf(gc, "/local/domain/%u/name", domid);
    if (!libxl__xs_read(gc, t, path, &old_name)) {
        rc = libxl__name_index_del(gc, t, old_name, domid);
        if (rc)
            goto abort;
    }
    rc = libxl__xs_write(gc, t, path, new_name);
    if (!rc)
        rc = libxl__name_index_add(gc, t, new_name, domid);
    if (rc)
        goto abort;
    vm = libxl__sprintf(gc, "/vm/%s/name", uuid);
    if (domid != 0) {
        char *old;

        /* Only domains that have a /vm entry get it updated. */
        if (!libxl__xs_read(gc, t, vm, &old)) {
            rc = libxl__xs_write(gc, t, vm, new_name);
            if (rc)
                goto abort;
        }
    }
    return libxl__xs_transaction_end(gc, t, false);
abort:
    libxl__xs_transaction_end(gc, t, true);
    return rc;
}

LIBXL_API int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid,
                                  const char *new_name)
{
    libxl__gc gc;
    struct xc_dominfo xi;
    char uuid[37];
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    rc = xc_result(ctx, xc_domain_getinfo_single(ctx->xch, domid, &xi),
                   domid, "get info of");
    if (rc)
        goto out;
    if (!*new_name || name_taken(ctx, domid, new_name)) {
        rc = libxl__seterr(ctx, -EEXIST,
                           "domain with name \"%s\" already exists",
                           new_name);
        goto out;
    }
    libxl__uuid_string(xi.handle, uuid);
    do {
        rc = rename_once(&gc, domid, uuid, new_name);
    } while (rc == -EAGAIN);
    if (rc)
        libxl__seterr(ctx, rc, "domain %u: cannot rename to '%s': %s",
                      domid, new_name, strerror(-rc));
    else    /* as Xen's: the stored config follows (migration sends it) */
        rc = libxl__userdata_rename(&gc, domid, uuid, new_name);
out:
    libxl__gc_release(&gc);
    return rc;
}

static int host_boot_time(double *start)
{
    FILE *f = fopen("/proc/uptime", "r");
    double up;

    if (!f)
        return -errno;
    if (fscanf(f, "%lf", &up) != 1) {
        fclose(f);
        return -EIO;
    }
    fclose(f);
    *start = (double)time(NULL) - up;
    return 0;
}

LIBXL_API int libxl_domain_start_time(libxl_ctx *ctx, uint32_t domid,
                                      double *start)
{
    libxl__gc gc;
    struct xc_dominfo xi;
    char uuid[37], *val, *end;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = xc_result(ctx, xc_domain_getinfo_single(ctx->xch, domid, &xi),
                   domid, "get info of");
    if (rc)
        goto out;
    if (domid == 0) {
        rc = host_boot_time(start);
        if (rc)
            libxl__seterr(ctx, rc, "cannot read /proc/uptime");
        goto out;
    }
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    libxl__uuid_string(xi.handle, uuid);
    rc = libxl__xs_read(&gc, LIBXL__XBT_NULL,
                        libxl__sprintf(&gc, "/vm/%s/start_time", uuid), &val);
    if (rc) {
        libxl__seterr(ctx, rc, "domain %u: no start time", domid);
        goto out;
    }
    *start = strtod(val, &end);
    if (end == val) {
        rc = libxl__seterr(ctx, -EINVAL, "domain %u: bad start time '%s'",
                           domid, val);
    }
out:
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid,
                                     uint64_t max_memkb)
{
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    rc = xc_result(ctx, xc_domain_setmaxmem(ctx->xch, domid, max_memkb),
                   domid, "set maximum memory of");
    if (rc)
        goto out;
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL,
                         libxl__sprintf(&gc,
                                        "/local/domain/%u/memory/static-max",
                                        domid),
                         libxl__sprintf(&gc, "%llu",
                                        (unsigned long long)max_memkb));
    if (rc)
        libxl__seterr(ctx, rc, "domain %u: cannot write memory/static-max",
                      domid);
out:
    libxl__gc_release(&gc);
    return rc;
}
