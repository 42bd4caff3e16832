/*
 * Unit tests of libxl's core (ctx, host, domains, vCPUs, credit2, pools,
 * CPU maps) on the simulator: each test gets a fresh XENSIM_DIR.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "xenctrl.h"

static libxl_ctx *ctx;
static char dir[64];

static void setup(void)
{
    char err[256];

    snprintf(dir, sizeof(dir), "/tmp/check_libxl.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XENSIM_DIR", dir, 1);
    unsetenv("XENSIM_DOMID");
    /* No xenstored here: the xenstore-free parts must work without it. */
    setenv("XENSTORED_PATH", "/nonexistent/xenstored/socket", 1);
    ck_assert_int_eq(libxl_ctx_alloc(&ctx, err, sizeof(err)), 0);
}

static void teardown(void)
{
    char cmd[128];

    libxl_ctx_free(ctx);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(ctx_paths_relocated)
{
    char want[128];

    snprintf(want, sizeof(want), "%s/var/lib/xen", dir);
    ck_assert_str_eq(libxl_lib_dir(ctx), want);
    snprintf(want, sizeof(want), "%s/etc/xen", dir);
    ck_assert_str_eq(libxl_config_dir(ctx), want);
}
END_TEST

START_TEST(host_physinfo_version)
{
    const struct libxl_version_info *v;
    struct libxl_physinfo pi;

    ck_assert_int_eq(libxl_get_physinfo(ctx, &pi), 0);
    ck_assert_uint_eq(pi.nr_cpus, 4);
    ck_assert_uint_eq(pi.max_cpu_id, 3);
    ck_assert(pi.total_pages > pi.free_pages);
    v = libxl_get_version_info(ctx);
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v->xen_version_major, 4);
    ck_assert_int_eq(v->xen_version_minor, 17);
    ck_assert_int_eq(libxl_get_scheduler(ctx), LIBXL_SCHEDULER_CREDIT2);
    ck_assert_str_eq(libxl_scheduler_name(LIBXL_SCHEDULER_CREDIT2),
                     "credit2");
}
END_TEST

START_TEST(host_console_ring)
{
    char *text;

    ck_assert_int_eq(libxl_xen_console_read(ctx, false, &text), 0);
    ck_assert_ptr_nonnull(strstr(text, "Xen version"));
    free(text);
}
END_TEST

START_TEST(domain_list_dom0)
{
    struct libxl_dominfo *l, one;
    int n;

    ck_assert_int_eq(libxl_list_domain(ctx, &l, &n), 0);
    ck_assert_int_eq(n, 1);
    ck_assert_uint_eq(l[0].domid, 0);
    ck_assert_uint_eq(l[0].vcpu_online, 4);
    ck_assert(l[0].running);
    ck_assert_uint_eq(l[0].current_memkb, 1024 * 1024);
    libxl_dominfo_list_free(l, n);
    ck_assert_int_eq(libxl_domain_info(ctx, 0, &one), 0);
    ck_assert_uint_eq(one.domid, 0);
    libxl_dominfo_dispose(&one);
}
END_TEST

START_TEST(domain_unknown)
{
    struct libxl_dominfo info;
    uint32_t domid;

    ck_assert_int_eq(libxl_domain_pause(ctx, 4242), -ESRCH);
    ck_assert_str_eq(libxl_errmsg(ctx), "domain 4242: no such domain");
    ck_assert_int_eq(libxl_domain_unpause(ctx, 4242), -ESRCH);
    ck_assert_int_eq(libxl_domain_destroy(ctx, 4242), -ESRCH);
    ck_assert_int_eq(libxl_domain_info(ctx, 4242, &info), -ESRCH);
    ck_assert_int_eq(libxl_domain_qualifier_to_domid(ctx, "0", &domid), 0);
    ck_assert_uint_eq(domid, 0);
    ck_assert_int_eq(libxl_domain_qualifier_to_domid(ctx, "4242", &domid),
                     -ESRCH);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "nosuch", &domid), -ESRCH);
}
END_TEST

START_TEST(cpumap_parse_print)
{
    struct libxl_cpumap m;
    char *s;

    ck_assert_int_eq(libxl_cpumap_parse(ctx, "0-3,^1", &m), 0);
    ck_assert(libxl_cpumap_test(&m, 0));
    ck_assert(!libxl_cpumap_test(&m, 1));
    s = libxl_cpumap_to_string(&m);
    ck_assert_str_eq(s, "0,2-3");
    free(s);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "all", &m), 0);
    s = libxl_cpumap_to_string(&m);
    ck_assert_str_eq(s, "all");
    free(s);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "none", &m), 0);
    s = libxl_cpumap_to_string(&m);
    ck_assert_str_eq(s, "none");
    free(s);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "nodes:0,^3", &m), 0);
    s = libxl_cpumap_to_string(&m);
    ck_assert_str_eq(s, "0-2");
    free(s);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "x", &m), -EINVAL);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "3-1", &m), -EINVAL);
    ck_assert_int_eq(libxl_cpumap_parse(ctx, "", &m), -EINVAL);
}
END_TEST

START_TEST(vcpu_affinity)
{
    struct libxl_vcpuinfo *v;
    struct libxl_cpumap hard;
    char *s;
    int n;

    ck_assert_int_eq(libxl_cpumap_parse(ctx, "2", &hard), 0);
    ck_assert_int_eq(libxl_set_vcpuaffinity(ctx, 0, 1, &hard, NULL), 0);
    ck_assert_int_eq(libxl_list_vcpu(ctx, 0, &v, &n), 0);
    ck_assert_int_eq(n, 4);
    s = libxl_cpumap_to_string(&v[1].hard);
    ck_assert_str_eq(s, "2");
    free(s);
    s = libxl_cpumap_to_string(&v[1].soft);
    ck_assert_str_eq(s, "all");
    free(s);
    free(v);
    ck_assert_int_eq(libxl_list_vcpu(ctx, 4242, &v, &n), -ESRCH);
}
END_TEST

START_TEST(credit2_params)
{
    struct libxl_sched_params p = { .weight = 512, .cap = -1 };
    uint32_t rl;

    ck_assert_int_eq(libxl_sched_credit2_set(ctx, 0, &p), 0);
    ck_assert_int_eq(libxl_sched_credit2_get(ctx, 0, &p), 0);
    ck_assert_int_eq(p.weight, 512);
    ck_assert_int_eq(p.cap, 0);
    p.weight = 0;
    ck_assert_int_eq(libxl_sched_credit2_set(ctx, 0, &p), -EINVAL);
    ck_assert_int_eq(libxl_sched_credit2_ratelimit_set(ctx, 0, 2000), 0);
    ck_assert_int_eq(libxl_sched_credit2_ratelimit_get(ctx, 0, &rl), 0);
    ck_assert_uint_eq(rl, 2000);
    ck_assert_int_eq(libxl_sched_credit2_ratelimit_set(ctx, 0, 10),
                     -EINVAL);
}
END_TEST

START_TEST(cpupool_list)
{
    struct libxl_cpupoolinfo *p;
    char *s;
    int n;

    ck_assert_int_eq(libxl_list_cpupool(ctx, &p, &n), 0);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(p[0].pool_name, "Pool-0");
    ck_assert_int_eq(p[0].sched, LIBXL_SCHEDULER_CREDIT2);
    ck_assert_uint_eq(p[0].n_dom, 1);
    s = libxl_cpumap_to_string(&p[0].cpumap);
    ck_assert_str_eq(s, "all");
    free(s);
    libxl_cpupoolinfo_list_free(p, n);
}
END_TEST

/* A guest made directly through libxenctrl (libxl cannot create yet). */
static uint32_t make_guest(void)
{
    struct xc_domain_create c = { .max_vcpus = 2, .max_evtchn_port = 1023,
                                  .max_grant_frames = 32,
                                  .max_maptrack_frames = 0 };
    xc_interface *xch = xc_interface_open(0);
    uint32_t domid = XC_DOMID_INVALID;

    ck_assert_ptr_nonnull(xch);
    c.handle[0] = 0x42;
    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    xc_interface_close(xch);
    return domid;
}

START_TEST(domain_pause_destroy)
{
    struct libxl_dominfo info;
    struct libxl_dominfo *l;
    uint32_t domid = make_guest();
    int n;

    /* New domains start paused, as on Xen. */
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), 0);
    ck_assert(info.paused);
    libxl_dominfo_dispose(&info);
    ck_assert_int_eq(libxl_domain_unpause(ctx, domid), 0);
    ck_assert_int_eq(libxl_domain_pause(ctx, domid), 0);
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), 0);
    ck_assert(info.paused);
    ck_assert_uint_eq(info.uuid[0], 0x42);
    libxl_dominfo_dispose(&info);
    ck_assert_int_eq(libxl_domain_unpause(ctx, domid), 0);
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), 0);
    ck_assert(!info.paused);
    libxl_dominfo_dispose(&info);
    ck_assert_int_eq(libxl_list_domain(ctx, &l, &n), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_uint_eq(l[1].domid, domid);
    libxl_dominfo_list_free(l, n);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), -ESRCH);
}
END_TEST

static Suite *libxl_suite(void)
{
    Suite *s = suite_create("libxl");
    TCase *tc;

    tc = tcase_create("host");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ctx_paths_relocated);
    tcase_add_test(tc, host_physinfo_version);
    tcase_add_test(tc, host_console_ring);
    suite_add_tcase(s, tc);
    tc = tcase_create("domain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, domain_list_dom0);
    tcase_add_test(tc, domain_unknown);
    tcase_add_test(tc, domain_pause_destroy);
    suite_add_tcase(s, tc);
    tc = tcase_create("cpu");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, cpumap_parse_print);
    tcase_add_test(tc, vcpu_affinity);
    tcase_add_test(tc, credit2_params);
    tcase_add_test(tc, cpupool_list);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(libxl_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
