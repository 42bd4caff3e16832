/*
 * libxl (config model): validation of the pci= spec mini-language of
 * xl-pci-configuration(5): [DDDD:]BB:DD.F[@VSLOT][,KEY=VALUE...], also
 * BDF given as bdf=.  Entries are kept as written.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* Hex number of at most maxdigits digits ending the field at *p. */
static int hexfield(const char **p, int maxdigits, unsigned long max)
{
    const char *s = *p;
    unsigned long v = 0;
    int n = 0;

    while (isxdigit((unsigned char)*s) && n <= maxdigits) {
        v = v * 16 + (unsigned long)(isdigit((unsigned char)*s) ? *s - '0' :
                                     tolower((unsigned char)*s) - 'a' + 10);
        s++;
        n++;
    }
    if (!n || n > maxdigits || v > max)
        return -1;
    *p = s;
    return 0;
}

static int parse_bdf(const char *s, const char **end)
{
    const char *p = s, *q;

    /* optional domain: count the colons before the dot */
    q = strchr(p, ':');
    if (q && strchr(q + 1, ':') && (q = strchr(q + 1, ':'))) {
        if (hexfield(&p, 4, 0xffff) || *p++ != ':')
            return -1;
    }
    if (hexfield(&p, 2, 0xff) || *p++ != ':' || hexfield(&p, 2, 0x1f) ||
        *p++ != '.')
        return -1;
    if (*p == '*')
        p++;
    else if (hexfield(&p, 1, 7))
        return -1;
    if (*p == '@') {
        p++;
        if (hexfield(&p, 2, 0x1f))
            return -1;
    }
    *end = p;
    return 0;
}

static const char *check_kv(const char *k, const char *v)
{
    static const char *const bools[] = { "permissive", "msitranslate",
                                         "seize", "power_mgmt" };
    size_t i;

    for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
        if (!strcmp(k, bools[i]))
            return strcmp(v, "0") && strcmp(v, "1") ?
                   "expected 0 or 1" : NULL;
    if (!strcmp(k, "rdm_policy"))
        return strcmp(v, "strict") && strcmp(v, "relaxed") ?
               "rdm_policy must be strict or relaxed" : NULL;
    if (!strcmp(k, "name") || !strcmp(k, "vslot"))
        return *v ? NULL : "empty value";
    if (!strcmp(k, "bdf")) {
        const char *e;

        return parse_bdf(v, &e) || *e ? "invalid BDF" : NULL;
    }
    return "unknown pci parameter";
}

int libxl__check_pci(const char *spec, char **err_r)
{
    char *buf = libxl__strdup_or_abort(spec), *p, *t, *eq;
    const char *err = NULL, *end;
    int first = 1;

    for (p = buf; p && !err; first = 0) {
        t = p;
        p = strchr(p, ',');
        if (p)
            *p++ = 0;
        while (isspace((unsigned char)*t))
            t++;
        eq = strchr(t, '=');
        if (first && !eq) {
            if (parse_bdf(t, &end) || (*end && !isspace((unsigned char)*end)))
                err = "invalid PCI address (expected [DDDD:]BB:DD.F"
                      "[@VSLOT])";
            continue;
        }
        if (!eq) {
            err = "expected key=value";
            continue;
        }
        *eq = 0;
        err = check_kv(t, eq + 1);
    }
    if (err)
        *err_r = libxl__xasprintf("%s", err);
    free(buf);
    return err ? -EINVAL : 0;
}
