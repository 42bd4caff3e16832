/*
 * Optional test of the domain builder on a real distribution kernel:
 * unpacks Debian's bzImage (xz payload), parses its ELF and Xen notes
 * for PV and PVH, and reports the decompression time.  The kernel comes
 * from $XEN_KERNEL or $top_srcdir/tests/e2e/cache/vmlinuz (outside git);
 * without one the test is skipped (exit 77).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    free(buf);
    free(path);
    return EXIT_SUCCESS;
}
