/*
 * libxl restore, PV guests: reads a libxc stream (v2 or v3) into a new,
 * paused domain the way Xen 4.17's restorer does -- pages populated as
 * PAGE_DATA arrives, page tables localised (pfn -> mfn) and pinned, the
 * guest's p2m rewritten, start_info given the new xenstore and console
 * frames and ports, shared info and vCPU state loaded last.  Records out
 * of order, or not for a PV guest, fail with the record and its offset.
 * An HVM image goes to sr_restore_hvm.c after the headers.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>

#include "sr_pv.h"

#define NR_VCPU_RECS 4                /* BASIC, EXTENDED, XSAVE, MSRS */

struct rst {
    struct sr_pv *pv;
    struct sr_io *io;
    struct sr_restore_args *a;
    uint32_t version;
    bool have_info, static_end;
    bool verify;                      /* after VERIFY: compare, not load */
    uint64_t *frame_pfns;             /* the guest's p2m frames */
    uint32_t nr_frames;
    uint8_t *types;                   /* per pfn: its last page type */
    struct sr_rec shinfo;
    struct sr_rec cpuid, msrpol;
    struct sr_rec *vcpu;              /* max_vcpus x NR_VCPU_RECS */
};

static int fail(struct rst *r, const struct sr_rec *rec, int rc,
                const char *why)
{
    return sr_rec_fail(r->pv->err, SR_LAYER_LIBXC, rec, rc, why);
}

int sr_restore_populate_err(struct sr_pv *pv, const struct sr_rec *rec,
                            int rc)
{
    char why[256];

    snprintf(why, sizeof(why), "populate guest memory: %s%s",
             xc_errmsg(pv->xch), rc != -ENOMEM ? "" : " (the image has "
             "more pages than the domain may have: does the config's "
             "memory match the image's?)");
    return sr_rec_fail(pv->err, SR_LAYER_LIBXC, rec, rc, why);
}

/* Populate the pfns in list that have no frame yet (for record rec). */
static int populate(struct rst *r, const struct sr_rec *rec,
                    const uint64_t *list, size_t n)
{
    struct sr_pv *pv = r->pv;
    uint64_t *todo = malloc((n ? n : 1) * sizeof(uint64_t)), *pfns;
    size_t i, k = 0;
    int rc = 0;

    if (!todo)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < n; i++)
        if (pv->p2m[list[i]] == SR_INVALID_MFN) {
            pv->p2m[list[i]] = SR_INVALID_MFN - 1;   /* claimed below */
            todo[k++] = list[i];
        }
    pfns = malloc((k ? k : 1) * sizeof(uint64_t));
    if (!pfns) {
        free(todo);
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    }
    memcpy(pfns, todo, k * sizeof(uint64_t));
    if (k)
        rc = xc_domain_populate_physmap_exact(pv->xch, pv->domid, k, 0, 0,
                                              todo);
    for (i = 0; i < k; i++)
        pv->p2m[pfns[i]] = rc ? SR_INVALID_MFN : todo[i];
    if (rc)
        sr_restore_populate_err(pv, rec, rc);
    free(todo);
    free(pfns);
    return rc;
}

/* Populate what a page table refers to, so it can be localised. */
static int populate_refs(struct rst *r, const struct sr_rec *rec,
                         const uint64_t *pt, unsigned level)
{
    uint64_t refs[512], pfn;
    size_t n = 0;
    unsigned i;

    for (i = 0; i < 512; i++) {
        if ((level == 4 && i >= SR_XEN_L4_FIRST && i <= SR_XEN_L4_LAST) ||
            !(pt[i] & SR_PTE_PRESENT))
            continue;
        pfn = (pt[i] & SR_PTE_FRAME) >> SR_PAGE_SHIFT;
        if (pfn >= r->pv->p2m_size) {
            char why[96];

            snprintf(why, sizeof(why), "L%u entry %u refers to pfn %#"
                     PRIx64 ", beyond the p2m", level, i, pfn);
            return fail(r, rec, -EINVAL, why);
        }
        refs[n++] = pfn;
    }
    return populate(r, rec, refs, n);
}

int sr_verify_start(struct sr_pv *pv, const struct sr_rec *rec, bool *on,
                    struct sr_restore_args *a)
{
    if (*on || rec->len)
        return sr_rec_fail(pv->err, SR_LAYER_LIBXC, rec, -EINVAL, *on ?
                           "a second VERIFY record" : "a VERIFY record has "
                           "no body");
    *on = true;
    a->verified = 1;
    return 0;
}

void sr_verify_note(struct sr_verify *v, uint64_t pfn, unsigned type)
{
    if (v->bad++ < 4 && v->len < sizeof(v->why))
        v->len += (size_t)snprintf(v->why + v->len, sizeof(v->why) - v->len,
                                   "%spfn 0x%" PRIx64 " (type %#x)",
                                   v->bad > 1 ? ", " : "", pfn, type);
}

int sr_verify_end(struct sr_pv *pv, const struct sr_rec *rec,
                  const struct sr_verify *v, uint32_t n,
                  struct sr_restore_args *a)
{
    size_t len;

    if (!v->bad) {
        a->verify_pages += n;
        return 0;
    }
    sr_rec_fail(pv->err, SR_LAYER_LIBXC, rec, -EINVAL, "verify");
    len = strlen(pv->err->msg);
    snprintf(pv->err->msg + len, sizeof(pv->err->msg) - len, ": %" PRIu32
             " of %" PRIu32 " pages differ from the memory received before "
             "VERIFY: %s%s", v->bad, n, v->why, v->bad > 4 ? ", ..." : "");
    return -EINVAL;
}

/* Verify mode (Xen's debug migration): the pages a record sends again,
 * localised as a load would, must be the guest's already. */
static int verify_pages(struct rst *r, const struct sr_rec *rec,
                        const struct sr_page_data *pd, const uint8_t *map,
                        const uint64_t *pfns, const unsigned *types,
                        uint32_t n)
{
    struct sr_verify v = { 0 };
    uint64_t page[SR_FPP];
    uint32_t i;
    int rc;

    for (i = 0; i < n; i++) {
        unsigned level = types[i] & ~SR_PT_PIN;

        memcpy(page, pd->data + (size_t)i * SR_PAGE_SIZE, SR_PAGE_SIZE);
        if (level >= SR_PT_L1TAB && level <= SR_PT_L4TAB) {
            rc = populate_refs(r, rec, page, level);
            if (!rc)
                rc = sr_pv_localise(r->pv, page, level, pfns[i]);
            if (rc)
                return rc;
        }
        if (memcmp(map + (size_t)i * SR_PAGE_SIZE, page, SR_PAGE_SIZE))
            sr_verify_note(&v, pfns[i], types[i]);
    }
    return sr_verify_end(r->pv, rec, &v, n, r->a);
}

/* Copy the pages of one record into the guest (compare them, in verify
 * mode). */
static int load_pages(struct rst *r, const struct sr_rec *rec,
                      const struct sr_page_data *pd, uint64_t *pfns,
                      uint64_t *mfns, unsigned *types)
{
    struct sr_pv *pv = r->pv;
    uint32_t i, n = 0;
    uint8_t *map;
    int rc = 0;

    for (i = 0; i < pd->count; i++) {
        uint64_t e = sr_page_data_ent(pd, i);

        if (sr_type_has_data(sr_type_of(e)) != 1)
            continue;
        pfns[n] = sr_pfn_of(e);
        types[n] = sr_type_of(e);
        mfns[n++] = pv->p2m[sr_pfn_of(e)];
    }
    if (!n)
        return 0;
    map = xc_map_foreign_pages(pv->xch, pv->domid, r->verify ? PROT_READ :
                               PROT_READ | PROT_WRITE, mfns, n);
    if (!map)
        return fail(r, rec, -EFAULT, "cannot map the guest's pages");
    if (r->verify)
        rc = verify_pages(r, rec, pd, map, pfns, types, n);
    for (i = 0; i < n && !rc && !r->verify; i++) {
        uint8_t *dst = map + (size_t)i * SR_PAGE_SIZE;
        unsigned level = types[i] & ~SR_PT_PIN;

        memcpy(dst, pd->data + (size_t)i * SR_PAGE_SIZE, SR_PAGE_SIZE);
        if (level >= SR_PT_L1TAB && level <= SR_PT_L4TAB) {
            rc = populate_refs(r, rec, (uint64_t *)dst, level);
            if (!rc)
                rc = sr_pv_localise(pv, (uint64_t *)dst, level, pfns[i]);
        }
    }
    xc_unmap_foreign(pv->xch, map, n);
    return rc;
}

static int page_data(struct rst *r, const struct sr_rec *rec)
{
    struct sr_page_data pd;
    uint64_t *pfns = NULL, *mfns = NULL;
    unsigned *types = NULL;
    uint32_t i, n = 0;
    int rc;

    if (!r->pv->p2m)
        return fail(r, rec, -EINVAL, "page data before X86_PV_P2M_FRAMES");
    rc = sr_page_data_parse(SR_LAYER_LIBXC, rec, r->pv->p2m_size, &pd,
                            r->pv->err);
    if (rc)
        return rc;
    pfns = malloc(pd.count * sizeof(uint64_t));
    mfns = malloc(pd.count * sizeof(uint64_t));
    types = malloc(pd.count * sizeof(unsigned));
    if (!pfns || !mfns || !types) {
        rc = sr_seterr(r->pv->err, -ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < pd.count; i++) {
        uint64_t e = sr_page_data_ent(&pd, i);
        unsigned t = sr_type_of(e);

        /* A live stream sends a page again when it was written: what is
         * pinned at the end follows its last type. */
        r->types[sr_pfn_of(e)] = (uint8_t)t;
        if (t == SR_PT_XTAB || t == SR_PT_BROKEN)
            continue;
        pfns[n++] = sr_pfn_of(e);
    }
    rc = populate(r, rec, pfns, n);
    if (!rc)
        rc = load_pages(r, rec, &pd, pfns, mfns, types);
out:
    free(pfns);
    free(mfns);
    free(types);
    return rc;
}

static int p2m_frames(struct rst *r, const struct sr_rec *rec)
{
    struct sr_p2m_frames f;
    struct sr_pv *pv = r->pv;
    uint64_t i;
    int rc;

    if (pv->p2m)
        return fail(r, rec, -EINVAL, "a second X86_PV_P2M_FRAMES record");
    rc = sr_p2m_frames_parse(rec, 8, &f, pv->err);
    if (rc)
        return rc;
    if (f.start_pfn != 0)
        return fail(r, rec, -EINVAL, "the p2m does not start at pfn 0");
    pv->p2m_size = (uint64_t)f.end_pfn + 1;
    pv->p2m = malloc(pv->p2m_size * sizeof(uint64_t));
    r->frame_pfns = malloc(f.nr * sizeof(uint64_t));
    r->types = calloc(pv->p2m_size, 1);
    if (!pv->p2m || !r->frame_pfns || !r->types)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < pv->p2m_size; i++)
        pv->p2m[i] = SR_INVALID_MFN;
    r->nr_frames = f.nr;
    for (i = 0; i < f.nr; i++) {
        r->frame_pfns[i] = sr_p2m_frame(&f, (uint32_t)i);
        if (r->frame_pfns[i] >= pv->p2m_size)
            return fail(r, rec, -EINVAL, "a p2m frame is beyond the p2m");
    }
    return 0;
}

static int keep(struct sr_rec *dst, struct sr_rec *src)
{
    sr_rec_keep(dst, src);
    return 0;
}

static int vcpu_rec(struct rst *r, struct sr_rec *rec, unsigned slot)
{
    struct sr_vcpu v;
    int rc = sr_vcpu_parse(rec, r->a->max_vcpus, &v, r->pv->err);

    if (rc)
        return rc;
    if (!r->pv->p2m)
        return fail(r, rec, -EINVAL, "vcpu state before the memory");
    return keep(&r->vcpu[v.vcpu_id * NR_VCPU_RECS + slot], rec);
}

int sr_restore_policy(struct sr_pv *pv, const struct sr_rec *at,
                      const struct sr_rec *cpuid, const struct sr_rec *msr)
{
    uint32_t el = ~0U, es = ~0U, em = ~0U;
    int rc;

    if (!cpuid->len && !msr->len)
        return 0;                         /* keep the creation's policy */
    if (cpuid->len % sizeof(struct xc_cpuid_leaf) ||
        msr->len % sizeof(struct xc_msr_entry))
        return sr_rec_fail(pv->err, SR_LAYER_LIBXC, at, -EINVAL, "the CPU "
                           "policy records have a bad length");
    rc = xc_set_domain_cpu_policy(
        pv->xch, pv->domid, cpuid->len / sizeof(struct xc_cpuid_leaf),
        (const void *)cpuid->body, msr->len / sizeof(struct xc_msr_entry),
        (const void *)msr->body, &el, &es, &em);
    if (rc)
        return sr_pv_xcerr(pv, rc, "apply the CPU policy of the image");
    return 0;
}

static int static_data_end(struct rst *r, const struct sr_rec *rec)
{
    if (!r->have_info)
        return fail(r, rec, -EINVAL, "no X86_PV_INFO before it");
    r->static_end = true;
    return sr_restore_policy(r->pv, rec, &r->cpuid, &r->msrpol);
}

int sr_restore_tsc(struct sr_pv *pv, const struct sr_rec *rec)
{
    struct sr_tsc_info t;
    int rc = sr_tsc_info_parse(rec, &t, pv->err);

    if (rc)
        return rc;
    rc = xc_domain_set_tsc_info(pv->xch, pv->domid, t.mode, t.nsec, t.khz,
                                t.incarnation);
    return rc ? sr_pv_xcerr(pv, rc, "set the TSC information") : 0;
}

/* Records that only make sense in HVM or checkpointed streams. */
static int refuse(struct rst *r, const struct sr_rec *rec)
{
    if (rec->type == SR_XC_CHECKPOINT ||
        rec->type == SR_XC_CHECKPOINT_DIRTY_PFN_LIST)
        return fail(r, rec, -EOPNOTSUPP, "checkpointed streams (Remus, "
                    "COLO) are not supported");
    if (rec->type & SR_REC_OPTIONAL)
        return 0;
    return fail(r, rec, -EINVAL, "not valid in a PV stream");
}

static int one_record(struct rst *r, struct sr_rec *rec)
{
    struct sr_pv_info pi;

    if (rec->type != SR_XC_X86_PV_INFO && !r->have_info)
        return fail(r, rec, -EINVAL, "the stream does not start with "
                    "X86_PV_INFO");
    if (r->version == 2 && !r->static_end &&
        rec->type != SR_XC_X86_PV_INFO)
        r->static_end = true;             /* v2 has no STATIC_DATA_END */
    switch (rec->type) {
    case SR_XC_X86_PV_INFO:
        if (r->have_info)
            return fail(r, rec, -EINVAL, "a second X86_PV_INFO record");
        r->have_info = true;
        return sr_pv_info_parse(rec, &pi, r->pv->err);
    case SR_XC_X86_CPUID_POLICY:
    case SR_XC_X86_MSR_POLICY:
        if (r->static_end)
            return fail(r, rec, -EINVAL, "after STATIC_DATA_END");
        return keep(rec->type == SR_XC_X86_CPUID_POLICY ? &r->cpuid
                                                        : &r->msrpol, rec);
    case SR_XC_STATIC_DATA_END:
        if (r->static_end)
            return fail(r, rec, -EINVAL, "a second STATIC_DATA_END record");
        return static_data_end(r, rec);
    }
    if (!r->static_end)
        return fail(r, rec, -EINVAL, "before STATIC_DATA_END");
    switch (rec->type) {
    case SR_XC_X86_PV_P2M_FRAMES:
        return p2m_frames(r, rec);
    case SR_XC_PAGE_DATA:
        return page_data(r, rec);
    case SR_XC_X86_TSC_INFO:
        return sr_restore_tsc(r->pv, rec);
    case SR_XC_SHARED_INFO:
        if (rec->len != SR_PAGE_SIZE)
            return fail(r, rec, -EINVAL, "not one page long");
        return keep(&r->shinfo, rec);
    case SR_XC_X86_PV_VCPU_BASIC:
    case SR_XC_X86_PV_VCPU_EXTENDED:
    case SR_XC_X86_PV_VCPU_XSAVE:
    case SR_XC_X86_PV_VCPU_MSRS:
        return vcpu_rec(r, rec, rec->type == SR_XC_X86_PV_VCPU_BASIC ? 0 :
                        rec->type == SR_XC_X86_PV_VCPU_EXTENDED ? 1 :
                        rec->type == SR_XC_X86_PV_VCPU_XSAVE ? 2 : 3);
    case SR_XC_VERIFY:
        if (!r->pv->p2m)
            return fail(r, rec, -EINVAL, "before the guest's memory");
        return sr_verify_start(r->pv, rec, &r->verify, r->a);
    }
    return refuse(r, rec);
}

/* ---- at END: what depends on all the memory being there ---- */

static int write_guest_p2m(struct rst *r)
{
    struct sr_pv *pv = r->pv;
    uint64_t *mfns, *map, pfn;
    uint32_t i;

    mfns = malloc(r->nr_frames * sizeof(uint64_t));
    if (!mfns)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < r->nr_frames; i++) {
        mfns[i] = pv->p2m[r->frame_pfns[i]];
        if (mfns[i] == SR_INVALID_MFN) {
            free(mfns);
            return sr_seterr(pv->err, -EINVAL, "libxc stream: p2m frame "
                             "pfn %#" PRIx64 " has no page data",
                             r->frame_pfns[i]);
        }
    }
    map = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ | PROT_WRITE,
                               mfns, r->nr_frames);
    free(mfns);
    if (!map)
        return sr_pv_xcerr(pv, -EFAULT, "map the guest's p2m");
    for (pfn = 0; pfn < (uint64_t)r->nr_frames * SR_FPP; pfn++)
        map[pfn] = pfn < pv->p2m_size ? pv->p2m[pfn] : SR_INVALID_MFN;
    xc_unmap_foreign(pv->xch, map, r->nr_frames);
    return 0;
}

static int pin_tables(struct rst *r)
{
    struct sr_pv *pv = r->pv;
    unsigned level;
    uint64_t pfn;
    int rc;

    for (pfn = 0; pfn < pv->p2m_size; pfn++) {
        level = r->types[pfn] & ~SR_PT_PIN;
        if (!(r->types[pfn] & SR_PT_PIN) || level < SR_PT_L1TAB ||
            level > SR_PT_L4TAB || pv->p2m[pfn] == SR_INVALID_MFN)
            continue;
        rc = xc_mmuext_pin_table(pv->xch, pv->domid, level, pv->p2m[pfn]);
        if (rc)
            return sr_pv_xcerr(pv, rc, "pin the guest's page tables");
    }
    return 0;
}

static int to_mfn(struct rst *r, uint64_t pfn, uint64_t *mfn,
                  const char *what)
{
    if (pfn >= r->pv->p2m_size || r->pv->p2m[pfn] == SR_INVALID_MFN)
        return sr_seterr(r->pv->err, -EINVAL, "libxc stream: %s (pfn %#"
                         PRIx64 ") is not in the image", what, pfn);
    *mfn = r->pv->p2m[pfn];
    return 0;
}

/* Give the guest's start_info the new xenstore and console. */
static int start_info(struct rst *r, uint64_t pfn, uint64_t *si_mfn)
{
    struct sr_pv *pv = r->pv;
    struct xc_dominfo di;
    start_info_t *si;
    uint64_t m = 0;
    int rc;

    rc = to_mfn(r, pfn, si_mfn, "the start info page (vcpu 0 rdx)");
    if (!rc)
        rc = xc_domain_getinfo_single(pv->xch, pv->domid, &di);
    if (rc)
        return rc;
    si = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ | PROT_WRITE,
                              si_mfn, 1);
    if (!si)
        return sr_pv_xcerr(pv, -EFAULT, "map the start info page");
    rc = to_mfn(r, si->store_mfn, &m, "the xenstore ring");
    if (!rc) {
        si->store_mfn = m;
        si->store_evtchn = r->a->store_evtchn;
        r->a->store_mfn = m;
        rc = to_mfn(r, si->console.domU.mfn, &m, "the console ring");
    }
    if (!rc) {
        si->console.domU.mfn = m;
        si->console.domU.evtchn = r->a->console_evtchn;
        r->a->console_mfn = m;
        si->nr_pages = pv->p2m_size;
        si->shared_info = di.shared_info_frame << SR_PAGE_SHIFT;
        si->flags = 0;
    }
    xc_unmap_foreign(pv->xch, si, 1);
    return rc;
}

static int localise_vcpu(struct rst *r, unsigned v, vcpu_guest_context_t *c)
{
    uint64_t mfn = 0;
    unsigned i;
    int rc = 0;

    for (i = 0; i < (c->gdt_ents + 511) / 512 && i < 16 && !rc; i++) {
        rc = to_mfn(r, c->gdt_frames[i], &mfn, "a GDT frame");
        c->gdt_frames[i] = mfn;
    }
    /* cr3, and cr1 (user page tables) when its bit 0 says it is set. */
    for (i = 1; i <= 3 && !rc; i += 2) {
        if (i == 1 ? !(c->ctrlreg[1] & 1) : !c->ctrlreg[3])
            continue;
        rc = to_mfn(r, c->ctrlreg[i] >> SR_PAGE_SHIFT, &mfn, "a page table "
                    "base (cr3 or cr1)");
        c->ctrlreg[i] = mfn << SR_PAGE_SHIFT | (i == 1);
    }
    if (!rc && v == 0)
        rc = start_info(r, c->user_regs.rdx, &mfn);
    if (!rc && v == 0)
        c->user_regs.rdx = mfn;
    return rc;
}

static int load_vcpu(struct rst *r, unsigned v)
{
    struct sr_rec *recs = &r->vcpu[v * NR_VCPU_RECS];
    struct sr_pv *pv = r->pv;
    vcpu_guest_context_t c;
    struct xc_vcpu_msr *m;
    unsigned i, n;
    int rc;

    if (recs[0].len - SR_VCPU_HDR_LEN != sizeof(c))
        return fail(r, &recs[0], -EINVAL, "not the size of a 64-bit vcpu "
                    "context");
    memcpy(&c, recs[0].body + SR_VCPU_HDR_LEN, sizeof(c));
    rc = localise_vcpu(r, v, &c);
    if (!rc && (rc = xc_vcpu_setcontext(pv->xch, pv->domid, v, &c,
                                        sizeof(c))))
        return sr_pv_xcerr(pv, rc, "set a vcpu's context");
    if (!rc && recs[1].len && (rc = xc_vcpu_set_extended(
            pv->xch, pv->domid, v, recs[1].body + SR_VCPU_HDR_LEN,
            recs[1].len - SR_VCPU_HDR_LEN)))
        return sr_pv_xcerr(pv, rc, "set a vcpu's extended context");
    if (!rc && recs[2].len > SR_VCPU_HDR_LEN && (rc = xc_vcpu_set_xsave(
            pv->xch, pv->domid, v, recs[2].body + SR_VCPU_HDR_LEN,
            recs[2].len - SR_VCPU_HDR_LEN)))
        return sr_pv_xcerr(pv, rc, "set a vcpu's xsave state");
    if (rc || recs[3].len <= SR_VCPU_HDR_LEN)
        return rc;
    if ((recs[3].len - SR_VCPU_HDR_LEN) % 16)
        return fail(r, &recs[3], -EINVAL, "not a whole number of MSRs");
    n = (recs[3].len - SR_VCPU_HDR_LEN) / 16;
    m = calloc(n, sizeof(*m));
    if (!m)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        const uint8_t *e = recs[3].body + SR_VCPU_HDR_LEN + 16 * i;

        memcpy(&m[i].index, e, 4);
        memcpy(&m[i].value, e + 8, 8);
    }
    rc = xc_vcpu_set_msrs(pv->xch, pv->domid, v, m, n);
    free(m);
    return rc ? sr_pv_xcerr(pv, rc, "set a vcpu's MSRs") : 0;
}

/* The saved shared info, less what belongs to the old domain. */
static int shared_info(struct rst *r)
{
    struct sr_pv *pv = r->pv;
    const struct shared_info *old = (const void *)r->shinfo.body;
    struct shared_info *sh;
    struct xc_dominfo di;
    uint64_t frame;
    unsigned i;
    int rc;

    rc = xc_domain_getinfo_single(pv->xch, pv->domid, &di);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the domain's state");
    frame = di.shared_info_frame;
    sh = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ | PROT_WRITE,
                              &frame, 1);
    if (!sh)
        return sr_pv_xcerr(pv, -EFAULT, "map the shared info page");
    memcpy(sh->vcpu_info, old->vcpu_info, sizeof(sh->vcpu_info));
    memcpy(&sh->arch, &old->arch, sizeof(sh->arch));
    sh->arch.pfn_to_mfn_frame_list_list = 0;
    memset(sh->evtchn_pending, 0, sizeof(sh->evtchn_pending));
    memset(sh->evtchn_mask, 0xff, sizeof(sh->evtchn_mask));
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        sh->vcpu_info[i].evtchn_pending_sel = 0;
    xc_unmap_foreign(pv->xch, sh, 1);
    return 0;
}

static int sr_restore_pv_finish(struct rst *r)
{
    struct sr_pv *pv = r->pv;
    unsigned v;
    int rc;

    if (!pv->p2m || !r->shinfo.len || !r->vcpu[0].len)
        return sr_seterr(pv->err, -EINVAL, "libxc stream: END at offset %"
                         PRIu64 " before %s", r->io->off - 8,
                         !pv->p2m ? "the guest's memory" :
                         !r->shinfo.len ? "SHARED_INFO" :
                         "the state of vcpu 0");
    rc = write_guest_p2m(r);
    if (!rc)
        rc = pin_tables(r);
    for (v = 0; v < r->a->max_vcpus && !rc; v++)
        if (r->vcpu[v * NR_VCPU_RECS].len)
            rc = load_vcpu(r, v);
    if (!rc)
        rc = shared_info(r);
    if (!rc && (rc = xc_gnttab_seed(pv->xch, pv->domid, r->a->console_mfn,
                                    r->a->store_mfn, r->a->console_domid,
                                    r->a->store_domid)))
        sr_pv_xcerr(pv, rc, "seed the grant table");
    return rc;
}

int sr_restore_pv(struct sr_pv *pv, struct sr_io *io,
                  struct sr_restore_args *a)
{
    struct rst r = { .pv = pv, .io = io, .a = a };
    struct sr_xc_dhdr dh;
    struct sr_rec rec = { 0 };
    struct xc_dominfo di;
    unsigned i;
    int rc;

    rc = sr_xc_hdr_read(io, &dh, &r.version);
    if (rc)
        return rc;
    rc = xc_domain_getinfo_single(pv->xch, pv->domid, &di);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the domain's state");
    pv->hvm = di.hvm;
    if (pv->hvm != (dh.type == SR_XC_DOM_X86_HVM))
        return sr_seterr(pv->err, -EINVAL, "libxc stream: the image is of "
                         "an %s guest, the domain restored into is %s",
                         dh.type == SR_XC_DOM_X86_HVM ? "HVM" : "PV",
                         pv->hvm ? "an HVM container" : "PV");
    if (pv->hvm)
        return sr_restore_hvm(pv, io, a, r.version);
    r.vcpu = calloc((size_t)a->max_vcpus * NR_VCPU_RECS, sizeof(*r.vcpu));
    if (!r.vcpu)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (;;) {
        rc = sr_rec_read(io, SR_LAYER_LIBXC, &rec);
        if (rc)
            break;
        if (rec.type == SR_XC_END) {
            rc = sr_restore_pv_finish(&r);
            break;
        }
        rc = one_record(&r, &rec);
        sr_rec_dispose(&rec);
        if (rc)
            break;
    }
    sr_rec_dispose(&rec);
    for (i = 0; i < a->max_vcpus * NR_VCPU_RECS; i++)
        sr_rec_dispose(&r.vcpu[i]);
    free(r.vcpu);
    sr_rec_dispose(&r.shinfo);
    sr_rec_dispose(&r.cpuid);
    sr_rec_dispose(&r.msrpol);
    free(r.frame_pfns);
    free(r.types);
    return rc;
}
