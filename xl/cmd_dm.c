/*
 * xl: commands for an HVM guest's device model: qemu-monitor-command,
 * cd-insert and cd-eject (vncviewer: cmd_vnc.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

int cmd_qemu_monitor_command(struct xl_env *env, int argc, char **argv)
{
    char *output = NULL;
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    if (libxl_qemu_monitor_command(CTX(env), domid, argv[optind + 1],
                                   &output)) {
        fprintf(stderr, "xl: qemu-monitor-command: %s\n",
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    fputs(output, stdout);
    free(output);
    return EXIT_SUCCESS;
}

/* cd-insert <Domain> <VirtualDevice> <path>, cd-eject <Domain> <vdev>. */
static int cdrom(struct xl_env *env, int argc, char **argv, bool insert)
{
    const char *path;
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    path = insert ? argv[optind + 2] : NULL;
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    if (env->dryrun) {
        printf("%s: domain %u, cdrom %s%s%s\n", insert ? "cd-insert"
               : "cd-eject", domid, argv[optind + 1], path ? ", " : "",
               path ? path : "");
        return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
    }
    if (libxl_cdrom_insert(CTX(env), domid, argv[optind + 1], path)) {
        fprintf(stderr, "xl: %s: %s\n", insert ? "cd-insert" : "cd-eject",
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int cmd_cd_insert(struct xl_env *env, int argc, char **argv)
{
    return cdrom(env, argc, argv, true);
}

int cmd_cd_eject(struct xl_env *env, int argc, char **argv)
{
    return cdrom(env, argc, argv, false);
}
