/*
 * xl: JSON output helpers for the --json listings (runtime state, not
 * the stored domain configuration that `xl list -l` prints).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

yajl_gen xl_json_open(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);

    if (!g)
        abort();
    yajl_gen_config(g, yajl_gen_beautify, 1);
    return g;
}

int xl_json_close(yajl_gen g)
{
    const unsigned char *buf;
    size_t len;
    int rc = 0;

    if (yajl_gen_get_buf(g, &buf, &len) != yajl_gen_status_ok) {
        fprintf(stderr, "unable to format the output as JSON\n");
        rc = -1;
    } else {
        fwrite(buf, 1, len, stdout);
        if (!len || buf[len - 1] != '\n')
            putchar('\n');
    }
    yajl_gen_free(g);
    return rc;
}

void xl_json_str(yajl_gen g, const char *s)
{
    if (s)
        yajl_gen_string(g, (const unsigned char *)s, strlen(s));
    else
        yajl_gen_null(g);
}

void xl_json_key_str(yajl_gen g, const char *key, const char *val)
{
    xl_json_str(g, key);
    xl_json_str(g, val);
}

void xl_json_key_int(yajl_gen g, const char *key, long long val)
{
    xl_json_str(g, key);
    yajl_gen_integer(g, val);
}

void xl_json_key_bool(yajl_gen g, const char *key, bool val)
{
    xl_json_str(g, key);
    yajl_gen_bool(g, val);
}

void xl_json_key_double(yajl_gen g, const char *key, double val)
{
    xl_json_str(g, key);
    yajl_gen_double(g, val);
}
