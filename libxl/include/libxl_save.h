/*
 * libxl_save.h: saving a domain into Xen 4.17's image format and
 * creating one from such an image (xl save / restore), for PV guests.
 *
 * An image is xl's savefile header (with the domain config as JSON),
 * then libxl's stream v2, which carries libxc's migration stream v3
 * (docs/specs/lib{xl,xc}-migration-stream in Xen).  Calls return 0 or a
 * negative errno with libxl_errmsg() set; they block; nothing prints.
 */
#ifndef LIBXL_SAVE_H
#define LIBXL_SAVE_H

#include <stdint.h>

#include "libxl.h"
#include "libxl_types.h"

#define LIBXL_HAVE_SAVE_RESTORE 1
#define LIBXL_HAVE_SAVE_ZLIB 1

/*
 * Stream flags, beyond Xen's format.  LIBXL_STREAM_ZLIB: the libxl stream
 * (everything after xl's savefile header) is one zlib stream; xl's header
 * marks it with a mandatory flag, so Xen's own xl refuses such an image
 * cleanly.  Accepted by libxl_domain_suspend() as a suspend flag.
 */
#define LIBXL_STREAM_ZLIB (1U << 8)

/*
 * Write xl's savefile header to fd: magic, flags, and json (the domain
 * config, may be NULL for none) as its optional data.
 */
LIBXL_API int libxl_savefile_header_write(libxl_ctx *ctx, int fd,
                                          const char *json);
/* The same, with stream_flags (LIBXL_STREAM_*) marked in the header. */
LIBXL_API int libxl_savefile_header_write_flags(libxl_ctx *ctx, int fd,
                                                const char *json,
                                                unsigned stream_flags);

/*
 * Read and check xl's savefile header from fd.  *json_out is the config
 * (malloc'd, caller frees) or NULL when the image carries none.  An image
 * that is not one, or has flags this xl does not know, fails -EINVAL.
 */
LIBXL_API int libxl_savefile_header_read(libxl_ctx *ctx, int fd,
                                         char **json_out);
/* The same; *stream_flags_out: the LIBXL_STREAM_* flags the header
 * marks, to pass on to libxl_domain_create_restore_flags(). */
LIBXL_API int libxl_savefile_header_read_flags(libxl_ctx *ctx, int fd,
                                               char **json_out,
                                               unsigned *stream_flags_out);

/*
 * Ask a PV guest to suspend (control/shutdown = "suspend") and wait up to
 * timeout_ms (< 0: no limit) for it to shut down with reason suspend.
 */
LIBXL_API int libxl_domain_suspend_guest(libxl_ctx *ctx, uint32_t domid,
                                         int timeout_ms);

/*
 * Save domid into fd: suspend it (unless it is already suspended), then
 * write libxl's stream with the guest's memory and state.  The domain is
 * left suspended: the caller destroys it, or resumes it with
 * libxl_domain_resume() (checkpoint, or after a failure).  flags:
 * LIBXL_STREAM_ZLIB compresses the stream (the header written before it
 * must say so); other flags fail with -EOPNOTSUPP.
 */
LIBXL_API int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd,
                                   unsigned flags);

/*
 * Let a suspended domain run again in place.  suspend_cancel = 1: the
 * guest sees its suspend hypercall fail (it just carries on, as after
 * xl save -c); 0 is not supported (the guest would reconnect its devices
 * as on a new host).
 */
LIBXL_API int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid,
                                  int suspend_cancel);

/*
 * Create a domain from dc whose memory and state come from libxl's stream
 * on fd (positioned just after xl's savefile header).  Like
 * libxl_domain_create_new(): the domain is left paused, and a failure
 * leaves no domain, xenstore nodes or stored config behind.
 */
LIBXL_API int libxl_domain_create_restore(libxl_ctx *ctx,
                                          struct libxl_domain_config *dc,
                                          uint32_t *domid, int restore_fd);
/* The same for a stream with stream_flags (from the savefile header). */
LIBXL_API int libxl_domain_create_restore_flags(libxl_ctx *ctx,
                                                struct libxl_domain_config
                                                *dc, uint32_t *domid,
                                                int restore_fd,
                                                unsigned stream_flags);

#define LIBXL_HAVE_RESTORE_STATS 1

/* What a restored stream held beyond the guest. */
struct libxl_restore_stats {
    unsigned verified;            /* a VERIFY record (xl migrate --debug):
                                     every page came again and was
                                     compared with the first copy */
    uint64_t verify_pages;        /* pages compared, all found the same
                                     (a page that differs fails the
                                     restore, naming its frame) */
};

/* libxl_domain_create_restore_flags(), and *st (may be NULL; zeroed
 * first) says what the stream held. */
LIBXL_API int libxl_domain_create_restore_stats(libxl_ctx *ctx,
                                                struct libxl_domain_config
                                                *dc, uint32_t *domid,
                                                int restore_fd,
                                                unsigned stream_flags,
                                                struct libxl_restore_stats
                                                *st);

#endif /* LIBXL_SAVE_H */
