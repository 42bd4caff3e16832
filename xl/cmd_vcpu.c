/*
 * xl: vCPU commands: vcpu-list (Xen 4.17's table, --json) and vcpu-pin
 * (hard/soft affinity, "-" leaves one unchanged, -N prints the maps).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static void print_vcpu(const char *name, uint32_t domid,
                       const struct libxl_vcpuinfo *v)
{
    char *hard = libxl_cpumap_to_string(&v->hard);
    char *soft = libxl_cpumap_to_string(&v->soft);

    printf("%-32s %5u %5u", name ? name : "(null)", domid, v->vcpuid);
    if (!v->online)
        printf("%5c %3c%cp ", '-', '-', '-');
    else
        printf("%5u %3c%c- ", v->cpu, v->running ? 'r' : '-',
               v->blocked ? 'b' : '-');
    printf("%9.1f  %s / %s\n", (float)v->vcpu_time / 1e9, hard, soft);
    free(hard);
    free(soft);
}

static void json_vcpu(yajl_gen g, const char *name, uint32_t domid,
                      const struct libxl_vcpuinfo *v)
{
    char *hard = libxl_cpumap_to_string(&v->hard);
    char *soft = libxl_cpumap_to_string(&v->soft);

    yajl_gen_map_open(g);
    xl_json_key_str(g, "name", name);
    xl_json_key_int(g, "domid", domid);
    xl_json_key_int(g, "vcpu", v->vcpuid);
    xl_json_key_bool(g, "online", v->online);
    if (v->online)
        xl_json_key_int(g, "cpu", v->cpu);
    xl_json_key_bool(g, "running", v->running);
    xl_json_key_bool(g, "blocked", v->blocked);
    xl_json_key_int(g, "time_ns", (long long)v->vcpu_time);
    xl_json_key_str(g, "hard_affinity", hard);
    xl_json_key_str(g, "soft_affinity", soft);
    yajl_gen_map_close(g);
    free(hard);
    free(soft);
}

static void list_domain(struct xl_env *env, uint32_t domid, yajl_gen g)
{
    struct libxl_vcpuinfo *v;
    char *name;
    int n;

    if (libxl_list_vcpu(CTX(env), domid, &v, &n))
        return;                          /* as Xen: skipped silently */
    name = libxl_domid_to_name(CTX(env), domid);
    for (int i = 0; i < n; i++) {
        if (g)
            json_vcpu(g, name, domid, &v[i]);
        else
            print_vcpu(name, domid, &v[i]);
    }
    free(name);
    free(v);
}

int cmd_vcpu_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    yajl_gen g = NULL;
    int opt, rc = EXIT_SUCCESS;

    while ((opt = xl_getopt(env, argc, argv, "h", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'J')
            g = xl_json_open();
    }
    if (g)
        yajl_gen_array_open(g);
    else
        printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
               "State", "Time(s)", "Affinity (Hard / Soft)");
    if (optind >= argc) {
        struct libxl_dominfo *d;
        int n;

        if (libxl_list_domain(CTX(env), &d, &n)) {
            fprintf(stderr, "libxl_list_domain failed.\n");
            rc = EXIT_FAILURE;
        } else {
            for (int i = 0; i < n; i++)
                list_domain(env, d[i].domid, g);
            libxl_dominfo_list_free(d, n);
        }
    }
    for (int a = optind; a < argc && rc == EXIT_SUCCESS; a++) {
        uint32_t domid;

        if (xl_find_domain(env, argv[a], &domid))
            rc = EXIT_FAILURE;
        else
            list_domain(env, domid, g);
    }
    if (g) {
        yajl_gen_array_close(g);
        xl_json_close(g);
    }
    return rc;
}

static int parse_map(struct xl_env *env, const char *s,
                     struct libxl_cpumap *m, struct libxl_cpumap **p)
{
    if (!s || !strcmp(s, "-")) {
        *p = NULL;
        return 0;
    }
    if (libxl_cpumap_parse(CTX(env), s, m)) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        return -1;
    }
    *p = m;
    return 0;
}

static int pin(struct xl_env *env, uint32_t domid, long vcpu,
               const struct libxl_cpumap *hard,
               const struct libxl_cpumap *soft)
{
    struct libxl_vcpuinfo *v;
    int n, rc = 0;

    if (vcpu >= 0) {
        if (libxl_set_vcpuaffinity(CTX(env), domid, (uint32_t)vcpu, hard,
                                   soft)) {
            fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
            fprintf(stderr, "Could not set affinity for vcpu `%ld'.\n",
                    vcpu);
            return -1;
        }
        return 0;
    }
    if (libxl_list_vcpu(CTX(env), domid, &v, &n)) {
        fprintf(stderr, "libxl_list_vcpu failed.\n");
        return -1;
    }
    for (int i = 0; i < n && !rc; i++)
        rc = libxl_set_vcpuaffinity(CTX(env), domid, v[i].vcpuid, hard,
                                    soft);
    free(v);
    if (rc) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        fprintf(stderr, "Could not set affinity.\n");
        return -1;
    }
    return 0;
}

int cmd_vcpu_pin(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "force", no_argument, NULL, 'f' },
        { "ignore-global-affinity-masks", no_argument, NULL, 'i' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_cpumap hm, sm, *hard, *soft;
    const char *vcpu;
    uint32_t domid;
    bool force = false;
    char *end;
    long vcpuid;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "fih", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'f')
            force = true;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    vcpu = argv[optind + 1];
    vcpuid = strtol(vcpu, &end, 10);
    if (vcpu == end || *end || vcpuid < 0) {
        if (strcmp(vcpu, "all")) {
            fprintf(stderr, "Error: Invalid argument %s as VCPU.\n", vcpu);
            return EXIT_FAILURE;
        }
        if (force) {
            fprintf(stderr, "Error: --force and 'all' as VCPU not "
                    "allowed.\n");
            return EXIT_FAILURE;
        }
        vcpuid = -1;
    }
    if (parse_map(env, argv[optind + 2], &hm, &hard) ||
        parse_map(env, optind + 3 < argc ? argv[optind + 3] : NULL, &sm,
                  &soft))
        return EXIT_FAILURE;
    if (env->dryrun) {
        char *h = hard ? libxl_cpumap_to_string(hard) : strdup("-");
        char *s = soft ? libxl_cpumap_to_string(soft) : NULL;

        printf("cpumap: %s%s%s\n", h, s ? " " : "", s ? s : "");
        free(h);
        free(s);
        return EXIT_SUCCESS;
    }
    return pin(env, domid, vcpuid, hard, soft) ? EXIT_FAILURE
                                                : EXIT_SUCCESS;
}
