/*
 * libxl: triggers sent to a domain (`xl trigger', the ACPI fallback of
 * `xl shutdown -F'): NMI and the ACPI buttons through the hypervisor
 * (XEN_DOMCTL_sendtrigger), S3 resume through the device model (QMP
 * system_wakeup), as Xen 4.17's libxl_send_trigger.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "dm_internal.h"

static const char *const names[] = {
    [LIBXL_TRIGGER_POWER] = "power",   [LIBXL_TRIGGER_SLEEP] = "sleep",
    [LIBXL_TRIGGER_NMI] = "nmi",       [LIBXL_TRIGGER_INIT] = "init",
    [LIBXL_TRIGGER_RESET] = "reset",   [LIBXL_TRIGGER_S3RESUME] = "s3resume",
};

#define NR_NAMES ((int)(sizeof(names) / sizeof(names[0])))

LIBXL_API const char *libxl_trigger_to_string(int trigger)
{
    return trigger > 0 && trigger < NR_NAMES ? names[trigger] : NULL;
}

LIBXL_API int libxl_trigger_from_string(const char *s, int *trigger)
{
    int i;

    for (i = 1; s && i < NR_NAMES; i++)
        if (!strcmp(s, names[i])) {
            *trigger = i;
            return 0;
        }
    return -EINVAL;
}

/* S3 resume: QEMU wakes the suspended guest (Xen's libxl for qemu-xen). */
static int s3resume(libxl__gc *gc, uint32_t domid)
{
    struct libxl__qmp *q = NULL;
    struct xc_dominfo info;
    int rc;

    if (xc_domain_getinfo_single(gc->ctx->xch, domid, &info))
        return libxl__seterr(gc->ctx, -ESRCH, "domain %u: no such domain",
                             domid);
    if (!info.hvm)
        return libxl__seterr(gc->ctx, -EINVAL, "domain %u: trigger "
                             "'s3resume' needs an HVM guest", domid);
    rc = libxl__dm_qmp_of(gc, domid, &q);
    if (!rc)
        rc = libxl__qmp_call(q, "system_wakeup", NULL, NULL);
    libxl__qmp_close(q);
    return rc;
}

static int hypervisor(libxl__gc *gc, uint32_t domid, int trigger,
                      uint32_t vcpuid)
{
    static const unsigned xc[] = {
        [LIBXL_TRIGGER_POWER] = XC_TRIGGER_POWER,
        [LIBXL_TRIGGER_SLEEP] = XC_TRIGGER_SLEEP,
        [LIBXL_TRIGGER_NMI] = XC_TRIGGER_NMI,
        [LIBXL_TRIGGER_INIT] = XC_TRIGGER_INIT,
        [LIBXL_TRIGGER_RESET] = XC_TRIGGER_RESET,
    };
    libxl_ctx *ctx = gc->ctx;
    const char *name = names[trigger];
    int rc = xc_domain_send_trigger(ctx->xch, domid, xc[trigger], vcpuid);

    switch (rc) {
    case 0:
        return 0;
    case -ESRCH:
        if (xc_domain_getinfo_single(ctx->xch, domid, &(struct xc_dominfo){0}))
            return libxl__seterr(ctx, rc, "domain %u: no such domain",
                                 domid);
        return libxl__seterr(ctx, rc, "domain %u: send trigger '%s': no "
                             "vCPU %u", domid, name, vcpuid);
    case -EINVAL:
        return libxl__seterr(ctx, rc, "domain %u: send trigger '%s': the "
                             "hypervisor refused it (the ACPI power and "
                             "sleep buttons exist only for HVM guests)",
                             domid, name);
    case -ENOSYS:
        return libxl__seterr(ctx, rc, "domain %u: send trigger '%s': the "
                             "hypervisor does not implement it (Xen 4.17 "
                             "on x86 has nmi, power and sleep)", domid,
                             name);
    default:
        return libxl__seterr(ctx, rc, "domain %u: send trigger '%s': %s",
                             domid, name, strerror(-rc));
    }
}

LIBXL_API int libxl_send_trigger(libxl_ctx *ctx, uint32_t domid, int trigger,
                                 uint32_t vcpuid)
{
    libxl__gc gc;
    int rc;

    if (!libxl_trigger_to_string(trigger))
        return libxl__seterr(ctx, -EINVAL, "invalid trigger %d", trigger);
    libxl__gc_init(&gc, ctx);
    rc = trigger == LIBXL_TRIGGER_S3RESUME ? s3resume(&gc, domid)
                                           : hypervisor(&gc, domid, trigger,
                                                        vcpuid);
    libxl__gc_release(&gc);
    return rc;
}
