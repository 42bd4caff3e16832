/*
 * libxl: asking a running domain to power off or reboot through the PV
 * control protocol (control/shutdown, acknowledged by the guest emptying
 * the node), the hypervisor fallback, and SysRq (control/sysrq).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <xen/hvm/params.h>

#include "libxl_internal.h"

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * 1 if the guest can take PV control requests, 0 if not, -errno.  As
 * Xen 4.17's libxl: PV and PVH always; HVM once its PV drivers have set
 * the event callback (HVM_PARAM_CALLBACK_IRQ non-zero).
 */
static int pvcontrol_available(libxl__gc *gc, uint32_t domid)
{
    libxl_ctx *ctx = gc->ctx;
    uint64_t cb = 0;
    int rc = libxl__domain_is_hvm(gc, domid);

    if (rc <= 0)
        return rc ? rc : 1;
    rc = xc_hvm_param_get(ctx->xch, domid, HVM_PARAM_CALLBACK_IRQ, &cb);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "getting the HVM callback IRQ");
    return cb != 0;
}

/* 1 if the request at path was taken (empty, removed, domain down). */
static int acked(libxl__gc *gc, uint32_t domid, const char *path)
{
    struct libxl_dominfo info;
    char *val = NULL;
    int rc;

    rc = libxl__xs_read(gc, LIBXL__XBT_NULL, path, &val);
    if (rc == -ENOENT || (!rc && !*val))
        return 1;
    if (rc)
        return libxl__seterr(gc->ctx, rc, "cannot read '%s'", path);
    rc = libxl_domain_info(gc->ctx, domid, &info);
    if (rc == -ESRCH)
        return 1;
    if (rc)
        return rc;
    rc = info.shutdown || info.dying;
    libxl_dominfo_dispose(&info);
    return rc;
}

static int wait_ack(libxl__gc *gc, uint32_t domid, const char *path,
                    const char *cmd, int timeout_ms)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    libxl_ctx *ctx = gc->ctx;
    int rc, left;

    for (;;) {
        rc = acked(gc, domid, path);
        if (rc)
            return rc < 0 ? rc : 0;
        left = -1;
        if (deadline >= 0) {
            long long l = deadline - now_ms();

            if (l <= 0)
                return libxl__seterr(ctx, -ETIMEDOUT, "domain %u: guest "
                                     "didn't acknowledge the %s request",
                                     domid, cmd);
            left = (int)l;
        }
        rc = libxl__xs_wait_event(gc, left);
        if (rc && rc != -ETIMEDOUT)
            return libxl__seterr(ctx, rc, "waiting on xenstore failed");
    }
}

LIBXL_API int libxl_domain_pvcontrol(libxl_ctx *ctx, uint32_t domid,
                                     const char *cmd, int ack_timeout_ms)
{
    char token[48], *path;
    bool watching = false, release = false;
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    rc = pvcontrol_available(&gc, domid);
    if (rc < 0)
        goto out;
    if (!rc) {
        rc = libxl__seterr(ctx, -EOPNOTSUPP, "domain %u: PV control "
                           "interface not available", domid);
        goto out;
    }
    path = libxl__sprintf(&gc, "/local/domain/%u/control/shutdown", domid);
    snprintf(token, sizeof(token), "pvcontrol-%u", domid);
    /* Watch first: an ack between the write and the watch is not lost. */
    rc = libxl__xs_watch(&gc, path, token);
    if (rc) {
        libxl__seterr(ctx, rc, "cannot watch '%s'", path);
        goto out;
    }
    watching = true;
    rc = libxl__xs_watch(&gc, "@releaseDomain", token);
    if (rc) {
        libxl__seterr(ctx, rc, "cannot watch @releaseDomain");
        goto out;
    }
    release = true;
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL, path, cmd);
    if (rc) {
        libxl__seterr(ctx, rc, "domain %u: cannot write '%s'", domid, path);
        goto out;
    }
    rc = wait_ack(&gc, domid, path, cmd, ack_timeout_ms);
out:
    if (release)
        libxl__xs_unwatch(&gc, "@releaseDomain", token);
    if (watching)
        libxl__xs_unwatch(&gc, path, token);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid)
{
    return libxl_domain_pvcontrol(ctx, domid, "poweroff",
                                  LIBXL_PVCONTROL_TIMEOUT_MS);
}

LIBXL_API int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid)
{
    return libxl_domain_pvcontrol(ctx, domid, "reboot",
                                  LIBXL_PVCONTROL_TIMEOUT_MS);
}

LIBXL_API int libxl_domain_shutdown_hard(libxl_ctx *ctx, uint32_t domid,
                                         int reason)
{
    int rc = xc_domain_shutdown(ctx->xch, domid, reason);

    if (rc == -ESRCH)
        return libxl__seterr(ctx, rc, "domain %u: no such domain", domid);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "shutting the domain down");
    return 0;
}

LIBXL_API int libxl_send_sysrq(libxl_ctx *ctx, uint32_t domid, char sysrq)
{
    struct libxl_dominfo info;
    char val[2] = { sysrq, '\0' };
    char *path;
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    rc = libxl_domain_info(ctx, domid, &info);     /* sets the message */
    if (rc)
        goto out;
    libxl_dominfo_dispose(&info);
    path = libxl__sprintf(&gc, "/local/domain/%u/control/sysrq", domid);
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL, path, val);
    if (rc)
        libxl__seterr(ctx, rc, "domain %u: cannot write '%s'", domid, path);
out:
    libxl__gc_release(&gc);
    return rc;
}
