/*
 * libxl (create): the network devices step of domain creation: each vif=
 * entry is added (nic.c) while the domain is still paused, so its
 * frontend connects when the guest boots.  A failure leaves the undo of
 * create (destroy) to take away the vifs already added.
 */
#include "config.h"

#include "create_internal.h"
#include "nic_internal.h"

int libxl__create_nics(struct libxl__create *cs)
{
    struct libxl_domain_config *dc = cs->dc;
    int i, rc;

    for (i = 0; i < dc->num_nics; i++) {
        rc = libxl__nic_add(cs->gc, cs->domid, &dc->nics[i]);
        if (rc)
            return rc;
    }
    return 0;
}
