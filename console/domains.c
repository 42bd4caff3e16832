/*
 * console: xenconsoled's table of guests, kept in step with the
 * hypervisor's domain list and each guest's xenstore console nodes
 * (/local/domain/<id>/console/{ring-ref,port,type,limit}).
 */
#define _GNU_SOURCE
#include "daemon.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#define DOMLIST_TOKEN "domlist"
#define SCAN_BATCH 64

int cd_watch_init(struct cd_state *st)
{
    /*
     * @introduceDomain/@releaseDomain are what Xen's daemon relies on;
     * /local/domain also catches a guest whose nodes are written without
     * an XS_INTRODUCE (e.g. before xenstored knows the domain).
     */
    if (!xs_watch(st->xsh, "@introduceDomain", DOMLIST_TOKEN) ||
        !xs_watch(st->xsh, "@releaseDomain", DOMLIST_TOKEN) ||
        !xs_watch(st->xsh, "/local/domain", DOMLIST_TOKEN))
        return errno ? -errno : -EIO;
    return 0;
}

static char *read_node(struct cd_state *st, uint32_t domid, const char *rel)
{
    char path[128];
    unsigned int len;

    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
    return xs_read(st->xsh, XBT_NULL, path, &len);
}

static bool read_num(struct cd_state *st, uint32_t domid, const char *rel,
                     int64_t *out)
{
    char *s = read_node(st, domid, rel), *end;
    long long v;

    if (!s)
        return false;
    errno = 0;
    v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < 0) {
        free(s);
        return false;
    }
    free(s);
    *out = v;
    return true;
}

static struct cd_entry *find(struct cd_state *st, uint32_t domid)
{
    struct cd_entry *e;

    for (e = st->doms; e; e = e->next)
        if (e->cd.domid == domid)
            return e;
    return NULL;
}

static void entry_free(struct cd_state *st, struct cd_entry *e)
{
    char path[64];

    if (e->watching) {
        snprintf(path, sizeof(path), "/local/domain/%u/console",
                 e->cd.domid);
        xs_unwatch(st->xsh, path, path);
    }
    cons_dom_dispose(&e->cd);
    free(e);
}

static void drop(struct cd_state *st, uint32_t domid)
{
    struct cd_entry **pp, *e;

    for (pp = &st->doms; (e = *pp); pp = &e->next) {
        if (e->cd.domid != domid)
            continue;
        *pp = e->next;
        cd_log(LOG_INFO, "domain %u: console closed", domid);
        entry_free(st, e);
        return;
    }
}

static int open_log(struct cd_state *st, struct cd_entry *e)
{
    int rc;

    if (!st->o->log_guest)
        return 0;
    rc = cons_dom_open_log(&e->cd, st->o->log_dir, st->o->time_guest);
    if (rc)
        cd_log(LOG_ERR, "%s", e->cd.err);
    return rc;
}

/* Read the console nodes and bring the guest's console up. */
static void dom_connect(struct cd_state *st, struct cd_entry *e)
{
    uint32_t id = e->cd.domid;
    int64_t ref = -1, port, limit;
    char *type, *name, path[64];

    type = read_node(st, id, "console/type");
    if (type && strcmp(type, "xenconsoled")) {
        free(type);             /* served by a device model */
        return;
    }
    free(type);
    if (!read_num(st, id, "console/port", &port) || port > INT32_MAX)
        return;
    read_num(st, id, "console/ring-ref", &ref);
    if (e->connected && port == e->remote_port && ref == e->ring_ref)
        return;
    if (e->connected) {         /* the guest re-made its console */
        struct cons_dom old = e->cd;

        cons_dom_init(&e->cd, id, old.name);
        e->cd.master_fd = old.master_fd;
        e->cd.slave_fd = old.slave_fd;
        snprintf(e->cd.tty, sizeof(e->cd.tty), "%s", old.tty);
        old.master_fd = old.slave_fd = -1;
        cons_dom_dispose(&old);
        e->connected = false;
    }
    /*
     * The name names the log file: read it now, not when the domain was
     * first seen, which can be before the toolstack wrote it.
     */
    name = read_node(st, id, "name");
    if (name && *name)
        snprintf(e->cd.name, sizeof(e->cd.name), "%s", name);
    free(name);
    e->cd.overflow = st->o->overflow;
    if (read_num(st, id, "console/limit", &limit) && limit > 0)
        e->cd.limit = (size_t)limit;
    if (cons_dom_connect(&e->cd, st->xch, ref, (int)port) ||
        cons_dom_open_pty(&e->cd)) {
        cd_log(LOG_ERR, "%s", e->cd.err);
        return;
    }
    open_log(st, e);
    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", id);
    if (!xs_write(st->xsh, XBT_NULL, path, e->cd.tty, strlen(e->cd.tty)))
        cd_log(LOG_ERR, "domain %u: cannot write '%s': %s", id, path,
               strerror(errno));
    e->connected = true;
    e->ring_ref = ref;
    e->remote_port = (int)port;
    cd_log(LOG_INFO, "domain %u: console on %s", id, e->cd.tty);
    cons_dom_pump(&e->cd);      /* output written before we came */
}

static void add(struct cd_state *st, uint32_t domid)
{
    struct cd_entry *e;
    char *name, path[64];

    e = calloc(1, sizeof(*e));
    if (!e) {
        cd_log(LOG_ERR, "domain %u: out of memory", domid);
        return;
    }
    name = read_node(st, domid, "name");
    cons_dom_init(&e->cd, domid, name);
    free(name);
    e->next = st->doms;
    st->doms = e;
    snprintf(path, sizeof(path), "/local/domain/%u/console", domid);
    e->watching = xs_watch(st->xsh, path, path);
    dom_connect(st, e);
}

void cd_scan(struct cd_state *st)
{
    struct xc_dominfo info[SCAN_BATCH];
    struct cd_entry *e, *next;
    uint32_t first = 1;
    int n, i;

    for (e = st->doms; e; e = e->next)
        e->seen = false;
    for (;;) {
        n = xc_domain_getinfolist(st->xch, first, SCAN_BATCH, info);
        if (n < 0) {
            cd_log(LOG_ERR, "cannot list domains: %s", xc_errmsg(st->xch));
            return;             /* keep everything: better than losing */
        }
        for (i = 0; i < n; i++) {
            if (info[i].dying || info[i].domid == 0)
                continue;
            e = find(st, info[i].domid);
            if (!e)
                add(st, info[i].domid);
            else if (!e->connected)
                dom_connect(st, e);
            e = find(st, info[i].domid);
            if (e)
                e->seen = true;
        }
        if (n < SCAN_BATCH)
            break;
        first = info[n - 1].domid + 1;
    }
    for (e = st->doms; e; e = next) {
        next = e->next;
        if (!e->seen)
            drop(st, e->cd.domid);
    }
}

void cd_watch_event(struct cd_state *st, const char *path,
                    const char *token)
{
    struct cd_entry *e;
    unsigned id;

    (void)path;
    if (!strcmp(token, DOMLIST_TOKEN)) {
        cd_scan(st);
        return;
    }
    if (sscanf(token, "/local/domain/%u/console", &id) != 1)
        return;
    e = find(st, id);
    if (e)
        dom_connect(st, e);
}

void cd_reopen_logs(struct cd_state *st)
{
    struct cd_entry *e;

    for (e = st->doms; e; e = e->next)
        if (e->cd.log_fd >= 0 || st->o->log_guest)
            open_log(st, e);
}

void cd_free_all(struct cd_state *st)
{
    struct cd_entry *e;

    while ((e = st->doms)) {
        st->doms = e->next;
        entry_free(st, e);
    }
}
