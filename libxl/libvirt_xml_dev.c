/*
 * libxlutil (config formats): the <devices> of libvirt domain XML ->
 * disks and nics of the typed config.  Each <disk>/<interface> becomes
 * an xl.cfg disk=/vif= spec read by the same parsers as a config file,
 * so a bad value gets the same check, reported at the element's line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "libvirt_xml_internal.h"

/* A growing spec string "k=v,k=v". */
struct spec {
    char *s;
};

static void add(struct spec *sp, const char *k, const char *v)
{
    char *n = libxl__xasprintf("%s%s%s=%s", sp->s ? sp->s : "",
                               sp->s ? "," : "", k, v);

    free(sp->s);
    sp->s = n;
}

/* v must not hold a ',' (it would split the spec); 0 if fine. */
static int plain(struct libxl__lv_rd *r, xmlNode *n, const char *what,
                 const char *v)
{
    if (!strchr(v, ','))
        return 0;
    libxl__lv_say(r, 1, xmlGetLineNo(n),
                  "%s `%s': a ',' cannot be "
                  "carried into xl.cfg",
                  what, v);
    return -1;
}

static const char *disk_backend(const char *driver)
{
    if (!strcmp(driver, "phy"))
        return "phy";
    if (!strcmp(driver, "qemu"))
        return "qdisk";
    if (!strcmp(driver, "tap") || !strcmp(driver, "tap2"))
        return "tap";
    return NULL;
}

struct disk_xml {
    char *source, *vdev, *driver, *format;
    int readonly;
};

static void disk_child(struct libxl__lv_rd *r, xmlNode *n,
                       struct disk_xml *d)
{
    if (libxl__lv_is(n, "driver")) {
        d->driver = libxl__lv_attr(n, "name");
        d->format = libxl__lv_attr(n, "type");
    } else if (libxl__lv_is(n, "source")) {
        d->source = libxl__lv_attr(n, "file");
        if (!d->source)
            d->source = libxl__lv_attr(n, "dev");
    } else if (libxl__lv_is(n, "target")) {
        d->vdev = libxl__lv_attr(n, "dev");
    } else if (libxl__lv_is(n, "readonly")) {
        d->readonly = 1;
    } else {
        libxl__lv_not_converted(r, n);
    }
}

/* The disk= spec of a <disk>, or NULL (reported). */
static char *disk_spec(struct libxl__lv_rd *r, xmlNode *disk, int cdrom)
{
    struct disk_xml d = { 0 };
    struct spec sp = { NULL };
    const char *be;
    xmlNode *n;
    long line = xmlGetLineNo(disk);
    int bad = 1;

    for (n = disk->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            disk_child(r, n, &d);
    if (!d.vdev) {
        libxl__lv_say(r, 1, line, "<disk> has no <target dev=...>");
        goto out;
    }
    if (plain(r, disk, "<target dev>", d.vdev) ||
        (d.format && plain(r, disk, "<driver type>", d.format)))
        goto out;
    if (d.format && d.source)
        add(&sp, "format", d.format);
    add(&sp, "vdev", d.vdev);
    add(&sp, "access", d.readonly || cdrom ? "ro" : "rw");
    if (d.driver) {
        be = disk_backend(d.driver);
        if (be)
            add(&sp, "backendtype", be);
        else
            libxl__lv_say(r, 0, line,
                          "<driver name='%s'> has no xl.cfg "
                          "backendtype (left out)",
                          d.driver);
    }
    if (cdrom)
        add(&sp, "devtype", "cdrom");
    if (d.source)
        add(&sp, "target", d.source);       /* last: may hold commas */
    bad = 0;
out:
    xmlFree(d.source);
    xmlFree(d.vdev);
    xmlFree(d.driver);
    xmlFree(d.format);
    if (bad) {
        free(sp.s);
        return NULL;
    }
    return sp.s;
}

static void read_disk(struct libxl__lv_rd *r, xmlNode *n,
                      struct libxl_domain_config *c)
{
    char *type = libxl__lv_attr(n, "type");
    char *device = libxl__lv_attr(n, "device");
    char *spec = NULL, *err = NULL;
    int cdrom = device && !strcmp(device, "cdrom");
    int errors = r->errors;
    struct libxl_device_disk *d;

    if (type && strcmp(type, "file") && strcmp(type, "block")) {
        libxl__lv_say(r, 0, xmlGetLineNo(n),
                      "<disk type='%s'> is not "
                      "converted (only file and block): disk left out",
                      type);
        goto out;
    }
    if (device && !cdrom && strcmp(device, "disk")) {
        libxl__lv_say(r, 0, xmlGetLineNo(n),
                      "<disk device='%s'> is not "
                      "converted (only disk and cdrom): disk left out",
                      device);
        goto out;
    }
    spec = disk_spec(r, n, cdrom);
    if (!spec || r->errors > errors)
        goto out;
    c->disks = realloc(c->disks, sizeof(*c->disks) * (c->num_disks + 1));
    if (!c->disks)
        abort();
    d = &c->disks[c->num_disks];
    libxl_device_disk_init(d);
    if (libxl__parse_disk(d, spec, &err)) {
        libxl__lv_say(r, 1, xmlGetLineNo(n), "<disk>: %s", err);
        libxl_device_disk_dispose(d);
        goto out;
    }
    c->num_disks++;
out:
    free(err);
    free(spec);
    xmlFree(type);
    xmlFree(device);
}

/* The values of one <interface>'s children. */
struct nic_xml {
    char *mac, *bridge, *script, *model, *ifname, *ip;
};

static void nic_child(struct libxl__lv_rd *r, xmlNode *n, struct nic_xml *x)
{
    char *a;

    if (libxl__lv_is(n, "mac"))
        x->mac = libxl__lv_attr(n, "address");
    else if (libxl__lv_is(n, "source"))
        x->bridge = libxl__lv_attr(n, "bridge");
    else if (libxl__lv_is(n, "script"))
        x->script = libxl__lv_attr(n, "path");
    else if (libxl__lv_is(n, "model"))
        x->model = libxl__lv_attr(n, "type");
    else if (libxl__lv_is(n, "target"))
        x->ifname = libxl__lv_attr(n, "dev");
    else if (libxl__lv_is(n, "ip")) {
        a = libxl__lv_attr(n, "address");
        if (a) {                            /* xl.cfg: space-separated */
            char *all = libxl__xasprintf("%s%s%s", x->ip ? x->ip : "",
                                         x->ip ? " " : "", a);
            free(x->ip);
            x->ip = all;
            xmlFree(a);
        }
    } else {
        libxl__lv_not_converted(r, n);
    }
}

static char *nic_spec(struct libxl__lv_rd *r, xmlNode *iface)
{
    struct nic_xml x = { 0 };
    struct spec sp = { NULL };
    xmlNode *n;
    int bad = 0;

    for (n = iface->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            nic_child(r, n, &x);
    if (x.mac && !(bad |= plain(r, iface, "<mac address>", x.mac)))
        add(&sp, "mac", x.mac);
    if (x.bridge && !(bad |= plain(r, iface, "<source bridge>", x.bridge)))
        add(&sp, "bridge", x.bridge);
    if (x.script && !(bad |= plain(r, iface, "<script path>", x.script)))
        add(&sp, "script", x.script);
    if (x.model && !strcmp(x.model, "netfront"))
        add(&sp, "type", "vif");
    else if (x.model && !(bad |= plain(r, iface, "<model type>", x.model)))
        add(&sp, "model", x.model);
    if (x.ifname && !(bad |= plain(r, iface, "<target dev>", x.ifname)))
        add(&sp, "vifname", x.ifname);
    if (x.ip && !(bad |= plain(r, iface, "<ip address>", x.ip)))
        add(&sp, "ip", x.ip);
    xmlFree(x.mac);
    xmlFree(x.bridge);
    xmlFree(x.script);
    xmlFree(x.model);
    xmlFree(x.ifname);
    free(x.ip);
    if (bad) {
        free(sp.s);
        return NULL;
    }
    return sp.s ? sp.s : libxl__strdup_or_abort("");
}

static void read_interface(struct libxl__lv_rd *r, xmlNode *n,
                           struct libxl_domain_config *c)
{
    char *type = libxl__lv_attr(n, "type");
    char *spec = NULL, *err = NULL;
    struct libxl_device_nic *d;

    if (type && strcmp(type, "bridge") && strcmp(type, "ethernet")) {
        libxl__lv_say(r, 0, xmlGetLineNo(n),
                      "<interface type='%s'> is not "
                      "converted (only bridge and ethernet): interface "
                      "left out",
                      type);
        goto out;
    }
    spec = nic_spec(r, n);
    if (!spec)
        goto out;
    c->nics = realloc(c->nics, sizeof(*c->nics) * (c->num_nics + 1));
    if (!c->nics)
        abort();
    d = &c->nics[c->num_nics];
    libxl_device_nic_init(d);
    d->devid = c->num_nics;
    if (libxl__parse_nic(d, spec, &err)) {
        libxl__lv_say(r, 1, xmlGetLineNo(n), "<interface>: %s", err);
        libxl_device_nic_dispose(d);
        goto out;
    }
    c->num_nics++;
out:
    free(err);
    free(spec);
    xmlFree(type);
}

void libxl__lv_read_devices(struct libxl__lv_rd *r, xmlNode *devices,
                            struct libxl_domain_config *c)
{
    xmlNode *n;

    for (n = devices->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (libxl__lv_is(n, "disk"))
            read_disk(r, n, c);
        else if (libxl__lv_is(n, "interface"))
            read_interface(r, n, c);
        else
            libxl__lv_not_converted(r, n);
    }
}

static const char *const actions[] = {
    [LIBXL_ACTION_ON_SHUTDOWN_DESTROY] = "destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART] = "restart",
    [LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME] = "rename-restart",
    [LIBXL_ACTION_ON_SHUTDOWN_PRESERVE] = "preserve",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY] = "coredump-destroy",
    [LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART] = "coredump-restart",
};

int libxl__lv_action_from_name(const char *s)
{
    size_t i;

    for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        if (actions[i] && !strcmp(actions[i], s))
            return (int)i;
    return -1;
}

const char *libxl__lv_action_name(int action)
{
    if (action < 0 || (size_t)action >= sizeof(actions) / sizeof(actions[0]))
        return NULL;
    return actions[action];
}
