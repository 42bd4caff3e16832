/*
 * libxl (config model): from an xl.cfg(5) config (libxlutil.h) to the
 * typed libxl_domain_config (libxl_types.h), and to JSON in the shape of
 * Xen 4.17's `xl -N create`.
 */
#ifndef LIBXL_CONFIG_H
#define LIBXL_CONFIG_H

#include "libxl_types.h"
#include "libxlutil.h"

/*
 * Fill c (init'ed by the caller) from cfg.  Every problem is reported
 * through cfg's report stream with file:line:column; keys known to
 * xl.cfg(5) but not handled yet are listed in c->unsupported; unknown
 * keys get a warning with suggestions.  Returns 0, or -EINVAL if any
 * error was reported (c is still filled as far as possible).
 */
LIBXL_TYPES_API int libxl_domain_config_from_xlu(
    struct libxl_domain_config *c, XLU_Config *cfg);

/*
 * The config as pretty-printed JSON (malloc'd, caller frees), or NULL on
 * allocation failure.
 */
LIBXL_TYPES_API char *libxl_domain_config_to_json(
    const struct libxl_domain_config *c);

/*
 * Fill c (init'ed by the caller) from JSON as written by
 * libxl_domain_config_to_json().  Returns 0, or -EINVAL with a malloc'd
 * message in *err_r (may be NULL) if json is not a JSON object.
 */
LIBXL_TYPES_API int libxl_domain_config_from_json(
    struct libxl_domain_config *c, const char *json, char **err_r);

#endif
