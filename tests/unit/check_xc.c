/*
 * Unit tests of libxenctrl: marshalling of domain, host and version
 * operations checked against the simulator, and the privcmd backend's
 * failure on a machine without Xen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check_xc.h"
#include "xc_private.h"

xc_interface *xch;
char xct_dir[256];

void xct_setup_conf(const char *conf)
{
    char path[300], cmd[300];
    FILE *f;

    snprintf(xct_dir, sizeof(xct_dir), "/tmp/check_xc.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(xct_dir));
    if (conf) {
        snprintf(path, sizeof(path), "%s/xensim.conf", xct_dir);
        f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(conf, f);
        fclose(f);
    }
    (void)cmd;
    setenv("XENSIM_DIR", xct_dir, 1);
    unsetenv("XENSIM_DOMID");
    xch = xc_interface_open(0);
    ck_assert_ptr_nonnull(xch);
}

void xct_setup(void)
{
    xct_setup_conf(NULL);
}

void xct_teardown(void)
{
    char cmd[300];

    xc_interface_close(xch);
    xch = NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", xct_dir);
    ck_assert_int_eq(system(cmd), 0);
}

uint32_t xct_create(unsigned vcpus)
{
    struct xc_domain_create c = { .max_vcpus = vcpus,
                                  .max_evtchn_port = 1023,
                                  .max_grant_frames = 4,
                                  .max_maptrack_frames = 1 };
    uint32_t domid = 0;

    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    return domid;
}

START_TEST(backend_is_sim)
{
    ck_assert_str_eq(xc_backend_name(xch), "sim");
    ck_assert_uint_eq(xc_self_domid(xch), 0);
}
END_TEST

START_TEST(dom0_exists)
{
    struct xc_dominfo i;

    ck_assert_int_eq(xc_domain_getinfo_single(xch, 0, &i), 0);
    ck_assert_uint_eq(i.domid, 0);
    ck_assert(i.running);
    ck_assert(!i.paused);
    ck_assert_uint_eq(i.nr_pages, 1024 * 256);
    ck_assert_uint_eq(i.nr_online_vcpus, 4);
}
END_TEST

START_TEST(create_pause_destroy)
{
    struct xc_dominfo i;
    uint8_t uuid[16] = { 1, 2, 3 };
    struct xc_domain_create c = { .max_vcpus = 2, .max_evtchn_port = 100,
                                  .max_grant_frames = -1,
                                  .max_maptrack_frames = -1,
                                  .flags = XC_DOMCREATE_HVM |
                                           XC_DOMCREATE_HAP,
                                  .arch_emulation_flags = 1, /* LAPIC */
                                  .ssidref = 7 };
    uint32_t domid = 0;

    memcpy(c.handle, uuid, 16);
    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    ck_assert_uint_eq(domid, 1);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 1, &i), 0);
    ck_assert(i.paused && !i.running && i.hvm && i.hap && !i.dying);
    ck_assert_uint_eq(i.ssidref, 7);
    ck_assert_uint_eq(i.max_vcpu_id, 1);
    ck_assert_mem_eq(i.handle, uuid, 16);
    ck_assert_int_eq(xc_domain_unpause(xch, 1), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 1, &i), 0);
    ck_assert(i.running && !i.paused);
    ck_assert_int_eq(xc_domain_unpause(xch, 1), -EINVAL);
    ck_assert_int_eq(xc_domain_pause(xch, 1), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 1, &i), 0);
    ck_assert(i.paused);
    uuid[0] = 9;
    ck_assert_int_eq(xc_domain_sethandle(xch, 1, uuid), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 1, &i), 0);
    ck_assert_uint_eq(i.handle[0], 9);
    ck_assert_int_eq(xc_domain_destroy(xch, 1), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 1, &i), -ESRCH);
    ck_assert_ptr_nonnull(strstr(xc_errmsg(xch), "no such domain"));
    ck_assert_int_eq(xc_domain_pause(xch, 1), -ESRCH);
    ck_assert_int_eq(xc_domain_destroy(xch, 0), -EINVAL);
}
END_TEST

START_TEST(create_explicit_domid)
{
    struct xc_domain_create c = { .max_vcpus = 1 };
    uint32_t domid = 42;

    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    ck_assert_uint_eq(domid, 42);
    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), -EEXIST);
    domid = 0;
    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    ck_assert_uint_eq(domid, 1);
    c.max_vcpus = 0;
    domid = 0;
    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), -EINVAL);
}
END_TEST

/* Xen 4.17 accepts only these emulator sets (emulation_flags_ok). */
START_TEST(create_emulation_flags)
{
    static const struct { unsigned flags; uint32_t emu; int rc; } t[] = {
        { 0, 0, 0 },
        { 0, 1U << 8, 0 },                          /* PV + PIT */
        { 0, 1, -EOPNOTSUPP },                      /* PV + LAPIC */
        { XC_DOMCREATE_HVM | XC_DOMCREATE_HAP, 1, 0 },          /* PVH */
        { XC_DOMCREATE_HVM | XC_DOMCREATE_HAP, 0x3ff, 0 },      /* HVM */
        { XC_DOMCREATE_HVM | XC_DOMCREATE_HAP, 0x7ff, -EOPNOTSUPP },
        { XC_DOMCREATE_HVM | XC_DOMCREATE_HAP, 0, -EOPNOTSUPP },
        { XC_DOMCREATE_HVM | XC_DOMCREATE_HAP, 3, -EOPNOTSUPP },
    };
    unsigned i;

    for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct xc_domain_create c = { .max_vcpus = 1, .flags = t[i].flags,
                                      .max_grant_frames = -1,
                                      .max_maptrack_frames = -1,
                                      .arch_emulation_flags = t[i].emu };
        uint32_t domid = 0;

        ck_assert_msg(xc_domain_create(xch, &domid, &c) == t[i].rc,
                      "case %u", i);
        if (!t[i].rc)
            ck_assert_int_eq(xc_domain_destroy(xch, domid), 0);
    }
}
END_TEST

START_TEST(ids_reused_first_free)
{
    uint32_t a = xct_create(1), b = xct_create(1), c = xct_create(1);

    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(c, 3);
    ck_assert_int_eq(xc_domain_destroy(xch, b), 0);
    ck_assert_uint_eq(xct_create(1), 2);
}
END_TEST

START_TEST(getinfolist_order_paging)
{
    struct xc_dominfo info[4];
    uint32_t seen[32], next = 0;
    int n, total = 0, i;

    for (i = 0; i < 10; i++)
        xct_create(1);
    ck_assert_int_eq(xc_domain_destroy(xch, 3), 0);
    while ((n = xc_domain_getinfolist(xch, next, 4, info)) > 0) {
        ck_assert_int_le(n, 4);
        for (i = 0; i < n; i++)
            seen[total++] = info[i].domid;
        next = info[n - 1].domid + 1;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(total, 10);           /* dom0 + 9 */
    ck_assert_uint_eq(seen[0], 0);
    ck_assert_uint_eq(seen[3], 4);
    for (i = 1; i < total; i++)
        ck_assert_uint_gt(seen[i], seen[i - 1]);
    ck_assert_int_eq(xc_domain_getinfolist(xch, 11, 4, info), 0);
    /* getinfo_single on a hole does not answer with the next domain. */
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 3, info), -ESRCH);
}
END_TEST

START_TEST(getinfolist_1000_fast)
{
    static struct xc_dominfo info[1100];
    struct timespec a, b;
    double ms;
    int i;

    for (i = 0; i < 1000; i++)
        xct_create(1);
    clock_gettime(CLOCK_MONOTONIC, &a);
    ck_assert_int_eq(xc_domain_getinfolist(xch, 0, 1100, info), 1001);
    clock_gettime(CLOCK_MONOTONIC, &b);
    ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
         (double)(b.tv_nsec - a.tv_nsec) / 1e6;
    ck_assert_uint_eq(info[1000].domid, 1000);
    ck_assert_msg(ms < 100.0, "getdomaininfolist of 1000 took %.1f ms", ms);
}
END_TEST

START_TEST(shutdown_reasons)
{
    struct xc_dominfo i;
    uint32_t d = xct_create(1);

    ck_assert_int_eq(xc_domain_unpause(xch, d), 0);
    ck_assert_int_eq(xc_domain_shutdown(xch, d, XC_SHUTDOWN_CRASH), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert(i.shutdown && i.crashed && !i.running);
    ck_assert_uint_eq(i.shutdown_reason, XC_SHUTDOWN_CRASH);
    ck_assert_int_eq(xc_domain_shutdown(xch, 77, 0), -ESRCH);
    d = xct_create(1);
    ck_assert_int_eq(xc_domain_shutdown(xch, d, 99), -EINVAL);
    ck_assert_int_eq(xc_domain_soft_reset(xch, d), -EINVAL);
    ck_assert_int_eq(xc_domain_shutdown(xch, d, XC_SHUTDOWN_SOFT_RESET), 0);
    ck_assert_int_eq(xc_domain_soft_reset(xch, d), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert(!i.shutdown);
}
END_TEST

START_TEST(vcpus_and_affinity)
{
    uint8_t hard[XC_CPUMAP_BYTES] = { 0 }, soft[XC_CPUMAP_BYTES];
    vcpu_guest_context_t ctx, back;
    struct xc_vcpuinfo vi;
    struct xc_dominfo i;
    uint32_t d = xct_create(2);

    ck_assert_int_eq(xc_domain_max_vcpus(xch, d, 2), 0);
    ck_assert_int_eq(xc_domain_max_vcpus(xch, d, 3), -EINVAL);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 1, &vi), 0);
    ck_assert(!vi.online);
    memset(&ctx, 0x5a, sizeof(ctx));
    ck_assert_int_eq(xc_vcpu_setcontext(xch, d, 1, &ctx, sizeof(ctx)), 0);
    ck_assert_int_eq(xc_vcpu_getcontext(xch, d, 1, &back, sizeof(back)), 0);
    ck_assert_mem_eq(&ctx, &back, sizeof(ctx));
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 1, &vi), 0);
    ck_assert(vi.online && !vi.running);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 2, &vi), -ESRCH);

    hard[0] = 0x04;                       /* CPU 2 only */
    memset(soft, 0xff, sizeof(soft));
    ck_assert_int_eq(xc_vcpu_setaffinity(xch, d, 0, hard, soft,
                                         sizeof(hard)), 0);
    ck_assert_uint_eq(soft[0], 0x0f);     /* effective: 4 host CPUs */
    memset(hard, 0, sizeof(hard));
    ck_assert_int_eq(xc_vcpu_getaffinity(xch, d, 0, hard, NULL,
                                         sizeof(hard)), 0);
    ck_assert_uint_eq(hard[0], 0x04);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 0, &vi), 0);
    ck_assert_uint_eq(vi.cpu, 2);
    hard[0] = 0x10;                       /* offline CPU only */
    ck_assert_int_eq(xc_vcpu_setaffinity(xch, d, 0, hard, NULL,
                                         sizeof(hard)), -EINVAL);

    ck_assert_int_eq(xc_domain_unpause(xch, d), 0);
    usleep(20000);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 0, &vi), 0);
    ck_assert(vi.running);
    ck_assert_uint_ge(vi.cpu_time, 10000000);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.nr_online_vcpus, 2);
    ck_assert_uint_ge(i.cpu_time, 2 * 10000000ULL);
}
END_TEST

START_TEST(misc_domctls)
{
    struct xc_dominfo i;
    uint32_t d = xct_create(1), d2 = xct_create(1);
    uint64_t pages = 64, v;
    uint8_t bitmap[8];
    uint32_t mb = 8;

    ck_assert_int_eq(xc_domain_setmaxmem(xch, d, 4096), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.max_memkb, 4096);
    ck_assert_int_eq(xc_domain_set_time_offset(xch, d, -3600), 0);
    ck_assert_int_eq(xc_domain_set_target(xch, d2, d), 0);
    ck_assert_int_eq(xc_domain_set_target(xch, d2, 999), -ESRCH);
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_SET_ALLOCATION,
                                       NULL, NULL, &mb), 0);
    mb = 0;
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_GET_ALLOCATION,
                                       NULL, NULL, &mb), 0);
    ck_assert_uint_eq(mb, 8);
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_PEEK, bitmap,
                                       &pages, NULL), -EINVAL);
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_ENABLE_LOGDIRTY,
                                       NULL, NULL, NULL), 0);
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_CLEAN, bitmap,
                                       &pages, NULL), 0);
    ck_assert_int_eq(xc_shadow_control(xch, d, XC_SHADOW_OP_OFF, NULL,
                                       NULL, NULL), 0);
    ck_assert_int_eq(xc_hvm_param_set(xch, d, HVM_PARAM_STORE_PFN, 0xfeffc),
                     0);
    ck_assert_int_eq(xc_hvm_param_get(xch, d, HVM_PARAM_STORE_PFN, &v), 0);
    ck_assert_uint_eq(v, 0xfeffc);
    ck_assert_int_eq(xc_hvm_param_get(xch, d, 1000, &v), -EINVAL);
}
END_TEST

START_TEST(tsc_info)
{
    uint32_t d = xct_create(1), mode, khz, inc;
    struct xc_physinfo pi;
    uint64_t ns;

    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    /* A new domain: default mode at the host's frequency. */
    ck_assert_int_eq(xc_domain_get_tsc_info(xch, d, &mode, &ns, &khz, &inc),
                     0);
    ck_assert_uint_eq(mode, XC_TSC_MODE_DEFAULT);
    ck_assert_uint_eq(khz, pi.cpu_khz);
    ck_assert_int_eq(xc_domain_set_tsc_info(xch, d,
                                            XC_TSC_MODE_ALWAYS_EMULATE,
                                            12345, 0, 3), 0);
    ck_assert_int_eq(xc_domain_get_tsc_info(xch, d, &mode, &ns, &khz, &inc),
                     0);
    ck_assert_uint_eq(mode, XC_TSC_MODE_ALWAYS_EMULATE);
    ck_assert_uint_eq(ns, 12345);
    ck_assert_uint_eq(khz, pi.cpu_khz);
    ck_assert_uint_eq(inc, 3);
    ck_assert_int_eq(xc_domain_set_tsc_info(xch, d, 3, 0, 0, 0), -EINVAL);
    ck_assert_int_eq(xc_domain_set_tsc_info(xch, 0,
                                            XC_TSC_MODE_NEVER_EMULATE, 0, 0,
                                            0), -EINVAL);
    ck_assert_int_eq(xc_domain_set_tsc_info(xch, 0, XC_TSC_MODE_DEFAULT, 0,
                                            0, 0), 0);
    ck_assert_int_eq(xc_domain_set_tsc_info(xch, 999, 0, 0, 0, 0), -ESRCH);
}
END_TEST

START_TEST(host_info)
{
    struct xc_physinfo pi;
    struct xc_cputopo topo[8];
    struct xc_meminfo mem[2];
    uint32_t dist[4];
    unsigned n = 8;
    struct xc_cpupoolinfo pools[4];
    int sched;

    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.nr_cpus, 8);
    ck_assert_uint_eq(pi.nr_nodes, 2);
    ck_assert_uint_eq(pi.max_cpu_id, 7);
    ck_assert_uint_eq(pi.total_pages, 2048 * 256);
    ck_assert_uint_eq(pi.free_pages, (2048 - 256) * 256);
    ck_assert(pi.capabilities & XC_PHYSCAP_HVM);
    ck_assert(pi.capabilities & XC_PHYSCAP_PV);
    ck_assert_int_eq(xc_cputopoinfo(xch, &n, topo), 0);
    ck_assert_uint_eq(n, 8);
    ck_assert_uint_eq(topo[7].node, 1);
    ck_assert_uint_eq(topo[0].node, 0);
    n = 0;
    ck_assert_int_eq(xc_cputopoinfo(xch, &n, NULL), 0);
    ck_assert_uint_eq(n, 8);
    n = 2;
    ck_assert_int_eq(xc_numainfo(xch, &n, mem, dist), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(mem[0].memsize, 1024ULL << 20);
    ck_assert_uint_eq(dist[0], 10);
    ck_assert_uint_eq(dist[1], 20);
    ck_assert_int_eq(xc_sched_id(xch, &sched), 0);
    ck_assert_int_eq(sched, XC_SCHED_CREDIT2);
    ck_assert_int_eq(xc_cpupool_list(xch, pools, 4), 1);
    ck_assert_uint_eq(pools[0].n_dom, 1);
    ck_assert_uint_eq(pools[0].cpumap[0], 0xff);
    ck_assert_int_eq(xc_cpupool_getinfo(xch, 3, pools), -ENOENT);
}
END_TEST

START_TEST(sched_params)
{
    struct xc_sched_credit p = { .weight = 512, .cap = 50 };
    uint32_t d = xct_create(1), rl;

    ck_assert_int_eq(xc_sched_credit2_domain_set(xch, d, &p), 0);
    memset(&p, 0, sizeof(p));
    ck_assert_int_eq(xc_sched_credit2_domain_get(xch, d, &p), 0);
    ck_assert_uint_eq(p.weight, 512);
    ck_assert_uint_eq(p.cap, 50);
    /* The host runs credit2: credit1 requests are refused like Xen. */
    ck_assert_int_eq(xc_sched_credit_domain_get(xch, d, &p), -EINVAL);
    ck_assert_int_eq(xc_sched_credit2_params_set(xch, 0, 2000), 0);
    ck_assert_int_eq(xc_sched_credit2_params_get(xch, 0, &rl), 0);
    ck_assert_uint_eq(rl, 2000);
    ck_assert_int_eq(xc_sched_credit2_params_get(xch, 5, &rl), -ENOENT);
}
END_TEST

START_TEST(console_ring)
{
    char buf[16384];
    unsigned size = sizeof(buf) - 1;
    uint32_t idx = 0;

    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, NULL), 0);
    buf[size] = 0;
    ck_assert_ptr_nonnull(strstr(buf, "(XEN) Xen version 4.17"));
    size = sizeof(buf) - 1;
    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, &idx), 0);
    ck_assert_uint_gt(idx, 0);
    xct_create(1);
    size = sizeof(buf) - 1;
    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, &idx), 0);
    buf[size] = 0;
    ck_assert_ptr_nonnull(strstr(buf, "d1: created"));
    ck_assert_ptr_null(strstr(buf, "Xen version"));
    size = sizeof(buf) - 1;
    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, true, NULL), 0);
    ck_assert_uint_gt(size, 0);
    size = sizeof(buf) - 1;
    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, NULL), 0);
    ck_assert_uint_eq(size, 0);
    ck_assert_int_eq(xc_domain_destroy(xch, 1), 0);
    size = sizeof(buf) - 1;
    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, NULL), 0);
    buf[size] = 0;
    ck_assert_str_eq(buf, "(XEN) d1: destroyed\n");
}
END_TEST

START_TEST(version_strings)
{
    struct xc_version_info v;
    int major, minor;

    ck_assert_int_eq(xc_version(xch, &major, &minor), 0);
    ck_assert_int_eq(major, 4);
    ck_assert_int_eq(minor, 17);
    ck_assert_int_eq(xc_version_get(xch, &v), 0);
    ck_assert_str_eq(v.extraversion, ".3-sim");
    ck_assert_ptr_nonnull(strstr(v.capabilities, "xen-3.0-x86_64"));
    ck_assert_str_eq(v.changeset, "xensim");
    ck_assert_uint_eq(v.pagesize, 4096);
    ck_assert_uint_ne(v.virt_start, 0);
    /* A stable 20-byte build id, printed as 40 hex digits. */
    ck_assert_uint_eq(strlen(v.build_id), 40);
    ck_assert_uint_eq(strspn(v.build_id, "0123456789abcdef"), 40);
    {
        struct xc_version_info w;
        xc_interface *x2 = xc_interface_open(0);

        ck_assert_ptr_nonnull(x2);
        ck_assert_int_eq(xc_version_get(x2, &w), 0);
        ck_assert_str_eq(w.build_id, v.build_id);
        xc_interface_close(x2);
    }
    ck_assert_ptr_nonnull(strstr(v.commandline, "dom0_mem"));
}
END_TEST

START_TEST(version_from_config)
{
    struct xc_version_info v;

    ck_assert_int_eq(xc_version_get(xch, &v), 0);
    ck_assert_int_eq(v.major, 4);
    ck_assert_int_eq(v.minor, 18);
    ck_assert_str_eq(v.extraversion, ".0");
    ck_assert_str_eq(v.commandline, "console=com1");
}
END_TEST

START_TEST(unknown_ops_enosys)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_gdbsx_guestmemio };
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_perfc_op };

    ck_assert_int_eq(xc__domctl(xch, &d), -ENOSYS);
    ck_assert_int_eq(xc__sysctl(xch, &s), -ENOSYS);
    ck_assert_int_eq(xc__hypercall(xch, __HYPERVISOR_mmu_update, 0, 0, 0, 0,
                                   0), -ENOSYS);
    ck_assert_int_eq(xc__hypercall(xch, __HYPERVISOR_xen_version, 99, 0, 0,
                                   0, 0), -ENOSYS);
}
END_TEST

START_TEST(interface_version_checked)
{
    struct xen_domctl *d = calloc(1, sizeof(*d));

    d->cmd = XEN_DOMCTL_getdomaininfo;
    d->interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
    ck_assert_int_eq(xc__hypercall(xch, __HYPERVISOR_domctl, (uintptr_t)d,
                                   0, 0, 0, 0), -EACCES);
    free(d);
}
END_TEST

/*
 * A hypervisor of another release: a backend that, like Xen, answers
 * -EACCES to any domctl/sysctl whose interface version is not its own.
 */
static long other_xen_hypercall(xc_interface *h, const struct xc_hcall *hc)
{
    (void)h;
    if (hc->op == __HYPERVISOR_domctl) {
        struct xen_domctl *d = (void *)(uintptr_t)hc->arg[0];
        return d->interface_version == 0x12 ? 0 : -EACCES;
    }
    if (hc->op == __HYPERVISOR_sysctl)
        return -EACCES;
    return -ENOSYS;
}

START_TEST(interface_mismatch_message)
{
    struct xc_backend be = *xch->be;
    const struct xc_backend *saved = xch->be;
    struct xc_dominfo i;
    struct xc_physinfo pi;

    be.hypercall = other_xen_hypercall;
    xch->be = &be;
    ck_assert_int_eq(xc_domain_getinfo_single(xch, 0, &i), -EACCES);
    ck_assert_ptr_nonnull(strstr(xc_errmsg(xch), "version 0x00000012"));
    ck_assert_ptr_nonnull(strstr(xc_errmsg(xch), "0x00000015"));
    ck_assert_int_eq(xc_physinfo(xch, &pi), -EACCES);
    ck_assert_ptr_nonnull(strstr(xc_errmsg(xch), "does not speak sysctl"));
    xch->be = saved;
}
END_TEST

START_TEST(guest_may_not_domctl)
{
    xc_interface *g;
    struct xc_dominfo i;
    uint32_t d = xct_create(1);
    char v[8];

    snprintf(v, sizeof(v), "%u", d);
    setenv("XENSIM_DOMID", v, 1);
    g = xc_interface_open(0);
    unsetenv("XENSIM_DOMID");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(xc_self_domid(g), d);
    ck_assert_int_eq(xc_domain_getinfo_single(g, d, &i), -EPERM);
    xc_interface_close(g);
}
END_TEST

START_TEST(privcmd_absent_clear_error)
{
    char err[256];
    xc_interface *p;
    xc_evtchn *e;

    if (access("/dev/xen/privcmd", F_OK) == 0)
        return;                            /* a real Dom0: nothing to see */
    p = xc_interface_open_err(XC_OPEN_PRIVCMD, err, sizeof(err));
    ck_assert_ptr_null(p);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_ptr_nonnull(strstr(err, "/dev/xen/privcmd"));
    ck_assert_ptr_nonnull(strstr(err, "XENSIM_DIR"));
    e = xc_evtchn_open_err(XC_OPEN_PRIVCMD, err, sizeof(err));
    ck_assert_ptr_null(e);
    ck_assert_ptr_nonnull(strstr(err, "/dev/xen/evtchn"));
}
END_TEST

START_TEST(missing_simdir)
{
    char err[256];
    xc_interface *p;

    setenv("XENSIM_DIR", "/nonexistent/xensim", 1);
    p = xc_interface_open_err(0, err, sizeof(err));
    setenv("XENSIM_DIR", xct_dir, 1);
    ck_assert_ptr_null(p);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/xensim"));
}
END_TEST

/* Run "$top_builddir/libxenctrl/xensim ARGS" and capture its output. */
static int run_xensim(const char *args, char *out, size_t len)
{
    const char *top = getenv("top_builddir");
    char cmd[1024];
    FILE *f;
    size_t n;

    snprintf(cmd, sizeof(cmd), "%s/libxenctrl/xensim %s 2>&1",
             top ? top : ".", args);
    f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(out, 1, len - 1, f);
    out[n] = 0;
    return pclose(f);
}

START_TEST(xensim_cli)
{
    char args[512], out[4096], dir[300];

    snprintf(dir, sizeof(dir), "%s/host2", xct_dir);
    snprintf(args, sizeof(args), "init %s --cpus 16 --memory 4096 "
             "--nodes 2", dir);
    ck_assert_int_eq(run_xensim(args, out, sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "16 CPUs"));
    ck_assert_int_ne(run_xensim(args, out, sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "already"));
    snprintf(args, sizeof(args), "status %s", dir);
    ck_assert_int_eq(run_xensim(args, out, sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "nr_cpus         : 16"));
    ck_assert_ptr_nonnull(strstr(out, "total_memory    : 4096"));
    ck_assert_ptr_nonnull(strstr(out, "\n0 "));
    ck_assert_int_ne(run_xensim("frobnicate", out, sizeof(out)), 0);
    ck_assert_int_ne(run_xensim("init /tmp/x --cpus zero", out,
                                sizeof(out)), 0);
}
END_TEST

static void setup_big(void)
{
    xct_setup_conf("cpus = 8\nnodes = 2\nmemory_mib = 2048\n"
                   "dom0_memory_mib = 256\ncores_per_socket = 4\n");
}

static void setup_ver(void)
{
    xct_setup_conf("xen_minor = 18\nxen_extra = .0\n"
                   "commandline = console=com1\n");
}

static Suite *xc_suite(void)
{
    Suite *s = suite_create("xenctrl");
    TCase *tc = tcase_create("domain");

    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, backend_is_sim);
    tcase_add_test(tc, dom0_exists);
    tcase_add_test(tc, create_pause_destroy);
    tcase_add_test(tc, create_explicit_domid);
    tcase_add_test(tc, create_emulation_flags);
    tcase_add_test(tc, ids_reused_first_free);
    tcase_add_test(tc, getinfolist_order_paging);
    tcase_add_test(tc, getinfolist_1000_fast);
    tcase_add_test(tc, shutdown_reasons);
    tcase_add_test(tc, vcpus_and_affinity);
    tcase_add_test(tc, misc_domctls);
    tcase_add_test(tc, tsc_info);
    tcase_add_test(tc, sched_params);
    tcase_add_test(tc, guest_may_not_domctl);
    suite_add_tcase(s, tc);

    tc = tcase_create("host");
    tcase_add_checked_fixture(tc, setup_big, xct_teardown);
    tcase_add_test(tc, host_info);
    suite_add_tcase(s, tc);

    tc = tcase_create("version");
    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_add_test(tc, console_ring);
    tcase_add_test(tc, version_strings);
    tcase_add_test(tc, unknown_ops_enosys);
    tcase_add_test(tc, interface_version_checked);
    tcase_add_test(tc, interface_mismatch_message);
    tcase_add_test(tc, privcmd_absent_clear_error);
    tcase_add_test(tc, missing_simdir);
    tcase_add_test(tc, xensim_cli);
    suite_add_tcase(s, tc);

    tc = tcase_create("version_config");
    tcase_add_checked_fixture(tc, setup_ver, xct_teardown);
    tcase_add_test(tc, version_from_config);
    suite_add_tcase(s, tc);

    suite_add_tcase(s, xct_mem_tcase());
    suite_add_tcase(s, xct_evtchn_tcase());
    suite_add_tcase(s, xct_hvm_tcase());
    suite_add_tcase(s, xct_save_tcase());
    suite_add_tcase(s, xct_logdirty_tcase());
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(xc_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
