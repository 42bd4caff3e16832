/*
 * Unit tests of the save image layers (libxl/sr_*.c): a whole image
 * written and read back, every truncation and a set of corruptions
 * refused with a message naming the record and the offset.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sr_api.h"

#define JSON "{\"c_info\":{\"name\":\"sr-test\"}}"
#define NR_PFNS 64

static uint8_t page_a[SR_PAGE_SIZE], page_b[SR_PAGE_SIZE];
static uint8_t shinfo[SR_PAGE_SIZE], vcpu_ctx[200];

static void fill(void)
{
    unsigned i;

    for (i = 0; i < SR_PAGE_SIZE; i++) {
        page_a[i] = (uint8_t)(i * 7);
        page_b[i] = (uint8_t)(i ^ 0x5a);
        shinfo[i] = (uint8_t)(i >> 3);
    }
    for (i = 0; i < sizeof(vcpu_ctx); i++)
        vcpu_ctx[i] = (uint8_t)(200 - i);
}

/* Offsets of some fields, noted while writing, for the corruption tests. */
struct layout {
    long libxl_hdr, libxc_ctx, xc_hdr, pv_info, p2m, page_data, tsc;
    long vcpu, xc_end, libxl_end, size;
};

/* Where the next write goes; -1: not noted (a compressed image). */
static long tell(int fd)
{
    return fd < 0 ? -1 : (long)lseek(fd, 0, SEEK_CUR);
}

static void write_xc(struct sr_io *io, int fd, struct layout *lo)
{
    struct sr_xc_dhdr d = { SR_XC_DOM_X86_PV, 12, 4, 17 };
    struct sr_pv_info pi = { 8, 4 };
    struct sr_tsc_info t = { 0, 2000000, 123456789, 3 };
    uint64_t frames[1] = { 9 };
    uint64_t ents[3] = {
        sr_pfn_ent(1, SR_PT_NOTAB), sr_pfn_ent(2, SR_PT_XTAB),
        sr_pfn_ent(3, SR_PT_L4TAB_PIN),
    };
    const void *pages[3] = { page_a, NULL, page_b };

    lo->xc_hdr = tell(fd);
    ck_assert_int_eq(sr_xc_hdr_write(io, &d), 0);
    lo->pv_info = tell(fd);
    ck_assert_int_eq(sr_pv_info_write(io, &pi), 0);
    ck_assert_int_eq(sr_rec_write(io, SR_XC_STATIC_DATA_END, NULL, 0, NULL,
                                  0), 0);
    lo->p2m = tell(fd);
    ck_assert_int_eq(sr_p2m_frames_write(io, 0, NR_PFNS - 1, frames, 1), 0);
    lo->page_data = tell(fd);
    ck_assert_int_eq(sr_page_data_write(io, 3, ents, pages), 0);
    /* An optional record a reader must skip. */
    ck_assert_int_eq(sr_rec_write(io, SR_REC_OPTIONAL | 0x42, "abc", 3, NULL,
                                  0), 0);
    lo->tsc = tell(fd);
    ck_assert_int_eq(sr_tsc_info_write(io, &t), 0);
    ck_assert_int_eq(sr_rec_write(io, SR_XC_SHARED_INFO, shinfo,
                                  sizeof(shinfo), NULL, 0), 0);
    lo->vcpu = tell(fd);
    ck_assert_int_eq(sr_vcpu_write(io, SR_XC_X86_PV_VCPU_BASIC, 0, vcpu_ctx,
                                   sizeof(vcpu_ctx)), 0);
    lo->xc_end = tell(fd);
    ck_assert_int_eq(sr_rec_write(io, SR_XC_END, NULL, 0, NULL, 0), 0);
}

/* A PV image as Xen 4.17's xl lays it out (zlib: compressed after the xl
 * header, the layout's offsets then being those of the plain image);
 * returns its fd (at 0). */
static int make_image_z(struct layout *lo, bool zlib)
{
    char path[] = "/tmp/check_sr.XXXXXX";
    int fd = mkstemp(path);
    struct sr_err err = { "" };
    struct sr_io io;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    fill();
    sr_io_init(&io, fd, &err);
    ck_assert_int_eq(sr_xl_hdr_write(&io, JSON, zlib ? SR_XL_FLAG_ZLIB : 0),
                     0);
    if (zlib) {
        ck_assert_int_eq(sr_zio_begin(&io, true, SR_ZIO_FAST), 0);
        lo->libxl_hdr = (long)io.off;
        ck_assert_int_eq(sr_libxl_hdr_write(&io), 0);
        ck_assert_int_eq(sr_rec_write(&io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0,
                                      NULL, 0), 0);
        write_xc(&io, -1, lo);
        ck_assert_int_eq(sr_rec_write(&io, SR_LIBXL_END, NULL, 0, NULL, 0),
                         0);
        lo->size = (long)io.off;
        ck_assert_int_eq(sr_zio_end(&io), 0);
        ck_assert_int_eq((long)sr_zio_file_offset(&io), tell(fd));
        sr_zio_dispose(&io);
        lseek(fd, 0, SEEK_SET);
        return fd;
    }
    lo->libxl_hdr = tell(fd);
    ck_assert_int_eq(sr_libxl_hdr_write(&io), 0);
    lo->libxc_ctx = tell(fd);
    ck_assert_int_eq(sr_rec_write(&io, SR_LIBXL_LIBXC_CONTEXT, NULL, 0,
                                  NULL, 0), 0);
    write_xc(&io, fd, lo);
    lo->libxl_end = tell(fd);
    ck_assert_int_eq(sr_rec_write(&io, SR_LIBXL_END, NULL, 0, NULL, 0), 0);
    lo->size = tell(fd);
    ck_assert_int_eq((long)io.off, lo->size);
    ck_assert_int_eq((lo->size - lo->libxl_hdr) % 8, 0);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static int make_image(struct layout *lo)
{
    return make_image_z(lo, false);
}

/* What a reader saw. */
struct seen {
    char *json;
    unsigned pages, tsc, shinfo, vcpus, optional;
};

static int read_xc_rec(struct sr_io *io, const struct sr_rec *r,
                       struct seen *s)
{
    struct sr_page_data pd;
    struct sr_pv_info pi;
    struct sr_p2m_frames f;
    struct sr_tsc_info t;
    struct sr_vcpu v;
    int rc = 0;

    switch (r->type) {
    case SR_XC_PAGE_DATA:
        rc = sr_page_data_parse(SR_LAYER_LIBXC, r, NR_PFNS, &pd, io->err);
        if (rc)
            return rc;
        ck_assert_uint_eq(pd.count, 3);
        ck_assert_uint_eq(pd.npages, 2);
        ck_assert_uint_eq(sr_type_of(sr_page_data_ent(&pd, 2)),
                          SR_PT_L4TAB_PIN);
        ck_assert(!memcmp(pd.data, page_a, SR_PAGE_SIZE));
        ck_assert(!memcmp(pd.data + SR_PAGE_SIZE, page_b, SR_PAGE_SIZE));
        s->pages += pd.npages;
        return 0;
    case SR_XC_X86_PV_INFO:
        return sr_pv_info_parse(r, &pi, io->err);
    case SR_XC_X86_PV_P2M_FRAMES:
        rc = sr_p2m_frames_parse(r, 8, &f, io->err);
        if (!rc)
            ck_assert_uint_eq(sr_p2m_frame(&f, 0), 9);
        return rc;
    case SR_XC_X86_TSC_INFO:
        rc = sr_tsc_info_parse(r, &t, io->err);
        if (!rc) {
            ck_assert_uint_eq(t.nsec, 123456789);
            ck_assert_uint_eq(t.incarnation, 3);
            s->tsc++;
        }
        return rc;
    case SR_XC_SHARED_INFO:
        ck_assert_uint_eq(r->len, SR_PAGE_SIZE);
        ck_assert(!memcmp(r->body, shinfo, SR_PAGE_SIZE));
        s->shinfo++;
        return 0;
    case SR_XC_X86_PV_VCPU_BASIC:
        rc = sr_vcpu_parse(r, 1, &v, io->err);
        if (!rc) {
            ck_assert_uint_eq(v.len, sizeof(vcpu_ctx));
            ck_assert(!memcmp(v.ctx, vcpu_ctx, v.len));
            s->vcpus++;
        }
        return rc;
    }
    if (r->type & SR_REC_OPTIONAL)
        s->optional++;
    return 0;
}

static int read_xc(struct sr_io *io, struct seen *s)
{
    struct sr_xc_dhdr d;
    struct sr_rec r;
    uint32_t version;
    int rc;

    rc = sr_xc_hdr_read(io, &d, &version);
    if (rc)
        return rc;
    ck_assert_uint_eq(version, 3);
    ck_assert_uint_eq(d.xen_minor, 17);
    for (;;) {
        rc = sr_rec_read(io, SR_LAYER_LIBXC, &r);
        if (rc)
            return rc;
        if (r.type == SR_XC_END)
            return 0;
        rc = read_xc_rec(io, &r, s);
        sr_rec_dispose(&r);
        if (rc)
            return rc;
    }
}

/* Read a whole image as restore does; 0 or -errno with err set. */
static int read_image(int fd, struct seen *s, struct sr_err *err)
{
    struct sr_io io;
    struct sr_rec r;
    uint32_t flags = 0;
    int rc;

    memset(s, 0, sizeof(*s));
    sr_io_init(&io, fd, err);
    rc = sr_xl_hdr_read(&io, &s->json, &flags);
    if (!rc && (flags & SR_XL_FLAG_ZLIB))
        rc = sr_zio_begin(&io, false, 0);
    if (!rc)
        rc = sr_libxl_hdr_read(&io);
    while (!rc) {
        rc = sr_rec_read(&io, SR_LAYER_LIBXL, &r);
        if (rc)
            break;
        if (r.type == SR_LIBXL_END) {
            sr_rec_dispose(&r);
            rc = sr_zio_end(&io);
            break;
        }
        if (r.type == SR_LIBXL_LIBXC_CONTEXT)
            rc = read_xc(&io, s);
        sr_rec_dispose(&r);
    }
    sr_zio_dispose(&io);
    return rc;
}

START_TEST(roundtrip)
{
    struct layout lo;
    struct sr_err err = { "" };
    struct seen s;
    int fd = make_image(&lo);

    ck_assert_msg(!read_image(fd, &s, &err), "%s", err.msg);
    ck_assert_str_eq(s.json, JSON);
    ck_assert_uint_eq(s.pages, 2);
    ck_assert_uint_eq(s.tsc, 1);
    ck_assert_uint_eq(s.shinfo, 1);
    ck_assert_uint_eq(s.vcpus, 1);
    ck_assert_uint_eq(s.optional, 1);
    free(s.json);
    close(fd);
}
END_TEST

/* The header bytes as Xen's xl writes them. */
START_TEST(xl_header_bytes)
{
    struct layout lo;
    uint8_t b[56];
    uint32_t v[5];
    int fd = make_image(&lo);

    ck_assert_int_eq(read(fd, b, sizeof(b)), (int)sizeof(b));
    ck_assert(!memcmp(b, "Xen saved domain, xl format\n \0 \r", 32));
    memcpy(v, b + 32, sizeof(v));
    ck_assert_uint_eq(v[0], 0x01020304);
    ck_assert_uint_eq(v[1], SR_XL_FLAG_JSON | SR_XL_FLAG_STREAMV2);
    ck_assert_uint_eq(v[2], 0);
    ck_assert_uint_eq(v[3], 4 + sizeof(JSON));
    ck_assert_uint_eq(v[4], sizeof(JSON));
    /* libxl and libxc headers are big-endian. */
    lseek(fd, lo.libxl_hdr, SEEK_SET);
    ck_assert_int_eq(read(fd, b, 16), 16);
    ck_assert(!memcmp(b, "LibxlFmt\0\0\0\2\0\0\0\0", 16));
    lseek(fd, lo.xc_hdr, SEEK_SET);
    ck_assert_int_eq(read(fd, b, 24), 24);
    ck_assert(!memcmp(b, "\xff\xff\xff\xff\xff\xff\xff\xffXENF\0\0\0\3",
                      16));
    close(fd);
}
END_TEST

/* Every truncation of the image (zlib: compressed) fails cleanly and
 * says "truncated". */
static void truncations(bool zlib)
{
    struct layout lo;
    struct sr_err err;
    struct seen s;
    int fd = make_image_z(&lo, zlib), rc;
    long len, size = lseek(fd, 0, SEEK_END);

    for (len = 0; len < size; len++) {
        ck_assert_int_eq(ftruncate(fd, len), 0);
        lseek(fd, 0, SEEK_SET);
        err.msg[0] = 0;
        rc = read_image(fd, &s, &err);
        ck_assert_msg(rc == -EINVAL, "length %ld: rc %d", len, rc);
        ck_assert_msg(strstr(err.msg, "truncated"), "length %ld: %s", len,
                      err.msg);
        free(s.json);
        close(fd);
        fd = make_image_z(&lo, zlib);
    }
    close(fd);
}

START_TEST(every_truncation)
{
    truncations(false);
}
END_TEST

/* Overwrite 4 bytes at off, read, expect -EINVAL and a message. */
static void corrupt(long field, long off, uint32_t val, int want_rc,
                    const char *want)
{
    struct layout lo;
    struct sr_err err = { "" };
    struct seen s;
    int fd = make_image(&lo);

    if (field >= 0)
        off += *(const long *)((const char *)&lo + field);
    ck_assert_int_eq(pwrite(fd, &val, 4, off), 4);
    ck_assert_msg(read_image(fd, &s, &err) == want_rc, "%s: got '%s'",
                  want, err.msg);
    ck_assert_msg(strstr(err.msg, want), "want '%s', got '%s'", want,
                  err.msg);
    free(s.json);
    close(fd);
}

/* corrupt()'s offsets: from the start, or from a noted field. */
#define ABS (-1L)
#define AT(field) ((long)offsetof(struct layout, field))

START_TEST(corruptions)
{
    struct layout lo;
    int fd = make_image(&lo);
    char want[160];

    close(fd);
    corrupt(ABS, 0, 0x206e6559, -EINVAL, "not a xl save image");
    corrupt(ABS, 32, 0x04030201, -EINVAL, "byte order");
    corrupt(ABS, 36, 0x10 | SR_XL_FLAG_STREAMV2, -EINVAL,
            "unknown mandatory flags 0x10");
    corrupt(ABS, 36, SR_XL_FLAG_JSON, -EOPNOTSUPP, "legacy");
    corrupt(ABS, 44, 1000000, -EINVAL, "truncated");
    corrupt(ABS, 48, 9999, -EINVAL, "config length 9999");
    corrupt(AT(libxl_hdr), 0, 0x4c6962ff, -EINVAL, "bad ident");
    corrupt(AT(libxl_hdr), 8, 0x03000000, -EINVAL, "version 3");
    corrupt(AT(libxl_hdr), 12, 0x02000000, -EOPNOTSUPP, "legacy");
    snprintf(want, sizeof(want), "libxl stream: record type 0x77 at offset "
             "%ld: unknown mandatory", lo.libxc_ctx);
    corrupt(AT(libxc_ctx), 0, 0x77, -EINVAL, want);
    corrupt(AT(xc_hdr), 0, 0, -EINVAL, "bad marker");
    corrupt(AT(xc_hdr), 12, 0x04000000, -EINVAL, "version 4");
    corrupt(AT(xc_hdr), 24, 7, -EINVAL, "unknown domain type 7");
    snprintf(want, sizeof(want), "libxc stream: record X86_PV_INFO at "
             "offset %ld: guest width 4", lo.pv_info);
    corrupt(AT(pv_info), 8, 0x0304, -EOPNOTSUPP, want);
    corrupt(AT(p2m), 8, 0x1000, -EINVAL, "start pfn 0x1000 is above");
    corrupt(AT(p2m), 12, 0x1000, -EINVAL, "does not match 9 frames");
    snprintf(want, sizeof(want), "libxc stream: record PAGE_DATA at offset "
             "%ld: count is 0", lo.page_data);
    corrupt(AT(page_data), 8, 0, -EINVAL, want);
    corrupt(AT(page_data), 8, 2, -EINVAL, "does not match 2 pfns");
    corrupt(AT(page_data), 8, 0x10000000, -EINVAL, "do not fit");
    corrupt(AT(page_data), 20, 0x50000000, -EINVAL, "invalid type 0x5");
    corrupt(AT(page_data), 16, 4096, -EINVAL, "pfn 0x1000 (entry 0) is "
            "beyond");
    corrupt(AT(page_data), 4, 0x7fffffff, -EINVAL, "over the limit");
    corrupt(AT(tsc), 4, 20, -EINVAL, "X86_TSC_INFO at offset");
    corrupt(AT(vcpu), 8, 5, -EINVAL, "vcpu 5 is beyond");
    snprintf(want, sizeof(want), "libxc stream: record type 0x13 at offset "
             "%ld: unknown mandatory", lo.xc_end);
    corrupt(AT(xc_end), 0, 0x13, -EINVAL, want);
    corrupt(AT(libxl_end), 0, 0x23, -EINVAL, "libxl stream: record type 0x23");
}
END_TEST

START_TEST(no_config)
{
    char path[] = "/tmp/check_sr.XXXXXX";
    int fd = mkstemp(path);
    struct sr_err err = { "" };
    struct sr_io io;
    char *json = (char *)1;

    unlink(path);
    sr_io_init(&io, fd, &err);
    ck_assert_int_eq(sr_xl_hdr_write(&io, NULL, 0), 0);
    lseek(fd, 0, SEEK_SET);
    sr_io_init(&io, fd, &err);
    ck_assert_int_eq(sr_xl_hdr_read(&io, &json, NULL), 0);
    ck_assert_ptr_null(json);
    ck_assert_uint_eq(io.off, 52);
    close(fd);
}
END_TEST

/* A compressed image reads back the same, and is smaller. */
START_TEST(zlib_roundtrip)
{
    struct layout lo, zlo;
    struct sr_err err = { "" };
    struct seen s;
    int fd = make_image(&lo), zfd = make_image_z(&zlo, true);
    uint32_t v[2];

    ck_assert_int_eq(pread(zfd, v, 8, 32), 8);
    ck_assert_uint_eq(v[1], SR_XL_FLAG_JSON | SR_XL_FLAG_STREAMV2 |
                      SR_XL_FLAG_ZLIB);
    ck_assert_int_eq(zlo.size, lo.size);
    ck_assert_int_lt(lseek(zfd, 0, SEEK_END), lo.size);
    lseek(zfd, 0, SEEK_SET);
    ck_assert_msg(!read_image(zfd, &s, &err), "%s", err.msg);
    ck_assert_str_eq(s.json, JSON);
    ck_assert_uint_eq(s.pages, 2);
    ck_assert_uint_eq(s.vcpus, 1);
    ck_assert_uint_eq(s.optional, 1);
    free(s.json);
    close(fd);
    close(zfd);
}
END_TEST

START_TEST(zlib_every_truncation)
{
    truncations(true);
}
END_TEST

/* Any byte of the compressed data changed: the zlib layer refuses the
 * stream (bad data, or its check value), naming a file offset. */
START_TEST(zlib_every_corruption)
{
    struct layout lo;
    struct sr_err err;
    struct sr_io io;
    char *json;
    uint8_t *buf, b;
    int fd = make_image_z(&lo, true), rc;
    long at, size = lseek(fd, 0, SEEK_END), start = 4 + 48 + sizeof(JSON);

    buf = malloc((size_t)lo.size);
    ck_assert_ptr_nonnull(buf);
    for (at = start; at < size; at++) {
        ck_assert_int_eq(pread(fd, &b, 1, at), 1);
        b ^= 0x41;
        ck_assert_int_eq(pwrite(fd, &b, 1, at), 1);
        lseek(fd, 0, SEEK_SET);
        err.msg[0] = 0;
        sr_io_init(&io, fd, &err);
        rc = sr_xl_hdr_read(&io, &json, NULL);
        ck_assert_int_eq(rc, 0);
        free(json);
        rc = sr_zio_begin(&io, false, 0);
        if (!rc)
            rc = sr_read(&io, buf, (size_t)(lo.size - lo.libxl_hdr),
                         "libxl stream");
        if (!rc)
            rc = sr_zio_end(&io);
        sr_zio_dispose(&io);
        ck_assert_msg(rc == -EINVAL, "byte %ld: rc %d", at, rc);
        ck_assert_msg(strstr(err.msg, "file offset") ||
                      strstr(err.msg, "truncated") ||
                      strstr(err.msg, "after the end"), "byte %ld: %s", at,
                      err.msg);
        b ^= 0x41;
        ck_assert_int_eq(pwrite(fd, &b, 1, at), 1);
    }
    free(buf);
    close(fd);
}
END_TEST

/* A migration's compressed stream comes over a pipe that stays open (the
 * handshake goes on once the receiver answers): the reader gets the whole
 * stream and its end (the check value) without an end of file. */
START_TEST(zlib_pipe_stays_open)
{
    struct layout lo;
    struct sr_err err = { "" };
    struct seen s;
    int fd = make_image_z(&lo, true), data[2], ack[2], st;
    long size = lseek(fd, 0, SEEK_END);
    uint8_t *buf = malloc((size_t)size);
    char c = 0;
    pid_t pid;

    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(pread(fd, buf, (size_t)size, 0), size);
    ck_assert_int_eq(pipe(data), 0);
    ck_assert_int_eq(pipe(ack), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(data[0]);
        close(ack[1]);
        if (write(data[1], buf, (size_t)size) != size)
            _exit(1);
        /* The writer's end stays open until the reader is done. */
        _exit(read(ack[0], &c, 1) == 1 ? 0 : 2);
    }
    close(data[1]);
    close(ack[0]);
    ck_assert_msg(!read_image(data[0], &s, &err), "%s", err.msg);
    ck_assert_uint_eq(s.pages, 2);
    ck_assert_uint_eq(s.vcpus, 1);
    ck_assert_int_eq(write(ack[1], &c, 1), 1);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    free(s.json);
    free(buf);
    close(data[0]);
    close(ack[1]);
    close(fd);
}
END_TEST

/* After sr_zio_flush() the reader has everything written so far, with
 * no more data and no end: the read end does not block, so missing data
 * would fail (EAGAIN) instead of waiting. */
START_TEST(zlib_flush)
{
    struct sr_err werr = { "" }, rerr = { "" };
    struct sr_io w, r;
    uint8_t out[3][SR_PAGE_SIZE], in[SR_PAGE_SIZE];
    int p[2], i;

    fill();
    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
    sr_io_init(&w, p[1], &werr);
    sr_io_init(&r, p[0], &rerr);
    ck_assert_int_eq(sr_zio_begin(&w, true, SR_ZIO_FAST), 0);
    ck_assert_int_eq(sr_zio_begin(&r, false, 0), 0);
    for (i = 0; i < 3; i++) {
        memcpy(out[i], i % 2 ? page_a : page_b, sizeof(out[i]));
        out[i][i] ^= 0xff;
        ck_assert_int_eq(sr_write(&w, out[i], sizeof(out[i])), 0);
        ck_assert_int_eq(sr_zio_flush(&w), 0);
        ck_assert_msg(!sr_read(&r, in, sizeof(in), "flushed data"), "%s",
                      rerr.msg);
        ck_assert(!memcmp(in, out[i], sizeof(in)));
    }
    ck_assert_int_eq(sr_zio_end(&w), 0);
    ck_assert_msg(!sr_zio_end(&r), "%s", rerr.msg);
    sr_zio_dispose(&w);
    sr_zio_dispose(&r);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(names)
{
    ck_assert_str_eq(sr_rec_name(SR_LAYER_LIBXC, SR_XC_X86_PV_VCPU_MSRS),
                     "X86_PV_VCPU_MSRS");
    ck_assert_str_eq(sr_rec_name(SR_LAYER_LIBXL, SR_LIBXL_CHECKPOINT_END),
                     "CHECKPOINT_END");
    ck_assert_ptr_null(sr_rec_name(SR_LAYER_LIBXC, 0x13));
    ck_assert_ptr_null(sr_rec_name(SR_LAYER_LIBXL, 6));
    ck_assert_int_eq(sr_type_has_data(SR_PT_XALLOC), 0);
    ck_assert_int_eq(sr_type_has_data(SR_PT_L1TAB_PIN), 1);
    ck_assert_int_eq(sr_type_has_data(7), -1);
}
END_TEST

static Suite *sr_suite(void)
{
    Suite *s = suite_create("sr");
    TCase *tc = tcase_create("image");

    tcase_add_test(tc, roundtrip);
    tcase_add_test(tc, xl_header_bytes);
    tcase_add_test(tc, every_truncation);
    tcase_add_test(tc, corruptions);
    tcase_add_test(tc, no_config);
    tcase_add_test(tc, names);
    tcase_add_test(tc, zlib_roundtrip);
    tcase_add_test(tc, zlib_every_truncation);
    tcase_add_test(tc, zlib_every_corruption);
    tcase_add_test(tc, zlib_pipe_stays_open);
    tcase_add_test(tc, zlib_flush);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(sr_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
