/*
 * xensim: administration of a simulated Xen host (libxenctrl simulator).
 * `xensim init DIR` creates a fresh host in DIR; `xensim status [DIR]`
 * summarises it; `xensim mkkernel FILE` writes the simulated guest
 * kernel.  See xensim(1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"
#include "sim_guest.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: xensim init DIR [--cpus N] [--memory MiB] "
               "[--nodes N] [--dom0-memory MiB]\n"
               "       xensim status [DIR]\n"
               "       xensim mkkernel FILE [--format elf|bzimage-xz|"
               "bzimage-gzip|hvmloader]\n");
}

static int parse_num(const char *opt, const char *v, unsigned long *out)
{
    char *end;

    errno = 0;
    *out = strtoul(v, &end, 10);
    if (errno || *end || !*v || !*out) {
        fprintf(stderr, "xensim: %s: invalid number '%s'\n", opt, v);
        return -1;
    }
    return 0;
}

static int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        { "cpus", required_argument, NULL, 'c' },
        { "memory", required_argument, NULL, 'm' },
        { "nodes", required_argument, NULL, 'n' },
        { "dom0-memory", required_argument, NULL, 'd' },
        { NULL, 0, NULL, 0 }
    };
    struct sim_config c;
    struct sim s;
    char err[256], path[4096];
    unsigned long v;
    const char *dir;
    int opt, rc;

    sim_config_default(&c);
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == '?' || !optarg || parse_num(argv[optind - 1], optarg, &v))
            return 2;
        if (opt == 'c')
            c.cpus = (unsigned)v;
        else if (opt == 'm')
            c.memory_mib = v;
        else if (opt == 'n')
            c.nodes = (unsigned)v;
        else
            c.dom0_mib = v;
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    dir = argv[optind];
    if (c.dom0_mib >= c.memory_mib)
        c.dom0_mib = c.memory_mib / 8 ? c.memory_mib / 8 : 1;
    if (c.cores_per_socket > c.cpus)
        c.cores_per_socket = c.cpus;
    if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
        fprintf(stderr, "xensim: init: cannot create '%s': %s\n", dir,
                strerror(errno));
        return 1;
    }
    snprintf(path, sizeof(path), "%s/state", dir);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "xensim: init: '%s' already holds a simulated host\n",
                dir);
        return 1;
    }
    rc = sim_config_write(dir, &c);
    if (!rc)
        rc = sim_config_read(dir, &c, err, sizeof(err));
    else
        snprintf(err, sizeof(err), "cannot write config: %s", strerror(-rc));
    if (!rc)
        rc = sim_attach(&s, dir, 0, err, sizeof(err));
    if (rc) {
        fprintf(stderr, "xensim: init: %s\n", err);
        return 1;
    }
    sim_detach(&s);
    printf("simulated host in %s: %u CPUs, %u nodes, %lu MiB (dom0 %lu "
           "MiB)\n", dir, c.cpus, c.nodes, c.memory_mib, c.dom0_mib);
    return 0;
}

static int cmd_status(int argc, char **argv)
{
    struct xc_dominfo info[64];
    struct xc_physinfo pi;
    struct xc_version_info ver;
    xc_interface *xch;
    char err[256];
    uint32_t next = 0;
    int n, i;

    if (argc > 2) {
        usage(stderr);
        return 2;
    }
    if (argc == 2 && setenv("XENSIM_DIR", argv[1], 1) < 0)
        return 1;
    if (!getenv("XENSIM_DIR")) {
        fprintf(stderr, "xensim: status: give DIR or set XENSIM_DIR\n");
        return 2;
    }
    xch = xc_interface_open_err(0, err, sizeof(err));
    if (!xch) {
        fprintf(stderr, "xensim: status: %s\n", err);
        return 1;
    }
    if (xc_physinfo(xch, &pi) || xc_version_get(xch, &ver)) {
        fprintf(stderr, "xensim: status: %s\n", xc_errmsg(xch));
        xc_interface_close(xch);
        return 1;
    }
    printf("xen_version     : %d.%d%s\n", ver.major, ver.minor,
           ver.extraversion);
    printf("nr_cpus         : %u\nnr_nodes        : %u\n", pi.nr_cpus,
           pi.nr_nodes);
    printf("total_memory    : %llu\nfree_memory     : %llu\n",
           (unsigned long long)(pi.total_pages >> 8),
           (unsigned long long)(pi.free_pages >> 8));
    printf("%-6s %10s %6s %s\n", "ID", "Mem(MiB)", "VCPUs", "State");
    while ((n = xc_domain_getinfolist(xch, next, 64, info)) > 0) {
        for (i = 0; i < n; i++)
            printf("%-6u %10llu %6u %c%c%c%c%c\n", info[i].domid,
                   (unsigned long long)(info[i].nr_pages >> 8),
                   info[i].nr_online_vcpus, info[i].running ? 'r' : '-',
                   info[i].blocked ? 'b' : '-', info[i].paused ? 'p' : '-',
                   info[i].shutdown ? 's' : '-', info[i].dying ? 'd' : '-');
        next = info[n - 1].domid + 1;
    }
    xc_interface_close(xch);
    return n < 0 ? 1 : 0;
}

static int write_file(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f) {
        fprintf(stderr, "xensim: mkkernel: cannot create '%s': %s\n", path,
                strerror(errno));
        return 1;
    }
    ok = fwrite(p, 1, len, f) == len;
    if (fclose(f) != 0)
        ok = 0;
    if (!ok) {
        fprintf(stderr, "xensim: mkkernel: cannot write '%s': %s\n", path,
                strerror(errno));
        return 1;
    }
    return 0;
}

static int cmd_mkkernel(int argc, char **argv)
{
    static const struct option opts[] = {
        { "format", required_argument, NULL, 'f' },
        { NULL, 0, NULL, 0 }
    };
    enum sim_kformat fmt = SIM_KFORMAT_ELF;
    uint8_t *img;
    size_t len;
    char err[256];
    int opt, rc;

    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'f')
            return 2;
        if (!strcmp(optarg, "elf")) {
            fmt = SIM_KFORMAT_ELF;
        } else if (!strcmp(optarg, "bzimage-xz")) {
            fmt = SIM_KFORMAT_BZ_XZ;
        } else if (!strcmp(optarg, "bzimage-gzip")) {
            fmt = SIM_KFORMAT_BZ_GZIP;
        } else if (!strcmp(optarg, "hvmloader")) {
            fmt = SIM_KFORMAT_HVMLOADER;
        } else {
            fprintf(stderr, "xensim: mkkernel: unknown format '%s'\n",
                    optarg);
            return 2;
        }
    }
    if (optind + 1 != argc) {
        usage(stderr);
        return 2;
    }
    if (sim_kernel_make(fmt, &img, &len, err, sizeof(err))) {
        fprintf(stderr, "xensim: mkkernel: %s\n", err);
        return 1;
    }
    rc = write_file(argv[optind], img, len);
    free(img);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "init"))
        return cmd_init(argc - 1, argv + 1);
    if (!strcmp(argv[1], "status"))
        return cmd_status(argc - 1, argv + 1);
    if (!strcmp(argv[1], "mkkernel"))
        return cmd_mkkernel(argc - 1, argv + 1);
    if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "xensim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
