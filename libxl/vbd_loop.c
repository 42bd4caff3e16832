/*
 * libxl: loop devices for file-backed disks, set up natively with the
 * Linux loop driver (/dev/loop-control LOOP_CTL_GET_FREE, then
 * LOOP_CONFIGURE, or LOOP_SET_FD + LOOP_SET_STATUS64 on kernels before
 * 5.8) instead of Xen's block script running losetup.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "vbd_internal.h"

#define GRAB_TRIES 16

static void fill_info(struct loop_info64 *info, const char *file, bool ro)
{
    memset(info, 0, sizeof(*info));
    snprintf((char *)info->lo_file_name, sizeof(info->lo_file_name), "%s",
             file);
    info->lo_flags = ro ? LO_FLAGS_READ_ONLY : 0;
}

/* Bind fd to the loop device lfd: 0, -EBUSY (taken meanwhile), -errno. */
static int bind(int lfd, int fd, const char *file, bool ro)
{
    struct loop_config c;
    struct loop_info64 info;

    memset(&c, 0, sizeof(c));
    c.fd = (unsigned)fd;
    fill_info(&c.info, file, ro);
    if (!ioctl(lfd, LOOP_CONFIGURE, &c))
        return 0;
    if (errno != EINVAL && errno != ENOTTY)
        return -errno;
    if (ioctl(lfd, LOOP_SET_FD, fd))
        return -errno;
    fill_info(&info, file, ro);
    if (ioctl(lfd, LOOP_SET_STATUS64, &info)) {
        int e = errno;

        ioctl(lfd, LOOP_CLR_FD, 0);
        return -e;
    }
    return 0;
}

int libxl__loop_attach(libxl__gc *gc, const char *file, bool ro,
                       struct libxl__loop *lo)
{
    libxl_ctx *ctx = gc->ctx;
    int ctl = -1, fd = -1, lfd = -1, n, rc, i;
    struct stat st;

    fd = open(file, (ro ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        rc = libxl__seterr(ctx, -errno, "cannot open '%s': %s", file,
                           strerror(errno));
        goto out;
    }
    ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) {
        rc = libxl__seterr(ctx, -errno, "cannot set up a loop device for "
                           "'%s': /dev/loop-control: %s", file,
                           strerror(errno));
        goto out;
    }
    for (i = 0, rc = -EBUSY; i < GRAB_TRIES && rc == -EBUSY; i++) {
        n = ioctl(ctl, LOOP_CTL_GET_FREE);
        if (n < 0) {
            rc = -errno;
            break;
        }
        lo->node = libxl__sprintf(gc, "/dev/loop%d", n);
        if (lfd >= 0)
            close(lfd);
        lfd = open(lo->node, O_RDWR | O_CLOEXEC);
        rc = lfd < 0 ? -errno : bind(lfd, fd, file, ro);
    }
    if (rc) {
        libxl__seterr(ctx, rc, "cannot set up a loop device for '%s': %s",
                      file, strerror(-rc));
        goto out;
    }
    if (fstat(lfd, &st) < 0 || !S_ISBLK(st.st_mode)) {
        rc = libxl__seterr(ctx, -ENODEV, "'%s' is not a block device",
                           lo->node);
        ioctl(lfd, LOOP_CLR_FD, 0);
        goto out;
    }
    lo->major = major(st.st_rdev);
    lo->minor = minor(st.st_rdev);
out:
    if (lfd >= 0)
        close(lfd);
    if (ctl >= 0)
        close(ctl);
    if (fd >= 0)
        close(fd);
    return rc;
}

int libxl__loop_detach(libxl__gc *gc, const char *node)
{
    struct loop_info64 info;
    unsigned n;
    int lfd, rc = 0, end = 0;

    if (sscanf(node, "/dev/loop%u%n", &n, &end) != 1 || node[end])
        return libxl__seterr(gc->ctx, -EINVAL, "'%s' is not a loop device",
                             node);
    lfd = open(node, O_RDONLY | O_CLOEXEC);
    if (lfd < 0)
        return errno == ENOENT ? 0 : libxl__seterr(gc->ctx, -errno,
                                                   "cannot free '%s': %s",
                                                   node, strerror(errno));
    if (ioctl(lfd, LOOP_CLR_FD, 0) && errno != ENXIO) {
        /* Still open (blkback): free it when the last user closes. */
        if (errno == EBUSY && !ioctl(lfd, LOOP_GET_STATUS64, &info)) {
            info.lo_flags |= LO_FLAGS_AUTOCLEAR;
            if (ioctl(lfd, LOOP_SET_STATUS64, &info))
                rc = -errno;
        } else {
            rc = -errno;
        }
        if (rc)
            libxl__seterr(gc->ctx, rc, "cannot free '%s': %s", node,
                          strerror(-rc));
    }
    close(lfd);
    return rc;
}
