/*
 * libxl_migrate.h: live migration, the sending side.  The
 * stream is the one a save image holds after xl's header (libxl stream
 * v2 carrying libxc's migration stream v3), written by pre-copy while the
 * guest runs; the receiving side is libxl_domain_create_restore() on the
 * other end (libxl_save.h).  Calls block and never print.
 */
#ifndef LIBXL_MIGRATE_H
#define LIBXL_MIGRATE_H

#include <stdint.h>

#include "libxl.h"

#define LIBXL_HAVE_MIGRATE 1
#define LIBXL_HAVE_MIGRATE_ZLIB_VERIFY 1
#define LIBXL_HAVE_MIGRATE_HVM 1

/* Xen's default pre-copy policy (xg_sr_save.c's simple policy). */
#define LIBXL_MIGRATE_MAX_ITERS 5
#define LIBXL_MIGRATE_MIN_REMAINING 50

/*
 * When pre-copy stops and the guest is suspended for the last round.
 * Zero fields take the defaults.
 */
struct libxl_migrate_params {
    unsigned max_iters;           /* rounds while the guest runs, the
                                     first (all pages) included; 5 */
    unsigned min_remaining;       /* stop after a round that found fewer
                                     dirty pages; 50 */
    unsigned downtime_ms;         /* also stop once the dirty pages would
                                     go in this time at the last round's
                                     rate; 0: no such target */
    unsigned bandwidth_mib;       /* MiB/s cap on the bytes sent while
                                     the guest runs (the last round is not
                                     capped); 0: none */
    unsigned stream_flags;        /* LIBXL_STREAM_ZLIB (libxl_save.h):
                                     the stream after xl's header is one
                                     zlib stream, which the header must
                                     mark; 0: Xen's plain stream */
    unsigned verify;              /* Xen's debug mode: after the last
                                     round a VERIFY record and every page
                                     again, for the receiver to compare
                                     with what it got */
};

/* What a migration did (times in ms from its start). */
struct libxl_migrate_stats {
    unsigned rounds;              /* while running, the first included */
    uint64_t first_round_pages, last_round_pages, final_pages;
    uint64_t pages_sent, bytes;   /* bytes: of the stream, uncompressed */
    uint64_t wire_bytes;          /* written to fd (compressed or not) */
    uint64_t verify_pages;        /* sent with contents in the verify
                                     pass (what the receiver compares) */
    unsigned suspended;           /* the guest was suspended */
    unsigned stop_and_copy;       /* no log-dirty in the hypervisor: the
                                     guest was suspended for all of it */
    uint64_t suspend_at_ms;       /* when the suspend was asked for */
    uint64_t end_ms;              /* when the stream was written */
};

/*
 * Write domid's libxl stream to fd while it runs: log-dirty, rounds of
 * pages per p (NULL: defaults), then suspend the guest (as
 * libxl_domain_suspend_guest) and send the rest.  An HVM guest's device
 * model logs its writes to guest memory meanwhile, is stopped after the
 * suspend and its state follows the guest's (the receiver's device model
 * starts from it); libxl_domain_resume continues it.  A hypervisor without
 * log-dirty mode for PV guests (Xen built without shadow paging, as
 * Debian's 4.17) gets stop-and-copy: suspend first, then every page
 * (st->stop_and_copy).  On success the domain
 * is left suspended: the caller destroys it once the other end runs it,
 * or resumes it (libxl_domain_resume with suspend_cancel 1).  On failure
 * nothing is left in log-dirty mode; st->suspended says whether the guest
 * must be resumed (the caller does it).  st may be NULL.
 */
LIBXL_API int libxl_domain_migrate_send(libxl_ctx *ctx, uint32_t domid,
                                        int fd,
                                        const struct libxl_migrate_params *p,
                                        struct libxl_migrate_stats *st);

#endif /* LIBXL_MIGRATE_H */
