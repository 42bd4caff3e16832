/*
 * libxenctrl HVM save records: marshalling of XEN_DOMCTL_gethvmcontext,
 * _gethvmcontext_partial and _sethvmcontext.  The buffers hold the
 * records of <xen/hvm/save.h> (descriptor + body, HEADER first, END last)
 * and are bounced through hypercall-safe memory.
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid,
                             uint8_t *buf, uint32_t size)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_gethvmcontext,
                            .domain = (domid_t)domid };
    uint8_t *b = NULL;
    int rc;

    if (buf && !size)
        return xc__err(xch, -EINVAL, "hvm context of domain %u: empty "
                       "buffer", domid);
    if (buf) {
        b = xc__buf(xch, size);
        if (!b)
            return -ENOMEM;
    }
    d.u.hvmcontext.size = buf ? size : 0;
    set_xen_guest_handle(d.u.hvmcontext.buffer, b);
    rc = xc__domctl(xch, &d);
    if (!rc && d.u.hvmcontext.size > INT32_MAX)
        rc = xc__err(xch, -EOVERFLOW, "hvm context of domain %u: size %u",
                     domid, d.u.hvmcontext.size);
    if (!rc && buf)
        memcpy(buf, b, d.u.hvmcontext.size < size ? d.u.hvmcontext.size
                                                  : size);
    if (b)
        xc__buf_free(xch, b, size);
    return rc ? rc : (int)d.u.hvmcontext.size;
}

int xc_domain_hvm_getcontext_partial(xc_interface *xch, uint32_t domid,
                                     uint16_t typecode, uint16_t instance,
                                     void *buf, uint32_t size)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_gethvmcontext_partial,
                            .domain = (domid_t)domid };
    struct xen_domctl_hvmcontext_partial *p = &d.u.hvmcontext_partial;
    uint8_t *b;
    int rc;

    if (!buf || !size)
        return xc__err(xch, -EINVAL, "hvm record %u/%u of domain %u: no "
                       "buffer", typecode, instance, domid);
    b = xc__buf(xch, size);
    if (!b)
        return -ENOMEM;
    p->type = typecode;
    p->instance = instance;
    p->bufsz = size;
    set_xen_guest_handle(p->buffer, b);
    rc = xc__domctl(xch, &d);
    if (!rc)
        memcpy(buf, b, size);
    xc__buf_free(xch, b, size);
    return rc;
}

int xc_domain_hvm_setcontext(xc_interface *xch, uint32_t domid,
                             const uint8_t *buf, uint32_t size)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_sethvmcontext,
                            .domain = (domid_t)domid };
    uint8_t *b;
    int rc;

    if (!buf || !size)
        return xc__err(xch, -EINVAL, "hvm context of domain %u: empty "
                       "buffer", domid);
    b = xc__buf(xch, size);
    if (!b)
        return -ENOMEM;
    memcpy(b, buf, size);
    d.u.hvmcontext.size = size;
    set_xen_guest_handle(d.u.hvmcontext.buffer, b);
    rc = xc__domctl(xch, &d);
    xc__buf_free(xch, b, size);
    return rc;
}
