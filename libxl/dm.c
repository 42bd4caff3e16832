/*
 * libxl device model: starting the QEMU of an HVM guest (a child in its
 * own session, output to <log dir>/qemu-dm-<name>.log), waiting until it
 * runs, publishing its serial pty, and killing it when the domain goes
 * (Xen 4.17's libxl__spawn_local_dm and libxl__destroy_device_model).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dm_internal.h"

#define LOG_TAIL_LINES 4

char *libxl__dm_path(libxl__gc *gc, const struct libxl_domain_config *dc)
{
    return libxl__strdup(gc, dc->b_info.device_model
                                 ? dc->b_info.device_model
                                 : QEMU_XEN_PATH);
}

static char *state_dir(libxl__gc *gc, uint32_t domid)
{
    return libxl__sprintf(gc, "/local/domain/0/device-model/%u", domid);
}

static char *pid_node(libxl__gc *gc, uint32_t domid)
{
    return libxl__sprintf(gc, "/local/domain/%u/image/device-model-pid",
                          domid);
}

static char *log_path(libxl__gc *gc, const char *name)
{
    return libxl__sprintf(gc, "%s/qemu-dm-%s.log", libxl_log_dir(gc->ctx),
                          name);
}

/* The last lines of the log, joined with " | " (arena string). */
static char *log_tail(libxl__gc *gc, const char *path)
{
    char buf[2048], *p, *out = "";
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC), lines = 0;
    off_t size;

    if (fd < 0)
        return "";
    size = lseek(fd, 0, SEEK_END);
    if (size > (off_t)sizeof(buf) - 1)
        lseek(fd, size - (off_t)sizeof(buf) + 1, SEEK_SET);
    else
        lseek(fd, 0, SEEK_SET);
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return "";
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    for (p = buf + n; p > buf && lines < LOG_TAIL_LINES; p--)
        if (p[-1] == '\n') {
            p[-1] = '\0';
            if (*p)
                out = libxl__sprintf(gc, "%s%s%s", p, *out ? " | " : "",
                                     out);
            lines++;
        }
    if (p == buf && lines < LOG_TAIL_LINES && *buf)
        out = libxl__sprintf(gc, "%s%s%s", buf, *out ? " | " : "", out);
    return out;
}

static void child(const char *dm, char **argv, int log, uint32_t domid,
                  int state_fd)
{
    char id[16];
    int null = open("/dev/null", O_RDONLY);

    setsid();
    /* The restored state: QEMU reads it from this fd (-incoming fd:N). */
    if (state_fd >= 0)
        fcntl(state_fd, F_SETFD, 0);
    if (null >= 0)
        dup2(null, 0);
    dup2(log, 1);
    dup2(log, 2);
    snprintf(id, sizeof(id), "%u", domid);
    setenv("XEN_DOMAIN_ID", id, 1);
    /* Xen's libxl bounds QEMU's console buffers (XSA-180). */
    setenv("XEN_QEMU_CONSOLE_LIMIT", "1048576", 0);
    execv(dm, argv);
    dprintf(2, "cannot run %s: %s\n", dm, strerror(errno));
    _exit(127);
}

/* A fresh directory for QEMU's state node. */
static int xs_prepare(libxl__gc *gc, uint32_t domid)
{
    int rc;

    libxl__xs_rm(gc, LIBXL__XBT_NULL, state_dir(gc, domid));
    rc = libxl__xs_write(gc, LIBXL__XBT_NULL, state_dir(gc, domid), "");
    return rc ? libxl__seterr(gc->ctx, rc, "cannot write '%s': %s",
                              state_dir(gc, domid), strerror(-rc))
              : 0;
}

/* argv with -incoming fd:<state_fd> appended (arena). */
static char **incoming(libxl__gc *gc, char **argv, int state_fd)
{
    char **a;
    size_t n = 0;

    while (argv[n])
        n++;
    a = libxl__zalloc(gc, (n + 3) * sizeof(*a));
    memcpy(a, argv, n * sizeof(*a));
    a[n] = libxl__strdup(gc, "-incoming");
    a[n + 1] = libxl__sprintf(gc, "fd:%d", state_fd);
    return a;
}

static int spawn(libxl__gc *gc, const struct libxl_domain_config *dc,
                 uint32_t domid, const char *dm, const char *log,
                 const struct libxl__dm_restore *r, pid_t *pid)
{
    char **argv;
    int fd, rc, state_fd = -1;

    rc = libxl__dm_args(gc, dc, domid, dm, &argv);
    if (rc)
        return rc;
    if (r && r->state_file) {
        state_fd = open(r->state_file, O_RDONLY | O_CLOEXEC);
        if (state_fd < 0)
            return libxl__seterr(gc->ctx, -errno, "cannot open '%s': %s",
                                 r->state_file, strerror(errno));
        argv = incoming(gc, argv, state_fd);
    }
    rc = libxl__make_dirs(libxl_log_dir(gc->ctx));
    if (rc)
        return libxl__seterr(gc->ctx, rc, "cannot create '%s': %s",
                             libxl_log_dir(gc->ctx), strerror(-rc));
    fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = libxl__seterr(gc->ctx, -errno, "cannot open '%s': %s", log,
                           strerror(errno));
        if (state_fd >= 0)
            close(state_fd);
        return rc;
    }
    unlink(libxl__dm_qmp_path(gc, domid));
    *pid = fork();
    if (*pid == 0)
        child(dm, argv, fd, domid, state_fd);
    rc = *pid < 0 ? -errno : 0;
    close(fd);
    if (state_fd >= 0)
        close(state_fd);
    if (rc)
        return libxl__seterr(gc->ctx, rc, "cannot fork: %s", strerror(-rc));
    rc = libxl__xs_write(gc, LIBXL__XBT_NULL, pid_node(gc, domid),
                         libxl__sprintf(gc, "%ld", (long)*pid));
    return rc ? libxl__seterr(gc->ctx, rc, "cannot record the device "
                              "model's pid: %s", strerror(-rc))
              : 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/*
 * Until QEMU writes "running" to its state node, or exits.  Polled: the
 * child's exit is no xenstore event, and start-up takes seconds anyway.
 */
/* If pid has exited: 1 and the one message naming dm and its log. */
static int exited(libxl__gc *gc, pid_t pid, const char *dm, const char *log,
                  int *rc)
{
    const char *tail;
    int status;

    if (waitpid(pid, &status, WNOHANG) != pid)
        return 0;
    tail = log_tail(gc, log);
    *rc = libxl__seterr(gc->ctx, -ECHILD, "device model '%s' %s %d before "
                        "it started (log %s)%s%s", dm,
                        WIFEXITED(status) ? "exited with status"
                                          : "was killed by signal",
                        WIFEXITED(status) ? WEXITSTATUS(status)
                                          : WTERMSIG(status),
                        log, *tail ? ": " : "", tail);
    return 1;
}

/*
 * Until QEMU writes "running" to its state node, or exits.  Polled: the
 * child's exit is no xenstore event, and start-up takes seconds anyway.
 */
static int wait_running(libxl__gc *gc, uint32_t domid, pid_t pid,
                        const char *dm, const char *log)
{
    char *state = libxl__sprintf(gc, "%s/state", state_dir(gc, domid)), *v;
    int waited = 0, rc;

    for (;;) {
        if (exited(gc, pid, dm, log, &rc))
            return rc;
        if (!libxl__xs_read(gc, LIBXL__XBT_NULL, state, &v) &&
            !strcmp(v, "running"))
            return 0;
        if (waited >= LIBXL__DM_START_TIMEOUT_MS)
            return libxl__seterr(gc->ctx, -ETIMEDOUT, "device model '%s' "
                                 "did not start within %d s (log %s)", dm,
                                 LIBXL__DM_START_TIMEOUT_MS / 1000, log);
        sleep_ms(100);
        waited += 100;
    }
}

/* Publish the pty QEMU gave serial port 0 (Xen: serial/0/tty). */
static int serial_tty(libxl__gc *gc, struct libxl__qmp *q, uint32_t domid)
{
    static const char *label[] = { "label", NULL };
    static const char *file[] = { "filename", NULL };
    yajl_val ret, l, f;
    size_t i;
    int rc;

    rc = libxl__qmp_call(q, "query-chardev", NULL, &ret);
    if (rc || !YAJL_IS_ARRAY(ret))
        return rc ? rc : libxl__seterr(gc->ctx, -EPROTO, "query-chardev "
                                       "did not answer a list");
    for (i = 0; i < YAJL_GET_ARRAY(ret)->len; i++) {
        yajl_val c = YAJL_GET_ARRAY(ret)->values[i];

        const char *ls, *fs;

        l = yajl_tree_get(c, label, yajl_t_string);
        f = yajl_tree_get(c, file, yajl_t_string);
        ls = l ? YAJL_GET_STRING(l) : NULL;
        fs = f ? YAJL_GET_STRING(f) : NULL;
        if (!ls || !fs || strcmp(ls, "serial0") || strncmp(fs, "pty:", 4))
            continue;
        return libxl__xs_write(gc, LIBXL__XBT_NULL,
                               libxl__sprintf(gc, "/local/domain/%u/serial/"
                                              "0/tty", domid), fs + 4);
    }
    return 0;
}

/* Where QEMU's VNC server listens (query-vnc), for `xl vncviewer':
 * console/vnc-listen and console/vnc-port, as Xen 4.17's libxl. */
static int vnc_publish(libxl__gc *gc, struct libxl__qmp *q, uint32_t domid)
{
    static const char *en[] = { "enabled", NULL };
    static const char *host[] = { "host", NULL };
    static const char *service[] = { "service", NULL };
    char *dir = libxl__sprintf(gc, "/local/domain/%u/console", domid);
    yajl_val ret, e, h, p;
    int rc;

    rc = libxl__qmp_call(q, "query-vnc", NULL, &ret);
    if (rc)
        return rc;
    e = yajl_tree_get(ret, en, yajl_t_any);
    if (!e || !(YAJL_IS_TRUE(e) || YAJL_IS_FALSE(e)))
        return libxl__seterr(gc->ctx, -EPROTO, "query-vnc: no 'enabled' in "
                             "the answer");
    if (YAJL_IS_FALSE(e))
        return 0;
    h = yajl_tree_get(ret, host, yajl_t_string);
    p = yajl_tree_get(ret, service, yajl_t_string);
    if (!h || !p)
        return libxl__seterr(gc->ctx, -EPROTO, "query-vnc: no host or "
                             "service in the answer");
    rc = libxl__xs_write(gc, LIBXL__XBT_NULL,
                         libxl__sprintf(gc, "%s/vnc-listen", dir),
                         YAJL_GET_STRING(h));
    if (!rc)
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL,
                             libxl__sprintf(gc, "%s/vnc-port", dir),
                             YAJL_GET_STRING(p));
    return rc ? libxl__seterr(gc->ctx, rc, "cannot write '%s': %s", dir,
                              strerror(-rc))
              : 0;
}

static int confirm(libxl__gc *gc, const struct libxl_domain_config *dc,
                   uint32_t domid)
{
    struct libxl__qmp *q = libxl__qmp_open(gc, domid);
    int rc;

    if (!q)
        return -EIO;
    rc = libxl__qmp_call(q, "query-status", NULL, NULL);
    rc = rc ? rc : serial_tty(gc, q, domid);
    if (!rc && dc->b_info.vnc_enable.val != LIBXL_DEFBOOL_FALSE)
        rc = vnc_publish(gc, q, domid);
    /* -vnc ...,password=on waits for the password over QMP; Xen's libxl
     * keeps it in console/vnc-pass for `xl vncviewer --autopass'. */
    if (!rc && dc->b_info.vnc_enable.val != LIBXL_DEFBOOL_FALSE &&
        dc->b_info.vnc_passwd && *dc->b_info.vnc_passwd) {
        rc = libxl__qmp_call(q, "change-vnc-password",
                             libxl__sprintf(gc, "{\"password\":%s}",
                                            libxl__json_quote(gc,
                                                dc->b_info.vnc_passwd)),
                             NULL);
        if (!rc)
            rc = libxl__xs_write(gc, LIBXL__XBT_NULL,
                                 libxl__sprintf(gc, "/local/domain/%u/"
                                                "console/vnc-pass", domid),
                                 dc->b_info.vnc_passwd);
    }
    libxl__qmp_close(q);
    return rc;
}

int libxl__dm_start(libxl__gc *gc, const struct libxl_domain_config *dc,
                    uint32_t domid)
{
    return libxl__dm_start_restore(gc, dc, domid, NULL);
}

int libxl__dm_start_restore(libxl__gc *gc,
                            const struct libxl_domain_config *dc,
                            uint32_t domid,
                            const struct libxl__dm_restore *r)
{
    const char *dm = libxl__dm_path(gc, dc);
    const char *log = log_path(gc, dc->c_info.name);
    pid_t pid = -1;
    int rc;

    if (access(dm, X_OK))
        return libxl__seterr(gc->ctx, -errno, "device model '%s' is not "
                             "executable: %s", dm, strerror(errno));
    rc = xs_prepare(gc, domid);
    if (!rc && r)
        rc = libxl__dm_xs_restore(gc, domid, r->xs_data, r->xs_len);
    rc = rc ? rc : spawn(gc, dc, domid, dm, log, r, &pid);
    rc = rc ? rc : wait_running(gc, domid, pid, dm, log);
    if (!rc && (rc = confirm(gc, dc, domid))) {
        char why[sizeof(gc->ctx->errmsg)];

        /* A device model that died says so; one that lives but does not
         * answer is named with the QMP failure. */
        snprintf(why, sizeof(why), "%s", libxl_errmsg(gc->ctx));
        sleep_ms(200);
        if (!exited(gc, pid, dm, log, &rc))
            rc = libxl__seterr(gc->ctx, rc, "device model '%s' (log %s): %s",
                               dm, log, why);
    }
    if (rc && pid > 0) {
        char saved[sizeof(gc->ctx->errmsg)];

        memcpy(saved, gc->ctx->errmsg, sizeof(saved));
        libxl__dm_kill(gc, domid);
        memcpy(gc->ctx->errmsg, saved, sizeof(saved));
    }
    return rc;
}

/* Is pid the device model of domid (not a recycled pid)? */
static bool is_our_dm(pid_t pid, uint32_t domid)
{
    char path[64], buf[8192], want[16];
    ssize_t n;
    int fd;
    size_t i;

    snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pid);
    snprintf(want, sizeof(want), "%u", domid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    for (i = 0; i < (size_t)n; i += strlen(buf + i) + 1)
        if (!strcmp(buf + i, "-xen-domid") && i + 11 < (size_t)n &&
            !strcmp(buf + i + 11, want))
            return true;
    return false;
}

/* Until pid is gone (reaped if it is our child), at most 2 s. */
static void wait_gone(pid_t pid)
{
    char path[64];
    int i;

    snprintf(path, sizeof(path), "/proc/%ld", (long)pid);
    for (i = 0; i < 200; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid || access(path, F_OK))
            return;
        sleep_ms(10);
    }
}

int libxl__dm_kill(libxl__gc *gc, uint32_t domid)
{
    char *v = NULL;
    long pid;

    if (!gc->ctx->xsh)
        return 0;
    if (!libxl__xs_read(gc, LIBXL__XBT_NULL, pid_node(gc, domid), &v) &&
        (pid = strtol(v, NULL, 10)) > 1 && is_our_dm((pid_t)pid, domid)) {
        kill((pid_t)pid, SIGKILL);
        wait_gone((pid_t)pid);
    }
    libxl__xs_rm(gc, LIBXL__XBT_NULL, state_dir(gc, domid));
    unlink(libxl__dm_qmp_path(gc, domid));
    return 0;
}
