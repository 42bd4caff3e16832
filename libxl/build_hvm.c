/*
 * libxl domain builder: HVM guests with a device model.  The "kernel" is
 * the firmware loader (hvmloader), loaded at its physical addresses; the
 * system firmware (SeaBIOS, OVMF) follows it as the module "firmware" of
 * an hvm_start_info; RAM skips the VGA hole and the MMIO hole below
 * 4 GiB; the HVM info table tells the loader the vCPUs and memory.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/hvm/hvm_info_table.h>
#include <xen/hvm/params.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "build_internal.h"

#define GB4 (1ULL << 32)
#define MMIO_DEFAULT 0x10000000ULL        /* HVM_BELOW_4G_MMIO_LENGTH */
#define LOW_RAM_START 0x100000ULL         /* RAM the map gives the loader */
#define VGA_HOLE_START 0xa0ULL            /* pfns [0xa0, 0xc0) stay empty */
#define VGA_HOLE_END 0xc0ULL
#define NR_IOREQ_SERVER 8
#define IOREQ_SERVER_PFN(x) (SPECIAL_PFN(0) - NR_IOREQ_SERVER + (x))
#define NR_MODULES 2                      /* slots the loader ABI reserves */
#define MODULE_NAME_SIZE 1024             /* per slot (MAX_GUEST_CMDLINE) */
#define NR_E820 2

struct hvm {
    struct build_elf elf;
    struct build_seg loader, firmware, start;
    uint64_t mmio_start, low_end, high_end;   /* high_end 0: none */
    struct xc_e820 e820[NR_E820];
    unsigned nr_e820;
};

/* The loader is a 32-bit ELF without Xen notes (else it is a kernel). */
static int parse_loader(struct build_dom *d, const struct build_args *a,
                        struct hvm *h)
{
    struct build_xen_parms parms;
    struct build_err ignored;
    int rc;

    rc = build_elf_parse(a->kernel, a->kernel_size, &h->elf, &d->err);
    if (rc)
        return build_dom_seterr(d, rc, "firmware loader: %s", d->err.msg);
    if (h->elf.is64)
        return build_dom_seterr(d, -EINVAL, "firmware loader: ELF image "
                                "is not 32-bit");
    if (!build_xen_parse(&h->elf, false, &parms, &ignored))
        return build_dom_seterr(d, -EINVAL, "firmware loader: the image "
                                "has Xen notes (a PV kernel, not HVM "
                                "firmware)");
    if (h->elf.pstart < LOW_RAM_START || h->elf.pend > h->low_end ||
        h->elf.entry < h->elf.pstart || h->elf.entry >= h->elf.pend)
        return build_dom_seterr(d, -EINVAL, "firmware loader: loads at "
                                "0x%llx-0x%llx with entry 0x%llx, outside "
                                "low RAM",
                                (unsigned long long)h->elf.pstart,
                                (unsigned long long)h->elf.pend,
                                (unsigned long long)h->elf.entry);
    return 0;
}

static int layout(struct build_dom *d, const struct build_args *a,
                  struct hvm *h)
{
    uint64_t mem = d->total_pages << BUILD_PAGE_SHIFT;
    uint64_t mmio = a->mmio_size ? a->mmio_size : MMIO_DEFAULT;

    if (mmio & (BUILD_PAGE_SIZE - 1) || mmio < MMIO_DEFAULT ||
        mmio > GB4 - (64ULL << 20))
        return build_dom_seterr(d, -EINVAL, "MMIO hole of %llu bytes is "
                                "out of range", (unsigned long long)mmio);
    if (a->max_vcpus > HVM_MAX_VCPUS)
        return build_dom_seterr(d, -EINVAL, "%u vCPUs: HVM guests have at "
                                "most %d", a->max_vcpus, HVM_MAX_VCPUS);
    if (a->avail_vcpus > a->max_vcpus)
        return build_dom_seterr(d, -EINVAL, "%u vCPUs online of %u",
                                a->avail_vcpus, a->max_vcpus);
    h->mmio_start = GB4 - mmio;
    h->low_end = mem < h->mmio_start ? mem : h->mmio_start;
    h->high_end = mem > h->low_end ? GB4 + (mem - h->low_end) : 0;
    h->e820[0] = (struct xc_e820){ LOW_RAM_START,
                                   h->low_end - LOW_RAM_START, E820_RAM };
    h->nr_e820 = 1;
    if (h->high_end)
        h->e820[h->nr_e820++] = (struct xc_e820){ GB4, h->high_end - GB4,
                                                  E820_RAM };
    return 0;
}

static int populate(struct build_dom *d, struct hvm *h)
{
    int rc;

    d->translated = true;
    d->p2m_size = (h->high_end ? h->high_end : GB4) >> BUILD_PAGE_SHIFT;
    d->alloc_end = h->low_end >> BUILD_PAGE_SHIFT;
    rc = build_mem_populate_gfns(d, 0, VGA_HOLE_START);
    if (!rc)
        rc = build_mem_populate_gfns(d, VGA_HOLE_END,
                                     (h->low_end >> BUILD_PAGE_SHIFT) -
                                         VGA_HOLE_END);
    if (!rc && h->high_end)
        rc = build_mem_populate_gfns(d, GB4 >> BUILD_PAGE_SHIFT,
                                     (h->high_end - GB4) >>
                                         BUILD_PAGE_SHIFT);
    if (!rc)
        rc = build_mem_populate_gfns(d, SPECIAL_PFN(0), NR_SPECIAL);
    if (!rc)
        rc = build_mem_populate_gfns(d, IOREQ_SERVER_PFN(0),
                                     NR_IOREQ_SERVER);
    if (rc)
        return rc;
    rc = xc_domain_set_memory_map(d->xch, d->domid, h->e820, h->nr_e820);
    return rc ? build_dom_seterr_xc(d, rc, "cannot set the memory map") : 0;
}

/* The ioreq server pages a device model may claim, cleared. */
static int ioreq_pages(struct build_dom *d)
{
    uint8_t *p = build_map_pfns(d, IOREQ_SERVER_PFN(0), NR_IOREQ_SERVER);
    int rc;

    if (!p)
        return -EFAULT;
    memset(p, 0, NR_IOREQ_SERVER << BUILD_PAGE_SHIFT);
    rc = xc_hvm_param_set(d->xch, d->domid, HVM_PARAM_IOREQ_SERVER_PFN,
                          IOREQ_SERVER_PFN(0));
    if (!rc)
        rc = xc_hvm_param_set(d->xch, d->domid,
                              HVM_PARAM_NR_IOREQ_SERVER_PAGES,
                              NR_IOREQ_SERVER);
    return rc ? build_dom_seterr_xc(d, rc, "cannot set HVM params") : 0;
}

static int place(struct build_dom *d, const struct build_args *a,
                 struct hvm *h)
{
    void *ptr;
    int rc;

    if ((rc = build_seg_pad_to(d, h->elf.pstart & ~(BUILD_PAGE_SIZE - 1),
                               "firmware loader")) ||
        (rc = build_seg_alloc(d, &h->loader, "firmware loader",
                              h->elf.pend -
                                  (h->elf.pstart & ~(BUILD_PAGE_SIZE - 1)),
                              &ptr)))
        return rc;
    rc = build_elf_load(&h->elf, (uint8_t *)ptr + (h->elf.pstart & 4095),
                        (h->loader.pages << BUILD_PAGE_SHIFT) -
                            (h->elf.pstart & 4095), &d->err);
    if (rc || !a->firmware_size)
        return rc;
    rc = build_seg_alloc(d, &h->firmware, "system firmware",
                         a->firmware_size, &ptr);
    if (!rc)
        memcpy(ptr, a->firmware, a->firmware_size);
    return rc;
}

/*
 * hvm_start_info, NR_MODULES module entries, their name slots, then the
 * memory map: the layout Xen's hvmloader expects.
 */
static int start_info(struct build_dom *d, const struct build_args *a,
                      struct hvm *h)
{
    size_t off_mod = sizeof(struct hvm_start_info);
    size_t off_names = off_mod + NR_MODULES *
                                     sizeof(struct hvm_modlist_entry);
    size_t off_map = off_names + NR_MODULES * MODULE_NAME_SIZE;
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
    if (a->firmware_size) {
        mod = (struct hvm_modlist_entry *)(p + off_mod);
        mod->paddr = h->firmware.pfn << BUILD_PAGE_SHIFT;
        mod->size = a->firmware_size;
        memcpy(p + off_names, "firmware", sizeof("firmware"));
        mod->cmdline_paddr = base + off_names;
        si->nr_modules = 1;
        si->modlist_paddr = base + off_mod;
    }
    return 0;
}

/* The HVM info table in its page below the VGA hole. */
static int info_table(struct build_dom *d, const struct build_args *a,
                      const struct hvm *h)
{
    uint8_t *page = build_map_pfns(d, HVM_INFO_PFN, 1), sum = 0;
    struct hvm_info_table *t;
    unsigned i, online = a->avail_vcpus ? a->avail_vcpus : a->max_vcpus;

    if (!page)
        return -EFAULT;
    memset(page, 0, BUILD_PAGE_SIZE);
    t = (struct hvm_info_table *)(page + HVM_INFO_OFFSET);
    memcpy(t->signature, "HVM INFO", sizeof(t->signature));
    t->length = sizeof(*t);
    t->apic_mode = a->apic;
    t->nr_vcpus = a->max_vcpus;
    for (i = 0; i < online; i++)
        t->vcpu_online[i / 8] |= (uint8_t)(1U << (i % 8));
    t->low_mem_pgend = (uint32_t)(h->low_end >> BUILD_PAGE_SHIFT);
    t->high_mem_pgend = (uint32_t)(h->high_end >> BUILD_PAGE_SHIFT);
    t->reserved_mem_pgstart = (uint32_t)IOREQ_SERVER_PFN(0);
    for (i = 0; i < t->length; i++)
        sum = (uint8_t)(sum + ((uint8_t *)t)[i]);
    t->checksum = (uint8_t)-sum;
    return 0;
}

int build_hvm(struct build_dom *d, const struct build_args *a,
              struct build_result *r)
{
    struct hvm *h = calloc(1, sizeof(*h));
    unsigned nr_vcpus = 0;
    int rc;

    build_dom_reset(d, a->domid);
    if (!h)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    d->total_pages = a->mem_kb >> 2;
    if ((rc = build_args_check(d, a)) ||
        (rc = build_hvm_check_domain(d, &nr_vcpus)) ||
        (rc = layout(d, a, h)) || (rc = parse_loader(d, a, h)))
        goto out;
    if ((rc = populate(d, h)) || (rc = build_hvm_special_pages(d, a)) ||
        (rc = ioreq_pages(d)) || (rc = place(d, a, h)) ||
        (rc = start_info(d, a, h)) || (rc = info_table(d, a, h)))
        goto out;
    build_unmap_all(d);
    rc = xc_gnttab_seed(d->xch, d->domid, SPECIAL_PFN(SP_CONSOLE),
                        SPECIAL_PFN(SP_XENSTORE), a->console_domid,
                        a->store_domid);
    if (rc) {
        rc = build_dom_seterr_xc(d, rc, "cannot seed the grant table");
        goto out;
    }
    if ((rc = build_hvm_start_vcpu(d, (uint32_t)h->elf.entry,
                                   h->start.pfn << BUILD_PAGE_SHIFT,
                                   nr_vcpus, false)))
        goto out;
    memset(r, 0, sizeof(*r));
    r->store_gfn = SPECIAL_PFN(SP_XENSTORE);
    r->console_gfn = SPECIAL_PFN(SP_CONSOLE);
    r->nr_pages = d->total_pages;
    r->entry = h->elf.entry;
    r->start_info = h->start.pfn << BUILD_PAGE_SHIFT;
out:
    build_unmap_all(d);
    free(h);
    return rc;
}
