/*
 * libxl (devices, vif): network interfaces on the generic device layer
 * (device_internal.h): Xen 4.17's defaults and xenstore nodes for a vif
 * (libxl_nic.c), the host side (script= or the native bridge attach of
 * nic_link.c), removal and the list xl network-list prints.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_internal.h"
#include "nic_internal.h"

static bool on_sim(libxl_ctx *ctx)
{
    return !strcmp(xc_backend_name(ctx->xch), "sim");
}

static char *mac_str(libxl__gc *gc, const uint8_t m[6])
{
    return libxl__sprintf(gc, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1],
                          m[2], m[3], m[4], m[5]);
}

LIBXL_API int libxl_mac_parse(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    int i, n = 0;

    if (strlen(s) != 17)
        return -EINVAL;
    for (i = 0; i < 17; i++)
        if ((i % 3 == 2) ? s[i] != ':' : !isxdigit((unsigned char)s[i]))
            return -EINVAL;
    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3],
               &v[4], &v[5], &n) != 6 || s[n])
        return -EINVAL;
    for (i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return 0;
}

static int backend_domid(libxl__gc *gc, const char *name, uint32_t *be)
{
    *be = 0;
    if (!name || !*name || !strcmp(name, "0") || !strcmp(name, "Domain-0"))
        return 0;
    return libxl__seterr(gc->ctx, -EOPNOTSUPP, "backend=%s: backends in "
                         "driver domains are not supported yet (only "
                         "Domain-0)", name);
}

/* A QEMU device name: model= goes into -device unquoted. */
static bool model_ok(const char *m)
{
    if (!*m)
        return false;
    for (; *m; m++)
        if (!isalnum((unsigned char)*m) && !strchr("_.-", *m))
            return false;
    return true;
}

/* Is type= allowed for this use?  Xen's libxl__device_nic_setdefault. */
static int check_type(libxl__gc *gc, const struct libxl_device_nic *nic,
                      enum libxl__nic_use use)
{
    bool emu = nic->nictype == LIBXL_NIC_TYPE_VIF_IOEMU ||
               (use == LIBXL__NIC_HVM_CREATE && !nic->nictype);

    if (!emu)
        return 0;
    if (use == LIBXL__NIC_PV)
        return libxl__seterr(gc->ctx, -EINVAL, "type=ioemu: an emulated "
                             "NIC needs an HVM guest (PV and PVH guests "
                             "have no device model)");
    if (use == LIBXL__NIC_HVM_HOTPLUG)
        return libxl__seterr(gc->ctx, -EOPNOTSUPP, "type=ioemu: an "
                             "emulated NIC cannot be hot-plugged (QEMU's "
                             "NICs are fixed at creation): use type=vif");
    if (nic->model && !model_ok(nic->model))
        return libxl__seterr(gc->ctx, -EINVAL, "model=%s: not a QEMU "
                             "device name (letters, digits, '_', '.', "
                             "'-')", nic->model);
    return 0;
}

int libxl__nic_setdefault(libxl__gc *gc, uint32_t domid,
                          struct libxl_device_nic *nic,
                          enum libxl__nic_use use)
{
    int rc, *ids;
    unsigned n;

    rc = check_type(gc, nic, use);
    if (rc)
        return rc;
    /* An HVM guest created with a vif gets both a PV vif and an emulated
     * card with the same MAC (the guest's PV drivers unplug the card);
     * a hot-plugged one is PV only. */
    if (use == LIBXL__NIC_HVM_CREATE && !nic->nictype)
        nic->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
    if (nic->nictype != LIBXL_NIC_TYPE_VIF_IOEMU)
        nic->nictype = LIBXL_NIC_TYPE_VIF;
    if (nic->nictype == LIBXL_NIC_TYPE_VIF_IOEMU && !nic->model)
        nic->model = libxl__xstrdup(LIBXL__NIC_MODEL);
    if (!nic->mac_set) {
        rc = libxl_device_nic_random_mac(nic);
        if (rc)
            return libxl__seterr(gc->ctx, rc, "cannot make a random MAC: "
                                 "%s", strerror(-rc));
    }
    if (!nic->bridge)
        nic->bridge = libxl__xstrdup(LIBXL__NIC_BRIDGE);
    if (nic->mtu < 0 || nic->mtu > 65535)
        return libxl__seterr(gc->ctx, -EINVAL, "mtu=%d is out of range",
                             nic->mtu);
    if (nic->devid < 0) {
        rc = libxl__device_list(gc, domid, "vif", &ids, &n);
        if (rc)
            return rc;
        nic->devid = n ? ids[n - 1] + 1 : 0;
    }
    return 0;
}

/* The backend entries (Xen's libxl__set_xenstore_nic), arena array. */
static const char **back_nodes(libxl__gc *gc, const struct libxl_device_nic *n,
                               int mtu)
{
    const char **b = libxl__zalloc(gc, 32 * sizeof(*b));
    int k = 0;

    /* netback's probe fails without a script node ("reading script"):
     * empty when the toolstack does the host side itself. */
    b[k++] = "script";
    b[k++] = n->script ? libxl__device_script_path(gc, n->script) : "";
    if (n->ifname) {
        b[k++] = "vifname";
        b[k++] = n->ifname;
    }
    if (n->coloft_forwarddev) {
        b[k++] = "forwarddev";
        b[k++] = n->coloft_forwarddev;
    }
    b[k++] = "mac";
    b[k++] = mac_str(gc, n->mac);
    if (n->ip) {
        b[k++] = "ip";
        b[k++] = n->ip;
    }
    if (n->gatewaydev) {
        b[k++] = "gatewaydev";
        b[k++] = n->gatewaydev;
    }
    if (n->rate_interval_usecs > 0) {
        b[k++] = "rate";
        b[k++] = libxl__sprintf(gc, "%" PRIu64 ",%" PRIu32,
                                n->rate_bytes_per_interval,
                                n->rate_interval_usecs);
    }
    if (mtu != LIBXL__NIC_MTU) {
        b[k++] = "mtu";
        b[k++] = libxl__sprintf(gc, "%d", mtu);
    }
    b[k++] = "bridge";
    b[k++] = n->bridge;
    b[k++] = "handle";
    b[k++] = libxl__sprintf(gc, "%d", n->devid);
    b[k++] = "type";
    b[k++] = n->nictype == LIBXL_NIC_TYPE_VIF_IOEMU ? "vif_ioemu" : "vif";
    /* netback connects only once this says "connected". */
    b[k++] = "hotplug-status";
    b[k++] = "";
    b[k] = NULL;
    return b;
}

static const char **front_nodes(libxl__gc *gc,
                                const struct libxl_device_nic *n)
{
    const char **f = libxl__zalloc(gc, 8 * sizeof(*f));
    bool trusted = n->trusted.val != LIBXL_DEFBOOL_FALSE;

    f[0] = "handle";
    f[1] = libxl__sprintf(gc, "%d", n->devid);
    f[2] = "mac";
    f[3] = mac_str(gc, n->mac);
    f[4] = "trusted";
    f[5] = trusted ? "1" : "0";
    f[6] = NULL;
    return f;
}

/* The frontend's mtu: readable, not writable, by the guest (Xen's
 * ro_front). */
static int write_front_mtu(libxl__gc *gc, const struct libxl__device *dev,
                           int mtu)
{
    char *p = libxl__sprintf(gc, "%s/mtu",
                             libxl__device_frontend_path(gc, dev));
    int rc = libxl__xs_mknode(gc, LIBXL__XBT_NULL, p,
                              libxl__sprintf(gc, "%d", mtu),
                              dev->backend_domid, (int)dev->domid);

    if (rc)
        return libxl__seterr(gc->ctx, rc, "%s: cannot write '%s': %s",
                             dev->what, p, strerror(-rc));
    return 0;
}

static int write_hotplug_status(libxl__gc *gc, const struct libxl__device *dev)
{
    char *p = libxl__sprintf(gc, "%s/hotplug-status",
                             libxl__device_backend_path(gc, dev));
    int rc = libxl__xs_write(gc, LIBXL__XBT_NULL, p, "connected");

    if (rc)
        return libxl__seterr(gc->ctx, rc, "%s: cannot write '%s': %s",
                             dev->what, p, strerror(-rc));
    return 0;
}

/* Put "<what>: " before the message already on the ctx. */
static int prefix(libxl__gc *gc, int rc, const char *what)
{
    char *m = libxl__strdup(gc, libxl_errmsg(gc->ctx));

    return libxl__seterr(gc->ctx, rc, "%s: %s", what, m);
}

static const char *netback_name(libxl__gc *gc, const struct libxl__device *d)
{
    return libxl__sprintf(gc, "vif%u.%d", d->domid, d->devid);
}

char *libxl__nic_tap_name(libxl__gc *gc, uint32_t domid, int devid)
{
    return libxl__sprintf(gc, "vif%u.%d" LIBXL__NIC_TAP_SUFFIX, domid,
                          devid);
}

/* The environment of the vif's script (Xen's get_hotplug_env): an
 * emulated NIC's script gets its tap as INTERFACE in both runs. */
static const char **hotplug_env(libxl__gc *gc, const struct libxl__device *dev,
                                const char *gw, bool emu)
{
    const char **env = libxl__zalloc(gc, 8 * sizeof(*env));
    int k = 0;

    env[k++] = "netdev";
    env[k++] = gw ? gw : "";
    if (emu) {
        env[k++] = "INTERFACE";
        env[k++] = libxl__nic_tap_name(gc, dev->domid, dev->devid);
    }
    env[k++] = "vif";
    env[k++] = netback_name(gc, dev);
    env[k] = NULL;
    return env;
}

/* The name the tap ends with: vifname-emu when vifname= is given (as
 * vif-common.sh renames it). */
static const char *tap_final_name(libxl__gc *gc,
                                  const struct libxl__device *dev,
                                  const char *vifname)
{
    return vifname && *vifname
           ? libxl__sprintf(gc, "%s" LIBXL__NIC_TAP_SUFFIX, vifname)
           : libxl__nic_tap_name(gc, dev->domid, dev->devid);
}

/*
 * The emulated NIC's host side: the tap QEMU opened joins the bridge
 * (vif-bridge `add type_if=tap', run after the vif's `online', as Xen
 * 4.17's libxl does).  The script writes no hotplug-status for it.
 */
static int tap_online(libxl__gc *gc, const struct libxl__device *dev,
                      const struct libxl_device_nic *nic)
{
    static const char *const args[] = { "type_if=tap", NULL };
    const char *tap = libxl__nic_tap_name(gc, dev->domid, dev->devid);
    int rc;

    if (nic->script)
        return libxl__device_hotplug(gc, dev, nic->script, "add", args,
                                     hotplug_env(gc, dev, nic->gatewaydev,
                                                 true),
                                     LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
    if (on_sim(gc->ctx))
        return 0;
    rc = libxl__nic_link_online(gc, tap, nic->ifname
                                ? tap_final_name(gc, dev, nic->ifname)
                                : NULL,
                                nic->bridge, nic->mtu,
                                LIBXL__NIC_LINK_WAIT_MS, NULL);
    return rc ? prefix(gc, rc, libxl__sprintf(gc, "%s (emulated)",
                                              dev->what))
              : 0;
}

/* The host side, once netback made the interface (InitWait). */
static int online(libxl__gc *gc, const struct libxl__device *dev,
                  const struct libxl_device_nic *nic)
{
    static const char *const args[] = { "type_if=vif", NULL };
    bool emu = nic->nictype == LIBXL_NIC_TYPE_VIF_IOEMU;
    int rc, mtu = 0;

    if (nic->script) {
        rc = libxl__device_hotplug(gc, dev, nic->script, "online", args,
                                   hotplug_env(gc, dev, nic->gatewaydev,
                                               emu),
                                   LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
        return rc ? rc : emu ? tap_online(gc, dev, nic) : 0;
    }
    if (!on_sim(gc->ctx)) {
        rc = libxl__nic_link_online(gc, netback_name(gc, dev), nic->ifname,
                                    nic->bridge, nic->mtu,
                                    LIBXL__NIC_LINK_WAIT_MS, &mtu);
        if (rc)
            return prefix(gc, rc, dev->what);
        rc = write_front_mtu(gc, dev, mtu);
        if (rc)
            return rc;
    }
    rc = write_hotplug_status(gc, dev);
    return rc ? rc : emu ? tap_online(gc, dev, nic) : 0;
}

int libxl__nic_check(libxl__gc *gc, const struct libxl_device_nic *nic,
                     enum libxl__nic_use use)
{
    const char *what = libxl__sprintf(gc, "vif %d", nic->devid);
    uint32_t be;
    int rc;

    rc = check_type(gc, nic, use);
    if (!rc)
        rc = backend_domid(gc, nic->backend_domname, &be);
    if (rc)
        return prefix(gc, rc, what);
    if (nic->script || on_sim(gc->ctx))
        return 0;
    rc = libxl__nic_bridge_check(gc, nic->bridge ? nic->bridge
                                                 : LIBXL__NIC_BRIDGE);
    return rc ? prefix(gc, rc, what) : 0;
}

int libxl__nic_add(libxl__gc *gc, uint32_t domid,
                   struct libxl_device_nic *nic, enum libxl__nic_use use)
{
    libxl_ctx *ctx = gc->ctx;
    struct libxl__device dev;
    char saved[sizeof(ctx->errmsg)];
    int rc, mtu;

    memset(&dev, 0, sizeof(dev));
    rc = backend_domid(gc, nic->backend_domname, &dev.backend_domid);
    if (rc)
        return rc;
    rc = libxl__nic_setdefault(gc, domid, nic, use);
    if (rc)
        return rc;
    dev.kind = dev.backend_kind = "vif";
    dev.domid = domid;
    dev.devid = nic->devid;
    dev.what = libxl__sprintf(gc, "vif %d", nic->devid);
    if (!nic->script && !on_sim(ctx)) {
        rc = libxl__nic_bridge_check(gc, nic->bridge);
        if (rc)
            return prefix(gc, rc, dev.what);
    }
    mtu = nic->mtu ? nic->mtu : LIBXL__NIC_MTU;
    rc = libxl__device_add_xs(gc, &dev, back_nodes(gc, nic, mtu),
                              front_nodes(gc, nic));
    if (rc)
        return rc;
    rc = write_front_mtu(gc, &dev, mtu);
    if (!rc)
        rc = libxl__device_wait_backend(gc, &dev, LIBXL__XENBUS_INITWAIT,
                                        LIBXL__DEVICE_INIT_TIMEOUT_MS);
    if (!rc)
        rc = online(gc, &dev, nic);
    if (rc) {
        memcpy(saved, ctx->errmsg, sizeof(saved));
        libxl__device_remove(gc, &dev, true);
        memcpy(ctx->errmsg, saved, sizeof(saved));
    }
    return rc;
}

/* A node of the /libxl copy, "" when missing (arena). */
static char *stored(libxl__gc *gc, const char *dir, const char *key)
{
    char *v = NULL;

    libxl__xs_read(gc, LIBXL__XBT_NULL, libxl__sprintf(gc, "%s/%s", dir,
                                                       key), &v);
    return v ? v : "";
}

/*
 * Release hook (device.c): undo the host side from /libxl's copy: the
 * vif's `offline', then for an emulated NIC its tap's `remove' (Xen's
 * order).  Natively the tap leaves its bridge if it is still there (it
 * goes with QEMU anyway).
 */
static int nic_release(libxl__gc *gc, const struct libxl__device *dev)
{
    static const char *const vif_args[] = { "type_if=vif", NULL };
    static const char *const tap_args[] = { "type_if=tap", NULL };
    char *lp = libxl__device_libxl_path(gc, dev);
    const char *script = stored(gc, lp, "script"),
               *vifname = stored(gc, lp, "vifname");
    bool emu = !strcmp(stored(gc, lp, "type"), "vif_ioemu");
    const char **env;
    int rc, rc2 = 0;

    if (*script) {
        env = hotplug_env(gc, dev, stored(gc, lp, "gatewaydev"), emu);
        rc = libxl__device_hotplug(gc, dev, script, "offline", vif_args,
                                   env, LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
        if (emu)
            rc2 = libxl__device_hotplug(gc, dev, script, "remove",
                                        tap_args, env,
                                        LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS);
        return rc ? rc : rc2;
    }
    if (on_sim(gc->ctx))
        return 0;
    rc = libxl__nic_link_offline(gc, *vifname ? vifname
                                              : netback_name(gc, dev));
    if (emu)
        rc2 = libxl__nic_link_offline(gc, tap_final_name(gc, dev, vifname));
    return rc ? rc : rc2;
}

const struct libxl__device_ops libxl__nic_ops = {
    .kind = "vif",
    .release = nic_release,
};

LIBXL_API int libxl_device_nic_add(libxl_ctx *ctx, uint32_t domid,
                                   struct libxl_device_nic *nic)
{
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__domain_is_hvm(&gc, domid);
    if (rc >= 0)
        rc = libxl__nic_add(&gc, domid, nic, rc ? LIBXL__NIC_HVM_HOTPLUG
                                                : LIBXL__NIC_PV);
    if (!rc)
        rc = libxl__nic_update_stored(&gc, domid, nic, -1);
    libxl__gc_release(&gc);
    return rc;
}

LIBXL_API int libxl_device_nic_remove(libxl_ctx *ctx, uint32_t domid,
                                      int devid, bool force)
{
    struct libxl__device dev;
    libxl__gc gc;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = libxl__device_lookup(&gc, domid, "vif", devid,
                              libxl__sprintf(&gc, "vif %d", devid), &dev);
    if (!rc)
        rc = libxl__device_remove(&gc, &dev, force);
    if (!rc)
        rc = libxl__nic_update_stored(&gc, domid, NULL, devid);
    libxl__gc_release(&gc);
    return rc;
}
