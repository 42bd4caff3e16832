/*
 * libxl (devices, vif): the stored config of a domain (xl list -l, the
 * config a restart re-creates) follows network-attach and -detach, as
 * Xen's libxl updates it when a device is added or removed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "create_internal.h"
#include "nic_internal.h"

static char *dup0(const char *s)
{
    return s ? libxl__xstrdup(s) : NULL;
}

static void nic_copy(struct libxl_device_nic *d,
                     const struct libxl_device_nic *s)
{
    *d = *s;
    d->backend_domname = dup0(s->backend_domname);
    d->model = dup0(s->model);
    d->ip = dup0(s->ip);
    d->bridge = dup0(s->bridge);
    d->ifname = dup0(s->ifname);
    d->script = dup0(s->script);
    d->gatewaydev = dup0(s->gatewaydev);
    d->coloft_forwarddev = dup0(s->coloft_forwarddev);
}

static void drop(struct libxl_domain_config *dc, int devid)
{
    int i;

    for (i = 0; i < dc->num_nics; i++) {
        if (dc->nics[i].devid != devid)
            continue;
        libxl_device_nic_dispose(&dc->nics[i]);
        memmove(&dc->nics[i], &dc->nics[i + 1],
                sizeof(dc->nics[0]) * (size_t)(dc->num_nics - i - 1));
        dc->num_nics--;
        return;
    }
}

int libxl__nic_update_stored(libxl__gc *gc, uint32_t domid,
                             const struct libxl_device_nic *add,
                             int remove_devid)
{
    libxl_ctx *ctx = gc->ctx;
    struct libxl_domain_config dc;
    struct libxl_dominfo info;
    struct libxl_device_nic *n;
    char uuid[37], msg[sizeof(ctx->errmsg)];
    int rc = 0;

    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(ctx, domid, &dc))
        goto out;                        /* nothing stored: nothing to do */
    drop(&dc, add ? add->devid : remove_devid);
    if (add) {
        n = realloc(dc.nics, sizeof(*n) * (size_t)(dc.num_nics + 1));
        if (!n)
            abort();
        dc.nics = n;
        nic_copy(&dc.nics[dc.num_nics++], add);
    }
    rc = libxl_domain_info(ctx, domid, &info);
    if (!rc) {
        libxl__uuid_string(info.uuid, uuid);
        libxl_dominfo_dispose(&info);
        rc = libxl__userdata_store(gc, domid, uuid, &dc, NULL);
    }
    if (rc) {
        snprintf(msg, sizeof(msg), "%s", ctx->errmsg);
        libxl__seterr(ctx, rc, "vif %d %s, but the stored config of domain "
                      "%u was not updated: %s",
                      add ? add->devid : remove_devid,
                      add ? "attached" : "detached", domid, msg);
    }
out:
    libxl_domain_config_dispose(&dc);
    return rc;
}
