/*
 * libxl (devices, vif): the vifs of a domain as xl network-list shows
 * them (Xen 4.17's libxl_device_nic_getinfo): identity and settings from
 * the toolstack's /libxl copy, state, event channel and rings from the
 * frontend.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "device_internal.h"
#include "libxl_nic.h"

/* A string node, malloc'd, NULL when missing or empty. */
static char *read_str(libxl__gc *gc, const char *dir, const char *key)
{
    char *v = libxl__device_read_str(gc, dir, key);

    if (v && !*v) {
        free(v);
        v = NULL;
    }
    return v;
}

static int fill(libxl__gc *gc, uint32_t domid, int devid,
                struct libxl_nicinfo *ni)
{
    struct libxl__device dev;
    char *fe, *lp, *mac;
    int rc;

    rc = libxl__device_lookup(gc, domid, "vif", devid, NULL, &dev);
    if (rc)
        return rc;
    fe = libxl__device_frontend_path(gc, &dev);
    lp = libxl__device_libxl_path(gc, &dev);
    ni->devid = devid;
    ni->backend_id = dev.backend_domid;
    ni->frontend_id = domid;
    ni->backend = libxl__xstrdup(libxl__device_backend_path(gc, &dev));
    ni->frontend = libxl__xstrdup(fe);
    ni->state = libxl__device_read_int(gc, fe, "state");
    ni->evtch = libxl__device_read_int(gc, fe, "event-channel");
    ni->rref_tx = libxl__device_read_int(gc, fe, "tx-ring-ref");
    ni->rref_rx = libxl__device_read_int(gc, fe, "rx-ring-ref");
    mac = read_str(gc, lp, "mac");
    if (!mac || libxl_mac_parse(mac, ni->mac))
        memset(ni->mac, 0, sizeof(ni->mac));
    free(mac);
    ni->bridge = read_str(gc, lp, "bridge");
    ni->vifname = read_str(gc, lp, "vifname");
    ni->script = read_str(gc, lp, "script");
    ni->ip = read_str(gc, lp, "ip");
    return 0;
}

LIBXL_API void libxl_nicinfo_list_free(struct libxl_nicinfo *list, int n)
{
    int i;

    for (i = 0; list && i < n; i++) {
        free(list[i].backend);
        free(list[i].frontend);
        free(list[i].bridge);
        free(list[i].vifname);
        free(list[i].script);
        free(list[i].ip);
    }
    free(list);
}

LIBXL_API int libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                                    struct libxl_nicinfo **list, int *n)
{
    struct libxl_nicinfo *l = NULL;
    struct libxl_dominfo info;
    unsigned count = 0, i;
    libxl__gc gc;
    int rc, *ids, m = 0;

    rc = libxl_domain_info(ctx, domid, &info);
    if (rc)
        return rc;
    libxl_dominfo_dispose(&info);
    libxl__gc_init(&gc, ctx);
    rc = libxl__device_list(&gc, domid, "vif", &ids, &count);
    if (rc)
        goto out;
    l = libxl__malloc0(sizeof(*l) * (count + 1));
    for (i = 0; i < count; i++) {
        /* A vif being removed meanwhile is simply not listed. */
        if (fill(&gc, domid, ids[i], &l[m]) == 0)
            m++;
    }
    *list = l;
    *n = m;
    l = NULL;
out:
    libxl_nicinfo_list_free(l, m);
    libxl__gc_release(&gc);
    return rc;
}
