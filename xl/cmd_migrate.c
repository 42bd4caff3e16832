/*
 * xl: migrate [-s sshcommand] [-C config] [-e] [-p] [-D] [-z] [--debug]
 * <Domain> <host> -- live migration of a guest: runs the receiving
 * xl through `sh -c "exec <sshcommand> <host> xl migrate-receive"` (or
 * <host> itself as the command with -s ""), sends xl's header with the
 * config and the live stream (libxl_migrate.h; -z or xl.conf's
 * migrate.compression: zlib-compressed, marked in the header; --debug:
 * with Xen's verify pass), then the handshake of migrate_proto.h.
 * Whatever fails before the receiver runs the domain leaves it running
 * here.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libxl.h"
#include "libxl_config.h"
#include "libxl_migrate.h"
#include "libxl_save.h"

#include "migrate_proto.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)
#define CHILD_WAIT_MS 2000

struct mig {
    struct xl_env *env;
    uint32_t domid;
    char *name;                      /* the domain's name, or NULL */
    char *away;                      /* <name>--migratedaway */
    char *rune;
    int send_fd, recv_fd;
    pid_t child;
    int debug;
    struct libxl_migrate_params params;
    struct libxl_migrate_stats st;
    int64_t t0, t_go;
};

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The transport: sh -c rune with our pipes as its stdin and stdout. */
static int start_child(struct mig *m)
{
    int to[2], from[2];

    if (pipe2(to, O_CLOEXEC) < 0 || pipe2(from, O_CLOEXEC) < 0) {
        fprintf(stderr, "xl: migrate: pipe: %s\n", strerror(errno));
        return -1;
    }
    fflush(NULL);
    m->child = fork();
    if (m->child < 0) {
        fprintf(stderr, "xl: migrate: fork: %s\n", strerror(errno));
        return -1;
    }
    if (m->child == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        execlp("sh", "sh", "-c", m->rune, (char *)NULL);
        fprintf(stderr, "xl: migrate: cannot run sh: %s\n", strerror(errno));
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    m->send_fd = to[1];
    m->recv_fd = from[0];
    /* A receiver that dies makes our writes fail instead of killing us. */
    signal(SIGPIPE, SIG_IGN);
    return 0;
}

/* Close our end and give the transport a moment to exit; say how. */
static void end_child(struct mig *m)
{
    int64_t until = now_ms() + CHILD_WAIT_MS;
    int st;
    pid_t r;

    if (m->send_fd >= 0)
        close(m->send_fd);
    m->send_fd = -1;
    if (m->child <= 0)
        return;
    while ((r = waitpid(m->child, &st, WNOHANG)) == 0 && now_ms() < until)
        usleep(10000);
    if (r == m->child && WIFEXITED(st) && WEXITSTATUS(st))
        fprintf(stderr, "xl: migrate: the transport (%s) exited with "
                "status %d\n", m->rune, WEXITSTATUS(st));
    else if (r == m->child && WIFSIGNALED(st))
        fprintf(stderr, "xl: migrate: the transport (%s) died of signal "
                "%d\n", m->rune, WTERMSIG(st));
    else if (r == 0)
        fprintf(stderr, "xl: migrate: the transport (%s) has not exited; "
                "not waiting for it\n", m->rune);
    m->child = -1;
}

/* The guest is still ours: let it run again (it was suspended). */
static int resume_here(struct mig *m)
{
    if (m->away && libxl_domain_rename(CTX(m->env), m->domid, m->name))
        fprintf(stderr, "xl: migrate: cannot rename the domain back to "
                "'%s': %s\n", m->name, libxl_errmsg(CTX(m->env)));
    if (!m->st.suspended) {
        fprintf(stderr, "Migration failed; the domain keeps running "
                "here.\n");
        return EXIT_FAILURE;
    }
    fprintf(stderr, "Migration failed, resuming at sender.\n");
    if (libxl_domain_resume(CTX(m->env), m->domid, 1)) {
        fprintf(stderr, "xl: migrate: resume: %s\n",
                libxl_errmsg(CTX(m->env)));
        return EXIT_FAILURE;
    }
    fprintf(stderr, "migration sender: Resumed OK.\n");
    return EXIT_FAILURE;
}

static void print_stats(struct mig *m)
{
    const struct libxl_migrate_stats *s = &m->st;

    fprintf(stderr, "migration sender: %u rounds while running (%llu pages "
            "first, %llu last), %llu pages after the suspend; %llu pages, "
            "%.1f MiB in %llu ms\n", s->rounds,
            (unsigned long long)s->first_round_pages,
            (unsigned long long)s->last_round_pages,
            (unsigned long long)s->final_pages,
            (unsigned long long)s->pages_sent, (double)s->bytes / 1048576.0,
            (unsigned long long)s->end_ms);
    if (m->params.stream_flags & LIBXL_STREAM_ZLIB)
        fprintf(stderr, "migration sender: compressed (zlib): %llu bytes "
                "on the wire for %llu (%.1f%%)\n",
                (unsigned long long)s->wire_bytes,
                (unsigned long long)s->bytes, s->bytes ?
                100.0 * (double)s->wire_bytes / (double)s->bytes : 0.0);
    if (m->params.verify)
        fprintf(stderr, "migration sender: verify pass: %llu pages sent "
                "again for the receiver to compare\n",
                (unsigned long long)s->verify_pages);
}

/* From our permission to go to the receiver's report.  Past the point
 * of no return a failure leaves both ends for the admin to sort out. */
static int finish(struct mig *m)
{
    libxl_ctx *ctx = CTX(m->env);
    char status;

    fprintf(stderr, "migration sender: Giving target permission to "
            "start.\n");
    if (xl_mig_send(m->send_fd, XL_MIG_GO, XL_MIG_MSG_LEN(XL_MIG_GO),
                    "permission to go") ||
        xl_mig_expect(m->recv_fd, XL_MIG_REPORT,
                      XL_MIG_MSG_LEN(XL_MIG_REPORT), "report", m->rune) ||
        read(m->recv_fd, &status, 1) != 1) {
        fprintf(stderr, "xl: migrate: the handshake broke after the target "
                "was allowed to start the domain: it may be running there, "
                "or nowhere.\nCheck both hosts before you resume or rename "
                "'%s' on either: two running copies would corrupt its "
                "disks.\n", m->away ? m->away : "the domain");
        return EXIT_FAILURE;
    }
    if (status) {
        fprintf(stderr, "migration sender: Target reports startup failure "
                "(status code %d).\n", status);
        if (xl_mig_expect(m->recv_fd, XL_MIG_GO, XL_MIG_MSG_LEN(XL_MIG_GO),
                          "permission to resume", m->rune))
            return EXIT_FAILURE;
        fprintf(stderr, "migration sender: Trying to resume at our end.\n");
        resume_here(m);
        fprintf(stderr, "Migration failed due to problems at target.\n");
        return EXIT_FAILURE;
    }
    fprintf(stderr, "migration sender: Target reports successful "
            "startup.\n");
    if (m->env->verbose || m->debug)
        fprintf(stderr, "migration sender: downtime %lld ms (suspend to the "
                "target's report), total %lld ms\n",
                (long long)(now_ms() - m->t_go),
                (long long)(now_ms() - m->t0));
    if (libxl_domain_destroy(ctx, m->domid))
        fprintf(stderr, "xl: migrate: cannot destroy the old domain %u: "
                "%s\n", m->domid, libxl_errmsg(ctx));
    fprintf(stderr, "Migration successful.\n");
    return EXIT_SUCCESS;
}

static int migrate(struct mig *m, const char *json)
{
    libxl_ctx *ctx = CTX(m->env);
    int rc;

    if (start_child(m))
        return EXIT_FAILURE;
    if (xl_mig_expect(m->recv_fd, XL_MIG_BANNER, XL_MIG_BANNER_LEN,
                      "banner", m->rune))
        return EXIT_FAILURE;
    if (libxl_savefile_header_write_flags(ctx, m->send_fd, json,
                                          m->params.stream_flags)) {
        fprintf(stderr, "xl: migrate: %s\n", libxl_errmsg(ctx));
        return EXIT_FAILURE;
    }
    /* As xl save: the header's mandatory flags, 0x80000000 for zlib. */
    fprintf(stderr, "Saving to migration stream new xl format (info "
            "0x%x/0x0/%zu)\n", 3U | (m->params.stream_flags ?
                                     0x80000000U : 0), 4 + strlen(json) + 1);
    m->t0 = now_ms();
    rc = libxl_domain_migrate_send(ctx, m->domid, m->send_fd, &m->params,
                                   &m->st);
    m->t_go = m->t0 + (int64_t)m->st.suspend_at_ms;
    if (m->st.stop_and_copy)
        fprintf(stderr, "xl: migrate: this hypervisor has no log-dirty mode "
                "for PV guests (Xen built without shadow paging): the guest "
                "was suspended for the whole transfer, not live\n");
    if (m->env->verbose || m->debug)
        print_stats(m);
    if (rc) {
        fprintf(stderr, "xl: migrate: %s\n", libxl_errmsg(ctx));
        if (m->params.stream_flags)
            fprintf(stderr, "xl: migrate: note: the stream was compressed "
                    "(-z or xl.conf's migrate.compression), which Xen's own "
                    "xl refuses to receive\n");
        return resume_here(m);
    }
    if (xl_mig_expect(m->recv_fd, XL_MIG_READY, XL_MIG_MSG_LEN(XL_MIG_READY),
                      "ready message", m->rune))
        return resume_here(m);
    fprintf(stderr, "migration sender: Target has acknowledged "
            "transfer.\n");
    if (m->name) {
        if (asprintf(&m->away, "%s--migratedaway", m->name) < 0)
            abort();
        if (libxl_domain_rename(ctx, m->domid, m->away)) {
            fprintf(stderr, "xl: migrate: rename to '%s': %s\n", m->away,
                    libxl_errmsg(ctx));
            free(m->away);
            m->away = NULL;
            return resume_here(m);
        }
    }
    return finish(m);
}

/* sh -c command that runs the receiving xl (Xen's form, -t/-T/-v kept). */
static char *make_rune(struct xl_env *env, const char *ssh, const char *host,
                       int daemonize, int debug, int paused)
{
    char v[16] = "", *rune;
    int i;

    if (!*ssh)
        return strdup(host);
    if (env->verbose) {
        strcpy(v, " -");
        for (i = 0; i < env->verbose && i < 8; i++)
            strcat(v, "v");
    }
    if (asprintf(&rune, "exec %s %s xl%s%s%s migrate-receive%s%s%s", ssh,
                 host, env->progress_use_cr || isatty(2) ? " -t" : "",
                 env->timestamps ? " -T" : "", v, daemonize ? "" : " -e",
                 debug ? " -d" : "", paused ? " -p" : "") < 0)
        return NULL;
    return rune;
}

/* A number option; -1 (message printed) when it is not one. */
static long number(const char *opt, const char *arg)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < 0 || v > 1000000000) {
        fprintf(stderr, "xl: migrate: %s: '%s' is not a count\n", opt, arg);
        return -1;
    }
    return v;
}

/* xl.conf's migrate.* keys, then the command line's. */
static int params(struct mig *m, int opt, const char *arg)
{
    static const char *const names[] = { "--max_iters", "--min_remaining",
                                         "--downtime", "--bandwidth" };
    unsigned *dst[] = { &m->params.max_iters, &m->params.min_remaining,
                        &m->params.downtime_ms, &m->params.bandwidth_mib };
    long v = number(names[opt - 0x101], arg);

    if (v < 0)
        return -1;
    *dst[opt - 0x101] = (unsigned)v;
    return 0;
}

static int conf_params(struct mig *m, const struct xl_conf *c)
{
    if (c->migrate_max_iters > 0)
        m->params.max_iters = (unsigned)c->migrate_max_iters;
    if (c->migrate_min_remaining > 0)
        m->params.min_remaining = (unsigned)c->migrate_min_remaining;
    if (c->migrate_downtime > 0)
        m->params.downtime_ms = (unsigned)c->migrate_downtime;
    if (c->migrate_bandwidth > 0)
        m->params.bandwidth_mib = (unsigned)c->migrate_bandwidth;
    return xl_conf_compression("migrate", "migrate.compression",
                               c->migrate_compression,
                               &m->params.stream_flags);
}

int cmd_migrate(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "debug", no_argument, NULL, 0x100 },
        { "live", no_argument, NULL, 0x200 },
        { "max_iters", required_argument, NULL, 0x101 },
        { "min_remaining", required_argument, NULL, 0x102 },
        { "downtime", required_argument, NULL, 0x103 },
        { "bandwidth", required_argument, NULL, 0x104 },
        { "compress", no_argument, NULL, 'z' },
        { NULL, 0, NULL, 0 },
    };
    struct mig m = { .env = env, .send_fd = -1, .recv_fd = -1 };
    const char *ssh = "ssh", *cfg = NULL;
    int opt, daemonize = 1, paused = 0, keep_domid = 0, rc;
    char *json;

    if (conf_params(&m, &env->conf))
        return EXIT_FAILURE;
    while ((opt = xl_getopt(env, argc, argv, "FC:s:epDz", longopts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'C': cfg = optarg; break;
        case 's': ssh = optarg; break;
        case 'F':
        case 'e': daemonize = 0; break;
        case 'p': paused = 1; break;
        case 'D': keep_domid = 1; break;
        case 'z': m.params.stream_flags = LIBXL_STREAM_ZLIB; break;
        case 0x100: m.debug = 1; m.params.verify = 1; break;
        case 0x200: break;                 /* xm's --live: always live */
        default:
            if (params(&m, opt, optarg))
                return 2;
        }
    }
    if (xl_find_domain(env, argv[optind], &m.domid))
        return EXIT_FAILURE;
    m.name = libxl_domid_to_name(CTX(env), m.domid);
    json = xl_image_config_json(env, m.domid, cfg, keep_domid);
    if (!json && !cfg)
        fprintf(stderr, "xl: migrate: without a stored config, give one "
                "with -C\n");
    m.rune = make_rune(env, ssh, argv[optind + 1], daemonize, m.debug,
                       paused);
    rc = json && m.rune ? migrate(&m, json) : EXIT_FAILURE;
    end_child(&m);
    if (m.recv_fd >= 0)
        close(m.recv_fd);
    free(json);
    free(m.rune);
    free(m.name);
    free(m.away);
    return rc;
}
