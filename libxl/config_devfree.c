/*
 * libxl (config model): freeing the typed small devices (vfb, vkb,
 * channel, p9, vtpm, usbctrl, vdispl, vnuma nodes, spice).  Compiled into
 * both libxenlight (config dispose, JSON) and libxlutil (spec parsers), so
 * the symbols stay hidden in each.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

void libxl__vfb_dispose(struct libxl_device_vfb *f)
{
    free(f->backend_domname);
    free(f->vnc_listen);
    free(f->vnc_passwd);
    free(f->sdl_display);
    free(f->sdl_xauthority);
    free(f->keymap);
    memset(f, 0, sizeof(*f));
}

void libxl__vkb_dispose(struct libxl_device_vkb *b)
{
    free(b->backend_domname);
    free(b->unique_id);
    memset(b, 0, sizeof(*b));
}

void libxl__channel_dispose(struct libxl_device_channel *ch)
{
    free(ch->backend_domname);
    free(ch->name);
    free(ch->path);
    memset(ch, 0, sizeof(*ch));
}

void libxl__p9_dispose(struct libxl_device_p9 *p)
{
    free(p->backend_domname);
    free(p->tag);
    free(p->path);
    free(p->security_model);
    memset(p, 0, sizeof(*p));
}

void libxl__vtpm_dispose(struct libxl_device_vtpm *t)
{
    free(t->backend_domname);
    memset(t, 0, sizeof(*t));
}

void libxl__vdispl_dispose(struct libxl_device_vdispl *d)
{
    int i;

    for (i = 0; i < d->num_connectors; i++)
        free(d->connectors[i].unique_id);
    free(d->connectors);
    free(d->backend_domname);
    memset(d, 0, sizeof(*d));
}

void libxl__usbctrl_dispose(struct libxl_device_usbctrl *u)
{
    free(u->backend_domname);
    memset(u, 0, sizeof(*u));
}

void libxl__spice_dispose(struct libxl_spice_info *s)
{
    free(s->host);
    free(s->passwd);
    free(s->image_compression);
    free(s->streaming_video);
    memset(s, 0, sizeof(*s));
}

void libxl__vnode_dispose(struct libxl_vnode_info *v)
{
    free(v->distances);
    free(v->vcpus);
    memset(v, 0, sizeof(*v));
}

#define FREE_ARRAY(arr, n, fn) do {                                       \
        int i_;                                                           \
        for (i_ = 0; i_ < (n); i_++)                                      \
            fn(&(arr)[i_]);                                               \
        free(arr);                                                        \
    } while (0)

void libxl__config_dispose_small_devices(struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    char **p;

    FREE_ARRAY(c->vfbs_t, c->num_vfbs_t, libxl__vfb_dispose);
    FREE_ARRAY(c->vkbs, c->num_vkbs, libxl__vkb_dispose);
    FREE_ARRAY(c->channels_t, c->num_channels_t, libxl__channel_dispose);
    FREE_ARRAY(c->p9s, c->num_p9s, libxl__p9_dispose);
    FREE_ARRAY(c->vtpms, c->num_vtpms, libxl__vtpm_dispose);
    FREE_ARRAY(c->usbctrls, c->num_usbctrls, libxl__usbctrl_dispose);
    free(c->usbdevs);
    FREE_ARRAY(c->vdispls, c->num_vdispls, libxl__vdispl_dispose);
    FREE_ARRAY(c->vsnds, c->num_vsnds, libxl__vsnd_dispose);
    FREE_ARRAY(b->vnuma_nodes, b->num_vnuma_nodes, libxl__vnode_dispose);
    libxl__spice_dispose(&b->spice);
    for (p = b->cpuid; p && *p; p++)
        free(*p);
    free(b->cpuid);
    free(b->keymap);
    free(b->device_model);
    free(b->system_firmware);
    free(b->vnc_passwd);
}
