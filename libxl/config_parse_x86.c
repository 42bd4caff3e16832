/*
 * libxl (config model): the guest-feature keys viridian= (list or
 * boolean), cpuid= (libxl string form and xend list form), vnuma= (list
 * of lists) and spice*= of an xl.cfg(5) config, checked with
 * file:line:column errors.  Part of libxlutil.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "cfg_internal.h"

static const char *where(XLU_Config *cfg, const XLU_ConfigValue *v)
{
    return v ? xlu_cfg_value_where(v) : cfg->chunk;
}

static const char *const viridian_names[] = {
    "base", "freq", "time_ref_count", "reference_tsc",
    "hcall_remote_tlb_flush", "apic_assist", "crash_ctl", "synic",
    "stimer", "hcall_ipi", "ex_processor_masks", "no_vp_limit",
    "cpu_hotplug", NULL,
};

/* Xen 4.17's "defaults" group set. */
#define VIRIDIAN_DEFAULTS ((1u << LIBXL_VIRIDIAN_BASE) |                  \
                           (1u << LIBXL_VIRIDIAN_FREQ) |                  \
                           (1u << LIBXL_VIRIDIAN_TIME_REF_COUNT) |        \
                           (1u << LIBXL_VIRIDIAN_APIC_ASSIST) |           \
                           (1u << LIBXL_VIRIDIAN_CRASH_CTL))
#define VIRIDIAN_ALL ((1u << 13) - 1)

static int viridian_group(const char *s, uint32_t *mask)
{
    int i;

    if (!strcmp(s, "defaults")) {
        *mask = VIRIDIAN_DEFAULTS;
        return 0;
    }
    if (!strcmp(s, "all")) {
        *mask = VIRIDIAN_ALL;
        return 0;
    }
    for (i = 0; viridian_names[i]; i++)
        if (!strcmp(s, viridian_names[i])) {
            *mask = 1u << i;
            return 0;
        }
    return -1;
}

void libxl__parse_viridian(XLU_Config *cfg, struct libxl_domain_config *c)
{
    const XLU_ConfigValue *v = xlu_cfg_get_value(cfg, "viridian");
    const XLU_ConfigList *l;
    uint32_t m;
    int b, i;

    if (!v)
        return;
    if (xlu_cfg_value_type(v) == XLU_STRING) {
        if (xlu_cfg_get_defbool(cfg, "viridian", &b, 0))
            return;
        if (b)
            c->b_info.viridian_enable = VIRIDIAN_DEFAULTS;
        return;
    }
    l = xlu_cfg_value_get_list(v);
    for (i = 0; i < xlu_cfg_list_length(l); i++) {
        const char *s = xlu_cfg_get_listitem(l, i);
        int neg = s && s[0] == '!';

        if (!s || viridian_group(s + neg, &m)) {
            xlu__report(cfg, 1, where(cfg, xlu_cfg_get_listitem2(l, i)),
                        "invalid viridian group `%s' (defaults, all, base, "
                        "freq, time_ref_count, reference_tsc, "
                        "hcall_remote_tlb_flush, apic_assist, crash_ctl, "
                        "synic, stimer, hcall_ipi, ex_processor_masks, "
                        "no_vp_limit, cpu_hotplug; `!group' disables)",
                        s ? s : "(list)");
            continue;
        }
        if (neg)
            c->b_info.viridian_disable |= m;
        else
            c->b_info.viridian_enable |= m;
    }
}

static void add_cpuid(struct libxl_domain_build_info *b, int *n,
                      const char *s)
{
    b->cpuid = realloc(b->cpuid, sizeof(char *) * (size_t)(*n + 2));
    if (!b->cpuid)
        abort();
    b->cpuid[(*n)++] = libxl__strdup_or_abort(s);
    b->cpuid[*n] = NULL;
}

/* Check one item as Xen's libxl would read it; NULL if fine, else why. */
static const char *cpuid_check(struct libxl__cpuid_policy *p,
                               const char *item, int xend)
{
    const char *why = NULL;

    return libxl__cpuid_policy_add(p, item, xend, &why) ? why : NULL;
}

void libxl__parse_cpuid(XLU_Config *cfg, struct libxl_domain_config *c)
{
    const XLU_ConfigValue *v = xlu_cfg_get_value(cfg, "cpuid");
    const XLU_ConfigList *l;
    struct libxl__cpuid_policy p;
    const char *why;
    char *copy, *cur, *tok;
    int i, n = 0, first = 1;

    if (!v)
        return;
    memset(&p, 0, sizeof(p));
    if (xlu_cfg_value_type(v) == XLU_STRING) {
        copy = libxl__strdup_or_abort(xlu_cfg_value_get_string(v));
        cur = copy;
        while ((tok = strsep(&cur, ",")) != NULL) {
            why = first && !strcmp(tok, "host") ? NULL
                  : cpuid_check(&p, tok, 0);
            first = 0;
            if (why)
                xlu__report(cfg, 1, where(cfg, v), "cpuid item `%s': %s",
                            tok, why);
            else
                add_cpuid(&c->b_info, &n, tok);
        }
        free(copy);
        libxl__cpuid_policy_dispose(&p);
        return;
    }
    c->b_info.cpuid_xend = 1;
    l = xlu_cfg_value_get_list(v);
    for (i = 0; i < xlu_cfg_list_length(l); i++) {
        const char *s = xlu_cfg_get_listitem(l, i);

        why = s ? cpuid_check(&p, s, 1) : "should be a string";
        if (why)
            xlu__report(cfg, 1, where(cfg, xlu_cfg_get_listitem2(l, i)),
                        "cpuid entry `%s': %s", s ? s : "(list)", why);
        else
            add_cpuid(&c->b_info, &n, s);
    }
    libxl__cpuid_policy_dispose(&p);
}

/* "0-3,5" style cpu list; 0 if well formed. */
static int check_cpu_list(const char *s)
{
    char *end;

    if (!*s)
        return -1;
    for (;;) {
        strtoul(s, &end, 10);
        if (end == s || *s == '-' || *s == '+')
            return -1;
        if (*end == '-') {
            s = end + 1;
            strtoul(s, &end, 10);
            if (end == s || *s == '-' || *s == '+')
                return -1;
        }
        if (!*end)
            return 0;
        if (*end != ',')
            return -1;
        s = end + 1;
    }
}

static const char *vnode_kv(struct libxl_vnode_info *vn, const char *s,
                            int nodes, int *have_size)
{
    const char *eq = strchr(s, '='), *val;
    char *end, *copy, *cur, *tok;
    unsigned long long u;

    if (!eq)
        return "expected pnode=, size=, vcpus= or vdistances=";
    val = eq + 1;
    if (!strncmp(s, "pnode=", 6) || !strncmp(s, "size=", 5)) {
        u = strtoull(val, &end, 10);
        if (end == val || *end || *val == '-')
            return "not a number";
        if (s[0] == 'p') {
            vn->pnode = (uint32_t)u;
        } else {
            if (!u || u > (1ULL << 32))
                return "size (MiB) out of range";
            vn->memkb = u * 1024;
            *have_size = 1;
        }
        return NULL;
    }
    if (!strncmp(s, "vcpus=", 6)) {
        if (check_cpu_list(val))
            return "invalid cpu list (e.g. 0-3,6)";
        free(vn->vcpus);
        vn->vcpus = libxl__strdup_or_abort(val);
        return NULL;
    }
    if (strncmp(s, "vdistances=", 11))
        return "expected pnode=, size=, vcpus= or vdistances=";
    free(vn->distances);
    vn->distances = calloc((size_t)nodes + 1, sizeof(uint32_t));
    if (!vn->distances)
        abort();
    vn->num_distances = 0;
    copy = libxl__strdup_or_abort(val);
    cur = copy;
    while ((tok = strsep(&cur, ",")) != NULL) {
        u = strtoull(tok, &end, 10);
        if (end == tok || *end || *tok == '-' || u > UINT32_MAX ||
            vn->num_distances == nodes) {
            free(copy);
            return "vdistances needs one number per vnode";
        }
        vn->distances[vn->num_distances++] = (uint32_t)u;
    }
    free(copy);
    return vn->num_distances == nodes ? NULL
                                      : "vdistances needs one number per "
                                        "vnode";
}

void libxl__parse_vnuma(XLU_Config *cfg, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    XLU_ConfigList *l;
    uint64_t total = 0;
    int n, i, j;

    if (xlu_cfg_get_list(cfg, "vnuma", &l, &n, 0))
        return;
    b->vnuma_nodes = calloc((size_t)n + 1, sizeof(*b->vnuma_nodes));
    if (!b->vnuma_nodes)
        abort();
    b->num_vnuma_nodes = n;
    for (i = 0; i < n; i++) {
        const XLU_ConfigValue *node = xlu_cfg_get_listitem2(l, i);
        const XLU_ConfigList *kl = xlu_cfg_value_get_list(node);
        struct libxl_vnode_info *vn = &b->vnuma_nodes[i];
        int have_size = 0;

        if (!kl) {
            xlu__report(cfg, 1, where(cfg, node), "vnuma node %d should "
                        "be a list like [\"pnode=0\",\"size=512\","
                        "\"vcpus=0-1\",\"vdistances=10,20\"]", i);
            continue;
        }
        for (j = 0; j < xlu_cfg_list_length(kl); j++) {
            const char *s = xlu_cfg_get_listitem(kl, j);
            const char *why = s ? vnode_kv(vn, s, n, &have_size)
                                : "should be a string";

            if (why)
                xlu__report(cfg, 1, where(cfg, xlu_cfg_get_listitem2(kl, j)),
                            "vnuma node %d `%s': %s", i, s ? s : "(list)",
                            why);
        }
        if (!have_size || !vn->vcpus)
            xlu__report(cfg, 1, where(cfg, node), "vnuma node %d needs "
                        "size= and vcpus=", i);
        total += vn->memkb;
    }
    /* As Xen's xl: the vnodes must add up to the guest's memory. */
    if (b->max_memkb && total && total != (uint64_t)b->max_memkb)
        xlu__report(cfg, 1, where(cfg, xlu_cfg_get_value(cfg, "vnuma")),
                    "vnuma nodes total %llu MiB but maxmem/memory is %lld "
                    "MiB", (unsigned long long)(total / 1024),
                    (long long)(b->max_memkb / 1024));
}

static void spice_bool(XLU_Config *cfg, const char *k, libxl_defbool_t *f)
{
    int b;

    if (!xlu_cfg_get_defbool(cfg, k, &b, 0))
        f->val = b ? LIBXL_DEFBOOL_TRUE : LIBXL_DEFBOOL_FALSE;
}

static void spice_enum(XLU_Config *cfg, const char *k, char **f,
                       const char *const *ok, const char *list)
{
    const char *s;
    int i;

    if (xlu_cfg_get_string(cfg, k, &s, 0))
        return;
    for (i = 0; ok[i]; i++)
        if (!strcmp(s, ok[i])) {
            free(*f);
            *f = libxl__strdup_or_abort(s);
            return;
        }
    xlu__report(cfg, 1, where(cfg, xlu_cfg_get_value(cfg, k)),
                "invalid %s `%s' (%s)", k, s, list);
}

void libxl__parse_spice(XLU_Config *cfg, struct libxl_domain_config *c)
{
    static const char *const compr[] = {
        "auto_glz", "auto_lz", "quic", "glz", "lz", "off", NULL,
    };
    static const char *const video[] = { "filter", "all", "off", NULL };
    struct libxl_spice_info *s = &c->b_info.spice;
    long l;

    spice_bool(cfg, "spice", &s->enable);
    xlu_cfg_replace_string(cfg, "spicehost", &s->host, 0);
    if (!xlu_cfg_get_bounded_long(cfg, "spiceport", 1, 65535, &l, 0))
        s->port = (int)l;
    if (!xlu_cfg_get_bounded_long(cfg, "spicetls_port", 1, 65535, &l, 0))
        s->tls_port = (int)l;
    spice_bool(cfg, "spicedisable_ticketing", &s->disable_ticketing);
    xlu_cfg_replace_string(cfg, "spicepasswd", &s->passwd, 0);
    spice_bool(cfg, "spiceagent_mouse", &s->agent_mouse);
    spice_bool(cfg, "spicevdagent", &s->vdagent);
    spice_bool(cfg, "spice_clipboard_sharing", &s->clipboard_sharing);
    if (!xlu_cfg_get_bounded_long(cfg, "spiceusbredirection", 0, 16, &l, 0))
        s->usbredirection = (int)l;
    spice_enum(cfg, "spice_image_compression", &s->image_compression,
               compr, "auto_glz, auto_lz, quic, glz, lz or off");
    spice_enum(cfg, "spice_streaming_video", &s->streaming_video, video,
               "filter, all or off");
    if (s->enable.val != LIBXL_DEFBOOL_TRUE)
        return;
    if (!s->port && !s->tls_port)
        xlu__report(cfg, 1, where(cfg, xlu_cfg_get_value(cfg, "spice")),
                    "spice=1 needs spiceport= or spicetls_port=");
    if (s->disable_ticketing.val != LIBXL_DEFBOOL_TRUE && !s->passwd)
        xlu__report(cfg, 1, where(cfg, xlu_cfg_get_value(cfg, "spice")),
                    "spice=1 needs spicepasswd= or "
                    "spicedisable_ticketing=1");
}
