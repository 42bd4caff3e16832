/*
 * xenstored, Linux Dom0 specifics: the Dom0 kernel's own xenstore ring.
 * The kernel hands us its event channel through /dev/xen/xenbus_backend
 * and its ring page through /proc/xen/xsd_kva; nothing else in xenstored
 * knows about these files.
 */
#include "xenstored.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/sys/xenbus_dev.h>

#define XENBUS_BACKEND_DEV "/dev/xen/xenbus_backend"
#define XSD_KVA_FILE "/proc/xen/xsd_kva"

int dom0_kernel_ring(void **intf, uint32_t *port)
{
    long pagesz = sysconf(_SC_PAGESIZE);
    int fd, rc;
    void *p;

    fd = open(XENBUS_BACKEND_DEV, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    rc = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN, 0);
    if (rc < 0)
        rc = -errno;
    close(fd);
    if (rc < 0) {
        log_warn("%s: cannot get the Dom0 store event channel: %s",
                 XENBUS_BACKEND_DEV, strerror(-rc));
        return rc;
    }
    *port = (uint32_t)rc;

    fd = open(XSD_KVA_FILE, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        rc = -errno;
        log_warn("%s: %s", XSD_KVA_FILE, strerror(errno));
        return rc;
    }
    p = mmap(NULL, pagesz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    rc = p == MAP_FAILED ? -errno : 0;
    close(fd);
    if (rc) {
        log_warn("%s: cannot map the Dom0 ring: %s", XSD_KVA_FILE,
                 strerror(-rc));
        return rc;
    }
    *intf = p;
    return 0;
}

void dom0_kernel_ring_unmap(void *intf)
{
    munmap(intf, sysconf(_SC_PAGESIZE));
}
