/*
 * libxl domain builder: kernel image formats.  Finds the ELF kernel in
 * a plain ELF, a compressed ELF (vmlinux.gz, ...), or a Linux bzImage
 * (x86 boot protocol >= 2.08, whose payload is a compressed ELF followed
 * by its 4-byte decompressed size); reads files with a size bound.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_internal.h"

/* Offsets in the real-mode header of a bzImage (boot protocol). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_BOOT_FLAG 0x1fe
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_MIN_SIZE 0x250
#define BZ_MIN_VERSION 0x0208

int build_seterr(struct build_err *err, int rc, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
    }
    return rc;
}

static bool is_elf(const uint8_t *p, size_t len)
{
    return len >= 4 && !memcmp(p, "\177ELF", 4);
}

static bool is_bzimage(const uint8_t *p, size_t len)
{
    return len >= BZ_MIN_SIZE && !memcmp(p + BZ_HEADER, "HdrS", 4);
}

/* Decompress a payload that must turn out to be an ELF image. */
static int unpack_payload(const uint8_t *in, size_t len, size_t hint,
                          struct build_kernel *k, struct build_err *err)
{
    size_t outlen;
    void *out;
    int rc;

    rc = build_decompress(k->codec, in, len, hint, BUILD_DECOMPRESS_MAX,
                          &out, &outlen, err);
    if (rc) {
        char why[sizeof(err->msg)];

        if (err) {
            memcpy(why, err->msg, sizeof(why));
            build_seterr(err, rc, "kernel: %s", why);
        }
        return rc;
    }
    if (!is_elf(out, outlen)) {
        free(out);
        return build_seterr(err, -EINVAL, "kernel: the %s-compressed "
                            "payload is not an ELF image",
                            build_codec_name(k->codec));
    }
    k->owned = out;
    k->elf = out;
    k->elf_size = outlen;
    return 0;
}

static int unpack_bzimage(const uint8_t *p, size_t len,
                          struct build_kernel *k, struct build_err *err)
{
    unsigned sects = p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4;
    uint64_t off = (uint64_t)(sects + 1) * 512 +
                   build_le32(p + BZ_PAYLOAD_OFFSET);
    uint64_t plen = build_le32(p + BZ_PAYLOAD_LENGTH);
    const uint8_t *pl;

    k->format = BUILD_FORMAT_BZIMAGE;
    k->boot_version = build_le16(p + BZ_VERSION);
    if (build_le16(p + BZ_BOOT_FLAG) != 0xaa55)
        return build_seterr(err, -EINVAL, "kernel: bzImage lacks the boot "
                            "sector signature");
    if (k->boot_version < BZ_MIN_VERSION)
        return build_seterr(err, -EINVAL, "kernel: bzImage boot protocol "
                            "%u.%02u is too old (need 2.08 or later)",
                            k->boot_version >> 8, k->boot_version & 0xff);
    if (off > len || plen > len - off)
        return build_seterr(err, -EINVAL, "kernel: bzImage payload "
                            "(offset %llu, %llu bytes) lies outside the "
                            "%zu-byte file", (unsigned long long)off,
                            (unsigned long long)plen, len);
    pl = p + off;
    if (is_elf(pl, plen)) {
        k->elf = pl;
        k->elf_size = plen;
        return 0;
    }
    if (plen < 8)
        return build_seterr(err, -EINVAL, "kernel: bzImage payload is "
                            "truncated (%llu bytes)",
                            (unsigned long long)plen);
    k->codec = build_codec_detect(pl, plen);
    if (k->codec == BUILD_CODEC_NONE)
        return build_seterr(err, -EINVAL, "kernel: bzImage payload is "
                            "neither ELF nor compressed with a known "
                            "codec");
    /* The kernel build appends the decompressed size (le32). */
    return unpack_payload(pl, plen - 4, build_le32(pl + plen - 4), k, err);
}

int build_kernel_unpack(const void *buf, size_t len, struct build_kernel *k,
                        struct build_err *err)
{
    const uint8_t *p = buf;
    size_t hint = 0;
    int rc;

    memset(k, 0, sizeof(*k));
    if (is_elf(p, len)) {
        k->format = BUILD_FORMAT_ELF;
        k->elf = p;
        k->elf_size = len;
        return 0;
    }
    if (is_bzimage(p, len)) {
        rc = unpack_bzimage(p, len, k, err);
        if (rc)
            build_kernel_dispose(k);
        return rc;
    }
    k->format = BUILD_FORMAT_COMPRESSED_ELF;
    k->codec = build_codec_detect(p, len);
    if (k->codec == BUILD_CODEC_NONE)
        return build_seterr(err, -EINVAL, "kernel: unrecognised image "
                            "format (not ELF, bzImage or a compressed ELF)");
    if (k->codec == BUILD_CODEC_GZIP && len >= 18)
        hint = build_le32(p + len - 4);   /* gzip ISIZE, a hint only */
    return unpack_payload(p, len, hint, k, err);
}

void build_kernel_dispose(struct build_kernel *k)
{
    if (!k)
        return;
    free(k->owned);
    memset(k, 0, sizeof(*k));
}

int build_read_file(const char *path, size_t max, void **buf, size_t *len,
                    struct build_err *err)
{
    size_t cap = 1 << 20, n = 0;
    uint8_t *p = NULL, *q;
    struct stat sb;
    ssize_t r;
    int fd, rc = 0;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return build_seterr(err, -errno, "cannot open '%s': %s", path,
                            strerror(errno));
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((uint64_t)sb.st_size > max) {
            rc = build_seterr(err, -EFBIG, "'%s' is larger than %zu MiB",
                              path, max >> 20);
            goto out;
        }
        cap = (size_t)sb.st_size + 1;
    }
    p = malloc(cap);
    if (!p) {
        rc = build_seterr(err, -ENOMEM, "cannot allocate memory for '%s'",
                          path);
        goto out;
    }
    for (;;) {
        if (n == cap) {
            cap = cap > max / 2 ? max + 1 : cap * 2;
            q = realloc(p, cap);
            if (!q) {
                rc = build_seterr(err, -ENOMEM, "cannot allocate memory "
                                  "for '%s'", path);
                goto out;
            }
            p = q;
        }
        r = read(fd, p + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = build_seterr(err, -errno, "cannot read '%s': %s", path,
                              strerror(errno));
            goto out;
        }
        if (!r)
            break;
        n += (size_t)r;
        if (n > max) {
            rc = build_seterr(err, -EFBIG, "'%s' is larger than %zu MiB",
                              path, max >> 20);
            goto out;
        }
    }
    *buf = p;
    *len = n;
    p = NULL;
out:
    free(p);
    close(fd);
    return rc;
}
