/*
 * libxl_nic.h: network interfaces (vif) of a domain: add, remove, list.
 * Included by libxl.h; same conventions (0 or negative errno, message in
 * libxl_errmsg()).  Calls block (xenstore watches) up to Xen 4.17's time
 * limits: 10 s for the backend, 40 s for a hotplug script.
 */
#ifndef LIBXL_NIC_H
#define LIBXL_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_HAVE_DEVICE_NIC 1

/*
 * Add a vif to domain domid, as Xen 4.17's libxl does: defaults first
 * (devid < 0: one above the highest in use; a random 00:16:3e MAC when
 * none is set; bridge xenbr0), then the frontend, backend and /libxl
 * nodes in one transaction, a wait for the backend driver (netback) to
 * reach InitWait, then the host side: with script= that script runs
 * ("online type_if=vif", Xen's environment); without, the interface is
 * put on the bridge natively (renamed to vifname=, its MTU set) and
 * hotplug-status=connected written.  On the simulator, which has no
 * network interfaces, that native step only writes hotplug-status.  nic
 * gets the devid and MAC used.  On failure nothing is left (nodes and
 * host side removed).  -EEXIST if the devid is taken, -ENODEV when the
 * bridge does not exist, -EOPNOTSUPP for an emulated (ioemu) vif or a
 * backend other than Domain-0, -ETIMEDOUT when the backend or script
 * does not answer in time.
 */
LIBXL_API int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                                   struct libxl_device_nic *nic);

/*
 * Remove vif devid of domid: the backend is asked to close (with force,
 * the frontend is not waited for), then the host side is undone (script
 * "offline", or the interface taken off its bridge) and the nodes go.
 * -ENOENT if there is no such vif.
 */
LIBXL_API int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                                      int devid, bool force);

/* One vif as xl network-list shows it; -1 for what is not (yet) known. */
struct libxl_nicinfo {
    int devid;
    uint32_t backend_id, frontend_id;
    char *backend, *frontend;           /* xenstore directories */
    int state;                          /* frontend XenbusState */
    int evtch, rref_tx, rref_rx;        /* from the frontend */
    uint8_t mac[6];
    char *bridge, *vifname, *script, *ip;   /* NULL when not set */
};

/*
 * The vifs of domid, by devid (from the toolstack's own records and the
 * frontend's nodes).  *list is malloc'd: free with libxl_nicinfo_list_free.
 * -ESRCH if the domain does not exist.
 */
LIBXL_API int libxl_device_nic_list(libxl_ctx *ctx, uint32_t domid,
                                    struct libxl_nicinfo **list, int *n);
LIBXL_API void libxl_nicinfo_list_free(struct libxl_nicinfo *list, int n);

/* "00:16:3e:01:02:03" -> mac; 0 or -EINVAL. */
LIBXL_API int libxl_mac_parse(const char *s, uint8_t mac[6]);

#ifdef __cplusplus
}
#endif

#endif
