/*
 * libxl (devices, vif): adding a vif on the generic device layer (nic.c)
 * and its host side done natively with libnl-route-3 instead of Xen's
 * vif-bridge script (nic_link.c).
 */
#ifndef LIBXL_NIC_INTERNAL_H
#define LIBXL_NIC_INTERNAL_H

#include <stdint.h>

#include "libxl_internal.h"
#include "libxl_types.h"

/* Xen 4.17: the default bridge, the MTU libxl assumes, the emulated
 * card of type=ioemu and the suffix of its tap's name. */
#define LIBXL__NIC_BRIDGE "xenbr0"
#define LIBXL__NIC_MTU 1500
#define LIBXL__NIC_MODEL "rtl8139"
#define LIBXL__NIC_TAP_SUFFIX "-emu"

/*
 * How a vif is added: to a PV or PVH guest (PV only); to an HVM guest at
 * creation (type=ioemu by default: a PV vif and a QEMU card with the
 * same MAC, whose tap vif<domid>.<devid>-emu joins the bridge too); or
 * hot-plugged into a running HVM guest (PV only: QEMU's cards are fixed).
 */
enum libxl__nic_use {
    LIBXL__NIC_PV,
    LIBXL__NIC_HVM_CREATE,
    LIBXL__NIC_HVM_HOTPLUG,
};

/* The use of a vif= of a new domain of that LIBXL_DOMAIN_TYPE_*. */
static inline enum libxl__nic_use libxl__nic_create_use(int domain_type)
{
    return domain_type == LIBXL_DOMAIN_TYPE_HVM ? LIBXL__NIC_HVM_CREATE
                                                : LIBXL__NIC_PV;
}

/* How long the native step waits for netback's interface to appear
 * (netback announces InitWait just before it registers it). */
#define LIBXL__NIC_LINK_WAIT_MS 10000

/*
 * What vif-bridge `online' does, natively: the interface netback made
 * for the device (dev, "vif<domid>.<devid>"; waited for up to wait_ms)
 * is renamed to vifname when
 * one is given (refused when that name is taken), gets the MAC
 * fe:ff:ff:ff:ff:ff (so the bridge never takes its address), the MTU mtu
 * (0: the bridge's), is enslaved to bridge and set up.  *mtu_out is the
 * MTU set.  0 or -errno with a message naming the interface or bridge:
 * -ENODEV when the bridge or the interface does not exist, -EINVAL when
 * bridge is not a bridge, -EEXIST when vifname is taken.  Blocks (one
 * netlink round trip per step).
 */
int libxl__nic_link_online(libxl__gc *gc, const char *dev,
                           const char *vifname, const char *bridge,
                           int mtu, int wait_ms, int *mtu_out);

/*
 * What vif-bridge `offline' does: the interface (its final name) goes
 * down and leaves its bridge.  An interface already gone is success
 * (netback removes it with the device).  0 or -errno with a message.
 */
int libxl__nic_link_offline(libxl__gc *gc, const char *dev);

/*
 * Is there a bridge of that name?  0; -ENODEV "bridge 'x' does not
 * exist"; -EINVAL when it exists but is not a bridge; other -errno when
 * netlink fails.  Lets create refuse a bad bridge before it builds.
 */
int libxl__nic_bridge_check(libxl__gc *gc, const char *bridge);

/*
 * Xen's libxl__device_nic_setdefault for that use: nictype, model
 * (rtl8139 for an emulated card), a random MAC, the bridge, the devid.
 * type=ioemu where it cannot be is refused: -EINVAL / -EOPNOTSUPP with a
 * message.  Idempotent: create calls it before starting QEMU (which
 * needs each card's MAC and model) and libxl__nic_add again.
 */
int libxl__nic_setdefault(libxl__gc *gc, uint32_t domid,
                          struct libxl_device_nic *nic,
                          enum libxl__nic_use use);

/* The tap QEMU opens for an emulated card: vif<domid>.<devid>-emu. */
char *libxl__nic_tap_name(libxl__gc *gc, uint32_t domid, int devid);

/*
 * libxl_device_nic_add without the domain check, for create (the domain
 * is being built): defaults into nic, nodes, backend wait, host side
 * (for an emulated card its tap too: the device model must be running);
 * nothing left on failure.  0 or -errno with a message naming the vif.
 */
int libxl__nic_add(libxl__gc *gc, uint32_t domid,
                   struct libxl_device_nic *nic, enum libxl__nic_use use);

/*
 * Keep the domain's stored config in step (nic_stored.c): add (a copy of)
 * add, replacing a vif of the same devid, or (add NULL) drop vif
 * remove_devid.  A domain without a stored config is left alone.  0 or
 * -errno with a message saying the vif is attached/detached but the
 * config not updated.
 */
int libxl__nic_update_stored(libxl__gc *gc, uint32_t domid,
                             const struct libxl_device_nic *add,
                             int remove_devid);

/*
 * What can be refused before anything is built: type=ioemu where use has
 * no emulated cards or a bad model=, a backend other than Domain-0, and
 * (on a real host, without script=) a bridge that does not exist.  The
 * message names the vif.
 */
int libxl__nic_check(libxl__gc *gc, const struct libxl_device_nic *nic,
                     enum libxl__nic_use use);

/* The vif kind's release hook for the device layer (device.c). */
struct libxl__device_ops;
extern const struct libxl__device_ops libxl__nic_ops;

#endif
