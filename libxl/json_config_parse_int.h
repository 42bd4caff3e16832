/*
 * libxl (config model): yajl tree helpers shared by the JSON readers
 * json_config_parse.c and json_config_parse_dev.c (libxenlight, hidden).
 */
#ifndef LIBXL_JSON_CONFIG_PARSE_INT_H
#define LIBXL_JSON_CONFIG_PARSE_INT_H

#include <yajl/yajl_tree.h>

#include "libxl_types.h"

yajl_val libxl__jget(yajl_val obj, const char *k);
void libxl__jrstr(yajl_val o, const char *k, char **f);
void libxl__jrint(yajl_val o, const char *k, long long *f);
void libxl__jrbool(yajl_val o, const char *k, libxl_defbool_t *f);

/* The devices and HVM extras of json_config_dev.c, back from JSON. */
void libxl__from_json_small(yajl_val root, struct libxl_domain_config *c);
/* b_info "cpuid" (json_cpuid.c). */
void libxl__from_json_cpuid(yajl_val b_info,
                            struct libxl_domain_build_info *b);
/* "vsnds" (json_vsnd.c). */
void libxl__from_json_vsnds(yajl_val root, struct libxl_domain_config *c);

#endif
