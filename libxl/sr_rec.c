/*
 * libxl save/restore: bodies of the libxc stream's records (PAGE_DATA,
 * X86_PV_INFO, X86_PV_P2M_FRAMES, X86_PV_VCPU_*, X86_TSC_INFO): written
 * from plain values, and checked field by field when read.
 */
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sr_api.h"

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return le64toh(v);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return le32toh(v);
}

static void put32(uint8_t *p, uint32_t v)
{
    v = htole32(v);
    memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
    v = htole64(v);
    memcpy(p, &v, 8);
}

int sr_type_has_data(unsigned type)
{
    switch (type) {
    case SR_PT_NOTAB:
    case SR_PT_L1TAB: case SR_PT_L2TAB: case SR_PT_L3TAB: case SR_PT_L4TAB:
    case SR_PT_L1TAB_PIN: case SR_PT_L2TAB_PIN: case SR_PT_L3TAB_PIN:
    case SR_PT_L4TAB_PIN:
        return 1;
    case SR_PT_BROKEN: case SR_PT_XALLOC: case SR_PT_XTAB:
        return 0;
    }
    return -1;
}

uint64_t sr_page_data_ent(const struct sr_page_data *p, uint32_t i)
{
    return get64(p->ents + 8 * (size_t)i);
}

int sr_page_data_parse(enum sr_layer l, const struct sr_rec *r,
                       uint64_t max_pfn, struct sr_page_data *p,
                       struct sr_err *err)
{
    char where[160];
    uint64_t need, ent;
    uint32_t i;
    int has;

    sr_rec_where(l, r, where, sizeof(where));
    if (r->len < 8)
        return sr_seterr(err, -EINVAL, "%s: body of %" PRIu32 " bytes is "
                         "shorter than its header", where, r->len);
    p->count = get32(r->body);
    if (p->count == 0)
        return sr_seterr(err, -EINVAL, "%s: count is 0", where);
    if ((uint64_t)p->count * 8 > r->len - 8)
        return sr_seterr(err, -EINVAL, "%s: %" PRIu32 " pfns do not fit the "
                         "body of %" PRIu32 " bytes", where, p->count,
                         r->len);
    p->ents = r->body + 8;
    p->npages = 0;
    for (i = 0; i < p->count; i++) {
        ent = sr_page_data_ent(p, i);
        has = sr_type_has_data(sr_type_of(ent));
        if (has < 0)
            return sr_seterr(err, -EINVAL, "%s: pfn %#" PRIx64 " (entry %"
                             PRIu32 ") has invalid type %#x", where,
                             sr_pfn_of(ent), i, sr_type_of(ent));
        if (sr_pfn_of(ent) >= max_pfn)
            return sr_seterr(err, -EINVAL, "%s: pfn %#" PRIx64 " (entry %"
                             PRIu32 ") is beyond the domain's %#" PRIx64
                             " pfns", where, sr_pfn_of(ent), i, max_pfn);
        p->npages += (uint32_t)has;
    }
    need = 8 + (uint64_t)p->count * 8 + (uint64_t)p->npages * SR_PAGE_SIZE;
    if (need != r->len)
        return sr_seterr(err, -EINVAL, "%s: length %" PRIu32 " does not "
                         "match %" PRIu32 " pfns with %" PRIu32 " pages of "
                         "data (%" PRIu64 " bytes)", where, r->len, p->count,
                         p->npages, need);
    p->data = r->body + 8 + (size_t)p->count * 8;
    return 0;
}

int sr_page_data_write(struct sr_io *io, uint32_t count,
                       const uint64_t *ents, const void *const *pages)
{
    uint8_t *buf, *d;
    size_t head = 8 + (size_t)count * 8, len = head;
    uint32_t i;
    int rc, has;

    if (count == 0 || count > SR_BATCH_PAGES * 4)
        return sr_seterr(io->err, -EINVAL, "PAGE_DATA: bad count %" PRIu32,
                         count);
    for (i = 0; i < count; i++) {
        has = sr_type_has_data(sr_type_of(ents[i]));
        if (has < 0)
            return sr_seterr(io->err, -EINVAL, "PAGE_DATA: pfn %#" PRIx64
                             " has invalid type %#x", sr_pfn_of(ents[i]),
                             sr_type_of(ents[i]));
        len += has ? SR_PAGE_SIZE : 0;
    }
    /* One buffer, one write: a batch is at most a few MiB. */
    buf = malloc(len);
    if (!buf)
        return sr_seterr(io->err, -ENOMEM, "PAGE_DATA: out of memory");
    put32(buf, count);
    put32(buf + 4, 0);
    d = buf + head;
    for (i = 0; i < count; i++) {
        put64(buf + 8 + 8 * (size_t)i, ents[i]);
        if (sr_type_has_data(sr_type_of(ents[i]))) {
            memcpy(d, pages[i], SR_PAGE_SIZE);
            d += SR_PAGE_SIZE;
        }
    }
    rc = sr_rec_write(io, SR_XC_PAGE_DATA, buf, len, NULL, 0);
    free(buf);
    return rc;
}

static int bad_len(const struct sr_rec *r, struct sr_err *err,
                   const char *want)
{
    char where[160];

    return sr_seterr(err, -EINVAL, "%s: length %" PRIu32 " (expected %s)",
                     sr_rec_where(SR_LAYER_LIBXC, r, where, sizeof(where)),
                     r->len, want);
}

int sr_pv_info_parse(const struct sr_rec *r, struct sr_pv_info *pi,
                     struct sr_err *err)
{
    char where[160];

    if (r->len != SR_PV_INFO_LEN)
        return bad_len(r, err, "8");
    pi->guest_width = r->body[0];
    pi->pt_levels = r->body[1];
    if (pi->guest_width != 8 || pi->pt_levels != 4)
        return sr_seterr(err, pi->guest_width == 4 ? -EOPNOTSUPP : -EINVAL,
                         "%s: guest width %u with %u page-table levels "
                         "(supported: 64-bit guests, 4 levels)",
                         sr_rec_where(SR_LAYER_LIBXC, r, where,
                                      sizeof(where)),
                         pi->guest_width, pi->pt_levels);
    return 0;
}

int sr_pv_info_write(struct sr_io *io, const struct sr_pv_info *pi)
{
    uint8_t b[SR_PV_INFO_LEN] = { pi->guest_width, pi->pt_levels };

    return sr_rec_write(io, SR_XC_X86_PV_INFO, b, sizeof(b), NULL, 0);
}

int sr_p2m_frames_parse(const struct sr_rec *r, unsigned guest_width,
                        struct sr_p2m_frames *f, struct sr_err *err)
{
    uint32_t fpp = SR_PAGE_SIZE / (guest_width ? guest_width : 8);
    char where[160];

    if (r->len < 16)
        return bad_len(r, err, "at least 16");
    f->start_pfn = get32(r->body);
    f->end_pfn = get32(r->body + 4);
    if (f->start_pfn > f->end_pfn)
        return sr_seterr(err, -EINVAL, "%s: start pfn %#" PRIx32 " is above "
                         "end pfn %#" PRIx32,
                         sr_rec_where(SR_LAYER_LIBXC, r, where,
                                      sizeof(where)),
                         f->start_pfn, f->end_pfn);
    f->nr = f->end_pfn / fpp - f->start_pfn / fpp + 1;
    if (r->len != 8 + (uint64_t)f->nr * 8)
        return sr_seterr(err, -EINVAL, "%s: length %" PRIu32 " does not "
                         "match %" PRIu32 " frames for pfns %#" PRIx32
                         "..%#" PRIx32,
                         sr_rec_where(SR_LAYER_LIBXC, r, where,
                                      sizeof(where)),
                         r->len, f->nr, f->start_pfn, f->end_pfn);
    f->frames = r->body + 8;
    return 0;
}

uint64_t sr_p2m_frame(const struct sr_p2m_frames *f, uint32_t i)
{
    return get64(f->frames + 8 * (size_t)i);
}

int sr_p2m_frames_write(struct sr_io *io, uint32_t start_pfn,
                        uint32_t end_pfn, const uint64_t *frames,
                        uint32_t nr)
{
    uint8_t *b = malloc(8 + (size_t)nr * 8);
    uint32_t i;
    int rc;

    if (!b)
        return sr_seterr(io->err, -ENOMEM, "X86_PV_P2M_FRAMES: out of "
                         "memory");
    put32(b, start_pfn);
    put32(b + 4, end_pfn);
    for (i = 0; i < nr; i++)
        put64(b + 8 + 8 * (size_t)i, frames[i]);
    rc = sr_rec_write(io, SR_XC_X86_PV_P2M_FRAMES, b, 8 + (size_t)nr * 8,
                      NULL, 0);
    free(b);
    return rc;
}

int sr_vcpu_parse(const struct sr_rec *r, uint32_t max_vcpus,
                  struct sr_vcpu *v, struct sr_err *err)
{
    char where[160];

    if (r->len < SR_VCPU_HDR_LEN)
        return bad_len(r, err, "at least 8");
    v->vcpu_id = get32(r->body);
    if (v->vcpu_id >= max_vcpus)
        return sr_seterr(err, -EINVAL, "%s: vcpu %" PRIu32 " is beyond the "
                         "domain's %" PRIu32 " vcpus",
                         sr_rec_where(SR_LAYER_LIBXC, r, where,
                                      sizeof(where)),
                         v->vcpu_id, max_vcpus);
    v->ctx = r->body + SR_VCPU_HDR_LEN;
    v->len = r->len - SR_VCPU_HDR_LEN;
    return 0;
}

int sr_vcpu_write(struct sr_io *io, uint32_t type, uint32_t vcpu_id,
                  const void *ctx, uint32_t len)
{
    uint8_t h[SR_VCPU_HDR_LEN] = { 0 };

    put32(h, vcpu_id);
    return sr_rec_write(io, type, h, sizeof(h), ctx, len);
}

int sr_tsc_info_parse(const struct sr_rec *r, struct sr_tsc_info *t,
                      struct sr_err *err)
{
    if (r->len != SR_TSC_INFO_LEN)
        return bad_len(r, err, "24");
    t->mode = get32(r->body);
    t->khz = get32(r->body + 4);
    t->nsec = get64(r->body + 8);
    t->incarnation = get32(r->body + 16);
    return 0;
}

int sr_tsc_info_write(struct sr_io *io, const struct sr_tsc_info *t)
{
    uint8_t b[SR_TSC_INFO_LEN] = { 0 };

    put32(b, t->mode);
    put32(b + 4, t->khz);
    put64(b + 8, t->nsec);
    put32(b + 16, t->incarnation);
    return sr_rec_write(io, SR_XC_X86_TSC_INFO, b, sizeof(b), NULL, 0);
}
