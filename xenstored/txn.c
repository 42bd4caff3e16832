/*
 * xenstored transactions: an overlay of written nodes over the main store,
 * a read set of generation counts checked at commit (a node changed since
 * it was seen => EAGAIN), and watch events that fire only on commit.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void txn_note_read(struct txn *t, const char *path, const struct node *n)
{
    struct node *r;

    if (table_get(&t->reads, path))
        return;
    r = calloc(1, sizeof(*r));
    if (!r)
        return;
    r->path = strdup(path);
    if (!r->path) {
        free(r);
        return;
    }
    r->gen = n ? n->gen : 0;
    if (table_put(&t->reads, r))
        node_free(r);
}

struct txn *txn_find(struct conn *c, uint32_t id)
{
    struct txn *t;

    for (t = c->txns; t; t = t->next)
        if (t->id == id)
            return t;
    return NULL;
}

int txn_start(struct conn *c, uint32_t *id)
{
    struct dom *d = dom_get(c->domid, true);
    struct txn *t;

    if (!d)
        return -ENOMEM;
    if (!dom_exempt(c) && d->txns > quota.transactions)     /* as 4.17 */
        return -ENOSPC;
    t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    do {
        t->id = ++c->next_txid;
    } while (!t->id || txn_find(c, t->id));
    t->c = c;
    t->next = c->txns;
    c->txns = t;
    d->txns++;
    *id = t->id;
    return 0;
}

void txn_add_event(struct txn *t, const char *path, bool exact,
                   const struct node *n)
{
    struct txevent *e = calloc(1, sizeof(*e)), **pp;

    if (!e)
        return;
    e->path = strdup(path);
    e->perms = malloc(n->nperms * sizeof(*e->perms));
    if (!e->path || !e->perms) {
        free(e->path);
        free(e->perms);
        free(e);
        return;
    }
    memcpy(e->perms, n->perms, n->nperms * sizeof(*e->perms));
    e->nperms = n->nperms;
    e->exact = exact;
    for (pp = &t->events; *pp; pp = &(*pp)->next)
        ;
    *pp = e;
}

void txn_free(struct txn *t)
{
    struct txevent *e, *next;
    struct txn **pp;
    struct dom *d;

    if (!t)
        return;
    for (pp = &t->c->txns; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    d = dom_get(t->c->domid, false);
    if (d && d->txns)
        d->txns--;
    for (e = t->events; e; e = next) {
        next = e->next;
        free(e->path);
        free(e->perms);
        free(e);
    }
    table_free(&t->overlay);
    table_free(&t->reads);
    free(t);
}

static bool txn_conflict(struct txn *t)
{
    size_t i;
    struct node *r, *n;

    for (i = 0; i < t->reads.nb; i++)
        for (r = t->reads.b[i]; r; r = r->hnext) {
            n = table_get(&store, r->path);
            if ((n ? n->gen : 0) != r->gen)
                return true;
        }
    /* Nodes written without being read first must not have changed. */
    for (i = 0; i < t->overlay.nb; i++)
        for (r = t->overlay.b[i]; r; r = r->hnext) {
            if (table_get(&t->reads, r->path))
                continue;
            n = table_get(&store, r->path);
            if (n && n->gen > r->gen && r->gen)
                return true;
        }
    return false;
}

int txn_end(struct conn *c, struct txn *t, bool commit)
{
    struct txevent *e;
    struct node *n, *cp;
    size_t i;
    int rc = 0;

    (void)c;
    if (!commit)
        goto out;
    if (txn_conflict(t)) {
        rc = -EAGAIN;
        goto out;
    }
    /* Apply: first writes, then deletions (children before parents
     * does not matter, the table is flat). */
    for (i = 0; i < t->overlay.nb; i++)
        for (n = t->overlay.b[i]; n; n = n->hnext) {
            if (n->tomb) {
                view_del(NULL, n->path, NULL);
                continue;
            }
            cp = node_dup(n);
            if (!cp || view_put(NULL, cp)) {
                rc = -ENOMEM;
                goto out;
            }
        }
    for (e = t->events; e; e = e->next)
        watch_fire(e->path, e->exact, e->perms, e->nperms);
out:
    txn_free(t);
    return rc;
}
