/*
 * libxl bootloader runner: runs pygrub or any program that speaks the
 * protocol of Xen 4.17's libxl (libxl_bootloader.c) on a guest's boot disk
 * and hands back the kernel, ramdisk and command line it chose.  Private
 * to libxl, never installed; independent of the ctx so that it can be
 * tested alone (tests/unit/check_bootloader.c).
 *
 * The protocol, as Xen 4.17 drives it:
 *   BOOTLOADER [--kernel=K] [--ramdisk=R] [--args=CMDLINE]
 *              [--runas=UID --quiet]            (restricted mode only)
 *              --output=FILE --output-format=simple0 --output-directory=DIR
 *              [bootloader_args...] DISK
 * The program copies the kernel (and ramdisk) out of DISK into files in
 * DIR and writes NUL-terminated items "kernel PATH", "ramdisk PATH",
 * "args CMDLINE" to FILE.  Its standard input and output are a pseudo
 * terminal (an interactive menu works; nobody types, so it times out to
 * its default), TERM=vt100.  Unlike Xen, its standard error goes to a pipe
 * so that a failure can be reported with its last lines.
 *
 * Environment (read here, as Xen 4.17's libxl does):
 *   LIBXL_BOOTLOADER_RESTRICT  set (any value): restricted mode: --runas
 *                              and --quiet, and the time limit
 *   LIBXL_BOOTLOADER_USER      the user of restricted mode (else the uid of
 *                              xen-qemuuser-range-base + domid, else
 *                              xen-qemuuser-shared); never root
 *   LIBXL_BOOTLOADER_TIMEOUT   seconds (restricted mode; default 120,
 *                              0 = no limit)
 */
#ifndef LIBXL_BOOTLOADER_H
#define LIBXL_BOOTLOADER_H

#include <stddef.h>
#include <stdint.h>

/* Time limit of a restricted bootloader (Xen's LIBXL_BOOTLOADER_TIMEOUT). */
#define LIBXL__BOOT_TIMEOUT_DEFAULT 120

struct libxl__boot_req {
    const char *bootloader;       /* bootloader= (a path or a bare name) */
    char *const *args;            /* bootloader_args=, NULL-terminated */
    const char *disk;             /* the boot disk (image file or device) */
    const char *kernel, *ramdisk, *cmdline;   /* kernel= ... if given */
    uint32_t domid;
    const char *lib_dir;          /* bootloader.<domid>.out and .d go here */
    const char *log_dir;          /* bootloader.<domid>.log (best effort) */
    const char *bindir;           /* bare names are looked up here first,
                                   * then in PATH; NULL: the built-in
                                   * private bin directory */
};

struct libxl__boot_res {
    char *outfile, *outdir;       /* removed by libxl__boot_res_dispose */
    char *logfile;                /* kept, as Xen keeps its log */
    char *kernel, *ramdisk;       /* files inside outdir (ramdisk may be
                                   * NULL) */
    char *cmdline;                /* "args" of the output, or NULL */
};

/*
 * Run the bootloader of rq and read its output into *res (initialised
 * here; dispose it in every case, which also removes every file the
 * bootloader made).  Blocks until the program ends or, in restricted mode,
 * its time limit kills it (with the whole process group).  Returns 0 or a
 * negative errno with a one-line message in err: a missing program, an
 * unknown user, a failure (exit status or signal, with the last lines of
 * its standard error), a time-out, or output that is not the simple0
 * format or names files outside the output directory.
 */
int libxl__boot_run(const struct libxl__boot_req *rq,
                    struct libxl__boot_res *res, char *err, size_t errlen);

/* Remove the output file and directory (recursively, never following
 * links or leaving the file system) and free *res.  Idempotent. */
void libxl__boot_res_dispose(struct libxl__boot_res *res);

/* ---- bootloader_out.c ---- */

/*
 * Parse the simple0 output in buf (len bytes) into res->kernel, ramdisk,
 * cmdline; kernel and ramdisk must name regular files inside res->outdir.
 * 0 or -EINVAL/-ENOENT/-ENOMEM with a message in err.
 */
int libxl__boot_parse(const char *buf, size_t len,
                      struct libxl__boot_res *res, char *err, size_t errlen);

/* rm -r of path without following links or crossing file systems;
 * a missing path is fine. */
void libxl__boot_remove_tree(const char *path);

#endif
