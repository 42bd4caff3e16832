/*
 * Unit tests of libxenctrl event channels on the simulator: notification
 * across processes with poll() on the handle's fd, guest-side ports, and
 * VIRQ_DOM_EXC on shutdown and destroy.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_xc.h"

/* Wait up to ms for a pending port; returns it or -1. */
static int wait_port(xc_evtchn *e, int ms)
{
    struct pollfd p = { .fd = xc_evtchn_fd(e), .events = POLLIN };
    int port;

    if (poll(&p, 1, ms) != 1)
        return -1;
    port = xc_evtchn_pending(e);
    if (port >= 0)
        xc_evtchn_unmask(e, (xc_evtchn_port_t)port);
    return port;
}

START_TEST(notify_across_processes)
{
    xc_evtchn *e = xc_evtchn_open(0);
    int port, pipefd[2], st;
    pid_t pid;

    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(xc_evtchn_pending(e), -EAGAIN);
    port = xc_evtchn_bind_unbound_port(e, 0);
    ck_assert_int_gt(port, 0);
    ck_assert_int_eq(pipe(pipefd), 0);
    pid = fork();
    if (pid == 0) {
        xc_evtchn *c = xc_evtchn_open(0);
        int l, got;
        char ok = 'x';

        if (!c)
            _exit(1);
        l = xc_evtchn_bind_interdomain(c, 0, (xc_evtchn_port_t)port);
        if (l <= 0 || wait_port(c, 5000) != l)   /* the bind's own event */
            _exit(2);
        if (write(pipefd[1], &ok, 1) != 1 ||
            xc_evtchn_notify(c, (xc_evtchn_port_t)l))
            _exit(3);
        got = wait_port(c, 5000);
        xc_evtchn_close(c);
        _exit(got == l ? 0 : 4);
    }
    {
        char ok;
        ck_assert_int_eq(read(pipefd[0], &ok, 1), 1);
    }
    ck_assert_int_eq(wait_port(e, 5000), port);
    ck_assert_int_eq(xc_evtchn_notify(e, (xc_evtchn_port_t)port), 0);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    ck_assert_int_eq(xc_evtchn_unbind(e, (xc_evtchn_port_t)port), 0);
    ck_assert_int_eq(xc_evtchn_unbind(e, (xc_evtchn_port_t)port), -EINVAL);
    xc_evtchn_close(e);
}
END_TEST

START_TEST(masked_until_unmask)
{
    xc_evtchn *a = xc_evtchn_open(0), *b = xc_evtchn_open(0);
    int pa, pb;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    pa = xc_evtchn_bind_unbound_port(a, 0);
    pb = xc_evtchn_bind_interdomain(b, 0, (xc_evtchn_port_t)pa);
    ck_assert_int_eq(wait_port(b, 1000), pb);
    ck_assert_int_eq(xc_evtchn_notify(b, (xc_evtchn_port_t)pb), 0);
    ck_assert_int_eq(xc_evtchn_notify(b, (xc_evtchn_port_t)pb), 0);
    ck_assert_int_eq(xc_evtchn_pending(a), pa);
    ck_assert_int_eq(xc_evtchn_pending(a), -EAGAIN);   /* masked */
    ck_assert_int_eq(xc_evtchn_unmask(a, (xc_evtchn_port_t)pa), 0);
    ck_assert_int_eq(wait_port(a, 1000), pa);           /* was pending */
    ck_assert_int_eq(xc_evtchn_pending(a), -EAGAIN);
    xc_evtchn_close(a);
    /* The peer's port went back to unbound: sending is a no-op. */
    ck_assert_int_eq(xc_evtchn_notify(b, (xc_evtchn_port_t)pb), 0);
    xc_evtchn_close(b);
}
END_TEST

START_TEST(guest_port_from_alloc_unbound)
{
    uint32_t d = xct_create(1);
    xc_evtchn *e = xc_evtchn_open(0);
    int gport, local, st;
    pid_t pid;
    char v[8];

    ck_assert_ptr_nonnull(e);
    gport = xc_evtchn_alloc_unbound(xch, d, 0);
    ck_assert_int_gt(gport, 0);
    ck_assert_int_eq(xc_evtchn_bind_interdomain(e, d + 1, 1), -ESRCH);
    local = xc_evtchn_bind_interdomain(e, d, (xc_evtchn_port_t)gport);
    ck_assert_int_gt(local, 0);
    ck_assert_int_eq(wait_port(e, 1000), local);
    snprintf(v, sizeof(v), "%u", d);
    pid = fork();
    if (pid == 0) {
        xc_evtchn *g;

        setenv("XENSIM_DOMID", v, 1);
        g = xc_evtchn_open(0);
        if (!g || xc_evtchn_notify(g, (xc_evtchn_port_t)gport))
            _exit(1);
        xc_evtchn_close(g);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    ck_assert_int_eq(wait_port(e, 5000), local);
    xc_evtchn_close(e);
}
END_TEST

START_TEST(virq_dom_exc)
{
    xc_evtchn *e = xc_evtchn_open(0), *e2 = xc_evtchn_open(0);
    uint32_t d = xct_create(1), d2 = xct_create(1);
    int port;

    ck_assert_ptr_nonnull(e);
    port = xc_evtchn_bind_virq(e, XC_VIRQ_DOM_EXC);
    ck_assert_int_gt(port, 0);
    ck_assert_int_eq(xc_evtchn_bind_virq(e2, XC_VIRQ_DOM_EXC), -EEXIST);
    ck_assert_int_eq(xc_evtchn_pending(e), -EAGAIN);
    ck_assert_int_eq(xc_domain_shutdown(xch, d, XC_SHUTDOWN_POWEROFF), 0);
    ck_assert_int_eq(wait_port(e, 1000), port);
    ck_assert_int_eq(xc_domain_destroy(xch, d2), 0);
    ck_assert_int_eq(wait_port(e, 1000), port);
    ck_assert_int_eq(xc_domain_destroy(xch, d), 0);
    ck_assert_int_eq(wait_port(e, 1000), port);
    xc_evtchn_close(e);
    /* Closing the handle released the VIRQ. */
    ck_assert_int_gt(xc_evtchn_bind_virq(e2, XC_VIRQ_DOM_EXC), 0);
    xc_evtchn_close(e2);
}
END_TEST

START_TEST(destroy_frees_ports)
{
    uint32_t d = xct_create(1);
    xc_evtchn *e = xc_evtchn_open(0);
    int gport, local;

    gport = xc_evtchn_alloc_unbound(xch, d, 0);
    local = xc_evtchn_bind_interdomain(e, d, (xc_evtchn_port_t)gport);
    ck_assert_int_gt(local, 0);
    ck_assert_int_eq(xc_domain_destroy(xch, d), 0);
    ck_assert_int_eq(xct_create(1), d);
    ck_assert_int_eq(xc_evtchn_alloc_unbound(xch, d, 0), 1);
    ck_assert_int_eq(xc_evtchn_alloc_unbound(xch, 500, 0), -ESRCH);
    xc_evtchn_close(e);
}
END_TEST

START_TEST(long_state_dir)
{
    char dir[400];
    xc_evtchn *a, *b;
    int pa, pb;

    snprintf(dir, sizeof(dir), "%s/%0150d", xct_dir, 7);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    setenv("XENSIM_DIR", dir, 1);
    a = xc_evtchn_open(0);
    b = xc_evtchn_open(0);
    setenv("XENSIM_DIR", xct_dir, 1);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    pa = xc_evtchn_bind_unbound_port(a, 0);
    pb = xc_evtchn_bind_interdomain(b, 0, (xc_evtchn_port_t)pa);
    ck_assert_int_gt(pb, 0);
    ck_assert_int_eq(xc_evtchn_notify(b, (xc_evtchn_port_t)pb), 0);
    ck_assert_int_eq(wait_port(a, 1000), pa);
    xc_evtchn_close(a);
    xc_evtchn_close(b);
}
END_TEST

TCase *xct_evtchn_tcase(void)
{
    TCase *tc = tcase_create("evtchn");

    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_add_test(tc, notify_across_processes);
    tcase_add_test(tc, masked_until_unmask);
    tcase_add_test(tc, guest_port_from_alloc_unbound);
    tcase_add_test(tc, virq_dom_exc);
    tcase_add_test(tc, destroy_frees_ports);
    tcase_add_test(tc, long_state_dir);
    return tc;
}
