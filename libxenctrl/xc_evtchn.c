/*
 * libxenctrl event channels: the xc_evtchn handle (the event channel
 * device of this process's domain) and EVTCHNOP_alloc_unbound for other
 * domains.  Device operations carry Xen's EVTCHNOP_* structures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xc_private.h"

int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                            uint32_t remote_domid)
{
    struct evtchn_alloc_unbound *a = xc__buf(xch, sizeof(*a));
    long r;
    int port;

    if (!a)
        return -ENOMEM;
    a->dom = (domid_t)domid;
    a->remote_dom = (domid_t)remote_domid;
    r = xc__hypercall(xch, __HYPERVISOR_event_channel_op,
                      EVTCHNOP_alloc_unbound, (uintptr_t)a, 0, 0, 0);
    port = (int)a->port;
    xc__buf_free(xch, a, sizeof(*a));
    if (r < 0)
        return xc__err(xch, (int)r, "unbound event channel in domain %u for "
                       "domain %u: %s", domid, remote_domid,
                       strerror((int)-r));
    return port;
}

xc_evtchn *xc_evtchn_open_err(unsigned flags, char *buf, size_t len)
{
    xc_evtchn *xce = calloc(1, sizeof(*xce));
    int rc;

    if (buf && len)
        buf[0] = 0;
    if (!xce) {
        errno = ENOMEM;
        return NULL;
    }
    xce->fd = -1;
    rc = xc__pick_backend(flags, &xce->be, &xce->simdir, &xce->self_domid,
                          buf, len);
    if (!rc) {
        rc = xce->be->evtchn_open(xce);
        if (rc && buf && len)
            snprintf(buf, len, "%s", xce->errmsg);
    }
    if (rc) {
        free(xce->simdir);
        free(xce);
        errno = -rc;
        return NULL;
    }
    return xce;
}

xc_evtchn *xc_evtchn_open(unsigned flags)
{
    return xc_evtchn_open_err(flags, NULL, 0);
}

int xc_evtchn_close(xc_evtchn *xce)
{
    if (!xce)
        return 0;
    xce->be->evtchn_close(xce);
    free(xce->simdir);
    free(xce);
    return 0;
}

const char *xc_evtchn_errmsg(xc_evtchn *xce)
{
    return xce->errmsg;
}

int xc_evtchn_fd(xc_evtchn *xce)
{
    return xce->fd;
}

int xc_evtchn_bind_unbound_port(xc_evtchn *xce, uint32_t remote_domid)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF,
                                      .remote_dom = (domid_t)remote_domid };
    int rc = xce->be->evtchn_op(xce, EVTCHNOP_alloc_unbound, &a);

    return rc < 0 ? rc : (int)a.port;
}

int xc_evtchn_bind_interdomain(xc_evtchn *xce, uint32_t remote_domid,
                               xc_evtchn_port_t remote_port)
{
    struct evtchn_bind_interdomain b = { .remote_dom = (domid_t)remote_domid,
                                         .remote_port = remote_port };
    int rc = xce->be->evtchn_op(xce, EVTCHNOP_bind_interdomain, &b);

    return rc < 0 ? rc : (int)b.local_port;
}

int xc_evtchn_bind_virq(xc_evtchn *xce, unsigned virq)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
    int rc = xce->be->evtchn_op(xce, EVTCHNOP_bind_virq, &b);

    return rc < 0 ? rc : (int)b.port;
}

int xc_evtchn_unbind(xc_evtchn *xce, xc_evtchn_port_t port)
{
    struct evtchn_close c = { .port = port };

    return xce->be->evtchn_op(xce, EVTCHNOP_close, &c);
}

int xc_evtchn_notify(xc_evtchn *xce, xc_evtchn_port_t port)
{
    struct evtchn_send s = { .port = port };

    return xce->be->evtchn_op(xce, EVTCHNOP_send, &s);
}

int xc_evtchn_pending(xc_evtchn *xce)
{
    return xce->be->evtchn_pending(xce);
}

int xc_evtchn_unmask(xc_evtchn *xce, xc_evtchn_port_t port)
{
    return xce->be->evtchn_unmask(xce, port);
}
