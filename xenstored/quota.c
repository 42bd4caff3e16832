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
    .memory = 0,
    .memory_soft = 0,
    .watch_timeout = 20,
};

static struct dom *doms;

struct dom *dom_get(uint32_t domid, bool create)
{
    struct dom *d;

    for (d = doms; d; d = d->next)
        if (d->domid == domid)
            return d;
    if (!create)
        return NULL;
    d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->domid = domid;
    d->next = doms;
    doms = d;
    return d;
}

void dom_forget(uint32_t domid)
{
    struct dom **pp, *d;

    for (pp = &doms; (d = *pp); pp = &d->next)
        if (d->domid == domid) {
            *pp = d->next;
            free(d);
            return;
        }
}

bool dom_exempt(const struct conn *c)
{
    return c->privileged || c->domid == 0;
}

void acct_node(uint32_t owner, int delta)
{
    struct dom *d = dom_get(owner, delta > 0);

    if (!d)
        return;
    if (delta < 0 && d->nodes < (unsigned)-delta)
        d->nodes = 0;
    else
        d->nodes += delta;
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
