/*
 * libxenctrl simulator, simulated guest kernel: what a Linux PV or PVH
 * guest does for save/restore -- publish its p2m list in shared info (PV,
 * as xen_setup_mfn_list_list does), suspend through SCHEDOP_shutdown
 * (PV: with its start_info frame in rdx; PVH: 0), and carry on after a
 * resume in the same or a new domain -- plus a counter kept in guest
 * memory (e2e.after=count) that shows the guest continues where it was.
 * The state page is at the same frame number for both: a PV guest's
 * pfns are its frames in the simulator, a PVH guest's are its gfns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sim.h"
#include "sim_guest.h"
#include "sim_guest_int.h"

#define STATE_MAGIC "XSIMSTA1"
#define COUNT_MS 1000

/* Kept in the kernel's bss page, so it travels with the guest's memory. */
struct guest_state {
    char magic[8];
    uint64_t count;              /* last GUEST-COUNT printed */
    uint32_t counting;
    uint32_t suspends;
};

static void *map_own(struct guest *g, uint64_t frame)
{
    return xc_map_foreign_pages(g->xch, g->b->domid, PROT_READ | PROT_WRITE,
                                &frame, 1);
}

static struct guest_state *state(struct guest *g)
{
    static struct guest_state *st;

    if (!st) {
        uint8_t *p = map_own(g, (SIM_GUEST_PADDR + SIM_GUEST_STATE_OFF) >>
                                XC_PAGE_SHIFT);

        st = (struct guest_state *)p;
        if (st)
            guest_track(g, (SIM_GUEST_PADDR + SIM_GUEST_STATE_OFF) >>
                           XC_PAGE_SHIFT);
        if (st && memcmp(st->magic, STATE_MAGIC, 8)) {
            memset(st, 0, sizeof(*st));
            memcpy(st->magic, STATE_MAGIC, 8);
        }
    }
    return st;
}

void guest_publish_p2m(struct guest *g)
{
    struct shared_info *sh;
    start_info_t *si;

    if (g->b->hvm)
        return;
    si = map_own(g, g->b->start_info >> XC_PAGE_SHIFT);
    if (!si)
        return;
    sh = map_own(g, si->shared_info >> XC_PAGE_SHIFT);
    if (sh) {
        sh->arch.max_pfn = si->nr_pages;
        sh->arch.p2m_cr3 = g->b->cr3;
        sh->arch.p2m_vaddr = si->mfn_list;
        sh->arch.p2m_generation = 0;
        xc_unmap_foreign(g->xch, sh, 1);
    }
    xc_unmap_foreign(g->xch, si, 1);
}

void guest_count_start(struct guest *g)
{
    struct guest_state *st = state(g);

    if (!st)
        return;
    st->counting = 1;
    g->t_count = guest_now_ms() + COUNT_MS;
}

void guest_count_tick(struct guest *g)
{
    struct guest_state *st = state(g);

    if (!st || !st->counting || !g->t_count || guest_now_ms() < g->t_count)
        return;
    st->count++;
    guest_printf(g, "GUEST-COUNT %llu\n", (unsigned long long)st->count);
    g->t_count += COUNT_MS;
}

void guest_resumed(struct guest *g)
{
    struct guest_state *st = state(g);

    guest_printf(g, "XENSIM GUEST RESUMED domid=%u (%s) count=%llu\n",
                 g->b->domid, g->b->cancelled ? "suspend cancelled"
                                              : "restored",
                 st ? (unsigned long long)st->count : 0ULL);
    if (st && st->counting)
        g->t_count = guest_now_ms() + COUNT_MS;
}

void guest_suspend(struct guest *g)
{
    struct sched_shutdown *sd;
    struct guest_state *st = state(g);
    long r;

    guest_printf(g, "PM: suspend entry (xen)\n");
    if (st)
        st->suspends++;
    guest_flush(g);
    sd = xc__buf(g->xch, sizeof(*sd));
    if (!sd)
        return;
    sd->reason = SHUTDOWN_suspend;
    /* The last writes before the vCPU stops go into the final round. */
    guest_mark_tracked(g);
    r = xc__hypercall(g->xch, __HYPERVISOR_sched_op, SCHEDOP_shutdown,
                      (uintptr_t)sd,
                      g->b->hvm ? 0 : g->b->start_info >> XC_PAGE_SHIFT, 0,
                      0);
    xc__buf_free(g->xch, sd, sizeof(*sd));
    if (r < 0) {
        guest_printf(g, "PM: suspend failed: %s\n", strerror((int)-r));
        return;
    }
    /* The vCPU stopped in the hypercall: this process is done; a resume
     * starts the kernel again at its resume point. */
    guest_stop(g);
}
