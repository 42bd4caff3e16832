/*
 * libxl: virtual CPUs (state, time, hard/soft affinity), the credit2
 * scheduler's parameters and CPU pools.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

LIBXL_API int libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                              struct libxl_vcpuinfo **list, int *n)
{
    struct xc_dominfo di;
    struct libxl_vcpuinfo *l;
    uint8_t hard[XC_CPUMAP_BYTES], soft[XC_CPUMAP_BYTES];
    unsigned nr;
    int r;

    r = xc_domain_getinfo_single(ctx->xch, domid, &di);
    if (r == -ESRCH)
        return libxl__seterr(ctx, r, "domain %u: no such domain", domid);
    if (r < 0)
        return libxl__seterr_xc(ctx, r, "cannot get domain info");
    nr = di.max_vcpu_id + 1;
    l = libxl__malloc0(nr * sizeof(*l));
    for (unsigned v = 0; v < nr; v++) {
        struct xc_vcpuinfo vi;

        r = xc_vcpu_getinfo(ctx->xch, domid, v, &vi);
        if (r == 0)
            r = xc_vcpu_getaffinity(ctx->xch, domid, v, hard, soft,
                                    sizeof(hard));
        if (r < 0) {
            free(l);
            return libxl__seterr(ctx, r, "domain %u: vcpu %u: %s", domid, v,
                                 xc_errmsg(ctx->xch));
        }
        l[v].vcpuid = v;
        l[v].cpu = vi.cpu;
        l[v].online = vi.online;
        l[v].blocked = vi.blocked;
        l[v].running = vi.running;
        l[v].vcpu_time = vi.cpu_time;
        libxl__cpumap_from_bytes(ctx, &l[v].hard, hard, sizeof(hard));
        libxl__cpumap_from_bytes(ctx, &l[v].soft, soft, sizeof(soft));
    }
    *list = l;
    *n = (int)nr;
    return 0;
}

LIBXL_API int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid,
                                     uint32_t vcpuid,
                                     const struct libxl_cpumap *hard,
                                     const struct libxl_cpumap *soft)
{
    uint8_t h[XC_CPUMAP_BYTES], s[XC_CPUMAP_BYTES];
    int r;

    r = xc_vcpu_getaffinity(ctx->xch, domid, vcpuid, h, s, sizeof(h));
    if (r == 0) {
        if (hard)
            memcpy(h, hard->map, sizeof(h));
        if (soft)
            memcpy(s, soft->map, sizeof(s));
        r = xc_vcpu_setaffinity(ctx->xch, domid, vcpuid, h, s, sizeof(h));
    }
    if (r == -ESRCH)
        return libxl__seterr(ctx, r, "domain %u: no such domain", domid);
    if (r < 0)
        return libxl__seterr(ctx, r, "domain %u: vcpu %u: %s", domid,
                             vcpuid, xc_errmsg(ctx->xch));
    return 0;
}

static int sched_err(libxl_ctx *ctx, int r, uint32_t domid)
{
    if (r == -ESRCH)
        return libxl__seterr(ctx, r, "domain %u: no such domain", domid);
    return libxl__seterr(ctx, r, "domain %u: %s", domid, xc_errmsg(ctx->xch));
}

LIBXL_API int libxl_sched_credit2_get(libxl_ctx *ctx, uint32_t domid,
                                      struct libxl_sched_params *p)
{
    struct xc_sched_credit c;
    int r = xc_sched_credit2_domain_get(ctx->xch, domid, &c);

    if (r < 0)
        return sched_err(ctx, r, domid);
    p->weight = c.weight;
    p->cap = c.cap;
    return 0;
}

LIBXL_API int libxl_sched_credit2_set(libxl_ctx *ctx, uint32_t domid,
                                      const struct libxl_sched_params *p)
{
    struct xc_sched_credit c;
    int r = xc_sched_credit2_domain_get(ctx->xch, domid, &c);

    if (r < 0)
        return sched_err(ctx, r, domid);
    if (p->weight != -1) {
        if (p->weight < 1 || p->weight > 65535)
            return libxl__seterr(ctx, -EINVAL,
                                 "weight out of range (1..65535): %d",
                                 p->weight);
        c.weight = (uint16_t)p->weight;
    }
    if (p->cap != -1) {
        if (p->cap < 0 || p->cap > 65535)
            return libxl__seterr(ctx, -EINVAL, "cap out of range: %d",
                                 p->cap);
        c.cap = (uint16_t)p->cap;
    }
    r = xc_sched_credit2_domain_set(ctx->xch, domid, &c);
    return r < 0 ? sched_err(ctx, r, domid) : 0;
}

LIBXL_API int libxl_sched_credit2_ratelimit_get(libxl_ctx *ctx,
                                                uint32_t poolid,
                                                uint32_t *ratelimit_us)
{
    int r = xc_sched_credit2_params_get(ctx->xch, poolid, ratelimit_us);

    if (r < 0)
        return libxl__seterr(ctx, r, "cpupool %u: %s", poolid,
                             xc_errmsg(ctx->xch));
    return 0;
}

LIBXL_API int libxl_sched_credit2_ratelimit_set(libxl_ctx *ctx,
                                                uint32_t poolid,
                                                uint32_t ratelimit_us)
{
    int r;

    if (ratelimit_us > 500000 || (ratelimit_us && ratelimit_us < 100))
        return libxl__seterr(ctx, -EINVAL,
                             "ratelimit out of range (100..500000): %u",
                             ratelimit_us);
    r = xc_sched_credit2_params_set(ctx->xch, poolid, ratelimit_us);
    if (r < 0)
        return libxl__seterr(ctx, r, "cpupool %u: %s", poolid,
                             xc_errmsg(ctx->xch));
    return 0;
}

/* Pool name: xenstore /local/pool/<id>/name, else Pool-<id> (Pool-0). */
static char *pool_name(libxl_ctx *ctx, uint32_t poolid)
{
    libxl__gc gc;
    char *val = NULL, *name;

    libxl__gc_init(&gc, ctx);
    if (ctx->xsh)
        libxl__xs_read(&gc, LIBXL__XBT_NULL,
                       libxl__sprintf(&gc, "/local/pool/%u/name", poolid),
                       &val);
    if (val) {
        name = libxl__xstrdup(val);
    } else if (asprintf(&name, "Pool-%u", poolid) < 0) {
        abort();
    }
    libxl__gc_release(&gc);
    return name;
}

#define MAX_POOLS 256

LIBXL_API int libxl_list_cpupool(libxl_ctx *ctx,
                                 struct libxl_cpupoolinfo **list, int *n)
{
    struct xc_cpupoolinfo *x = libxl__malloc0(MAX_POOLS * sizeof(*x));
    struct libxl_cpupoolinfo *l;
    int r = xc_cpupool_list(ctx->xch, x, MAX_POOLS);

    if (r < 0) {
        free(x);
        return libxl__seterr_xc(ctx, r, "cannot list cpupools");
    }
    l = libxl__malloc0((r ? (size_t)r : 1) * sizeof(*l));
    for (int i = 0; i < r; i++) {
        l[i].poolid = x[i].poolid;
        l[i].pool_name = pool_name(ctx, x[i].poolid);
        l[i].sched = (int)x[i].sched_id;
        l[i].n_dom = x[i].n_dom;
        libxl__cpumap_from_bytes(ctx, &l[i].cpumap, x[i].cpumap,
                                 sizeof(x[i].cpumap));
    }
    free(x);
    *list = l;
    *n = r;
    return 0;
}

LIBXL_API void libxl_cpupoolinfo_list_free(struct libxl_cpupoolinfo *l,
                                           int n)
{
    if (!l)
        return;
    for (int i = 0; i < n; i++)
        free(l[i].pool_name);
    free(l);
}
