/*
 * libxenctrl simulator, log-dirty: a per-domain bitmap of written pages
 * (DIR/dom/<id>/dirty, one bit per gfn, shared by every process of the
 * host) and the XEN_DOMCTL_shadow_op log-dirty operations on it.
 *
 * Who sets the bits: the simulated guest kernel after each write to its
 * memory (as Xen's write-protection fault would), and the simulator when
 * a page is populated or released.  CLEAN takes the bits word by word
 * with an atomic exchange, so a write that lands while it runs is either
 * in this round's bitmap or in the next one, never lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim.h"

#define DIRTY_BYTES (SIM_MAX_GFN / 8)
#define DIRTY_WORDS (SIM_MAX_GFN / 64)

uint64_t *sim_dirty_map(struct sim *s, uint32_t domid)
{
    int fd = sim_dom_file(s, domid, "dirty", DIRTY_BYTES);
    void *m;

    if (fd < 0)
        return NULL;
    m = mmap(NULL, DIRTY_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return m == MAP_FAILED ? NULL : m;
}

void sim_dirty_unmap(uint64_t *bm)
{
    if (bm)
        munmap(bm, DIRTY_BYTES);
}

void sim_dirty_set(uint64_t *bm, uint64_t gfn)
{
    if (bm && gfn < SIM_MAX_GFN)
        __atomic_fetch_or(&bm[gfn / 64], 1ULL << (gfn % 64),
                          __ATOMIC_SEQ_CST);
}

void sim_dirty_mark(struct sim *s, uint32_t domid, uint64_t gfn)
{
    uint64_t *bm = sim_dirty_map(s, domid);

    sim_dirty_set(bm, gfn);
    sim_dirty_unmap(bm);
}

/* Start from a clean log: zero the bitmap in place (it stays mapped by
 * the guest, so its size never changes). */
static int dirty_reset(struct sim *s, uint32_t domid)
{
    int fd = sim_dom_file(s, domid, "dirty", DIRTY_BYTES), rc = 0;

    if (fd < 0)
        return fd;
    if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0,
                  (off_t)DIRTY_BYTES) < 0)
        rc = -errno;
    close(fd);
    return rc;
}

/* CLEAN / PEEK: copy (and for CLEAN clear) the first o->pages bits. */
static int dirty_read(struct sim *s, struct sim_dom *d,
                      struct xen_domctl_shadow_op *o, int clean)
{
    uint8_t *out = o->dirty_bitmap.p;
    uint64_t n = d->max_gfn_seen + 1, i, w, words, count = 0;
    uint64_t *bm;

    if (o->pages > n)
        o->pages = n;
    if (!out || !o->pages) {
        o->stats.dirty_count = 0;
        return 0;
    }
    bm = sim_dirty_map(s, d->domid);
    if (!bm)
        return -EIO;
    words = (o->pages + 63) / 64;
    for (i = 0; i < words; i++) {
        uint64_t keep = 0, bits = 64;

        if (i == words - 1 && o->pages % 64) {
            bits = o->pages % 64;
            keep = ~((1ULL << bits) - 1);     /* beyond the caller's bits */
        }
        w = clean ? __atomic_fetch_and(&bm[i], keep, __ATOMIC_SEQ_CST)
                  : __atomic_load_n(&bm[i], __ATOMIC_SEQ_CST);
        w &= ~keep;
        count += (uint64_t)__builtin_popcountll(w);
        memcpy(out + i * 8, &w, i == words - 1 ? (bits + 7) / 8 : 8);
    }
    sim_dirty_unmap(bm);
    o->stats.dirty_count = (uint32_t)count;
    o->stats.fault_count = (uint32_t)count;
    return 0;
}

int sim_logdirty_op(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_shadow_op *o)
{
    int rc;

    switch (o->op) {
    case XEN_DOMCTL_SHADOW_OP_OFF:
        d->logdirty = 0;
        return 0;
    case XEN_DOMCTL_SHADOW_OP_ENABLE:
        if (!(o->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY))
            return -EINVAL;
        /* fall through */
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        /* A PV guest's log-dirty is shadow paging's (Debian's Xen 4.17 is
         * built without it: xensim.conf shadow_paging = 0). */
        if (s->st->host.no_shadow && !(d->cdf & XEN_DOMCTL_CDF_hvm))
            return -EOPNOTSUPP;
        if (d->logdirty)
            return -EINVAL;               /* as Xen: already enabled */
        rc = dirty_reset(s, d->domid);
        if (rc)
            return rc;
        d->logdirty = 1;
        return 0;
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        if (!d->logdirty)
            return -EINVAL;
        return dirty_read(s, d, o, o->op == XEN_DOMCTL_SHADOW_OP_CLEAN);
    }
    return -EINVAL;
}
