/*
 * Optional test of the domain builder on a real distribution kernel:
 * unpacks Debian's bzImage (xz payload), parses its ELF and Xen notes
 * for PV and PVH, builds a 256 MiB PV guest from it on a fresh simulated
 * hypervisor (start_info found through the guest's page tables), and
 * reports the decompression and build times.  The kernel comes
 * from $XEN_KERNEL or $top_srcdir/tests/e2e/cache/vmlinuz (outside git);
 * without one the test is skipped (exit 77).
 */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xen/xen.h>

#include "build_api.h"

#define SKIP 77

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(const char *what, const char *msg)
{
    fprintf(stderr, "check_build_kernel: %s: %s\n", what, msg);
    return EXIT_FAILURE;
}

static char *kernel_path(void)
{
    const char *env = getenv("XEN_KERNEL"), *top = getenv("top_srcdir");
    char *p = NULL;

    if (env && *env)
        return strdup(env);
    if (asprintf(&p, "%s/tests/e2e/cache/vmlinuz", top ? top : ".") < 0)
        return NULL;
    return p;
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    return remove(path);
}

/* The mfn va maps to through the 4-level tables at l4, or ~0. */
static uint64_t walk(xc_interface *xch, uint32_t domid, uint64_t l4,
                     uint64_t va)
{
    uint64_t mfn = l4, e;
    int l;

    for (l = 3; l >= 0; l--) {
        uint64_t *t = xc_map_foreign_pages(xch, domid, PROT_READ, &mfn, 1);

        if (!t)
            return ~0ULL;
        e = t[(va >> (12 + 9 * l)) & 511];
        xc_unmap_foreign(xch, t, 1);
        if (!(e & 1))
            return ~0ULL;
        mfn = (e >> 12) & ((1ULL << 40) - 1);
    }
    return mfn;
}

/* Build a PV guest from the kernel on a throw-away simulated host. */
static int pv_build(const void *kernel, size_t len)
{
    char dir[] = "/tmp/check_build_kernel_XXXXXX", buf[256] = "";
    struct xc_domain_create cfg = { .max_vcpus = 1, .max_evtchn_port = 1023,
                                    .max_grant_frames = 4,
                                    .max_maptrack_frames = -1 };
    struct build_args a = { .mem_kb = 256 * 1024, .max_vcpus = 1,
                            .kernel = kernel, .kernel_size = len,
                            .cmdline = "console=hvc0" };
    struct build_result r;
    struct build_dom *b = NULL;
    vcpu_guest_context_t c;
    xc_interface *xch;
    start_info_t *si;
    uint64_t mfn;
    double t0;
    int rc = EXIT_FAILURE;

    if (!mkdtemp(dir))
        return fail("mkdtemp", "failed");
    setenv("XENSIM_DIR", dir, 1);
    xch = xc_interface_open_err(0, buf, sizeof(buf));
    if (!xch) {
        fail("simulator", buf);
        goto out;
    }
    if (xc_domain_create(xch, &a.domid, &cfg) ||
        xc_domain_setmaxmem(xch, a.domid, a.mem_kb + 1024)) {
        fail("simulator", xc_errmsg(xch));
        goto out;
    }
    b = build_dom_new(xch);
    t0 = now();
    if (!b || build_pv(b, &a, &r)) {
        fail("build_pv", b ? build_errmsg(b) : "out of memory");
        goto out;
    }
    printf("PV build of a 256 MiB guest: %.3f s\n", now() - t0);
    if (xc_vcpu_getcontext(xch, a.domid, 0, &c, sizeof(c)) ||
        (mfn = walk(xch, a.domid, c.ctrlreg[3] >> 12, c.user_regs.rsi)) ==
            ~0ULL ||
        !(si = xc_map_foreign_pages(xch, a.domid, PROT_READ, &mfn, 1))) {
        fail("start_info", "not reachable through the page tables");
        goto out;
    }
    printf("start_info: %s nr_pages=%lu mfn_list=0x%lx pt_base=0x%lx "
           "nr_pt_frames=%lu cmdline=%s\n", si->magic, si->nr_pages,
           si->mfn_list, si->pt_base, si->nr_pt_frames,
           (const char *)si->cmd_line);
    if (!strcmp(si->magic, "xen-3.0-x86_64") && si->nr_pages == 65536 &&
        si->mfn_list == 0x8000000000UL && c.user_regs.rip == r.entry)
        rc = EXIT_SUCCESS;
    else
        fail("start_info", "unexpected contents");
    xc_unmap_foreign(xch, si, 1);
out:
    build_dom_free(b);
    xc_interface_close(xch);
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}

int main(void)
{
    struct build_xen_parms pv, pvh;
    struct build_kernel k;
    struct build_err err;
    struct build_elf elf;
    char *path = kernel_path();
    double t0, t1;
    size_t len;
    void *buf;

    if (!path || access(path, R_OK)) {
        printf("SKIP: no kernel at %s (set XEN_KERNEL)\n",
               path ? path : "?");
        free(path);
        return SKIP;
    }
    if (build_read_file(path, BUILD_DECOMPRESS_MAX, &buf, &len, &err))
        return fail(path, err.msg);
    t0 = now();
    if (build_kernel_unpack(buf, len, &k, &err))
        return fail(path, err.msg);
    t1 = now();
    if (build_elf_parse(k.elf, k.elf_size, &elf, &err))
        return fail("elf", err.msg);
    if (build_xen_parse(&elf, false, &pv, &err))
        return fail("pv notes", err.msg);
    if (build_xen_parse(&elf, true, &pvh, &err))
        return fail("pvh notes", err.msg);
    printf("%s: %s, %s payload, %zu -> %zu bytes in %.3f s "
           "(%.0f MB/s out)\n", path,
           k.format == BUILD_FORMAT_BZIMAGE ? "bzImage" : "ELF",
           build_codec_name(k.codec), len, k.elf_size, t1 - t0,
           k.elf_size / (t1 - t0) / 1e6);
    printf("guest_os=%s xen_ver=%s virt_base=0x%llx entry=0x%llx "
           "kstart=0x%llx kend=0x%llx p2m_base=0x%llx phys32=0x%x\n",
           pv.guest_os, pv.xen_ver, (unsigned long long)pv.virt_base,
           (unsigned long long)pv.virt_entry,
           (unsigned long long)pv.virt_kstart,
           (unsigned long long)pv.virt_kend,
           (unsigned long long)pv.p2m_base, pvh.phys_entry);
    if (strcmp(pv.guest_os, "linux") || strcmp(pv.xen_ver, "xen-3.0") ||
        pv.virt_base != 0xffffffff80000000ULL || !pv.nr_xen_notes ||
        pvh.phys_entry == BUILD_UNSET_ADDR32 || elf.machine != 62)
        return fail(path, "unexpected notes for a Debian x86_64 kernel");
    build_kernel_dispose(&k);
    if (pv_build(buf, len))
        return EXIT_FAILURE;
    free(buf);
    free(path);
    return EXIT_SUCCESS;
}
