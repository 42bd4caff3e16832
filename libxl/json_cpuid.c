/*
 * libxl (config model): b_info "cpuid" of the config JSON both ways, as
 * Xen 4.17.x's libxl_cpuid_policy_list_gen_json prints it:
 * {"cpuid": [{"leaf", "subleaf"?, "eax".."edx"?}, ...],
 *  "msr": [{"index", "policy"}, ...]}, omitted when cpuid= is not set.
 * Read back: that map, or the older bare array of cpuid entries.
 * Part of libxenlight.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "json_config_int.h"
#include "json_config_parse_int.h"

static const char *const reg_names[4] = { "eax", "ebx", "ecx", "edx" };

void libxl__json_cpuid(yajl_gen g, const struct libxl_domain_build_info *b)
{
    struct libxl__cpuid_policy p;
    int i, r;

    if (libxl__cpuid_policy_of(&p, b) || (!p.ncpuid && !p.nmsr)) {
        libxl__cpuid_policy_dispose(&p);    /* checked by the parser */
        return;
    }
    libxl__jkey(g, "cpuid");
    yajl_gen_map_open(g);
    libxl__jkey(g, "cpuid");
    yajl_gen_array_open(g);
    for (i = 0; i < p.ncpuid; i++) {
        yajl_gen_map_open(g);
        libxl__jint(g, "leaf", p.cpuid[i].leaf);
        if (p.cpuid[i].subleaf != LIBXL__CPUID_NOSUB)
            libxl__jint(g, "subleaf", p.cpuid[i].subleaf);
        for (r = 0; r < 4; r++)
            libxl__jstr(g, reg_names[r], p.cpuid[i].reg[r]);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    libxl__jkey(g, "msr");
    yajl_gen_array_open(g);
    for (i = 0; i < p.nmsr; i++) {
        yajl_gen_map_open(g);
        libxl__jint(g, "index", p.msr[i].index);
        libxl__jstr(g, "policy", p.msr[i].policy);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    libxl__cpuid_policy_dispose(&p);
}

static void from_entry(yajl_val o, struct libxl__cpuid_policy *p)
{
    long long leaf = -1, sub = LIBXL__CPUID_NOSUB;
    char *item, *reg = NULL;
    const char *why;
    int r;

    libxl__jrint(o, "leaf", &leaf);
    libxl__jrint(o, "subleaf", &sub);
    if (leaf < 0 || leaf > 0xffffffffLL)
        return;
    item = sub == LIBXL__CPUID_NOSUB ?
           libxl__xasprintf("%lld:", leaf) :
           libxl__xasprintf("%lld,%lld:", leaf, sub);
    for (r = 0; r < 4; r++) {
        libxl__jrstr(o, reg_names[r], &reg);
        if (reg && strlen(reg) == 32) {
            char *t = libxl__xasprintf("%s%se%cx=%s", item,
                                       item[strlen(item) - 1] == ':' ? ""
                                       : ",", 'a' + r, reg);
            free(item);
            item = t;
        }
        free(reg);
        reg = NULL;
    }
    if (item[strlen(item) - 1] != ':')
        libxl__cpuid_policy_add(p, item, 1, &why);
    free(item);
}

static void from_msr(yajl_val o, struct libxl__cpuid_policy *p)
{
    long long index = -1;
    char *pol = NULL;

    libxl__jrint(o, "index", &index);
    libxl__jrstr(o, "policy", &pol);
    if (index >= 0 && index <= 0xffffffffLL && pol && strlen(pol) == 64) {
        p->msr = realloc(p->msr, sizeof(*p->msr) * (size_t)(p->nmsr + 1));
        if (!p->msr)
            abort();
        p->msr[p->nmsr].index = (uint32_t)index;
        memcpy(p->msr[p->nmsr].policy, pol, 65);
        p->nmsr++;
    }
    free(pol);
}

void libxl__from_json_cpuid(yajl_val b_info, struct libxl_domain_build_info *b)
{
    yajl_val v = libxl__jget(b_info, "cpuid"), a, m = NULL;
    struct libxl__cpuid_policy p;
    size_t i;

    if (YAJL_IS_OBJECT(v)) {
        a = libxl__jget(v, "cpuid");
        m = libxl__jget(v, "msr");
    } else {
        a = v;                              /* Xen 4.17.0's bare array */
    }
    memset(&p, 0, sizeof(p));
    for (i = 0; YAJL_IS_ARRAY(a) && i < a->u.array.len; i++)
        if (YAJL_IS_OBJECT(a->u.array.values[i]))
            from_entry(a->u.array.values[i], &p);
    for (i = 0; YAJL_IS_ARRAY(m) && i < m->u.array.len; i++)
        if (YAJL_IS_OBJECT(m->u.array.values[i]))
            from_msr(m->u.array.values[i], &p);
    if (p.ncpuid || p.nmsr)
        b->cpuid = libxl__cpuid_policy_to_strings(&p, &b->cpuid_xend);
    libxl__cpuid_policy_dispose(&p);
}
