/*
 * libxl (config grammar): private structures of libxlutil's XLU_Config,
 * shared by the lexer/parser (cfg_parse.c) and getters (cfg_get.c).
 */
#ifndef LIBXL_CFG_INTERNAL_H
#define LIBXL_CFG_INTERNAL_H

#include <stdio.h>

#include "libxlutil.h"

struct XLU_ConfigList {
    XLU_ConfigValue **v;
    int n;
};

struct XLU_ConfigValue {
    enum XLU_ConfigValueType type;
    char *str;                          /* XLU_STRING */
    int is_number;                      /* unquoted number */
    XLU_ConfigList list;                /* XLU_LIST */
    char *where;                        /* "file:line:column" */
};

struct xlu__setting {
    char *name;
    XLU_ConfigValue *value;
    int used;
    struct xlu__setting *next;          /* newest first */
};

struct XLU_Config {
    FILE *report;
    char *chunk;                        /* name of the current chunk */
    struct xlu__setting *settings;
    int nerrors;
    int python;
};

void xlu__value_free(XLU_ConfigValue *v);
/* Report "where: warning|error: msg" (counts errors). */
void xlu__report(XLU_Config *cfg, int error, const char *where,
                 const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Levenshtein distance of two short strings. */
int xlu__edit_distance(const char *a, const char *b);

#endif
