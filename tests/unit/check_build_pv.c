/*
 * Unit tests of the domain builder: PV builds on the simulated
 * hypervisor (a fresh XENSIM_DIR per test).  The guest is inspected
 * like a kernel would: from vCPU 0's cr3, walking the page tables
 * through foreign maps to start_info, the p2m, the kernel and ramdisk.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/grant_table.h>

#include "check_build.h"
#include "check_build_sim.h"

#define VIRT_BASE 0xffffffff80000000ULL
#define KPADDR 0x200000ULL

static struct sim_fix fx;

static void setup(void)
{
    sim_fix_setup(&fx, false);
}

static void teardown(void)
{
    sim_fix_teardown(&fx);
}

/* Walk the guest's 4-level tables: the mfn va maps to, or ~0. */
static uint64_t walk(uint64_t l4_mfn, uint64_t va, uint64_t *pte)
{
    uint64_t mfn = l4_mfn, e = 0;
    int l;

    for (l = 3; l >= 0; l--) {
        uint64_t *t = xc_map_foreign_pages(fx.xch, fx.domid, PROT_READ,
                                           &mfn, 1);

        ck_assert_ptr_nonnull(t);
        e = t[(va >> (12 + 9 * l)) & 511];
        xc_unmap_foreign(fx.xch, t, 1);
        if (!(e & 1))
            return ~0ULL;
        mfn = (e >> 12) & ((1ULL << 40) - 1);
    }
    if (pte)
        *pte = e;
    return mfn;
}

/* Copy len bytes at guest virtual address va out of the guest. */
static void read_va(uint64_t cr3, uint64_t va, void *buf, size_t len)
{
    uint8_t *out = buf;

    while (len) {
        uint64_t mfn = walk(cr3, va, NULL);
        size_t off = va & 4095, n = 4096 - off < len ? 4096 - off : len;
        uint8_t *p;

        ck_assert_msg(mfn != ~0ULL, "va 0x%llx not mapped",
                      (unsigned long long)va);
        p = xc_map_foreign_pages(fx.xch, fx.domid, PROT_READ, &mfn, 1);
        ck_assert_ptr_nonnull(p);
        memcpy(out, p + off, n);
        xc_unmap_foreign(fx.xch, p, 1);
        out += n;
        va += n;
        len -= n;
    }
}

static void read_pfn(uint64_t pfn, void *buf, size_t len)
{
    uint8_t *p = xc_map_foreign_pages(fx.xch, fx.domid, PROT_READ, &pfn, 1);

    ck_assert_ptr_nonnull(p);
    memcpy(buf, p, len);
    xc_unmap_foreign(fx.xch, p, 1);
}

/* Build a bzImage(xz) Linux-like kernel and a patterned ramdisk. */
static void prepare(struct build_args *a, bool p2m, bool modpfn,
                    uint8_t **kern, uint8_t **rd, size_t rdlen)
{
    size_t elen, zlen, blen, i;
    uint8_t *elf = tk_linux_elf(&elen, p2m, modpfn);
    uint8_t *z = tk_compress(BUILD_CODEC_XZ, elf, elen, &zlen);

    *kern = tk_bzimage(z, zlen, (uint32_t)elen, &blen);
    free(z);
    free(elf);
    *rd = malloc(rdlen);
    for (i = 0; i < rdlen; i++)
        (*rd)[i] = (uint8_t)(i ^ (i >> 8));
    sim_fix_args(&fx, a, 32 * 1024);
    a->kernel = *kern;
    a->kernel_size = blen;
    a->ramdisk = *rd;
    a->ramdisk_size = rdlen;
    a->cmdline = "console=hvc0 root=/dev/xvda1 ro";
}

static void get_ctx(vcpu_guest_context_t *c)
{
    ck_assert_int_eq(xc_vcpu_getcontext(fx.xch, fx.domid, 0, c,
                                        sizeof(*c)), 0);
}

START_TEST(pv_linux_layout)
{
    struct build_args a;
    struct build_result r;
    vcpu_guest_context_t c;
    start_info_t si;
    struct xc_dominfo info;
    uint8_t *kern, *rd, page[4096], *buf;
    uint64_t cr3, pte, i, p2m[64];
    const size_t rdlen = 10000;

    prepare(&a, false, false, &kern, &rd, rdlen);
    ck_assert_msg(!build_pv(fx.b, &a, &r), "%s", build_errmsg(fx.b));
    ck_assert_int_eq(r.format, BUILD_FORMAT_BZIMAGE);
    ck_assert_int_eq(r.codec, BUILD_CODEC_XZ);
    ck_assert_uint_eq(r.nr_pages, 8192);
    ck_assert_uint_eq(r.entry, VIRT_BASE + KPADDR + 0x40);

    get_ctx(&c);
    ck_assert_uint_eq(c.user_regs.rip, r.entry);
    ck_assert_uint_eq(c.user_regs.rsi, r.start_info);
    ck_assert_uint_eq(c.user_regs.cs, FLAT_KERNEL_CS);
    ck_assert_uint_eq(c.user_regs.ss, FLAT_KERNEL_SS);
    ck_assert_uint_eq(c.user_regs.ds, FLAT_KERNEL_DS);
    ck_assert_uint_eq(c.user_regs.rflags, 0x200);
    ck_assert_uint_eq(c.flags, VGCF_in_kernel | VGCF_online);
    cr3 = c.ctrlreg[3] >> 12;

    /* start_info, found by walking the page tables from cr3. */
    read_va(cr3, c.user_regs.rsi, &si, sizeof(si));
    ck_assert_str_eq(si.magic, "xen-3.0-x86_64");
    ck_assert_uint_eq(si.nr_pages, 8192);
    ck_assert_uint_eq(si.store_mfn, r.store_gfn);
    ck_assert_uint_eq(si.console.domU.mfn, r.console_gfn);
    ck_assert_uint_eq(si.store_evtchn, a.store_evtchn);
    ck_assert_uint_eq(si.console.domU.evtchn, a.console_evtchn);
    ck_assert_uint_eq(si.flags, SIF_VIRT_P2M_4TOOLS);
    ck_assert_str_eq((char *)si.cmd_line, "console=hvc0 root=/dev/xvda1 ro");
    ck_assert_int_eq(xc_domain_getinfo_single(fx.xch, fx.domid, &info), 0);
    ck_assert_uint_eq(si.shared_info, info.shared_info_frame << 12);
    ck_assert_uint_eq(info.nr_pages, 8192);
    ck_assert_uint_eq(walk(cr3, si.pt_base, NULL), cr3);
    ck_assert_uint_ge(si.nr_pt_frames, 4);
    ck_assert_uint_eq(si.first_p2m_pfn, 0);

    /* Page-table pages are mapped read-only, the stack writable. */
    walk(cr3, si.pt_base, &pte);
    ck_assert_uint_eq(pte & 3, 1);
    ck_assert_uint_ne(walk(cr3, c.user_regs.rsp - 8, &pte), ~0ULL);
    ck_assert_uint_eq(pte & 3, 3);

    /* The p2m list (identity in the simulator, as PV gfn == mfn). */
    ck_assert_uint_ge(si.mfn_list, VIRT_BASE + KPADDR + 0x4000);
    read_va(cr3, si.mfn_list, p2m, sizeof(p2m));
    for (i = 0; i < 64; i++)
        ck_assert_uint_eq(p2m[i], i);
    read_va(cr3, si.mfn_list + 8191 * 8, p2m, 8);
    ck_assert_uint_eq(p2m[0], 8191);
    /* Virtual = VIRT_BASE + pfn << 12 across the whole mapping. */
    ck_assert_uint_eq(walk(cr3, VIRT_BASE + KPADDR, NULL), KPADDR >> 12);

    /* Kernel: payload, hypercall page written by Xen, zeroed bss. */
    read_va(cr3, VIRT_BASE + KPADDR, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], tk_byte(i));
    read_va(cr3, VIRT_BASE + KPADDR + 0x1000, page, 16);
    ck_assert_uint_eq(page[0], 0x51);
    read_va(cr3, VIRT_BASE + KPADDR + 0x3000, page, 4096);
    for (i = 0; i < 4096; i++)
        ck_assert_uint_eq(page[i], 0);

    /* The ramdisk inside the initial mapping. */
    ck_assert_uint_eq(si.mod_len, rdlen);
    buf = malloc(rdlen);
    read_va(cr3, si.mod_start, buf, rdlen);
    ck_assert(!memcmp(buf, rd, rdlen));
    free(buf);
    free(kern);
    free(rd);
}
END_TEST

START_TEST(pv_vcpu_gnttab_shinfo)
{
    struct build_args a;
    struct build_result r;
    struct xc_dominfo info;
    grant_entry_v1_t *gt;
    shared_info_t *sh;
    uint8_t *kern, *rd;

    prepare(&a, false, false, &kern, &rd, 100);
    ck_assert_msg(!build_pv(fx.b, &a, &r), "%s", build_errmsg(fx.b));
    gt = xc_map_foreign_resource(fx.xch, fx.domid, XC_RESOURCE_GRANT_TABLE,
                                 XC_RESOURCE_GRANT_TABLE_ID_SHARED, 0, 1,
                                 PROT_READ);
    ck_assert_ptr_nonnull(gt);
    ck_assert_uint_eq(gt[0].frame, r.console_gfn);
    ck_assert_uint_eq(gt[1].frame, r.store_gfn);
    ck_assert_uint_eq(gt[0].domid, 0);
    ck_assert_uint_eq(gt[1].flags, GTF_permit_access);
    xc_unmap_foreign(fx.xch, gt, 1);
    ck_assert_int_eq(xc_domain_getinfo_single(fx.xch, fx.domid, &info), 0);
    sh = xc_map_foreign_pages(fx.xch, fx.domid, PROT_READ,
                              &info.shared_info_frame, 1);
    ck_assert_ptr_nonnull(sh);
    ck_assert_uint_eq(sh->vcpu_info[0].evtchn_upcall_mask, 1);
    ck_assert_uint_eq(sh->vcpu_info[31].evtchn_upcall_mask, 1);
    xc_unmap_foreign(fx.xch, sh, 1);
    ck_assert(info.paused);
    free(kern);
    free(rd);
}
END_TEST

START_TEST(pv_init_p2m_and_unmapped_ramdisk)
{
    struct build_args a;
    struct build_result r;
    vcpu_guest_context_t c;
    start_info_t si;
    uint8_t *kern, *rd, *buf;
    uint64_t cr3, p2m[8], i;
    const size_t rdlen = 3 * 4096 + 5;

    prepare(&a, true, true, &kern, &rd, rdlen);
    ck_assert_msg(!build_pv(fx.b, &a, &r), "%s", build_errmsg(fx.b));
    get_ctx(&c);
    cr3 = c.ctrlreg[3] >> 12;
    read_va(cr3, c.user_regs.rsi, &si, sizeof(si));
    ck_assert_uint_eq(si.flags, SIF_VIRT_P2M_4TOOLS | SIF_MOD_START_PFN);
    ck_assert_uint_eq(si.mfn_list, 0x8000000000ULL);
    ck_assert_uint_gt(si.first_p2m_pfn, si.mod_start);
    /* 16 p2m pages + L3, L2, L1 of its own mapping. */
    ck_assert_uint_eq(si.nr_p2m_frames, 16 + 3);
    read_va(cr3, si.mfn_list + 8 * 8000, p2m, sizeof(p2m));
    for (i = 0; i < 8; i++)
        ck_assert_uint_eq(p2m[i], 8000 + i);
    ck_assert_uint_eq(walk(cr3, si.mfn_list, NULL), si.first_p2m_pfn);
    /* The ramdisk is given by pfn, outside the initial mapping. */
    ck_assert_uint_eq(si.mod_len, 4 * 4096);
    ck_assert_uint_eq(walk(cr3, VIRT_BASE + (si.mod_start << 12), NULL),
                      ~0ULL);
    buf = malloc(4 * 4096);
    for (i = 0; i < 4; i++)
        read_pfn(si.mod_start + i, buf + i * 4096, 4096);
    ck_assert(!memcmp(buf, rd, rdlen));
    for (i = rdlen; i < 4 * 4096; i++)
        ck_assert_uint_eq(buf[i], 0);
    free(buf);
    free(kern);
    free(rd);
}
END_TEST

START_TEST(pv_errors)
{
    struct build_args a;
    struct build_result r;
    uint8_t *kern, *rd;
    struct tk_spec s = { .paddr = 0x100000, .vaddr = 0x100000,
                         .filesz = 4096, .memsz = 4096, .entry = 0x100000,
                         .where = TK_NOTES_NONE };
    size_t len;
    uint8_t *plain = tk_make_elf(&s, &len);

    prepare(&a, false, false, &kern, &rd, 2 << 20);
    a.mem_kb = 4096;              /* kernel at 2 MiB + 2 MiB ramdisk */
    ck_assert_int_eq(build_pv(fx.b, &a, &r), -ENOMEM);
    ck_assert_msg(strstr(build_errmsg(fx.b), "not enough guest memory"),
                  "%s", build_errmsg(fx.b));

    a.mem_kb = 32 * 1024;
    a.domid = 4242;
    ck_assert_int_eq(build_pv(fx.b, &a, &r), -ESRCH);
    ck_assert_msg(strstr(build_errmsg(fx.b), "cannot get domain info"),
                  "%s", build_errmsg(fx.b));

    a.domid = fx.domid;
    a.kernel = plain;
    a.kernel_size = len;
    ck_assert_int_eq(build_pv(fx.b, &a, &r), -EINVAL);
    ck_assert_str_eq(build_errmsg(fx.b), "kernel has no Xen ELF notes: not "
                                         "a PV kernel");
    a.kernel = "\037\213 not really gzip";
    a.kernel_size = 19;
    ck_assert_int_lt(build_pv(fx.b, &a, &r), 0);
    ck_assert_msg(!strncmp(build_errmsg(fx.b), "kernel: gzip data is ", 21),
                  "%s", build_errmsg(fx.b));
    free(plain);
    free(kern);
    free(rd);
}
END_TEST

TCase *tcase_build_pv(void)
{
    TCase *tc = tcase_create("pv");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pv_linux_layout);
    tcase_add_test(tc, pv_vcpu_gnttab_shinfo);
    tcase_add_test(tc, pv_init_p2m_and_unmapped_ramdisk);
    tcase_add_test(tc, pv_errors);
    tcase_set_timeout(tc, 60);
    return tc;
}
