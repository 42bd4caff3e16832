/*
 * libxenctrl host information and scheduling: marshalling of the
 * XEN_SYSCTL_* operations (physinfo, topology, NUMA, console ring,
 * schedulers, cpupools) and the scheduler domctl.
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

int xc_physinfo(xc_interface *xch, struct xc_physinfo *info)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_physinfo };
    struct xen_sysctl_physinfo *p = &s.u.physinfo;
    int rc = xc__sysctl(xch, &s);

    if (rc)
        return rc;
    info->threads_per_core = p->threads_per_core;
    info->cores_per_socket = p->cores_per_socket;
    info->nr_cpus = p->nr_cpus;
    info->max_cpu_id = p->max_cpu_id;
    info->nr_nodes = p->nr_nodes;
    info->max_node_id = p->max_node_id;
    info->cpu_khz = p->cpu_khz;
    info->capabilities = p->capabilities;
    memcpy(info->hw_cap, p->hw_cap, sizeof(info->hw_cap));
    info->total_pages = p->total_pages;
    info->free_pages = p->free_pages;
    info->scrub_pages = p->scrub_pages;
    info->outstanding_pages = p->outstanding_pages;
    info->max_mfn = p->max_mfn;
    return 0;
}

int xc_cputopoinfo(xc_interface *xch, unsigned *nr_cpus,
                   struct xc_cputopo *topo)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_cputopoinfo };
    struct xen_sysctl_cputopo *b = NULL;
    unsigned n = topo ? *nr_cpus : 0, i;
    size_t sz = n * sizeof(*b);
    int rc;

    if (n) {
        b = xc__buf(xch, sz);
        if (!b)
            return -ENOMEM;
        set_xen_guest_handle(s.u.cputopoinfo.cputopo, b);
    }
    s.u.cputopoinfo.num_cpus = n;
    rc = xc__sysctl(xch, &s);
    if (!rc) {
        for (i = 0; i < n && i < s.u.cputopoinfo.num_cpus; i++) {
            topo[i].core = b[i].core;
            topo[i].socket = b[i].socket;
            topo[i].node = b[i].node;
        }
        *nr_cpus = s.u.cputopoinfo.num_cpus;
    }
    xc__buf_free(xch, b, sz);
    return rc;
}

int xc_numainfo(xc_interface *xch, unsigned *nr_nodes,
                struct xc_meminfo *mem, uint32_t *distance)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_numainfo };
    struct xen_sysctl_meminfo *m = NULL;
    uint32_t *d = NULL;
    unsigned n = (mem || distance) ? *nr_nodes : 0, i;
    size_t msz = n * sizeof(*m), dsz = (size_t)n * n * sizeof(*d);
    int rc = -ENOMEM;

    if (n) {
        m = xc__buf(xch, msz);
        d = xc__buf(xch, dsz);
        if (!m || !d)
            goto out;
        set_xen_guest_handle(s.u.numainfo.meminfo, m);
        set_xen_guest_handle(s.u.numainfo.distance, d);
    }
    s.u.numainfo.num_nodes = n;
    rc = xc__sysctl(xch, &s);
    if (rc)
        goto out;
    for (i = 0; mem && i < n && i < s.u.numainfo.num_nodes; i++) {
        mem[i].memsize = m[i].memsize;
        mem[i].memfree = m[i].memfree;
    }
    if (distance && n)
        memcpy(distance, d, dsz);
    *nr_nodes = s.u.numainfo.num_nodes;
out:
    xc__buf_free(xch, m, msz);
    xc__buf_free(xch, d, dsz);
    return rc;
}

int xc_readconsolering(xc_interface *xch, char *buf, unsigned *size,
                       bool clear, uint32_t *index)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_readconsole };
    struct xen_sysctl_readconsole *r = &s.u.readconsole;
    unsigned cap = *size;
    char *b = xc__buf(xch, cap);
    int rc;

    if (!b)
        return -ENOMEM;
    set_xen_guest_handle(r->buffer, b);
    r->count = cap;
    r->clear = clear;
    if (index) {
        r->incremental = 1;
        r->index = *index;
    }
    rc = xc__sysctl(xch, &s);
    if (!rc) {
        memcpy(buf, b, r->count < cap ? r->count : cap);
        *size = r->count;
        if (index)
            *index = r->index;
    }
    xc__buf_free(xch, b, cap);
    return rc;
}

int xc_sched_id(xc_interface *xch, int *sched_id)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_sched_id };
    int rc = xc__sysctl(xch, &s);

    if (!rc)
        *sched_id = (int)s.u.sched_id.sched_id;
    return rc;
}

static int sched_dom(xc_interface *xch, uint32_t sched, unsigned cmd,
                     uint32_t domid, struct xc_sched_credit *p)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_scheduler_op,
                            .domain = (domid_t)domid };
    int rc;

    d.u.scheduler_op.sched_id = sched;
    d.u.scheduler_op.cmd = cmd;
    /* credit and credit2 share the layout {weight, cap}. */
    d.u.scheduler_op.u.credit2.weight = p->weight;
    d.u.scheduler_op.u.credit2.cap = p->cap;
    rc = xc__domctl(xch, &d);
    if (!rc && cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        p->weight = d.u.scheduler_op.u.credit2.weight;
        p->cap = d.u.scheduler_op.u.credit2.cap;
    }
    return rc;
}

int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid,
                                struct xc_sched_credit *p)
{
    return sched_dom(xch, XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_getinfo,
                     domid, p);
}

int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid,
                                const struct xc_sched_credit *p)
{
    struct xc_sched_credit c = *p;

    return sched_dom(xch, XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_putinfo,
                     domid, &c);
}

int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                               struct xc_sched_credit *p)
{
    return sched_dom(xch, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_getinfo,
                     domid, p);
}

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                               const struct xc_sched_credit *p)
{
    struct xc_sched_credit c = *p;

    return sched_dom(xch, XEN_SCHEDULER_CREDIT, XEN_DOMCTL_SCHEDOP_putinfo,
                     domid, &c);
}

static int credit2_params(xc_interface *xch, unsigned cmd, uint32_t poolid,
                          uint32_t *ratelimit_us)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_scheduler_op };
    int rc;

    s.u.scheduler_op.cpupool_id = poolid;
    s.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT2;
    s.u.scheduler_op.cmd = cmd;
    s.u.scheduler_op.u.sched_credit2.ratelimit_us = *ratelimit_us;
    rc = xc__sysctl(xch, &s);
    if (!rc)
        *ratelimit_us = s.u.scheduler_op.u.sched_credit2.ratelimit_us;
    return rc;
}

int xc_sched_credit2_params_get(xc_interface *xch, uint32_t poolid,
                                uint32_t *ratelimit_us)
{
    *ratelimit_us = 0;
    return credit2_params(xch, XEN_SYSCTL_SCHEDOP_getinfo, poolid,
                          ratelimit_us);
}

int xc_sched_credit2_params_set(xc_interface *xch, uint32_t poolid,
                                uint32_t ratelimit_us)
{
    return credit2_params(xch, XEN_SYSCTL_SCHEDOP_putinfo, poolid,
                          &ratelimit_us);
}

/* XEN_SYSCTL_CPUPOOL_OP_INFO answers with the first pool >= poolid. */
static int pool_info(xc_interface *xch, uint32_t poolid,
                     struct xc_cpupoolinfo *info)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_cpupool_op };
    struct xen_sysctl_cpupool_op *c = &s.u.cpupool_op;
    uint8_t *b = xc__buf(xch, XC_CPUMAP_BYTES);
    int rc;

    if (!b)
        return -ENOMEM;
    c->op = XEN_SYSCTL_CPUPOOL_OP_INFO;
    c->cpupool_id = poolid;
    set_xen_guest_handle(c->cpumap.bitmap, b);
    c->cpumap.nr_bits = XC_CPUMAP_BYTES * 8;
    rc = xc__sysctl(xch, &s);
    if (!rc) {
        info->poolid = c->cpupool_id;
        info->sched_id = c->sched_id;
        info->n_dom = c->n_dom;
        memcpy(info->cpumap, b, XC_CPUMAP_BYTES);
    }
    xc__buf_free(xch, b, XC_CPUMAP_BYTES);
    return rc;
}

int xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid,
                       struct xc_cpupoolinfo *info)
{
    int rc = pool_info(xch, poolid, info);

    if (rc == -ENOENT || (!rc && info->poolid != poolid))
        return xc__err(xch, -ENOENT, "cpupool %u: no such pool", poolid);
    return rc;
}

int xc_cpupool_list(xc_interface *xch, struct xc_cpupoolinfo *info,
                    unsigned max)
{
    uint32_t next = 0;
    unsigned n = 0;
    int rc;

    while (n < max) {
        rc = pool_info(xch, next, &info[n]);
        if (rc == -ENOENT)
            break;
        if (rc)
            return rc;
        next = info[n].poolid + 1;
        n++;
    }
    xch->errmsg[0] = 0;
    return (int)n;
}

/* The public XC_PHYSCAP_* flags are Xen's sysctl bits passed through. */
_Static_assert(XC_PHYSCAP_VMTRACE == XEN_SYSCTL_PHYSCAP_vmtrace, "vmtrace");
_Static_assert(XC_PHYSCAP_VPMU == XEN_SYSCTL_PHYSCAP_vpmu, "vpmu");
_Static_assert(XC_PHYSCAP_GNTTAB_V1 == XEN_SYSCTL_PHYSCAP_gnttab_v1, "v1");
_Static_assert(XC_PHYSCAP_GNTTAB_V2 == XEN_SYSCTL_PHYSCAP_gnttab_v2, "v2");
