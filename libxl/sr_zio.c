/*
 * libxl save/restore: the zlib layer of a compressed image (xl save -z,
 * and any other stream that asks for it, e.g. a migration).  Once begun
 * on a struct sr_io, sr_read()/sr_write() go through one zlib stream
 * (RFC 1950, with its Adler-32 check), so the record layers above do not
 * know.  Offsets in messages stay those of the uncompressed image; the
 * file offset of the compressed data is added where it helps.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "sr_api.h"

/* Compressed bytes buffered between the stream and the descriptor. */
#define ZIO_BUF (256U << 10)

struct sr_zio {
    z_stream zs;
    bool writing;
    bool ended;                   /* read: the zlib stream has ended */
    uint64_t zoff;                /* file offset of the next fd byte */
    uint8_t buf[ZIO_BUF];
};

static int fd_write(struct sr_io *io, const uint8_t *p, size_t len)
{
    struct sr_zio *z = io->z;
    ssize_t r;

    while (len) {
        r = write(io->fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return sr_seterr(io->err, -errno, "write at file offset %"
                             PRIu64 " (compressed): %s", z->zoff,
                             strerror(errno));
        p += r;
        len -= (size_t)r;
        z->zoff += (uint64_t)r;
    }
    return 0;
}

int sr_zio_begin(struct sr_io *io, bool writing, int level)
{
    struct sr_zio *z;
    int zr;

    if (io->z)
        return sr_seterr(io->err, -EINVAL, "zlib: stream already begun");
    z = calloc(1, sizeof(*z));
    if (!z)
        return sr_seterr(io->err, -ENOMEM, "zlib: out of memory");
    z->writing = writing;
    z->zoff = io->off;
    zr = writing ? deflateInit(&z->zs, level) : inflateInit(&z->zs);
    if (zr != Z_OK) {
        free(z);
        return sr_seterr(io->err, zr == Z_MEM_ERROR ? -ENOMEM : -EINVAL,
                         "zlib: cannot start the %s stream (level %d)",
                         writing ? "compressed" : "decompressing", level);
    }
    if (writing) {
        z->zs.next_out = z->buf;
        z->zs.avail_out = ZIO_BUF;
    }
    io->z = z;
    return 0;
}

/* Deflate what zs holds as input; flush: Z_NO_FLUSH or Z_FINISH. */
static int zio_deflate(struct sr_io *io, int flush)
{
    struct sr_zio *z = io->z;
    int zr, rc;

    for (;;) {
        zr = deflate(&z->zs, flush);
        if (zr == Z_STREAM_ERROR)
            return sr_seterr(io->err, -EINVAL, "zlib: deflate failed");
        if (z->zs.avail_out == 0 || (flush == Z_FINISH &&
                                     zr == Z_STREAM_END)) {
            rc = fd_write(io, z->buf, ZIO_BUF - z->zs.avail_out);
            if (rc)
                return rc;
            z->zs.next_out = z->buf;
            z->zs.avail_out = ZIO_BUF;
        }
        if (flush == Z_FINISH ? zr == Z_STREAM_END
                              : z->zs.avail_in == 0)
            return 0;
    }
}

int sr_zio_write(struct sr_io *io, const void *buf, size_t len)
{
    struct sr_zio *z = io->z;
    const uint8_t *p = buf;
    uInt n;
    int rc;

    while (len) {
        n = len > (1U << 30) ? (1U << 30) : (uInt)len;
        z->zs.next_in = (Bytef *)(uintptr_t)p;
        z->zs.avail_in = n;
        rc = zio_deflate(io, Z_NO_FLUSH);
        if (rc)
            return rc;
        p += n;
        len -= n;
    }
    io->off += (uint64_t)(p - (const uint8_t *)buf);
    return 0;
}

int sr_zio_flush(struct sr_io *io)
{
    struct sr_zio *z = io->z;
    bool full;
    int zr, rc;

    if (!z || !z->writing)
        return 0;
    z->zs.avail_in = 0;
    do {
        zr = deflate(&z->zs, Z_SYNC_FLUSH);
        if (zr == Z_STREAM_ERROR)
            return sr_seterr(io->err, -EINVAL, "zlib: deflate failed");
        /* Output space used up: there may be more to come. */
        full = z->zs.avail_out == 0;
        rc = fd_write(io, z->buf, ZIO_BUF - z->zs.avail_out);
        if (rc)
            return rc;
        z->zs.next_out = z->buf;
        z->zs.avail_out = ZIO_BUF;
    } while (full);
    return 0;
}

/* Fill the input buffer from the descriptor: 0, or -EINVAL at its end
 * (*eof set), or a read error. */
static int zio_fill(struct sr_io *io, const char *what, bool *eof)
{
    struct sr_zio *z = io->z;
    ssize_t r;

    *eof = false;
    do
        r = read(io->fd, z->buf, ZIO_BUF);
    while (r < 0 && errno == EINTR);
    if (r < 0)
        return sr_seterr(io->err, -errno, "%s: read at file offset %"
                         PRIu64 " (compressed): %s", what, z->zoff,
                         strerror(errno));
    if (r == 0) {
        *eof = true;
        return -EINVAL;
    }
    z->zs.next_in = z->buf;
    z->zs.avail_in = (uInt)r;
    z->zoff += (uint64_t)r;
    return 0;
}

/* File offset of the next compressed byte zlib has not consumed. */
static uint64_t zio_pos(const struct sr_zio *z)
{
    return z->zoff - z->zs.avail_in;
}

int sr_zio_read(struct sr_io *io, void *buf, size_t len, const char *what)
{
    struct sr_zio *z = io->z;
    size_t got = 0;
    bool eof;
    int zr, rc;

    while (got < len) {
        if (z->ended)
            return sr_seterr(io->err, -EINVAL, "%s: truncated image: the "
                             "compressed stream ends after %zu of %zu bytes "
                             "at offset %" PRIu64, what, got, len, io->off);
        if (z->zs.avail_in == 0) {
            rc = zio_fill(io, what, &eof);
            if (eof)
                return sr_seterr(io->err, -EINVAL, "%s: truncated image: "
                                 "%zu of %zu bytes at offset %" PRIu64
                                 " (compressed image ends at file offset %"
                                 PRIu64 ")", what, got, len, io->off,
                                 z->zoff);
            if (rc)
                return rc;
        }
        z->zs.next_out = (Bytef *)buf + got;
        z->zs.avail_out = (uInt)(len - got > (1U << 30) ? (1U << 30)
                                                        : len - got);
        zr = inflate(&z->zs, Z_NO_FLUSH);
        got = (size_t)(z->zs.next_out - (Bytef *)buf);
        if (zr == Z_STREAM_END)
            z->ended = true;
        else if (zr == Z_DATA_ERROR || zr == Z_NEED_DICT)
            return sr_seterr(io->err, -EINVAL, "%s: corrupt compressed "
                             "data near file offset %" PRIu64 " (zlib: %s)",
                             what, zio_pos(z),
                             z->zs.msg ? z->zs.msg : "bad data");
        else if (zr == Z_MEM_ERROR)
            return sr_seterr(io->err, -ENOMEM, "%s: zlib: out of memory",
                             what);
        else if (zr != Z_OK && zr != Z_BUF_ERROR)
            return sr_seterr(io->err, -EINVAL, "%s: zlib: inflate failed "
                             "(%d)", what, zr);
    }
    io->off += len;
    return 0;
}

/* Reading: the stream must end here, its check value intact. */
static int zio_read_end(struct sr_io *io)
{
    struct sr_zio *z = io->z;
    uint8_t extra;
    bool eof;
    int zr, rc;

    while (!z->ended) {
        if (z->zs.avail_in == 0) {
            rc = zio_fill(io, "zlib stream end", &eof);
            if (eof)
                return sr_seterr(io->err, -EINVAL, "truncated image: the "
                                 "compressed stream has no end (its check "
                                 "value) at file offset %" PRIu64, z->zoff);
            if (rc)
                return rc;
        }
        z->zs.next_out = &extra;
        z->zs.avail_out = 1;
        zr = inflate(&z->zs, Z_NO_FLUSH);
        if (z->zs.avail_out == 0)
            return sr_seterr(io->err, -EINVAL, "data after the end record "
                             "at offset %" PRIu64 " of the compressed "
                             "stream", io->off);
        if (zr == Z_STREAM_END)
            z->ended = true;
        else if (zr != Z_OK && zr != Z_BUF_ERROR)
            return sr_seterr(io->err, -EINVAL, "corrupt compressed data "
                             "near file offset %" PRIu64 " (zlib: %s)",
                             zio_pos(z), z->zs.msg ? z->zs.msg
                                                   : "bad data");
    }
    return 0;
}

int sr_zio_end(struct sr_io *io)
{
    if (!io->z)
        return 0;
    return io->z->writing ? zio_deflate(io, Z_FINISH) : zio_read_end(io);
}

void sr_zio_dispose(struct sr_io *io)
{
    if (!io->z)
        return;
    if (io->z->writing)
        deflateEnd(&io->z->zs);
    else
        inflateEnd(&io->z->zs);
    free(io->z);
    io->z = NULL;
}

uint64_t sr_zio_file_offset(const struct sr_io *io)
{
    return io->z ? (io->z->writing ? io->z->zoff : zio_pos(io->z))
                 : io->off;
}
