/*
 * libxl domain builder: 64-bit PV guests.  Lays out the guest like
 * libxenguest (kernel at VIRT_BASE, ramdisk, p2m list, start_info,
 * xenstore and console pages, page tables, boot stack, 512 KiB of slack
 * in the initial mapping), then boots it: start_info, hypercall page,
 * pinned L4, shared info, vCPU 0 context and grant entries 0/1.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>

#include "build_internal.h"

#define PV_MAGIC "xen-3.0-x86_64"
/* Initial mapping: 512 KiB of slack, rounded up to 4 MiB. */
#define PV_SLACK_PAGES 128
#define PV_MAP_ALIGN ((4ULL << 20) - 1)

#define X86_DR6_DEFAULT 0xffff0ff0U
#define X86_DR7_DEFAULT 0x00000400U

struct pv {
    struct build_kimage ki;
    struct build_seg kernel, ramdisk, p2m, start, store, console, pgtables,
        stack;
    struct build_pt pt;
    uint64_t pgtab_end;           /* end of the initial mapping */
    uint64_t shinfo_mfn;
    bool p2m_virt;                /* p2m mapped at INIT_P2M */
    uint32_t flags;               /* SIF_* */
    uint64_t mod_start, mod_len;
};

static int place_kernel(struct build_dom *d, struct pv *pv)
{
    const struct build_xen_parms *p = &pv->ki.parms;
    void *ptr;
    int rc;

    d->virt_base = d->virt_alloc = p->virt_base;
    if ((rc = build_seg_pad_to(d, p->virt_kstart, "kernel")))
        return rc;
    rc = build_seg_alloc(d, &pv->kernel, "kernel",
                         p->virt_kend - p->virt_kstart, &ptr);
    if (rc)
        return rc;
    return build_elf_load(&pv->ki.elf, ptr,
                          pv->kernel.pages << BUILD_PAGE_SHIFT, &d->err);
}

static int place_ramdisk(struct build_dom *d, const struct build_args *a,
                         struct pv *pv, bool unmapped)
{
    void *ptr;
    int rc;

    rc = build_seg_alloc(d, &pv->ramdisk, "ramdisk", a->ramdisk_size, &ptr);
    if (rc)
        return rc;
    memcpy(ptr, a->ramdisk, a->ramdisk_size);
    if (unmapped) {
        /* Outside the initial mapping: the kernel gets a pfn. */
        pv->flags |= SIF_MOD_START_PFN;
        pv->mod_start = pv->ramdisk.pfn;
        pv->mod_len = pv->ramdisk.pages << BUILD_PAGE_SHIFT;
    } else {
        pv->mod_start = pv->ramdisk.vstart;
        pv->mod_len = a->ramdisk_size;
    }
    return 0;
}

/* Size the page tables of [virt_base, end], which must include them. */
static int place_pgtables(struct build_dom *d, struct pv *pv)
{
    uint64_t extra = PV_SLACK_PAGES + 1, pages = extra, end;
    struct build_pt pt;
    int rc;

    for (;;) {
        end = (d->virt_alloc + (pages << BUILD_PAGE_SHIFT)) | PV_MAP_ALIGN;
        memset(&pt, 0, sizeof(pt));
        rc = build_pt_count(&pt, d->virt_base, end, 0, d->alloc_pfn,
                            &d->err);
        if (rc)
            return rc;
        pages = pt.map[0].nr_tables + extra;
        if (d->virt_alloc + (pages << BUILD_PAGE_SHIFT) <= end + 1)
            break;
    }
    if (((end - d->virt_base) >> BUILD_PAGE_SHIFT) >= d->total_pages)
        return build_dom_seterr(d, -ENOMEM, "not enough guest memory for "
                                "the initial mapping (%llu MiB needed)",
                                (unsigned long long)(end + 1 - d->virt_base)
                                    >> 20);
    pv->pt = pt;
    pv->pgtab_end = end + 1;
    return build_seg_alloc(d, &pv->pgtables, "page tables",
                           (uint64_t)pt.map[0].nr_tables << BUILD_PAGE_SHIFT,
                           NULL);
}

/* The p2m list at INIT_P2M, with its own page tables after it. */
static int place_p2m_virt(struct build_dom *d, struct pv *pv)
{
    uint64_t base = pv->ki.parms.p2m_base;
    uint64_t bytes = (d->p2m_size * 8 + BUILD_PAGE_SIZE - 1) &
                     ~(BUILD_PAGE_SIZE - 1);
    struct build_pt pt = pv->pt;
    int rc;

    rc = build_pt_count(&pt, base, base + bytes - 1, d->alloc_pfn,
                        d->alloc_pfn + (bytes >> BUILD_PAGE_SHIFT), &d->err);
    if (rc)
        return rc;
    rc = build_seg_alloc(d, &pv->p2m, "p2m list",
                         bytes + ((uint64_t)pt.map[1].nr_tables
                                  << BUILD_PAGE_SHIFT), NULL);
    if (rc)
        return rc;
    pv->p2m.vstart = base;
    pv->p2m.vend = base + d->p2m_size * 8;
    pv->pt = pt;
    return 0;
}

static int place_all(struct build_dom *d, const struct build_args *a,
                     struct pv *pv)
{
    const struct build_xen_parms *p = &pv->ki.parms;
    bool unmapped = p->unmapped_initrd;
    int rc;

    pv->p2m_virt = p->p2m_base != BUILD_UNSET_ADDR &&
                   p->p2m_base < p->virt_base &&
                   !(p->p2m_base & (BUILD_PAGE_SIZE - 1));
    if ((rc = place_kernel(d, pv)))
        return rc;
    if (a->ramdisk_size && !unmapped &&
        (rc = place_ramdisk(d, a, pv, false)))
        return rc;
    if (!pv->p2m_virt &&
        (rc = build_seg_alloc(d, &pv->p2m, "p2m list", d->p2m_size * 8,
                              NULL)))
        return rc;
    if ((rc = build_seg_alloc(d, &pv->start, "start info", 1, NULL)) ||
        (rc = build_seg_alloc(d, &pv->store, "xenstore page", 1, NULL)) ||
        (rc = build_seg_alloc(d, &pv->console, "console page", 1, NULL)) ||
        (rc = place_pgtables(d, pv)) ||
        (rc = build_seg_alloc(d, &pv->stack, "boot stack", 1, NULL)) ||
        (rc = build_seg_pad_to(d, pv->pgtab_end, "initial mapping")))
        return rc;
    if (a->ramdisk_size && unmapped &&
        (rc = place_ramdisk(d, a, pv, true)))
        return rc;
    return pv->p2m_virt ? place_p2m_virt(d, pv) : 0;
}

static int write_p2m(struct build_dom *d, struct pv *pv)
{
    uint64_t *g = build_pfn_ptr(d, pv->p2m.pfn), i;

    if (!g)
        return build_dom_seterr(d, -EFAULT, "p2m list is not mapped");
    for (i = 0; i < d->p2m_size; i++)
        g[i] = d->p2m[i];
    return build_pt_fill(d, &pv->pt);
}

static int write_start_info(struct build_dom *d, const struct build_args *a,
                            struct pv *pv)
{
    start_info_t *si = build_pfn_ptr(d, pv->start.pfn);

    if (!si)
        return build_dom_seterr(d, -EFAULT, "start info is not mapped");
    memset(si, 0, sizeof(*si));
    memcpy(si->magic, PV_MAGIC, sizeof(PV_MAGIC));
    si->nr_pages = d->total_pages;
    si->shared_info = pv->shinfo_mfn << BUILD_PAGE_SHIFT;
    si->flags = SIF_VIRT_P2M_4TOOLS | pv->flags;
    si->store_mfn = build_mfn(d, pv->store.pfn);
    si->store_evtchn = a->store_evtchn;
    si->console.domU.mfn = build_mfn(d, pv->console.pfn);
    si->console.domU.evtchn = a->console_evtchn;
    si->pt_base = pv->pgtables.vstart;
    si->nr_pt_frames = pv->pt.map[0].nr_tables;
    si->mfn_list = pv->p2m.vstart;
    if (pv->p2m_virt) {
        si->first_p2m_pfn = pv->p2m.pfn;
        si->nr_p2m_frames = pv->p2m.pages;
    }
    if (a->ramdisk_size) {
        si->mod_start = pv->mod_start;
        si->mod_len = pv->mod_len;
    }
    if (a->cmdline)
        memcpy(si->cmd_line, a->cmdline, strlen(a->cmdline) + 1);
    return 0;
}

static int hypercall_page(struct build_dom *d, struct pv *pv)
{
    const struct build_xen_parms *p = &pv->ki.parms;
    uint64_t pfn;
    int rc;

    if (p->virt_hypercall == BUILD_UNSET_ADDR)
        return 0;
    if (p->virt_hypercall < p->virt_kstart ||
        p->virt_hypercall >= p->virt_kend)
        return build_dom_seterr(d, -EINVAL, "kernel's HYPERCALL_PAGE "
                                "0x%llx lies outside the kernel",
                                (unsigned long long)p->virt_hypercall);
    pfn = (p->virt_hypercall - p->virt_base) >> BUILD_PAGE_SHIFT;
    rc = xc_domain_hypercall_init(d->xch, d->domid, build_mfn(d, pfn));
    return rc ? build_dom_seterr_xc(d, rc, "cannot set up the hypercall "
                                    "page") : 0;
}

static int init_shared_info(struct build_dom *d, struct pv *pv)
{
    shared_info_t *si;
    unsigned i;

    si = xc_map_foreign_pages(d->xch, d->domid, PROT_READ | PROT_WRITE,
                              &pv->shinfo_mfn, 1);
    if (!si)
        return build_dom_seterr_xc(d, -EFAULT, "cannot map shared info");
    memset(si, 0, sizeof(*si));
    for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
        si->vcpu_info[i].evtchn_upcall_mask = 1;
    xc_unmap_foreign(d->xch, si, 1);
    return 0;
}

static int set_vcpu(struct build_dom *d, struct pv *pv)
{
    vcpu_guest_context_t *c = calloc(1, sizeof(*c));
    int rc;

    if (!c)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    c->user_regs.rip = pv->ki.parms.virt_entry;
    c->user_regs.rsp = pv->stack.vstart + BUILD_PAGE_SIZE;
    c->user_regs.rsi = pv->start.vstart;
    c->user_regs.rflags = 1 << 9;           /* interrupts enabled */
    c->user_regs.cs = FLAT_KERNEL_CS;
    c->user_regs.ds = c->user_regs.es = FLAT_KERNEL_DS;
    c->user_regs.fs = c->user_regs.gs = FLAT_KERNEL_DS;
    c->user_regs.ss = FLAT_KERNEL_SS;
    c->kernel_ss = FLAT_KERNEL_SS;
    c->kernel_sp = c->user_regs.rsp;
    c->debugreg[6] = X86_DR6_DEFAULT;
    c->debugreg[7] = X86_DR7_DEFAULT;
    c->flags = VGCF_in_kernel | VGCF_online;
    c->ctrlreg[3] = xen_pfn_to_cr3(build_mfn(d, pv->pgtables.pfn));
    rc = xc_vcpu_setcontext(d->xch, d->domid, 0, c, sizeof(*c));
    free(c);
    return rc ? build_dom_seterr_xc(d, rc, "cannot set vCPU 0") : 0;
}

static int boot(struct build_dom *d, const struct build_args *a,
                struct pv *pv)
{
    int rc;

    if ((rc = write_p2m(d, pv)) || (rc = write_start_info(d, a, pv)) ||
        (rc = hypercall_page(d, pv)))
        return rc;
    /* Xen refuses to pin a table we still map writable. */
    build_unmap_all(d);
    rc = xc_mmuext_pin_table(d->xch, d->domid, 4,
                             build_mfn(d, pv->pgtables.pfn));
    if (rc)
        return build_dom_seterr_xc(d, rc, "cannot pin the L4 page table");
    if ((rc = init_shared_info(d, pv)) || (rc = set_vcpu(d, pv)))
        return rc;
    rc = xc_gnttab_seed(d->xch, d->domid, build_mfn(d, pv->console.pfn),
                        build_mfn(d, pv->store.pfn), a->console_domid,
                        a->store_domid);
    return rc ? build_dom_seterr_xc(d, rc, "cannot seed the grant table")
              : 0;
}

static int check_domain(struct build_dom *d, struct pv *pv)
{
    struct xc_dominfo info;
    int rc = xc_domain_getinfo_single(d->xch, d->domid, &info);

    if (rc)
        return build_dom_seterr_xc(d, rc, "cannot get domain info");
    if (info.hvm)
        return build_dom_seterr(d, -EINVAL, "domain %u is an HVM "
                                "container, not PV", d->domid);
    pv->shinfo_mfn = info.shared_info_frame;
    return 0;
}

int build_pv(struct build_dom *d, const struct build_args *a,
             struct build_result *r)
{
    struct pv *pv = calloc(1, sizeof(*pv));
    int rc;

    build_dom_reset(d, a->domid);
    if (!pv)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    d->total_pages = d->alloc_end = a->mem_kb >> 2;
    if ((rc = build_args_check(d, a)) || (rc = check_domain(d, pv)) ||
        (rc = build_kimage_load(d, a, false, &pv->ki)))
        goto out;
    if ((rc = build_mem_populate_pv(d)) || (rc = place_all(d, a, pv)) ||
        (rc = boot(d, a, pv)))
        goto out;
    memset(r, 0, sizeof(*r));
    r->store_gfn = build_mfn(d, pv->store.pfn);
    r->console_gfn = build_mfn(d, pv->console.pfn);
    r->nr_pages = d->total_pages;
    r->entry = pv->ki.parms.virt_entry;
    r->start_info = pv->start.vstart;
    r->format = pv->ki.k.format;
    r->codec = pv->ki.k.codec;
out:
    build_unmap_all(d);
    build_kimage_dispose(&pv->ki);
    free(pv);
    return rc;
}
