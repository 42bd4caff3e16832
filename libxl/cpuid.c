/*
 * libxl: applies cpuid= (either form of xl.cfg(5), parsed into register
 * and MSR masks by cpuid_policy.c) to a new domain's CPUID/MSR policy as
 * Xen 4.17's libxenguest does (xc_cpuid_xend_policy, xc_msr_policy):
 * per bit '1' sets, '0' clears, 'x' takes the default policy's bit for
 * the guest type, 'k' and 's' the host's.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>

#include <xen/xen.h>
#include <xen/sysctl.h>

#include "config_internal.h"
#include "libxl_internal.h"

#define NR_LEAVES 256
#define NR_MSRS 64

/* The policy being edited, with the two it is edited against. */
struct policies {
    struct xc_cpuid_leaf *leaf[3];      /* current, default, host */
    struct xc_msr_entry *msr[3];
    uint32_t nl[3], nm[3];
};
enum { CUR, DEF, HOST };

static int get(libxl__gc *gc, uint32_t domid, bool hvm, struct policies *p)
{
    libxl_ctx *ctx = gc->ctx;
    int i, rc;

    for (i = 0; i < 3; i++) {
        p->leaf[i] = libxl__zalloc(gc, NR_LEAVES * sizeof(*p->leaf[i]));
        p->msr[i] = libxl__zalloc(gc, NR_MSRS * sizeof(*p->msr[i]));
        p->nl[i] = NR_LEAVES;
        p->nm[i] = NR_MSRS;
    }
    rc = xc_get_domain_cpu_policy(ctx->xch, domid, &p->nl[CUR], p->leaf[CUR],
                                  &p->nm[CUR], p->msr[CUR]);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "cpuid: get the domain's CPU "
                                "policy");
    rc = xc_get_system_cpu_policy(ctx->xch,
                                  hvm ? XEN_SYSCTL_cpu_policy_hvm_default
                                      : XEN_SYSCTL_cpu_policy_pv_default,
                                  &p->nl[DEF], p->leaf[DEF], &p->nm[DEF],
                                  p->msr[DEF]);
    if (!rc)
        rc = xc_get_system_cpu_policy(ctx->xch, XEN_SYSCTL_cpu_policy_host,
                                      &p->nl[HOST], p->leaf[HOST],
                                      &p->nm[HOST], p->msr[HOST]);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "cpuid: get the host's CPU "
                                "policies");
    return 0;
}

static struct xc_cpuid_leaf *leaf_of(struct policies *p, int which,
                                     uint32_t leaf, uint32_t subleaf)
{
    uint32_t i;

    for (i = 0; i < p->nl[which]; i++)
        if (p->leaf[which][i].leaf == leaf &&
            p->leaf[which][i].subleaf == subleaf)
            return &p->leaf[which][i];
    return NULL;
}

static struct xc_msr_entry *msr_of(struct policies *p, int which,
                                   uint32_t idx)
{
    uint32_t i;

    for (i = 0; i < p->nm[which]; i++)
        if (p->msr[which][i].idx == idx)
            return &p->msr[which][i];
    return NULL;
}

/* Bit (width - 1 - j) of *cur from mask character j; -EINVAL if bad. */
static int apply_mask(uint64_t *cur, uint64_t def, uint64_t host,
                      const char *mask, unsigned width)
{
    unsigned j;
    uint64_t bit, from;

    for (j = 0; j < width; j++) {
        bit = 1ULL << (width - 1 - j);
        switch (mask[j]) {
        case '1': from = bit; break;
        case '0': from = 0; break;
        case 'x': from = def; break;
        case 'k': case 's': from = host; break;
        default: return -EINVAL;
        }
        *cur = (*cur & ~bit) | (from & bit);
    }
    return 0;
}

static uint32_t *reg_of(struct xc_cpuid_leaf *l, int r)
{
    return r == 0 ? &l->a : r == 1 ? &l->b : r == 2 ? &l->c : &l->d;
}

static int apply_leaf(libxl_ctx *ctx, struct policies *p,
                      const struct libxl__cpuid_entry *e)
{
    struct xc_cpuid_leaf *l[3];
    uint64_t v;
    int i, r;

    for (i = 0; i < 3; i++)
        l[i] = leaf_of(p, i, e->leaf, e->subleaf);
    if (!l[CUR] || !l[DEF] || !l[HOST])
        return libxl__seterr(ctx, -EINVAL, "cpuid: leaf %#x subleaf %#x "
                             "is not in this domain's policy", e->leaf,
                             e->subleaf);
    for (r = 0; r < 4; r++) {
        if (!e->reg[r])
            continue;
        v = *reg_of(l[CUR], r);
        if (strlen(e->reg[r]) != 32 ||
            apply_mask(&v, *reg_of(l[DEF], r), *reg_of(l[HOST], r),
                       e->reg[r], 32))
            return libxl__seterr(ctx, -EINVAL, "cpuid: leaf %#x e%cx: "
                                 "`%s' is not 32 of 0 1 x k s", e->leaf,
                                 'a' + r, e->reg[r]);
        *reg_of(l[CUR], r) = (uint32_t)v;
    }
    return 0;
}

static int apply_msr(libxl_ctx *ctx, struct policies *p,
                     const struct libxl__cpuid_msr *m)
{
    struct xc_msr_entry *e[3];
    int i;

    for (i = 0; i < 3; i++)
        e[i] = msr_of(p, i, m->index);
    if (!e[CUR] || !e[DEF] || !e[HOST])
        return libxl__seterr(ctx, -EINVAL, "cpuid: MSR %#x is not in this "
                             "domain's policy", m->index);
    if (strlen(m->policy) != 64 ||
        apply_mask(&e[CUR]->val, e[DEF]->val, e[HOST]->val, m->policy, 64))
        return libxl__seterr(ctx, -EINVAL, "cpuid: MSR %#x: `%s' is not 64 "
                             "of 0 1 x k", m->index, m->policy);
    return 0;
}

int libxl__cpuid_apply(libxl__gc *gc, uint32_t domid, bool hvm,
                       const struct libxl_domain_build_info *b)
{
    libxl_ctx *ctx = gc->ctx;
    struct libxl__cpuid_policy cp;
    struct policies p;
    uint32_t el = ~0U, es = ~0U, em = ~0U;
    int i, rc;

    if (!b->cpuid || !b->cpuid[0])
        return 0;
    if (libxl__cpuid_policy_of(&cp, b)) {
        libxl__cpuid_policy_dispose(&cp);
        return libxl__seterr(ctx, -EINVAL, "cpuid: the setting is not "
                             "valid (see xl.cfg(5))");
    }
    rc = get(gc, domid, hvm, &p);
    for (i = 0; !rc && i < cp.ncpuid; i++)
        rc = apply_leaf(ctx, &p, &cp.cpuid[i]);
    for (i = 0; !rc && i < cp.nmsr; i++)
        rc = apply_msr(ctx, &p, &cp.msr[i]);
    libxl__cpuid_policy_dispose(&cp);
    if (rc)
        return rc;
    rc = xc_set_domain_cpu_policy(ctx->xch, domid, p.nl[CUR], p.leaf[CUR],
                                  p.nm[CUR], p.msr[CUR], &el, &es, &em);
    if (rc)
        return libxl__seterr(ctx, rc, "cpuid: the hypervisor rejected the "
                             "policy (leaf %#x subleaf %#x MSR %#x): %s",
                             el, es, em, strerror(-rc));
    return 0;
}
