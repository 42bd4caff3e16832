/*
 * libxl domain builder: the initial x86_64 4-level page tables of a PV
 * guest.  Each map is a virtual range mapped linearly onto guest pages;
 * the first map owns the L4.  Entries hold machine frames, and the pages
 * that are page tables are mapped read-only, as Xen requires.
 */
#include <errno.h>
#include <string.h>

#include "build_internal.h"

#define PT_LEVELS 4
#define PT_ENTRIES 512
#define VA_BITS 48
#define VA_MASK ((1ULL << VA_BITS) - 1)

#define PTE_PRESENT 0x001ULL
#define PTE_RW 0x002ULL
#define PTE_USER 0x004ULL
#define PTE_ACCESSED 0x020ULL
#define PTE_DIRTY 0x040ULL

#define PROT_L1 (PTE_PRESENT | PTE_RW | PTE_ACCESSED)
#define PROT_UPPER (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY | PTE_USER)

/* Address bits one table of level l (0 = L1) covers. */
static unsigned span_bits(unsigned l)
{
    return BUILD_PAGE_SHIFT + 9 * (l + 1);
}

int build_pt_count(struct build_pt *pt, uint64_t from, uint64_t to,
                   uint64_t pfn, uint64_t pt_pfn, struct build_err *err)
{
    struct build_ptmap *m;
    uint64_t f = from & VA_MASK, t = to & VA_MASK, next = pt_pfn;
    unsigned i, l;
    int lvl;

    if (pt->n == BUILD_PT_MAPS)
        return build_seterr(err, -EINVAL, "too many initial mappings");
    if (t < f)
        return build_seterr(err, -EINVAL, "bad mapping range");
    m = &pt->map[pt->n];
    memset(m, 0, sizeof(*m));
    m->from = f;
    m->to = t;
    m->pfn = pfn;
    m->pt_pfn = pt_pfn;
    for (i = 0; i < pt->n; i++)
        if (f <= pt->map[i].to && pt->map[i].from <= t)
            return build_seterr(err, -EINVAL, "initial mappings overlap");
    for (lvl = PT_LEVELS - 1; lvl >= 0; lvl--) {
        uint64_t mask;

        l = (unsigned)lvl;
        m->lvl_pfn[l] = next;
        if (l == PT_LEVELS - 1) {
            m->lvl_n[l] = pt->n == 0;
            m->lvl_to[l] = VA_MASK;
        } else {
            mask = (1ULL << span_bits(l)) - 1;
            m->lvl_from[l] = f & ~mask;
            m->lvl_to[l] = t | mask;
            m->lvl_n[l] = (unsigned)((t >> span_bits(l)) -
                                     (f >> span_bits(l)) + 1);
            for (i = 0; i < pt->n; i++)
                if (pt->map[i].lvl_n[l] &&
                    m->lvl_from[l] <= pt->map[i].lvl_to[l] &&
                    pt->map[i].lvl_from[l] <= m->lvl_to[l])
                    return build_seterr(err, -EINVAL, "initial mappings "
                                        "would share page tables");
        }
        next += m->lvl_n[l];
        m->nr_tables += m->lvl_n[l];
    }
    pt->n++;
    return 0;
}

/* The table page of level l covering address va, or INVALID. */
static uint64_t table_for(const struct build_pt *pt, unsigned l, uint64_t va)
{
    unsigned i;

    for (i = 0; i < pt->n; i++) {
        const struct build_ptmap *m = &pt->map[i];

        if (m->lvl_n[l] && va >= m->lvl_from[l] && va <= m->lvl_to[l])
            return m->lvl_pfn[l] + ((va - m->lvl_from[l]) >> span_bits(l));
    }
    return BUILD_INVALID_PFN;
}

static bool is_table(const struct build_pt *pt, uint64_t pfn)
{
    unsigned i;

    for (i = 0; i < pt->n; i++)
        if (pfn >= pt->map[i].pt_pfn &&
            pfn - pt->map[i].pt_pfn < pt->map[i].nr_tables)
            return true;
    return false;
}

/* Write the entry for va in its level-l table. */
static int set_entry(struct build_dom *d, const struct build_pt *pt,
                     unsigned l, uint64_t va, uint64_t pfn, uint64_t prot)
{
    uint64_t tpfn = table_for(pt, l, va), mfn = build_mfn(d, pfn);
    uint64_t *tab;

    tab = tpfn == BUILD_INVALID_PFN ? NULL : build_pfn_ptr(d, tpfn);
    if (!tab || mfn == BUILD_INVALID_PFN)
        return build_dom_seterr(d, -EINVAL, "page table for 0x%llx is not "
                                "in guest memory",
                                (unsigned long long)va);
    tab[(va >> (BUILD_PAGE_SHIFT + 9 * l)) & (PT_ENTRIES - 1)] =
        (mfn << BUILD_PAGE_SHIFT) | prot;
    return 0;
}

int build_pt_fill(struct build_dom *d, const struct build_pt *pt)
{
    unsigned i, l, k;
    uint64_t va, pfn, prot;
    int rc;

    for (i = 0; i < pt->n; i++) {
        const struct build_ptmap *m = &pt->map[i];

        /* Upper levels: link each table into its parent. */
        for (l = 0; l + 1 < PT_LEVELS; l++)
            for (k = 0; k < m->lvl_n[l]; k++) {
                va = m->lvl_from[l] + ((uint64_t)k << span_bits(l));
                rc = set_entry(d, pt, l + 1, va, m->lvl_pfn[l] + k,
                               PROT_UPPER);
                if (rc)
                    return rc;
            }
        /* L1: the pages themselves. */
        for (va = m->from, pfn = m->pfn; va <= m->to && va >= m->from;
             va += BUILD_PAGE_SIZE, pfn++) {
            prot = is_table(pt, pfn) ? PROT_L1 & ~PTE_RW : PROT_L1;
            if ((rc = set_entry(d, pt, 0, va, pfn, prot)))
                return rc;
        }
    }
    return 0;
}
