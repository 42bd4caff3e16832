/*
 * libxl (config model): from an xl.cfg(5) config (libxlutil.h) to the
 * typed libxl_domain_config (libxl_types.h, where its JSON form is).
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

#endif
