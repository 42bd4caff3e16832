/*
 * libxl (config model): vsnd names (sample formats, stream types) and
 * freeing of the typed sound cards.  Compiled into libxenlight (JSON,
 * dispose) and libxlutil (the vsnd= parser), like config_devfree.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_internal.h"

/* Xen's libxl_vsnd_pcm_format names, index = value. */
static const char *const formats[] = {
    NULL, "s8", "u8", "s16_le", "s16_be", "u16_le", "u16_be", "s24_le",
    "s24_be", "u24_le", "u24_be", "s32_le", "s32_be", "u32_le", "u32_be",
    "f32_le", "f32_be", "f64_le", "f64_be", "iec958_subframe_le",
    "iec958_subframe_be", "mu_law", "a_law", "ima_adpcm", "mpeg", "gsm",
};

const char *libxl__vsnd_format_name(int f)
{
    if (f < 1 || f > LIBXL_VSND_PCM_FORMAT_GSM)
        return NULL;
    return formats[f];
}

int libxl__vsnd_format_from_name(const char *s)
{
    int f;

    for (f = 1; f <= LIBXL_VSND_PCM_FORMAT_GSM; f++)
        if (!strcasecmp(s, formats[f]))
            return f;
    return -1;
}

const char *libxl__vsnd_stream_type_name(int t)
{
    return t == LIBXL_VSND_STREAM_TYPE_P ? "p"
         : t == LIBXL_VSND_STREAM_TYPE_C ? "c" : NULL;
}

int libxl__vsnd_stream_type_from_name(const char *s)
{
    if (!strcasecmp(s, "p"))
        return LIBXL_VSND_STREAM_TYPE_P;
    if (!strcasecmp(s, "c"))
        return LIBXL_VSND_STREAM_TYPE_C;
    return -1;
}

void libxl__vsnd_params_dispose(struct libxl_vsnd_params *p)
{
    free(p->sample_rates);
    free(p->sample_formats);
    memset(p, 0, sizeof(*p));
}

void libxl__vsnd_dispose(struct libxl_device_vsnd *v)
{
    int i, j;

    for (i = 0; i < v->num_vsnd_pcms; i++) {
        struct libxl_vsnd_pcm *pcm = &v->pcms[i];

        for (j = 0; j < pcm->num_vsnd_streams; j++) {
            free(pcm->streams[j].unique_id);
            libxl__vsnd_params_dispose(&pcm->streams[j].params);
        }
        free(pcm->streams);
        free(pcm->name);
        libxl__vsnd_params_dispose(&pcm->params);
    }
    free(v->pcms);
    free(v->backend_domname);
    free(v->short_name);
    free(v->long_name);
    libxl__vsnd_params_dispose(&v->params);
    memset(v, 0, sizeof(*v));
}
