/*
 * libxlutil (config formats): typed domain config -> libvirt domain XML,
 * for the settings libvirt's xen-xl converter maps (see
 * libvirt_xml_in.c for the other way).  Built with libxml2's tree API.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <uuid/uuid.h>

#include "libxl_libvirt.h"
#include "config_internal.h"
#include "libvirt_xml_internal.h"

static const char *const converted_keys[] = {
    "name", "uuid", "type", "builder", "memory", "maxmem", "vcpus",
    "maxvcpus", "kernel", "ramdisk", "cmdline", "root", "extra",
    "bootloader", "bootloader_args", "disk", "vif", "on_poweroff",
    "on_reboot", "on_crash", NULL,
};

int libxl_libvirt_xml_converts_key(const char *key)
{
    const char *const *k;

    for (k = converted_keys; *k; k++)
        if (!strcmp(*k, key))
            return 1;
    return 0;
}

static void warn(const char *name, FILE *report, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void warn(const char *name, FILE *report, const char *fmt, ...)
{
    va_list ap;

    if (!report)
        return;
    fprintf(report, "%s: warning: ", name);
    va_start(ap, fmt);
    vfprintf(report, fmt, ap);
    va_end(ap);
    fputc('\n', report);
}

static xmlNode *child(xmlNode *parent, const char *name, const char *text)
{
    xmlNode *n = xmlNewTextChild(parent, NULL, (const xmlChar *)name,
                                 (const xmlChar *)text);

    if (!n)
        abort();
    return n;
}

static void prop(xmlNode *n, const char *name, const char *value)
{
    if (!xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)value))
        abort();
}

static xmlNode *child_fmt(xmlNode *parent, const char *name,
                          const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static xmlNode *child_fmt(xmlNode *parent, const char *name,
                          const char *fmt, ...)
{
    va_list ap;
    xmlNode *n;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    n = child(parent, name, s);
    free(s);
    return n;
}

static void general(xmlNode *dom, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    char uuid[37];
    xmlNode *n;
    char *args;
    size_t len = 0;
    char **p;

    if (c->c_info.name)
        child(dom, "name", c->c_info.name);
    if (c->c_info.uuid_set) {
        uuid_unparse_lower(c->c_info.uuid, uuid);
        child(dom, "uuid", uuid);
    }
    if (b->max_memkb) {
        n = child_fmt(dom, "memory", "%lld", (long long)b->max_memkb);
        prop(n, "unit", "KiB");
        n = child_fmt(dom, "currentMemory", "%lld",
                      (long long)b->target_memkb);
        prop(n, "unit", "KiB");
    }
    n = child_fmt(dom, "vcpu", "%d", b->max_vcpus);
    if (b->avail_vcpus != b->max_vcpus) {
        char num[16];

        snprintf(num, sizeof(num), "%d", b->avail_vcpus);
        prop(n, "current", num);
    }
    if (b->bootloader)
        child(dom, "bootloader", b->bootloader);
    if (b->bootloader_args && b->bootloader_args[0]) {
        for (p = b->bootloader_args; *p; p++)
            len += strlen(*p) + 1;
        args = calloc(1, len + 1);
        if (!args)
            abort();
        for (p = b->bootloader_args; *p; p++) {
            if (p != b->bootloader_args)
                strcat(args, " ");
            strcat(args, *p);
        }
        child(dom, "bootloader_args", args);
        free(args);
    }
}

static void os(xmlNode *dom, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    xmlNode *o = child(dom, "os", NULL), *t;

    switch (c->c_info.type) {
    case LIBXL_DOMAIN_TYPE_HVM:
        t = child(o, "type", "hvm");
        prop(t, "machine", "xenfv");
        break;
    case LIBXL_DOMAIN_TYPE_PVH:
        t = child(o, "type", "xenpvh");
        prop(t, "machine", "xenpvh");
        break;
    default:
        t = child(o, "type", "linux");
        prop(t, "machine", "xenpv");
        break;
    }
    if (b->kernel)
        child(o, "kernel", b->kernel);
    if (b->ramdisk)
        child(o, "initrd", b->ramdisk);
    if (b->cmdline)
        child(o, "cmdline", b->cmdline);
}

static void actions(xmlNode *dom, const struct libxl_domain_config *c,
                    const char *name, FILE *report)
{
    static const char *const el[] = { "on_poweroff", "on_reboot",
                                      "on_crash" };
    const int v[] = { c->on_poweroff, c->on_reboot, c->on_crash };
    const char *s;
    int i;

    for (i = 0; i < 3; i++) {
        s = libxl__lv_action_name(v[i]);
        if (s)
            child(dom, el[i], s);
        else
            warn(name, report, "%s=soft-reset has no libvirt form (left "
                 "out)", el[i]);
    }
}

static const char *disk_bus(const char *vdev)
{
    if (!strncmp(vdev, "hd", 2))
        return "ide";
    if (!strncmp(vdev, "sd", 2))
        return "scsi";
    return "xen";
}

static void disk(xmlNode *devs, const struct libxl_device_disk *d,
                 const char *name, FILE *report)
{
    static const char *const fmt[] = {
        [LIBXL_DISK_FORMAT_QCOW] = "qcow", [LIBXL_DISK_FORMAT_QCOW2] = "qcow2",
        [LIBXL_DISK_FORMAT_VHD] = "vhd", [LIBXL_DISK_FORMAT_RAW] = "raw",
        [LIBXL_DISK_FORMAT_QED] = "qed",
    };
    static const char *const be[] = {
        [LIBXL_DISK_BACKEND_PHY] = "phy", [LIBXL_DISK_BACKEND_TAP] = "tap",
        [LIBXL_DISK_BACKEND_QDISK] = "qemu",
    };
    int block = d->backend == LIBXL_DISK_BACKEND_PHY ||
                (d->pdev_path && !strncmp(d->pdev_path, "/dev/", 5));
    xmlNode *n = child(devs, "disk", NULL), *x;
    const char *vdev = d->vdev ? d->vdev : "";

    prop(n, "type", block ? "block" : "file");
    prop(n, "device", d->is_cdrom ? "cdrom" : "disk");
    if ((d->backend > 0 && d->backend < 4 && be[d->backend]) ||
        (d->format > 0 && d->format < 7 && fmt[d->format])) {
        x = child(n, "driver", NULL);
        if (d->backend > 0 && d->backend < 4 && be[d->backend])
            prop(x, "name", be[d->backend]);
        if (d->format > 0 && d->format < 7 && fmt[d->format])
            prop(x, "type", fmt[d->format]);
    }
    if (d->backend == LIBXL_DISK_BACKEND_STANDALONE)
        warn(name, report, "disk %s: backendtype=standalone has no libvirt "
             "form (left out)", vdev);
    if (d->pdev_path && d->format != LIBXL_DISK_FORMAT_EMPTY)
        prop(child(n, "source", NULL), block ? "dev" : "file", d->pdev_path);
    x = child(n, "target", NULL);
    prop(x, "dev", vdev);
    prop(x, "bus", disk_bus(vdev));
    if (!d->readwrite)
        child(n, "readonly", NULL);
    if (d->script)
        warn(name, report, "disk %s: script= is not converted (left out)",
             vdev);
    if (d->backend_domname)
        warn(name, report, "disk %s: backend= is not converted (left out)",
             vdev);
}

static void nic(xmlNode *devs, const struct libxl_device_nic *v,
                const char *name, FILE *report)
{
    xmlNode *n = child(devs, "interface", NULL);
    char buf[32], *ips, *tok, *save = NULL;

    prop(n, "type", v->bridge ? "bridge" : "ethernet");
    if (v->mac_set) {
        snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
                 v->mac[0], v->mac[1], v->mac[2], v->mac[3], v->mac[4],
                 v->mac[5]);
        prop(child(n, "mac", NULL), "address", buf);
    }
    if (v->bridge)
        prop(child(n, "source", NULL), "bridge", v->bridge);
    if (v->script)
        prop(child(n, "script", NULL), "path", v->script);
    if (v->ifname)
        prop(child(n, "target", NULL), "dev", v->ifname);
    if (v->ip) {
        ips = libxl__strdup_or_abort(v->ip);
        for (tok = strtok_r(ips, " ", &save); tok;
             tok = strtok_r(NULL, " ", &save))
            prop(child(n, "ip", NULL), "address", tok);
        free(ips);
    }
    if (v->model)
        prop(child(n, "model", NULL), "type", v->model);
    else if (v->nictype == LIBXL_NIC_TYPE_VIF)
        prop(child(n, "model", NULL), "type", "netfront");
    if (v->rate_bytes_per_interval)
        warn(name, report, "vif %d: rate= is not converted (left out)",
             v->devid);
    if (v->backend_domname)
        warn(name, report, "vif %d: backend= is not converted (left out)",
             v->devid);
    if (v->gatewaydev)
        warn(name, report, "vif %d: gatewaydev= is not converted (left "
             "out)", v->devid);
    if (v->mtu)
        warn(name, report, "vif %d: mtu= is not converted (left out)",
             v->devid);
}

char *libxl_domain_config_to_libvirt_xml(const struct libxl_domain_config *c,
                                         const char *name, FILE *report)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *dom, *devs;
    xmlChar *mem = NULL;
    char *out;
    int len = 0, i;

    if (!doc)
        return NULL;
    name = name ? name : "<config>";
    dom = xmlNewNode(NULL, (const xmlChar *)"domain");
    if (!dom)
        abort();
    xmlDocSetRootElement(doc, dom);
    prop(dom, "type", "xen");
    general(dom, c);
    os(dom, c);
    actions(dom, c, name, report);
    if (c->num_disks || c->num_nics) {
        devs = child(dom, "devices", NULL);
        for (i = 0; i < c->num_disks; i++)
            disk(devs, &c->disks[i], name, report);
        for (i = 0; i < c->num_nics; i++)
            nic(devs, &c->nics[i], name, report);
    }
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (!mem)
        return NULL;
    /* Drop the XML declaration, as virsh dumpxml does. */
    out = strdup(strncmp((char *)mem, "<?xml", 5) ? (char *)mem
                 : strchr((char *)mem, '\n') + 1);
    xmlFree(mem);
    return out;
}
