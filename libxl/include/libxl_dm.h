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

#ifdef __cplusplus
}
#endif
#endif /* LIBXL_DM_H */
