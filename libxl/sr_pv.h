/*
 * libxl save/restore of x86 64-bit PV guests at the libxc stream level
 * (what Xen's libxenguest xg_sr_*_x86_pv.c does): the guest's p2m, page
 * table normalisation (mfn <-> pfn), the stream writer and reader.
 * Private to libxl, never installed.
 */
#ifndef LIBXL_SR_PV_H
#define LIBXL_SR_PV_H

#include <stdbool.h>
#include <stdint.h>

#include "xenctrl.h"
#include "sr_api.h"

#define SR_INVALID_MFN (~(uint64_t)0)
#define SR_PTE_PRESENT 0x1ULL
#define SR_PTE_PSE 0x80ULL
#define SR_PTE_FRAME 0x000ffffffffff000ULL
#define SR_FPP (SR_PAGE_SIZE / 8)            /* p2m entries per frame */
/* L4 slots of a 64-bit PV guest that belong to Xen. */
#define SR_XEN_L4_FIRST 256
#define SR_XEN_L4_LAST 271

/* mfn -> pfn, sorted by mfn. */
struct sr_m2p {
    uint64_t mfn, pfn;
};

struct sr_pv {
    xc_interface *xch;
    uint32_t domid;
    struct sr_err *err;
    uint64_t p2m_size;            /* pfns 0 .. p2m_size - 1 */
    uint64_t *p2m;                /* pfn -> mfn (SR_INVALID_MFN: none) */
    /* Save: the guest's p2m frames (mfns) and the reverse map. */
    uint64_t *p2m_frames;
    uint32_t nr_p2m_frames;
    struct sr_m2p *m2p;
    size_t nr_m2p;
};

void sr_pv_dispose(struct sr_pv *pv);

/* Record a failure of a libxenctrl call, with its message. */
int sr_pv_xcerr(struct sr_pv *pv, int rc, const char *what);

/*
 * Read the p2m of a suspended guest: through its linear p2m list
 * (shared_info arch.p2m_cr3 / p2m_vaddr) or its 3-level frame list
 * tree; fills p2m, p2m_size, p2m_frames and the reverse map.
 */
int sr_pv_read_p2m(struct sr_pv *pv, const void *shinfo);

/* The pfn of a frame of the guest; -EINVAL if it is not the guest's. */
int sr_pv_mfn_to_pfn(const struct sr_pv *pv, uint64_t mfn, uint64_t *pfn);

/*
 * Normalise (save: mfn -> pfn) or localise (restore: pfn -> mfn) one
 * page-table page of the given level (1..4) in place.  Restore needs
 * every pfn referenced to be populated already (sr_pv_pt_refs).
 */
int sr_pv_normalise(struct sr_pv *pv, uint64_t *pt, unsigned level,
                    uint64_t pfn);
int sr_pv_localise(struct sr_pv *pv, uint64_t *pt, unsigned level,
                   uint64_t pfn);

/* Write the libxc stream of a suspended PV domain (v3). */
int sr_save_pv(struct sr_pv *pv, struct sr_io *io);

/* What restoring a PV stream tells the toolstack. */
struct sr_restore_args {
    uint32_t store_evtchn, console_evtchn;
    uint32_t store_domid, console_domid;
    uint32_t max_vcpus;
    /* Out. */
    uint64_t store_mfn, console_mfn;
};

/* Read a libxc stream into the (new, paused, empty) domain pv->domid. */
int sr_restore_pv(struct sr_pv *pv, struct sr_io *io,
                  struct sr_restore_args *a);

#endif /* LIBXL_SR_PV_H */
