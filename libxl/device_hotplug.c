/*
 * libxl: running a device's hotplug script (script= of a disk or vif)
 * with the arguments and environment Xen's libxl gives them
 * (libxl_linux.c): argv { script, action, ... }, script=, XENBUS_TYPE,
 * XENBUS_PATH, XENBUS_BASE_PATH.  What the script prints is kept for the
 * error message, never printed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "device_internal.h"

#define OUT_KEEP 512

char *libxl__device_script_path(libxl__gc *gc, const char *script)
{
    if (script[0] == '/')
        return libxl__strdup(gc, script);
    return libxl__sprintf(gc, "%s/scripts/%s", gc->ctx->config_dir, script);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void child(const char *path, char *const *argv,
                  const char *const *env, int out)
{
    int null = open("/dev/null", O_RDONLY);

    if (null >= 0)
        dup2(null, 0);
    dup2(out, 1);
    dup2(out, 2);
    for (; env[0]; env += 2)
        if (setenv(env[0], env[1], 1))
            _exit(127);
    signal(SIGPIPE, SIG_DFL);
    execv(path, argv);
    dprintf(2, "cannot run: %s", strerror(errno));
    _exit(127);
}

/* Keep the tail of what the script says in out (NUL-terminated). */
static void drain(int fd, char *out, size_t *len)
{
    char buf[OUT_KEEP];
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        size_t k = (size_t)n;

        if (*len + k > OUT_KEEP) {
            size_t drop = *len + k - OUT_KEEP;

            if (drop > *len)
                drop = *len;
            memmove(out, out + drop, *len - drop);
            *len -= drop;
        }
        memcpy(out + *len, buf, k);
        *len += k;
    }
    out[*len] = '\0';
}

/* Last non-empty line of s (in place). */
static const char *last_line(char *s)
{
    char *e = s + strlen(s), *b;

    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
        *--e = '\0';
    b = strrchr(s, '\n');
    return b ? b + 1 : s;
}

/* Run argv with env, at most timeout_ms: exit status, -ETIMEDOUT, or
 * -errno; out gets the tail of its output. */
static int run(const char *path, char *const *argv, const char *const *env,
               int timeout_ms, char *out)
{
    int64_t end = now_ms() + timeout_ms;
    size_t len = 0;
    int fds[2], status, rc;
    pid_t pid, w;

    out[0] = '\0';
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -errno;
    pid = fork();
    if (pid < 0) {
        rc = -errno;
        close(fds[0]);
        close(fds[1]);
        return rc;
    }
    if (pid == 0)
        child(path, argv, env, fds[1]);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    for (;;) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };

        drain(fds[0], out, &len);
        w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (now_ms() >= end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            close(fds[0]);
            return -ETIMEDOUT;
        }
        poll(&p, 1, 20);
    }
    drain(fds[0], out, &len);
    close(fds[0]);
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

int libxl__device_hotplug(libxl__gc *gc, const struct libxl__device *dev,
                          const char *script, const char *action,
                          const char *const *extra_args,
                          const char *const *extra_env, int timeout_ms)
{
    char *path = libxl__device_script_path(gc, script);
    const char *env[32];
    char *argv[16], out[OUT_KEEP + 1], *herr;
    size_t na = 0, ne = 0;
    int rc;

    argv[na++] = path;
    argv[na++] = (char *)action;
    for (; extra_args && *extra_args && na < 15; extra_args++)
        argv[na++] = (char *)*extra_args;
    argv[na] = NULL;
    env[ne++] = "script";
    env[ne++] = path;
    env[ne++] = "XENBUS_TYPE";
    env[ne++] = dev->backend_kind;
    env[ne++] = "XENBUS_PATH";
    env[ne++] = libxl__sprintf(gc, "backend/%s/%u/%d", dev->backend_kind,
                               dev->domid, dev->devid);
    env[ne++] = "XENBUS_BASE_PATH";
    env[ne++] = "backend";
    for (; extra_env && extra_env[0] && ne < 30; extra_env += 2) {
        env[ne++] = extra_env[0];
        env[ne++] = extra_env[1] ? extra_env[1] : "";
    }
    env[ne] = NULL;
    rc = run(path, argv, env, timeout_ms, out);
    if (rc == 0)
        return 0;
    if (rc == -ETIMEDOUT)
        return libxl__seterr(gc->ctx, rc, "%s: hotplug script '%s %s' did "
                             "not finish within %d s", dev->what, path,
                             action, timeout_ms / 1000);
    if (rc < 0)
        return libxl__seterr(gc->ctx, rc, "%s: cannot run hotplug script "
                             "'%s': %s", dev->what, path, strerror(-rc));
    herr = libxl__device_backend_read(gc, dev, "hotplug-error");
    return libxl__seterr(gc->ctx, -EIO, "%s: hotplug script '%s %s' failed "
                         "(exit status %d): %s", dev->what, path, action, rc,
                         herr && *herr ? herr
                         : *out ? last_line(out) : "no message");
}
