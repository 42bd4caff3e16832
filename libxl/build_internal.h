/*
 * libxl domain builder: private declarations shared by the build_*.c
 * files (error recording, the builder handle, guest memory, x86 page
 * tables).  Never installed; the rest of libxl uses build_api.h.
 */
#ifndef LIBXL_BUILD_INTERNAL_H
#define LIBXL_BUILD_INTERNAL_H

#include <stdarg.h>

#include "build_api.h"

#define BUILD_PAGE_SHIFT 12
#define BUILD_PAGE_SIZE (1ULL << BUILD_PAGE_SHIFT)
#define BUILD_INVALID_PFN (~(uint64_t)0)

/* Record a message in err (may be NULL); returns rc. */
int build_seterr(struct build_err *err, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Little-endian reads from a byte buffer (no alignment needed). */
static inline uint16_t build_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t build_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t build_le64(const uint8_t *p)
{
    return (uint64_t)build_le32(p) | (uint64_t)build_le32(p + 4) << 32;
}

/* ---- guest memory of the domain being built (build_mem.c) ---- */

/* A range of pfns the builder placed something in. */
struct build_seg {
    uint64_t pfn;                 /* first page */
    uint64_t pages;
    uint64_t vstart, vend;        /* PV: virtual addresses; PVH: physical */
};

/* A foreign mapping kept until the build ends. */
struct build_map {
    uint64_t pfn, pages;
    uint8_t *ptr;
};

#define BUILD_MAX_MAPS 32

struct build_dom {
    xc_interface *xch;
    uint32_t domid;
    struct build_err err;
    /* Guest memory. */
    uint64_t total_pages;         /* RAM pages */
    uint64_t p2m_size;            /* entries of p2m */
    uint64_t *p2m;                /* pfn -> mfn (identity for PVH) */
    bool translated;              /* PVH: maps take pfns */
    /* Allocation cursor, in pfns and (PV) virtual addresses. */
    uint64_t alloc_pfn, alloc_end;   /* segments lie below alloc_end */
    uint64_t virt_base, virt_alloc;
    /* Mappings to release. */
    unsigned nr_maps;
    struct build_map maps[BUILD_MAX_MAPS];
};

int build_dom_seterr(struct build_dom *d, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Start a new build of domid on the handle (drops the previous one). */
void build_dom_reset(struct build_dom *d, uint32_t domid);
/* Same, appending libxenctrl's message of the failed call. */
int build_dom_seterr_xc(struct build_dom *d, int rc, const char *what);

/* Populate PV RAM [0, total_pages): fills d->p2m from the hypervisor. */
int build_mem_populate_pv(struct build_dom *d);
/* Populate gfns [first, first + n) of a translated guest. */
int build_mem_populate_gfns(struct build_dom *d, uint64_t first,
                            uint64_t n);

/*
 * Reserve the next pages (seg->pfn = cursor), advance the cursor (and
 * the virtual cursor), map them and zero them.  -ENOMEM (message) when
 * guest RAM is exhausted.  *ptr may be NULL when the caller needs no
 * pointer.
 */
int build_seg_alloc(struct build_dom *d, struct build_seg *seg,
                    const char *what, uint64_t bytes, void **ptr);
/* Skip pages up to virtual address vaddr (page aligned, >= cursor). */
int build_seg_pad_to(struct build_dom *d, uint64_t vaddr, const char *what);

/* Pointer to pfn inside a segment mapped by build_seg_alloc, or NULL. */
void *build_pfn_ptr(struct build_dom *d, uint64_t pfn);
/* Map pages [pfn, pfn + n) for the rest of the build. */
void *build_map_pfns(struct build_dom *d, uint64_t pfn, uint64_t n);
void build_unmap_all(struct build_dom *d);

/*
 * The frame the hypervisor knows pfn by: the machine frame of a PV
 * guest (what page tables and start_info hold), pfn itself when the
 * guest is translated (PVH).
 */
static inline uint64_t build_mfn(const struct build_dom *d, uint64_t pfn)
{
    if (pfn >= d->p2m_size)
        return BUILD_INVALID_PFN;
    return d->translated ? pfn : d->p2m[pfn];
}

/* ---- the kernel of a build (build_kload.c) ---- */

struct build_kimage {
    struct build_kernel k;
    struct build_elf elf;
    struct build_xen_parms parms;
};

/*
 * Unpack and parse a->kernel for PV or PVH, and check that the
 * hypervisor offers the guest type (XENVER_capabilities).
 */
int build_kimage_load(struct build_dom *d, const struct build_args *a,
                      bool pvh, struct build_kimage *ki);
void build_kimage_dispose(struct build_kimage *ki);

/* Check the common arguments: memory size, command line length. */
int build_args_check(struct build_dom *d, const struct build_args *a);

/* ---- x86_64 page tables of a PV guest (build_pgtable.c) ---- */

#define BUILD_PT_MAPS 2

/* One virtual range [from, to] mapped linearly onto pfn .. */
struct build_ptmap {
    uint64_t from, to;            /* inclusive, canonical addresses */
    uint64_t pfn;                 /* pfn mapped at from */
    uint64_t pt_pfn;              /* first page-table page of this map */
    uint64_t lvl_from[4], lvl_to[4];  /* VA span of the tables per level */
    uint64_t lvl_pfn[4];              /* first table page per level */
    unsigned lvl_n[4];                /* tables per level (0 = L1) */
    unsigned nr_tables;
};

struct build_pt {
    unsigned n;
    struct build_ptmap map[BUILD_PT_MAPS];
};

/*
 * Count the tables needed to map [from, to] with tables starting at
 * pt_pfn, sharing none with the maps already in pt (the first map holds
 * the only L4).  Appends the map; -EINVAL if it would share tables or
 * overlap.
 */
int build_pt_count(struct build_pt *pt, uint64_t from, uint64_t to,
                   uint64_t pfn, uint64_t pt_pfn, struct build_err *err);
/*
 * Write every table: entries hold machine addresses from d->p2m; the
 * L1 entries of pages holding page tables are read-only.
 */
int build_pt_fill(struct build_dom *d, const struct build_pt *pt);

/* ---- PVH (build_pvh.c) ---- */

struct hvm_hw_cpu;
/* The boot vCPU of a PVH guest (pvh.pandoc): 32-bit flat protected
 * mode, paging off, eip = entry, ebx = start_info's physical address. */
/*
 * The hvm_start_info at P (guest address BASE) of a PVH or HVM start-info
 * segment: magic, version and the memory map written at OFF_MAP; the
 * caller adds the command line and modules.
 */
struct hvm_start_info *build_hvm_start_info(uint8_t *p, uint64_t base,
                                            size_t off_map,
                                            const struct xc_e820 *e820,
                                            unsigned nr_e820);
void build_pvh_cpu(struct hvm_hw_cpu *c, uint32_t entry, uint64_t si_paddr);

/* ---- shared by PVH and HVM (build_pvh.c) ---- */

/* The special pages end below the 4 GiB - 16 MiB boundary. */
#define SPECIAL_END 0xff000ULL
#define NR_SPECIAL 8
#define SPECIAL_PFN(x) (SPECIAL_END - NR_SPECIAL + (x))
enum { SP_PAGING, SP_ACCESS, SP_SHARING, SP_BUFIOREQ, SP_XENSTORE,
       SP_IOREQ, SP_IDENT_PT, SP_CONSOLE };
#define E820_RAM 1
#define E820_RESERVED 2

/* The domain must be an HVM container; *nr_vcpus = its max vCPUs. */
int build_hvm_check_domain(struct build_dom *d, unsigned *nr_vcpus);
/*
 * Clear the special pages (already populated), fill the identity page
 * table, and set the HVM params that point at them and the store and
 * console event channels.
 */
int build_hvm_special_pages(struct build_dom *d, const struct build_args *a);
/*
 * Start vCPU 0 in 32-bit flat protected mode at entry with %ebx =
 * si_paddr: read the domain's HVM context for its HEADER, optionally
 * (mtrrs: no firmware will) enable the MTRRs of every vCPU write-back,
 * then load the CPU record, which brings the vCPU up.
 */
int build_hvm_start_vcpu(struct build_dom *d, uint32_t entry,
                         uint64_t si_paddr, unsigned nr_vcpus, bool mtrrs);

#endif /* LIBXL_BUILD_INTERNAL_H */
