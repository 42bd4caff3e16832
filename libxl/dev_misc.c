/*
 * libxl (config model): the small device spec mini-languages of
 * xl.cfg(5): vfb, vkb, channel, p9, vtpm, usbctrl and usbdev, each a
 * comma-separated list of key=value pairs, into the typed devices of
 * libxl_types.h.  Part of libxlutil.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uuid/uuid.h>

#include "config_internal.h"

/*
 * Call fn(obj, key, value, err_r) for every "key=value" of spec; a word
 * without '=' gets value NULL.  Stops at the first error.
 */
static int each_kv(const char *spec, void *obj,
                   int (*fn)(void *, const char *, const char *, char **),
                   char **err_r)
{
    char *copy = libxl__strdup_or_abort(spec), *cur = copy, *tok, *eq;
    int rc = 0;

    while (!rc && (tok = strsep(&cur, ",")) != NULL) {
        while (*tok == ' ' || *tok == '\t')
            tok++;
        if (!*tok)
            continue;
        eq = strchr(tok, '=');
        if (eq)
            *eq++ = 0;
        rc = fn(obj, tok, eq, err_r);
    }
    free(copy);
    return rc;
}

static int bad(char **err_r, const char *fmt, const char *k, const char *v)
{
    *err_r = libxl__xasprintf(fmt, k, v ? v : "");
    return -EINVAL;
}

static int need(const char *k, const char *v, char **err_r)
{
    if (v)
        return 0;
    return bad(err_r, "`%s' needs a value (%s=...)", k, k);
}

static int set_str(char **f, const char *k, const char *v, char **err_r)
{
    if (need(k, v, err_r))
        return -EINVAL;
    free(*f);
    *f = libxl__strdup_or_abort(v);
    return 0;
}

static int set_long(long *out, const char *k, const char *v, long min,
                    long max, char **err_r)
{
    char *end;
    long l;

    if (need(k, v, err_r))
        return -EINVAL;
    errno = 0;
    l = strtol(v, &end, 0);
    if (end == v || *end || errno || l < min || l > max) {
        *err_r = libxl__xasprintf("invalid %s `%s' (a number from %ld to "
                                  "%ld)", k, v, min, max);
        return -EINVAL;
    }
    *out = l;
    return 0;
}

static int set_bool(libxl_defbool_t *f, const char *k, const char *v,
                    char **err_r)
{
    long l;

    if (!v) {                           /* a bare flag means true */
        f->val = LIBXL_DEFBOOL_TRUE;
        return 0;
    }
    if (set_long(&l, k, v, 0, 1, err_r))
        return -EINVAL;
    f->val = l ? LIBXL_DEFBOOL_TRUE : LIBXL_DEFBOOL_FALSE;
    return 0;
}

static int unknown(const char *what, const char *k, char **err_r)
{
    *err_r = libxl__xasprintf("unknown %s parameter `%s'", what, k);
    return -EINVAL;
}

static int vfb_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_vfb *f = o;
    long l;

    if (!strcmp(k, "vnc"))
        return set_bool(&f->vnc_enable, k, v, err_r);
    if (!strcmp(k, "vnclisten"))
        return set_str(&f->vnc_listen, k, v, err_r);
    if (!strcmp(k, "vncpasswd"))
        return set_str(&f->vnc_passwd, k, v, err_r);
    if (!strcmp(k, "vncdisplay")) {
        if (set_long(&l, k, v, 0, 65535 - 5900, err_r))
            return -EINVAL;
        f->vnc_display = (int)l;
        return 0;
    }
    if (!strcmp(k, "vncunused"))
        return set_bool(&f->vnc_findunused, k, v, err_r);
    if (!strcmp(k, "sdl"))
        return set_bool(&f->sdl_enable, k, v, err_r);
    if (!strcmp(k, "opengl"))
        return set_bool(&f->sdl_opengl, k, v, err_r);
    if (!strcmp(k, "display"))
        return set_str(&f->sdl_display, k, v, err_r);
    if (!strcmp(k, "xauthority"))
        return set_str(&f->sdl_xauthority, k, v, err_r);
    if (!strcmp(k, "keymap"))
        return set_str(&f->keymap, k, v, err_r);
    if (!strcmp(k, "backend"))
        return set_str(&f->backend_domname, k, v, err_r);
    return unknown("vfb", k, err_r);
}

int libxl__parse_vfb(struct libxl_device_vfb *f, const char *spec,
                     char **err_r)
{
    return each_kv(spec, f, vfb_kv, err_r);
}

static int u32(uint32_t *f, const char *k, const char *v, char **err_r)
{
    long l;

    if (set_long(&l, k, v, 0, 0x7fffffff, err_r))
        return -EINVAL;
    *f = (uint32_t)l;
    return 0;
}

static int vkb_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_vkb *b = o;

    if (!strcmp(k, "backend"))
        return set_str(&b->backend_domname, k, v, err_r);
    if (!strcmp(k, "backend-type")) {
        if (need(k, v, err_r))
            return -EINVAL;
        if (!strcmp(v, "qemu"))
            b->backend_type = LIBXL_VKB_BACKEND_QEMU;
        else if (!strcmp(v, "linux"))
            b->backend_type = LIBXL_VKB_BACKEND_LINUX;
        else
            return bad(err_r, "invalid %s `%s' (qemu or linux)", k, v);
        return 0;
    }
    if (!strcmp(k, "unique-id"))
        return set_str(&b->unique_id, k, v, err_r);
    if (!strcmp(k, "feature-disable-keyboard"))
        return set_bool(&b->feature_disable_keyboard, k, v, err_r);
    if (!strcmp(k, "feature-disable-pointer"))
        return set_bool(&b->feature_disable_pointer, k, v, err_r);
    if (!strcmp(k, "feature-abs-pointer"))
        return set_bool(&b->feature_abs_pointer, k, v, err_r);
    if (!strcmp(k, "feature-raw-pointer"))
        return set_bool(&b->feature_raw_pointer, k, v, err_r);
    if (!strcmp(k, "feature-multi-touch"))
        return set_bool(&b->feature_multi_touch, k, v, err_r);
    if (!strcmp(k, "width"))
        return u32(&b->width, k, v, err_r);
    if (!strcmp(k, "height"))
        return u32(&b->height, k, v, err_r);
    if (!strcmp(k, "multi-touch-width"))
        return u32(&b->multi_touch_width, k, v, err_r);
    if (!strcmp(k, "multi-touch-height"))
        return u32(&b->multi_touch_height, k, v, err_r);
    if (!strcmp(k, "multi-touch-num-contacts"))
        return u32(&b->multi_touch_num_contacts, k, v, err_r);
    return unknown("vkb", k, err_r);
}

int libxl__parse_vkb(struct libxl_device_vkb *b, const char *spec,
                     char **err_r)
{
    return each_kv(spec, b, vkb_kv, err_r);
}

LIBXL_TYPES_API int libxl_device_vkb_parse(struct libxl_device_vkb *b,
                                           const char *spec, char **err_r)
{
    return libxl__parse_vkb(b, spec, err_r);
}

LIBXL_TYPES_API void libxl_device_vkb_dispose(struct libxl_device_vkb *b)
{
    libxl__vkb_dispose(b);
}

static int channel_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_channel *ch = o;

    if (!strcmp(k, "backend"))
        return set_str(&ch->backend_domname, k, v, err_r);
    if (!strcmp(k, "name"))
        return set_str(&ch->name, k, v, err_r);
    if (!strcmp(k, "path"))
        return set_str(&ch->path, k, v, err_r);
    if (!strcmp(k, "connection")) {
        if (need(k, v, err_r))
            return -EINVAL;
        if (!strcasecmp(v, "pty"))
            ch->connection = LIBXL_CHANNEL_CONNECTION_PTY;
        else if (!strcasecmp(v, "socket"))
            ch->connection = LIBXL_CHANNEL_CONNECTION_SOCKET;
        else
            return bad(err_r, "invalid %s `%s' (pty or socket)", k, v);
        return 0;
    }
    return unknown("channel", k, err_r);
}

int libxl__parse_channel(struct libxl_device_channel *ch, const char *spec,
                         char **err_r)
{
    if (each_kv(spec, ch, channel_kv, err_r))
        return -EINVAL;
    if (!ch->name)
        *err_r = libxl__xasprintf("missing name= (e.g. "
                                  "name=org.qemu.guest_agent.0)");
    else if (!ch->connection)
        *err_r = libxl__xasprintf("missing connection= (pty or socket)");
    else if (ch->connection == LIBXL_CHANNEL_CONNECTION_SOCKET && !ch->path)
        *err_r = libxl__xasprintf("connection=socket needs path=");
    else if (ch->connection == LIBXL_CHANNEL_CONNECTION_PTY && ch->path)
        *err_r = libxl__xasprintf("path= is only for connection=socket");
    else
        return 0;
    return -EINVAL;
}

static int p9_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_p9 *p = o;

    if (!strcmp(k, "tag"))
        return set_str(&p->tag, k, v, err_r);
    if (!strcmp(k, "path"))
        return set_str(&p->path, k, v, err_r);
    if (!strcmp(k, "security_model"))
        return set_str(&p->security_model, k, v, err_r);
    if (!strcmp(k, "backend"))
        return set_str(&p->backend_domname, k, v, err_r);
    return unknown("p9", k, err_r);
}

int libxl__parse_p9(struct libxl_device_p9 *p, const char *spec,
                    char **err_r)
{
    if (each_kv(spec, p, p9_kv, err_r))
        return -EINVAL;
    if (p->tag && p->path && p->security_model)
        return 0;
    *err_r = libxl__xasprintf("tag=, path= and security_model= are all "
                              "required");
    return -EINVAL;
}

static int vtpm_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_vtpm *t = o;

    if (!strcmp(k, "backend"))
        return set_str(&t->backend_domname, k, v, err_r);
    if (!strcmp(k, "uuid")) {
        if (need(k, v, err_r))
            return -EINVAL;
        if (uuid_parse(v, t->uuid))
            return bad(err_r, "invalid %s `%s'", k, v);
        t->uuid_set = 1;
        return 0;
    }
    return unknown("vtpm", k, err_r);
}

int libxl__parse_vtpm(struct libxl_device_vtpm *t, const char *spec,
                      char **err_r)
{
    if (each_kv(spec, t, vtpm_kv, err_r))
        return -EINVAL;
    if (t->backend_domname)
        return 0;
    *err_r = libxl__xasprintf("backend= (the vTPM stub domain) is "
                              "required");
    return -EINVAL;
}

static int usbctrl_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_usbctrl *u = o;
    long l;

    if (!strcmp(k, "type")) {
        if (need(k, v, err_r))
            return -EINVAL;
        if (!strcmp(v, "pv"))
            u->type = LIBXL_USBCTRL_TYPE_PV;
        else if (!strcmp(v, "qusb"))
            u->type = LIBXL_USBCTRL_TYPE_QUSB;
        else if (!strcmp(v, "devicemodel"))
            u->type = LIBXL_USBCTRL_TYPE_DEVICEMODEL;
        else if (!strcmp(v, "auto"))
            u->type = LIBXL_USBCTRL_TYPE_AUTO;
        else
            return bad(err_r, "invalid %s `%s' (pv, qusb, devicemodel or "
                       "auto)", k, v);
        return 0;
    }
    if (!strcmp(k, "version")) {
        if (set_long(&l, k, v, 1, 3, err_r))
            return -EINVAL;
        u->version = (int)l;
        return 0;
    }
    if (!strcmp(k, "ports")) {
        if (set_long(&l, k, v, 1, 31, err_r))
            return -EINVAL;
        u->ports = (int)l;
        return 0;
    }
    if (!strcmp(k, "backend"))
        return set_str(&u->backend_domname, k, v, err_r);
    return unknown("usbctrl", k, err_r);
}

int libxl__parse_usbctrl(struct libxl_device_usbctrl *u, const char *spec,
                         char **err_r)
{
    return each_kv(spec, u, usbctrl_kv, err_r);
}

static int usbdev_kv(void *o, const char *k, const char *v, char **err_r)
{
    struct libxl_device_usbdev *u = o;
    long l;

    if (!strcmp(k, "type")) {
        if (need(k, v, err_r))
            return -EINVAL;
        return strcmp(v, "hostdev") ?
               bad(err_r, "invalid %s `%s' (only hostdev)", k, v) : 0;
    }
    if (!strcmp(k, "hostbus") || !strcmp(k, "hostaddr")) {
        if (set_long(&l, k, v, 1, 255, err_r))
            return -EINVAL;
        *(k[4] == 'b' ? &u->hostbus : &u->hostaddr) = (int)l;
        return 0;
    }
    if (!strcmp(k, "controller")) {
        if (set_long(&l, k, v, 0, 65535, err_r))
            return -EINVAL;
        u->ctrl = (int)l;
        return 0;
    }
    if (!strcmp(k, "port")) {
        if (set_long(&l, k, v, 1, 31, err_r))
            return -EINVAL;
        u->port = (int)l;
        return 0;
    }
    return unknown("usbdev", k, err_r);
}

int libxl__parse_usbdev(struct libxl_device_usbdev *u, const char *spec,
                        char **err_r)
{
    if (each_kv(spec, u, usbdev_kv, err_r))
        return -EINVAL;
    if (u->hostbus && u->hostaddr)
        return 0;
    *err_r = libxl__xasprintf("hostbus= and hostaddr= are required");
    return -EINVAL;
}
