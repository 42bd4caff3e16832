/*
 * xl: `xl create` — reads an xl.cfg(5) file plus command-line key=value
 * overrides into a libxl_domain_config.  -N (or the deprecated -n /
 * --dryrun) prints it as JSON; --check only validates.  Otherwise the
 * domain is built (libxl_domain_create_new), its console attached (-c),
 * unpaused (unless -p), shown in a VNC viewer (-V, -A) and left to a
 * monitor process (unless -e; -F keeps the monitor in the foreground).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xl.h"
#include "libxl.h"
#include "libxl_config.h"
#include "libxl_save.h"
#include "monitor.h"

/* Join the key=value operands into one chunk, one per line. */
static char *join_overrides(int argc, char **argv, int from)
{
    size_t len = 1;
    char *s;
    int i;

    for (i = from; i < argc; i++)
        len += strlen(argv[i]) + 1;
    s = calloc(1, len);
    if (!s)
        return NULL;
    for (i = from; i < argc; i++) {
        strcat(s, argv[i]);
        strcat(s, "\n");
    }
    return s;
}

int xl_read_config(struct libxl_domain_config *dc, const char *file,
                   const char *extra, const char *verb)
{
    XLU_Config *cfg = xlu_cfg_init(stderr, file);
    int rc, bad = 0;

    if (!cfg) {
        fprintf(stderr, "xl: %s: out of memory\n", verb);
        return -1;
    }
    rc = xlu_cfg_readfile(cfg, file);
    if (rc == -EINVAL) {
        bad = 1;
    } else if (rc) {
        fprintf(stderr, "xl: %s: cannot read config file `%s': %s\n",
                verb, file, strerror(-rc));
        xlu_cfg_destroy(cfg);
        return -1;
    }
    if (extra && *extra) {
        xlu_cfg_set_chunk_name(cfg, "<command line>");
        if (xlu_cfg_readdata(cfg, extra, (int)strlen(extra)))
            bad = 1;
    }
    if (libxl_domain_config_from_xlu(dc, cfg))
        bad = 1;
    if (bad)
        fprintf(stderr, "xl: %s: `%s': %d error%s\n", verb, file,
                xlu_cfg_errors(cfg), xlu_cfg_errors(cfg) == 1 ? "" : "s");
    xlu_cfg_destroy(cfg);
    return bad ? -1 : 0;
}

struct create_opts {
    int dryrun, check, paused, console, no_monitor, foreground, quiet;
    int debug, vnc, vnc_autopass, no_global_affinity;
};

/* Fork the console client on domid; its pid, or -1 (message printed). */
static pid_t attach_console(uint32_t domid, const char *verb)
{
    char id[16];
    pid_t pid;

    snprintf(id, sizeof(id), "%u", domid);
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xl: %s: fork: %s\n", verb, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        const char *client = xl_console_client();

        execl(client, client, "--type", "pv", id, (char *)NULL);
        fprintf(stderr, "xl: %s: cannot run the console client `%s': "
                "%s\n", verb, client, strerror(errno));
        _exit(1);
    }
    return pid;
}

int xl_start_domain(struct xl_env *env, struct libxl_domain_config *dc,
                    const struct xl_start *o)
{
    libxl_ctx *ctx = (libxl_ctx *)env->ctx;
    pid_t console = -1;
    uint32_t domid;
    int rc, st, lock = -1;

    /* -d: the config as it will be built, on stderr (as Xen's xl). */
    if (o->debug) {
        char *json = libxl_domain_config_to_json(dc);

        if (!json) {
            fprintf(stderr, "Failed to convert domain configuration to "
                    "JSON\n");
            return EXIT_FAILURE;
        }
        fputs(json, stderr);
        fflush(stderr);
        free(json);
    }
    if (xl_autoballoon_on(env)) {
        lock = xl_lock(env);
        if (lock < 0)
            return EXIT_FAILURE;
        if (xl_freemem(env, dc)) {
            close(lock);
            return EXIT_FAILURE;
        }
    }
    rc = o->restore_fd >= 0 ?
         libxl_domain_create_restore_flags(ctx, dc, &domid, o->restore_fd,
                                           o->stream_flags) :
         libxl_domain_create_new(ctx, dc, &domid);
    if (lock >= 0)
        close(lock);
    if (rc) {
        fprintf(stderr, "xl: %s: %s\n", o->verb, libxl_errmsg(ctx));
        return EXIT_FAILURE;
    }
    if (o->console)
        console = attach_console(domid, o->verb);
    if (!o->paused && libxl_domain_unpause(ctx, domid)) {
        fprintf(stderr, "xl: %s: cannot unpause domain %u: %s\n", o->verb,
                domid, libxl_errmsg(ctx));
        libxl_domain_destroy(ctx, domid);
        return EXIT_FAILURE;
    }
    /* As Xen's xl, -V/-A do nothing with -e. */
    if (o->vnc && !o->no_monitor)
        xl_vncviewer_spawn(domid, o->vnc_autopass, o->verb);
    if (!o->no_monitor) {
        if (o->foreground) {
            rc = xl_monitor_loop(ctx, domid, dc);
        } else if (xl_monitor_spawn(domid, dc, libxl_log_dir(ctx))) {
            fprintf(stderr, "xl: %s: cannot start the monitor of domain "
                    "%u: on_poweroff/on_reboot/on_crash will not be "
                    "applied\n", o->verb, domid);
        }
    }
    if (console > 0)
        while (waitpid(console, &st, 0) < 0 && errno == EINTR)
            ;
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}

int cmd_create(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dryrun", no_argument, NULL, 'n' },
        { "check", no_argument, NULL, 'C' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "defconfig", required_argument, NULL, 'f' },
        { "vncviewer", no_argument, NULL, 'V' },
        { "vncviewer-autopass", no_argument, NULL, 'A' },
        { "ignore-global-affinity-masks", no_argument, NULL, 'i' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_domain_config dc;
    struct create_opts o = { .dryrun = env->dryrun };
    const char *file = NULL;
    char *extra = NULL, *json;
    int opt, rc = EXIT_FAILURE, i;

    while ((opt = xl_getopt(env, argc, argv, "hnqf:pcVAedFi", longopts))
           != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'n': o.dryrun = 1; break;
        case 'C': o.check = 1; break;
        case 'f': file = optarg; break;
        case 'p': o.paused = 1; break;
        case 'c': o.console = 1; break;
        case 'e': o.no_monitor = 1; break;
        case 'F': o.foreground = 1; break;
        case 'q': o.quiet = 1; break;
        case 'd': o.debug = 1; break;
        case 'i': o.no_global_affinity = 1; break;
        case 'V': o.vnc = 1; break;
        case 'A': o.vnc = o.vnc_autopass = 1; break;
        default: break;
        }
    }
    if (!file && optind < argc && !strchr(argv[optind], '='))
        file = argv[optind++];
    if (!file) {
        fprintf(stderr, "xl: create: config file required "
                "(xl create <ConfigFile> [key=value...])\n");
        return 2;
    }
    /* As Xen's xl: after the file, only key=value operands. */
    for (i = optind; i < argc; i++)
        if (!strchr(argv[i], '=')) {
            fprintf(stderr, "xl: create: `%s': a second config file, or "
                    "not key=value (xl create <ConfigFile> "
                    "[key=value...])\n", argv[i]);
            return 2;
        }
    extra = join_overrides(argc, argv, optind);
    libxl_domain_config_init(&dc);
    if (!o.dryrun && !o.check && !o.quiet)
        fprintf(stderr, "Parsing config from %s\n", file);
    if (!extra || xl_read_config(&dc, file, extra, "create"))
        goto out;
    for (i = 0; i < dc.num_nics; i++)
        xl_nic_defaults(env, &dc.nics[i]);
    if (o.check || !o.dryrun) {
        for (i = 0; i < dc.num_unsupported; i++)
            fprintf(stderr, "xl: create: `%s': key `%s' is not supported "
                    "yet\n", file, dc.unsupported[i]);
    }
    if (o.check) {
        rc = dc.num_unsupported ? EXIT_FAILURE : EXIT_SUCCESS;
        goto out;
    }
    if (o.dryrun) {
        json = libxl_domain_config_to_json(&dc);
        if (!json) {
            fprintf(stderr, "xl: create: out of memory\n");
            goto out;
        }
        printf("%s\n", json);
        free(json);
        rc = EXIT_SUCCESS;
        goto out;
    }
    if (dc.num_unsupported ||
        (!o.no_global_affinity && xl_global_affinity(env, &dc)))
        goto out;
    rc = xl_start_domain(env, &dc, &(struct xl_start){
        .verb = "create", .paused = o.paused, .console = o.console,
        .no_monitor = o.no_monitor, .foreground = o.foreground,
        .debug = o.debug, .vnc = o.vnc, .vnc_autopass = o.vnc_autopass,
        .restore_fd = -1 });
out:
    libxl_domain_config_dispose(&dc);
    free(extra);
    return rc;
}
