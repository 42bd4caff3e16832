/*
 * libxl (config model): the vdispl spec of xl.cfg(5):
 * "backend=DOM,be-alloc=BOOL,connectors=ID:WxH;ID:WxH" into a typed
 * para-virtual display.  Part of libxlutil.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* "id0:1920x1080" -> one connector; 0 or -1. */
static int connector(struct libxl_connector_param *p, const char *s)
{
    const char *colon = strrchr(s, ':'), *x;
    char *end;
    unsigned long w, h;

    if (!colon || colon == s)
        return -1;
    x = strchr(colon + 1, 'x');
    if (!x)
        return -1;
    w = strtoul(colon + 1, &end, 10);
    if (end != x || !w || w > 0xffff)
        return -1;
    h = strtoul(x + 1, &end, 10);
    if (*end || end == x + 1 || !h || h > 0xffff)
        return -1;
    p->unique_id = strndup(s, (size_t)(colon - s));
    if (!p->unique_id)
        abort();
    p->width = (uint32_t)w;
    p->height = (uint32_t)h;
    return 0;
}

static int connectors(struct libxl_device_vdispl *d, const char *v,
                      char **err_r)
{
    char *copy = libxl__strdup_or_abort(v), *cur = copy, *tok;
    int rc = 0;

    while (!rc && (tok = strsep(&cur, ";")) != NULL) {
        d->connectors = realloc(d->connectors, sizeof(*d->connectors) *
                                (size_t)(d->num_connectors + 1));
        if (!d->connectors)
            abort();
        memset(&d->connectors[d->num_connectors], 0,
               sizeof(*d->connectors));
        if (connector(&d->connectors[d->num_connectors], tok)) {
            *err_r = libxl__xasprintf("invalid connector `%s' (expected "
                                      "ID:WIDTHxHEIGHT)", tok);
            rc = -EINVAL;
        } else {
            d->num_connectors++;
        }
    }
    free(copy);
    return rc;
}

int libxl__parse_vdispl(struct libxl_device_vdispl *d, const char *spec,
                        char **err_r)
{
    char *copy = libxl__strdup_or_abort(spec), *cur = copy, *tok, *eq;
    int rc = 0;

    /* connectors= holds no commas: split the spec on them. */
    while (!rc && (tok = strsep(&cur, ",")) != NULL) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        eq = strchr(tok, '=');
        if (!eq) {
            *err_r = libxl__xasprintf("invalid vdispl parameter `%s' "
                                      "(expected key=value)", tok);
            rc = -EINVAL;
            break;
        }
        *eq++ = 0;
        if (!strcmp(tok, "backend")) {
            free(d->backend_domname);
            d->backend_domname = libxl__strdup_or_abort(eq);
        } else if (!strcmp(tok, "be-alloc")) {
            if (strcmp(eq, "0") && strcmp(eq, "1")) {
                *err_r = libxl__xasprintf("invalid be-alloc `%s' (0 or 1)",
                                          eq);
                rc = -EINVAL;
            } else {
                d->be_alloc.val = *eq == '1' ? LIBXL_DEFBOOL_TRUE
                                             : LIBXL_DEFBOOL_FALSE;
            }
        } else if (!strcmp(tok, "connectors")) {
            rc = connectors(d, eq, err_r);
        } else {
            *err_r = libxl__xasprintf("unknown vdispl parameter `%s'", tok);
            rc = -EINVAL;
        }
    }
    free(copy);
    if (!rc && !d->num_connectors) {
        *err_r = libxl__xasprintf("connectors= is required (e.g. "
                                  "connectors=id0:1920x1080)");
        rc = -EINVAL;
    }
    return rc;
}
