/*
 * libxlutil (config formats): the xl.cfg(5) text of the settings the
 * libvirt XML conversion carries (general keys, kernel/bootloader,
 * disk= and vif= specs, on_* actions), readable by Xen's xl and ours.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uuid/uuid.h>

#include "libxl_libvirt.h"
#include "config_internal.h"
#include "libvirt_xml_internal.h"

/* A string as an xl.cfg double-quoted literal. */
static void quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\t': fputs("\\t", f); break;
        case '\r': fputs("\\r", f); break;
        default: fputc(*s, f); break;
        }
    }
    fputc('"', f);
}

static void key_str(FILE *f, const char *key, const char *s)
{
    if (!s)
        return;
    fprintf(f, "%s = ", key);
    quoted(f, s);
    fputc('\n', f);
}

/* The disk= spec of d (malloc'd). */
static char *disk_spec(const struct libxl_device_disk *d)
{
    static const char *const fmt[] = {
        [LIBXL_DISK_FORMAT_QCOW] = "qcow", [LIBXL_DISK_FORMAT_QCOW2] = "qcow2",
        [LIBXL_DISK_FORMAT_VHD] = "vhd", [LIBXL_DISK_FORMAT_RAW] = "raw",
        [LIBXL_DISK_FORMAT_EMPTY] = "empty", [LIBXL_DISK_FORMAT_QED] = "qed",
    };
    static const char *const be[] = {
        [LIBXL_DISK_BACKEND_PHY] = "phy", [LIBXL_DISK_BACKEND_TAP] = "tap",
        [LIBXL_DISK_BACKEND_QDISK] = "qdisk",
        [LIBXL_DISK_BACKEND_STANDALONE] = "standalone",
    };
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);

    if (!f)
        abort();
    /* An empty cdrom is one without a target (format=empty is ours). */
    if (d->format > 0 && d->format < 7 && fmt[d->format] &&
        d->format != LIBXL_DISK_FORMAT_EMPTY)
        fprintf(f, "format=%s, ", fmt[d->format]);
    fprintf(f, "vdev=%s, access=%s", d->vdev ? d->vdev : "",
            d->readwrite ? "rw" : "ro");
    if (d->backend > 0 && d->backend < 5 && be[d->backend])
        fprintf(f, ", backendtype=%s", be[d->backend]);
    if (d->is_cdrom)
        fputs(", devtype=cdrom", f);
    if (d->pdev_path && d->format != LIBXL_DISK_FORMAT_EMPTY)
        fprintf(f, ", target=%s", d->pdev_path);    /* last: may hold ',' */
    if (fclose(f))
        abort();
    return s;
}

/* The vif= spec of n (malloc'd). */
static char *nic_spec(const struct libxl_device_nic *n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    const char *sep = "";

    if (!f)
        abort();
#define ITEM(k, fmt, ...) \
    do { fprintf(f, "%s" k "=" fmt, sep, __VA_ARGS__); sep = ","; } while (0)
    if (n->mac_set)
        ITEM("mac", "%02x:%02x:%02x:%02x:%02x:%02x", n->mac[0], n->mac[1],
             n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
    if (n->bridge)
        ITEM("bridge", "%s", n->bridge);
    if (n->script)
        ITEM("script", "%s", n->script);
    if (n->nictype == LIBXL_NIC_TYPE_VIF)
        ITEM("type", "%s", "vif");
    else if (n->nictype == LIBXL_NIC_TYPE_VIF_IOEMU)
        ITEM("type", "%s", "ioemu");
    if (n->model)
        ITEM("model", "%s", n->model);
    if (n->ifname)
        ITEM("vifname", "%s", n->ifname);
    if (n->ip)
        ITEM("ip", "%s", n->ip);
#undef ITEM
    if (fclose(f))
        abort();
    return s;
}

static void general(FILE *f, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    static const char *const type[] = {
        [LIBXL_DOMAIN_TYPE_HVM] = "hvm", [LIBXL_DOMAIN_TYPE_PV] = "pv",
        [LIBXL_DOMAIN_TYPE_PVH] = "pvh",
    };
    char uuid[37];

    key_str(f, "name", c->c_info.name);
    if (c->c_info.uuid_set) {
        uuid_unparse_lower(c->c_info.uuid, uuid);
        key_str(f, "uuid", uuid);
    }
    if (c->c_info.type >= 1 && c->c_info.type <= 3)
        key_str(f, "type", type[c->c_info.type]);
    if (b->target_memkb)
        fprintf(f, "memory = %lld\n", (long long)(b->target_memkb / 1024));
    if (b->max_memkb && b->max_memkb != b->target_memkb)
        fprintf(f, "maxmem = %lld\n", (long long)(b->max_memkb / 1024));
    fprintf(f, "vcpus = %d\n", b->avail_vcpus);
    if (b->max_vcpus != b->avail_vcpus)
        fprintf(f, "maxvcpus = %d\n", b->max_vcpus);
    key_str(f, "kernel", b->kernel);
    key_str(f, "ramdisk", b->ramdisk);
    key_str(f, "cmdline", b->cmdline);
    key_str(f, "bootloader", b->bootloader);
}

/* name = [ "a", "b" ] over n strings got by at(i) (malloc'd each). */
static void list(FILE *f, const char *name, int n,
                 char *(*at)(const void *, int), const void *arg)
{
    char *s;
    int i;

    if (!n)
        return;
    fprintf(f, "%s = [ ", name);
    for (i = 0; i < n; i++) {
        s = at(arg, i);
        if (i)
            fputs(", ", f);
        quoted(f, s);
        free(s);
    }
    fputs(" ]\n", f);
}

static char *boot_arg(const void *arg, int i)
{
    return libxl__strdup_or_abort(((char *const *)arg)[i]);
}

static char *disk_at(const void *arg, int i)
{
    return disk_spec(&((const struct libxl_device_disk *)arg)[i]);
}

static char *nic_at(const void *arg, int i)
{
    return nic_spec(&((const struct libxl_device_nic *)arg)[i]);
}

char *libxl_domain_config_to_xlcfg(const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    const int act[] = { c->on_poweroff, c->on_reboot, c->on_crash };
    static const char *const act_key[] = { "on_poweroff", "on_reboot",
                                           "on_crash" };
    int n, i;

    if (!f)
        return NULL;
    general(f, c);
    for (n = 0; b->bootloader_args && b->bootloader_args[n]; n++)
        ;
    list(f, "bootloader_args", n, boot_arg, b->bootloader_args);
    for (i = 0; i < 3; i++)
        key_str(f, act_key[i], act[i] == LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET
                ? "soft-reset" : libxl__lv_action_name(act[i]));
    list(f, "disk", c->num_disks, disk_at, c->disks);
    list(f, "vif", c->num_nics, nic_at, c->nics);
    if (fclose(f)) {
        free(s);
        return NULL;
    }
    return s;
}
