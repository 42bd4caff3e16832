/*
 * xl: migrate-receive [-F] [-e] [-d] [-p] -- the receiving end that
 * `xl migrate` runs on the other host, talking on stdin/stdout: banner,
 * xl's header with the config (and the stream's flags: compressed or
 * not), the stream into a new paused domain named <name>--incoming,
 * "ready", then on the sender's permission the domain takes its name and
 * runs, and the report says how that went.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxl.h"
#include "libxl_config.h"
#include "libxl_save.h"

#include "migrate_proto.h"
#include "monitor.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

struct recv {
    struct xl_env *env;
    int in, out;                     /* the stream; our reports */
    int paused, monitor, foreground;
    struct libxl_domain_config dc;
    char *name;                      /* the domain's own name */
    uint32_t domid;
    unsigned stream_flags;           /* LIBXL_STREAM_*, from the header */
};

/* The stream's config, to be created as <name>--incoming. */
static int read_config(struct recv *r)
{
    libxl_ctx *ctx = CTX(r->env);
    char *json = NULL, *err = NULL, *incoming;
    int rc = -1;

    if (libxl_savefile_header_read_flags(ctx, r->in, &json,
                                         &r->stream_flags)) {
        fprintf(stderr, "xl: migrate-receive: %s\n", libxl_errmsg(ctx));
        return -1;
    }
    if (r->stream_flags & LIBXL_STREAM_ZLIB)
        fprintf(stderr, "migration target: the stream is compressed "
                "(zlib).\n");
    if (!json) {
        fprintf(stderr, "xl: migrate-receive: the stream carries no domain "
                "config\n");
        return -1;
    }
    if (libxl_domain_config_from_json(&r->dc, json, &err)) {
        fprintf(stderr, "xl: migrate-receive: bad domain config: %s\n",
                err ? err : "not JSON");
        goto out;
    }
    r->name = r->dc.c_info.name;
    if (r->name) {
        if (asprintf(&incoming, "%s--incoming", r->name) < 0)
            abort();
        r->dc.c_info.name = incoming;
    }
    rc = 0;
out:
    free(err);
    free(json);
    return rc;
}

/* Create the domain, paused, from the rest of the stream. */
static int create(struct recv *r)
{
    libxl_ctx *ctx = CTX(r->env);
    struct libxl_restore_stats st;
    int lock = -1, rc;

    if (xl_autoballoon_on(r->env)) {
        lock = xl_lock(r->env);
        if (lock < 0)
            return -1;
        if (xl_freemem(r->env, &r->dc)) {
            close(lock);
            return -1;
        }
    }
    rc = libxl_domain_create_restore_stats(ctx, &r->dc, &r->domid, r->in,
                                           r->stream_flags, &st);
    if (lock >= 0)
        close(lock);
    if (rc && st.verified)
        fprintf(stderr, "migration target: verify pass failed after %llu "
                "pages compared the same.\n",
                (unsigned long long)st.verify_pages);
    if (rc) {
        fprintf(stderr, "xl: migrate-receive: %s\n", libxl_errmsg(ctx));
        fprintf(stderr, "migration target: Domain creation failed (code "
                "%d).\n", rc);
        return -1;
    }
    if (st.verified)
        fprintf(stderr, "migration target: verify pass: %llu pages "
                "compared, all the same as received.\n",
                (unsigned long long)st.verify_pages);
    return 0;
}

/* On the sender's word: the domain's own name, and unpaused. */
static int start(struct recv *r)
{
    libxl_ctx *ctx = CTX(r->env);

    if (xl_mig_expect(r->in, XL_MIG_GO, XL_MIG_MSG_LEN(XL_MIG_GO),
                      "permission to go", NULL))
        return -EIO;
    fprintf(stderr, "migration target: Got permission, starting domain.\n");
    if (r->name && libxl_domain_rename(ctx, r->domid, r->name)) {
        fprintf(stderr, "xl: migrate-receive: rename to '%s': %s\n",
                r->name, libxl_errmsg(ctx));
        return -EEXIST;
    }
    if (!r->paused && libxl_domain_unpause(ctx, r->domid)) {
        fprintf(stderr, "xl: migrate-receive: unpause: %s\n",
                libxl_errmsg(ctx));
        return -EIO;
    }
    fprintf(stderr, "migration target: Domain started successfully.\n");
    return 0;
}

/* The report; after a failure our copy goes and the sender may resume. */
static int report(struct recv *r, int rc)
{
    char status = (char)(rc < 0 ? (-rc > 127 ? 127 : -rc) : rc);
    int sent;

    sent = !xl_mig_send(r->out, XL_MIG_REPORT, XL_MIG_MSG_LEN(XL_MIG_REPORT),
                        "report") &&
           !xl_mig_send(r->out, &status, 1, "status");
    if (!rc)
        return sent ? EXIT_SUCCESS : EXIT_FAILURE;
    fprintf(stderr, "migration target: Failure, destroying our copy.\n");
    if (libxl_domain_destroy(CTX(r->env), r->domid)) {
        fprintf(stderr, "xl: migrate-receive: destroy: %s\n",
                libxl_errmsg(CTX(r->env)));
        return EXIT_FAILURE;
    }
    if (!sent)
        return EXIT_FAILURE;
    fprintf(stderr, "migration target: Cleanup OK, granting sender "
            "permission to resume.\n");
    xl_mig_send(r->out, XL_MIG_GO, XL_MIG_MSG_LEN(XL_MIG_GO),
                "permission to resume");
    return EXIT_FAILURE;
}

/* After a good start: the monitor (on_poweroff=... handling), detached,
 * or in this process with -F once the transport is let go. */
static int monitor(struct recv *r)
{
    libxl_ctx *ctx = CTX(r->env);
    int null;

    /* The monitor must not hold the transport open: the sender's side
     * ends only when every copy of it is closed. */
    close(r->out);
    r->out = -1;
    if (!r->monitor)
        return EXIT_SUCCESS;
    free(r->dc.c_info.name);
    r->dc.c_info.name = r->name;
    r->name = NULL;
    if (!r->foreground) {
        if (xl_monitor_spawn(r->domid, &r->dc, libxl_log_dir(ctx)))
            fprintf(stderr, "xl: migrate-receive: cannot start the monitor "
                    "of domain %u\n", r->domid);
        return EXIT_SUCCESS;
    }
    null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, r->in);
        close(null);
    }
    return xl_monitor_loop(ctx, r->domid, &r->dc);
}

static int receive(struct recv *r)
{
    int rc;

    fprintf(stderr, "migration target: Ready to receive domain.\n");
    if (xl_mig_send(r->out, XL_MIG_BANNER, XL_MIG_BANNER_LEN, "banner") ||
        read_config(r) || create(r))
        return EXIT_FAILURE;
    fprintf(stderr, "migration target: Transfer complete, requesting "
            "permission to start domain.\n");
    if (xl_mig_send(r->out, XL_MIG_READY, XL_MIG_MSG_LEN(XL_MIG_READY),
                    "ready message")) {
        libxl_domain_destroy(CTX(r->env), r->domid);
        return EXIT_FAILURE;
    }
    rc = report(r, start(r));
    return rc == EXIT_SUCCESS ? monitor(r) : rc;
}

int cmd_migrate_receive(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "colo", no_argument, NULL, 0x100 },
        { "coloft-script", required_argument, NULL, 0x200 },
        { "userspace-colo-proxy", no_argument, NULL, 0x300 },
        { NULL, 0, NULL, 0 },
    };
    struct recv r = { .env = env, .in = 0, .monitor = 1 };
    int opt, rc;

    while ((opt = xl_getopt(env, argc, argv, "Fedrp", longopts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'F': r.foreground = 1; break;
        case 'e': r.monitor = 0; break;
        case 'd': break;                 /* debug: nothing more to say */
        case 'p': r.paused = 1; break;
        case 'r':
        case 0x100:
        case 0x200:
        case 0x300:
            fprintf(stderr, "xl: migrate-receive: checkpointed streams "
                    "(Remus, COLO) are not supported\n");
            return EXIT_FAILURE;
        }
    }
    /* Our reports go on the real stdout; anything else printed there by
     * mistake would corrupt the stream, so stdout becomes stderr. */
    signal(SIGPIPE, SIG_IGN);
    fflush(stdout);
    r.out = fcntl(1, F_DUPFD_CLOEXEC, 3);
    if (r.out < 0 || dup2(2, 1) < 0) {
        fprintf(stderr, "xl: migrate-receive: %s\n", strerror(errno));
        return EXIT_FAILURE;
    }
    libxl_domain_config_init(&r.dc);
    rc = receive(&r);
    if (r.out >= 0)
        close(r.out);
    libxl_domain_config_dispose(&r.dc);
    free(r.name);
    return rc;
}
