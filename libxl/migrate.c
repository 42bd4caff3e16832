/*
 * libxl migrate, sending side: libxl's stream v2 around the live libxc
 * stream (sr_save_live.c), with the guest suspended through its control
 * node once pre-copy stops; on request through the zlib layer (sr_zio.c)
 * and with Xen's verify pass.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "libxl_internal.h"
#include "dm_internal.h"
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
    pol->verify = p && p->verify;
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
    st->verify_pages = s->verify_pages;
    st->suspended = (unsigned)s->suspended;
    st->stop_and_copy = (unsigned)s->no_logdirty;
    if (s->t_suspend)
        st->suspend_at_ms = (uint64_t)(s->t_suspend - s->t_start) / 1000000;
    st->end_ms = (uint64_t)(s->t_end - s->t_start) / 1000000;
}

/* The device model's state does not travel live yet (xl save does it). */
static int no_dm(libxl_ctx *ctx, uint32_t domid)
{
    libxl__gc gc;
    bool dm;

    libxl__gc_init(&gc, ctx);
    dm = libxl__dm_running(&gc, domid);
    libxl__gc_release(&gc);
    return dm ? libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: migrate: HVM "
                              "guests with a device model cannot be "
                              "migrated yet (xl save and restore can)",
                              domid) : 0;
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
    unsigned flags = p ? p->stream_flags : 0;
    int rc = 0;

    if (flags & ~LIBXL_STREAM_ZLIB)
        return libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: migrate: stream "
                             "flags %#x are not supported", domid,
                             flags & ~LIBXL_STREAM_ZLIB);
    if ((rc = no_dm(ctx, domid)))
        return rc;
    policy(p, &pol);
    sr_io_init(&io, fd, &err);
    /* Speed over size, as xl save -z: the guest waits for the last round. */
    if (flags & LIBXL_STREAM_ZLIB)
        rc = sr_zio_begin(&io, true, SR_ZIO_FAST);
    if (!rc)
        rc = sr_libxl_hdr_write(&io);
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_save_pv_live(&pv, &io, &pol, suspend_guest, &a, &ls);
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_END, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_zio_end(&io);
    sr_pv_dispose(&pv);
    if (st) {
        stats(&ls, st);
        st->bytes = io.off;
        st->wire_bytes = sr_zio_file_offset(&io);
    }
    sr_zio_dispose(&io);
    if (!rc)
        return 0;
    /* A failed suspend left its own message on the handle. */
    if (ls.suspend_failed)
        return rc;
    return libxl__seterr(ctx, rc, "domain %u: migrate: %s", domid, err.msg);
}
