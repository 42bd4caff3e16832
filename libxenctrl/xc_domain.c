/*
 * libxenctrl domains: marshalling of the domain-control operations
 * (XEN_DOMCTL_* and SCHEDOP_remote_shutdown) into Xen's structures.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xc_private.h"

static const char *const domctl_names[] = {
    [XEN_DOMCTL_createdomain] = "createdomain",
    [XEN_DOMCTL_destroydomain] = "destroydomain",
    [XEN_DOMCTL_pausedomain] = "pausedomain",
    [XEN_DOMCTL_unpausedomain] = "unpausedomain",
    [XEN_DOMCTL_getdomaininfo] = "getdomaininfo",
    [XEN_DOMCTL_setvcpuaffinity] = "setvcpuaffinity",
    [XEN_DOMCTL_shadow_op] = "shadow_op",
    [XEN_DOMCTL_max_mem] = "max_mem",
    [XEN_DOMCTL_setvcpucontext] = "setvcpucontext",
    [XEN_DOMCTL_getvcpucontext] = "getvcpucontext",
    [XEN_DOMCTL_getvcpuinfo] = "getvcpuinfo",
    [XEN_DOMCTL_max_vcpus] = "max_vcpus",
    [XEN_DOMCTL_scheduler_op] = "scheduler_op",
    [XEN_DOMCTL_setdomainhandle] = "setdomainhandle",
    [XEN_DOMCTL_settimeoffset] = "settimeoffset",
    [XEN_DOMCTL_getvcpuaffinity] = "getvcpuaffinity",
    [XEN_DOMCTL_set_target] = "set_target",
    [XEN_DOMCTL_soft_reset] = "soft_reset",
    [XEN_DOMCTL_hypercall_init] = "hypercall_init",
    [XEN_DOMCTL_gethvmcontext] = "gethvmcontext",
    [XEN_DOMCTL_sethvmcontext] = "sethvmcontext",
    [XEN_DOMCTL_gethvmcontext_partial] = "gethvmcontext_partial",
    [XEN_DOMCTL_gettscinfo] = "gettscinfo",
    [XEN_DOMCTL_settscinfo] = "settscinfo",
    [XEN_DOMCTL_resumedomain] = "resumedomain",
    [XEN_DOMCTL_set_ext_vcpucontext] = "set_ext_vcpucontext",
    [XEN_DOMCTL_get_ext_vcpucontext] = "get_ext_vcpucontext",
    [XEN_DOMCTL_getpageframeinfo3] = "getpageframeinfo3",
    [XEN_DOMCTL_setvcpuextstate] = "setvcpuextstate",
    [XEN_DOMCTL_getvcpuextstate] = "getvcpuextstate",
    [XEN_DOMCTL_get_vcpu_msrs] = "get_vcpu_msrs",
    [XEN_DOMCTL_set_vcpu_msrs] = "set_vcpu_msrs",
    [XEN_DOMCTL_sendtrigger] = "sendtrigger",
};

const char *xc__domctl_name(unsigned cmd)
{
    if (cmd < sizeof(domctl_names) / sizeof(domctl_names[0]) &&
        domctl_names[cmd])
        return domctl_names[cmd];
    return "unknown";
}

static int simple(xc_interface *xch, unsigned cmd, uint32_t domid)
{
    struct xen_domctl d = { .cmd = cmd, .domain = (domid_t)domid };

    return xc__domctl(xch, &d);
}

int xc_domain_create(xc_interface *xch, uint32_t *domid,
                     const struct xc_domain_create *cfg)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_createdomain };
    struct xen_domctl_createdomain *c = &d.u.createdomain;
    int rc;

    d.domain = (domid_t)(*domid ? *domid : XC_DOMID_INVALID);
    c->ssidref = cfg->ssidref;
    memcpy(c->handle, cfg->handle, sizeof(c->handle));
    c->flags = cfg->flags;
    c->max_vcpus = cfg->max_vcpus;
    c->max_evtchn_port = cfg->max_evtchn_port;
    c->max_grant_frames = cfg->max_grant_frames;
    c->max_maptrack_frames = cfg->max_maptrack_frames;
    c->grant_opts = XEN_DOMCTL_GRANT_version(cfg->grant_version ?
                                             cfg->grant_version : 1);
    c->arch.emulation_flags = cfg->arch_emulation_flags;
    rc = xc__domctl(xch, &d);
    if (rc)
        return rc;
    *domid = d.domain;
    return 0;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
    int rc;

    /* Xen asks to retry while it is still tearing the domain down. */
    do
        rc = simple(xch, XEN_DOMCTL_destroydomain, domid);
    while (rc == -EAGAIN);
    return rc;
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
    return simple(xch, XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
    return simple(xch, XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_soft_reset(xc_interface *xch, uint32_t domid)
{
    return simple(xch, XEN_DOMCTL_soft_reset, domid);
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    struct sched_remote_shutdown *a = xc__buf(xch, sizeof(*a));
    long r;

    if (!a)
        return -ENOMEM;
    a->domain_id = (domid_t)domid;
    a->reason = (unsigned)reason;
    r = xc__hypercall(xch, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
                      (uintptr_t)a, 0, 0, 0);
    xc__buf_free(xch, a, sizeof(*a));
    if (r < 0)
        return xc__err(xch, (int)r, "shutdown of domain %u: %s", domid,
                       strerror((int)-r));
    return 0;
}

int xc_domain_send_trigger(xc_interface *xch, uint32_t domid,
                           unsigned trigger, uint32_t vcpu)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_sendtrigger,
                            .domain = (domid_t)domid };

    d.u.sendtrigger.trigger = trigger;
    d.u.sendtrigger.vcpu = vcpu;
    return xc__domctl(xch, &d);
}

void xc__dominfo_from_xen(struct xc_dominfo *o,
                          const struct xen_domctl_getdomaininfo *i)
{
    memset(o, 0, sizeof(*o));
    o->domid = i->domain;
    o->ssidref = i->ssidref;
    o->dying = !!(i->flags & XEN_DOMINF_dying);
    o->shutdown = !!(i->flags & XEN_DOMINF_shutdown);
    o->paused = !!(i->flags & XEN_DOMINF_paused);
    o->blocked = !!(i->flags & XEN_DOMINF_blocked);
    o->running = !!(i->flags & XEN_DOMINF_running);
    o->hvm = !!(i->flags & XEN_DOMINF_hvm_guest);
    o->hap = !!(i->flags & XEN_DOMINF_hap);
    o->debugged = !!(i->flags & XEN_DOMINF_debugged);
    o->xenstore = !!(i->flags & XEN_DOMINF_xs_domain);
    o->shutdown_reason = (i->flags >> XEN_DOMINF_shutdownshift) &
                         XEN_DOMINF_shutdownmask;
    o->crashed = o->shutdown && o->shutdown_reason == SHUTDOWN_crash;
    o->nr_pages = i->tot_pages;
    o->nr_outstanding_pages = i->outstanding_pages;
    o->nr_shared_pages = i->shr_pages;
    o->nr_paged_pages = i->paged_pages;
    o->max_memkb = i->max_pages << (XC_PAGE_SHIFT - 10);
    o->shared_info_frame = i->shared_info_frame;
    o->cpu_time = i->cpu_time;
    o->nr_online_vcpus = i->nr_online_vcpus;
    o->max_vcpu_id = i->max_vcpu_id;
    memcpy(o->handle, i->handle, sizeof(o->handle));
    o->cpupool = i->cpupool;
}

int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
                             struct xc_dominfo *info)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getdomaininfo,
                            .domain = (domid_t)domid };
    int rc = xc__domctl(xch, &d);

    /* Xen 4.17 answers with the next domain when domid does not exist. */
    if (!rc && d.u.getdomaininfo.domain != domid)
        rc = -ESRCH;
    if (rc == -ESRCH)
        return xc__err(xch, -ESRCH, "domain %u: no such domain", domid);
    if (rc)
        return rc;
    xc__dominfo_from_xen(info, &d.u.getdomaininfo);
    return 0;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domid,
                          unsigned max, struct xc_dominfo *info)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_getdomaininfolist };
    struct xen_domctl_getdomaininfo *b;
    size_t sz = (size_t)max * sizeof(*b);
    unsigned i, n;
    int rc;

    if (!max)
        return 0;
    b = xc__buf(xch, sz);
    if (!b)
        return -ENOMEM;
    s.u.getdomaininfolist.first_domain = (domid_t)first_domid;
    s.u.getdomaininfolist.max_domains = max;
    set_xen_guest_handle(s.u.getdomaininfolist.buffer, b);
    rc = xc__sysctl(xch, &s);
    if (!rc) {
        n = s.u.getdomaininfolist.num_domains;
        for (i = 0; i < n && i < max; i++)
            xc__dominfo_from_xen(&info[i], &b[i]);
        rc = (int)(n < max ? n : max);
    }
    xc__buf_free(xch, b, sz);
    return rc;
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
                        uint64_t max_memkb)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_max_mem,
                            .domain = (domid_t)domid };

    d.u.max_mem.max_memkb = max_memkb;
    return xc__domctl(xch, &d);
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned max)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_max_vcpus,
                            .domain = (domid_t)domid };

    d.u.max_vcpus.max = max;
    return xc__domctl(xch, &d);
}

static int vcpucontext(xc_interface *xch, unsigned cmd, uint32_t domid,
                       unsigned vcpu, void *ctxt, size_t size)
{
    struct xen_domctl d = { .cmd = cmd, .domain = (domid_t)domid };
    void *b;
    int rc;

    if (size > sizeof(vcpu_guest_context_t))
        size = sizeof(vcpu_guest_context_t);
    b = xc__buf(xch, sizeof(vcpu_guest_context_t));
    if (!b)
        return -ENOMEM;
    memcpy(b, ctxt, size);
    d.u.vcpucontext.vcpu = vcpu;
    set_xen_guest_handle(d.u.vcpucontext.ctxt, b);
    rc = xc__domctl(xch, &d);
    if (!rc && cmd == XEN_DOMCTL_getvcpucontext)
        memcpy(ctxt, b, size);
    xc__buf_free(xch, b, sizeof(vcpu_guest_context_t));
    return rc;
}

int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, unsigned vcpu,
                       const void *ctxt, size_t size)
{
    return vcpucontext(xch, XEN_DOMCTL_setvcpucontext, domid, vcpu,
                       (void *)ctxt, size);
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, unsigned vcpu,
                       void *ctxt, size_t size)
{
    return vcpucontext(xch, XEN_DOMCTL_getvcpucontext, domid, vcpu, ctxt,
                       size);
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, unsigned vcpu,
                    struct xc_vcpuinfo *info)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getvcpuinfo,
                            .domain = (domid_t)domid };
    int rc;

    d.u.getvcpuinfo.vcpu = vcpu;
    rc = xc__domctl(xch, &d);
    if (rc)
        return rc;
    info->online = d.u.getvcpuinfo.online;
    info->blocked = d.u.getvcpuinfo.blocked;
    info->running = d.u.getvcpuinfo.running;
    info->cpu_time = d.u.getvcpuinfo.cpu_time;
    info->cpu = d.u.getvcpuinfo.cpu;
    return 0;
}

static int affinity(xc_interface *xch, unsigned cmd, uint32_t domid,
                    unsigned vcpu, uint8_t *hard, uint8_t *soft,
                    size_t nbytes)
{
    struct xen_domctl d = { .cmd = cmd, .domain = (domid_t)domid };
    struct xen_domctl_vcpuaffinity *a = &d.u.vcpuaffinity;
    uint8_t *hb = NULL, *sb = NULL;
    int rc = -ENOMEM;

    if (!hard && !soft)
        return xc__err(xch, -EINVAL, "vcpu affinity: no map given");
    a->vcpu = vcpu;
    hb = xc__buf(xch, nbytes);
    sb = xc__buf(xch, nbytes);
    if (!hb || !sb)
        goto out;
    if (hard) {
        a->flags |= XEN_VCPUAFFINITY_HARD;
        memcpy(hb, hard, nbytes);
    }
    if (soft) {
        a->flags |= XEN_VCPUAFFINITY_SOFT;
        memcpy(sb, soft, nbytes);
    }
    set_xen_guest_handle(a->cpumap_hard.bitmap, hb);
    a->cpumap_hard.nr_bits = (uint32_t)(nbytes * 8);
    set_xen_guest_handle(a->cpumap_soft.bitmap, sb);
    a->cpumap_soft.nr_bits = (uint32_t)(nbytes * 8);
    rc = xc__domctl(xch, &d);
    if (rc)
        goto out;
    if (hard)
        memcpy(hard, hb, nbytes);
    if (soft)
        memcpy(soft, sb, nbytes);
out:
    xc__buf_free(xch, hb, nbytes);
    xc__buf_free(xch, sb, nbytes);
    return rc;
}

int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, unsigned vcpu,
                        uint8_t *hard, uint8_t *soft, size_t nbytes)
{
    return affinity(xch, XEN_DOMCTL_setvcpuaffinity, domid, vcpu, hard, soft,
                    nbytes);
}

int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, unsigned vcpu,
                        uint8_t *hard, uint8_t *soft, size_t nbytes)
{
    return affinity(xch, XEN_DOMCTL_getvcpuaffinity, domid, vcpu, hard, soft,
                    nbytes);
}

int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                              int32_t offset_seconds)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_settimeoffset,
                            .domain = (domid_t)domid };

    d.u.settimeoffset.time_offset_seconds = offset_seconds;
    return xc__domctl(xch, &d);
}

int xc_domain_set_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t tsc_mode, uint64_t elapsed_nsec,
                           uint32_t gtsc_khz, uint32_t incarnation)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_settscinfo,
                            .domain = (domid_t)domid };

    d.u.tsc_info.tsc_mode = tsc_mode;
    d.u.tsc_info.gtsc_khz = gtsc_khz;
    d.u.tsc_info.incarnation = incarnation;
    d.u.tsc_info.elapsed_nsec = elapsed_nsec;
    return xc__domctl(xch, &d);
}

int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid,
                           uint32_t *tsc_mode, uint64_t *elapsed_nsec,
                           uint32_t *gtsc_khz, uint32_t *incarnation)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_gettscinfo,
                            .domain = (domid_t)domid };
    int rc = xc__domctl(xch, &d);

    if (rc)
        return rc;
    *tsc_mode = d.u.tsc_info.tsc_mode;
    *elapsed_nsec = d.u.tsc_info.elapsed_nsec;
    *gtsc_khz = d.u.tsc_info.gtsc_khz;
    *incarnation = d.u.tsc_info.incarnation;
    return 0;
}

int xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned op,
                      uint8_t *bitmap, uint64_t *pages, uint32_t *mb)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_shadow_op,
                            .domain = (domid_t)domid };
    struct xen_domctl_shadow_op *s = &d.u.shadow_op;
    size_t sz = (bitmap && pages) ? (*pages + 7) / 8 : 0;
    uint8_t *b = NULL;
    int rc;

    s->op = op;
    if (mb)
        s->mb = *mb;
    if (sz) {
        b = xc__buf(xch, sz);
        if (!b)
            return -ENOMEM;
        set_xen_guest_handle(s->dirty_bitmap, b);
        s->pages = *pages;
    }
    rc = xc__domctl(xch, &d);
    if (!rc) {
        if (sz)
            memcpy(bitmap, b, sz);
        if (pages)
            *pages = s->pages;
        if (mb)
            *mb = s->mb;
    }
    xc__buf_free(xch, b, sz);
    return rc;
}

int xc_domain_set_target(xc_interface *xch, uint32_t domid, uint32_t target)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_set_target,
                            .domain = (domid_t)domid };

    d.u.set_target.target = (domid_t)target;
    return xc__domctl(xch, &d);
}

int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                        const uint8_t handle[16])
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_setdomainhandle,
                            .domain = (domid_t)domid };

    memcpy(d.u.setdomainhandle.handle, handle, 16);
    return xc__domctl(xch, &d);
}

int xc_mmuext_pin_table(xc_interface *xch, uint32_t domid, unsigned level,
                        uint64_t gfn)
{
    static const unsigned cmds[] = { MMUEXT_UNPIN_TABLE, MMUEXT_PIN_L1_TABLE,
                                     MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE,
                                     MMUEXT_PIN_L4_TABLE };
    struct mmuext_op *op;
    long r;

    if (level > 4)
        return xc__err(xch, -EINVAL, "pin table: level %u", level);
    op = xc__buf(xch, sizeof(*op));
    if (!op)
        return -ENOMEM;
    op->cmd = cmds[level];
    op->arg1.mfn = (xen_pfn_t)gfn;
    r = xc__hypercall(xch, __HYPERVISOR_mmuext_op, (uintptr_t)op, 1, 0,
                      domid, 0);
    xc__buf_free(xch, op, sizeof(*op));
    if (r < 0)
        return xc__err(xch, (int)r, "%s page table 0x%llx of domain %u: %s",
                       level ? "pin" : "unpin", (unsigned long long)gfn,
                       domid, strerror((int)-r));
    return 0;
}

int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, uint64_t gfn)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_hypercall_init,
                            .domain = (domid_t)domid };

    d.u.hypercall_init.gmfn = gfn;
    return xc__domctl(xch, &d);
}

static int hvm_param(xc_interface *xch, unsigned op, uint32_t domid,
                     uint32_t param, uint64_t *value)
{
    struct xen_hvm_param *a = xc__buf(xch, sizeof(*a));
    long r;

    if (!a)
        return -ENOMEM;
    a->domid = (domid_t)domid;
    a->index = param;
    a->value = *value;
    r = xc__hypercall(xch, __HYPERVISOR_hvm_op, op, (uintptr_t)a, 0, 0, 0);
    if (r >= 0)
        *value = a->value;
    xc__buf_free(xch, a, sizeof(*a));
    if (r < 0)
        return xc__err(xch, (int)r, "hvm param %u of domain %u: %s", param,
                       domid, strerror((int)-r));
    return 0;
}

int xc_hvm_param_set(xc_interface *xch, uint32_t domid, uint32_t param,
                     uint64_t value)
{
    return hvm_param(xch, HVMOP_set_param, domid, param, &value);
}

int xc_hvm_param_get(xc_interface *xch, uint32_t domid, uint32_t param,
                     uint64_t *value)
{
    *value = 0;
    return hvm_param(xch, HVMOP_get_param, domid, param, value);
}
