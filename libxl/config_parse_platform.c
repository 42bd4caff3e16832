/*
 * libxl (config model): the guest clock keys of an xl.cfg(5) config
 * (rtc_timeoffset=, localtime=, any guest type as in Xen 4.17) and the
 * platform keys of an HVM guest (acpi_s3=, acpi_s4=, xen_platform_pci=,
 * vendor_device=, device_model_args=, device_model_args_hvm=, hdtype=,
 * usbversion=, mmio_hole=), checked
 * with file:line:column errors.  Part of libxlutil.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_internal.h"
#include "cfg_internal.h"

static void platform_bool(XLU_Config *cfg, const char *k,
                          libxl_defbool_t *f)
{
    int b;

    if (!xlu_cfg_get_defbool(cfg, k, &b, 0))
        f->val = b ? LIBXL_DEFBOOL_TRUE : LIBXL_DEFBOOL_FALSE;
}

/* An argument list: a list of strings, or one string (as Xen's xl);
 * QEMU gets them as they are. */
static void dm_arg_list(XLU_Config *cfg, const char *k, char ***f)
{
    char **l = NULL;
    int i;

    if (xlu_cfg_get_list_as_string_list(cfg, k, &l, 0))
        return;
    for (i = 0; *f && (*f)[i]; i++)
        free((*f)[i]);
    free(*f);
    *f = l;
}

/* A key of named values (any case, as Xen's libxl reads its enums):
 * names[i] sets *f to i; NULL entries are not names. */
static void parse_named(XLU_Config *cfg, const char *k,
                        const char *const *names, int n, int *f,
                        const char *list)
{
    const char *s;
    int i;

    if (xlu_cfg_get_string(cfg, k, &s, 0))
        return;
    for (i = 0; i < n; i++)
        if (names[i] && !strcasecmp(s, names[i])) {
            *f = i;
            return;
        }
    xlu__report(cfg, 1, xlu_cfg_value_where(xlu_cfg_get_value(cfg, k)),
                "invalid %s `%s' (%s)", k, s, list);
}

void libxl__parse_platform(XLU_Config *cfg, struct libxl_domain_config *c)
{
    static const char *const vendor_devices[] = { "none", "xenserver" };
    static const char *const hdtypes[] = { NULL, "ide", "ahci" };
    struct libxl_domain_build_info *b = &c->b_info;
    libxl_defbool_t lt = { LIBXL_DEFBOOL_DEFAULT };
    long l;

    /* XEN_DOMCTL_settimeoffset takes an int32_t of seconds. */
    if (!xlu_cfg_get_bounded_long(cfg, "rtc_timeoffset", INT32_MIN,
                                  INT32_MAX, &l, 0))
        b->rtc_timeoffset = (int32_t)l;
    platform_bool(cfg, "localtime", &lt);
    if (lt.val != LIBXL_DEFBOOL_DEFAULT)
        b->localtime = lt.val == LIBXL_DEFBOOL_TRUE;
    if (c->c_info.type != LIBXL_DOMAIN_TYPE_HVM)
        return;
    platform_bool(cfg, "acpi_s3", &b->acpi_s3);
    platform_bool(cfg, "acpi_s4", &b->acpi_s4);
    platform_bool(cfg, "xen_platform_pci", &b->xen_platform_pci);
    parse_named(cfg, "vendor_device", vendor_devices, 2, &b->vendor_device,
                "xenserver or none");
    parse_named(cfg, "hdtype", hdtypes, 3, &b->hdtype, "ide or ahci");
    if (!xlu_cfg_get_bounded_long(cfg, "usbversion", 0, 3, &l, 0))
        b->usbversion = (int)l;
    /* MiB, from HVM_BELOW_4G_MMIO_LENGTH to HVM_BELOW_4G_MMIO_START. */
    if (!xlu_cfg_get_bounded_long(cfg, "mmio_hole", 256, 3840, &l, 0))
        b->mmio_hole_memkb = (uint64_t)l * 1024;
    dm_arg_list(cfg, "device_model_args", &b->dm_args);
    dm_arg_list(cfg, "device_model_args_hvm", &b->dm_args_hvm);
}
