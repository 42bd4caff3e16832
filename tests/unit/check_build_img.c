/*
 * Unit tests of the domain builder: test-kernel synthesis.  Builds ELF
 * images with Xen notes, compresses them with the real codec libraries
 * and wraps them in a minimal bzImage header, all at test time.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <xen/elfnote.h>

#include "check_build.h"

void tbuf_put(struct tbuf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        b->cap = (b->len + len) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        ck_assert_ptr_nonnull(b->p);
    }
    if (data)
        memcpy(b->p + b->len, data, len);
    else
        memset(b->p + b->len, 0, len);
    b->len += len;
}

void tbuf_free(struct tbuf *b)
{
    free(b->p);
    memset(b, 0, sizeof(*b));
}

static void put32(struct tbuf *b, uint32_t v)
{
    tbuf_put(b, &v, 4);
}

static void pad4(struct tbuf *b)
{
    while (b->len % 4)
        tbuf_put(b, NULL, 1);
}

static void note(struct tbuf *n, const char *name, unsigned type,
                 const void *desc, size_t dlen)
{
    put32(n, (uint32_t)strlen(name) + 1);
    put32(n, (uint32_t)dlen);
    put32(n, type);
    tbuf_put(n, name, strlen(name) + 1);
    pad4(n);
    tbuf_put(n, desc, dlen);
    pad4(n);
}

void tnote_num(struct tbuf *notes, unsigned type, uint64_t v, unsigned size)
{
    note(notes, "Xen", type, &v, size);
}

void tnote_str(struct tbuf *notes, unsigned type, const char *s)
{
    note(notes, "Xen", type, s, strlen(s) + 1);
}

void tnote_other(struct tbuf *notes, const char *name, unsigned type)
{
    note(notes, name, type, "abcd", 4);
}

/* Section header names in .shstrtab. */
static const char shstr[] = "\0.note.Xen\0__xen_guest\0.shstrtab";
#define SH_NOTE 1
#define SH_GUEST 11
#define SH_STRTAB 23

static void put_shdr(struct tbuf *b, bool is32, uint32_t name, uint32_t type,
                     uint64_t off, uint64_t size)
{
    if (is32) {
        Elf32_Shdr h = { .sh_name = name, .sh_type = type,
                         .sh_offset = (Elf32_Off)off,
                         .sh_size = (Elf32_Word)size, .sh_addralign = 1 };
        tbuf_put(b, &h, sizeof(h));
    } else {
        Elf64_Shdr h = { .sh_name = name, .sh_type = type, .sh_offset = off,
                         .sh_size = size, .sh_addralign = 1 };
        tbuf_put(b, &h, sizeof(h));
    }
}

static void put_phdr(struct tbuf *b, bool is32, uint32_t type, uint64_t off,
                     uint64_t vaddr, uint64_t paddr, uint64_t filesz,
                     uint64_t memsz)
{
    if (is32) {
        Elf32_Phdr h = { type, (Elf32_Off)off, (Elf32_Addr)vaddr,
                         (Elf32_Addr)paddr, (Elf32_Word)filesz,
                         (Elf32_Word)memsz, PF_R | PF_X, 4 };
        tbuf_put(b, &h, sizeof(h));
    } else {
        Elf64_Phdr h = { type, PF_R | PF_X, off, vaddr, paddr, filesz,
                         memsz, 4 };
        tbuf_put(b, &h, sizeof(h));
    }
}

static void put_ehdr(struct tbuf *b, const struct tk_spec *s, unsigned phnum,
                     uint64_t shoff, unsigned shnum)
{
    uint16_t m = s->machine ? s->machine : s->is32 ? EM_386 : EM_X86_64;
    unsigned char id[EI_NIDENT] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
                                    s->is32 ? ELFCLASS32 : ELFCLASS64,
                                    ELFDATA2LSB, EV_CURRENT };

    if (s->is32) {
        Elf32_Ehdr h = { .e_type = ET_EXEC, .e_machine = m,
                         .e_version = EV_CURRENT,
                         .e_entry = (Elf32_Addr)s->entry,
                         .e_phoff = sizeof(Elf32_Ehdr),
                         .e_shoff = (Elf32_Off)shoff,
                         .e_ehsize = sizeof(Elf32_Ehdr),
                         .e_phentsize = sizeof(Elf32_Phdr),
                         .e_phnum = (Elf32_Half)phnum,
                         .e_shentsize = sizeof(Elf32_Shdr),
                         .e_shnum = (Elf32_Half)shnum,
                         .e_shstrndx = (Elf32_Half)(shnum ? shnum - 1 : 0) };
        memcpy(h.e_ident, id, EI_NIDENT);
        tbuf_put(b, &h, sizeof(h));
    } else {
        Elf64_Ehdr h = { .e_type = ET_EXEC, .e_machine = m,
                         .e_version = EV_CURRENT, .e_entry = s->entry,
                         .e_phoff = sizeof(Elf64_Ehdr), .e_shoff = shoff,
                         .e_ehsize = sizeof(Elf64_Ehdr),
                         .e_phentsize = sizeof(Elf64_Phdr),
                         .e_phnum = (Elf64_Half)phnum,
                         .e_shentsize = sizeof(Elf64_Shdr),
                         .e_shnum = (Elf64_Half)shnum,
                         .e_shstrndx = (Elf64_Half)(shnum ? shnum - 1 : 0) };
        memcpy(h.e_ident, id, EI_NIDENT);
        tbuf_put(b, &h, sizeof(h));
    }
}

/*
 * Layout: ehdr, phdrs (LOAD [+ NOTE]), notes, __xen_guest string,
 * .shstrtab, payload at the next 4 KiB, section headers.
 */
uint8_t *tk_make_elf(const struct tk_spec *s, size_t *len)
{
    size_t ehsz = s->is32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
    size_t phsz = s->is32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
    bool note_ph = s->notes && s->where == TK_NOTES_PHDR;
    bool note_sh = s->notes && s->where == TK_NOTES_SECTION;
    unsigned phnum = 1 + note_ph, shnum = 2 + note_sh + !!s->xen_guest;
    size_t nlen = s->notes && s->where != TK_NOTES_NONE ? s->notes->len : 0;
    size_t glen = s->xen_guest ? strlen(s->xen_guest) + 1 : 0;
    size_t noff = ehsz + phnum * phsz, goff = noff + nlen;
    size_t soff = goff + glen, poff = (soff + sizeof(shstr) + 4095) & ~4095;
    size_t shoff = poff + s->filesz;
    struct tbuf b = { 0 };
    uint64_t i;

    put_ehdr(&b, s, phnum, shoff, shnum);
    put_phdr(&b, s->is32, PT_LOAD, poff, s->vaddr, s->paddr, s->filesz,
             s->memsz);
    if (note_ph)
        put_phdr(&b, s->is32, PT_NOTE, noff, 0, 0, nlen, nlen);
    if (nlen)
        tbuf_put(&b, s->notes->p, nlen);
    if (glen)
        tbuf_put(&b, s->xen_guest, glen);
    tbuf_put(&b, shstr, sizeof(shstr));
    tbuf_put(&b, NULL, poff - b.len);
    for (i = 0; i < s->filesz; i++) {
        uint8_t c = tk_byte(i);

        tbuf_put(&b, &c, 1);
    }
    put_shdr(&b, s->is32, 0, SHT_NULL, 0, 0);
    if (note_sh)
        put_shdr(&b, s->is32, SH_NOTE, SHT_NOTE, noff, nlen);
    if (glen)
        put_shdr(&b, s->is32, SH_GUEST, SHT_PROGBITS, goff, glen);
    put_shdr(&b, s->is32, SH_STRTAB, SHT_STRTAB, soff, sizeof(shstr));
    *len = b.len;
    return b.p;
}

void tk_linux_notes(struct tbuf *n, uint64_t paddr, bool init_p2m,
                    bool mod_start_pfn)
{
    uint64_t base = 0xffffffff80000000ULL;

    tnote_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    tnote_str(n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    tnote_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    tnote_num(n, XEN_ELFNOTE_VIRT_BASE, base, 8);
    tnote_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    tnote_num(n, XEN_ELFNOTE_ENTRY, base + paddr + 0x40, 8);
    tnote_num(n, XEN_ELFNOTE_HYPERCALL_PAGE, base + paddr + 0x1000, 8);
    if (init_p2m)
        tnote_num(n, XEN_ELFNOTE_INIT_P2M, 0x8000000000ULL, 8);
    /* As Linux emits it: 41 bytes, no NUL inside the descriptor. */
    note(n, "Xen", XEN_ELFNOTE_FEATURES,
         "!writable_page_tables|pae_pgdir_above_4gb", 41);
    tnote_num(n, XEN_ELFNOTE_SUPPORTED_FEATURES, 0x8801, 4);
    tnote_str(n, XEN_ELFNOTE_PAE_MODE, "yes");
    tnote_str(n, XEN_ELFNOTE_LOADER, "generic");
    tnote_num(n, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
    if (mod_start_pfn)
        tnote_num(n, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
    tnote_num(n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL, 8);
    tnote_other(n, "GNU", 3);
    tnote_num(n, XEN_ELFNOTE_PHYS32_ENTRY, paddr + 0x80, 4);
}

uint8_t *tk_linux_elf(size_t *len, bool init_p2m, bool mod_start_pfn)
{
    uint64_t paddr = 0x200000;
    struct tbuf n = { 0 };
    struct tk_spec s = { .paddr = paddr,
                         .vaddr = 0xffffffff80000000ULL + paddr,
                         .filesz = 3 * 4096, .memsz = 4 * 4096,
                         .entry = paddr, .notes = &n,
                         .where = TK_NOTES_PHDR };
    uint8_t *img;

    tk_linux_notes(&n, paddr, init_p2m, mod_start_pfn);
    img = tk_make_elf(&s, len);
    tbuf_free(&n);
    return img;
}

static uint8_t *z_gzip(const void *data, size_t len, size_t *outlen)
{
    z_stream z = { 0 };
    uint8_t *out;

    ck_assert_int_eq(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    out = malloc(deflateBound(&z, len));
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)deflateBound(&z, len);
    ck_assert_int_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *outlen = z.total_out;
    deflateEnd(&z);
    return out;
}

static uint8_t *z_xz(const void *data, size_t len, size_t *outlen)
{
    lzma_options_lzma lz;
    lzma_filter f[3] = {
        { LZMA_FILTER_X86, NULL }, { LZMA_FILTER_LZMA2, &lz },
        { LZMA_VLI_UNKNOWN, NULL } };
    size_t cap = lzma_stream_buffer_bound(len), pos = 0;
    uint8_t *out = malloc(cap);

    ck_assert(!lzma_lzma_preset(&lz, 6));
    ck_assert_int_eq(lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL,
                                               data, len, out, &pos, cap),
                     LZMA_OK);
    *outlen = pos;
    return out;
}

static uint8_t *z_lzma(const void *data, size_t len, size_t *outlen)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_options_lzma lz;
    size_t cap = len + len / 2 + 4096;
    uint8_t *out = malloc(cap);

    ck_assert(!lzma_lzma_preset(&lz, 6));
    ck_assert_int_eq(lzma_alone_encoder(&s, &lz), LZMA_OK);
    s.next_in = data;
    s.avail_in = len;
    s.next_out = out;
    s.avail_out = cap;
    ck_assert_int_eq(lzma_code(&s, LZMA_FINISH), LZMA_STREAM_END);
    *outlen = cap - s.avail_out;
    lzma_end(&s);
    return out;
}

static uint8_t *z_lz4(const void *data, size_t len, size_t *outlen)
{
    const size_t chunk = 8 << 20;
    struct tbuf b = { 0 };
    size_t pos, n;
    int bound, r;

    put32(&b, 0x184c2102U);
    for (pos = 0; pos < len; pos += n) {
        n = len - pos < chunk ? len - pos : chunk;
        bound = LZ4_compressBound((int)n);
        tbuf_put(&b, NULL, 4 + (size_t)bound);
        r = LZ4_compress_default((const char *)data + pos,
                                 (char *)b.p + b.len - bound, (int)n, bound);
        ck_assert_int_gt(r, 0);
        memcpy(b.p + b.len - bound - 4, &r, 4);
        b.len -= (size_t)(bound - r);
    }
    *outlen = b.len;
    return b.p;
}

uint8_t *tk_compress(enum build_codec c, const void *data, size_t len,
                     size_t *outlen)
{
    uint8_t *out;
    unsigned olen;
    size_t r;

    switch (c) {
    case BUILD_CODEC_GZIP:
        return z_gzip(data, len, outlen);
    case BUILD_CODEC_XZ:
        return z_xz(data, len, outlen);
    case BUILD_CODEC_LZMA:
        return z_lzma(data, len, outlen);
    case BUILD_CODEC_LZ4:
        return z_lz4(data, len, outlen);
    case BUILD_CODEC_BZIP2:
        olen = (unsigned)(len + len / 100 + 600);
        out = malloc(olen);
        ck_assert_int_eq(BZ2_bzBuffToBuffCompress((char *)out, &olen,
                                                  (char *)data,
                                                  (unsigned)len, 9, 0, 0),
                         BZ_OK);
        *outlen = olen;
        return out;
    case BUILD_CODEC_ZSTD:
        out = malloc(ZSTD_compressBound(len));
        r = ZSTD_compress(out, ZSTD_compressBound(len), data, len, 19);
        ck_assert(!ZSTD_isError(r));
        *outlen = r;
        return out;
    default:
        ck_abort_msg("no compressor for codec %d", c);
    }
    return NULL;
}

uint8_t *tk_bzimage(const void *payload, size_t plen, uint32_t usize,
                    size_t *len)
{
    const unsigned setup_sects = 3, poff = 0x120;
    size_t start = (setup_sects + 1) * 512 + poff;
    uint8_t *img = calloc(1, start + plen + 4);
    uint32_t v;

    img[0x1f1] = setup_sects;
    img[0x1fe] = 0x55;
    img[0x1ff] = 0xaa;
    memcpy(img + 0x202, "HdrS", 4);
    img[0x206] = 0x0f;                /* version 2.15 */
    img[0x207] = 0x02;
    v = poff;
    memcpy(img + 0x248, &v, 4);
    v = (uint32_t)plen + 4;
    memcpy(img + 0x24c, &v, 4);
    memcpy(img + start, payload, plen);
    memcpy(img + start + plen, &usize, 4);
    *len = start + plen + 4;
    return img;
}
