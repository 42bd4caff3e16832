/*
 * xl: JSON output helpers (yajl) for the --json listings, and the
 * bitmap printing shared by the text listings.
 */
#ifndef XL_OUTPUT_H
#define XL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <yajl/yajl_gen.h>

/* A beautified generator; aborts on allocation failure. */
yajl_gen xl_json_open(void);
/* Print the document with a final newline to stdout and free g. */
int xl_json_close(yajl_gen g);

void xl_json_key_str(yajl_gen g, const char *key, const char *val);
void xl_json_key_int(yajl_gen g, const char *key, long long val);
void xl_json_key_bool(yajl_gen g, const char *key, bool val);
void xl_json_key_double(yajl_gen g, const char *key, double val);
void xl_json_str(yajl_gen g, const char *s);

#endif
