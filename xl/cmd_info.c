/*
 * xl: host information: info (text as Xen 4.17's xl, key filter, --json),
 * dmesg, and uptime.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "libxl.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)
#define MAX_KV 64

struct kv {
    const char *key;
    char *val;
};

struct kvlist {
    struct kv kv[MAX_KV];
    int n;
};

static void add(struct kvlist *l, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(struct kvlist *l, const char *key, const char *fmt, ...)
{
    va_list ap;
    char *v;

    if (l->n == MAX_KV)
        abort();
    va_start(ap, fmt);
    if (vasprintf(&v, fmt, ap) < 0)
        abort();
    va_end(ap);
    l->kv[l->n].key = key;
    l->kv[l->n++].val = v;
}

static void kv_free(struct kvlist *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->kv[i].val);
    l->n = 0;
}

static void node_info(struct kvlist *l)
{
    struct utsname u;

    if (uname(&u) < 0)
        return;
    add(l, "host", "%s", u.nodename);
    add(l, "release", "%s", u.release);
    add(l, "version", "%s", u.version);
    add(l, "machine", "%s", u.machine);
}

static int phys_info(struct xl_env *env, struct kvlist *l)
{
    const struct libxl_version_info *v;
    struct libxl_physinfo p;
    unsigned long per_mb;
    int nfree = 0;

    if (libxl_get_physinfo(CTX(env), &p)) {
        fprintf(stderr, "libxl_physinfo failed.\n");
        return -1;
    }
    add(l, "nr_cpus", "%d", (int)p.nr_cpus);
    add(l, "max_cpu_id", "%d", (int)p.max_cpu_id);
    add(l, "nr_nodes", "%d", (int)p.nr_nodes);
    add(l, "cores_per_socket", "%d", (int)p.cores_per_socket);
    add(l, "threads_per_core", "%d", (int)p.threads_per_core);
    add(l, "cpu_mhz", "%d.%03d", (int)(p.cpu_khz / 1000),
        (int)(p.cpu_khz % 1000));
    add(l, "hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x",
        p.hw_cap[0], p.hw_cap[1], p.hw_cap[2], p.hw_cap[3], p.hw_cap[4],
        p.hw_cap[5], p.hw_cap[6], p.hw_cap[7]);
    /* Xen prints the list with a leading space per item and no ": " gap. */
    add(l, "virt_caps", "%s%s%s%s%s%s%s%s%s%s%s",
        p.cap_pv ? " pv" : "", p.cap_hvm ? " hvm" : "",
        p.cap_hvm && p.cap_hvm_directio ? " hvm_directio" : "",
        p.cap_pv && p.cap_hvm_directio ? " pv_directio" : "",
        p.cap_hap ? " hap" : "", p.cap_shadow ? " shadow" : "",
        p.cap_iommu_hap_pt_share ? " iommu_hap_pt_share" : "",
        p.cap_vmtrace ? " vmtrace" : "", p.cap_vpmu ? " vpmu" : "",
        p.cap_gnttab_v1 ? " gnttab-v1" : "",
        p.cap_gnttab_v2 ? " gnttab-v2" : "");
    v = libxl_get_version_info(CTX(env));
    if (v && v->pagesize) {
        per_mb = (1UL << 20) / v->pagesize;
        add(l, "total_memory", "%" PRIu64, p.total_pages / per_mb);
        add(l, "free_memory", "%" PRIu64,
            (p.free_pages - p.outstanding_pages) / per_mb);
        add(l, "sharing_freed_memory", "%" PRIu64,
            p.sharing_freed_pages / per_mb);
        add(l, "sharing_used_memory", "%" PRIu64,
            p.sharing_used_frames / per_mb);
        add(l, "outstanding_claims", "%" PRIu64,
            p.outstanding_pages / per_mb);
    }
    for (unsigned c = 0; c < p.free_cpus.nr_bits; c++)
        nfree += libxl_cpumap_test(&p.free_cpus, c);
    add(l, "free_cpus", "%d", nfree);
    return 0;
}

static int xen_info(struct xl_env *env, struct kvlist *l)
{
    const struct libxl_version_info *v = libxl_get_version_info(CTX(env));
    int sched;

    if (!v) {
        fprintf(stderr, "libxl_get_version_info failed.\n");
        return -1;
    }
    sched = libxl_get_scheduler(CTX(env));
    if (sched < 0) {
        fprintf(stderr, "get_scheduler sysctl failed.\n");
        return -1;
    }
    add(l, "xen_major", "%d", v->xen_version_major);
    add(l, "xen_minor", "%d", v->xen_version_minor);
    add(l, "xen_extra", "%s", v->xen_version_extra);
    add(l, "xen_version", "%d.%d%s", v->xen_version_major,
        v->xen_version_minor, v->xen_version_extra);
    add(l, "xen_caps", "%s", v->capabilities);
    add(l, "xen_scheduler", "%s", libxl_scheduler_name(sched));
    add(l, "xen_pagesize", "%lu", v->pagesize);
    add(l, "platform_params", "virt_start=0x%lx", v->virt_start);
    add(l, "xen_changeset", "%s", v->changeset);
    add(l, "xen_commandline", "%s", v->commandline);
    add(l, "cc_compiler", "%s", v->compiler);
    add(l, "cc_compile_by", "%s", v->compile_by);
    add(l, "cc_compile_domain", "%s", v->compile_domain);
    add(l, "cc_compile_date", "%s", v->compile_date);
    add(l, "build_id", "%s", v->build_id);
    return 0;
}

/* One "key : value" line, or just the value when the filter matches. */
static void print_kv(const struct kv *kv, const char *filter)
{
    char line[32];
    bool caps = !strcmp(kv->key, "virt_caps");

    snprintf(line, sizeof(line), "%-23s", kv->key);
    if (!filter) {
        printf("%s:%s%s\n", line, caps ? "" : " ", kv->val);
        return;
    }
    /* Xen matches the filter as a prefix of the whole printed line. */
    if (strncmp(line, filter, strlen(filter)))
        return;
    if (!caps)
        printf("%s\n", kv->val);
    else if (*kv->val)
        printf("%s\n", kv->val + 1);
}

static void print_topology(struct xl_env *env)
{
    struct libxl_cputopology *t;
    struct libxl_numainfo *ni;
    int n;

    if (libxl_get_cpu_topology(CTX(env), &t, &n)) {
        fprintf(stderr, "libxl_get_cpu_topology failed.\n");
        return;
    }
    printf("cpu_topology           :\n");
    printf("cpu:    core    socket     node\n");
    for (int i = 0; i < n; i++)
        if (t[i].core != ~0U)
            printf("%3d:    %4d     %4d     %4d\n", i, (int)t[i].core,
                   (int)t[i].socket, (int)t[i].node);
    free(t);
    printf("device topology        :\n");
    printf("device           node\n");
    printf("No device topology data available\n");
    if (libxl_get_numainfo(CTX(env), &ni, &n)) {
        fprintf(stderr, "libxl_get_numainfo failed.\n");
        return;
    }
    printf("numa_info              :\n");
    printf("node:    memsize    memfree    distances\n");
    for (int i = 0; i < n; i++) {
        printf("%4d:    %6" PRIu64 "     %6" PRIu64 "      %d", i,
               ni[i].size >> 20, ni[i].free >> 20,
               ni[i].num_dists ? (int)ni[i].dists[0] : 0);
        for (int j = 1; j < ni[i].num_dists; j++)
            printf(",%d", (int)ni[i].dists[j]);
        printf("\n");
    }
    libxl_numainfo_list_free(ni, n);
}

static void print_json(const struct kvlist *l)
{
    yajl_gen g = xl_json_open();

    yajl_gen_map_open(g);
    for (int i = 0; i < l->n; i++) {
        const char *v = l->kv[i].val;

        xl_json_key_str(g, l->kv[i].key,
                        !strcmp(l->kv[i].key, "virt_caps") && *v ? v + 1
                                                                  : v);
    }
    yajl_gen_map_close(g);
    xl_json_close(g);
}

int cmd_info(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "numa", no_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct kvlist pre = { .n = 0 }, post = { .n = 0 };
    const char *filter = NULL;
    bool numa = false, json = false;
    int opt, rc = EXIT_SUCCESS;

    while ((opt = xl_getopt(env, argc, argv, "nh", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'n')
            numa = true;
        if (opt == 'J')
            json = true;
    }
    if (!numa && optind < argc)
        filter = argv[optind];
    node_info(&pre);
    if (phys_info(env, &pre))
        rc = EXIT_FAILURE;
    if (xen_info(env, &post))
        rc = EXIT_FAILURE;
    add(&post, "xend_config_format", "4");
    if (json) {
        for (int i = 0; i < post.n; i++)
            pre.kv[pre.n++] = post.kv[i];
        post.n = 0;
        print_json(&pre);
    } else {
        for (int i = 0; i < pre.n; i++)
            print_kv(&pre.kv[i], filter);
        if (numa)
            print_topology(env);
        for (int i = 0; i < post.n; i++)
            print_kv(&post.kv[i], filter);
    }
    kv_free(&pre);
    kv_free(&post);
    return rc;
}

int cmd_dmesg(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "clear", no_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bool clear = false;
    char *text;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "ch", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'c')
            clear = true;
    }
    if (libxl_xen_console_read(CTX(env), clear, &text)) {
        fprintf(stderr, "xl: dmesg: %s\n", libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    fputs(text, stdout);
    free(text);
    return EXIT_SUCCESS;
}
