/*
 * xenstored wire handlers: the dispatch table keyed by XS_* type and one
 * do_<op> per message, with Xen 4.17's semantics and error names.  Tree
 * walks are iterative (no recursion on guest-chosen depth).
 */
#include "xenstored.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F_PRIV  1       /* privileged callers only */
#define F_TXN   2       /* honours tx_id */



static int reply(struct conn *c, const struct req *r, const void *b,
                 size_t len)
{
    return conn_send(c, r->h->type, r->h->req_id, r->h->tx_id, b, len);
}

static int ok(struct conn *c, const struct req *r)
{
    return reply(c, r, "OK", 3);
}

static int reply_err(struct conn *c, const struct xsd_sockmsg *h, int err)
{
    unsigned i;
    const char *name = "EINVAL";

    for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (xsd_errors[i].errnum == err)
            name = xsd_errors[i].errstring;
    return conn_send(c, XS_ERROR, h->req_id, h->tx_id, name,
                     strlen(name) + 1);
}

/* Nearest node for a permission check on a missing path. */
static struct node *ancestor(struct view *v, const char *path)
{
    char *p = strdup(path), *s;
    struct node *n = NULL;

    if (!p)
        return NULL;
    while ((s = strrchr(p, '/'))) {
        if (s == p)
            s[1] = 0;
        else
            *s = 0;
        n = view_get(v, p);
        if (n || s == p)
            break;
    }
    free(p);
    return n;
}

static int get_node(struct conn *c, struct view *v, const char *path,
                    unsigned want, struct node **out)
{
    struct node *n = view_get(v, path);

    if (!n) {
        n = path[0] == '/' ? ancestor(v, path) : NULL;
        if (n && !(perm_for(c, n) & PERM_READ))
            return -EACCES;
        return -ENOENT;
    }
    if ((perm_for(c, n) & want) != want)
        return -EACCES;
    *out = n;
    return 0;
}

static void event(struct view *v, const char *path, bool exact,
                  const struct node *n)
{
    if (v && v->tx)
        txn_add_event(v->tx, path, exact, n);
    else
        watch_fire_node(path, exact, n);
}

static char *parent_of(const char *path)
{
    char *p = strdup(path), *s;

    if (!p)
        return NULL;
    s = strrchr(p, '/');
    if (s == p)
        s[1] = 0;
    else if (s)
        *s = 0;
    return p;
}

static int check_size(struct conn *c, uint32_t len)
{
    if (!dom_exempt(c) && len >= quota.entry_size)
        return -ENOSPC;
    return 0;
}

/* Creates path and any missing parents (value on the last one). */
static int create_node(struct conn *c, struct view *v, const char *path,
                       const char *val, uint32_t len)
{
    char *missing[XENSTORE_ABS_PATH_MAX / 2 + 2];
    unsigned nm = 0, i;
    struct node *par = NULL, *n, *pc;
    struct dom *d;
    size_t extra;
    int rc = check_size(c, len);

    if (rc)
        return rc;
    missing[nm] = strdup(path);
    if (!missing[nm])
        return -ENOMEM;
    nm++;
    while (!(par = view_get(v, missing[nm - 1]))) {
        if (nm >= sizeof(missing) / sizeof(missing[0])) {
            rc = -EINVAL;
            goto out;
        }
        missing[nm] = parent_of(missing[nm - 1]);
        if (!missing[nm]) {
            rc = -ENOMEM;
            goto out;
        }
        nm++;
    }
    /* missing[nm-1] exists (the root always does). */
    if (!(perm_for(c, par) & PERM_WRITE)) {
        rc = -EACCES;
        goto out;
    }
    d = dom_get(c->domid, true);
    if (!d) {
        rc = -ENOMEM;
        goto out;
    }
    if (!dom_exempt(c) &&
        d->nodes + (v->tx ? v->tx->nmod : 0) + nm - 1 > quota.entries) {
        rc = -ENOSPC;
        goto out;
    }
    if (v->tx && !dom_exempt(c) && v->tx->nmod + nm > quota.tx_nodes) {
        rc = -ENOSPC;
        goto out;
    }
    /* -Q memory: the new nodes are charged to their creator. */
    for (i = 0, extra = len; i + 1 < nm; i++)
        extra += strlen(missing[i]) + 1 + PERM_MEM * par->nperms +
                 strlen(path_base(missing[i])) + 1;
    if ((rc = quota_mem_check(c, extra)))
        goto out;
    for (i = nm - 1; i-- > 0;) {
        n = node_new(missing[i]);
        pc = node_dup(par);
        if (!n || !pc || node_set_perms(n, par->perms, par->nperms) ||
            node_add_child(pc, path_base(missing[i])) ||
            (i == 0 && node_set_value(n, val, len))) {
            node_free(n);
            node_free(pc);
            rc = -ENOMEM;
            goto out;
        }
        if (!c->privileged) {
            unsigned j, k;

            n->perms[0].id = c->domid;
            for (j = k = 1; j < n->nperms; j++)
                if (n->perms[j].id != c->domid)
                    n->perms[k++] = n->perms[j];
            n->nperms = k;
        }
        if ((rc = view_put(v, pc)) || (rc = view_put(v, n)))
            goto out;
        par = view_get(v, missing[i]);
        event(v, missing[i], false, par);
    }
out:
    for (i = 0; i < nm; i++)
        free(missing[i]);
    return rc;
}

static int do_read(struct conn *c, struct view *v, struct req *r)
{
    struct node *n;
    int rc = get_node(c, v, r->arg[0], PERM_READ, &n);

    return rc ? rc : reply(c, r, n->value, n->vlen);
}

static int do_directory(struct conn *c, struct view *v, struct req *r)
{
    struct node *n;
    int rc = get_node(c, v, r->arg[0], PERM_READ, &n);

    if (rc)
        return rc;
    if (n->clen > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    return reply(c, r, n->children, n->clen);
}

static int do_directory_part(struct conn *c, struct view *v, struct req *r)
{
    char buf[XENSTORE_PAYLOAD_MAX], *e;
    struct node *n;
    unsigned long off;
    size_t l, pos, cl;
    int rc;

    if (r->nargs != 2)
        return -EINVAL;
    rc = get_node(c, v, r->arg[0], PERM_READ, &n);
    if (rc)
        return rc;
    errno = 0;
    off = strtoul(r->arg[1], &e, 10);
    if (*e || errno || !r->arg[1][0])
        return -EINVAL;
    l = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n->gen) + 1;
    for (pos = 0; pos < n->clen && off; off--)
        pos += strlen(n->children + pos) + 1;
    while (pos < n->clen) {
        cl = strlen(n->children + pos) + 1;
        if (l + cl + 1 > sizeof(buf))
            return reply(c, r, buf, l);
        memcpy(buf + l, n->children + pos, cl);
        l += cl;
        pos += cl;
    }
    buf[l++] = 0;
    return reply(c, r, buf, l);
}

static int do_get_perms(struct conn *c, struct view *v, struct req *r)
{
    struct node *n;
    size_t l;
    char *s;
    int rc = get_node(c, v, r->arg[0], PERM_READ, &n);

    if (rc)
        return rc;
    s = perms_format(n, &l);
    if (!s)
        return -ENOMEM;
    rc = reply(c, r, s, l);
    free(s);
    return rc;
}

static int do_write(struct conn *c, struct view *v, struct req *r)
{
    const char *val;
    uint32_t vl;
    struct node *n, *cp;
    int rc;

    if (!r->nargs || strlen(r->body) + 1 > r->len)
        return -EINVAL;
    val = r->body + strlen(r->body) + 1;
    vl = r->len - (val - r->body);
    rc = get_node(c, v, r->arg[0], PERM_WRITE, &n);
    if (rc == -ENOENT)
        return create_node(c, v, r->arg[0], val, vl) ?: ok(c, r);
    if (rc)
        return rc;
    if ((rc = check_size(c, vl)))
        return rc;
    if (vl > n->vlen && (rc = quota_mem_check(c, vl - n->vlen)))
        return rc;
    cp = node_dup(n);
    if (!cp || node_set_value(cp, val, vl)) {
        node_free(cp);
        return -ENOMEM;
    }
    if ((rc = view_put(v, cp)))
        return rc;
    event(v, r->arg[0], false, view_get(v, r->arg[0]));
    return ok(c, r);
}

static int do_mkdir(struct conn *c, struct view *v, struct req *r)
{
    struct node *n;
    int rc = get_node(c, v, r->arg[0], PERM_WRITE, &n);

    if (rc == -ENOENT)
        rc = create_node(c, v, r->arg[0], "", 0);
    return rc ? rc : ok(c, r);
}

/* Removes path and everything below it, breadth first, no recursion. */
int do_rm_tree(struct conn *c, struct view *v, const char *path,
               bool events)
{
    char **q = NULL, **nq, *par;
    size_t nq_len = 0, cap = 0, i, pos;
    struct node *n, *pn;
    int rc = 0;

    (void)c;
    q = malloc(sizeof(*q) * (cap = 64));
    if (!q || !(q[0] = strdup(path))) {
        free(q);
        return -ENOMEM;
    }
    nq_len = 1;
    for (i = 0; i < nq_len; i++) {
        n = view_get(v, q[i]);
        for (pos = 0; n && pos < n->clen; pos += strlen(n->children + pos) + 1) {
            if (nq_len == cap) {
                nq = realloc(q, sizeof(*q) * (cap *= 2));
                if (!nq) {
                    rc = -ENOMEM;
                    goto out;
                }
                q = nq;
            }
            q[nq_len] = malloc(strlen(q[i]) + strlen(n->children + pos) + 2);
            if (!q[nq_len]) {
                rc = -ENOMEM;
                goto out;
            }
            sprintf(q[nq_len++], "%s%s%s", q[i], strcmp(q[i], "/") ? "/" : "",
                    n->children + pos);
        }
    }
    par = parent_of(path);
    pn = par ? view_get(v, par) : NULL;
    if (pn) {
        pn = node_dup(pn);
        if (!pn) {
            free(par);
            rc = -ENOMEM;
            goto out;
        }
        node_del_child(pn, path_base(path));
        rc = view_put(v, pn);
    }
    free(par);
    for (i = nq_len; rc == 0 && i-- > 0;) {
        n = view_get(v, q[i]);
        if (!n)
            continue;
        if (events)
            event(v, q[i], i != 0, n);
        rc = view_del(v, q[i], n);
    }
out:
    for (i = 0; i < nq_len; i++)
        free(q[i]);
    free(q);
    return rc;
}

static int do_rm(struct conn *c, struct view *v, struct req *r)
{
    struct node *n;
    char *par;
    int rc = get_node(c, v, r->arg[0], PERM_WRITE, &n);

    if (rc == -ENOENT) {
        par = parent_of(r->arg[0]);
        if (!par)
            return -ENOMEM;
        n = view_get(v, par);
        free(par);
        return n ? ok(c, r) : -ENOENT;
    }
    if (rc)
        return rc;
    if (!strcmp(r->arg[0], "/"))
        return -EINVAL;
    return do_rm_tree(c, v, r->arg[0], true) ?: ok(c, r);
}

static int do_set_perms(struct conn *c, struct view *v, struct req *r)
{
    const char *p = r->body + strlen(r->body) + 1;
    struct perm *perms = NULL;
    struct node *n, *cp;
    unsigned np;
    int rc;

    rc = perms_parse(p, r->len - (p - r->body), &perms, &np);
    if (rc)
        return rc;
    rc = -ENOSPC;
    if (!dom_exempt(c) && np > quota.perms)      /* owner included */
        goto out;
    rc = get_node(c, v, r->arg[0], PERM_WRITE | PERM_OWNER, &n);
    if (rc)
        goto out;
    rc = -EPERM;
    if (!c->privileged && perms[0].id != n->perms[0].id)
        goto out;
    rc = -ENOMEM;
    cp = node_dup(n);
    if (!cp || node_set_perms(cp, perms, np)) {
        node_free(cp);
        goto out;
    }
    if (n->path[0] == '@') {
        /* Specials change in place; their accounting follows. */
        acct_node(n->perms[0].id, n, -1);
        rc = node_set_perms(n, perms, np);
        acct_node(n->perms[0].id, n, 1);
        node_free(cp);
    } else if (!(rc = view_put(v, cp)))
        event(v, r->arg[0], false, view_get(v, r->arg[0]));
    if (!rc)
        rc = ok(c, r);
out:
    free(perms);
    return rc;
}

static int do_watch(struct conn *c, struct view *v, struct req *r)
{
    int rc;

    (void)v;
    if (r->nargs != 2)
        return -EINVAL;
    rc = watch_add(c, r->arg[0], r->arg[1]);
    if (rc)
        return rc;
    rc = ok(c, r);
    watch_initial(c, r->arg[0], r->arg[1]);
    return rc;
}

static int do_unwatch(struct conn *c, struct view *v, struct req *r)
{
    (void)v;
    if (r->nargs != 2)
        return -EINVAL;
    return watch_del(c, r->arg[0], r->arg[1]) ?: ok(c, r);
}

static int do_tx_start(struct conn *c, struct view *v, struct req *r)
{
    char buf[16];
    uint32_t id;
    int rc;

    if (v->tx || r->h->tx_id)
        return -EBUSY;
    rc = txn_start(c, &id);
    if (rc)
        return rc;
    return reply(c, r, buf, snprintf(buf, sizeof(buf), "%u", id) + 1);
}

static int do_tx_end(struct conn *c, struct view *v, struct req *r)
{
    bool commit;
    int rc;

    if (!v->tx)
        return -ENOENT;
    if (!strcmp(r->arg[0], "T"))
        commit = true;
    else if (!strcmp(r->arg[0], "F"))
        commit = false;
    else
        return -EINVAL;
    rc = txn_end(c, v->tx, commit);
    v->tx = NULL;
    return rc ? rc : ok(c, r);
}

static int parse_domid(const char *s, uint32_t *out)
{
    char *e;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &e, 10);
    if (!s[0] || *e || errno || v >= 0x7FF0)
        return -EINVAL;
    *out = v;
    return 0;
}

static int do_get_domain_path(struct conn *c, struct view *v, struct req *r)
{
    char buf[40];
    uint32_t d;

    (void)v;
    if (parse_domid(r->arg[0], &d))
        return -EINVAL;
    return reply(c, r, buf, snprintf(buf, sizeof(buf),
                                     "/local/domain/%u", d) + 1);
}

static int do_is_introduced(struct conn *c, struct view *v, struct req *r)
{
    struct dom *d;
    uint32_t id;

    (void)v;
    if (parse_domid(r->arg[0], &id))
        return -EINVAL;
    d = dom_get(id, false);
    return reply(c, r, (id == 0 || (d && d->introduced)) ? "T" : "F", 2);
}

static int do_introduce(struct conn *c, struct view *v, struct req *r)
{
    uint32_t id, port;
    unsigned long long mfn;
    char *e;
    int rc;

    (void)v;
    if (r->nargs < 3 || parse_domid(r->arg[0], &id) ||
        parse_domid(r->arg[2], &port))
        return -EINVAL;
    errno = 0;
    mfn = strtoull(r->arg[1], &e, 10);
    if (*e || errno || !r->arg[1][0] || id == 0)
        return -EINVAL;
    rc = domain_introduce(c, id, mfn, port);
    return rc ? rc : ok(c, r);
}

static int do_release(struct conn *c, struct view *v, struct req *r)
{
    uint32_t id;

    (void)v;
    if (parse_domid(r->arg[0], &id) || id == 0)
        return -EINVAL;
    return domain_release(id, true) ?: ok(c, r);
}

static int do_resume(struct conn *c, struct view *v, struct req *r)
{
    uint32_t id;

    (void)v;
    if (parse_domid(r->arg[0], &id) || id == 0)
        return -EINVAL;
    return domain_resume(id) ?: ok(c, r);
}

static int do_set_target(struct conn *c, struct view *v, struct req *r)
{
    uint32_t id, tgt;
    struct dom *d;

    (void)v;
    if (r->nargs != 2 || parse_domid(r->arg[0], &id) ||
        parse_domid(r->arg[1], &tgt))
        return -EINVAL;
    d = dom_get(id, false);
    if (!d || !d->introduced || !d->conn)
        return -ENOENT;
    if (!dom_get(tgt, false) || !dom_get(tgt, false)->introduced)
        return -ENOENT;
    d->conn->target = tgt;
    return ok(c, r);
}

static int do_reset_watches(struct conn *c, struct view *v, struct req *r)
{
    (void)v;
    watch_reset(c);
    while (c->txns)
        txn_free(c->txns);
    return ok(c, r);
}

static const struct {
    const char *name;
    int (*fn)(struct conn *, struct view *, struct req *);
    unsigned flags;
    unsigned minargs;
} wire[XS_TYPE_COUNT] = {
    [XS_CONTROL] = { "CONTROL", do_control, F_PRIV, 1 },
    [XS_DIRECTORY] = { "DIRECTORY", do_directory, F_TXN, 1 },
    [XS_READ] = { "READ", do_read, F_TXN, 1 },
    [XS_GET_PERMS] = { "GET_PERMS", do_get_perms, F_TXN, 1 },
    [XS_WATCH] = { "WATCH", do_watch, 0, 2 },
    [XS_UNWATCH] = { "UNWATCH", do_unwatch, 0, 2 },
    [XS_TRANSACTION_START] = { "TRANSACTION_START", do_tx_start, F_TXN, 0 },
    [XS_TRANSACTION_END] = { "TRANSACTION_END", do_tx_end, F_TXN, 1 },
    [XS_INTRODUCE] = { "INTRODUCE", do_introduce, F_PRIV, 3 },
    [XS_RELEASE] = { "RELEASE", do_release, F_PRIV, 1 },
    [XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, 0, 1 },
    [XS_WRITE] = { "WRITE", do_write, F_TXN, 1 },
    [XS_MKDIR] = { "MKDIR", do_mkdir, F_TXN, 1 },
    [XS_RM] = { "RM", do_rm, F_TXN, 1 },
    [XS_SET_PERMS] = { "SET_PERMS", do_set_perms, F_TXN, 2 },
    [XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED",
                                  do_is_introduced, F_PRIV, 1 },
    [XS_RESUME] = { "RESUME", do_resume, F_PRIV, 1 },
    [XS_SET_TARGET] = { "SET_TARGET", do_set_target, F_PRIV, 2 },
    [XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, F_PRIV, 0 },
    [XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, F_TXN, 2 },
};

static bool path_arg(uint32_t type)
{
    return type == XS_READ || type == XS_DIRECTORY || type == XS_WRITE ||
           type == XS_MKDIR || type == XS_RM || type == XS_GET_PERMS ||
           type == XS_SET_PERMS || type == XS_DIRECTORY_PART;
}

/* body has len+1 bytes, the last one NUL, so strings are bounded. */
void dispatch(struct conn *c, const struct xsd_sockmsg *h, char *body)
{
    struct req r = { .h = h, .body = body, .len = h->len };
    struct view v = { 0 };
    char *abs = NULL, *p;
    int rc;

    trace_msg(c, "IN ", h, body);
    if (h->type >= XS_TYPE_COUNT || !wire[h->type].fn) {
        rc = -ENOSYS;
        goto out;
    }
    for (p = body; p < body + h->len && r.nargs < 8; p += strlen(p) + 1)
        r.arg[r.nargs++] = p;
    rc = -EACCES;
    if ((wire[h->type].flags & F_PRIV) && !c->privileged)
        goto out;
    rc = -EINVAL;
    if (r.nargs < wire[h->type].minargs)
        goto out;
    for (; r.nargs < 8; r.nargs++)
        r.arg[r.nargs] = "";
    r.nargs = 0;
    for (p = body; p < body + h->len && r.nargs < 8; p += strlen(p) + 1)
        r.nargs++;
    if ((wire[h->type].flags & F_TXN) && h->tx_id) {
        v.tx = txn_find(c, h->tx_id);
        rc = -ENOENT;
        if (!v.tx)
            goto out;
    }
    if (path_arg(h->type)) {
        rc = path_canon(c, r.arg[0], &abs,
                        h->type == XS_GET_PERMS || h->type == XS_SET_PERMS);
        if (rc)
            goto out;
        r.arg[0] = abs;
        if (h->type == XS_WRITE || h->type == XS_SET_PERMS) {
            /* Handlers find the value after the first string. */
            r.body = body;
        }
    }
    rc = wire[h->type].fn(c, &v, &r);
out:
    if (rc)
        reply_err(c, h, -rc);
    free(abs);
}
