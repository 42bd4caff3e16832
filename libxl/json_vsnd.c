/*
 * libxl (config model): the "vsnds" of the config JSON both ways, in the
 * shape of Xen 4.17's libxl_device_vsnd (params maps, pcms with their
 * streams; enums by their lower-case names; fields at their default
 * omitted, as json_config_dev.c does).  Part of libxenlight.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "json_config_int.h"
#include "json_config_parse_int.h"

static void gen_params(yajl_gen g, const struct libxl_vsnd_params *p)
{
    const char *f;
    int i;

    libxl__jkey(g, "params");
    yajl_gen_map_open(g);
    if (p->num_sample_rates) {
        libxl__jkey(g, "sample_rates");
        yajl_gen_array_open(g);
        for (i = 0; i < p->num_sample_rates; i++)
            yajl_gen_integer(g, p->sample_rates[i]);
        yajl_gen_array_close(g);
    }
    if (p->num_sample_formats) {
        libxl__jkey(g, "sample_formats");
        yajl_gen_array_open(g);
        for (i = 0; i < p->num_sample_formats; i++) {
            f = libxl__vsnd_format_name(p->sample_formats[i]);
            yajl_gen_string(g, (const unsigned char *)(f ? f : ""),
                            f ? strlen(f) : 0);
        }
        yajl_gen_array_close(g);
    }
    if (p->channels_min)
        libxl__jint(g, "channels_min", p->channels_min);
    if (p->channels_max)
        libxl__jint(g, "channels_max", p->channels_max);
    if (p->buffer_size)
        libxl__jint(g, "buffer_size", p->buffer_size);
    yajl_gen_map_close(g);
}

static void gen_pcm(yajl_gen g, const struct libxl_vsnd_pcm *pcm)
{
    const struct libxl_vsnd_stream *st;
    int i;

    yajl_gen_map_open(g);
    libxl__jstr(g, "name", pcm->name);
    gen_params(g, &pcm->params);
    if (pcm->num_vsnd_streams) {
        libxl__jkey(g, "streams");
        yajl_gen_array_open(g);
        for (i = 0; i < pcm->num_vsnd_streams; i++) {
            st = &pcm->streams[i];
            yajl_gen_map_open(g);
            libxl__jstr(g, "unique_id", st->unique_id);
            libxl__jstr(g, "type", libxl__vsnd_stream_type_name(st->type));
            gen_params(g, &st->params);
            yajl_gen_map_close(g);
        }
        yajl_gen_array_close(g);
    }
    yajl_gen_map_close(g);
}

static void gen_vsnd(yajl_gen g, const struct libxl_device_vsnd *s)
{
    int i;

    yajl_gen_map_open(g);
    libxl__jstr(g, "backend_domname", s->backend_domname);
    libxl__jint(g, "devid", s->devid);
    libxl__jstr(g, "short_name", s->short_name);
    libxl__jstr(g, "long_name", s->long_name);
    gen_params(g, &s->params);
    if (s->num_vsnd_pcms) {
        libxl__jkey(g, "pcms");
        yajl_gen_array_open(g);
        for (i = 0; i < s->num_vsnd_pcms; i++)
            gen_pcm(g, &s->pcms[i]);
        yajl_gen_array_close(g);
    }
    yajl_gen_map_close(g);
}

void libxl__json_vsnds(yajl_gen g, const struct libxl_domain_config *c)
{
    int i;

    if (!c->num_vsnds)
        return;
    libxl__jkey(g, "vsnds");
    yajl_gen_array_open(g);
    for (i = 0; i < c->num_vsnds; i++)
        gen_vsnd(g, &c->vsnds[i]);
    yajl_gen_array_close(g);
}

/* ---- back from JSON ---- */

static uint32_t u32(yajl_val o, const char *k)
{
    long long v = 0;

    libxl__jrint(o, k, &v);
    return v < 0 || v > UINT32_MAX ? 0 : (uint32_t)v;
}

/* calloc of n elements of sz (at least one, so never NULL). */
static void *zalloc(size_t n, size_t sz)
{
    void *p = calloc(n ? n : 1, sz);

    if (!p)
        abort();
    return p;
}

static void from_params(yajl_val o, struct libxl_vsnd_params *p)
{
    yajl_val a;
    size_t i;
    int f;

    o = libxl__jget(o, "params");
    if (!YAJL_IS_OBJECT(o))
        return;
    a = libxl__jget(o, "sample_rates");
    if (YAJL_IS_ARRAY(a) && a->u.array.len) {
        p->sample_rates = zalloc(a->u.array.len, sizeof(uint32_t));
        for (i = 0; i < a->u.array.len; i++)
            if (YAJL_IS_INTEGER(a->u.array.values[i]))
                p->sample_rates[p->num_sample_rates++] =
                    (uint32_t)YAJL_GET_INTEGER(a->u.array.values[i]);
    }
    a = libxl__jget(o, "sample_formats");
    if (YAJL_IS_ARRAY(a) && a->u.array.len) {
        p->sample_formats = zalloc(a->u.array.len, sizeof(int));
        for (i = 0; i < a->u.array.len; i++) {
            f = YAJL_IS_STRING(a->u.array.values[i]) ?
                libxl__vsnd_format_from_name(
                    YAJL_GET_STRING(a->u.array.values[i])) : -1;
            if (f > 0)
                p->sample_formats[p->num_sample_formats++] = f;
        }
    }
    p->channels_min = u32(o, "channels_min");
    p->channels_max = u32(o, "channels_max");
    p->buffer_size = u32(o, "buffer_size");
}

static void from_stream(yajl_val o, struct libxl_vsnd_stream *st)
{
    char *type = NULL;

    libxl__jrstr(o, "unique_id", &st->unique_id);
    libxl__jrstr(o, "type", &type);
    if (type && libxl__vsnd_stream_type_from_name(type) > 0)
        st->type = libxl__vsnd_stream_type_from_name(type);
    free(type);
    from_params(o, &st->params);
}

static void from_pcm(yajl_val o, struct libxl_vsnd_pcm *pcm)
{
    yajl_val a = libxl__jget(o, "streams");
    size_t i;

    libxl__jrstr(o, "name", &pcm->name);
    from_params(o, &pcm->params);
    if (!YAJL_IS_ARRAY(a) || !a->u.array.len)
        return;
    pcm->streams = zalloc(a->u.array.len, sizeof(*pcm->streams));
    for (i = 0; i < a->u.array.len; i++)
        if (YAJL_IS_OBJECT(a->u.array.values[i]))
            from_stream(a->u.array.values[i],
                        &pcm->streams[pcm->num_vsnd_streams++]);
}

static void from_vsnd(yajl_val o, struct libxl_device_vsnd *s)
{
    yajl_val a = libxl__jget(o, "pcms");
    long long devid = 0;
    size_t i;

    libxl__jrstr(o, "backend_domname", &s->backend_domname);
    libxl__jrint(o, "devid", &devid);
    s->devid = (int)devid;
    libxl__jrstr(o, "short_name", &s->short_name);
    libxl__jrstr(o, "long_name", &s->long_name);
    from_params(o, &s->params);
    if (!YAJL_IS_ARRAY(a) || !a->u.array.len)
        return;
    s->pcms = zalloc(a->u.array.len, sizeof(*s->pcms));
    for (i = 0; i < a->u.array.len; i++)
        if (YAJL_IS_OBJECT(a->u.array.values[i]))
            from_pcm(a->u.array.values[i], &s->pcms[s->num_vsnd_pcms++]);
}

void libxl__from_json_vsnds(yajl_val root, struct libxl_domain_config *c)
{
    yajl_val a = libxl__jget(root, "vsnds");
    size_t i;

    if (!YAJL_IS_ARRAY(a) || !a->u.array.len)
        return;
    c->vsnds = zalloc(a->u.array.len, sizeof(*c->vsnds));
    for (i = 0; i < a->u.array.len; i++)
        if (YAJL_IS_OBJECT(a->u.array.values[i]))
            from_vsnd(a->u.array.values[i], &c->vsnds[c->num_vsnds++]);
}
