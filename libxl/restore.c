/*
 * libxl restore: the "restore" step of creation -- reads libxl's stream
 * v2 from the image, hands its LIBXC_CONTEXT to the restorer
 * (sr_restore_pv.c, which passes HVM images to sr_restore_hvm.c) and
 * takes the xenstore and console frames it found; an HVM guest's device
 * model records are kept for its start (dm_save.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libxl_save.h"
#include "create_internal.h"
#include "dm_internal.h"
#include "sr_pv.h"

static int libxc_context(struct libxl__create *cs, struct sr_io *io)
{
    libxl_ctx *ctx = cs->gc->ctx;
    struct sr_restore_args a = {
        .store_evtchn = cs->store_port,
        .console_evtchn = cs->console_port,
        .store_domid = 0,
        .console_domid = 0,
        .max_vcpus = (uint32_t)cs->dc->b_info.max_vcpus,
    };
    struct sr_pv pv = { .xch = ctx->xch, .domid = cs->domid,
                        .err = io->err };
    int rc;

    rc = sr_restore_pv(&pv, io, &a);
    sr_pv_dispose(&pv);
    /* Also after a failure: how far a verify pass got. */
    if (cs->restore_st) {
        cs->restore_st->verified = a.verified;
        cs->restore_st->verify_pages = a.verify_pages;
    }
    if (rc)
        return rc;
    cs->store_gfn = a.store_mfn;
    cs->console_gfn = a.console_mfn;
    return 0;
}

/* The device model's records of an HVM guest: kept for its start. */
static int emulator(struct libxl__create *cs, struct sr_rec *rec,
                    struct sr_err *err)
{
    libxl__gc *gc = cs->gc;
    int rc;

    if (rec->type == SR_LIBXL_EMULATOR_CONTEXT)
        rc = libxl__dm_state_restore(gc, cs->domid, rec, &cs->dm_state_file);
    else if (!(rc = libxl__dm_xs_check(gc, rec))) {
        cs->dm_xs = libxl__zalloc(gc, rec->len);
        memcpy(cs->dm_xs, rec->body, rec->len);
        cs->dm_xs_len = rec->len;
    }
    /* The message is on the handle; the caller reports err's. */
    return rc ? sr_seterr(err, rc, "%s", libxl_errmsg(gc->ctx)) : 0;
}

int libxl__create_restore(struct libxl__create *cs)
{
    libxl_ctx *ctx = cs->gc->ctx;
    struct sr_err err = { "" };
    struct sr_rec rec = { 0 };
    struct sr_io io;
    char where[160];
    bool got_libxc = false;
    bool hvm = cs->dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM;
    off_t pos;
    int rc;

    sr_io_init(&io, cs->restore_fd, &err);
    /* Offsets in messages count from the start of the file, when the
     * image is one (not a pipe). */
    pos = lseek(cs->restore_fd, 0, SEEK_CUR);
    if (pos > 0)
        io.off = (uint64_t)pos;
    rc = 0;
    if (cs->stream_flags & LIBXL_STREAM_ZLIB)
        rc = sr_zio_begin(&io, false, 0);
    if (!rc)
        rc = sr_libxl_hdr_read(&io);
    while (!rc) {
        rc = sr_rec_read(&io, SR_LAYER_LIBXL, &rec);
        if (rc)
            break;
        sr_rec_where(SR_LAYER_LIBXL, &rec, where, sizeof(where));
        if (rec.type == SR_LIBXL_END) {
            if (!got_libxc)
                rc = sr_seterr(&err, -EINVAL, "%s: the image has no guest "
                               "memory (no LIBXC_CONTEXT)", where);
            break;
        } else if (rec.type == SR_LIBXL_LIBXC_CONTEXT && !got_libxc) {
            got_libxc = true;
            rc = libxc_context(cs, &io);
        } else if (rec.type == SR_LIBXL_LIBXC_CONTEXT) {
            rc = sr_seterr(&err, -EINVAL, "%s: a second one", where);
        } else if (rec.type == SR_LIBXL_CHECKPOINT_END ||
                   rec.type == SR_LIBXL_CHECKPOINT_STATE) {
            rc = sr_seterr(&err, -EOPNOTSUPP, "%s: checkpointed streams "
                           "(Remus, COLO) are not supported", where);
        } else if (hvm && (rec.type == SR_LIBXL_EMULATOR_XENSTORE_DATA ||
                           rec.type == SR_LIBXL_EMULATOR_CONTEXT)) {
            rc = emulator(cs, &rec, &err);
        } else if (!(rec.type & SR_REC_OPTIONAL)) {
            rc = sr_seterr(&err, -EOPNOTSUPP, "%s: device model state is "
                           "not supported for PV and PVH guests", where);
        }
        sr_rec_dispose(&rec);
    }
    sr_rec_dispose(&rec);
    if (!rc)
        rc = sr_zio_end(&io);
    if (rc && io.z)
        libxl__seterr(ctx, rc, "%s (the image is compressed: record offsets "
                      "are those of its uncompressed form)", err.msg);
    else if (rc)
        libxl__seterr(ctx, rc, "%s", err.msg);
    sr_zio_dispose(&io);
    return rc;
}
