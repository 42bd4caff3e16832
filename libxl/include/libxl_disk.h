/*
 * libxl_disk.h: virtual block devices (vbd) of a running domain: attach,
 * detach, list, as xl block-attach / block-detach / block-list use them.
 * Same conventions as libxl.h: 0 or -errno, message in libxl_errmsg().
 * Every call blocks (at most the time limits of the device handshake:
 * 10 s for the backend, 40 s for a script=) and prints nothing.
 */
#ifndef LIBXL_DISK_H
#define LIBXL_DISK_H

#include "libxl.h"
#include "libxl_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_HAVE_DEVICE_DISK 1

/*
 * Attach disk to domain domid: raw images (a loop device is set up for a
 * regular file) and block devices with the kernel's blkback, or a
 * script= that prepares the device.  Returns when the backend is ready
 * (InitWait) and the script has run; the guest's frontend connects on
 * its own.  Other formats, qdisk and driver domains: -EOPNOTSUPP.  On
 * failure nothing is left behind (no nodes, no loop device).
 */
LIBXL_API int libxl_device_disk_add(libxl_ctx *ctx, uint32_t domid,
                                    struct libxl_device_disk *disk);

/*
 * Detach the disk whose vdev (or devid) matches: asks the guest to let
 * go (Closing), waits up to 10 s for Closed, then removes it anyway (as
 * Xen's libxl does).  _destroy does not wait for the guest.  The loop
 * device and script are released.  -ENOENT if there is no such disk.
 */
LIBXL_API int libxl_device_disk_remove(libxl_ctx *ctx, uint32_t domid,
                                       const struct libxl_device_disk *disk);
/* Xen's safe remove (xl block-detach): if the guest does not let go
 * within 10 s, -ETIMEDOUT and the disk stays. */
LIBXL_API int libxl_device_disk_safe_remove(
    libxl_ctx *ctx, uint32_t domid, const struct libxl_device_disk *disk);
LIBXL_API int libxl_device_disk_destroy(libxl_ctx *ctx, uint32_t domid,
                                        const struct libxl_device_disk *disk);

/* The disks of a domain as attached (from toolstack-private xenstore
 * state): malloc'd array, free with libxl_device_disk_list_free. */
LIBXL_API int libxl_device_disk_list(libxl_ctx *ctx, uint32_t domid,
                                     struct libxl_device_disk **disks,
                                     int *n);
LIBXL_API void libxl_device_disk_list_free(struct libxl_device_disk *disks,
                                           int n);

/* The disk of domid named by vdev ("xvdb") or devid ("51728"), filled
 * into disk (init'ed by the caller; dispose it).  -ENOENT if none. */
LIBXL_API int libxl_vdev_to_device_disk(libxl_ctx *ctx, uint32_t domid,
                                        const char *vdev,
                                        struct libxl_device_disk *disk);

/* What xl block-list shows: -1 where the frontend has not written it. */
struct libxl_diskinfo {
    char *backend;               /* backend path (malloc'd) */
    uint32_t backend_id;
    char *frontend;              /* frontend path (malloc'd) */
    uint32_t frontend_id;
    int devid;
    int state;                   /* frontend XenbusState */
    int evtch;
    int rref;
};

LIBXL_API int libxl_device_disk_getinfo(libxl_ctx *ctx, uint32_t domid,
                                        const struct libxl_device_disk *disk,
                                        struct libxl_diskinfo *info);
LIBXL_API void libxl_diskinfo_dispose(struct libxl_diskinfo *info);

#ifdef __cplusplus
}
#endif

#endif
