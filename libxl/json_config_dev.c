/*
 * libxl (config model): JSON of the typed small devices (vfbs, vkbs,
 * channels, p9s, vtpms, usbctrls, usbdevs) and of the HVM extras
 * (viridian, vnc/sdl/spice, vnuma) in the shape of Xen 4.17's
 * libxl_domain_config_gen_json: keyed unions as "key.member" maps,
 * fields at their default omitted.  Part of libxenlight.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "config_internal.h"
#include "json_config_int.h"

static void kbitmap(yajl_gen g, const char *k, uint32_t m)
{
    int i;

    if (!m)
        return;
    libxl__jkey(g, k);
    yajl_gen_array_open(g);
    for (i = 0; i < 32; i++)
        if (m & (1u << i))
            yajl_gen_integer(g, i);
    yajl_gen_array_close(g);
}

static void kintnz(yajl_gen g, const char *k, long long v)
{
    if (v)
        libxl__jint(g, k, v);
}

static void gen_vnc(yajl_gen g, libxl_defbool_t en, const char *listen,
                    const char *pw, int display, libxl_defbool_t unused)
{
    libxl__jkey(g, "vnc");
    yajl_gen_map_open(g);
    libxl__jbool(g, "enable", en);
    libxl__jstr(g, "listen", listen);
    libxl__jstr(g, "passwd", pw);
    kintnz(g, "display", display);
    libxl__jbool(g, "findunused", unused);
    yajl_gen_map_close(g);
}

static void gen_sdl(yajl_gen g, libxl_defbool_t en, libxl_defbool_t gl,
                    const char *display, const char *xauth)
{
    libxl__jkey(g, "sdl");
    yajl_gen_map_open(g);
    libxl__jbool(g, "enable", en);
    libxl__jbool(g, "opengl", gl);
    libxl__jstr(g, "display", display);
    libxl__jstr(g, "xauthority", xauth);
    yajl_gen_map_close(g);
}

/* b_info.type.hvm extras (called inside the type.hvm map). */
void libxl__json_hvm_extras(yajl_gen g, const struct libxl_domain_config *c)
{
    const struct libxl_domain_build_info *b = &c->b_info;
    const struct libxl_spice_info *s = &b->spice;

    kbitmap(g, "viridian_enable", b->viridian_enable);
    kbitmap(g, "viridian_disable", b->viridian_disable);
    gen_vnc(g, b->vnc_enable, b->vnc_listen, b->vnc_passwd,
            b->vnc_display, b->vnc_findunused);
    gen_sdl(g, b->sdl_enable, b->sdl_opengl, NULL, NULL);
    libxl__jstr(g, "keymap", b->keymap);
    libxl__jstr(g, "system_firmware", b->system_firmware);
    libxl__jbool(g, "nographic", b->nographic);
    {                                   /* a struct: always, maybe {} */
        libxl__jkey(g, "spice");
        yajl_gen_map_open(g);
        libxl__jbool(g, "enable", s->enable);
        kintnz(g, "port", s->port);
        kintnz(g, "tls_port", s->tls_port);
        libxl__jstr(g, "host", s->host);
        libxl__jbool(g, "disable_ticketing", s->disable_ticketing);
        libxl__jstr(g, "passwd", s->passwd);
        libxl__jbool(g, "agent_mouse", s->agent_mouse);
        libxl__jbool(g, "vdagent", s->vdagent);
        libxl__jbool(g, "clipboard_sharing", s->clipboard_sharing);
        kintnz(g, "usbredirection", s->usbredirection);
        libxl__jstr(g, "image_compression", s->image_compression);
        libxl__jstr(g, "streaming_video", s->streaming_video);
        yajl_gen_map_close(g);
    }
}

/* "0-2,5" -> [0,1,2,5] (the list was checked by the parser). */
static void gen_cpu_list(yajl_gen g, const char *s)
{
    char *end;
    unsigned long a, z;

    yajl_gen_array_open(g);
    while (s && *s) {
        a = z = strtoul(s, &end, 10);
        if (*end == '-')
            z = strtoul(end + 1, &end, 10);
        for (; a <= z && a < 4096; a++)
            yajl_gen_integer(g, (long long)a);
        if (*end != ',')
            break;
        s = end + 1;
    }
    yajl_gen_array_close(g);
}

/* b_info.vnuma_nodes (called inside the b_info map). */
void libxl__json_vnuma(yajl_gen g, const struct libxl_domain_build_info *b)
{
    int i, j;

    if (!b->num_vnuma_nodes)
        return;
    libxl__jkey(g, "vnuma_nodes");
    yajl_gen_array_open(g);
    for (i = 0; i < b->num_vnuma_nodes; i++) {
        const struct libxl_vnode_info *v = &b->vnuma_nodes[i];

        yajl_gen_map_open(g);
        kintnz(g, "memkb", (long long)v->memkb);
        if (v->num_distances) {
            libxl__jkey(g, "distances");
            yajl_gen_array_open(g);
            for (j = 0; j < v->num_distances; j++)
                yajl_gen_integer(g, v->distances[j]);
            yajl_gen_array_close(g);
        }
        kintnz(g, "pnode", v->pnode);
        if (v->vcpus) {
            libxl__jkey(g, "vcpus");
            gen_cpu_list(g, v->vcpus);
        }
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void gen_vfb(yajl_gen g, const struct libxl_device_vfb *f)
{
    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", f->backend_domname);
    libxl__jint(g, "devid", f->devid);
    gen_vnc(g, f->vnc_enable, f->vnc_listen, f->vnc_passwd, f->vnc_display,
            f->vnc_findunused);
    gen_sdl(g, f->sdl_enable, f->sdl_opengl, f->sdl_display,
            f->sdl_xauthority);
    libxl__jstr(g, "keymap", f->keymap);
    yajl_gen_map_close(g);
}

void libxl__json_vkb(yajl_gen g, const struct libxl_device_vkb *b)
{
    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", b->backend_domname);
    libxl__jint(g, "devid", b->devid);
    if (b->backend_type)
        libxl__jstr(g, "backend_type", b->backend_type ==
                    LIBXL_VKB_BACKEND_QEMU ? "qemu" : "linux");
    libxl__jstr(g, "unique_id", b->unique_id);
    libxl__jbool(g, "feature_disable_keyboard", b->feature_disable_keyboard);
    libxl__jbool(g, "feature_disable_pointer", b->feature_disable_pointer);
    libxl__jbool(g, "feature_abs_pointer", b->feature_abs_pointer);
    libxl__jbool(g, "feature_raw_pointer", b->feature_raw_pointer);
    libxl__jbool(g, "feature_multi_touch", b->feature_multi_touch);
    kintnz(g, "width", b->width);
    kintnz(g, "height", b->height);
    kintnz(g, "multi_touch_width", b->multi_touch_width);
    kintnz(g, "multi_touch_height", b->multi_touch_height);
    kintnz(g, "multi_touch_num_contacts", b->multi_touch_num_contacts);
    yajl_gen_map_close(g);
}

static void gen_channel(yajl_gen g, const struct libxl_device_channel *ch)
{
    static const char *const conn[] = {
        "connection.unknown", "connection.pty", "connection.socket",
    };

    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", ch->backend_domname);
    libxl__jint(g, "devid", ch->devid);
    libxl__jstr(g, "name", ch->name);
    libxl__jkey(g, conn[ch->connection >= 0 && ch->connection <= 2 ?
                        ch->connection : 0]);
    yajl_gen_map_open(g);
    libxl__jstr(g, "path", ch->path);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
}

static void gen_p9(yajl_gen g, const struct libxl_device_p9 *p)
{
    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", p->backend_domname);
    libxl__jstr(g, "tag", p->tag);
    libxl__jstr(g, "path", p->path);
    libxl__jstr(g, "security_model", p->security_model);
    libxl__jint(g, "devid", p->devid);
    yajl_gen_map_close(g);
}

static void gen_vtpm(yajl_gen g, const struct libxl_device_vtpm *t)
{
    char u[37];

    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", t->backend_domname);
    libxl__jint(g, "devid", t->devid);
    if (t->uuid_set) {
        uuid_unparse_lower(t->uuid, u);
        libxl__jstr(g, "uuid", u);
    }
    yajl_gen_map_close(g);
}

static void gen_usbctrl(yajl_gen g, const struct libxl_device_usbctrl *u)
{
    static const char *const types[] = {
        "auto", "pv", "devicemodel", "qusb",
    };

    yajl_gen_map_open(g);
    if (u->type > 0 && u->type <= 3)
        libxl__jstr(g, "type", types[u->type]);
    libxl__jint(g, "devid", u->devid);
    kintnz(g, "version", u->version);
    kintnz(g, "ports", u->ports);
    libxl__jstr(g, "backend_domname", u->backend_domname);
    yajl_gen_map_close(g);
}

static void gen_usbdev(yajl_gen g, const struct libxl_device_usbdev *u)
{
    yajl_gen_map_open(g);
    if (u->ctrl != -1)
        libxl__jint(g, "ctrl", u->ctrl);
    kintnz(g, "port", u->port);
    libxl__jkey(g, "type.hostdev");
    yajl_gen_map_open(g);
    kintnz(g, "hostbus", u->hostbus);
    kintnz(g, "hostaddr", u->hostaddr);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
}

static void gen_vdispl(yajl_gen g, const struct libxl_device_vdispl *d)
{
    int i;

    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", d->backend_domname);
    libxl__jint(g, "devid", d->devid);
    libxl__jbool(g, "be_alloc", d->be_alloc);
    libxl__jkey(g, "connectors");
    yajl_gen_array_open(g);
    for (i = 0; i < d->num_connectors; i++) {
        yajl_gen_map_open(g);
        libxl__jstr(g, "unique_id", d->connectors[i].unique_id);
        libxl__jint(g, "width", d->connectors[i].width);
        libxl__jint(g, "height", d->connectors[i].height);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

#define GEN_ARRAY(g, name, arr, n, fn) do {                               \
        int i_;                                                           \
        if (!(n))                                                         \
            break;                                                        \
        libxl__jkey(g, name);                                             \
        yajl_gen_array_open(g);                                           \
        for (i_ = 0; i_ < (n); i_++)                                      \
            fn(g, &(arr)[i_]);                                            \
        yajl_gen_array_close(g);                                          \
    } while (0)

/* The device arrays after "nics" (called inside the top-level map). */
void libxl__json_small_devices(yajl_gen g,
                               const struct libxl_domain_config *c)
{
    GEN_ARRAY(g, "vfbs", c->vfbs_t, c->num_vfbs_t, gen_vfb);
    GEN_ARRAY(g, "vkbs", c->vkbs, c->num_vkbs, libxl__json_vkb);
    GEN_ARRAY(g, "vtpms", c->vtpms, c->num_vtpms, gen_vtpm);
    GEN_ARRAY(g, "p9s", c->p9s, c->num_p9s, gen_p9);
    GEN_ARRAY(g, "channels", c->channels_t, c->num_channels_t,
              gen_channel);
    GEN_ARRAY(g, "vdispls", c->vdispls, c->num_vdispls, gen_vdispl);
    libxl__json_vsnds(g, c);
    GEN_ARRAY(g, "usbctrls", c->usbctrls, c->num_usbctrls, gen_usbctrl);
    GEN_ARRAY(g, "usbdevs", c->usbdevs, c->num_usbdevs, gen_usbdev);
}
