/*
 * libxl: memory targets and the host's free memory, as Xen 4.17's
 * libxl_mem.c defines them: what a new domain needs, how much is free,
 * a domain's balloon target (memory/target, KiB) and waiting for a domain
 * (Domain-0 when xl autoballoons) to reach it.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libxl_internal.h"
#include "libxl_types.h"

/* Xen 4.17: LIBXL_MIN_DOM0_MEM, LIBXL_PV_EXTRA_MEMORY,
 * LIBXL_HVM_EXTRA_MEMORY, LIBXL_MAXMEM_CONSTANT (KiB). */
#define MIN_DOM0_MEMKB (128 * 1024)
#define PV_EXTRA_MEMKB 1024
#define HVM_EXTRA_MEMKB 2048
#define MAXMEM_CONSTANT_KB 1024
#define DEFAULT_MEMKB (32 * 1024)

LIBXL_API int libxl_get_free_memory(libxl_ctx *ctx, uint64_t *memkb)
{
    struct libxl_physinfo pi;
    int rc = libxl_get_physinfo(ctx, &pi);

    if (rc)
        return rc;
    *memkb = (pi.free_pages + pi.scrub_pages) * 4;
    return 0;
}

LIBXL_API int libxl_domain_need_memory(libxl_ctx *ctx,
                                       const struct libxl_domain_config *dc,
                                       uint64_t *need_memkb)
{
    const struct libxl_domain_build_info *b = &dc->b_info;
    int64_t target = b->target_memkb, max = b->max_memkb;
    int vcpus = b->max_vcpus > 0 ? b->max_vcpus : 1;
    uint64_t need;

    if (target <= 0)
        target = max > 0 ? max : DEFAULT_MEMKB;
    if (max < target)
        max = target;
    need = (uint64_t)target;
    switch (dc->c_info.type) {
    case LIBXL_DOMAIN_TYPE_PV:
        need += PV_EXTRA_MEMKB;
        break;
    case LIBXL_DOMAIN_TYPE_PVH:
    case LIBXL_DOMAIN_TYPE_HVM:
        /* Default shadow (libxl_get_required_shadow_memory) and the
         * HVM overhead. */
        need += b->shadow_memkb > 0 ? (uint64_t)b->shadow_memkb
                : 4 * (256 * (uint64_t)vcpus + 2 * ((uint64_t)max / 1024));
        need += HVM_EXTRA_MEMKB;
        break;
    default:
        return libxl__seterr(ctx, -EINVAL, "unknown domain type %d",
                             dc->c_info.type);
    }
    if (need % 2048)
        need += 2048 - need % 2048;
    *need_memkb = need;
    return 0;
}

static int read_kb(libxl__gc *gc, const char *path, uint64_t *kb, bool *have)
{
    char *v, *end;
    int rc = libxl__xs_read(gc, LIBXL__XBT_NULL, path, &v);

    *have = false;
    if (rc == -ENOENT)
        return 0;
    if (rc)
        return libxl__seterr(gc->ctx, rc, "cannot read '%s'", path);
    errno = 0;
    *kb = strtoull(v, &end, 10);
    if (errno || end == v || *end)
        return libxl__seterr(gc->ctx, -EINVAL, "'%s' is '%s', not a number "
                             "of KiB", path, v);
    *have = true;
    return 0;
}

/* memory/target and memory/static-max of domid; Domain-0 may have
 * neither yet: they are filled from its current and maximum memory (Xen's
 * libxl__fill_dom0_memory_info). */
static int targets(libxl__gc *gc, uint32_t domid, uint64_t *target,
                   uint64_t *max)
{
    libxl_ctx *ctx = gc->ctx;
    char *tp = libxl__sprintf(gc, "/local/domain/%u/memory/target", domid);
    char *mp = libxl__sprintf(gc, "/local/domain/%u/memory/static-max",
                              domid);
    struct libxl_dominfo info;
    bool ht, hm;
    int rc;

    rc = read_kb(gc, tp, target, &ht);
    if (!rc)
        rc = read_kb(gc, mp, max, &hm);
    if (rc)
        return rc;
    if (ht && hm)
        return 0;
    if (domid)
        return libxl__seterr(ctx, -ENOENT, "domain %u has no %s", domid,
                             ht ? mp : tp);
    rc = libxl_domain_info(ctx, 0, &info);
    if (rc)
        return rc;
    if (!ht) {
        *target = info.current_memkb;
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL, tp,
                             libxl__sprintf(gc, "%" PRIu64, *target));
    }
    if (!rc && !hm) {
        *max = info.max_memkb;
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL, mp,
                             libxl__sprintf(gc, "%" PRIu64, *max));
    }
    libxl_dominfo_dispose(&info);
    if (rc)
        return libxl__seterr(ctx, rc, "cannot write Domain-0's memory "
                             "target");
    return 0;
}

LIBXL_API int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                                      uint64_t *out_target)
{
    uint64_t target, max;
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (!rc)
        rc = targets(&gc, domid, &target, &max);
    if (!rc)
        *out_target = target;
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                                      int64_t target_memkb, int relative,
                                      int enforce)
{
    uint64_t cur, max, want;
    libxl__gc gc;
    char *path;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (!rc)
        rc = targets(&gc, domid, &cur, &max);
    if (rc)
        goto out;
    if (!relative)
        want = target_memkb < 0 ? 0 : (uint64_t)target_memkb;
    else if (target_memkb < 0 && (uint64_t)-target_memkb > cur)
        want = 0;
    else
        want = cur + (uint64_t)target_memkb;
    if (want > max) {
        rc = libxl__seterr(ctx, -EINVAL, "domain %u: target %" PRIu64 " KiB "
                           "is above its maximum (static-max) of %" PRIu64
                           " KiB", domid, want, max);
        goto out;
    }
    if (!domid && want < MIN_DOM0_MEMKB) {
        rc = libxl__seterr(ctx, -EINVAL, "new target %" PRIu64 " KiB for "
                           "Domain-0 is below its minimum of %d KiB", want,
                           MIN_DOM0_MEMKB);
        goto out;
    }
    if (enforce) {
        rc = xc_domain_setmaxmem(ctx->xch, domid, want + MAXMEM_CONSTANT_KB);
        if (rc) {
            rc = libxl__seterr_xc(ctx, rc, "set max memory");
            goto out;
        }
    }
    path = libxl__sprintf(&gc, "/local/domain/%u/memory/target", domid);
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL, path,
                         libxl__sprintf(&gc, "%" PRIu64, want));
    if (rc)
        libxl__seterr(ctx, rc, "cannot write '%s'", path);
out:
    libxl__gc_release(&gc);
    return rc;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

LIBXL_API int libxl_wait_for_memory_target(libxl_ctx *ctx, uint32_t domid,
                                           int wait_secs)
{
    uint64_t target, cur, prev = UINT64_MAX;
    double last_progress = now();
    struct libxl_dominfo info;
    int rc;

    rc = libxl_get_memory_target(ctx, domid, &target);
    if (rc)
        return rc;
    for (;;) {
        rc = libxl_domain_info(ctx, domid, &info);
        if (rc)
            return rc;
        cur = info.current_memkb + info.outstanding_memkb;
        libxl_dominfo_dispose(&info);
        if (cur <= target)
            return 0;
        if (cur > prev)
            return libxl__seterr(ctx, -EAGAIN, "domain %u grew to %" PRIu64
                                 " KiB while ballooning down to %" PRIu64
                                 " KiB", domid, cur, target);
        if (cur < prev)
            last_progress = now();
        else if (now() - last_progress >= wait_secs)
            return libxl__seterr(ctx, -ETIMEDOUT, "domain %u stayed at %"
                                 PRIu64 " KiB for %d s, above its target of "
                                 "%" PRIu64 " KiB", domid, cur, wait_secs,
                                 target);
        prev = cur;
        nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
    }
}
