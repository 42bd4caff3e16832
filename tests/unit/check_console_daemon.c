/*
 * End-to-end tests of xenconsoled and xenconsole on the simulator: each
 * test gets a fresh simulated host, its own xenstored on a temporary
 * socket and its own xenconsoled; a forked process plays the guest.
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/io/console.h>

#include "xenctrl.h"
#include "sim_ring.h"
#include "xenstore.h"
#include "simhost.h"

#define RING_GFN 0x20

static struct xs_handle *xsh;
static char sock[300];
static struct sim_ring R;
static pid_t xenstored_pid = -1, consoled_pid = -1;

static bool wait_file(const char *path, int ms)
{
    struct stat st;

    for (; ms > 0; ms -= 20) {
        if (!stat(path, &st))
            return true;
        usleep(20 * 1000);
    }
    return false;
}

/* Wait for a xenstore node; returns its value (malloc'd) or NULL. */
static char *wait_node(const char *path, int ms)
{
    unsigned int len;
    char *v;

    for (; ms > 0; ms -= 20) {
        v = xs_read(xsh, XBT_NULL, path, &len);
        if (v)
            return v;
        usleep(20 * 1000);
    }
    return NULL;
}

static void start_xenstored(void)
{
    char bin[512];
    char *argv[] = { bin, "-N", "-D", "--socket", sock, NULL };

    snprintf(bin, sizeof(bin), "%s/xenstored/xenstored", simhost_builddir());
    snprintf(sock, sizeof(sock), "%s/xs.sock", R.dir);
    setenv("XENSTORED_PATH", sock, 1);
    xenstored_pid = simhost_spawn(argv[0], argv, NULL);
    ck_assert(wait_file(sock, 5000));
    /* The file appears at bind(), before listen(): wait to connect. */
    for (int i = 0; i < 250; i++) {
        struct xs_handle *h = xs_open(0);

        if (h) {
            xs_close(h);
            return;
        }
        usleep(20 * 1000);
    }
    ck_abort_msg("xenstored does not accept connections on %s", sock);
}

static void start_consoled(void)
{
    char bin[512], logdir[300];
    char *argv[] = { bin, "-i", "--log=guest", logdir, NULL };

    snprintf(bin, sizeof(bin), "%s/console/xenconsoled", simhost_builddir());
    snprintf(logdir, sizeof(logdir), "--log-dir=%s/log", R.dir);
    consoled_pid = simhost_spawn(argv[0], argv, NULL);
}

static void write_node(const char *rel, const char *val)
{
    char path[128];

    snprintf(path, sizeof(path), "/local/domain/%u/%s", R.dom, rel);
    ck_assert(xs_write(xsh, XBT_NULL, path, val, strlen(val)));
}

static void setup(void)
{
    char v[32];

    sim_ring_setup(&R, "check_consoled", RING_GFN);
    ck_assert_int_eq(xc_gnttab_seed(R.xch, R.dom, RING_GFN, ~(uint64_t)0,
                                    0, 0), 0);
    start_xenstored();
    xsh = xs_open(0);
    ck_assert_ptr_nonnull(xsh);
    /* What libxl writes for a PV console. */
    write_node("name", "guest1");
    snprintf(v, sizeof(v), "%d", RING_GFN);
    write_node("console/ring-ref", v);
    snprintf(v, sizeof(v), "%d", R.port);
    write_node("console/port", v);
    write_node("console/type", "xenconsoled");
    write_node("console/limit", "1048576");
    start_consoled();
}

static void teardown(void)
{
    simhost_stop(&consoled_pid);
    if (xsh)
        xs_close(xsh);
    xsh = NULL;
    simhost_stop(&xenstored_pid);
    sim_ring_teardown(&R);
}

/* Fork the guest: map its ring, let f change it, notify the port. */
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
    in->out_prod = in->out_cons + 0x40000000U;
    in->in_cons = in->in_prod + 0x40000000U;
}

static void guest_fix(void *ring)
{
    struct xencons_interface *in = ring;
    in->out_prod = in->out_cons;
    in->in_cons = in->in_prod;
}

static char *tty_path(void)
{
    char path[128], *tty;

    snprintf(path, sizeof(path), "/local/domain/%u/console/tty", R.dom);
    tty = wait_node(path, 5000);
    ck_assert_ptr_nonnull(tty);
    return tty;
}

/* Read from fd until want is seen or 5 s pass. */
static bool read_until(int fd, const char *want)
{
    char buf[512];
    size_t len = 0;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    ssize_t r;
    int i;

    for (i = 0; i < 250 && len < sizeof(buf) - 1; i++) {
        if (poll(&p, 1, 20) != 1)
            continue;
        r = read(fd, buf + len, sizeof(buf) - 1 - len);
        if (r <= 0)
            return false;
        len += (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, want))
            return true;
    }
    return false;
}

static bool log_has(const char *want)
{
    char path[400];
    int fd;
    bool ok;

    snprintf(path, sizeof(path), "%s/log/guest-guest1.log", R.dir);
    if (!wait_file(path, 5000))
        return false;
    fd = open(path, O_RDONLY);
    if (fd < 0)
        return false;
    ok = read_until(fd, want);
    close(fd);
    return ok;
}

/*
 * A domain seen before the toolstack wrote its name (createdomain comes
 * first): the log is still named after the guest once the console is up.
 */
START_TEST(log_named_after_late_name)
{
    char path[400], v[32];

    simhost_stop(&consoled_pid);
    snprintf(path, sizeof(path), "/local/domain/%u/name", R.dom);
    xs_rm(xsh, XBT_NULL, path);
    snprintf(path, sizeof(path), "/local/domain/%u/console", R.dom);
    xs_rm(xsh, XBT_NULL, path);
    start_consoled();
    usleep(1500 * 1000);                /* a scan sees the bare domain */
    write_node("name", "late1");
    snprintf(v, sizeof(v), "%d", RING_GFN);
    write_node("console/ring-ref", v);
    snprintf(v, sizeof(v), "%d", R.port);
    write_node("console/port", v);
    write_node("console/type", "xenconsoled");
    snprintf(path, sizeof(path), "%s/log/guest-late1.log", R.dir);
    ck_assert_msg(wait_file(path, 5000), "no %s", path);
    snprintf(path, sizeof(path), "%s/log/guest-%u.log", R.dir, R.dom);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(daemon_publishes_pty)
{
    char *tty = tty_path();

    ck_assert_int_eq(strncmp(tty, "/dev/pts/", 9), 0);
    free(tty);
}
END_TEST

START_TEST(daemon_copies_output)
{
    char *tty = tty_path();
    int fd = open(tty, O_RDWR | O_NOCTTY);

    ck_assert_int_ge(fd, 0);
    as_guest(guest_hello);
    ck_assert(read_until(fd, "hello from guest\n"));
    ck_assert(log_has("hello from guest\n"));
    close(fd);
    free(tty);
}
END_TEST

START_TEST(daemon_copies_input)
{
    struct xencons_interface *in;
    uint64_t g = RING_GFN;
    char *tty = tty_path();
    int fd = open(tty, O_RDWR | O_NOCTTY), i;

    ck_assert_int_ge(fd, 0);
    in = xc_map_foreign_pages(R.xch, R.dom, PROT_READ, &g, 1);
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(write(fd, "uptime\r", 7), 7);
    for (i = 0; i < 250 && in->in_prod < 7; i++)
        usleep(20 * 1000);
    ck_assert_uint_eq(in->in_prod, 7);
    ck_assert_mem_eq(in->in, "uptime\r", 7);
    xc_unmap_foreign(R.xch, in, 1);
    close(fd);
    free(tty);
}
END_TEST

START_TEST(daemon_survives_garbage)
{
    char *tty = tty_path();
    int fd = open(tty, O_RDWR | O_NOCTTY);

    ck_assert_int_ge(fd, 0);
    as_guest(guest_garbage);
    ck_assert_int_eq(write(fd, "x", 1), 1);
    usleep(200 * 1000);
    ck_assert_int_eq(kill(consoled_pid, 0), 0);
    as_guest(guest_fix);
    as_guest(guest_hello);
    ck_assert(read_until(fd, "hello from guest\n"));
    close(fd);
    free(tty);
}
END_TEST

START_TEST(daemon_drops_dead_domain)
{
    char *tty = tty_path();
    int fd = open(tty, O_RDWR | O_NOCTTY);
    char buf[16];
    struct pollfd p = { .fd = fd, .events = POLLIN };

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(xc_domain_destroy(R.xch, R.dom), 0);
    /* The daemon closes the master: the slave side hangs up. */
    ck_assert_int_eq(poll(&p, 1, 5000), 1);
    ck_assert_int_le(read(fd, buf, sizeof(buf)), 0);
    ck_assert_int_eq(kill(consoled_pid, 0), 0);
    close(fd);
    free(tty);
}
END_TEST

/* Run xenconsole with stdin from a pipe; returns its exit status. */
static int run_client(const char *input, char *out, size_t len, int wait_s)
{
    int in[2], o[2], st;
    char bin[512], id[16], w[16];
    pid_t pid;
    ssize_t r;
    size_t got = 0;

    snprintf(bin, sizeof(bin), "%s/console/xenconsole", simhost_builddir());
    snprintf(id, sizeof(id), "%u", R.dom);
    snprintf(w, sizeof(w), "%d", wait_s);
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(o), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(o[1], 1);
        dup2(o[1], 2);
        setenv("XENCONSOLE_WAIT", w, 1);
        execl(bin, bin, "--type", "pv", id, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(o[1]);
    if (input) {
        usleep(300 * 1000);
        as_guest(guest_hello);
        usleep(300 * 1000);
        ck_assert_int_eq(write(in[1], input, strlen(input)),
                         (ssize_t)strlen(input));
    }
    while (got < len - 1 && (r = read(o[0], out + got, len - 1 - got)) > 0)
        got += (size_t)r;
    out[got] = '\0';
    close(in[1]);
    close(o[0]);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

START_TEST(client_shows_output_and_detaches)
{
    char out[512];
    char *tty = tty_path();

    free(tty);
    ck_assert_int_eq(run_client("\x1d", out, sizeof(out), 5), 0);
    ck_assert_ptr_nonnull(strstr(out, "hello from guest"));
}
END_TEST

START_TEST(client_times_out_without_tty)
{
    char out[512];

    simhost_stop(&consoled_pid);
    ck_assert_int_eq(run_client(NULL, out, sizeof(out), 1), 1);
    ck_assert_ptr_nonnull(strstr(out, "did not appear"));
}
END_TEST

static Suite *consoled_suite(void)
{
    Suite *s = suite_create("xenconsoled");
    TCase *tc = tcase_create("daemon");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, daemon_publishes_pty);
    tcase_add_test(tc, daemon_copies_output);
    tcase_add_test(tc, daemon_copies_input);
    tcase_add_test(tc, daemon_survives_garbage);
    tcase_add_test(tc, daemon_drops_dead_domain);
    tcase_add_test(tc, log_named_after_late_name);
    suite_add_tcase(s, tc);
    tc = tcase_create("client");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, client_shows_output_and_detaches);
    tcase_add_test(tc, client_times_out_without_tty);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    char bin[512];
    int failed;

    snprintf(bin, sizeof(bin), "%s/xenstored/xenstored", simhost_builddir());
    if (access(bin, X_OK)) {
        fprintf(stderr, "skip: no xenstored at '%s'\n", bin);
        return 77;
    }
    sr = srunner_create(consoled_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
