/*
 * xenstored quotas and per-domain accounting: Xen 4.17's defaults, the
 * -Q/-q "name=value" parser, node counts per owner.  Dom0 (and any
 * privileged connection) is exempt.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct quota quota = {
    .entries = 1000,
    .entry_size = 2048,
    .watches = 128,
    .transactions = 10,
    .perms = 5,
    .path_max = XENSTORE_REL_PATH_MAX,
    .tx_nodes = 1024,
    .outstanding = 20,
    .memory = 2 * 1024 * 1024 + 512 * 1024,    /* 2.5 MiB, bytes */
    .memory_soft = 2 * 1024 * 1024,
    .watch_timeout = 20,
};

/*
 * Accounting records by domid, hashed: every pass of the main loop asks
 * for the record of every connection, so a linear list made each request
 * cost O(domains^2) on a host with hundreds of guests.
 */
#define DOM_BUCKETS 1024
static struct dom *dom_tab[DOM_BUCKETS];

static struct dom **bucket(uint32_t domid)
{
    return &dom_tab[domid % DOM_BUCKETS];
}

struct dom *dom_get(uint32_t domid, bool create)
{
    struct dom **b = bucket(domid), *d;

    for (d = *b; d; d = d->next)
        if (d->domid == domid)
            return d;
    if (!create)
        return NULL;
    d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->domid = domid;
    d->next = *b;
    *b = d;
    return d;
}

void dom_forget(uint32_t domid)
{
    struct dom **pp, *d;

    for (pp = bucket(domid); (d = *pp); pp = &d->next)
        if (d->domid == domid) {
            *pp = d->next;
            free(d->refv);
            free(d);
            return;
        }
}

bool dom_exempt(const struct conn *c)
{
    return c->privileged || c->domid == 0;
}

/* What a node costs its owner (path, value, children, permissions). */
size_t node_mem(const struct node *n)
{
    return strlen(n->path) + 1 + n->vlen + n->clen + n->nperms * PERM_MEM;
}

/* Charges (delta > 0) or refunds memory to domid; never goes negative. */
void acct_mem(uint32_t domid, ssize_t delta)
{
    struct dom *d = dom_get(domid, delta > 0);

    if (!d)
        return;
    if (delta < 0 && d->memory < (size_t)-delta) {
        d->memory = 0;
        return;
    }
    d->memory += delta;
    if (delta > 0 && quota.memory_soft && domid != 0 &&
        d->memory > quota.memory_soft && !d->soft_warned) {
        d->soft_warned = true;
        log_warn("domain %u uses %zu bytes, above the soft quota of %u",
                 domid, d->memory, quota.memory_soft);
    } else if (d->memory <= quota.memory_soft) {
        d->soft_warned = false;
    }
}

bool acct_refs_lost;

/* Records ACL entry i of n in the refv of the domain it names. */
static void ref_add(struct node *n, unsigned i)
{
    struct perm *p = &n->perms[i];
    struct dom *d;
    struct dom_ref *v;
    unsigned cap;

    p->slot = NO_SLOT;
    if (p->id == 0)
        return;                 /* Dom0 is never released */
    d = dom_get(p->id, true);
    if (d && d->refs == d->refcap) {
        cap = d->refcap ? d->refcap * 2 : 8;
        v = realloc(d->refv, cap * sizeof(*v));
        if (v) {
            d->refv = v;
            d->refcap = cap;
        }
    }
    if (!d || d->refs == d->refcap) {
        acct_refs_lost = true;
        return;
    }
    d->refv[d->refs] = (struct dom_ref){ n, i };
    p->slot = d->refs++;
}

/* Drops ACL entry i of n from its domain's refv (the last fills its slot). */
static void ref_del(struct node *n, unsigned i)
{
    struct perm *p = &n->perms[i];
    struct dom *d;
    struct dom_ref *last;

    if (p->id == 0 || p->slot == NO_SLOT)
        return;
    d = dom_get(p->id, false);
    if (!d || p->slot >= d->refs || d->refv[p->slot].n != n ||
        d->refv[p->slot].i != i) {
        acct_refs_lost = true;  /* not where it was recorded: trust none */
        return;
    }
    last = &d->refv[--d->refs];
    d->refv[p->slot] = *last;
    last->n->perms[last->i].slot = p->slot;
    p->slot = NO_SLOT;
}

void acct_node(uint32_t owner, struct node *n, int sign)
{
    struct dom *d = dom_get(owner, sign > 0);
    unsigned i;

    for (i = 1; i < n->nperms; i++)
        if (sign > 0)
            ref_add(n, i);
        else
            ref_del(n, i);
    if (!d) {
        if (sign > 0)
            acct_refs_lost = true;
        return;
    }
    if (sign < 0 && !d->nodes)
        d->nodes = 0;
    else
        d->nodes += sign;
    acct_mem(owner, sign * (ssize_t)node_mem(n));
}

/* -Q memory: would charging extra bytes to c's domain exceed the quota? */
int quota_mem_check(const struct conn *c, size_t extra)
{
    struct dom *d;

    if (dom_exempt(c) || !quota.memory)
        return 0;
    d = dom_get(c->domid, false);
    if ((d ? d->memory : 0) + extra > quota.memory)
        return -ENOMEM;
    return 0;
}

/*
 * Whether the daemon takes the next request from c: a domain with
 * -Q outstanding unsent replies, or above its hard memory quota, waits
 * until its guest reads what is queued (Xen 4.17).
 */
bool conn_can_read(const struct conn *c)
{
    struct dom *d;

    if (c->dead)
        return false;
    if (dom_exempt(c))
        return true;
    d = dom_get(c->domid, false);
    if (!d)
        return true;
    if (quota.outstanding && d->outstanding >= quota.outstanding)
        return false;
    return !quota.memory || d->memory < quota.memory;
}

/* "-Q transaction-nodes=N", "outstanding=N", "memory=N" ("-q" soft). */
int quota_parse_q(const char *arg, bool soft)
{
    const char *eq = strchr(arg, '=');
    unsigned long v;
    char *e;

    if (!eq || !eq[1])
        return -EINVAL;
    errno = 0;
    v = strtoul(eq + 1, &e, 10);
    if (*e || errno || v > UINT32_MAX)
        return -EINVAL;
    if (soft) {
        if (!strncmp(arg, "memory=", 7)) {
            quota.memory_soft = v;
            return 0;
        }
        return -EINVAL;
    }
    if (!strncmp(arg, "transaction-nodes=", 18))
        quota.tx_nodes = v;
    else if (!strncmp(arg, "outstanding=", 12))
        quota.outstanding = v;
    else if (!strncmp(arg, "memory=", 7))
        quota.memory = v;
    else
        return -EINVAL;
    return 0;
}
