/*
 * Unit tests of the console daemon's core (console/cons.h) on the
 * simulator: a forked process plays the guest (XENSIM_DOMID) and writes
 * its console ring; the core must carry the bytes to the pty and the log,
 * carry pty input back, and survive hostile ring indices.
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cons.h"
#include "sim_ring.h"

#define RING_GFN 0x20

static struct sim_ring R;
static struct cons_dom cd;

static void setup(void)
{
    sim_ring_setup(&R, "check_console", RING_GFN);
    cons_dom_init(&cd, R.dom, "guest1");
}

static void teardown(void)
{
    cons_dom_dispose(&cd);
    sim_ring_teardown(&R);
}

/*
 * Fork the guest: it maps its own ring page, lets f fill it, and
 * notifies the console port.  Returns after the child exited 0.
 */
static void as_guest(void (*f)(void *))
{
    sim_ring_as_guest(&R, f);
}

static void guest_hello(void *ring)
{
    struct xencons_interface *in = ring;
    const char *m = "hello from guest\n";
    XENCONS_RING_IDX p = in->out_prod;
    size_t i;

    for (i = 0; m[i]; i++)
        in->out[MASK_XENCONS_IDX(p + i, in->out)] = m[i];
    __atomic_store_n(&in->out_prod, p + (XENCONS_RING_IDX)i,
                     __ATOMIC_RELEASE);
}

static void guest_garbage(void *ring)
{
    struct xencons_interface *in = ring;
    in->out_prod = in->out_cons + 0x7fffffffU;
}

static void guest_fix(void *ring)
{
    struct xencons_interface *in = ring;
    in->out_prod = in->out_cons;
}

/* Wait for the console's event channel and let the core handle it. */
static void wait_event(void)
{
    struct pollfd p = { .fd = cons_dom_evtchn_fd(&cd), .events = POLLIN };

    ck_assert_int_eq(poll(&p, 1, 5000), 1);
    ck_assert_int_eq(cons_dom_handle_evtchn(&cd), 0);
}

static void read_file(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY);
    ssize_t r;

    ck_assert_int_ge(fd, 0);
    r = read(fd, buf, len - 1);
    ck_assert_int_ge(r, 0);
    buf[r] = '\0';
    close(fd);
}

START_TEST(ring_take_wraps)
{
    static struct xencons_interface r;
    char buf[64];

    memset(&r, 0, sizeof(r));
    r.out_cons = r.out_prod = 0xfffffffeU;
    r.out[sizeof(r.out) - 2] = 'a';
    r.out[sizeof(r.out) - 1] = 'b';
    r.out[0] = 'c';
    r.out_prod += 3;
    ck_assert_int_eq(cons_ring_take(&r, buf, sizeof(buf)), 3);
    ck_assert_mem_eq(buf, "abc", 3);
    ck_assert_uint_eq(r.out_cons, 1);
    ck_assert_int_eq(cons_ring_take(&r, buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(ring_take_bounded)
{
    static struct xencons_interface r;
    char buf[8];

    memset(&r, 0, sizeof(r));
    r.out_prod = 100;
    ck_assert_int_eq(cons_ring_take(&r, buf, sizeof(buf)), 8);
    ck_assert_uint_eq(r.out_cons, 8);
    r.out_prod = r.out_cons + sizeof(r.out) + 1;
    ck_assert_int_eq(cons_ring_take(&r, buf, sizeof(buf)), -EIO);
    ck_assert_uint_eq(r.out_cons, 8);
}
END_TEST

START_TEST(ring_put_full)
{
    static struct xencons_interface r;
    static char big[2000];

    memset(&r, 0, sizeof(r));
    memset(big, 'x', sizeof(big));
    ck_assert_uint_eq(cons_ring_put(&r, big, sizeof(big)), sizeof(r.in));
    ck_assert_uint_eq(r.in_prod, sizeof(r.in));
    ck_assert_uint_eq(cons_ring_put(&r, "y", 1), 0);
    r.in_cons = 10;
    ck_assert_uint_eq(cons_ring_put(&r, big, sizeof(big)), 10);
    r.in_prod = r.in_cons + 5000;         /* hostile: nothing written */
    ck_assert_uint_eq(cons_ring_put(&r, "y", 1), 0);
}
END_TEST

START_TEST(output_reaches_pty_and_log)
{
    char path[512], buf[256];
    int tty;
    ssize_t r;
    struct pollfd p;

    ck_assert_int_eq(xc_gnttab_seed(R.xch, R.dom, RING_GFN, ~(uint64_t)0,
                                    0, 0), 0);
    ck_assert_int_eq(cons_dom_connect(&cd, R.xch, -1, R.port), 0);
    ck_assert(cd.intf_grant);
    ck_assert_int_eq(cons_dom_open_pty(&cd), 0);
    ck_assert_int_eq(strncmp(cd.tty, "/dev/pts/", 9), 0);
    snprintf(path, sizeof(path), "%s/log", R.dir);
    ck_assert_int_eq(cons_dom_open_log(&cd, path, false), 0);
    tty = open(cd.tty, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(tty, 0);
    ck_assert(isatty(tty));

    as_guest(guest_hello);
    wait_event();
    p = (struct pollfd){ .fd = tty, .events = POLLIN };
    ck_assert_int_eq(poll(&p, 1, 5000), 1);
    r = read(tty, buf, sizeof(buf) - 1);
    ck_assert_int_eq(r, 17);
    buf[r] = '\0';
    ck_assert_str_eq(buf, "hello from guest\n");
    snprintf(path, sizeof(path), "%s/log/guest-guest1.log", R.dir);
    read_file(path, buf, sizeof(buf));
    ck_assert_str_eq(buf, "hello from guest\n");
    close(tty);
}
END_TEST

START_TEST(log_timestamps_lines)
{
    char path[512], buf[256];

    ck_assert_int_eq(cons_dom_connect(&cd, R.xch, RING_GFN, R.port), 0);
    ck_assert(!cd.intf_grant);            /* no grant: foreign map */
    snprintf(path, sizeof(path), "%s/log", R.dir);
    ck_assert_int_eq(cons_dom_open_log(&cd, path, true), 0);
    as_guest(guest_hello);
    wait_event();
    snprintf(path, sizeof(path), "%s/log/guest-guest1.log", R.dir);
    read_file(path, buf, sizeof(buf));
    ck_assert_int_eq(buf[0], '[');
    ck_assert_int_eq(buf[20], ']');
    ck_assert_str_eq(buf + 22, "hello from guest\n");
}
END_TEST

START_TEST(pty_input_reaches_ring)
{
    struct pollfd p;
    int tty;

    ck_assert_int_eq(xc_gnttab_seed(R.xch, R.dom, RING_GFN, ~(uint64_t)0,
                                    0, 0), 0);
    ck_assert_int_eq(cons_dom_connect(&cd, R.xch, -1, R.port), 0);
    ck_assert_int_eq(cons_dom_open_pty(&cd), 0);
    tty = open(cd.tty, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(tty, 0);
    ck_assert_int_eq(write(tty, "ls\r", 3), 3);
    p = (struct pollfd){ .fd = cd.master_fd, .events = POLLIN };
    ck_assert_int_eq(poll(&p, 1, 5000), 1);
    ck_assert_int_eq(cons_dom_handle_pty(&cd), 0);
    ck_assert_uint_eq(cd.intf->in_prod, 3);
    ck_assert_mem_eq(cd.intf->in, "ls\r", 3);
    ck_assert(cons_dom_want_read(&cd));
    cd.intf->in_cons = cd.intf->in_prod + 7;  /* hostile guest */
    ck_assert(!cons_dom_want_read(&cd));
    close(tty);
}
END_TEST

START_TEST(survives_garbage_indices)
{
    char path[512], buf[256];

    ck_assert_int_eq(cons_dom_connect(&cd, R.xch, RING_GFN, R.port), 0);
    snprintf(path, sizeof(path), "%s/log", R.dir);
    ck_assert_int_eq(cons_dom_open_log(&cd, path, false), 0);
    as_guest(guest_garbage);
    wait_event();
    ck_assert(cd.ring_bad);
    ck_assert_uint_eq(cd.buf_len, 0);
    as_guest(guest_fix);
    wait_event();
    as_guest(guest_hello);
    wait_event();
    ck_assert(!cd.ring_bad);
    snprintf(path, sizeof(path), "%s/log/guest-guest1.log", R.dir);
    read_file(path, buf, sizeof(buf));
    ck_assert_str_eq(buf, "hello from guest\n");
}
END_TEST

START_TEST(output_without_pty_is_consumed)
{
    static struct xencons_interface r;
    int i;

    memset(&r, 0, sizeof(r));
    cd.intf = &r;                 /* a local ring: no domain needed */
    cd.limit = 16;
    for (i = 0; i < 40; i++)
        r.out[i] = (char)('a' + i % 26);
    r.out_prod = 40;
    ck_assert_int_eq(cons_dom_pump(&cd), 0);   /* no pty: only logged */
    ck_assert_uint_eq(r.out_cons, 40);
    ck_assert_uint_eq(cd.buf_len, 0);
    cd.intf = NULL;
}
END_TEST

/*
 * Fill the pty until the kernel refuses more (nobody reads the slave).  The
 * tty layer moves written data to the slave's queue asynchronously, so a
 * first EAGAIN may be followed by room again: fill until a pause leaves
 * no room at all, even for one byte.
 */
static void fill_pty(void)
{
    static char junk[4096];
    int settled = 0;

    while (settled < 3) {
        while (write(cd.master_fd, junk, sizeof(junk)) > 0)
            ;
        ck_assert_int_eq(errno, EAGAIN);
        usleep(20000);
        if (write(cd.master_fd, junk, 1) > 0)
            settled = 0;
        else
            settled++;
    }
}

static void local_ring(struct xencons_interface *r, unsigned n)
{
    unsigned i;

    memset(r, 0, sizeof(*r));
    for (i = 0; i < n; i++)
        r->out[i] = (char)('a' + i % 26);
    r->out_prod = n;
}

START_TEST(overflow_discard_keeps_newest)
{
    static struct xencons_interface r;

    local_ring(&r, 40);
    cd.intf = &r;
    cd.limit = 16;
    ck_assert_int_eq(cons_dom_open_pty(&cd), 0);
    fill_pty();
    ck_assert_int_eq(cons_dom_pump(&cd), 0);
    ck_assert_uint_eq(r.out_cons, 40);         /* the guest never stalls */
    ck_assert_uint_eq(cd.buf_len, 16);
    ck_assert_mem_eq(cd.buf, r.out + 24, 16);
    cd.intf = NULL;
}
END_TEST

START_TEST(overflow_keep_stalls_ring)
{
    static struct xencons_interface r;
    char drain[4096];

    local_ring(&r, 40);
    cd.intf = &r;
    cd.limit = 16;
    cd.overflow = CONS_OVERFLOW_KEEP;
    ck_assert_int_eq(cons_dom_open_pty(&cd), 0);
    fill_pty();
    ck_assert_int_eq(cons_dom_pump(&cd), 0);
    ck_assert_uint_eq(r.out_cons, 16);
    ck_assert_int_eq(cons_dom_pump(&cd), 0);
    ck_assert_uint_eq(r.out_cons, 16);         /* held back */
    ck_assert(cons_dom_want_write(&cd));
    fcntl(cd.slave_fd, F_SETFL, O_NONBLOCK);
    while (read(cd.slave_fd, drain, sizeof(drain)) > 0)
        ;
    ck_assert_int_eq(cons_dom_pump(&cd), 0);
    ck_assert_uint_eq(r.out_cons, 32);
    cd.intf = NULL;
}
END_TEST

static Suite *console_suite(void)
{
    Suite *s = suite_create("console");
    TCase *tc = tcase_create("ring");

    tcase_add_test(tc, ring_take_wraps);
    tcase_add_test(tc, ring_take_bounded);
    tcase_add_test(tc, ring_put_full);
    suite_add_tcase(s, tc);
    tc = tcase_create("dom");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, output_reaches_pty_and_log);
    tcase_add_test(tc, log_timestamps_lines);
    tcase_add_test(tc, pty_input_reaches_ring);
    tcase_add_test(tc, survives_garbage_indices);
    tcase_add_test(tc, output_without_pty_is_consumed);
    tcase_add_test(tc, overflow_discard_keeps_newest);
    tcase_add_test(tc, overflow_keep_stalls_ring);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(console_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
