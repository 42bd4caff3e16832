/*
 * libxl_dm.h: talking to the device model (QEMU) of an HVM guest.
 * Included by libxl.h; same conventions (0 or negative errno, message in
 * libxl_errmsg()).
 */
#ifndef LIBXL_DM_H
#define LIBXL_DM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_HAVE_QEMU_MONITOR_COMMAND 1

/*
 * Run command in the human monitor of domid's device model (QMP
 * human-monitor-command, as `xl qemu-monitor-command`).  *output is
 * malloc'd (free it): what the monitor printed.  Blocks up to 10 s.
 * -ESRCH if the domain does not exist, -ENOENT if it has no device
 * model, -EIO if QEMU refused the command.
 */
LIBXL_API int libxl_qemu_monitor_command(libxl_ctx *ctx, uint32_t domid,
                                         const char *command,
                                         char **output);

#define LIBXL_HAVE_VNC_INFO 1

/*
 * Where the VNC server of domid's device model listens, as its creation
 * recorded it (console/vnc-listen, console/vnc-port, console/vnc-pass):
 * *listen (malloc'd; "localhost" when no address was recorded), *display
 * (the port less 5900) and *passwd (malloc'd, NULL without a password).
 * 0, -ESRCH, -ENOENT if the guest has no VNC server.
 */
LIBXL_API int libxl_vnc_info(libxl_ctx *ctx, uint32_t domid, char **listen,
                             int *display, char **passwd);

#define LIBXL_HAVE_CDROM_INSERT 1

/*
 * Put the image at path (readable raw file or device) into the emulated
 * CD-ROM vdev (devtype=cdrom in the guest's config) of HVM guest domid,
 * or empty it when path is NULL or "" (`xl cd-insert', `xl cd-eject'):
 * the device model ejects the old medium (fails if the guest locked the
 * tray) and opens the new one from a descriptor libxl passes it.  The
 * stored config records the change.  Blocks up to 10 s per QMP command.
 * 0, -ESRCH, -EINVAL (not HVM, or vdev is not a cdrom), -ENOENT (no such
 * cdrom), -errno opening path, -EIO when QEMU refuses.
 */
LIBXL_API int libxl_cdrom_insert(libxl_ctx *ctx, uint32_t domid,
                                 const char *vdev, const char *path);

#ifdef __cplusplus
}
#endif
#endif /* LIBXL_DM_H */
