/*
 * libxl (config model): the small devices (vfbs, vkbs, channels, p9s,
 * vtpms, usbctrls, usbdevs) and the HVM extras (viridian, vnc/sdl/spice,
 * vnuma) back from the JSON written by json_config_dev.c.  Part of
 * libxenlight.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

#include "config_internal.h"
#include "json_config_parse_int.h"

#define JGET libxl__jget
#define JSTR libxl__jrstr
#define JBOOL libxl__jrbool
#define JINT(o, k, f) do { long long t_ = (long long)(f);                 \
                           libxl__jrint(o, k, &t_); (f) = t_; } while (0)

static uint32_t jbitmap(yajl_val o, const char *k)
{
    yajl_val v = JGET(o, k);
    uint32_t m = 0;
    size_t i;
    long long b;

    if (!YAJL_IS_ARRAY(v))
        return 0;
    for (i = 0; i < v->u.array.len; i++)
        if (YAJL_IS_INTEGER(v->u.array.values[i])) {
            b = YAJL_GET_INTEGER(v->u.array.values[i]);
            if (b >= 0 && b < 32)
                m |= 1u << b;
        }
    return m;
}

static char *cpu_list(yajl_val v)
{
    char *s = libxl__strdup_or_abort(""), *t;
    size_t i;

    for (i = 0; YAJL_IS_ARRAY(v) && i < v->u.array.len; i++) {
        if (!YAJL_IS_INTEGER(v->u.array.values[i]))
            continue;
        t = libxl__xasprintf("%s%s%lld", s, *s ? "," : "",
                             YAJL_GET_INTEGER(v->u.array.values[i]));
        free(s);
        s = t;
    }
    return s;
}

static void from_hvm(yajl_val t, struct libxl_domain_build_info *b)
{
    yajl_val v;

    b->viridian_enable = jbitmap(t, "viridian_enable");
    b->viridian_disable = jbitmap(t, "viridian_disable");
    if ((v = JGET(t, "vnc"))) {
        JSTR(v, "passwd", &b->vnc_passwd);
        JINT(v, "display", b->vnc_display);
        JBOOL(v, "findunused", &b->vnc_findunused);
    }
    if ((v = JGET(t, "sdl"))) {
        JBOOL(v, "enable", &b->sdl_enable);
        JBOOL(v, "opengl", &b->sdl_opengl);
    }
    JSTR(t, "keymap", &b->keymap);
    JSTR(t, "system_firmware", &b->system_firmware);
    JBOOL(t, "nographic", &b->nographic);
    if ((v = JGET(t, "spice"))) {
        struct libxl_spice_info *s = &b->spice;

        JBOOL(v, "enable", &s->enable);
        JINT(v, "port", s->port);
        JINT(v, "tls_port", s->tls_port);
        JSTR(v, "host", &s->host);
        JBOOL(v, "disable_ticketing", &s->disable_ticketing);
        JSTR(v, "passwd", &s->passwd);
        JBOOL(v, "agent_mouse", &s->agent_mouse);
        JBOOL(v, "vdagent", &s->vdagent);
        JBOOL(v, "clipboard_sharing", &s->clipboard_sharing);
        JINT(v, "usbredirection", s->usbredirection);
        JSTR(v, "image_compression", &s->image_compression);
        JSTR(v, "streaming_video", &s->streaming_video);
    }
}

static void from_vnuma(yajl_val a, struct libxl_domain_build_info *b)
{
    size_t i, j;

    if (!YAJL_IS_ARRAY(a) || !a->u.array.len)
        return;
    b->vnuma_nodes = calloc(a->u.array.len + 1, sizeof(*b->vnuma_nodes));
    if (!b->vnuma_nodes)
        abort();
    for (i = 0; i < a->u.array.len; i++) {
        struct libxl_vnode_info *vn = &b->vnuma_nodes[i];
        yajl_val o = a->u.array.values[i], d = JGET(o, "distances");

        JINT(o, "memkb", vn->memkb);
        JINT(o, "pnode", vn->pnode);
        if (JGET(o, "vcpus"))
            vn->vcpus = cpu_list(JGET(o, "vcpus"));
        if (YAJL_IS_ARRAY(d)) {
            vn->distances = calloc(d->u.array.len + 1, sizeof(uint32_t));
            if (!vn->distances)
                abort();
            for (j = 0; j < d->u.array.len; j++)
                if (YAJL_IS_INTEGER(d->u.array.values[j]))
                    vn->distances[vn->num_distances++] =
                        (uint32_t)YAJL_GET_INTEGER(d->u.array.values[j]);
        }
    }
    b->num_vnuma_nodes = (int)a->u.array.len;
}

static void from_vfb(yajl_val o, struct libxl_device_vfb *f)
{
    yajl_val v;

    JSTR(o, "backend_domname", &f->backend_domname);
    JINT(o, "devid", f->devid);
    if ((v = JGET(o, "vnc"))) {
        JBOOL(v, "enable", &f->vnc_enable);
        JSTR(v, "listen", &f->vnc_listen);
        JSTR(v, "passwd", &f->vnc_passwd);
        JINT(v, "display", f->vnc_display);
        JBOOL(v, "findunused", &f->vnc_findunused);
    }
    if ((v = JGET(o, "sdl"))) {
        JBOOL(v, "enable", &f->sdl_enable);
        JBOOL(v, "opengl", &f->sdl_opengl);
        JSTR(v, "display", &f->sdl_display);
        JSTR(v, "xauthority", &f->sdl_xauthority);
    }
    JSTR(o, "keymap", &f->keymap);
}

static void from_vkb(yajl_val o, struct libxl_device_vkb *b)
{
    yajl_val v = JGET(o, "backend_type");

    JSTR(o, "backend_domname", &b->backend_domname);
    JINT(o, "devid", b->devid);
    if (YAJL_IS_STRING(v))
        b->backend_type = !strcmp(v->u.string, "qemu") ?
                          LIBXL_VKB_BACKEND_QEMU :
                          !strcmp(v->u.string, "linux") ?
                          LIBXL_VKB_BACKEND_LINUX : 0;
    JSTR(o, "unique_id", &b->unique_id);
    JBOOL(o, "feature_disable_keyboard", &b->feature_disable_keyboard);
    JBOOL(o, "feature_disable_pointer", &b->feature_disable_pointer);
    JBOOL(o, "feature_abs_pointer", &b->feature_abs_pointer);
    JBOOL(o, "feature_raw_pointer", &b->feature_raw_pointer);
    JBOOL(o, "feature_multi_touch", &b->feature_multi_touch);
    JINT(o, "width", b->width);
    JINT(o, "height", b->height);
    JINT(o, "multi_touch_width", b->multi_touch_width);
    JINT(o, "multi_touch_height", b->multi_touch_height);
    JINT(o, "multi_touch_num_contacts", b->multi_touch_num_contacts);
}

static void from_channel(yajl_val o, struct libxl_device_channel *ch)
{
    yajl_val v;

    JSTR(o, "backend_domname", &ch->backend_domname);
    JINT(o, "devid", ch->devid);
    JSTR(o, "name", &ch->name);
    if ((v = JGET(o, "connection.socket"))) {
        ch->connection = LIBXL_CHANNEL_CONNECTION_SOCKET;
        JSTR(v, "path", &ch->path);
    } else if (JGET(o, "connection.pty")) {
        ch->connection = LIBXL_CHANNEL_CONNECTION_PTY;
    }
}

static void from_p9(yajl_val o, struct libxl_device_p9 *p)
{
    JSTR(o, "backend_domname", &p->backend_domname);
    JSTR(o, "tag", &p->tag);
    JSTR(o, "path", &p->path);
    JSTR(o, "security_model", &p->security_model);
    JINT(o, "devid", p->devid);
}

static void from_vtpm(yajl_val o, struct libxl_device_vtpm *t)
{
    yajl_val v = JGET(o, "uuid");

    JSTR(o, "backend_domname", &t->backend_domname);
    JINT(o, "devid", t->devid);
    if (YAJL_IS_STRING(v) && !uuid_parse(v->u.string, t->uuid))
        t->uuid_set = 1;
}

static void from_usbctrl(yajl_val o, struct libxl_device_usbctrl *u)
{
    static const char *const types[] = {
        "auto", "pv", "devicemodel", "qusb",
    };
    yajl_val v = JGET(o, "type");
    int i;

    for (i = 0; YAJL_IS_STRING(v) && i < 4; i++)
        if (!strcmp(v->u.string, types[i]))
            u->type = i;
    JINT(o, "devid", u->devid);
    JINT(o, "version", u->version);
    JINT(o, "ports", u->ports);
    JSTR(o, "backend_domname", &u->backend_domname);
}

static void from_usbdev(yajl_val o, struct libxl_device_usbdev *u)
{
    yajl_val h = JGET(o, "type.hostdev");

    u->ctrl = -1;
    JINT(o, "ctrl", u->ctrl);
    JINT(o, "port", u->port);
    JINT(h, "hostbus", u->hostbus);
    JINT(h, "hostaddr", u->hostaddr);
}

static void from_vdispl(yajl_val o, struct libxl_device_vdispl *d)
{
    yajl_val a = JGET(o, "connectors");
    size_t i;

    JSTR(o, "backend_domname", &d->backend_domname);
    JINT(o, "devid", d->devid);
    JBOOL(o, "be_alloc", &d->be_alloc);
    if (!YAJL_IS_ARRAY(a) || !a->u.array.len)
        return;
    d->connectors = calloc(a->u.array.len, sizeof(*d->connectors));
    if (!d->connectors)
        abort();
    for (i = 0; i < a->u.array.len; i++) {
        struct libxl_connector_param *p = &d->connectors[i];
        yajl_val c = a->u.array.values[i];

        JSTR(c, "unique_id", &p->unique_id);
        JINT(c, "width", p->width);
        JINT(c, "height", p->height);
    }
    d->num_connectors = (int)a->u.array.len;
}

#define FROM_ARRAY(root, name, arr, n, fn) do {                           \
        yajl_val a_ = JGET(root, name);                                   \
        size_t i_;                                                        \
        if (!YAJL_IS_ARRAY(a_) || !a_->u.array.len)                       \
            break;                                                        \
        (arr) = calloc(a_->u.array.len + 1, sizeof(*(arr)));              \
        if (!(arr))                                                       \
            abort();                                                      \
        for (i_ = 0; i_ < a_->u.array.len; i_++)                          \
            fn(a_->u.array.values[i_], &(arr)[(n)++]);                    \
    } while (0)

void libxl__from_json_small(yajl_val root, struct libxl_domain_config *c)
{
    yajl_val b = JGET(root, "b_info"), t = JGET(b, "type.hvm");

    if (t)
        from_hvm(t, &c->b_info);
    from_vnuma(JGET(b, "vnuma_nodes"), &c->b_info);
    FROM_ARRAY(root, "vfbs", c->vfbs_t, c->num_vfbs_t, from_vfb);
    FROM_ARRAY(root, "vkbs", c->vkbs, c->num_vkbs, from_vkb);
    FROM_ARRAY(root, "channels", c->channels_t, c->num_channels_t,
               from_channel);
    FROM_ARRAY(root, "p9s", c->p9s, c->num_p9s, from_p9);
    FROM_ARRAY(root, "vtpms", c->vtpms, c->num_vtpms, from_vtpm);
    FROM_ARRAY(root, "vdispls", c->vdispls, c->num_vdispls, from_vdispl);
    libxl__from_json_vsnds(root, c);
    FROM_ARRAY(root, "usbctrls", c->usbctrls, c->num_usbctrls,
               from_usbctrl);
    FROM_ARRAY(root, "usbdevs", c->usbdevs, c->num_usbdevs, from_usbdev);
}
