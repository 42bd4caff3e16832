/*
 * libxl: the create check of the device kinds whose Dom0 backend this
 * toolstack does not provide.  In Xen 4.17 a PV framebuffer (vfb=), a PV
 * keyboard/pointer (vkb=), channels (channel=: extra PV consoles with a
 * name) and 9pfs shares (p9=) are all served by a QEMU that libxl starts
 * for the guest (Dom0's Linux kernel has no backend for any of them, and
 * xenconsoled serves only the primary console).  We start no such QEMU,
 * so a config with any of them is refused, naming the key, before
 * anything is made: the guest would otherwise wait for a backend that
 * never comes.
 */
#include "config.h"

#include <errno.h>

#include "create_internal.h"

int libxl__create_check_qemu_devices(struct libxl__create *cs)
{
    const struct libxl_domain_config *dc = cs->dc;
    const struct {
        const char *key;
        int n;
        const char *why;
    } kinds[] = {
        { "vfb", dc->num_vfbs + dc->num_vfbs_t,
          "a PV framebuffer is served by QEMU" },
        { "vkb", dc->num_vkbs,
          "a PV keyboard/pointer is served by QEMU (backend-type=qemu) or "
          "by a user-space backend (backend-type=linux)" },
        { "channel", dc->num_channels + dc->num_channels_t,
          "channels are served by QEMU as console backends (xenconsoled "
          "serves only the primary console)" },
        { "p9", dc->num_p9s, "9pfs shares are served by QEMU's 9pfs "
          "backend" },
    };
    size_t i;

    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (kinds[i].n)
            return libxl__seterr(cs->gc->ctx, -EOPNOTSUPP, "%s= is not "
                                 "supported: %s, and this toolstack starts "
                                 "no QEMU for it", kinds[i].key,
                                 kinds[i].why);
    return 0;
}
