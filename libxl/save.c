/*
 * libxl save: suspending a PV or PVH guest through its control node,
 * writing libxl's stream v2 around the libxc stream (sr_save_pv.c,
 * sr_save_hvm.c), resuming a suspended guest in place, and xl's savefile
 * header for xl.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>

#include "libxl_internal.h"
#include "dm_internal.h"
#include "libxl_lifecycle.h"
#include "libxl_save.h"
#include "sr_pv.h"

/* How long a guest gets to answer the suspend request (Xen's libxl
 * waits 60 s for the suspend itself). */
#define SUSPEND_ACK_MS 60000
#define SUSPEND_MS 60000

LIBXL_API int libxl_savefile_header_write_flags(libxl_ctx *ctx, int fd,
                                                const char *json,
                                                unsigned stream_flags)
{
    struct sr_err err = { "" };
    struct sr_io io;
    int rc;

    if (stream_flags & ~LIBXL_STREAM_ZLIB)
        return libxl__seterr(ctx, -EOPNOTSUPP, "savefile header: stream "
                             "flags %#x are not supported", stream_flags);
    sr_io_init(&io, fd, &err);
    rc = sr_xl_hdr_write(&io, json, stream_flags & LIBXL_STREAM_ZLIB ?
                                    SR_XL_FLAG_ZLIB : 0);
    return rc ? libxl__seterr(ctx, rc, "%s", err.msg) : 0;
}

LIBXL_API int libxl_savefile_header_write(libxl_ctx *ctx, int fd,
                                          const char *json)
{
    return libxl_savefile_header_write_flags(ctx, fd, json, 0);
}

LIBXL_API int libxl_savefile_header_read_flags(libxl_ctx *ctx, int fd,
                                               char **json_out,
                                               unsigned *stream_flags_out)
{
    struct sr_err err = { "" };
    struct sr_io io;
    uint32_t mand = 0;
    int rc;

    *json_out = NULL;
    sr_io_init(&io, fd, &err);
    rc = sr_xl_hdr_read(&io, json_out, &mand);
    if (rc)
        return libxl__seterr(ctx, rc, "%s", err.msg);
    if (stream_flags_out)
        *stream_flags_out = mand & SR_XL_FLAG_ZLIB ? LIBXL_STREAM_ZLIB : 0;
    return 0;
}

LIBXL_API int libxl_savefile_header_read(libxl_ctx *ctx, int fd,
                                         char **json_out)
{
    unsigned flags;
    int rc = libxl_savefile_header_read_flags(ctx, fd, json_out, &flags);

    if (!rc && flags) {
        free(*json_out);
        *json_out = NULL;
        return libxl__seterr(ctx, -EOPNOTSUPP, "xl header: the image is "
                             "compressed: read it with "
                             "libxl_savefile_header_read_flags()");
    }
    return rc;
}

/* An HVM container without a device model: PVH, as libxl recorded it. */
static bool is_pvh(libxl_ctx *ctx, uint32_t domid)
{
    libxl__gc gc;
    bool pvh;

    libxl__gc_init(&gc, ctx);
    pvh = libxl__domain_is_hvm(&gc, domid) == 0;
    libxl__gc_release(&gc);
    return pvh;
}

/* What a saved domain is: PV, PVH or HVM with a device model. */
enum kind { K_PV, K_PVH, K_HVM };

/* 1 if suspended, 0 if not, or -errno; *k (may be NULL): its kind. */
static int suspended(libxl_ctx *ctx, uint32_t domid, enum kind *k)
{
    struct xc_dominfo di;
    int rc = xc_domain_getinfo_single(ctx->xch, domid, &di);

    if (rc)
        return libxl__seterr(ctx, rc, "domain %u: no such domain", domid);
    if (k)
        *k = !di.hvm ? K_PV : is_pvh(ctx, domid) ? K_PVH : K_HVM;
    return di.shutdown && di.shutdown_reason == XC_SHUTDOWN_SUSPEND;
}

/* An HVM guest without PV drivers (no event callback) is suspended by
 * the toolstack, as Xen's libxl does; any other through its control
 * node. */
static int request_suspend(libxl_ctx *ctx, uint32_t domid, enum kind k,
                           int timeout_ms)
{
    uint64_t cb = 0;
    int rc;

    if (k == K_HVM) {
        rc = xc_hvm_param_get(ctx->xch, domid, HVM_PARAM_CALLBACK_IRQ, &cb);
        if (rc)
            return libxl__seterr_xc(ctx, rc, "read the HVM callback IRQ");
    }
    if (k != K_HVM || cb)
        return libxl_domain_pvcontrol(ctx, domid, "suspend", timeout_ms);
    rc = xc_domain_shutdown(ctx->xch, domid, XC_SHUTDOWN_SUSPEND);
    return rc ? libxl__seterr_xc(ctx, rc, "suspend") : 0;
}

LIBXL_API int libxl_domain_suspend_guest(libxl_ctx *ctx, uint32_t domid,
                                         int timeout_ms)
{
    enum kind k = K_PV;
    int rc, reason = -1;

    rc = suspended(ctx, domid, &k);
    if (rc)
        return rc < 0 ? rc : 0;
    rc = request_suspend(ctx, domid, k,
                         timeout_ms < 0 ? SUSPEND_ACK_MS : timeout_ms);
    if (rc)
        return rc;
    rc = libxl_domain_wait_shutdown(ctx, domid, &reason,
                                    timeout_ms < 0 ? SUSPEND_MS
                                                   : timeout_ms);
    if (rc == -ETIMEDOUT)
        return libxl__seterr(ctx, rc, "domain %u: guest did not suspend "
                             "within %d ms", domid,
                             timeout_ms < 0 ? SUSPEND_MS : timeout_ms);
    if (rc)
        return rc;
    if (reason != LIBXL_SHUTDOWN_REASON_SUSPEND)
        return libxl__seterr(ctx, -EINVAL, "domain %u shut down (reason "
                             "%d) instead of suspending", domid, reason);
    return 0;
}

/* An HVM guest's device model: stopped, its state saved to a file. */
static int dm_save(libxl__gc *gc, uint32_t domid, char **file)
{
    enum kind k = K_PV;
    int rc = suspended(gc->ctx, domid, &k);

    *file = NULL;
    if (rc < 0 || k != K_HVM)
        return rc < 0 ? rc : 0;
    *file = libxl__dm_state_file(gc, domid, true);
    rc = libxl__dm_save_state(gc, domid, *file, false);
    if (rc) {
        char why[sizeof(gc->ctx->errmsg)];

        snprintf(why, sizeof(why), "%s", libxl_errmsg(gc->ctx));
        libxl__seterr(gc->ctx, rc, "domain %u: save: device model: %s",
                      domid, why);
    }
    return rc;
}

static int write_stream(libxl_ctx *ctx, uint32_t domid, int fd,
                        unsigned flags)
{
    struct sr_err err = { "" };
    struct sr_pv pv = { .xch = ctx->xch, .domid = domid, .err = &err };
    struct sr_io io;
    char *dm_file = NULL;
    libxl__gc gc;
    int rc = 0;

    libxl__gc_init(&gc, ctx);
    rc = dm_save(&gc, domid, &dm_file);
    if (rc)
        goto out;
    sr_io_init(&io, fd, &err);
    /* Speed over size: most of an image is page contents, written once. */
    if (flags & LIBXL_STREAM_ZLIB)
        rc = sr_zio_begin(&io, true, SR_ZIO_FAST);
    if (!rc)
        rc = sr_libxl_hdr_write(&io);
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_save_pv(&pv, &io);
    if (!rc && dm_file && (rc = libxl__dm_stream_write(&gc, domid, dm_file,
                                                       &io)))
        snprintf(err.msg, sizeof(err.msg), "%s", libxl_errmsg(ctx));
    if (!rc)
        rc = sr_rec_write(&io, SR_LIBXL_END, NULL, 0, NULL, 0);
    if (!rc)
        rc = sr_zio_end(&io);
    sr_zio_dispose(&io);
    sr_pv_dispose(&pv);
    if (rc)
        libxl__seterr(ctx, rc, "domain %u: save: %s", domid, err.msg);
out:
    if (dm_file)
        unlink(dm_file);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_suspend(libxl_ctx *ctx, uint32_t domid, int fd,
                                   unsigned flags)
{
    int rc;

    if (flags & ~LIBXL_STREAM_ZLIB)
        return libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: save flags %#x "
                             "are not supported", domid,
                             flags & ~LIBXL_STREAM_ZLIB);
    rc = libxl_domain_suspend_guest(ctx, domid, -1);
    return rc ? rc : write_stream(ctx, domid, fd, flags);
}

/* The suspend hypercall returns what vCPU 0's rax holds: 1 says it was
 * cancelled, the guest carries on in the same domain. */
static int cancel_pv(libxl_ctx *ctx, uint32_t domid)
{
    vcpu_guest_context_t c;
    int rc = xc_vcpu_getcontext(ctx->xch, domid, 0, &c, sizeof(c));

    if (!rc) {
        c.user_regs.rax = 1;
        rc = xc_vcpu_setcontext(ctx->xch, domid, 0, &c, sizeof(c));
    }
    return rc;
}

/* The same in vCPU 0's CPU record of an HVM context (HEADER, CPU, END
 * loaded back).  An HVM guest without PV drivers was not in a hypercall:
 * nothing to return (Xen's libxl leaves it alone too). */
static int cancel_hvm(libxl_ctx *ctx, uint32_t domid, enum kind k)
{
    struct {
        struct hvm_save_descriptor hdr_d;
        struct hvm_save_header hdr;
        struct hvm_save_descriptor cpu_d;
        struct hvm_hw_cpu cpu;
        struct hvm_save_descriptor end_d;
    } c;
    uint64_t cb = 0;
    uint8_t *all;
    int len, rc;

    if (k == K_HVM &&
        (xc_hvm_param_get(ctx->xch, domid, HVM_PARAM_CALLBACK_IRQ, &cb) ||
         !cb))
        return 0;
    len = xc_domain_hvm_getcontext(ctx->xch, domid, NULL, 0);
    if (len < (int)(sizeof(c.hdr_d) + sizeof(c.hdr)))
        return len < 0 ? len : -EINVAL;
    all = malloc((size_t)len);
    if (!all)
        return -ENOMEM;
    rc = xc_domain_hvm_getcontext(ctx->xch, domid, all, (uint32_t)len);
    if (rc >= (int)(sizeof(c.hdr_d) + sizeof(c.hdr)))
        memcpy(&c.hdr_d, all, sizeof(c.hdr_d) + sizeof(c.hdr));
    free(all);
    if (rc < 0)
        return rc;
    rc = xc_domain_hvm_getcontext_partial(ctx->xch, domid,
                                          HVM_SAVE_CODE(CPU), 0, &c.cpu,
                                          sizeof(c.cpu));
    if (rc)
        return rc;
    c.cpu.rax = 1;
    c.cpu_d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(CPU),
                                            .length = sizeof(c.cpu) };
    c.end_d = (struct hvm_save_descriptor){ .typecode = HVM_SAVE_CODE(END) };
    return xc_domain_hvm_setcontext(ctx->xch, domid, (uint8_t *)&c,
                                    sizeof(c));
}

LIBXL_API int libxl_domain_resume(libxl_ctx *ctx, uint32_t domid,
                                  int suspend_cancel)
{
    libxl__gc gc;
    enum kind k = K_PV;
    int rc;

    if (!suspend_cancel)
        return libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: only a cancelled "
                             "suspend can be resumed", domid);
    rc = suspended(ctx, domid, &k);
    if (rc <= 0)
        return rc < 0 ? rc : libxl__seterr(ctx, -EINVAL, "domain %u is not "
                                           "suspended", domid);
    rc = k == K_PV ? cancel_pv(ctx, domid) : cancel_hvm(ctx, domid, k);
    if (!rc)
        rc = xc_domain_resume(ctx->xch, domid);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "resume");
    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_resume(&gc, domid);
    /* The device model was stopped for the save: it runs on. */
    if (!rc && k == K_HVM && (rc = libxl__dm_cont(&gc, domid))) {
        libxl__gc_release(&gc);
        return rc;
    }
    libxl__gc_release(&gc);
    if (rc)
        return libxl__seterr(ctx, rc, "domain %u: xenstored RESUME failed: "
                             "%s", domid, strerror(-rc));
    return 0;
}
