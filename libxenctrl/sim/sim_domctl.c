/*
 * libxenctrl simulator, domain control: decodes struct xen_domctl the way
 * the hypervisor does and applies it to the simulated host.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"
#include "sim_hvmctx.h"
#include "sim_guest.h"

static void getinfo(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_getdomaininfo *i)
{
    unsigned v;

    (void)s;
    memset(i, 0, sizeof(*i));
    i->domain = (domid_t)d->domid;
    if (d->dying)
        i->flags |= XEN_DOMINF_dying;
    if (d->cdf & XEN_DOMCTL_CDF_hvm)
        i->flags |= XEN_DOMINF_hvm_guest;
    if (d->cdf & XEN_DOMCTL_CDF_hap)
        i->flags |= XEN_DOMINF_hap;
    if (d->cdf & XEN_DOMCTL_CDF_xs_domain)
        i->flags |= XEN_DOMINF_xs_domain;
    if (d->shutdown)
        i->flags |= XEN_DOMINF_shutdown |
                    (d->shutdown_reason << XEN_DOMINF_shutdownshift);
    if (d->pause_count)
        i->flags |= XEN_DOMINF_paused;
    else if (!d->shutdown && !d->dying)
        i->flags |= XEN_DOMINF_running;
    i->tot_pages = d->nr_pages;
    i->max_pages = d->max_pages;
    i->outstanding_pages = d->outstanding;
    i->shared_info_frame = SIM_SHINFO_GFN;
    for (v = 0; v < d->max_vcpus; v++) {
        i->cpu_time += sim_vcpu_time(&d->vcpu[v]);
        if (d->vcpu[v].online)
            i->nr_online_vcpus++;
    }
    i->max_vcpu_id = d->max_vcpus - 1;
    i->ssidref = d->ssidref;
    memcpy(i->handle, d->handle, 16);
    i->cpupool = 0;
    i->gpaddr_bits = 36;
}

long sim_getdomaininfolist(struct sim *s,
                           struct xen_sysctl_getdomaininfolist *l)
{
    struct xen_domctl_getdomaininfo *out = l->buffer.p;
    uint32_t id, n = 0;
    struct sim_dom *d;

    for (id = l->first_domain; id < SIM_NR_DOMIDS && n < l->max_domains;
         id++) {
        d = sim_dom(s, id);
        if (d)
            getinfo(s, d, &out[n++]);
    }
    l->num_domains = n;
    return 0;
}

static int vcpu_context(struct sim *s, struct sim_dom *d,
                        struct xen_domctl_vcpucontext *c, int set)
{
    char name[16], *p;
    void *buf = c->ctxt.p;
    ssize_t r;
    int fd, e = 0;

    if (c->vcpu >= d->max_vcpus)
        return -EINVAL;
    snprintf(name, sizeof(name), "vcpu%u", c->vcpu);
    p = sim_path(s, d->domid, name);
    if (!p)
        return -ENOMEM;
    fd = open(p, set ? O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
                     : O_RDONLY | O_CLOEXEC, 0644);
    free(p);
    if (fd < 0) {
        if (errno != ENOENT || set)
            return -errno;
        memset(buf, 0, sizeof(vcpu_guest_context_t));
        return 0;
    }
    if (set)
        r = write(fd, buf, sizeof(vcpu_guest_context_t));
    else
        r = read(fd, buf, sizeof(vcpu_guest_context_t));
    if (r != (ssize_t)sizeof(vcpu_guest_context_t))
        e = r < 0 ? -errno : -EIO;
    close(fd);
    if (!e && set) {
        d->vcpu[c->vcpu].online = 1;
        sim_dom_sched(d);
    }
    return e;
}

static int affinity(struct sim_dom *d, struct xen_domctl_vcpuaffinity *a,
                    int set, unsigned nr_cpus)
{
    struct sim_vcpu *v;
    uint8_t *maps[2] = { a->cpumap_hard.bitmap.p, a->cpumap_soft.bitmap.p };
    uint32_t bits[2] = { a->cpumap_hard.nr_bits, a->cpumap_soft.nr_bits };
    uint8_t tmp[XC_CPUMAP_BYTES];
    unsigned which, i, nb;

    if (a->vcpu >= d->max_vcpus || !(a->flags & (XEN_VCPUAFFINITY_HARD |
                                                 XEN_VCPUAFFINITY_SOFT)))
        return -EINVAL;
    v = &d->vcpu[a->vcpu];
    for (which = 0; which < 2; which++) {
        uint8_t *mine = which ? v->soft : v->hard;

        if (!(a->flags & (which ? XEN_VCPUAFFINITY_SOFT
                                : XEN_VCPUAFFINITY_HARD)))
            continue;
        nb = (bits[which] + 7) / 8;
        if (set) {
            memset(tmp, 0, sizeof(tmp));
            memcpy(tmp, maps[which], nb < sizeof(tmp) ? nb : sizeof(tmp));
            for (i = nr_cpus; i < XC_MAX_CPUS; i++)
                tmp[i / 8] &= (uint8_t)~(1U << (i % 8));
            if (!which) {
                for (i = 0; i < nr_cpus; i++)
                    if (tmp[i / 8] & (1U << (i % 8)))
                        break;
                if (i == nr_cpus)
                    return -EINVAL;      /* no online CPU left */
                v->cpu = i;
            }
            memcpy(mine, tmp, sizeof(tmp));
        }
        memset(maps[which], 0, nb);
        for (i = 0; i < nr_cpus && i < bits[which]; i++)
            if (mine[i / 8] & (1U << (i % 8)))
                maps[which][i / 8] |= (uint8_t)(1U << (i % 8));
    }
    return 0;
}

static int shadow(struct sim *s, struct sim_dom *d,
                  struct xen_domctl_shadow_op *o)
{
    switch (o->op) {
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        o->mb = d->shadow_mb;
        return 0;
    case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
        d->shadow_mb = o->mb;
        return 0;
    }
    return sim_logdirty_op(s, d, o);        /* sim_dirty.c */
}

static int sched(struct sim *s, struct sim_dom *d,
                 struct xen_domctl_scheduler_op *o)
{
    if (o->sched_id != s->st->host.sched_id)
        return -EINVAL;
    if (o->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
        o->u.credit2.weight = d->weight;
        o->u.credit2.cap = d->cap;
        return 0;
    }
    if (o->cmd != XEN_DOMCTL_SCHEDOP_putinfo)
        return -EINVAL;
    if (o->u.credit2.weight)
        d->weight = o->u.credit2.weight;
    if (o->u.credit2.cap > 100 * d->max_vcpus)
        return -EINVAL;
    d->cap = o->u.credit2.cap;
    return 0;
}

/*
 * XEN_DOMCTL_settscinfo / gettscinfo: the values live in DIR/dom/N/tsc
 * (absent: default mode at the host's frequency).
 */
static int tsc_info(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_tsc_info *t, int set)
{
    struct xen_domctl_tsc_info cur = { .gtsc_khz = s->st->host.cpu_khz };
    char *p = sim_path(s, d->domid, "tsc");
    ssize_t r;
    int fd, e = 0;

    if (!p)
        return -ENOMEM;
    if (set) {
        if (t->pad || t->tsc_mode > 2 || (!d->domid && t->tsc_mode)) {
            free(p);
            return -EINVAL;
        }
        cur = *t;
        if (!cur.gtsc_khz)
            cur.gtsc_khz = s->st->host.cpu_khz;
        fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    } else {
        fd = open(p, O_RDONLY | O_CLOEXEC);
    }
    free(p);
    if (fd < 0 && (set || errno != ENOENT))
        return -errno;
    if (fd >= 0) {
        r = set ? write(fd, &cur, sizeof(cur)) : read(fd, &cur, sizeof(cur));
        if (r != (ssize_t)sizeof(cur))
            e = r < 0 ? -errno : -EIO;
        close(fd);
    }
    if (!e && !set)
        *t = cur;
    return e;
}

/*
 * XEN_DOMCTL_sendtrigger as Xen 4.17 on x86: an NMI for any domain, the
 * ACPI power and sleep buttons for HVM domains, no reset or init.  Counted
 * for the simulated guest and noted in the console ring.
 */
static int trigger(struct sim *s, struct sim_dom *d,
                   const struct xen_domctl_sendtrigger *t)
{
    static const char *const what[] = { "NMI", "reset", "init",
                                        "power button", "sleep button" };

    if (t->vcpu >= d->max_vcpus)
        return -ESRCH;
    switch (t->trigger) {
    case XEN_DOMCTL_SENDTRIGGER_NMI:
        d->nmi_count++;
        break;
    case XEN_DOMCTL_SENDTRIGGER_POWER:
    case XEN_DOMCTL_SENDTRIGGER_SLEEP:
        if (!(d->cdf & XEN_DOMCTL_CDF_hvm))
            return -EINVAL;
        if (t->trigger == XEN_DOMCTL_SENDTRIGGER_POWER)
            d->power_count++;
        else
            d->sleep_count++;
        break;
    default:
        return -ENOSYS;
    }
    sim_log(s, "d%uv%u: trigger: %s", d->domid, t->vcpu, what[t->trigger]);
    return 0;
}

static long per_domain(struct sim *s, struct sim_dom *d,
                       struct xen_domctl *op)
{
    struct xen_domctl_getvcpuinfo *vi;
    unsigned v;

    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        if (!d->domid)
            return -EINVAL;
        sim_dom_destroy(s, d);
        return 0;
    case XEN_DOMCTL_pausedomain:
        if (!d->domid)
            return -EINVAL;
        d->pause_count++;
        sim_dom_sched(d);
        return 0;
    case XEN_DOMCTL_unpausedomain:
        if (!d->pause_count)
            return -EINVAL;
        d->pause_count--;
        sim_dom_sched(d);
        sim_guest_boot(s, d);        /* the simulated kernel, if loaded */
        return 0;
    case XEN_DOMCTL_getdomaininfo:
        getinfo(s, d, &op->u.getdomaininfo);
        return 0;
    case XEN_DOMCTL_max_mem:
        d->max_pages = op->u.max_mem.max_memkb >> (XC_PAGE_SHIFT - 10);
        return 0;
    case XEN_DOMCTL_max_vcpus:
        if (op->u.max_vcpus.max > d->max_vcpus || !op->u.max_vcpus.max)
            return -EINVAL;
        return 0;
    case XEN_DOMCTL_setvcpucontext:
    case XEN_DOMCTL_getvcpucontext:
        return vcpu_context(s, d, &op->u.vcpucontext,
                            op->cmd == XEN_DOMCTL_setvcpucontext);
    case XEN_DOMCTL_getvcpuinfo:
        vi = &op->u.getvcpuinfo;
        v = vi->vcpu;
        if (v >= d->max_vcpus)
            return -ESRCH;
        vi->online = d->vcpu[v].online;
        vi->running = d->vcpu[v].since != 0;
        vi->blocked = d->vcpu[v].online && !vi->running;
        vi->cpu_time = sim_vcpu_time(&d->vcpu[v]);
        vi->cpu = d->vcpu[v].cpu;
        return 0;
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return affinity(d, &op->u.vcpuaffinity,
                        op->cmd == XEN_DOMCTL_setvcpuaffinity,
                        s->st->host.nr_cpus);
    case XEN_DOMCTL_settimeoffset:
        d->time_offset = op->u.settimeoffset.time_offset_seconds;
        /* Noted in the console ring so that tests can see it. */
        sim_log(s, "d%u: wallclock offset %d s", d->domid,
                (int)d->time_offset);
        return 0;
    case XEN_DOMCTL_shadow_op:
        return shadow(s, d, &op->u.shadow_op);
    case XEN_DOMCTL_set_target:
        if (!sim_dom(s, op->u.set_target.target) ||
            op->u.set_target.target == d->domid)
            return -ESRCH;
        d->target = op->u.set_target.target;
        return 0;
    case XEN_DOMCTL_soft_reset:
        if (!d->shutdown || d->shutdown_reason != SHUTDOWN_soft_reset)
            return -EINVAL;
        d->shutdown = 0;
        d->shutdown_reason = 0;
        sim_log(s, "d%u: soft reset", d->domid);
        sim_dom_sched(d);
        return 0;
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, 16);
        return 0;
    case XEN_DOMCTL_scheduler_op:
        return sched(s, d, &op->u.scheduler_op);
    case XEN_DOMCTL_hypercall_init:
        return sim_hypercall_init(s, d, op->u.hypercall_init.gmfn);
    case XEN_DOMCTL_gethvmcontext:
        return sim_hvmctx_get(s, d, &op->u.hvmcontext);
    case XEN_DOMCTL_sethvmcontext:
        return sim_hvmctx_set(s, d, &op->u.hvmcontext);
    case XEN_DOMCTL_gethvmcontext_partial:
        return sim_hvmctx_get_partial(s, d, &op->u.hvmcontext_partial);
    case XEN_DOMCTL_settscinfo:
    case XEN_DOMCTL_gettscinfo:
        return tsc_info(s, d, &op->u.tsc_info,
                        op->cmd == XEN_DOMCTL_settscinfo);
    case XEN_DOMCTL_sendtrigger:
        return trigger(s, d, &op->u.sendtrigger);
    }
    return sim_save_domctl(s, d, op);
}

static int known(unsigned cmd)
{
    switch (cmd) {
    case XEN_DOMCTL_createdomain: case XEN_DOMCTL_destroydomain:
    case XEN_DOMCTL_pausedomain: case XEN_DOMCTL_unpausedomain:
    case XEN_DOMCTL_getdomaininfo: case XEN_DOMCTL_max_mem:
    case XEN_DOMCTL_max_vcpus: case XEN_DOMCTL_setvcpucontext:
    case XEN_DOMCTL_getvcpucontext: case XEN_DOMCTL_getvcpuinfo:
    case XEN_DOMCTL_setvcpuaffinity: case XEN_DOMCTL_getvcpuaffinity:
    case XEN_DOMCTL_settimeoffset: case XEN_DOMCTL_shadow_op:
    case XEN_DOMCTL_set_target: case XEN_DOMCTL_soft_reset:
    case XEN_DOMCTL_setdomainhandle: case XEN_DOMCTL_scheduler_op:
    case XEN_DOMCTL_hypercall_init: case XEN_DOMCTL_gethvmcontext:
    case XEN_DOMCTL_sethvmcontext: case XEN_DOMCTL_gethvmcontext_partial:
    case XEN_DOMCTL_settscinfo: case XEN_DOMCTL_gettscinfo:
    case XEN_DOMCTL_sendtrigger:
    case XEN_DOMCTL_getpageframeinfo3: case XEN_DOMCTL_resumedomain:
    case XEN_DOMCTL_get_ext_vcpucontext: case XEN_DOMCTL_set_ext_vcpucontext:
    case XEN_DOMCTL_getvcpuextstate: case XEN_DOMCTL_setvcpuextstate:
    case XEN_DOMCTL_get_vcpu_msrs: case XEN_DOMCTL_set_vcpu_msrs:
    case XEN_DOMCTL_get_cpu_policy: case XEN_DOMCTL_set_cpu_policy:
        return 1;
    }
    return 0;
}

long sim_domctl(struct sim *s, struct xen_domctl *op)
{
    struct sim_dom *d;
    uint32_t id;
    long rc;

    if (op->interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (s->self != 0)
        return -EPERM;
    if (!known(op->cmd))
        return -ENOSYS;
    if (op->cmd == XEN_DOMCTL_createdomain) {
        id = op->domain;
        rc = sim_dom_create(s, &id, &op->u.createdomain);
        if (!rc)
            op->domain = (domid_t)id;
        return rc;
    }
    if (op->cmd == XEN_DOMCTL_getdomaininfo) {
        /* Like Xen 4.17: the first domain at or after the id asked. */
        for (id = op->domain; id < SIM_NR_DOMIDS; id++)
            if ((d = sim_dom(s, id)))
                return per_domain(s, d, op);
        return -ESRCH;
    }
    d = sim_dom(s, op->domain);
    if (!d)
        return -ESRCH;
    return per_domain(s, d, op);
}
