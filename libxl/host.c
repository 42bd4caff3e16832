/*
 * libxl: host information (physinfo, CPU/NUMA topology, hypervisor
 * version, scheduler) and the hypervisor console ring.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

unsigned libxl__host_nr_cpus(libxl_ctx *ctx)
{
    struct xc_physinfo pi;

    if (xc_physinfo(ctx->xch, &pi) < 0 || pi.max_cpu_id >= XC_MAX_CPUS)
        return XC_MAX_CPUS;
    return pi.max_cpu_id + 1;
}

static void free_cpus(libxl_ctx *ctx, struct libxl_physinfo *pi)
{
    struct xc_cpupoolinfo pools[64];
    int n = xc_cpupool_list(ctx->xch, pools, 64);

    /* Every CPU not in a pool is free. */
    pi->free_cpus.nr_bits = pi->max_cpu_id + 1;
    for (unsigned c = 0; c <= pi->max_cpu_id && c < LIBXL_CPUMAP_BITS; c++)
        pi->free_cpus.map[c / 8] |= 1u << (c % 8);
    for (int i = 0; i < n; i++)
        for (unsigned b = 0; b < XC_CPUMAP_BYTES; b++)
            pi->free_cpus.map[b] &= (uint8_t)~pools[i].cpumap[b];
}

LIBXL_API int libxl_get_physinfo(libxl_ctx *ctx, struct libxl_physinfo *pi)
{
    struct xc_physinfo x;
    int r = xc_physinfo(ctx->xch, &x);

    if (r < 0)
        return libxl__seterr_xc(ctx, r, "cannot get physinfo");
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = x.threads_per_core;
    pi->cores_per_socket = x.cores_per_socket;
    pi->nr_cpus = x.nr_cpus;
    pi->max_cpu_id = x.max_cpu_id;
    pi->nr_nodes = x.nr_nodes;
    pi->max_node_id = x.max_node_id;
    pi->cpu_khz = x.cpu_khz;
    memcpy(pi->hw_cap, x.hw_cap, sizeof(pi->hw_cap));
    pi->total_pages = x.total_pages;
    pi->free_pages = x.free_pages;
    pi->scrub_pages = x.scrub_pages;
    pi->outstanding_pages = x.outstanding_pages;
    pi->cap_hvm = x.capabilities & XC_PHYSCAP_HVM;
    pi->cap_pv = x.capabilities & XC_PHYSCAP_PV;
    pi->cap_hvm_directio = x.capabilities & XC_PHYSCAP_DIRECTIO;
    pi->cap_pv_directio = pi->cap_pv && pi->cap_hvm_directio;
    pi->cap_hap = x.capabilities & XC_PHYSCAP_HAP;
    pi->cap_shadow = x.capabilities & XC_PHYSCAP_SHADOW;
    pi->cap_iommu_hap_pt_share =
        x.capabilities & XC_PHYSCAP_IOMMU_HAP_PT_SHARE;
    pi->cap_vmtrace = x.capabilities & XC_PHYSCAP_VMTRACE;
    pi->cap_vpmu = x.capabilities & XC_PHYSCAP_VPMU;
    pi->cap_gnttab_v1 = x.capabilities & XC_PHYSCAP_GNTTAB_V1;
    pi->cap_gnttab_v2 = x.capabilities & XC_PHYSCAP_GNTTAB_V2;
    free_cpus(ctx, pi);
    return 0;
}

LIBXL_API int libxl_get_cpu_topology(libxl_ctx *ctx,
                                     struct libxl_cputopology **topo, int *n)
{
    struct xc_cputopo *x = libxl__malloc0(XC_MAX_CPUS * sizeof(*x));
    struct libxl_cputopology *t;
    unsigned nr = XC_MAX_CPUS;
    int r = xc_cputopoinfo(ctx->xch, &nr, x);

    if (r < 0) {
        free(x);
        return libxl__seterr_xc(ctx, r, "cannot get CPU topology");
    }
    if (nr > XC_MAX_CPUS)
        nr = XC_MAX_CPUS;
    t = libxl__malloc0((nr ? nr : 1) * sizeof(*t));
    for (unsigned i = 0; i < nr; i++) {
        t[i].core = x[i].core;
        t[i].socket = x[i].socket;
        t[i].node = x[i].node;
    }
    free(x);
    *topo = t;
    *n = (int)nr;
    return 0;
}

#define MAX_NODES 64

LIBXL_API int libxl_get_numainfo(libxl_ctx *ctx,
                                 struct libxl_numainfo **info, int *n)
{
    struct xc_meminfo mem[MAX_NODES];
    uint32_t *dist = libxl__malloc0(MAX_NODES * MAX_NODES * sizeof(*dist));
    struct libxl_numainfo *l;
    unsigned nr = MAX_NODES;
    int r = xc_numainfo(ctx->xch, &nr, mem, dist);

    if (r < 0) {
        free(dist);
        return libxl__seterr_xc(ctx, r, "cannot get NUMA info");
    }
    if (nr > MAX_NODES)
        nr = MAX_NODES;
    l = libxl__malloc0((nr ? nr : 1) * sizeof(*l));
    for (unsigned i = 0; i < nr; i++) {
        l[i].size = mem[i].memsize;
        l[i].free = mem[i].memfree;
        l[i].num_dists = (int)nr;
        l[i].dists = libxl__malloc0(nr * sizeof(uint32_t));
        for (unsigned j = 0; j < nr; j++)
            l[i].dists[j] = dist[i * MAX_NODES + j];
    }
    free(dist);
    *info = l;
    *n = (int)nr;
    return 0;
}

LIBXL_API void libxl_numainfo_list_free(struct libxl_numainfo *l, int n)
{
    if (!l)
        return;
    for (int i = 0; i < n; i++)
        free(l[i].dists);
    free(l);
}

LIBXL_API const struct libxl_version_info *
libxl_get_version_info(libxl_ctx *ctx)
{
    struct xc_version_info *x;
    struct libxl_version_info *v;
    int r;

    if (ctx->version)
        return ctx->version;
    x = libxl__malloc0(sizeof(*x));
    r = xc_version_get(ctx->xch, x);
    if (r < 0) {
        free(x);
        libxl__seterr_xc(ctx, r, "cannot get the hypervisor version");
        return NULL;
    }
    v = libxl__malloc0(sizeof(*v));
    v->xen_version_major = x->major;
    v->xen_version_minor = x->minor;
    v->xen_version_extra = libxl__xstrdup(x->extraversion);
    v->compiler = libxl__xstrdup(x->compiler);
    v->compile_by = libxl__xstrdup(x->compile_by);
    v->compile_domain = libxl__xstrdup(x->compile_domain);
    v->compile_date = libxl__xstrdup(x->compile_date);
    v->capabilities = libxl__xstrdup(x->capabilities);
    v->changeset = libxl__xstrdup(x->changeset);
    v->commandline = libxl__xstrdup(x->commandline);
    v->build_id = libxl__xstrdup(x->build_id);
    v->virt_start = (unsigned long)x->virt_start;
    v->pagesize = x->pagesize;
    free(x);
    ctx->version = v;
    return v;
}

LIBXL_API const char *libxl_scheduler_name(int id)
{
    switch (id) {
    case LIBXL_SCHEDULER_CREDIT: return "credit";
    case LIBXL_SCHEDULER_CREDIT2: return "credit2";
    case LIBXL_SCHEDULER_ARINC653: return "arinc653";
    case LIBXL_SCHEDULER_RTDS: return "rtds";
    case LIBXL_SCHEDULER_NULL: return "null";
    default: return "unknown";
    }
}

LIBXL_API int libxl_get_scheduler(libxl_ctx *ctx)
{
    int id, r = xc_sched_id(ctx->xch, &id);

    if (r < 0)
        return libxl__seterr_xc(ctx, r, "cannot get the scheduler");
    return id;
}

#define RING_SIZE (1u << 20)

LIBXL_API int libxl_xen_console_read(libxl_ctx *ctx, bool clear, char **text)
{
    char *buf = libxl__malloc0(RING_SIZE + 1);
    unsigned size = RING_SIZE;
    int r = xc_readconsolering(ctx->xch, buf, &size, clear, NULL);

    if (r < 0) {
        free(buf);
        return libxl__seterr_xc(ctx, r, "cannot read the console ring");
    }
    buf[size] = '\0';
    *text = buf;
    return 0;
}
