/*
 * Unit tests of the domain builder (libxl/build_*.c): codecs, kernel
 * image formats, ELF and Xen ELF notes, corrupt and truncated images.
 * Test kernels are synthesised at test time (check_build_img.c).
 */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/elfnote.h>
#include <xen/features.h>

#include "check_build.h"

static const enum build_codec all_codecs[] = {
    BUILD_CODEC_GZIP, BUILD_CODEC_BZIP2, BUILD_CODEC_XZ,
    BUILD_CODEC_LZMA, BUILD_CODEC_LZ4, BUILD_CODEC_ZSTD,
};
#define NR_CODECS (sizeof(all_codecs) / sizeof(all_codecs[0]))

/* Compressible but not trivial test data. */
static uint8_t *sample(size_t len)
{
    uint8_t *p = malloc(len);
    uint32_t x = 12345;
    size_t i;

    for (i = 0; i < len; i++) {
        x = x * 1103515245 + 12345;
        p[i] = (i / 512) % 3 ? (uint8_t)(i * 13) : (uint8_t)(x >> 24);
    }
    return p;
}

/* ---- codecs ---- */

START_TEST(codec_roundtrip)
{
    enum build_codec c = all_codecs[_i];
    const size_t len = 300000;
    uint8_t *data = sample(len), *z;
    struct build_err err = { "" };
    size_t zlen, outlen, hints[] = { 0, len, 100 };
    void *out;
    unsigned h;

    z = tk_compress(c, data, len, &zlen);
    ck_assert_int_eq(build_codec_detect(z, zlen), c);
    for (h = 0; h < 3; h++) {
        ck_assert_msg(!build_decompress(c, z, zlen, hints[h], 1 << 20, &out,
                                        &outlen, &err),
                      "%s hint %zu: %s", build_codec_name(c), hints[h],
                      err.msg);
        ck_assert_uint_eq(outlen, len);
        ck_assert(!memcmp(out, data, len));
        free(out);
    }
    /* Output over the limit is refused. */
    ck_assert_int_eq(build_decompress(c, z, zlen, 0, len / 2, &out, &outlen,
                                      &err), -EFBIG);
    ck_assert_str_eq(err.msg, "decompressed size exceeds the limit of 0 "
                              "MiB");
    free(z);
    free(data);
}
END_TEST

START_TEST(codec_truncated)
{
    enum build_codec c = all_codecs[_i];
    const size_t len = 100000;
    uint8_t *data = sample(len), *z;
    struct build_err err;
    size_t zlen, outlen, cut;
    void *out;
    int rc;

    z = tk_compress(c, data, len, &zlen);
    for (cut = 0; cut < zlen; cut += cut < 64 ? 1 : zlen / 37) {
        err.msg[0] = '\0';
        rc = build_decompress(c, z, cut, 0, 1 << 20, &out, &outlen, &err);
        ck_assert_msg(rc < 0, "%s cut at %zu/%zu accepted",
                      build_codec_name(c), cut, zlen);
        ck_assert_msg(err.msg[0], "%s cut %zu: no message",
                      build_codec_name(c), cut);
    }
    free(z);
    free(data);
}
END_TEST

START_TEST(codec_corrupt)
{
    enum build_codec c = all_codecs[_i];
    const size_t len = 100000;
    uint8_t *data = sample(len), *z;
    struct build_err err;
    size_t zlen, outlen, k;
    uint32_t x = 99;
    void *out;

    z = tk_compress(c, data, len, &zlen);
    /* Flip bytes anywhere: an error or bounded output, never a crash. */
    for (k = 0; k < 300; k++) {
        uint8_t *m = malloc(zlen);
        size_t pos;

        memcpy(m, z, zlen);
        x = x * 1103515245 + 12345;
        pos = (x >> 8) % zlen;
        m[pos] ^= (uint8_t)(1 + (x & 0x7f));
        err.msg[0] = '\0';
        if (build_decompress(c, m, zlen, 0, 1 << 20, &out, &outlen,
                             &err) == 0) {
            ck_assert_uint_le(outlen, 1 << 20);
            free(out);
        } else {
            ck_assert(err.msg[0]);
        }
        free(m);
    }
    free(z);
    free(data);
}
END_TEST

START_TEST(codec_detect_and_lzo)
{
    static const uint8_t lzo[] = "\211LZO\0\r\n\032\n rest";
    struct build_err err;
    size_t outlen;
    void *out;

    ck_assert_int_eq(build_codec_detect("\177ELF", 4), BUILD_CODEC_NONE);
    ck_assert_int_eq(build_codec_detect("\037", 1), BUILD_CODEC_NONE);
    ck_assert_int_eq(build_codec_detect(lzo, sizeof(lzo)), BUILD_CODEC_LZO);
    ck_assert_int_eq(build_decompress(BUILD_CODEC_LZO, lzo, sizeof(lzo), 0,
                                      1 << 20, &out, &outlen, &err),
                     -EOPNOTSUPP);
    ck_assert_str_eq(err.msg, "lzo-compressed images are not supported "
                              "(no lzo library)");
    ck_assert_str_eq(build_codec_name(BUILD_CODEC_XZ), "xz");
    ck_assert_str_eq(build_codec_name(BUILD_CODEC_NONE), "none");
}
END_TEST

/* ---- kernel image formats ---- */

START_TEST(image_plain_and_gzip_elf)
{
    struct build_kernel k;
    struct build_err err;
    size_t len, zlen;
    uint8_t *elf = tk_linux_elf(&len, false, false), *z;

    ck_assert(!build_kernel_unpack(elf, len, &k, &err));
    ck_assert_int_eq(k.format, BUILD_FORMAT_ELF);
    ck_assert_ptr_eq(k.elf, elf);
    ck_assert_ptr_null(k.owned);
    build_kernel_dispose(&k);

    z = tk_compress(BUILD_CODEC_GZIP, elf, len, &zlen);
    ck_assert_msg(!build_kernel_unpack(z, zlen, &k, &err), "%s", err.msg);
    ck_assert_int_eq(k.format, BUILD_FORMAT_COMPRESSED_ELF);
    ck_assert_int_eq(k.codec, BUILD_CODEC_GZIP);
    ck_assert_uint_eq(k.elf_size, len);
    ck_assert(!memcmp(k.elf, elf, len));
    build_kernel_dispose(&k);
    free(z);

    /* A compressed file that is not an ELF. */
    z = tk_compress(BUILD_CODEC_XZ, "hello world", 11, &zlen);
    ck_assert_int_eq(build_kernel_unpack(z, zlen, &k, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: the xz-compressed payload is not an "
                              "ELF image");
    free(z);
    ck_assert_int_eq(build_kernel_unpack("garbage!", 8, &k, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: unrecognised image format (not ELF, "
                              "bzImage or a compressed ELF)");
    free(elf);
}
END_TEST

START_TEST(image_bzimage_codecs)
{
    enum build_codec c = all_codecs[_i];
    struct build_kernel k;
    struct build_err err;
    size_t len, zlen, blen;
    uint8_t *elf = tk_linux_elf(&len, true, true), *z, *bz;
    struct build_elf e;
    struct build_xen_parms p;

    z = tk_compress(c, elf, len, &zlen);
    bz = tk_bzimage(z, zlen, (uint32_t)len, &blen);
    ck_assert_msg(!build_kernel_unpack(bz, blen, &k, &err), "%s: %s",
                  build_codec_name(c), err.msg);
    ck_assert_int_eq(k.format, BUILD_FORMAT_BZIMAGE);
    ck_assert_int_eq(k.codec, c);
    ck_assert_uint_eq(k.boot_version, 0x20f);
    ck_assert_uint_eq(k.elf_size, len);
    ck_assert(!memcmp(k.elf, elf, len));
    ck_assert(!build_elf_parse(k.elf, k.elf_size, &e, &err));
    ck_assert_msg(!build_xen_parse(&e, false, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_base, 0xffffffff80000000ULL);
    build_kernel_dispose(&k);
    free(bz);
    free(z);
    free(elf);
}
END_TEST

START_TEST(image_bzimage_bad_headers)
{
    struct build_kernel k;
    struct build_err err;
    size_t len, zlen, blen;
    uint8_t *elf = tk_linux_elf(&len, false, false), *z, *bz;

    z = tk_compress(BUILD_CODEC_GZIP, elf, len, &zlen);
    bz = tk_bzimage(z, zlen, (uint32_t)len, &blen);

    bz[0x206] = 0x07;                   /* protocol 2.07 */
    ck_assert_int_eq(build_kernel_unpack(bz, blen, &k, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: bzImage boot protocol 2.07 is too "
                              "old (need 2.08 or later)");
    bz[0x206] = 0x0f;
    bz[0x24e] = 0x10;                   /* payload_length + 1 MiB */
    ck_assert_int_eq(build_kernel_unpack(bz, blen, &k, &err), -EINVAL);
    ck_assert_msg(strstr(err.msg, "lies outside the"), "%s", err.msg);
    bz[0x24e] = 0;
    bz[0x1fe] = 0;
    ck_assert_int_eq(build_kernel_unpack(bz, blen, &k, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: bzImage lacks the boot sector "
                              "signature");
    bz[0x1fe] = 0x55;
    memset(bz + 4 * 512 + 0x120, 0x42, 8);    /* payload magic */
    ck_assert_int_eq(build_kernel_unpack(bz, blen, &k, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: bzImage payload is neither ELF nor "
                              "compressed with a known codec");
    free(bz);
    free(z);
    free(elf);
}
END_TEST

/* Truncate and corrupt a bzImage everywhere: errors, never crashes. */
START_TEST(image_fuzz)
{
    enum build_codec c = all_codecs[_i];
    struct build_kernel k;
    struct build_err err;
    size_t len, zlen, blen, cut, n;
    uint8_t *elf = tk_linux_elf(&len, true, true), *z, *bz, *m;
    uint32_t x = 7;

    z = tk_compress(c, elf, len, &zlen);
    bz = tk_bzimage(z, zlen, (uint32_t)len, &blen);
    for (cut = 0; cut < blen; cut += cut < 0x260 ? 7 : 97) {
        m = malloc(cut + 1);
        memcpy(m, bz, cut);
        err.msg[0] = '\0';
        ck_assert_int_lt(build_kernel_unpack(m, cut, &k, &err), 0);
        ck_assert(err.msg[0]);
        free(m);
    }
    m = malloc(blen);
    for (n = 0; n < 400; n++) {
        struct build_elf e;
        struct build_xen_parms p;

        memcpy(m, bz, blen);
        x = x * 1103515245 + 12345;
        m[(x >> 4) % blen] ^= (uint8_t)(x >> 24 | 1);
        if (build_kernel_unpack(m, blen, &k, &err))
            continue;
        if (!build_elf_parse(k.elf, k.elf_size, &e, &err))
            build_xen_parse(&e, n & 1, &p, &err);
        build_kernel_dispose(&k);
    }
    free(m);
    free(bz);
    free(z);
    free(elf);
}
END_TEST

START_TEST(read_file_limits)
{
    char path[] = "/tmp/check_build_XXXXXX";
    struct build_err err;
    int fd = mkstemp(path);
    size_t len;
    void *buf;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "0123456789", 10), 10);
    close(fd);
    ck_assert(!build_read_file(path, 10, &buf, &len, &err));
    ck_assert_uint_eq(len, 10);
    ck_assert(!memcmp(buf, "0123456789", 10));
    free(buf);
    ck_assert_int_eq(build_read_file(path, 9, &buf, &len, &err), -EFBIG);
    unlink(path);
    ck_assert_int_eq(build_read_file(path, 9, &buf, &len, &err), -ENOENT);
    ck_assert_msg(strstr(err.msg, "cannot open"), "%s", err.msg);
}
END_TEST

/* ---- ELF and notes ---- */

static int parse(const uint8_t *img, size_t len, bool pvh,
                 struct build_xen_parms *p, struct build_err *err)
{
    struct build_elf e;
    int rc = build_elf_parse(img, len, &e, err);

    return rc ? rc : build_xen_parse(&e, pvh, p, err);
}

START_TEST(notes_linux)
{
    struct build_xen_parms p;
    struct build_err err;
    size_t len;
    uint8_t *img = tk_linux_elf(&len, true, true);
    uint64_t base = 0xffffffff80000000ULL;

    ck_assert_msg(!parse(img, len, false, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_base, base);
    ck_assert_uint_eq(p.elf_paddr_offset, 0);
    ck_assert_uint_eq(p.virt_entry, base + 0x200040);
    ck_assert_uint_eq(p.virt_hypercall, base + 0x201000);
    ck_assert_uint_eq(p.p2m_base, 0x8000000000ULL);
    ck_assert_uint_eq(p.phys_entry, 0x200080);
    ck_assert_uint_eq(p.virt_kstart, base + 0x200000);
    ck_assert_uint_eq(p.virt_kend, base + 0x204000);
    ck_assert_uint_eq(p.virt_hv_start_low, 0xffff800000000000ULL);
    ck_assert(p.unmapped_initrd);
    ck_assert(p.suspend_cancel);
    ck_assert_str_eq(p.guest_os, "linux");
    ck_assert_str_eq(p.guest_ver, "2.6");
    ck_assert_str_eq(p.xen_ver, "xen-3.0");
    ck_assert_str_eq(p.loader, "generic");
    ck_assert_str_eq(p.pae_mode, "yes");
    ck_assert(build_feature(p.f_required, XENFEAT_writable_page_tables));
    ck_assert(!build_feature(p.f_required, XENFEAT_pae_pgdir_above_4gb));
    ck_assert(build_feature(p.f_supported, XENFEAT_pae_pgdir_above_4gb));
    ck_assert(build_feature(p.f_supported, XENFEAT_linux_rsdp_unrestricted));
    ck_assert(!build_feature(p.f_supported, XENFEAT_hvm_callback_vector));
    ck_assert(build_feature(p.f_supported, XENFEAT_dom0));
    ck_assert_uint_eq(p.nr_xen_notes, 16);
    /* The same kernel as PVH: physical entry, no virtual base. */
    ck_assert_msg(!parse(img, len, true, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_base, 0);
    ck_assert_uint_eq(p.virt_entry, 0x200080);
    ck_assert_uint_eq(p.virt_kstart, 0x200000);
    free(img);
}
END_TEST

START_TEST(notes_missing)
{
    struct tk_spec s = { .paddr = 0x100000, .vaddr = 0x100000,
                         .filesz = 4096, .memsz = 4096, .entry = 0x100000,
                         .where = TK_NOTES_NONE };
    struct build_xen_parms p;
    struct build_err err;
    struct tbuf n = { 0 };
    size_t len;
    uint8_t *img = tk_make_elf(&s, &len);

    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel has no Xen ELF notes: not a PV "
                              "kernel");
    ck_assert_int_eq(parse(img, len, true, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel lacks XEN_ELFNOTE_PHYS32_ENTRY: "
                              "cannot boot as PVH");
    free(img);
    /* PV notes without PHYS32_ENTRY: PV yes, PVH no. */
    tnote_str(&n, XEN_ELFNOTE_GUEST_OS, "linux");
    tnote_str(&n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    s.notes = &n;
    s.where = TK_NOTES_PHDR;
    img = tk_make_elf(&s, &len);
    ck_assert_msg(!parse(img, len, false, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_base, 0);
    ck_assert_uint_eq(p.virt_entry, 0x100000);
    ck_assert_int_eq(parse(img, len, true, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel lacks XEN_ELFNOTE_PHYS32_ENTRY: "
                              "cannot boot as PVH");
    free(img);
    tbuf_free(&n);
}
END_TEST

START_TEST(notes_in_section_and_legacy)
{
    struct tk_spec s = { .paddr = 0x100000,
                         .vaddr = 0xffffffff80100000ULL, .filesz = 8192,
                         .memsz = 8192, .entry = 0xffffffff80100010ULL };
    struct build_xen_parms p;
    struct build_err err;
    struct tbuf n = { 0 };
    size_t len;
    uint8_t *img;

    tk_linux_notes(&n, 0x100000, false, false);
    s.notes = &n;
    s.where = TK_NOTES_SECTION;
    img = tk_make_elf(&s, &len);
    ck_assert_msg(!parse(img, len, false, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_entry, 0xffffffff80100040ULL);
    ck_assert(!p.legacy_guest_info);
    free(img);
    tbuf_free(&n);

    s.notes = NULL;
    s.where = TK_NOTES_NONE;
    s.xen_guest = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
                  "ELF_PADDR_OFFSET=0xffffffff80000000,HYPERCALL_PAGE=0x101,"
                  "LOADER=generic,FEATURES=writable_page_tables";
    s.paddr = s.vaddr;
    img = tk_make_elf(&s, &len);
    ck_assert_msg(!parse(img, len, false, &p, &err), "%s", err.msg);
    ck_assert(p.legacy_guest_info);
    ck_assert_str_eq(p.guest_os, "linux");
    ck_assert_uint_eq(p.virt_hypercall, 0xffffffff80101000ULL);
    ck_assert_uint_eq(p.virt_kstart, 0xffffffff80100000ULL);
    ck_assert_uint_eq(p.virt_entry, 0xffffffff80100010ULL);
    ck_assert(build_feature(p.f_supported, XENFEAT_writable_page_tables));
    free(img);

    s.xen_guest = "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=zz";
    img = tk_make_elf(&s, &len);
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: __xen_guest: VIRT_BASE='zz' is not a "
                              "number");
    free(img);
}
END_TEST

/* One PV kernel whose notes are built by add(); returns parse()'s rc. */
static int pv_with(void (*add)(struct tbuf *), struct build_err *err,
                   uint16_t machine)
{
    struct tk_spec s = { .paddr = 0x100000,
                         .vaddr = 0xffffffff80100000ULL, .filesz = 4096,
                         .memsz = 4096, .entry = 0x100000,
                         .machine = machine, .where = TK_NOTES_PHDR };
    struct build_xen_parms p;
    struct tbuf n = { 0 };
    size_t len;
    uint8_t *img;
    int rc;

    add(&n);
    s.notes = &n;
    img = tk_make_elf(&s, &len);
    rc = parse(img, len, false, &p, err);
    free(img);
    tbuf_free(&n);
    return rc;
}

static void add_base(struct tbuf *n)
{
    tnote_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL, 8);
    tnote_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff80100000ULL, 8);
}

static void n_freebsd(struct tbuf *n)
{
    add_base(n);
    tnote_str(n, XEN_ELFNOTE_GUEST_OS, "FreeBSD");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}

static void n_xen2(struct tbuf *n)
{
    add_base(n);
    tnote_str(n, XEN_ELFNOTE_LOADER, "generic");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
}

static void n_entry_out(struct tbuf *n)
{
    tnote_num(n, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL, 8);
    tnote_num(n, XEN_ELFNOTE_ENTRY, 0xffffffff90000000ULL, 8);
    tnote_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}

static void n_dom0(struct tbuf *n)
{
    n_freebsd(n);
    tnote_str(n, XEN_ELFNOTE_LOADER, "generic");
    tnote_str(n, XEN_ELFNOTE_FEATURES, "writable_page_tables|!dom0");
}

static void n_unknown_req(struct tbuf *n)
{
    n_freebsd(n);
    tnote_str(n, XEN_ELFNOTE_FEATURES, "!frobnicate");
}

static void n_linux(struct tbuf *n)
{
    add_base(n);
    tnote_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}

static void n_p2m_inside(struct tbuf *n)
{
    n_linux(n);
    tnote_num(n, XEN_ELFNOTE_INIT_P2M, 0xffffffff80100000ULL, 8);
}

static void n_paddr_no_base(struct tbuf *n)
{
    tnote_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    tnote_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
}

START_TEST(notes_rejected)
{
    struct build_err err;

    ck_assert_int_eq(pv_with(n_freebsd, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel is for loader '' and guest OS "
                              "'FreeBSD': only 'generic' loader or 'linux' "
                              "kernels can be booted");
    ck_assert_int_eq(pv_with(n_xen2, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel is built for Xen 'xen-2.0', not "
                              "xen-3.0");
    ck_assert_int_eq(pv_with(n_entry_out, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel entry 0xffffffff90000000 lies outside "
                              "the kernel [0xffffffff80100000, "
                              "0xffffffff80101000)");
    ck_assert_int_eq(pv_with(n_dom0, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel requires the dom0 feature: it cannot "
                              "run as an unprivileged guest");
    ck_assert_int_eq(pv_with(n_unknown_req, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel requires the unknown Xen feature "
                              "'frobnicate'");
    ck_assert_int_eq(pv_with(n_linux, &err, EM_386), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel is not x86_64 (ELF machine 3): only "
                              "64-bit PV guests are supported");
    ck_assert_int_eq(pv_with(n_p2m_inside, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel's INIT_P2M address 0xffffffff80100000 "
                              "lies inside the kernel");
    ck_assert_int_eq(pv_with(n_paddr_no_base, &err, 0), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel sets PADDR_OFFSET but not VIRT_BASE");
    ck_assert_int_eq(pv_with(n_linux, &err, 0), 0);
}
END_TEST

START_TEST(elf_bad_headers)
{
    struct build_xen_parms p;
    struct build_err err;
    size_t len, cut;
    uint8_t *img = tk_linux_elf(&len, false, false);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + eh->e_phoff);

    /* Every truncation fails with a message. */
    for (cut = 0; cut < eh->e_shoff; cut += cut < 0x400 ? 1 : 331) {
        err.msg[0] = '\0';
        ck_assert_int_lt(parse(img, cut, false, &p, &err), 0);
        ck_assert(err.msg[0]);
    }
    ph[0].p_filesz = 0x7fffffffffffffffULL;
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "ELF: segment at 0x200000 lies outside the "
                              "image");
    ph[0].p_filesz = 3 * 4096;
    ph[0].p_memsz = 1ULL << 40;
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "ELF: segment at 0x200000 is too large");
    ph[0].p_memsz = 4 * 4096;
    ph[1].p_offset = len - 8;           /* note segment cut by the end */
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "kernel: ELF note area lies outside the "
                              "image");
    ph[1].p_type = PT_LOAD;             /* overlaps the first */
    ph[1].p_offset = 0;
    ph[1].p_paddr = 0x201000;
    ph[1].p_filesz = 16;
    ph[1].p_memsz = 16;
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "ELF: segments at 0x200000 and 0x201000 "
                              "overlap");
    eh->e_phnum = 0;
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "ELF: program headers are missing or lie "
                              "outside the image");
    img[EI_DATA] = ELFDATA2MSB;
    ck_assert_int_eq(parse(img, len, false, &p, &err), -EINVAL);
    ck_assert_str_eq(err.msg, "ELF: not little endian");
    free(img);
}
END_TEST

START_TEST(elf_load_and_elf32_pvh)
{
    struct tk_spec s = { .is32 = true, .paddr = 0x100000,
                         .vaddr = 0x100000, .filesz = 5000, .memsz = 9000,
                         .entry = 0x100000, .where = TK_NOTES_PHDR };
    struct build_xen_parms p;
    struct build_err err;
    struct build_elf e;
    struct tbuf n = { 0 };
    uint8_t *img, dest[3 * 4096];
    size_t len, i;

    tnote_num(&n, XEN_ELFNOTE_PHYS32_ENTRY, 0x100200, 4);
    s.notes = &n;
    img = tk_make_elf(&s, &len);
    ck_assert_msg(!build_elf_parse(img, len, &e, &err), "%s", err.msg);
    ck_assert(!e.is64);
    ck_assert_uint_eq(e.pstart, 0x100000);
    ck_assert_uint_eq(e.pend, 0x100000 + 9000);
    ck_assert_msg(!build_xen_parse(&e, true, &p, &err), "%s", err.msg);
    ck_assert_uint_eq(p.virt_entry, 0x100200);
    memset(dest, 0xee, sizeof(dest));
    ck_assert(!build_elf_load(&e, dest, sizeof(dest), &err));
    for (i = 0; i < 5000; i++)
        ck_assert_uint_eq(dest[i], tk_byte(i));
    for (; i < 9000; i++)
        ck_assert_uint_eq(dest[i], 0);
    ck_assert_uint_eq(dest[9000], 0xee);
    ck_assert_int_eq(build_elf_load(&e, dest, 8999, &err), -ERANGE);
    free(img);
    tbuf_free(&n);
}
END_TEST

static Suite *build_suite(void)
{
    Suite *s = suite_create("build");
    TCase *tc;

    tc = tcase_create("codec");
    tcase_add_loop_test(tc, codec_roundtrip, 0, NR_CODECS);
    tcase_add_loop_test(tc, codec_truncated, 0, NR_CODECS);
    tcase_add_loop_test(tc, codec_corrupt, 0, NR_CODECS);
    tcase_add_test(tc, codec_detect_and_lzo);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("image");
    tcase_add_test(tc, image_plain_and_gzip_elf);
    tcase_add_loop_test(tc, image_bzimage_codecs, 0, NR_CODECS);
    tcase_add_test(tc, image_bzimage_bad_headers);
    tcase_add_loop_test(tc, image_fuzz, 0, NR_CODECS);
    tcase_add_test(tc, read_file_limits);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);

    tc = tcase_create("elf");
    tcase_add_test(tc, notes_linux);
    tcase_add_test(tc, notes_missing);
    tcase_add_test(tc, notes_in_section_and_legacy);
    tcase_add_test(tc, notes_rejected);
    tcase_add_test(tc, elf_bad_headers);
    tcase_add_test(tc, elf_load_and_elf32_pvh);
    suite_add_tcase(s, tc);

    suite_add_tcase(s, tcase_build_pv());
    suite_add_tcase(s, tcase_build_pvh());
    suite_add_tcase(s, tcase_build_acpi());
    suite_add_tcase(s, tcase_build_hvm());
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(build_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
