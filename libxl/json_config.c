/*
 * libxl (config model): libxl_domain_config as JSON with yajl, in the
 * shape of Xen 4.17's `xl -N create` (libxl_domain_config_gen_json):
 * same key names and nesting, enum values as strings, defbools as
 * "True"/"False", fields still at their default omitted.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <yajl/yajl_gen.h>

#include "config_internal.h"
#include "json_config_int.h"

/* A generator for the indented JSON xl prints (four spaces, as Xen's). */
static yajl_gen pretty_gen(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);

    if (g) {
        yajl_gen_config(g, yajl_gen_beautify, 1);
        yajl_gen_config(g, yajl_gen_indent_string, "    ");
    }
    return g;
}

/* The text generated so far as a malloc'd string (NULL: no memory); frees g. */
static char *pretty_take(yajl_gen g)
{
    const unsigned char *buf;
    size_t len;
    char *out = NULL;

    if (yajl_gen_get_buf(g, &buf, &len) == yajl_gen_status_ok)
        out = strndup((const char *)buf, len);
    yajl_gen_free(g);
    return out;
}

static void key(yajl_gen g, const char *k)
{
    yajl_gen_string(g, (const unsigned char *)k, strlen(k));
}

static void kstr(yajl_gen g, const char *k, const char *v)
{
    if (!v)
        return;
    key(g, k);
    yajl_gen_string(g, (const unsigned char *)v, strlen(v));
}

static void kint(yajl_gen g, const char *k, long long v)
{
    key(g, k);
    yajl_gen_integer(g, v);
}

static void kbool(yajl_gen g, const char *k, libxl_defbool_t b)
{
    if (b.val == LIBXL_DEFBOOL_DEFAULT)
        return;
    kstr(g, k, b.val == LIBXL_DEFBOOL_TRUE ? "True" : "False");
}

void libxl__jkey(yajl_gen g, const char *k)
{
    key(g, k);
}

void libxl__jstr(yajl_gen g, const char *k, const char *v)
{
    kstr(g, k, v);
}

void libxl__jint(yajl_gen g, const char *k, long long v)
{
    kint(g, k, v);
}

void libxl__jbool(yajl_gen g, const char *k, libxl_defbool_t b)
{
    kbool(g, k, b);
}

static void kstrv(yajl_gen g, const char *k, char **v)
{
    if (!v)
        return;
    key(g, k);
    yajl_gen_array_open(g);
    for (; *v; v++)
        yajl_gen_string(g, (const unsigned char *)*v, strlen(*v));
    yajl_gen_array_close(g);
}

static const char *type_name(int t)
{
    switch (t) {
    case LIBXL_DOMAIN_TYPE_HVM: return "hvm";
    case LIBXL_DOMAIN_TYPE_PV: return "pv";
    case LIBXL_DOMAIN_TYPE_PVH: return "pvh";
    default: return "invalid";
    }
}

static void gen_c_info(yajl_gen g, const struct libxl_domain_create_info *c,
                       libxl_defbool_t hap)
{
    char u[37];

    key(g, "c_info");
    yajl_gen_map_open(g);
    kstr(g, "type", type_name(c->type));
    kbool(g, "hap", hap);                 /* Xen 4.17 keeps hap in c_info */
    kstr(g, "name", c->name);
    kstr(g, "ssidref_label", c->ssid_label);
    if (c->domid)
        kint(g, "domid", c->domid);
    if (c->uuid_set) {
        uuid_unparse_lower(c->uuid, u);
        kstr(g, "uuid", u);
    }
    kstr(g, "pool_name", c->pool_name);
    kbool(g, "run_hotplug_scripts", c->run_hotplug_scripts);
    kbool(g, "driver_domain", c->driver_domain);
    yajl_gen_map_close(g);
}

static void gen_type_part(yajl_gen g, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;

    if (c->c_info.type == LIBXL_DOMAIN_TYPE_PV) {
        key(g, "type.pv");
        yajl_gen_map_open(g);
        kbool(g, "e820_host", b->e820_host);
        yajl_gen_map_close(g);
    } else if (c->c_info.type == LIBXL_DOMAIN_TYPE_HVM) {
        key(g, "type.hvm");
        yajl_gen_map_open(g);
        kstr(g, "firmware", b->firmware);
        kstr(g, "bios", b->bios);
        kbool(g, "pae", b->pae);
        kbool(g, "apic", b->apic);
        kbool(g, "nx", b->nx);
        kbool(g, "hpet", b->hpet);
        kbool(g, "acpi_s3", b->acpi_s3);
        kbool(g, "acpi_s4", b->acpi_s4);
        key(g, "vga");                  /* structs: always, maybe {} */
        yajl_gen_map_open(g);
        if (b->vga)
            kstr(g, "kind", !strcmp(b->vga, "stdvga") ? "std" : b->vga);
        yajl_gen_map_close(g);
        if (b->serial_is_string && b->serial_list && b->serial_list[0] &&
            !b->serial_list[1])
            kstr(g, "serial", b->serial_list[0]);
        else
            kstrv(g, "serial_list", b->serial_list);
        kstr(g, "boot", b->boot);
        kbool(g, "usb", b->usb);
        kstrv(g, "usbdevice_list", b->usbdevice_list);
        if (b->usbversion)
            kint(g, "usbversion", b->usbversion);
        if (b->hdtype == LIBXL_HDTYPE_AHCI)
            kstr(g, "hdtype", "ahci");
        if (b->mmio_hole_memkb)
            kint(g, "mmio_hole_memkb", (long long)b->mmio_hole_memkb);
        kbool(g, "xen_platform_pci", b->xen_platform_pci);
        if (b->vendor_device == LIBXL_VENDOR_DEVICE_XENSERVER)
            kstr(g, "vendor_device", "xenserver");
        libxl__json_hvm_extras(g, c);
        key(g, "rdm");
        yajl_gen_map_open(g);
        yajl_gen_map_close(g);
        yajl_gen_map_close(g);
    } else {
        key(g, "type.pvh");
        yajl_gen_map_open(g);
        yajl_gen_map_close(g);
    }
}

static void gen_b_info(yajl_gen g, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    int i;

    key(g, "b_info");
    yajl_gen_map_open(g);
    /* Without vcpus= Xen's xl leaves these to libxl's defaults (1). */
    if (b->vcpus_set || b->max_vcpus != 1 || b->avail_vcpus != 1) {
        kint(g, "max_vcpus", b->max_vcpus);
        key(g, "avail_vcpus");
        yajl_gen_array_open(g);
        for (i = 0; i < b->avail_vcpus; i++)
            yajl_gen_integer(g, i);
        yajl_gen_array_close(g);
    }
    kstr(g, "cpus", b->cpus);
    kstr(g, "cpus_soft", b->cpus_soft);
    if (b->max_memkb)
        kint(g, "max_memkb", b->max_memkb);
    if (b->target_memkb)
        kint(g, "target_memkb", b->target_memkb);
    if (b->video_memkb >= 0)
        kint(g, "video_memkb", b->video_memkb);
    if (b->shadow_memkb >= 0)
        kint(g, "shadow_memkb", b->shadow_memkb);
    if (b->event_channels)
        kint(g, "event_channels", b->event_channels);
    if (b->max_grant_frames >= 0)
        kint(g, "max_grant_frames", b->max_grant_frames);
    if (b->max_maptrack_frames >= 0)
        kint(g, "max_maptrack_frames", b->max_maptrack_frames);
    key(g, "sched_params");
    yajl_gen_map_open(g);
    if (b->weight)
        kint(g, "weight", b->weight);
    if (b->cap)
        kint(g, "cap", b->cap);
    yajl_gen_map_close(g);
    kbool(g, "claim_mode", b->claim_mode);
    kbool(g, "disable_migrate", b->nomigrate);
    kstr(g, "device_model", b->device_model);
    kstr(g, "device_tree", b->device_tree);
    kstr(g, "kernel", b->kernel);
    kstr(g, "cmdline", b->cmdline);
    kstr(g, "ramdisk", b->ramdisk);
    /* Xen 4.17: a uint32 (a negative offset wraps), localtime a defbool,
     * the device model arguments as "extra" and "extra_hvm". */
    if (b->rtc_timeoffset)
        kint(g, "rtc_timeoffset", (uint32_t)b->rtc_timeoffset);
    if (b->localtime)
        kstr(g, "localtime", "True");
    kstrv(g, "extra", b->dm_args);
    kstrv(g, "extra_hvm", b->dm_args_hvm);
    /* Xen 4.17: bootloader and acpi live in b_info itself. */
    if (c->c_info.type == LIBXL_DOMAIN_TYPE_PV) {
        kstr(g, "bootloader", b->bootloader);
        kstrv(g, "bootloader_args", b->bootloader_args);
    }
    if (c->c_info.type == LIBXL_DOMAIN_TYPE_HVM) {
        kbool(g, "acpi", b->acpi);
        kstr(g, "timer_mode", libxl_timer_mode_to_string(b->timer_mode));
        kbool(g, "nested_hvm", b->nested_hvm);
    }
    libxl__json_cpuid(g, b);
    libxl__json_vnuma(g, b);
    gen_type_part(g, c);
    key(g, "arch_arm");                 /* always there, empty here */
    yajl_gen_map_open(g);
    yajl_gen_map_close(g);
    key(g, "arch_x86");
    yajl_gen_map_open(g);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
}

static const char *const formats[] = {
    "unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed",
};
static const char *const backends[] = {
    "unknown", "phy", "tap", "qdisk", "standalone",
};

static void gen_disk(yajl_gen g, const struct libxl_device_disk *d)
{
    yajl_gen_map_open(g);
    kstr(g, "backend_domname", d->backend_domname);
    /* An empty cdrom has an empty target in Xen's JSON. */
    kstr(g, "pdev_path", d->pdev_path ? d->pdev_path
         : d->format == LIBXL_DISK_FORMAT_EMPTY ? "" : NULL);
    kstr(g, "vdev", d->vdev);
    if (d->backend)
        kstr(g, "backend", backends[d->backend]);
    if (d->format)
        kstr(g, "format", formats[d->format]);
    kstr(g, "script", d->script);
    if (d->removable)
        kint(g, "removable", d->removable);
    if (d->readwrite)
        kint(g, "readwrite", d->readwrite);
    if (d->is_cdrom)
        kint(g, "is_cdrom", d->is_cdrom);
    kbool(g, "direct_io_safe", d->direct_io_safe);
    kbool(g, "discard_enable", d->discard_enable);
    if (d->specification_virtio)
        kstr(g, "specification", "virtio");
    yajl_gen_map_close(g);
}

char *libxl_device_disk_to_json(const struct libxl_device_disk *d)
{
    yajl_gen g = pretty_gen();

    if (!g)
        return NULL;
    gen_disk(g, d);
    return pretty_take(g);
}

static void gen_nic(yajl_gen g, const struct libxl_device_nic *n)
{
    char mac[18];

    yajl_gen_map_open(g);
    kstr(g, "backend_domname", n->backend_domname);
    kint(g, "devid", n->devid);
    if (n->mtu)
        kint(g, "mtu", n->mtu);
    kstr(g, "model", n->model);
    if (n->mac_set) {
        snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
                 n->mac[0], n->mac[1], n->mac[2], n->mac[3], n->mac[4],
                 n->mac[5]);
        kstr(g, "mac", mac);
    }
    kstr(g, "ip", n->ip);
    kstr(g, "bridge", n->bridge);
    kstr(g, "ifname", n->ifname);
    kstr(g, "script", n->script);
    if (n->nictype)
        kstr(g, "nictype", n->nictype == LIBXL_NIC_TYPE_VIF ? "vif"
                                                           : "vif_ioemu");
    if (n->rate_bytes_per_interval) {
        kint(g, "rate_bytes_per_interval",
             (long long)n->rate_bytes_per_interval);
        kint(g, "rate_interval_usecs", n->rate_interval_usecs);
    }
    kstr(g, "gatewaydev", n->gatewaydev);
    kstr(g, "coloft_forwarddev", n->coloft_forwarddev);
    kbool(g, "trusted", n->trusted);
    yajl_gen_map_close(g);
}

LIBXL_TYPES_API char *libxl_device_nic_to_json(
    const struct libxl_device_nic *n)
{
    yajl_gen g = pretty_gen();

    if (!g)
        return NULL;
    gen_nic(g, n);
    return pretty_take(g);
}

LIBXL_TYPES_API char *libxl_device_vkb_to_json(
    const struct libxl_device_vkb *b)
{
    yajl_gen g = pretty_gen();

    if (!g)
        return NULL;
    libxl__json_vkb(g, b);
    return pretty_take(g);
}

static const char *action_name(int a)
{
    static const char *const names[] = {
        "invalid", "destroy", "restart", "restart_rename", "preserve",
        "coredump_destroy", "coredump_restart", "soft_reset",
    };

    return a >= 1 && a <= 7 ? names[a] : "invalid";
}

static void kaction(yajl_gen g, const char *k, int a)
{
    if (a != LIBXL_ACTION_ON_SHUTDOWN_DESTROY)
        kstr(g, k, action_name(a));
}

char *libxl_domain_config_to_json(const struct libxl_domain_config *c)
{
    yajl_gen g = pretty_gen();
    int i;

    if (!g)
        return NULL;
    yajl_gen_map_open(g);
    gen_c_info(g, &c->c_info, c->b_info.hap);
    gen_b_info(g, c);
    if (c->num_disks) {
        key(g, "disks");
        yajl_gen_array_open(g);
        for (i = 0; i < c->num_disks; i++)
            gen_disk(g, &c->disks[i]);
        yajl_gen_array_close(g);
    }
    if (c->num_nics) {
        key(g, "nics");
        yajl_gen_array_open(g);
        for (i = 0; i < c->num_nics; i++)
            gen_nic(g, &c->nics[i]);
        yajl_gen_array_close(g);
    }
    libxl__json_small_devices(g, c);
    /* destroy is the actions' default: Xen leaves it out. */
    kaction(g, "on_poweroff", c->on_poweroff);
    kaction(g, "on_reboot", c->on_reboot);
    kaction(g, "on_watchdog", c->on_watchdog);
    kaction(g, "on_crash", c->on_crash);
    kaction(g, "on_soft_reset", c->on_soft_reset);
    yajl_gen_map_close(g);
    return pretty_take(g);
}
