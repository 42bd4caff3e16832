/*
 * libxlutil (config formats): private helpers of the libvirt domain XML
 * conversion (libvirt_xml_*.c).
 */
#ifndef LIBXL_LIBVIRT_XML_INTERNAL_H
#define LIBXL_LIBVIRT_XML_INTERNAL_H

#include <stdio.h>

#include <libxml/tree.h>

#include "libxl_types.h"

/* A reading in progress: where messages go and how many errors. */
struct libxl__lv_rd {
    const char *name;                   /* file name for messages */
    FILE *report;                       /* may be NULL */
    int errors;
};

/* "name:line: warning|error: ..." (errors are counted). */
void libxl__lv_say(struct libxl__lv_rd *r, int error, long line,
                   const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Warn that element n (named by its path) is left out. */
void libxl__lv_not_converted(struct libxl__lv_rd *r, xmlNode *n);
/* Nonzero if element n is called name. */
int libxl__lv_is(const xmlNode *n, const char *name);
/* Attribute a of n (xmlFree), or NULL. */
char *libxl__lv_attr(xmlNode *n, const char *a);
/* The text of n without surrounding white space (malloc'd). */
char *libxl__lv_text(xmlNode *n);

/* <devices>: disks and interfaces (libvirt_xml_dev.c). */
void libxl__lv_read_devices(struct libxl__lv_rd *r, xmlNode *devices,
                            struct libxl_domain_config *c);

/* enum libxl_action_on_shutdown <-> libvirt's names; -1 / NULL if none. */
int libxl__lv_action_from_name(const char *s);
const char *libxl__lv_action_name(int action);

#endif
