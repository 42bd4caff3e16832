/*
 * libxl: CPU maps: parsing xl's CPU lists ("0-3,^1", "all",
 * "nodes:0-1") and printing them back as ranges.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

static void set_bit(struct libxl_cpumap *m, unsigned b, bool on)
{
    if (b >= LIBXL_CPUMAP_BITS)
        return;
    if (on)
        m->map[b / 8] |= (uint8_t)(1u << (b % 8));
    else
        m->map[b / 8] &= (uint8_t)~(1u << (b % 8));
}

void libxl__cpumap_from_bytes(libxl_ctx *ctx, struct libxl_cpumap *m,
                              const uint8_t *bytes, size_t len)
{
    memset(m, 0, sizeof(*m));
    memcpy(m->map, bytes, len < sizeof(m->map) ? len : sizeof(m->map));
    m->nr_bits = libxl__host_nr_cpus(ctx);
}

/* "a" or "a-b" into [*lo, *hi]; 0 or -EINVAL. */
static int parse_range(const char *s, unsigned *lo, unsigned *hi)
{
    char *end;
    unsigned long a, b;

    if (!isdigit((unsigned char)*s))
        return -EINVAL;
    a = strtoul(s, &end, 10);
    b = a;
    if (*end == '-') {
        if (!isdigit((unsigned char)end[1]))
            return -EINVAL;
        b = strtoul(end + 1, &end, 10);
    }
    if (*end || a > b || b >= LIBXL_CPUMAP_BITS)
        return -EINVAL;
    *lo = (unsigned)a;
    *hi = (unsigned)b;
    return 0;
}

/* Set or clear the CPUs of nodes lo..hi using the host topology. */
static int apply_nodes(libxl_ctx *ctx, struct libxl_cpumap *m, unsigned lo,
                       unsigned hi, bool on)
{
    struct libxl_cputopology *t;
    int n, rc = libxl_get_cpu_topology(ctx, &t, &n);

    if (rc)
        return rc;
    for (int c = 0; c < n; c++)
        if (t[c].node != ~0U && t[c].node >= lo && t[c].node <= hi)
            set_bit(m, (unsigned)c, on);
    free(t);
    return 0;
}

static int parse_item(libxl_ctx *ctx, struct libxl_cpumap *m, char *item)
{
    bool on = true, nodes = false;
    unsigned lo, hi;

    if (*item == '^') {
        on = false;
        item++;
    }
    if (!strncmp(item, "nodes:", 6) || !strncmp(item, "node:", 5)) {
        nodes = true;
        item = strchr(item, ':') + 1;
        if (*item == '^') {
            on = !on;
            item++;
        }
    }
    if (!strcmp(item, "all")) {
        lo = 0;
        hi = nodes ? LIBXL_CPUMAP_BITS - 1 : m->nr_bits - 1;
    } else if (parse_range(item, &lo, &hi)) {
        return libxl__seterr(ctx, -EINVAL, "invalid cpu range '%s'", item);
    }
    if (nodes)
        return apply_nodes(ctx, m, lo, hi, on);
    for (unsigned b = lo; b <= hi; b++)
        set_bit(m, b, on);
    return 0;
}

LIBXL_API int libxl_cpumap_parse(libxl_ctx *ctx, const char *s,
                                 struct libxl_cpumap *map)
{
    struct libxl_cpumap m;
    char *copy, *item, *save = NULL;
    int rc = 0;

    memset(&m, 0, sizeof(m));
    m.nr_bits = libxl__host_nr_cpus(ctx);
    if (!strcmp(s, "none")) {
        *map = m;
        return 0;
    }
    if (!*s)
        return libxl__seterr(ctx, -EINVAL, "empty cpu list");
    copy = libxl__xstrdup(s);
    for (item = strtok_r(copy, ",", &save); item && !rc;
         item = strtok_r(NULL, ",", &save))
        rc = parse_item(ctx, &m, item);
    free(copy);
    if (!rc)
        *map = m;
    return rc;
}

LIBXL_API char *libxl_cpumap_to_string(const struct libxl_cpumap *m)
{
    size_t cap = 16, len = 0;
    char *out = libxl__malloc0(cap);
    unsigned nr = m->nr_bits, set = 0;

    for (unsigned b = 0; b < nr; b++)
        set += libxl_cpumap_test(m, b);
    if (set == nr || !set) {
        free(out);
        return libxl__xstrdup(set ? "all" : "none");
    }
    for (unsigned b = 0; b < nr; b++) {
        unsigned e = b;
        char piece[32];
        int w;

        if (!libxl_cpumap_test(m, b))
            continue;
        while (e + 1 < nr && libxl_cpumap_test(m, e + 1))
            e++;
        w = e > b ? snprintf(piece, sizeof(piece), "%s%u-%u",
                             len ? "," : "", b, e)
                  : snprintf(piece, sizeof(piece), "%s%u", len ? "," : "", b);
        while (len + (size_t)w + 1 > cap) {
            cap *= 2;
            out = realloc(out, cap);
            if (!out)
                abort();
        }
        memcpy(out + len, piece, (size_t)w + 1);
        len += (size_t)w;
        b = e;
    }
    return out;
}
