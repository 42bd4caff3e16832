/*
 * xl: trigger <Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>] and
 * the deprecated button-press <Domain> <power|sleep> (Xen 4.17's words;
 * unlike Xen's xl, a trigger the hypervisor refuses is an error).
 */
#include "config.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static int send(struct xl_env *env, uint32_t domid, int trigger,
                uint32_t vcpu)
{
    if (!libxl_send_trigger(CTX(env), domid, trigger, vcpu))
        return EXIT_SUCCESS;
    fprintf(stderr, "xl: %s\n", libxl_errmsg(CTX(env)));
    return EXIT_FAILURE;
}

int cmd_trigger(struct xl_env *env, int argc, char **argv)
{
    const char *name, *v;
    uint32_t domid;
    char *end;
    long vcpu = 0;
    int opt, trigger;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    name = argv[optind + 1];
    if (libxl_trigger_from_string(name, &trigger)) {
        fprintf(stderr, "Invalid trigger \"%s\"\n", name);
        return EXIT_FAILURE;
    }
    v = argv[optind + 2];
    if (v) {
        vcpu = strtol(v, &end, 10);
        if (end == v || *end || vcpu < 0 || vcpu > UINT32_MAX) {
            fprintf(stderr, "xl: trigger: invalid vCPU '%s'\n", v);
            return EXIT_FAILURE;
        }
    }
    return send(env, domid, trigger, (uint32_t)vcpu);
}

int cmd_button_press(struct xl_env *env, int argc, char **argv)
{
    const char *b;
    uint32_t domid;
    int opt;

    fprintf(stderr, "WARNING: \"button-press\" is deprecated. "
            "Please use \"trigger\"\n");
    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    b = argv[optind + 1];
    if (strcmp(b, "power") && strcmp(b, "sleep")) {
        fprintf(stderr, "%s is an invalid button identifier\n", b);
        return EXIT_FAILURE;
    }
    return send(env, domid, !strcmp(b, "power") ? LIBXL_TRIGGER_POWER
                                                : LIBXL_TRIGGER_SLEEP, 0);
}
