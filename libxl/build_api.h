/*
 * libxl domain builder: the interface the rest of libxl uses to turn a
 * kernel image (+ ramdisk, command line) into a bootable PV or PVH guest
 * in a domain created by the caller (what Xen's libxenguest xc_dom_* does).
 * Private to libxl, never installed.
 *
 * Conventions: functions return 0 or a negative errno; the reason of a
 * failure is in the handle (build_errmsg(), or the struct build_err a
 * function fills).  Nothing here prints, exits, or aborts on bad input:
 * kernel images and ramdisks are untrusted and every length is checked.
 */
#ifndef LIBXL_BUILD_API_H
#define LIBXL_BUILD_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenctrl.h"

/* Largest decompressed kernel or module accepted (XSA-25). */
#define BUILD_DECOMPRESS_MAX (1024UL * 1024 * 1024)
/* Largest guest command line, with its NUL (MAX_GUEST_CMDLINE). */
#define BUILD_CMDLINE_MAX 1024

/* A failure message, lowercase, no full stop. */
struct build_err {
    char msg[256];
};

/* ---- compression codecs (build_decompress.c) ---- */

enum build_codec {
    BUILD_CODEC_NONE,
    BUILD_CODEC_GZIP,
    BUILD_CODEC_BZIP2,
    BUILD_CODEC_XZ,
    BUILD_CODEC_LZMA,             /* .lzma ("lzma alone") */
    BUILD_CODEC_LZ4,              /* legacy frame, as the kernel uses */
    BUILD_CODEC_ZSTD,
    BUILD_CODEC_LZO,              /* recognised, not supported */
};

/* Name of a codec ("gzip", "xz", ..., "none"); static string. */
const char *build_codec_name(enum build_codec c);

/* The codec whose magic starts buf[len], BUILD_CODEC_NONE if none. */
enum build_codec build_codec_detect(const void *buf, size_t len);

/*
 * Decompress len bytes of in with codec c.  hint: expected output size
 * (0 = unknown; a wrong hint only costs a reallocation).  Output larger
 * than max fails with -EFBIG.  Trailing bytes after the end of the
 * compressed stream are ignored.  On success *out is malloc'd (caller
 * frees) and *outlen its size.  -EINVAL corrupt/truncated data, -ENOMEM,
 * -EFBIG, -EOPNOTSUPP (LZO).
 */
int build_decompress(enum build_codec c, const void *in, size_t len,
                     size_t hint, size_t max, void **out, size_t *outlen,
                     struct build_err *err);

/* ---- kernel images (build_image.c) ---- */

enum build_format {
    BUILD_FORMAT_ELF,             /* plain ELF (vmlinux) */
    BUILD_FORMAT_COMPRESSED_ELF,  /* ELF wrapped in a codec (vmlinux.gz) */
    BUILD_FORMAT_BZIMAGE,         /* Linux x86 boot protocol >= 2.08 */
};

/* An unpacked kernel: the ELF image inside whatever wrapper it had. */
struct build_kernel {
    enum build_format format;
    enum build_codec codec;       /* of the payload, NONE for plain ELF */
    const uint8_t *elf;           /* the ELF bytes */
    size_t elf_size;
    void *owned;                  /* malloc'd buffer behind elf, or NULL */
    uint16_t boot_version;        /* bzImage protocol version */
};

/*
 * Find the ELF image inside a kernel file's contents buf[len]: plain ELF,
 * compressed ELF, or bzImage with a compressed ELF payload.  buf must
 * outlive k when the format is plain ELF (k->elf points into it).
 * Release with build_kernel_dispose().
 */
int build_kernel_unpack(const void *buf, size_t len, struct build_kernel *k,
                        struct build_err *err);
void build_kernel_dispose(struct build_kernel *k);

/*
 * Read a whole file (kernel, ramdisk) of at most max bytes into a
 * malloc'd buffer.  -EFBIG if larger.
 */
int build_read_file(const char *path, size_t max, void **buf, size_t *len,
                    struct build_err *err);

/* ---- ELF and Xen ELF notes (build_elf.c, build_notes.c) ---- */

#define BUILD_ELF_MAX_LOAD 16     /* PT_LOAD segments accepted */

struct build_elf_seg {
    uint64_t offset, filesz, memsz, paddr, vaddr;
};

/* A validated ELF image (32 or 64 bit, little endian). */
struct build_elf {
    const uint8_t *img;
    size_t size;
    bool is64;
    uint16_t machine;             /* EM_X86_64, EM_386 */
    uint64_t entry;
    unsigned nr_seg;
    struct build_elf_seg seg[BUILD_ELF_MAX_LOAD];
    uint64_t pstart, pend;        /* physical span of the PT_LOADs */
    /* Where the headers are (checked to lie inside the image). */
    uint64_t phoff, shoff;
    unsigned phnum, phentsize, shnum, shentsize, shstrndx;
};

/*
 * Check and index an ELF image: header, program headers, every PT_LOAD
 * inside the file, no overlapping or absurd segments.  elf->img points
 * into img.
 */
int build_elf_parse(const void *img, size_t size, struct build_elf *elf,
                    struct build_err *err);

/*
 * Copy the PT_LOAD segments into dest, which represents physical
 * addresses [elf->pstart, elf->pstart + dest_size); the part of each
 * segment past its file size is zeroed.  -ERANGE if it does not fit.
 */
int build_elf_load(const struct build_elf *elf, void *dest,
                   uint64_t dest_size, struct build_err *err);

#define BUILD_UNSET_ADDR (~(uint64_t)0)
#define BUILD_UNSET_ADDR32 (~(uint32_t)0)
#define BUILD_FEAT_WORDS 1        /* XENFEAT_NR_SUBMAPS */

/* What the Xen ELF notes (or the legacy __xen_guest string) say. */
struct build_xen_parms {
    uint64_t virt_base;           /* VIRT_BASE */
    uint64_t virt_entry;          /* ENTRY */
    uint64_t virt_hypercall;      /* HYPERCALL_PAGE (virtual address) */
    uint64_t virt_hv_start_low;   /* HV_START_LOW */
    uint64_t elf_paddr_offset;    /* PADDR_OFFSET */
    uint64_t p2m_base;            /* INIT_P2M */
    uint32_t phys_entry;          /* PHYS32_ENTRY */
    bool unmapped_initrd;         /* MOD_START_PFN */
    bool suspend_cancel;
    char loader[16], guest_os[16], guest_ver[16], xen_ver[16];
    char pae_mode[16];
    uint32_t f_supported[BUILD_FEAT_WORDS];
    uint32_t f_required[BUILD_FEAT_WORDS];
    unsigned nr_xen_notes;        /* 0 with the legacy string */
    bool legacy_guest_info;       /* __xen_guest section used */
    /* Computed: where the kernel lands in the guest's address space. */
    uint64_t virt_kstart, virt_kend;
};

/* Is feature bit XENFEAT_<n> supported / required by the kernel? */
bool build_feature(const uint32_t *map, unsigned n);

/*
 * Parse the Xen notes of an ELF kernel (PT_NOTE segments, else SHT_NOTE
 * sections, else for PV the __xen_guest section) and validate them like
 * Xen's libelf: for PV, LOADER "generic" or GUEST_OS "linux" and
 * XEN_VERSION "xen-3.0"; for PVH, PHYS32_ENTRY.  Computes virt_kstart,
 * virt_kend and checks the entry lies inside the kernel.
 */
int build_xen_parse(const struct build_elf *elf, bool pvh,
                    struct build_xen_parms *p, struct build_err *err);

/* ---- building a domain (build_dom.c, build_pv.c, build_pvh.c) ---- */

/* What the caller has prepared and wants in the guest. */
struct build_args {
    uint32_t domid;               /* created, paused, max_vcpus set */
    uint64_t mem_kb;              /* guest RAM (PV: nr_pages * 4) */
    unsigned max_vcpus;
    const void *kernel;           /* kernel file contents */
    size_t kernel_size;
    const void *ramdisk;          /* may be NULL */
    size_t ramdisk_size;
    const char *cmdline;          /* may be NULL */
    uint32_t store_evtchn;        /* unbound ports made by the caller */
    uint32_t console_evtchn;
    uint32_t store_domid;         /* backend domains (grant seeding) */
    uint32_t console_domid;
    /* PVH only: guest memory map; NULL = RAM [0, mem) with the usual
     * holes computed by the builder. */
    const struct xc_e820 *e820;
    unsigned nr_e820;
    /* HVM only (kernel = the firmware loader, hvmloader). */
    const void *firmware;         /* system firmware module (SeaBIOS) */
    size_t firmware_size;
    uint64_t mmio_size;           /* MMIO hole below 4 GiB, 0: 256 MiB */
    unsigned avail_vcpus;         /* online at boot (first N), 0: all */
    bool apic;                    /* firmware builds APIC tables */
};

/* What the caller needs afterwards (xenstore introduce, console). */
struct build_result {
    uint64_t store_gfn;           /* PV: mfn, PVH: pfn */
    uint64_t console_gfn;
    uint64_t nr_pages;            /* pages populated */
    uint64_t entry;               /* where the vCPU starts */
    uint64_t start_info;          /* PV: virtual, PVH: physical address */
    enum build_format format;
    enum build_codec codec;
};

/* Builder handle: one domain build; holds the message of a failure. */
struct build_dom;

/* New handle on an open xc interface; NULL on allocation failure. */
struct build_dom *build_dom_new(xc_interface *xch);
void build_dom_free(struct build_dom *d);
const char *build_errmsg(const struct build_dom *d);

/*
 * Build a 64-bit PV guest: memory, p2m, kernel at VIRT_BASE, ramdisk,
 * start_info, page tables (L4 pinned), hypercall page, boot stack,
 * shared info, vCPU 0 context, grant entries 0/1.  The domain stays
 * paused.  On failure the domain holds partial state: destroy it.
 */
int build_pv(struct build_dom *d, const struct build_args *a,
             struct build_result *r);

/*
 * Build a PVH guest: memory, kernel at its physical addresses, ramdisk,
 * hvm_start_info with module list, command line and memory map, special
 * pages and HVM params (store/console), vCPU 0 in 32-bit flat mode with
 * ebx = start_info.  The domain stays paused.
 */
int build_pvh(struct build_dom *d, const struct build_args *a,
              struct build_result *r);

/*
 * Build an HVM guest for a device model (Xen's hvmloader ABI): RAM below
 * the MMIO hole (skipping the VGA hole) and above 4 GiB, the special and
 * ioreq server pages and their params, a->kernel (hvmloader: 32-bit ELF
 * without Xen notes) at its physical addresses, the system firmware as
 * module "firmware" of an hvm_start_info, the memory map, the HVM info
 * table (vCPUs, APIC, memory), vCPU 0 at the loader's entry with %ebx =
 * hvm_start_info.  The domain stays paused.
 */
int build_hvm(struct build_dom *d, const struct build_args *a,
              struct build_result *r);

#endif /* LIBXL_BUILD_API_H */
