/*
 * libxl: the generic PV device layer every device kind (vbd, vif, ...)
 * builds on (device.c, device_hotplug.c).  reference.md 4.6.
 *
 * A device is identified by struct libxl__device: the guest (frontend)
 * domain, the backend domain, the kinds and the devid.  Its nodes:
 *   frontend  /local/domain/<domid>/device/<kind>/<devid>
 *             owned by the guest, readable by the backend domain
 *   backend   /local/domain/<be>/backend/<backend_kind>/<domid>/<devid>
 *             owned by the backend domain, readable by the guest
 *   private   /libxl/<domid>/device/<kind>/<devid>
 *             Dom0 only: frontend and backend paths plus a copy of the
 *             backend entries.  Teardown trusts only this copy, never
 *             what the guest can write.
 *
 * Adding a device (what a kind's add function does):
 *   1. libxl__device_add_xs(): all three directories in one transaction,
 *      both states 1 (Initialising), backend online=1.  -EEXIST if the
 *      devid is taken.
 *   2. libxl__device_wait_backend(.., XenbusStateInitWait, ..): the
 *      backend driver probed the device.
 *   3. optionally libxl__device_hotplug(.., "add"/"online", ..) runs a
 *      script= with the environment Xen's hotplug scripts expect.
 * The guest's frontend connects later (after unpause); nothing waits
 * for that.  If a step fails, the kind calls libxl__device_remove(..,
 * true) so nothing is left behind.
 *
 * Removing: libxl__device_remove() writes online=0 and state=5
 * (Closing) to the backend, waits for 6 (Closed), falls back to forced
 * removal on timeout (as Xen does), runs the kind's release hook (free
 * the loop device, run the script's remove, ...) and removes the three
 * directories.  force=true does not wait for the guest: it removes the
 * frontend directory at once (a Linux backend then unregisters).
 * libxl__devices_destroy() does that for every device of a domain; it is
 * part of libxl_domain_destroy and of the undo of a failed create.
 *
 * A kind with host resources to release registers a struct
 * libxl__device_ops in the table in device.c.
 *
 * All functions return 0 or -errno with a message on the ctx naming the
 * device (dev->what), the state seen and the backend's error node.  They
 * block (up to the timeouts below) and take no locks.
 */
#ifndef LIBXL_DEVICE_INTERNAL_H
#define LIBXL_DEVICE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "libxl_internal.h"

/* XenbusState (xen/io/xenbus.h). */
#define LIBXL__XENBUS_INITIALISING 1
#define LIBXL__XENBUS_INITWAIT 2
#define LIBXL__XENBUS_INITIALISED 3
#define LIBXL__XENBUS_CONNECTED 4
#define LIBXL__XENBUS_CLOSING 5
#define LIBXL__XENBUS_CLOSED 6

/* Time limits of Xen 4.17's libxl (LIBXL_INIT_TIMEOUT etc.), in ms. */
#define LIBXL__DEVICE_INIT_TIMEOUT_MS 10000
#define LIBXL__DEVICE_HOTPLUG_TIMEOUT_MS 40000
#define LIBXL__DEVICE_DESTROY_TIMEOUT_MS 10000

struct libxl__device {
    const char *kind;            /* frontend and /libxl kind: "vbd" */
    const char *backend_kind;    /* backend directory: "vbd", "qdisk" */
    uint32_t domid;              /* the guest */
    uint32_t backend_domid;
    int devid;
    const char *what;            /* for messages: "disk 'xvda'" */
};

/* Release what a kind's add made on the host (loop device, script
 * "remove", ...).  Called once the backend is closed or given up on,
 * while the nodes (and the /libxl copy) still exist.  Best effort: an
 * error is reported but removal goes on. */
struct libxl__device_ops {
    const char *kind;
    int (*release)(libxl__gc *gc, const struct libxl__device *dev);
};

/* The kinds' ops (vbd.c, ...), listed in device.c. */
extern const struct libxl__device_ops libxl__vbd_ops;

/* Paths (arena strings). */
char *libxl__device_frontend_path(libxl__gc *gc,
                                  const struct libxl__device *dev);
char *libxl__device_backend_path(libxl__gc *gc,
                                 const struct libxl__device *dev);
char *libxl__device_libxl_path(libxl__gc *gc,
                               const struct libxl__device *dev);

/* "Closed", "InitWait", ... or "unknown". */
const char *libxl__xenbus_state_name(int state);

/*
 * Write the device's three directories in one transaction.  back and
 * front are NULL-terminated arrays of alternating keys and values
 * (relative to the directory); the generic entries (frontend,
 * frontend-id, online, state / backend, backend-id, state) are added
 * here.  -EEXIST if the device already exists.
 */
int libxl__device_add_xs(libxl__gc *gc, const struct libxl__device *dev,
                         const char *const *back, const char *const *front);

/* Node dir/key as a number >= 0; -1 when dir is NULL or the node is
 * missing or not such a number. */
int libxl__device_read_int(libxl__gc *gc, const char *dir, const char *key);
/* Node dir/key, malloc'd (the caller frees); NULL when dir is NULL or the
 * node is missing. */
char *libxl__device_read_str(libxl__gc *gc, const char *dir,
                             const char *key);

/* Read a node of the backend directory, NULL if it is missing. */
char *libxl__device_backend_read(libxl__gc *gc,
                                 const struct libxl__device *dev,
                                 const char *key);

/*
 * Wait until the backend state is `state' (or beyond it but still
 * working: Connected satisfies InitWait).  -ETIMEDOUT after timeout_ms,
 * -EIO if the backend closes or reports an error, -ENOENT if its
 * directory goes.  The message names the device, the state seen and the
 * backend's error node (or hotplug-error).
 */
int libxl__device_wait_backend(libxl__gc *gc, const struct libxl__device *dev,
                               int state, int timeout_ms);

/*
 * Run a hotplug script as Xen's libxl does: argv = { script, action,
 * extra_args... }, environment script=, XENBUS_TYPE=<backend kind>,
 * XENBUS_PATH=backend/<kind>/<domid>/<devid>, XENBUS_BASE_PATH=backend
 * plus extra_env (alternating names and values, NULL-terminated; may be
 * NULL).  A relative script name is looked up in the Xen script dir.
 * The script runs in its own process group without our descriptors
 * (hotplug_run.h).  Waits up to timeout_ms, then kills the group.  Non-zero exit: -EIO with the script's
 * hotplug-error node (or its exit status) in the message.
 */
int libxl__device_hotplug(libxl__gc *gc, const struct libxl__device *dev,
                          const char *script, const char *action,
                          const char *const *extra_args,
                          const char *const *extra_env, int timeout_ms);
/* Absolute path of a script= value (arena string). */
char *libxl__device_script_path(libxl__gc *gc, const char *script);

/* Remove one device (see above).  -ENOENT if it does not exist. */
int libxl__device_remove(libxl__gc *gc, const struct libxl__device *dev,
                         bool force);

/* Xen's "safe remove" (xl block-detach without -f): as above, but if
 * the guest does not close within the time limit, -ETIMEDOUT and the
 * device stays as it is. */
int libxl__device_safe_remove(libxl__gc *gc, const struct libxl__device *dev);

/* Fill dev from /libxl/<domid>/device/<kind>/<devid> (the trusted copy):
 * backend domain and kind.  dev->what is set to "<kind> <devid>" unless
 * what is given.  -ENOENT if there is no such device. */
int libxl__device_lookup(libxl__gc *gc, uint32_t domid, const char *kind,
                         int devid, const char *what,
                         struct libxl__device *dev);

/* devids of a kind in /libxl/<domid>/device/<kind>, sorted (arena). */
int libxl__device_list(libxl__gc *gc, uint32_t domid, const char *kind,
                       int **devids, unsigned *n);

/* Forced removal of every device of domid (destroy, failed create).
 * Goes on after errors; returns the first. */
int libxl__devices_destroy(libxl__gc *gc, uint32_t domid);

#endif
