/*
 * xenstored main: options (Xen 4.17's plus --socket/--log-file), the
 * listening socket, logging (syslog or file) and tracing; loop.c serves
 * the connections.
 */
#include "config.h"
#include "xenstored.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

bool opt_keep_orphans;
bool opt_verbose;
static const char *log_path;
static FILE *log_fp;
static FILE *trace_fp;
static bool use_syslog;

static void vlog(int prio, const char *fmt, va_list ap)
{
    char buf[1024];

    vsnprintf(buf, sizeof(buf), fmt, ap);
    if (use_syslog)
        syslog(prio, "%s", buf);
    else if (log_fp) {
        fprintf(log_fp, "%ld xenstored: %s\n", (long)time(NULL), buf);
        fflush(log_fp);
    } else
        fprintf(stderr, "xenstored: %s\n", buf);
}

void log_info(const char *fmt, ...)
{
    va_list ap;

    if (!opt_verbose)
        return;
    va_start(ap, fmt);
    vlog(LOG_INFO, fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(LOG_WARNING, fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog(LOG_ERR, fmt, ap);
    va_end(ap);
    exit(1);
}

int log_reopen(void)
{
    FILE *f;

    if (!log_path)
        return 0;
    f = fopen(log_path, "a");
    if (!f)
        return -errno;
    if (log_fp)
        fclose(log_fp);
    log_fp = f;
    return 0;
}

void trace_msg(const struct conn *c, const char *dir,
               const struct xsd_sockmsg *h, const char *body)
{
    uint32_t i;

    if (!trace_fp)
        return;
    fprintf(trace_fp, "%s dom%u type %u req %u tx %u len %u \"", dir,
            c->domid, h->type, h->req_id, h->tx_id, h->len);
    for (i = 0; i < h->len && i < 256; i++)
        fputc(body[i] >= 32 && body[i] < 127 ? body[i] : '.', trace_fp);
    fprintf(trace_fp, "\"\n");
    fflush(trace_fp);
}

static void usage(FILE *f)
{
    fprintf(f,
"Usage: xenstored [options]\n"
"  -F, --pid-file FILE        write the daemon's pid to FILE\n"
"  -N, --no-fork              stay in the foreground\n"
"  -D, --no-domain-init       socket only: no Dom0 ring, no domains\n"
"  -P, --output-pid           print the pid on stdout\n"
"  -T, --trace-file FILE      trace every message to FILE\n"
"  -E, --entry-nb N           nodes per domain (1000)\n"
"  -S, --entry-size N         bytes per node value (2048)\n"
"  -W, --watch-nb N           watches per domain (128)\n"
"  -t, --transaction N        transactions per domain (10)\n"
"  -A, --perm-nb N            permission entries per node (5)\n"
"  -M, --path-max N           path length past a domain's home (2048)\n"
"  -Q, --quota NAME=N         transaction-nodes (1024), outstanding (20),\n"
"                             memory (bytes, 2621440)\n"
"  -q, --quota-soft memory=N  soft memory quota, logged (2097152)\n"
"  -w, --timeout watch-event=N  seconds a watch event may wait (20)\n"
"  -K, --keep-orphans         keep a released domain's nodes\n"
"  -V, --verbose              log informational messages\n"
"  -s, --socket PATH          listening socket (env XENSTORED_PATH)\n"
"  -L, --log-file FILE        log to FILE instead of syslog\n"
"  -X, --test-mode            enable CONTROL set-domid (tests only)\n"
"  -h, --help                 this text\n");
}

static unsigned num(const char *s)
{
    char *e;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &e, 10);
    if (!*s || *e || errno || v > UINT32_MAX)
        fatal("invalid number \"%s\"", s);
    return v;
}

static int listen_on(const char *path)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(a.sun_path))
        fatal("socket path \"%s\" too long", path);
    strcpy(a.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        fatal("socket: %s", strerror(errno));
    unlink(path);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 64))
        fatal("bind \"%s\": %s", path, strerror(errno));
    chmod(path, 0600);
    return fd;
}

static char *default_socket(void)
{
    const char *e = getenv("XENSTORED_PATH"), *sim = getenv("XENSIM_DIR");
    char *s;

    if (e && *e)
        return strdup(e);
    if (sim && *sim) {
        if (asprintf(&s, "%s/run/xenstored/socket", sim) < 0)
            return NULL;
        return s;
    }
    return strdup(XENSTORED_RUN_DIR "/socket");
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        { "pid-file", 1, NULL, 'F' }, { "no-fork", 0, NULL, 'N' },
        { "no-domain-init", 0, NULL, 'D' }, { "output-pid", 0, NULL, 'P' },
        { "trace-file", 1, NULL, 'T' }, { "entry-nb", 1, NULL, 'E' },
        { "entry-size", 1, NULL, 'S' }, { "watch-nb", 1, NULL, 'W' },
        { "transaction", 1, NULL, 't' }, { "perm-nb", 1, NULL, 'A' },
        { "path-max", 1, NULL, 'M' }, { "quota", 1, NULL, 'Q' },
        { "quota-soft", 1, NULL, 'q' }, { "timeout", 1, NULL, 'w' },
        { "keep-orphans", 0, NULL, 'K' }, { "verbose", 0, NULL, 'V' },
        { "socket", 1, NULL, 's' }, { "log-file", 1, NULL, 'L' },
        { "test-mode", 0, NULL, 'X' }, { "help", 0, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *pidfile = NULL;
    char *sock = NULL;
    bool nofork = false, outpid = false, nodom = false;
    int opt, lfd;
    FILE *f;

    while ((opt = getopt_long(argc, argv, "F:NDPT:E:S:W:t:A:M:Q:q:w:KVs:L:Xh",
                              lo, NULL)) != -1) {
        switch (opt) {
        case 'F': pidfile = optarg; break;
        case 'N': nofork = true; break;
        case 'D': nodom = true; break;
        case 'P': outpid = true; break;
        case 'T':
            trace_fp = fopen(optarg, "a");
            if (!trace_fp)
                fatal("trace file \"%s\": %s", optarg, strerror(errno));
            break;
        case 'E': quota.entries = num(optarg); break;
        case 'S': quota.entry_size = num(optarg); break;
        case 'W': quota.watches = num(optarg); break;
        case 't': quota.transactions = num(optarg); break;
        case 'A': quota.perms = num(optarg); break;
        case 'M': quota.path_max = num(optarg); break;
        case 'Q':
        case 'q':
            if (quota_parse_q(optarg, opt == 'q'))
                fatal("invalid quota \"%s\"", optarg);
            break;
        case 'w':
            if (strncmp(optarg, "watch-event=", 12))
                fatal("invalid timeout \"%s\"", optarg);
            quota.watch_timeout = num(optarg + 12);
            break;
        case 'K': opt_keep_orphans = true; break;
        case 'V': opt_verbose = true; break;
        case 's': free(sock); sock = strdup(optarg); break;
        case 'L': log_path = optarg; break;
        case 'X': test_mode = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 1;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 1;
    }
    if (log_path && log_reopen())
        fatal("log file \"%s\": %s", log_path, strerror(errno));
    if (!log_path && !nofork) {
        openlog("xenstored", LOG_PID, LOG_DAEMON);
        use_syslog = true;
    }
    signal(SIGPIPE, SIG_IGN);
    if (!sock)
        sock = default_socket();
    if (!sock || store_init())
        fatal("out of memory");
    lfd = listen_on(sock);
    if (!nodom && domain_init())
        log_warn("no Dom0 domain support, serving the socket only");
    if (!nofork) {
        pid_t p = fork();

        if (p < 0)
            fatal("fork: %s", strerror(errno));
        if (p > 0)
            _exit(0);
        setsid();
    }
    if (pidfile && (f = fopen(pidfile, "w"))) {
        fprintf(f, "%ld\n", (long)getpid());
        fclose(f);
    }
    if (outpid) {
        printf("%ld\n", (long)getpid());
        fflush(stdout);
    }
    log_info("listening on \"%s\"", sock);
    loop_run(lfd);
    return 0;
}
