/*
 * libxl: the generic PV device layer (device_internal.h): frontend,
 * backend and private xenstore directories, the split-driver handshake
 * with time limits, removal and forced teardown of a domain's devices.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "device_internal.h"
#include "nic_internal.h"

/* Kinds with host resources to release (vif adds its ops here). */
static const struct libxl__device_ops *const kind_ops[] = {
    &libxl__vbd_ops,
    &libxl__nic_ops,
    NULL,
};

char *libxl__device_frontend_path(libxl__gc *gc,
                                  const struct libxl__device *dev)
{
    return libxl__sprintf(gc, "/local/domain/%u/device/%s/%d", dev->domid,
                          dev->kind, dev->devid);
}

char *libxl__device_backend_path(libxl__gc *gc,
                                 const struct libxl__device *dev)
{
    return libxl__sprintf(gc, "/local/domain/%u/backend/%s/%u/%d",
                          dev->backend_domid, dev->backend_kind, dev->domid,
                          dev->devid);
}

char *libxl__device_libxl_path(libxl__gc *gc,
                               const struct libxl__device *dev)
{
    return libxl__sprintf(gc, "/libxl/%u/device/%s/%d", dev->domid,
                          dev->kind, dev->devid);
}

/* Where a Linux backend driver reports errors (xenbus_dev_error). */
static char *error_path(libxl__gc *gc, const struct libxl__device *dev)
{
    return libxl__sprintf(gc, "/local/domain/%u/error/backend/%s/%u/%d",
                          dev->backend_domid, dev->backend_kind, dev->domid,
                          dev->devid);
}

const char *libxl__xenbus_state_name(int state)
{
    static const char *const names[] = {
        "Unknown", "Initialising", "InitWait", "Initialised", "Connected",
        "Closing", "Closed", "Reconfiguring", "Reconfigured",
    };

    if (state < 0 || state >= (int)(sizeof(names) / sizeof(names[0])))
        return "unknown";
    return names[state];
}

char *libxl__device_backend_read(libxl__gc *gc,
                                 const struct libxl__device *dev,
                                 const char *key)
{
    char *v;

    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__sprintf(gc, "%s/%s",
                                      libxl__device_backend_path(gc, dev),
                                      key), &v))
        return NULL;
    return v;
}

/* Write each key/value of kv below dir with the given permissions. */
static int write_kv(libxl__gc *gc, uint32_t t, const char *dir,
                    const char *const *kv, uint32_t owner, int reader)
{
    int rc = 0;

    for (; kv && kv[0] && !rc; kv += 2)
        rc = libxl__xs_mknode(gc, t, libxl__sprintf(gc, "%s/%s", dir, kv[0]),
                              kv[1] ? kv[1] : "", owner, reader);
    return rc;
}

static int add_tx(libxl__gc *gc, uint32_t t, const struct libxl__device *dev,
                  const char *const *back, const char *const *front)
{
    char *fe = libxl__device_frontend_path(gc, dev);
    char *be = libxl__device_backend_path(gc, dev);
    char *lp = libxl__device_libxl_path(gc, dev);
    char domid[16], beid[16], *v;
    const char *const fe_gen[] = { "backend", be, "backend-id", beid,
                                   "state", "1", NULL };
    const char *const be_gen[] = { "frontend", fe, "frontend-id", domid,
                                   "online", "1", "state", "1", NULL };
    const char *const lp_gen[] = { "frontend", fe, "backend", be, NULL };
    uint32_t bed = dev->backend_domid, fed = dev->domid;
    int rc;

    snprintf(domid, sizeof(domid), "%u", fed);
    snprintf(beid, sizeof(beid), "%u", bed);
    if (!libxl__xs_read(gc, t, lp, &v))
        return -EEXIST;
    /* Leftovers of an earlier device the guest or backend kept. */
    libxl__xs_rm(gc, t, fe);
    libxl__xs_rm(gc, t, be);
    libxl__xs_rm(gc, t, error_path(gc, dev));
    rc = libxl__xs_mknode(gc, t, lp, NULL, 0, -1);
    rc = rc ? rc : write_kv(gc, t, lp, lp_gen, 0, -1);
    rc = rc ? rc : write_kv(gc, t, lp, back, 0, -1);
    rc = rc ? rc : libxl__xs_mknode(gc, t, fe, NULL, fed, (int)bed);
    rc = rc ? rc : write_kv(gc, t, fe, fe_gen, fed, (int)bed);
    rc = rc ? rc : write_kv(gc, t, fe, front, fed, (int)bed);
    rc = rc ? rc : libxl__xs_mknode(gc, t, be, NULL, bed, (int)fed);
    rc = rc ? rc : write_kv(gc, t, be, be_gen, bed, (int)fed);
    rc = rc ? rc : write_kv(gc, t, be, back, bed, (int)fed);
    return rc;
}

int libxl__device_add_xs(libxl__gc *gc, const struct libxl__device *dev,
                         const char *const *back, const char *const *front)
{
    uint32_t t;
    int rc;

    for (;;) {
        rc = libxl__xs_transaction_start(gc, &t);
        if (rc)
            break;
        rc = add_tx(gc, t, dev, back, front);
        if (rc) {
            libxl__xs_transaction_end(gc, t, true);
            break;
        }
        rc = libxl__xs_transaction_end(gc, t, false);
        if (rc != -EAGAIN)
            break;
    }
    if (rc == -EEXIST)
        return libxl__seterr(gc->ctx, rc, "%s: domain %u already has a %s "
                             "device %d", dev->what, dev->domid, dev->kind,
                             dev->devid);
    if (rc)
        return libxl__seterr(gc->ctx, rc, "%s: cannot write xenstore: %s",
                             dev->what, strerror(-rc));
    return 0;
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The backend's own words about a failure, or "" (arena string). */
static const char *backend_error(libxl__gc *gc,
                                 const struct libxl__device *dev)
{
    char *v;

    if (!libxl__xs_read(gc, LIBXL__XBT_NULL,
                        libxl__sprintf(gc, "%s/error", error_path(gc, dev)),
                        &v) && *v)
        return libxl__sprintf(gc, ": %s", v);
    v = libxl__device_backend_read(gc, dev, "hotplug-error");
    if (v && *v)
        return libxl__sprintf(gc, ": %s", v);
    return "";
}

/* Backend state, -ENOENT if its directory went, -EINVAL if unreadable. */
static int backend_state(libxl__gc *gc, const struct libxl__device *dev)
{
    char *v = libxl__device_backend_read(gc, dev, "state"), *end;
    long s;

    if (!v)
        return -ENOENT;
    s = strtol(v, &end, 10);
    if (*end || end == v || s < 0 || s > 8)
        return -EINVAL;
    return (int)s;
}

/* 1 if state s satisfies the wait for want, 0 to go on, <0 failed. */
static int state_check(int s, int want)
{
    if (s < 0)
        return s;
    if (s == want)
        return 1;
    if (want < LIBXL__XENBUS_CLOSING) {
        if (s >= LIBXL__XENBUS_CLOSING && s <= LIBXL__XENBUS_CLOSED)
            return -EIO;
        return s > want ? 1 : 0;
    }
    return 0;
}

int libxl__device_wait_backend(libxl__gc *gc, const struct libxl__device *dev,
                               int state, int timeout_ms)
{
    char *path = libxl__sprintf(gc, "%s/state",
                                libxl__device_backend_path(gc, dev));
    char *token = libxl__sprintf(gc, "dev-wait-%p", (void *)dev);
    int64_t end = now_ms() + timeout_ms, left;
    int rc, s = -ENOENT;

    rc = libxl__xs_watch(gc, path, token);
    if (rc)
        return libxl__seterr(gc->ctx, rc, "%s: cannot watch '%s': %s",
                             dev->what, path, strerror(-rc));
    for (;;) {
        s = backend_state(gc, dev);
        rc = state_check(s, state);
        if (rc)
            break;
        left = end - now_ms();
        if (left <= 0) {
            rc = -ETIMEDOUT;
            break;
        }
        rc = libxl__xs_wait_event(gc, (int)left);
        if (rc && rc != -ETIMEDOUT)
            break;
    }
    libxl__xs_unwatch(gc, path, token);
    if (rc == 1)
        return 0;
    if (rc == -ENOENT)
        return libxl__seterr(gc->ctx, rc, "%s: backend %s went away while "
                             "waiting for state %d (%s)", dev->what,
                             libxl__device_backend_path(gc, dev), state,
                             libxl__xenbus_state_name(state));
    if (rc == -ETIMEDOUT)
        return libxl__seterr(gc->ctx, rc, "%s: backend %s still in state %d "
                             "(%s) after %d s, waiting for %d (%s)%s",
                             dev->what, libxl__device_backend_path(gc, dev),
                             s, libxl__xenbus_state_name(s),
                             timeout_ms / 1000, state,
                             libxl__xenbus_state_name(state),
                             backend_error(gc, dev));
    return libxl__seterr(gc->ctx, rc, "%s: backend %s in state %d (%s) "
                         "while waiting for %d (%s)%s", dev->what,
                         libxl__device_backend_path(gc, dev), s,
                         libxl__xenbus_state_name(s), state,
                         libxl__xenbus_state_name(state),
                         backend_error(gc, dev));
}

static const struct libxl__device_ops *ops_of(const char *kind)
{
    size_t i;

    for (i = 0; kind_ops[i]; i++)
        if (!strcmp(kind_ops[i]->kind, kind))
            return kind_ops[i];
    return NULL;
}

/* Ask the backend to close; force also takes the frontend away. */
static int close_tx(libxl__gc *gc, uint32_t t, const struct libxl__device *dev,
                    bool force)
{
    char *be = libxl__device_backend_path(gc, dev);
    int rc;

    rc = libxl__xs_write(gc, t, libxl__sprintf(gc, "%s/online", be), "0");
    if (!rc && backend_state(gc, dev) != LIBXL__XENBUS_CLOSED)
        rc = libxl__xs_write(gc, t, libxl__sprintf(gc, "%s/state", be), "5");
    if (!rc && force)
        libxl__xs_rm(gc, t, libxl__device_frontend_path(gc, dev));
    return rc;
}

/* Remove path, then its parents while they are empty, `levels' up. */
static void rm_up(libxl__gc *gc, uint32_t t, char *path, int levels)
{
    char **names, *slash;
    unsigned n;

    libxl__xs_rm(gc, t, path);
    while (levels-- > 0 && (slash = strrchr(path, '/')) && slash != path) {
        *slash = '\0';
        if (libxl__xs_directory(gc, t, path, &names, &n) || n)
            break;
        libxl__xs_rm(gc, t, path);
    }
}

static int rm_tx(libxl__gc *gc, uint32_t t, const struct libxl__device *dev,
                 bool unused)
{
    (void)unused;
    /* .../device/<kind>; backend/<kind>/<domid>; error/backend/...;
     * /libxl/<domid>/device/<kind>. */
    rm_up(gc, t, libxl__device_frontend_path(gc, dev), 1);
    rm_up(gc, t, libxl__device_backend_path(gc, dev), 3);
    rm_up(gc, t, error_path(gc, dev), 4);
    rm_up(gc, t, libxl__device_libxl_path(gc, dev), 1);
    return 0;
}

typedef int (*dev_tx_fn)(libxl__gc *gc, uint32_t t,
                         const struct libxl__device *dev, bool force);

static int in_tx(libxl__gc *gc, const struct libxl__device *dev, bool force,
                 dev_tx_fn fn)
{
    uint32_t t;
    int rc;

    for (;;) {
        rc = libxl__xs_transaction_start(gc, &t);
        if (rc)
            return rc;
        rc = fn(gc, t, dev, force);
        if (rc) {
            libxl__xs_transaction_end(gc, t, true);
            return rc;
        }
        rc = libxl__xs_transaction_end(gc, t, false);
        if (rc != -EAGAIN)
            return rc;
    }
}

static int do_remove(libxl__gc *gc, const struct libxl__device *dev,
                     bool force, bool fallback)
{
    const struct libxl__device_ops *ops = ops_of(dev->kind);
    libxl_ctx *ctx = gc->ctx;
    char *v, saved[sizeof(ctx->errmsg)];
    int rc = 0, r, st;

    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__device_libxl_path(gc, dev), &v))
        return libxl__seterr(ctx, -ENOENT, "%s: domain %u has no %s device "
                             "%d", dev->what, dev->domid, dev->kind,
                             dev->devid);
    saved[0] = '\0';
    /* Forced and never probed (state 1): no driver to wait for; a Linux
     * backend probing meanwhile lets go when its directory goes. */
    st = backend_state(gc, dev);
    if (st > LIBXL__XENBUS_INITIALISING ||
        (st == LIBXL__XENBUS_INITIALISING && !force)) {
        rc = in_tx(gc, dev, force, close_tx);
        if (!rc)
            rc = libxl__device_wait_backend(gc, dev, LIBXL__XENBUS_CLOSED,
                                            LIBXL__DEVICE_DESTROY_TIMEOUT_MS);
        if (rc == -ENOENT)
            rc = 0;                      /* the backend removed itself */
        if (rc == -ETIMEDOUT && !force && !fallback) {
            libxl__seterr(ctx, rc, "%s: the guest did not release it "
                          "within %d s (backend %s in state %d); force "
                          "removal to take it away", dev->what,
                          LIBXL__DEVICE_DESTROY_TIMEOUT_MS / 1000,
                          libxl__device_backend_path(gc, dev),
                          backend_state(gc, dev));
            return rc;                   /* as Xen's safe remove: stays */
        }
        if (rc && !force) {
            /* As Xen: the guest did not let go, take it away. */
            in_tx(gc, dev, true, close_tx);
            rc = libxl__device_wait_backend(gc, dev, LIBXL__XENBUS_CLOSED,
                                            LIBXL__DEVICE_DESTROY_TIMEOUT_MS);
            if (rc == -ENOENT)
                rc = 0;
        }
        if (rc)
            memcpy(saved, ctx->errmsg, sizeof(saved));
    }
    if (ops && ops->release) {
        r = ops->release(gc, dev);
        if (r && !rc) {
            rc = r;
            memcpy(saved, ctx->errmsg, sizeof(saved));
        }
    }
    r = in_tx(gc, dev, force, rm_tx);
    if (r && !rc) {
        rc = libxl__seterr(ctx, r, "%s: cannot remove its xenstore nodes: %s",
                           dev->what, strerror(-r));
        memcpy(saved, ctx->errmsg, sizeof(saved));
    }
    if (rc)
        memcpy(ctx->errmsg, saved, sizeof(saved));
    return rc;
}

int libxl__device_remove(libxl__gc *gc, const struct libxl__device *dev,
                         bool force)
{
    return do_remove(gc, dev, force, true);
}

int libxl__device_safe_remove(libxl__gc *gc, const struct libxl__device *dev)
{
    return do_remove(gc, dev, false, false);
}

int libxl__device_read_int(libxl__gc *gc, const char *dir, const char *key)
{
    char *v, *end;
    long n;

    if (!dir || libxl__xs_read(gc, LIBXL__XBT_NULL,
                               libxl__sprintf(gc, "%s/%s", dir, key), &v))
        return -1;
    n = strtol(v, &end, 10);
    return end == v || *end || n < 0 || n > 0x7fffffff ? -1 : (int)n;
}

char *libxl__device_read_str(libxl__gc *gc, const char *dir, const char *key)
{
    char *v;

    if (!dir || libxl__xs_read(gc, LIBXL__XBT_NULL,
                               libxl__sprintf(gc, "%s/%s", dir, key), &v))
        return NULL;
    return libxl__xstrdup(v);
}

int libxl__device_lookup(libxl__gc *gc, uint32_t domid, const char *kind,
                         int devid, const char *what,
                         struct libxl__device *dev)
{
    char *be, *lp = libxl__sprintf(gc, "/libxl/%u/device/%s/%d", domid, kind,
                                   devid);
    char bekind[64];
    unsigned bedom, fedom;
    int id, n = 0;

    memset(dev, 0, sizeof(*dev));
    dev->what = what ? what : libxl__sprintf(gc, "%s %d", kind, devid);
    if (libxl__xs_read(gc, LIBXL__XBT_NULL,
                       libxl__sprintf(gc, "%s/backend", lp), &be))
        return libxl__seterr(gc->ctx, -ENOENT, "%s: domain %u has no %s "
                             "device %d", dev->what, domid, kind, devid);
    if (sscanf(be, "/local/domain/%u/backend/%63[^/]/%u/%d%n", &bedom,
               bekind, &fedom, &id, &n) != 4 || be[n] || fedom != domid ||
        id != devid)
        return libxl__seterr(gc->ctx, -EINVAL, "%s: invalid backend path "
                             "'%s' in %s", dev->what, be, lp);
    dev->kind = libxl__strdup(gc, kind);
    dev->backend_kind = libxl__strdup(gc, bekind);
    dev->domid = domid;
    dev->backend_domid = bedom;
    dev->devid = devid;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

int libxl__device_list(libxl__gc *gc, uint32_t domid, const char *kind,
                       int **devids, unsigned *n)
{
    char **names, *end;
    unsigned i, count = 0, m = 0;
    long v;
    int rc, *ids;

    rc = libxl__xs_directory(gc, LIBXL__XBT_NULL,
                             libxl__sprintf(gc, "/libxl/%u/device/%s", domid,
                                            kind), &names, &count);
    if (rc == -ENOENT)
        count = 0;
    else if (rc)
        return libxl__seterr(gc->ctx, rc, "domain %u: cannot list %s "
                             "devices: %s", domid, kind, strerror(-rc));
    ids = libxl__zalloc(gc, sizeof(int) * (count + 1));
    for (i = 0; i < count; i++) {
        v = strtol(names[i], &end, 10);
        if (*end || end == names[i] || v < 0 || v > 0x7fffffff)
            continue;
        ids[m++] = (int)v;
    }
    qsort(ids, m, sizeof(int), cmp_int);
    *devids = ids;
    *n = m;
    return 0;
}

int libxl__devices_destroy(libxl__gc *gc, uint32_t domid)
{
    libxl_ctx *ctx = gc->ctx;
    char **kinds, saved[sizeof(ctx->errmsg)];
    unsigned nk = 0, k, n, i;
    struct libxl__device dev;
    int first = 0, rc, *ids;

    if (libxl__xs_directory(gc, LIBXL__XBT_NULL,
                            libxl__sprintf(gc, "/libxl/%u/device", domid),
                            &kinds, &nk))
        return 0;                        /* no devices */
    saved[0] = '\0';
    for (k = 0; k < nk; k++) {
        if (libxl__device_list(gc, domid, kinds[k], &ids, &n))
            continue;
        for (i = 0; i < n; i++) {
            rc = libxl__device_lookup(gc, domid, kinds[k], ids[i], NULL,
                                      &dev);
            if (!rc)
                rc = libxl__device_remove(gc, &dev, true);
            else                         /* unusable copy: drop it */
                libxl__xs_rm(gc, LIBXL__XBT_NULL,
                             libxl__sprintf(gc, "/libxl/%u/device/%s/%d",
                                            domid, kinds[k], ids[i]));
            if (rc && !first) {
                first = rc;
                memcpy(saved, ctx->errmsg, sizeof(saved));
            }
        }
    }
    libxl__xs_rm(gc, LIBXL__XBT_NULL,
                 libxl__sprintf(gc, "/libxl/%u/device", domid));
    if (first)
        memcpy(ctx->errmsg, saved, sizeof(saved));
    return first;
}
