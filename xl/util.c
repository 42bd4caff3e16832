/*
 * xl: helpers shared by the handlers: option parsing with the table's
 * operand checks, domain lookup with xl's messages, "not supported yet".
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "xl.h"

static const struct option help_only[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

int xl_getopt(struct xl_env *env, int argc, char **argv, const char *opts,
              const struct option *longopts)
{
    const struct xl_cmd *cmd = xl_cmd_lookup(env->cmd);
    int opt, left;

    opterr = 0;
    opt = getopt_long(argc, argv, opts, longopts ? longopts : help_only,
                      NULL);
    if (opt == 'h' || (opt == '?' && optopt == 'h')) {
        xl_cmd_usage(cmd, stdout);
        return XL_OPT_HELP;
    }
    if (opt == '?') {
        if (optopt)
            fprintf(stderr, "option `%c' not supported.\n", optopt);
        else
            fprintf(stderr, "option `%s' not supported.\n",
                    argv[optind - 1]);
        return XL_OPT_USAGE;
    }
    if (opt != -1)
        return opt;
    left = argc - optind;
    if (left < cmd->min_args) {
        fprintf(stderr, "'xl %s' requires at least %d argument%s.\n\n",
                cmd->name, cmd->min_args, cmd->min_args > 1 ? "s" : "");
        xl_cmd_usage(cmd, stderr);
        return XL_OPT_USAGE;
    }
    if (cmd->max_args >= 0 && left > cmd->max_args) {
        fprintf(stderr, "'xl %s' takes at most %d argument%s.\n\n",
                cmd->name, cmd->max_args, cmd->max_args == 1 ? "" : "s");
        xl_cmd_usage(cmd, stderr);
        return XL_OPT_USAGE;
    }
    return -1;
}

int xl_find_domain(struct xl_env *env, const char *arg, uint32_t *domid)
{
    char *end;
    unsigned long v;
    int rc;

    /* As Xen: an all-digit argument is a domid, checked by the caller. */
    if (*arg && strspn(arg, "0123456789") == strlen(arg)) {
        errno = 0;
        v = strtoul(arg, &end, 10);
        if (!errno && v <= UINT32_MAX) {
            *domid = (uint32_t)v;
            return 0;
        }
    }
    rc = libxl_name_to_domid((libxl_ctx *)env->ctx, arg, domid);
    if (rc) {
        /* Xen reports libxl's ERROR_INVAL (-6) here. */
        fprintf(stderr, "%s is an invalid domain identifier (rc=%d)\n", arg,
                -6);
        return -1;
    }
    return 0;
}

int xl_not_supported(struct xl_env *env)
{
    fprintf(stderr, "xl: %s: not supported yet\n", env->cmd);
    return EXIT_FAILURE;
}

const char *xl_console_client(void)
{
    const char *c = getenv("XL_CONSOLE_CLIENT");

    return c && *c ? c : XL_BINDIR "/xenconsole";
}
