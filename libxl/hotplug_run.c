/*
 * libxl: running one hotplug script as a supervised child: its own
 * process group (so a timeout ends the script and whatever it started),
 * no inherited descriptors, output captured for error messages.
 */
#include "config.h"

#include "hotplug_run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void free_envp(char **e, size_t own)
{
    size_t i;

    for (i = own; e[i]; i++)
        free(e[i]);
    free(e);
}

/* Is var (NAME=value) one of env's names? */
static int overridden(const char *var, const char *const *env)
{
    size_t n = strcspn(var, "=");

    for (; env && env[0]; env += 2)
        if (strlen(env[0]) == n && !strncmp(var, env[0], n))
            return 1;
    return 0;
}

/* environ without the names of env, then env as NAME=value (malloc'd
 * array and strings from *own on: the child must not allocate after
 * fork). */
static char **make_envp(const char *const *env, size_t *own)
{
    size_t n = 0, k = 0, i;
    char **e;

    while (environ[n])
        n++;
    for (i = 0; env && env[i]; i += 2)
        k++;
    e = calloc(n + k + 1, sizeof(*e));
    if (!e)
        return NULL;
    k = 0;
    for (i = 0; i < n; i++)
        if (!overridden(environ[i], env))
            e[k++] = environ[i];
    *own = k;
    for (i = 0; env && env[i]; i += 2) {
        const char *v = env[i + 1] ? env[i + 1] : "";
        size_t len = strlen(env[i]) + strlen(v) + 2;

        e[k] = malloc(len);
        if (!e[k]) {
            free_envp(e, *own);
            return NULL;
        }
        snprintf(e[k++], len, "%s=%s", env[i], v);
    }
    return e;
}

static void child(const char *path, char *const *argv, char **envp, int out)
{
    sigset_t none;
    int null = open("/dev/null", O_RDONLY);
    long fd, max;

    setpgid(0, 0);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
        dup2(out, 2) < 0)
        _exit(126);
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) {
        max = sysconf(_SC_OPEN_MAX);
        for (fd = 3; fd < (max > 0 ? max : 65536); fd++)
            close((int)fd);
    }
    execve(path, argv, envp);
    dprintf(2, "cannot run: %s", strerror(errno));
    _exit(127);
}

/* Keep the tail of what the script says in out (NUL-terminated). */
static void drain(int fd, char *out, size_t outlen, size_t *len)
{
    size_t keep = outlen - 1;
    char buf[512];
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        size_t k = (size_t)n;
        const char *src = buf;

        if (k > keep) {
            src += k - keep;
            k = keep;
        }
        if (*len + k > keep) {
            size_t drop = *len + k - keep;

            memmove(out, out + drop, *len - drop);
            *len -= drop;
        }
        memcpy(out + *len, src, k);
        *len += k;
    }
    out[*len] = '\0';
}

int libxl__hotplug_run(const char *path, char *const *argv,
                       const char *const *env, int timeout_ms, char *out,
                       size_t outlen)
{
    int64_t end = now_ms() + timeout_ms;
    size_t len = 0, own = 0;
    char **envp = make_envp(env, &own);
    int fds[2] = { -1, -1 }, status, rc;
    pid_t pid;

    out[0] = '\0';
    if (!envp)
        return -ENOMEM;
    if (pipe2(fds, O_CLOEXEC) < 0) {
        rc = -errno;
        goto out;
    }
    pid = fork();
    if (pid < 0) {
        rc = -errno;
        goto out;
    }
    if (pid == 0)
        child(path, argv, envp, fds[1]);
    /* Also here: the group must exist before a timeout can kill it. */
    setpgid(pid, pid);
    close(fds[1]);
    fds[1] = -1;
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    for (;;) {
        struct pollfd p = { .fd = fds[0], .events = POLLIN };

        drain(fds[0], out, outlen, &len);
        if (waitpid(pid, &status, WNOHANG) == pid)
            break;
        if (now_ms() >= end) {
            kill(-pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            rc = -ETIMEDOUT;
            goto out;
        }
        poll(&p, 1, 20);
    }
    drain(fds[0], out, outlen, &len);
    if (WIFEXITED(status))
        rc = WEXITSTATUS(status);
    else
        rc = 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
out:
    if (fds[0] >= 0)
        close(fds[0]);
    if (fds[1] >= 0)
        close(fds[1]);
    free_envp(envp, own);
    return rc;
}
