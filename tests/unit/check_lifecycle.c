/*
 * Unit tests of the lifecycle calls (libxl_domain_shutdown/_reboot,
 * libxl_domain_wait_change/_gone, libxl_send_sysrq, console lookup) and
 * of xl shutdown/reboot/sysrq/console, on the simulator with a real
 * xenstored.  A forked "guest" plays the PV kernel's side of
 * control/shutdown: it empties the node and shuts its domain down.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_build.h"
#include "libxl.h"
#include "xenctrl.h"
#include "xenstore.h"

static char dir[64], sock[128], kernel[128];
static pid_t xenstored_pid = -1;
static libxl_ctx *ctx;

static const char *builddir(void)
{
    const char *b = getenv("top_builddir");

    return b ? b : ".";
}

static pid_t spawn(const char *bin, char *const argv[], const char *out)
{
    sigset_t term, old;
    pid_t pid;

    /* Check's SIGTERM forwarding must not run in the child. */
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, &old);
    pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (out) {
            if (!freopen(out, "w", stderr) ||
                !freopen("/dev/null", "w", stdout))
                _exit(126);
        }
        execv(bin, argv);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    ck_assert_int_gt(pid, 0);
    return pid;
}

static void setup(void)
{
    char bin[512], err[256], xlconf[160];
    char *argv[] = { bin, "-N", "--socket", sock, NULL };
    uint8_t *img;
    size_t len;
    FILE *f;
    int i;

    snprintf(dir, sizeof(dir), "/tmp/check_lifecycle.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XENSIM_DIR", dir, 1);
    unsetenv("XENSIM_DOMID");
    unsetenv("XL_CONF");
    snprintf(bin, sizeof(bin), "%s/xenstored/xenstored", builddir());
    snprintf(sock, sizeof(sock), "%s/xs.sock", dir);
    setenv("XENSTORED_PATH", sock, 1);
    xenstored_pid = spawn(bin, argv, NULL);
    for (i = 0; i < 250 && access(sock, F_OK); i++)
        usleep(20 * 1000);
    ck_assert_int_eq(access(sock, F_OK), 0);
    img = tk_linux_elf(&len, false, false);
    snprintf(kernel, sizeof(kernel), "%s/vmlinux", dir);
    f = fopen(kernel, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(img, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    free(img);
    snprintf(xlconf, sizeof(xlconf), "%s/etc/xen", dir);
    ck_assert_int_eq(libxl_mkdir_p(xlconf), 0);
    strcat(xlconf, "/xl.conf");
    f = fopen(xlconf, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(!libxl_ctx_alloc(&ctx, err, sizeof(err)), "%s", err);
}

static void teardown(void)
{
    char cmd[128];

    libxl_ctx_free(ctx);
    if (xenstored_pid > 0) {
        kill(xenstored_pid, SIGTERM);
        waitpid(xenstored_pid, NULL, 0);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static uint32_t make_domain(const char *name)
{
    struct libxl_domain_config dc;
    uint32_t domid;

    libxl_domain_config_init(&dc);
    dc.c_info.name = strdup(name);
    dc.b_info.kernel = strdup(kernel);
    dc.b_info.target_memkb = 32 * 1024;
    dc.b_info.max_memkb = 32 * 1024;
    dc.b_info.max_vcpus = 1;
    dc.b_info.avail_vcpus = 1;
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    libxl_domain_config_dispose(&dc);
    return domid;
}

static char *xs_get(uint32_t domid, const char *rel)
{
    struct xs_handle *h = xs_open(0);
    char path[256], *v;
    unsigned len;

    ck_assert_ptr_nonnull(h);
    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
    v = xs_read(h, XBT_NULL, path, &len);
    xs_close(h);
    return v;
}

static void xs_set(uint32_t domid, const char *rel, const char *val)
{
    struct xs_handle *h = xs_open(0);
    char path[256];

    ck_assert_ptr_nonnull(h);
    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
    ck_assert(xs_write(h, XBT_NULL, path, val, strlen(val)));
    xs_close(h);
}

/*
 * The guest side: wait for a request in control/shutdown, empty the node,
 * shut down with the matching reason, and, if destroy is set, be
 * destroyed shortly after (as the monitor would do).
 */
static void guest_main(uint32_t domid, bool destroy)
{
    struct xs_handle *h = xs_open(0);
    xc_interface *xch = xc_interface_open(0);
    char path[128], *v, **ev;
    unsigned len, n;
    int reason = -1;

    if (!h || !xch)
        _exit(2);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (!xs_watch(h, path, "g"))
        _exit(3);
    while (reason < 0 && (ev = xs_read_watch(h, &n))) {
        free(ev);
        v = xs_read(h, XBT_NULL, path, &len);
        if (v && !strcmp(v, "poweroff"))
            reason = XC_SHUTDOWN_POWEROFF;
        else if (v && !strcmp(v, "reboot"))
            reason = XC_SHUTDOWN_REBOOT;
        free(v);
    }
    if (reason < 0 || !xs_write(h, XBT_NULL, path, "", 0))
        _exit(4);
    usleep(50 * 1000);
    if (xc_domain_shutdown(xch, domid, reason))
        _exit(5);
    if (destroy) {
        usleep(100 * 1000);
        if (xc_domain_destroy(xch, domid))
            _exit(6);
    }
    _exit(0);
}

static pid_t start_guest(uint32_t domid, bool destroy)
{
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        guest_main(domid, destroy);
    usleep(100 * 1000);                  /* let it set its watch */
    return pid;
}

static void reap_guest(pid_t pid)
{
    int st;

    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
}

/* Run xl with args; its exit status, stderr in errbuf. */
static int run_xl(char *errbuf, size_t len, char *const args[])
{
    char bin[512], out[128], *argv[16];
    size_t n = 0, i;
    pid_t pid;
    FILE *f;
    int st;

    snprintf(bin, sizeof(bin), "%s/xl/xl", builddir());
    snprintf(out, sizeof(out), "%s/xl.err", dir);
    argv[0] = bin;
    for (i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    pid = spawn(bin, argv, out);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    f = fopen(out, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(errbuf, 1, len - 1, f);
    errbuf[n] = '\0';
    fclose(f);
    ck_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

START_TEST(shutdown_acked_then_wait)
{
    uint32_t d = make_domain("g1");
    struct libxl_domain_waiter w = { .domid = d };
    pid_t g = start_guest(d, true);

    ck_assert_msg(!libxl_domain_shutdown(ctx, d), "%s", libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), 0);
    ck_assert_int_eq(w.seen, LIBXL_DOMAIN_SEEN_SHUTDOWN);
    ck_assert_int_eq(w.reason, LIBXL_SHUTDOWN_REASON_POWEROFF);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, d, 5000), 0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), 0);
    ck_assert_int_eq(w.seen, LIBXL_DOMAIN_SEEN_GONE);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), -ECHILD);
    reap_guest(g);
}
END_TEST

START_TEST(reboot_acked)
{
    uint32_t d = make_domain("g1");
    pid_t g = start_guest(d, false);
    int reason;

    ck_assert_msg(!libxl_domain_reboot(ctx, d), "%s", libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_wait_shutdown(ctx, d, &reason, 5000), 0);
    ck_assert_int_eq(reason, LIBXL_SHUTDOWN_REASON_REBOOT);
    reap_guest(g);
}
END_TEST

START_TEST(shutdown_not_acked_times_out)
{
    uint32_t d = make_domain("g1");
    char *v;

    ck_assert_int_eq(libxl_domain_pvcontrol(ctx, d, "poweroff", 300),
                     -ETIMEDOUT);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "didn't acknowledge"));
    v = xs_get(d, "control/shutdown");
    ck_assert_str_eq(v, "poweroff");
    free(v);
}
END_TEST

START_TEST(shutdown_no_such_domain)
{
    ck_assert_int_eq(libxl_domain_shutdown(ctx, 4242), -ESRCH);
    ck_assert_str_eq(libxl_errmsg(ctx), "domain 4242: no such domain");
    ck_assert_int_eq(libxl_send_sysrq(ctx, 4242, 's'), -ESRCH);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, 4242, 0), 0);
}
END_TEST

START_TEST(hard_shutdown_and_wait_many)
{
    struct libxl_domain_waiter w[2] = { { .domid = make_domain("a") },
                                        { .domid = make_domain("b") } };

    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 100), -ETIMEDOUT);
    ck_assert_int_eq(libxl_domain_shutdown_hard(ctx, w[1].domid,
                                                LIBXL_SHUTDOWN_REASON_REBOOT),
                     0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 5000), 1);
    ck_assert_int_eq(w[1].seen, LIBXL_DOMAIN_SEEN_SHUTDOWN);
    ck_assert_int_eq(w[1].reason, LIBXL_SHUTDOWN_REASON_REBOOT);
    ck_assert_int_eq(w[0].seen, LIBXL_DOMAIN_SEEN_RUNNING);
    ck_assert_int_eq(libxl_domain_destroy(ctx, w[0].domid), 0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 5000), 0);
    ck_assert_int_eq(w[0].seen, LIBXL_DOMAIN_SEEN_GONE);
}
END_TEST

START_TEST(sysrq_written)
{
    uint32_t d = make_domain("g1");
    char *v;

    ck_assert_int_eq(libxl_send_sysrq(ctx, d, 'h'), 0);
    v = xs_get(d, "control/sysrq");
    ck_assert_str_eq(v, "h");
    free(v);
}
END_TEST

START_TEST(console_tty_lookup)
{
    uint32_t d = make_domain("g1");
    char *tty = NULL;
    int type;

    ck_assert_int_eq(libxl_primary_console_type(ctx, d, &type), 0);
    ck_assert_int_eq(type, LIBXL_CONSOLE_TYPE_PV);
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0, type, &tty), -EAGAIN);
    xs_set(d, "console/tty", "/dev/pts/42");
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0, type, &tty), 0);
    ck_assert_str_eq(tty, "/dev/pts/42");
    free(tty);
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0,
                                           LIBXL_CONSOLE_TYPE_SERIAL, &tty),
                     -ENOENT);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "no serial console 0"));
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 1, LIBXL_CONSOLE_TYPE_PV,
                                           &tty), -ENOENT);
    ck_assert_int_eq(libxl_primary_console_type(ctx, 4242, &type), -ESRCH);
}
END_TEST

START_TEST(xl_shutdown_wait)
{
    uint32_t d = make_domain("g1");
    pid_t g = start_guest(d, false);
    char err[1024], expect[256];

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "shutdown", "-w", "g1", NULL }), 0);
    snprintf(expect, sizeof(expect), "Shutting down domain %u\n"
             "Waiting for 1 domains\n"
             "Domain %u has been shut down, reason code 0\n", d, d);
    ck_assert_str_eq(err, expect);
    reap_guest(g);
}
END_TEST

START_TEST(xl_reboot_all_wait_death)
{
    uint32_t a = make_domain("a"), b = make_domain("b");
    pid_t ga = start_guest(a, true), gb = start_guest(b, true);
    char err[2048], line[128];

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "reboot", "-a", "-w", "-w", NULL }),
                     0);
    snprintf(line, sizeof(line), "Rebooting domain %u\nRebooting domain "
             "%u\nWaiting for 2 domains\n", a, b);
    ck_assert_msg(!strncmp(err, line, strlen(line)), "%s", err);
    snprintf(line, sizeof(line), "Domain %u has been destroyed\n", a);
    ck_assert_msg(strstr(err, line), "%s", err);
    snprintf(line, sizeof(line), "Domain %u has been destroyed\n", b);
    ck_assert_msg(strstr(err, line), "%s", err);
    reap_guest(ga);
    reap_guest(gb);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, a, 0), 0);
}
END_TEST

START_TEST(xl_sysrq_and_console)
{
    uint32_t d = make_domain("g1");
    char err[1024], client[128], *v;
    FILE *f;

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "sysrq", "g1", "s", NULL }), 0);
    v = xs_get(d, "control/sysrq");
    ck_assert_str_eq(v, "s");
    free(v);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "-t",
                            "serial", "g1", NULL }), 1);
    snprintf(err + 512, 256, "domain %u has no serial console 0\n"
             "Unable to attach console\n", d);
    ck_assert_str_eq(err, err + 512);
    /* The client gets Xen's arguments: domid --num N --type T. */
    snprintf(client, sizeof(client), "%s/client", dir);
    f = fopen(client, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\necho \"$@\" >&2\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(client, 0755), 0);
    setenv("XL_CONSOLE_CLIENT", client, 1);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "g1",
                            NULL }), 0);
    snprintf(err + 512, 256, "%u --num 0 --type pv\n", d);
    ck_assert_str_eq(err, err + 512);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "-t",
                            "pv", "-n", "1", "g1", NULL }), 1);
    ck_assert_ptr_nonnull(strstr(err, "no pv console 1"));
    unsetenv("XL_CONSOLE_CLIENT");
}
END_TEST

static Suite *lifecycle_suite(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("lifecycle");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, shutdown_acked_then_wait);
    tcase_add_test(tc, reboot_acked);
    tcase_add_test(tc, shutdown_not_acked_times_out);
    tcase_add_test(tc, shutdown_no_such_domain);
    tcase_add_test(tc, hard_shutdown_and_wait_many);
    tcase_add_test(tc, sysrq_written);
    tcase_add_test(tc, console_tty_lookup);
    tcase_add_test(tc, xl_shutdown_wait);
    tcase_add_test(tc, xl_reboot_all_wait_death);
    tcase_add_test(tc, xl_sysrq_and_console);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lifecycle_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
