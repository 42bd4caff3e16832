/*
 * libxl: private to dump-core (lifecycle_core*.c): what is gathered about
 * a domain before its core is written, and the note layouts of Xen's
 * dump-core format (tools/libs/guest/xg_core.h in Xen 4.17).
 */
#ifndef LIBXL_LIFECYCLE_CORE_H
#define LIBXL_LIFECYCLE_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/version.h>

#define CORE_MAGIC 0xF00FEBEDULL         /* PV */
#define CORE_MAGIC_HVM 0xF00FEBEEULL     /* HVM and PVH */

struct core_note {                       /* Elf64_Nhdr + "Xen\0" */
    uint32_t namesz, descsz, type;
    char name[4];
};

struct core_header {
    uint64_t magic, nr_vcpus, nr_pages, page_size;
};

struct core_xen_version {
    uint64_t major, minor;
    xen_extraversion_t extra;
    xen_compile_info_t compile;
    xen_capabilities_info_t caps;
    xen_changeset_info_t changeset;
    xen_platform_parameters_t platform;
    uint64_t pagesize;
};

struct core_p2m {                        /* one .xen_p2m entry */
    uint64_t pfn, gmfn;
};

struct core {
    int fd;
    uint32_t domid;
    bool hvm, auto_translated;
    unsigned nr_vcpus;
    struct vcpu_guest_context *ctxt;     /* nr_vcpus */
    void *shinfo;                        /* mapped shared info or NULL */
    uint64_t nr_pages;                   /* pages in the core */
    struct core_p2m *cand;               /* pages to try, nr_cand */
    uint64_t nr_cand;
    struct core_p2m *out;                /* pages written, nr_pages */
    uint64_t *pfns;                      /* nr_pages, for .xen_pfn */
    unsigned nr_shdrs;
    uint64_t pad;                        /* before .xen_pages */
};

/* Write the core described by c to c->fd; 0 or -errno. */
int libxl__core_write(libxl_ctx *ctx, struct core *c);

#endif
