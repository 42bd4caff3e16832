/*
 * libxl domain builder: the AML encoder (see build_aml.h): a byte buffer,
 * integers, name strings and packages whose PkgLength is computed when
 * they are closed.
 */
#include "config.h"

#include "build_aml.h"

#include <stdlib.h>
#include <string.h>

void aml_init(struct aml *a)
{
    memset(a, 0, sizeof(*a));
}

void aml_dispose(struct aml *a)
{
    free(a->buf);
    memset(a, 0, sizeof(*a));
}

static int grow(struct aml *a, size_t n)
{
    size_t cap = a->cap ? a->cap : 4096;
    uint8_t *b;

    if (a->err)
        return -1;
    if (a->len + n <= a->cap)
        return 0;
    while (cap < a->len + n)
        cap *= 2;
    b = realloc(a->buf, cap);
    if (!b) {
        a->err = 1;
        return -1;
    }
    a->buf = b;
    a->cap = cap;
    return 0;
}

void aml_bytes(struct aml *a, const void *p, size_t n)
{
    if (grow(a, n))
        return;
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

void aml_byte(struct aml *a, uint8_t b)
{
    aml_bytes(a, &b, 1);
}

static void le(struct aml *a, uint64_t v, unsigned n)
{
    uint8_t b[8];
    unsigned i;

    for (i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    aml_bytes(a, b, n);
}

void aml_u32(struct aml *a, uint32_t v)
{
    le(a, v, 4);
}

void aml_int(struct aml *a, uint64_t v)
{
    if (v <= 1) {
        aml_byte(a, v ? AML_ONE : AML_ZERO);
    } else if (v <= 0xff) {
        aml_byte(a, 0x0a);
        le(a, v, 1);
    } else if (v <= 0xffff) {
        aml_byte(a, 0x0b);
        le(a, v, 2);
    } else if (v <= 0xffffffffULL) {
        aml_byte(a, 0x0c);
        le(a, v, 4);
    } else {
        aml_byte(a, 0x0e);
        le(a, v, 8);
    }
}

void aml_name(struct aml *a, const char *path)
{
    const char *p = path, *dot;
    uint8_t seg[4];
    unsigned n = 1, i;
    size_t len;

    if (*p == '\\') {
        aml_byte(a, '\\');
        p++;
    }
    for (dot = p; (dot = strchr(dot, '.')); dot++)
        n++;
    if (n == 2)
        aml_byte(a, 0x2e);              /* DualNamePrefix */
    else if (n > 2) {
        aml_byte(a, 0x2f);              /* MultiNamePrefix */
        aml_byte(a, (uint8_t)n);
    }
    for (i = 0; i < n; i++) {
        dot = strchr(p, '.');
        len = dot ? (size_t)(dot - p) : strlen(p);
        if (len == 0 || len > 4) {
            a->err = 1;
            return;
        }
        memset(seg, '_', sizeof(seg));
        memcpy(seg, p, len);
        aml_bytes(a, seg, sizeof(seg));
        p += len + 1;
    }
}

void aml_string(struct aml *a, const char *s)
{
    aml_byte(a, 0x0d);                  /* StringPrefix */
    aml_bytes(a, s, strlen(s) + 1);
}

/* The PkgLength encoding of v in *out; its size (1 to 4 bytes). */
static unsigned pkg_encode(uint32_t v, uint8_t out[4])
{
    unsigned n, i;

    if (v < 0x40) {
        out[0] = (uint8_t)v;
        return 1;
    }
    n = v < 0x1000 ? 2 : v < 0x100000 ? 3 : 4;
    out[0] = (uint8_t)(((n - 1) << 6) | (v & 0xf));
    for (i = 1; i < n; i++)
        out[i] = (uint8_t)(v >> (4 + 8 * (i - 1)));
    return n;
}

void aml_field_len(struct aml *a, uint32_t v)
{
    uint8_t b[4];

    aml_bytes(a, b, pkg_encode(v, b));
}

static void begin(struct aml *a)
{
    if (a->err)
        return;
    if (a->depth == AML_MAX_DEPTH) {
        a->err = 1;
        return;
    }
    a->open[a->depth++] = a->len;
}

void aml_begin(struct aml *a, uint8_t op)
{
    aml_byte(a, op);
    begin(a);
}

void aml_begin_ext(struct aml *a, uint8_t op)
{
    aml_byte(a, AML_EXT);
    aml_byte(a, op);
    begin(a);
}

/* The PkgLength counts itself: pick the size that fits body + size. */
void aml_end(struct aml *a)
{
    uint8_t b[4];
    size_t start, body;
    unsigned n;

    if (a->err)
        return;
    if (!a->depth) {
        a->err = 1;
        return;
    }
    start = a->open[--a->depth];
    body = a->len - start;
    for (n = 1; n <= 4; n++)
        if (pkg_encode((uint32_t)(body + n), b) == n)
            break;
    if (n > 4 || body + n > 0x0fffffff || grow(a, n)) {
        a->err = 1;
        return;
    }
    memmove(a->buf + start + n, a->buf + start, body);
    memcpy(a->buf + start, b, n);
    a->len += n;
}
