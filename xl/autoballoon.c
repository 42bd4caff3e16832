/*
 * xl: Domain-0 autoballooning before `xl create` (xl.conf autoballoon=),
 * as Xen 4.17's xl does it: when the host lacks the memory the new domain
 * needs, lower Domain-0's balloon target by the shortfall and wait for its
 * kernel to give the memory back, retrying while it makes progress (30 s
 * of credit), all under the xl lock so that parallel creations do not
 * count the same free memory twice.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xl.h"
#include "libxl.h"
#include "libxl_config.h"

#define XL_LOCK_FILE "/var/lock/xl"
#define CREDIT_SECS 30
#define WAIT_SECS 10

/* "auto": on unless Xen's command line sets dom0_mem (Xen 4.17's
 * auto_autoballoon, same pattern). */
int xl_autoballoon_on(struct xl_env *env)
{
    libxl_ctx *ctx = (libxl_ctx *)env->ctx;
    const struct libxl_version_info *v;
    regex_t re;
    int r;

    if (env->conf.autoballoon >= 0)
        return env->conf.autoballoon;
    v = libxl_get_version_info(ctx);
    if (!v || !v->commandline)
        return 1;
    if (regcomp(&re, "(^| )dom0_mem=((|min:|max:)[0-9]+[bBkKmMgG]?,?)+($| )",
                REG_NOSUB | REG_EXTENDED))
        return 1;
    r = regexec(&re, v->commandline, 0, NULL, 0);
    regfree(&re);
    return r == REG_NOMATCH;
}

/* The xl lock (xl.conf lockfile=, under $XENSIM_DIR on the simulator);
 * its fd, or -1 with a message. */
int xl_lock(struct xl_env *env)
{
    const char *sim = getenv("XENSIM_DIR");
    char path[4096], *slash;
    int fd;

    if (env->conf.lockfile)
        snprintf(path, sizeof(path), "%s", env->conf.lockfile);
    else
        snprintf(path, sizeof(path), "%s%s", sim && *sim ? sim : "",
                 XL_LOCK_FILE);
    slash = strrchr(path, '/');
    if (slash && slash != path) {
        *slash = '\0';
        libxl_mkdir_p(path);
        *slash = '/';
    }
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "xl: %s: cannot open the lock file '%s': %s\n",
                env->cmd, path, strerror(errno));
        return -1;
    }
    while (flock(fd, LOCK_EX))
        if (errno != EINTR) {
            fprintf(stderr, "xl: %s: cannot lock '%s': %s\n", env->cmd,
                    path, strerror(errno));
            close(fd);
            return -1;
        }
    return fd;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int xl_freemem(struct xl_env *env, struct libxl_domain_config *dc)
{
    libxl_ctx *ctx = (libxl_ctx *)env->ctx;
    const char *name = dc->c_info.name ? dc->c_info.name : "?";
    uint64_t need = 0, free_kb = 0, before;
    double credit = CREDIT_SECS, t0;
    int rc;

    rc = libxl_domain_need_memory(ctx, dc, &need);
    if (!rc)
        rc = libxl_get_free_memory(ctx, &free_kb);
    if (rc)
        goto fail;
    while (free_kb < need) {
        rc = libxl_set_memory_target(ctx, 0, -(int64_t)(need - free_kb), 1,
                                     0);
        if (rc)
            goto fail;
        t0 = now();
        rc = libxl_wait_for_memory_target(ctx, 0, WAIT_SECS);
        if (rc)
            goto fail;
        before = free_kb;
        rc = libxl_get_free_memory(ctx, &free_kb);
        if (rc)
            goto fail;
        if (free_kb > before) {
            credit = CREDIT_SECS;        /* progress */
        } else if (free_kb < before) {
            fprintf(stderr, "xl: %s: failed to free memory for domain "
                    "'%s': free memory fell from %" PRIu64 " to %" PRIu64
                    " KiB while Domain-0 ballooned (another domain took "
                    "it?)\n", env->cmd, name, before, free_kb);
            return -1;
        } else {
            credit -= now() - t0;
        }
        if (free_kb < need && credit <= 0) {
            fprintf(stderr, "xl: %s: failed to free memory for domain "
                    "'%s': it needs %" PRIu64 " KiB, %" PRIu64 " KiB are "
                    "free after %d s of ballooning Domain-0\n", env->cmd, name,
                    need, free_kb, CREDIT_SECS);
            return -1;
        }
    }
    return 0;
fail:
    if (need)
        fprintf(stderr, "xl: %s: failed to free memory for domain '%s' "
                "(it needs %" PRIu64 " KiB, %" PRIu64 " KiB are free): %s\n",
                env->cmd, name, need, free_kb, libxl_errmsg(ctx));
    else
        fprintf(stderr, "xl: %s: failed to free memory for domain '%s': "
                "%s\n", env->cmd, name, libxl_errmsg(ctx));
    return -1;
}
