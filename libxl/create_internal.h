/*
 * libxl: private state of one domain creation (create.c runs the named
 * steps; create_xs.c writes the xenstore layout; create_build.c reads the
 * kernel and builds the guest; userdata.c stores the config).
 */
#ifndef LIBXL_CREATE_INTERNAL_H
#define LIBXL_CREATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl_internal.h"
#include "libxl_types.h"

/* Slack above max memory that Xen's libxl grants every domain (KiB). */
#define LIBXL__MAXMEM_CONSTANT 1024
/* Default size of the guest console buffer in xenconsoled (bytes). */
#define LIBXL__CONSOLE_LIMIT 1048576

struct libxl__create {
    libxl__gc *gc;
    struct libxl_domain_config *dc;
    uint32_t domid;
    bool domain_made;                    /* undo: destroy */
    char uuid[37];
    char *dom_path, *vm_path, *libxl_path;
    /* Files read before the domain exists (so a bad path costs nothing). */
    void *kernel, *ramdisk;
    void *kernel_map;                    /* cached unpacked kernel (mmap) */
    size_t kernel_size, ramdisk_size;
    char *cmdline;                       /* the bootloader's (arena) */
    /* Filled by the build. */
    uint32_t store_port, console_port;
    uint64_t store_gfn, console_gfn;
    bool introduced;                     /* undo: release */
    char *userdata;                      /* undo: unlink */
    int lock_fd;                         /* create lock, -1 if not held */
    int restore_fd;                      /* image to restore, -1: new */
    unsigned stream_flags;               /* its LIBXL_STREAM_* flags */
    struct libxl_restore_stats *restore_st;  /* what it held, or NULL */
    /* HVM (create_hvm.c): the firmware, read before the domain exists. */
    const char *hvmloader, *bios_path, *bios_name;
    void *firmware;
    size_t firmware_size;
    bool dm_started;                     /* undo: kill the device model */
    /* A restored HVM guest's device model (restore.c, dm_save.c). */
    char *dm_state_file;                 /* undo: unlink (arena) */
    uint8_t *dm_xs;                      /* EMULATOR_XENSTORE_DATA (arena) */
    uint32_t dm_xs_len;
};

int libxl__create_check(struct libxl__create *cs);
/* -EOPNOTSUPP naming the first of vfb=, vkb=, channel=, p9= the config
 * has: their backends are QEMU's (create_devcheck.c). */
int libxl__create_check_qemu_devices(struct libxl__create *cs);
/* Kernel into cs->kernel (malloc'd) or cs->kernel_map (mmap'd), unpacked
 * through the kernel cache (kernel_cache.c). */
int libxl__kernel_load(struct libxl__create *cs, const char *file);
int libxl__create_read_images(struct libxl__create *cs);
int libxl__create_make_domain(struct libxl__create *cs);
/* bootloader= (create_boot.c): kernel, ramdisk and cmdline from the
 * bootloader into cs; nothing it extracted stays on disk. */
int libxl__create_bootloader(struct libxl__create *cs);
int libxl__create_xs_skeleton(struct libxl__create *cs);
int libxl__create_prebuild(struct libxl__create *cs);
int libxl__create_build(struct libxl__create *cs);
/* Restore memory and state from cs->restore_fd instead of building
 * (restore.c); sets the xenstore and console frames like the build. */
int libxl__create_restore(struct libxl__create *cs);
int libxl__create_xs_post(struct libxl__create *cs);
int libxl__create_introduce(struct libxl__create *cs);
/* Every vif= of the config (create_nic.c); undone by the destroy. */
int libxl__create_nics(struct libxl__create *cs);
/* The vifs' defaults (MAC, model, devid) before QEMU needs them. */
int libxl__create_nic_defaults(struct libxl__create *cs);
int libxl__create_store_config(struct libxl__create *cs);
/* Attach the disk= devices (vbd.c); undone by the domain's destroy. */
int libxl__create_disks(struct libxl__create *cs);

/* HVM steps (create_hvm.c). */
struct build_args;
int libxl__create_hvm_check(struct libxl__create *cs);
int libxl__create_hvm_read(struct libxl__create *cs);
int libxl__create_hvm_params(struct libxl__create *cs);
void libxl__create_hvm_args(struct libxl__create *cs, struct build_args *a);
int libxl__create_hvm_xs(struct libxl__create *cs);
/* Start the device model of an HVM guest (nothing for PV and PVH). */
int libxl__create_dm(struct libxl__create *cs);

/* Path of the stored config of a domain (arena string). */
char *libxl__userdata_path(libxl__gc *gc, uint32_t domid, const char *uuid);
/* Write (replace) the stored config of domid atomically; *path_r (may
 * be NULL) gets its path (arena). */
int libxl__userdata_store(libxl__gc *gc, uint32_t domid, const char *uuid,
                          const struct libxl_domain_config *dc, char **path_r);
/* Remove every stored config of domid; missing files are fine. */
void libxl__userdata_remove(libxl__gc *gc, uint32_t domid);
/* After a rename: the stored config (if any) carries the new name. */
int libxl__userdata_rename(libxl__gc *gc, uint32_t domid, const char *uuid,
                           const char *name);

#endif
