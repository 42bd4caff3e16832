/*
 * xenstored store layer: nodes in one hash table keyed by absolute path
 * (O(1) lookup), and views (the main store, or a transaction's overlay).
 * Every allocation failure is reported, never aborted on.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct table store;
uint64_t store_gen;

size_t path_hash(const char *s)
{
    size_t h = PATH_HASH_INIT;

    while (*s)
        h = PATH_HASH_STEP(h, *s++);
    return h;
}

struct node *table_get(struct table *t, const char *path)
{
    struct node *n;

    if (!t->nb)
        return NULL;
    for (n = t->b[path_hash(path) & (t->nb - 1)]; n; n = n->hnext)
        if (!strcmp(n->path, path))
            return n;
    return NULL;
}

static int table_grow(struct table *t)
{
    size_t nb = t->nb ? t->nb * 2 : 64, i;
    struct node **b = calloc(nb, sizeof(*b)), *n, *next;

    if (!b)
        return -ENOMEM;
    for (i = 0; i < t->nb; i++)
        for (n = t->b[i]; n; n = next) {
            next = n->hnext;
            n->hnext = b[path_hash(n->path) & (nb - 1)];
            b[path_hash(n->path) & (nb - 1)] = n;
        }
    free(t->b);
    t->b = b;
    t->nb = nb;
    return 0;
}

struct node *table_take(struct table *t, const char *path)
{
    struct node **pp, *n;

    if (!t->nb)
        return NULL;
    for (pp = &t->b[path_hash(path) & (t->nb - 1)]; (n = *pp); pp = &n->hnext)
        if (!strcmp(n->path, path)) {
            *pp = n->hnext;
            n->hnext = NULL;
            t->n--;
            return n;
        }
    return NULL;
}

/* Inserts n, replacing (and freeing) a node of the same path. */
int table_put(struct table *t, struct node *n)
{
    struct node *old;
    size_t i;

    if (t->n + 1 > t->nb && table_grow(t))
        return -ENOMEM;
    old = table_take(t, n->path);
    node_free(old);
    i = path_hash(n->path) & (t->nb - 1);
    n->hnext = t->b[i];
    t->b[i] = n;
    t->n++;
    return 0;
}

void table_free(struct table *t)
{
    size_t i;
    struct node *n, *next;

    for (i = 0; i < t->nb; i++)
        for (n = t->b[i]; n; n = next) {
            next = n->hnext;
            node_free(n);
        }
    free(t->b);
    t->b = NULL;
    t->nb = t->n = 0;
}

struct node *node_new(const char *path)
{
    struct node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->path = strdup(path);
    n->perms = calloc(1, sizeof(*n->perms));
    if (!n->path || !n->perms) {
        node_free(n);
        return NULL;
    }
    n->perms[0].p = 'n';
    n->nperms = 1;
    return n;
}

static void *memdup(const void *p, size_t len)
{
    void *r = malloc(len ? len : 1);

    if (r && len)
        memcpy(r, p, len);
    return r;
}

struct node *node_dup(const struct node *o)
{
    struct node *n = calloc(1, sizeof(*n));

    if (!n)
        return NULL;
    n->path = strdup(o->path);
    n->value = memdup(o->value, o->vlen);
    n->vlen = o->vlen;
    n->perms = memdup(o->perms, o->nperms * sizeof(*o->perms));
    n->nperms = o->nperms;
    n->children = memdup(o->children, o->clen);
    n->clen = o->clen;
    n->gen = o->gen;
    n->tomb = o->tomb;
    if (!n->path || !n->value || !n->perms || !n->children) {
        node_free(n);
        return NULL;
    }
    return n;
}

void node_free(struct node *n)
{
    if (!n)
        return;
    free(n->path);
    free(n->value);
    free(n->perms);
    free(n->children);
    free(n);
}

int node_set_value(struct node *n, const char *val, uint32_t len)
{
    char *v = memdup(val, len);

    if (!v)
        return -ENOMEM;
    free(n->value);
    n->value = v;
    n->vlen = len;
    return 0;
}

int node_set_perms(struct node *n, const struct perm *p, unsigned np)
{
    struct perm *c = memdup(p, np * sizeof(*p));

    if (!c)
        return -ENOMEM;
    free(n->perms);
    n->perms = c;
    n->nperms = np;
    return 0;
}

static const char *child_find(const struct node *n, const char *name)
{
    const char *p = n->children, *end = n->children + n->clen;

    for (; p && p < end; p += strlen(p) + 1)
        if (!strcmp(p, name))
            return p;
    return NULL;
}

int node_add_child(struct node *n, const char *name)
{
    size_t l = strlen(name) + 1;
    char *c;

    if (child_find(n, name))
        return 0;
    c = realloc(n->children, n->clen + l);
    if (!c)
        return -ENOMEM;
    memcpy(c + n->clen, name, l);
    n->children = c;
    n->clen += l;
    return 0;
}

void node_del_child(struct node *n, const char *name)
{
    const char *p = child_find(n, name);
    size_t l, off;

    if (!p)
        return;
    l = strlen(p) + 1;
    off = p - n->children;
    memmove(n->children + off, n->children + off + l, n->clen - off - l);
    n->clen -= l;
}

const char *path_base(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

struct node *view_get(struct view *v, const char *path)
{
    struct node *n;

    if (v && v->tx) {
        n = table_get(&v->tx->overlay, path);
        if (n)
            return n->tomb ? NULL : n;
        n = table_get(&store, path);
        txn_note_read(v->tx, path, n);
        return n;
    }
    return table_get(&store, path);
}

static uint32_t owner_of(const struct node *n)
{
    return n && n->nperms ? n->perms[0].id : 0;
}

/* Takes ownership of n.  Accounting follows the owner in the main store. */
int view_put(struct view *v, struct node *n)
{
    struct node *old;
    int rc;

    if (v && v->tx) {
        old = view_get(v, n->path);
        rc = table_put(&v->tx->overlay, n);
        if (rc) {
            node_free(n);
            return rc;
        }
        v->tx->nmod++;
        (void)old;
        return 0;
    }
    old = table_get(&store, n->path);
    if (old)
        acct_node(owner_of(old), old, -1);
    n->gen = ++store_gen;
    n->tomb = false;
    rc = table_put(&store, n);
    if (rc) {
        if (old)
            acct_node(owner_of(old), old, 1);
        node_free(n);
        return rc;
    }
    acct_node(owner_of(n), n, 1);
    return 0;
}

int view_del(struct view *v, const char *path, const struct node *old)
{
    struct node *n;

    if (v && v->tx) {
        n = node_dup(old);
        if (!n)
            return -ENOMEM;
        n->tomb = true;
        return view_put(v, n);
    }
    n = table_take(&store, path);
    if (n) {
        acct_node(owner_of(n), n, -1);
        node_free(n);
    }
    store_gen++;
    return 0;
}

static int mk(const char *path, const char *parent, uint32_t owner, char p)
{
    struct node *n = node_new(path), *par;

    if (!n)
        return -ENOMEM;
    n->perms[0].id = owner;
    n->perms[0].p = p;
    if (parent) {
        par = table_get(&store, parent);
        if (par && node_add_child(par, path_base(path)))
            return -ENOMEM;
    }
    return view_put(NULL, n);
}

int store_init(void)
{
    if (mk("/", NULL, 0, 'n') || mk("/tool", "/", 0, 'n') ||
        mk("/tool/xenstored", "/tool", 0, 'n') ||
        mk("@introduceDomain", NULL, 0, 'n') ||
        mk("@releaseDomain", NULL, 0, 'n'))
        return -ENOMEM;
    return 0;
}
