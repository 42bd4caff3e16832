/*
 * libxl (config model): the vsnd= spec of xl.cfg(5).  A card is a list
 * of strings, each "card, ...", "pcm, ..." or "stream, ..." followed by
 * key=value parameters for the card, a new PCM device or a new stream of
 * the last PCM (Xen's xl order).  Part of libxlutil.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_internal.h"

static int number(uint32_t *out, const char *k, const char *v, int zero_ok,
                  char **err_r)
{
    char *end;
    unsigned long long l;

    errno = 0;
    l = strtoull(v, &end, 0);
    if (end == v || *end || errno || *v == '-' || l > UINT32_MAX ||
        (!l && !zero_ok)) {
        *err_r = libxl__xasprintf("invalid %s `%s' (a number from %d to "
                                  "4294967295)", k, v, zero_ok ? 0 : 1);
        return -EINVAL;
    }
    *out = (uint32_t)l;
    return 0;
}

static int rates(struct libxl_vsnd_params *p, const char *v, char **err_r)
{
    char *copy = libxl__strdup_or_abort(v), *cur = copy, *tok;
    int rc = 0;

    free(p->sample_rates);
    p->sample_rates = NULL;
    p->num_sample_rates = 0;
    while (!rc && (tok = strsep(&cur, ";")) != NULL) {
        p->sample_rates = realloc(p->sample_rates, sizeof(uint32_t) *
                                  (size_t)(p->num_sample_rates + 1));
        if (!p->sample_rates)
            abort();
        rc = number(&p->sample_rates[p->num_sample_rates], "sample rate",
                    tok, 0, err_r);
        if (!rc)
            p->num_sample_rates++;
    }
    free(copy);
    return rc;
}

static int formats(struct libxl_vsnd_params *p, const char *v, char **err_r)
{
    char *copy = libxl__strdup_or_abort(v), *cur = copy, *tok;
    int rc = 0, f;

    free(p->sample_formats);
    p->sample_formats = NULL;
    p->num_sample_formats = 0;
    while (!rc && (tok = strsep(&cur, ";")) != NULL) {
        f = libxl__vsnd_format_from_name(tok);
        if (f < 0) {
            *err_r = libxl__xasprintf("invalid sample format `%s' (s8, u8, "
                                      "s16_le, ... gsm: see xl.cfg(5))",
                                      tok);
            rc = -EINVAL;
            break;
        }
        p->sample_formats = realloc(p->sample_formats, sizeof(int) *
                                    (size_t)(p->num_sample_formats + 1));
        if (!p->sample_formats)
            abort();
        p->sample_formats[p->num_sample_formats++] = f;
    }
    free(copy);
    return rc;
}

/* A parameter every level may set: 0 done, 1 not one, -EINVAL bad. */
static int param(struct libxl_vsnd_params *p, const char *k, const char *v,
                 char **err_r)
{
    if (!strcmp(k, "sample-rates"))
        return rates(p, v, err_r);
    if (!strcmp(k, "sample-formats"))
        return formats(p, v, err_r);
    if (!strcmp(k, "channels-min"))
        return number(&p->channels_min, k, v, 0, err_r);
    if (!strcmp(k, "channels-max"))
        return number(&p->channels_max, k, v, 0, err_r);
    if (!strcmp(k, "buffer-size"))
        return number(&p->buffer_size, k, v, 0, err_r);
    return 1;
}

static void set_str(char **f, const char *v)
{
    free(*f);
    *f = libxl__strdup_or_abort(v);
}

enum level { CARD, PCM, STREAM };

static int level_param(struct libxl_device_vsnd *s, enum level lv,
                       const char *k, const char *v, char **err_r)
{
    struct libxl_vsnd_pcm *pcm = s->num_vsnd_pcms ?
                                 &s->pcms[s->num_vsnd_pcms - 1] : NULL;
    struct libxl_vsnd_stream *st = lv == STREAM ?
        &pcm->streams[pcm->num_vsnd_streams - 1] : NULL;
    int rc = param(lv == CARD ? &s->params : lv == PCM ? &pcm->params
                   : &st->params, k, v, err_r);

    if (rc <= 0)
        return rc;
    if (lv == CARD && !strcmp(k, "backend"))
        set_str(&s->backend_domname, v);
    else if (lv == CARD && !strcmp(k, "short-name"))
        set_str(&s->short_name, v);
    else if (lv == CARD && !strcmp(k, "long-name"))
        set_str(&s->long_name, v);
    else if (lv == PCM && !strcmp(k, "name"))
        set_str(&pcm->name, v);
    else if (lv == STREAM && !strcmp(k, "unique-id"))
        set_str(&st->unique_id, v);
    else if (lv == STREAM && !strcmp(k, "type")) {
        st->type = libxl__vsnd_stream_type_from_name(v);
        if (st->type < 0) {
            st->type = 0;
            *err_r = libxl__xasprintf("invalid stream type `%s' (p or c)",
                                      v);
            return -EINVAL;
        }
    } else {
        *err_r = libxl__xasprintf("unknown %s parameter `%s'",
                                  lv == CARD ? "card" : lv == PCM ? "pcm"
                                  : "stream", k);
        return -EINVAL;
    }
    return 0;
}

static void add_pcm(struct libxl_device_vsnd *s)
{
    s->pcms = realloc(s->pcms, sizeof(*s->pcms) *
                      (size_t)(s->num_vsnd_pcms + 1));
    if (!s->pcms)
        abort();
    memset(&s->pcms[s->num_vsnd_pcms++], 0, sizeof(*s->pcms));
}

static void add_stream(struct libxl_device_vsnd *s)
{
    struct libxl_vsnd_pcm *pcm;

    if (!s->num_vsnd_pcms)              /* as Xen: a stream makes a pcm */
        add_pcm(s);
    pcm = &s->pcms[s->num_vsnd_pcms - 1];
    pcm->streams = realloc(pcm->streams, sizeof(*pcm->streams) *
                           (size_t)(pcm->num_vsnd_streams + 1));
    if (!pcm->streams)
        abort();
    memset(&pcm->streams[pcm->num_vsnd_streams++], 0,
           sizeof(*pcm->streams));
}

/* The item's first token: which level it sets; -1 (reported) if none. */
static int item_level(struct libxl_device_vsnd *s, const char *tok,
                      char **err_r)
{
    if (!strcasecmp(tok, "card"))
        return CARD;
    if (!strcasecmp(tok, "pcm")) {
        add_pcm(s);
        return PCM;
    }
    if (!strcasecmp(tok, "stream")) {
        add_stream(s);
        return STREAM;
    }
    *err_r = libxl__xasprintf("`%s' should start with card, pcm or stream",
                              tok);
    return -1;
}

int libxl__parse_vsnd_item(struct libxl_device_vsnd *s, const char *spec,
                           char **err_r)
{
    char *copy = libxl__strdup_or_abort(spec), *cur = copy, *tok, *eq;
    int rc = 0, lv = -1;

    while (!rc && (tok = strsep(&cur, ",")) != NULL) {
        while (*tok == ' ')
            tok++;
        if (lv < 0) {
            lv = item_level(s, tok, err_r);
            if (lv < 0)
                rc = -EINVAL;
            continue;
        }
        if (!*tok)
            continue;
        eq = strchr(tok, '=');
        if (!eq) {
            *err_r = libxl__xasprintf("invalid vsnd parameter `%s' "
                                      "(expected key=value)", tok);
            rc = -EINVAL;
            break;
        }
        *eq = 0;
        rc = level_param(s, (enum level)lv, tok, eq + 1, err_r);
    }
    free(copy);
    return rc;
}
