/*
 * xenstored permissions and paths: effective rights of a connection on a
 * node (owner, ACL, default, SET_TARGET, privileged Dom0), the textual
 * perms format of GET/SET_PERMS, and the one place paths are validated.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned letter(char p)
{
    switch (p) {
    case 'r': return PERM_READ;
    case 'w': return PERM_WRITE;
    case 'b': return PERM_READ | PERM_WRITE;
    default: return PERM_NONE;
    }
}

unsigned perm_for(const struct conn *c, const struct node *n)
{
    const uint32_t all = PERM_READ | PERM_WRITE | PERM_OWNER;
    unsigned i, r = PERM_NONE;
    bool found = false;

    if (!c || c->privileged)
        return all;
    if (n->perms[0].id == c->domid)
        return all;
    if (c->target != UINT32_MAX && n->perms[0].id == c->target)
        return all;
    for (i = 1; i < n->nperms; i++)
        if (n->perms[i].id == c->domid ||
            (c->target != UINT32_MAX && n->perms[i].id == c->target)) {
            r |= letter(n->perms[i].p);
            found = true;
        }
    return found ? r : letter(n->perms[0].p);
}

int perms_parse(const char *buf, size_t len, struct perm **out, unsigned *np)
{
    const char *p = buf, *end = buf + len;
    unsigned n = 0, i = 0;
    struct perm *v;
    char *e;
    unsigned long id;

    for (; p < end; p += strlen(p) + 1)
        n++;
    if (!n)
        return -EINVAL;
    v = calloc(n, sizeof(*v));
    if (!v)
        return -ENOMEM;
    for (p = buf; p < end; p += strlen(p) + 1, i++) {
        if (!strchr("rwbn", p[0]) || !p[0] || !p[1]) {
            free(v);
            return -EINVAL;
        }
        errno = 0;
        id = strtoul(p + 1, &e, 10);
        if (*e || errno || id > UINT16_MAX || p[1] == '-') {
            free(v);
            return -EINVAL;
        }
        v[i].p = p[0];
        v[i].id = id;
    }
    *out = v;
    *np = n;
    return 0;
}

char *perms_format(const struct node *n, size_t *len)
{
    char *s = malloc(n->nperms * 12 + 1), *p;
    unsigned i;

    if (!s)
        return NULL;
    for (p = s, i = 0; i < n->nperms; i++)
        p += sprintf(p, "%c%u", n->perms[i].p, n->perms[i].id) + 1;
    *len = p - s;
    return s;
}

static bool valid_chars(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || strchr("-/_@", *s)))
            return false;
    return true;
}

/*
 * Validates a path and makes it absolute (relative paths are under the
 * connection's /local/domain/<id>).  "@..." special names are accepted
 * only where allow_special says so.  Returns 0 or -EINVAL/-ENOMEM.
 */
int path_canon(const struct conn *c, const char *in, char **out,
               bool allow_special)
{
    size_t l = strlen(in);
    char *s;

    if (in[0] == '@') {
        if (!allow_special || !valid_chars(in) || strchr(in, '/') ||
            l > XENSTORE_REL_PATH_MAX)
            return -EINVAL;
        s = strdup(in);
    } else if (in[0] == '/') {
        if (l > XENSTORE_ABS_PATH_MAX || !valid_chars(in) ||
            strstr(in, "//") || (l > 1 && in[l - 1] == '/'))
            return -EINVAL;
        s = strdup(in);
    } else {
        if (!l || l > XENSTORE_REL_PATH_MAX || !valid_chars(in) ||
            strstr(in, "//") || in[l - 1] == '/')
            return -EINVAL;
        s = malloc(l + 32);
        if (s)
            sprintf(s, "/local/domain/%u/%s", c->domid, in);
    }
    if (!s)
        return -ENOMEM;
    if (s[0] == '/' && strlen(s) > XENSTORE_ABS_PATH_MAX) {
        free(s);
        return -EINVAL;
    }
    /* -M: an unprivileged domain's paths, beyond its home prefix. */
    if (c && !dom_exempt(c) && s[0] == '/') {
        char home[40];

        if (strlen(s) > (size_t)snprintf(home, sizeof(home),
                                         "/local/domain/%u", c->domid) +
                            quota.path_max) {
            free(s);
            return -EINVAL;
        }
    }
    *out = s;
    return 0;
}

static bool names(const struct node *n, uint32_t domid)
{
    unsigned j;

    for (j = 0; j < n->nperms; j++)
        if (n->perms[j].id == domid)
            return true;
    return false;
}

/* Takes domid out of n's permissions (an owner becomes Dom0). */
static void purge_node(struct node *n, uint32_t domid)
{
    unsigned j, k;

    acct_node(n->perms[0].id, n, -1);
    if (n->perms[0].id == domid)
        n->perms[0].id = 0;
    for (j = k = 1; j < n->nperms; j++)
        if (n->perms[j].id != domid)
            n->perms[k++] = n->perms[j];
    n->nperms = k;
    acct_node(n->perms[0].id, n, 1);
}

/*
 * XSA-322: a released domid must not keep rights when it is reused.  The
 * nodes whose ACL names domid are those its accounting record lists; the
 * whole store is walked only when nodes it owns remain (-K) or a record
 * could not be kept.
 */
void perms_purge_domid(uint32_t domid)
{
    struct dom *d = dom_get(domid, false);
    size_t i;
    struct node *n;

    if (domid == 0)
        return;
    /* Each pass takes at least the last entry out of d->refv. */
    while (d && d->refs && !acct_refs_lost)
        purge_node(d->refv[d->refs - 1].n, domid);
    if (!acct_refs_lost && (!d || !d->nodes))
        return;
    for (i = 0; i < store.nb; i++)
        for (n = store.b[i]; n; n = n->hnext)
            if (names(n, domid))
                purge_node(n, domid);
}
