/*
 * libxl: dump-core, gathering what the core holds: vCPU contexts, the
 * shared info page and the guest's pages, found through the p2m a PV
 * guest publishes (linear or frame list) or, for HVM/PVH, the gfns below
 * the top of its RAM.  libxl_domain_core_dump ties it to the writer
 * (lifecycle_core.c).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>

#include "libxl_internal.h"
#include "lifecycle_core.h"

#define PG 4096UL
#define FPP 512UL                        /* 64-bit entries per page */
#define INVALID (~(uint64_t)0)

static void *map(libxl_ctx *ctx, uint32_t domid, const uint64_t *gfns,
                 size_t n)
{
    return xc_map_foreign_pages(ctx->xch, domid, PROT_READ, gfns, n);
}

/* Frames of the p2m through the frame-list-list (Linux without a linear
 * p2m for tools).  *frames malloc'd, n entries. */
static int tree_frames(libxl_ctx *ctx, struct core *c, uint64_t fll_gfn,
                       uint64_t n, uint64_t **frames)
{
    uint64_t n_fll = (n + FPP - 1) / FPP, *fll, *fl = NULL;

    if (n_fll > FPP)
        return libxl__seterr(ctx, -EINVAL, "p2m of domain %u too large",
                             c->domid);
    fll = map(ctx, c->domid, &fll_gfn, 1);
    fl = fll ? map(ctx, c->domid, fll, n_fll) : NULL;
    if (fl) {
        *frames = malloc(n * sizeof(**frames));
        if (*frames)
            memcpy(*frames, fl, n * sizeof(**frames));
        xc_unmap_foreign(ctx->xch, fl, n_fll);
    }
    if (fll)
        xc_unmap_foreign(ctx->xch, fll, 1);
    if (!fl)
        return libxl__seterr_xc(ctx, -EIO, "mapping the p2m frame list");
    return *frames ? 0 : -ENOMEM;
}

/* Follow one 4-level walk from the table at mfn to vaddr's frame. */
static int walk(libxl_ctx *ctx, struct core *c, uint64_t mfn, uint64_t va,
                uint64_t *out)
{
    uint64_t *t, e = 0;
    int level;

    for (level = 4; level > 0; level--) {
        t = map(ctx, c->domid, &mfn, 1);
        if (!t)
            return libxl__seterr_xc(ctx, -EIO, "mapping a page table of "
                                    "the linear p2m");
        e = t[(va >> (12 + 9 * (level - 1))) & 511];
        xc_unmap_foreign(ctx->xch, t, 1);
        if (!(e & 1))
            return libxl__seterr(ctx, -EINVAL, "linear p2m of domain %u: "
                                 "%#llx not mapped", c->domid,
                                 (unsigned long long)va);
        mfn = (e & 0x000ffffffffff000ULL) >> 12;
        if (level == 2 && (e & 0x80)) {  /* 2 MiB page */
            mfn = (mfn & ~511ULL) + ((va >> 12) & 511);
            break;
        }
    }
    *out = mfn;
    return 0;
}

/* Frames of the linear p2m at p2m_vaddr in the address space of p2m_cr3
 * (what Linux publishes when the builder sets SIF_VIRT_P2M_4TOOLS). */
static int linear_frames(libxl_ctx *ctx, struct core *c, uint64_t n,
                         uint64_t **frames)
{
    const struct shared_info *si = c->shinfo;
    uint64_t cr3 = si->arch.p2m_cr3 >> 12, va = si->arch.p2m_vaddr, k;
    int rc = 0;

    if (((int64_t)va >> 47) != ((int64_t)va >> 63))
        return libxl__seterr(ctx, -ERANGE, "linear p2m of domain %u at a "
                             "bad address %#llx", c->domid,
                             (unsigned long long)va);
    *frames = malloc(n * sizeof(**frames));
    if (!*frames)
        return -ENOMEM;
    for (k = 0; k < n && !rc; k++)
        rc = walk(ctx, c, cr3, va + k * PG, &(*frames)[k]);
    return rc;
}

/* The PV guest's p2m (64-bit guests), published in its shared info. */
static int pv_candidates(libxl_ctx *ctx, struct core *c)
{
    const struct shared_info *si = c->shinfo;
    uint64_t size = si->arch.max_pfn, n = (size + FPP - 1) / FPP;
    uint64_t fll = si->arch.pfn_to_mfn_frame_list_list;
    uint64_t *frames = NULL, *p2m = NULL, max_mfn, i;
    int rc;

    if (!size || (!si->arch.p2m_cr3 && (!fll || fll == INVALID)))
        return libxl__seterr(ctx, -EOPNOTSUPP, "domain %u publishes no p2m "
                             "in its shared info (not booted yet?)",
                             c->domid);
    if (xc_maximum_ram_page(ctx->xch, &max_mfn))
        return libxl__seterr_xc(ctx, -EIO, "reading the highest frame");
    rc = si->arch.p2m_cr3 ? linear_frames(ctx, c, n, &frames)
                          : tree_frames(ctx, c, fll, n, &frames);
    if (rc)
        goto out;
    p2m = map(ctx, c->domid, frames, n);
    if (!p2m) {
        rc = libxl__seterr_xc(ctx, -EIO, "mapping the guest's p2m");
        goto out;
    }
    c->cand = calloc(size, sizeof(*c->cand));
    if (!c->cand) {
        rc = -ENOMEM;
        goto out;
    }
    for (i = 0; i < size; i++) {
        if (p2m[i] == INVALID || p2m[i] > max_mfn)
            continue;
        c->cand[c->nr_cand].pfn = i;
        c->cand[c->nr_cand++].gmfn = p2m[i];
    }
out:
    if (p2m)
        xc_unmap_foreign(ctx->xch, p2m, n);
    free(frames);
    return rc;
}

/*
 * HVM/PVH: every gfn below the top of guest RAM but the VGA and MMIO
 * holes (Xen's xc_core_arch_gpfn_may_present).  Xen 4.17 takes the top
 * from XENMEM_maximum_gpfn, which libxenctrl does not offer yet: it is
 * derived here from the domain's maximum reservation laid out as the
 * builders do (RAM up to the MMIO hole, the rest above 4 GiB).  Gfns
 * that are not populated are skipped when mapped.
 */
#define MMIO_START 0xf0000UL             /* HVM_BELOW_4G_MMIO_START */
#define FOUR_GB 0x100000UL

static int hvm_candidates(libxl_ctx *ctx, struct core *c)
{
    uint64_t max, top, i;
    int rc;

    rc = xc_domain_maximum_reservation(ctx->xch, c->domid, &max);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "reading the maximum reservation");
    if (max < c->nr_pages)
        max = c->nr_pages;
    top = max <= MMIO_START ? max : FOUR_GB + (max - MMIO_START);
    c->cand = calloc(top ? top : 1, sizeof(*c->cand));
    if (!c->cand)
        return -ENOMEM;
    for (i = 0; i < top; i++) {
        if ((i >= 0xa0 && i < 0xc0) || (i >= MMIO_START && i < FOUR_GB))
            continue;
        c->cand[c->nr_cand].pfn = i;
        c->cand[c->nr_cand++].gmfn = i;
    }
    return 0;
}

static int gather(libxl_ctx *ctx, struct core *c)
{
    struct xc_dominfo info;
    uint64_t gfn;
    unsigned v;
    int rc;

    rc = xc_domain_getinfo_single(ctx->xch, c->domid, &info);
    if (rc == -ESRCH)
        return libxl__seterr(ctx, rc, "domain %u: no such domain",
                             c->domid);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "getting domain info");
    c->hvm = c->auto_translated = info.hvm;
    c->nr_pages = info.nr_pages;
    c->ctxt = calloc(info.max_vcpu_id + 1, sizeof(*c->ctxt));
    c->out = calloc(c->nr_pages + 1, sizeof(*c->out));
    c->pfns = calloc(c->nr_pages + 1, sizeof(*c->pfns));
    if (!c->ctxt || !c->out || !c->pfns)
        return -ENOMEM;
    for (v = 0; v <= info.max_vcpu_id; v++)
        if (!xc_vcpu_getcontext(ctx->xch, c->domid, v, &c->ctxt[c->nr_vcpus],
                                sizeof(*c->ctxt)))
            c->nr_vcpus++;
    if (!c->nr_vcpus)
        return libxl__seterr_xc(ctx, -EIO, "no vCPU context could be read");
    gfn = info.shared_info_frame;
    c->shinfo = map(ctx, c->domid, &gfn, 1);
    if (!c->shinfo && !c->hvm)
        return libxl__seterr_xc(ctx, -EIO, "mapping the shared info page");
    return c->auto_translated ? hvm_candidates(ctx, c)
                              : pv_candidates(ctx, c);
}

LIBXL_API int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid,
                                     const char *filename)
{
    struct core c;
    int rc;

    memset(&c, 0, sizeof(c));
    c.domid = domid;
    c.fd = -1;
    rc = gather(ctx, &c);
    if (rc)
        goto out;
    c.fd = open(filename, O_CREAT | O_RDWR | O_TRUNC | O_CLOEXEC, 0600);
    if (c.fd < 0) {
        rc = libxl__seterr(ctx, -errno, "cannot create '%s': %s", filename,
                           strerror(errno));
        goto out;
    }
    rc = libxl__core_write(ctx, &c);
    if (rc)
        libxl__seterr(ctx, rc, "cannot write '%s': %s", filename,
                      strerror(-rc));
    if (close(c.fd) && !rc)
        rc = libxl__seterr(ctx, -errno, "cannot write '%s': %s", filename,
                           strerror(errno));
out:
    if (c.shinfo)
        xc_unmap_foreign(ctx->xch, c.shinfo, 1);
    free(c.ctxt);
    free(c.cand);
    free(c.out);
    free(c.pfns);
    return rc;
}
