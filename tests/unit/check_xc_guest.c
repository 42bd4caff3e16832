/*
 * Unit tests of the simulator's guest kernel without the domain builder:
 * a PVH-shaped domain laid out by hand (marker at the kernel's load
 * address, HVM console params, hvm_start_info with a command line) boots
 * on unpause, prints on its console ring and obeys xensim.crash=.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "xenctrl.h"
#include "sim/sim_guest.h"

#define KERNEL_GFN (SIM_GUEST_PADDR >> 12)
#define START_GFN (KERNEL_GFN + 5)
#define CONSOLE_GFN (KERNEL_GFN + 16)

static xc_interface *xch;
static char dir[64];
static uint32_t dom;

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/check_xc_guest.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("XENSIM_DIR", dir, 1);
    unsetenv("XENSIM_DOMID");
    xch = xc_interface_open(0);
    ck_assert_ptr_nonnull(xch);
}

static void teardown(void)
{
    char cmd[128];

    if (dom)
        xc_domain_destroy(xch, dom);
    dom = 0;
    xc_interface_close(xch);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void *map(uint64_t gfn)
{
    void *p = xc_map_foreign_pages(xch, dom, PROT_READ | PROT_WRITE, &gfn,
                                   1);

    ck_assert_ptr_nonnull(p);
    return p;
}

/* A PVH domain as the builder leaves it, with or without our kernel. */
static void make_domain(bool marker, const char *cmdline)
{
    struct xc_domain_create c = { .flags = XC_DOMCREATE_HVM |
                                           XC_DOMCREATE_HAP,
                                  .max_vcpus = 1, .max_evtchn_port = 1023,
                                  .max_grant_frames = 4,
                                  .max_maptrack_frames = 1,
                                  .arch_emulation_flags = 1 /* LAPIC */ };
    struct hvm_start_info *si;
    uint64_t g;
    int port;
    char *p;

    dom = 0;
    ck_assert_int_eq(xc_domain_create(xch, &dom, &c), 0);
    for (g = KERNEL_GFN; g <= CONSOLE_GFN; g++)
        ck_assert_int_eq(xc_domain_populate_physmap_exact(xch, dom, 1, 0, 0,
                                                          &g), 0);
    p = map(KERNEL_GFN);
    if (marker)
        memcpy(p + SIM_GUEST_MARKER_OFF, SIM_GUEST_MARKER,
               sizeof(SIM_GUEST_MARKER));
    xc_unmap_foreign(xch, p, 1);
    si = map(START_GFN);
    si->magic = XEN_HVM_START_MAGIC_VALUE;
    si->version = 1;
    si->cmdline_paddr = (START_GFN << 12) + 0x100;
    strcpy((char *)si + 0x100, cmdline);
    xc_unmap_foreign(xch, si, 1);
    port = xc_evtchn_alloc_unbound(xch, dom, 0);
    ck_assert_int_gt(port, 0);
    ck_assert_int_eq(xc_hvm_param_set(xch, dom, HVM_PARAM_CONSOLE_PFN,
                                      CONSOLE_GFN), 0);
    ck_assert_int_eq(xc_hvm_param_set(xch, dom, HVM_PARAM_CONSOLE_EVTCHN,
                                      (uint64_t)port), 0);
}

/* Wait for text in the console's output ring (never consumed here). */
static bool console_has(struct xencons_interface *c, const char *text,
                        int ms)
{
    char buf[sizeof(c->out) + 1];
    XENCONS_RING_IDX n;

    for (; ms > 0; ms -= 20) {
        n = c->out_prod < sizeof(c->out) ? c->out_prod : sizeof(c->out);
        memcpy(buf, (const char *)c->out, n);
        buf[n] = 0;
        if (strstr(buf, text))
            return true;
        usleep(20 * 1000);
    }
    return false;
}

static bool hv_log_has(const char *text)
{
    static char buf[65536];
    unsigned size = sizeof(buf) - 1;

    ck_assert_int_eq(xc_readconsolering(xch, buf, &size, false, NULL),
                     0);
    buf[size] = 0;
    return strstr(buf, text) != NULL;
}

START_TEST(pvh_guest_boots_and_crashes)
{
    struct xencons_interface *con;
    struct xc_dominfo info;
    char line[64];
    int ms;

    make_domain(true, "console=hvc0 xensim.crash=0.3");
    con = map(CONSOLE_GFN);
    ck_assert_int_eq(xc_domain_unpause(xch, dom), 0);
    snprintf(line, sizeof(line), "XENSIM GUEST UP domid=%u", dom);
    ck_assert(console_has(con, line, 10000));
    ck_assert(console_has(con, "Command line: console=hvc0 xensim.crash=0.3",
                          10));
    ck_assert(console_has(con, "on Xen PVH", 10));
    for (ms = 10000; ms > 0; ms -= 20) {
        ck_assert_int_eq(xc_domain_getinfo_single(xch, dom, &info), 0);
        if (info.shutdown)
            break;
        usleep(20 * 1000);
    }
    ck_assert(info.shutdown);
    ck_assert_uint_eq(info.shutdown_reason, XC_SHUTDOWN_CRASH);
    ck_assert(console_has(con, "Kernel panic", 10));
    xc_unmap_foreign(xch, con, 1);
}
END_TEST

START_TEST(other_kernels_do_not_boot)
{
    make_domain(false, "");
    ck_assert_int_eq(xc_domain_unpause(xch, dom), 0);
    ck_assert(!hv_log_has("simulated guest kernel started"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("xc_guest");
    TCase *tc = tcase_create("pvh");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pvh_guest_boots_and_crashes);
    tcase_add_test(tc, other_kernels_do_not_boot);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
