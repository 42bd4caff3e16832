/*
 * xl: the commands of Xen's xl not implemented yet: each says so on
 * stderr and exits 1 (never a silent success).
 */
#include "config.h"

#include "xl.h"

#define NOT_YET(verb) \
    int cmd_##verb(struct xl_env *env, int argc, char **argv) \
    { \
        (void)argc; \
        (void)argv; \
        return xl_not_supported(env); \
    }

NOT_YET(config_update)
NOT_YET(pci_attach)
NOT_YET(pci_detach)
NOT_YET(pci_list)
NOT_YET(pci_assignable_add)
NOT_YET(pci_assignable_remove)
NOT_YET(pci_assignable_list)
NOT_YET(mem_set)
NOT_YET(vcpu_set)
NOT_YET(sharing)
NOT_YET(sched_credit)
NOT_YET(sched_rtds)
NOT_YET(debug_keys)
NOT_YET(set_parameters)
NOT_YET(top)
NOT_YET(vtpm_attach)
NOT_YET(vtpm_list)
NOT_YET(vtpm_detach)
NOT_YET(vdispl_attach)
NOT_YET(vdispl_list)
NOT_YET(vdispl_detach)
NOT_YET(vsnd_attach)
NOT_YET(vsnd_list)
NOT_YET(vsnd_detach)
NOT_YET(claims)
NOT_YET(cpupool_create)
NOT_YET(cpupool_destroy)
NOT_YET(cpupool_rename)
NOT_YET(cpupool_cpu_add)
NOT_YET(cpupool_cpu_remove)
NOT_YET(cpupool_migrate)
NOT_YET(cpupool_numa_split)
NOT_YET(getenforce)
NOT_YET(setenforce)
NOT_YET(loadpolicy)
NOT_YET(remus)
NOT_YET(devd)
NOT_YET(psr_hwinfo)
NOT_YET(psr_cmt_attach)
NOT_YET(psr_cmt_detach)
NOT_YET(psr_cmt_show)
NOT_YET(psr_cat_set)
NOT_YET(psr_cat_show)
NOT_YET(psr_mba_set)
NOT_YET(psr_mba_show)
NOT_YET(usbctrl_attach)
NOT_YET(usbctrl_detach)
NOT_YET(usbdev_attach)
NOT_YET(usbdev_detach)
NOT_YET(usb_list)
