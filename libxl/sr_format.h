/*
 * libxl save/restore: the wire constants of the three layers of a Xen
 * 4.17 save image (xl's savefile header, libxl's stream v2, libxc's
 * migration stream v3), as docs/specs/lib{xl,xc}-migration-stream
 * describe them.  Private to libxl, never installed.
 */
#ifndef LIBXL_SR_FORMAT_H
#define LIBXL_SR_FORMAT_H

#include <stdint.h>

/* ---- xl savefile header (what xl writes before the libxl stream) ---- */

#define SR_XL_MAGIC_LEN 32
/* 32 bytes: the text, a newline, space, NUL, space, CR, NULs after. */
#define SR_XL_MAGIC "Xen saved domain, xl format\n \0 \r"
#define SR_XL_BYTEORDER 0x01020304U       /* written in host order */
#define SR_XL_FLAG_JSON (1U << 0)         /* config (JSON) in the optdata */
#define SR_XL_FLAG_STREAMV2 (1U << 1)     /* a libxl v2 stream follows */
/* Our extension: everything after the optional data (the libxl stream)
 * is one zlib stream.  A mandatory flag, so an xl that does not know it
 * refuses the image (Xen 4.17's xl: "Savefile has mandatory flag(s)
 * 0x80000000 which are not supported") instead of misreading it.  The
 * top bit keeps clear of the low bits Xen allocates in order. */
#define SR_XL_FLAG_ZLIB (1U << 31)
#define SR_XL_FLAGS_KNOWN (SR_XL_FLAG_JSON | SR_XL_FLAG_STREAMV2 | \
                           SR_XL_FLAG_ZLIB)
#define SR_XL_HDR_LEN 48                  /* magic + 4 x uint32 */
/* Optional data: uint32 config length, then the config with its NUL. */
#define SR_XL_OPTDATA_MAX (16U << 20)

/* ---- libxl stream v2 (header fields big-endian) ---- */

#define SR_LIBXL_IDENT 0x4c6962786c466d74ULL   /* "LibxlFmt" */
#define SR_LIBXL_VERSION 2U
#define SR_LIBXL_OPT_BIG_ENDIAN (1U << 0)
#define SR_LIBXL_OPT_LEGACY (1U << 1)
#define SR_LIBXL_HDR_LEN 16

enum sr_libxl_rec {
    SR_LIBXL_END = 0,
    SR_LIBXL_LIBXC_CONTEXT = 1,
    SR_LIBXL_EMULATOR_XENSTORE_DATA = 2,
    SR_LIBXL_EMULATOR_CONTEXT = 3,
    SR_LIBXL_CHECKPOINT_END = 4,
    SR_LIBXL_CHECKPOINT_STATE = 5,
};

/* ---- libxc migration stream v3 (image header big-endian) ---- */

#define SR_XC_MARKER 0xffffffffffffffffULL
#define SR_XC_ID 0x58454e46U                   /* "XENF" */
#define SR_XC_VERSION 3U
#define SR_XC_OPT_BIG_ENDIAN (1U << 0)
#define SR_XC_IHDR_LEN 24
#define SR_XC_DHDR_LEN 16

enum sr_xc_domtype {
    SR_XC_DOM_X86_PV = 1,
    SR_XC_DOM_X86_HVM = 2,
};

enum sr_xc_rec {
    SR_XC_END = 0x00,
    SR_XC_PAGE_DATA = 0x01,
    SR_XC_X86_PV_INFO = 0x02,
    SR_XC_X86_PV_P2M_FRAMES = 0x03,
    SR_XC_X86_PV_VCPU_BASIC = 0x04,
    SR_XC_X86_PV_VCPU_EXTENDED = 0x05,
    SR_XC_X86_PV_VCPU_XSAVE = 0x06,
    SR_XC_SHARED_INFO = 0x07,
    SR_XC_X86_TSC_INFO = 0x08,
    SR_XC_HVM_CONTEXT = 0x09,
    SR_XC_HVM_PARAMS = 0x0a,
    SR_XC_TOOLSTACK = 0x0b,
    SR_XC_X86_PV_VCPU_MSRS = 0x0c,
    SR_XC_VERIFY = 0x0d,
    SR_XC_CHECKPOINT = 0x0e,
    SR_XC_CHECKPOINT_DIRTY_PFN_LIST = 0x0f,
    SR_XC_STATIC_DATA_END = 0x10,
    SR_XC_X86_CPUID_POLICY = 0x11,
    SR_XC_X86_MSR_POLICY = 0x12,
};

/* Records with this bit may be skipped by a reader that lacks them. */
#define SR_REC_OPTIONAL 0x80000000U
/* Largest record body accepted (as Xen's REC_LENGTH_MAX). */
#define SR_REC_LENGTH_MAX (128U << 20)
#define SR_REC_ALIGN 8U

/* PAGE_DATA: uint32 count, uint32 0, count x uint64 (type<<32 | pfn)
 * in the form below, then the contents of the pages that carry data. */
#define SR_PFN_MASK 0x000fffffffffffffULL
#define SR_PFN_TYPE_SHIFT 60
/* Page types (XEN_DOMCTL_PFINFO_* >> 28). */
enum sr_pfn_type {
    SR_PT_NOTAB = 0x0,
    SR_PT_L1TAB = 0x1,
    SR_PT_L2TAB = 0x2,
    SR_PT_L3TAB = 0x3,
    SR_PT_L4TAB = 0x4,
    SR_PT_L1TAB_PIN = 0x9,
    SR_PT_L2TAB_PIN = 0xa,
    SR_PT_L3TAB_PIN = 0xb,
    SR_PT_L4TAB_PIN = 0xc,
    SR_PT_BROKEN = 0xd,
    SR_PT_XALLOC = 0xe,
    SR_PT_XTAB = 0xf,
};
#define SR_PT_PIN 0x8                     /* the pinned bit of L?TAB */
#define SR_PAGE_SHIFT 12
#define SR_PAGE_SIZE 4096U
/* Pages per PAGE_DATA record Xen's saver writes (MAX_BATCH_SIZE). */
#define SR_BATCH_PAGES 1024U

/* X86_PV_INFO body: guest_width, pt_levels, 6 reserved bytes. */
#define SR_PV_INFO_LEN 8
/* X86_PV_VCPU_* bodies: uint32 vcpu_id, uint32 0, then the context. */
#define SR_VCPU_HDR_LEN 8
/* X86_TSC_INFO body: mode, khz, nsec (u64), incarnation, reserved. */
#define SR_TSC_INFO_LEN 24

#endif /* LIBXL_SR_FORMAT_H */
