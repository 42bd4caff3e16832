/*
 * libxl migrate, sending side: libxl's stream v2 around the live libxc
 * stream (sr_save_live.c), with the guest suspended through its control
 * node once pre-copy stops.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "libxl_internal.h"
#include "libxl_migrate.h"
#include "libxl_save.h"
#include "sr_pv.h"

struct suspend_arg {
    libxl_ctx *ctx;
    uint32_t domid;
};

static int suspend_guest(void *p)
{
    struct suspend_arg *a = p;

    return libxl_domain_suspend_guest(a->ctx, a->domid, -1);
}

static void policy(const struct libxl_migrate_params *p,
                   struct sr_live_policy *pol)
{
    pol->max_iters = p && p->max_iters ? p->max_iters
                                       : LIBXL_MIGRATE_MAX_ITERS;
    pol->min_remaining = p && p->min_remaining ? p->min_remaining
                                               : LIBXL_MIGRATE_MIN_REMAINING;
    pol->downtime_ms = p ? p->downtime_ms : 0;
    pol->bandwidth = p ? (uint64_t)p->bandwidth_mib << 20 : 0;
}

static void stats(const struct sr_live_stats *s,
                  struct libxl_migrate_stats *st)
{
    memset(st, 0, sizeof(*st));
    st->rounds = s->rounds;
    st->first_round_pages = s->first_round_pages;
    st->last_round_pages = s->last_round_pages;
    st->final_pages = s->final_pages;
    st->pages_sent = s->pages_sent;
    st->bytes = s->bytes;
    st->suspended = (unsigned)s->suspended;
    st->stop_and_copy = (unsigned)s->no_logdirty;
    if (s->t_suspend)
        st->suspend_at_ms = (uint64_t)(s->t_suspend - s->t_start) / 1000000;
    st->end_ms = (uint64_t)(s->t_end - s->t_start) / 1000000;
}

LIBXL_API int libxl_domain_migrate_send(libxl_ctx *ctx, uint32_t domid,
                                        int fd,
                                        const struct libxl_migrate_params *p,
                                        struct libxl_migrate_stats *st)
{
    struct sr_err err = { "" };
    struct sr_pv pv = { .xch = ctx->xch, .domid = domid, .err = &err };
    struct suspend_arg a = { ctx, domid };
    struct sr_live_stats ls = { 0 };
    struct sr_live_policy pol;
    struct sr_io io;
    int rc;

    policy(p, &pol);
    sr_io_init(&io, fd, &err);
    rc = sr_libxl_hdr_write(&io);
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_save_pv_live(&pv, &io, &pol, suspend_guest, &a, &ls);
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_END, NULL, 0, NULL, 0);
    sr_pv_dispose(&pv);
    if (st)
        stats(&ls, st);
    if (!rc)
        return 0;
    /* A failed suspend left its own message on the handle. */
    if (ls.suspend_failed)
        return rc;
    return libxl__seterr(ctx, rc, "domain %u: migrate: %s", domid, err.msg);
}
