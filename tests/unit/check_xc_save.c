/*
 * Unit tests of the libxenctrl calls PV save and restore use, on the
 * simulator: page types derived from pinned page tables, extended /
 * XSAVE / MSR vCPU state, the highest gpfn, suspend and resume.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "check_xc.h"
#include "xc_private.h"
#include "sim/sim_guest.h"

static void populate(uint32_t d, uint64_t first, unsigned n)
{
    uint64_t g[64];
    unsigned i;

    ck_assert_uint_le(n, 64);
    for (i = 0; i < n; i++)
        g[i] = first + i;
    ck_assert_int_eq(xc_domain_populate_physmap_exact(xch, d, n, 0, 0, g),
                     0);
}

/* Frames 10..13: an L4 -> L3 -> L2 -> L1 chain mapping frame 14. */
static void page_tables(uint32_t d)
{
    uint64_t g[5] = { 10, 11, 12, 13, 14 };
    uint64_t *p = xc_map_foreign_pages(xch, d, PROT_READ | PROT_WRITE, g, 5);
    unsigned i;

    ck_assert_ptr_nonnull(p);
    for (i = 0; i < 4; i++)
        p[i * 512 + 3] = (g[i + 1] << 12) | 0x67;
    /* A Xen slot of the L4 is not followed. */
    p[260] = (15ULL << 12) | 0x67;
    ck_assert_int_eq(xc_unmap_foreign(xch, p, 5), 0);
}

START_TEST(page_types)
{
    uint32_t d = xct_create(1);
    uint64_t f[8] = { 10, 11, 12, 13, 14, 15, 16, 99 };
    const uint64_t want[8] = {
        XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB,
        XEN_DOMCTL_PFINFO_L3TAB, XEN_DOMCTL_PFINFO_L2TAB,
        XEN_DOMCTL_PFINFO_L1TAB, XEN_DOMCTL_PFINFO_NOTAB,
        XEN_DOMCTL_PFINFO_NOTAB, XEN_DOMCTL_PFINFO_NOTAB,
        XEN_DOMCTL_PFINFO_XTAB,
    };
    unsigned i;

    populate(d, 0, 32);
    page_tables(d);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 4, 10), 0);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 4, 10), -EINVAL);
    ck_assert_int_eq(xc_get_pfn_type_batch(xch, d, 8, f), 0);
    for (i = 0; i < 8; i++)
        ck_assert_msg(f[i] == want[i], "frame %u: %#llx", i,
                      (unsigned long long)f[i]);
    /* Unpinned, nothing is a page table any more. */
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 0, 10), 0);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 0, 10), -EINVAL);
    f[0] = 10;
    ck_assert_int_eq(xc_get_pfn_type_batch(xch, d, 1, f), 0);
    ck_assert_uint_eq(f[0], XEN_DOMCTL_PFINFO_NOTAB);
    ck_assert_int_eq(xc_get_pfn_type_batch(xch, 4242, 1, f), -ESRCH);
}
END_TEST

START_TEST(extended_context)
{
    struct xen_domctl_ext_vcpucontext e, back;
    uint32_t d = xct_create(2);
    size_t len = 0;

    ck_assert_int_eq(xc_vcpu_get_extended(xch, d, 1, &e, sizeof(e), &len),
                     0);
    ck_assert_uint_eq(len, sizeof(e));
    e.syscall32_callback_eip = 0xffffffff81001234ULL;
    e.syscall32_callback_cs = 0xe033;
    ck_assert_int_eq(xc_vcpu_set_extended(xch, d, 1, &e, len), 0);
    ck_assert_int_eq(xc_vcpu_get_extended(xch, d, 1, &back, sizeof(back),
                                          &len), 0);
    ck_assert_uint_eq(back.syscall32_callback_eip, 0xffffffff81001234ULL);
    ck_assert_uint_eq(back.syscall32_callback_cs, 0xe033);
    ck_assert_uint_eq(back.vcpu, 1);
    ck_assert_int_eq(xc_vcpu_get_extended(xch, d, 2, &e, sizeof(e), &len),
                     -EINVAL);
    ck_assert_int_eq(xc_vcpu_get_extended(xch, d, 0, &e, 8, &len),
                     -ENOBUFS);
    ck_assert_int_eq(xc_vcpu_set_extended(xch, d, 0, &e, 4), -EINVAL);
}
END_TEST

START_TEST(xsave_state)
{
    uint32_t d = xct_create(1);
    uint8_t *buf, *back;
    uint64_t mask;
    size_t len, blen;

    ck_assert_int_eq(xc_vcpu_get_xsave(xch, d, 0, (void **)&buf, &len), 0);
    ck_assert_uint_eq(len, 16 + 512 + 64);
    memcpy(&mask, buf, 8);
    ck_assert_uint_eq(mask, 3);
    buf[100] = 0xab;
    ck_assert_int_eq(xc_vcpu_set_xsave(xch, d, 0, buf, len), 0);
    ck_assert_int_eq(xc_vcpu_get_xsave(xch, d, 0, (void **)&back, &blen), 0);
    ck_assert_uint_eq(blen, len);
    ck_assert(!memcmp(buf, back, len));
    free(buf);
    free(back);
    ck_assert_int_eq(xc_vcpu_get_xsave(xch, d, 1, (void **)&buf, &len),
                     -EINVAL);
}
END_TEST

START_TEST(vcpu_msrs)
{
    uint32_t d = xct_create(1);
    struct xc_vcpu_msr set[2] = { { 0x48, 1 }, { 0xc0011020, 0x1234 } };
    struct xc_vcpu_msr *m;
    unsigned n;

    ck_assert_int_eq(xc_vcpu_get_msrs(xch, d, 0, &m, &n), 0);
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(xc_vcpu_set_msrs(xch, d, 0, set, 2), 0);
    ck_assert_int_eq(xc_vcpu_get_msrs(xch, d, 0, &m, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(m[1].index, 0xc0011020);
    ck_assert_uint_eq(m[1].value, 0x1234);
    free(m);
}
END_TEST

START_TEST(maximum_gpfn)
{
    uint32_t d = xct_create(1);
    uint64_t g = 0;

    populate(d, 0, 8);
    populate(d, 500, 4);
    ck_assert_int_eq(xc_domain_maximum_gpfn(xch, d, &g), 0);
    ck_assert_uint_eq(g, 503);
    ck_assert_int_eq(xc_domain_maximum_gpfn(xch, 4242, &g), -ESRCH);
}
END_TEST

/* The guest's own suspend records where it continues; resume clears. */
START_TEST(suspend_and_resume)
{
    vcpu_guest_context_t c;
    struct sched_shutdown *sd;
    struct xc_dominfo i;
    xc_interface *guest;
    uint32_t d = xct_create(1);
    char id[16];

    memset(&c, 0, sizeof(c));
    c.user_regs.rip = 0x1234;
    ck_assert_int_eq(xc_vcpu_setcontext(xch, d, 0, &c, sizeof(c)), 0);
    snprintf(id, sizeof(id), "%u", d);
    setenv("XENSIM_DOMID", id, 1);
    guest = xc_interface_open(0);
    unsetenv("XENSIM_DOMID");
    ck_assert_ptr_nonnull(guest);
    sd = xc__buf(guest, sizeof(*sd));
    sd->reason = SHUTDOWN_suspend;
    ck_assert_int_eq(xc__hypercall(guest, __HYPERVISOR_sched_op,
                                   SCHEDOP_shutdown, (uintptr_t)sd, 77, 0,
                                   0), 0);
    /* A second shutdown of a shut-down domain is refused. */
    ck_assert_int_eq(xc__hypercall(guest, __HYPERVISOR_sched_op,
                                   SCHEDOP_shutdown, (uintptr_t)sd, 77, 0,
                                   0), -EINVAL);
    xc__buf_free(guest, sd, sizeof(*sd));
    xc_interface_close(guest);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert(i.shutdown);
    ck_assert_uint_eq(i.shutdown_reason, SHUTDOWN_suspend);
    ck_assert_int_eq(xc_vcpu_getcontext(xch, d, 0, &c, sizeof(c)), 0);
    ck_assert_uint_eq(c.user_regs.rdx, 77);
    ck_assert_uint_eq(c.user_regs.rip, SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR
                      + SIM_GUEST_RESUME_ENTRY);
    ck_assert_int_eq(xc_domain_resume(xch, d), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert(!i.shutdown);
    ck_assert_int_eq(xc_domain_resume(xch, 0), -EINVAL);
}
END_TEST

TCase *xct_save_tcase(void)
{
    TCase *tc = tcase_create("save");

    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_add_test(tc, page_types);
    tcase_add_test(tc, extended_context);
    tcase_add_test(tc, xsave_state);
    tcase_add_test(tc, vcpu_msrs);
    tcase_add_test(tc, maximum_gpfn);
    tcase_add_test(tc, suspend_and_resume);
    return tc;
}
