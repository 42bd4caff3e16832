/*
 * libxenctrl simulator, event channels: the port tables live in the
 * shared state; each xc_evtchn handle owns a unix datagram socket to
 * which a notification sends the port number, so the handle's fd is
 * pollable across processes.  Sockets are abstract, named after the
 * state file's device and inode, so DIR may be of any length.
 */
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sim.h"

struct sim_evh {
    struct sim s;
    int slot;                    /* index in host.handles */
};

static socklen_t sock_path(struct sim *s, int slot, struct sockaddr_un *sa)
{
    int n;

    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1,
                 "xensim-%llx-%llx-%d", (unsigned long long)s->dev,
                 (unsigned long long)s->ino, slot);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
                       (size_t)n);
}

/* Send a port to a handle's socket; 0 if it was queued. */
static int kick(struct sim *s, int slot, evtchn_port_t port)
{
    struct sockaddr_un sa;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    socklen_t len;
    ssize_t r;

    if (fd < 0)
        return -errno;
    len = sock_path(s, slot, &sa);
    r = sendto(fd, &port, sizeof(port), MSG_DONTWAIT, (struct sockaddr *)&sa,
               len);
    close(fd);
    return r == (ssize_t)sizeof(port) ? 0 : -EAGAIN;
}

static int live_handle(struct sim *s, uint32_t domid)
{
    struct sim_handle *h = s->st->host.handles;
    int i;

    for (i = 0; i < SIM_MAX_HANDLES; i++)
        if (h[i].pid && h[i].domid == domid)
            return i;
    return -1;
}

static void deliver(struct sim *s, struct sim_dom *d, evtchn_port_t port)
{
    struct sim_port *p;
    int slot;

    if (!d || port >= SIM_MAX_PORTS)
        return;
    p = &sim_ports(s, d)[port];
    if (p->state == SIM_PORT_FREE)
        return;
    if (p->masked) {
        p->pending = 1;
        return;
    }
    slot = p->handle ? p->handle - 1 : live_handle(s, d->domid);
    if (slot >= 0 && kick(s, slot, port) == 0) {
        p->masked = 1;
        p->pending = 0;
    } else {
        p->pending = 1;
    }
}

int sim_evtchn_alloc(struct sim *s, struct sim_dom *d, uint32_t remote,
                     int32_t handle)
{
    struct sim_port *ports = sim_ports(s, d);
    uint32_t i;

    for (i = 1; i <= d->max_evtchn_port && i < SIM_MAX_PORTS; i++)
        if (ports[i].state == SIM_PORT_FREE)
            break;
    if (i > d->max_evtchn_port || i >= SIM_MAX_PORTS)
        return -ENOSPC;
    memset(&ports[i], 0, sizeof(ports[i]));
    ports[i].state = SIM_PORT_UNBOUND;
    ports[i].rdom = (uint16_t)remote;
    ports[i].handle = handle;
    if (i > d->max_port_used)
        d->max_port_used = i;
    return (int)i;
}

static void port_close(struct sim *s, struct sim_dom *d, uint32_t port)
{
    struct sim_port *p = &sim_ports(s, d)[port];
    struct sim_host *h = &s->st->host;
    struct sim_dom *rd;

    if (p->state == SIM_PORT_INTERDOMAIN) {
        rd = sim_dom(s, p->rdom);
        if (rd && p->rport < SIM_MAX_PORTS) {
            struct sim_port *rp = &sim_ports(s, rd)[p->rport];

            if (rp->state == SIM_PORT_INTERDOMAIN && rp->rdom == d->domid &&
                rp->rport == port) {
                rp->state = SIM_PORT_UNBOUND;
                rp->rdom = (uint16_t)d->domid;
                rp->rport = 0;
            }
        }
    } else if (p->state == SIM_PORT_VIRQ && p->virq < 16 &&
               h->virq_dom[p->virq] == d->domid + 1 &&
               h->virq_port[p->virq] == port) {
        h->virq_dom[p->virq] = 0;
    }
    memset(p, 0, sizeof(*p));
}

void sim_evtchn_close_all(struct sim *s, struct sim_dom *d)
{
    uint32_t i;

    for (i = 1; i <= d->max_port_used && i < SIM_MAX_PORTS; i++)
        port_close(s, d, i);
}

void sim_evtchn_fire_virq(struct sim *s, unsigned virq)
{
    struct sim_host *h = &s->st->host;
    struct sim_dom *d;
    struct sim_port *p;

    if (virq >= 16 || !h->virq_dom[virq])
        return;
    d = sim_dom(s, h->virq_dom[virq] - 1);
    if (!d)
        return;
    p = &sim_ports(s, d)[h->virq_port[virq]];
    if (p->state == SIM_PORT_VIRQ && p->virq == virq)
        deliver(s, d, h->virq_port[virq]);
}

long sim_evtchn_hypercall(struct sim *s, unsigned cmd, void *arg)
{
    struct evtchn_alloc_unbound *a = arg;
    struct sim_dom *d;
    uint32_t id;
    int port;

    if (cmd != EVTCHNOP_alloc_unbound)
        return -ENOSYS;
    id = a->dom == DOMID_SELF ? s->self : a->dom;
    if (s->self != 0 && id != s->self)
        return -EPERM;
    d = sim_dom(s, id);
    if (!d)
        return -ESRCH;
    port = sim_evtchn_alloc(s, d, a->remote_dom == DOMID_SELF ? id
                                                             : a->remote_dom,
                            0);
    if (port < 0)
        return port;
    a->port = (evtchn_port_t)port;
    return 0;
}

static int bind_interdomain(struct sim *s, struct sim_dom *d, int32_t handle,
                            struct evtchn_bind_interdomain *b)
{
    struct sim_dom *rd = sim_dom(s, b->remote_dom == DOMID_SELF
                                     ? d->domid : b->remote_dom);
    struct sim_port *rp, *lp;
    int port;

    if (!rd)
        return -ESRCH;
    if (b->remote_port == 0 || b->remote_port >= SIM_MAX_PORTS)
        return -EINVAL;
    rp = &sim_ports(s, rd)[b->remote_port];
    if (rp->state != SIM_PORT_UNBOUND || rp->rdom != d->domid)
        return -EINVAL;
    port = sim_evtchn_alloc(s, d, rd->domid, handle);
    if (port < 0)
        return port;
    lp = &sim_ports(s, d)[port];
    lp->state = SIM_PORT_INTERDOMAIN;
    lp->rport = b->remote_port;
    rp->state = SIM_PORT_INTERDOMAIN;
    rp->rdom = (uint16_t)d->domid;
    rp->rport = (uint32_t)port;
    b->local_port = (evtchn_port_t)port;
    /* Like Xen: binding raises an event on the local port. */
    deliver(s, d, (evtchn_port_t)port);
    return 0;
}

static int bind_virq(struct sim *s, struct sim_dom *d, int32_t handle,
                     struct evtchn_bind_virq *b)
{
    struct sim_host *h = &s->st->host;
    int port;

    if (b->virq >= 16 || b->vcpu != 0)
        return -EINVAL;
    if (h->virq_dom[b->virq] && b->virq != VIRQ_TIMER) {
        struct sim_dom *od = sim_dom(s, h->virq_dom[b->virq] - 1);

        if (od && sim_ports(s, od)[h->virq_port[b->virq]].state ==
                      SIM_PORT_VIRQ)
            return -EEXIST;
    }
    port = sim_evtchn_alloc(s, d, d->domid, handle);
    if (port < 0)
        return port;
    sim_ports(s, d)[port].state = SIM_PORT_VIRQ;
    sim_ports(s, d)[port].virq = (uint16_t)b->virq;
    h->virq_dom[b->virq] = d->domid + 1;
    h->virq_port[b->virq] = (uint32_t)port;
    b->port = (evtchn_port_t)port;
    return 0;
}

static int handle_op(struct sim_evh *e, struct sim_dom *d, unsigned cmd,
                     void *arg)
{
    struct sim *s = &e->s;
    int32_t me = e->slot + 1;
    struct sim_port *p;
    evtchn_port_t port;
    int r;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
        struct evtchn_alloc_unbound *a = arg;

        r = sim_evtchn_alloc(s, d, a->remote_dom, me);
        if (r >= 0)
            a->port = (evtchn_port_t)r;
        return r < 0 ? r : 0;
    }
    case EVTCHNOP_bind_interdomain:
        return bind_interdomain(s, d, me, arg);
    case EVTCHNOP_bind_virq:
        return bind_virq(s, d, me, arg);
    case EVTCHNOP_close:
        port = ((struct evtchn_close *)arg)->port;
        if (!port || port >= SIM_MAX_PORTS)
            return -EINVAL;
        p = &sim_ports(s, d)[port];
        if (p->state == SIM_PORT_FREE || (p->handle && p->handle != me))
            return -EINVAL;
        port_close(s, d, port);
        return 0;
    case EVTCHNOP_send:
        port = ((struct evtchn_send *)arg)->port;
        if (!port || port >= SIM_MAX_PORTS)
            return -EINVAL;
        p = &sim_ports(s, d)[port];
        if (p->state == SIM_PORT_FREE)
            return -EINVAL;
        if (p->state == SIM_PORT_INTERDOMAIN)
            deliver(s, sim_dom(s, p->rdom), p->rport);
        return 0;
    }
    return -ENOSYS;
}

int sim_evtchn_op(xc_evtchn *xce, unsigned cmd, void *arg)
{
    struct sim_evh *e = xce->priv;
    struct sim_dom *d;
    int rc;

    sim_lock(&e->s);
    d = sim_dom(&e->s, e->s.self);
    rc = d ? handle_op(e, d, cmd, arg) : -ESRCH;
    sim_unlock(&e->s);
    if (rc < 0)
        return xc__everr(xce, rc, "event channel op %u in domain %u: %s",
                         cmd, e->s.self, strerror(-rc));
    return rc;
}

int sim_evtchn_pending(xc_evtchn *xce)
{
    evtchn_port_t port;
    ssize_t r = recv(xce->fd, &port, sizeof(port), MSG_DONTWAIT);

    if (r == (ssize_t)sizeof(port))
        return (int)port;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return -EAGAIN;
    return xc__everr(xce, r < 0 ? -errno : -EIO, "event channel read: %s",
                     r < 0 ? strerror(errno) : "short datagram");
}

int sim_evtchn_unmask(xc_evtchn *xce, evtchn_port_t port)
{
    struct sim_evh *e = xce->priv;
    struct sim_dom *d;
    struct sim_port *p;
    int rc = 0;

    if (!port || port >= SIM_MAX_PORTS)
        return xc__everr(xce, -EINVAL, "unmask: bad port %u", port);
    sim_lock(&e->s);
    d = sim_dom(&e->s, e->s.self);
    if (!d) {
        rc = -ESRCH;
    } else {
        p = &sim_ports(&e->s, d)[port];
        p->masked = 0;
        if (p->pending) {
            p->pending = 0;
            deliver(&e->s, d, port);
        }
    }
    sim_unlock(&e->s);
    return rc;
}

/* Free a handle slot and the ports bound through it. */
static void release_slot(struct sim *s, int slot)
{
    struct sim_handle *h = &s->st->host.handles[slot];
    struct sim_dom *d = sim_dom(s, h->domid);
    uint32_t i;

    if (d)
        for (i = 1; i <= d->max_port_used && i < SIM_MAX_PORTS; i++)
            if (sim_ports(s, d)[i].handle == slot + 1)
                port_close(s, d, i);
    h->pid = 0;
}

static int grab_slot(struct sim *s)
{
    struct sim_handle *h = s->st->host.handles;
    int i;

    for (i = 0; i < SIM_MAX_HANDLES; i++)
        if (!h[i].pid)
            break;
    if (i == SIM_MAX_HANDLES) {
        /* Reclaim the slots of processes that died without closing. */
        for (i = 0; i < SIM_MAX_HANDLES; i++)
            if (kill(h[i].pid, 0) < 0 && errno == ESRCH)
                release_slot(s, i);
        for (i = 0; i < SIM_MAX_HANDLES; i++)
            if (!h[i].pid)
                break;
        if (i == SIM_MAX_HANDLES)
            return -EMFILE;
    }
    h[i].pid = getpid();
    h[i].domid = s->self;
    return i;
}

int sim_evtchn_open(xc_evtchn *xce)
{
    struct sim_evh *e = calloc(1, sizeof(*e));
    struct sockaddr_un sa;
    socklen_t len;
    int rc;

    if (!e)
        return xc__everr(xce, -ENOMEM, "out of memory");
    rc = sim_attach(&e->s, xce->simdir, xce->self_domid, xce->errmsg,
                    sizeof(xce->errmsg));
    if (rc) {
        free(e);
        return rc;
    }
    xce->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (xce->fd < 0) {
        rc = xc__everr(xce, -errno, "socket: %s", strerror(errno));
        goto fail;
    }
    sim_lock(&e->s);
    if (!sim_dom(&e->s, e->s.self)) {
        sim_unlock(&e->s);
        rc = xc__everr(xce, -ESRCH, "domain %u (XENSIM_DOMID) does not "
                       "exist", e->s.self);
        goto fail;
    }
    /* A slot's name can still be bound by a forked child that inherited
     * an old handle: leave such a slot to us (freed when we exit) and
     * take the next. */
    do {
        e->slot = grab_slot(&e->s);
        if (e->slot < 0) {
            rc = xc__everr(xce, e->slot, "too many event channel handles");
            break;
        }
        len = sock_path(&e->s, e->slot, &sa);
        rc = bind(xce->fd, (struct sockaddr *)&sa, len) < 0 ? -errno : 0;
        if (rc == -EADDRINUSE)
            e->s.st->host.handles[e->slot].domid = ~0U;  /* never match */
    } while (rc == -EADDRINUSE);
    if (rc && e->slot >= 0) {
        e->s.st->host.handles[e->slot].pid = 0;
        xc__everr(xce, rc, "bind '@%s': %s", sa.sun_path + 1,
                  strerror(-rc));
    }
    sim_unlock(&e->s);
    if (rc)
        goto fail;
    xce->priv = e;
    return 0;
fail:
    if (xce->fd >= 0)
        close(xce->fd);
    xce->fd = -1;
    sim_detach(&e->s);
    free(e);
    return rc;
}

void sim_evtchn_close(xc_evtchn *xce)
{
    struct sim_evh *e = xce->priv;

    if (!e)
        return;
    sim_lock(&e->s);
    release_slot(&e->s, e->slot);
    sim_unlock(&e->s);
    close(xce->fd);
    xce->fd = -1;
    sim_detach(&e->s);
    free(e);
    xce->priv = NULL;
}
