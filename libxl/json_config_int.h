/*
 * libxl (config model): yajl helpers shared by the JSON writers
 * json_config.c and json_config_dev.c (libxenlight, hidden).
 */
#ifndef LIBXL_JSON_CONFIG_INT_H
#define LIBXL_JSON_CONFIG_INT_H

#include <yajl/yajl_gen.h>

#include "libxl_types.h"

void libxl__jkey(yajl_gen g, const char *k);
void libxl__jstr(yajl_gen g, const char *k, const char *v);
void libxl__jint(yajl_gen g, const char *k, long long v);
void libxl__jbool(yajl_gen g, const char *k, libxl_defbool_t b);

void libxl__json_hvm_extras(yajl_gen g, const struct libxl_domain_config *c);
void libxl__json_vnuma(yajl_gen g, const struct libxl_domain_build_info *b);
void libxl__json_small_devices(yajl_gen g,
                               const struct libxl_domain_config *c);
/* One element of "vkbs". */
void libxl__json_vkb(yajl_gen g, const struct libxl_device_vkb *b);
/* b_info "cpuid" (json_cpuid.c; omitted when cpuid= is not set). */
void libxl__json_cpuid(yajl_gen g, const struct libxl_domain_build_info *b);
/* "vsnds" (json_vsnd.c; omitted when there are none). */
void libxl__json_vsnds(yajl_gen g, const struct libxl_domain_config *c);

#endif
