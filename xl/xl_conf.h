/*
 * xl: xl.conf(5), the host-wide settings read on every invocation.
 */
#ifndef XL_CONF_H
#define XL_CONF_H

#include "xl.h"

/*
 * Fill env->conf with the defaults, then read the file: $XL_CONF if set,
 * else <config dir>/xl.conf (/etc/xen, or $XENSIM_DIR/etc/xen).  A file
 * that cannot be read gets Xen's "Failed to read config file" warning
 * and the defaults are kept.  Returns -1 when the file has syntax errors
 * (xl then exits 1, as Xen's does), else 0.
 */
int xl_conf_load(struct xl_env *env);

/* Free the strings of conf; idempotent. */
void xl_conf_dispose(struct xl_conf *conf);

#endif
