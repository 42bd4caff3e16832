/*
 * libxl: dump-core, an ELF core of a domain's memory in the layout of
 * Xen 4.17's xc_domain_dumpcore (format 0.1: .note.Xen, .xen_prstatus,
 * .xen_shared_info, .xen_pages, .xen_p2m or .xen_pfn, .shstrtab), read
 * through foreign mappings while the domain keeps running.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/elfnote.h>
#include <xen/version.h>

#include "libxl_internal.h"
#include "lifecycle_core.h"

#define PG 4096UL
#define BATCH 256                        /* pages written per write() */

static int put(struct core *c, const void *buf, size_t len)
{
    const char *p = buf;
    ssize_t r;

    while (len) {
        r = write(c->fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

/* One note of the "Xen" owner: header then desc. */
static int put_note(struct core *c, uint32_t type, const void *desc,
                    uint32_t len)
{
    struct core_note n = { .namesz = 4, .descsz = len, .type = type,
                           .name = "Xen" };
    int rc = put(c, &n, sizeof(n));

    return rc ? rc : put(c, desc, len);
}

static int put_notes(struct core *c, libxl_ctx *ctx)
{
    struct core_header h = { .nr_vcpus = c->nr_vcpus,
                             .nr_pages = c->nr_pages, .page_size = PG };
    struct core_xen_version v;
    struct xc_version_info vi;
    uint64_t format = 1;                 /* major 0, minor 1 */
    int rc;

    memset(&v, 0, sizeof(v));
    if (!xc_version_get(ctx->xch, &vi)) {
        v.major = (uint64_t)vi.major;
        v.minor = (uint64_t)vi.minor;
        snprintf(v.extra, sizeof(v.extra), "%s", vi.extraversion);
        snprintf(v.compile.compiler, sizeof(v.compile.compiler), "%s",
                 vi.compiler);
        snprintf(v.compile.compile_by, sizeof(v.compile.compile_by), "%s",
                 vi.compile_by);
        snprintf(v.compile.compile_domain, sizeof(v.compile.compile_domain),
                 "%s", vi.compile_domain);
        snprintf(v.compile.compile_date, sizeof(v.compile.compile_date),
                 "%s", vi.compile_date);
        snprintf(v.caps, sizeof(v.caps), "%s", vi.capabilities);
        snprintf(v.changeset, sizeof(v.changeset), "%s", vi.changeset);
        v.platform.virt_start = vi.virt_start;
        v.pagesize = vi.pagesize;
    }
    h.magic = c->hvm ? CORE_MAGIC_HVM : CORE_MAGIC;
    rc = put_note(c, XEN_ELFNOTE_DUMPCORE_NONE, NULL, 0);
    rc = rc ? rc : put_note(c, XEN_ELFNOTE_DUMPCORE_HEADER, &h, sizeof(h));
    rc = rc ? rc : put_note(c, XEN_ELFNOTE_DUMPCORE_XEN_VERSION, &v,
                            sizeof(v));
    rc = rc ? rc : put_note(c, XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, &format,
                            sizeof(format));
    return rc;
}

/* Section names, in .shstrtab order. */
static const char strtab[] = "\0.shstrtab\0.note.Xen\0.xen_prstatus\0"
                             ".xen_shared_info\0.xen_pages\0.xen_p2m\0"
                             ".xen_pfn";

static uint32_t name_of(const char *s)
{
    const char *p = strtab + 1;

    while (strcmp(p, s))
        p += strlen(p) + 1;
    return (uint32_t)(p - strtab);
}

static void shdr(Elf64_Shdr *s, const char *name, uint32_t type,
                 uint64_t off, uint64_t size, uint64_t align, uint64_t ent)
{
    memset(s, 0, sizeof(*s));
    s->sh_name = name_of(name);
    s->sh_type = type;
    s->sh_offset = off;
    s->sh_size = size;
    s->sh_addralign = align;
    s->sh_entsize = ent;
}

/* ELF header and section headers, as xc_domain_dumpcore lays them out. */
static int put_headers(struct core *c)
{
    Elf64_Shdr sh[7];
    Elf64_Ehdr eh;
    unsigned n = 0, strtab_idx;
    uint64_t off, notes, sz, pages_off;

    notes = 4 * sizeof(struct core_note) + sizeof(struct core_header) +
            sizeof(struct core_xen_version) + sizeof(uint64_t);
    memset(sh, 0, sizeof(sh));
    n = 1;                                          /* null section */
    strtab_idx = n++;
    c->nr_shdrs = 6 + (c->shinfo != NULL);
    off = sizeof(eh) + c->nr_shdrs * sizeof(Elf64_Shdr);
    shdr(&sh[n++], ".note.Xen", SHT_NOTE, off, notes, 0, 0);
    off += notes;
    sz = (uint64_t)c->nr_vcpus * sizeof(*c->ctxt);
    shdr(&sh[n++], ".xen_prstatus", SHT_PROGBITS, off, sz, 8,
         sizeof(*c->ctxt));
    off += sz;
    if (c->shinfo) {
        shdr(&sh[n++], ".xen_shared_info", SHT_PROGBITS, off, PG, 8, PG);
        off += PG;
    }
    pages_off = (off + PG - 1) & ~(PG - 1);
    c->pad = pages_off - off;
    sz = c->nr_pages * PG;
    shdr(&sh[n++], ".xen_pages", SHT_PROGBITS, pages_off, sz, PG, PG);
    off = pages_off + sz;
    sz = c->nr_pages * (c->auto_translated ? 8 : 16);
    shdr(&sh[n++], c->auto_translated ? ".xen_pfn" : ".xen_p2m",
         SHT_PROGBITS, off, sz, 8, c->auto_translated ? 8 : 16);
    off += sz;
    shdr(&sh[strtab_idx], ".shstrtab", SHT_STRTAB, off, sizeof(strtab), 0,
         0);
    memset(&eh, 0, sizeof(eh));
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_SYSV;
    eh.e_ident[EI_ABIVERSION] = EV_CURRENT;
    eh.e_type = ET_CORE;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_shoff = sizeof(eh);
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_shentsize = sizeof(Elf64_Shdr);
    eh.e_shnum = (uint16_t)n;
    eh.e_shstrndx = (uint16_t)strtab_idx;
    if (put(c, &eh, sizeof(eh)))
        return -errno;
    return put(c, sh, n * sizeof(sh[0]));
}

/* .xen_pages then .xen_p2m / .xen_pfn: pages that cannot be mapped are
 * skipped, and the section is padded with zero pages, as Xen does. */
static int put_pages(struct core *c, libxl_ctx *ctx)
{
    char *buf = malloc(BATCH * PG);
    uint64_t j = 0, i, k = 0;
    int rc = 0;

    if (!buf)
        return -ENOMEM;
    for (i = 0; i < c->nr_cand && j < c->nr_pages && !rc; i++) {
        uint64_t gfn = c->cand[i].gmfn;
        void *p = xc_map_foreign_pages(ctx->xch, c->domid, PROT_READ, &gfn,
                                       1);

        if (!p)
            continue;
        memcpy(buf + k * PG, p, PG);
        xc_unmap_foreign(ctx->xch, p, 1);
        c->out[j++] = c->cand[i];
        if (++k == BATCH) {
            rc = put(c, buf, k * PG);
            k = 0;
        }
    }
    rc = rc ? rc : put(c, buf, k * PG);
    memset(buf, 0, PG);
    for (; j < c->nr_pages && !rc; j++) {
        c->out[j].pfn = c->out[j].gmfn = ~(uint64_t)0;
        rc = put(c, buf, PG);
    }
    free(buf);
    if (rc)
        return rc;
    if (!c->auto_translated)
        return put(c, c->out, c->nr_pages * sizeof(c->out[0]));
    for (j = 0; j < c->nr_pages; j++)     /* .xen_pfn: the pfns only */
        c->pfns[j] = c->out[j].pfn;
    return put(c, c->pfns, c->nr_pages * sizeof(uint64_t));
}

int libxl__core_write(libxl_ctx *ctx, struct core *c)
{
    static const char zero[PG];
    int rc;

    rc = put_headers(c);
    rc = rc ? rc : put_notes(c, ctx);
    rc = rc ? rc : put(c, c->ctxt, c->nr_vcpus * sizeof(*c->ctxt));
    if (!rc && c->shinfo)
        rc = put(c, c->shinfo, PG);
    rc = rc ? rc : put(c, zero, c->pad);
    rc = rc ? rc : put_pages(c, ctx);
    rc = rc ? rc : put(c, strtab, sizeof(strtab));
    return rc;
}
