/*
 * libxl save/restore: byte and record I/O on an image's file descriptor,
 * shared by the libxl and libxc stream layers.  Every failure names the
 * layer, the record and the image offset where it happened.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sr_api.h"

int sr_seterr(struct sr_err *err, int rc, const char *fmt, ...)
{
    va_list ap;

    if (err) {
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
    }
    return rc;
}

void sr_io_init(struct sr_io *io, int fd, struct sr_err *err)
{
    io->fd = fd;
    io->off = 0;
    io->err = err;
    io->z = NULL;
}

int sr_read(struct sr_io *io, void *buf, size_t len, const char *what)
{
    uint8_t *p = buf;
    size_t got = 0;
    ssize_t r;

    if (io->z)
        return sr_zio_read(io, buf, len, what);
    while (got < len) {
        r = read(io->fd, p + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return sr_seterr(io->err, -errno, "%s: read at offset %" PRIu64
                             ": %s", what, io->off + got, strerror(errno));
        if (r == 0)
            return sr_seterr(io->err, -EINVAL, "%s: truncated image: "
                             "%zu of %zu bytes at offset %" PRIu64, what,
                             got, len, io->off);
        got += (size_t)r;
    }
    io->off += len;
    return 0;
}

int sr_write(struct sr_io *io, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t done = 0;
    ssize_t r;

    if (io->z)
        return sr_zio_write(io, buf, len);
    while (done < len) {
        r = write(io->fd, p + done, len - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return sr_seterr(io->err, -errno, "write at offset %" PRIu64
                             ": %s", io->off + done, strerror(errno));
        done += (size_t)r;
    }
    io->off += len;
    return 0;
}

const char *sr_layer_name(enum sr_layer l)
{
    return l == SR_LAYER_LIBXL ? "libxl stream" : "libxc stream";
}

static const char *const libxl_names[] = {
    [SR_LIBXL_END] = "END",
    [SR_LIBXL_LIBXC_CONTEXT] = "LIBXC_CONTEXT",
    [SR_LIBXL_EMULATOR_XENSTORE_DATA] = "EMULATOR_XENSTORE_DATA",
    [SR_LIBXL_EMULATOR_CONTEXT] = "EMULATOR_CONTEXT",
    [SR_LIBXL_CHECKPOINT_END] = "CHECKPOINT_END",
    [SR_LIBXL_CHECKPOINT_STATE] = "CHECKPOINT_STATE",
};

static const char *const libxc_names[] = {
    [SR_XC_END] = "END",
    [SR_XC_PAGE_DATA] = "PAGE_DATA",
    [SR_XC_X86_PV_INFO] = "X86_PV_INFO",
    [SR_XC_X86_PV_P2M_FRAMES] = "X86_PV_P2M_FRAMES",
    [SR_XC_X86_PV_VCPU_BASIC] = "X86_PV_VCPU_BASIC",
    [SR_XC_X86_PV_VCPU_EXTENDED] = "X86_PV_VCPU_EXTENDED",
    [SR_XC_X86_PV_VCPU_XSAVE] = "X86_PV_VCPU_XSAVE",
    [SR_XC_SHARED_INFO] = "SHARED_INFO",
    [SR_XC_X86_TSC_INFO] = "X86_TSC_INFO",
    [SR_XC_HVM_CONTEXT] = "HVM_CONTEXT",
    [SR_XC_HVM_PARAMS] = "HVM_PARAMS",
    [SR_XC_TOOLSTACK] = "TOOLSTACK",
    [SR_XC_X86_PV_VCPU_MSRS] = "X86_PV_VCPU_MSRS",
    [SR_XC_VERIFY] = "VERIFY",
    [SR_XC_CHECKPOINT] = "CHECKPOINT",
    [SR_XC_CHECKPOINT_DIRTY_PFN_LIST] = "CHECKPOINT_DIRTY_PFN_LIST",
    [SR_XC_STATIC_DATA_END] = "STATIC_DATA_END",
    [SR_XC_X86_CPUID_POLICY] = "X86_CPUID_POLICY",
    [SR_XC_X86_MSR_POLICY] = "X86_MSR_POLICY",
};

const char *sr_rec_name(enum sr_layer l, uint32_t type)
{
    if (l == SR_LAYER_LIBXL)
        return type < sizeof(libxl_names) / sizeof(libxl_names[0]) ?
               libxl_names[type] : NULL;
    return type < sizeof(libxc_names) / sizeof(libxc_names[0]) ?
           libxc_names[type] : NULL;
}

static const char *type_str(enum sr_layer l, uint32_t type, char *buf,
                            size_t len)
{
    const char *n = sr_rec_name(l, type);

    if (n)
        return n;
    snprintf(buf, len, "type %#" PRIx32, type);
    return buf;
}

const char *sr_rec_where(enum sr_layer l, const struct sr_rec *r,
                         char *buf, size_t len)
{
    char t[32];

    snprintf(buf, len, "%s: record %s at offset %" PRIu64,
             sr_layer_name(l), type_str(l, r->type, t, sizeof(t)), r->off);
    return buf;
}

int sr_rec_fail(struct sr_err *err, enum sr_layer l, const struct sr_rec *r,
                int rc, const char *why)
{
    char where[160];

    return sr_seterr(err, rc, "%s: %s",
                     sr_rec_where(l, r, where, sizeof(where)), why);
}

void sr_rec_keep(struct sr_rec *dst, struct sr_rec *src)
{
    sr_rec_dispose(dst);
    *dst = *src;
    src->body = NULL;
    src->len = 0;
}

void sr_rec_dispose(struct sr_rec *r)
{
    if (!r)
        return;
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

static uint32_t pad_of(uint64_t len)
{
    return (uint32_t)((SR_REC_ALIGN - len % SR_REC_ALIGN) % SR_REC_ALIGN);
}

int sr_rec_read(struct sr_io *io, enum sr_layer l, struct sr_rec *r)
{
    uint8_t hdr[8], pad[SR_REC_ALIGN];
    char where[160];
    int rc;

    memset(r, 0, sizeof(*r));
    r->off = io->off;
    snprintf(where, sizeof(where), "%s: record header at offset %" PRIu64,
             sr_layer_name(l), r->off);
    rc = sr_read(io, hdr, sizeof(hdr), where);
    if (rc)
        return rc;
    memcpy(&r->type, hdr, 4);
    memcpy(&r->len, hdr + 4, 4);
    r->type = le32toh(r->type);
    r->len = le32toh(r->len);
    sr_rec_where(l, r, where, sizeof(where));
    if (!sr_rec_name(l, r->type) && !(r->type & SR_REC_OPTIONAL))
        return sr_seterr(io->err, -EINVAL, "%s: unknown mandatory record "
                         "type", where);
    if (r->len > SR_REC_LENGTH_MAX)
        return sr_seterr(io->err, -EINVAL, "%s: length %" PRIu32 " is over "
                         "the limit of %u bytes", where, r->len,
                         SR_REC_LENGTH_MAX);
    if (r->len) {
        r->body = malloc(r->len);
        if (!r->body)
            return sr_seterr(io->err, -ENOMEM, "%s: out of memory", where);
        rc = sr_read(io, r->body, r->len, where);
        if (!rc)
            rc = sr_read(io, pad, pad_of(r->len), where);
        if (rc) {
            sr_rec_dispose(r);
            return rc;
        }
    }
    return 0;
}

int sr_rec_write(struct sr_io *io, uint32_t type, const void *a,
                 size_t alen, const void *b, size_t blen)
{
    static const uint8_t zero[SR_REC_ALIGN];
    uint32_t hdr[2];
    uint64_t len = (uint64_t)alen + blen;
    int rc;

    if (len > SR_REC_LENGTH_MAX)
        return sr_seterr(io->err, -E2BIG, "record type %#" PRIx32 " of %"
                         PRIu64 " bytes is over the limit", type, len);
    hdr[0] = htole32(type);
    hdr[1] = htole32((uint32_t)len);
    rc = sr_write(io, hdr, sizeof(hdr));
    if (!rc && alen)
        rc = sr_write(io, a, alen);
    if (!rc && blen)
        rc = sr_write(io, b, blen);
    if (!rc)
        rc = sr_write(io, zero, pad_of(len));
    return rc;
}
