/*
 * libxl save/restore: reading and writing the layers of a save image
 * (xl savefile header, libxl stream v2, libxc stream v3) on a file
 * descriptor.  Private to libxl, never installed.
 *
 * Conventions: 0 or a negative errno; the reason is in the struct sr_err
 * of the stream, naming the layer, the record and the file offset.  An
 * image is untrusted input: every length is checked before use, and a
 * short or corrupt image fails with -EINVAL, never with a crash.
 */
#ifndef LIBXL_SR_API_H
#define LIBXL_SR_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sr_format.h"

struct sr_err {
    char msg[384];
};

/* Record a message in err (may be NULL); returns rc. */
int sr_seterr(struct sr_err *err, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One image being read or written.  off counts bytes from the start of
 * the image (the xl header's first byte), so messages name file offsets. */
struct sr_zio;

struct sr_io {
    int fd;
    uint64_t off;
    struct sr_err *err;
    struct sr_zio *z;             /* zlib layer, NULL: plain (sr_zio.c) */
};

void sr_io_init(struct sr_io *io, int fd, struct sr_err *err);

/* Read exactly len bytes; what names them in a message ("libxc stream:
 * record PAGE_DATA at offset 64").  End of file: -EINVAL, "truncated". */
int sr_read(struct sr_io *io, void *buf, size_t len, const char *what);
/* Write exactly len bytes (retries short writes and EINTR). */
int sr_write(struct sr_io *io, const void *buf, size_t len);

/* ---- zlib layer (sr_zio.c) ---- */

/*
 * From here on, sr_read()/sr_write() on io go through one zlib stream
 * (level: 0-9 or Z_DEFAULT_COMPRESSION, for writing).  io->off keeps
 * counting uncompressed bytes, so messages name the offsets the image
 * would have uncompressed; corrupt or truncated compressed data fails
 * with -EINVAL naming what was being read and the file offset.
 */
int sr_zio_begin(struct sr_io *io, bool writing, int level);
#define SR_ZIO_FAST 1             /* zlib's Z_BEST_SPEED */
/* Writing: flush and finish the stream.  Reading: check that it ends
 * here with its check value intact (no data after it). */
int sr_zio_end(struct sr_io *io);
/* Writing: put out everything written so far, so that the reader can
 * have it now (a zlib sync flush: a few bytes more); nothing for a plain
 * io.  A live migration flushes after each batch of pages, or the
 * receiver would get the guest's memory only at the end, in the
 * guest's downtime. */
int sr_zio_flush(struct sr_io *io);
/* Free the layer (after sr_zio_end, or on failure); io is plain again. */
void sr_zio_dispose(struct sr_io *io);
/* File offset reached in the compressed data (io->off when plain). */
uint64_t sr_zio_file_offset(const struct sr_io *io);
/* Used by sr_read()/sr_write() when io->z is set. */
int sr_zio_read(struct sr_io *io, void *buf, size_t len, const char *what);
int sr_zio_write(struct sr_io *io, const void *buf, size_t len);

/* ---- records (common to the libxl and libxc layers) ---- */

enum sr_layer { SR_LAYER_LIBXL, SR_LAYER_LIBXC };

/* "libxl stream" / "libxc stream". */
const char *sr_layer_name(enum sr_layer l);
/* Name of a record type ("PAGE_DATA"); NULL if unknown to this layer. */
const char *sr_rec_name(enum sr_layer l, uint32_t type);

struct sr_rec {
    uint32_t type;
    uint32_t len;                 /* of the body, without padding */
    uint64_t off;                 /* image offset of the record header */
    uint8_t *body;                /* malloc'd, NULL when len is 0 */
};

/*
 * Read one record with its padding.  A body longer than
 * SR_REC_LENGTH_MAX, or a mandatory type unknown to the layer, fails
 * with -EINVAL naming it (optional unknown types are returned: the
 * caller skips them).  Free r with sr_rec_dispose().
 */
int sr_rec_read(struct sr_io *io, enum sr_layer l, struct sr_rec *r);
void sr_rec_dispose(struct sr_rec *r);
/* Describe r for a message: "libxc stream: record PAGE_DATA at offset
 * 4096"; written into buf, which is returned. */
const char *sr_rec_where(enum sr_layer l, const struct sr_rec *r,
                         char *buf, size_t len);

/* Record "<where r is>: why" in err; returns rc. */
int sr_rec_fail(struct sr_err *err, enum sr_layer l, const struct sr_rec *r,
                int rc, const char *why);
/* Move src's body into dst (whose old body is freed); src is empty. */
void sr_rec_keep(struct sr_rec *dst, struct sr_rec *src);

/* Write a record whose body is a followed by b (either may be empty),
 * then the zero padding to 8 bytes. */
int sr_rec_write(struct sr_io *io, uint32_t type, const void *a,
                 size_t alen, const void *b, size_t blen);

/* ---- headers (sr_hdr.c) ---- */

/*
 * xl savefile header: magic, byte order, flags, optional data holding
 * the domain config as JSON (NUL included).  json may be NULL (no
 * config, as xl writes when it has none).  streamv2 is always set;
 * extra: more mandatory flags (SR_XL_FLAG_ZLIB).
 */
int sr_xl_hdr_write(struct sr_io *io, const char *json, uint32_t extra);
/* Read and check it.  *json_out: malloc'd NUL-terminated config, or NULL
 * when the image carries none; *flags_out (may be NULL): its mandatory
 * flags.  Unknown mandatory flags are refused. */
int sr_xl_hdr_read(struct sr_io *io, char **json_out, uint32_t *flags_out);

int sr_libxl_hdr_write(struct sr_io *io);
/* Refuses another ident, version, big-endian or legacy streams. */
int sr_libxl_hdr_read(struct sr_io *io);

struct sr_xc_dhdr {
    uint32_t type;                /* enum sr_xc_domtype */
    uint16_t page_shift;
    uint32_t xen_major, xen_minor;
};

/* Image header (v3, little-endian records) and domain header. */
int sr_xc_hdr_write(struct sr_io *io, const struct sr_xc_dhdr *d);
/* Accepts versions 2 and 3 (*version says which). */
int sr_xc_hdr_read(struct sr_io *io, struct sr_xc_dhdr *d,
                   uint32_t *version);

/* ---- libxc record bodies (sr_rec.c) ---- */

static inline uint64_t sr_pfn_of(uint64_t ent)
{
    return ent & SR_PFN_MASK;
}

static inline unsigned sr_type_of(uint64_t ent)
{
    return (unsigned)(ent >> SR_PFN_TYPE_SHIFT);
}

static inline uint64_t sr_pfn_ent(uint64_t pfn, unsigned type)
{
    return (pfn & SR_PFN_MASK) | (uint64_t)type << SR_PFN_TYPE_SHIFT;
}

/* Does a page of this type carry contents in PAGE_DATA?  -1: invalid. */
int sr_type_has_data(unsigned type);

/* A PAGE_DATA body, pointing into the record. */
struct sr_page_data {
    uint32_t count;
    const uint8_t *ents;          /* count little-endian uint64 entries */
    uint32_t npages;              /* entries that carry data */
    const uint8_t *data;          /* npages x SR_PAGE_SIZE */
};

uint64_t sr_page_data_ent(const struct sr_page_data *p, uint32_t i);

/* Check a PAGE_DATA record: count > 0, known types, pfns below
 * max_pfn, and a length that matches exactly. */
int sr_page_data_parse(enum sr_layer l, const struct sr_rec *r,
                       uint64_t max_pfn, struct sr_page_data *p,
                       struct sr_err *err);

/*
 * Write one PAGE_DATA record of count entries (type in the top bits);
 * pages[i] is the contents of entry i (ignored, and may be NULL, for
 * types without data).
 */
int sr_page_data_write(struct sr_io *io, uint32_t count,
                       const uint64_t *ents, const void *const *pages);

struct sr_pv_info {
    uint8_t guest_width, pt_levels;
};

int sr_pv_info_parse(const struct sr_rec *r, struct sr_pv_info *pi,
                     struct sr_err *err);
int sr_pv_info_write(struct sr_io *io, const struct sr_pv_info *pi);

/* X86_PV_P2M_FRAMES: the frames holding p2m entries start..end. */
struct sr_p2m_frames {
    uint32_t start_pfn, end_pfn;
    uint32_t nr;                  /* frames */
    const uint8_t *frames;        /* nr little-endian uint64 pfns */
};

int sr_p2m_frames_parse(const struct sr_rec *r, unsigned guest_width,
                        struct sr_p2m_frames *f, struct sr_err *err);
uint64_t sr_p2m_frame(const struct sr_p2m_frames *f, uint32_t i);
int sr_p2m_frames_write(struct sr_io *io, uint32_t start_pfn,
                        uint32_t end_pfn, const uint64_t *frames,
                        uint32_t nr);

/* X86_PV_VCPU_{BASIC,EXTENDED,XSAVE,MSRS}. */
struct sr_vcpu {
    uint32_t vcpu_id;
    const uint8_t *ctx;
    uint32_t len;
};

int sr_vcpu_parse(const struct sr_rec *r, uint32_t max_vcpus,
                  struct sr_vcpu *v, struct sr_err *err);
int sr_vcpu_write(struct sr_io *io, uint32_t type, uint32_t vcpu_id,
                  const void *ctx, uint32_t len);

struct sr_tsc_info {
    uint32_t mode, khz;
    uint64_t nsec;
    uint32_t incarnation;
};

int sr_tsc_info_parse(const struct sr_rec *r, struct sr_tsc_info *t,
                      struct sr_err *err);
int sr_tsc_info_write(struct sr_io *io, const struct sr_tsc_info *t);

#endif /* LIBXL_SR_API_H */
