/*
 * libxl domain builder: decompression of kernel payloads and modules
 * (gzip, bzip2, xz, lzma, legacy lz4, zstd) into a bounded buffer.
 * Inputs are untrusted: sizes are capped, decoder memory is limited and
 * every failure is an error message, never a crash.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "build_internal.h"

/* Memory a decoder may use (xz/lzma dictionaries): kernels use 32 MiB. */
#define DECODER_MEMLIMIT (256ULL << 20)
/* Legacy lz4 frames: magic, then chunks of at most 8 MiB output. */
#define LZ4_LEGACY_MAGIC 0x184c2102U
#define LZ4_LEGACY_CHUNK (8U << 20)
/* Initial output allocation from a size hint: at most this ratio. */
#define HINT_MAX_RATIO 64

struct outbuf {
    uint8_t *p;
    size_t len, cap, max;
};

static const struct {
    enum build_codec codec;
    const char *name;
    unsigned len;
    const char *magic;
} codecs[] = {
    { BUILD_CODEC_GZIP, "gzip", 2, "\037\213" },
    { BUILD_CODEC_BZIP2, "bzip2", 3, "BZh" },
    { BUILD_CODEC_XZ, "xz", 6, "\3757zXZ\0" },
    { BUILD_CODEC_LZMA, "lzma", 3, "\135\000\000" },
    { BUILD_CODEC_LZ4, "lz4", 4, "\002\041\114\030" },
    { BUILD_CODEC_ZSTD, "zstd", 4, "\050\265\057\375" },
    { BUILD_CODEC_LZO, "lzo", 9, "\211LZO\0\r\n\032\n" },
};

const char *build_codec_name(enum build_codec c)
{
    size_t i;

    for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
        if (codecs[i].codec == c)
            return codecs[i].name;
    return "none";
}

enum build_codec build_codec_detect(const void *buf, size_t len)
{
    size_t i;

    for (i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
        if (len >= codecs[i].len &&
            !memcmp(buf, codecs[i].magic, codecs[i].len))
            return codecs[i].codec;
    return BUILD_CODEC_NONE;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/*
 * Fault in a large output buffer at once: a 64 MiB kernel otherwise takes
 * 16k page faults inside the decoder, a fifth of the xz decoding time.
 * Best effort (Linux >= 5.14); the pages are needed anyway.
 */
static void prefault(uint8_t *p, size_t len)
{
    uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t e = ((uintptr_t)p + len) & ~(uintptr_t)4095;

    if (len >= (1U << 20) && e > a)
        (void)madvise((void *)a, e - a, MADV_POPULATE_WRITE);
}

/* Make room for at least want more bytes (bounded by ob->max). */
static int ob_reserve(struct outbuf *ob, size_t want, struct build_err *err)
{
    size_t cap = ob->cap;
    uint8_t *p;

    if (ob->cap - ob->len >= want)
        return 0;
    if (ob->len == ob->max || want > ob->max - ob->len)
        return build_seterr(err, -EFBIG, "decompressed size exceeds the "
                            "limit of %zu MiB", ob->max >> 20);
    while (cap - ob->len < want)
        cap = cap > ob->max / 2 ? ob->max : cap * 2;
    p = realloc(ob->p, cap);
    if (!p)
        return build_seterr(err, -ENOMEM, "cannot allocate %zu MiB for "
                            "decompression", cap >> 20);
    prefault(p + ob->cap, cap - ob->cap);
    ob->p = p;
    ob->cap = cap;
    return 0;
}

/* Space the decoder may write into next (grows when full). */
static int ob_space(struct outbuf *ob, struct build_err *err)
{
    if (ob->len < ob->cap)
        return 0;
    return ob_reserve(ob, ob->cap ? ob->cap : 1, err);
}

static int corrupt(struct build_err *err, const char *codec, const char *why)
{
    return build_seterr(err, -EINVAL, "%s data is corrupt: %s", codec, why);
}

static int truncated(struct build_err *err, const char *codec)
{
    return build_seterr(err, -EINVAL, "%s data is truncated", codec);
}

static int do_gzip(const uint8_t *in, size_t len, struct outbuf *ob,
                   struct build_err *err)
{
    z_stream s;
    int r, rc = 0;

    memset(&s, 0, sizeof(s));
    if (inflateInit2(&s, 15 + 32) != Z_OK)
        return build_seterr(err, -ENOMEM, "gzip: cannot start decoder");
    s.next_in = (Bytef *)in;
    for (;;) {
        if (!s.avail_in && len) {
            s.avail_in = len > UINT_MAX ? UINT_MAX : (uInt)len;
            len -= s.avail_in;
        }
        if ((rc = ob_space(ob, err)))
            break;
        s.next_out = ob->p + ob->len;
        s.avail_out = ob->cap - ob->len > UINT_MAX
                          ? UINT_MAX : (uInt)(ob->cap - ob->len);
        r = inflate(&s, Z_NO_FLUSH);
        ob->len = (size_t)(s.next_out - ob->p);
        if (r == Z_STREAM_END)
            break;
        if (r == Z_BUF_ERROR && !s.avail_in && !len) {
            rc = truncated(err, "gzip");
            break;
        }
        if (r != Z_OK && r != Z_BUF_ERROR) {
            rc = corrupt(err, "gzip", s.msg ? s.msg : "inflate failed");
            break;
        }
    }
    inflateEnd(&s);
    return rc;
}

static int do_bzip2(const uint8_t *in, size_t len, struct outbuf *ob,
                    struct build_err *err)
{
    bz_stream s;
    int r, rc = 0;

    memset(&s, 0, sizeof(s));
    if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK)
        return build_seterr(err, -ENOMEM, "bzip2: cannot start decoder");
    s.next_in = (char *)in;
    for (;;) {
        if (!s.avail_in && len) {
            s.avail_in = len > UINT_MAX ? UINT_MAX : (unsigned)len;
            len -= s.avail_in;
        }
        if ((rc = ob_space(ob, err)))
            break;
        s.next_out = (char *)ob->p + ob->len;
        s.avail_out = ob->cap - ob->len > UINT_MAX
                          ? UINT_MAX : (unsigned)(ob->cap - ob->len);
        r = BZ2_bzDecompress(&s);
        ob->len = (size_t)((uint8_t *)s.next_out - ob->p);
        if (r == BZ_STREAM_END)
            break;
        if (r != BZ_OK) {
            rc = r == BZ_MEM_ERROR
                     ? build_seterr(err, -ENOMEM, "bzip2: out of memory")
                     : corrupt(err, "bzip2", "bad stream");
            break;
        }
        if (!s.avail_in && !len && s.avail_out) {
            rc = truncated(err, "bzip2");
            break;
        }
    }
    BZ2_bzDecompressEnd(&s);
    return rc;
}

static int do_lzma(enum build_codec c, const uint8_t *in, size_t len,
                   struct outbuf *ob, struct build_err *err)
{
    const char *name = build_codec_name(c);
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret r;
    int rc = 0;

    r = c == BUILD_CODEC_XZ
            ? lzma_stream_decoder(&s, DECODER_MEMLIMIT, 0)
            : lzma_alone_decoder(&s, DECODER_MEMLIMIT);
    if (r != LZMA_OK)
        return build_seterr(err, -ENOMEM, "%s: cannot start decoder", name);
    s.next_in = in;
    s.avail_in = len;
    for (;;) {
        if ((rc = ob_space(ob, err)))
            break;
        s.next_out = ob->p + ob->len;
        s.avail_out = ob->cap - ob->len;
        r = lzma_code(&s, LZMA_FINISH);
        ob->len = (size_t)(s.next_out - ob->p);
        if (r == LZMA_STREAM_END)
            break;
        if (r == LZMA_OK || (r == LZMA_BUF_ERROR && !s.avail_out))
            continue;
        if (r == LZMA_MEMLIMIT_ERROR)
            rc = build_seterr(err, -EINVAL, "%s: stream needs more than "
                              "%llu MiB of decoder memory", name,
                              DECODER_MEMLIMIT >> 20);
        else if (r == LZMA_MEM_ERROR)
            rc = build_seterr(err, -ENOMEM, "%s: out of memory", name);
        else if (r == LZMA_BUF_ERROR)
            rc = truncated(err, name);
        else
            rc = corrupt(err, name, r == LZMA_DATA_ERROR ? "bad data"
                                    : r == LZMA_FORMAT_ERROR ? "bad header"
                                    : "bad stream");
        break;
    }
    lzma_end(&s);
    return rc;
}

static int do_lz4(const uint8_t *in, size_t len, struct outbuf *ob,
                  struct build_err *err)
{
    size_t pos = 4;
    uint32_t chunk;
    int n, rc;

    if (len < 4 || build_le32(in) != LZ4_LEGACY_MAGIC)
        return corrupt(err, "lz4", "not a legacy lz4 frame");
    while (pos < len) {
        if (len - pos < 4)
            return truncated(err, "lz4");
        chunk = build_le32(in + pos);
        pos += 4;
        if (chunk == LZ4_LEGACY_MAGIC)
            continue;
        if (chunk > len - pos)
            return truncated(err, "lz4");
        if (chunk > (uint32_t)LZ4_compressBound(LZ4_LEGACY_CHUNK))
            return corrupt(err, "lz4", "chunk too large");
        if (ob->len == ob->max)
            return ob_reserve(ob, 1, err);
        if ((rc = ob_reserve(ob, LZ4_LEGACY_CHUNK <= ob->max - ob->len
                                     ? LZ4_LEGACY_CHUNK
                                     : ob->max - ob->len, err)))
            return rc;
        n = LZ4_decompress_safe((const char *)in + pos,
                                (char *)ob->p + ob->len, (int)chunk,
                                (int)(ob->cap - ob->len > LZ4_LEGACY_CHUNK
                                          ? LZ4_LEGACY_CHUNK
                                          : ob->cap - ob->len));
        if (n < 0 && ob->cap - ob->len < LZ4_LEGACY_CHUNK)
            return build_seterr(err, -EFBIG, "decompressed size exceeds "
                                "the limit of %zu MiB", ob->max >> 20);
        if (n < 0)
            return corrupt(err, "lz4", "bad block");
        ob->len += (size_t)n;
        pos += chunk;
    }
    return 0;
}

static int do_zstd(const uint8_t *in, size_t len, struct outbuf *ob,
                   struct build_err *err)
{
    size_t flen = ZSTD_findFrameCompressedSize(in, len), r;
    ZSTD_inBuffer ib = { in, flen, 0 };
    ZSTD_outBuffer o;
    ZSTD_DCtx *z;
    int rc = 0;

    if (ZSTD_isError(flen))
        return ZSTD_getErrorCode(flen) == ZSTD_error_srcSize_wrong
                   ? truncated(err, "zstd")
                   : corrupt(err, "zstd", ZSTD_getErrorName(flen));
    z = ZSTD_createDCtx();
    if (!z)
        return build_seterr(err, -ENOMEM, "zstd: cannot start decoder");
    for (;;) {
        if ((rc = ob_space(ob, err)))
            break;
        o = (ZSTD_outBuffer){ ob->p + ob->len, ob->cap - ob->len, 0 };
        r = ZSTD_decompressStream(z, &o, &ib);
        ob->len += o.pos;
        if (ZSTD_isError(r)) {
            rc = corrupt(err, "zstd", ZSTD_getErrorName(r));
            break;
        }
        if (r == 0)
            break;
        if (ib.pos == ib.size && o.pos < o.size) {
            rc = truncated(err, "zstd");
            break;
        }
    }
    ZSTD_freeDCtx(z);
    return rc;
}

static int dispatch(enum build_codec c, const uint8_t *in, size_t len,
                    struct outbuf *ob, struct build_err *err)
{
    switch (c) {
    case BUILD_CODEC_GZIP:
        return do_gzip(in, len, ob, err);
    case BUILD_CODEC_BZIP2:
        return do_bzip2(in, len, ob, err);
    case BUILD_CODEC_XZ:
    case BUILD_CODEC_LZMA:
        return do_lzma(c, in, len, ob, err);
    case BUILD_CODEC_LZ4:
        return do_lz4(in, len, ob, err);
    case BUILD_CODEC_ZSTD:
        return do_zstd(in, len, ob, err);
    case BUILD_CODEC_LZO:
        return build_seterr(err, -EOPNOTSUPP, "lzo-compressed images are "
                            "not supported (no lzo library)");
    case BUILD_CODEC_NONE:
        break;
    }
    return build_seterr(err, -EINVAL, "data is not compressed with a known "
                        "codec");
}

int build_decompress(enum build_codec c, const void *in, size_t len,
                     size_t hint, size_t max, void **out, size_t *outlen,
                     struct build_err *err)
{
    struct outbuf ob = { .max = max };
    int rc;

    if (!max)
        return build_seterr(err, -EINVAL, "no room for decompression");
    /* An untrusted hint: trust it only up to a plausible ratio. */
    if (hint > HINT_MAX_RATIO * len + (1 << 20))
        hint = HINT_MAX_RATIO * len + (1 << 20);
    ob.cap = hint ? hint : (len < max / 4 ? len * 4 : max);
    if (ob.cap > max)
        ob.cap = max;
    if (ob.cap < 4096)
        ob.cap = max < 4096 ? max : 4096;
    ob.p = malloc(ob.cap);
    if (!ob.p)
        return build_seterr(err, -ENOMEM, "cannot allocate %zu MiB for "
                            "decompression", ob.cap >> 20);
    prefault(ob.p, ob.cap);
    rc = dispatch(c, in, len, &ob, err);
    if (rc) {
        free(ob.p);
        return rc;
    }
    if (!ob.len) {
        free(ob.p);
        return build_seterr(err, -EINVAL, "%s data decompresses to nothing",
                            build_codec_name(c));
    }
    *out = ob.p;
    *outlen = ob.len;
    return 0;
}
