/*
 * xl: dump-core <Domain> <filename>: an ELF core of the domain's memory
 * (libxl_domain_core_dump), with Xen 4.17's message and exit code.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libxl.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

int cmd_dump_core(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    int opt, rc;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    rc = libxl_domain_core_dump(CTX(env), domid, argv[optind + 1]);
    if (rc) {
        /* Xen's libxl reports ERROR_FAIL (-3) for every failure here. */
        fprintf(stderr, "core dump failed (rc=%d): %s\n", -3,
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
