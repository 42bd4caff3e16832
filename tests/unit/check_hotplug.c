/*
 * Unit tests of the hotplug script runner (libxl/hotplug_run.c): argv,
 * environment, exit status and output tail; the script's own process
 * group, killed whole (children included) at the deadline; no inherited
 * file descriptor; a program that cannot run.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hotplug_run.h"

static char dir[64], script[128];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_hotplug.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(script, sizeof(script), "%s/script", dir);
}

static void teardown(void)
{
    char cmd[128];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_script(const char *body)
{
    FILE *f = fopen(script, "w");

    ck_assert_ptr_nonnull(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(script, 0755), 0);
}

static int run(const char *const *env, int timeout_ms, char *out,
               size_t outlen)
{
    char *argv[] = { script, "add", "extra", NULL };

    return libxl__hotplug_run(script, argv, env, timeout_ms, out, outlen);
}

/* The pid in file f (0 if none yet). */
static pid_t read_pid(const char *f)
{
    FILE *fp = fopen(f, "r");
    int pid = 0;

    if (fp) {
        if (fscanf(fp, "%d", &pid) != 1)
            pid = 0;
        fclose(fp);
    }
    return (pid_t)pid;
}

/* Is pid gone (or a zombie nobody reaped yet)? */
static int gone(pid_t pid)
{
    char path[64], buf[256], *p;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return 1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    return p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
}

START_TEST(args_env_status_output)
{
    const char *env[] = { "XENBUS_PATH", "backend/vbd/3/51712", "HOME",
                          "/overridden", NULL };
    char out[256], want[256];

    setenv("CHECK_HOTPLUG_INHERITED", "yes", 1);
    write_script("echo \"$0 $1 $2 $XENBUS_PATH $HOME "
                 "$CHECK_HOTPLUG_INHERITED\"\necho oops >&2\nexit 3");
    ck_assert_int_eq(run(env, 10000, out, sizeof(out)), 3);
    snprintf(want, sizeof(want), "%s add extra backend/vbd/3/51712 "
             "/overridden yes\noops\n", script);
    ck_assert_str_eq(out, want);
}
END_TEST

/* Only the tail of a long output is kept. */
START_TEST(output_tail)
{
    char out[17];

    write_script("i=0; while [ $i -lt 200 ]; do echo line $i; "
                 "i=$((i + 1)); done; printf 'the end'");
    ck_assert_int_eq(run(NULL, 10000, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "line 199\nthe end");
}
END_TEST

START_TEST(killed_by_signal)
{
    char out[64];

    write_script("kill -TERM $$; sleep 5");
    ck_assert_int_eq(run(NULL, 5000, out, sizeof(out)), 128 + SIGTERM);
}
END_TEST

START_TEST(cannot_run)
{
    char out[128], *argv[] = { script, "add", NULL };

    ck_assert_int_eq(libxl__hotplug_run(script, argv, NULL, 5000, out,
                                        sizeof(out)), 127);
    ck_assert_str_eq(out, "cannot run: No such file or directory");
    write_script("exit 0");
    ck_assert_int_eq(chmod(script, 0644), 0);
    ck_assert_int_eq(libxl__hotplug_run(script, argv, NULL, 5000, out,
                                        sizeof(out)), 127);
    ck_assert_str_eq(out, "cannot run: Permission denied");
}
END_TEST

/* The script leads a process group of its own. */
START_TEST(own_process_group)
{
    char out[64];
    int pid = 0, pgrp = 0;

    write_script("set -- $(sed 's/.*) //' /proc/$$/stat)\n"
                 "echo \"$$ $3\"");
    ck_assert_int_eq(run(NULL, 10000, out, sizeof(out)), 0);
    ck_assert_int_eq(sscanf(out, "%d %d", &pid, &pgrp), 2);
    ck_assert_int_eq(pid, pgrp);
    ck_assert_int_ne(pgrp, (int)getpgrp());
}
END_TEST

/* Descriptors the caller left open (no O_CLOEXEC) do not reach it:
 * none of the script shell's descriptors is the caller's file. */
START_TEST(no_inherited_fds)
{
    char out[512], marker[128];
    int fd;

    snprintf(marker, sizeof(marker), "%s/caller-file", dir);
    fd = open(marker, O_RDWR | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dup2(fd, 41), 41);
    /* (ls's complaints go: a pipe the shell sets up for the pipeline
     * may close while ls reads the list; the caller's file would stay) */
    write_script("ls -l /proc/$$/fd 2>/dev/null | grep caller-file; "
                 "echo done");
    ck_assert_int_eq(run(NULL, 10000, out, sizeof(out)), 0);
    ck_assert_str_eq(out, "done\n");
    close(41);
    close(fd);
}
END_TEST

/* At the deadline the script and what it started are killed. */
START_TEST(timeout_kills_group)
{
    char out[64], pidfile[160], body[1024];
    int timeout, rc = 0, i;
    pid_t kid;

    snprintf(pidfile, sizeof(pidfile), "%s/kid.pid", dir);
    /* The child ignores SIGTERM and SIGHUP (only SIGKILL of the group
     * ends it); the script says "started" once the child is there. */
    snprintf(body, sizeof(body), "trap '' TERM HUP\n"
             "sh -c 'trap \"\" TERM HUP; echo $$ > %s.tmp; "
             "mv %s.tmp %s; exec sleep 300' &\n"
             "while [ ! -e %s ]; do sleep 0.05; done\n"
             "echo started\nwait", pidfile, pidfile, pidfile, pidfile);
    write_script(body);
    /* A loaded host may not get that far by the deadline: then again
     * with a longer one. */
    for (timeout = 1000; timeout <= 16000; timeout *= 2) {
        unlink(pidfile);
        rc = run(NULL, timeout, out, sizeof(out));
        if (rc != -ETIMEDOUT || !strcmp(out, "started\n"))
            break;
    }
    ck_assert_int_eq(rc, -ETIMEDOUT);
    ck_assert_str_eq(out, "started\n");
    kid = read_pid(pidfile);
    ck_assert_int_gt(kid, 0);
    /* SIGKILL is delivered asynchronously: allow it a while. */
    for (i = 0; i < 1000 && !gone(kid); i++)
        usleep(10 * 1000);
    ck_assert_msg(gone(kid), "the script's child %d survived", (int)kid);
}
END_TEST

static Suite *hotplug_suite(void)
{
    Suite *s = suite_create("hotplug");
    TCase *tc = tcase_create("run");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, args_env_status_output);
    tcase_add_test(tc, output_tail);
    tcase_add_test(tc, killed_by_signal);
    tcase_add_test(tc, cannot_run);
    tcase_add_test(tc, own_process_group);
    tcase_add_test(tc, no_inherited_fds);
    tcase_add_test(tc, timeout_kills_group);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(hotplug_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
