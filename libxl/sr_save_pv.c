/*
 * libxl save, PV guests: writes the libxc stream (v3) of a suspended
 * 64-bit PV domain in the order Xen 4.17 does -- X86_PV_INFO, CPU policy,
 * STATIC_DATA_END, X86_PV_P2M_FRAMES, PAGE_DATA (page tables normalised
 * to pfns), X86_TSC_INFO, SHARED_INFO, per-vCPU BASIC / EXTENDED / XSAVE
 * / MSRS, END.  The PAGE_DATA writer and the entry points serve HVM
 * domains too (their own records: sr_save_hvm.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>

#include "sr_pv.h"

#define MAX_LEAVES 512
#define MAX_MSRS 64

int sr_save_policy(struct sr_pv *pv, struct sr_io *io)
{
    struct xc_cpuid_leaf leaves[MAX_LEAVES];
    struct xc_msr_entry msrs[MAX_MSRS];
    uint32_t nl = MAX_LEAVES, nm = MAX_MSRS;
    int rc;

    rc = xc_get_domain_cpu_policy(pv->xch, pv->domid, &nl, leaves, &nm,
                                  msrs);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the domain's CPU policy");
    rc = sr_rec_write(io, SR_XC_X86_CPUID_POLICY, leaves,
                      nl * sizeof(leaves[0]), NULL, 0);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_X86_MSR_POLICY, msrs,
                          nm * sizeof(msrs[0]), NULL, 0);
    return rc;
}

static int write_p2m_frames(struct sr_pv *pv, struct sr_io *io)
{
    uint64_t *pfns = malloc(pv->nr_p2m_frames * sizeof(uint64_t));
    uint32_t i;
    int rc = 0;

    if (!pfns)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < pv->nr_p2m_frames && !rc; i++)
        if (sr_pv_mfn_to_pfn(pv, pv->p2m_frames[i], &pfns[i]))
            rc = sr_seterr(pv->err, -EINVAL, "frame %#" PRIx64 " of the "
                           "guest's p2m is not one of its pages",
                           pv->p2m_frames[i]);
    if (!rc)
        rc = sr_p2m_frames_write(io, 0, (uint32_t)(pv->p2m_size - 1), pfns,
                                 pv->nr_p2m_frames);
    free(pfns);
    return rc;
}

/* Page types of the n frames in mfns (Xen answers types in place of
 * the frame numbers, so it works on a copy). */
static int batch_types(struct sr_pv *pv, const uint64_t *mfns, uint32_t n,
                       unsigned *types)
{
    uint64_t t[SR_BATCH_PAGES];
    uint32_t j;
    int rc;

    if (!n)
        return 0;
    memcpy(t, mfns, n * sizeof(t[0]));
    rc = xc_get_pfn_type_batch(pv->xch, pv->domid, n, t);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read page types");
    for (j = 0; j < n; j++)
        types[j] = (unsigned)(t[j] >> 28) & 0xf;
    return 0;
}

static bool is_pt(unsigned type)
{
    type &= ~SR_PT_PIN;
    return type >= SR_PT_L1TAB && type <= SR_PT_L4TAB;
}

/* A page table of a running guest may change under us (an entry naming a
 * frame that is no longer the guest's): in a live round it goes without
 * data and is resent later (deferred); otherwise the save fails. */
static int normalise(struct sr_pv *pv, uint64_t *copy, unsigned type,
                     uint64_t pfn, uint8_t *defer, uint64_t *ent)
{
    int rc = sr_pv_normalise(pv, copy, type & ~SR_PT_PIN, pfn);

    if (rc && defer) {
        defer[pfn / 8] |= (uint8_t)(1U << (pfn % 8));
        *ent = sr_pfn_ent(pfn, SR_PT_XTAB);
        return 0;
    }
    return rc;
}

/* One PAGE_DATA record for the n (<= SR_BATCH_PAGES) pfns listed.  Frames
 * Xen says are not the guest's (XTAB), broken or allocate-only go without
 * data. */
static int write_batch(struct sr_pv *pv, struct sr_io *io,
                       const uint64_t *pfns, uint32_t n, uint8_t *defer)
{
    uint64_t ents[SR_BATCH_PAGES], mfns[SR_BATCH_PAGES];
    unsigned types[SR_BATCH_PAGES];
    const void *pages[SR_BATCH_PAGES];
    uint64_t *pts = NULL;            /* normalised copies of page tables */
    uint32_t i, j, k, nval = 0, nmap = 0, npt = 0, ndata = 0;
    uint8_t *map = NULL;
    int rc;

    for (i = 0; i < n; i++)
        if (pv->p2m[pfns[i]] != SR_INVALID_MFN)
            mfns[nval++] = pv->p2m[pfns[i]];
    rc = batch_types(pv, mfns, nval, types);
    if (rc)
        return rc;
    /* mfns[0..nmap) become the frames with data, in order. */
    for (j = 0; j < nval; j++) {
        if (sr_type_has_data(types[j]) == 1)
            mfns[nmap++] = mfns[j];
        npt += is_pt(types[j]);
    }
    if (nmap) {
        map = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ, mfns,
                                   nmap);
        if (!map)
            return sr_seterr(pv->err, -EFAULT, "cannot map pfns %#" PRIx64
                             "..%#" PRIx64 ": %s", pfns[0], pfns[n - 1],
                             xc_errmsg(pv->xch));
    }
    pts = npt ? malloc((size_t)npt * SR_PAGE_SIZE) : NULL;
    if (npt && !pts)
        rc = sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0, j = 0, k = 0, npt = 0; i < n && !rc; i++) {
        pages[i] = NULL;
        if (pv->p2m[pfns[i]] == SR_INVALID_MFN) {
            ents[i] = sr_pfn_ent(pfns[i], SR_PT_XTAB);
            continue;
        }
        ents[i] = sr_pfn_ent(pfns[i], types[j]);
        if (sr_type_has_data(types[j]) == 1)
            pages[i] = map + (size_t)k++ * SR_PAGE_SIZE;
        if (is_pt(types[j])) {
            uint64_t *copy = pts + (size_t)npt++ * SR_FPP;

            memcpy(copy, pages[i], SR_PAGE_SIZE);
            rc = normalise(pv, copy, types[j], pfns[i], defer, &ents[i]);
            pages[i] = sr_type_of(ents[i]) == SR_PT_XTAB ? NULL : copy;
        }
        ndata += pages[i] != NULL;
        j++;
    }
    if (!rc)
        rc = sr_page_data_write(io, n, ents, pages);
    if (!rc)
        pv->data_pages += ndata;
    free(pts);
    if (map)
        xc_unmap_foreign(pv->xch, map, nmap);
    return rc;
}

int sr_save_pv_pages(struct sr_pv *pv, struct sr_io *io,
                     const uint64_t *pfns, uint64_t n, uint8_t *defer)
{
    uint64_t done;
    uint32_t b;
    int rc;

    for (done = 0; done < n; done += b) {
        b = n - done < SR_BATCH_PAGES ? (uint32_t)(n - done)
                                      : SR_BATCH_PAGES;
        rc = write_batch(pv, io, pfns + done, b, defer);
        if (rc)
            return rc;
    }
    return 0;
}

static int write_pages(struct sr_pv *pv, struct sr_io *io)
{
    uint64_t pfns[SR_BATCH_PAGES], pfn;
    uint32_t n, i;
    int rc;

    for (pfn = 0; pfn < pv->p2m_size; pfn += n) {
        n = pv->p2m_size - pfn < SR_BATCH_PAGES ?
            (uint32_t)(pv->p2m_size - pfn) : SR_BATCH_PAGES;
        for (i = 0; i < n; i++)
            pfns[i] = pfn + i;
        rc = write_batch(pv, io, pfns, n, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

int sr_save_tsc(struct sr_pv *pv, struct sr_io *io)
{
    struct sr_tsc_info t = { 0 };
    uint32_t mode = 0, khz = 0, inc = 0;
    uint64_t ns = 0;
    int rc;

    rc = xc_domain_get_tsc_info(pv->xch, pv->domid, &mode, &ns, &khz, &inc);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the TSC information");
    t.mode = mode;
    t.nsec = ns;
    t.khz = khz;
    t.incarnation = inc;
    return sr_tsc_info_write(io, &t);
}

/* vCPU registers as an image holds them: frames as pfns. */
static int normalise_vcpu(struct sr_pv *pv, unsigned v,
                          vcpu_guest_context_t *c)
{
    uint64_t pfn, mfn;
    unsigned i;

    for (i = 0; i < (c->gdt_ents + 511) / 512 && i < 16; i++) {
        if (sr_pv_mfn_to_pfn(pv, c->gdt_frames[i], &pfn))
            return sr_seterr(pv->err, -EINVAL, "vcpu %u: GDT frame %#lx "
                             "is not the guest's", v, c->gdt_frames[i]);
        c->gdt_frames[i] = pfn;
    }
    /* cr3, and the user page tables of a 64-bit guest in cr1: the image
     * marks cr1 as present with bit 0 (Xen's libxc convention). */
    for (i = 1; i <= 3; i += 2) {
        if (!c->ctrlreg[i])
            continue;
        mfn = c->ctrlreg[i] >> SR_PAGE_SHIFT;
        if (sr_pv_mfn_to_pfn(pv, mfn, &pfn))
            return sr_seterr(pv->err, -EINVAL, "vcpu %u: cr%u frame %#"
                             PRIx64 " is not the guest's", v, i, mfn);
        c->ctrlreg[i] = pfn << SR_PAGE_SHIFT | (i == 1);
    }
    /* vCPU 0 stopped in its suspend hypercall: rdx is start_info's mfn. */
    if (v == 0) {
        if (sr_pv_mfn_to_pfn(pv, c->user_regs.rdx, &pfn))
            return sr_seterr(pv->err, -EINVAL, "vcpu 0: the start info "
                             "frame %#" PRIx64 " (rdx) is not the guest's: "
                             "is it suspended?", (uint64_t)c->user_regs.rdx);
        c->user_regs.rdx = pfn;
    }
    return 0;
}

static int write_vcpu_ext(struct sr_pv *pv, struct sr_io *io, unsigned v)
{
    uint8_t ext[256];
    struct xc_vcpu_msr *m = NULL;
    void *xs = NULL;
    size_t len = 0;
    unsigned n = 0, i;
    int rc;

    rc = xc_vcpu_get_extended(pv->xch, pv->domid, v, ext, sizeof(ext),
                              &len);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read a vcpu's extended context");
    rc = sr_vcpu_write(io, SR_XC_X86_PV_VCPU_EXTENDED, v, ext,
                       (uint32_t)len);
    if (!rc && (rc = xc_vcpu_get_xsave(pv->xch, pv->domid, v, &xs, &len)))
        return sr_pv_xcerr(pv, rc, "read a vcpu's xsave state");
    if (!rc && xs)
        rc = sr_vcpu_write(io, SR_XC_X86_PV_VCPU_XSAVE, v, xs,
                           (uint32_t)len);
    free(xs);
    if (!rc && (rc = xc_vcpu_get_msrs(pv->xch, pv->domid, v, &m, &n)))
        return sr_pv_xcerr(pv, rc, "read a vcpu's MSRs");
    if (!rc && n) {
        /* The record holds struct xen_domctl_vcpu_msr entries. */
        uint64_t *b = calloc(n, 16);

        if (!b) {
            free(m);
            return sr_seterr(pv->err, -ENOMEM, "out of memory");
        }
        for (i = 0; i < n; i++) {
            b[2 * i] = m[i].index;
            b[2 * i + 1] = m[i].value;
        }
        rc = sr_vcpu_write(io, SR_XC_X86_PV_VCPU_MSRS, v, b, n * 16);
        free(b);
    }
    free(m);
    return rc;
}

static int write_vcpus(struct sr_pv *pv, struct sr_io *io, unsigned nr)
{
    vcpu_guest_context_t c;
    struct xc_vcpuinfo vi;
    unsigned v;
    int rc;

    for (v = 0; v < nr; v++) {
        rc = xc_vcpu_getinfo(pv->xch, pv->domid, v, &vi);
        if (rc)
            return sr_pv_xcerr(pv, rc, "read a vcpu's state");
        if (!vi.online)
            continue;
        rc = xc_vcpu_getcontext(pv->xch, pv->domid, v, &c, sizeof(c));
        if (rc)
            return sr_pv_xcerr(pv, rc, "read a vcpu's context");
        rc = normalise_vcpu(pv, v, &c);
        if (!rc)
            rc = sr_vcpu_write(io, SR_XC_X86_PV_VCPU_BASIC, v, &c,
                               sizeof(c));
        if (!rc)
            rc = write_vcpu_ext(pv, io, v);
        if (rc)
            return rc;
    }
    return 0;
}

int sr_save_pv_head(struct sr_pv *pv, struct sr_io *io, const void *shinfo)
{
    struct sr_xc_dhdr dh = { SR_XC_DOM_X86_PV, SR_PAGE_SHIFT, 0, 0 };
    struct sr_pv_info pi = { 8, 4 };
    int major = 0, minor = 0, rc;

    if (pv->hvm)
        return sr_save_hvm_head(pv, io);
    rc = xc_version(pv->xch, &major, &minor);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the Xen version");
    dh.xen_major = (uint32_t)major;
    dh.xen_minor = (uint32_t)minor;
    rc = sr_pv_read_p2m(pv, shinfo);
    if (!rc)
        rc = sr_xc_hdr_write(io, &dh);
    if (!rc)
        rc = sr_pv_info_write(io, &pi);
    if (!rc)
        rc = sr_save_policy(pv, io);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_STATIC_DATA_END, NULL, 0, NULL, 0);
    if (!rc)
        rc = write_p2m_frames(pv, io);
    return rc;
}

int sr_save_pv_tail(struct sr_pv *pv, struct sr_io *io, const void *shinfo,
                    unsigned nr_vcpus)
{
    int rc;

    if (pv->hvm)
        return sr_save_hvm_tail(pv, io);
    rc = sr_save_tsc(pv, io);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_SHARED_INFO, shinfo, SR_PAGE_SIZE, NULL,
                          0);
    if (!rc)
        rc = write_vcpus(pv, io, nr_vcpus);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_END, NULL, 0, NULL, 0);
    return rc;
}

int sr_pv_map_shinfo(struct sr_pv *pv, struct xc_dominfo *di,
                     void **shinfo)
{
    uint64_t frame;
    int rc = xc_domain_getinfo_single(pv->xch, pv->domid, di);

    if (rc)
        return sr_pv_xcerr(pv, rc, "read the domain's state");
    pv->hvm = di->hvm;
    *shinfo = NULL;
    if (pv->hvm)
        return 0;                 /* an HVM stream has no SHARED_INFO */
    frame = di->shared_info_frame;
    *shinfo = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ, &frame,
                                   1);
    return *shinfo ? 0 : sr_pv_xcerr(pv, -EFAULT,
                                     "map the shared info page");
}

int sr_save_pv(struct sr_pv *pv, struct sr_io *io)
{
    struct xc_dominfo di;
    void *shinfo = NULL;
    int rc;

    rc = sr_pv_map_shinfo(pv, &di, &shinfo);
    if (rc)
        return rc;
    if (!di.shutdown || di.shutdown_reason != XC_SHUTDOWN_SUSPEND)
        rc = sr_seterr(pv->err, -EINVAL, "domain %u is not suspended",
                       pv->domid);
    else
        rc = sr_save_pv_head(pv, io, shinfo);
    if (!rc)
        rc = write_pages(pv, io);
    if (!rc)
        rc = sr_save_pv_tail(pv, io, shinfo, di.max_vcpu_id + 1);
    if (shinfo)
        xc_unmap_foreign(pv->xch, shinfo, 1);
    return rc;
}
