/*
 * xl: the per-domain monitor process (monitor.c) that applies the
 * on_* actions of a domain's config when it shuts down.
 */
#ifndef XL_MONITOR_H
#define XL_MONITOR_H

#include <stdint.h>

#include "libxl.h"

/* Watch domid until it is gone; 0 or 1 (failure), as an exit status. */
int xl_monitor_loop(libxl_ctx *ctx, uint32_t domid,
                    const struct libxl_domain_config *dc);

/*
 * Run xl_monitor_loop in a detached daemon (setsid, stdio to
 * <log_dir>/xl-<name>.log).  Returns 0 once it is detached, or -errno.
 */
int xl_monitor_spawn(uint32_t domid, const struct libxl_domain_config *dc,
                     const char *log_dir);

#endif
