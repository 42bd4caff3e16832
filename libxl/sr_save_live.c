/*
 * libxl live save, PV guests: the libxc stream (v3) of a running domain
 * by pre-copy, as Xen's xg_sr_save.c does it -- log-dirty on, every page
 * while the guest runs, then rounds of the pages it wrote meanwhile until
 * the policy says stop, then the guest is suspended and the last dirty
 * pages go with its vCPU state.  Log-dirty is off again however it ends.
 * A hypervisor without log-dirty for PV guests gets stop-and-copy.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sr_pv.h"

struct live {
    struct sr_pv *pv;
    struct sr_io *io;
    const struct sr_live_policy *pol;
    struct sr_live_stats *st;
    uint8_t *dirty, *defer;          /* bitmaps over the p2m */
    uint64_t *list;                  /* pfns of one round */
    size_t bytes;                    /* of a bitmap */
};

int64_t sr_now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int logdirty(struct live *l, unsigned op, unsigned mode,
                    uint32_t *count)
{
    uint64_t pages = l->pv->p2m_size;
    int rc = xc_logdirty_control(l->pv->xch, l->pv->domid, op, mode,
                                 l->dirty, &pages, count);

    return rc ? sr_pv_xcerr(l->pv, rc, "read the dirty pages") : 0;
}

/* Log-dirty on; an earlier save that died may have left it on. */
static int enable(struct sr_pv *pv)
{
    int rc = xc_logdirty_control(pv->xch, pv->domid,
                                 XC_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, NULL,
                                 NULL);

    if (rc == -EINVAL &&
        !xc_logdirty_control(pv->xch, pv->domid, XC_SHADOW_OP_OFF, 0, NULL,
                             NULL, NULL))
        rc = xc_logdirty_control(pv->xch, pv->domid,
                                 XC_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, NULL,
                                 NULL);
    return rc ? sr_pv_xcerr(pv, rc, "turn log-dirty mode on") : 0;
}

/* Keep a round within the bandwidth cap: sleep until the bytes it put on
 * the descriptor (compressed, if it is) fit. */
static void throttle(struct live *l, int64_t t0, uint64_t off0)
{
    uint64_t done = sr_zio_file_offset(l->io) - off0;
    int64_t due, now = sr_now_ns();
    struct timespec ts;

    if (!l->pol->bandwidth)
        return;
    due = t0 + (int64_t)(done * 1000000000.0 / (double)l->pol->bandwidth);
    if (due <= now)
        return;
    ts.tv_sec = (due - now) / 1000000000;
    ts.tv_nsec = (due - now) % 1000000000;
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Send the pages whose bit is set in l->dirty; *n gets how many. */
static int send_round(struct live *l, uint8_t *defer, uint64_t *n,
                      int limited)
{
    int64_t t0 = sr_now_ns();
    uint64_t off0 = l->io->off, zoff0 = sr_zio_file_offset(l->io);
    uint64_t pfn, k = 0, i, chunk;
    int rc = 0;

    for (pfn = 0; pfn < l->pv->p2m_size; pfn++)
        if (l->dirty[pfn / 8] & (1U << (pfn % 8)))
            l->list[k++] = pfn;
    for (i = 0; i < k && !rc; i += chunk) {
        chunk = k - i < SR_BATCH_PAGES ? k - i : SR_BATCH_PAGES;
        rc = sr_save_pv_pages(l->pv, l->io, l->list + i, chunk, defer);
        if (!rc)
            rc = sr_zio_flush(l->io);
        if (!rc && limited)
            throttle(l, t0, zoff0);
    }
    *n = k;
    l->st->pages_sent += k;
    if (!rc && k) {
        int64_t ns = sr_now_ns() - t0;

        /* bytes/s of this round, for the downtime estimate */
        l->st->rate = ns > 0 ? (uint64_t)((double)(l->io->off - off0) *
                                          1e9 / (double)ns) : 0;
    }
    return rc;
}

/* Should pre-copy stop after a round that found n dirty pages? */
static int stop_now(struct live *l, uint64_t n)
{
    const struct sr_live_policy *p = l->pol;

    if (n < p->min_remaining)
        return 1;
    if (p->downtime_ms && l->st->rate &&
        (double)n * SR_PAGE_SIZE * 1000.0 / (double)l->st->rate <=
        (double)p->downtime_ms)
        return 1;
    return 0;
}

static int precopy(struct live *l)
{
    uint64_t n = 0;
    uint32_t count;
    int rc;

    memset(l->dirty, 0xff, l->bytes);
    l->st->rounds = 1;
    rc = send_round(l, l->defer, &n, 1);
    l->st->first_round_pages = n;
    while (!rc && l->st->rounds < l->pol->max_iters) {
        rc = logdirty(l, XC_SHADOW_OP_CLEAN, 0, &count);
        if (rc)
            break;
        l->st->rounds++;
        rc = send_round(l, l->defer, &n, 1);
        l->st->last_round_pages = n;
        if (!rc && stop_now(l, n))
            break;
    }
    return rc;
}

/* After the suspend: the p2m again; frames that moved are resent. */
static int recheck_p2m(struct live *l, const void *shinfo)
{
    struct sr_pv *pv = l->pv;
    uint64_t size = pv->p2m_size, *old = pv->p2m, pfn;
    uint32_t nframes = pv->nr_p2m_frames;
    int rc;

    pv->p2m = NULL;
    free(pv->p2m_frames);
    free(pv->m2p);
    pv->p2m_frames = NULL;
    pv->m2p = NULL;
    rc = sr_pv_read_p2m(pv, shinfo);
    if (!rc && (pv->p2m_size != size || pv->nr_p2m_frames != nframes))
        rc = sr_seterr(pv->err, -EAGAIN, "the guest resized its p2m "
                       "during the migration (%" PRIu64 " -> %" PRIu64
                       " pages)", size, pv->p2m_size);
    for (pfn = 0; !rc && pfn < size; pfn++)
        if (old[pfn] != pv->p2m[pfn])
            l->dirty[pfn / 8] |= (uint8_t)(1U << (pfn % 8));
    free(old);
    return rc;
}

/* After the suspend: what was written since the last round (all of it
 * without log-dirty), what was deferred, what moved in the p2m. */
static int final_round(struct live *l, const void *shinfo, int logdirty_on)
{
    uint64_t n = 0;
    size_t i;
    int rc = 0;

    if (logdirty_on)
        rc = logdirty(l, XC_SHADOW_OP_CLEAN, XC_LOGDIRTY_FINAL, NULL);
    else
        memset(l->dirty, 0xff, l->bytes);
    for (i = 0; !rc && i < l->bytes; i++)
        l->dirty[i] |= l->defer[i];
    if (!rc)
        rc = recheck_p2m(l, shinfo);
    if (!rc)
        rc = send_round(l, NULL, &n, 0);
    l->st->final_pages = n;
    return rc;
}

/* Xen's debug mode: VERIFY, then every page once more.  The guest is
 * suspended, so the receiver must find each page as it already has it. */
static int verify_pass(struct live *l)
{
    uint64_t n = 0, sent = l->st->pages_sent, data = l->pv->data_pages;
    int rc = sr_rec_write(l->io, SR_XC_VERIFY, NULL, 0, NULL, 0);

    if (rc)
        return rc;
    memset(l->dirty, 0xff, l->bytes);
    rc = send_round(l, NULL, &n, 0);
    l->st->pages_sent = sent;
    /* What the receiver compares: the pages with contents. */
    l->st->verify_pages = l->pv->data_pages - data;
    return rc;
}

static int run(struct live *l, const void *shinfo, unsigned nr_vcpus,
               int logdirty_on, int (*suspend)(void *), void *arg)
{
    struct xc_dominfo di;
    int rc;

    l->bytes = (size_t)(l->pv->p2m_size + 7) / 8 + 1;
    l->dirty = calloc(1, l->bytes);
    l->defer = calloc(1, l->bytes);
    l->list = malloc(l->pv->p2m_size * sizeof(uint64_t));
    if (!l->dirty || !l->defer || !l->list)
        return sr_seterr(l->pv->err, -ENOMEM, "out of memory");
    rc = logdirty_on ? precopy(l) : 0;
    if (rc)
        return rc;
    l->st->t_suspend = sr_now_ns();
    rc = suspend(arg);
    if (rc) {
        l->st->suspend_failed = 1;         /* the callback says why */
        return rc;
    }
    l->st->suspended = 1;
    rc = xc_domain_getinfo_single(l->pv->xch, l->pv->domid, &di);
    if (rc)
        return sr_pv_xcerr(l->pv, rc, "read the domain's state");
    if (!di.shutdown || di.shutdown_reason != XC_SHUTDOWN_SUSPEND)
        return sr_seterr(l->pv->err, -EINVAL, "domain %u did not suspend",
                         l->pv->domid);
    rc = final_round(l, shinfo, logdirty_on);
    if (!rc && l->pol->verify)
        rc = verify_pass(l);
    if (!rc)
        rc = sr_save_pv_tail(l->pv, l->io, shinfo, nr_vcpus);
    return rc;
}

int sr_save_pv_live(struct sr_pv *pv, struct sr_io *io,
                    const struct sr_live_policy *pol,
                    int (*suspend)(void *), void *arg,
                    struct sr_live_stats *st)
{
    struct live l = { .pv = pv, .io = io, .pol = pol, .st = st };
    struct xc_dominfo di;
    void *shinfo = NULL;
    int rc, on = 0;

    memset(st, 0, sizeof(*st));
    st->t_start = sr_now_ns();
    rc = sr_pv_map_shinfo(pv, &di, &shinfo);
    if (!rc && di.shutdown)
        rc = sr_seterr(pv->err, -EINVAL, "domain %u is not running (shut "
                       "down, reason %u)", pv->domid, di.shutdown_reason);
    if (!rc && !(rc = enable(pv)))
        on = 1;
    /* A hypervisor without log-dirty for PV guests (Xen built without
     * shadow paging): stop and copy, and say so in the stats. */
    if (rc == -EOPNOTSUPP) {
        st->no_logdirty = 1;
        rc = 0;
    }
    if (!rc)
        rc = sr_save_pv_head(pv, io, shinfo);
    if (!rc)
        rc = run(&l, shinfo, di.max_vcpu_id + 1, on, suspend, arg);
    if (on)
        xc_logdirty_control(pv->xch, pv->domid, XC_SHADOW_OP_OFF, 0, NULL,
                            NULL, NULL);
    if (shinfo)
        xc_unmap_foreign(pv->xch, shinfo, 1);
    free(l.dirty);
    free(l.defer);
    free(l.list);
    st->bytes = io->off;
    st->t_end = sr_now_ns();
    return rc;
}
