/*
 * libxl: waiting on domains for shutdown or destruction (xl shutdown/reboot
 * -w, -a -w, xl's per-domain monitor, save), on xenstore's @releaseDomain
 * watch, which xenstored fires on VIRQ_DOM_EXC: no polling.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "libxl_internal.h"

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* LIBXL_DOMAIN_SEEN_* of domid now, or -errno. */
static int observe(libxl_ctx *ctx, uint32_t domid, int *reason)
{
    struct libxl_dominfo info;
    int rc = libxl_domain_info(ctx, domid, &info);

    if (rc == -ESRCH)
        return LIBXL_DOMAIN_SEEN_GONE;
    if (rc)
        return rc;
    if (info.dying)
        rc = LIBXL_DOMAIN_SEEN_GONE;
    else if (info.shutdown) {
        *reason = info.shutdown_reason;
        rc = LIBXL_DOMAIN_SEEN_SHUTDOWN;
    } else
        rc = LIBXL_DOMAIN_SEEN_RUNNING;
    libxl_dominfo_dispose(&info);
    return rc;
}

/* Index of an entry that moved on (updated), -ECHILD, -EAGAIN, -errno. */
static int scan(libxl_ctx *ctx, struct libxl_domain_waiter *w, int n)
{
    bool any = false;
    int i, s, reason;

    for (i = 0; i < n; i++) {
        if (w[i].seen >= LIBXL_DOMAIN_SEEN_GONE)
            continue;
        any = true;
        reason = LIBXL_SHUTDOWN_REASON_UNKNOWN;
        s = observe(ctx, w[i].domid, &reason);
        if (s < 0)
            return s;
        if (s > w[i].seen) {
            if (s == LIBXL_DOMAIN_SEEN_SHUTDOWN)
                w[i].reason = reason;
            w[i].seen = s;
            return i;
        }
    }
    return any ? -EAGAIN : -ECHILD;
}

LIBXL_API int libxl_domain_wait_change(libxl_ctx *ctx,
                                       struct libxl_domain_waiter *w, int n,
                                       int timeout_ms)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    char token[48];
    libxl__gc gc;
    int rc, left;

    libxl__gc_init(&gc, ctx);
    snprintf(token, sizeof(token), "wait-change-%p", (void *)w);
    rc = libxl__xs_watch(&gc, "@releaseDomain", token);
    if (rc) {
        libxl__seterr(ctx, rc, "cannot watch @releaseDomain");
        goto out;
    }
    for (;;) {
        rc = scan(ctx, w, n);
        if (rc != -EAGAIN)
            break;
        left = -1;
        if (deadline >= 0) {
            long long l = deadline - now_ms();

            if (l <= 0) {
                rc = libxl__seterr(ctx, -ETIMEDOUT, "timed out waiting "
                                   "for domains");
                break;
            }
            left = (int)l;
        }
        rc = libxl__xs_wait_event(&gc, left);
        if (rc && rc != -ETIMEDOUT) {
            libxl__seterr(ctx, rc, "waiting on xenstore failed");
            break;
        }
    }
    libxl__xs_unwatch(&gc, "@releaseDomain", token);
out:
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_domain_wait_gone(libxl_ctx *ctx, uint32_t domid,
                                     int timeout_ms)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    struct libxl_domain_waiter w = { .domid = domid };
    int rc, left = timeout_ms;

    for (;;) {
        rc = libxl_domain_wait_change(ctx, &w, 1, left);
        if (rc || w.seen == LIBXL_DOMAIN_SEEN_GONE)
            break;
        if (deadline >= 0) {             /* shut down: wait on, less */
            long long l = deadline - now_ms();

            left = l > 0 ? (int)l : 0;
        }
    }
    return rc == -ECHILD || rc == 0 ? 0 : rc;
}

LIBXL_API int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid,
                                         int *reason, int timeout_ms)
{
    struct libxl_domain_waiter w = { .domid = domid };
    int rc = libxl_domain_wait_change(ctx, &w, 1, timeout_ms);

    *reason = LIBXL_SHUTDOWN_REASON_UNKNOWN;
    if (rc == -ETIMEDOUT)
        return libxl__seterr(ctx, rc, "domain %u did not shut down in time",
                             domid);
    if (rc)
        return rc;
    if (w.seen == LIBXL_DOMAIN_SEEN_GONE)
        return -ESRCH;
    *reason = w.reason;
    return 0;
}
