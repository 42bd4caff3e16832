/*
 * Unit tests of the domain builder: helpers that synthesise test kernels
 * (ELF with Xen notes, compressed payloads, bzImages) at test time.
 */
#ifndef CHECK_BUILD_H
#define CHECK_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "build_api.h"

/* A growable byte buffer. */
struct tbuf {
    uint8_t *p;
    size_t len, cap;
};

void tbuf_put(struct tbuf *b, const void *data, size_t len);
void tbuf_free(struct tbuf *b);

/* Append a "Xen" ELF note (numeric of size 1/2/4/8, or string). */
void tnote_num(struct tbuf *notes, unsigned type, uint64_t v, unsigned size);
void tnote_str(struct tbuf *notes, unsigned type, const char *s);
/* Append a note with another owner name. */
void tnote_other(struct tbuf *notes, const char *name, unsigned type);

enum tk_notes { TK_NOTES_PHDR, TK_NOTES_SECTION, TK_NOTES_NONE };

/* What tk_make_elf() builds. */
struct tk_spec {
    bool is32;
    uint16_t machine;             /* 0: EM_X86_64 (EM_386 when is32) */
    uint64_t paddr, vaddr;        /* of the single PT_LOAD */
    uint64_t filesz, memsz;       /* memsz > filesz: bss */
    uint64_t entry;               /* e_entry */
    const struct tbuf *notes;     /* Xen notes (may be NULL) */
    enum tk_notes where;
    const char *xen_guest;        /* legacy __xen_guest string */
};

/* Byte i of the loaded payload (a pattern tests check in memory). */
static inline uint8_t tk_byte(uint64_t i)
{
    return (uint8_t)(i * 7 + 3);
}

uint8_t *tk_make_elf(const struct tk_spec *s, size_t *len);

/* Linux-like PV+PVH notes for a kernel loaded at paddr (VIRT_BASE
 * 0xffffffff80000000, entry paddr+0x40, hypercall page paddr+0x1000). */
void tk_linux_notes(struct tbuf *notes, uint64_t paddr, bool init_p2m,
                    bool mod_start_pfn);
/* A Linux-like test kernel: 2 MiB physical, 3 pages + 1 page bss. */
uint8_t *tk_linux_elf(size_t *len, bool init_p2m, bool mod_start_pfn);

/* Compress data with codec c as the kernel build does (xz: x86 BCJ +
 * LZMA2, crc32; lz4: legacy frame).  Returns malloc'd bytes. */
uint8_t *tk_compress(enum build_codec c, const void *data, size_t len,
                     size_t *outlen);

/* A bzImage (protocol 2.15) around payload (+ le32 size appended). */
uint8_t *tk_bzimage(const void *payload, size_t plen, uint32_t usize,
                    size_t *len);

/* Suites of the other test files. */
TCase *tcase_build_pv(void);
TCase *tcase_build_pvh(void);
TCase *tcase_build_acpi(void);
TCase *tcase_build_hvm(void);

#endif /* CHECK_BUILD_H */
