/*
 * Unit tests of the vif host side: the native bridge attach with libnl,
 * in a fresh user + network namespace holding a real bridge and a veth
 * standing for netback's interface (no root needed; skipped, saying so,
 * where user namespaces are off).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>

#include "nic_internal.h"

static libxl_ctx *ctx;
static libxl__gc gc;
static char dir[64];

static void setup(void)
{
    char err[256];

    snprintf(dir, sizeof(dir), "/tmp/check_nic.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XENSIM_DIR", dir, 1);
    unsetenv("XENSIM_DOMID");
    setenv("XENSTORED_PATH", "/nonexistent/xenstored/socket", 1);
    ck_assert_int_eq(libxl_ctx_alloc(&ctx, err, sizeof(err)), 0);
    libxl__gc_init(&gc, ctx);
}

static void teardown(void)
{
    char cmd[128];

    libxl__gc_release(&gc);
    libxl_ctx_free(ctx);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* ---- native bridge attach, in a private network namespace ---- */

static struct nl_sock *sk;

/* A new user + network namespace with xenbr0 and a veth vif3.0 (peer
 * p3.0); false (and the test says it is skipped) when not possible. */
static bool netns(void)
{
    if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
        fprintf(stderr, "check_nic: skipped: no user namespaces (%s)\n",
                strerror(errno));
        return false;
    }
    sk = nl_socket_alloc();
    ck_assert_ptr_nonnull(sk);
    ck_assert_int_eq(nl_connect(sk, NETLINK_ROUTE), 0);
    if (rtnl_link_bridge_add(sk, "xenbr0") < 0 ||
        rtnl_link_veth_add(sk, "vif3.0", "p3.0", getpid()) < 0) {
        fprintf(stderr, "check_nic: skipped: no bridge or veth in a "
                "user namespace\n");
        return false;
    }
    return true;
}

static struct rtnl_link *link_get(const char *name)
{
    struct rtnl_link *l = NULL;

    if (rtnl_link_get_kernel(sk, 0, name, &l) < 0)
        return NULL;
    return l;
}

static int ifindex(const char *name)
{
    struct rtnl_link *l = link_get(name);
    int i;

    ck_assert_ptr_nonnull(l);
    i = rtnl_link_get_ifindex(l);
    rtnl_link_put(l);
    return i;
}

static void assert_port(const char *name, const char *bridge, unsigned mtu)
{
    struct rtnl_link *l = link_get(name);
    char mac[32];

    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(rtnl_link_get_master(l), ifindex(bridge));
    ck_assert(rtnl_link_get_flags(l) & IFF_UP);
    ck_assert_uint_eq(rtnl_link_get_mtu(l), mtu);
    nl_addr2str(rtnl_link_get_addr(l), mac, sizeof(mac));
    ck_assert_str_eq(mac, "fe:ff:ff:ff:ff:ff");
    rtnl_link_put(l);
}

START_TEST(link_online_offline)
{
    struct rtnl_link *l;
    int mtu = 0;

    if (!netns())
        return;
    ck_assert_int_eq(libxl__nic_bridge_check(&gc, "xenbr0"), 0);
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif3.0", NULL, "xenbr0",
                                            0, 100, &mtu), 0);
    ck_assert_int_eq(mtu, 1500);       /* the bridge's */
    assert_port("vif3.0", "xenbr0", 1500);
    ck_assert_int_eq(libxl__nic_link_offline(&gc, "vif3.0"), 0);
    l = link_get("vif3.0");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(rtnl_link_get_master(l), 0);
    ck_assert(!(rtnl_link_get_flags(l) & IFF_UP));
    rtnl_link_put(l);
    /* Gone already (netback removed it): nothing to do. */
    ck_assert_int_eq(libxl__nic_link_offline(&gc, "vif9.9"), 0);
}
END_TEST

START_TEST(link_mtu_and_vifname)
{
    int mtu = 0;

    if (!netns())
        return;
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif3.0", "web0", "xenbr0",
                                            1400, 100, &mtu), 0);
    ck_assert_int_eq(mtu, 1400);
    ck_assert_ptr_null(link_get("vif3.0"));
    assert_port("web0", "xenbr0", 1400);
}
END_TEST

START_TEST(link_vifname_taken)
{
    if (!netns())
        return;
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif3.0", "p3.0", "xenbr0",
                                            0, 100, NULL), -EEXIST);
    ck_assert_str_eq(libxl_errmsg(ctx), "cannot rename interface 'vif3.0': "
                     "an interface named 'p3.0' already exists");
}
END_TEST

START_TEST(link_bad_bridge)
{
    struct rtnl_link *l;

    if (!netns())
        return;
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif3.0", "web0", "xenbr7",
                                            0, 100, NULL), -ENODEV);
    ck_assert_str_eq(libxl_errmsg(ctx), "bridge 'xenbr7' does not exist");
    ck_assert_int_eq(libxl__nic_bridge_check(&gc, "xenbr7"), -ENODEV);
    /* Nothing was touched. */
    l = link_get("vif3.0");
    ck_assert_ptr_nonnull(l);
    ck_assert_int_eq(rtnl_link_get_master(l), 0);
    rtnl_link_put(l);
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif3.0", NULL, "p3.0",
                                            0, 100, NULL), -EINVAL);
    ck_assert_str_eq(libxl_errmsg(ctx), "'p3.0' is not a bridge");
    ck_assert_int_eq(libxl__nic_bridge_check(&gc, "p3.0"), -EINVAL);
}
END_TEST

/* netback announces InitWait just before it registers the interface. */
START_TEST(link_interface_late)
{
    pid_t pid;
    int st;

    if (!netns())
        return;
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct nl_sock *s2 = nl_socket_alloc();

        usleep(300000);
        if (!s2 || nl_connect(s2, NETLINK_ROUTE) < 0 ||
            rtnl_link_veth_add(s2, "vif4.0", "p4.0", getpid()) < 0)
            _exit(1);
        _exit(0);
    }
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif4.0", NULL, "xenbr0",
                                            0, 5000, NULL), 0);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    assert_port("vif4.0", "xenbr0", 1500);
}
END_TEST

START_TEST(link_no_interface)
{
    if (!netns())
        return;
    ck_assert_int_eq(libxl__nic_link_online(&gc, "vif9.0", NULL, "xenbr0",
                                            0, 100, NULL), -ENODEV);
    ck_assert_str_eq(libxl_errmsg(ctx), "interface 'vif9.0' does not "
                     "exist (netback makes it for the device)");
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("nic");
    TCase *tc;

    tc = tcase_create("link");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, link_online_offline);
    tcase_add_test(tc, link_mtu_and_vifname);
    tcase_add_test(tc, link_vifname_taken);
    tcase_add_test(tc, link_bad_bridge);
    tcase_add_test(tc, link_interface_late);
    tcase_add_test(tc, link_no_interface);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
