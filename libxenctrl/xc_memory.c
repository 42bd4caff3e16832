/*
 * libxenctrl memory: marshalling of the XENMEM_* operations
 * (reservations, claims, memory maps, host memory limits).
 */
#include <errno.h>
#include <string.h>

#include "xc_private.h"

static int reservation(xc_interface *xch, unsigned cmd, uint32_t domid,
                       unsigned long nr, unsigned order, unsigned flags,
                       uint64_t *extents)
{
    struct xen_memory_reservation r = { .nr_extents = nr,
                                        .extent_order = order,
                                        .mem_flags = flags,
                                        .domid = (domid_t)domid };
    size_t sz = nr * sizeof(xen_pfn_t);
    xen_pfn_t *b = NULL;
    long rc;

    if (nr) {
        b = xc__buf(xch, sz);
        if (!b)
            return -ENOMEM;
        memcpy(b, extents, sz);
        set_xen_guest_handle(r.extent_start, b);
    }
    rc = xc__memory_op(xch, cmd, &r, sizeof(r));
    if (rc > 0)
        memcpy(extents, b, sz);
    xc__buf_free(xch, b, sz);
    return (int)rc;
}

int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                               unsigned long nr_extents, unsigned extent_order,
                               unsigned memflags, uint64_t *extents)
{
    return reservation(xch, XENMEM_populate_physmap, domid, nr_extents,
                       extent_order, memflags, extents);
}

int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
                                     unsigned long nr_extents,
                                     unsigned extent_order, unsigned memflags,
                                     uint64_t *extents)
{
    int rc = xc_domain_populate_physmap(xch, domid, nr_extents, extent_order,
                                        memflags, extents);

    if (rc >= 0 && (unsigned long)rc != nr_extents)
        return xc__err(xch, -ENOMEM, "domain %u: populated only %d of %lu "
                       "extents of order %u: out of memory", domid, rc,
                       nr_extents, extent_order);
    return rc < 0 ? rc : 0;
}

int xc_domain_decrease_reservation(xc_interface *xch, uint32_t domid,
                                   unsigned long nr_extents,
                                   unsigned extent_order, uint64_t *extents)
{
    return reservation(xch, XENMEM_decrease_reservation, domid, nr_extents,
                       extent_order, 0, extents);
}

int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
                                         unsigned long nr_extents,
                                         unsigned extent_order,
                                         uint64_t *extents)
{
    int rc = xc_domain_decrease_reservation(xch, domid, nr_extents,
                                            extent_order, extents);

    if (rc >= 0 && (unsigned long)rc != nr_extents)
        return xc__err(xch, -EINVAL, "domain %u: released only %d of %lu "
                       "extents", domid, rc, nr_extents);
    return rc < 0 ? rc : 0;
}

int xc_domain_claim_pages(xc_interface *xch, uint32_t domid,
                          unsigned long nr_pages)
{
    struct xen_memory_reservation r = { .nr_extents = nr_pages,
                                        .domid = (domid_t)domid };
    long rc = xc__memory_op(xch, XENMEM_claim_pages, &r, sizeof(r));

    return rc < 0 ? (int)rc : 0;
}

int xc_domain_set_memory_map(xc_interface *xch, uint32_t domid,
                             const struct xc_e820 *map, unsigned n)
{
    struct xen_foreign_memory_map f = { .domid = (domid_t)domid };
    struct xc__e820entry *b;
    size_t sz = n * sizeof(*b);
    unsigned i;
    long rc;

    if (n > 128)
        return xc__err(xch, -EINVAL, "memory map of %u entries: at most 128",
                       n);
    b = xc__buf(xch, sz);
    if (!b)
        return -ENOMEM;
    for (i = 0; i < n; i++) {
        b[i].addr = map[i].addr;
        b[i].size = map[i].size;
        b[i].type = map[i].type;
    }
    f.map.nr_entries = n;
    set_xen_guest_handle(f.map.buffer, b);
    rc = xc__memory_op(xch, XENMEM_set_memory_map, &f, sizeof(f));
    xc__buf_free(xch, b, sz);
    return rc < 0 ? (int)rc : 0;
}

static int get_map(xc_interface *xch, unsigned cmd, struct xc_e820 *map,
                   unsigned max)
{
    struct xen_memory_map m = { .nr_entries = max };
    struct xc__e820entry *b;
    size_t sz = (max ? max : 1) * sizeof(*b);
    unsigned i;
    long rc;

    b = xc__buf(xch, sz);
    if (!b)
        return -ENOMEM;
    set_xen_guest_handle(m.buffer, b);
    rc = xc__memory_op(xch, cmd, &m, sizeof(m));
    if (rc >= 0) {
        for (i = 0; i < m.nr_entries && i < max; i++) {
            map[i].addr = b[i].addr;
            map[i].size = b[i].size;
            map[i].type = b[i].type;
        }
        rc = m.nr_entries < max ? m.nr_entries : max;
    }
    xc__buf_free(xch, b, sz);
    return (int)rc;
}

int xc_domain_get_memory_map(xc_interface *xch, uint32_t domid,
                             struct xc_e820 *map, unsigned max)
{
    /* XENMEM_memory_map only ever describes the calling domain. */
    if (domid != xch->self_domid && domid != XC_DOMID_SELF)
        return xc__err(xch, -EOPNOTSUPP, "memory map of domain %u: Xen "
                       "only reports the calling domain's map", domid);
    return get_map(xch, XENMEM_memory_map, map, max);
}

int xc_get_machine_memory_map(xc_interface *xch, struct xc_e820 *map,
                              unsigned max)
{
    return get_map(xch, XENMEM_machine_memory_map, map, max);
}

int xc_maximum_ram_page(xc_interface *xch, uint64_t *max_mfn)
{
    long rc = xc__hypercall(xch, __HYPERVISOR_memory_op,
                            XENMEM_maximum_ram_page, 0, 0, 0, 0);

    if (rc < 0)
        return xc__err(xch, (int)rc, "maximum ram page: %s",
                       strerror((int)-rc));
    *max_mfn = (uint64_t)rc;
    return 0;
}

static int reservation_of(xc_interface *xch, unsigned cmd, uint32_t domid,
                          uint64_t *pages)
{
    domid_t *d = xc__buf(xch, sizeof(*d));
    long rc;

    if (!d)
        return -ENOMEM;
    *d = (domid_t)domid;
    rc = xc__hypercall(xch, __HYPERVISOR_memory_op, cmd, (uintptr_t)d,
                       0, 0, 0);
    xc__buf_free(xch, d, sizeof(*d));
    if (rc < 0)
        return xc__err(xch, (int)rc, "reservation of domain %u: %s", domid,
                       strerror((int)-rc));
    *pages = (uint64_t)rc;
    return 0;
}

int xc_domain_current_reservation(xc_interface *xch, uint32_t domid,
                                  uint64_t *pages)
{
    return reservation_of(xch, XENMEM_current_reservation, domid, pages);
}

int xc_domain_maximum_reservation(xc_interface *xch, uint32_t domid,
                                  uint64_t *pages)
{
    return reservation_of(xch, XENMEM_maximum_reservation, domid, pages);
}
