/*
 * libxenctrl: log-dirty mode of a domain (XEN_DOMCTL_shadow_op enable
 * log-dirty / clean / peek / off) with the dirty bitmap, for live
 * migration.  Same marshalling for the privcmd backend and the simulator.
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

int xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned op,
                        unsigned mode, uint8_t *bitmap, uint64_t *pages,
                        uint32_t *dirty_count)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_shadow_op,
                            .domain = (domid_t)domid };
    struct xen_domctl_shadow_op *s = &d.u.shadow_op;
    size_t sz = 0;
    uint8_t *b = NULL;
    int rc;

    if (op != XC_SHADOW_OP_OFF && op != XC_SHADOW_OP_ENABLE_LOGDIRTY &&
        op != XC_SHADOW_OP_CLEAN && op != XC_SHADOW_OP_PEEK)
        return xc__err(xch, -EINVAL, "log-dirty: unknown operation %u", op);
    if ((op == XC_SHADOW_OP_CLEAN || op == XC_SHADOW_OP_PEEK) &&
        (!bitmap || !pages))
        return xc__err(xch, -EINVAL, "log-dirty: clean/peek need a bitmap");
    s->op = op;
    s->mode = mode;
    if (bitmap && pages) {
        sz = (*pages + 7) / 8;
        b = sz ? xc__buf(xch, sz) : NULL;
        if (sz && !b)
            return xc__err(xch, -ENOMEM, "log-dirty: no buffer for %zu "
                           "bytes", sz);
        set_xen_guest_handle(s->dirty_bitmap, b);
        s->pages = *pages;
    }
    rc = xc__domctl(xch, &d);
    if (!rc && bitmap && pages) {
        if (s->pages < *pages)
            memset(bitmap, 0, sz);
        memcpy(bitmap, b, (s->pages + 7) / 8 < sz ? (s->pages + 7) / 8
                                                   : sz);
        *pages = s->pages;
    }
    if (!rc && dirty_count)
        *dirty_count = s->stats.dirty_count;
    xc__buf_free(xch, b, sz);
    return rc;
}
