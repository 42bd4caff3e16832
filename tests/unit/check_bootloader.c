/*
 * Unit tests of the bootloader runner (libxl/bootloader.h) with our own
 * test bootloader (tests/unit/test-bootloader.sh) on tar disk images:
 * arguments as Xen 4.17 passes them, the pty, the simple0 output, bare
 * names, restricted mode (user, --runas, time limit) and every failure,
 * each leaving no file behind.
 */
#include "config.h"

#include "bootloader.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char tmp[256], prog[512], disk[512], libdir[512], logdir[512];
static char argslog[512], pidslog[512];
static char err[1024];

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    ck_assert_msg(system(cmd) == 0, "command failed: %s", cmd);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    static char buf[65536];
    size_t n;

    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static void setup(void)
{
    const char *src = getenv("top_srcdir");

    snprintf(tmp, sizeof(tmp), "/tmp/check_bootloader.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    snprintf(prog, sizeof(prog), "%s/tests/unit/test-bootloader.sh",
             src ? src : ".");
    snprintf(disk, sizeof(disk), "%s/disk.tar", tmp);
    snprintf(libdir, sizeof(libdir), "%s/var/lib/xen", tmp);
    snprintf(logdir, sizeof(logdir), "%s/var/log/xen", tmp);
    snprintf(argslog, sizeof(argslog), "%s/args.log", tmp);
    snprintf(pidslog, sizeof(pidslog), "%s/pids.log", tmp);
    setenv("BOOTLOADER_TEST_LOG", argslog, 1);
    setenv("BOOTLOADER_TEST_PIDS", pidslog, 1);
    unsetenv("LIBXL_BOOTLOADER_RESTRICT");
    unsetenv("LIBXL_BOOTLOADER_USER");
    unsetenv("LIBXL_BOOTLOADER_TIMEOUT");
    /* The disk: a menu, a kernel and a ramdisk. */
    sh("mkdir -p %s/d/boot && cd %s/d && printf 'KERNEL-BYTES' > "
       "boot/vmlinuz && printf 'RAMDISK-BYTES' > boot/initrd && "
       "printf 'kernel /boot/vmlinuz\\nramdisk /boot/initrd\\n"
       "args console=hvc0\\n' > boot/menu && tar cf %s boot",
       tmp, tmp, disk);
}

static void teardown(void)
{
    sh("rm -rf %s", tmp);
}

static void req_init(struct libxl__boot_req *rq, char **args)
{
    memset(rq, 0, sizeof(*rq));
    rq->bootloader = prog;
    rq->args = args;
    rq->disk = disk;
    rq->domid = 7;
    rq->lib_dir = libdir;
    rq->log_dir = logdir;
    rq->bindir = "/nonexistent";
}

/* Nothing the bootloader made is left in the state directory. */
static void assert_clean(void)
{
    char p[600];
    struct stat st;

    snprintf(p, sizeof(p), "%s/bootloader.7.d", libdir);
    ck_assert_msg(lstat(p, &st) != 0, "%s left behind", p);
    snprintf(p, sizeof(p), "%s/bootloader.7.out", libdir);
    ck_assert_msg(lstat(p, &st) != 0, "%s left behind", p);
}

#define RUN_OK(rq, res)                                                   \
    do {                                                                  \
        int rc_ = libxl__boot_run(rq, res, err, sizeof(err));             \
        ck_assert_msg(rc_ == 0, "rc %d: %s", rc_, err);                   \
    } while (0)

static int run_mode(const char *mode, struct libxl__boot_res *res)
{
    char arg[64];
    char *args[] = { arg, NULL };
    struct libxl__boot_req rq;

    snprintf(arg, sizeof(arg), "--mode=%s", mode);
    req_init(&rq, args);
    return libxl__boot_run(&rq, res, err, sizeof(err));
}

START_TEST(boots_kernel_ramdisk_args)
{
    char *args[] = { "--entry=0", NULL }, expect[4096];
    struct libxl__boot_req rq;
    struct libxl__boot_res res;

    req_init(&rq, args);
    rq.cmdline = "root=/dev/xvda1";
    RUN_OK(&rq, &res);
    ck_assert_str_eq(slurp(res.kernel, NULL), "KERNEL-BYTES");
    ck_assert_ptr_nonnull(res.ramdisk);
    ck_assert_str_eq(slurp(res.ramdisk, NULL), "RAMDISK-BYTES");
    ck_assert_str_eq(res.cmdline, "console=hvc0 root=/dev/xvda1");
    /* Arguments exactly as Xen 4.17's libxl passes them. */
    snprintf(expect, sizeof(expect), "%s\n--args=root=/dev/xvda1\n"
             "--output=%s/bootloader.7.out\n--output-format=simple0\n"
             "--output-directory=%s/bootloader.7.d\n--entry=0\n%s\n--\n",
             prog, libdir, libdir, disk);
    ck_assert_str_eq(slurp(argslog, NULL), expect);
    libxl__boot_res_dispose(&res);
    assert_clean();
    /* The pty output is logged (Xen: bootloader.<domid>.log). */
    snprintf(expect, sizeof(expect), "%s/bootloader.7.log", logdir);
    ck_assert_ptr_nonnull(strstr(slurp(expect, NULL),
                                 "Booting '/boot/vmlinuz'"));
}
END_TEST

START_TEST(kernel_ramdisk_options_passed)
{
    char *args[] = { NULL };
    struct libxl__boot_req rq;
    struct libxl__boot_res res;

    sh("cd %s/d && printf 'OTHER' > boot/other && printf 'kernel "
       "/boot/vmlinuz\\n' > boot/menu && tar cf %s boot", tmp, disk);
    req_init(&rq, args);
    rq.kernel = "/boot/other";
    RUN_OK(&rq, &res);
    ck_assert_str_eq(slurp(res.kernel, NULL), "OTHER");
    ck_assert_ptr_null(res.ramdisk);
    ck_assert_ptr_null(res.cmdline);
    ck_assert_ptr_nonnull(strstr(slurp(argslog, NULL),
                                 "\n--kernel=/boot/other\n"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

START_TEST(bare_name_bindir_then_path)
{
    char *args[] = { NULL }, dir[600], path[4096];
    struct libxl__boot_req rq;
    struct libxl__boot_res res;

    snprintf(dir, sizeof(dir), "%s/bin", tmp);
    sh("mkdir -p %s && cp %s %s/mybl", dir, prog, dir);
    req_init(&rq, args);
    rq.bootloader = "mybl";
    rq.bindir = dir;
    RUN_OK(&rq, &res);
    libxl__boot_res_dispose(&res);
    /* Not in the bin directory: PATH. */
    rq.bindir = "/nonexistent";
    snprintf(path, sizeof(path), "/nonexistent2:%s:%s", dir,
             getenv("PATH"));
    setenv("PATH", path, 1);
    RUN_OK(&rq, &res);
    libxl__boot_res_dispose(&res);
    /* Nowhere. */
    rq.bootloader = "no-such-bootloader";
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -ENOENT);
    ck_assert_str_eq(err, "bootloader 'no-such-bootloader' not found in "
                     "/nonexistent or PATH");
    libxl__boot_res_dispose(&res);
    /* A path that is not executable. */
    rq.bootloader = disk;
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -ENOENT);
    ck_assert_ptr_nonnull(strstr(err, "not an executable file"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

START_TEST(failure_reports_stderr)
{
    struct libxl__boot_res res;

    ck_assert_int_eq(run_mode("fail", &res), -EIO);
    ck_assert_str_eq(strstr(err, "failed"), "failed (exit status 1): "
                     "test-bootloader: no bootable entry in the menu");
    libxl__boot_res_dispose(&res);
    assert_clean();
    ck_assert_int_eq(run_mode("signal", &res), -EIO);
    ck_assert_ptr_nonnull(strstr(err, "was killed by signal 9"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

START_TEST(garbage_output)
{
    struct libxl__boot_res res;

    ck_assert_int_eq(run_mode("garbage", &res), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "not in the simple0 format"));
    ck_assert_ptr_nonnull(strstr(err, "'Booting the default entry..."
                                 "\\x0akernel?'"));
    libxl__boot_res_dispose(&res);
    assert_clean();
    ck_assert_int_eq(run_mode("newline", &res), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "not in the simple0 format"));
    libxl__boot_res_dispose(&res);
    ck_assert_int_eq(run_mode("outside", &res), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "named kernel '/etc/passwd', outside "
                                 "its output directory"));
    libxl__boot_res_dispose(&res);
    ck_assert_int_eq(run_mode("nokernel", &res), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "output names no kernel"));
    libxl__boot_res_dispose(&res);
    ck_assert_int_eq(run_mode("bogus", &res), -EIO);
    ck_assert_ptr_nonnull(strstr(err, "unknown mode 'bogus'"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

START_TEST(parse_items)
{
    struct libxl__boot_res res;
    char dir[600], k[700], buf[2048];
    int n;

    memset(&res, 0, sizeof(res));
    snprintf(dir, sizeof(dir), "%s/out", tmp);
    sh("mkdir -p %s && touch %s/k", dir, dir);
    res.outdir = dir;
    snprintf(k, sizeof(k), "%s/k", dir);
    n = snprintf(buf, sizeof(buf), "kernel  %s%cargs a b%c%c", k, 0, 0, 0);
    ck_assert_int_eq(libxl__boot_parse(buf, (size_t)n, &res, err,
                                       sizeof(err)), 0);
    ck_assert_str_eq(res.cmdline, "a b");
    free(res.kernel);
    free(res.cmdline);
    res.kernel = res.cmdline = NULL;
    /* "kernelfoo" is not "kernel foo"; a control character is garbage. */
    n = snprintf(buf, sizeof(buf), "kernelx %s%c", k, 0);
    ck_assert_int_eq(libxl__boot_parse(buf, (size_t)n, &res, err,
                                       sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "unexpected item"));
    n = snprintf(buf, sizeof(buf), "args a\033b%c", 0);
    ck_assert_int_eq(libxl__boot_parse(buf, (size_t)n, &res, err,
                                       sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "'args a\\x1bb'"));
    /* A directory, or a link out of the directory. */
    n = snprintf(buf, sizeof(buf), "kernel %s%c", dir, 0);
    ck_assert_int_eq(libxl__boot_parse(buf, (size_t)n, &res, err,
                                       sizeof(err)), -EINVAL);
    sh("ln -s /etc/passwd %s/l", dir);
    n = snprintf(buf, sizeof(buf), "kernel %s/l%c", dir, 0);
    ck_assert_int_eq(libxl__boot_parse(buf, (size_t)n, &res, err,
                                       sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "outside its output directory"));
    free(res.kernel);
    free(res.cmdline);
}
END_TEST

START_TEST(restricted_user_and_args)
{
    char *args[] = { "--mode=ok", NULL }, expect[4096];
    struct libxl__boot_req rq;
    struct libxl__boot_res res;

    setenv("LIBXL_BOOTLOADER_RESTRICT", "0", 1);   /* set: restricted */
    setenv("LIBXL_BOOTLOADER_USER", "nobody", 1);
    req_init(&rq, args);
    RUN_OK(&rq, &res);
    snprintf(expect, sizeof(expect), "%s\n--runas=65534\n--quiet\n"
             "--output=%s/bootloader.7.out\n--output-format=simple0\n"
             "--output-directory=%s/bootloader.7.d\n--mode=ok\n%s\n--\n",
             prog, libdir, libdir, disk);
    ck_assert_str_eq(slurp(argslog, NULL), expect);
    libxl__boot_res_dispose(&res);
    /* Root is refused; unknown users too. */
    setenv("LIBXL_BOOTLOADER_USER", "root", 1);
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EINVAL);
    ck_assert_str_eq(err, "the bootloader's restricted user is root (uid 0)");
    libxl__boot_res_dispose(&res);
    setenv("LIBXL_BOOTLOADER_USER", "no-such-user-xyz", 1);
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EINVAL);
    ck_assert_str_eq(err, "bootloader user 'no-such-user-xyz' "
                     "(LIBXL_BOOTLOADER_USER): no such user");
    libxl__boot_res_dispose(&res);
    /* Neither a user nor Xen's QEMU users (not on a test machine). */
    unsetenv("LIBXL_BOOTLOADER_USER");
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "cannot restrict the bootloader"));
    libxl__boot_res_dispose(&res);
    /* A user alone does not restrict (4.17: only _RESTRICT does). */
    unsetenv("LIBXL_BOOTLOADER_RESTRICT");
    setenv("LIBXL_BOOTLOADER_USER", "nobody", 1);
    unlink(argslog);
    RUN_OK(&rq, &res);
    ck_assert_ptr_null(strstr(slurp(argslog, NULL), "--runas"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

/* Running (not gone, nor a zombie waiting for a reaper). */
static int alive(int pid)
{
    char path[64], *st;

    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    st = slurp(path, NULL);
    if (!st || !(st = strrchr(st, ')')))
        return 0;
    return st[2] != 'Z' && st[2] != 'X';
}

START_TEST(restricted_time_limit)
{
    char *args[] = { "--mode=hang", NULL };
    struct libxl__boot_req rq;
    struct libxl__boot_res res;
    time_t t0 = time(NULL);
    const char *pids;
    int pid;

    setenv("LIBXL_BOOTLOADER_RESTRICT", "1", 1);
    setenv("LIBXL_BOOTLOADER_USER", "nobody", 1);
    /*
     * 3 s, not 1: on a loaded machine the script needs a moment before it
     * has started its child and logged the pid this test checks on.
     */
    setenv("LIBXL_BOOTLOADER_TIMEOUT", "3", 1);
    req_init(&rq, args);
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)),
                     -ETIMEDOUT);
    ck_assert_msg(time(NULL) - t0 < 15, "took %ld s", (long)(time(NULL) -
                                                          t0));
    ck_assert_ptr_nonnull(strstr(err, "did not finish within 3 s "
                                 "(LIBXL_BOOTLOADER_TIMEOUT) and was "
                                 "killed"));
    libxl__boot_res_dispose(&res);
    assert_clean();
    /* Its background child went with it (the whole process group). */
    pids = slurp(pidslog, NULL);
    ck_assert_ptr_nonnull(pids);
    pid = atoi(pids);
    ck_assert_int_gt(pid, 1);
    /* SIGKILL is delivered asynchronously: give it a moment. */
    for (int i = 0; i < 50 && alive(pid); i++)
        usleep(100 * 1000);
    ck_assert_msg(!alive(pid), "the bootloader's child %d survived", pid);
    /* A bad limit is refused before anything runs. */
    setenv("LIBXL_BOOTLOADER_TIMEOUT", "soon", 1);
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EINVAL);
    ck_assert_str_eq(err, "LIBXL_BOOTLOADER_TIMEOUT='soon': not a number of "
                     "seconds (0 to 2147483647)");
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

START_TEST(needs_disk)
{
    struct libxl__boot_req rq;
    struct libxl__boot_res res;

    req_init(&rq, NULL);
    rq.disk = NULL;
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EINVAL);
    ck_assert_str_eq(err, "the bootloader needs a boot disk (the first "
                     "disk= entry)");
    libxl__boot_res_dispose(&res);
    /* A disk it cannot read: its own error comes back. */
    req_init(&rq, NULL);
    rq.disk = "/nonexistent/disk.img";
    ck_assert_int_eq(libxl__boot_run(&rq, &res, err, sizeof(err)), -EIO);
    ck_assert_ptr_nonnull(strstr(err, "cannot read the disk "
                                 "'/nonexistent/disk.img'"));
    libxl__boot_res_dispose(&res);
    assert_clean();
}
END_TEST

static Suite *bootloader_suite(void)
{
    Suite *s = suite_create("bootloader");
    TCase *tc = tcase_create("run");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, boots_kernel_ramdisk_args);
    tcase_add_test(tc, kernel_ramdisk_options_passed);
    tcase_add_test(tc, bare_name_bindir_then_path);
    tcase_add_test(tc, failure_reports_stderr);
    tcase_add_test(tc, garbage_output);
    tcase_add_test(tc, parse_items);
    tcase_add_test(tc, restricted_user_and_args);
    tcase_add_test(tc, restricted_time_limit);
    tcase_add_test(tc, needs_disk);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bootloader_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
