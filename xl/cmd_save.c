/*
 * xl: save [-c] [-p] [-z] <Domain> <CheckpointFile> [<ConfigFile>] and
 * restore [-p] [-e] [-d] [-F] [-c] [-V] [<ConfigFile>] <CheckpointFile>, in
 * Xen 4.17's image format (libxl_save.h) with its messages; -z (or
 * xl.conf's save_compression) writes a zlib-compressed image, which
 * restore recognises by its header.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxl.h"
#include "libxl_config.h"
#include "libxl_save.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)
/* The mandatory flag xl's header shows for a compressed image (the
 * "info" of the messages below). */
#define XL_SAVE_FLAG_ZLIB 0x80000000U

char *xl_image_config_json(struct xl_env *env, uint32_t domid,
                           const char *override, int keep_domid)
{
    struct libxl_domain_config dc;
    char *json = NULL;
    int rc;

    libxl_domain_config_init(&dc);
    if (override)
        rc = xl_read_config(&dc, override, "", env->cmd);
    else if ((rc = libxl_retrieve_domain_configuration(CTX(env), domid,
                                                       &dc)))
        fprintf(stderr, "xl: %s: unable to retrieve domain configuration: "
                "%s\n", env->cmd, libxl_errmsg(CTX(env)));
    dc.c_info.domid = keep_domid ? domid : 0;
    if (!rc && !(json = libxl_domain_config_to_json(&dc)))
        fprintf(stderr, "xl: %s: unable to convert the config to JSON\n",
                env->cmd);
    libxl_domain_config_dispose(&dc);
    return json;
}

struct save_opts {
    int checkpoint, leave_paused, keep_domid;
    unsigned stream_flags;               /* LIBXL_STREAM_ZLIB */
};

static int save_domain(struct xl_env *env, uint32_t domid, const char *file,
                       const struct save_opts *so, const char *cfg)
{
    libxl_ctx *ctx = CTX(env);
    char *json = xl_image_config_json(env, domid, cfg, so->keep_domid);
    unsigned mand = 3U | (so->stream_flags ? XL_SAVE_FLAG_ZLIB : 0);
    int fd, rc;

    if (!json)
        return EXIT_FAILURE;
    fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "Failed to open temp file %s for writing: %s\n", file,
                strerror(errno));
        free(json);
        return EXIT_FAILURE;
    }
    rc = libxl_savefile_header_write_flags(ctx, fd, json, so->stream_flags);
    if (!rc)
        fprintf(stderr, "Saving to %s new xl format (info 0x%x/0x0/%zu)\n",
                file, mand, 4 + strlen(json) + 1);
    free(json);
    if (!rc)
        rc = libxl_domain_suspend(ctx, domid, fd, so->stream_flags);
    if (!rc && fsync(fd) < 0)
        rc = -errno;
    if (close(fd) < 0 && !rc)
        rc = -errno;
    if (rc) {
        fprintf(stderr, "xl: save: %s\n", libxl_errmsg(ctx));
        fprintf(stderr, "Failed to save domain, resuming domain\n");
        unlink(file);
        if (libxl_domain_resume(ctx, domid, 1) && rc != -ESRCH)
            fprintf(stderr, "xl: save: resume: %s\n", libxl_errmsg(ctx));
        return EXIT_FAILURE;
    }
    if (so->leave_paused || so->checkpoint) {
        if (so->leave_paused)
            rc = libxl_domain_pause(ctx, domid);
        if (!rc)
            rc = libxl_domain_resume(ctx, domid, 1);
    } else {
        rc = libxl_domain_destroy(ctx, domid);
    }
    if (rc) {
        fprintf(stderr, "xl: save: %s\n", libxl_errmsg(ctx));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int xl_conf_compression(const char *verb, const char *key, const char *v,
                        unsigned *flags)
{
    *flags = 0;
    if (!v || !strcmp(v, "none"))
        return 0;
    if (!strcmp(v, "zlib")) {
        *flags = LIBXL_STREAM_ZLIB;
        return 0;
    }
    fprintf(stderr, "xl: %s: xl.conf: %s=\"%s\" is not one of \"none\", "
            "\"zlib\"\n", verb, key, v);
    return -1;
}

int cmd_save(struct xl_env *env, int argc, char **argv)
{
    struct save_opts so = { 0 };
    int opt;
    uint32_t domid;

    /* xl.conf's save_compression: the stream flags without -z. */
    if (xl_conf_compression("save", "save_compression",
                            env->conf.save_compression, &so.stream_flags))
        return EXIT_FAILURE;
    while ((opt = xl_getopt(env, argc, argv, "hcpDz", NULL)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'c': so.checkpoint = 1; break;
        case 'p': so.leave_paused = 1; break;
        case 'z': so.stream_flags = LIBXL_STREAM_ZLIB; break;
        case 'D': so.keep_domid = 1; break;
        }
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    return save_domain(env, domid, argv[optind + 1], &so,
                       argc - optind == 3 ? argv[optind + 2] : NULL);
}

/* The config to restore with: cfg (override) or the image's JSON. */
static int restore_config(struct libxl_domain_config *dc, const char *cfg,
                          const char *json, const char *file)
{
    char *err = NULL;

    if (cfg) {
        fprintf(stderr, "Parsing config from %s\n", cfg);
        return xl_read_config(dc, cfg, "", "restore");
    }
    if (!json) {
        fprintf(stderr, "xl: restore: %s contains no domain config: give "
                "a config file\n", file);
        return -1;
    }
    fprintf(stderr, "Savefile contains xl domain config in JSON format\n");
    if (libxl_domain_config_from_json(dc, json, &err)) {
        fprintf(stderr, "xl: restore: %s: bad domain config: %s\n", file,
                err ? err : "not JSON");
        free(err);
        return -1;
    }
    return 0;
}

/*
 * -V/-A: the viewer is started as for create (xl_start_domain), but the
 * request is checked before anything is built: a guest without a VNC
 * display (a PV guest without vfb=, an HVM guest with vnc=0) is refused
 * with that reason, where Xen's xl restores it and its viewer child then
 * fails.  0 to go on, -1 refused (message printed).
 */
static int vnc_check(const struct libxl_domain_config *dc, const char *file)
{
    const char *name = dc->c_info.name ? dc->c_info.name : "?";
    int i, vnc = 0;

    if (dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM)
        vnc = dc->b_info.vnc_enable.val != LIBXL_DEFBOOL_FALSE;
    for (i = 0; i < dc->num_vfbs_t; i++)
        vnc |= dc->vfbs_t[i].vnc_enable.val != LIBXL_DEFBOOL_FALSE;
    if (!vnc) {
        fprintf(stderr, "xl: restore: -V: domain '%s' (%s) has no VNC "
                "display: %s; nothing restored\n", name, file,
                dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM ?
                "its config says vnc=0" : "a PV or PVH guest has one only "
                "with a vfb (vfb = [ \"vnc=1\" ])");
        return -1;
    }
    return 0;
}

int cmd_restore(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "vncviewer", no_argument, NULL, 'V' },
        { "vncviewer-autopass", no_argument, NULL, 'A' },
        { NULL, 0, NULL, 0 },
    };
    struct xl_start s = { .verb = "restore", .restore_fd = -1 };
    struct libxl_domain_config dc;
    const char *cfg = NULL, *file;
    char *json = NULL;
    int opt, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(env, argc, argv, "hFcpdeVA", longopts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'c': s.console = 1; break;
        case 'p': s.paused = 1; break;
        case 'F': s.foreground = 1; break;
        case 'e': s.no_monitor = 1; break;
        case 'd': s.debug = 1; break;
        case 'V': s.vnc = 1; break;
        case 'A': s.vnc = s.vnc_autopass = 1; break;
        }
    }
    if (argc - optind == 2)
        cfg = argv[optind++];
    file = argv[optind];
    s.restore_fd = open(file, O_RDONLY | O_CLOEXEC);
    if (s.restore_fd < 0) {
        fprintf(stderr, "xl: restore: cannot open %s: %s\n", file,
                strerror(errno));
        return EXIT_FAILURE;
    }
    libxl_domain_config_init(&dc);
    if (libxl_savefile_header_read_flags(CTX(env), s.restore_fd, &json,
                                         &s.stream_flags)) {
        fprintf(stderr, "xl: restore: %s: %s\n", file,
                libxl_errmsg(CTX(env)));
        goto out;
    }
    fprintf(stderr, "Loading new save file %s (new xl fmt info 0x%x/0x0/"
            "%zu)\n", file, (json ? 3U : 2U) |
            (s.stream_flags ? XL_SAVE_FLAG_ZLIB : 0),
            json ? 4 + strlen(json) + 1 : 4);
    if (restore_config(&dc, cfg, json, file) || xl_global_affinity(env, &dc))
        goto out;
    if (s.vnc && vnc_check(&dc, file))
        goto out;
    rc = xl_start_domain(env, &dc, &s);
out:
    libxl_domain_config_dispose(&dc);
    free(json);
    close(s.restore_fd);
    return rc;
}
