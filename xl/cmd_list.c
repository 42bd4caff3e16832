/*
 * xl: domain listings: list, vm-list, uptime (text formats of Xen 4.17's
 * xl, plus --json with the runtime state).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libxl.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

struct list_opts {
    bool verbose, context, cpupool, numa, details, json;
};

static const char reason_letters[] = "-rscwS";

static void uuid_str(const uint8_t u[16], char out[37])
{
    snprintf(out, 37,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
             u[10], u[11], u[12], u[13], u[14], u[15]);
}

static char *pool_name(struct xl_env *env, uint32_t poolid)
{
    struct libxl_cpupoolinfo *p;
    char *name = NULL;
    int n;

    if (libxl_list_cpupool(CTX(env), &p, &n))
        return NULL;
    for (int i = 0; i < n; i++)
        if (p[i].poolid == poolid)
            name = strdup(p[i].pool_name);
    libxl_cpupoolinfo_list_free(p, n);
    return name;
}

static void print_header(const struct list_opts *o)
{
    printf("Name                                        ID   Mem VCPUs"
           "\tState\tTime(s)");
    if (o->verbose)
        printf("   UUID                            Reason-Code"
               "\tSecurity Label");
    if (o->context && !o->verbose)
        printf("   Security Label");
    if (o->cpupool)
        printf("         Cpupool");
    if (o->numa)
        printf(" NODE Affinity");
    printf("\n");
}

static void print_row(struct xl_env *env, const struct list_opts *o,
                      const struct libxl_dominfo *d)
{
    int reason = d->shutdown ? d->shutdown_reason : 0;
    char uuid[37];

    printf("%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f",
           d->name ? d->name : "(null)", (int)d->domid,
           (unsigned long)((d->current_memkb + d->outstanding_memkb) / 1024),
           (int)d->vcpu_online, d->running ? 'r' : '-',
           d->blocked ? 'b' : '-', d->paused ? 'p' : '-',
           d->shutdown ? 's' : '-',
           reason >= 0 && reason < (int)sizeof(reason_letters) - 1
               ? reason_letters[reason] : '?',
           d->dying ? 'd' : '-', (float)d->cpu_time / 1e9);
    if (o->verbose) {
        uuid_str(d->uuid, uuid);
        printf(" %s", uuid);
        if (d->shutdown)
            printf(" %8x", reason);
        else
            printf(" %8s", "-");
    }
    if (o->verbose || o->context)
        printf(" %16s", "-");
    if (o->cpupool) {
        char *pool = pool_name(env, d->cpupool);

        printf("%16s", pool ? pool : "(null)");
        free(pool);
    }
    if (o->numa)
        printf(" all");
    putchar('\n');
}

static void json_domain(yajl_gen g, const struct libxl_dominfo *d)
{
    char uuid[37];

    uuid_str(d->uuid, uuid);
    yajl_gen_map_open(g);
    xl_json_key_int(g, "domid", d->domid);
    xl_json_key_str(g, "name", d->name);
    xl_json_key_str(g, "uuid", uuid);
    xl_json_key_bool(g, "running", d->running);
    xl_json_key_bool(g, "blocked", d->blocked);
    xl_json_key_bool(g, "paused", d->paused);
    xl_json_key_bool(g, "shutdown", d->shutdown);
    xl_json_key_bool(g, "dying", d->dying);
    if (d->shutdown)
        xl_json_key_int(g, "shutdown_reason", d->shutdown_reason);
    xl_json_key_int(g, "current_memkb", (long long)d->current_memkb);
    xl_json_key_int(g, "outstanding_memkb", (long long)d->outstanding_memkb);
    xl_json_key_int(g, "max_memkb", (long long)d->max_memkb);
    xl_json_key_int(g, "vcpu_online", d->vcpu_online);
    xl_json_key_int(g, "vcpu_max_id", d->vcpu_max_id);
    xl_json_key_int(g, "cpu_time_ns", (long long)d->cpu_time);
    xl_json_key_int(g, "cpupool", d->cpupool);
    xl_json_key_int(g, "ssidref", d->ssidref);
    xl_json_key_bool(g, "hvm", d->hvm);
    yajl_gen_map_close(g);
}

/* Select the domains named on the command line (all when none). */
static int select_domains(struct xl_env *env, int argc, char **argv,
                          struct libxl_dominfo **sel, int *nsel)
{
    struct libxl_dominfo *all;
    int n;

    if (libxl_list_domain(CTX(env), &all, &n)) {
        fprintf(stderr, "libxl_list_domain failed: %s\n",
                libxl_errmsg(CTX(env)));
        return -1;
    }
    if (optind >= argc) {
        *sel = all;
        *nsel = n;
        return 0;
    }
    *sel = calloc((size_t)(argc - optind), sizeof(**sel));
    if (!*sel)
        abort();
    *nsel = 0;
    for (int a = optind; a < argc; a++) {
        uint32_t domid;
        int i;

        if (xl_find_domain(env, argv[a], &domid))
            goto fail;
        for (i = 0; i < n && all[i].domid != domid; i++)
            ;
        if (i == n) {
            fprintf(stderr, "Error: Domain '%s' does not exist.\n", argv[a]);
            goto fail;
        }
        (*sel)[(*nsel)++] = all[i];
        all[i].name = NULL;              /* moved */
    }
    libxl_dominfo_list_free(all, n);
    return 0;
fail:
    libxl_dominfo_list_free(*sel, *nsel);
    libxl_dominfo_list_free(all, n);
    return -1;
}

/* Print s with every line after the first indented by ind spaces. */
static void print_indented(const char *s, int ind)
{
    for (; *s; s++) {
        putchar(*s);
        if (*s == '\n' && s[1] && s[1] != '\n')
            printf("%*s", ind, "");
    }
}

/*
 * `xl list -l`: the stored config of each domain, as Xen's xl prints it:
 * [ { "domid": N, "config": {...} }, ... ]; domains without a stored
 * config (Domain-0 on hosts set up by other tools) are skipped.
 */
static void print_configs(struct xl_env *env, struct libxl_dominfo *d, int n)
{
    struct libxl_domain_config dc;
    bool first = true;
    char *json;

    printf("[\n");
    for (int i = 0; i < n; i++) {
        libxl_domain_config_init(&dc);
        if (libxl_retrieve_domain_configuration(CTX(env), d[i].domid, &dc)) {
            libxl_domain_config_dispose(&dc);
            continue;
        }
        json = libxl_domain_config_to_json(&dc);
        libxl_domain_config_dispose(&dc);
        if (!json)
            continue;
        while (*json && json[strlen(json) - 1] == '\n')
            json[strlen(json) - 1] = '\0';
        printf("%s    {\n        \"domid\": %u,\n        \"config\": ",
               first ? "" : ",\n", d[i].domid);
        print_indented(json, 8);
        printf("\n    }");
        free(json);
        first = false;
    }
    printf("\n]\n");
}

int cmd_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "long", no_argument, NULL, 'l' },
        { "verbose", no_argument, NULL, 'v' },
        { "context", no_argument, NULL, 'Z' },
        { "cpupool", no_argument, NULL, 'c' },
        { "numa", no_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct list_opts o = { 0 };
    struct libxl_dominfo *d;
    int opt, n;

    while ((opt = xl_getopt(env, argc, argv, "lvhZcn", opts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE: return XL_OPT_EXIT(opt);
        case 'l': o.details = true; break;
        case 'v': o.verbose = true; break;
        case 'Z': o.context = true; break;
        case 'c': o.cpupool = true; break;
        case 'n': o.numa = true; break;
        case 'J': o.json = true; break;
        }
    }
    if (o.numa) {
        struct libxl_physinfo pi;

        /* On one node the node affinity is necessarily "all". */
        if (libxl_get_physinfo(CTX(env), &pi)) {
            fprintf(stderr, "libxl_physinfo failed.\n");
            return EXIT_FAILURE;
        }
        if (pi.nr_nodes > 1) {
            fprintf(stderr, "xl: list -n: not supported yet on hosts with "
                    "more than one NUMA node\n");
            return EXIT_FAILURE;
        }
    }
    if (select_domains(env, argc, argv, &d, &n))
        return EXIT_FAILURE;
    if (o.details) {
        print_configs(env, d, n);
    } else if (o.json) {
        yajl_gen g = xl_json_open();

        yajl_gen_array_open(g);
        for (int i = 0; i < n; i++)
            json_domain(g, &d[i]);
        yajl_gen_array_close(g);
        xl_json_close(g);
    } else {
        print_header(&o);
        for (int i = 0; i < n; i++)
            print_row(env, &o, &d[i]);
    }
    libxl_dominfo_list_free(d, n);
    return EXIT_SUCCESS;
}

int cmd_vm_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_dominfo *d;
    bool json = false;
    yajl_gen g = NULL;
    char uuid[37];
    int opt, n;

    while ((opt = xl_getopt(env, argc, argv, "h", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'J')
            json = true;
    }
    if (libxl_list_domain(CTX(env), &d, &n)) {
        fprintf(stderr, "libxl_list_vm failed.\n");
        return EXIT_FAILURE;
    }
    if (json) {
        g = xl_json_open();
        yajl_gen_array_open(g);
    } else {
        printf("UUID                                  ID    name\n");
    }
    for (int i = 0; i < n; i++) {
        if (d[i].domid == 0)
            continue;
        uuid_str(d[i].uuid, uuid);
        if (json) {
            yajl_gen_map_open(g);
            xl_json_key_str(g, "uuid", uuid);
            xl_json_key_int(g, "domid", d[i].domid);
            xl_json_key_str(g, "name", d[i].name);
            yajl_gen_map_close(g);
        } else {
            printf("%s  %d    %-30s\n", uuid, (int)d[i].domid,
                   d[i].name ? d[i].name : "(null)");
        }
    }
    if (json) {
        yajl_gen_array_close(g);
        xl_json_close(g);
    }
    libxl_dominfo_list_free(d, n);
    return EXIT_SUCCESS;
}
