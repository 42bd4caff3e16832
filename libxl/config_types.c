/*
 * libxl (config model): init and dispose of libxl_domain_config and its
 * devices, with Xen 4.17's defaults.  Part of libxenlight.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static void free_strv(char **v)
{
    char **p;

    for (p = v; p && *p; p++)
        free(*p);
    free(v);
}

void libxl_device_disk_init(struct libxl_device_disk *d)
{
    memset(d, 0, sizeof(*d));
}

void libxl_device_disk_dispose(struct libxl_device_disk *d)
{
    free(d->backend_domname);
    free(d->pdev_path);
    free(d->vdev);
    free(d->script);
    libxl_device_disk_init(d);
}

void libxl_device_nic_init(struct libxl_device_nic *n)
{
    memset(n, 0, sizeof(*n));
}

void libxl_device_nic_dispose(struct libxl_device_nic *n)
{
    free(n->backend_domname);
    free(n->model);
    free(n->ip);
    free(n->bridge);
    free(n->ifname);
    free(n->script);
    free(n->gatewaydev);
    free(n->coloft_forwarddev);
    libxl_device_nic_init(n);
}

void libxl_domain_config_init(struct libxl_domain_config *c)
{
    memset(c, 0, sizeof(*c));
    c->c_info.type = LIBXL_DOMAIN_TYPE_PV;
    c->b_info.max_vcpus = 1;
    c->b_info.avail_vcpus = 1;
    c->b_info.video_memkb = -1;
    c->b_info.shadow_memkb = -1;
    c->b_info.max_grant_frames = -1;
    c->b_info.max_maptrack_frames = -1;
    c->b_info.timer_mode = LIBXL_TIMER_MODE_DEFAULT;
    c->on_poweroff = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_reboot = LIBXL_ACTION_ON_SHUTDOWN_RESTART;
    c->on_watchdog = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_crash = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    c->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET;
}

void libxl_domain_config_dispose(struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    int i;

    free(c->c_info.name);
    free(c->c_info.pool_name);
    free(c->c_info.ssid_label);
    free(b->cpus);
    free(b->cpus_soft);
    free(b->kernel);
    free(b->cmdline);
    free(b->ramdisk);
    free(b->device_tree);
    free(b->bootloader);
    free_strv(b->bootloader_args);
    free(b->firmware);
    free(b->bios);
    free(b->boot);
    free(b->vga);
    free(b->vnc_listen);
    free_strv(b->serial_list);
    free_strv(b->usbdevice_list);
    free_strv(b->dm_args);
    free_strv(b->dm_args_hvm);
    for (i = 0; i < c->num_disks; i++)
        libxl_device_disk_dispose(&c->disks[i]);
    free(c->disks);
    for (i = 0; i < c->num_nics; i++)
        libxl_device_nic_dispose(&c->nics[i]);
    free(c->nics);
    free_strv(c->pcidevs);
    free_strv(c->vfbs);
    free_strv(c->channels);
    free_strv(c->unsupported);
    libxl__config_dispose_small_devices(c);
    memset(c, 0, sizeof(*c));
}

static const char *const timer_modes[] = {
    "delay_for_missed_ticks", "no_delay_for_missed_ticks",
    "no_missed_ticks_pending", "one_missed_tick_pending",
};

LIBXL_TYPES_API const char *libxl_timer_mode_to_string(int mode)
{
    if (mode < 0 || mode >= (int)(sizeof(timer_modes) /
                                  sizeof(timer_modes[0])))
        return NULL;
    return timer_modes[mode];
}

LIBXL_TYPES_API int libxl_timer_mode_from_string(const char *s, int *mode)
{
    int i;

    for (i = 0; i < (int)(sizeof(timer_modes) / sizeof(timer_modes[0]));
         i++)
        if (!strcmp(s, timer_modes[i])) {
            *mode = i;
            return 0;
        }
    return -EINVAL;
}
