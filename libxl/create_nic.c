/*
 * libxl (create): the network devices step of domain creation: each vif=
 * entry is added (nic.c) while the domain is still paused, so its
 * frontend connects when the guest boots.  An HVM guest's cards get their
 * defaults (MAC, model) before QEMU starts, and their taps join the
 * bridge here, after it started.  A failure leaves the undo of
 * create (destroy) to take away the vifs already added.
 */
#include "config.h"

#include "create_internal.h"
#include "nic_internal.h"

int libxl__create_nic_defaults(struct libxl__create *cs)
{
    struct libxl_domain_config *dc = cs->dc;
    int i, rc;

    for (i = 0; i < dc->num_nics; i++) {
        rc = libxl__nic_setdefault(cs->gc, cs->domid, &dc->nics[i],
                                   libxl__nic_create_use(dc->c_info.type));
        if (rc)
            return rc;
    }
    return 0;
}

int libxl__create_nics(struct libxl__create *cs)
{
    struct libxl_domain_config *dc = cs->dc;
    int i, rc;

    for (i = 0; i < dc->num_nics; i++) {
        rc = libxl__nic_add(cs->gc, cs->domid, &dc->nics[i],
                            libxl__nic_create_use(dc->c_info.type));
        if (rc)
            return rc;
    }
    return 0;
}
