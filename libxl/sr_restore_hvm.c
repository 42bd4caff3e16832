/*
 * libxl restore, HVM containers: reads the x86 HVM libxc stream (v2 or
 * v3, after its headers) into a new, paused HVM domain the way Xen
 * 4.17's restorer does -- gfns populated as PAGE_DATA arrives, the CPU
 * policy at STATIC_DATA_END, HVM params set as their record comes (the
 * xenstore and ioreq pages cleared), and at END the new xenstore and
 * console event channels, the HVM context and the grant table seeded.
 * After a VERIFY record (Xen's debug migration) pages are compared with
 * what arrived before it instead of loaded.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/hvm/params.h>

#include "sr_pv.h"

struct hrst {
    struct sr_pv *pv;
    struct sr_restore_args *a;
    uint32_t version;
    bool static_end;
    bool verify;                      /* after VERIFY: compare, not load */
    struct sr_rec cpuid, msrpol, context;
    uint8_t *populated;               /* bitmap over gfns */
    uint64_t populated_len;           /* its bytes */
    bool have_store, have_console;
};

static int fail(struct hrst *r, const struct sr_rec *rec, int rc,
                const char *why)
{
    return sr_rec_fail(r->pv->err, SR_LAYER_LIBXC, rec, rc, why);
}

static bool is_populated(const struct hrst *r, uint64_t gfn)
{
    return gfn / 8 < r->populated_len &&
           (r->populated[gfn / 8] & (1U << (gfn % 8)));
}

/* Room in the bitmap for gfn (it grows with the highest gfn seen). */
static int bitmap_fit(struct hrst *r, uint64_t gfn)
{
    uint64_t want = gfn / 8 + 1, len = r->populated_len ? r->populated_len
                                                       : 4096;
    uint8_t *p;

    if (want <= r->populated_len)
        return 0;
    while (len < want)
        len *= 2;
    p = realloc(r->populated, len);
    if (!p)
        return sr_seterr(r->pv->err, -ENOMEM, "out of memory");
    memset(p + r->populated_len, 0, len - r->populated_len);
    r->populated = p;
    r->populated_len = len;
    return 0;
}

/* Populate the gfns of list[n] that have no page yet. */
static int populate(struct hrst *r, const struct sr_rec *rec,
                    const uint64_t *list, uint32_t n)
{
    struct sr_pv *pv = r->pv;
    uint64_t *todo = malloc((n ? n : 1) * sizeof(uint64_t));
    uint32_t i, k = 0;
    int rc = 0;

    if (!todo)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < n && !rc; i++) {
        rc = bitmap_fit(r, list[i]);
        if (!rc && !is_populated(r, list[i])) {
            r->populated[list[i] / 8] |= (uint8_t)(1U << (list[i] % 8));
            todo[k++] = list[i];
        }
    }
    if (!rc && k)
        rc = xc_domain_populate_physmap_exact(pv->xch, pv->domid, k, 0, 0,
                                              todo);
    if (rc && k)
        sr_restore_populate_err(pv, rec, rc);
    free(todo);
    return rc;
}

/* Verify mode (Xen's debug migration): the n pages of a record sent
 * again (data, for gfns) must be the guest's already; a gfn never sent
 * counts as one that differs.  gfns is reordered. */
static int verify(struct hrst *r, const struct sr_rec *rec,
                  const uint8_t *data, uint64_t *gfns, uint32_t n)
{
    struct sr_verify v = { 0 };
    uint32_t *idx = malloc((n ? n : 1) * sizeof(uint32_t)), i, k = 0;
    uint8_t *map = NULL;
    int rc = 0;

    if (!idx)
        return sr_seterr(r->pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        if (!is_populated(r, gfns[i])) {
            sr_verify_note(&v, gfns[i], SR_PT_NOTAB);
            continue;
        }
        idx[k] = i;
        gfns[k++] = gfns[i];
    }
    if (k)
        map = xc_map_foreign_pages(r->pv->xch, r->pv->domid, PROT_READ,
                                   gfns, k);
    if (k && !map)
        rc = fail(r, rec, -EFAULT, "cannot map the guest's pages");
    for (i = 0; map && i < k; i++)
        if (memcmp(map + (size_t)i * SR_PAGE_SIZE,
                   data + (size_t)idx[i] * SR_PAGE_SIZE, SR_PAGE_SIZE))
            sr_verify_note(&v, gfns[i], SR_PT_NOTAB);
    if (map)
        xc_unmap_foreign(r->pv->xch, map, k);
    free(idx);
    return rc ? rc : sr_verify_end(r->pv, rec, &v, n, r->a);
}

static int page_data(struct hrst *r, const struct sr_rec *rec)
{
    struct sr_pv *pv = r->pv;
    struct sr_page_data pd;
    uint64_t *gfns = NULL, *data_gfns = NULL;
    uint32_t i, n = 0, nd = 0;
    uint8_t *map;
    int rc;

    rc = sr_page_data_parse(SR_LAYER_LIBXC, rec, SR_HVM_MAX_GFNS, &pd,
                            pv->err);
    if (rc)
        return rc;
    gfns = malloc(pd.count * sizeof(uint64_t));
    data_gfns = malloc(pd.count * sizeof(uint64_t));
    if (!gfns || !data_gfns) {
        rc = sr_seterr(pv->err, -ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < pd.count; i++) {
        uint64_t e = sr_page_data_ent(&pd, i);
        unsigned t = sr_type_of(e);

        if (t == SR_PT_XTAB || t == SR_PT_BROKEN)
            continue;
        if (t != SR_PT_NOTAB && t != SR_PT_XALLOC) {
            rc = fail(r, rec, -EINVAL, "a page-table type in an HVM "
                      "stream");
            goto out;
        }
        gfns[n++] = sr_pfn_of(e);
        if (sr_type_has_data(t) == 1)
            data_gfns[nd++] = sr_pfn_of(e);
    }
    if (r->verify) {
        rc = verify(r, rec, pd.data, data_gfns, nd);
        goto out;
    }
    rc = populate(r, rec, gfns, n);
    if (rc || !nd)
        goto out;
    map = xc_map_foreign_pages(pv->xch, pv->domid, PROT_READ | PROT_WRITE,
                               data_gfns, nd);
    if (!map) {
        rc = fail(r, rec, -EFAULT, "cannot map the guest's pages");
        goto out;
    }
    memcpy(map, pd.data, (size_t)nd * SR_PAGE_SIZE);
    xc_unmap_foreign(pv->xch, map, nd);
out:
    free(gfns);
    free(data_gfns);
    return rc;
}

/* Zero a page the image sent (a ring the new domain starts afresh). */
static int clear_page(struct hrst *r, const struct sr_rec *rec, uint64_t gfn,
                      const char *what)
{
    uint8_t *p;
    char why[160];

    if (is_populated(r, gfn)) {
        p = xc_map_foreign_pages(r->pv->xch, r->pv->domid,
                                 PROT_READ | PROT_WRITE, &gfn, 1);
        if (p) {
            memset(p, 0, SR_PAGE_SIZE);
            xc_unmap_foreign(r->pv->xch, p, 1);
            return 0;
        }
    }
    snprintf(why, sizeof(why), "the %s (gfn %#" PRIx64 ") is not a page "
             "of the image", what, gfn);
    return fail(r, rec, -EINVAL, why);
}

/* One HVM_PARAMS entry, as Xen's restorer takes it. */
static int param(struct hrst *r, const struct sr_rec *rec, uint64_t idx,
                 uint64_t val)
{
    int rc = 0;

    switch (idx) {
    case HVM_PARAM_PAE_ENABLED:
        return 0;                      /* obsolete: dropped, as Xen */
    case HVM_PARAM_STORE_PFN:
        r->a->store_mfn = val;
        r->have_store = true;
        rc = clear_page(r, rec, val, "xenstore ring");
        break;
    case HVM_PARAM_CONSOLE_PFN:
        r->a->console_mfn = val;
        r->have_console = true;
        rc = clear_page(r, rec, val, "console ring");
        break;
    case HVM_PARAM_IOREQ_PFN:
    case HVM_PARAM_BUFIOREQ_PFN:
        rc = clear_page(r, rec, val, "ioreq page");
        break;
    case HVM_PARAM_STORE_EVTCHN:
    case HVM_PARAM_CONSOLE_EVTCHN:
        return fail(r, rec, -EINVAL, "an event channel param: the "
                    "restoring side chooses those");
    }
    if (!rc && idx > UINT32_MAX)
        rc = fail(r, rec, -EINVAL, "an HVM param index beyond 32 bits");
    if (!rc && (rc = xc_hvm_param_set(r->pv->xch, r->pv->domid,
                                      (uint32_t)idx, val))) {
        char why[96];

        snprintf(why, sizeof(why), "set HVM param %" PRIu64 " to %#" PRIx64,
                 idx, val);
        return sr_pv_xcerr(r->pv, rc, why);
    }
    return rc;
}

/* HVM_PARAMS: uint32 count, uint32 0, count x { uint64 index, value }. */
static int params(struct hrst *r, const struct sr_rec *rec)
{
    uint64_t idx, val;
    uint32_t count, i;
    int rc = 0;

    if (rec->len < 8)
        return fail(r, rec, -EINVAL, "shorter than its header");
    memcpy(&count, rec->body, 4);
    if ((uint64_t)rec->len != 8 + (uint64_t)count * 16)
        return fail(r, rec, -EINVAL, "its length does not match its count");
    for (i = 0; i < count && !rc; i++) {
        memcpy(&idx, rec->body + 8 + 16 * (size_t)i, 8);
        memcpy(&val, rec->body + 16 + 16 * (size_t)i, 8);
        rc = param(r, rec, idx, val);
    }
    return rc;
}

static int keep(struct sr_rec *dst, struct sr_rec *src)
{
    sr_rec_keep(dst, src);
    return 0;
}

static int one_record(struct hrst *r, struct sr_rec *rec)
{
    bool policy = rec->type == SR_XC_X86_CPUID_POLICY ||
                  rec->type == SR_XC_X86_MSR_POLICY;

    /* v2 has no STATIC_DATA_END: the static data ends where the rest
     * begins. */
    if (r->version == 2 && !r->static_end && !policy)
        r->static_end = true;
    if (policy && r->static_end)
        return fail(r, rec, -EINVAL, "after STATIC_DATA_END");
    if (policy)
        return keep(rec->type == SR_XC_X86_CPUID_POLICY ? &r->cpuid
                                                        : &r->msrpol, rec);
    if (rec->type == SR_XC_STATIC_DATA_END) {
        if (r->static_end)
            return fail(r, rec, -EINVAL, "a second STATIC_DATA_END record");
        r->static_end = true;
        return sr_restore_policy(r->pv, rec, &r->cpuid, &r->msrpol);
    }
    if (!r->static_end)
        return fail(r, rec, -EINVAL, "before STATIC_DATA_END");
    switch (rec->type) {
    case SR_XC_PAGE_DATA:
        return page_data(r, rec);
    case SR_XC_X86_TSC_INFO:
        return sr_restore_tsc(r->pv, rec);
    case SR_XC_HVM_CONTEXT:
        if (!rec->len)
            return fail(r, rec, -EINVAL, "empty");
        return keep(&r->context, rec);
    case SR_XC_HVM_PARAMS:
        return params(r, rec);
    case SR_XC_CHECKPOINT:
    case SR_XC_CHECKPOINT_DIRTY_PFN_LIST:
        return fail(r, rec, -EOPNOTSUPP, "checkpointed streams (Remus, "
                    "COLO) are not supported");
    case SR_XC_VERIFY:
        return sr_verify_start(r->pv, rec, &r->verify, r->a);
    }
    if (rec->type & SR_REC_OPTIONAL)
        return 0;
    return fail(r, rec, -EINVAL, "not valid in an HVM stream");
}

/* At END: the new event channels, the vCPUs and devices, the grants. */
static int finish(struct hrst *r, const struct sr_rec *end)
{
    struct sr_pv *pv = r->pv;
    int rc;

    if (!r->context.len || !r->have_store || !r->have_console)
        return fail(r, end, -EINVAL, !r->context.len ? "no HVM_CONTEXT "
                    "before it" : "no xenstore or console page in the "
                    "HVM params before it");
    rc = xc_hvm_param_set(pv->xch, pv->domid, HVM_PARAM_STORE_EVTCHN,
                          r->a->store_evtchn);
    if (!rc)
        rc = xc_hvm_param_set(pv->xch, pv->domid, HVM_PARAM_CONSOLE_EVTCHN,
                              r->a->console_evtchn);
    if (rc)
        return sr_pv_xcerr(pv, rc, "set the event channel params");
    rc = xc_domain_hvm_setcontext(pv->xch, pv->domid, r->context.body,
                                  r->context.len);
    if (rc)
        return sr_pv_xcerr(pv, rc, "load the HVM context of the image");
    rc = xc_gnttab_seed(pv->xch, pv->domid, r->a->console_mfn,
                        r->a->store_mfn, r->a->console_domid,
                        r->a->store_domid);
    return rc ? sr_pv_xcerr(pv, rc, "seed the grant table") : 0;
}

int sr_restore_hvm(struct sr_pv *pv, struct sr_io *io,
                   struct sr_restore_args *a, uint32_t version)
{
    struct hrst r = { .pv = pv, .a = a, .version = version };
    struct sr_rec rec = { 0 };
    int rc;

    for (;;) {
        rc = sr_rec_read(io, SR_LAYER_LIBXC, &rec);
        if (rc)
            break;
        rc = rec.type == SR_XC_END ? finish(&r, &rec) : one_record(&r, &rec);
        if (rc || rec.type == SR_XC_END)
            break;
        sr_rec_dispose(&rec);
    }
    sr_rec_dispose(&rec);
    sr_rec_dispose(&r.cpuid);
    sr_rec_dispose(&r.msrpol);
    sr_rec_dispose(&r.context);
    free(r.populated);
    return rc;
}
