/*
 * libxl migrate, sending side: libxl's stream v2 around the live libxc
 * stream (sr_save_live.c), with the guest suspended through its control
 * node once pre-copy stops; on request through the zlib layer (sr_zio.c)
 * and with Xen's verify pass.  An HVM guest's device model follows Xen
 * 4.17's libxl: its dirty-page log is on for the whole libxc stream, it
 * is stopped and its state saved right after the guest's suspend (its
 * last writes to guest memory so go with the final round), and its
 * records (dm_save.c) follow the libxc stream.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libxl_internal.h"
#include "dm_internal.h"
#include "libxl_migrate.h"
#include "libxl_save.h"
#include "sr_pv.h"

struct suspend_arg {
    libxl__gc *gc;
    uint32_t domid;
    const char *dm_file;          /* device state goes there; NULL: no DM */
    bool suspended;               /* the guest was suspended */
};

/* The suspend callback of the live stream: the guest, then its device
 * model (stopped, its state saved for the receiving QEMU). */
static int suspend_guest(void *p)
{
    struct suspend_arg *a = p;
    libxl_ctx *ctx = a->gc->ctx;
    char why[sizeof(ctx->errmsg)];
    int rc = libxl_domain_suspend_guest(ctx, a->domid, -1);

    if (rc)
        return rc;
    a->suspended = true;
    if (!a->dm_file)
        return 0;
    rc = libxl__dm_save_state(a->gc, a->domid, a->dm_file, true);
    if (rc) {
        snprintf(why, sizeof(why), "%s", libxl_errmsg(ctx));
        libxl__seterr(ctx, rc, "domain %u: migrate: device model: %s",
                      a->domid, why);
    }
    return rc;
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

/* The device model's dirty-page log off again, whatever happened (Xen's
 * libxc does it in its cleanup, where a failure is only logged): the
 * handle keeps the message of what went wrong before. */
static void dm_log_off(struct suspend_arg *a)
{
    libxl_ctx *ctx = a->gc->ctx;
    char keep[sizeof(ctx->errmsg)];

    memcpy(keep, ctx->errmsg, sizeof(keep));
    libxl__dm_dirty_log(a->gc, a->domid, false);
    memcpy(ctx->errmsg, keep, sizeof(keep));
}

/* An HVM guest's device model (if it has one): its state file named, its
 * dirty-page log on before the first round. */
static int dm_begin(struct suspend_arg *a)
{
    libxl_ctx *ctx = a->gc->ctx;
    char why[sizeof(ctx->errmsg)];
    int rc;

    if (!libxl__dm_running(a->gc, a->domid))
        return 0;
    rc = libxl__make_dirs(libxl_lib_dir(ctx));
    if (rc)
        return libxl__seterr(ctx, rc, "domain %u: migrate: cannot create "
                             "'%s': %s", a->domid, libxl_lib_dir(ctx),
                             strerror(-rc));
    rc = libxl__dm_dirty_log(a->gc, a->domid, true);
    if (rc) {
        snprintf(why, sizeof(why), "%s", libxl_errmsg(ctx));
        return libxl__seterr(ctx, rc, "domain %u: migrate: device model: "
                             "cannot turn its dirty-page log on: %s",
                             a->domid, why);
    }
    a->dm_file = libxl__dm_state_file(a->gc, a->domid, true);
    return 0;
}

/* libxl's stream v2: header, LIBXC_CONTEXT and the live libxc stream,
 * the device model's records, END. */
static int write_stream(struct suspend_arg *a, struct sr_pv *pv,
                        struct sr_io *io, const struct sr_live_policy *pol,
                        unsigned flags, struct sr_live_stats *ls)
{
    int rc = 0;

    /* Speed over size, as xl save -z: the guest waits for the last
     * round. */
    if (flags & LIBXL_STREAM_ZLIB)
        rc = sr_zio_begin(io, true, SR_ZIO_FAST);
    if (!rc)
        rc = sr_libxl_hdr_write(io);
    if (!rc)
        rc = sr_rec_write(io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_save_pv_live(pv, io, pol, suspend_guest, a, ls);
    if (a->dm_file)
        dm_log_off(a);
    if (!rc && a->dm_file &&
        (rc = libxl__dm_stream_write(a->gc, a->domid, a->dm_file, io)))
        snprintf(io->err->msg, sizeof(io->err->msg), "device model: %s",
                 libxl_errmsg(a->gc->ctx));
    if (!rc)
        rc = sr_rec_write(io, SR_LIBXL_END, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_zio_end(io);
    return rc;
}

LIBXL_API int libxl_domain_migrate_send(libxl_ctx *ctx, uint32_t domid,
                                        int fd,
                                        const struct libxl_migrate_params *p,
                                        struct libxl_migrate_stats *st)
{
    struct sr_err err = { "" };
    struct sr_pv pv = { .xch = ctx->xch, .domid = domid, .err = &err };
    struct sr_live_stats ls = { 0 };
    struct sr_live_policy pol;
    struct sr_io io;
    struct suspend_arg a;
    unsigned flags = p ? p->stream_flags : 0;
    libxl__gc gc;
    int rc;

    if (st)
        memset(st, 0, sizeof(*st));
    if (flags & ~LIBXL_STREAM_ZLIB)
        return libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: migrate: stream "
                             "flags %#x are not supported", domid,
                             flags & ~LIBXL_STREAM_ZLIB);
    libxl__gc_init(&gc, ctx);
    a = (struct suspend_arg){ .gc = &gc, .domid = domid };
    rc = dm_begin(&a);
    if (rc)
        goto out;
    policy(p, &pol);
    sr_io_init(&io, fd, &err);
    rc = write_stream(&a, &pv, &io, &pol, flags, &ls);
    sr_pv_dispose(&pv);
    if (st) {
        stats(&ls, st);
        /* Also when the device model failed after the guest's suspend. */
        st->suspended = a.suspended;
        st->bytes = io.off;
        st->wire_bytes = sr_zio_file_offset(&io);
    }
    sr_zio_dispose(&io);
    /* A failed suspend left its own message on the handle. */
    if (rc && !ls.suspend_failed)
        libxl__seterr(ctx, rc, "domain %u: migrate: %s", domid, err.msg);
out:
    if (a.dm_file)
        unlink(a.dm_file);
    libxl__gc_release(&gc);
    return rc;
}
