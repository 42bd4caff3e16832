/*
 * libxenctrl foreign memory and grant tables: mapping other domains'
 * pages, resources and grants through the backend, and seeding the
 * reserved grant entries of a new domain.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "xc_private.h"

void *xc_map_foreign_pages(xc_interface *xch, uint32_t domid, int prot,
                           const uint64_t *gfns, size_t n)
{
    if (!n) {
        xc__err(xch, -EINVAL, "map of domain %u: no pages", domid);
        errno = EINVAL;
        return NULL;
    }
    return xch->be->map_foreign(xch, domid, prot, gfns, n);
}

int xc_unmap_foreign(xc_interface *xch, void *addr, size_t n)
{
    return xch->be->unmap(xch, addr, n);
}

void *xc_map_foreign_resource(xc_interface *xch, uint32_t domid,
                              unsigned type, unsigned id, unsigned long frame,
                              unsigned long nr_frames, int prot)
{
    if (!nr_frames) {
        xc__err(xch, -EINVAL, "resource of domain %u: no frames", domid);
        errno = EINVAL;
        return NULL;
    }
    return xch->be->map_resource(xch, domid, type, id, frame, nr_frames,
                                 prot);
}

void *xc_gnttab_map_grant_ref(xc_interface *xch, uint32_t domid,
                              uint32_t ref, int prot)
{
    return xch->be->map_grant(xch, domid, ref, prot);
}

int xc_gnttab_unmap(xc_interface *xch, void *addr)
{
    return xch->be->unmap_grant(xch, addr);
}

int xc_gnttab_seed(xc_interface *xch, uint32_t domid, uint64_t console_gfn,
                   uint64_t xenstore_gfn, uint32_t console_domid,
                   uint32_t xenstore_domid)
{
    grant_entry_v1_t *gt;

    gt = xc_map_foreign_resource(xch, domid, XENMEM_resource_grant_table,
                                 XENMEM_resource_grant_table_id_shared, 0, 1,
                                 PROT_READ | PROT_WRITE);
    if (!gt)
        return errno ? -errno : -EINVAL;
    memset(&gt[GNTTAB_RESERVED_CONSOLE], 0, 2 * sizeof(*gt));
    if (console_gfn != ~(uint64_t)0) {
        gt[GNTTAB_RESERVED_CONSOLE].domid = (domid_t)console_domid;
        gt[GNTTAB_RESERVED_CONSOLE].frame = (uint32_t)console_gfn;
        gt[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
    }
    if (xenstore_gfn != ~(uint64_t)0) {
        gt[GNTTAB_RESERVED_XENSTORE].domid = (domid_t)xenstore_domid;
        gt[GNTTAB_RESERVED_XENSTORE].frame = (uint32_t)xenstore_gfn;
        gt[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
    }
    __sync_synchronize();
    xc_unmap_foreign(xch, gt, 1);
    return 0;
}
