/*
 * libxl (config model): the translation of an xl.cfg(5) config into a
 * libxl_domain_config (init'ed with Xen 4.17's defaults by config_types.c).
 * Devices are parsed by dev_disk.c / dev_vif.c.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "config_internal.h"
#include "cfg_internal.h"
#include "config_keys.h"


static void err_at(XLU_Config *cfg, const char *key, const char *fmt,
                   const char *arg)
{
    const XLU_ConfigValue *v = xlu_cfg_get_value(cfg, key);

    xlu__report(cfg, 1, v ? xlu_cfg_value_where(v) : cfg->chunk, fmt, arg);
}

static void get_str(XLU_Config *cfg, const char *key, char **field)
{
    xlu_cfg_replace_string(cfg, key, field, 0);
}

static void get_bool(XLU_Config *cfg, const char *key, libxl_defbool_t *f)
{
    int b;

    if (!xlu_cfg_get_defbool(cfg, key, &b, 0))
        f->val = b ? LIBXL_DEFBOOL_TRUE : LIBXL_DEFBOOL_FALSE;
}

static void get_action(XLU_Config *cfg, const char *key, int *field)
{
    static const char *const names[] = {
        NULL, "destroy", "restart", "rename-restart", "preserve",
        "coredump-destroy", "coredump-restart", "soft-reset",
    };
    const char *s;
    int i;

    if (xlu_cfg_get_string(cfg, key, &s, 0))
        return;
    for (i = 1; i < 8; i++)
        if (!strcmp(s, names[i])) {
            *field = i;
            return;
        }
    err_at(cfg, key, "invalid action `%s' (destroy, restart, "
           "rename-restart, preserve, coredump-destroy, coredump-restart "
           "or soft-reset)", s);
}

static void parse_type(XLU_Config *cfg, struct libxl_domain_config *c)
{
    const char *s;

    if (!xlu_cfg_get_string(cfg, "type", &s, 0)) {
        if (!strcmp(s, "pv"))
            c->c_info.type = LIBXL_DOMAIN_TYPE_PV;
        else if (!strcmp(s, "pvh"))
            c->c_info.type = LIBXL_DOMAIN_TYPE_PVH;
        else if (!strcmp(s, "hvm"))
            c->c_info.type = LIBXL_DOMAIN_TYPE_HVM;
        else
            err_at(cfg, "type", "invalid domain type `%s' (pv, pvh or hvm)",
                   s);
        xlu_cfg_get_value(cfg, "builder");       /* overridden by type */
    } else if (!xlu_cfg_get_string(cfg, "builder", &s, 0)) {
        if (!strcmp(s, "hvm"))
            c->c_info.type = LIBXL_DOMAIN_TYPE_HVM;
        else if (strcmp(s, "generic"))
            err_at(cfg, "builder", "invalid builder `%s' (generic or hvm)",
                   s);
    }
}

static void parse_memory(XLU_Config *cfg, struct libxl_domain_config *c)
{
    long mem, maxmem;
    int hm, hx;

    hm = !xlu_cfg_get_bounded_long(cfg, "memory", 1, 1L << 42, &mem, 0);
    hx = !xlu_cfg_get_bounded_long(cfg, "maxmem", 1, 1L << 42, &maxmem, 0);
    if (!hm)
        mem = 0;
    if (!hx)
        maxmem = mem;
    if (hm && hx && maxmem < mem)
        err_at(cfg, "maxmem", "maxmem (%s) is smaller than memory",
               xlu_cfg_value_get_string(xlu_cfg_get_value(cfg, "maxmem")));
    c->b_info.target_memkb = (int64_t)mem * 1024;
    c->b_info.max_memkb = (int64_t)(hx ? maxmem : mem) * 1024;
}

static void parse_cpus(XLU_Config *cfg, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    long l;

    if (!xlu_cfg_get_bounded_long(cfg, "vcpus", 1, 4096, &l, 0)) {
        b->max_vcpus = b->avail_vcpus = (int)l;
        b->vcpus_set = 1;
    }
    if (!xlu_cfg_get_bounded_long(cfg, "maxvcpus", 1, 4096, &l, 0)) {
        if (l < b->avail_vcpus)
            err_at(cfg, "maxvcpus", "maxvcpus (%s) is smaller than vcpus",
                   xlu_cfg_value_get_string(xlu_cfg_get_value(cfg,
                                                              "maxvcpus")));
        else
            b->max_vcpus = (int)l;
        b->vcpus_set = 1;
    }
    get_str(cfg, "cpus", &b->cpus);
    get_str(cfg, "cpus_soft", &b->cpus_soft);
    if (!xlu_cfg_get_bounded_long(cfg, "cpu_weight", 1, 65535, &l, 0))
        b->weight = (int)l;
    if (!xlu_cfg_get_bounded_long(cfg, "cap", 0, 100 * 4096, &l, 0))
        b->cap = (int)l;
}

static void parse_boot(XLU_Config *cfg, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    const char *root = NULL, *extra = NULL;
    long l;

    get_str(cfg, "kernel", &b->kernel);
    get_str(cfg, "ramdisk", &b->ramdisk);
    get_str(cfg, "bootloader", &b->bootloader);
    get_str(cfg, "firmware", &b->firmware);
    get_str(cfg, "device_tree", &b->device_tree);
    xlu_cfg_get_list_as_string_list(cfg, "bootloader_args",
                                    &b->bootloader_args, 0);
    xlu_cfg_get_string(cfg, "root", &root, 0);
    xlu_cfg_get_string(cfg, "extra", &extra, 0);
    if (!xlu_cfg_get_value(cfg, "cmdline") && (root || extra))
        b->cmdline = libxl__xasprintf("%s%s%s%s", root ? "root=" : "",
                                      root ? root : "",
                                      root && extra ? " " : "",
                                      extra ? extra : "");
    else
        get_str(cfg, "cmdline", &b->cmdline);
    if (!xlu_cfg_get_bounded_long(cfg, "max_grant_frames", 1, 1 << 20, &l,
                                  0))
        b->max_grant_frames = (int)l;
    if (!xlu_cfg_get_bounded_long(cfg, "max_maptrack_frames", 0, 1 << 20,
                                  &l, 0))
        b->max_maptrack_frames = (int)l;
    if (!xlu_cfg_get_bounded_long(cfg, "max_event_channels", 1, 1 << 17,
                                  &l, 0))
        b->event_channels = (uint32_t)l;
    get_bool(cfg, "nomigrate", &b->nomigrate);
    get_bool(cfg, "driver_domain", &c->c_info.driver_domain);
    get_bool(cfg, "e820_host", &b->e820_host);
    if (c->c_info.type == LIBXL_DOMAIN_TYPE_PV && !b->kernel &&
        !b->bootloader && !b->firmware)
        xlu__report(cfg, 1, cfg->chunk, "a PV guest needs kernel=, "
                    "bootloader= or firmware=");
}

/* timer_mode= by name, or (deprecated, with Xen's warning) by number. */
static void parse_timer_mode(XLU_Config *cfg,
                             struct libxl_domain_build_info *b)
{
    const XLU_ConfigValue *v = xlu_cfg_get_value(cfg, "timer_mode");
    const char *s;
    long l;

    if (!v)
        return;
    if (!xlu_cfg_get_long(cfg, "timer_mode", &l, 1)) {
        s = libxl_timer_mode_to_string((int)l);
        xlu__report(cfg, 0, xlu_cfg_value_where(v), "specifying "
                    "\"timer_mode\" as an integer is deprecated, use the "
                    "name%s%s%s", s ? " (timer_mode=\"" : "", s ? s : "",
                    s ? "\")" : "");
        if (!s)
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "invalid value %ld "
                        "for \"timer_mode\" (0..3)", l);
        else
            b->timer_mode = (int)l;
        return;
    }
    if (xlu_cfg_get_string(cfg, "timer_mode", &s, 0))
        return;
    if (libxl_timer_mode_from_string(s, &b->timer_mode))
        xlu__report(cfg, 1, xlu_cfg_value_where(v), "invalid value \"%s\" "
                    "for \"timer_mode\" (delay_for_missed_ticks, "
                    "no_delay_for_missed_ticks, no_missed_ticks_pending or "
                    "one_missed_tick_pending)", s);
}

static void parse_hvm(XLU_Config *cfg, struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    long l;

    get_str(cfg, "bios", &b->bios);
    get_str(cfg, "boot", &b->boot);
    get_str(cfg, "vga", &b->vga);
    get_str(cfg, "vnclisten", &b->vnc_listen);
    get_bool(cfg, "acpi", &b->acpi);
    get_bool(cfg, "apic", &b->apic);
    get_bool(cfg, "pae", &b->pae);
    get_bool(cfg, "nx", &b->nx);
    get_bool(cfg, "hpet", &b->hpet);
    get_bool(cfg, "hap", &b->hap);
    get_bool(cfg, "nestedhvm", &b->nested_hvm);
    parse_timer_mode(cfg, b);
    get_bool(cfg, "vnc", &b->vnc_enable);
    get_bool(cfg, "usb", &b->usb);
    xlu_cfg_get_list_as_string_list(cfg, "serial", &b->serial_list, 0);
    b->serial_is_string = xlu_cfg_get_value(cfg, "serial") &&
        xlu_cfg_value_type(xlu_cfg_get_value(cfg, "serial")) == XLU_STRING;
    xlu_cfg_get_list_as_string_list(cfg, "usbdevice", &b->usbdevice_list,
                                    0);
    if (!xlu_cfg_get_bounded_long(cfg, "videoram", 1, 1 << 20, &l, 0))
        b->video_memkb = (int64_t)l * 1024;
    if (!xlu_cfg_get_bounded_long(cfg, "shadow_memory", 0, 1 << 20, &l, 0))
        b->shadow_memkb = (int64_t)l * 1024;
    get_str(cfg, "vncpasswd", &b->vnc_passwd);
    if (!xlu_cfg_get_bounded_long(cfg, "vncdisplay", 0, 65535 - 5900, &l,
                                  0))
        b->vnc_display = (int)l;
    get_bool(cfg, "vncunused", &b->vnc_findunused);
    get_bool(cfg, "sdl", &b->sdl_enable);
    get_bool(cfg, "opengl", &b->sdl_opengl);
    get_str(cfg, "keymap", &b->keymap);
    get_str(cfg, "device_model_override", &b->device_model);
    get_str(cfg, "bios_path_override", &b->system_firmware);
    get_bool(cfg, "nographic", &b->nographic);
    libxl__parse_viridian(cfg, c);
    libxl__parse_spice(cfg, c);
}

static void parse_disks(XLU_Config *cfg, struct libxl_domain_config *c)
{
    XLU_ConfigList *list;
    int n, i;
    const char *spec;
    char *err;

    if (xlu_cfg_get_list(cfg, "disk", &list, &n, 0))
        return;
    c->disks = calloc((size_t)n + 1, sizeof(*c->disks));
    if (!c->disks)
        abort();
    for (i = 0; i < n; i++) {
        const XLU_ConfigValue *v = xlu_cfg_get_listitem2(list, i);
        struct libxl_device_disk *d = &c->disks[c->num_disks];

        spec = xlu_cfg_get_listitem(list, i);
        if (!spec) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v),
                        "disk entry %d should be a string", i);
            continue;
        }
        libxl_device_disk_init(d);
        err = NULL;
        if (libxl__parse_disk(d, spec, &err)) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "disk spec `%s': %s",
                        spec, err);
            free(err);
            libxl_device_disk_dispose(d);
            continue;
        }
        c->num_disks++;
    }
}

static void parse_nics(XLU_Config *cfg, struct libxl_domain_config *c)
{
    XLU_ConfigList *list;
    int n, i;
    const char *spec;
    char *err;

    if (xlu_cfg_get_list(cfg, "vif", &list, &n, 0))
        return;
    c->nics = calloc((size_t)n + 1, sizeof(*c->nics));
    if (!c->nics)
        abort();
    for (i = 0; i < n; i++) {
        const XLU_ConfigValue *v = xlu_cfg_get_listitem2(list, i);
        struct libxl_device_nic *d = &c->nics[c->num_nics];

        spec = xlu_cfg_get_listitem(list, i);
        if (!spec) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v),
                        "vif entry %d should be a string", i);
            continue;
        }
        libxl_device_nic_init(d);
        d->devid = i;
        err = NULL;
        if (libxl__parse_nic(d, spec, &err)) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "vif spec `%s': %s",
                        spec, err);
            free(err);
            libxl_device_nic_dispose(d);
            continue;
        }
        c->num_nics++;
    }
}

static void check_pcis(XLU_Config *cfg, struct libxl_domain_config *c)
{
    XLU_ConfigList *list;
    char *err;
    int i;

    if (!c->pcidevs || xlu_cfg_get_list(cfg, "pci", &list, NULL, 1))
        return;
    for (i = 0; i < c->num_pcidevs; i++) {
        err = NULL;
        if (libxl__check_pci(c->pcidevs[i], &err)) {
            xlu__report(cfg, 1,
                        xlu_cfg_value_where(xlu_cfg_get_listitem2(list, i)),
                        "pci spec `%s': %s", c->pcidevs[i], err);
            free(err);
        }
    }
}

static void parse_strlists(XLU_Config *cfg, struct libxl_domain_config *c)
{
    char ***lists[] = { &c->pcidevs, &c->vfbs, &c->channels };
    int *nums[] = { &c->num_pcidevs, &c->num_vfbs, &c->num_channels };
    const char *keys[] = { "pci", "vfb", "channel" };
    int i, n;

    for (i = 0; i < 3; i++) {
        if (xlu_cfg_get_list_as_string_list(cfg, keys[i], lists[i], 0))
            continue;
        for (n = 0; (*lists[i])[n]; n++)
            ;
        *nums[i] = n;
    }
    check_pcis(cfg, c);
}

/*
 * Keys parsed into the typed config that the creation pipeline does not
 * act on yet: still listed in c->unsupported so that `xl create' refuses
 * them by name instead of ignoring them.  (vfb, vkb, channel and p9 are
 * refused by the create check itself, with the reason: their backend is
 * QEMU's; create_devcheck.c.)
 */
static const char *const typed_pending[] = {
    "vtpm", "usbctrl", "usbdev", "vdispl", "vsnd", "vnuma",
    NULL,
};

static int is_pending(const char *name)
{
    int i;

    for (i = 0; typed_pending[i]; i++)
        if (!strcmp(name, typed_pending[i]))
            return 1;
    return 0;
}

/* Record known keys that are set but not handled yet. */
static void collect_unsupported(XLU_Config *cfg,
                                struct libxl_domain_config *c)
{
    struct xlu__setting *s, *t;
    int i;

    for (s = cfg->settings; s; s = s->next) {
        if (s->used && !is_pending(s->name))
            continue;
        for (t = cfg->settings; t != s; t = t->next)
            if (!strcmp(t->name, s->name))
                break;
        if (t != s)
            continue;                   /* an older duplicate */
        for (i = 0; libxl__cfg_known_keys[i]; i++)
            if (!strcmp(s->name, libxl__cfg_known_keys[i]))
                break;
        if (!libxl__cfg_known_keys[i])
            continue;
        s->used = 1;
        c->unsupported = realloc(c->unsupported, sizeof(char *) *
                                 (size_t)(c->num_unsupported + 2));
        if (!c->unsupported)
            abort();
        c->unsupported[c->num_unsupported++] =
            libxl__strdup_or_abort(s->name);
        c->unsupported[c->num_unsupported] = NULL;
    }
}

int libxl_domain_config_from_xlu(struct libxl_domain_config *c,
                                 XLU_Config *cfg)
{
    const char *s;
    int before = xlu_cfg_errors(cfg);

    parse_type(cfg, c);
    if (xlu_cfg_get_string(cfg, "name", &s, 0) == -ESRCH)
        xlu__report(cfg, 1, cfg->chunk, "missing mandatory key `name'");
    xlu_cfg_replace_string(cfg, "name", &c->c_info.name, 1);
    if (!xlu_cfg_get_string(cfg, "uuid", &s, 0)) {
        if (uuid_parse(s, c->c_info.uuid))
            err_at(cfg, "uuid", "invalid uuid `%s'", s);
    } else {
        uuid_generate(c->c_info.uuid);
    }
    c->c_info.uuid_set = 1;
    get_str(cfg, "pool", &c->c_info.pool_name);
    get_str(cfg, "seclabel", &c->c_info.ssid_label);
    c->c_info.run_hotplug_scripts.val = LIBXL_DEFBOOL_TRUE;
    c->b_info.claim_mode.val = LIBXL_DEFBOOL_TRUE;
    parse_memory(cfg, c);
    parse_cpus(cfg, c);
    get_action(cfg, "on_poweroff", &c->on_poweroff);
    get_action(cfg, "on_reboot", &c->on_reboot);
    get_action(cfg, "on_watchdog", &c->on_watchdog);
    get_action(cfg, "on_crash", &c->on_crash);
    get_action(cfg, "on_soft_reset", &c->on_soft_reset);
    parse_boot(cfg, c);
    if (c->c_info.type == LIBXL_DOMAIN_TYPE_HVM)
        parse_hvm(cfg, c);
    libxl__parse_platform(cfg, c);
    parse_disks(cfg, c);
    parse_nics(cfg, c);
    parse_strlists(cfg, c);
    libxl__parse_small_devices(cfg, c);
    libxl__parse_cpuid(cfg, c);
    libxl__parse_vnuma(cfg, c);
    collect_unsupported(cfg, c);
    xlu_cfg_warn_unused(cfg, libxl__cfg_known_keys);
    return xlu_cfg_errors(cfg) > before ? -EINVAL : 0;
}
