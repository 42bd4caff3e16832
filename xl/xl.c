/*
 * xl: main(): global options, xl.conf(5), the ctx, and dispatch through
 * the subcommand table (exact name, then unique prefix; argument count
 * checks; -N only for commands that implement a dry run).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "xl.h"
#include "xl_conf.h"

static void help(const char *command)
{
    const struct xl_cmd *cmd;

    if (command && strcmp(command, "help")) {
        cmd = xl_cmd_lookup(command);
        if (cmd)
            xl_cmd_usage(cmd, stdout);
        else
            printf("command \"%s\" not implemented\n", command);
        return;
    }
    printf("Usage xl [-vfNtT] <subcommand> [args]\n\n");
    printf("xl full list of subcommands:\n\n");
    for (int i = 0; i < xl_ncmds; i++) {
        printf(" %-19s ", xl_cmds[i].name);
        if (strlen(xl_cmds[i].name) > 19)
            printf("\n %-19s ", "");
        printf("%s\n", xl_cmds[i].summary);
    }
}

static int parse_global(struct xl_env *env, int argc, char **argv)
{
    int opt;

    while ((opt = getopt(argc, argv, "+vftTN")) >= 0) {
        switch (opt) {
        case 'v': env->verbose++; break;
        case 'N': env->dryrun = 1; break;
        case 'f': env->force = 1; break;
        case 't': env->progress_use_cr = 1; break;
        case 'T': env->timestamps = 1; break;
        default:
            fprintf(stderr, "unknown global option\n");
            return -1;
        }
    }
    return optind;
}

static int run(struct xl_env *env, const struct xl_cmd *cmd, int argc,
               char **argv)
{
    char err[512] = "";
    int rc;

    if (env->dryrun && !(cmd->flags & XL_DRYRUN)) {
        fprintf(stderr, "command does not implement -N (dryrun) option\n");
        return EXIT_FAILURE;
    }
    env->cmd = cmd->name;
    if (cmd->flags & XL_NOCTX)          /* offline: no ctx, no xl.conf */
        return cmd->handler(env, argc, argv);
    rc = libxl_ctx_alloc((libxl_ctx **)&env->ctx, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "cannot init xl context: %s\n", err);
        return EXIT_FAILURE;
    }
    if (xl_conf_load(env))
        rc = EXIT_FAILURE;
    else
        rc = cmd->handler(env, argc, argv);
    libxl_ctx_free((libxl_ctx *)env->ctx);
    env->ctx = NULL;
    return rc;
}

int main(int argc, char **argv)
{
    struct xl_env env;
    const struct xl_cmd *cmd;
    int first, rc;

    memset(&env, 0, sizeof(env));
    first = parse_global(&env, argc, argv);
    if (first < 0)
        return EXIT_FAILURE;
    if (first >= argc) {
        help(NULL);
        return EXIT_FAILURE;
    }
    argv += first;
    argc -= first;
    optind = 1;
    cmd = xl_cmd_lookup(argv[0]);
    if (cmd) {
        rc = run(&env, cmd, argc, argv);
    } else if (!strcmp(argv[0], "help")) {
        help(argc > 1 ? argv[1] : NULL);
        rc = EXIT_SUCCESS;
    } else {
        fprintf(stderr, "command not implemented\n");
        rc = EXIT_FAILURE;
    }
    xl_conf_dispose(&env.conf);
    return rc;
}
