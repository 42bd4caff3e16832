/*
 * Unit tests of the domain builder: PVH builds on the simulated
 * hypervisor.  Checks guest physical memory (kernel, ramdisk,
 * hvm_start_info and what it points to), the memory map, HVM params,
 * special pages, grant entries, and the boot vCPU's registers and
 * MTRRs read back from the hypervisor's HVM context.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/hvm/params.h>
#include <xen/hvm/save.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "build_internal.h"
#include "check_build.h"
#include "check_build_sim.h"

#define KPADDR 0x200000ULL
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

/*
 * The boot vCPU as the hypervisor now holds it: up, in 32-bit flat
 * protected mode at the PHYS32 entry with %ebx = hvm_start_info, and
 * every vCPU with MTRRs enabled, write-back by default.
 */
static void check_boot_vcpu(const struct build_result *r)
{
    struct xc_dominfo info;
    struct xc_vcpuinfo vi;
    struct hvm_hw_cpu c;
    struct hvm_hw_mtrr m;
    unsigned v;

    ck_assert_int_eq(xc_vcpu_getinfo(fx.xch, fx.domid, 0, &vi), 0);
    ck_assert(vi.online);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(fx.xch, fx.domid,
                         HVM_SAVE_CODE(CPU), 0, &c, sizeof(c)), 0);
    ck_assert_uint_ne(r->entry, 0);
    ck_assert_uint_eq(c.rip, r->entry);
    ck_assert_uint_eq(c.rbx, r->start_info);
    ck_assert_uint_eq(c.cr0, 0x11);               /* PE | ET */
    ck_assert_uint_eq(c.cr4, 0);
    ck_assert_uint_eq(c.msr_efer, 0);
    ck_assert_uint_eq(c.cs_base, 0);
    ck_assert_uint_eq(c.cs_limit, 0xffffffff);
    ck_assert_uint_eq(c.cs_arbytes, 0xc9b);
    ck_assert_uint_eq(c.ds_limit, 0xffffffff);
    ck_assert_uint_eq(c.ds_arbytes, 0xc93);
    ck_assert_uint_eq(c.es_arbytes, 0xc93);
    ck_assert_uint_eq(c.ss_limit, 0xffffffff);
    ck_assert_uint_eq(c.ss_arbytes, 0xc93);
    ck_assert_uint_eq(c.tr_arbytes, 0x8b);
    ck_assert_uint_eq(c.rflags & 2, 2);
    ck_assert_int_eq(xc_domain_getinfo_single(fx.xch, fx.domid, &info), 0);
    for (v = 0; v <= info.max_vcpu_id; v++) {
        ck_assert_int_eq(xc_domain_hvm_getcontext_partial(fx.xch, fx.domid,
                             HVM_SAVE_CODE(MTRR), v, &m, sizeof(m)), 0);
        ck_assert_uint_eq(m.msr_mtrr_def_type, 6 | (1U << 11));
    }
}

START_TEST(pvh_layout)
{
    static const char cmdline[] = "console=hvc0 earlyprintk=xen";
    const size_t rdlen = 5000;
    struct build_args a;
    struct build_result r;
    struct hvm_start_info si;
    struct hvm_modlist_entry mod;
    struct hvm_memmap_table_entry map[5];
    struct xc_e820 e820[8];
    char rsdp[8];
    grant_entry_v1_t *gt;
    char cl[sizeof(cmdline)];
    uint8_t *elf, *kern, rd[5000], page[4096];
    uint32_t ident[2];
    size_t elen, klen, i;

    elf = tk_linux_elf(&elen, false, false);
    kern = tk_compress(BUILD_CODEC_GZIP, elf, elen, &klen);
    for (i = 0; i < rdlen; i++)
        rd[i] = (uint8_t)(i * 31);
    sim_fix_args(&fx, &a, 32 * 1024);
    a.kernel = kern;
    a.kernel_size = klen;
    a.ramdisk = rd;
    a.ramdisk_size = rdlen;
    a.cmdline = cmdline;
    ck_assert_msg(build_pvh(fx.b, &a, &r) == 0, "%s", build_errmsg(fx.b));
    ck_assert_uint_eq(r.start_info, KPADDR + 0x6000);
    ck_assert_uint_eq(r.store_gfn, SPECIAL(4));
    ck_assert_uint_eq(r.console_gfn, SPECIAL(7));
    check_boot_vcpu(&r);

    /* Special pages and their params. */
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_STORE_PFN), SPECIAL(4));
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_CONSOLE_PFN), SPECIAL(7));
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_STORE_EVTCHN),
                      fx.store_port);
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_CONSOLE_EVTCHN),
                      fx.console_port);
    ck_assert_uint_eq(sim_fix_param(&fx, HVM_PARAM_IDENT_PT),
                      SPECIAL(6) << 12);
    sim_fix_read(&fx, SPECIAL(6) << 12, ident, sizeof(ident));
    ck_assert_uint_eq(ident[0], 0xe7);
    ck_assert_uint_eq(ident[1], (1U << 22) | 0xe7);
    sim_fix_read(&fx, SPECIAL(4) << 12, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], 0);

    /* The memory map the guest gets from XENMEM_memory_map. */
    ck_assert_int_eq(sim_fix_guest_map(&fx, e820, 8), 5);
    ck_assert_uint_eq(e820[0].addr, 0);
    ck_assert_uint_eq(e820[0].size, 32 << 20);
    ck_assert_uint_eq(e820[0].type, 1);
    ck_assert_uint_eq(e820[1].addr, SPECIAL(0) << 12);
    ck_assert_uint_eq(e820[1].size, 8 << 12);
    ck_assert_uint_eq(e820[1].type, 2);
    /* The ACPI pieces (Xen 4.17's order): RSDP, acpi_info, tables. */
    ck_assert_uint_eq(e820[3].addr, 0xfc000000);
    ck_assert_uint_eq(e820[3].size, 4096);
    ck_assert_uint_eq(e820[4].addr, 0xfc001000);
    ck_assert_uint_eq(e820[2].addr, e820[4].addr + e820[4].size);
    ck_assert_uint_eq(e820[2].size, 64);
    for (i = 2; i < 5; i++)
        ck_assert_uint_eq(e820[i].type, 3);

    /* Kernel at its physical address, ramdisk after it (2 pages), then
     * hvm_start_info. */
    sim_fix_read(&fx, KPADDR, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], tk_byte(i));
    sim_fix_read(&fx, KPADDR + 0x4000, page, 4096);
    ck_assert(!memcmp(page, rd, 4096));
    sim_fix_read(&fx, KPADDR + 0x6000, &si, sizeof(si));
    ck_assert_uint_eq(si.magic, XEN_HVM_START_MAGIC_VALUE);
    ck_assert_uint_eq(si.version, 1);
    ck_assert_uint_eq(si.nr_modules, 1);
    ck_assert_uint_eq(si.rsdp_paddr, e820[2].addr);
    sim_fix_read(&fx, si.rsdp_paddr, rsdp, sizeof(rsdp));
    ck_assert(!memcmp(rsdp, "RSD PTR ", 8));
    sim_fix_read(&fx, si.cmdline_paddr, cl, sizeof(cl));
    ck_assert_str_eq(cl, cmdline);
    sim_fix_read(&fx, si.modlist_paddr, &mod, sizeof(mod));
    ck_assert_uint_eq(mod.paddr, KPADDR + 0x4000);
    ck_assert_uint_eq(mod.size, rdlen);
    ck_assert_uint_eq(si.memmap_entries, 5);
    sim_fix_read(&fx, si.memmap_paddr, map, sizeof(map));
    ck_assert_uint_eq(map[0].size, 32 << 20);
    ck_assert_uint_eq(map[1].type, XEN_HVM_MEMMAP_TYPE_RESERVED);

    gt = xc_map_foreign_resource(fx.xch, fx.domid, XC_RESOURCE_GRANT_TABLE,
                                 XC_RESOURCE_GRANT_TABLE_ID_SHARED, 0, 1,
                                 PROT_READ);
    ck_assert_ptr_nonnull(gt);
    ck_assert_uint_eq(gt[0].frame, SPECIAL(7));
    ck_assert_uint_eq(gt[1].frame, SPECIAL(4));
    xc_unmap_foreign(fx.xch, gt, 1);
    free(kern);
    free(elf);
}
END_TEST

START_TEST(pvh_boot_cpu)
{
    struct hvm_hw_cpu c;

    build_pvh_cpu(&c, 0x1000850, 0x206000);
    ck_assert_uint_eq(c.rip, 0x1000850);
    ck_assert_uint_eq(c.rbx, 0x206000);
    ck_assert_uint_eq(c.cr0, 0x11);
    ck_assert_uint_eq(c.cs_base, 0);
    ck_assert_uint_eq(c.cs_limit, 0xffffffff);
    ck_assert_uint_eq(c.cs_arbytes, 0xc9b);
    ck_assert_uint_eq(c.ss_arbytes, 0xc93);
    ck_assert_uint_eq(c.tr_limit, 0x67);
    ck_assert_uint_eq(c.tr_arbytes, 0x8b);
    ck_assert_uint_eq(c.rflags, 0);
}
END_TEST

START_TEST(pvh_errors)
{
    struct tk_spec s = { .paddr = 0x100000, .vaddr = 0x100000,
                         .filesz = 4096, .memsz = 4096, .entry = 0x100000,
                         .where = TK_NOTES_NONE };
    struct xc_domain_create cfg = { .max_vcpus = 1, .max_grant_frames = 4,
                                    .max_maptrack_frames = -1,
                                    .max_evtchn_port = 63 };
    struct build_args a;
    struct build_result r;
    uint32_t pv = 0;
    size_t len;
    uint8_t *plain = tk_make_elf(&s, &len), *lk;

    sim_fix_args(&fx, &a, 32 * 1024);
    a.kernel = plain;
    a.kernel_size = len;
    ck_assert_int_eq(build_pvh(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "kernel lacks "
                     "XEN_ELFNOTE_PHYS32_ENTRY: cannot boot as PVH");

    lk = tk_linux_elf(&len, false, false);
    a.kernel = lk;
    a.kernel_size = len;
    ck_assert_int_eq(build_pv(fx.b, &a, &r), -EINVAL);
    ck_assert_msg(strstr(build_errmsg(fx.b), "is an HVM container, not PV"),
                  "%s", build_errmsg(fx.b));
    ck_assert_int_eq(xc_domain_create(fx.xch, &pv, &cfg), 0);
    a.domid = pv;
    ck_assert_int_eq(build_pvh(fx.b, &a, &r), -EINVAL);
    ck_assert_msg(strstr(build_errmsg(fx.b), "is PV, not an HVM container"),
                  "%s", build_errmsg(fx.b));
    xc_domain_destroy(fx.xch, pv);
    a.domid = fx.domid;
    a.cmdline = "";
    a.mem_kb = 1024;
    ck_assert_int_eq(build_pvh(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "guest memory of 1024 KiB is out "
                                         "of range");
    free(lk);
    free(plain);
}
END_TEST

TCase *tcase_build_pvh(void)
{
    TCase *tc = tcase_create("pvh");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pvh_layout);
    tcase_add_test(tc, pvh_boot_cpu);
    tcase_add_test(tc, pvh_errors);
    tcase_set_timeout(tc, 60);
    return tc;
}
