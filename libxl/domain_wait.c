/*
 * libxl: waiting for a domain to shut down or disappear, on xenstore's
 * @releaseDomain watch (fired by xenstored on VIRQ_DOM_EXC), as the
 * per-domain monitor of xl needs it.
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

/* 1: shut down (reason set), 2: gone, 0: running, <0 error. */
static int check(libxl_ctx *ctx, uint32_t domid, int *reason)
{
    struct libxl_dominfo info;
    int rc = libxl_domain_info(ctx, domid, &info);

    if (rc == -ESRCH)
        return 2;
    if (rc)
        return rc;
    rc = 0;
    if (info.dying)
        rc = 2;
    else if (info.shutdown) {
        *reason = info.shutdown_reason;
        rc = 1;
    }
    libxl_dominfo_dispose(&info);
    return rc;
}

LIBXL_API int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid,
                                         int *reason, int timeout_ms)
{
    long long deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    char token[32];
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    snprintf(token, sizeof(token), "wait-shutdown-%u", domid);
    rc = libxl__xs_watch(&gc, "@releaseDomain", token);
    if (rc) {
        libxl__seterr(ctx, rc, "cannot watch @releaseDomain");
        goto out;
    }
    for (;;) {
        int left = -1;

        rc = check(ctx, domid, reason);
        if (rc == 2) {
            *reason = LIBXL_SHUTDOWN_REASON_UNKNOWN;
            rc = -ESRCH;
            break;
        }
        if (rc)
            break;
        if (deadline >= 0) {
            long long l = deadline - now_ms();

            if (l <= 0) {
                rc = libxl__seterr(ctx, -ETIMEDOUT, "domain %u did not "
                                   "shut down in time", domid);
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
    if (rc == 1)
        rc = 0;
    libxl__xs_unwatch(&gc, "@releaseDomain", token);
out:
    libxl__gc_release(&gc);
    return rc;
}
