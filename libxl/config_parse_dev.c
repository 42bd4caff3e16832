/*
 * libxl (config model): the device list keys vfb=, vkb=, channel=, p9=,
 * vtpm=, usbctrl=, usbdev=, vdispl= and vsnd= of an xl.cfg(5) config
 * into the typed devices (spec parsers in dev_misc.c, dev_vdispl.c,
 * dev_vsnd.c); errors carry file:line:column of the offending list
 * entry.  Part of libxlutil.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "cfg_internal.h"

typedef int parse_fn(void *dev, const char *spec, char **err_r);
typedef void dispose_fn(void *dev);

/*
 * Parse every entry of list key into *arr (elements of size sz), count
 * in *num.  Returns the number of list entries (0 if the key is absent).
 */
static int parse_list(XLU_Config *cfg, const char *key, void **arr,
                      int *num, size_t sz, parse_fn *parse,
                      dispose_fn *dispose)
{
    XLU_ConfigList *list;
    int n, i;

    if (xlu_cfg_get_list(cfg, key, &list, &n, 0))
        return 0;
    *arr = calloc((size_t)n + 1, sz);
    if (!*arr)
        abort();
    for (i = 0; i < n; i++) {
        const XLU_ConfigValue *v = xlu_cfg_get_listitem2(list, i);
        const char *spec = xlu_cfg_get_listitem(list, i);
        char *dev = (char *)*arr + sz * (size_t)*num, *err = NULL;

        if (!spec) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v),
                        "%s entry %d should be a string", key, i);
            continue;
        }
        if (parse(dev, spec, &err)) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "%s spec `%s': %s",
                        key, spec, err);
            free(err);
            dispose(dev);
            continue;
        }
        (*num)++;
    }
    return n;
}

#define PARSE_LIST(cfg, key, arr, num, parser, disposer)                   \
    parse_list(cfg, key, (void **)&(arr), &(num), sizeof(*(arr)),         \
               (parse_fn *)(parser), (dispose_fn *)(disposer))

/* One card of vsnd=: a list of "card|pcm|stream, k=v, ..." strings. */
static int parse_vsnd_card(XLU_Config *cfg, const XLU_ConfigValue *card,
                           int n, struct libxl_device_vsnd *s)
{
    const XLU_ConfigList *items = xlu_cfg_value_get_list(card);
    const XLU_ConfigValue *v;
    const char *spec;
    char *err;
    int i, bad = 0;

    if (!items) {
        xlu__report(cfg, 1, xlu_cfg_value_where(card), "vsnd entry %d "
                    "should be a list of strings (card, pcm, stream)", n);
        return -1;
    }
    for (i = 0; i < xlu_cfg_list_length(items); i++) {
        v = xlu_cfg_get_listitem2(items, i);
        spec = xlu_cfg_value_get_string(v);
        err = NULL;
        if (!spec) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "vsnd card %d: "
                        "entry %d should be a string", n, i);
            bad = 1;
        } else if (libxl__parse_vsnd_item(s, spec, &err)) {
            xlu__report(cfg, 1, xlu_cfg_value_where(v), "vsnd spec `%s': "
                        "%s", spec, err);
            free(err);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

static void parse_vsnds(XLU_Config *cfg, struct libxl_domain_config *c)
{
    XLU_ConfigList *list;
    struct libxl_device_vsnd *s;
    int n, i;

    if (xlu_cfg_get_list(cfg, "vsnd", &list, &n, 0))
        return;
    c->vsnds = calloc((size_t)n + 1, sizeof(*c->vsnds));
    if (!c->vsnds)
        abort();
    for (i = 0; i < n; i++) {
        s = &c->vsnds[c->num_vsnds];
        if (parse_vsnd_card(cfg, xlu_cfg_get_listitem2(list, i), i, s)) {
            libxl__vsnd_dispose(s);
            continue;
        }
        s->devid = c->num_vsnds++;
    }
}

static void no_dispose(void *dev)
{
    memset(dev, 0, sizeof(struct libxl_device_usbdev));
}

static int parse_usbdev_init(struct libxl_device_usbdev *u,
                             const char *spec, char **err_r)
{
    u->ctrl = -1;
    return libxl__parse_usbdev(u, spec, err_r);
}

void libxl__parse_small_devices(XLU_Config *cfg,
                                struct libxl_domain_config *c)
{
    int i;

    PARSE_LIST(cfg, "vfb", c->vfbs_t, c->num_vfbs_t, libxl__parse_vfb,
               libxl__vfb_dispose);
    /* Xen's xl gives every vfb a vkb (keyboard and mouse) of its own. */
    if (c->num_vfbs_t) {
        c->vkbs = calloc((size_t)c->num_vfbs_t + 1, sizeof(*c->vkbs));
        if (!c->vkbs)
            abort();
        c->num_vkbs = c->num_vfbs_t;
    }
    for (i = 0; i < c->num_vfbs_t; i++) {
        c->vfbs_t[i].devid = i;
        c->vkbs[i].devid = i;
    }
    {
        struct libxl_device_vkb *more = NULL;
        int nmore = 0;

        PARSE_LIST(cfg, "vkb", more, nmore, libxl__parse_vkb,
                   libxl__vkb_dispose);
        if (nmore) {
            c->vkbs = realloc(c->vkbs, sizeof(*c->vkbs) *
                              (size_t)(c->num_vkbs + nmore + 1));
            if (!c->vkbs)
                abort();
            for (i = 0; i < nmore; i++) {
                more[i].devid = c->num_vkbs;
                c->vkbs[c->num_vkbs++] = more[i];
            }
        }
        free(more);
    }
    PARSE_LIST(cfg, "channel", c->channels_t, c->num_channels_t,
               libxl__parse_channel, libxl__channel_dispose);
    for (i = 0; i < c->num_channels_t; i++)
        c->channels_t[i].devid = i;
    PARSE_LIST(cfg, "p9", c->p9s, c->num_p9s, libxl__parse_p9,
               libxl__p9_dispose);
    for (i = 0; i < c->num_p9s; i++)
        c->p9s[i].devid = i;
    PARSE_LIST(cfg, "vtpm", c->vtpms, c->num_vtpms, libxl__parse_vtpm,
               libxl__vtpm_dispose);
    for (i = 0; i < c->num_vtpms; i++)
        c->vtpms[i].devid = i;
    PARSE_LIST(cfg, "usbctrl", c->usbctrls, c->num_usbctrls,
               libxl__parse_usbctrl, libxl__usbctrl_dispose);
    for (i = 0; i < c->num_usbctrls; i++)
        c->usbctrls[i].devid = i;
    PARSE_LIST(cfg, "vdispl", c->vdispls, c->num_vdispls,
               libxl__parse_vdispl, libxl__vdispl_dispose);
    for (i = 0; i < c->num_vdispls; i++)
        c->vdispls[i].devid = i;
    PARSE_LIST(cfg, "usbdev", c->usbdevs, c->num_usbdevs,
               parse_usbdev_init, no_dispose);
    parse_vsnds(cfg, c);
}
