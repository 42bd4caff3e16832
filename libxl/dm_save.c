/*
 * libxl device model, save and restore: QEMU's device state and its
 * xenstore nodes in libxl's stream v2 as Xen 4.17's libxl carries them --
 * QMP stop and xen-save-devices-state into a file, then the records
 * EMULATOR_XENSTORE_DATA (the physmap nodes under the device model's
 * directory, "key\0value\0" relative to it) and EMULATOR_CONTEXT (the
 * file), each after a sub-header naming the emulator (qemu-xen) and its
 * index; on restore the nodes go back before QEMU starts and the state
 * file is handed to it with -incoming.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dm_internal.h"
#include "sr_api.h"

#define EMU_QEMU_XEN 2U                /* emulator_id: qemu upstream */
#define EMU_HDR_LEN 8                  /* emulator_id, index */
#define EMU_STATE_MAX (64U << 20)      /* device state we accept */

static char *dm_dir(libxl__gc *gc, uint32_t domid)
{
    return libxl__sprintf(gc, "/local/domain/0/device-model/%u", domid);
}

char *libxl__dm_state_file(libxl__gc *gc, uint32_t domid, bool save)
{
    return libxl__sprintf(gc, "%s/qemu-%s.%u", libxl_lib_dir(gc->ctx),
                          save ? "save" : "resume", domid);
}

bool libxl__dm_running(libxl__gc *gc, uint32_t domid)
{
    char *pid = NULL;

    return !libxl__xs_read(gc, LIBXL__XBT_NULL, libxl__sprintf(
        gc, "/local/domain/%u/image/device-model-pid", domid), &pid);
}

int libxl__dm_save_state(libxl__gc *gc, uint32_t domid, const char *file,
                         bool live)
{
    struct libxl__qmp *q = NULL;
    int rc;

    rc = libxl__make_dirs(libxl_lib_dir(gc->ctx));
    if (rc)
        return libxl__seterr(gc->ctx, rc, "cannot create '%s': %s",
                             libxl_lib_dir(gc->ctx), strerror(-rc));
    unlink(file);
    rc = libxl__dm_qmp_of(gc, domid, &q);
    if (!rc)
        rc = libxl__qmp_call(q, "stop", NULL, NULL);
    if (!rc)
        rc = libxl__qmp_call(q, "xen-save-devices-state", libxl__sprintf(
                                 gc, "{\"filename\":%s,\"live\":%s}",
                                 libxl__json_quote(gc, file),
                                 live ? "true" : "false"), NULL);
    libxl__qmp_close(q);
    return rc;
}

int libxl__dm_dirty_log(libxl__gc *gc, uint32_t domid, bool enable)
{
    struct libxl__qmp *q = NULL;
    int rc = libxl__dm_qmp_of(gc, domid, &q);

    if (!rc)
        rc = libxl__qmp_call(q, "xen-set-global-dirty-log", enable ?
                             "{\"enable\":true}" : "{\"enable\":false}",
                             NULL);
    libxl__qmp_close(q);
    return rc;
}

int libxl__dm_cont(libxl__gc *gc, uint32_t domid)
{
    struct libxl__qmp *q = NULL;
    int rc = libxl__dm_qmp_of(gc, domid, &q);

    if (!rc)
        rc = libxl__qmp_call(q, "cont", NULL, NULL);
    libxl__qmp_close(q);
    return rc;
}

/* Append "key\0value\0" to *buf for every node below physmap. */
static int physmap(libxl__gc *gc, uint32_t domid, char **buf, size_t *len)
{
    char **ents = NULL, **keys = NULL, *key, *val, *p;
    unsigned n = 0, m, i, j;
    size_t kl, vl;

    if (libxl__xs_directory(gc, LIBXL__XBT_NULL, libxl__sprintf(
            gc, "%s/physmap", dm_dir(gc, domid)), &ents, &n))
        return 0;                      /* none: no record */
    for (i = 0; i < n; i++) {
        m = 0;
        libxl__xs_directory(gc, LIBXL__XBT_NULL, libxl__sprintf(
            gc, "%s/physmap/%s", dm_dir(gc, domid), ents[i]), &keys, &m);
        for (j = 0; j < m; j++) {
            key = libxl__sprintf(gc, "physmap/%s/%s", ents[i], keys[j]);
            if (libxl__xs_read(gc, LIBXL__XBT_NULL, libxl__sprintf(
                    gc, "%s/%s", dm_dir(gc, domid), key), &val))
                continue;
            kl = strlen(key) + 1;
            vl = strlen(val) + 1;
            p = realloc(*buf, *len + kl + vl);
            if (!p)
                return -ENOMEM;              /* the caller frees *buf */
            *buf = p;
            memcpy(*buf + *len, key, kl);
            memcpy(*buf + *len + kl, val, vl);
            *len += kl + vl;
        }
    }
    return 0;
}

/* The device state file, read whole (malloc'd). */
static int read_state(libxl__gc *gc, const char *file, char **buf,
                      size_t *len)
{
    struct stat st;
    ssize_t r;
    int fd = open(file, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return libxl__seterr(gc->ctx, -errno, "device model state '%s': "
                             "%s", file, strerror(errno));
    if (fstat(fd, &st) || st.st_size > EMU_STATE_MAX) {
        close(fd);
        return libxl__seterr(gc->ctx, -EFBIG, "device model state '%s' is "
                             "unreadable or too large", file);
    }
    *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    r = *buf ? read(fd, *buf, (size_t)st.st_size) : -1;
    close(fd);
    if (r != st.st_size)
        return libxl__seterr(gc->ctx, -EIO, "cannot read '%s'", file);
    *len = (size_t)st.st_size;
    return 0;
}

int libxl__dm_stream_write(libxl__gc *gc, uint32_t domid, const char *file,
                           struct sr_io *io)
{
    uint32_t hdr[2] = { EMU_QEMU_XEN, 0 };
    char *xs = NULL, *state = NULL;
    size_t xs_len = 0, state_len = 0;
    int rc;

    rc = physmap(gc, domid, &xs, &xs_len);
    if (rc)
        rc = libxl__seterr(gc->ctx, rc, "out of memory");
    if (!rc && xs_len && (rc = sr_rec_write(io, SR_LIBXL_EMULATOR_XENSTORE_DATA,
                                            hdr, sizeof(hdr), xs, xs_len)))
        libxl__seterr(gc->ctx, rc, "%s", io->err->msg);
    if (!rc)
        rc = read_state(gc, file, &state, &state_len);
    if (!rc && (rc = sr_rec_write(io, SR_LIBXL_EMULATOR_CONTEXT, hdr,
                                  sizeof(hdr), state, state_len)))
        libxl__seterr(gc->ctx, rc, "%s", io->err->msg);
    free(xs);
    free(state);
    return rc;
}

/* The emulator sub-header of r: qemu-xen, index 0. */
static int emu_hdr(libxl__gc *gc, const struct sr_rec *r)
{
    uint32_t hdr[2];
    char where[160];

    sr_rec_where(SR_LAYER_LIBXL, r, where, sizeof(where));
    if (r->len < EMU_HDR_LEN)
        return libxl__seterr(gc->ctx, -EINVAL, "%s: shorter than its "
                             "emulator header", where);
    memcpy(hdr, r->body, sizeof(hdr));
    if (hdr[0] != EMU_QEMU_XEN || hdr[1] != 0)
        return libxl__seterr(gc->ctx, -EOPNOTSUPP, "%s: emulator %u index "
                             "%u (only qemu-xen, 2, index 0, is supported)",
                             where, hdr[0], hdr[1]);
    return 0;
}

int libxl__dm_xs_check(libxl__gc *gc, const struct sr_rec *r)
{
    const char *p, *end = (const char *)r->body + r->len;
    char where[160];
    int rc = emu_hdr(gc, r), i;

    sr_rec_where(SR_LAYER_LIBXL, r, where, sizeof(where));
    for (p = (const char *)r->body + EMU_HDR_LEN; !rc && p < end;) {
        for (i = 0; i < 2 && !rc; i++) {
            const char *nul = memchr(p, 0, (size_t)(end - p));

            if (!nul || (i == 0 && (p == nul || *p == '/' ||
                                    strstr(p, ".."))))
                rc = libxl__seterr(gc->ctx, -EINVAL, "%s: a key or value "
                                   "that is empty, absolute or not "
                                   "NUL-terminated", where);
            else
                p = nul + 1;
        }
    }
    return rc;
}

int libxl__dm_xs_restore(libxl__gc *gc, uint32_t domid, const uint8_t *data,
                         uint32_t len)
{
    const char *p = (const char *)data + EMU_HDR_LEN, *end;
    const char *key, *val;
    int rc = 0;

    if (!data)
        return 0;
    end = (const char *)data + len;
    while (!rc && p < end) {
        key = p;
        val = key + strlen(key) + 1;
        p = val + strlen(val) + 1;
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL, libxl__sprintf(
                                 gc, "%s/%s", dm_dir(gc, domid), key), val);
    }
    return rc ? libxl__seterr(gc->ctx, rc, "cannot write the device "
                              "model's xenstore nodes: %s", strerror(-rc))
              : 0;
}

int libxl__dm_state_restore(libxl__gc *gc, uint32_t domid,
                            const struct sr_rec *r, char **file_out)
{
    char *file = libxl__dm_state_file(gc, domid, false);
    size_t n = r->len - EMU_HDR_LEN;
    int rc = emu_hdr(gc, r), fd;

    if (rc)
        return rc;
    rc = libxl__make_dirs(libxl_lib_dir(gc->ctx));
    fd = rc ? -1 : open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        0600);
    if (fd < 0)
        return libxl__seterr(gc->ctx, -errno, "cannot create '%s': %s",
                             file, strerror(errno));
    if (write(fd, r->body + EMU_HDR_LEN, n) != (ssize_t)n)
        rc = libxl__seterr(gc->ctx, -EIO, "cannot write '%s'", file);
    if (close(fd) && !rc)
        rc = libxl__seterr(gc->ctx, -EIO, "cannot write '%s'", file);
    if (rc)
        unlink(file);
    else
        *file_out = file;
    return rc;
}
