/*
 * libxl save/restore at the libxc stream level (what Xen's libxenguest
 * xg_sr_*.c does): x86 64-bit PV guests -- the guest's p2m, page table
 * normalisation (mfn <-> pfn) -- and HVM containers (PVH), whose memory
 * is their physmap (an identity p2m, no page tables to translate): the
 * stream writers and readers.  Private to libxl, never installed.
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

/* A domain being saved or restored: PV, or with hvm set an HVM container
 * (sr_pv_map_shinfo and sr_restore_pv set it from the domain). */
struct sr_pv {
    xc_interface *xch;
    uint32_t domid;
    struct sr_err *err;
    bool hvm;                     /* p2m is the identity over the physmap */
    uint64_t p2m_size;            /* pfns 0 .. p2m_size - 1 */
    uint64_t *p2m;                /* pfn -> mfn (SR_INVALID_MFN: none) */
    /* Save: the guest's p2m frames (mfns) and the reverse map. */
    uint64_t *p2m_frames;
    uint32_t nr_p2m_frames;
    struct sr_m2p *m2p;
    size_t nr_m2p;
    uint64_t data_pages;          /* save: pages written with contents */
};

void sr_pv_dispose(struct sr_pv *pv);

/* Record a failure of a libxenctrl call, with its message. */
int sr_pv_xcerr(struct sr_pv *pv, int rc, const char *what);

/*
 * Read the p2m of a suspended guest: through its linear p2m list
 * (shared_info arch.p2m_cr3 / p2m_vaddr) or its 3-level frame list
 * tree; fills p2m, p2m_size, p2m_frames and the reverse map.  HVM: the
 * identity up to the highest gfn the domain has used (sr_save_hvm.c).
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

/* Write the libxc stream of a suspended PV or HVM domain (v3). */
int sr_save_pv(struct sr_pv *pv, struct sr_io *io);

/* Records both guest types write: X86_CPUID_POLICY and X86_MSR_POLICY
 * (the domain's policy), X86_TSC_INFO. */
int sr_save_policy(struct sr_pv *pv, struct sr_io *io);
int sr_save_tsc(struct sr_pv *pv, struct sr_io *io);

/*
 * The pieces of sr_save_pv that a live save (sr_save_live.c) puts
 * together with its rounds of pages.  sr_pv_map_shinfo: the domain's
 * state in *di and its shared info mapped in *shinfo (one page to unmap;
 * NULL for an HVM domain, which sets pv->hvm).  head: reads the p2m and
 * writes the stream up to X86_PV_P2M_FRAMES (HVM: STATIC_DATA_END).  pages: PAGE_DATA for the n pfns listed (any order,
 * any count); with defer (a bitmap over the p2m, live rounds), a page
 * table that changes under the reader goes without data and its bit is
 * set to resend it later.  tail: TSC, shared info, vCPUs, END (the
 * domain must be suspended; HVM: TSC, HVM_CONTEXT, HVM_PARAMS, END).
 */
int sr_pv_map_shinfo(struct sr_pv *pv, struct xc_dominfo *di,
                     void **shinfo);
int sr_save_pv_head(struct sr_pv *pv, struct sr_io *io, const void *shinfo);
int sr_save_pv_pages(struct sr_pv *pv, struct sr_io *io,
                     const uint64_t *pfns, uint64_t n, uint8_t *defer);
int sr_save_pv_tail(struct sr_pv *pv, struct sr_io *io, const void *shinfo,
                    unsigned nr_vcpus);

/* The HVM parts of the above (sr_save_hvm.c).  An HVM physmap saved or
 * restored ends below SR_HVM_MAX_GFNS (1 TiB). */
#define SR_HVM_MAX_GFNS (1ULL << 28)
int sr_hvm_read_p2m(struct sr_pv *pv);
int sr_save_hvm_head(struct sr_pv *pv, struct sr_io *io);
int sr_save_hvm_tail(struct sr_pv *pv, struct sr_io *io);

/* ---- live save (sr_save_live.c) ---- */

/* When pre-copy stops (Xen's default: 5 rounds, 50 pages). */
struct sr_live_policy {
    unsigned max_iters;           /* rounds while running, the first too */
    unsigned min_remaining;       /* stop after a round with fewer dirty */
    unsigned downtime_ms;         /* stop when the rest fits (0: no) */
    uint64_t bandwidth;           /* bytes/s while running (0: no cap),
                                     counted on the descriptor (after
                                     compression) */
    int verify;                   /* after the final round: VERIFY and
                                     every page again (Xen's debug mode) */
};

struct sr_live_stats {
    unsigned rounds;              /* while running, the first included */
    uint64_t first_round_pages, last_round_pages, final_pages;
    uint64_t pages_sent;          /* every round, the final one too */
    uint64_t verify_pages;        /* sent again with contents after
                                     VERIFY */
    uint64_t bytes;               /* of the stream */
    uint64_t rate;                /* bytes/s of the last round */
    int suspended;                /* the guest was suspended */
    int suspend_failed;           /* suspend(arg) failed (its message) */
    int no_logdirty;              /* the hypervisor has none: stopped and
                                     copied (no rounds while running) */
    int64_t t_start, t_suspend, t_end;   /* sr_now_ns() */
};

int64_t sr_now_ns(void);

/*
 * Write the libxc stream of a running PV domain by pre-copy: log-dirty
 * on, all pages, rounds of dirty pages per pol, then suspend(arg) (0 or
 * -errno) and the final round (with pol->verify, a VERIFY record and every
 * page again) and the vCPU state.  Without log-dirty in
 * the hypervisor (-EOPNOTSUPP): suspend, then all pages.  Log-dirty is turned off however it ends; st says how far it got (st->suspended: whether
 * the guest must be resumed after a failure).
 */
int sr_save_pv_live(struct sr_pv *pv, struct sr_io *io,
                    const struct sr_live_policy *pol,
                    int (*suspend)(void *), void *arg,
                    struct sr_live_stats *st);

/* What restoring a PV stream tells the toolstack. */
struct sr_restore_args {
    uint32_t store_evtchn, console_evtchn;
    uint32_t store_domid, console_domid;
    uint32_t max_vcpus;
    /* Out. */
    uint64_t store_mfn, console_mfn;
    unsigned verified;            /* the stream had a VERIFY record */
    uint64_t verify_pages;        /* pages after it, all found the same */
};

/* Read a libxc stream into the (new, paused, empty) domain pv->domid;
 * the image's guest type must be the domain's (PV, or HVM for an HVM
 * container).  *_mfn out: the gfns for an HVM domain. */
int sr_restore_pv(struct sr_pv *pv, struct sr_io *io,
                  struct sr_restore_args *a);

/* The HVM stream after its headers (sr_restore_hvm.c); version: 2 or 3. */
int sr_restore_hvm(struct sr_pv *pv, struct sr_io *io,
                   struct sr_restore_args *a, uint32_t version);

/* Pieces both restorers use (sr_restore_pv.c): apply the CPU policy
 * records kept before STATIC_DATA_END (none: keep the creation's), and
 * an X86_TSC_INFO record. */
int sr_restore_policy(struct sr_pv *pv, const struct sr_rec *at,
                      const struct sr_rec *cpuid, const struct sr_rec *msr);
int sr_restore_tsc(struct sr_pv *pv, const struct sr_rec *rec);
/* Verify mode (Xen's debug migration): the pages sent again after
 * VERIFY that differ from what the restore received before it; the
 * message names the first four. */
struct sr_verify {
    uint32_t bad;
    size_t len;
    char why[256];
};
/* A VERIFY record: every page follows again, to be compared (*on from
 * now on, a->verified set); a second one, or one with a body, fails. */
int sr_verify_start(struct sr_pv *pv, const struct sr_rec *rec, bool *on,
                    struct sr_restore_args *a);
/* Count pfn (of page type type) as one that differs. */
void sr_verify_note(struct sr_verify *v, uint64_t pfn, unsigned type);
/* After the n pages of rec were compared: 0 (n counted in
 * a->verify_pages) if none differed, else -EINVAL with the message. */
int sr_verify_end(struct sr_pv *pv, const struct sr_rec *rec,
                  const struct sr_verify *v, uint32_t n,
                  struct sr_restore_args *a);
/* The message of a failed populate of guest memory for record rec. */
int sr_restore_populate_err(struct sr_pv *pv, const struct sr_rec *rec,
                            int rc);

#endif /* LIBXL_SR_PV_H */
