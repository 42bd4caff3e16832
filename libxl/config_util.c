/*
 * libxl (config model): allocation helpers that abort on OOM, used by the
 * typed config code on both sides: compiled into libxenlight (JSON) and
 * into libxlutil (xl.cfg parsing), so each keeps its symbols hidden.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

char *libxl__strdup_or_abort(const char *s)
{
    char *r = strdup(s);

    if (!r)
        abort();
    return r;
}

char *libxl__xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    return s;
}
