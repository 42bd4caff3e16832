/*
 * libxl bootloader runner (bootloader.h): finds the program, builds its
 * arguments as Xen 4.17's libxl does, picks the user of restricted mode,
 * runs it on a pseudo terminal with its standard error on a pipe, under a
 * time limit in restricted mode, and reads its output back.
 */
#include "config.h"

#include "bootloader.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef LIBXL_PRIVATE_BINDIR
#define LIBXL_PRIVATE_BINDIR "/usr/local/libexec/xen/bin"
#endif

/* Users of restricted mode when LIBXL_BOOTLOADER_USER is not set (the
 * QEMU deprivileging users of Xen's libxl). */
#define QEMU_USER_RANGE_BASE "xen-qemuuser-range-base"
#define QEMU_USER_SHARED "xen-qemuuser-shared"

#define TAIL_MAX 2048                   /* standard error kept */
#define LOG_MAX (1024 * 1024)           /* bytes of log per run */
#define OUTPUT_MAX (64 * 1024)          /* simple0 output accepted */

extern char **environ;

struct run {
    char *err;
    size_t errlen;
    char tail[TAIL_MAX];
    size_t tail_len;
    int log_fd;
    size_t logged;
};

static int fail(struct run *r, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct run *r, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->err, r->errlen, fmt, ap);
    va_end(ap);
    return rc;
}

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    return s;
}

static int make_dirs(const char *path)
{
    char *p = xasprintf("%s", path), *s;
    int rc = 0;

    for (s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0755) && errno != EEXIST)
            rc = -errno;
        *s = '/';
    }
    if (mkdir(p, 0755) && errno != EEXIST)
        rc = -errno;
    else
        rc = 0;
    free(p);
    return rc;
}

/* ---- which program ---- */

static bool executable(const char *path)
{
    struct stat st;

    return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/* A bare name: the private bin directory, then PATH (Xen looks in its
 * libexec bin directory, then lets execvp search PATH). */
static char *resolve(struct run *r, const char *name, const char *bindir)
{
    const char *path = getenv("PATH");
    char *dirs, *d, *save = NULL, *p;

    if (!*name) {
        fail(r, -EINVAL, "bootloader= is empty");
        return NULL;
    }
    if (strchr(name, '/')) {
        if (executable(name))
            return xasprintf("%s", name);
        fail(r, -ENOENT, "bootloader '%s': %s", name,
             access(name, F_OK) ? strerror(errno) : "not an executable file");
        return NULL;
    }
    p = xasprintf("%s/%s", bindir, name);
    if (executable(p))
        return p;
    free(p);
    dirs = xasprintf("%s", path ? path : "/usr/local/bin:/usr/bin:/bin");
    for (d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        p = xasprintf("%s/%s", *d ? d : ".", name);
        if (executable(p)) {
            free(dirs);
            return p;
        }
        free(p);
    }
    free(dirs);
    fail(r, -ENOENT, "bootloader '%s' not found in %s or PATH", name,
         bindir);
    return NULL;
}

/* ---- restricted mode ---- */

static int lookup(const char *name, struct passwd **pw, char **buf)
{
    struct passwd *res = NULL;
    int e;

    *buf = malloc(16384);
    if (!*buf)
        return -ENOMEM;
    *pw = malloc(sizeof(**pw));
    if (!*pw)
        return -ENOMEM;
    e = getpwnam_r(name, *pw, *buf, 16384, &res);
    if (e)
        return -e;
    return res ? 0 : -ENOENT;
}

static int user_exists_uid(uid_t uid, char *name, size_t namelen)
{
    struct passwd pw, *res = NULL;
    char buf[16384];

    if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) || !res)
        return 0;
    snprintf(name, namelen, "%s", res->pw_name);
    return 1;
}

/* The uid of restricted mode, as Xen 4.17's bootloader_uid() picks it. */
static int restrict_uid(struct run *r, uint32_t domid, uid_t *uid)
{
    const char *user = getenv("LIBXL_BOOTLOADER_USER");
    struct passwd *pw = NULL;
    char *buf = NULL, clash[256];
    int rc;

    if (user) {
        rc = lookup(user, &pw, &buf);
        if (rc) {
            rc = fail(r, rc == -ENOENT ? -EINVAL : rc, "bootloader user '%s'"
                      " (LIBXL_BOOTLOADER_USER): %s", user,
                      rc == -ENOENT ? "no such user" : strerror(-rc));
            goto out;
        }
        *uid = pw->pw_uid;
    } else if (!(rc = lookup(QEMU_USER_RANGE_BASE, &pw, &buf))) {
        *uid = pw->pw_uid + domid;
        if (user_exists_uid(*uid, clash, sizeof(clash))) {
            rc = fail(r, -EINVAL, "bootloader user: wanted uid %ld (%s + "
                      "%u), but that is user '%s'", (long)*uid,
                      QEMU_USER_RANGE_BASE, domid, clash);
            goto out;
        }
    } else {
        free(pw);
        free(buf);
        pw = NULL;
        buf = NULL;
        rc = lookup(QEMU_USER_SHARED, &pw, &buf);
        if (rc) {
            rc = fail(r, -EINVAL, "cannot restrict the bootloader: no user "
                      "LIBXL_BOOTLOADER_USER, %s or %s",
                      QEMU_USER_RANGE_BASE, QEMU_USER_SHARED);
            goto out;
        }
        *uid = pw->pw_uid;
    }
    rc = 0;
    if (*uid == 0)
        rc = fail(r, -EINVAL, "the bootloader's restricted user is root "
                  "(uid 0)");
out:
    free(pw);
    free(buf);
    return rc;
}

/* LIBXL_BOOTLOADER_TIMEOUT in seconds (0: none). */
static int restrict_timeout(struct run *r, long *secs)
{
    const char *v = getenv("LIBXL_BOOTLOADER_TIMEOUT");
    char *end;

    *secs = LIBXL__BOOT_TIMEOUT_DEFAULT;
    if (!v)
        return 0;
    errno = 0;
    *secs = strtol(v, &end, 10);
    if (errno || end == v || *end || *secs < 0 || *secs > INT_MAX)
        return fail(r, -EINVAL, "LIBXL_BOOTLOADER_TIMEOUT='%s': not a "
                    "number of seconds (0 to %d)", v, INT_MAX);
    return 0;
}

/* ---- arguments ---- */

static char **make_argv(const struct libxl__boot_req *rq, const char *prog,
                        const struct libxl__boot_res *res, bool restricted,
                        uid_t uid)
{
    size_t n = 0, i;
    char **argv;

    while (rq->args && rq->args[n])
        n++;
    argv = calloc(n + 12, sizeof(*argv));
    if (!argv)
        abort();
    i = 0;
    argv[i++] = xasprintf("%s", prog);
    if (rq->kernel)
        argv[i++] = xasprintf("--kernel=%s", rq->kernel);
    if (rq->ramdisk)
        argv[i++] = xasprintf("--ramdisk=%s", rq->ramdisk);
    if (rq->cmdline && *rq->cmdline)
        argv[i++] = xasprintf("--args=%s", rq->cmdline);
    if (restricted) {
        argv[i++] = xasprintf("--runas=%ld", (long)uid);
        argv[i++] = xasprintf("--quiet");
    }
    argv[i++] = xasprintf("--output=%s", res->outfile);
    argv[i++] = xasprintf("--output-format=simple0");
    argv[i++] = xasprintf("--output-directory=%s", res->outdir);
    for (n = 0; rq->args && rq->args[n]; n++)
        argv[i++] = xasprintf("%s", rq->args[n]);
    argv[i++] = xasprintf("%s", rq->disk);
    argv[i] = NULL;
    return argv;
}

static void free_strv(char **v)
{
    size_t i;

    for (i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* The environment with TERM=vt100 (built before fork: the child may only
 * call async-signal-safe functions). */
static char **make_envp(void)
{
    size_t n = 0, i, j = 0;
    char **envp;

    while (environ && environ[n])
        n++;
    envp = calloc(n + 2, sizeof(*envp));
    if (!envp)
        abort();
    for (i = 0; i < n; i++)
        if (strncmp(environ[i], "TERM=", 5))
            envp[j++] = environ[i];
    envp[j++] = "TERM=vt100";
    envp[j] = NULL;
    return envp;
}

/* ---- running it ---- */

static void keep(struct run *r, int fd, const char *buf, size_t n,
                 bool is_stderr)
{
    if (r->log_fd >= 0 && r->logged < LOG_MAX) {
        size_t w = n < LOG_MAX - r->logged ? n : LOG_MAX - r->logged;

        if (write(r->log_fd, buf, w) > 0)
            r->logged += w;
    }
    (void)fd;
    if (!is_stderr)
        return;
    if (n >= TAIL_MAX) {
        memcpy(r->tail, buf + n - TAIL_MAX, TAIL_MAX);
        r->tail_len = TAIL_MAX;
        return;
    }
    if (r->tail_len + n > TAIL_MAX) {
        size_t drop = r->tail_len + n - TAIL_MAX;

        memmove(r->tail, r->tail + drop, r->tail_len - drop);
        r->tail_len -= drop;
    }
    memcpy(r->tail + r->tail_len, buf, n);
    r->tail_len += n;
}

/* Read what is there; false at end of file or error. */
static bool drain(struct run *r, int fd, bool is_stderr)
{
    char buf[4096];
    ssize_t n;

    for (;;) {
        n = read(fd, buf, sizeof(buf));
        if (n > 0) {
            keep(r, fd, buf, (size_t)n, is_stderr);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && errno == EAGAIN;
    }
}

/* The last lines of standard error, printable, for a message. */
static void tail_text(const struct run *r, char *out, size_t outlen)
{
    size_t i, o = 0, start = 0, lines = 0;
    size_t len = r->tail_len;

    while (len && (r->tail[len - 1] == '\n' || r->tail[len - 1] == '\r' ||
                   r->tail[len - 1] == ' '))
        len--;
    for (i = len; i > 0; i--)
        if (r->tail[i - 1] == '\n' && ++lines == 3) {
            start = i;
            break;
        }
    if (len - start > 400)
        start = len - 400;
    for (i = start; i < len && o + 2 < outlen; i++) {
        unsigned char c = (unsigned char)r->tail[i];

        if (c == '\n')
            o += (size_t)snprintf(out + o, outlen - o, " | ");
        else if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else if (c != '\r')
            out[o++] = '?';
        if (o >= outlen)
            o = outlen - 1;
    }
    out[o] = '\0';
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_pty(struct run *r, int *master, int *slave)
{
    struct winsize ws = { .ws_row = 24, .ws_col = 80 };
    struct termios t;
    char name[128];

    *master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*master < 0)
        return fail(r, -errno, "cannot open a pseudo terminal: %s",
                    strerror(errno));
    if (grantpt(*master) || unlockpt(*master) ||
        ptsname_r(*master, name, sizeof(name)))
        return fail(r, -errno, "cannot set up a pseudo terminal: %s",
                    strerror(errno));
    *slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (*slave < 0)
        return fail(r, -errno, "cannot open '%s': %s", name, strerror(errno));
    /* Raw, as Xen's libxl sets it: no echo, no line discipline. */
    if (!tcgetattr(*slave, &t)) {
        cfmakeraw(&t);
        tcsetattr(*slave, TCSANOW, &t);
    }
    ioctl(*slave, TIOCSWINSZ, &ws);
    fcntl(*master, F_SETFL, O_NONBLOCK);
    return 0;
}

/* The child: new session with the pty as controlling terminal. */
static void child(int slave, int errfd, char **argv, char **envp)
{
    sigset_t none;

    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
        _exit(126);
    if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(errfd, 2) < 0)
        _exit(126);
    syscall(SYS_close_range, 3U, ~0U, 0U);
    execve(argv[0], argv, envp);
    {
        const char *m = "cannot execute the bootloader: ";
        const char *e = strerror(errno);

        if (write(2, m, strlen(m)) < 0 || write(2, e, strlen(e)) < 0 ||
            write(2, "\n", 1) < 0)
            _exit(127);
    }
    _exit(127);
}

/* Wait for pid while copying its output; kill its process group at the
 * deadline (timeout 0: none).  *status is the wait status, or -1 when it
 * was killed at the deadline. */
static int supervise(struct run *r, pid_t pid, int master, int errfd,
                     long timeout, int *status)
{
    double deadline = timeout ? now() + (double)timeout : 0;
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    bool out_open = true, err_open = true;
    siginfo_t si;

    for (;;) {
        struct pollfd p[3];
        int n = 0, ms = pidfd >= 0 ? -1 : 50;

        if (out_open)
            p[n++] = (struct pollfd){ .fd = master, .events = POLLIN };
        if (err_open)
            p[n++] = (struct pollfd){ .fd = errfd, .events = POLLIN };
        if (pidfd >= 0)
            p[n++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
        if (deadline) {
            double left = deadline - now();
            int lm = left <= 0 ? 0 : (int)(left * 1000) + 1;

            if (ms < 0 || lm < ms)
                ms = lm;
        }
        if (poll(p, (nfds_t)n, ms) < 0 && errno != EINTR)
            break;
        if (out_open)
            out_open = drain(r, master, false);
        if (err_open)
            err_open = drain(r, errfd, true);
        memset(&si, 0, sizeof(si));
        if (!waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) &&
            si.si_pid == pid)
            break;
        if (deadline && now() >= deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, status, 0);
            *status = -1;
            if (pidfd >= 0)
                close(pidfd);
            return 0;
        }
    }
    /* It ended (a zombie still holds its pid and group): end whatever it
     * left in its process group, then reap it. */
    kill(-pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    if (out_open)
        drain(r, master, false);
    if (err_open)
        drain(r, errfd, true);
    if (pidfd >= 0)
        close(pidfd);
    return 0;
}

/* Start the program and wait for it; 0 when it exited with status 0. */
static int execute(struct run *r, char **argv, long timeout)
{
    int master = -1, slave = -1, errp[2] = { -1, -1 }, status = 0, rc;
    char **envp = make_envp();
    char tail[512];
    pid_t pid;

    rc = open_pty(r, &master, &slave);
    if (rc)
        goto out;
    if (pipe2(errp, O_CLOEXEC)) {
        rc = fail(r, -errno, "cannot make a pipe: %s", strerror(errno));
        goto out;
    }
    fcntl(errp[0], F_SETFL, O_NONBLOCK);
    pid = fork();
    if (pid < 0) {
        rc = fail(r, -errno, "cannot fork: %s", strerror(errno));
        goto out;
    }
    if (!pid)
        child(slave, errp[1], argv, envp);
    close(errp[1]);
    errp[1] = -1;
    supervise(r, pid, master, errp[0], timeout, &status);
    tail_text(r, tail, sizeof(tail));
    if (status == -1)
        rc = fail(r, -ETIMEDOUT, "bootloader '%s' did not finish within "
                  "%ld s (LIBXL_BOOTLOADER_TIMEOUT) and was killed%s%s",
                  argv[0], timeout, *tail ? ": " : "", tail);
    else if (WIFSIGNALED(status))
        rc = fail(r, -EIO, "bootloader '%s' was killed by signal %d%s%s",
                  argv[0], WTERMSIG(status), *tail ? ": " : "", tail);
    else if (WEXITSTATUS(status))
        rc = fail(r, -EIO, "bootloader '%s' failed (exit status %d)%s%s",
                  argv[0], WEXITSTATUS(status), *tail ? ": " : "",
                  *tail ? tail : " and printed nothing on standard error");
out:
    if (master >= 0)
        close(master);
    if (slave >= 0)
        close(slave);
    if (errp[0] >= 0)
        close(errp[0]);
    if (errp[1] >= 0)
        close(errp[1]);
    free(envp);
    return rc;
}

static int read_output(struct run *r, struct libxl__boot_res *res,
                       const char *prog)
{
    char *buf = malloc(OUTPUT_MAX + 1), tail[512];
    size_t len = 0;
    ssize_t n;
    int fd, rc;

    if (!buf)
        return -ENOMEM;
    fd = open(res->outfile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        rc = fail(r, -errno, "cannot read the bootloader's output '%s': %s",
                  res->outfile, strerror(errno));
        goto out;
    }
    while (len <= OUTPUT_MAX &&
           (n = read(fd, buf + len, OUTPUT_MAX + 1 - len)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    if (len > OUTPUT_MAX) {
        rc = fail(r, -EFBIG, "the output of bootloader '%s' is larger than "
                  "%d bytes", prog, OUTPUT_MAX);
        goto out;
    }
    rc = libxl__boot_parse(buf, len, res, r->err, r->errlen);
    if (rc) {
        char msg[512];

        tail_text(r, tail, sizeof(tail));
        snprintf(msg, sizeof(msg), "%s", r->err);
        fail(r, rc, "bootloader '%s': %s%s%s", prog, msg,
             *tail ? "; its standard error: " : "", tail);
    }
out:
    free(buf);
    return rc;
}

/* Fresh output file (empty, 0600) and directory (0700). */
static int prepare(struct run *r, const struct libxl__boot_req *rq,
                   struct libxl__boot_res *res)
{
    int fd, rc;

    res->outdir = xasprintf("%s/bootloader.%u.d", rq->lib_dir, rq->domid);
    res->outfile = xasprintf("%s/bootloader.%u.out", rq->lib_dir, rq->domid);
    rc = make_dirs(rq->lib_dir);
    if (rc)
        return fail(r, rc, "cannot create '%s': %s", rq->lib_dir,
                    strerror(-rc));
    /* Left by a toolstack that died mid-run. */
    libxl__boot_remove_tree(res->outdir);
    unlink(res->outfile);
    if (mkdir(res->outdir, 0700))
        return fail(r, -errno, "cannot create '%s': %s", res->outdir,
                    strerror(errno));
    fd = open(res->outfile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(r, -errno, "cannot create '%s': %s", res->outfile,
                    strerror(errno));
    close(fd);
    if (rq->log_dir && !make_dirs(rq->log_dir)) {
        res->logfile = xasprintf("%s/bootloader.%u.log", rq->log_dir,
                                 rq->domid);
        r->log_fd = open(res->logfile, O_WRONLY | O_CREAT | O_TRUNC |
                         O_CLOEXEC | O_NOFOLLOW, 0600);
    }
    return 0;
}

int libxl__boot_run(const struct libxl__boot_req *rq,
                    struct libxl__boot_res *res, char *err, size_t errlen)
{
    struct run r = { .err = err, .errlen = errlen, .log_fd = -1 };
    bool restricted = getenv("LIBXL_BOOTLOADER_RESTRICT") != NULL;
    char *prog = NULL, **argv = NULL;
    long timeout = 0;
    uid_t uid = 0;
    int rc;

    memset(res, 0, sizeof(*res));
    if (errlen)
        err[0] = '\0';
    if (!rq->disk || !*rq->disk)
        return fail(&r, -EINVAL, "the bootloader needs a boot disk (the "
                    "first disk= entry)");
    prog = resolve(&r, rq->bootloader, rq->bindir ? rq->bindir
                                                  : LIBXL_PRIVATE_BINDIR);
    if (!prog)
        return -ENOENT;
    if (restricted) {
        rc = restrict_uid(&r, rq->domid, &uid);
        if (!rc)
            rc = restrict_timeout(&r, &timeout);
        if (rc)
            goto out;
    }
    rc = prepare(&r, rq, res);
    if (rc)
        goto out;
    argv = make_argv(rq, prog, res, restricted, uid);
    rc = execute(&r, argv, timeout);
    if (!rc)
        rc = read_output(&r, res, prog);
out:
    if (r.log_fd >= 0)
        close(r.log_fd);
    free_strv(argv);
    free(prog);
    return rc;
}

void libxl__boot_res_dispose(struct libxl__boot_res *res)
{
    if (!res)
        return;
    if (res->outfile)
        unlink(res->outfile);
    libxl__boot_remove_tree(res->outdir);
    free(res->outfile);
    free(res->outdir);
    free(res->logfile);
    free(res->kernel);
    free(res->ramdisk);
    free(res->cmdline);
    memset(res, 0, sizeof(*res));
}
