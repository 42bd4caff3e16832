/*
 * libxl (devices, vif): the host side of a vif with libnl-route-3, in the
 * steps of Xen 4.17's vif-bridge / vif-common.sh (rename to vifname,
 * fe:ff:ff:ff:ff:ff, MTU, enslave, up; offline: down, release) without
 * a shell.  Each call opens its own netlink socket.
 */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "nic_internal.h"

static int to_errno(int nlerr)
{
    switch (nlerr < 0 ? -nlerr : nlerr) {
    case NLE_OBJ_NOTFOUND:
    case NLE_NODEV:
        return -ENODEV;
    case NLE_EXIST:
        return -EEXIST;
    case NLE_PERM:
    case NLE_NOACCESS:
        return -EPERM;
    case NLE_NOMEM:
        return -ENOMEM;
    case NLE_INVAL:
    case NLE_RANGE:
        return -EINVAL;
    case NLE_BUSY:
        return -EBUSY;
    case NLE_OPNOTSUPP:
        return -EOPNOTSUPP;
    default:
        return -EIO;
    }
}

static int open_sock(libxl__gc *gc, struct nl_sock **sk)
{
    int r;

    *sk = nl_socket_alloc();
    if (!*sk)
        return libxl__seterr(gc->ctx, -ENOMEM, "netlink: out of memory");
    r = nl_connect(*sk, NETLINK_ROUTE);
    if (r < 0) {
        nl_socket_free(*sk);
        *sk = NULL;
        return libxl__seterr(gc->ctx, to_errno(r), "netlink: cannot "
                             "connect: %s", nl_geterror(r));
    }
    return 0;
}

static int get_bridge(libxl__gc *gc, struct nl_sock *sk, const char *bridge,
                      struct rtnl_link **br)
{
    const char *type;
    int r = rtnl_link_get_kernel(sk, 0, bridge, br);

    if (r < 0) {
        *br = NULL;
        if (to_errno(r) == -ENODEV)
            return libxl__seterr(gc->ctx, -ENODEV, "bridge '%s' does not "
                                 "exist", bridge);
        return libxl__seterr(gc->ctx, to_errno(r), "bridge '%s': %s",
                             bridge, nl_geterror(r));
    }
    type = rtnl_link_get_type(*br);
    if (!type || strcmp(type, "bridge"))
        return libxl__seterr(gc->ctx, -EINVAL, "'%s' is not a bridge",
                             bridge);
    return 0;
}

int libxl__nic_bridge_check(libxl__gc *gc, const char *bridge)
{
    struct nl_sock *sk;
    struct rtnl_link *br = NULL;
    int rc;

    rc = open_sock(gc, &sk);
    if (rc)
        return rc;
    rc = get_bridge(gc, sk, bridge, &br);
    if (br)
        rtnl_link_put(br);
    nl_socket_free(sk);
    return rc;
}

/* Apply chg to link; the message says what step on which interface. */
static int change(libxl__gc *gc, struct nl_sock *sk, struct rtnl_link *link,
                  struct rtnl_link *chg, const char *dev, const char *what)
{
    int r = rtnl_link_change(sk, link, chg, 0);

    rtnl_link_put(chg);
    if (r < 0)
        return libxl__seterr(gc->ctx, to_errno(r), "interface '%s': cannot "
                             "%s: %s", dev, what, nl_geterror(r));
    return 0;
}

static struct rtnl_link *new_change(void)
{
    struct rtnl_link *c = rtnl_link_alloc();

    if (!c)
        abort();
    return c;
}

static int rename_link(libxl__gc *gc, struct nl_sock *sk,
                       struct rtnl_link **link, const char *dev,
                       const char *vifname)
{
    struct rtnl_link *other = NULL, *chg;
    int rc;

    if (strlen(vifname) >= IFNAMSIZ)
        return libxl__seterr(gc->ctx, -EINVAL, "vifname '%s' is longer "
                             "than %d characters", vifname, IFNAMSIZ - 1);
    if (rtnl_link_get_kernel(sk, 0, vifname, &other) == 0) {
        rtnl_link_put(other);
        return libxl__seterr(gc->ctx, -EEXIST, "cannot rename interface "
                             "'%s': an interface named '%s' already exists",
                             dev, vifname);
    }
    chg = new_change();
    rtnl_link_set_name(chg, vifname);
    rc = change(gc, sk, *link, chg, dev, "rename it");
    if (rc)
        return rc;
    rtnl_link_put(*link);
    *link = NULL;
    if (rtnl_link_get_kernel(sk, 0, vifname, link) < 0)
        return libxl__seterr(gc->ctx, -ENODEV, "interface '%s' vanished "
                             "after its rename", vifname);
    return 0;
}

static int setup_port(libxl__gc *gc, struct nl_sock *sk,
                      struct rtnl_link *link, const char *dev, int mtu)
{
    static const unsigned char dummy[6] = { 0xfe, 0xff, 0xff,
                                            0xff, 0xff, 0xff };
    struct rtnl_link *chg = new_change();
    struct nl_addr *a;
    int rc;

    rtnl_link_unset_flags(chg, IFF_UP);
    rc = change(gc, sk, link, chg, dev, "set it down");
    if (rc)
        return rc;
    a = nl_addr_build(AF_LLC, dummy, sizeof(dummy));
    if (!a)
        abort();
    chg = new_change();
    rtnl_link_set_addr(chg, a);
    nl_addr_put(a);
    /* As vif-bridge: a device refusing the address is not fatal. */
    change(gc, sk, link, chg, dev, "set its address");
    chg = new_change();
    rtnl_link_set_mtu(chg, (unsigned)mtu);
    return change(gc, sk, link, chg, dev,
                  libxl__sprintf(gc, "set its MTU to %d", mtu));
}

/*
 * netback says InitWait just before it registers the interface: wait for
 * it (at most wait_ms, polling in growing steps).  Returns the libnl
 * result.
 */
static int get_new_link(struct nl_sock *sk, const char *dev, int wait_ms,
                        struct rtnl_link **link)
{
    struct timespec t0, t;
    long step_us = 1000, waited_ms;
    int r;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        r = rtnl_link_get_kernel(sk, 0, dev, link);
        if (r >= 0 || to_errno(r) != -ENODEV)
            return r;
        clock_gettime(CLOCK_MONOTONIC, &t);
        waited_ms = (t.tv_sec - t0.tv_sec) * 1000 +
                    (t.tv_nsec - t0.tv_nsec) / 1000000;
        if (waited_ms >= wait_ms)
            return r;
        usleep((useconds_t)step_us);
        if (step_us < 50000)
            step_us *= 2;
    }
}

int libxl__nic_link_online(libxl__gc *gc, const char *dev,
                           const char *vifname, const char *bridge,
                           int mtu, int wait_ms, int *mtu_out)
{
    struct nl_sock *sk = NULL;
    struct rtnl_link *br = NULL, *link = NULL, *chg;
    const char *name = dev;
    int rc, r;

    rc = open_sock(gc, &sk);
    if (rc)
        return rc;
    rc = get_bridge(gc, sk, bridge, &br);
    if (rc)
        goto out;
    r = get_new_link(sk, dev, wait_ms, &link);
    if (r < 0) {
        link = NULL;
        rc = to_errno(r) == -ENODEV
             ? libxl__seterr(gc->ctx, -ENODEV, "interface '%s' does not "
                             "exist (netback makes it for the device)", dev)
             : libxl__seterr(gc->ctx, to_errno(r), "interface '%s': %s",
                             dev, nl_geterror(r));
        goto out;
    }
    if (vifname && *vifname && strcmp(vifname, dev)) {
        rc = rename_link(gc, sk, &link, dev, vifname);
        if (rc)
            goto out;
        name = vifname;
    }
    if (mtu <= 0)
        mtu = (int)rtnl_link_get_mtu(br);
    rc = setup_port(gc, sk, link, name, mtu);
    if (rc)
        goto out;
    chg = new_change();
    rtnl_link_set_master(chg, rtnl_link_get_ifindex(br));
    rc = change(gc, sk, link, chg, name,
                libxl__sprintf(gc, "add it to bridge '%s'", bridge));
    if (rc)
        goto out;
    chg = new_change();
    rtnl_link_set_flags(chg, IFF_UP);
    rc = change(gc, sk, link, chg, name, "set it up");
    if (rc)
        goto out;
    if (mtu_out)
        *mtu_out = mtu;
out:
    if (link)
        rtnl_link_put(link);
    if (br)
        rtnl_link_put(br);
    nl_socket_free(sk);
    return rc;
}

int libxl__nic_link_offline(libxl__gc *gc, const char *dev)
{
    struct nl_sock *sk = NULL;
    struct rtnl_link *link = NULL, *chg;
    int rc, r;

    rc = open_sock(gc, &sk);
    if (rc)
        return rc;
    r = rtnl_link_get_kernel(sk, 0, dev, &link);
    if (r < 0) {
        link = NULL;
        rc = to_errno(r) == -ENODEV ? 0
             : libxl__seterr(gc->ctx, to_errno(r), "interface '%s': %s",
                             dev, nl_geterror(r));
        goto out;
    }
    chg = new_change();
    rtnl_link_unset_flags(chg, IFF_UP);
    rc = change(gc, sk, link, chg, dev, "set it down");
    if (rc == -ENODEV)
        rc = 0;
    if (rc || !rtnl_link_get_master(link))
        goto out;
    chg = new_change();
    rtnl_link_set_master(chg, 0);
    rc = change(gc, sk, link, chg, dev, "take it off its bridge");
    if (rc == -ENODEV)
        rc = 0;
out:
    if (link)
        rtnl_link_put(link);
    nl_socket_free(sk);
    return rc;
}
