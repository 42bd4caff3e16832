/*
 * xenstored domains: INTRODUCE maps the guest's xenstore page (foreign map
 * of the gfn, else grant entry 1) and binds its event channel; the ring
 * transport never trusts guest indices.  RELEASE/death (VIRQ_DOM_EXC) fire
 * @releaseDomain, free the domain's nodes (unless -K) and purge its ACLs.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/event_channel.h>
#include <xen/xen.h>
#include "xenctrl.h"

enum ring_map { RING_FOREIGN, RING_GRANT, RING_DOM0_KVA };

struct ring {
    struct xenstore_domain_interface *intf;
    enum ring_map how;          /* how intf was mapped, to unmap it */
    int port;                   /* local port */
    uint32_t domid;
};

static int ring_attach(struct ring *r, uint32_t port, bool priv);

static xc_interface *xch;
static xc_evtchn *xce;
static int virq_port = -1;

/* Ring connections by local event channel port, so an event finds its
 * connection without a search. */
static struct conn **by_port;
static size_t nby_port;

static int port_set(int port, struct conn *c)
{
    struct conn **nb;
    size_t n;

    if (port < 0)
        return -EINVAL;
    if ((size_t)port >= nby_port) {
        if (!c)
            return 0;
        n = (size_t)port + 64;
        nb = realloc(by_port, n * sizeof(*nb));
        if (!nb)
            return -ENOMEM;
        memset(nb + nby_port, 0, (n - nby_port) * sizeof(*nb));
        by_port = nb;
        nby_port = n;
    }
    by_port[port] = c;
    return 0;
}

static void dom0_init(void);

int domain_init(void)
{
    xch = xc_interface_open(0);
    if (!xch)
        return -errno ? -errno : -ENODEV;
    xce = xc_evtchn_open(0);
    if (!xce) {
        xc_interface_close(xch);
        xch = NULL;
        return -ENODEV;
    }
    virq_port = xc_evtchn_bind_virq(xce, VIRQ_DOM_EXC);
    if (virq_port < 0)
        log_warn("cannot bind VIRQ_DOM_EXC: %s", xc_evtchn_errmsg(xce));
    dom0_init();
    return 0;
}

/*
 * Serve the Dom0 kernel's own ring when it offers one (a real Dom0): it is
 * privileged, is not announced through @introduceDomain, and is told that
 * xenstored is up by an event on its port.
 */
static void dom0_init(void)
{
    struct ring *r;
    void *intf;
    uint32_t port;

    if (dom0_kernel_ring(&intf, &port))
        return;
    r = calloc(1, sizeof(*r));
    if (!r) {
        dom0_kernel_ring_unmap(intf);
        return;
    }
    r->intf = intf;
    r->how = RING_DOM0_KVA;
    r->domid = 0;
    r->port = -1;
    if (ring_attach(r, port, true)) {
        log_warn("cannot serve the Dom0 kernel's ring");
        return;
    }
    xc_evtchn_notify(xce, r->port);
    log_info("serving the Dom0 kernel's ring (event channel %u)", port);
}

int domain_fd(void)
{
    return xce ? xc_evtchn_fd(xce) : -1;
}

/*
 * How many of the n bytes from index idx can be copied at once (up to the
 * end of the ring, at most len), or -1 with errno: EIO when the guest's
 * indices are more than a ring apart (the ring is marked broken and the
 * connection goes), EAGAIN when there is nothing to copy.
 */
static ssize_t ring_span(struct conn *c, XENSTORE_RING_IDX cons,
                         XENSTORE_RING_IDX prod, XENSTORE_RING_IDX idx,
                         size_t n, size_t len)
{
    struct ring *r = c->ringpriv;
    size_t off = MASK_XENSTORE_IDX(idx);

    if (prod - cons > XENSTORE_RING_SIZE) {
        r->intf->error = XENSTORE_ERROR_RINGIDX;
        conn_kill(c);
        errno = EIO;
        return -1;
    }
    if (n > XENSTORE_RING_SIZE - off)
        n = XENSTORE_RING_SIZE - off;
    if (n > len)
        n = len;
    if (!n) {
        errno = EAGAIN;
        return -1;
    }
    return n;
}

static ssize_t ring_read(struct conn *c, void *buf, size_t len)
{
    struct ring *r = c->ringpriv;
    struct xenstore_domain_interface *i = r->intf;
    XENSTORE_RING_IDX cons = i->req_cons, prod = i->req_prod;
    ssize_t n;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    n = ring_span(c, cons, prod, cons, prod - cons, len);
    if (n < 0)
        return -1;
    memcpy(buf, i->req + MASK_XENSTORE_IDX(cons), n);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    i->req_cons = cons + n;
    xc_evtchn_notify(xce, r->port);
    return n;
}

static ssize_t ring_write(struct conn *c, const void *buf, size_t len)
{
    struct ring *r = c->ringpriv;
    struct xenstore_domain_interface *i = r->intf;
    XENSTORE_RING_IDX cons = i->rsp_cons, prod = i->rsp_prod;
    ssize_t n;

    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    n = ring_span(c, cons, prod, prod, XENSTORE_RING_SIZE - (prod - cons),
                  len);
    if (n < 0)
        return -1;
    memcpy(i->rsp + MASK_XENSTORE_IDX(prod), buf, n);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    i->rsp_prod = prod + n;
    xc_evtchn_notify(xce, r->port);
    return n;
}

static void ring_fail(struct conn *c, uint32_t err)
{
    struct ring *r = c->ringpriv;

    if (r && r->intf)
        r->intf->error = err;
}

static const struct ring_ops ring_ops = { ring_read, ring_write, ring_fail };

static void ring_free(struct ring *r)
{
    if (!r)
        return;
    if (r->port >= 0) {
        port_set(r->port, NULL);
        xc_evtchn_unbind(xce, r->port);
    }
    if (r->intf && r->how == RING_GRANT)
        xc_gnttab_unmap(xch, r->intf);
    else if (r->intf && r->how == RING_DOM0_KVA)
        dom0_kernel_ring_unmap(r->intf);
    else if (r->intf)
        xc_unmap_foreign(xch, r->intf, 1);
    free(r);
}

int domain_introduce(struct conn *c, uint32_t domid, uint64_t mfn,
                     uint32_t port)
{
    struct dom *d = dom_get(domid, false);
    struct ring *r;
    struct node *n;
    int rc;

    (void)c;
    if (d && d->introduced)
        return -EEXIST;
    if (!xch)
        return -ENOSYS;         /* socket-only daemon (-D) */
    r = calloc(1, sizeof(*r));
    if (!r)
        return -ENOMEM;
    r->port = -1;
    r->domid = domid;
    r->how = RING_FOREIGN;
    r->intf = xc_map_foreign_pages(xch, domid, PROT_READ | PROT_WRITE,
                                   &mfn, 1);
    if (!r->intf) {
        r->intf = xc_gnttab_map_grant_ref(xch, domid,
                                          XC_GNTTAB_RESERVED_XENSTORE,
                                          PROT_READ | PROT_WRITE);
        r->how = RING_GRANT;
    }
    if (!r->intf) {
        log_warn("domain %u: cannot map ring: %s", domid, xc_errmsg(xch));
        ring_free(r);
        return -EINVAL;
    }
    rc = ring_attach(r, port, false);
    if (rc)
        return rc;
    if ((n = table_get(&store, "@introduceDomain")))
        watch_fire_node("@introduceDomain", true, n);
    return 0;
}

/* Bind r's event channel and make it a connection; frees r on failure. */
static int ring_attach(struct ring *r, uint32_t port, bool priv)
{
    struct dom *d;
    struct conn *dc;

    r->port = xc_evtchn_bind_interdomain(xce, r->domid, port);
    if (r->port < 0) {
        ring_free(r);
        return -EINVAL;
    }
    d = dom_get(r->domid, true);
    dc = d ? conn_new(-1, r->domid, priv) : NULL;
    if (!dc || port_set(r->port, dc)) {
        if (dc)
            conn_free(dc);
        ring_free(r);
        return -ENOMEM;
    }
    r->intf->server_features = XENSTORE_SERVER_FEATURE_RECONNECTION |
                               XENSTORE_SERVER_FEATURE_ERROR;
    dc->ring = &ring_ops;
    dc->ringpriv = r;
    d->conn = dc;
    d->introduced = true;
    conn_input(dc);
    return 0;
}

static int by_len(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

    return la < lb ? -1 : la > lb;
}

/*
 * Xen 4.17 (XSA-322/419): nodes a dead domain owns anywhere go with it,
 * subtrees included; shortest paths first so each subtree goes once.
 */
static void remove_owned(uint32_t domid)
{
    char **v = NULL, **nv;
    size_t n = 0, cap = 0, i;
    struct node *nd;

    for (i = 0; i < store.nb; i++)
        for (nd = store.b[i]; nd; nd = nd->hnext) {
            if (nd->path[0] != '/' || nd->perms[0].id != domid)
                continue;
            if (n == cap) {
                nv = realloc(v, sizeof(*v) * (cap = cap ? cap * 2 : 16));
                if (!nv)
                    goto out;
                v = nv;
            }
            if (!(v[n] = strdup(nd->path)))
                goto out;
            n++;
        }
    qsort(v, n, sizeof(*v), by_len);
    for (i = 0; i < n; i++)
        if (table_get(&store, v[i]))
            do_rm_tree(NULL, NULL, v[i], true);
out:
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

int domain_release(uint32_t domid, bool fire)
{
    struct dom *d = dom_get(domid, false);
    struct node *n;
    char path[40];

    if (!d || !d->introduced)
        return -ENOENT;
    if (d->conn) {
        struct conn *c = d->conn;

        ring_free(c->ringpriv);
        c->ringpriv = NULL;
        c->ring = NULL;
        conn_kill(c);
        d->conn = NULL;
    }
    d->introduced = false;
    if (!opt_keep_orphans) {
        snprintf(path, sizeof(path), "/local/domain/%u", domid);
        if (table_get(&store, path))
            do_rm_tree(NULL, NULL, path, true);
        /* Owned nodes elsewhere: search the store only if there are. */
        if (d->nodes || acct_refs_lost)
            remove_owned(domid);
    }
    perms_purge_domid(domid);
    dom_forget(domid);
    if (fire && (n = table_get(&store, "@releaseDomain")))
        watch_fire_node("@releaseDomain", true, n);
    return 0;
}

/*
 * The info of every domain, in increasing domid order, fetched in batches
 * (a hypercall per 256 domains rather than one per connection).  Returns
 * the count, or -errno; *out is malloc'd.
 */
static int all_domains(struct xc_dominfo **out)
{
    struct xc_dominfo *v = NULL, *nv;
    size_t n = 0, cap = 0;
    uint32_t first = 0;
    int r;

    for (;;) {
        if (cap - n < 256) {
            nv = realloc(v, (cap + 256) * sizeof(*v));
            if (!nv) {
                free(v);
                return -ENOMEM;
            }
            v = nv;
            cap += 256;
        }
        r = xc_domain_getinfolist(xch, first, 256, v + n);
        if (r < 0) {
            free(v);
            return r;
        }
        n += (size_t)r;
        if (r < 256)
            break;
        first = v[n - 1].domid + 1;
    }
    *out = v;
    return (int)n;
}

static int by_domid(const void *key, const void *elem)
{
    uint32_t k = *(const uint32_t *)key;
    uint32_t e = ((const struct xc_dominfo *)elem)->domid;

    return k < e ? -1 : k > e;
}

/*
 * After VIRQ_DOM_EXC: a domain that shut down fires @releaseDomain once
 * (its connection stays: it may be resumed); one that is dying or gone is
 * released.
 */
static void check_domains(void)
{
    struct conn *c, *next;
    struct xc_dominfo *all, *info;
    struct dom *d;
    struct node *n;
    int nall = all_domains(&all);

    if (nall < 0) {
        log_warn("cannot list domains: %s", strerror(-nall));
        return;
    }
    for (c = conns; c; c = next) {
        next = c->next;
        if (!c->ring || c->dead || c->domid == 0)
            continue;
        info = bsearch(&c->domid, all, (size_t)nall, sizeof(*all), by_domid);
        if (!info || info->dying) {
            domain_release(c->domid, true);
            continue;
        }
        d = dom_get(c->domid, false);
        if (d && info->shutdown && !d->shutdown) {
            d->shutdown = true;
            if ((n = table_get(&store, "@releaseDomain")))
                watch_fire_node("@releaseDomain", true, n);
        } else if (d && !info->shutdown) {
            d->shutdown = false;
        }
    }
    free(all);
}

/*
 * XENSTORE_SERVER_FEATURE_RECONNECTION: the guest set connection to
 * RECONNECT; drop its state, zero the indices, say CONNECTED, notify.
 */
static void reconnect(struct conn *c, struct ring *r)
{
    struct xenstore_domain_interface *i = r->intf;

    conn_reset(c);
    i->req_cons = i->req_prod = 0;
    i->rsp_cons = i->rsp_prod = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    i->connection = XENSTORE_CONNECTED;
    xc_evtchn_notify(xce, r->port);
    log_info("domain %u reconnected", c->domid);
}

void domain_event(void)
{
    struct conn *c;
    struct ring *r;
    int port = xce ? xc_evtchn_pending(xce) : -1;

    if (port < 0)
        return;
    xc_evtchn_unmask(xce, port);
    if (port == virq_port) {
        check_domains();
        return;
    }
    c = (size_t)port < nby_port ? by_port[port] : NULL;
    r = c ? c->ringpriv : NULL;
    if (!c || !c->ring || !r || c->dead)
        return;
    if (r->intf->connection == XENSTORE_RECONNECT)
        reconnect(c, r);
    else
        conn_wake(c);           /* the loop writes, then reads */
}

/* RESUME: the domain runs again; its next shutdown fires once more. */
int domain_resume(uint32_t domid)
{
    struct dom *d = dom_get(domid, false);

    if (!d || !d->introduced)
        return -ENOENT;
    d->shutdown = false;
    return 0;
}
