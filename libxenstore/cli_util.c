/*
 * xenstore tools: escaping of values for printing and unescaping of
 * values given on the command line, in the format of Xen's tools.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

char *cli_sanitise(const char *val, unsigned int len)
{
    char *out = malloc((size_t)len * 4 + 1), *o = out;
    unsigned int i;

    if (!out)
        return NULL;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)val[i];

        if (c >= ' ' && c <= '~' && c != '\\') {
            *o++ = (char)c;
            continue;
        }
        *o++ = '\\';
        switch (c) {
        case '\t': *o++ = 't'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\\': *o++ = '\\'; break;
        default:
            o += sprintf(o, c < 010 ? "%03o" : "x%02x", c);
        }
    }
    *o = '\0';
    return out;
}

/* Up to max digits of the given base at *pp; advances *pp past them. */
static int digits(const char **pp, int base, int max, unsigned int *v)
{
    const char *p = *pp;
    int n = 0;

    *v = 0;
    while (n < max && *p) {
        int d;

        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (base == 16 && *p >= 'a' && *p <= 'f')
            d = *p - 'a' + 10;
        else if (base == 16 && *p >= 'A' && *p <= 'F')
            d = *p - 'A' + 10;
        else
            break;
        if (d >= base)
            break;
        *v = *v * (unsigned int)base + (unsigned int)d;
        p++;
        n++;
    }
    *pp = p;
    return n;
}

void cli_unsanitise(char *out, unsigned int *out_len, const char *in)
{
    const char *ip = in;
    char *op = out;
    unsigned int c, v;

    while ((c = (unsigned char)*ip++)) {
        if (c == '\\') {
            c = (unsigned char)*ip++;
            switch (c) {
            case 't': c = '\t'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case '\\': break;
            case 'x':
                if (digits(&ip, 16, 2, &v))
                    c = v;
                break;
            case '0': case '1': case '2': case '3':
            case '4': case '5': case '6': case '7':
                ip--;
                digits(&ip, 8, 3, &v);
                c = v;
                break;
            case 0:
                /* A trailing backslash yields a NUL byte, as in Xen. */
                ip--;
                break;
            default:
                break;
            }
        }
        *op++ = (char)c;
    }
    *op = '\0';
    if (out_len)
        *out_len = (unsigned int)(op - out);
}
