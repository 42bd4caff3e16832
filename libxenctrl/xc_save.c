/*
 * libxenctrl save/restore: marshalling of the calls a PV save and restore
 * need beyond domain control -- page types (getpageframeinfo3), the
 * extended, XSAVE and MSR state of a vCPU, the highest gpfn, resuming a
 * suspended domain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xc_private.h"

int xc_get_pfn_type_batch(xc_interface *xch, uint32_t domid, unsigned n,
                          uint64_t *frames)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getpageframeinfo3,
                            .domain = (domid_t)domid };
    size_t sz = (size_t)n * sizeof(xen_pfn_t);
    xen_pfn_t *b;
    unsigned i;
    int rc;

    if (!n)
        return 0;
    b = xc__buf(xch, sz);
    if (!b)
        return -ENOMEM;
    for (i = 0; i < n; i++)
        b[i] = (xen_pfn_t)frames[i];
    d.u.getpageframeinfo3.num = n;
    set_xen_guest_handle(d.u.getpageframeinfo3.array, b);
    rc = xc__domctl(xch, &d);
    if (!rc)
        for (i = 0; i < n; i++)
            frames[i] = b[i];
    xc__buf_free(xch, b, sz);
    return rc;
}

int xc_vcpu_get_extended(xc_interface *xch, uint32_t domid, unsigned vcpu,
                         void *buf, size_t size, size_t *len)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_get_ext_vcpucontext,
                            .domain = (domid_t)domid };
    size_t n;
    int rc;

    d.u.ext_vcpucontext.vcpu = vcpu;
    rc = xc__domctl(xch, &d);
    if (rc)
        return rc;
    n = d.u.ext_vcpucontext.size;
    if (n > sizeof(d.u.ext_vcpucontext) || n > size)
        return xc__err(xch, -ENOBUFS, "extended context of vcpu %u of "
                       "domain %u: %zu bytes", vcpu, domid, n);
    memcpy(buf, &d.u.ext_vcpucontext, n);
    *len = n;
    return 0;
}

int xc_vcpu_set_extended(xc_interface *xch, uint32_t domid, unsigned vcpu,
                         const void *buf, size_t len)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_set_ext_vcpucontext,
                            .domain = (domid_t)domid };

    if (len > sizeof(d.u.ext_vcpucontext) || len < 8)
        return xc__err(xch, -EINVAL, "extended context of vcpu %u of domain "
                       "%u: %zu bytes (at most %zu)", vcpu, domid, len,
                       sizeof(d.u.ext_vcpucontext));
    memcpy(&d.u.ext_vcpucontext, buf, len);
    d.u.ext_vcpucontext.vcpu = vcpu;
    d.u.ext_vcpucontext.size = (uint32_t)len;
    return xc__domctl(xch, &d);
}

int xc_vcpu_get_xsave(xc_interface *xch, uint32_t domid, unsigned vcpu,
                      void **buf, size_t *len)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_getvcpuextstate,
                            .domain = (domid_t)domid };
    struct xen_domctl_vcpuextstate *x = &d.u.vcpuextstate;
    size_t sz;
    void *b, *out;
    int rc;

    *buf = NULL;
    *len = 0;
    x->vcpu = vcpu;
    rc = xc__domctl(xch, &d);              /* size and feature mask */
    if (rc)
        return rc;
    if (!x->xfeature_mask || !x->size)
        return 0;                          /* no XSAVE state */
    sz = (size_t)x->size;
    b = xc__buf(xch, sz);
    out = malloc(sz);
    if (!b || !out) {
        xc__buf_free(xch, b, sz);
        free(out);
        return xc__err(xch, -ENOMEM, "out of memory");
    }
    set_xen_guest_handle(x->buffer, b);
    rc = xc__domctl(xch, &d);
    if (!rc && x->size > sz)
        rc = xc__err(xch, -EIO, "xsave state of vcpu %u grew", vcpu);
    if (!rc) {
        memcpy(out, b, (size_t)x->size);
        *buf = out;
        *len = (size_t)x->size;
        out = NULL;
    }
    xc__buf_free(xch, b, sz);
    free(out);
    return rc;
}

int xc_vcpu_set_xsave(xc_interface *xch, uint32_t domid, unsigned vcpu,
                      const void *buf, size_t len)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_setvcpuextstate,
                            .domain = (domid_t)domid };
    void *b = xc__buf(xch, len);
    int rc;

    if (!b)
        return -ENOMEM;
    memcpy(b, buf, len);
    d.u.vcpuextstate.vcpu = vcpu;
    d.u.vcpuextstate.size = len;
    set_xen_guest_handle(d.u.vcpuextstate.buffer, (uint64_t *)b);
    rc = xc__domctl(xch, &d);
    xc__buf_free(xch, b, len);
    return rc;
}

int xc_vcpu_get_msrs(xc_interface *xch, uint32_t domid, unsigned vcpu,
                     struct xc_vcpu_msr **msrs, unsigned *count)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_get_vcpu_msrs,
                            .domain = (domid_t)domid };
    struct xen_domctl_vcpu_msrs *m = &d.u.vcpu_msrs;
    xen_domctl_vcpu_msr_t *b;
    struct xc_vcpu_msr *out;
    size_t sz;
    unsigned n, i;
    int rc;

    *msrs = NULL;
    *count = 0;
    m->vcpu = vcpu;
    rc = xc__domctl(xch, &d);              /* how many */
    if (rc)
        return rc;
    n = m->msr_count;
    if (!n)
        return 0;
    sz = (size_t)n * sizeof(*b);
    b = xc__buf(xch, sz);
    out = calloc(n, sizeof(*out));
    if (!b || !out) {
        xc__buf_free(xch, b, sz);
        free(out);
        return xc__err(xch, -ENOMEM, "out of memory");
    }
    m->msr_count = n;
    set_xen_guest_handle(m->msrs, b);
    rc = xc__domctl(xch, &d);
    if (!rc) {
        for (i = 0; i < m->msr_count && i < n; i++) {
            out[i].index = b[i].index;
            out[i].value = b[i].value;
        }
        *msrs = out;
        *count = i;
        out = NULL;
    }
    xc__buf_free(xch, b, sz);
    free(out);
    return rc;
}

int xc_vcpu_set_msrs(xc_interface *xch, uint32_t domid, unsigned vcpu,
                     const struct xc_vcpu_msr *msrs, unsigned count)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_set_vcpu_msrs,
                            .domain = (domid_t)domid };
    size_t sz = (size_t)count * sizeof(xen_domctl_vcpu_msr_t);
    xen_domctl_vcpu_msr_t *b;
    unsigned i;
    int rc;

    if (!count)
        return 0;
    b = xc__buf(xch, sz);
    if (!b)
        return -ENOMEM;
    for (i = 0; i < count; i++) {
        b[i].index = msrs[i].index;
        b[i].value = msrs[i].value;
    }
    d.u.vcpu_msrs.vcpu = vcpu;
    d.u.vcpu_msrs.msr_count = count;
    set_xen_guest_handle(d.u.vcpu_msrs.msrs, b);
    rc = xc__domctl(xch, &d);
    xc__buf_free(xch, b, sz);
    return rc;
}

int xc_domain_maximum_gpfn(xc_interface *xch, uint32_t domid,
                           uint64_t *gpfn)
{
    domid_t id = (domid_t)domid;
    long r = xc__memory_op(xch, XENMEM_maximum_gpfn, &id, sizeof(id));

    if (r < 0)
        return xc__err(xch, (int)r, "highest gpfn of domain %u: %s", domid,
                       strerror((int)-r));
    *gpfn = (uint64_t)r;
    return 0;
}

int xc_domain_resume(xc_interface *xch, uint32_t domid)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_resumedomain,
                            .domain = (domid_t)domid };

    return xc__domctl(xch, &d);
}
