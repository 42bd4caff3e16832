/*
 * xensim mkkernel: writes the simulated guest kernel, a small x86_64 ELF
 * with the Xen notes Linux carries (PV and PVH entry points, hypercall
 * page) and a marker the simulator recognises once it is loaded, either
 * bare or inside a bzImage with an xz or gzip payload.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lzma.h>
#include <zlib.h>

#include <xen/elfnote.h>
#include <xen/features.h>

#include "sim_guest.h"

#define PAYLOAD_OFF 0x1000            /* file offset of the PT_LOAD data */
#define NOTES_MAX 1024

struct kbuf {
    uint8_t *p;
    size_t len, cap;
};

static int put(struct kbuf *b, const void *data, size_t len)
{
    if (b->len + len > b->cap) {
        size_t cap = (b->len + len) * 2 + 256;
        uint8_t *n = realloc(b->p, cap);

        if (!n)
            return -ENOMEM;
        b->p = n;
        b->cap = cap;
    }
    if (data)
        memcpy(b->p + b->len, data, len);
    else
        memset(b->p + b->len, 0, len);
    b->len += len;
    return 0;
}

static int note(struct kbuf *n, unsigned type, const void *desc, size_t dlen)
{
    uint32_t h[3] = { 4, (uint32_t)dlen, type };
    static const uint8_t zero[4];
    int rc;

    rc = put(n, h, sizeof(h));
    if (!rc)
        rc = put(n, "Xen", 4);
    if (!rc)
        rc = put(n, desc, dlen);
    if (!rc && dlen % 4)
        rc = put(n, zero, 4 - dlen % 4);
    return rc;
}

static int note_str(struct kbuf *n, unsigned type, const char *s)
{
    return note(n, type, s, strlen(s) + 1);
}

static int note_num(struct kbuf *n, unsigned type, uint64_t v, size_t size)
{
    return note(n, type, &v, size);       /* little endian: low bytes */
}

/* The notes of an x86_64 Linux built with CONFIG_XEN_PV and _PVH. */
static int linux_notes(struct kbuf *n)
{
    const uint64_t base = SIM_GUEST_VIRT_BASE, pa = SIM_GUEST_PADDR;
    static const char features[] = "!writable_page_tables|"
                                   "pae_pgdir_above_4gb";
    int rc = 0;

    rc |= note_str(n, XEN_ELFNOTE_GUEST_OS, "linux");
    rc |= note_str(n, XEN_ELFNOTE_GUEST_VERSION, "2.6");
    rc |= note_str(n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
    rc |= note_num(n, XEN_ELFNOTE_VIRT_BASE, base, 8);
    rc |= note_num(n, XEN_ELFNOTE_ENTRY, base + pa + SIM_GUEST_PV_ENTRY, 8);
    rc |= note_num(n, XEN_ELFNOTE_HYPERCALL_PAGE,
                   base + pa + SIM_GUEST_HYPERCALL_OFF, 8);
    /* Linux emits FEATURES without the terminating NUL. */
    rc |= note(n, XEN_ELFNOTE_FEATURES, features, sizeof(features) - 1);
    rc |= note_num(n, XEN_ELFNOTE_SUPPORTED_FEATURES,
                   (1U << XENFEAT_writable_page_tables) |
                   (1U << XENFEAT_dom0), 4);
    rc |= note_str(n, XEN_ELFNOTE_PAE_MODE, "yes");
    rc |= note_str(n, XEN_ELFNOTE_LOADER, "generic");
    rc |= note_num(n, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
    rc |= note_num(n, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
    rc |= note_num(n, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL, 8);
    rc |= note_num(n, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
    rc |= note_num(n, XEN_ELFNOTE_INIT_P2M, 0x8000000000ULL, 8);
    rc |= note_num(n, XEN_ELFNOTE_PHYS32_ENTRY, pa + SIM_GUEST_PVH_ENTRY, 4);
    return rc ? -ENOMEM : 0;
}

/* What the kernel loads: entry stubs, the marker, the hypercall page. */
static void payload(uint8_t *p)
{
    static const uint8_t halt[] = { 0xf4, 0xeb, 0xfd };  /* hlt; jmp .-1 */
    static const char banner[] = "Linux version " SIM_GUEST_RELEASE
                                 " (xensim simulated guest kernel)";

    memset(p, 0, SIM_GUEST_FILESZ);
    memcpy(p + SIM_GUEST_PV_ENTRY, halt, sizeof(halt));
    memcpy(p + SIM_GUEST_PVH_ENTRY, halt, sizeof(halt));
    memcpy(p + SIM_GUEST_RESUME_ENTRY, halt, sizeof(halt));
    memcpy(p + SIM_GUEST_MARKER_OFF, SIM_GUEST_MARKER,
           sizeof(SIM_GUEST_MARKER));
    memcpy(p + SIM_GUEST_MARKER_OFF + 0x20, banner, sizeof(banner));
}

static int make_elf(struct kbuf *b)
{
    Elf64_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_X86_64,
                      .e_version = EV_CURRENT,
                      .e_entry = SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR,
                      .e_phoff = sizeof(Elf64_Ehdr),
                      .e_ehsize = sizeof(Elf64_Ehdr),
                      .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 2 };
    Elf64_Phdr ph[2] = {
        { PT_LOAD, PF_R | PF_W | PF_X, PAYLOAD_OFF,
          SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR, SIM_GUEST_PADDR,
          SIM_GUEST_FILESZ, SIM_GUEST_MEMSZ, 0x1000 },
        { PT_NOTE, PF_R, 0, 0, 0, 0, 0, 4 },
    };
    static const unsigned char id[] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
                                        ELFCLASS64, ELFDATA2LSB,
                                        EV_CURRENT };
    struct kbuf n = { 0 };
    int rc;

    memcpy(eh.e_ident, id, sizeof(id));
    rc = linux_notes(&n);
    if (!rc && n.len > NOTES_MAX)
        rc = -E2BIG;
    if (!rc) {
        ph[1].p_offset = sizeof(eh) + sizeof(ph);
        ph[1].p_filesz = ph[1].p_memsz = n.len;
        rc = put(b, &eh, sizeof(eh));
    }
    if (!rc)
        rc = put(b, ph, sizeof(ph));
    if (!rc)
        rc = put(b, n.p, n.len);
    if (!rc)
        rc = put(b, NULL, PAYLOAD_OFF - b->len);
    if (!rc)
        rc = put(b, NULL, SIM_GUEST_FILESZ);
    if (!rc)
        payload(b->p + PAYLOAD_OFF);
    free(n.p);
    return rc;
}

/* hvmloader's shape: ELF32 at 1 MiB (as Xen's, linked there), halting. */
static int make_loader(struct kbuf *b)
{
    static const uint8_t halt[] = { 0xf4, 0xeb, 0xfd };  /* hlt; jmp .-1 */
    Elf32_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_386,
                      .e_version = EV_CURRENT, .e_entry = 0x100000,
                      .e_phoff = sizeof(Elf32_Ehdr),
                      .e_ehsize = sizeof(Elf32_Ehdr),
                      .e_phentsize = sizeof(Elf32_Phdr), .e_phnum = 1 };
    Elf32_Phdr ph = { PT_LOAD, PAYLOAD_OFF, 0x100000, 0x100000, 0x1000,
                      0x2000, PF_R | PF_W | PF_X, 0x1000 };
    static const unsigned char id[] = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3,
                                        ELFCLASS32, ELFDATA2LSB,
                                        EV_CURRENT };
    int rc;

    memcpy(eh.e_ident, id, sizeof(id));
    rc = put(b, &eh, sizeof(eh));
    if (!rc)
        rc = put(b, &ph, sizeof(ph));
    if (!rc)
        rc = put(b, NULL, PAYLOAD_OFF + 0x1000 - b->len);
    if (!rc)
        memcpy(b->p + PAYLOAD_OFF, halt, sizeof(halt));
    return rc;
}

static int xz(const struct kbuf *in, struct kbuf *out)
{
    lzma_options_lzma lz;
    lzma_filter f[3] = { { LZMA_FILTER_X86, NULL },
                         { LZMA_FILTER_LZMA2, &lz },
                         { LZMA_VLI_UNKNOWN, NULL } };
    size_t cap = lzma_stream_buffer_bound(in->len), pos = 0;

    if (lzma_lzma_preset(&lz, 6))
        return -EINVAL;
    out->p = malloc(cap);
    if (!out->p)
        return -ENOMEM;
    out->cap = cap;
    if (lzma_stream_buffer_encode(f, LZMA_CHECK_CRC32, NULL, in->p, in->len,
                                  out->p, &pos, cap) != LZMA_OK)
        return -EIO;
    out->len = pos;
    return 0;
}

static int gzip(const struct kbuf *in, struct kbuf *out)
{
    z_stream z = { 0 };
    int r;

    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY))
        return -ENOMEM;
    out->cap = deflateBound(&z, in->len);
    out->p = malloc(out->cap);
    if (!out->p) {
        deflateEnd(&z);
        return -ENOMEM;
    }
    z.next_in = in->p;
    z.avail_in = (uInt)in->len;
    z.next_out = out->p;
    z.avail_out = (uInt)out->cap;
    r = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return r == Z_STREAM_END ? 0 : -EIO;
}

/*
 * A bzImage as the x86 boot protocol 2.15 describes it: boot sector and
 * setup header, then the compressed ELF followed by its size (le32).
 */
static int bzimage(const struct kbuf *z, uint32_t usize, struct kbuf *b)
{
    const unsigned setup_sects = 3, poff = 0x100;
    size_t start = (setup_sects + 1) * 512 + poff;
    uint32_t v;
    int rc = put(b, NULL, start);

    if (rc)
        return rc;
    b->p[0x1f1] = setup_sects;
    b->p[0x1fe] = 0x55;
    b->p[0x1ff] = 0xaa;
    memcpy(b->p + 0x202, "HdrS", 4);
    b->p[0x206] = 0x0f;
    b->p[0x207] = 0x02;
    b->p[0x211] = 0x01;                    /* loadflags: LOADED_HIGH */
    v = poff;
    memcpy(b->p + 0x248, &v, 4);           /* payload_offset */
    v = (uint32_t)z->len + 4;
    memcpy(b->p + 0x24c, &v, 4);           /* payload_length */
    rc = put(b, z->p, z->len);
    if (!rc)
        rc = put(b, &usize, 4);
    return rc;
}

int sim_kernel_make(enum sim_kformat f, uint8_t **img, size_t *len,
                    char *err, size_t errlen)
{
    struct kbuf elf = { 0 }, z = { 0 }, out = { 0 };
    int rc = f == SIM_KFORMAT_HVMLOADER ? make_loader(&elf) : make_elf(&elf);

    if (rc) {
        snprintf(err, errlen, "cannot lay out the ELF image: %s",
                 strerror(-rc));
        goto out;
    }
    if (f == SIM_KFORMAT_ELF || f == SIM_KFORMAT_HVMLOADER) {
        *img = elf.p;
        *len = elf.len;
        return 0;
    }
    rc = f == SIM_KFORMAT_BZ_XZ ? xz(&elf, &z) : gzip(&elf, &z);
    if (!rc)
        rc = bzimage(&z, (uint32_t)elf.len, &out);
    if (rc) {
        snprintf(err, errlen, "cannot compress the kernel: %s",
                 strerror(-rc));
        free(out.p);
        goto out;
    }
    *img = out.p;
    *len = out.len;
out:
    free(elf.p);
    free(z.p);
    return rc;
}
