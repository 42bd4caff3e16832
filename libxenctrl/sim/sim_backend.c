/*
 * libxenctrl simulator backend: the struct xc_backend of the simulated
 * host.  Hypercalls arrive as the same Xen structures the privcmd backend
 * passes to the kernel and are decoded by number under the state lock.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sim.h"

static int sb_open(xc_interface *xch)
{
    struct sim *s = calloc(1, sizeof(*s));
    int rc;

    if (!s)
        return xc__err(xch, -ENOMEM, "out of memory");
    rc = sim_attach(s, xch->simdir, xch->self_domid, xch->errmsg,
                    sizeof(xch->errmsg));
    if (rc) {
        free(s);
        return rc;
    }
    xch->priv = s;
    return 0;
}

static void sb_close(xc_interface *xch)
{
    struct sim *s = xch->priv;

    if (!s)
        return;
    sim_detach(s);
    free(s);
    xch->priv = NULL;
}

static long remote_shutdown(struct sim *s, struct sched_remote_shutdown *r)
{
    static const char *const why[] = { "poweroff", "reboot", "suspend",
                                       "crash", "watchdog", "soft_reset" };
    struct sim_dom *d;

    if (s->self != 0 && r->domain_id != s->self)
        return -EPERM;
    d = sim_dom(s, r->domain_id);
    if (!d)
        return -ESRCH;
    if (r->reason > SHUTDOWN_MAX || !d->domid)
        return -EINVAL;
    if (d->shutdown || d->dying)
        return 0;
    d->shutdown = 1;
    d->shutdown_reason = r->reason;
    sim_dom_sched(d);
    sim_log(s, "d%u: shutdown: %s", d->domid, why[r->reason]);
    sim_evtchn_fire_virq(s, VIRQ_DOM_EXC);
    return 0;
}

/* SCHEDOP_shutdown: a guest shutting itself down (suspend: rdx holds the
 * frame of its start_info, as Linux passes it). */
static long self_shutdown(struct sim *s, struct sched_shutdown *sd,
                          uint64_t srec)
{
    struct sched_remote_shutdown r = { (domid_t)s->self, sd->reason };
    struct sim_dom *d = sim_dom(s, s->self);
    int rc;

    if (!s->self || !d)
        return -EINVAL;
    if (d->shutdown || d->dying || sd->reason > SHUTDOWN_MAX)
        return -EINVAL;
    rc = sim_self_shutdown(s, d, sd->reason, srec);
    return rc ? rc : remote_shutdown(s, &r);
}

static long hvm_op(struct sim *s, unsigned cmd, struct xen_hvm_param *p)
{
    uint32_t id = p->domid == DOMID_SELF ? s->self : p->domid;
    struct sim_dom *d;

    if (cmd != HVMOP_set_param && cmd != HVMOP_get_param)
        return -ENOSYS;
    if (s->self != 0 && (id != s->self || cmd == HVMOP_set_param))
        return -EPERM;
    d = sim_dom(s, id);
    if (!d)
        return -ESRCH;
    if (p->index >= HVM_NR_PARAMS || p->index >= SIM_NR_PARAMS)
        return -EINVAL;
    if (cmd == HVMOP_set_param)
        d->params[p->index] = p->value;
    else
        p->value = d->params[p->index];
    return 0;
}

static long dispatch(struct sim *s, const struct xc_hcall *hc)
{
    void *a1 = (void *)(uintptr_t)hc->arg[1];

    switch (hc->op) {
    case __HYPERVISOR_domctl:
        return sim_domctl(s, (void *)(uintptr_t)hc->arg[0]);
    case __HYPERVISOR_sysctl:
        return sim_sysctl(s, (void *)(uintptr_t)hc->arg[0]);
    case __HYPERVISOR_memory_op:
        return sim_memory_op(s, (unsigned)hc->arg[0], a1);
    case __HYPERVISOR_xen_version:
        return sim_version(s, (unsigned)hc->arg[0], a1, hc->arg[2]);
    case __HYPERVISOR_event_channel_op:
        return sim_evtchn_hypercall(s, (unsigned)hc->arg[0], a1);
    case __HYPERVISOR_sched_op:
        if (hc->arg[0] == SCHEDOP_shutdown)
            return self_shutdown(s, a1, hc->arg[2]);
        if (hc->arg[0] != SCHEDOP_remote_shutdown)
            return -ENOSYS;
        return remote_shutdown(s, a1);
    case __HYPERVISOR_hvm_op:
        return hvm_op(s, (unsigned)hc->arg[0], a1);
    case __HYPERVISOR_mmuext_op:
        return sim_mmuext(s, (void *)(uintptr_t)hc->arg[0],
                          (unsigned)hc->arg[1],
                          (void *)(uintptr_t)hc->arg[2],
                          (uint32_t)hc->arg[3]);
    }
    return -ENOSYS;
}

static long sb_hypercall(xc_interface *xch, const struct xc_hcall *hc)
{
    struct sim *s = xch->priv;
    long r;

    sim_lock(s);
    r = dispatch(s, hc);
    sim_unlock(s);
    return r;
}

static void *sb_buf_alloc(xc_interface *xch, size_t size)
{
    (void)xch;
    return calloc(1, size);
}

static void sb_buf_free(xc_interface *xch, void *p, size_t size)
{
    (void)xch;
    (void)size;
    free(p);
}

static int sb_unmap(xc_interface *xch, void *addr, size_t n)
{
    if (munmap(addr, n << XC_PAGE_SHIFT) < 0)
        return xc__err(xch, -errno, "unmap: %s", strerror(errno));
    return 0;
}

static int sb_unmap_grant(xc_interface *xch, void *addr)
{
    return sb_unmap(xch, addr, 1);
}

const struct xc_backend xc__backend_sim = {
    .name = "sim",
    .open = sb_open,
    .close = sb_close,
    .hypercall = sb_hypercall,
    .buf_alloc = sb_buf_alloc,
    .buf_free = sb_buf_free,
    .map_foreign = sim_map_foreign,
    .map_resource = sim_map_resource,
    .unmap = sb_unmap,
    .map_grant = sim_map_grant,
    .unmap_grant = sb_unmap_grant,
    .evtchn_open = sim_evtchn_open,
    .evtchn_close = sim_evtchn_close,
    .evtchn_op = sim_evtchn_op,
    .evtchn_pending = sim_evtchn_pending,
    .evtchn_unmask = sim_evtchn_unmask,
};
