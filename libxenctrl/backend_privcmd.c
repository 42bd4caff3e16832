/*
 * libxenctrl privcmd backend: the real hypervisor through the Linux
 * devices /dev/xen/privcmd (hypercalls, foreign maps), /dev/xen/hypercall
 * (hypercall-safe buffers), /dev/xen/evtchn and /dev/xen/gntdev.  The
 * only file that includes the kernel's Xen device headers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/types.h>

#include "xc_private.h"

#ifndef __user
#define __user
#endif
#include <xen/sys/privcmd.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntdev.h>

#define PRIVCMD_PATH "/dev/xen/privcmd"
#define HYPERCALL_PATH "/dev/xen/hypercall"
#define EVTCHN_PATH "/dev/xen/evtchn"
#define GNTDEV_PATH "/dev/xen/gntdev"

/* One grant mapping: the gntdev offset is needed to unmap it. */
struct grant_map {
    void *addr;
    uint64_t index;
    struct grant_map *next;
};

struct privcmd {
    int fd;                       /* /dev/xen/privcmd */
    int hcfd;                     /* /dev/xen/hypercall or -1 */
    int gntfd;                    /* /dev/xen/gntdev, opened on first use */
    struct grant_map *grants;
};

static size_t page_round(size_t size)
{
    return (size + XC_PAGE_SIZE - 1) & ~(XC_PAGE_SIZE - 1);
}

static int pc_open(xc_interface *xch)
{
    struct privcmd *pc = calloc(1, sizeof(*pc));
    int e;

    if (!pc)
        return xc__err(xch, -ENOMEM, "out of memory");
    pc->gntfd = -1;
    pc->fd = open(PRIVCMD_PATH, O_RDWR | O_CLOEXEC);
    if (pc->fd < 0) {
        e = errno;
        free(pc);
        if (e == ENOENT)
            return xc__err(xch, -ENOENT, "cannot open '%s': no such file "
                           "(not running in a Xen Dom0 with xen-privcmd "
                           "loaded and xenfs/devtmpfs mounted; set "
                           "XENSIM_DIR to use the simulator)", PRIVCMD_PATH);
        return xc__err(xch, -e, "cannot open '%s': %s", PRIVCMD_PATH,
                       strerror(e));
    }
    /* Older kernels lack it: then buffers are locked anonymous memory. */
    pc->hcfd = open(HYPERCALL_PATH, O_RDWR | O_CLOEXEC);
    xch->priv = pc;
    return 0;
}

static void pc_close(xc_interface *xch)
{
    struct privcmd *pc = xch->priv;
    struct grant_map *g, *next;

    if (!pc)
        return;
    for (g = pc->grants; g; g = next) {
        next = g->next;
        free(g);
    }
    if (pc->gntfd >= 0)
        close(pc->gntfd);
    if (pc->hcfd >= 0)
        close(pc->hcfd);
    close(pc->fd);
    free(pc);
    xch->priv = NULL;
}

static long pc_hypercall(xc_interface *xch, const struct xc_hcall *hc)
{
    struct privcmd *pc = xch->priv;
    privcmd_hypercall_t h;
    long r;

    h.op = hc->op;
    memcpy(h.arg, hc->arg, sizeof(h.arg));
    r = ioctl(pc->fd, IOCTL_PRIVCMD_HYPERCALL, &h);
    if (r < 0)
        return -errno;
    return r;
}

static void *pc_buf_alloc(xc_interface *xch, size_t size)
{
    struct privcmd *pc = xch->priv;
    size_t sz = page_round(size);
    void *p;

    if (pc->hcfd >= 0) {
        p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, pc->hcfd, 0);
        if (p != MAP_FAILED)
            return p;
    }
    p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    /* The hypervisor must not fault on it: keep it resident. */
    if (mlock(p, sz) < 0) {
        munmap(p, sz);
        return NULL;
    }
    return p;
}

static void pc_buf_free(xc_interface *xch, void *p, size_t size)
{
    (void)xch;
    munmap(p, page_round(size));
}

static void *pc_map_foreign(xc_interface *xch, uint32_t domid, int prot,
                            const uint64_t *gfns, size_t n)
{
    struct privcmd *pc = xch->priv;
    privcmd_mmapbatch_v2_t b;
    xen_pfn_t *arr = calloc(n, sizeof(*arr));
    int *err = calloc(n, sizeof(*err));
    void *addr = MAP_FAILED;
    size_t i;
    int e = ENOMEM;

    if (!arr || !err)
        goto fail;
    for (i = 0; i < n; i++)
        arr[i] = (xen_pfn_t)gfns[i];
    addr = mmap(NULL, n << XC_PAGE_SHIFT, prot, MAP_SHARED, pc->fd, 0);
    if (addr == MAP_FAILED) {
        e = errno;
        goto fail;
    }
    b.num = (unsigned)n;
    b.dom = (domid_t)domid;
    b.addr = (uintptr_t)addr;
    b.arr = arr;
    b.err = err;
    /* The ioctl may succeed with errors for single pages (their err[]);
     * touching such a page would raise SIGBUS, so that is a failure. */
    e = ioctl(pc->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0 ? errno : 0;
    for (i = 0; i < n; i++) {
        if (err[i]) {
            e = -err[i];
            break;
        }
    }
    if (e) {
        xc__err(xch, -e, "cannot map page %zu (frame 0x%llx) of %zu of "
                "domain %u: %s", i, (unsigned long long)gfns[i < n ? i : 0],
                n, domid, strerror(e));
        munmap(addr, n << XC_PAGE_SHIFT);
        free(arr);
        free(err);
        errno = e;
        return NULL;
    }
    free(arr);
    free(err);
    return addr;
fail:
    if (addr != MAP_FAILED)
        munmap(addr, n << XC_PAGE_SHIFT);
    free(arr);
    free(err);
    xc__err(xch, -e, "cannot map %zu pages of domain %u: %s", n, domid,
            strerror(e));
    errno = e;
    return NULL;
}

static void *pc_map_resource(xc_interface *xch, uint32_t domid, unsigned type,
                             unsigned id, unsigned long frame,
                             unsigned long nr, int prot)
{
    struct privcmd *pc = xch->priv;
    privcmd_mmap_resource_t r = { 0 };
    size_t sz = nr << XC_PAGE_SHIFT;
    void *addr;
    int e;

    addr = mmap(NULL, sz, prot, MAP_SHARED, pc->fd, 0);
    if (addr == MAP_FAILED) {
        e = errno;
        goto fail;
    }
    r.dom = (domid_t)domid;
    r.type = type;
    r.id = id;
    r.idx = (uint32_t)frame;
    r.num = nr;
    r.addr = (uintptr_t)addr;
    if (ioctl(pc->fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r) == 0)
        return addr;
    e = errno;
    munmap(addr, sz);
fail:
    xc__err(xch, -e, "cannot map resource %u/%u of domain %u: %s", type, id,
            domid, strerror(e));
    errno = e;
    return NULL;
}

static int pc_unmap(xc_interface *xch, void *addr, size_t n)
{
    if (munmap(addr, n << XC_PAGE_SHIFT) < 0)
        return xc__err(xch, -errno, "unmap: %s", strerror(errno));
    return 0;
}

static void *pc_map_grant(xc_interface *xch, uint32_t domid, uint32_t ref,
                          int prot)
{
    struct privcmd *pc = xch->priv;
    struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
    struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };
    struct grant_map *g = NULL;
    void *addr;
    int e;

    if (pc->gntfd < 0) {
        pc->gntfd = open(GNTDEV_PATH, O_RDWR | O_CLOEXEC);
        if (pc->gntfd < 0) {
            e = errno;
            xc__err(xch, -e, "cannot open '%s': %s", GNTDEV_PATH,
                    strerror(e));
            errno = e;
            return NULL;
        }
    }
    m.refs[0].domid = domid;
    m.refs[0].ref = ref;
    if (ioctl(pc->gntfd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0) {
        e = errno;
        goto fail;
    }
    addr = mmap(NULL, XC_PAGE_SIZE, prot, MAP_SHARED, pc->gntfd, m.index);
    if (addr == MAP_FAILED || !(g = malloc(sizeof(*g)))) {
        e = addr == MAP_FAILED ? errno : ENOMEM;
        if (addr != MAP_FAILED)
            munmap(addr, XC_PAGE_SIZE);
        u.index = m.index;
        ioctl(pc->gntfd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
        goto fail;
    }
    g->addr = addr;
    g->index = m.index;
    g->next = pc->grants;
    pc->grants = g;
    return addr;
fail:
    xc__err(xch, -e, "cannot map grant %u of domain %u: %s", ref, domid,
            strerror(e));
    errno = e;
    return NULL;
}

static int pc_unmap_grant(xc_interface *xch, void *addr)
{
    struct privcmd *pc = xch->priv;
    struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };
    struct grant_map **pp, *g;

    for (pp = &pc->grants; (g = *pp); pp = &g->next)
        if (g->addr == addr)
            break;
    if (!g)
        return xc__err(xch, -EINVAL, "unmap grant: %p is not a grant "
                       "mapping of this handle", addr);
    *pp = g->next;
    munmap(addr, XC_PAGE_SIZE);
    u.index = g->index;
    free(g);
    if (ioctl(pc->gntfd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u) < 0)
        return xc__err(xch, -errno, "unmap grant: %s", strerror(errno));
    return 0;
}

static int pc_evtchn_open(xc_evtchn *xce)
{
    int e;

    xce->fd = open(EVTCHN_PATH, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    if (xce->fd >= 0)
        return 0;
    e = errno;
    if (e == ENOENT)
        return xc__everr(xce, -ENOENT, "cannot open '%s': no such file "
                         "(not running in a Xen Dom0 with xen-evtchn "
                         "loaded; set XENSIM_DIR to use the simulator)",
                         EVTCHN_PATH);
    return xc__everr(xce, -e, "cannot open '%s': %s", EVTCHN_PATH,
                     strerror(e));
}

static void pc_evtchn_close(xc_evtchn *xce)
{
    if (xce->fd >= 0)
        close(xce->fd);
    xce->fd = -1;
}

/* Translate an EVTCHNOP_* request into the evtchn device's ioctls. */
static int pc_evtchn_op(xc_evtchn *xce, unsigned cmd, void *arg)
{
    int r;

    switch (cmd) {
    case EVTCHNOP_alloc_unbound: {
        struct evtchn_alloc_unbound *a = arg;
        struct ioctl_evtchn_bind_unbound_port b = {
            .remote_domain = a->remote_dom };
        r = ioctl(xce->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
        if (r >= 0)
            a->port = (evtchn_port_t)r;
        break;
    }
    case EVTCHNOP_bind_interdomain: {
        struct evtchn_bind_interdomain *a = arg;
        struct ioctl_evtchn_bind_interdomain b = {
            .remote_domain = a->remote_dom, .remote_port = a->remote_port };
        r = ioctl(xce->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
        if (r >= 0)
            a->local_port = (evtchn_port_t)r;
        break;
    }
    case EVTCHNOP_bind_virq: {
        struct evtchn_bind_virq *a = arg;
        struct ioctl_evtchn_bind_virq b = { .virq = a->virq };
        r = ioctl(xce->fd, IOCTL_EVTCHN_BIND_VIRQ, &b);
        if (r >= 0)
            a->port = (evtchn_port_t)r;
        break;
    }
    case EVTCHNOP_close: {
        struct evtchn_close *a = arg;
        struct ioctl_evtchn_unbind b = { .port = a->port };
        r = ioctl(xce->fd, IOCTL_EVTCHN_UNBIND, &b);
        break;
    }
    case EVTCHNOP_send: {
        struct evtchn_send *a = arg;
        struct ioctl_evtchn_notify b = { .port = a->port };
        r = ioctl(xce->fd, IOCTL_EVTCHN_NOTIFY, &b);
        break;
    }
    default:
        return xc__everr(xce, -ENOSYS, "event channel op %u: not supported "
                         "by the evtchn device", cmd);
    }
    if (r < 0)
        return xc__everr(xce, -errno, "event channel op %u: %s", cmd,
                         strerror(errno));
    return 0;
}

static int pc_evtchn_pending(xc_evtchn *xce)
{
    evtchn_port_t port;
    ssize_t r = read(xce->fd, &port, sizeof(port));

    if (r == (ssize_t)sizeof(port))
        return (int)port;
    if (r < 0 && errno == EAGAIN)
        return -EAGAIN;
    return xc__everr(xce, r < 0 ? -errno : -EIO, "read '%s': %s",
                     EVTCHN_PATH, r < 0 ? strerror(errno) : "short read");
}

static int pc_evtchn_unmask(xc_evtchn *xce, evtchn_port_t port)
{
    if (write(xce->fd, &port, sizeof(port)) != (ssize_t)sizeof(port))
        return xc__everr(xce, -errno, "unmask port %u: %s", port,
                         strerror(errno));
    return 0;
}

const struct xc_backend xc__backend_privcmd = {
    .name = "privcmd",
    .open = pc_open,
    .close = pc_close,
    .hypercall = pc_hypercall,
    .buf_alloc = pc_buf_alloc,
    .buf_free = pc_buf_free,
    .map_foreign = pc_map_foreign,
    .map_resource = pc_map_resource,
    .unmap = pc_unmap,
    .map_grant = pc_map_grant,
    .unmap_grant = pc_unmap_grant,
    .evtchn_open = pc_evtchn_open,
    .evtchn_close = pc_evtchn_close,
    .evtchn_op = pc_evtchn_op,
    .evtchn_pending = pc_evtchn_pending,
    .evtchn_unmask = pc_evtchn_unmask,
};
