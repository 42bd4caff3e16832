/*
 * libxenctrl simulator, host queries: decodes struct xen_sysctl (physinfo,
 * topology, NUMA, console ring, schedulers, cpupools, domain lists) and
 * the XENVER_* queries.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

#define SIM_BUILD_ID_LEN 20

static uint64_t free_pages(struct sim_host *h)
{
    uint64_t used = h->used_pages + h->claimed_pages;

    return used >= h->total_pages ? 0 : h->total_pages - used;
}

static long physinfo(struct sim *s, struct xen_sysctl_physinfo *p)
{
    struct sim_host *h = &s->st->host;

    memset(p, 0, sizeof(*p));
    p->threads_per_core = h->threads_per_core;
    p->cores_per_socket = h->cores_per_socket;
    p->nr_cpus = h->nr_cpus;
    p->max_cpu_id = h->nr_cpus - 1;
    p->nr_nodes = h->nr_nodes;
    p->max_node_id = h->nr_nodes - 1;
    p->cpu_khz = h->cpu_khz;
    p->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv |
                      XEN_SYSCTL_PHYSCAP_hap | XEN_SYSCTL_PHYSCAP_shadow |
                      XEN_SYSCTL_PHYSCAP_gnttab_v1 |
                      XEN_SYSCTL_PHYSCAP_gnttab_v2;
    p->hw_cap[0] = 0x178bfbffU;
    p->hw_cap[1] = 0x7ed8320bU;
    p->total_pages = h->total_pages;
    p->free_pages = free_pages(h);
    p->outstanding_pages = h->claimed_pages;
    p->max_mfn = h->total_pages - 1;
    return 0;
}

static unsigned node_of(struct sim_host *h, unsigned cpu)
{
    return cpu / ((h->nr_cpus + h->nr_nodes - 1) / h->nr_nodes);
}

static long cputopo(struct sim *s, struct xen_sysctl_cputopoinfo *t)
{
    struct sim_host *h = &s->st->host;
    struct xen_sysctl_cputopo *out = t->cputopo.p;
    unsigned i, per_socket = h->cores_per_socket * h->threads_per_core;

    for (i = 0; out && i < t->num_cpus && i < h->nr_cpus; i++) {
        out[i].core = (i % per_socket) / h->threads_per_core;
        out[i].socket = i / per_socket;
        out[i].node = node_of(h, i);
    }
    for (; out && i < t->num_cpus; i++)
        out[i].core = out[i].socket = out[i].node = XEN_INVALID_NODE_ID;
    t->num_cpus = h->nr_cpus;
    return 0;
}

static long numa(struct sim *s, struct xen_sysctl_numainfo *n)
{
    struct sim_host *h = &s->st->host;
    struct xen_sysctl_meminfo *m = n->meminfo.p;
    uint32_t *dist = n->distance.p;
    unsigned i, j, want = n->num_nodes;

    for (i = 0; m && i < want && i < h->nr_nodes; i++) {
        m[i].memsize = (h->total_pages / h->nr_nodes) << XC_PAGE_SHIFT;
        m[i].memfree = (free_pages(h) / h->nr_nodes) << XC_PAGE_SHIFT;
    }
    for (i = 0; dist && i < want; i++)
        for (j = 0; j < want; j++)
            dist[i * want + j] = (i >= h->nr_nodes || j >= h->nr_nodes) ?
                XEN_INVALID_NODE_DIST : (i == j ? 10 : 20);
    n->num_nodes = h->nr_nodes;
    return 0;
}

static long readconsole(struct sim *s, struct xen_sysctl_readconsole *r)
{
    struct sim_host *h = &s->st->host;
    uint64_t start = h->cons_clear, idx, n = 0;
    char *out = r->buffer.p;

    if (h->cons_prod > SIM_CONS_SIZE && start < h->cons_prod - SIM_CONS_SIZE)
        start = h->cons_prod - SIM_CONS_SIZE;
    idx = start;
    if (r->incremental && r->index > idx)
        idx = r->index;
    while (idx < h->cons_prod && n < r->count)
        out[n++] = h->cons[idx++ % SIM_CONS_SIZE];
    r->count = (uint32_t)n;
    if (r->incremental)
        r->index = (uint32_t)idx;
    if (r->clear)
        h->cons_clear = h->cons_prod;
    return 0;
}

static long cpupool(struct sim *s, struct xen_sysctl_cpupool_op *c)
{
    struct sim_host *h = &s->st->host;
    uint8_t *map = c->cpumap.bitmap.p;
    unsigned i, n = 0;

    if (c->op != XEN_SYSCTL_CPUPOOL_OP_INFO)
        return -EOPNOTSUPP;
    if (c->cpupool_id > 0)
        return -ENOENT;          /* the simulator has only Pool-0 */
    for (i = 0; i < SIM_MAX_DOMS; i++)
        if (s->st->dom[i].used)
            n++;
    c->cpupool_id = 0;
    c->sched_id = h->sched_id;
    c->n_dom = n;
    if (map) {
        memset(map, 0, (c->cpumap.nr_bits + 7) / 8);
        for (i = 0; i < h->nr_cpus && i < c->cpumap.nr_bits; i++)
            map[i / 8] |= (uint8_t)(1U << (i % 8));
    }
    return 0;
}

static long sched(struct sim *s, struct xen_sysctl_scheduler_op *o)
{
    struct sim_host *h = &s->st->host;

    if (o->cpupool_id != 0)
        return -ENOENT;
    if (o->sched_id != h->sched_id)
        return -EINVAL;
    if (o->cmd == XEN_SYSCTL_SCHEDOP_getinfo) {
        o->u.sched_credit2.ratelimit_us = h->ratelimit_us;
        return 0;
    }
    if (o->cmd != XEN_SYSCTL_SCHEDOP_putinfo)
        return -EINVAL;
    if (o->u.sched_credit2.ratelimit_us > 500000)
        return -EINVAL;
    h->ratelimit_us = o->u.sched_credit2.ratelimit_us;
    return 0;
}

long sim_sysctl(struct sim *s, struct xen_sysctl *op)
{
    if (op->interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (s->self != 0)
        return -EPERM;
    switch (op->cmd) {
    case XEN_SYSCTL_physinfo:
        return physinfo(s, &op->u.physinfo);
    case XEN_SYSCTL_cputopoinfo:
        return cputopo(s, &op->u.cputopoinfo);
    case XEN_SYSCTL_numainfo:
        return numa(s, &op->u.numainfo);
    case XEN_SYSCTL_readconsole:
        return readconsole(s, &op->u.readconsole);
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = s->st->host.sched_id;
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sim_getdomaininfolist(s, &op->u.getdomaininfolist);
    case XEN_SYSCTL_cpupool_op:
        return cpupool(s, &op->u.cpupool_op);
    case XEN_SYSCTL_scheduler_op:
        return sched(s, &op->u.scheduler_op);
    case XEN_SYSCTL_get_cpu_policy:
        return sim_cpu_policy_sysctl(s, &op->u.cpu_policy);
    }
    return -ENOSYS;
}

static void put_str(void *arg, size_t size, const char *v)
{
    size_t n = strlen(v) < size - 1 ? strlen(v) : size - 1;

    memset(arg, 0, size);
    memcpy(arg, v, n);
}

/* FNV-1a over a string, continuing from hash. */
static uint64_t fnv(uint64_t hash, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n && p[i]; i++) {
        hash ^= (unsigned char)p[i];
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/*
 * XENVER_build_id: 20 bytes (the size of a GNU SHA-1 build id) derived
 * from the simulated version strings, so the same host always reports
 * the same id.  A NULL argument asks for the size.
 */
static long build_id(const struct sim_host *h, xen_build_id_t *b)
{
    uint64_t hash = 0xcbf29ce484222325ULL;
    char ver[32];
    unsigned i;

    if (!b)
        return SIM_BUILD_ID_LEN;
    if (b->len < SIM_BUILD_ID_LEN)
        return -ENOBUFS;
    snprintf(ver, sizeof(ver), "%u.%u", h->xen_major, h->xen_minor);
    hash = fnv(hash, ver, sizeof(ver));
    hash = fnv(hash, h->extra, sizeof(h->extra));
    hash = fnv(hash, h->changeset, sizeof(h->changeset));
    hash = fnv(hash, h->compile_date, sizeof(h->compile_date));
    for (i = 0; i < SIM_BUILD_ID_LEN; i++) {
        hash ^= i;
        hash *= 0x100000001b3ULL;
        b->buf[i] = (unsigned char)(hash >> 56);
    }
    return SIM_BUILD_ID_LEN;
}

long sim_version(struct sim *s, unsigned cmd, void *arg, uint64_t len)
{
    struct sim_host *h = &s->st->host;
    xen_compile_info_t *ci = arg;
    xen_platform_parameters_t *pp = arg;

    (void)len;
    switch (cmd) {
    case XENVER_version:
        return (long)((h->xen_major << 16) | h->xen_minor);
    case XENVER_pagesize:
        return XC_PAGE_SIZE;
    case XENVER_extraversion:
        put_str(arg, sizeof(xen_extraversion_t), h->extra);
        return 0;
    case XENVER_capabilities:
        put_str(arg, sizeof(xen_capabilities_info_t), h->capabilities);
        return 0;
    case XENVER_changeset:
        put_str(arg, sizeof(xen_changeset_info_t), h->changeset);
        return 0;
    case XENVER_commandline:
        put_str(arg, sizeof(xen_commandline_t), h->commandline);
        return 0;
    case XENVER_compile_info:
        put_str(ci->compiler, sizeof(ci->compiler), h->compiler);
        put_str(ci->compile_by, sizeof(ci->compile_by), h->compile_by);
        put_str(ci->compile_domain, sizeof(ci->compile_domain),
                h->compile_domain);
        put_str(ci->compile_date, sizeof(ci->compile_date), h->compile_date);
        return 0;
    case XENVER_platform_parameters:
        pp->virt_start = 0xffff800000000000ULL;
        return 0;
    case XENVER_build_id:
        return build_id(h, arg);
    }
    return -ENOSYS;
}
