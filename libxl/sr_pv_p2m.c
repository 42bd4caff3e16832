/*
 * libxl save/restore, PV guests: the guest's own p2m (pfn -> mfn) read
 * through its linear p2m list or its frame-list tree, the reverse map,
 * and the translation of page-table entries between machine frames
 * (in a running guest) and pfns (in a save image).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>

#include "sr_pv.h"

/* p2m entries with either top bit are not RAM of the guest (Linux's
 * FOREIGN_FRAME_BIT and IDENTITY_FRAME_BIT). */
#define P2M_NOT_RAM (3ULL << 62)

void sr_pv_dispose(struct sr_pv *pv)
{
    free(pv->p2m);
    free(pv->p2m_frames);
    free(pv->m2p);
    pv->p2m = pv->p2m_frames = NULL;
    pv->m2p = NULL;
    pv->p2m_size = pv->nr_m2p = 0;
    pv->nr_p2m_frames = 0;
}

int sr_pv_xcerr(struct sr_pv *pv, int rc, const char *what)
{
    return sr_seterr(pv->err, rc, "%s: %s", what, xc_errmsg(pv->xch));
}

/* Read entry idx of the table in frame mfn. */
static int table_entry(struct sr_pv *pv, uint64_t mfn, unsigned idx,
                       uint64_t *out)
{
    uint64_t *t = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ, &mfn,
                                       1);

    if (!t)
        return sr_seterr(pv->err, -EFAULT, "cannot map frame %#" PRIx64
                         " of the guest's p2m: %s", mfn,
                         xc_errmsg(pv->xch));
    *out = t[idx];
    xc_unmap_foreign(pv->xch, t, 1);
    return 0;
}

/* The frame mapped at va in the address space whose L4 is in l4. */
static int walk_va(struct sr_pv *pv, uint64_t l4, uint64_t va,
                   uint64_t *mfn)
{
    uint64_t table = l4, e = 0;
    int shift, rc;

    for (shift = 39; shift >= 12; shift -= 9) {
        rc = table_entry(pv, table, (unsigned)((va >> shift) & 511), &e);
        if (rc)
            return rc;
        if (!(e & SR_PTE_PRESENT))
            return sr_seterr(pv->err, -EINVAL, "the guest's p2m list at %#"
                             PRIx64 " is not mapped", va);
        table = (e & SR_PTE_FRAME) >> SR_PAGE_SHIFT;
        if (shift == 21 && (e & SR_PTE_PSE)) {
            *mfn = table + ((va >> SR_PAGE_SHIFT) & 511);
            return 0;
        }
    }
    *mfn = table;
    return 0;
}

static int frames_linear(struct sr_pv *pv, const struct arch_shared_info *a)
{
    uint64_t l4 = a->p2m_cr3 >> SR_PAGE_SHIFT, i;
    int rc;

    if (a->p2m_vaddr & (SR_PAGE_SIZE - 1))
        return sr_seterr(pv->err, -EINVAL, "the guest's p2m list address %#"
                         PRIx64 " is not page aligned",
                         (uint64_t)a->p2m_vaddr);
    for (i = 0; i < pv->nr_p2m_frames; i++) {
        rc = walk_va(pv, l4, a->p2m_vaddr + i * SR_PAGE_SIZE,
                     &pv->p2m_frames[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int frames_tree(struct sr_pv *pv, const struct arch_shared_info *a)
{
    uint64_t fll = a->pfn_to_mfn_frame_list_list, fl = 0;
    uint32_t i;
    int rc;

    if (!fll || fll == ~(uint64_t)0)
        return sr_seterr(pv->err, -EINVAL, "the guest published no p2m "
                         "(shared info has neither p2m_cr3 nor a frame "
                         "list): is its kernel up?");
    for (i = 0; i < pv->nr_p2m_frames; i++) {
        if (i % SR_FPP == 0) {
            rc = table_entry(pv, fll, i / SR_FPP, &fl);
            if (rc)
                return rc;
        }
        rc = table_entry(pv, fl, i % SR_FPP, &pv->p2m_frames[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int cmp_m2p(const void *a, const void *b)
{
    const struct sr_m2p *x = a, *y = b;

    return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

static int build_m2p(struct sr_pv *pv)
{
    uint64_t pfn;

    pv->m2p = malloc((size_t)pv->p2m_size * sizeof(*pv->m2p));
    if (!pv->m2p)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    pv->nr_m2p = 0;
    for (pfn = 0; pfn < pv->p2m_size; pfn++) {
        if (pv->p2m[pfn] & P2M_NOT_RAM) {
            pv->p2m[pfn] = SR_INVALID_MFN;
            continue;
        }
        pv->m2p[pv->nr_m2p].mfn = pv->p2m[pfn];
        pv->m2p[pv->nr_m2p++].pfn = pfn;
    }
    qsort(pv->m2p, pv->nr_m2p, sizeof(*pv->m2p), cmp_m2p);
    return 0;
}

int sr_pv_read_p2m(struct sr_pv *pv, const void *shinfo)
{
    const struct arch_shared_info *a;
    uint64_t *m;
    int rc;

    if (pv->hvm)
        return sr_hvm_read_p2m(pv);
    a = &((const struct shared_info *)shinfo)->arch;
    pv->p2m_size = a->max_pfn;
    if (!pv->p2m_size || pv->p2m_size > (1ULL << 32))
        return sr_seterr(pv->err, -EINVAL, "the guest's p2m size %" PRIu64
                         " (shared info arch.max_pfn) is not usable",
                         pv->p2m_size);
    pv->nr_p2m_frames = (uint32_t)((pv->p2m_size + SR_FPP - 1) / SR_FPP);
    pv->p2m_frames = calloc(pv->nr_p2m_frames, sizeof(uint64_t));
    pv->p2m = malloc(pv->nr_p2m_frames * (size_t)SR_PAGE_SIZE);
    if (!pv->p2m_frames || !pv->p2m)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    rc = a->p2m_cr3 ? frames_linear(pv, a) : frames_tree(pv, a);
    if (rc)
        return rc;
    m = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ, pv->p2m_frames,
                             pv->nr_p2m_frames);
    if (!m)
        return sr_seterr(pv->err, -EFAULT, "cannot map the %" PRIu32
                         " frames of the guest's p2m: %s",
                         pv->nr_p2m_frames, xc_errmsg(pv->xch));
    memcpy(pv->p2m, m, (size_t)pv->p2m_size * 8);
    xc_unmap_foreign(pv->xch, m, pv->nr_p2m_frames);
    return build_m2p(pv);
}

int sr_pv_mfn_to_pfn(const struct sr_pv *pv, uint64_t mfn, uint64_t *pfn)
{
    size_t lo = 0, hi = pv->nr_m2p, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (pv->m2p[mid].mfn < mfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == pv->nr_m2p || pv->m2p[lo].mfn != mfn)
        return -EINVAL;
    *pfn = pv->m2p[lo].pfn;
    return 0;
}

static bool xen_slot(unsigned level, unsigned i)
{
    return level == 4 && i >= SR_XEN_L4_FIRST && i <= SR_XEN_L4_LAST;
}

int sr_pv_normalise(struct sr_pv *pv, uint64_t *pt, unsigned level,
                    uint64_t pfn)
{
    uint64_t mfn, to;
    unsigned i;

    for (i = 0; i < 512; i++) {
        if (xen_slot(level, i)) {
            pt[i] = 0;
            continue;
        }
        if (!(pt[i] & SR_PTE_PRESENT))
            continue;
        if (level > 1 && (pt[i] & SR_PTE_PSE))
            return sr_seterr(pv->err, -EOPNOTSUPP, "pfn %#" PRIx64 ": L%u "
                             "entry %u is a superpage mapping, which cannot "
                             "be saved", pfn, level, i);
        mfn = (pt[i] & SR_PTE_FRAME) >> SR_PAGE_SHIFT;
        if (sr_pv_mfn_to_pfn(pv, mfn, &to))
            return sr_seterr(pv->err, -EINVAL, "pfn %#" PRIx64 ": L%u "
                             "entry %u maps frame %#" PRIx64 ", which is not "
                             "the guest's", pfn, level, i, mfn);
        pt[i] = (pt[i] & ~SR_PTE_FRAME) | (to << SR_PAGE_SHIFT);
    }
    return 0;
}

int sr_pv_localise(struct sr_pv *pv, uint64_t *pt, unsigned level,
                   uint64_t pfn)
{
    uint64_t to;
    unsigned i;

    for (i = 0; i < 512; i++) {
        if (xen_slot(level, i) || !(pt[i] & SR_PTE_PRESENT))
            continue;
        if (level > 1 && (pt[i] & SR_PTE_PSE))
            return sr_seterr(pv->err, -EINVAL, "pfn %#" PRIx64 ": L%u entry "
                             "%u is a superpage mapping", pfn, level, i);
        to = (pt[i] & SR_PTE_FRAME) >> SR_PAGE_SHIFT;
        if (to >= pv->p2m_size || pv->p2m[to] == SR_INVALID_MFN)
            return sr_seterr(pv->err, -EINVAL, "pfn %#" PRIx64 ": L%u entry "
                             "%u refers to pfn %#" PRIx64 ", which the image "
                             "does not populate", pfn, level, i, to);
        pt[i] = (pt[i] & ~SR_PTE_FRAME) | (pv->p2m[to] << SR_PAGE_SHIFT);
    }
    return 0;
}
