/*
 * libxlutil (config formats): conversion between libvirt domain XML
 * (formatdomain) and the typed domain configuration, and the xl.cfg(5)
 * text of a config, for what libvirt's own xen-xl converter covers:
 * name, uuid, memory/currentMemory, vcpu, os type (linux = PV, xenpvh,
 * hvm), kernel, initrd, cmdline, bootloader, disks, interfaces and the
 * on_poweroff/on_reboot/on_crash actions.
 */
#ifndef LIBXL_LIBVIRT_H
#define LIBXL_LIBVIRT_H

#include <stdio.h>

#include "libxl_types.h"

/*
 * Fill c (init'ed by the caller) from the libvirt domain XML in xml
 * (len bytes).  Messages go to report (may be NULL) as
 * "name:line: warning|error: ...": an element that is not converted is
 * a warning naming its path, malformed XML and bad values are errors.
 * Memory is rounded up to whole MiB (xl.cfg counts in MiB; warned).
 * Returns 0, or -EINVAL if an error was reported (c is still filled as
 * far as possible and must be disposed).  Does not block.
 */
LIBXL_TYPES_API int libxl_domain_config_from_libvirt_xml(
    struct libxl_domain_config *c, const char *xml, int len,
    const char *name, FILE *report);

/*
 * The converted part of c as a libvirt domain XML document (malloc'd,
 * caller frees).  Settings of the converted elements that libvirt's XML
 * cannot carry (a disk's script=, a vif's rate=, a soft-reset action)
 * are left out with a warning "name: warning: ..." on report (may be
 * NULL).  NULL on allocation failure.
 */
LIBXL_TYPES_API char *libxl_domain_config_to_libvirt_xml(
    const struct libxl_domain_config *c, const char *name, FILE *report);

/*
 * The converted part of c (the keys above) as xl.cfg(5) text that
 * libxl_domain_config_from_xlu() reads back to the same settings
 * (malloc'd, caller frees); NULL on allocation failure.
 */
LIBXL_TYPES_API char *libxl_domain_config_to_xlcfg(
    const struct libxl_domain_config *c);

/* Nonzero if the xl.cfg key is carried by the libvirt XML conversion. */
LIBXL_TYPES_API int libxl_libvirt_xml_converts_key(const char *key);

#endif
