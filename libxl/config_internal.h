/*
 * libxl (config model): private helpers shared by the xl.cfg -> typed
 * config parser (config_parse.c), the device spec parsers (dev_*.c) and
 * the JSON writer (json_config.c).
 */
#ifndef LIBXL_CONFIG_INTERNAL_H
#define LIBXL_CONFIG_INTERNAL_H

#include "libxl_types.h"
#include "libxlutil.h"
#include "libxl_config.h"

/* Parse one disk spec into d (init'ed); errors are written to *err_r. */
int libxl__parse_disk(struct libxl_device_disk *d, const char *spec,
                      char **err_r);
/* Parse one vif spec into n (init'ed); errors are written to *err_r. */
int libxl__parse_nic(struct libxl_device_nic *n, const char *spec,
                     char **err_r);

/* Check one pci= spec; errors are written to *err_r. */
int libxl__check_pci(const char *spec, char **err_r);

/* The small device specs (dev_misc.c); errors are written to *err_r. */
int libxl__parse_vfb(struct libxl_device_vfb *f, const char *spec,
                     char **err_r);
int libxl__parse_vkb(struct libxl_device_vkb *b, const char *spec,
                     char **err_r);
int libxl__parse_channel(struct libxl_device_channel *ch, const char *spec,
                         char **err_r);
int libxl__parse_p9(struct libxl_device_p9 *p, const char *spec,
                    char **err_r);
int libxl__parse_vtpm(struct libxl_device_vtpm *t, const char *spec,
                      char **err_r);
int libxl__parse_usbctrl(struct libxl_device_usbctrl *u, const char *spec,
                         char **err_r);
int libxl__parse_vdispl(struct libxl_device_vdispl *d, const char *spec,
                        char **err_r);
int libxl__parse_usbdev(struct libxl_device_usbdev *u, const char *spec,
                        char **err_r);

/* Freeing of the small devices (config_devfree.c). */
void libxl__vfb_dispose(struct libxl_device_vfb *f);
void libxl__vkb_dispose(struct libxl_device_vkb *b);
void libxl__channel_dispose(struct libxl_device_channel *ch);
void libxl__p9_dispose(struct libxl_device_p9 *p);
void libxl__vtpm_dispose(struct libxl_device_vtpm *t);
void libxl__vdispl_dispose(struct libxl_device_vdispl *d);
void libxl__usbctrl_dispose(struct libxl_device_usbctrl *u);
void libxl__spice_dispose(struct libxl_spice_info *s);
void libxl__vnode_dispose(struct libxl_vnode_info *v);
void libxl__config_dispose_small_devices(struct libxl_domain_config *c);

/* The HVM/arch keys viridian, cpuid, vnuma, spice* (config_parse_x86.c). */
void libxl__parse_viridian(XLU_Config *cfg, struct libxl_domain_config *c);
void libxl__parse_cpuid(XLU_Config *cfg, struct libxl_domain_config *c);
void libxl__parse_vnuma(XLU_Config *cfg, struct libxl_domain_config *c);
void libxl__parse_spice(XLU_Config *cfg, struct libxl_domain_config *c);
/* rtc_timeoffset=, localtime= and the HVM platform keys
 * (config_parse_platform.c). */
void libxl__parse_platform(XLU_Config *cfg, struct libxl_domain_config *c);
/* vfb=, vkb=, channel=, p9=, vtpm=, usbctrl=, usbdev= (config_parse_dev.c) */
void libxl__parse_small_devices(XLU_Config *cfg,
                                struct libxl_domain_config *c);

/* vsnd= (dev_vsnd.c): one string of a card's list ("card, ...",
 * "pcm, ..." or "stream, ...") added to v; errors written to *err_r. */
int libxl__parse_vsnd_item(struct libxl_device_vsnd *v, const char *spec,
                           char **err_r);
/* vsnd names and freeing (vsnd_types.c); NULL / -1 if unknown. */
const char *libxl__vsnd_format_name(int f);
int libxl__vsnd_format_from_name(const char *s);
const char *libxl__vsnd_stream_type_name(int t);
int libxl__vsnd_stream_type_from_name(const char *s);
void libxl__vsnd_params_dispose(struct libxl_vsnd_params *p);
void libxl__vsnd_dispose(struct libxl_device_vsnd *v);

/*
 * cpuid= as Xen 4.17's libxl_cpuid_policy_list (cpuid_policy.c): per
 * (leaf, subleaf) up to four 32-character register masks (NULL: not
 * set), per MSR a 64-character mask; bit 31 (63) first.
 */
#define LIBXL__CPUID_NOSUB 0xffffffffU
struct libxl__cpuid_entry {
    uint32_t leaf, subleaf;             /* subleaf NOSUB: none */
    char *reg[4];                       /* eax, ebx, ecx, edx */
};
struct libxl__cpuid_msr {
    uint32_t index;
    char policy[65];
};
struct libxl__cpuid_policy {
    struct libxl__cpuid_entry *cpuid;
    int ncpuid;
    struct libxl__cpuid_msr *msr;
    int nmsr;
};
/* Add one item: "name=value" (libxl form) or, with xend, one list entry
 * "LEAF[,SUBLEAF]:eax=...".  0, or -EINVAL with the reason in *why. */
int libxl__cpuid_policy_add(struct libxl__cpuid_policy *p, const char *item,
                            int xend, const char **why);
/* The policy of b->cpuid (p need not be init'ed); 0 or -EINVAL. */
int libxl__cpuid_policy_of(struct libxl__cpuid_policy *p,
                           const struct libxl_domain_build_info *b);
/* Back to cpuid= strings (malloc'd, NULL-terminated): the libxl form
 * ("host", "name=v", ...) when every set bit has a name, else the xend
 * form (*xend_r = 1). */
char **libxl__cpuid_policy_to_strings(const struct libxl__cpuid_policy *p,
                                      int *xend_r);
void libxl__cpuid_policy_dispose(struct libxl__cpuid_policy *p);

char *libxl__strdup_or_abort(const char *s);
char *libxl__xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
