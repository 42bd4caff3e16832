/*
 * Unit tests of log-dirty (xc_logdirty_control) on the simulator: pages
 * the guest kernel marks as written come back from CLEAN and PEEK, CLEAN
 * clears them, populated pages count as written, the bitmap is clamped to
 * the domain, and the calls fail as Xen's do when log-dirty is off or on
 * already.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "check_xc.h"
#include "xc_private.h"
#include "sim/sim.h"

static void populate(uint32_t d, uint64_t first, unsigned n)
{
    uint64_t g[64];
    unsigned i;

    for (i = 0; i < n; i++)
        g[i] = first + i;
    ck_assert_int_eq(xc_domain_populate_physmap_exact(xch, d, n, 0, 0, g),
                     0);
}

static int bit(const uint8_t *b, unsigned n)
{
    return (b[n / 8] >> (n % 8)) & 1;
}

START_TEST(clean_and_peek)
{
    uint32_t d = xct_create(1), count = 99;
    uint8_t bm[16];
    uint64_t pages = 128;

    populate(d, 0, 64);
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_PEEK, 0, bm,
                                         &pages, NULL), -EINVAL);
    ck_assert_int_eq(xc_logdirty_control(xch, d,
                                         XC_SHADOW_OP_ENABLE_LOGDIRTY, 0,
                                         NULL, NULL, NULL), 0);
    ck_assert_int_eq(xc_logdirty_control(xch, d,
                                         XC_SHADOW_OP_ENABLE_LOGDIRTY, 0,
                                         NULL, NULL, NULL), -EINVAL);
    /* Clamped to the domain's 64 pages; nothing written yet. */
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(pages, 64);
    ck_assert_uint_eq(count, 0);
    /* The guest writes pages 5 and 63. */
    sim_dirty_mark(xch->priv, d, 5);
    sim_dirty_mark(xch->priv, d, 63);
    pages = 64;
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_PEEK, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert(bit(bm, 5) && bit(bm, 63) && !bit(bm, 6));
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN,
                                         XC_LOGDIRTY_FINAL, bm, &pages,
                                         &count), 0);
    ck_assert_uint_eq(count, 2);
    ck_assert(bit(bm, 5) && bit(bm, 63));
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(count, 0);
    ck_assert(!bit(bm, 5));
    /* A page populated under log-dirty is written. */
    populate(d, 64, 1);
    pages = 65;
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(pages, 65);
    ck_assert_uint_eq(count, 1);
    ck_assert(bit(bm, 64));
    /* A short bitmap leaves the marks past it for the next CLEAN. */
    sim_dirty_mark(xch->priv, d, 3);
    sim_dirty_mark(xch->priv, d, 40);
    pages = 10;
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(count, 1);
    pages = 64;
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(count, 1);
    ck_assert(bit(bm, 40));
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, NULL,
                                         &pages, NULL), -EINVAL);
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_OFF, 0, NULL,
                                         NULL, NULL), 0);
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_CLEAN, 0, bm,
                                         &pages, NULL), -EINVAL);
    /* Enabling again starts from a clean log. */
    sim_dirty_mark(xch->priv, d, 7);
    ck_assert_int_eq(xc_logdirty_control(xch, d,
                                         XC_SHADOW_OP_ENABLE_LOGDIRTY, 0,
                                         NULL, NULL, NULL), 0);
    ck_assert_int_eq(xc_logdirty_control(xch, d, XC_SHADOW_OP_PEEK, 0, bm,
                                         &pages, &count), 0);
    ck_assert_uint_eq(count, 0);
}
END_TEST

TCase *xct_logdirty_tcase(void)
{
    TCase *tc = tcase_create("logdirty");

    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_add_test(tc, clean_and_peek);
    return tc;
}
