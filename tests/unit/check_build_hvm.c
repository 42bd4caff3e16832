/*
 * Unit tests of the domain builder: HVM builds (hvmloader ABI) on the
 * simulated hypervisor.  Checks the loader and firmware in guest memory,
 * hvm_start_info with the "firmware" module, the memory map, the HVM
 * info table, the VGA hole, special and ioreq server pages, and the boot
 * vCPU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>
#include <xen/hvm/hvm_info_table.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "build_internal.h"
#include "check_build.h"
#include "check_build_sim.h"

#define LOADER 0x100000ULL
#define SPECIAL(x) (0xff000ULL - 8 + (x))

static struct sim_fix fx;

static void setup(void)
{
    sim_fix_setup(&fx, true);
}

static void teardown(void)
{
    sim_fix_teardown(&fx);
}

static bool mapped(uint64_t pfn)
{
    uint8_t *p = xc_map_foreign_pages(fx.xch, fx.domid, PROT_READ, &pfn, 1);

    if (p)
        xc_unmap_foreign(fx.xch, p, 1);
    return p != NULL;
}

/* A loader like hvmloader: 32-bit, at 1 MiB, 3 pages + 1 page of bss. */
static uint8_t *loader(size_t *len)
{
    struct tk_spec s = { .is32 = true, .paddr = LOADER, .vaddr = LOADER,
                         .filesz = 0x3000, .memsz = 0x4000,
                         .entry = LOADER + 0x40, .where = TK_NOTES_NONE };

    return tk_make_elf(&s, len);
}

START_TEST(hvm_layout)
{
    struct build_args a;
    struct build_result r;
    struct hvm_start_info si;
    struct hvm_modlist_entry mod;
    struct hvm_memmap_table_entry map[2];
    struct hvm_info_table t;
    struct hvm_hw_cpu c;
    struct xc_e820 e820[4];
    uint8_t fw[10000], page[4096], sum = 0;
    char name[16];
    size_t len, i;
    uint8_t *ld = loader(&len);

    for (i = 0; i < sizeof(fw); i++)
        fw[i] = (uint8_t)(i * 13 + 1);
    sim_fix_args(&fx, &a, 32 * 1024);
    a.kernel = ld;
    a.kernel_size = len;
    a.firmware = fw;
    a.firmware_size = sizeof(fw);
    a.avail_vcpus = 1;
    a.apic = true;
    ck_assert_msg(build_hvm(fx.b, &a, &r) == 0, "%s", build_errmsg(fx.b));
    /* Loader (4 pages), firmware (3 pages), then the start info. */
    ck_assert_uint_eq(r.entry, LOADER + 0x40);
    ck_assert_uint_eq(r.start_info, LOADER + 0x7000);
    ck_assert_uint_eq(r.store_gfn, SPECIAL(4));
    ck_assert_uint_eq(r.console_gfn, SPECIAL(7));
    sim_fix_read(&fx, LOADER, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], tk_byte(i));
    sim_fix_read(&fx, LOADER + 0x3000, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], 0);
    sim_fix_read(&fx, LOADER + 0x4000, page, 4096);
    ck_assert(!memcmp(page, fw, 4096));

    sim_fix_read(&fx, r.start_info, &si, sizeof(si));
    ck_assert_uint_eq(si.magic, XEN_HVM_START_MAGIC_VALUE);
    ck_assert_uint_eq(si.version, 1);
    ck_assert_uint_eq(si.cmdline_paddr, 0);
    ck_assert_uint_eq(si.rsdp_paddr, 0);
    ck_assert_uint_eq(si.nr_modules, 1);
    ck_assert_uint_eq(si.modlist_paddr, r.start_info + sizeof(si));
    sim_fix_read(&fx, si.modlist_paddr, &mod, sizeof(mod));
    ck_assert_uint_eq(mod.paddr, LOADER + 0x4000);
    ck_assert_uint_eq(mod.size, sizeof(fw));
    sim_fix_read(&fx, mod.cmdline_paddr, name, sizeof(name));
    ck_assert_str_eq(name, "firmware");
    ck_assert_uint_eq(si.memmap_entries, 1);
    ck_assert_uint_eq(si.memmap_paddr, r.start_info + sizeof(si) +
                      2 * sizeof(mod) + 2 * 1024);
    sim_fix_read(&fx, si.memmap_paddr, map, sizeof(map[0]));
    ck_assert_uint_eq(map[0].addr, 0x100000);
    ck_assert_uint_eq(map[0].size, (32 << 20) - 0x100000);
    ck_assert_uint_eq(map[0].type, XEN_HVM_MEMMAP_TYPE_RAM);
    ck_assert_int_eq(sim_fix_guest_map(&fx, e820, 4), 1);
    ck_assert_uint_eq(e820[0].addr, 0x100000);
    ck_assert_uint_eq(e820[0].size, (32 << 20) - 0x100000);

    /* The HVM info table, checksummed. */
    sim_fix_read(&fx, (HVM_INFO_PFN << 12) + HVM_INFO_OFFSET, &t, sizeof(t));
    ck_assert(!memcmp(t.signature, "HVM INFO", 8));
    ck_assert_uint_eq(t.length, sizeof(t));
    ck_assert_uint_eq(t.apic_mode, 1);
    ck_assert_uint_eq(t.nr_vcpus, 2);
    ck_assert_uint_eq(t.vcpu_online[0], 1);
    ck_assert_uint_eq(t.low_mem_pgend, (32 << 20) >> 12);
    ck_assert_uint_eq(t.high_mem_pgend, 0);
    ck_assert_uint_eq(t.reserved_mem_pgstart, SPECIAL(0) - 8);
    for (i = 0; i < sizeof(t); i++)
        sum = (uint8_t)(sum + ((uint8_t *)&t)[i]);
    ck_assert_uint_eq(sum, 0);

    /* RAM below the VGA hole and after it, not in it. */
    ck_assert(mapped(0x9f));
    ck_assert(!mapped(0xa0));
    ck_assert(!mapped(0xbf));
    ck_assert(mapped(0xc0));
    ck_assert(mapped(((32 << 20) >> 12) - 1));
    ck_assert(!mapped((32 << 20) >> 12));

    /* Special and ioreq server pages. */
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_STORE_PFN), SPECIAL(4));
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_IOREQ_PFN), SPECIAL(5));
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_BUFIOREQ_PFN), SPECIAL(3));
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_STORE_EVTCHN),
                      fx.store_port);
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_CONSOLE_EVTCHN),
                      fx.console_port);
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_IOREQ_SERVER_PFN),
                      SPECIAL(0) - 8);
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_NR_IOREQ_SERVER_PAGES), 8);
    ck_assert(mapped(SPECIAL(0) - 8));

    /* vCPU 0 at the loader's entry, %ebx = start info. */
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(fx.xch, fx.domid,
                         HVM_SAVE_CODE(CPU), 0, &c, sizeof(c)), 0);
    ck_assert_uint_eq(c.rip, LOADER + 0x40);
    ck_assert_uint_eq(c.rbx, r.start_info);
    ck_assert_uint_eq(c.cr0, 0x11);
    free(ld);
}
END_TEST

/* RAM beyond the MMIO hole goes above 4 GiB. */
START_TEST(hvm_high_memory)
{
    struct build_args a;
    struct build_result r;
    struct hvm_info_table t;
    struct xc_e820 e820[4];
    size_t len;
    uint8_t *ld = loader(&len);

    ck_assert_int_eq(xc_domain_setmaxmem(fx.xch, fx.domid, 128 * 1024), 0);
    sim_fix_args(&fx, &a, 96 * 1024);
    a.kernel = ld;
    a.kernel_size = len;
    a.mmio_size = (1ULL << 32) - (64ULL << 20);
    ck_assert_msg(build_hvm(fx.b, &a, &r) == 0, "%s", build_errmsg(fx.b));
    ck_assert_int_eq(sim_fix_guest_map(&fx, e820, 4), 2);
    ck_assert_uint_eq(e820[0].size, (64 << 20) - 0x100000);
    ck_assert_uint_eq(e820[1].addr, 1ULL << 32);
    ck_assert_uint_eq(e820[1].size, 32 << 20);
    sim_fix_read(&fx, (HVM_INFO_PFN << 12) + HVM_INFO_OFFSET, &t, sizeof(t));
    ck_assert_uint_eq(t.low_mem_pgend, (64 << 20) >> 12);
    ck_assert_uint_eq(t.high_mem_pgend, ((1ULL << 32) + (32 << 20)) >> 12);
    ck_assert_uint_eq(t.vcpu_online[0], 3);
    ck_assert_uint_eq(t.apic_mode, 0);
    ck_assert(mapped(((1ULL << 32) + (32 << 20) - 4096) >> 12));
    ck_assert(!mapped((64 << 20) >> 12));
    free(ld);
}
END_TEST

START_TEST(hvm_errors)
{
    struct tk_spec s64 = { .paddr = LOADER, .vaddr = LOADER,
                           .filesz = 4096, .memsz = 4096,
                           .entry = LOADER, .where = TK_NOTES_NONE };
    struct build_args a;
    struct build_result r;
    size_t len;
    uint8_t *elf64 = tk_make_elf(&s64, &len), *lk;

    sim_fix_args(&fx, &a, 32 * 1024);
    a.kernel = elf64;
    a.kernel_size = len;
    ck_assert_int_eq(build_hvm(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "firmware loader: ELF image is "
                     "not 32-bit");
    free(elf64);

    lk = tk_linux_elf(&len, false, false);
    a.kernel = lk;
    a.kernel_size = len;
    ck_assert_int_eq(build_hvm(fx.b, &a, &r), -EINVAL);
    ck_assert_msg(strstr(build_errmsg(fx.b), "not 32-bit") ||
                  strstr(build_errmsg(fx.b), "has Xen notes"), "%s",
                  build_errmsg(fx.b));
    free(lk);

    a.kernel = "not an ELF";
    a.kernel_size = 10;
    ck_assert_int_eq(build_hvm(fx.b, &a, &r), -EINVAL);
    ck_assert_msg(!strncmp(build_errmsg(fx.b), "firmware loader: ", 17),
                  "%s", build_errmsg(fx.b));

    lk = loader(&len);
    a.kernel = lk;
    a.kernel_size = len;
    a.mmio_size = 4096;
    ck_assert_int_eq(build_hvm(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "MMIO hole of 4096 bytes is out "
                     "of range");
    a.mmio_size = 0;
    a.avail_vcpus = 3;
    ck_assert_int_eq(build_hvm(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "3 vCPUs online of 2");
    free(lk);
}
END_TEST

TCase *tcase_build_hvm(void)
{
    TCase *tc = tcase_create("hvm");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, hvm_layout);
    tcase_add_test(tc, hvm_high_memory);
    tcase_add_test(tc, hvm_errors);
    tcase_set_timeout(tc, 30);
    return tc;
}
