/*
 * Unit tests of libxenctrl memory operations on the simulator: page
 * accounting against host memory, claims, memory maps, foreign mapping
 * shared across processes, grant tables.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_xc.h"

/* Host: 64 MiB, Domain-0 32 MiB: 8192 pages free. */
static void setup_small(void)
{
    xct_setup_conf("memory_mib = 64\ndom0_memory_mib = 32\n");
}

static int populate(uint32_t d, uint64_t first, unsigned long n)
{
    uint64_t *g = malloc(n * sizeof(*g));
    unsigned long i;
    int rc;

    for (i = 0; i < n; i++)
        g[i] = first + i;
    rc = xc_domain_populate_physmap_exact(xch, d, n, 0, 0, g);
    free(g);
    return rc;
}

START_TEST(accounting_and_enomem)
{
    struct xc_physinfo pi;
    struct xc_dominfo i;
    uint64_t pages, gfn = 10;
    uint32_t d = xct_create(1);

    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 8192);
    ck_assert_int_eq(populate(d, 0, 4096), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.nr_pages, 4096);
    ck_assert_int_eq(xc_domain_current_reservation(xch, d, &pages), 0);
    ck_assert_uint_eq(pages, 4096);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 4096);
    /* Populating again the same gfns costs nothing. */
    ck_assert_int_eq(populate(d, 0, 16), 0);
    ck_assert_int_eq(populate(d, 100000, 8192), -ENOMEM);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 0);
    ck_assert_int_eq(xc_domain_decrease_reservation_exact(xch, d, 1, 0,
                                                          &gfn), 0);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 1);
    ck_assert_int_eq(xc_domain_destroy(xch, d), 0);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 8192);
}
END_TEST

START_TEST(maxmem_limits)
{
    uint32_t d = xct_create(1);
    uint64_t max;

    ck_assert_int_eq(xc_domain_setmaxmem(xch, d, 64), 0);   /* 16 pages */
    ck_assert_int_eq(xc_domain_maximum_reservation(xch, d, &max), 0);
    ck_assert_uint_eq(max, 16);
    ck_assert_int_eq(populate(d, 0, 16), 0);
    ck_assert_int_eq(populate(d, 16, 1), -ENOMEM);
    ck_assert_ptr_nonnull(strstr(xc_errmsg(xch), "out of memory"));
}
END_TEST

START_TEST(claims)
{
    struct xc_physinfo pi;
    struct xc_dominfo i;
    uint32_t d = xct_create(1), d2 = xct_create(1);

    ck_assert_int_eq(xc_domain_claim_pages(xch, d, 9000), -ENOMEM);
    ck_assert_int_eq(xc_domain_claim_pages(xch, d, 6000), 0);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.free_pages, 2192);
    ck_assert_uint_eq(pi.outstanding_pages, 6000);
    ck_assert_int_eq(populate(d2, 0, 3000), -ENOMEM);
    ck_assert_int_eq(populate(d, 0, 1000), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.nr_outstanding_pages, 5000);
    ck_assert_int_eq(xc_domain_claim_pages(xch, d, 0), 0);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(pi.outstanding_pages, 0);
}
END_TEST

START_TEST(memory_maps)
{
    struct xc_e820 map[3] = { { 0, 0x9f000, 1 }, { 0x100000, 1 << 24, 1 },
                              { 0xfc000000, 1 << 20, 2 } }, out[8];
    uint32_t d = xct_create(1);
    uint64_t mfn;

    ck_assert_int_eq(xc_domain_set_memory_map(xch, d, map, 3), 0);
    ck_assert_int_eq(xc_domain_get_memory_map(xch, d, out, 8), -EOPNOTSUPP);
    ck_assert_int_eq(xc_get_machine_memory_map(xch, out, 8), 2);
    ck_assert_uint_eq(out[1].addr, 0x100000);
    ck_assert_int_eq(xc_maximum_ram_page(xch, &mfn), 0);
    ck_assert_uint_eq(mfn, 64 * 256 - 1);
}
END_TEST

START_TEST(extents_are_gfns)
{
    /* Three extents of 4 pages at scattered gfns, not index * 4. */
    uint64_t ext[3] = { 0x100, 0x42, 0x7f0 }, g, dec = 0x102;
    struct xc_dominfo i;
    uint32_t d = xct_create(1);
    void *p;

    ck_assert_int_eq(xc_domain_populate_physmap_exact(xch, d, 3, 2, 0, ext),
                     0);
    /* The frames come back in place (1:1 in the simulator). */
    ck_assert_uint_eq(ext[0], 0x100);
    ck_assert_uint_eq(ext[1], 0x42);
    ck_assert_uint_eq(ext[2], 0x7f0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.nr_pages, 12);
    for (g = 0; g < 4; g++) {
        uint64_t want[3] = { 0x100 + g, 0x42 + g, 0x7f0 + g };

        p = xc_map_foreign_pages(xch, d, PROT_READ, want, 3);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(xc_unmap_foreign(xch, p, 3), 0);
    }
    /* Neighbours and the old "index * 4" gfns are not populated. */
    g = 0x104;
    ck_assert_ptr_null(xc_map_foreign_pages(xch, d, PROT_READ, &g, 1));
    g = 0x41;
    ck_assert_ptr_null(xc_map_foreign_pages(xch, d, PROT_READ, &g, 1));
    g = 0x4;
    ck_assert_ptr_null(xc_map_foreign_pages(xch, d, PROT_READ, &g, 1));
    /* Releasing an order-1 extent at 0x102 frees 0x102 and 0x103 only. */
    ck_assert_int_eq(xc_domain_decrease_reservation_exact(xch, d, 1, 1,
                                                          &dec), 0);
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    ck_assert_uint_eq(i.nr_pages, 10);
    g = 0x103;
    ck_assert_ptr_null(xc_map_foreign_pages(xch, d, PROT_READ, &g, 1));
    g = 0x101;
    p = xc_map_foreign_pages(xch, d, PROT_READ, &g, 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(xc_unmap_foreign(xch, p, 1), 0);
}
END_TEST

START_TEST(foreign_map_shared)
{
    uint64_t gfns[2] = { 7, 3 }, bad = 500;
    uint32_t d = xct_create(1);
    char *p;
    pid_t pid;
    int st;

    ck_assert_int_eq(populate(d, 0, 8), 0);
    p = xc_map_foreign_pages(xch, d, PROT_READ | PROT_WRITE, gfns, 2);
    ck_assert_ptr_nonnull(p);
    strcpy(p, "page seven");
    strcpy(p + 4096, "page three");
    pid = fork();
    if (pid == 0) {
        xc_interface *c = xc_interface_open(0);
        uint64_t g = 3;
        char *q;

        if (!c)
            _exit(1);
        q = xc_map_foreign_pages(c, d, PROT_READ | PROT_WRITE, &g, 1);
        if (!q || strcmp(q, "page three"))
            _exit(2);
        strcpy(q, "child wrote");
        xc_unmap_foreign(c, q, 1);
        xc_interface_close(c);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert_int_eq(WEXITSTATUS(st), 0);
    ck_assert_str_eq(p + 4096, "child wrote");
    ck_assert_int_eq(xc_unmap_foreign(xch, p, 2), 0);
    ck_assert_ptr_null(xc_map_foreign_pages(xch, d, PROT_READ, &bad, 1));
    ck_assert_int_eq(errno, EFAULT);
    ck_assert_ptr_null(xc_map_foreign_pages(xch, 99, PROT_READ, gfns, 1));
}
END_TEST

START_TEST(grant_seed_and_map)
{
    uint32_t d = xct_create(1);
    uint64_t gfn = 5;
    char *store, *page;
    xc_interface *g;
    char v[8];

    ck_assert_int_eq(populate(d, 0, 8), 0);
    ck_assert_int_eq(xc_gnttab_seed(xch, d, 4, 5, 0, 0), 0);
    store = xc_gnttab_map_grant_ref(xch, d, XC_GNTTAB_RESERVED_XENSTORE,
                                    PROT_READ | PROT_WRITE);
    ck_assert_ptr_nonnull(store);
    strcpy(store, "xenstore ring");
    page = xc_map_foreign_pages(xch, d, PROT_READ, &gfn, 1);
    ck_assert_ptr_nonnull(page);
    ck_assert_str_eq(page, "xenstore ring");
    ck_assert_int_eq(xc_gnttab_unmap(xch, store), 0);
    ck_assert_ptr_null(xc_gnttab_map_grant_ref(xch, d, 2, PROT_READ));
    ck_assert_int_eq(errno, EPERM);

    /* The guest itself sees its page, but not other domains' memory. */
    snprintf(v, sizeof(v), "%u", d);
    setenv("XENSIM_DOMID", v, 1);
    g = xc_interface_open(0);
    unsetenv("XENSIM_DOMID");
    ck_assert_ptr_nonnull(g);
    store = xc_map_foreign_pages(g, d, PROT_READ, &gfn, 1);
    ck_assert_ptr_nonnull(store);
    ck_assert_str_eq(store, "xenstore ring");
    xc_unmap_foreign(g, store, 1);
    ck_assert_ptr_null(xc_map_foreign_pages(g, 0, PROT_READ, &gfn, 1));
    ck_assert_int_eq(errno, EPERM);
    xc_interface_close(g);
    xc_unmap_foreign(xch, page, 1);
}
END_TEST

START_TEST(pv_boot_helpers)
{
    struct xc_dominfo i;
    uint64_t gfn = 2;
    uint32_t d = xct_create(1);
    uint8_t *p;

    ck_assert_int_eq(populate(d, 0, 4), 0);
    ck_assert_int_eq(xc_domain_hypercall_init(xch, d, 9), -EINVAL);
    ck_assert_int_eq(xc_domain_hypercall_init(xch, d, 2), 0);
    p = xc_map_foreign_pages(xch, d, PROT_READ, &gfn, 1);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p[32 * 3 + 3], 0xb8);     /* mov $3, %eax */
    ck_assert_uint_eq(p[32 * 3 + 4], 3);
    xc_unmap_foreign(xch, p, 1);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 4, 1), 0);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 4, 100), -EINVAL);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, d, 0, 1), 0);
    ck_assert_int_eq(xc_mmuext_pin_table(xch, 77, 4, 1), -ESRCH);
    /* The shared info frame reported by getinfo can be mapped. */
    ck_assert_int_eq(xc_domain_getinfo_single(xch, d, &i), 0);
    p = xc_map_foreign_pages(xch, d, PROT_READ | PROT_WRITE,
                             &i.shared_info_frame, 1);
    ck_assert_ptr_nonnull(p);
    p[0] = 1;
    xc_unmap_foreign(xch, p, 1);
}
END_TEST

TCase *xct_mem_tcase(void)
{
    TCase *tc = tcase_create("memory");

    tcase_add_checked_fixture(tc, setup_small, xct_teardown);
    tcase_add_test(tc, accounting_and_enomem);
    tcase_add_test(tc, maxmem_limits);
    tcase_add_test(tc, claims);
    tcase_add_test(tc, memory_maps);
    tcase_add_test(tc, extents_are_gfns);
    tcase_add_test(tc, foreign_map_shared);
    tcase_add_test(tc, grant_seed_and_map);
    tcase_add_test(tc, pv_boot_helpers);
    return tc;
}
