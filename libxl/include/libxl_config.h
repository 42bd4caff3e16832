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

/*
 * Parse disk spec components (xl-disk-configuration(5)) into d (init'ed
 * by the caller), as xl block-attach does with its arguments: the
 * components are read in order as one spec.  Returns 0, or -EINVAL with
 * a malloc'd message in *err_r.
 */
LIBXL_TYPES_API int libxl_device_disk_parse(struct libxl_device_disk *d,
                                            int nspecs,
                                            const char *const *specs,
                                            char **err_r);

/*
 * Parse one vif spec of xl-network-configuration(5) ("mac=..,bridge=..")
 * into n, on top of what n already holds (xl network-attach passes each
 * argument in turn).  Returns 0, or -EINVAL with a malloc'd message in
 * *err_r.
 */
LIBXL_TYPES_API int libxl_device_nic_parse(struct libxl_device_nic *n,
                                           const char *spec, char **err_r);

/*
 * Parse one vkb spec (the keys of xl.cfg(5) vkb=) into b, on top of what
 * b already holds (xl vkb-attach passes each argument in turn; b starts
 * zeroed).  Returns 0, or -EINVAL with a malloc'd message in *err_r.
 * libxl_device_vkb_dispose frees what it holds (b stays usable).
 */
LIBXL_TYPES_API int libxl_device_vkb_parse(struct libxl_device_vkb *b,
                                           const char *spec, char **err_r);
LIBXL_TYPES_API void libxl_device_vkb_dispose(struct libxl_device_vkb *b);

#endif
