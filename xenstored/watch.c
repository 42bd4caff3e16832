/*
 * xenstored watches: registration per connection (quota -W), firing on
 * changes (prefix match, or exact for removed children and @specials),
 * filtered by the watcher's read permission on the changed node.
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

static bool under(const char *path, const char *w)
{
    size_t l = strlen(w);

    if (strncmp(path, w, l))
        return false;
    return path[l] == 0 || path[l] == '/' || !strcmp(w, "/");
}

void watch_fire(const char *path, bool exact, const struct perm *p,
                unsigned np)
{
    struct conn *c;
    struct watch *w;

    for (c = conns; c; c = c->next) {
        if (c->dead || !may_see(c, path, p, np))
            continue;
        for (w = c->watches; w; w = w->next) {
            if (exact ? !strcmp(path, w->abs) : under(path, w->abs))
                send_event(c, w, path);
        }
    }
}

void watch_fire_node(const char *path, bool exact, const struct node *n)
{
    watch_fire(path, exact, n->perms, n->nperms);
}

int watch_add(struct conn *c, const char *path, const char *token)
{
    struct dom *d = dom_get(c->domid, true);
    struct watch *w, **pp;
    unsigned n = 0;
    char *abs = NULL;
    int rc;

    if (!d)
        return -ENOMEM;
    rc = path_canon(c, path, &abs, true);
    if (rc)
        return rc;
    for (w = c->watches; w; w = w->next, n++)
        if (!strcmp(w->abs, abs) && !strcmp(w->token, token)) {
            free(abs);
            return -EEXIST;
        }
    if (!dom_exempt(c) && n > quota.watches) {     /* 4.17: one over */
        free(abs);
        return -E2BIG;
    }
    rc = quota_mem_check(c, watch_mem(path, token));
    if (rc) {
        free(abs);
        return rc;
    }
    w = calloc(1, sizeof(*w));
    if (!w || !(w->path = strdup(path)) || !(w->token = strdup(token))) {
        if (w)
            free(w->path);
        free(w);
        free(abs);
        return -ENOMEM;
    }
    w->abs = abs;
    for (pp = &c->watches; *pp; pp = &(*pp)->next)
        ;
    *pp = w;
    d->watches++;
    w->domid = c->domid;
    acct_mem(w->domid, watch_mem(path, token));
    return 0;
}

/* Sends the event every new watch gets at once (after the OK reply). */
void watch_initial(struct conn *c, const char *path, const char *token)
{
    struct watch *w;

    for (w = c->watches; w; w = w->next)
        if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
            send_event(c, w, w->abs);
            return;
        }
}

static void watch_free(struct conn *c, struct watch *w)
{
    struct dom *d = dom_get(w->domid, false);

    (void)c;
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
    struct watch **pp, *w;
    char *abs;
    int rc = path_canon(c, path, &abs, true);

    if (rc)
        return rc;
    for (pp = &c->watches; (w = *pp); pp = &w->next)
        if (!strcmp(w->abs, abs) && !strcmp(w->token, token)) {
            *pp = w->next;
            watch_free(c, w);
            free(abs);
            return 0;
        }
    free(abs);
    return -ENOENT;
}

void watch_free_all(struct conn *c)
{
    struct watch *w, *next;

    for (w = c->watches; w; w = next) {
        next = w->next;
        watch_free(c, w);
    }
    c->watches = NULL;
}

void watch_reset(struct conn *c)
{
    watch_free_all(c);
}
