/*
 * console: xenconsoled, the guest console daemon.  Options, daemon
 * set-up, the hypervisor log, and the poll loop that feeds xenstore
 * watches, event channels and ptys to the domain table (domains.c).
 */
#define _GNU_SOURCE
#include "config.h"
#include "daemon.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 1000

static volatile sig_atomic_t got_hup, got_term;
static bool to_stderr = true;
static int verbosity;

void cd_log(int prio, const char *fmt, ...)
{
    va_list ap;

    if (prio > LOG_NOTICE && !verbosity)
        return;
    va_start(ap, fmt);
    if (to_stderr) {
        fputs("xenconsoled: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
    } else {
        vsyslog(prio, fmt, ap);
    }
    va_end(ap);
}

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_term = 1;
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: xenconsoled [-h] [-V] [-v] [-i] "
            "[--log=none|guest|hv|all] [--log-dir=DIR] [--pid-file=PATH]\n"
            "                   [-t, --timestamp=none|guest|hv|all] "
            "[-o, --overflow-data=discard|keep]\n");
}

static int parse_which(const char *s, bool *guest, bool *hv)
{
    *guest = !strcmp(s, "guest") || !strcmp(s, "all");
    *hv = !strcmp(s, "hv") || !strcmp(s, "all");
    return *guest || *hv || !strcmp(s, "none") ? 0 : -1;
}

static void default_log_dir(struct cd_opts *o)
{
    const char *sim = getenv("XENSIM_DIR");

    if (sim && *sim)
        snprintf(o->log_dir, sizeof(o->log_dir), "%s/var/log/xen/console",
                 sim);
    else
        snprintf(o->log_dir, sizeof(o->log_dir), "%s/console", XEN_LOG_DIR);
}

static int parse_args(int argc, char **argv, struct cd_opts *o)
{
    static const struct option lopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "verbose", no_argument, NULL, 'v' },
        { "interactive", no_argument, NULL, 'i' },
        { "log", required_argument, NULL, 'l' },
        { "log-dir", required_argument, NULL, 'r' },
        { "pid-file", required_argument, NULL, 'p' },
        { "timestamp", required_argument, NULL, 't' },
        { "overflow-data", required_argument, NULL, 'o' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    default_log_dir(o);
    while ((c = getopt_long(argc, argv, "hVvit:o:", lopts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); exit(EXIT_SUCCESS);
        case 'V': printf("xenconsoled (" PACKAGE_STRING ")\n");
                  exit(EXIT_SUCCESS);
        case 'v': o->verbose++; break;
        case 'i': o->interactive = true; break;
        case 'l':
            if (parse_which(optarg, &o->log_guest, &o->log_hv))
                goto bad;
            break;
        case 'r':
            snprintf(o->log_dir, sizeof(o->log_dir), "%s", optarg);
            break;
        case 'p': o->pid_file = optarg; break;
        case 't':
            if (parse_which(optarg, &o->time_guest, &o->time_hv))
                goto bad;
            break;
        case 'o':
            if (!strcmp(optarg, "keep"))
                o->overflow = CONS_OVERFLOW_KEEP;
            else if (!strcmp(optarg, "discard"))
                o->overflow = CONS_OVERFLOW_DISCARD;
            else
                goto bad;
            break;
        default: usage(stderr); return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "xenconsoled: unexpected argument '%s'\n",
                argv[optind]);
        return -1;
    }
    return 0;
bad:
    fprintf(stderr, "xenconsoled: invalid value '%s'\n", optarg);
    usage(stderr);
    return -1;
}

static int write_pid_file(const char *path)
{
    char buf[32];
    int fd, n;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -errno;
    n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
    if (write(fd, buf, (size_t)n) != n) {
        close(fd);
        return -EIO;
    }
    close(fd);
    return 0;
}

/* The hypervisor's console ring, appended to hypervisor.log. */
struct hv_log {
    int fd;
    uint32_t index;
    bool at_bol;
};

static void hv_log_open(struct hv_log *h, const struct cd_opts *o)
{
    char path[512];

    if (h->fd >= 0)
        close(h->fd);
    h->fd = -1;
    if (!o->log_hv)
        return;
    snprintf(path, sizeof(path), "%s/hypervisor.log", o->log_dir);
    h->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (h->fd < 0)
        cd_log(LOG_ERR, "cannot open '%s': %s", path, strerror(errno));
}

static void hv_log_pump(struct hv_log *h, const struct cd_opts *o,
                        xc_interface *xch)
{
    char buf[4096], stamp[40];
    unsigned size, i, start;
    struct tm tm;
    time_t now;

    while (h->fd >= 0) {
        size = sizeof(buf);
        if (xc_readconsolering(xch, buf, &size, false, &h->index) || !size)
            return;
        for (i = start = 0; i < size; i++) {
            if (!o->time_hv || !h->at_bol) {
                h->at_bol = buf[i] == '\n';
                continue;
            }
            if (write(h->fd, buf + start, i - start) < 0)
                return;
            start = i;
            now = time(NULL);
            localtime_r(&now, &tm);
            strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ", &tm);
            if (write(h->fd, stamp, strlen(stamp)) < 0)
                return;
            h->at_bol = buf[i] == '\n';
        }
        if (write(h->fd, buf + start, size - start) < 0)
            return;
    }
}

/* Collect the fds to poll: xenstore first, then 2 per domain. */
static size_t build_poll(struct cd_state *st, struct pollfd **pfd,
                         size_t *cap)
{
    struct cd_entry *e;
    size_t n = 1, want = 1;

    for (e = st->doms; e; e = e->next)
        want += 2;
    if (want > *cap) {
        struct pollfd *np = realloc(*pfd, want * sizeof(**pfd));

        if (!np)
            return 0;
        *pfd = np;
        *cap = want;
    }
    (*pfd)[0] = (struct pollfd){ .fd = xs_fileno(st->xsh), .events = POLLIN };
    for (e = st->doms; e; e = e->next) {
        (*pfd)[n++] = (struct pollfd){ .fd = cons_dom_evtchn_fd(&e->cd),
                                       .events = POLLIN };
        (*pfd)[n++] = (struct pollfd){
            .fd = e->connected ? e->cd.master_fd : -1,
            .events = (short)((cons_dom_want_read(&e->cd) ? POLLIN : 0) |
                              (cons_dom_want_write(&e->cd) ? POLLOUT : 0)) };
    }
    return n;
}

static void serve_domains(struct cd_state *st, struct pollfd *pfd, size_t n)
{
    struct cd_entry *e;
    size_t i = 1;

    /* The table only changes in watch handling, done after this. */
    for (e = st->doms; e && i + 1 < n; e = e->next, i += 2) {
        if (pfd[i].revents & POLLIN)
            cons_dom_handle_evtchn(&e->cd);
        if (pfd[i + 1].revents & POLLIN)
            cons_dom_handle_pty(&e->cd);
        if (pfd[i + 1].revents & POLLOUT)
            cons_dom_pump(&e->cd);
    }
}

static void serve_watches(struct cd_state *st)
{
    char **w;

    while ((w = xs_check_watch(st->xsh))) {
        cd_watch_event(st, w[XS_WATCH_PATH], w[XS_WATCH_TOKEN]);
        free(w);
    }
}

static int run(struct cd_state *st)
{
    struct hv_log hv = { .fd = -1, .at_bol = true };
    struct pollfd *pfd = NULL;
    size_t cap = 0, n;
    struct timespec last, now;
    int r;

    hv_log_open(&hv, st->o);
    cd_scan(st);
    clock_gettime(CLOCK_MONOTONIC, &last);
    while (!got_term) {
        if (got_hup) {
            got_hup = 0;
            cd_reopen_logs(st);
            hv_log_open(&hv, st->o);
        }
        n = build_poll(st, &pfd, &cap);
        if (!n) {
            cd_log(LOG_ERR, "out of memory");
            break;
        }
        r = poll(pfd, n, TICK_MS);
        if (r < 0 && errno != EINTR) {
            cd_log(LOG_ERR, "poll: %s", strerror(errno));
            break;
        }
        if (r > 0)
            serve_domains(st, pfd, n);
        if (r > 0 && (pfd[0].revents & (POLLERR | POLLHUP))) {
            cd_log(LOG_ERR, "lost the connection to xenstored");
            break;
        }
        serve_watches(st);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec != last.tv_sec) {
            last = now;         /* deaths missed by watches, hv ring */
            cd_scan(st);
            hv_log_pump(&hv, st->o, st->xch);
        }
    }
    free(pfd);
    if (hv.fd >= 0)
        close(hv.fd);
    return got_term ? 0 : -1;
}

int main(int argc, char **argv)
{
    struct cd_opts o = { .overflow = CONS_OVERFLOW_DISCARD };
    struct cd_state st = { .o = &o };
    struct sigaction sa = { .sa_handler = on_signal };
    int rc = EXIT_FAILURE;

    if (parse_args(argc, argv, &o))
        return EXIT_FAILURE;
    verbosity = o.verbose;
    if ((o.log_guest || o.log_hv) && mkdir(o.log_dir, 0755) &&
        errno != EEXIST) {
        fprintf(stderr, "xenconsoled: cannot create '%s': %s\n", o.log_dir,
                strerror(errno));
        return EXIT_FAILURE;
    }
    /* Handles must be opened after the fork (xenctrl.h). */
    if (!o.interactive) {
        if (daemon(0, 0)) {
            fprintf(stderr, "xenconsoled: daemon: %s\n", strerror(errno));
            return EXIT_FAILURE;
        }
        to_stderr = false;
        openlog("xenconsoled", LOG_PID, LOG_DAEMON);
    }
    st.xch = xc_interface_open(0);
    if (!st.xch) {
        cd_log(LOG_ERR, "cannot open the hypervisor interface: %s",
               strerror(errno));
        return EXIT_FAILURE;
    }
    st.xsh = xs_open(0);
    if (!st.xsh) {
        cd_log(LOG_ERR, "cannot connect to xenstored: %s", strerror(errno));
        goto out;
    }
    if (cd_watch_init(&st)) {
        cd_log(LOG_ERR, "cannot watch domains: %s", strerror(errno));
        goto out;
    }
    if (o.pid_file && write_pid_file(o.pid_file))
        cd_log(LOG_ERR, "cannot write '%s'", o.pid_file);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!run(&st))
        rc = EXIT_SUCCESS;
    if (o.pid_file)
        unlink(o.pid_file);
out:
    cd_free_all(&st);
    if (st.xsh)
        xs_close(st.xsh);
    xc_interface_close(st.xch);
    return rc;
}
