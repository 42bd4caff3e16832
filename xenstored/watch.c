/*
 * xenstored watches: registration per connection (quota -W), firing on
 * changes (prefix match, or exact for removed children and @specials),
 * filtered by the watcher's read permission on the changed node.  An
 * index by path makes a change cost the watches it fires, not all.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* What a watch costs its domain (-Q memory). */
static size_t watch_mem(const char *path, const char *token)
{
    return strlen(path) * 2 + strlen(token) + 3 + sizeof(struct watch);
}

static int send_event(struct conn *c, const struct watch *w,
                      const char *path)
{
    size_t pl, tl, off = 0;
    char *buf;
    int rc;

    /* Relative watches get relative event paths. */
    if (w->path[0] != '/' && w->path[0] != '@')
        off = strlen(w->abs) - strlen(w->path);
    pl = strlen(path + off) + 1;
    tl = strlen(w->token) + 1;
    buf = malloc(pl + tl);
    if (!buf)
        return -ENOMEM;
    memcpy(buf, path + off, pl);
    memcpy(buf + pl, w->token, tl);
    rc = conn_send(c, XS_WATCH_EVENT, 0, 0, buf, pl + tl);
    free(buf);
    return rc;
}

static bool may_see(const struct conn *c, const char *path,
                    const struct perm *p, unsigned np)
{
    struct node n = { .path = (char *)path, .perms = (struct perm *)p,
                      .nperms = np };

    if (c->privileged)
        return true;
    return np && (perm_for(c, &n) & PERM_READ);
}

/*
 * The index: every watch by the hash of its absolute path, so a change
 * looks up the watches on the path and on each of its parents instead of
 * walking every watch of every connection.
 */
static struct watch **idx;
static size_t idx_nb, idx_n;
static uint64_t watch_seq;

static struct watch **idx_bucket(size_t h)
{
    return &idx[h & (idx_nb - 1)];
}

static int idx_grow(void)
{
    size_t nb = idx_nb ? idx_nb * 2 : 64, i;
    struct watch **b = calloc(nb, sizeof(*b)), *w, *next;

    if (!b)
        return -ENOMEM;
    for (i = 0; i < idx_nb; i++)
        for (w = idx[i]; w; w = next) {
            next = w->hnext;
            w->hnext = b[path_hash(w->abs) & (nb - 1)];
            b[path_hash(w->abs) & (nb - 1)] = w;
        }
    free(idx);
    idx = b;
    idx_nb = nb;
    return 0;
}

static void idx_del(struct watch *w)
{
    struct watch **pp;

    for (pp = idx_bucket(path_hash(w->abs)); *pp; pp = &(*pp)->hnext)
        if (*pp == w) {
            *pp = w->hnext;
            idx_n--;
            return;
        }
}

/* Matching watches, gathered before any event goes out. */
struct hits {
    struct watch **v;
    size_t n, cap;
};

/* Adds the watches on the first len bytes of path (hash h). */
static void gather(struct hits *m, const char *path, size_t len, size_t h)
{
    struct watch *w, **nv;

    if (!idx_nb)
        return;
    for (w = *idx_bucket(h); w; w = w->hnext) {
        if (w->alen != len || memcmp(w->abs, path, len))
            continue;
        if (m->n == m->cap) {
            nv = realloc(m->v, (m->cap ? m->cap * 2 : 16) * sizeof(*nv));
            if (!nv) {
                log_warn("out of memory: watch events on \"%s\" lost",
                         path);
                return;
            }
            m->v = nv;
            m->cap = m->cap ? m->cap * 2 : 16;
        }
        m->v[m->n++] = w;
    }
}

static int by_seq(const void *a, const void *b)
{
    uint64_t x = (*(struct watch *const *)a)->seq;
    uint64_t y = (*(struct watch *const *)b)->seq;

    return x < y ? -1 : x > y;
}

/*
 * A change of path reaches the watches on path itself and, unless exact,
 * those on each parent ("/" included); each connection gets its events
 * in the order it registered the watches.
 */
void watch_fire(const char *path, bool exact, const struct perm *p,
                unsigned np)
{
    struct hits m = { 0 };
    size_t h = PATH_HASH_INIT, i;
    struct watch *w;

    if (!exact && path[0] == '/')
        gather(&m, "/", 1, PATH_HASH_STEP(h, '/'));
    for (i = 0; path[i]; i++) {
        if (!exact && i > 0 && path[i] == '/')
            gather(&m, path, i, h);
        h = PATH_HASH_STEP(h, path[i]);
    }
    if (i > 1 || exact || path[0] != '/')
        gather(&m, path, i, h);
    if (m.n > 1)
        qsort(m.v, m.n, sizeof(*m.v), by_seq);
    for (i = 0; i < m.n; i++) {
        w = m.v[i];
        if (!w->c->dead && may_see(w->c, path, p, np))
            send_event(w->c, w, path);
    }
    free(m.v);
}

void watch_fire_node(const char *path, bool exact, const struct node *n)
{
    watch_fire(path, exact, n->perms, n->nperms);
}

/* c's watch on abs with token, if any. */
static struct watch *find(struct conn *c, const char *abs, const char *token)
{
    struct watch *w;

    if (!idx_nb)
        return NULL;
    for (w = *idx_bucket(path_hash(abs)); w; w = w->hnext)
        if (w->c == c && !strcmp(w->abs, abs) && !strcmp(w->token, token))
            return w;
    return NULL;
}

int watch_add(struct conn *c, const char *path, const char *token)
{
    struct dom *d = dom_get(c->domid, true);
    struct watch *w;
    char *abs = NULL;
    int rc;

    if (!d)
        return -ENOMEM;
    rc = path_canon(c, path, &abs, true);
    if (rc)
        return rc;
    rc = -EEXIST;
    if (find(c, abs, token))
        goto fail;
    rc = -E2BIG;
    if (!dom_exempt(c) && c->nwatches > quota.watches)  /* 4.17: one over */
        goto fail;
    rc = quota_mem_check(c, watch_mem(path, token));
    if (rc)
        goto fail;
    rc = -ENOMEM;
    if (idx_n + 1 > idx_nb && idx_grow())
        goto fail;
    w = calloc(1, sizeof(*w));
    if (!w || !(w->path = strdup(path)) || !(w->token = strdup(token))) {
        if (w)
            free(w->path);
        free(w);
        goto fail;
    }
    w->abs = abs;
    w->alen = strlen(abs);
    w->c = c;
    w->seq = ++watch_seq;
    w->prev = c->watchtail;
    if (c->watchtail)
        c->watchtail->next = w;
    else
        c->watches = w;
    c->watchtail = w;
    c->nwatches++;
    w->hnext = *idx_bucket(path_hash(abs));
    *idx_bucket(path_hash(abs)) = w;
    idx_n++;
    d->watches++;
    w->domid = c->domid;
    acct_mem(w->domid, watch_mem(path, token));
    return 0;
fail:
    free(abs);
    return rc;
}

/* Sends the event every new watch gets at once (after the OK reply). */
void watch_initial(struct conn *c, const char *path, const char *token)
{
    struct watch *w = c->watchtail;     /* watch_add appends */

    if (w && !strcmp(w->path, path) && !strcmp(w->token, token))
        send_event(c, w, w->abs);
}

static void watch_free(struct conn *c, struct watch *w)
{
    struct dom *d = dom_get(w->domid, false);

    if (w->prev)
        w->prev->next = w->next;
    else
        c->watches = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        c->watchtail = w->prev;
    c->nwatches--;
    idx_del(w);
    if (d && d->watches)
        d->watches--;
    acct_mem(w->domid, -(ssize_t)watch_mem(w->path, w->token));
    free(w->path);
    free(w->abs);
    free(w->token);
    free(w);
}

int watch_del(struct conn *c, const char *path, const char *token)
{
    struct watch *w;
    char *abs;
    int rc = path_canon(c, path, &abs, true);

    if (rc)
        return rc;
    w = find(c, abs, token);
    free(abs);
    if (!w)
        return -ENOENT;
    watch_free(c, w);
    return 0;
}

void watch_free_all(struct conn *c)
{
    while (c->watches)
        watch_free(c, c->watches);
}

void watch_reset(struct conn *c)
{
    watch_free_all(c);
}
