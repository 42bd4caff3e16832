/*
 * xl: scheduler and CPU pool commands: sched-credit2 (domain weight/cap,
 * pool ratelimit) and cpupool-list (Xen 4.17's formats, --json).
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

/* Pool by name or number; -1 if unknown. */
static int find_pool(struct xl_env *env, const char *q, uint32_t *poolid)
{
    struct libxl_cpupoolinfo *p;
    char *end;
    unsigned long v = strtoul(q, &end, 10);
    int n, rc = -1;

    if (libxl_list_cpupool(CTX(env), &p, &n))
        return -1;
    for (int i = 0; i < n && rc; i++) {
        if (!strcmp(p[i].pool_name, q) ||
            (*q && !*end && p[i].poolid == v)) {
            *poolid = p[i].poolid;
            rc = 0;
        }
    }
    libxl_cpupoolinfo_list_free(p, n);
    return rc;
}

static void pool_output(struct xl_env *env, uint32_t poolid,
                        const char *name)
{
    uint32_t rl;

    if (libxl_sched_credit2_ratelimit_get(CTX(env), poolid, &rl))
        printf("Cpupool %s: [sched params unavailable]\n", name);
    else
        printf("Cpupool %s: ratelimit=%dus\n", name, (int)rl);
}

static int dom_output(struct xl_env *env, int domid)
{
    struct libxl_sched_params sp;
    char *name;

    if (domid < 0) {
        printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
        return 0;
    }
    if (libxl_sched_credit2_get(CTX(env), (uint32_t)domid, &sp)) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        return 1;
    }
    name = libxl_domid_to_name(CTX(env), (uint32_t)domid);
    printf("%-33s %4d %6d %4d\n", name ? name : "(null)", domid, sp.weight,
           sp.cap);
    free(name);
    return 0;
}

static int all_output(struct xl_env *env, const char *cpupool)
{
    struct libxl_cpupoolinfo *p;
    struct libxl_dominfo *d;
    uint32_t poolid = 0;
    int np, nd, rc = 0;

    if (cpupool && find_pool(env, cpupool, &poolid)) {
        fprintf(stderr, "unknown cpupool '%s'\n", cpupool);
        return 1;
    }
    if (libxl_list_domain(CTX(env), &d, &nd)) {
        fprintf(stderr, "libxl_list_domain failed.\n");
        return 1;
    }
    if (libxl_list_cpupool(CTX(env), &p, &np)) {
        fprintf(stderr, "error getting cpupool info\n");
        libxl_dominfo_list_free(d, nd);
        return 1;
    }
    for (int i = 0; !rc && i < np; i++) {
        if (p[i].sched != LIBXL_SCHEDULER_CREDIT2 ||
            (cpupool && p[i].poolid != poolid))
            continue;
        pool_output(env, p[i].poolid, p[i].pool_name);
        dom_output(env, -1);
        for (int j = 0; j < nd && !rc; j++)
            if (d[j].cpupool == p[i].poolid)
                rc = dom_output(env, (int)d[j].domid);
    }
    libxl_cpupoolinfo_list_free(p, np);
    libxl_dominfo_list_free(d, nd);
    return 0;
}

int cmd_sched_credit2(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "domain", required_argument, NULL, 'd' },
        { "weight", required_argument, NULL, 'w' },
        { "cap", required_argument, NULL, 'c' },
        { "schedparam", no_argument, NULL, 's' },
        { "ratelimit_us", required_argument, NULL, 'r' },
        { "cpupool", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_sched_params sp = { -1, -1 };
    const char *dom = NULL, *cpupool = NULL;
    bool opt_s = false, opt_r = false;
    long ratelimit = 0;
    uint32_t domid, poolid = 0;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "d:w:c:p:r:sh", opts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE: return XL_OPT_EXIT(opt);
        case 'd': dom = optarg; break;
        case 'w': sp.weight = (int)strtol(optarg, NULL, 10); break;
        case 'c': sp.cap = (int)strtol(optarg, NULL, 10); break;
        case 's': opt_s = true; break;
        case 'r': ratelimit = strtol(optarg, NULL, 10); opt_r = true; break;
        case 'p': cpupool = optarg; break;
        }
    }
    if (cpupool && (dom || sp.weight != -1 || sp.cap != -1)) {
        fprintf(stderr, "Specifying a cpupool is not allowed with other "
                "options.\n");
        return EXIT_FAILURE;
    }
    if (!dom && (sp.weight != -1 || sp.cap != -1)) {
        fprintf(stderr, "Must specify a domain.\n");
        return EXIT_FAILURE;
    }
    if (opt_s) {
        if (cpupool && find_pool(env, cpupool, &poolid)) {
            fprintf(stderr, "unknown cpupool '%s'\n", cpupool);
            return EXIT_FAILURE;
        }
        if (!opt_r) {
            char name[32];

            snprintf(name, sizeof(name), "Pool-%u", poolid);
            pool_output(env, poolid, cpupool ? cpupool : name);
            return EXIT_SUCCESS;
        }
        if (ratelimit < 0 || ratelimit > 500000 ||
            libxl_sched_credit2_ratelimit_set(CTX(env), poolid,
                                              (uint32_t)ratelimit)) {
            fprintf(stderr, "%s\n", ratelimit < 0 || ratelimit > 500000
                    ? "ratelimit out of range" : libxl_errmsg(CTX(env)));
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    }
    if (!dom)
        return all_output(env, cpupool) ? EXIT_FAILURE : EXIT_SUCCESS;
    if (xl_find_domain(env, dom, &domid))
        return EXIT_FAILURE;
    if (sp.weight == -1 && sp.cap == -1) {
        dom_output(env, -1);
        return dom_output(env, (int)domid) ? EXIT_FAILURE : EXIT_SUCCESS;
    }
    if (libxl_sched_credit2_set(CTX(env), domid, &sp)) {
        fprintf(stderr, "%s\n", libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

static void pool_json(yajl_gen g, const struct libxl_cpupoolinfo *p)
{
    char *cpus = libxl_cpumap_to_string(&p->cpumap);
    int n = 0;

    for (unsigned c = 0; c < p->cpumap.nr_bits; c++)
        n += libxl_cpumap_test(&p->cpumap, c);
    yajl_gen_map_open(g);
    xl_json_key_int(g, "poolid", p->poolid);
    xl_json_key_str(g, "name", p->pool_name);
    xl_json_key_str(g, "sched", libxl_scheduler_name(p->sched));
    xl_json_key_int(g, "n_cpus", n);
    xl_json_key_str(g, "cpus", cpus);
    xl_json_key_int(g, "n_dom", p->n_dom);
    yajl_gen_map_close(g);
    free(cpus);
}

int cmd_cpupool_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "cpus", no_argument, NULL, 'c' },
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_cpupoolinfo *p;
    bool cpus = false, json = false;
    uint32_t poolid = 0;
    const char *pool = NULL;
    yajl_gen g = NULL;
    int opt, np;

    while ((opt = xl_getopt(env, argc, argv, "ch", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'c')
            cpus = true;
        if (opt == 'J')
            json = true;
    }
    if (optind < argc) {
        pool = argv[optind];
        if (find_pool(env, pool, &poolid)) {
            fprintf(stderr, "Pool '%s' does not exist\n", pool);
            return EXIT_FAILURE;
        }
    }
    if (libxl_list_cpupool(CTX(env), &p, &np)) {
        fprintf(stderr, "error getting cpupool info\n");
        return EXIT_FAILURE;
    }
    if (json) {
        g = xl_json_open();
        yajl_gen_array_open(g);
    } else {
        printf("%-19s", "Name");
        printf(cpus ? "CPU list\n"
                    : "CPUs   Sched     Active   Domain count\n");
    }
    for (int i = 0; i < np; i++) {
        int n = 0;

        if (pool && p[i].poolid != poolid)
            continue;
        if (g) {
            pool_json(g, &p[i]);
            continue;
        }
        printf("%-19s", p[i].pool_name);
        for (unsigned c = 0; c < p[i].cpumap.nr_bits; c++) {
            if (!libxl_cpumap_test(&p[i].cpumap, c))
                continue;
            if (cpus)
                printf(n ? ",%u" : "%u", c);
            n++;
        }
        if (!cpus)
            printf("%3d %9s       y       %4d", n,
                   libxl_scheduler_name(p[i].sched), (int)p[i].n_dom);
        printf("\n");
    }
    if (g) {
        yajl_gen_array_close(g);
        xl_json_close(g);
    }
    libxl_cpupoolinfo_list_free(p, np);
    return EXIT_SUCCESS;
}
