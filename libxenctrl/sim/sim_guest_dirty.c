/*
 * libxenctrl simulator, simulated guest kernel: what it writes to its own
 * memory, made visible to log-dirty (sim_dirty.c) the way Xen's write
 * faults would -- every page the kernel keeps mapped writable (console and
 * xenstore rings, its state page) is marked after each pass of its loop
 * and just before it suspends, and a workload (xensim.dirty=<pages/s> on
 * the command line, optionally :<MiB> to bound the region) writes free
 * memory at a steady rate, marking each page after writing it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sim.h"
#include "sim_guest.h"
#include "sim_guest_int.h"

#define DIRTY_TICK_MS 10
/* Left alone above what start_info names (boot stack, the page tables
 * of a p2m list mapped at INIT_P2M, slack). */
#define BOOT_SLACK_PAGES 512

static uint64_t *bitmap(struct guest *g)
{
    if (!g->dirty_bm)
        g->dirty_bm = sim_dirty_map(g->xch->priv, g->b->domid);
    return g->dirty_bm;
}

void guest_mark(struct guest *g, uint64_t gfn)
{
    sim_dirty_set(bitmap(g), gfn);
}

void guest_track(struct guest *g, uint64_t gfn)
{
    if (g->nr_rw < GUEST_MAX_RW)
        g->rw_gfn[g->nr_rw++] = gfn;
}

void guest_mark_tracked(struct guest *g)
{
    unsigned i;

    for (i = 0; i < g->nr_rw; i++)
        guest_mark(g, g->rw_gfn[i]);
}

/* The free memory of a PV guest: from past its page tables and its p2m
 * list (the last things the domain builder lays out) to its last page. */
static int free_region(struct guest *g, uint64_t *first, uint64_t *end)
{
    uint64_t frame = g->b->start_info >> XC_PAGE_SHIFT;
    start_info_t *si;

    si = xc_map_foreign_pages(g->xch, g->b->domid, PROT_READ, &frame, 1);
    if (!si)
        return -1;
    *first = ((si->pt_base - SIM_GUEST_VIRT_BASE) >> XC_PAGE_SHIFT) +
             si->nr_pt_frames;
    if (si->first_p2m_pfn + si->nr_p2m_frames > *first)
        *first = si->first_p2m_pfn + si->nr_p2m_frames;
    *first += BOOT_SLACK_PAGES;
    *end = si->nr_pages;
    xc_unmap_foreign(g->xch, si, 1);
    return *first < *end ? 0 : -1;
}

void guest_dirty_start(struct guest *g)
{
    char v[64], *colon;
    uint64_t first, end, i, *gfns;
    double rate;

    if (g->b->hvm || guest_cmdline_opt(g, "xensim.dirty", v, sizeof(v)))
        return;
    rate = strtod(v, NULL);
    if (rate <= 0 || free_region(g, &first, &end)) {
        guest_printf(g, "xensim.dirty=%s: nothing to do\n", v);
        return;
    }
    colon = strchr(v, ':');
    if (colon && strtoull(colon + 1, NULL, 10) &&
        end - first > strtoull(colon + 1, NULL, 10) << (20 - XC_PAGE_SHIFT))
        end = first + (strtoull(colon + 1, NULL, 10) << (20 - XC_PAGE_SHIFT));
    gfns = malloc((end - first) * sizeof(*gfns));
    if (!gfns)
        return;
    for (i = 0; i < end - first; i++)
        gfns[i] = first + i;
    g->dirty_mem = xc_map_foreign_pages(g->xch, g->b->domid,
                                        PROT_READ | PROT_WRITE, gfns,
                                        end - first);
    free(gfns);
    if (!g->dirty_mem) {
        guest_printf(g, "xensim.dirty: cannot map pfns %#llx..%#llx\n",
                     (unsigned long long)first,
                     (unsigned long long)end - 1);
        return;
    }
    g->dirty_first = first;
    g->dirty_n = end - first;
    g->dirty_rate = rate;
    g->dirty_t0 = guest_now_ms();
    g->t_dirty = g->dirty_t0 + DIRTY_TICK_MS;
    guest_printf(g, "xensim: dirtying %.0f pages/s in pfns %#llx..%#llx\n",
                 rate, (unsigned long long)first,
                 (unsigned long long)end - 1);
}

void guest_dirty_tick(struct guest *g)
{
    int64_t now = guest_now_ms();
    uint64_t due, n;

    if (!g->dirty_mem || now < g->t_dirty)
        return;
    due = (uint64_t)((double)(now - g->dirty_t0) * g->dirty_rate / 1000.0);
    for (n = g->dirty_done; n < due; n++) {
        uint64_t page = n % g->dirty_n, pass = n / g->dirty_n;
        uint64_t *p = (uint64_t *)(g->dirty_mem + (page << XC_PAGE_SHIFT));

        p[pass % (XC_PAGE_SIZE / 8)] = n + 1;
        guest_mark(g, g->dirty_first + page);
    }
    g->dirty_done = due;
    g->t_dirty = now + DIRTY_TICK_MS;
}
