/*
 * libxl save, HVM containers (PVH; HVM guests once their device model is
 * saved too): the records of Xen 4.17's x86 HVM stream around the pages
 * -- domain header of type x86 HVM, CPU policy, STATIC_DATA_END, then
 * after the PAGE_DATA (sr_save_pv.c writes them from the identity p2m)
 * X86_TSC_INFO, HVM_CONTEXT, HVM_PARAMS, END.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include <xen/hvm/params.h>

#include "sr_pv.h"

/* Sent when not zero, as Xen's xg_sr_save_x86_hvm.c does.  The event
 * channels are not: the restoring side has its own. */
static const uint32_t saved_params[] = {
    HVM_PARAM_STORE_PFN, HVM_PARAM_IOREQ_PFN, HVM_PARAM_BUFIOREQ_PFN,
    HVM_PARAM_PAGING_RING_PFN, HVM_PARAM_MONITOR_RING_PFN,
    HVM_PARAM_SHARING_RING_PFN, HVM_PARAM_VM86_TSS_SIZED,
    HVM_PARAM_CONSOLE_PFN, HVM_PARAM_ACPI_IOPORTS_LOCATION,
    HVM_PARAM_VIRIDIAN, HVM_PARAM_IDENT_PT,
    HVM_PARAM_VM_GENERATION_ID_ADDR, HVM_PARAM_IOREQ_SERVER_PFN,
    HVM_PARAM_NR_IOREQ_SERVER_PAGES, HVM_PARAM_X87_FIP_WIDTH,
    HVM_PARAM_MCA_CAP,
};
#define NR_SAVED (sizeof(saved_params) / sizeof(saved_params[0]))

int sr_hvm_read_p2m(struct sr_pv *pv)
{
    uint64_t max = 0, i;
    int rc = xc_domain_maximum_gpfn(pv->xch, pv->domid, &max);

    if (rc)
        return sr_pv_xcerr(pv, rc, "read the highest gfn of the domain");
    if (max >= SR_HVM_MAX_GFNS)
        return sr_seterr(pv->err, -E2BIG, "the domain uses gfn %#" PRIx64
                         ": its physmap is too large to save", max);
    pv->p2m_size = max + 1;
    pv->p2m = malloc(pv->p2m_size * sizeof(uint64_t));
    if (!pv->p2m)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    for (i = 0; i < pv->p2m_size; i++)
        pv->p2m[i] = i;
    return 0;
}

int sr_save_hvm_head(struct sr_pv *pv, struct sr_io *io)
{
    struct sr_xc_dhdr dh = { SR_XC_DOM_X86_HVM, SR_PAGE_SHIFT, 0, 0 };
    int major = 0, minor = 0, rc;

    rc = xc_version(pv->xch, &major, &minor);
    if (rc)
        return sr_pv_xcerr(pv, rc, "read the Xen version");
    dh.xen_major = (uint32_t)major;
    dh.xen_minor = (uint32_t)minor;
    rc = sr_hvm_read_p2m(pv);
    if (!rc)
        rc = sr_xc_hdr_write(io, &dh);
    if (!rc)
        rc = sr_save_policy(pv, io);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_STATIC_DATA_END, NULL, 0, NULL, 0);
    return rc;
}

static int write_context(struct sr_pv *pv, struct sr_io *io)
{
    uint8_t *buf;
    int len, rc;

    len = xc_domain_hvm_getcontext(pv->xch, pv->domid, NULL, 0);
    if (len < 0)
        return sr_pv_xcerr(pv, len, "read the size of the HVM context");
    buf = malloc(len ? (size_t)len : 1);
    if (!buf)
        return sr_seterr(pv->err, -ENOMEM, "out of memory");
    len = xc_domain_hvm_getcontext(pv->xch, pv->domid, buf, (uint32_t)len);
    if (len < 0)
        rc = sr_pv_xcerr(pv, len, "read the HVM context");
    else
        rc = sr_rec_write(io, SR_XC_HVM_CONTEXT, buf, (size_t)len, NULL, 0);
    free(buf);
    return rc;
}

/* HVM_PARAMS: uint32 count, uint32 0, count x { uint64 index, value }. */
static int write_params(struct sr_pv *pv, struct sr_io *io)
{
    uint64_t ents[2 * NR_SAVED], v;
    uint32_t hdr[2] = { 0, 0 };
    unsigned i;
    int rc;

    for (i = 0; i < NR_SAVED; i++) {
        rc = xc_hvm_param_get(pv->xch, pv->domid, saved_params[i], &v);
        if (rc)
            return sr_pv_xcerr(pv, rc, "read an HVM param");
        if (!v)
            continue;
        ents[2 * hdr[0]] = saved_params[i];
        ents[2 * hdr[0] + 1] = v;
        hdr[0]++;
    }
    if (!hdr[0])
        return 0;                 /* Xen writes no empty record either */
    return sr_rec_write(io, SR_XC_HVM_PARAMS, hdr, sizeof(hdr), ents,
                        hdr[0] * 16);
}

int sr_save_hvm_tail(struct sr_pv *pv, struct sr_io *io)
{
    int rc = sr_save_tsc(pv, io);

    if (!rc)
        rc = write_context(pv, io);
    if (!rc)
        rc = write_params(pv, io);
    if (!rc)
        rc = sr_rec_write(io, SR_XC_END, NULL, 0, NULL, 0);
    return rc;
}
