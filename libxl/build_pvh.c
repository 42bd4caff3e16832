/*
 * libxl domain builder: PVH guests (HVM container, no device model).
 * RAM below the MMIO hole and above 4 GiB, the HVM special pages and
 * their params, the kernel at its physical addresses, the ramdisk, and
 * hvm_start_info with command line, module list, memory map and RSDP
 * (docs/misc/pvh.pandoc), the ACPI tables (build_acpi.c); vCPU 0 starts
 * in 32-bit flat protected mode.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>
#include <xen/features.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "build_acpi.h"
#include "build_internal.h"

#define LOWMEM_MAX 0xf0000000ULL      /* HVM_BELOW_4G_RAM_END */
#define GB4 (1ULL << 32)
#define MAX_E820 128
#define E820_ACPI 3

struct pvh {
    struct build_kimage ki;
    struct build_seg kernel, ramdisk, start;
    struct build_acpi acpi;
    struct xc_e820 e820[MAX_E820];
    unsigned nr_e820;
    uint64_t low_end, high_end;   /* high_end 0: no RAM above 4 GiB */
};

static int populate(struct build_dom *d, struct pvh *h)
{
    uint64_t mem = d->total_pages << BUILD_PAGE_SHIFT;
    int rc;

    h->low_end = mem < LOWMEM_MAX ? mem : LOWMEM_MAX;
    h->high_end = mem > h->low_end ? GB4 + (mem - h->low_end) : 0;
    d->translated = true;
    d->p2m_size = (h->high_end ? h->high_end : GB4) >> BUILD_PAGE_SHIFT;
    d->alloc_end = h->low_end >> BUILD_PAGE_SHIFT;
    rc = build_mem_populate_gfns(d, 0, h->low_end >> BUILD_PAGE_SHIFT);
    if (!rc && h->high_end)
        rc = build_mem_populate_gfns(d, GB4 >> BUILD_PAGE_SHIFT,
                                     (h->high_end - GB4) >>
                                         BUILD_PAGE_SHIFT);
    if (!rc)
        rc = build_mem_populate_gfns(d, SPECIAL_PFN(0), NR_SPECIAL);
    return rc;
}

static int memory_map(struct build_dom *d, const struct build_args *a,
                      struct pvh *h)
{
    unsigned i;
    int rc;

    if (a->e820) {
        if (!a->nr_e820 || a->nr_e820 > MAX_E820)
            return build_dom_seterr(d, -EINVAL, "memory map of %u entries",
                                    a->nr_e820);
        memcpy(h->e820, a->e820, a->nr_e820 * sizeof(*a->e820));
        h->nr_e820 = a->nr_e820;
    } else {
        h->e820[0] = (struct xc_e820){ 0, h->low_end, E820_RAM };
        h->e820[1] = (struct xc_e820){ SPECIAL_PFN(0) << BUILD_PAGE_SHIFT,
                                       NR_SPECIAL << BUILD_PAGE_SHIFT,
                                       E820_RESERVED };
        h->nr_e820 = 2;
        /* Each ACPI piece from the start of its first page, as Xen's
         * libxl (the RSDP below 1 MiB overlaps the RAM entry). */
        for (i = 0; i < BUILD_ACPI_NR; i++)
            h->e820[h->nr_e820++] = (struct xc_e820){
                h->acpi.mod[i].addr & ~(BUILD_PAGE_SIZE - 1),
                h->acpi.mod[i].len +
                    (h->acpi.mod[i].addr & (BUILD_PAGE_SIZE - 1)),
                E820_ACPI };
        if (h->high_end)
            h->e820[h->nr_e820++] = (struct xc_e820){ GB4,
                                                      h->high_end - GB4,
                                                      E820_RAM };
    }
    rc = xc_domain_set_memory_map(d->xch, d->domid, h->e820, h->nr_e820);
    return rc ? build_dom_seterr_xc(d, rc, "cannot set the memory map") : 0;
}

int build_hvm_special_pages(struct build_dom *d, const struct build_args *a)
{
    static const struct { unsigned param, page; } params[] = {
        { HVM_PARAM_STORE_PFN, SP_XENSTORE },
        { HVM_PARAM_CONSOLE_PFN, SP_CONSOLE },
        { HVM_PARAM_BUFIOREQ_PFN, SP_BUFIOREQ },
        { HVM_PARAM_IOREQ_PFN, SP_IOREQ },
        { HVM_PARAM_PAGING_RING_PFN, SP_PAGING },
        { HVM_PARAM_MONITOR_RING_PFN, SP_ACCESS },
        { HVM_PARAM_SHARING_RING_PFN, SP_SHARING },
    };
    uint8_t *p = build_map_pfns(d, SPECIAL_PFN(0), NR_SPECIAL);
    uint32_t *ident;
    unsigned i;
    int rc = 0;

    if (!p)
        return -EFAULT;
    memset(p, 0, NR_SPECIAL << BUILD_PAGE_SHIFT);
    /* 4 MiB identity superpages: the EPT guest runs with CR0.PG=0. */
    ident = (uint32_t *)(p + (SP_IDENT_PT << BUILD_PAGE_SHIFT));
    for (i = 0; i < BUILD_PAGE_SIZE / 4; i++)
        ident[i] = (i << 22) | 0xe7;    /* P RW US A D PSE */
    for (i = 0; !rc && i < sizeof(params) / sizeof(params[0]); i++)
        rc = xc_hvm_param_set(d->xch, d->domid, params[i].param,
                              SPECIAL_PFN(params[i].page));
    if (!rc)
        rc = xc_hvm_param_set(d->xch, d->domid, HVM_PARAM_IDENT_PT,
                              SPECIAL_PFN(SP_IDENT_PT) << BUILD_PAGE_SHIFT);
    if (!rc)
        rc = xc_hvm_param_set(d->xch, d->domid, HVM_PARAM_STORE_EVTCHN,
                              a->store_evtchn);
    if (!rc)
        rc = xc_hvm_param_set(d->xch, d->domid, HVM_PARAM_CONSOLE_EVTCHN,
                              a->console_evtchn);
    return rc ? build_dom_seterr_xc(d, rc, "cannot set HVM params") : 0;
}

static int place(struct build_dom *d, const struct build_args *a,
                 struct pvh *h)
{
    const struct build_xen_parms *p = &h->ki.parms;
    void *ptr;
    int rc;

    if ((rc = build_seg_pad_to(d, p->virt_kstart & ~(BUILD_PAGE_SIZE - 1),
                               "kernel")) ||
        (rc = build_seg_alloc(d, &h->kernel, "kernel",
                              p->virt_kend -
                                  (p->virt_kstart & ~(BUILD_PAGE_SIZE - 1)),
                              &ptr)))
        return rc;
    /* An unaligned start keeps its offset inside the first page. */
    rc = build_elf_load(&h->ki.elf,
                        (uint8_t *)ptr + (p->virt_kstart & 4095),
                        (h->kernel.pages << BUILD_PAGE_SHIFT) -
                            (p->virt_kstart & 4095), &d->err);
    if (rc || !a->ramdisk_size)
        return rc;
    rc = build_seg_alloc(d, &h->ramdisk, "ramdisk", a->ramdisk_size, &ptr);
    if (!rc)
        memcpy(ptr, a->ramdisk, a->ramdisk_size);
    return rc;
}

/*
 * The ACPI tables as Xen 4.17's libxl builds them for PVH: a MADT entry
 * per vCPU, the RSDP below 1 MiB only for a Linux kernel that does not
 * take it anywhere (XENFEAT_linux_rsdp_unrestricted).
 */
static int acpi_build(struct build_dom *d, const struct build_args *a,
                      struct pvh *h, unsigned nr_vcpus)
{
    const struct build_xen_parms *p = &h->ki.parms;
    bool low = !strcmp(p->guest_os, "linux") &&
               !build_feature(p->f_supported,
                              XENFEAT_linux_rsdp_unrestricted);
    int rc = build_acpi_tables(&h->acpi, nr_vcpus,
                               a->avail_vcpus ? a->avail_vcpus : nr_vcpus,
                               a->apic, low);

    if (rc)
        return build_dom_seterr(d, rc, "cannot build the ACPI tables for "
                                "%u vCPUs", nr_vcpus);
    return 0;
}

/* Copy the ACPI pieces into the guest; pages outside RAM are populated
 * (they fit in the slack above the memory target, as with Xen). */
static int acpi_load(struct build_dom *d, struct pvh *h)
{
    uint64_t pfn, n, off;
    uint8_t *p;
    unsigned i;
    int rc;

    for (i = 0; i < BUILD_ACPI_NR; i++) {
        off = h->acpi.mod[i].addr & (BUILD_PAGE_SIZE - 1);
        pfn = h->acpi.mod[i].addr >> BUILD_PAGE_SHIFT;
        n = (off + h->acpi.mod[i].len + BUILD_PAGE_SIZE - 1) >>
            BUILD_PAGE_SHIFT;
        if (h->acpi.mod[i].addr >= h->low_end &&
            (rc = build_mem_populate_gfns(d, pfn, n)))
            return rc;
        p = build_map_pfns(d, pfn, n);
        if (!p)
            return -EFAULT;
        memcpy(p + off, h->acpi.mod[i].data, h->acpi.mod[i].len);
    }
    return 0;
}

/*
 * One segment: hvm_start_info, the command line, the module list (the
 * ramdisk) and the memory map, each 8-byte aligned.
 */
static int start_info(struct build_dom *d, const struct build_args *a,
                      struct pvh *h)
{
    size_t cl = a->cmdline ? (strlen(a->cmdline) + 8) & ~7UL : 0;
    size_t off_cl = sizeof(struct hvm_start_info), off_mod = off_cl + cl;
    size_t off_map = off_mod + sizeof(struct hvm_modlist_entry);
    struct hvm_modlist_entry *mod;
    struct hvm_start_info *si;
    uint64_t base;
    uint8_t *p;
    int rc;

    rc = build_seg_alloc(d, &h->start, "start info",
                         off_map + h->nr_e820 *
                                       sizeof(struct hvm_memmap_table_entry),
                         (void **)&p);
    if (rc)
        return rc;
    base = h->start.pfn << BUILD_PAGE_SHIFT;
    si = build_hvm_start_info(p, base, off_map, h->e820, h->nr_e820);
    si->rsdp_paddr = h->acpi.mod[BUILD_ACPI_RSDP].addr;
    if (a->cmdline) {
        memcpy(p + off_cl, a->cmdline, strlen(a->cmdline) + 1);
        si->cmdline_paddr = base + off_cl;
    }
    if (a->ramdisk_size) {
        mod = (struct hvm_modlist_entry *)(p + off_mod);
        mod->paddr = h->ramdisk.pfn << BUILD_PAGE_SHIFT;
        mod->size = a->ramdisk_size;
        si->nr_modules = 1;
        si->modlist_paddr = base + off_mod;
    }
    return 0;
}

struct hvm_start_info *build_hvm_start_info(uint8_t *p, uint64_t base,
                                            size_t off_map,
                                            const struct xc_e820 *e820,
                                            unsigned nr_e820)
{
    struct hvm_start_info *si = (struct hvm_start_info *)p;
    struct hvm_memmap_table_entry *map =
        (struct hvm_memmap_table_entry *)(p + off_map);
    unsigned i;

    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;
    for (i = 0; i < nr_e820; i++) {
        map[i].addr = e820[i].addr;
        map[i].size = e820[i].size;
        map[i].type = e820[i].type;
    }
    si->memmap_paddr = base + off_map;
    si->memmap_entries = nr_e820;
    return si;
}

void build_pvh_cpu(struct hvm_hw_cpu *c, uint32_t entry, uint64_t si_paddr)
{
    memset(c, 0, sizeof(*c));
    c->cs_limit = c->ds_limit = c->es_limit = c->ss_limit = ~0U;
    c->cs_arbytes = 0xc9b;              /* 32-bit code, present, ring 0 */
    c->ds_arbytes = c->es_arbytes = c->ss_arbytes = 0xc93;
    c->tr_limit = 0x67;
    c->tr_arbytes = 0x8b;               /* 32-bit busy TSS */
    c->cr0 = 0x11;                      /* PE | ET, paging off */
    c->rip = entry;
    c->rbx = si_paddr;
    c->dr6 = 0xffff0ff0;
    c->dr7 = 0x400;
}

/* A context of one record between HEADER and END, as Xen loads it. */
#define ONE_RECORD(name, type)                                            \
    struct name {                                                        \
        struct hvm_save_descriptor hdr_d;                                \
        struct hvm_save_header hdr;                                      \
        struct hvm_save_descriptor rec_d;                                \
        type rec;                                                        \
        struct hvm_save_descriptor end_d;                                \
    }
ONE_RECORD(cpu_ctx, struct hvm_hw_cpu);
ONE_RECORD(mtrr_ctx, struct hvm_hw_mtrr);
_Static_assert(sizeof(struct cpu_ctx) == 3 * 8 + 24 + HVM_SAVE_LENGTH(CPU),
               "HVM records are not packed");
_Static_assert(sizeof(struct mtrr_ctx) == 3 * 8 + 24 + HVM_SAVE_LENGTH(MTRR),
               "HVM records are not packed");

#define MTRR_TYPE_WB 6
#define MTRR_DEF_ENABLE (1U << 11)

/* Body of record (type, inst) in a context of len bytes, or NULL. */
static const void *find_record(const uint8_t *ctx, size_t len, unsigned type,
                               unsigned inst, uint32_t want)
{
    struct hvm_save_descriptor h;
    size_t off = 0;

    while (len - off >= sizeof(h)) {
        memcpy(&h, ctx + off, sizeof(h));
        off += sizeof(h);
        if (h.length > len - off || h.typecode == HVM_SAVE_CODE(END))
            return NULL;
        if (h.typecode == type && h.instance == inst)
            return h.length == want ? ctx + off : NULL;
        off += h.length;
    }
    return NULL;
}

static void one_record(struct hvm_save_descriptor *hdr_d,
                       struct hvm_save_descriptor *rec_d,
                       struct hvm_save_descriptor *end_d, const uint8_t *ctx,
                       unsigned type, unsigned inst, uint32_t len)
{
    /* The HEADER is the hypervisor's own, copied from its context. */
    memcpy(hdr_d, ctx, sizeof(*hdr_d) + sizeof(struct hvm_save_header));
    *rec_d = (struct hvm_save_descriptor){ .typecode = (uint16_t)type,
                                           .instance = (uint16_t)inst,
                                           .length = len };
    *end_d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(END) };
}

/*
 * Without a device model nothing else sets up the MTRRs: every vCPU gets
 * them enabled with write-back as the default type.
 */
static int set_mtrrs(struct build_dom *d, const uint8_t *ctx, size_t len,
                     unsigned nr_vcpus)
{
    const struct hvm_hw_mtrr *cur;
    struct mtrr_ctx m;
    unsigned v;
    int rc;

    for (v = 0; v < nr_vcpus; v++) {
        cur = find_record(ctx, len, HVM_SAVE_CODE(MTRR), v,
                          HVM_SAVE_LENGTH(MTRR));
        if (!cur)
            return build_dom_seterr(d, -EINVAL, "the HVM context of domain "
                                    "%u has no MTRR record for vCPU %u",
                                    d->domid, v);
        one_record(&m.hdr_d, &m.rec_d, &m.end_d, ctx, HVM_SAVE_CODE(MTRR),
                   v, HVM_SAVE_LENGTH(MTRR));
        memcpy(&m.rec, cur, sizeof(m.rec));
        m.rec.msr_mtrr_def_type = MTRR_TYPE_WB | MTRR_DEF_ENABLE;
        rc = xc_domain_hvm_setcontext(d->xch, d->domid, (uint8_t *)&m,
                                      sizeof(m));
        if (rc)
            return build_dom_seterr_xc(d, rc, "cannot set the MTRRs");
    }
    return 0;
}

int build_hvm_start_vcpu(struct build_dom *d, uint32_t entry,
                         uint64_t si_paddr, unsigned nr_vcpus, bool mtrrs)
{
    struct cpu_ctx c;
    uint8_t *ctx;
    int len, rc;

    len = xc_domain_hvm_getcontext(d->xch, d->domid, NULL, 0);
    if (len < 0)
        return build_dom_seterr_xc(d, len, "cannot read the HVM context");
    if ((size_t)len < sizeof(c.hdr_d) + sizeof(c.hdr))
        return build_dom_seterr(d, -EINVAL, "HVM context of domain %u is "
                                "%d bytes", d->domid, len);
    ctx = calloc(1, (size_t)len);
    if (!ctx)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    len = xc_domain_hvm_getcontext(d->xch, d->domid, ctx, (uint32_t)len);
    if (len < 0) {
        rc = build_dom_seterr_xc(d, len, "cannot read the HVM context");
        goto out;
    }
    memcpy(&c.hdr_d, ctx, sizeof(c.hdr_d));
    if ((size_t)len < sizeof(c.hdr_d) + sizeof(c.hdr) ||
        c.hdr_d.typecode != HVM_SAVE_CODE(HEADER) ||
        c.hdr_d.length != sizeof(c.hdr)) {
        rc = build_dom_seterr(d, -EINVAL, "the HVM context of domain %u "
                              "does not start with a header", d->domid);
        goto out;
    }
    if (mtrrs && (rc = set_mtrrs(d, ctx, (size_t)len, nr_vcpus)))
        goto out;
    one_record(&c.hdr_d, &c.rec_d, &c.end_d, ctx, HVM_SAVE_CODE(CPU), 0,
               HVM_SAVE_LENGTH(CPU));
    build_pvh_cpu(&c.rec, entry, si_paddr);
    rc = xc_domain_hvm_setcontext(d->xch, d->domid, (uint8_t *)&c,
                                  sizeof(c));
    if (rc)
        rc = build_dom_seterr_xc(d, rc, "cannot start the boot vCPU");
out:
    free(ctx);
    return rc;
}

int build_hvm_check_domain(struct build_dom *d, unsigned *nr_vcpus)
{
    struct xc_dominfo info;
    int rc = xc_domain_getinfo_single(d->xch, d->domid, &info);

    if (rc)
        return build_dom_seterr_xc(d, rc, "cannot get domain info");
    if (!info.hvm)
        return build_dom_seterr(d, -EINVAL, "domain %u is PV, not an HVM "
                                "container", d->domid);
    *nr_vcpus = info.max_vcpu_id + 1;
    return 0;
}

int build_pvh(struct build_dom *d, const struct build_args *a,
              struct build_result *r)
{
    struct pvh *h = calloc(1, sizeof(*h));
    unsigned nr_vcpus = 0;
    int rc;

    build_dom_reset(d, a->domid);
    if (!h)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    d->total_pages = a->mem_kb >> 2;
    if ((rc = build_args_check(d, a)) || (rc = build_hvm_check_domain(d, &nr_vcpus)) ||
        (rc = build_kimage_load(d, a, true, &h->ki)))
        goto out;
    if ((rc = populate(d, h)) || (rc = acpi_build(d, a, h, nr_vcpus)) ||
        (rc = memory_map(d, a, h)) ||
        (rc = build_hvm_special_pages(d, a)) || (rc = place(d, a, h)) ||
        (rc = start_info(d, a, h)) || (rc = acpi_load(d, h)))
        goto out;
    build_unmap_all(d);
    rc = xc_gnttab_seed(d->xch, d->domid, SPECIAL_PFN(SP_CONSOLE),
                        SPECIAL_PFN(SP_XENSTORE), a->console_domid,
                        a->store_domid);
    if (rc) {
        rc = build_dom_seterr_xc(d, rc, "cannot seed the grant table");
        goto out;
    }
    if ((rc = build_hvm_start_vcpu(d, h->ki.parms.phys_entry,
                                   h->start.pfn << BUILD_PAGE_SHIFT,
                                   nr_vcpus, true)))
        goto out;
    memset(r, 0, sizeof(*r));
    r->store_gfn = SPECIAL_PFN(SP_XENSTORE);
    r->console_gfn = SPECIAL_PFN(SP_CONSOLE);
    r->nr_pages = d->total_pages;
    r->entry = h->ki.parms.phys_entry;
    r->start_info = h->start.pfn << BUILD_PAGE_SHIFT;
    r->format = h->ki.k.format;
    r->codec = h->ki.k.codec;
out:
    build_unmap_all(d);
    build_kimage_dispose(&h->ki);
    build_acpi_dispose(&h->acpi);
    free(h);
    return rc;
}
