/*
 * libxl domain builder: the Xen ELF notes of a kernel (<xen/elfnote.h>),
 * the legacy "__xen_guest" string, the FEATURES string, and the checks
 * Xen's libelf applies before a kernel may be booted as PV or PVH.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/elfnote.h>
#include <xen/features.h>

#include "build_elf.h"

_Static_assert(BUILD_FEAT_WORDS == XENFEAT_NR_SUBMAPS, "feature words");

#define MAX_NOTES 2048            /* as libelf: bounded work per image */

static const char *const feature_names[] = {
    [XENFEAT_writable_page_tables] = "writable_page_tables",
    [XENFEAT_writable_descriptor_tables] = "writable_descriptor_tables",
    [XENFEAT_auto_translated_physmap] = "auto_translated_physmap",
    [XENFEAT_supervisor_mode_kernel] = "supervisor_mode_kernel",
    [XENFEAT_pae_pgdir_above_4gb] = "pae_pgdir_above_4gb",
    [XENFEAT_hvm_callback_vector] = "hvm_callback_vector",
    [XENFEAT_dom0] = "dom0",
};

bool build_feature(const uint32_t *map, unsigned n)
{
    return n < 32 * BUILD_FEAT_WORDS && (map[n / 32] >> (n % 32)) & 1;
}

void build_feature_set(uint32_t *map, unsigned n)
{
    map[n / 32] |= 1U << (n % 32);
}

int build_parse_features(const char *s, size_t len,
                          struct build_xen_parms *p, struct build_err *err)
{
    size_t pos = 0, n, i;

    while (pos < len && s[pos]) {
        const char *f = s + pos;
        bool req = *f == '!';

        for (n = 0; pos + n < len && f[n] && f[n] != '|'; n++)
            ;
        pos += n + (pos + n < len && f[n] == '|');
        if (req) {
            f++;
            n--;
        }
        for (i = 0; i < sizeof(feature_names) / sizeof(*feature_names);
             i++) {
            if (feature_names[i] && strlen(feature_names[i]) == n &&
                !memcmp(feature_names[i], f, n))
                break;
        }
        if (i == sizeof(feature_names) / sizeof(*feature_names)) {
            if (req)
                return build_seterr(err, -EINVAL, "kernel requires the "
                                    "unknown Xen feature '%.*s'", (int)n,
                                    f);
            continue;
        }
        build_feature_set(p->f_supported, (unsigned)i);
        if (req)
            build_feature_set(p->f_required, (unsigned)i);
    }
    return 0;
}

static void copy_str(char *dst, size_t size, const uint8_t *s, size_t len)
{
    size_t n = strnlen((const char *)s, len);

    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static uint64_t note_num(const uint8_t *d, uint32_t len)
{
    switch (len) {
    case 1: return d[0];
    case 2: return build_le16(d);
    case 4: return build_le32(d);
    case 8: return build_le64(d);
    }
    return 0;
}

static int one_note(unsigned type, const uint8_t *d, uint32_t len,
                    struct build_xen_parms *p, struct build_err *err)
{
    uint64_t v = note_num(d, len);
    unsigned i;

    /* Strings end at a NUL or at the end of the descriptor: Linux's
     * FEATURES note has no NUL of its own. */
    switch (type) {
    case XEN_ELFNOTE_ENTRY: p->virt_entry = v; break;
    case XEN_ELFNOTE_HYPERCALL_PAGE: p->virt_hypercall = v; break;
    case XEN_ELFNOTE_VIRT_BASE: p->virt_base = v; break;
    case XEN_ELFNOTE_PADDR_OFFSET: p->elf_paddr_offset = v; break;
    case XEN_ELFNOTE_HV_START_LOW: p->virt_hv_start_low = v; break;
    case XEN_ELFNOTE_INIT_P2M: p->p2m_base = v; break;
    case XEN_ELFNOTE_MOD_START_PFN: p->unmapped_initrd = v != 0; break;
    case XEN_ELFNOTE_SUSPEND_CANCEL: p->suspend_cancel = v != 0; break;
    case XEN_ELFNOTE_PHYS32_ENTRY: p->phys_entry = (uint32_t)v; break;
    case XEN_ELFNOTE_XEN_VERSION:
        copy_str(p->xen_ver, sizeof(p->xen_ver), d, len);
        break;
    case XEN_ELFNOTE_GUEST_OS:
        copy_str(p->guest_os, sizeof(p->guest_os), d, len);
        break;
    case XEN_ELFNOTE_GUEST_VERSION:
        copy_str(p->guest_ver, sizeof(p->guest_ver), d, len);
        break;
    case XEN_ELFNOTE_LOADER:
        copy_str(p->loader, sizeof(p->loader), d, len);
        break;
    case XEN_ELFNOTE_PAE_MODE:
        copy_str(p->pae_mode, sizeof(p->pae_mode), d, len);
        break;
    case XEN_ELFNOTE_FEATURES:
        return build_parse_features((const char *)d, len, p, err);
    case XEN_ELFNOTE_SUPPORTED_FEATURES:
        for (i = 0; i < BUILD_FEAT_WORDS && (i + 1) * 4 <= len; i++)
            p->f_supported[i] |= build_le32(d + i * 4);
        break;
    }
    return 0;
}

/* Walk the notes in image bytes [off, off + len); counts Xen notes. */
static int walk_notes(const struct build_elf *elf, uint64_t off,
                      uint64_t len, struct build_xen_parms *p,
                      unsigned *total, struct build_err *err)
{
    const uint8_t *q, *end;
    uint32_t namesz, descsz, type;
    uint64_t nlen, dlen;
    int rc;

    if (off > elf->size || len > elf->size - off)
        return build_seterr(err, -EINVAL, "kernel: ELF note area lies "
                            "outside the image");
    q = elf->img + off;
    end = q + len;
    while (end - q >= 12) {
        if (++*total > MAX_NOTES)
            return build_seterr(err, -EINVAL, "kernel: more than %u ELF "
                                "notes", MAX_NOTES);
        namesz = build_le32(q);
        descsz = build_le32(q + 4);
        type = build_le32(q + 8);
        nlen = ((uint64_t)namesz + 3) & ~3ULL;
        dlen = ((uint64_t)descsz + 3) & ~3ULL;
        if (nlen > (uint64_t)(end - q - 12) ||
            descsz > (uint64_t)(end - q - 12) - nlen)
            return build_seterr(err, -EINVAL, "kernel: truncated ELF note");
        if (namesz == 4 && !memcmp(q + 12, "Xen", 4)) {
            p->nr_xen_notes++;
            rc = one_note(type, q + 12 + nlen, descsz, p, err);
            if (rc)
                return rc;
        }
        if (dlen > (uint64_t)(end - q - 12) - nlen)
            break;
        q += 12 + nlen + dlen;
    }
    return 0;
}

static int find_notes(const struct build_elf *elf, struct build_xen_parms *p,
                      struct build_err *err)
{
    struct build_elf_phdr ph;
    struct build_elf_shdr sh;
    unsigned i, total = 0;
    int rc;

    for (i = 0; i < elf->phnum; i++) {
        build_elf_phdr(elf, i, &ph);
        /* Some binutils leave p_offset 0 in note segments: skip those. */
        if (ph.type != PT_NOTE || !ph.offset)
            continue;
        if ((rc = walk_notes(elf, ph.offset, ph.filesz, p, &total, err)))
            return rc;
    }
    for (i = 1; !p->nr_xen_notes && i < elf->shnum; i++) {
        build_elf_shdr(elf, i, &sh);
        if (sh.type != SHT_NOTE)
            continue;
        if ((rc = walk_notes(elf, sh.offset, sh.size, p, &total, err)))
            return rc;
    }
    return 0;
}

/* The section called name, if the section string table has it. */
static bool section_by_name(const struct build_elf *elf, const char *name,
                            struct build_elf_shdr *out)
{
    struct build_elf_shdr strtab, sh;
    size_t nlen = strlen(name) + 1;
    unsigned i;

    if (!elf->shstrndx || build_elf_shdr(elf, elf->shstrndx, &strtab) ||
        strtab.offset > elf->size || strtab.size > elf->size - strtab.offset)
        return false;
    for (i = 1; i < elf->shnum; i++) {
        build_elf_shdr(elf, i, &sh);
        if (sh.name < strtab.size && strtab.size - sh.name >= nlen &&
            !memcmp(elf->img + strtab.offset + sh.name, name, nlen)) {
            *out = sh;
            return true;
        }
    }
    return false;
}

static int check_notes(const struct build_elf *elf, bool pvh,
                       struct build_xen_parms *p, struct build_err *err)
{
    if (pvh) {
        if (p->phys_entry == BUILD_UNSET_ADDR32)
            return build_seterr(err, -EINVAL, "kernel lacks "
                                "XEN_ELFNOTE_PHYS32_ENTRY: cannot boot as "
                                "PVH");
        return 0;
    }
    if (!p->nr_xen_notes && !p->legacy_guest_info)
        return build_seterr(err, -EINVAL, "kernel has no Xen ELF notes: "
                            "not a PV kernel");
    if (elf->machine != EM_X86_64)
        return build_seterr(err, -EINVAL, "kernel is not x86_64 (ELF "
                            "machine %u): only 64-bit PV guests are "
                            "supported", elf->machine);
    if (strncmp(p->loader, "generic", 7) && strncmp(p->guest_os, "linux", 5))
        return build_seterr(err, -EINVAL, "kernel is for loader '%s' and "
                            "guest OS '%s': only 'generic' loader or "
                            "'linux' kernels can be booted", p->loader,
                            p->guest_os);
    if (strncmp(p->xen_ver, "xen-3.0", 7))
        return build_seterr(err, -EINVAL, "kernel is built for Xen '%s', "
                            "not xen-3.0", p->xen_ver);
    if (build_feature(p->f_required, XENFEAT_dom0))
        return build_seterr(err, -EINVAL, "kernel requires the dom0 "
                            "feature: it cannot run as an unprivileged "
                            "guest");
    if (build_feature(p->f_required, XENFEAT_auto_translated_physmap))
        return build_seterr(err, -EOPNOTSUPP, "kernel requires "
                            "auto_translated_physmap: PV auto-translate "
                            "guests are not supported");
    return 0;
}

/* Where the kernel lands; mirrors libelf's address calculation. */
static int calc_addrs(const struct build_elf *elf, bool pvh,
                      struct build_xen_parms *p, struct build_err *err)
{
    uint64_t off;

    if (p->elf_paddr_offset != BUILD_UNSET_ADDR &&
        p->virt_base == BUILD_UNSET_ADDR && !pvh)
        return build_seterr(err, -EINVAL, "kernel sets PADDR_OFFSET but "
                            "not VIRT_BASE");
    if (p->virt_base == BUILD_UNSET_ADDR || pvh)
        p->virt_base = 0;
    if (p->elf_paddr_offset == BUILD_UNSET_ADDR || pvh)
        p->elf_paddr_offset = p->nr_xen_notes || pvh ? 0 : p->virt_base;
    off = p->virt_base - p->elf_paddr_offset;
    p->virt_kstart = elf->pstart + off;
    p->virt_kend = elf->pend + off;
    if (pvh)
        p->virt_entry = p->phys_entry;
    else if (p->virt_entry == BUILD_UNSET_ADDR)
        p->virt_entry = elf->entry;
    if (p->virt_kstart > p->virt_kend || p->virt_base > p->virt_kstart)
        return build_seterr(err, -EINVAL, "kernel start 0x%llx lies below "
                            "its VIRT_BASE 0x%llx",
                            (unsigned long long)p->virt_kstart,
                            (unsigned long long)p->virt_base);
    if (p->virt_entry < p->virt_kstart || p->virt_entry >= p->virt_kend)
        return build_seterr(err, -EINVAL, "kernel entry 0x%llx lies "
                            "outside the kernel [0x%llx, 0x%llx)",
                            (unsigned long long)p->virt_entry,
                            (unsigned long long)p->virt_kstart,
                            (unsigned long long)p->virt_kend);
    if (!pvh && p->p2m_base != BUILD_UNSET_ADDR &&
        p->p2m_base >= p->virt_kstart && p->p2m_base < p->virt_kend)
        return build_seterr(err, -EINVAL, "kernel's INIT_P2M address "
                            "0x%llx lies inside the kernel",
                            (unsigned long long)p->p2m_base);
    return 0;
}

int build_xen_parse(const struct build_elf *elf, bool pvh,
                    struct build_xen_parms *p, struct build_err *err)
{
    struct build_elf_shdr sh;
    int rc;

    memset(p, 0, sizeof(*p));
    p->virt_base = p->virt_entry = p->virt_hypercall = BUILD_UNSET_ADDR;
    p->virt_hv_start_low = p->elf_paddr_offset = BUILD_UNSET_ADDR;
    p->p2m_base = BUILD_UNSET_ADDR;
    p->phys_entry = BUILD_UNSET_ADDR32;
    if ((rc = find_notes(elf, p, err)))
        return rc;
    if (!p->nr_xen_notes && !pvh && section_by_name(elf, "__xen_guest", &sh))
        if ((rc = build_parse_guest_info(elf, &sh, p, err)))
            return rc;
    if ((rc = check_notes(elf, pvh, p, err)))
        return rc;
    return calc_addrs(elf, pvh, p, err);
}
