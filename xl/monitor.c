/*
 * xl: the per-domain monitor that `xl create` leaves behind (unless -e):
 * it waits for the domain to shut down and carries out on_poweroff /
 * on_reboot / on_crash / on_watchdog / on_soft_reset from the domain's
 * config, logging what it did to <log dir>/xl-<name>.log.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libxl.h"
#include "monitor.h"

static void mlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void mlog(const char *fmt, ...)
{
    char stamp[32];
    time_t now = time(NULL);
    va_list ap;

    strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", localtime(&now));
    fprintf(stderr, "%s xl: ", stamp);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static const char *action_name(int a)
{
    switch (a) {
    case LIBXL_ACTION_ON_SHUTDOWN_DESTROY: return "destroy";
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART: return "restart";
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME: return "rename-restart";
    case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE: return "preserve";
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY: return "coredump-destroy";
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART: return "coredump-restart";
    case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET: return "soft-reset";
    default: return "unknown";
    }
}

static int action_for(const struct libxl_domain_config *dc, int reason)
{
    switch (reason) {
    case LIBXL_SHUTDOWN_REASON_POWEROFF: return dc->on_poweroff;
    case LIBXL_SHUTDOWN_REASON_REBOOT: return dc->on_reboot;
    case LIBXL_SHUTDOWN_REASON_CRASH: return dc->on_crash;
    case LIBXL_SHUTDOWN_REASON_WATCHDOG: return dc->on_watchdog;
    case LIBXL_SHUTDOWN_REASON_SOFT_RESET: return dc->on_soft_reset;
    default: return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    }
}

/*
 * Keep the old domain under another name ("<name>--incarnation-N", as
 * Xen's xl does) so a new one can take the name.
 */
static int rename_away(libxl_ctx *ctx, uint32_t domid, const char *name)
{
    char buf[512];
    int i, rc = -EEXIST;

    for (i = 1; i < 1000 && rc == -EEXIST; i++) {
        snprintf(buf, sizeof(buf), "%s--incarnation-%d", name, i);
        rc = libxl_domain_rename(ctx, domid, buf);
    }
    if (!rc)
        mlog("Domain %u kept as '%s'", domid, buf);
    return rc;
}

/* Create the domain again from its stored config; new domid or -1. */
static int restart(libxl_ctx *ctx, uint32_t *domid, bool rename)
{
    struct libxl_domain_config dc;
    uint32_t newid;
    int rc;

    libxl_domain_config_init(&dc);
    rc = libxl_retrieve_domain_configuration(ctx, *domid, &dc);
    if (rc) {
        mlog("cannot restart domain %u: %s", *domid, libxl_errmsg(ctx));
        libxl_domain_config_dispose(&dc);
        return -1;
    }
    if (rename ? rename_away(ctx, *domid, dc.c_info.name)
               : libxl_domain_destroy(ctx, *domid)) {
        mlog("cannot restart domain %u: %s", *domid, libxl_errmsg(ctx));
        libxl_domain_config_dispose(&dc);
        return -1;
    }
    if (rename) {
        /* The kept domain holds this UUID. */
        dc.c_info.uuid_set = 0;
    }
    rc = libxl_domain_create_new(ctx, &dc, &newid);
    if (!rc)
        rc = libxl_domain_unpause(ctx, newid);
    if (rc) {
        mlog("restart failed: %s", libxl_errmsg(ctx));
        libxl_domain_config_dispose(&dc);
        return -1;
    }
    mlog("Domain %u restarted as domain %u", *domid, newid);
    *domid = newid;
    libxl_domain_config_dispose(&dc);
    return 0;
}

int xl_monitor_loop(libxl_ctx *ctx, uint32_t domid,
                    const struct libxl_domain_config *dc0)
{
    struct libxl_domain_config dc;
    int reason, rc, action;

    mlog("Waiting for domain %s (domid %u) to die [pid %ld]",
         dc0->c_info.name, domid, (long)getpid());
    for (;;) {
        rc = libxl_domain_wait_shutdown(ctx, domid, &reason, -1);
        if (rc == -ESRCH) {
            mlog("Domain %u has been destroyed.", domid);
            return 0;
        }
        if (rc) {
            mlog("monitoring domain %u failed: %s", domid,
                 libxl_errmsg(ctx));
            return 1;
        }
        /* The stored config is the current one (it may have changed). */
        libxl_domain_config_init(&dc);
        if (libxl_retrieve_domain_configuration(ctx, domid, &dc)) {
            libxl_domain_config_dispose(&dc);
            libxl_domain_config_init(&dc);
            dc.on_poweroff = dc0->on_poweroff;
            dc.on_reboot = dc0->on_reboot;
            dc.on_crash = dc0->on_crash;
            dc.on_watchdog = dc0->on_watchdog;
            dc.on_soft_reset = dc0->on_soft_reset;
        }
        action = action_for(&dc, reason);
        libxl_domain_config_dispose(&dc);
        mlog("Domain %u has shut down, reason code %d 0x%x", domid, reason,
             (unsigned)reason);
        if (reason == LIBXL_SHUTDOWN_REASON_SUSPEND) {
            mlog("Domain %u was suspended: leaving it to its saver", domid);
            return 0;
        }
        mlog("Action for shutdown reason code %d is %s", reason,
             action_name(action));
        switch (action) {
        case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
            mlog("Domain %u preserved", domid);
            return 0;
        case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART:
            mlog("core dumps are not supported yet: restarting domain %u "
                 "without one", domid);
            /* fall through */
        case LIBXL_ACTION_ON_SHUTDOWN_RESTART:
        case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME:
            if (restart(ctx, &domid,
                        action == LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME))
                return 1;
            continue;
        case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY:
            mlog("core dumps are not supported yet: destroying domain %u "
                 "without one", domid);
            break;
        case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET:
            mlog("soft reset is not supported yet: destroying domain %u "
                 "instead", domid);
            break;
        default:
            break;
        }
        if (libxl_domain_destroy(ctx, domid)) {
            mlog("cannot destroy domain %u: %s", domid, libxl_errmsg(ctx));
            return 1;
        }
        mlog("Domain %u destroyed", domid);
        return 0;
    }
}

/*
 * A monitor that dies of a signal says so in its log before it goes (only
 * async-signal-safe calls here), so a guest left without its monitor can
 * be explained.  Hangups are ignored: the monitor has no terminal.
 */
static void on_fatal(int sig)
{
    static const char pre[] = "xl: monitor killed by signal ";
    char num[12];
    int n = 0, v = sig;

    do
        num[sizeof(num) - 1 - n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < (int)sizeof(num) - 1);
    if (write(STDERR_FILENO, pre, sizeof(pre) - 1) > 0 &&
        write(STDERR_FILENO, num + sizeof(num) - n, (size_t)n) > 0)
        (void)!write(STDERR_FILENO, "\n", 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void monitor_signals(void)
{
    static const int fatal[] = { SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE,
                                 SIGPIPE, SIGTERM, SIGINT };
    size_t i;

    signal(SIGHUP, SIG_IGN);
    for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
        signal(fatal[i], on_fatal);
}

/* Send stdio to the monitor's log file (or /dev/null). */
static void redirect_stdio(const char *logfile)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    int log = open(logfile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);

    if (null >= 0)
        dup2(null, STDIN_FILENO);
    if (log < 0)
        log = null;
    if (log >= 0) {
        dup2(log, STDOUT_FILENO);
        dup2(log, STDERR_FILENO);
    }
}

int xl_monitor_spawn(uint32_t domid, const struct libxl_domain_config *dc,
                     const char *log_dir)
{
    char logfile[4096];
    pid_t pid, inner;
    int st;

    snprintf(logfile, sizeof(logfile), "%s/xl-%s.log", log_dir,
             dc->c_info.name);
    libxl_mkdir_p(log_dir);
    fflush(NULL);
    pid = fork();
    if (pid < 0)
        return -errno;
    if (pid > 0) {
        /* The intermediate child exits once the monitor is detached. */
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -ECHILD;
    }
    setsid();
    inner = fork();
    if (inner != 0)
        _exit(inner < 0 ? 1 : 0);
    redirect_stdio(logfile);
    monitor_signals();
    if (chdir("/"))
        _exit(1);
    {
        /* A fresh context: the parent's may hold threads and sockets. */
        libxl_ctx *ctx;
        char err[256];

        if (libxl_ctx_alloc(&ctx, err, sizeof(err))) {
            mlog("cannot open libxl: %s", err);
            _exit(1);
        }
        st = xl_monitor_loop(ctx, domid, dc);
        libxl_ctx_free(ctx);
        _exit(st);
    }
}
