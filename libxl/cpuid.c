/*
 * libxl: the cpuid= setting of xl.cfg(5) in libxl's string form
 * ("host,rdtscp=0,avx=1"): named feature bits edited in the domain's
 * CPUID policy (read from and written back to the hypervisor), as Xen's
 * libxl_cpuid.c does for the features it names.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

enum reg { EAX, EBX, ECX, EDX };

struct feature {
    const char *name;
    uint32_t leaf, subleaf;
    enum reg reg;
    unsigned bit;
};

#define NOSUB 0xffffffffU

static const struct feature features[] = {
    { "sse3", 1, NOSUB, ECX, 0 },      { "pclmulqdq", 1, NOSUB, ECX, 1 },
    { "monitor", 1, NOSUB, ECX, 3 },   { "vmx", 1, NOSUB, ECX, 5 },
    { "smx", 1, NOSUB, ECX, 6 },       { "est", 1, NOSUB, ECX, 7 },
    { "tm2", 1, NOSUB, ECX, 8 },       { "ssse3", 1, NOSUB, ECX, 9 },
    { "fma", 1, NOSUB, ECX, 12 },      { "cx16", 1, NOSUB, ECX, 13 },
    { "pdcm", 1, NOSUB, ECX, 15 },     { "pcid", 1, NOSUB, ECX, 17 },
    { "sse4_1", 1, NOSUB, ECX, 19 },   { "sse4_2", 1, NOSUB, ECX, 20 },
    { "x2apic", 1, NOSUB, ECX, 21 },   { "movbe", 1, NOSUB, ECX, 22 },
    { "popcnt", 1, NOSUB, ECX, 23 },   { "tsc-deadline", 1, NOSUB, ECX, 24 },
    { "aes", 1, NOSUB, ECX, 25 },      { "xsave", 1, NOSUB, ECX, 26 },
    { "avx", 1, NOSUB, ECX, 28 },      { "f16c", 1, NOSUB, ECX, 29 },
    { "rdrand", 1, NOSUB, ECX, 30 },   { "hypervisor", 1, NOSUB, ECX, 31 },
    { "fpu", 1, NOSUB, EDX, 0 },       { "vme", 1, NOSUB, EDX, 1 },
    { "de", 1, NOSUB, EDX, 2 },        { "pse", 1, NOSUB, EDX, 3 },
    { "tsc", 1, NOSUB, EDX, 4 },       { "msr", 1, NOSUB, EDX, 5 },
    { "pae", 1, NOSUB, EDX, 6 },       { "mce", 1, NOSUB, EDX, 7 },
    { "cmpxchg8", 1, NOSUB, EDX, 8 },  { "apic", 1, NOSUB, EDX, 9 },
    { "sysenter", 1, NOSUB, EDX, 11 }, { "mtrr", 1, NOSUB, EDX, 12 },
    { "pge", 1, NOSUB, EDX, 13 },      { "mca", 1, NOSUB, EDX, 14 },
    { "cmov", 1, NOSUB, EDX, 15 },     { "pat", 1, NOSUB, EDX, 16 },
    { "pse36", 1, NOSUB, EDX, 17 },    { "clfsh", 1, NOSUB, EDX, 19 },
    { "ds", 1, NOSUB, EDX, 21 },       { "acpi", 1, NOSUB, EDX, 22 },
    { "mmx", 1, NOSUB, EDX, 23 },      { "fxsr", 1, NOSUB, EDX, 24 },
    { "sse", 1, NOSUB, EDX, 25 },      { "sse2", 1, NOSUB, EDX, 26 },
    { "ss", 1, NOSUB, EDX, 27 },       { "htt", 1, NOSUB, EDX, 28 },
    { "tm", 1, NOSUB, EDX, 29 },       { "pbe", 1, NOSUB, EDX, 31 },
    { "fsgsbase", 7, 0, EBX, 0 },      { "bmi1", 7, 0, EBX, 3 },
    { "hle", 7, 0, EBX, 4 },           { "avx2", 7, 0, EBX, 5 },
    { "smep", 7, 0, EBX, 7 },          { "bmi2", 7, 0, EBX, 8 },
    { "erms", 7, 0, EBX, 9 },          { "invpcid", 7, 0, EBX, 10 },
    { "rtm", 7, 0, EBX, 11 },          { "mpx", 7, 0, EBX, 14 },
    { "avx512f", 7, 0, EBX, 16 },      { "rdseed", 7, 0, EBX, 18 },
    { "adx", 7, 0, EBX, 19 },          { "smap", 7, 0, EBX, 20 },
    { "clflushopt", 7, 0, EBX, 23 },   { "sha", 7, 0, EBX, 29 },
    { "umip", 7, 0, ECX, 2 },          { "pku", 7, 0, ECX, 3 },
    { "lahfsahf", 0x80000001, NOSUB, ECX, 0 },
    { "cmplegacy", 0x80000001, NOSUB, ECX, 1 },
    { "svm", 0x80000001, NOSUB, ECX, 2 },
    { "extapic", 0x80000001, NOSUB, ECX, 3 },
    { "altmovcr8", 0x80000001, NOSUB, ECX, 4 },
    { "abm", 0x80000001, NOSUB, ECX, 5 },
    { "sse4a", 0x80000001, NOSUB, ECX, 6 },
    { "misalignsse", 0x80000001, NOSUB, ECX, 7 },
    { "3dnowprefetch", 0x80000001, NOSUB, ECX, 8 },
    { "xop", 0x80000001, NOSUB, ECX, 11 },
    { "fma4", 0x80000001, NOSUB, ECX, 16 },
    { "tbm", 0x80000001, NOSUB, ECX, 21 },
    { "syscall", 0x80000001, NOSUB, EDX, 11 },
    { "nx", 0x80000001, NOSUB, EDX, 20 },
    { "mmxext", 0x80000001, NOSUB, EDX, 22 },
    { "ffxsr", 0x80000001, NOSUB, EDX, 25 },
    { "page1gb", 0x80000001, NOSUB, EDX, 26 },
    { "rdtscp", 0x80000001, NOSUB, EDX, 27 },
    { "lm", 0x80000001, NOSUB, EDX, 29 },
    { "3dnowext", 0x80000001, NOSUB, EDX, 30 },
    { "3dnow", 0x80000001, NOSUB, EDX, 31 },
    { "invtsc", 0x80000007, NOSUB, EDX, 8 },
};

static const struct feature *find_feature(const char *name, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
        if (strlen(features[i].name) == len &&
            !strncmp(features[i].name, name, len))
            return &features[i];
    return NULL;
}

static uint32_t *reg_of(struct xc_cpuid_leaf *l, enum reg r)
{
    switch (r) {
    case EAX: return &l->a;
    case EBX: return &l->b;
    case ECX: return &l->c;
    default: return &l->d;
    }
}

/* Apply one "name=v" to the policy. */
static int apply_one(libxl_ctx *ctx, const char *item, size_t len,
                     struct xc_cpuid_leaf *leaves, uint32_t n)
{
    const char *eq = memchr(item, '=', len);
    const struct feature *f;
    uint32_t *reg, i;
    char v;

    if (!eq || eq + 2 != item + len)
        return libxl__seterr(ctx, -EINVAL, "cpuid: `%.*s' is not "
                             "<feature>=<0|1|x|k|s>", (int)len, item);
    f = find_feature(item, (size_t)(eq - item));
    if (!f)
        return libxl__seterr(ctx, -EINVAL, "cpuid: unknown feature `%.*s'",
                             (int)(eq - item), item);
    v = eq[1];
    if (!strchr("01xks", v))
        return libxl__seterr(ctx, -EINVAL, "cpuid: `%.*s': the value must "
                             "be 0, 1, x, k or s", (int)len, item);
    for (i = 0; i < n; i++)
        if (leaves[i].leaf == f->leaf && leaves[i].subleaf == f->subleaf)
            break;
    if (i == n)
        return libxl__seterr(ctx, -EINVAL, "cpuid: feature `%s' is not in "
                             "this domain's policy", f->name);
    reg = reg_of(&leaves[i], f->reg);
    if (v == '0')
        *reg &= ~(1U << f->bit);
    else if (v == '1')
        *reg |= 1U << f->bit;
    /* x, k, s: keep what the hypervisor chose. */
    return 0;
}

int libxl__cpuid_apply(libxl__gc *gc, uint32_t domid, const char *spec)
{
    libxl_ctx *ctx = gc->ctx;
    uint32_t nl = 256, nm = 64, el, es, em;
    struct xc_cpuid_leaf *leaves = libxl__zalloc(gc, nl * sizeof(*leaves));
    struct xc_msr_entry *msrs = libxl__zalloc(gc, nm * sizeof(*msrs));
    const char *p = spec, *end;
    int rc;

    rc = xc_get_domain_cpu_policy(ctx->xch, domid, &nl, leaves, &nm, msrs);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "cpuid: get the CPU policy");
    while (*p) {
        end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        /* "host" (the first item) is the base policy: already there. */
        if (!(end - p == 4 && !strncmp(p, "host", 4)) && end > p) {
            rc = apply_one(ctx, p, (size_t)(end - p), leaves, nl);
            if (rc)
                return rc;
        }
        p = *end ? end + 1 : end;
    }
    rc = xc_set_domain_cpu_policy(ctx->xch, domid, nl, leaves, 0, NULL, &el,
                                  &es, &em);
    if (rc)
        return libxl__seterr(ctx, rc, "cpuid: the hypervisor rejected the "
                             "policy (leaf %#x subleaf %#x): %s", el, es,
                             strerror(-rc));
    return 0;
}
