/*
 * libxl (config model): the CPUID/MSR policy Xen 4.17's libxl builds from
 * cpuid= (libxl_cpuid_policy_list): per (leaf, subleaf) four 32-character
 * register masks and per MSR a 64-character mask, bit 31 (63) first.
 * Feature names: Xen's multi-bit and legacy names, then every feature of
 * <xen/arch-x86/cpufeatureset.h> (lower case, '_' as '-').  Compiled into
 * libxenlight (JSON) and libxlutil (checking cpuid= as it is parsed).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

#define NOSUB LIBXL__CPUID_NOSUB

enum { EAX, EBX, ECX, EDX };

struct field {
    const char *name;
    uint32_t leaf, subleaf;
    int reg, bit, len;
};

/* Xen 4.17's own table: multi-bit fields and names kept for old configs. */
static const struct field fields[] = {
    { "maxleaf", 0, NOSUB, EAX, 0, 32 },
    { "stepping", 1, NOSUB, EAX, 0, 4 },
    { "model", 1, NOSUB, EAX, 4, 8 },
    { "family", 1, NOSUB, EAX, 8, 8 },
    { "brandid", 1, NOSUB, EBX, 0, 8 },
    { "clflush", 1, NOSUB, EBX, 8, 8 },
    { "proccount", 1, NOSUB, EBX, 16, 8 },
    { "localapicid", 1, NOSUB, EBX, 24, 8 },
    { "est", 1, NOSUB, ECX, 7, 1 },
    { "cntxid", 1, NOSUB, ECX, 10, 1 },
    { "cmpxchg16", 1, NOSUB, ECX, 13, 1 },
    { "sse4_1", 1, NOSUB, ECX, 19, 1 },
    { "sse4.1", 1, NOSUB, ECX, 19, 1 },
    { "sse4_2", 1, NOSUB, ECX, 20, 1 },
    { "sse4.2", 1, NOSUB, ECX, 20, 1 },
    { "aes", 1, NOSUB, ECX, 25, 1 },
    { "cmpxchg8", 1, NOSUB, EDX, 8, 1 },
    { "sysenter", 1, NOSUB, EDX, 11, 1 },
    { "psn", 1, NOSUB, EDX, 18, 1 },
    { "clfsh", 1, NOSUB, EDX, 19, 1 },
    { "tm", 1, NOSUB, EDX, 29, 1 },
    { "ia64", 1, NOSUB, EDX, 30, 1 },
    { "pbe", 1, NOSUB, EDX, 31, 1 },
    { "arat", 6, NOSUB, EAX, 2, 1 },
    { "tsc_adjust", 7, 0, EBX, 1, 1 },
    { "cmt", 7, 0, EBX, 12, 1 },
    { "lahfsahf", 0x80000001, NOSUB, ECX, 0, 1 },
    { "cmplegacy", 0x80000001, NOSUB, ECX, 1, 1 },
    { "altmovcr8", 0x80000001, NOSUB, ECX, 4, 1 },
    { "nodeid", 0x80000001, NOSUB, ECX, 19, 1 },
    { "perfctr_core", 0x80000001, NOSUB, ECX, 23, 1 },
    { "perfctr_nb", 0x80000001, NOSUB, ECX, 24, 1 },
    { "procpkg", 4, 0, EAX, 26, 6 },
    { "invtsc", 0x80000007, NOSUB, EDX, 8, 1 },
    { "ppin", 0x80000008, NOSUB, EBX, 23, 1 },
    { "btc-no", 0x80000008, NOSUB, EBX, 29, 1 },
    { "nc", 0x80000008, NOSUB, ECX, 0, 8 },
    { "apicidsize", 0x80000008, NOSUB, ECX, 12, 4 },
    { "svm_npt", 0x8000000a, NOSUB, EDX, 0, 1 },
    { "svm_lbrv", 0x8000000a, NOSUB, EDX, 1, 1 },
    { "svm_nrips", 0x8000000a, NOSUB, EDX, 3, 1 },
    { "svm_tscrate", 0x8000000a, NOSUB, EDX, 4, 1 },
    { "svm_vmcbclean", 0x8000000a, NOSUB, EDX, 5, 1 },
    { "svm_decode", 0x8000000a, NOSUB, EDX, 7, 1 },
    { "svm_pausefilt", 0x8000000a, NOSUB, EDX, 10, 1 },
    { "lfence+", 0x80000021, NOSUB, EAX, 2, 1 },
    { "maxhvleaf", 0x40000000, NOSUB, EAX, 0, 8 },
};

/* The featureset of the public header: name and bit (word * 32 + bit). */
static const struct { const char *name; unsigned bit; } featureset[] = {
#define XEN_CPUFEATURE(name, value) { #name, value },
#include <xen/arch-x86/cpufeatureset.h>
#undef XEN_CPUFEATURE
};

/* Where each featureset word lives (Xen 4.17's order); msr: MSR index. */
static const struct { uint32_t leaf, subleaf; int reg; uint32_t msr; }
words[] = {
    { 1, NOSUB, EDX, 0 }, { 1, NOSUB, ECX, 0 },
    { 0x80000001, NOSUB, EDX, 0 }, { 0x80000001, NOSUB, ECX, 0 },
    { 0xd, 1, EAX, 0 }, { 7, 0, EBX, 0 }, { 7, 0, ECX, 0 },
    { 0x80000007, NOSUB, EDX, 0 }, { 0x80000008, NOSUB, EBX, 0 },
    { 7, 0, EDX, 0 }, { 7, 1, EAX, 0 }, { 0x80000021, NOSUB, EAX, 0 },
    { 7, 1, EBX, 0 }, { 7, 2, EDX, 0 }, { 7, 1, ECX, 0 }, { 7, 1, EDX, 0 },
    { 0, 0, EAX, 0x10a }, { 0, 0, EDX, 0x10a },
    { 0x80000021, NOSUB, ECX, 0 },
};

/* name as the featureset's (lower case, '-' for '_') equals s? */
static int feature_is(const char *name, const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len && name[i]; i++)
        if ((name[i] == '_' ? '-' : tolower((unsigned char)name[i])) != s[i])
            return 0;
    return i == len && !name[i];
}

static struct libxl__cpuid_entry *entry_of(struct libxl__cpuid_policy *p,
                                           uint32_t leaf, uint32_t subleaf)
{
    struct libxl__cpuid_entry *e;
    int i;

    for (i = 0; i < p->ncpuid; i++)
        if (p->cpuid[i].leaf == leaf && p->cpuid[i].subleaf == subleaf)
            return &p->cpuid[i];
    p->cpuid = realloc(p->cpuid, sizeof(*p->cpuid) * (size_t)(p->ncpuid + 1));
    if (!p->cpuid)
        abort();
    e = &p->cpuid[p->ncpuid++];
    memset(e, 0, sizeof(*e));
    e->leaf = leaf;
    e->subleaf = subleaf;
    return e;
}

/* Xen's cpuid_add(): value -> bits of the field f. */
static int field_add(struct libxl__cpuid_policy *p, const struct field *f,
                     const char *val)
{
    struct libxl__cpuid_entry *e = entry_of(p, f->leaf, f->subleaf);
    char bits[33], *r;
    unsigned long num;
    char *end;
    int i;

    num = strtoul(val, &end, 0);
    bits[f->len] = 0;
    if (end != val) {
        for (i = 0; i < f->len; i++)
            bits[f->len - 1 - i] = "01"[(num >> i) & 1];
    } else if (val[0] == 'x' || val[0] == 'k' || val[0] == 's') {
        memset(bits, val[0], (size_t)f->len);
    } else {
        return -EINVAL;
    }
    if (!e->reg[f->reg]) {
        e->reg[f->reg] = libxl__strdup_or_abort(
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }
    r = e->reg[f->reg];
    if (!strcmp(f->name, "family")) {       /* base and extended family */
        if (num < 16) {
            memcpy(r + 28 - f->bit, bits + 4, 4);
            memcpy(r + 4, "00000000", 8);
        } else {
            num -= 15;
            memcpy(r + 28 - f->bit, "1111", 4);
            for (i = 0; i < 7; i++, num >>= 1)
                bits[7 - i] = "01"[num & 1];
            memcpy(r + 4, bits, 8);
        }
    } else if (!strcmp(f->name, "model")) {  /* extended and base model */
        memcpy(r + 12, bits, 4);
        memcpy(r + 28 - f->bit, bits + 4, 4);
    } else {
        memcpy(r + 32 - f->len - f->bit, bits, (size_t)f->len);
    }
    return 0;
}

static int msr_add(struct libxl__cpuid_policy *p, uint32_t index,
                   unsigned bit, const char *val)
{
    struct libxl__cpuid_msr *m = NULL;
    int i;

    if (strlen(val) != 1 || !strchr("01xks", val[0]))
        return -EINVAL;             /* MSR bits take one character */
    for (i = 0; i < p->nmsr; i++)
        if (p->msr[i].index == index)
            m = &p->msr[i];
    if (!m) {
        p->msr = realloc(p->msr, sizeof(*p->msr) * (size_t)(p->nmsr + 1));
        if (!p->msr)
            abort();
        m = &p->msr[p->nmsr++];
        m->index = index;
        memset(m->policy, 'x', 64);
        m->policy[64] = 0;
    }
    m->policy[63 - bit] = val[0] == 's' ? 'k' : val[0];
    return 0;
}

static int item_add(struct libxl__cpuid_policy *p, const char *item,
                    const char **why)
{
    const char *eq = strchr(item, '=');
    size_t len, i;
    unsigned w, b;
    struct field f;

    if (!eq) {
        *why = "expected NAME=VALUE";
        return -EINVAL;
    }
    len = (size_t)(eq - item);
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strlen(fields[i].name) == len &&
            !strncmp(fields[i].name, item, len))
            goto found_field;
    for (i = 0; i < sizeof(featureset) / sizeof(featureset[0]); i++)
        if (feature_is(featureset[i].name, item, len))
            break;
    if (i == sizeof(featureset) / sizeof(featureset[0]) ||
        featureset[i].bit / 32 >= sizeof(words) / sizeof(words[0])) {
        *why = "unknown feature name (see xl.cfg(5))";
        return -EINVAL;
    }
    w = featureset[i].bit / 32;
    b = featureset[i].bit % 32;
    if (words[w].msr) {
        *why = "an MSR feature takes one of 0 1 x k s";
        return msr_add(p, words[w].msr, words[w].reg == EDX ? b + 32 : b,
                       eq + 1);
    }
    f = (struct field){ featureset[i].name, words[w].leaf, words[w].subleaf,
                        words[w].reg, (int)b, 1 };
    *why = "the value must be a number or one of x k s";
    return field_add(p, &f, eq + 1);
found_field:
    *why = "the value must be a number or one of x k s";
    return field_add(p, &fields[i], eq + 1);
}

/* Xen's libxl_cpuid_parse_config_xend(): "LEAF[,SUB]:eNx=MASK,...". */
static int xend_add(struct libxl__cpuid_policy *p, const char *s,
                    const char **why)
{
    uint32_t leaf, subleaf = NOSUB;
    struct libxl__cpuid_entry *e;
    const char *v, *end;
    char *num_end;
    int r, bit;

    if (!strncmp(s, "msr:", 4)) {           /* msr:INDEX=64 of 01xk */
        *why = "expected msr:INDEX=MASK (64 characters of 0 1 x k)";
        leaf = (uint32_t)strtoul(s + 4, &num_end, 0);
        if (num_end == s + 4 || *num_end != '=' ||
            strlen(num_end + 1) != 64 || strspn(num_end + 1, "01xk") != 64)
            return -EINVAL;
        for (bit = 0; bit < 64; bit++)
            msr_add(p, leaf, (unsigned)(63 - bit),
                    (char[]){ num_end[1 + bit], 0 });
        return 0;
    }

    *why = "expected LEAF[,SUBLEAF]:REG=BITS,...";
    leaf = (uint32_t)strtoul(s, &num_end, 0);
    if (num_end == s)
        return -EINVAL;
    if (*num_end == ',') {
        s = num_end + 1;
        subleaf = (uint32_t)strtoul(s, &num_end, 0);
        if (num_end == s)
            return -EINVAL;
    }
    if (*num_end != ':')
        return -EINVAL;
    e = entry_of(p, leaf, subleaf);
    for (s = num_end + 1; *s;) {
        *why = "registers are eax=, ebx=, ecx=, edx= with 32 characters";
        if (s[0] != 'e' || s[1] < 'a' || s[1] > 'd' || s[2] != 'x' ||
            s[3] != '=')
            return -EINVAL;
        r = s[1] - 'a';
        v = s + 4;
        end = strchr(v, ',');
        if (!end)
            end = v + strlen(v);
        if (end - v != 32)
            return -EINVAL;
        free(e->reg[r]);
        e->reg[r] = strndup(v, 32);
        if (!e->reg[r])
            abort();
        if (!*end)
            break;
        for (s = end + 1; *s == ' ' || *s == '\n'; s++)
            ;
    }
    return 0;
}

int libxl__cpuid_policy_add(struct libxl__cpuid_policy *p, const char *item,
                            int xend, const char **why)
{
    return xend ? xend_add(p, item, why) : item_add(p, item, why);
}

void libxl__cpuid_policy_dispose(struct libxl__cpuid_policy *p)
{
    int i, r;

    for (i = 0; i < p->ncpuid; i++)
        for (r = 0; r < 4; r++)
            free(p->cpuid[i].reg[r]);
    free(p->cpuid);
    free(p->msr);
    memset(p, 0, sizeof(*p));
}

int libxl__cpuid_policy_of(struct libxl__cpuid_policy *p,
                           const struct libxl_domain_build_info *b)
{
    const char *why;
    int i;

    memset(p, 0, sizeof(*p));
    for (i = 0; b->cpuid && b->cpuid[i]; i++) {
        if (!b->cpuid_xend && i == 0 && !strcmp(b->cpuid[i], "host"))
            continue;
        if (libxl__cpuid_policy_add(p, b->cpuid[i], b->cpuid_xend, &why))
            return -EINVAL;
    }
    return 0;
}

/* A featureset name as xl.cfg spells it (lower case, '-' for '_'). */
static char *canonical(const char *name)
{
    char *c = libxl__strdup_or_abort(name), *q;

    for (q = c; *q; q++)
        *q = *q == '_' ? '-' : (char)tolower((unsigned char)*q);
    return c;
}

/* The xl.cfg name of one bit of a CPUID register (malloc'd), or NULL. */
static char *name_of(uint32_t leaf, uint32_t subleaf, int reg, int bit)
{
    size_t i;
    unsigned w;

    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (fields[i].len == 1 && fields[i].leaf == leaf &&
            fields[i].subleaf == subleaf && fields[i].reg == reg &&
            fields[i].bit == bit)
            return libxl__strdup_or_abort(fields[i].name);
    for (i = 0; i < sizeof(featureset) / sizeof(featureset[0]); i++) {
        w = featureset[i].bit / 32;
        if (w < sizeof(words) / sizeof(words[0]) && !words[w].msr &&
            words[w].leaf == leaf && words[w].subleaf == subleaf &&
            words[w].reg == reg && featureset[i].bit % 32 == (unsigned)bit)
            return canonical(featureset[i].name);
    }
    return NULL;
}

/* The xl.cfg name of one bit of an MSR (malloc'd), or NULL. */
static char *msr_name_of(uint32_t index, int bit)
{
    size_t i;
    unsigned w;

    for (i = 0; i < sizeof(featureset) / sizeof(featureset[0]); i++) {
        w = featureset[i].bit / 32;
        if (w < sizeof(words) / sizeof(words[0]) &&
            words[w].msr == index &&
            (words[w].reg == EDX ? 32 : 0) + featureset[i].bit % 32 ==
                (unsigned)bit)
            return canonical(featureset[i].name);
    }
    return NULL;
}

static void push(char ***v, int *n, char *s)
{
    *v = realloc(*v, sizeof(char *) * (size_t)(*n + 2));
    if (!*v)
        abort();
    (*v)[(*n)++] = s;
    (*v)[*n] = NULL;
}

/* "name=v" for each set bit of e, or -1 if one has no single-bit name. */
static int entry_items(const struct libxl__cpuid_entry *e, char ***v, int *n)
{
    char *name;
    int r, pos;

    for (r = 0; r < 4; r++) {
        /* A register given as all 'x' has no libxl-form spelling. */
        if (e->reg[r] && strspn(e->reg[r], "x") == 32)
            return -1;
        for (pos = 0; e->reg[r] && pos < 32; pos++) {
            if (e->reg[r][pos] == 'x')
                continue;
            name = name_of(e->leaf, e->subleaf, r, 31 - pos);
            if (!name)
                return -1;
            push(v, n, libxl__xasprintf("%s=%c", name, e->reg[r][pos]));
            free(name);
        }
    }
    return 0;
}

char **libxl__cpuid_policy_to_strings(const struct libxl__cpuid_policy *p,
                                      int *xend_r)
{
    char **v = NULL, *s, *lc, *name;
    int n = 0, i, r, bit, ok = 1;

    push(&v, &n, libxl__strdup_or_abort("host"));
    for (i = 0; ok && i < p->ncpuid; i++)
        ok = !entry_items(&p->cpuid[i], &v, &n);
    for (i = 0; ok && i < p->nmsr; i++)
        for (bit = 63; ok && bit >= 0; bit--) {
            if (p->msr[i].policy[63 - bit] == 'x')
                continue;
            name = msr_name_of(p->msr[i].index, bit);
            if (!name) {
                ok = 0;
                break;
            }
            push(&v, &n, libxl__xasprintf("%s=%c", name,
                                          p->msr[i].policy[63 - bit]));
            free(name);
        }
    *xend_r = !ok;
    if (ok)
        return v;
    /* Not all named: the xend list form, one string per leaf, and
     * "msr:INDEX=MASK" for each MSR (our extension of that form). */
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
    v = NULL;
    n = 0;
    for (i = 0; i < p->ncpuid; i++) {
        const struct libxl__cpuid_entry *e = &p->cpuid[i];

        s = e->subleaf == NOSUB ? libxl__xasprintf("0x%08x:", e->leaf)
            : libxl__xasprintf("0x%08x,%u:", e->leaf, e->subleaf);
        for (r = 0; r < 4; r++) {
            if (!e->reg[r])
                continue;
            lc = libxl__xasprintf("%s%se%cx=%s", s,
                                  s[strlen(s) - 1] == ':' ? "" : ",",
                                  'a' + r, e->reg[r]);
            free(s);
            s = lc;
        }
        push(&v, &n, s);
    }
    for (i = 0; i < p->nmsr; i++)
        push(&v, &n, libxl__xasprintf("msr:0x%x=%s", p->msr[i].index,
                                      p->msr[i].policy));
    return v;
}
