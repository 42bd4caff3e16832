/*
 * libxl domain builder: bounded access to the headers of an ELF image
 * validated by build_elf_parse() (private to build_elf.c/build_notes.c).
 */
#ifndef LIBXL_BUILD_ELF_H
#define LIBXL_BUILD_ELF_H

#include "build_internal.h"

/* A program header, widened to 64 bits. */
struct build_elf_phdr {
    uint32_t type;
    uint64_t offset, filesz, memsz, paddr, vaddr;
};

/* The fields of a section header the builder uses. */
struct build_elf_shdr {
    uint32_t name, type;
    uint64_t offset, size;
};

/* Header i (0-based); -EINVAL past the table.  Contents unchecked. */
int build_elf_phdr(const struct build_elf *elf, unsigned i,
                   struct build_elf_phdr *ph);
int build_elf_shdr(const struct build_elf *elf, unsigned i,
                   struct build_elf_shdr *sh);

/* Set feature bit n in a XENFEAT map. */
void build_feature_set(uint32_t *map, unsigned n);

/*
 * "a|!b|c" (s[len], NUL or len ends it): names of supported Xen
 * features, '!' marks required ones; an unknown required one fails.
 */
int build_parse_features(const char *s, size_t len,
                         struct build_xen_parms *p, struct build_err *err);

/* The legacy "__xen_guest" section sh: KEY=VALUE,... (build_guest.c). */
int build_parse_guest_info(const struct build_elf *elf,
                           const struct build_elf_shdr *sh,
                           struct build_xen_parms *p, struct build_err *err);

#endif /* LIBXL_BUILD_ELF_H */
