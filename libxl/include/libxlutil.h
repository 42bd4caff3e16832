/*
 * libxlutil: the xl.cfg(5) configuration language (also used for
 * xl.conf(5)).  A config is read from one or more chunks (a file, then
 * command-line "key=value" overrides); values are strings, numbers
 * (kept as their source text) or nested lists.  Errors and warnings go
 * to the FILE given to xlu_cfg_init() as "file:line:column: message".
 */
#ifndef LIBXLUTIL_H
#define LIBXLUTIL_H

#include <stdio.h>

#define XLU_API __attribute__((visibility("default")))

#define LIBXLU_HAVE_CFG 1

typedef struct XLU_Config XLU_Config;           /* opaque */
typedef struct XLU_ConfigList XLU_ConfigList;   /* a list value */
typedef struct XLU_ConfigValue XLU_ConfigValue; /* any value */

enum XLU_ConfigValueType {
    XLU_STRING,                 /* quoted string or number */
    XLU_LIST,
};

/*
 * Create an empty config.  Diagnostics are written to report (may be
 * NULL: silent) using report_filename as the name of the first chunk.
 * Returns NULL only on allocation failure.  Free with xlu_cfg_destroy().
 */
XLU_API XLU_Config *xlu_cfg_init(FILE *report, const char *report_filename);

/*
 * Parse the file real_filename and add its settings.  All errors of the
 * file are reported before returning.  Returns 0, -errno if the file
 * cannot be read, or -EINVAL if it has syntax errors (the settings that
 * parsed are kept).
 */
XLU_API int xlu_cfg_readfile(XLU_Config *cfg, const char *real_filename);

/*
 * Parse length bytes of data as a further chunk (later chunks override
 * earlier ones).  Errors name the chunk after report_filename, or after
 * the name last given to xlu_cfg_set_chunk_name().  Returns as above.
 */
XLU_API int xlu_cfg_readdata(XLU_Config *cfg, const char *data, int length);

/* Name used in diagnostics for the following chunks (copied). */
XLU_API void xlu_cfg_set_chunk_name(XLU_Config *cfg, const char *name);

/* Free everything (NULL-safe); pointers obtained from getters die too. */
XLU_API void xlu_cfg_destroy(XLU_Config *cfg);

/*
 * Getters.  Each looks up the last assignment to name and marks the key
 * as used.  They return 0 on success, -ESRCH if the key is absent, and
 * -EINVAL if the value has the wrong type or range (a warning
 * "file:line:column: ..." is printed unless dont_warn).  Outputs are
 * written only on success.  Returned strings belong to cfg.
 */
XLU_API int xlu_cfg_get_string(const XLU_Config *cfg, const char *name,
                               const char **value_r, int dont_warn);
/* As above, but *value_r is replaced by a malloc'd copy (old one freed). */
XLU_API int xlu_cfg_replace_string(const XLU_Config *cfg, const char *name,
                                   char **value_r, int dont_warn);
/* Number as strtol(..., 0) reads it: 0x10 is 16, 010 is 8. */
XLU_API int xlu_cfg_get_long(const XLU_Config *cfg, const char *name,
                             long *value_r, int dont_warn);
/* A number that must lie in [min, max] (out of range: -ERANGE). */
XLU_API int xlu_cfg_get_bounded_long(const XLU_Config *cfg, const char *name,
                                     long min, long max, long *value_r,
                                     int dont_warn);
/* A boolean: any number, nonzero is true; *value_r is 0 or 1. */
XLU_API int xlu_cfg_get_defbool(const XLU_Config *cfg, const char *name,
                                int *value_r, int dont_warn);
/* A list; *entries_r (may be NULL) gets its length. */
XLU_API int xlu_cfg_get_list(const XLU_Config *cfg, const char *name,
                             XLU_ConfigList **list_r, int *entries_r,
                             int dont_warn);
/*
 * A list of strings as a malloc'd NULL-terminated array of malloc'd
 * strings (free each, then the array).  A single string is accepted as
 * a one-element list.
 */
XLU_API int xlu_cfg_get_list_as_string_list(const XLU_Config *cfg,
                                            const char *name,
                                            char ***strings_r,
                                            int dont_warn);
/* Entry n of a list if it is a string, else NULL (also when n >= len). */
XLU_API const char *xlu_cfg_get_listitem(const XLU_ConfigList *list, int n);
/* Number of entries of list. */
XLU_API int xlu_cfg_list_length(const XLU_ConfigList *list);
/* Entry n of a list as a value of any type, or NULL. */
XLU_API const XLU_ConfigValue *xlu_cfg_get_listitem2(
    const XLU_ConfigList *list, int n);

/* Generic value access. */
XLU_API const XLU_ConfigValue *xlu_cfg_get_value(const XLU_Config *cfg,
                                                 const char *name);
XLU_API enum XLU_ConfigValueType xlu_cfg_value_type(
    const XLU_ConfigValue *value);
/* The string of a value, or NULL if it is a list. */
XLU_API const char *xlu_cfg_value_get_string(const XLU_ConfigValue *value);
/* The list of a value, or NULL if it is a string. */
XLU_API const XLU_ConfigList *xlu_cfg_value_get_list(
    const XLU_ConfigValue *value);
/* "file:line:column" of where value was written (belongs to cfg). */
XLU_API const char *xlu_cfg_value_where(const XLU_ConfigValue *value);

/*
 * Print a warning, with "did you mean" suggestions taken from known (a
 * NULL-terminated array), for every key no getter asked for.  Returns
 * the number of such keys.
 */
XLU_API int xlu_cfg_warn_unused(const XLU_Config *cfg,
                                const char *const *known);

/*
 * The distinct keys set in cfg, in the order they were first set, as a
 * malloc'd NULL-terminated array of names that belong to cfg (free the
 * array only).  Does not mark keys as used.  NULL on allocation failure.
 */
XLU_API const char **xlu_cfg_key_names(const XLU_Config *cfg);

/* Number of errors reported so far (syntax, type, range). */
XLU_API int xlu_cfg_errors(const XLU_Config *cfg);

/* Nonzero if the text looked like an old Python (xm) config. */
XLU_API int xlu_cfg_looks_like_python(const XLU_Config *cfg);

#endif
