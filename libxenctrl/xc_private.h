/*
 * libxenctrl private header: the handle structures, the backend seam
 * (style.md G5) and helpers shared by the marshalling files (xc_*.c),
 * the privcmd backend and the simulator (sim/).
 */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/memory.h>
#include <xen/version.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>

#include "xenctrl.h"

/*
 * An e820 entry as XENMEM_memory_map and friends exchange it (the BIOS
 * layout; Xen's public headers leave it to the tools to define).
 */
struct xc__e820entry {
    uint64_t addr;
    uint64_t size;
    uint32_t type;
} __attribute__((packed));
#define XC__E820_RAM 1

/* One hypercall: number and up to five arguments (privcmd_hypercall). */
struct xc_hcall {
    uint64_t op;
    uint64_t arg[5];
};

/* The seam between marshalling and a hypervisor (style.md G5). */
struct xc_backend {
    const char *name;
    int (*open)(xc_interface *xch);
    void (*close)(xc_interface *xch);
    /* Returns the hypercall result (>= 0) or -errno. */
    long (*hypercall)(xc_interface *xch, const struct xc_hcall *hc);
    /* Hypercall-safe buffers: zeroed, page granular. */
    void *(*buf_alloc)(xc_interface *xch, size_t size);
    void (*buf_free)(xc_interface *xch, void *p, size_t size);
    void *(*map_foreign)(xc_interface *xch, uint32_t domid, int prot,
                         const uint64_t *gfns, size_t n);
    void *(*map_resource)(xc_interface *xch, uint32_t domid, unsigned type,
                          unsigned id, unsigned long frame,
                          unsigned long nr, int prot);
    int (*unmap)(xc_interface *xch, void *addr, size_t n);
    void *(*map_grant)(xc_interface *xch, uint32_t domid, uint32_t ref,
                       int prot);
    int (*unmap_grant)(xc_interface *xch, void *addr);
    /* Event channel device: cmd is EVTCHNOP_* with its Xen struct. */
    int (*evtchn_open)(xc_evtchn *xce);
    void (*evtchn_close)(xc_evtchn *xce);
    int (*evtchn_op)(xc_evtchn *xce, unsigned cmd, void *arg);
    int (*evtchn_pending)(xc_evtchn *xce);
    int (*evtchn_unmask)(xc_evtchn *xce, evtchn_port_t port);
};

extern const struct xc_backend xc__backend_privcmd, xc__backend_sim;

#define XC__ERRLEN 256

struct xc_interface {
    const struct xc_backend *be;
    char errmsg[XC__ERRLEN];
    uint32_t self_domid;
    char *simdir;                 /* sim: state directory */
    void *priv;                   /* backend data */
};

struct xc_evtchn {
    const struct xc_backend *be;
    char errmsg[XC__ERRLEN];
    uint32_t self_domid;
    char *simdir;
    int fd;
    void *priv;
};

/* Record a message on the handle; returns rc (a negative errno). */
int xc__err(xc_interface *xch, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int xc__everr(xc_evtchn *xce, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xc__vseterr(char *buf, size_t len, const char *fmt, va_list ap);

/* Choose a backend and fill the common fields (sim dir, self domid). */
int xc__pick_backend(unsigned flags, const struct xc_backend **be,
                     char **simdir, uint32_t *self, char *err, size_t len);

void *xc__buf(xc_interface *xch, size_t size);
void xc__buf_free(xc_interface *xch, void *p, size_t size);

long xc__hypercall(xc_interface *xch, unsigned op, uint64_t a0, uint64_t a1,
                   uint64_t a2, uint64_t a3, uint64_t a4);

/* Run a domctl / sysctl; *op is copied in and out of a safe buffer. */
int xc__domctl(xc_interface *xch, struct xen_domctl *op);
int xc__sysctl(xc_interface *xch, struct xen_sysctl *op);
/* XENMEM_* with its argument structure of size len. */
long xc__memory_op(xc_interface *xch, unsigned cmd, void *arg, size_t len);

/* Name of a domctl/sysctl command for messages. */
const char *xc__domctl_name(unsigned cmd);

/* Convert between our dominfo and Xen's getdomaininfo. */
void xc__dominfo_from_xen(struct xc_dominfo *out,
                          const struct xen_domctl_getdomaininfo *in);

#endif /* XC_PRIVATE_H */
