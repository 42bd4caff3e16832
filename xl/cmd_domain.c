/*
 * xl: simple domain commands: pause, unpause, destroy, rename, domid,
 * domname, mem-max.  Messages and exit codes follow Xen 4.17's xl, except
 * that a failed pause/unpause exits 1 (Xen's xl ignores the error).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

/* Options: none but -h.  Returns -1 to go on, else the exit code. */
static int no_options(struct xl_env *env, int argc, char **argv)
{
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    return -1;
}

static int one_domain_op(struct xl_env *env, int argc, char **argv,
                         int (*op)(libxl_ctx *, uint32_t))
{
    uint32_t domid;
    int rc = no_options(env, argc, argv);

    if (rc >= 0)
        return rc;
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    if (op(CTX(env), domid)) {
        fprintf(stderr, "xl: %s: %s\n", env->cmd, libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int cmd_pause(struct xl_env *env, int argc, char **argv)
{
    return one_domain_op(env, argc, argv, libxl_domain_pause);
}

int cmd_unpause(struct xl_env *env, int argc, char **argv)
{
    return one_domain_op(env, argc, argv, libxl_domain_unpause);
}

int cmd_destroy(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    int opt, force = 0, rc;

    while ((opt = xl_getopt(env, argc, argv, "fh", NULL)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'f')
            force = 1;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    if (domid == 0 && !force) {
        fprintf(stderr, "Not destroying domain 0; use -f to force.\n"
                "This can only be done when using a disaggregated "
                "hardware domain and toolstack.\n\n");
        return EXIT_FAILURE;
    }
    rc = libxl_domain_destroy(CTX(env), domid);
    if (rc) {
        fprintf(stderr, "destroy failed (rc=%d): %s\n", rc,
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int cmd_rename(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    const char *dom;
    int rc = no_options(env, argc, argv);

    if (rc >= 0)
        return rc;
    dom = argv[optind];
    if (xl_find_domain(env, dom, &domid))
        return EXIT_FAILURE;
    if (libxl_domain_rename(CTX(env), domid, argv[optind + 1])) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        fprintf(stderr, "Can't rename domain '%s'.\n", dom);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int cmd_domid(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    const char *name;
    int rc = no_options(env, argc, argv);

    if (rc >= 0)
        return rc;
    name = argv[optind];
    if (libxl_name_to_domid(CTX(env), name, &domid)) {
        fprintf(stderr, "Can't get domid of domain name '%s', maybe this "
                "domain does not exist.\n", name);
        return EXIT_FAILURE;
    }
    printf("%u\n", domid);
    return EXIT_SUCCESS;
}

int cmd_domname(struct xl_env *env, int argc, char **argv)
{
    char *end, *name;
    long v;
    uint32_t domid;
    int rc = no_options(env, argc, argv);

    if (rc >= 0)
        return rc;
    v = strtol(argv[optind], &end, 10);
    if (v == 0 && end == argv[optind]) {
        fprintf(stderr, "Invalid domain id.\n\n");
        return EXIT_FAILURE;
    }
    domid = (uint32_t)v;
    name = libxl_domid_to_name(CTX(env), domid);
    if (!name) {
        fprintf(stderr, "Can't get domain name of domain id '%u', maybe "
                "this domain does not exist.\n", domid);
        return EXIT_FAILURE;
    }
    printf("%s\n", name);
    free(name);
    return EXIT_SUCCESS;
}

/* Xen's rule: no suffix means MiB; b, k, m, g, t accepted.  -1: bad. */
static int64_t parse_mem_kb(const char *s)
{
    char *end;
    int64_t kb;

    errno = 0;
    kb = strtoll(s, &end, 10);
    if (errno || end == s || strlen(end) > 1 || kb < 0)
        return -1;
    switch (tolower((unsigned char)*end)) {
    case 't': return kb << 30;
    case 'g': return kb << 20;
    case '\0':
    case 'm': return kb << 10;
    case 'k': return kb;
    case 'b': return kb >> 10;
    default: return -1;
    }
}

int cmd_mem_max(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    const char *mem;
    int64_t kb;
    int rc = no_options(env, argc, argv);

    if (rc >= 0)
        return rc;
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    mem = argv[optind + 1];
    kb = parse_mem_kb(mem);
    if (kb == -1) {
        fprintf(stderr, "invalid memory size: %s\n", mem);
        return EXIT_FAILURE;
    }
    if (libxl_domain_setmaxmem(CTX(env), domid, (uint64_t)kb)) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        fprintf(stderr, "cannot set domid %u static max memory to : %s\n",
                domid, mem);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
