/*
 * libxl (config grammar): typed getters of libxlutil (strings, numbers,
 * booleans, lists), type/range warnings with positions, and the
 * "unknown key, did you mean" report.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg_internal.h"

void xlu__report(XLU_Config *cfg, int error, const char *where,
                 const char *fmt, ...)
{
    va_list ap;

    if (error)
        cfg->nerrors++;
    if (!cfg->report)
        return;
    fprintf(cfg->report, "%s: %s: ", where, error ? "error" : "warning");
    va_start(ap, fmt);
    vfprintf(cfg->report, fmt, ap);
    va_end(ap);
    fputc('\n', cfg->report);
}

/*
 * The setting of name that counts (the last one in the file: settings
 * are kept newest first).  Earlier settings of the same key count as
 * used too: they are overridden, not unknown.
 */
static struct xlu__setting *find(const XLU_Config *cfg, const char *name)
{
    struct xlu__setting *s, *found = NULL;

    for (s = cfg->settings; s; s = s->next)
        if (!strcmp(s->name, name)) {
            s->used = 1;
            if (!found)
                found = s;
        }
    return found;
}

/* The setting as a single value of the wanted type, or an error. */
static int get_typed(const XLU_Config *cfg, const char *name,
                     enum XLU_ConfigValueType type, XLU_ConfigValue **v_r,
                     int dont_warn)
{
    struct xlu__setting *s = find(cfg, name);

    if (!s)
        return -ESRCH;
    if (s->value->type != type) {
        if (!dont_warn)
            xlu__report((XLU_Config *)cfg, 1, s->value->where,
                        "parameter `%s' is %s but should be %s", name,
                        type == XLU_LIST ? "a single value" : "a list",
                        type == XLU_LIST ? "a list" : "a single value");
        return -EINVAL;
    }
    *v_r = s->value;
    return 0;
}

int xlu_cfg_get_string(const XLU_Config *cfg, const char *name,
                       const char **value_r, int dont_warn)
{
    XLU_ConfigValue *v;
    int rc = get_typed(cfg, name, XLU_STRING, &v, dont_warn);

    if (!rc)
        *value_r = v->str;
    return rc;
}

int xlu_cfg_replace_string(const XLU_Config *cfg, const char *name,
                           char **value_r, int dont_warn)
{
    const char *s;
    char *c;
    int rc = xlu_cfg_get_string(cfg, name, &s, dont_warn);

    if (rc)
        return rc;
    c = strdup(s);
    if (!c)
        return -ENOMEM;
    free(*value_r);
    *value_r = c;
    return 0;
}

static int parse_long(const XLU_Config *cfg, const char *name,
                      const XLU_ConfigValue *v, long *out, int dont_warn)
{
    char *end;
    long l;

    errno = 0;
    l = strtol(v->str, &end, 0);
    if (!*v->str || *end || errno == ERANGE) {
        if (!dont_warn)
            xlu__report((XLU_Config *)cfg, 1, v->where,
                        "parameter `%s' is not a valid number: \"%s\"",
                        name, v->str);
        return -EINVAL;
    }
    *out = l;
    return 0;
}

int xlu_cfg_get_long(const XLU_Config *cfg, const char *name,
                     long *value_r, int dont_warn)
{
    XLU_ConfigValue *v;
    int rc = get_typed(cfg, name, XLU_STRING, &v, dont_warn);

    if (rc)
        return rc;
    return parse_long(cfg, name, v, value_r, dont_warn);
}

int xlu_cfg_get_bounded_long(const XLU_Config *cfg, const char *name,
                             long min, long max, long *value_r,
                             int dont_warn)
{
    XLU_ConfigValue *v;
    long l;
    int rc = get_typed(cfg, name, XLU_STRING, &v, dont_warn);

    if (!rc)
        rc = parse_long(cfg, name, v, &l, dont_warn);
    if (rc)
        return rc;
    if (l < min || l > max) {
        if (!dont_warn)
            xlu__report((XLU_Config *)cfg, 1, v->where,
                        "parameter `%s' is out of range: %ld (must be "
                        "%ld to %ld)", name, l, min, max);
        return -ERANGE;
    }
    *value_r = l;
    return 0;
}

int xlu_cfg_get_defbool(const XLU_Config *cfg, const char *name,
                        int *value_r, int dont_warn)
{
    long l;
    int rc = xlu_cfg_get_long(cfg, name, &l, dont_warn);

    if (!rc)
        *value_r = !!l;
    return rc;
}

int xlu_cfg_get_list(const XLU_Config *cfg, const char *name,
                     XLU_ConfigList **list_r, int *entries_r, int dont_warn)
{
    XLU_ConfigValue *v;
    int rc = get_typed(cfg, name, XLU_LIST, &v, dont_warn);

    if (rc)
        return rc;
    *list_r = &v->list;
    if (entries_r)
        *entries_r = v->list.n;
    return 0;
}

int xlu_cfg_get_list_as_string_list(const XLU_Config *cfg, const char *name,
                                    char ***strings_r, int dont_warn)
{
    struct xlu__setting *s = find(cfg, name);
    XLU_ConfigValue *v;
    char **sl;
    int i, n;

    if (!s)
        return -ESRCH;
    v = s->value;
    n = v->type == XLU_LIST ? v->list.n : 1;
    for (i = 0; v->type == XLU_LIST && i < n; i++)
        if (v->list.v[i]->type != XLU_STRING) {
            if (!dont_warn)
                xlu__report((XLU_Config *)cfg, 1, v->list.v[i]->where,
                            "parameter `%s': entry %d is a list but "
                            "should be a string", name, i);
            return -EINVAL;
        }
    sl = calloc((size_t)n + 1, sizeof(*sl));
    if (!sl)
        return -ENOMEM;
    for (i = 0; i < n; i++) {
        sl[i] = strdup(v->type == XLU_LIST ? v->list.v[i]->str : v->str);
        if (!sl[i]) {
            while (i--)
                free(sl[i]);
            free(sl);
            return -ENOMEM;
        }
    }
    *strings_r = sl;
    return 0;
}

const char *xlu_cfg_get_listitem(const XLU_ConfigList *list, int n)
{
    if (!list || n < 0 || n >= list->n || list->v[n]->type != XLU_STRING)
        return NULL;
    return list->v[n]->str;
}

int xlu_cfg_list_length(const XLU_ConfigList *list)
{
    return list ? list->n : 0;
}

const XLU_ConfigValue *xlu_cfg_get_listitem2(const XLU_ConfigList *list,
                                             int n)
{
    if (!list || n < 0 || n >= list->n)
        return NULL;
    return list->v[n];
}

const XLU_ConfigValue *xlu_cfg_get_value(const XLU_Config *cfg,
                                         const char *name)
{
    struct xlu__setting *s = find(cfg, name);

    return s ? s->value : NULL;
}

enum XLU_ConfigValueType xlu_cfg_value_type(const XLU_ConfigValue *value)
{
    return value->type;
}

const char *xlu_cfg_value_get_string(const XLU_ConfigValue *value)
{
    return value->type == XLU_STRING ? value->str : NULL;
}

const XLU_ConfigList *xlu_cfg_value_get_list(const XLU_ConfigValue *value)
{
    return value->type == XLU_LIST ? &value->list : NULL;
}

const char *xlu_cfg_value_where(const XLU_ConfigValue *value)
{
    return value->where;
}

int xlu__edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    int prev[65], cur[65];

    if (la > 64 || lb > 64)
        return INT_MAX;
    for (j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);

            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
        }
        memcpy(prev, cur, sizeof(cur));
    }
    return prev[lb];
}

int xlu_cfg_warn_unused(const XLU_Config *cfg, const char *const *known)
{
    struct xlu__setting *s;
    int n = 0, i, best, d;
    const char *sugg;

    for (s = cfg->settings; s; s = s->next) {
        if (s->used)
            continue;
        n++;
        best = 3;
        sugg = NULL;
        for (i = 0; known && known[i]; i++) {
            d = xlu__edit_distance(s->name, known[i]);
            if (d < best) {
                best = d;
                sugg = known[i];
            }
        }
        if (sugg)
            xlu__report((XLU_Config *)cfg, 0, s->value->where,
                        "unknown key `%s' ignored; did you mean `%s'?",
                        s->name, sugg);
        else
            xlu__report((XLU_Config *)cfg, 0, s->value->where,
                        "unknown key `%s' ignored", s->name);
    }
    return n;
}

int xlu_cfg_errors(const XLU_Config *cfg)
{
    return cfg->nerrors;
}

int xlu_cfg_looks_like_python(const XLU_Config *cfg)
{
    return cfg->python;
}

const char **xlu_cfg_key_names(const XLU_Config *cfg)
{
    const struct xlu__setting *s, *t;
    const char **names;
    size_t n = 0, i;

    for (s = cfg->settings; s; s = s->next)
        n++;
    names = calloc(n + 1, sizeof(*names));
    if (!names)
        return NULL;
    /* Settings are newest first: a key counts once, at its oldest one. */
    i = n;
    for (s = cfg->settings; s; s = s->next) {
        for (t = s->next; t; t = t->next)
            if (!strcmp(t->name, s->name))
                break;
        if (!t)
            names[--i] = s->name;
    }
    memmove(names, names + i, (n - i) * sizeof(*names));
    names[n - i] = NULL;
    return names;
}
