/*
 * libxl: running a device's hotplug script (script= of a disk or vif)
 * with the arguments and environment Xen's libxl gives them
 * (libxl_linux.c): argv { script, action, ... }, script=, XENBUS_TYPE,
 * XENBUS_PATH, XENBUS_BASE_PATH.  What the script prints is kept for the
 * error message, never printed; hotplug_run.c runs the process.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "device_internal.h"
#include "hotplug_run.h"

#define OUT_KEEP 512

char *libxl__device_script_path(libxl__gc *gc, const char *script)
{
    if (script[0] == '/')
        return libxl__strdup(gc, script);
    return libxl__sprintf(gc, "%s/scripts/%s", gc->ctx->config_dir, script);
}

/* Last non-empty line of s (in place). */
static const char *last_line(char *s)
{
    char *e = s + strlen(s), *b;

    while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' '))
        *--e = '\0';
    b = strrchr(s, '\n');
    return b ? b + 1 : s;
}

int libxl__device_hotplug(libxl__gc *gc, const struct libxl__device *dev,
                          const char *script, const char *action,
                          const char *const *extra_args,
                          const char *const *extra_env, int timeout_ms)
{
    char *path = libxl__device_script_path(gc, script);
    const char *env[32];
    char *argv[16], out[OUT_KEEP + 1], *herr;
    size_t na = 0, ne = 0;
    int rc;

    argv[na++] = path;
    argv[na++] = (char *)action;
    for (; extra_args && *extra_args && na < 15; extra_args++)
        argv[na++] = (char *)*extra_args;
    argv[na] = NULL;
    env[ne++] = "script";
    env[ne++] = path;
    env[ne++] = "XENBUS_TYPE";
    env[ne++] = dev->backend_kind;
    env[ne++] = "XENBUS_PATH";
    env[ne++] = libxl__sprintf(gc, "backend/%s/%u/%d", dev->backend_kind,
                               dev->domid, dev->devid);
    env[ne++] = "XENBUS_BASE_PATH";
    env[ne++] = "backend";
    for (; extra_env && extra_env[0] && ne < 30; extra_env += 2) {
        env[ne++] = extra_env[0];
        env[ne++] = extra_env[1] ? extra_env[1] : "";
    }
    env[ne] = NULL;
    rc = libxl__hotplug_run(path, argv, env, timeout_ms, out, sizeof(out));
    if (rc == 0)
        return 0;
    if (rc == -ETIMEDOUT)
        return libxl__seterr(gc->ctx, rc, "%s: hotplug script '%s %s' did "
                             "not finish within %d s", dev->what, path,
                             action, timeout_ms / 1000);
    if (rc < 0)
        return libxl__seterr(gc->ctx, rc, "%s: cannot run hotplug script "
                             "'%s': %s", dev->what, path, strerror(-rc));
    herr = libxl__device_backend_read(gc, dev, "hotplug-error");
    return libxl__seterr(gc->ctx, -EIO, "%s: hotplug script '%s %s' failed "
                         "(exit status %d): %s", dev->what, path, action, rc,
                         herr && *herr ? herr
                         : *out ? last_line(out) : "no message");
}
