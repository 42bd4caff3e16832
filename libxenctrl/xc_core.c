/*
 * libxenctrl core: opening and closing handles, choosing the backend,
 * error messages, hypercall-safe buffers and the single path through
 * which every hypercall reaches the backend.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xc_private.h"

void xc__vseterr(char *buf, size_t len, const char *fmt, va_list ap)
{
    if (!buf || !len)
        return;
    vsnprintf(buf, len, fmt, ap);
}

int xc__err(xc_interface *xch, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xc__vseterr(xch->errmsg, sizeof(xch->errmsg), fmt, ap);
    va_end(ap);
    return rc;
}

int xc__everr(xc_evtchn *xce, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xc__vseterr(xce->errmsg, sizeof(xce->errmsg), fmt, ap);
    va_end(ap);
    return rc;
}

static void put_err(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put_err(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xc__vseterr(buf, len, fmt, ap);
    va_end(ap);
}

int xc__pick_backend(unsigned flags, const struct xc_backend **be,
                     char **simdir, uint32_t *self, char *err, size_t len)
{
    const char *dir = getenv("XENSIM_DIR");
    const char *dom = getenv("XENSIM_DOMID");
    char *end;
    unsigned long v;

    *simdir = NULL;
    *self = 0;
    if ((flags & XC_OPEN_PRIVCMD) || !dir || !*dir) {
        *be = &xc__backend_privcmd;
        return 0;
    }
    *be = &xc__backend_sim;
    if (dom && *dom) {
        errno = 0;
        v = strtoul(dom, &end, 10);
        if (errno || *end || v > XC_DOMID_MAX) {
            put_err(err, len, "invalid XENSIM_DOMID '%s'", dom);
            return -EINVAL;
        }
        *self = (uint32_t)v;
    }
    *simdir = strdup(dir);
    if (!*simdir) {
        put_err(err, len, "out of memory");
        return -ENOMEM;
    }
    return 0;
}

xc_interface *xc_interface_open_err(unsigned flags, char *buf, size_t len)
{
    xc_interface *xch;
    int rc;

    if (buf && len)
        buf[0] = 0;
    xch = calloc(1, sizeof(*xch));
    if (!xch) {
        put_err(buf, len, "out of memory");
        errno = ENOMEM;
        return NULL;
    }
    rc = xc__pick_backend(flags, &xch->be, &xch->simdir, &xch->self_domid,
                          buf, len);
    if (rc)
        goto fail;
    rc = xch->be->open(xch);
    if (rc) {
        put_err(buf, len, "%s", xch->errmsg);
        goto fail;
    }
    return xch;
fail:
    free(xch->simdir);
    free(xch);
    errno = -rc;
    return NULL;
}

xc_interface *xc_interface_open(unsigned flags)
{
    return xc_interface_open_err(flags, NULL, 0);
}

int xc_interface_close(xc_interface *xch)
{
    if (!xch)
        return 0;
    xch->be->close(xch);
    free(xch->simdir);
    free(xch);
    return 0;
}

const char *xc_backend_name(xc_interface *xch)
{
    return xch->be->name;
}

const char *xc_errmsg(xc_interface *xch)
{
    return xch->errmsg;
}

uint32_t xc_self_domid(xc_interface *xch)
{
    return xch->self_domid;
}

void *xc__buf(xc_interface *xch, size_t size)
{
    void *p = xch->be->buf_alloc(xch, size ? size : 1);

    if (!p)
        xc__err(xch, -ENOMEM, "cannot allocate a hypercall buffer of %zu "
                "bytes", size);
    return p;
}

void xc__buf_free(xc_interface *xch, void *p, size_t size)
{
    if (p)
        xch->be->buf_free(xch, p, size ? size : 1);
}

long xc__hypercall(xc_interface *xch, unsigned op, uint64_t a0, uint64_t a1,
                   uint64_t a2, uint64_t a3, uint64_t a4)
{
    struct xc_hcall hc = { op, { a0, a1, a2, a3, a4 } };

    return xch->be->hypercall(xch, &hc);
}

/*
 * A domctl/sysctl whose interface version the hypervisor does not speak
 * fails with -EACCES before anything else is checked; find out which
 * version it wants so the message names both.
 */
static int probe_version(xc_interface *xch, int domctl, uint32_t *want)
{
    uint32_t v, base = domctl ? XEN_DOMCTL_INTERFACE_VERSION
                              : XEN_SYSCTL_INTERFACE_VERSION;
    size_t sz = domctl ? sizeof(struct xen_domctl)
                       : sizeof(struct xen_sysctl);
    void *b = xc__buf(xch, sz);
    long r = -EACCES;

    if (!b)
        return -ENOMEM;
    for (v = base > 8 ? base - 8 : 0; v < base + 8; v++) {
        if (v == base)
            continue;
        memset(b, 0, sz);
        if (domctl) {
            struct xen_domctl *d = b;
            d->cmd = XEN_DOMCTL_getdomaininfo;
            d->interface_version = v;
            d->domain = 0;
            r = xc__hypercall(xch, __HYPERVISOR_domctl, (uintptr_t)b,
                              0, 0, 0, 0);
        } else {
            struct xen_sysctl *s = b;
            s->cmd = XEN_SYSCTL_sched_id;
            s->interface_version = v;
            r = xc__hypercall(xch, __HYPERVISOR_sysctl, (uintptr_t)b,
                              0, 0, 0, 0);
        }
        if (r != -EACCES)
            break;
    }
    xc__buf_free(xch, b, sz);
    if (r == -EACCES)
        return -1;
    *want = v;
    return 0;
}

static int version_error(xc_interface *xch, int domctl, unsigned cmd)
{
    uint32_t want;
    uint32_t ours = domctl ? XEN_DOMCTL_INTERFACE_VERSION
                           : XEN_SYSCTL_INTERFACE_VERSION;
    const char *what = domctl ? "domctl" : "sysctl";

    if (probe_version(xch, domctl, &want) == 0)
        return xc__err(xch, -EACCES, "%s %u: hypervisor speaks %s interface "
                       "version 0x%08x, this toolstack was built for "
                       "0x%08x (a different Xen release)", what, cmd, what,
                       want, ours);
    return xc__err(xch, -EACCES, "%s %u: permission denied, or the "
                   "hypervisor does not speak %s interface version 0x%08x",
                   what, cmd, what, ours);
}

int xc__domctl(xc_interface *xch, struct xen_domctl *op)
{
    struct xen_domctl *b = xc__buf(xch, sizeof(*b));
    long r;

    if (!b)
        return -ENOMEM;
    op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
    memcpy(b, op, sizeof(*b));
    r = xc__hypercall(xch, __HYPERVISOR_domctl, (uintptr_t)b, 0, 0, 0, 0);
    memcpy(op, b, sizeof(*b));
    xc__buf_free(xch, b, sizeof(*b));
    if (r == -EACCES)
        return version_error(xch, 1, op->cmd);
    if (r < 0)
        return xc__err(xch, (int)r, "domctl %s on domain %u: %s",
                       xc__domctl_name(op->cmd), op->domain,
                       strerror((int)-r));
    return (int)r;
}

int xc__sysctl(xc_interface *xch, struct xen_sysctl *op)
{
    struct xen_sysctl *b = xc__buf(xch, sizeof(*b));
    long r;

    if (!b)
        return -ENOMEM;
    op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
    memcpy(b, op, sizeof(*b));
    r = xc__hypercall(xch, __HYPERVISOR_sysctl, (uintptr_t)b, 0, 0, 0, 0);
    memcpy(op, b, sizeof(*b));
    xc__buf_free(xch, b, sizeof(*b));
    if (r == -EACCES)
        return version_error(xch, 0, op->cmd);
    if (r < 0)
        return xc__err(xch, (int)r, "sysctl %u: %s", op->cmd,
                       strerror((int)-r));
    return (int)r;
}

long xc__memory_op(xc_interface *xch, unsigned cmd, void *arg, size_t len)
{
    void *b = xc__buf(xch, len);
    long r;

    if (!b)
        return -ENOMEM;
    memcpy(b, arg, len);
    r = xc__hypercall(xch, __HYPERVISOR_memory_op, cmd, (uintptr_t)b,
                      0, 0, 0);
    memcpy(arg, b, len);
    xc__buf_free(xch, b, len);
    if (r < 0)
        return xc__err(xch, (int)r, "memory op %u: %s", cmd,
                       strerror((int)-r));
    return r;
}
