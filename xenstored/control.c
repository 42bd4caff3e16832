/*
 * xenstored CONTROL (XS_DEBUG) sub-commands of Xen 4.17: check, log,
 * logfile, memreport, print, quota, quota-soft, help; live-update is
 * answered as not supported.  Test mode adds set-domid.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int log_reopen(void);

static int creply(struct conn *c, struct req *r, const char *s)
{
    return conn_send(c, r->h->type, r->h->req_id, r->h->tx_id, s,
                     strlen(s) + 1);
}

/* "quota <domid>": what a domain uses now (Xen 4.17 prints the same). */
static int quota_domain(struct conn *c, struct req *r, const char *arg)
{
    char buf[256], *e;
    unsigned long id;
    struct dom *d;

    errno = 0;
    id = strtoul(arg, &e, 10);
    if (!arg[0] || *e || errno || id >= 0x7FF0)
        return -EINVAL;
    d = dom_get(id, false);
    if (!d)
        return -ENOENT;
    snprintf(buf, sizeof(buf),
             "Domain %lu:\nnodes              %u\nwatches            %u\n"
             "transactions       %u\noutstanding        %u\n"
             "memory             %zu\n", id, d->nodes, d->watches, d->txns,
             d->outstanding, d->memory);
    return creply(c, r, buf);
}

static int quota_cmd(struct conn *c, struct req *r, bool soft)
{
    char buf[512];
    unsigned long val;
    char *e;
    struct {
        const char *name;
        unsigned *val;
    } q[] = {
        { "nodes", &quota.entries }, { "watches", &quota.watches },
        { "transactions", &quota.transactions },
        { "node-size", &quota.entry_size }, { "permissions", &quota.perms },
        { "path-max", &quota.path_max },
        { "transaction-nodes", &quota.tx_nodes },
        { "outstanding", &quota.outstanding },
        { "memory", soft ? &quota.memory_soft : &quota.memory },
    };
    unsigned i, l = 0;

    if (r->nargs <= 1) {
        for (i = soft ? 8 : 0; i < sizeof(q) / sizeof(q[0]); i++)
            l += snprintf(buf + l, sizeof(buf) - l, "%-18s %u\n", q[i].name,
                          *q[i].val);
        return creply(c, r, buf);
    }
    if (r->nargs == 2 && !soft)
        return quota_domain(c, r, r->arg[1]);
    if (r->nargs != 3)
        return -EINVAL;
    errno = 0;
    val = strtoul(r->arg[2], &e, 10);
    if (*e || errno || !r->arg[2][0] || val > UINT32_MAX)
        return -EINVAL;
    for (i = soft ? 8 : 0; i < sizeof(q) / sizeof(q[0]); i++)
        if (!strcmp(q[i].name, r->arg[1])) {
            *q[i].val = val;
            return creply(c, r, "OK");
        }
    return -EINVAL;
}

static int memreport(struct conn *c, struct req *r)
{
    char buf[256];

    snprintf(buf, sizeof(buf), "nodes %zu\nconnections %u\ngeneration %llu\n",
             store.n, nconns, (unsigned long long)store_gen);
    return creply(c, r, buf);
}

int do_control(struct conn *c, struct view *v, struct req *r)
{
    const char *cmd = r->arg[0];
    unsigned long id;
    char *e;

    (void)v;
    if (!strcmp(cmd, "check"))
        return creply(c, r, "OK");
    if (!strcmp(cmd, "log")) {
        if (r->nargs >= 2)
            opt_verbose = !strcmp(r->arg[1], "on");
        return creply(c, r, "OK");
    }
    if (!strcmp(cmd, "logfile"))
        return log_reopen() ?: creply(c, r, "OK");
    if (!strcmp(cmd, "memreport"))
        return memreport(c, r);
    if (!strcmp(cmd, "print")) {
        if (r->nargs < 2)
            return -EINVAL;
        log_info("control: %s", r->arg[1]);
        return creply(c, r, "OK");
    }
    if (!strcmp(cmd, "quota"))
        return quota_cmd(c, r, false);
    if (!strcmp(cmd, "quota-soft"))
        return quota_cmd(c, r, true);
    if (!strcmp(cmd, "help"))
        return creply(c, r, "Available commands:\n"
                      "check\nlog [on|off]\nlogfile\nmemreport\n"
                      "print <string>\nquota [<domid>|<name> <value>]\n"
                      "quota-soft [<name> <value>]\nhelp\n"
                      "live-update (not supported)\n");
    if (!strcmp(cmd, "live-update"))
        return -ENOSYS;
    if (test_mode && !strcmp(cmd, "set-domid") && r->nargs == 2) {
        errno = 0;
        id = strtoul(r->arg[1], &e, 10);
        if (*e || errno || id >= 0x7FF0)
            return -EINVAL;
        c->domid = id;
        c->privileged = id == 0;
        return creply(c, r, "OK");
    }
    return -EINVAL;
}
