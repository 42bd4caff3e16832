/*
 * xl: `xl create` — reads an xl.cfg(5) file plus command-line key=value
 * overrides into a libxl_domain_config.  -N (or the deprecated -n /
 * --dryrun) prints it as JSON; --check only validates.  Building the
 * domain itself is not implemented yet and says so after validation.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "libxl_config.h"

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

static int read_config(struct libxl_domain_config *dc, const char *file,
                       const char *extra)
{
    XLU_Config *cfg = xlu_cfg_init(stderr, file);
    int rc, bad = 0;

    if (!cfg) {
        fprintf(stderr, "xl: create: out of memory\n");
        return -1;
    }
    rc = xlu_cfg_readfile(cfg, file);
    if (rc == -EINVAL) {
        bad = 1;
    } else if (rc) {
        fprintf(stderr, "xl: create: cannot read config file `%s': %s\n",
                file, strerror(-rc));
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
        fprintf(stderr, "xl: create: `%s': %d error%s\n", file,
                xlu_cfg_errors(cfg), xlu_cfg_errors(cfg) == 1 ? "" : "s");
    xlu_cfg_destroy(cfg);
    return bad ? -1 : 0;
}

int cmd_create(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "dryrun", no_argument, NULL, 'n' },
        { "check", no_argument, NULL, 'C' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "defconfig", required_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_domain_config dc;
    const char *file = NULL;
    char *extra = NULL, *json;
    int opt, dryrun = env->dryrun, check = 0, rc = EXIT_FAILURE, i;

    while ((opt = xl_getopt(env, argc, argv, "hnqf:pcVedF", longopts))
           != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'n': dryrun = 1; break;
        case 'C': check = 1; break;
        case 'f': file = optarg; break;
        default: break;                 /* accepted; matter at build time */
        }
    }
    if (!file && optind < argc && !strchr(argv[optind], '='))
        file = argv[optind++];
    if (!file) {
        fprintf(stderr, "xl: create: config file required "
                "(xl create <ConfigFile> [key=value...])\n");
        return 2;
    }
    extra = join_overrides(argc, argv, optind);
    libxl_domain_config_init(&dc);
    if (!extra || read_config(&dc, file, extra))
        goto out;
    if (check || !dryrun) {
        for (i = 0; i < dc.num_unsupported; i++)
            fprintf(stderr, "xl: create: `%s': key `%s' is not supported "
                    "yet\n", file, dc.unsupported[i]);
    }
    if (check) {
        rc = dc.num_unsupported ? EXIT_FAILURE : EXIT_SUCCESS;
        goto out;
    }
    if (dryrun) {
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
    fprintf(stderr, "xl: create: building domains is not supported yet "
            "(the config `%s' is valid; use -N to print it)\n", file);
out:
    libxl_domain_config_dispose(&dc);
    free(extra);
    return rc;
}
