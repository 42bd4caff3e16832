/*
 * Unit tests of libxl and xl on the simulator: the simulated host and the
 * processes a test starts (see simhost.h).
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xenstore.h"
#include "simhost.h"

const char *simhost_builddir(void)
{
    const char *b = getenv("top_builddir");

    return b ? b : ".";
}

pid_t simhost_spawn(const char *bin, char *const argv[], const char *err_to)
{
    sigset_t term, old;
    pid_t pid;

    /*
     * Check's SIGTERM handler forwards the signal to the test's process
     * group; a child stopped before it execs must not run it.  Block
     * SIGTERM (and SIGINT) across fork, restore the default in the child,
     * then unblock: a pending SIGTERM now just ends the child.
     */
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigaddset(&term, SIGINT);
    sigprocmask(SIG_BLOCK, &term, &old);
    pid = fork();
    if (pid == 0) {
        /* A failed test skips the teardown: go with the test process. */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        /* Own process group: a libtool wrapper killed before it execs
         * forwards the signal to its group, which must not be ours. */
        setpgid(0, 0);
        if (err_to && (!freopen(err_to, "w", stderr) ||
                       !freopen("/dev/null", "w", stdout)))
            _exit(126);
        execv(bin, argv);
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    ck_assert_int_gt(pid, 0);
    setpgid(pid, pid);  /* also here: the child may not have run yet */
    return pid;
}

void simhost_stop(pid_t *pid)
{
    if (*pid > 0) {
        kill(-*pid, SIGTERM);
        waitpid(*pid, NULL, 0);
    }
    *pid = -1;
}

void simhost_start(struct simhost *h, const char *name)
{
    char bin[512];
    struct xs_handle *xsh = NULL;
    int i;

    snprintf(h->dir, sizeof(h->dir), "/tmp/%s.XXXXXX", name);
    ck_assert_ptr_nonnull(mkdtemp(h->dir));
    setenv("XENSIM_DIR", h->dir, 1);
    unsetenv("XENSIM_DOMID");
    snprintf(bin, sizeof(bin), "%s/xenstored/xenstored", simhost_builddir());
    snprintf(h->sock, sizeof(h->sock), "%s/xs.sock", h->dir);
    setenv("XENSTORED_PATH", h->sock, 1);
    h->xenstored = simhost_spawn(bin, (char *const[]){ bin, "-N", "--socket",
                                                       h->sock, NULL },
                                 NULL);
    /* The socket file appears at bind(), before listen(): connect.  Up
     * to 30 s: a loaded host starts it late. */
    for (i = 0; i < 1500 && !(xsh = xs_open(0)); i++)
        usleep(20 * 1000);
    ck_assert_msg(xsh, "xenstored did not come up on %s", h->sock);
    xs_close(xsh);
}

void simhost_end(struct simhost *h)
{
    char cmd[128];

    simhost_stop(&h->xenstored);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", h->dir);
    ck_assert_int_eq(system(cmd), 0);
}

void simhost_write_file(const char *path, const void *buf, size_t len)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

unsigned simhost_xs_count(const char *path)
{
    struct xs_handle *h = xs_open(0);
    unsigned n = 0;
    char **d;

    ck_assert_ptr_nonnull(h);
    d = xs_directory(h, XBT_NULL, path, &n);
    xs_close(h);
    free(d);
    return d ? n : 0;
}

char *simhost_xs_get(unsigned domid, const char *rel)
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
