/*
 * libxl domain builder: ELF images (32 and 64 bit, little endian).
 * Validates the headers of an untrusted kernel, indexes its PT_LOAD
 * segments and copies them into guest memory; gives the note and
 * section walkers of build_notes.c bounded access to the headers.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>

#include "build_elf.h"

/* Largest span of guest memory a kernel may occupy. */
#define ELF_MAX_SPAN (1ULL << 30)

static bool in_image(const struct build_elf *elf, uint64_t off,
                     uint64_t len)
{
    return off <= elf->size && len <= elf->size - off;
}

int build_elf_phdr(const struct build_elf *elf, unsigned i,
                   struct build_elf_phdr *ph)
{
    const uint8_t *p;

    if (i >= elf->phnum)
        return -EINVAL;
    p = elf->img + elf->phoff + (uint64_t)i * elf->phentsize;
    if (elf->is64) {
        Elf64_Phdr h;

        memcpy(&h, p, sizeof(h));
        *ph = (struct build_elf_phdr){ h.p_type, h.p_offset, h.p_filesz,
                                       h.p_memsz, h.p_paddr, h.p_vaddr };
    } else {
        Elf32_Phdr h;

        memcpy(&h, p, sizeof(h));
        *ph = (struct build_elf_phdr){ h.p_type, h.p_offset, h.p_filesz,
                                       h.p_memsz, h.p_paddr, h.p_vaddr };
    }
    return 0;
}

int build_elf_shdr(const struct build_elf *elf, unsigned i,
                   struct build_elf_shdr *sh)
{
    const uint8_t *p;

    if (i >= elf->shnum)
        return -EINVAL;
    p = elf->img + elf->shoff + (uint64_t)i * elf->shentsize;
    if (elf->is64) {
        Elf64_Shdr h;

        memcpy(&h, p, sizeof(h));
        *sh = (struct build_elf_shdr){ h.sh_name, h.sh_type, h.sh_offset,
                                       h.sh_size };
    } else {
        Elf32_Shdr h;

        memcpy(&h, p, sizeof(h));
        *sh = (struct build_elf_shdr){ h.sh_name, h.sh_type, h.sh_offset,
                                       h.sh_size };
    }
    return 0;
}

/* Read the file header into elf; checks identity and table bounds. */
static int parse_ehdr(struct build_elf *elf, struct build_err *err)
{
    const uint8_t *p = elf->img;
    unsigned ph_size, sh_size;

    if (elf->size < EI_NIDENT || memcmp(p, ELFMAG, SELFMAG))
        return build_seterr(err, -EINVAL, "kernel is not an ELF image");
    if (p[EI_CLASS] != ELFCLASS32 && p[EI_CLASS] != ELFCLASS64)
        return build_seterr(err, -EINVAL, "ELF: unknown class %u",
                            p[EI_CLASS]);
    if (p[EI_DATA] != ELFDATA2LSB)
        return build_seterr(err, -EINVAL, "ELF: not little endian");
    elf->is64 = p[EI_CLASS] == ELFCLASS64;
    /* The two header layouts differ in field widths, not in names. */
#define LOAD_EHDR(Ehdr, Phdr, Shdr)                                     \
    do {                                                                \
        Ehdr h;                                                         \
                                                                        \
        if (elf->size < sizeof(h))                                      \
            return build_seterr(err, -EINVAL, "ELF: truncated header"); \
        memcpy(&h, p, sizeof(h));                                       \
        elf->machine = h.e_machine;                                     \
        elf->entry = h.e_entry;                                         \
        elf->phoff = h.e_phoff;                                         \
        elf->shoff = h.e_shoff;                                         \
        elf->phnum = h.e_phnum;                                         \
        elf->phentsize = h.e_phentsize;                                 \
        elf->shnum = h.e_shnum;                                         \
        elf->shentsize = h.e_shentsize;                                 \
        elf->shstrndx = h.e_shstrndx;                                   \
        ph_size = sizeof(Phdr);                                         \
        sh_size = sizeof(Shdr);                                         \
    } while (0)
    if (elf->is64)
        LOAD_EHDR(Elf64_Ehdr, Elf64_Phdr, Elf64_Shdr);
    else
        LOAD_EHDR(Elf32_Ehdr, Elf32_Phdr, Elf32_Shdr);
#undef LOAD_EHDR
    if (!elf->phnum || elf->phentsize < ph_size ||
        !in_image(elf, elf->phoff, (uint64_t)elf->phnum * elf->phentsize))
        return build_seterr(err, -EINVAL, "ELF: program headers are "
                            "missing or lie outside the image");
    /* Sections are optional; ignore a table that is not usable. */
    if (elf->shnum && (elf->shentsize < sh_size ||
                       !in_image(elf, elf->shoff, (uint64_t)elf->shnum *
                                                  elf->shentsize)))
        elf->shnum = 0;
    if (elf->shstrndx >= elf->shnum)
        elf->shstrndx = 0;
    return 0;
}

static int add_load(struct build_elf *elf, const struct build_elf_phdr *ph,
                    struct build_err *err)
{
    unsigned i;

    if (elf->nr_seg == BUILD_ELF_MAX_LOAD)
        return build_seterr(err, -EINVAL, "ELF: more than %u loadable "
                            "segments", BUILD_ELF_MAX_LOAD);
    if (ph->filesz > ph->memsz || !in_image(elf, ph->offset, ph->filesz))
        return build_seterr(err, -EINVAL, "ELF: segment at 0x%llx lies "
                            "outside the image",
                            (unsigned long long)ph->paddr);
    if (ph->memsz > ELF_MAX_SPAN || ph->paddr > UINT64_MAX - ph->memsz)
        return build_seterr(err, -EINVAL, "ELF: segment at 0x%llx is too "
                            "large", (unsigned long long)ph->paddr);
    for (i = 0; i < elf->nr_seg; i++) {
        const struct build_elf_seg *s = &elf->seg[i];

        if (ph->paddr < s->paddr + s->memsz &&
            s->paddr < ph->paddr + ph->memsz)
            return build_seterr(err, -EINVAL, "ELF: segments at 0x%llx "
                                "and 0x%llx overlap",
                                (unsigned long long)s->paddr,
                                (unsigned long long)ph->paddr);
    }
    elf->seg[elf->nr_seg++] = (struct build_elf_seg){
        ph->offset, ph->filesz, ph->memsz, ph->paddr, ph->vaddr };
    if (ph->paddr < elf->pstart)
        elf->pstart = ph->paddr;
    if (ph->paddr + ph->memsz > elf->pend)
        elf->pend = ph->paddr + ph->memsz;
    return 0;
}

int build_elf_parse(const void *img, size_t size, struct build_elf *elf,
                    struct build_err *err)
{
    struct build_elf_phdr ph;
    unsigned i;
    int rc;

    memset(elf, 0, sizeof(*elf));
    elf->img = img;
    elf->size = size;
    if ((rc = parse_ehdr(elf, err)))
        return rc;
    elf->pstart = UINT64_MAX;
    for (i = 0; i < elf->phnum; i++) {
        build_elf_phdr(elf, i, &ph);
        if (ph.type != PT_LOAD || !ph.memsz)
            continue;
        if ((rc = add_load(elf, &ph, err)))
            return rc;
    }
    if (!elf->nr_seg)
        return build_seterr(err, -EINVAL, "ELF: no loadable segment");
    if (elf->pend - elf->pstart > ELF_MAX_SPAN)
        return build_seterr(err, -EINVAL, "ELF: segments span more than "
                            "%llu MiB", ELF_MAX_SPAN >> 20);
    return 0;
}

int build_elf_load(const struct build_elf *elf, void *dest,
                   uint64_t dest_size, struct build_err *err)
{
    unsigned i;

    for (i = 0; i < elf->nr_seg; i++) {
        const struct build_elf_seg *s = &elf->seg[i];
        uint64_t off = s->paddr - elf->pstart;
        uint8_t *d = (uint8_t *)dest + off;

        if (off > dest_size || s->memsz > dest_size - off)
            return build_seterr(err, -ERANGE, "ELF: segment at 0x%llx "
                                "does not fit the kernel area",
                                (unsigned long long)s->paddr);
        memcpy(d, elf->img + s->offset, s->filesz);
        memset(d + s->filesz, 0, s->memsz - s->filesz);
    }
    return 0;
}
