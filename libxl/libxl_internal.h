/*
 * libxl: private header shared by the library's files (never installed).
 * The ctx, the garbage-collecting arena, error recording and the small
 * xenstore access layer (xs_access.c) every area goes through.
 */
#ifndef LIBXL_INTERNAL_H
#define LIBXL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libxl.h"
#include "xenctrl.h"

struct xs_handle;

struct libxl__ctx {
    xc_interface *xch;
    struct xs_handle *xsh;               /* NULL when xenstore unreachable */
    char xs_err[256];                    /* why xsh is NULL */
    char errmsg[512];
    char *config_dir, *lib_dir, *run_dir, *log_dir;
    struct libxl_version_info *version;  /* cached */
};

/* Arena of temporaries, released once at out: (style.md G4). */
typedef struct libxl__gc {
    libxl_ctx *ctx;
    void **ptrs;
    size_t n, cap;
} libxl__gc;

void libxl__gc_init(libxl__gc *gc, libxl_ctx *ctx);
void libxl__gc_release(libxl__gc *gc);
void *libxl__zalloc(libxl__gc *gc, size_t size);   /* aborts on OOM */
char *libxl__strdup(libxl__gc *gc, const char *s); /* NULL -> NULL */
char *libxl__sprintf(libxl__gc *gc, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void *libxl__gc_own(libxl__gc *gc, void *p);       /* adopt malloc'd p */

/* Allocation for results handed to callers (aborts on OOM). */
void *libxl__malloc0(size_t size);
char *libxl__xstrdup(const char *s);

/* Record the message of a failure; returns rc for "return seterr(...)". */
int libxl__seterr(libxl_ctx *ctx, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Record the libxenctrl message of a failed xc call, prefixed. */
int libxl__seterr_xc(libxl_ctx *ctx, int rc, const char *what);

/* ---- xenstore (xs_access.c): all return 0 or -errno ---- */

#define LIBXL__XBT_NULL 0U

/* -ENOTCONN (with message) when the ctx has no xenstore connection. */
int libxl__xs_check(libxl_ctx *ctx);
/* Read a node: *val is arena memory (NUL-terminated). */
int libxl__xs_read(libxl__gc *gc, uint32_t t, const char *path, char **val);
/* Read n nodes in one batch (a few round trips): vals[i] is arena memory,
 * or NULL when path i cannot be read (absent, denied).  -errno only if the
 * connection failed. */
int libxl__xs_read_many(libxl__gc *gc, uint32_t t, const char *const *paths,
                        unsigned n, char **vals);
int libxl__xs_write(libxl__gc *gc, uint32_t t, const char *path,
                    const char *val);
int libxl__xs_rm(libxl__gc *gc, uint32_t t, const char *path);
/* Children of a node: arena array of arena strings. */
int libxl__xs_directory(libxl__gc *gc, uint32_t t, const char *path,
                        char ***names, unsigned *n);
int libxl__xs_transaction_start(libxl__gc *gc, uint32_t *t);
/* abort=false commits; -EAGAIN means retry the whole transaction. */
int libxl__xs_transaction_end(libxl__gc *gc, uint32_t t, bool abort);

/*
 * Write val (NULL: mkdir) at path and set its permissions: owned by
 * owner with no access for others, plus read access for domain reader
 * when reader >= 0 (Xen's libxl "roperm"; owner = the guest is "rwperm").
 */
int libxl__xs_mknode(libxl__gc *gc, uint32_t t, const char *path,
                     const char *val, uint32_t owner, int reader);
/* XS_INTRODUCE / XS_RELEASE a domain's xenstore ring. */
int libxl__xs_introduce(libxl__gc *gc, uint32_t domid, uint64_t gfn,
                        uint32_t port);
int libxl__xs_release(libxl__gc *gc, uint32_t domid);
/* XS_RESUME: a resumed domain's next shutdown fires @releaseDomain. */
int libxl__xs_resume(libxl__gc *gc, uint32_t domid);
/* Watches; libxl__xs_wait_event waits (-ETIMEDOUT) for any event and
 * discards what is queued: callers re-read the state they care about. */
int libxl__xs_watch(libxl__gc *gc, const char *path, const char *token);
int libxl__xs_unwatch(libxl__gc *gc, const char *path, const char *token);
int libxl__xs_wait_event(libxl__gc *gc, int timeout_ms);

/* 1 if domid is an HVM guest with a device model, 0 if PV or PVH (an HVM
 * container libxl recorded as type "pvh"), or -errno with the message set
 * (-ESRCH: no such domain) (domain.c). */
int libxl__domain_is_hvm(libxl__gc *gc, uint32_t domid);

/* Apply b->cpuid (either form, with its MSR masks) to the new domain's
 * CPUID/MSR policy as Xen 4.17 does; hvm: HVM or PVH (cpuid.c). */
struct libxl_domain_build_info;
int libxl__cpuid_apply(libxl__gc *gc, uint32_t domid, bool hvm,
                       const struct libxl_domain_build_info *b);

/* ---- the domain name index (name_index.c) ---- */
/* Create the (then authoritative) index: by libxl_dom0_init at boot. */
int libxl__name_index_init(libxl__gc *gc, uint32_t t);
/* name -> domid in transaction t (nothing when the host has no index). */
int libxl__name_index_add(libxl__gc *gc, uint32_t t, const char *name,
                          uint32_t domid);
/* Remove name's entry if it is domid's. */
int libxl__name_index_del(libxl__gc *gc, uint32_t t, const char *name,
                          uint32_t domid);
/* 0 (*domid set), -ESRCH (no such name), -ENOTSUP (no index on this host:
 * read every name instead), or another -errno. */
int libxl__name_index_lookup(libxl__gc *gc, const char *name,
                             uint32_t *domid);
/* libxl_name_to_domid() without its scan of every domain on a miss (the
 * uniqueness check of each creation, which must stay cheap): returns as
 * libxl__name_index_lookup(). */
int libxl__name_to_domid_indexed(libxl_ctx *ctx, const char *name,
                                 uint32_t *domid);

/* ---- helpers ---- */
/* mkdir -p path (mode 0755); 0 or -errno. */
int libxl__make_dirs(const char *path);
void libxl__uuid_string(const uint8_t uuid[16], char out[37]);
void libxl__cpumap_from_bytes(libxl_ctx *ctx, struct libxl_cpumap *m,
                              const uint8_t *bytes, size_t len);
unsigned libxl__host_nr_cpus(libxl_ctx *ctx);

#endif
