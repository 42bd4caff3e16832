/*
 * libxl (config model): private helpers shared by the xl.cfg -> typed
 * config parser (config_parse.c), the device spec parsers (dev_*.c) and
 * the JSON writer (json_config.c).
 */
#ifndef LIBXL_CONFIG_INTERNAL_H
#define LIBXL_CONFIG_INTERNAL_H

#include "libxl_types.h"
#include "libxlutil.h"
#include "libxl_config.h"

/* Parse one disk spec into d (init'ed); errors are written to *err_r. */
int libxl__parse_disk(struct libxl_device_disk *d, const char *spec,
                      char **err_r);
/* Parse one vif spec into n (init'ed); errors are written to *err_r. */
int libxl__parse_nic(struct libxl_device_nic *n, const char *spec,
                     char **err_r);

/* Check one pci= spec; errors are written to *err_r. */
int libxl__check_pci(const char *spec, char **err_r);

char *libxl__strdup_or_abort(const char *s);
char *libxl__xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
