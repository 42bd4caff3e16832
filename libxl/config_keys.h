/*
 * libxl (config model): the table of xl.cfg(5) key names.
 */
#ifndef LIBXL_CONFIG_KEYS_H
#define LIBXL_CONFIG_KEYS_H

/* NULL-terminated list of every key of Xen 4.17's xl.cfg(5). */
extern const char *const libxl__cfg_known_keys[];

#endif
