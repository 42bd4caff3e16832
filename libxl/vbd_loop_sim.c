/*
 * libxl: loop devices of the simulated host.  The simulator has no Dom0
 * kernel, so its loop driver is modelled in the state directory: device
 * n is the file $XENSIM_DIR/dom0-kernel/loop/<n> naming the backing file
 * and mode; the simulated block backend (xensim-backend) resolves
 * physical-device 7:<n> through it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbd_internal.h"

#define SIM_LOOP_MAJOR 7
#define SIM_LOOP_MAX 1024

static char *loop_dir(libxl__gc *gc)
{
    const char *d = getenv("XENSIM_DIR");

    return libxl__sprintf(gc, "%s/dom0-kernel/loop", d ? d : ".");
}

int libxl__loop_sim_attach(libxl__gc *gc, const char *file, bool ro,
                           struct libxl__loop *lo)
{
    char *dir = loop_dir(gc), *p;
    int fd, n, r;

    fd = open(file, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return libxl__seterr(gc->ctx, -errno, "cannot open '%s': %s", file,
                             strerror(errno));
    close(fd);
    r = libxl__make_dirs(dir);
    if (r)
        return libxl__seterr(gc->ctx, r, "cannot set up a loop device for "
                             "'%s': %s: %s", file, dir, strerror(-r));
    for (n = 0; n < SIM_LOOP_MAX; n++) {
        p = libxl__sprintf(gc, "%s/%d", dir, n);
        fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0)
            break;
        if (errno != EEXIST)
            return libxl__seterr(gc->ctx, -errno, "cannot set up a loop "
                                 "device for '%s': %s: %s", file, p,
                                 strerror(errno));
    }
    if (n == SIM_LOOP_MAX)
        return libxl__seterr(gc->ctx, -ENOSPC, "cannot set up a loop device "
                             "for '%s': no free loop device", file);
    if (dprintf(fd, "%s\n%s\n", file, ro ? "ro" : "rw") < 0) {
        r = -errno;
        close(fd);
        unlink(p);
        return libxl__seterr(gc->ctx, r, "cannot set up a loop device for "
                             "'%s': %s", file, strerror(-r));
    }
    close(fd);
    lo->node = libxl__sprintf(gc, "/dev/loop%d", n);
    lo->major = SIM_LOOP_MAJOR;
    lo->minor = (unsigned)n;
    return 0;
}

int libxl__loop_sim_detach(libxl__gc *gc, const char *node)
{
    unsigned n;
    int end = 0;

    if (sscanf(node, "/dev/loop%u%n", &n, &end) != 1 || node[end])
        return libxl__seterr(gc->ctx, -EINVAL, "'%s' is not a loop device",
                             node);
    if (unlink(libxl__sprintf(gc, "%s/%u", loop_dir(gc), n)) < 0 &&
        errno != ENOENT)
        return libxl__seterr(gc->ctx, -errno, "cannot free '%s': %s", node,
                             strerror(errno));
    return 0;
}
