/*
 * libxl_lifecycle.h: asking a running domain to shut down or reboot (the
 * PV control protocol), waiting for domains to shut down or go away,
 * SysRq and console lookup.  Included by libxl.h; same conventions
 * (0 or negative errno, message in libxl_errmsg()).
 */
#ifndef LIBXL_LIFECYCLE_H
#define LIBXL_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_HAVE_DOMAIN_PVCONTROL 1
#define LIBXL_HAVE_DOMAIN_WAIT_CHANGE 1
#define LIBXL_HAVE_CONSOLE_GET_TTY 1

/* How long libxl_domain_shutdown/_reboot wait for the guest's ack. */
#define LIBXL_PVCONTROL_TIMEOUT_MS (60 * 1000)

/*
 * Write cmd ("poweroff", "reboot", "suspend"...) to
 * /local/domain/<domid>/control/shutdown and wait up to ack_timeout_ms
 * (< 0: no limit) for the guest to acknowledge it by emptying or removing
 * the node (or by shutting down or going away).  Blocks; event driven
 * (xenstore watches).  As Xen 4.17: PV and PVH guests always have the
 * interface; an HVM guest has it once its PV drivers set up the event
 * callback (HVM_PARAM_CALLBACK_IRQ).  Returns 0, -EOPNOTSUPP when the
 * guest has no PV control interface (nothing written), -ESRCH if the
 * domain does not exist, -ETIMEDOUT if the guest did not acknowledge.
 */
LIBXL_API int libxl_domain_pvcontrol(libxl_ctx *ctx, uint32_t domid,
                                     const char *cmd, int ack_timeout_ms);

/* libxl_domain_pvcontrol with "poweroff" / "reboot" and a 60 s ack. */
LIBXL_API int libxl_domain_shutdown(libxl_ctx *ctx, uint32_t domid);
LIBXL_API int libxl_domain_reboot(libxl_ctx *ctx, uint32_t domid);

/*
 * Shut a domain down through the hypervisor (SCHEDOP_remote_shutdown)
 * with reason LIBXL_SHUTDOWN_REASON_*: the guest is not asked.  What xl's
 * -F falls back to for HVM guests without PV drivers.  0, -ESRCH.
 */
LIBXL_API int libxl_domain_shutdown_hard(libxl_ctx *ctx, uint32_t domid,
                                         int reason);

/* What libxl_domain_wait_change has seen of one domain. */
#define LIBXL_DOMAIN_SEEN_RUNNING 0
#define LIBXL_DOMAIN_SEEN_SHUTDOWN 1     /* shut down, not yet destroyed */
#define LIBXL_DOMAIN_SEEN_GONE 2         /* dying or no longer there */

struct libxl_domain_waiter {
    uint32_t domid;                      /* in */
    int seen;                            /* in/out: LIBXL_DOMAIN_SEEN_* */
    int reason;                          /* out: LIBXL_SHUTDOWN_REASON_* */
};

/*
 * Wait until one of the n domains of w moves past what its .seen says
 * (running -> shut down -> gone); entries already GONE are not watched.
 * Updates that entry's .seen (and .reason on shutdown) and returns its
 * index.  -ECHILD if every entry is already GONE, -ETIMEDOUT after
 * timeout_ms (< 0: no limit).  Event driven (@releaseDomain), no polling.
 */
LIBXL_API int libxl_domain_wait_change(libxl_ctx *ctx,
                                       struct libxl_domain_waiter *w, int n,
                                       int timeout_ms);

/*
 * Wait until domid is dying or gone (destroyed); 0, -ETIMEDOUT.  A
 * domain that does not exist counts as gone.
 */
LIBXL_API int libxl_domain_wait_gone(libxl_ctx *ctx, uint32_t domid,
                                     int timeout_ms);

/* Write the SysRq letter to /local/domain/<domid>/control/sysrq. */
LIBXL_API int libxl_send_sysrq(libxl_ctx *ctx, uint32_t domid, char sysrq);

#define LIBXL_HAVE_SEND_TRIGGER 1

/* The triggers of `xl trigger' (Xen 4.17's libxl_trigger, same values). */
enum libxl_trigger {
    LIBXL_TRIGGER_UNKNOWN = 0,
    LIBXL_TRIGGER_POWER = 1,
    LIBXL_TRIGGER_SLEEP = 2,
    LIBXL_TRIGGER_NMI = 3,
    LIBXL_TRIGGER_INIT = 4,
    LIBXL_TRIGGER_RESET = 5,
    LIBXL_TRIGGER_S3RESUME = 6,
};

/* "power", "sleep", "nmi", "init", "reset", "s3resume": 0 and *trigger,
 * or -EINVAL.  _to_string gives NULL for an unknown value. */
LIBXL_API int libxl_trigger_from_string(const char *s, int *trigger);
LIBXL_API const char *libxl_trigger_to_string(int trigger);

/*
 * Send trigger to vCPU vcpuid of domid, as Xen 4.17's libxl_send_trigger:
 * power, sleep, nmi, init and reset through the hypervisor
 * (XEN_DOMCTL_sendtrigger: an NMI for any domain, a press of the ACPI
 * power or sleep button for HVM guests; Xen 4.17 on x86 has no init or
 * reset trigger, -ENOSYS), s3resume through the device model (QMP
 * system_wakeup; HVM guests only).  Blocks up to 10 s (QMP).  0, -ESRCH,
 * -EINVAL (bad trigger, vCPU, or domain type), -ENOSYS, -errno.
 */
LIBXL_API int libxl_send_trigger(libxl_ctx *ctx, uint32_t domid, int trigger,
                                 uint32_t vcpuid);

#define LIBXL_HAVE_DOMAIN_CORE_DUMP 1

/*
 * Write an ELF core of the domain's memory to filename (created 0600,
 * truncated) in the layout of Xen 4.17's xc_domain_dumpcore: notes, vCPU
 * contexts, shared info, pages and their pfn/p2m table.  The domain keeps
 * running.  A PV guest's pages are found through the p2m it publishes in
 * its shared info (linear p2m or frame list): -EOPNOTSUPP if it publishes
 * none (not booted yet).  HVM/PVH: the populated gfns below
 * the top of its RAM.  -ESRCH if the domain does not exist.
 */
LIBXL_API int libxl_domain_core_dump(libxl_ctx *ctx, uint32_t domid,
                                     const char *filename);

/* Console kinds, numbered as Xen's libxl_console_type. */
enum libxl_console_type {
    LIBXL_CONSOLE_TYPE_UNKNOWN = 0,
    LIBXL_CONSOLE_TYPE_SERIAL = 1,
    LIBXL_CONSOLE_TYPE_PV = 2,
    LIBXL_CONSOLE_TYPE_VUART = 3,
};

/* "pv", "serial", "vuart" (NULL for UNKNOWN or out of range). */
LIBXL_API const char *libxl_console_type_to_string(int type);

/*
 * The primary console of a domain as Xen's xl picks it: serial 0 for HVM,
 * pv 0 for PV and PVH.  -ESRCH if the domain does not exist.
 */
LIBXL_API int libxl_primary_console_type(libxl_ctx *ctx, uint32_t domid,
                                         int *type);

/*
 * The pty of console cons_num of a type (LIBXL_CONSOLE_TYPE_*): pv 0 is
 * console/tty, pv N device/console/N/tty, serial N serial/N/tty, vuart N
 * vuart/N/tty under /local/domain/<domid>.  *path is malloc'd (free it).
 * -ENOENT if the domain has no such console, -EAGAIN if it has one whose
 * pty is not published yet (the console daemon has not attached it).
 */
LIBXL_API int libxl_console_get_tty(libxl_ctx *ctx, uint32_t domid,
                                    int cons_num, int type, char **path);

#ifdef __cplusplus
}
#endif
#endif /* LIBXL_LIFECYCLE_H */
