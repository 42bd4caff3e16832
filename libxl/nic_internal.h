/*
 * libxl (devices, vif): the host side of a vif done natively with
 * libnl-route-3 instead of Xen's vif-bridge script (nic_link.c), and the
 * xenstore nodes of a vif as Xen 4.17's libxl writes them (nic_xs.c).
 */
#ifndef LIBXL_NIC_INTERNAL_H
#define LIBXL_NIC_INTERNAL_H

#include <stdint.h>

#include "libxl_internal.h"
#include "libxl_types.h"

/* Xen 4.17: the default bridge, and the MTU libxl assumes. */
#define LIBXL__NIC_BRIDGE "xenbr0"
#define LIBXL__NIC_MTU 1500

/*
 * What vif-bridge `online' does, natively: the interface netback made
 * for the device (dev, "vif<domid>.<devid>") is renamed to vifname when
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
                           int mtu, int *mtu_out);

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

#endif
