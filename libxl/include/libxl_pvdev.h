/*
 * libxl_pvdev.h: the channels and virtual keyboards (vkb) of a domain, as
 * xl channel-list, vkb-list, vkb-attach and vkb-detach use them.  Same
 * conventions as libxl.h: 0 or -errno, message in libxl_errmsg().
 *
 * In Xen 4.17 both are served in Dom0 by a QEMU the toolstack starts for
 * the guest; this toolstack starts none, so it makes no channel or vkb
 * (xl create refuses channel= and vkb=, libxl_device_vkb_add says why).
 * The lists read what is in xenstore, in Xen 4.17's layout (a domain
 * made by another toolstack may have them); removal works on those.
 */
#ifndef LIBXL_PVDEV_H
#define LIBXL_PVDEV_H

#include "libxl.h"
#include "libxl_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_HAVE_PVDEV_LIST 1

/* One channel: a PV console with a name (/libxl/<domid>/device/console/
 * <n> with a name node; the primary console is not one).  Numbers the
 * frontend has not written are -1. */
struct libxl_channelinfo {
    int devid;                  /* 0, 1, ... in xenstore's order */
    char *name;
    int connection;             /* enum libxl_channel_connection */
    char *path;                 /* socket path (connection=socket) */
    int backend_id;
    char *backend;              /* backend directory */
    int state, evtch, rref;     /* frontend's state, port, ring-ref */
    char *pty;                  /* frontend tty node (connection=pty) */
};

/* The channels of domid: malloc'd array (none: NULL and 0), free with
 * libxl_channelinfo_list_free.  -ESRCH if there is no such domain. */
LIBXL_API int libxl_channel_list(libxl_ctx *ctx, uint32_t domid,
                                 struct libxl_channelinfo **list, int *n);
LIBXL_API void libxl_channelinfo_list_free(struct libxl_channelinfo *list,
                                           int n);

/* One virtual keyboard/pointer (/libxl/<domid>/device/vkbd/<devid>). */
struct libxl_vkbinfo {
    int devid;
    int backend_id;
    int backend_type;           /* enum libxl_vkb_backend: by the backend
                                   directory, vkbd (qemu) or vinput */
    char *backend;              /* backend directory */
    char *unique_id;            /* backend's unique-id, NULL if none */
    int state, evtch, rref;     /* frontend's state, event-channel,
                                   page-gref */
};

/* The vkbs of domid, as libxl_channel_list. */
LIBXL_API int libxl_vkb_list(libxl_ctx *ctx, uint32_t domid,
                             struct libxl_vkbinfo **list, int *n);
LIBXL_API void libxl_vkbinfo_list_free(struct libxl_vkbinfo *list, int n);

/* Add a vkb: -EOPNOTSUPP with the reason (its backend is QEMU's or a
 * user-space one, neither of which this toolstack starts); nothing is
 * written. */
LIBXL_API int libxl_device_vkb_add(libxl_ctx *ctx, uint32_t domid,
                                   const struct libxl_device_vkb *vkb);

/* Remove vkb devid of domid as Xen's libxl does: the guest is asked to
 * let go (10 s), then it is taken away; its nodes go.  -ENOENT if there
 * is no such vkb. */
LIBXL_API int libxl_device_vkb_remove(libxl_ctx *ctx, uint32_t domid,
                                      int devid);

#ifdef __cplusplus
}
#endif
#endif
