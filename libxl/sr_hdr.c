/*
 * libxl save/restore: the three headers of a save image -- xl's savefile
 * header with the domain config, libxl's stream v2 header, and libxc's
 * image + domain headers -- written and checked field by field.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sr_api.h"

static void put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

int sr_xl_hdr_write(struct sr_io *io, const char *json, uint32_t extra)
{
    uint8_t hdr[SR_XL_HDR_LEN], len4[4];
    uint32_t flags = SR_XL_FLAG_STREAMV2 | extra;
    size_t jlen = json ? strlen(json) + 1 : 0;
    int rc;

    if (extra & ~SR_XL_FLAGS_KNOWN)
        return sr_seterr(io->err, -EINVAL, "xl header: unknown flags %#"
                         PRIx32, extra & ~SR_XL_FLAGS_KNOWN);
    if (jlen > SR_XL_OPTDATA_MAX - 4)
        return sr_seterr(io->err, -E2BIG, "xl header: config of %zu bytes "
                         "is too large", jlen);
    if (jlen)
        flags |= SR_XL_FLAG_JSON;
    memset(hdr, 0, sizeof(hdr));
    memcpy(hdr, SR_XL_MAGIC, SR_XL_MAGIC_LEN);
    put32(hdr + 32, SR_XL_BYTEORDER);
    put32(hdr + 36, flags);
    put32(hdr + 40, 0);                         /* optional flags */
    put32(hdr + 44, (uint32_t)(4 + jlen));      /* optional data length */
    put32(len4, (uint32_t)jlen);
    rc = sr_write(io, hdr, sizeof(hdr));
    if (!rc)
        rc = sr_write(io, len4, 4);
    if (!rc && jlen)
        rc = sr_write(io, json, jlen);
    return rc;
}

/* The config in the optional data: uint32 length, then the JSON. */
static int xl_config(struct sr_io *io, uint64_t at, const uint8_t *opt,
                     uint32_t optlen, char **json_out)
{
    uint32_t clen;
    char *json;

    if (optlen < 4)
        return sr_seterr(io->err, -EINVAL, "xl header: optional data at "
                         "offset %" PRIu64 " is %" PRIu32 " bytes, too short "
                         "for the config length", at, optlen);
    clen = get32(opt);
    if (clen == 0 || clen > optlen - 4)
        return sr_seterr(io->err, -EINVAL, "xl header: config length %"
                         PRIu32 " at offset %" PRIu64 " does not fit the %"
                         PRIu32 " bytes of optional data", clen, at, optlen);
    if (opt[4 + clen - 1] != '\0' || memchr(opt + 4, 0, clen) !=
        opt + 4 + clen - 1)
        return sr_seterr(io->err, -EINVAL, "xl header: config at offset %"
                         PRIu64 " is not one NUL-terminated string",
                         at + 4);
    json = malloc(clen);
    if (!json)
        return sr_seterr(io->err, -ENOMEM, "xl header: out of memory");
    memcpy(json, opt + 4, clen);
    *json_out = json;
    return 0;
}

int sr_xl_hdr_read(struct sr_io *io, char **json_out, uint32_t *flags_out)
{
    uint8_t hdr[SR_XL_HDR_LEN], *opt = NULL;
    uint32_t mand, optlen;
    uint64_t at;
    char *json = NULL;
    int rc;

    rc = sr_read(io, hdr, sizeof(hdr), "xl header");
    if (rc)
        return rc;
    if (memcmp(hdr, SR_XL_MAGIC, SR_XL_MAGIC_LEN))
        return sr_seterr(io->err, -EINVAL, "xl header: not a xl save image "
                         "(bad magic at offset 0)");
    if (get32(hdr + 32) != SR_XL_BYTEORDER)
        return sr_seterr(io->err, -EINVAL, "xl header: byte order %#" PRIx32
                         " at offset 32 is not this host's", get32(hdr + 32));
    mand = get32(hdr + 36);
    if (mand & ~SR_XL_FLAGS_KNOWN)
        return sr_seterr(io->err, -EINVAL, "xl header: unknown mandatory "
                         "flags %#" PRIx32 " at offset 36",
                         mand & ~SR_XL_FLAGS_KNOWN);
    if (!(mand & SR_XL_FLAG_STREAMV2))
        return sr_seterr(io->err, -EOPNOTSUPP, "xl header: legacy (pre "
                         "stream v2) images are not supported");
    optlen = get32(hdr + 44);
    if (optlen > SR_XL_OPTDATA_MAX)
        return sr_seterr(io->err, -EINVAL, "xl header: optional data length "
                         "%" PRIu32 " at offset 44 is over the limit",
                         optlen);
    at = io->off;
    if (optlen) {
        opt = malloc(optlen);
        if (!opt)
            return sr_seterr(io->err, -ENOMEM, "xl header: out of memory");
        rc = sr_read(io, opt, optlen, "xl header: optional data");
        if (rc)
            goto out;
    }
    if (mand & SR_XL_FLAG_JSON) {
        rc = xl_config(io, at, opt, optlen, &json);
        if (rc)
            goto out;
    }
    *json_out = json;
    if (flags_out)
        *flags_out = mand;
out:
    free(opt);
    return rc;
}

int sr_libxl_hdr_write(struct sr_io *io)
{
    uint64_t ident = htobe64(SR_LIBXL_IDENT);
    uint32_t v[2] = { htobe32(SR_LIBXL_VERSION), htobe32(0) };
    uint8_t hdr[SR_LIBXL_HDR_LEN];

    memcpy(hdr, &ident, 8);
    memcpy(hdr + 8, v, 8);
    return sr_write(io, hdr, sizeof(hdr));
}

int sr_libxl_hdr_read(struct sr_io *io)
{
    uint8_t hdr[SR_LIBXL_HDR_LEN];
    uint64_t ident, at = io->off;
    uint32_t version, options;
    int rc;

    rc = sr_read(io, hdr, sizeof(hdr), "libxl stream: header");
    if (rc)
        return rc;
    memcpy(&ident, hdr, 8);
    memcpy(&version, hdr + 8, 4);
    memcpy(&options, hdr + 12, 4);
    ident = be64toh(ident);
    version = be32toh(version);
    options = be32toh(options);
    if (ident != SR_LIBXL_IDENT)
        return sr_seterr(io->err, -EINVAL, "libxl stream: header at offset "
                         "%" PRIu64 ": bad ident %#" PRIx64 "%s", at, ident,
                         ident >> 56 == 0x78 ? " (zlib data: the image is "
                         "compressed but its header does not say so)" : "");
    if (version != SR_LIBXL_VERSION)
        return sr_seterr(io->err, -EINVAL, "libxl stream: header at offset "
                         "%" PRIu64 ": version %" PRIu32 " (supported: 2)",
                         at, version);
    if (options & SR_LIBXL_OPT_BIG_ENDIAN)
        return sr_seterr(io->err, -EOPNOTSUPP, "libxl stream: header at "
                         "offset %" PRIu64 ": big-endian streams are not "
                         "supported", at);
    if (options & SR_LIBXL_OPT_LEGACY)
        return sr_seterr(io->err, -EOPNOTSUPP, "libxl stream: header at "
                         "offset %" PRIu64 ": converted legacy streams are "
                         "not supported", at);
    return 0;
}

int sr_xc_hdr_write(struct sr_io *io, const struct sr_xc_dhdr *d)
{
    uint8_t ih[SR_XC_IHDR_LEN], dh[SR_XC_DHDR_LEN];
    uint64_t marker = htobe64(SR_XC_MARKER);
    uint32_t id = htobe32(SR_XC_ID), ver = htobe32(SR_XC_VERSION);
    uint16_t opts = htobe16(0), shift = htole16(d->page_shift);
    uint32_t t = htole32(d->type), maj = htole32(d->xen_major);
    uint32_t min = htole32(d->xen_minor);
    int rc;

    memset(ih, 0, sizeof(ih));
    memcpy(ih, &marker, 8);
    memcpy(ih + 8, &id, 4);
    memcpy(ih + 12, &ver, 4);
    memcpy(ih + 16, &opts, 2);
    memset(dh, 0, sizeof(dh));
    memcpy(dh, &t, 4);
    memcpy(dh + 4, &shift, 2);
    memcpy(dh + 8, &maj, 4);
    memcpy(dh + 12, &min, 4);
    rc = sr_write(io, ih, sizeof(ih));
    return rc ? rc : sr_write(io, dh, sizeof(dh));
}

static int xc_ihdr_check(struct sr_io *io, const uint8_t *ih, uint64_t at,
                         uint32_t *version)
{
    uint64_t marker;
    uint32_t id, ver;
    uint16_t opts;

    memcpy(&marker, ih, 8);
    memcpy(&id, ih + 8, 4);
    memcpy(&ver, ih + 12, 4);
    memcpy(&opts, ih + 16, 2);
    if (be64toh(marker) != SR_XC_MARKER)
        return sr_seterr(io->err, -EINVAL, "libxc stream: image header at "
                         "offset %" PRIu64 ": bad marker (a legacy image?)",
                         at);
    if (be32toh(id) != SR_XC_ID)
        return sr_seterr(io->err, -EINVAL, "libxc stream: image header at "
                         "offset %" PRIu64 ": bad id %#" PRIx32, at,
                         be32toh(id));
    ver = be32toh(ver);
    if (ver != 2 && ver != 3)
        return sr_seterr(io->err, -EINVAL, "libxc stream: image header at "
                         "offset %" PRIu64 ": version %" PRIu32 " (supported:"
                         " 2, 3)", at, ver);
    if (be16toh(opts) & SR_XC_OPT_BIG_ENDIAN)
        return sr_seterr(io->err, -EOPNOTSUPP, "libxc stream: image header "
                         "at offset %" PRIu64 ": big-endian streams are not "
                         "supported", at);
    *version = ver;
    return 0;
}

int sr_xc_hdr_read(struct sr_io *io, struct sr_xc_dhdr *d,
                   uint32_t *version)
{
    uint8_t ih[SR_XC_IHDR_LEN], dh[SR_XC_DHDR_LEN];
    uint64_t at = io->off;
    uint16_t shift;
    int rc;

    rc = sr_read(io, ih, sizeof(ih), "libxc stream: image header");
    if (!rc)
        rc = xc_ihdr_check(io, ih, at, version);
    if (!rc)
        rc = sr_read(io, dh, sizeof(dh), "libxc stream: domain header");
    if (rc)
        return rc;
    d->type = le32toh(get32(dh));
    memcpy(&shift, dh + 4, 2);
    d->page_shift = le16toh(shift);
    d->xen_major = le32toh(get32(dh + 8));
    d->xen_minor = le32toh(get32(dh + 12));
    if (d->type != SR_XC_DOM_X86_PV && d->type != SR_XC_DOM_X86_HVM)
        return sr_seterr(io->err, -EINVAL, "libxc stream: domain header at "
                         "offset %" PRIu64 ": unknown domain type %" PRIu32,
                         at + SR_XC_IHDR_LEN, d->type);
    if (d->page_shift != SR_PAGE_SHIFT)
        return sr_seterr(io->err, -EINVAL, "libxc stream: domain header at "
                         "offset %" PRIu64 ": page shift %u (expected 12)",
                         at + SR_XC_IHDR_LEN, d->page_shift);
    return 0;
}
