/*
 * libxl (config model): libxl_domain_config back from the JSON written by
 * json_config.c (Xen's libxl_domain_config layout), with yajl's tree
 * parser.  Fields absent from the JSON keep their defaults.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>
#include <yajl/yajl_tree.h>

#include "config_internal.h"
#include "json_config_parse_int.h"

static yajl_val get(yajl_val obj, const char *k)
{
    const char *path[] = { k, NULL };

    return obj ? yajl_tree_get(obj, path, yajl_t_any) : NULL;
}

static void jstr(yajl_val o, const char *k, char **f)
{
    yajl_val v = get(o, k);

    if (YAJL_IS_STRING(v)) {
        free(*f);
        *f = libxl__strdup_or_abort((v)->u.string);
    }
}

static void jint(yajl_val o, const char *k, long long *f)
{
    yajl_val v = get(o, k);

    if (YAJL_IS_INTEGER(v))
        *f = YAJL_GET_INTEGER(v);
}

#define JINT(o, k, f) do { long long t_ = (f); jint(o, k, &t_); \
                           (f) = t_; } while (0)

static void jbool(yajl_val o, const char *k, libxl_defbool_t *f)
{
    yajl_val v = get(o, k);

    if (YAJL_IS_STRING(v))
        f->val = !strcmp((v)->u.string, "True") ? LIBXL_DEFBOOL_TRUE
                                                     : LIBXL_DEFBOOL_FALSE;
}

static void jstrv(yajl_val o, const char *k, char ***f)
{
    yajl_val v = get(o, k);
    size_t i;

    if (!YAJL_IS_ARRAY(v))
        return;
    *f = calloc(v->u.array.len + 1, sizeof(char *));
    if (!*f)
        abort();
    for (i = 0; i < v->u.array.len; i++)
        (*f)[i] = libxl__strdup_or_abort(
            YAJL_IS_STRING(v->u.array.values[i]) ?
            (v->u.array.values[i])->u.string : "");
}

static int lookup(const char *s, const char *const *names, int n)
{
    int i;

    for (i = 0; s && i < n; i++)
        if (names[i] && !strcmp(s, names[i]))
            return i;
    return -1;
}

yajl_val libxl__jget(yajl_val obj, const char *k)
{
    return get(obj, k);
}

void libxl__jrstr(yajl_val o, const char *k, char **f)
{
    jstr(o, k, f);
}

void libxl__jrint(yajl_val o, const char *k, long long *f)
{
    jint(o, k, f);
}

void libxl__jrbool(yajl_val o, const char *k, libxl_defbool_t *f)
{
    jbool(o, k, f);
}

static void jenum(yajl_val o, const char *k, int *f,
                  const char *const *names, int n)
{
    yajl_val v = get(o, k);
    int i = YAJL_IS_STRING(v) ? lookup((v)->u.string, names, n) : -1;

    if (i >= 0)
        *f = i;
}

static const char *const types[] = { NULL, "hvm", "pv", "pvh" };
static const char *const actions[] = {
    NULL, "destroy", "restart", "restart_rename", "preserve",
    "coredump_destroy", "coredump_restart", "soft_reset",
};
static const char *const formats[] = {
    "unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed",
};
static const char *const backends[] = {
    "unknown", "phy", "tap", "qdisk", "standalone",
};
static const char *const nictypes[] = { "unknown", "vif_ioemu", "vif" };

/* rtc_timeoffset (a uint32 in Xen's JSON) and localtime. */
static void from_clock(yajl_val b, struct libxl_domain_build_info *bi)
{
    libxl_defbool_t lt = { 0 };
    long long off = 0;

    jint(b, "rtc_timeoffset", &off);
    bi->rtc_timeoffset = (int32_t)(uint32_t)off;
    jbool(b, "localtime", &lt);
    bi->localtime = lt.val == LIBXL_DEFBOOL_TRUE;
}

static void from_b_info(yajl_val b, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *bi = &c->b_info;
    yajl_val t, v, s = get(b, "sched_params");

    if (get(b, "max_vcpus"))
        bi->vcpus_set = 1;
    JINT(b, "max_vcpus", bi->max_vcpus);
    v = get(b, "avail_vcpus");
    if (YAJL_IS_ARRAY(v))
        bi->avail_vcpus = (int)v->u.array.len;
    jstr(b, "cpus", &bi->cpus);
    jstr(b, "cpus_soft", &bi->cpus_soft);
    JINT(b, "max_memkb", bi->max_memkb);
    JINT(b, "target_memkb", bi->target_memkb);
    JINT(b, "video_memkb", bi->video_memkb);
    JINT(b, "shadow_memkb", bi->shadow_memkb);
    JINT(b, "event_channels", bi->event_channels);
    JINT(b, "max_grant_frames", bi->max_grant_frames);
    JINT(b, "max_maptrack_frames", bi->max_maptrack_frames);
    JINT(s, "weight", bi->weight);
    JINT(s, "cap", bi->cap);
    jbool(b, "claim_mode", &bi->claim_mode);
    jbool(b, "disable_migrate", &bi->nomigrate);
    jstr(b, "device_model", &bi->device_model);
    jstr(b, "device_tree", &bi->device_tree);
    jstr(b, "kernel", &bi->kernel);
    jstr(b, "cmdline", &bi->cmdline);
    jstr(b, "ramdisk", &bi->ramdisk);
    from_clock(b, bi);
    jstrv(b, "extra", &bi->dm_args);
    jstrv(b, "extra_hvm", &bi->dm_args_hvm);
    libxl__from_json_cpuid(b, bi);
    jstr(b, "bootloader", &bi->bootloader);     /* Xen 4.17's place */
    jstrv(b, "bootloader_args", &bi->bootloader_args);
    jbool(b, "acpi", &bi->acpi);
    jbool(b, "nested_hvm", &bi->nested_hvm);
    if (YAJL_IS_STRING(get(b, "timer_mode")))
        libxl_timer_mode_from_string(get(b, "timer_mode")->u.string,
                                     &bi->timer_mode);
    if ((t = get(b, "type.pv"))) {
        jstr(t, "bootloader", &bi->bootloader);
        jstrv(t, "bootloader_args", &bi->bootloader_args);
        jbool(t, "e820_host", &bi->e820_host);
    }
    if ((t = get(b, "type.hvm"))) {
        libxl_defbool_t lt = { 0 };

        jstr(t, "firmware", &bi->firmware);
        jstr(t, "bios", &bi->bios);
        jbool(t, "pae", &bi->pae);
        jbool(t, "apic", &bi->apic);
        jbool(t, "acpi", &bi->acpi);
        jbool(t, "nx", &bi->nx);
        jbool(t, "hpet", &bi->hpet);
        jbool(t, "localtime", &lt);     /* where we kept it before */
        if (lt.val == LIBXL_DEFBOOL_TRUE)
            bi->localtime = 1;
        jbool(t, "acpi_s3", &bi->acpi_s3);
        jbool(t, "acpi_s4", &bi->acpi_s4);
        jbool(t, "xen_platform_pci", &bi->xen_platform_pci);
        JINT(t, "usbversion", bi->usbversion);
        JINT(t, "mmio_hole_memkb", bi->mmio_hole_memkb);
        v = get(t, "hdtype");
        if (YAJL_IS_STRING(v))
            bi->hdtype = !strcmp(v->u.string, "ahci") ? LIBXL_HDTYPE_AHCI
                                                      : LIBXL_HDTYPE_IDE;
        v = get(t, "vendor_device");
        if (YAJL_IS_STRING(v) && !strcmp(v->u.string, "xenserver"))
            bi->vendor_device = LIBXL_VENDOR_DEVICE_XENSERVER;
        if ((v = get(t, "vga"))) {
            jstr(v, "kind", &bi->vga);
            if (bi->vga && !strcmp(bi->vga, "std")) {
                free(bi->vga);
                bi->vga = libxl__strdup_or_abort("stdvga");
            }
        }
        if ((v = get(t, "vnc"))) {
            jbool(v, "enable", &bi->vnc_enable);
            jstr(v, "listen", &bi->vnc_listen);
        }
        jstrv(t, "serial_list", &bi->serial_list);
        if (YAJL_IS_STRING(get(t, "serial"))) {
            char *one = NULL;

            jstr(t, "serial", &one);
            bi->serial_list = calloc(2, sizeof(char *));
            if (!bi->serial_list)
                abort();
            bi->serial_list[0] = one;
            bi->serial_is_string = 1;
        }
        jstr(t, "boot", &bi->boot);
        jbool(t, "usb", &bi->usb);
        jstrv(t, "usbdevice_list", &bi->usbdevice_list);
    }
}

static void from_disk(yajl_val o, struct libxl_device_disk *d)
{
    yajl_val v = get(o, "specification");

    jstr(o, "backend_domname", &d->backend_domname);
    jstr(o, "pdev_path", &d->pdev_path);
    jstr(o, "vdev", &d->vdev);
    jenum(o, "backend", &d->backend, backends, 5);
    jenum(o, "format", &d->format, formats, 7);
    jstr(o, "script", &d->script);
    JINT(o, "removable", d->removable);
    JINT(o, "readwrite", d->readwrite);
    JINT(o, "is_cdrom", d->is_cdrom);
    jbool(o, "direct_io_safe", &d->direct_io_safe);
    jbool(o, "discard_enable", &d->discard_enable);
    d->specification_virtio = YAJL_IS_STRING(v) &&
                              !strcmp((v)->u.string, "virtio");
    d->devid = d->vdev ? libxl_vdev_to_devid(d->vdev) : -1;
}

static void from_nic(yajl_val o, struct libxl_device_nic *n)
{
    yajl_val v = get(o, "mac");
    unsigned m[6];
    long long r = 0, iv = 0;
    int i;

    jstr(o, "backend_domname", &n->backend_domname);
    JINT(o, "devid", n->devid);
    JINT(o, "mtu", n->mtu);
    jstr(o, "model", &n->model);
    if (YAJL_IS_STRING(v) &&
        sscanf((v)->u.string, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1],
               &m[2], &m[3], &m[4], &m[5]) == 6) {
        for (i = 0; i < 6; i++)
            n->mac[i] = (uint8_t)m[i];
        n->mac_set = 1;
    }
    jstr(o, "ip", &n->ip);
    jstr(o, "bridge", &n->bridge);
    jstr(o, "ifname", &n->ifname);
    jstr(o, "script", &n->script);
    jenum(o, "nictype", &n->nictype, nictypes, 3);
    jint(o, "rate_bytes_per_interval", &r);
    jint(o, "rate_interval_usecs", &iv);
    n->rate_bytes_per_interval = (uint64_t)r;
    n->rate_interval_usecs = (uint32_t)iv;
    jstr(o, "gatewaydev", &n->gatewaydev);
    jstr(o, "coloft_forwarddev", &n->coloft_forwarddev);
    jbool(o, "trusted", &n->trusted);
}

int libxl_domain_config_from_json(struct libxl_domain_config *c,
                                  const char *json, char **err_r)
{
    char ebuf[256];
    yajl_val root = yajl_tree_parse(json, ebuf, sizeof(ebuf)), ci, v;
    long long dom;
    size_t i;

    if (!root || !YAJL_IS_OBJECT(root)) {
        if (err_r)
            *err_r = libxl__xasprintf("invalid JSON: %s",
                                      root ? "not an object" : ebuf);
        yajl_tree_free(root);
        return -EINVAL;
    }
    ci = get(root, "c_info");
    jenum(ci, "type", &c->c_info.type, types, 4);
    jstr(ci, "name", &c->c_info.name);
    jstr(ci, "ssidref_label", &c->c_info.ssid_label);
    /* A guest's id (1 .. 0x7fef); Xen's INVALID_DOMID and RANDOM_DOMID
     * mean "any", as no id does. */
    dom = 0;
    jint(ci, "domid", &dom);
    c->c_info.domid = dom > 0 && dom < 0x7ff0 ? (uint32_t)dom : 0;
    v = get(ci, "uuid");
    if (YAJL_IS_STRING(v) && !uuid_parse((v)->u.string, c->c_info.uuid))
        c->c_info.uuid_set = 1;
    jstr(ci, "pool_name", &c->c_info.pool_name);
    jbool(ci, "run_hotplug_scripts", &c->c_info.run_hotplug_scripts);
    jbool(ci, "driver_domain", &c->c_info.driver_domain);
    jbool(ci, "hap", &c->b_info.hap);
    from_b_info(get(root, "b_info"), c);
    v = get(root, "disks");
    if (YAJL_IS_ARRAY(v)) {
        c->disks = calloc(v->u.array.len + 1, sizeof(*c->disks));
        if (!c->disks)
            abort();
        for (i = 0; i < v->u.array.len; i++)
            from_disk(v->u.array.values[i], &c->disks[c->num_disks++]);
    }
    v = get(root, "nics");
    if (YAJL_IS_ARRAY(v)) {
        c->nics = calloc(v->u.array.len + 1, sizeof(*c->nics));
        if (!c->nics)
            abort();
        for (i = 0; i < v->u.array.len; i++)
            from_nic(v->u.array.values[i], &c->nics[c->num_nics++]);
    }
    libxl__from_json_small(root, c);
    /* An action left out is destroy (its default, which Xen omits). */
    c->on_poweroff = c->on_reboot = c->on_watchdog = c->on_crash =
        c->on_soft_reset = LIBXL_ACTION_ON_SHUTDOWN_DESTROY;
    jenum(root, "on_poweroff", &c->on_poweroff, actions, 8);
    jenum(root, "on_reboot", &c->on_reboot, actions, 8);
    jenum(root, "on_watchdog", &c->on_watchdog, actions, 8);
    jenum(root, "on_crash", &c->on_crash, actions, 8);
    jenum(root, "on_soft_reset", &c->on_soft_reset, actions, 8);
    yajl_tree_free(root);
    return 0;
}
