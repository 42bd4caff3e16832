/*
 * libxl device model: private interface of the QEMU that serves HVM
 * guests (dm_args.c builds its command line, dm.c starts, waits for and
 * kills it, qmp.c talks QMP to it).  Never installed.
 */
#ifndef LIBXL_DM_INTERNAL_H
#define LIBXL_DM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <yajl/yajl_tree.h>

#include "libxl_internal.h"
#include "libxl_types.h"

/* How long a device model gets to come up (Xen's libxl: 60 s). */
#define LIBXL__DM_START_TIMEOUT_MS (60 * 1000)
/* How long one QMP command may take (Xen's libxl: 10 s). */
#define LIBXL__QMP_TIMEOUT_MS (10 * 1000)

enum { LIBXL__VGA_NONE, LIBXL__VGA_CIRRUS, LIBXL__VGA_STD, LIBXL__VGA_QXL };

/* vga= as LIBXL__VGA_* (default cirrus), -1 if not one we handle. */
int libxl__dm_vga_kind(const struct libxl_domain_build_info *b);
/* Video RAM the device model takes out of the guest's memory (KiB):
 * 0 without VGA, else videoram= or 8 MiB (cirrus) / 16 MiB (stdvga) /
 * 128 MiB (qxl). */
int64_t libxl__dm_video_memkb(const struct libxl_domain_build_info *b);
/* <run dir>/qmp-libxl-<domid> (arena string). */
char *libxl__dm_qmp_path(libxl__gc *gc, uint32_t domid);
/* The device model program of a config: device_model_override or the
 * configured qemu-xen (arena string). */
char *libxl__dm_path(libxl__gc *gc, const struct libxl_domain_config *dc);

/* The index of an emulated disk from its vdev: hda/xvda/sda 0, hdb 1...;
 * -1 if the name has no single letter after its prefix. */
int libxl__dm_disk_index(const char *vdev);

/*
 * The NULL-terminated argv of the device model dm for domid (arena
 * memory).  -EINVAL / -EOPNOTSUPP with a message for settings it cannot
 * express.
 */
int libxl__dm_args(libxl__gc *gc, const struct libxl_domain_config *dc,
                   uint32_t domid, const char *dm, char ***argv);

/*
 * Start the device model of domid (paused, built) and wait until it runs:
 * its log is <log dir>/qemu-dm-<name>.log, its pid goes to
 * /local/domain/<domid>/image/device-model-pid, it is up when it writes
 * "running" to /local/domain/0/device-model/<domid>/state and answers
 * QMP.  Publishes the pty of serial port 0 (serial/0/tty) when it has
 * one.  On failure it is killed, and the message names the program and
 * quotes the last lines of its log.  Blocks up to 60 s.
 */
int libxl__dm_start(libxl__gc *gc, const struct libxl_domain_config *dc,
                    uint32_t domid);

/* A restored device model: its state file (given to QEMU as -incoming
 * fd:N, then removed) and the EMULATOR_XENSTORE_DATA record body (NULL:
 * none), written under its xenstore directory before it starts. */
struct libxl__dm_restore {
    const char *state_file;
    const uint8_t *xs_data;
    uint32_t xs_len;
};
int libxl__dm_start_restore(libxl__gc *gc,
                            const struct libxl_domain_config *dc,
                            uint32_t domid,
                            const struct libxl__dm_restore *r);

/* ---- save and restore of the device model (dm_save.c) ---- */

struct sr_io;
struct sr_rec;

/* Has domid a device model (its pid node)? */
bool libxl__dm_running(libxl__gc *gc, uint32_t domid);
/* <lib dir>/qemu-save.<domid> or qemu-resume.<domid> (arena string). */
char *libxl__dm_state_file(libxl__gc *gc, uint32_t domid, bool save);
/* QMP stop, then xen-save-devices-state into file; live (a migration,
 * as Xen's libxl says it): QEMU also lets go of its disk images for the
 * receiving QEMU, until a cont.  0 or -errno with a message. */
int libxl__dm_save_state(libxl__gc *gc, uint32_t domid, const char *file,
                         bool live);
/* QMP xen-set-global-dirty-log: while enabled QEMU reports the guest
 * memory it writes (DMA) to Xen's log-dirty bitmap, for pre-copy.  0 or
 * -errno with a message. */
int libxl__dm_dirty_log(libxl__gc *gc, uint32_t domid, bool enable);
/* QMP cont (after a cancelled suspend). */
int libxl__dm_cont(libxl__gc *gc, uint32_t domid);
/* Write EMULATOR_XENSTORE_DATA (if there are physmap nodes) and
 * EMULATOR_CONTEXT (file) to io. */
int libxl__dm_stream_write(libxl__gc *gc, uint32_t domid, const char *file,
                           struct sr_io *io);
/* Check an EMULATOR_XENSTORE_DATA record (qemu-xen, relative keys). */
int libxl__dm_xs_check(libxl__gc *gc, const struct sr_rec *r);
/* Write the nodes of a checked record body under domid's directory. */
int libxl__dm_xs_restore(libxl__gc *gc, uint32_t domid, const uint8_t *data,
                         uint32_t len);
/* EMULATOR_CONTEXT into <lib dir>/qemu-resume.<domid>; *file_out its
 * path (arena). */
int libxl__dm_state_restore(libxl__gc *gc, uint32_t domid,
                            const struct sr_rec *r, char **file_out);

/*
 * Kill the device model of domid (if it has one) and remove its xenstore
 * directory and QMP socket.  0 also when there was none.
 */
int libxl__dm_kill(libxl__gc *gc, uint32_t domid);

/* ---- QMP (qmp.c) ---- */

struct libxl__qmp;

/*
 * Connect to the QMP socket of domid's device model, read its greeting
 * and leave capabilities negotiation mode.  NULL with a message on
 * failure.  Close with libxl__qmp_close().
 */
struct libxl__qmp *libxl__qmp_open(libxl__gc *gc, uint32_t domid);
void libxl__qmp_close(struct libxl__qmp *q);

/*
 * Run cmd with arguments args (a JSON object text, or NULL) and wait up
 * to LIBXL__QMP_TIMEOUT_MS for its answer, skipping events.  On success
 * *ret (if not NULL) is the parsed answer's "return" member; it lives
 * until the next call or libxl__qmp_close().  A QMP error gives -EIO
 * with QEMU's description in the message.
 */
int libxl__qmp_call(struct libxl__qmp *q, const char *cmd, const char *args,
                    yajl_val *ret);

/*
 * *q: the open QMP connection of domid's device model (close it with
 * libxl__qmp_close).  -ESRCH (no domain), -ENOENT (no device model) or
 * the connection's failure, with a message.
 */
int libxl__dm_qmp_of(libxl__gc *gc, uint32_t domid, struct libxl__qmp **q);

/*
 * QMP "cont" to domid's device model, as Xen 4.17's libxl does before it
 * unpauses an HVM guest (QEMU may have been stopped, e.g. for a save).
 * 0 also when the domain has no device model; else -errno with a message.
 */
int libxl__dm_resume(libxl__gc *gc, uint32_t domid);

/* libxl__qmp_call that passes fd (SCM_RIGHTS) with the command, for
 * add-fd; fd stays open (the caller closes it). */
int libxl__qmp_call_fd(struct libxl__qmp *q, const char *cmd,
                       const char *args, int fd, yajl_val *ret);

/* A JSON string literal of s, quoted and escaped (arena string). */
char *libxl__json_quote(libxl__gc *gc, const char *s);

#endif
