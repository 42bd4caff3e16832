/*
 * libxl: the typed domain configuration (libxl_domain_config) built from
 * an xl.cfg(5) file, in the shape of Xen 4.17's libxl_types.idl.  Strings
 * are malloc'd; everything is freed by libxl_domain_config_dispose().
 * Self-contained: does not need libxl.h.
 */
#ifndef LIBXL_TYPES_H
#define LIBXL_TYPES_H

#include <stdint.h>

#define LIBXL_TYPES_API __attribute__((visibility("default")))

/* Tri-state boolean: 0 default (not set), 1 false, 2 true. */
enum libxl_defbool_v {
    LIBXL_DEFBOOL_DEFAULT = 0,
    LIBXL_DEFBOOL_FALSE = 1,
    LIBXL_DEFBOOL_TRUE = 2,
};
typedef struct { int val; } libxl_defbool_t;

enum libxl_domain_type {
    LIBXL_DOMAIN_TYPE_INVALID = -1,
    LIBXL_DOMAIN_TYPE_HVM = 1,
    LIBXL_DOMAIN_TYPE_PV = 2,
    LIBXL_DOMAIN_TYPE_PVH = 3,
};

enum libxl_action_on_shutdown {
    LIBXL_ACTION_ON_SHUTDOWN_DESTROY = 1,
    LIBXL_ACTION_ON_SHUTDOWN_RESTART = 2,
    LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME = 3,
    LIBXL_ACTION_ON_SHUTDOWN_PRESERVE = 4,
    LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY = 5,
    LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART = 6,
    LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET = 7,
};

enum libxl_disk_format {
    LIBXL_DISK_FORMAT_UNKNOWN = 0,
    LIBXL_DISK_FORMAT_QCOW = 1,
    LIBXL_DISK_FORMAT_QCOW2 = 2,
    LIBXL_DISK_FORMAT_VHD = 3,
    LIBXL_DISK_FORMAT_RAW = 4,
    LIBXL_DISK_FORMAT_EMPTY = 5,
    LIBXL_DISK_FORMAT_QED = 6,
};

enum libxl_disk_backend {
    LIBXL_DISK_BACKEND_UNKNOWN = 0,
    LIBXL_DISK_BACKEND_PHY = 1,
    LIBXL_DISK_BACKEND_TAP = 2,
    LIBXL_DISK_BACKEND_QDISK = 3,
    LIBXL_DISK_BACKEND_STANDALONE = 4,
};

/* timer_mode= (the values of HVM_PARAM_TIMER_MODE). */
enum libxl_timer_mode {
    LIBXL_TIMER_MODE_DEFAULT = -1,
    LIBXL_TIMER_MODE_DELAY_FOR_MISSED_TICKS = 0,
    LIBXL_TIMER_MODE_NO_DELAY_FOR_MISSED_TICKS = 1,
    LIBXL_TIMER_MODE_NO_MISSED_TICKS_PENDING = 2,
    LIBXL_TIMER_MODE_ONE_MISSED_TICK_PENDING = 3,
};

enum libxl_vendor_device {
    LIBXL_VENDOR_DEVICE_NONE,
    LIBXL_VENDOR_DEVICE_XENSERVER,      /* QEMU's xen-pvdevice 0xc000 */
};

/* hdtype= (Xen's values). */
enum libxl_hdtype {
    LIBXL_HDTYPE_DEFAULT = 0,           /* ide */
    LIBXL_HDTYPE_IDE = 1,
    LIBXL_HDTYPE_AHCI = 2,
};

enum libxl_nic_type {
    LIBXL_NIC_TYPE_UNKNOWN = 0,
    LIBXL_NIC_TYPE_VIF_IOEMU = 1,
    LIBXL_NIC_TYPE_VIF = 2,
};

struct libxl_device_disk {
    char *backend_domname;
    char *pdev_path;
    char *vdev;
    int backend;                        /* enum libxl_disk_backend */
    int format;                         /* enum libxl_disk_format */
    char *script;
    int removable;
    int readwrite;
    int is_cdrom;
    int devid;                          /* from vdev (xen-vbd-interface) */
    libxl_defbool_t direct_io_safe;
    libxl_defbool_t discard_enable;
    libxl_defbool_t trusted;
    int specification_virtio;
};

struct libxl_device_nic {
    char *backend_domname;
    int devid;
    int mtu;
    char *model;
    uint8_t mac[6];
    int mac_set;
    char *ip;
    char *bridge;
    char *ifname;
    char *script;
    int nictype;                        /* enum libxl_nic_type */
    uint64_t rate_bytes_per_interval;
    uint32_t rate_interval_usecs;
    char *gatewaydev;
    char *coloft_forwarddev;
    libxl_defbool_t trusted;
};

enum libxl_channel_connection {
    LIBXL_CHANNEL_CONNECTION_UNKNOWN = 0,
    LIBXL_CHANNEL_CONNECTION_PTY = 1,
    LIBXL_CHANNEL_CONNECTION_SOCKET = 2,
};

/* vfb=[...] (one vkb is added per vfb, as Xen's xl does). */
struct libxl_device_vfb {
    char *backend_domname;
    int devid;
    libxl_defbool_t vnc_enable;
    char *vnc_listen;
    char *vnc_passwd;
    int vnc_display;                    /* 0: not set */
    libxl_defbool_t vnc_findunused;
    libxl_defbool_t sdl_enable;
    libxl_defbool_t sdl_opengl;
    char *sdl_display;
    char *sdl_xauthority;
    char *keymap;
};

enum libxl_vkb_backend {
    LIBXL_VKB_BACKEND_UNKNOWN = 0,
    LIBXL_VKB_BACKEND_QEMU = 1,
    LIBXL_VKB_BACKEND_LINUX = 2,
};

struct libxl_device_vkb {
    char *backend_domname;
    int devid;
    int backend_type;                   /* enum libxl_vkb_backend */
    char *unique_id;
    libxl_defbool_t feature_disable_keyboard;
    libxl_defbool_t feature_disable_pointer;
    libxl_defbool_t feature_abs_pointer;
    libxl_defbool_t feature_raw_pointer;
    libxl_defbool_t feature_multi_touch;
    uint32_t width, height;
    uint32_t multi_touch_width, multi_touch_height;
    uint32_t multi_touch_num_contacts;
};

struct libxl_device_channel {
    char *backend_domname;
    int devid;
    char *name;
    int connection;                     /* enum libxl_channel_connection */
    char *path;                         /* connection=socket */
};

struct libxl_device_p9 {
    char *backend_domname;
    int devid;
    char *tag;
    char *path;
    char *security_model;
};

struct libxl_device_vtpm {
    char *backend_domname;
    int devid;
    uint8_t uuid[16];
    int uuid_set;
};

enum libxl_usbctrl_type {
    LIBXL_USBCTRL_TYPE_AUTO = 0,
    LIBXL_USBCTRL_TYPE_PV = 1,
    LIBXL_USBCTRL_TYPE_DEVICEMODEL = 2,
    LIBXL_USBCTRL_TYPE_QUSB = 3,
};

struct libxl_device_usbctrl {
    int type;                           /* enum libxl_usbctrl_type */
    int devid;
    int version;                        /* 0: default */
    int ports;                          /* 0: default */
    char *backend_domname;
};

struct libxl_device_usbdev {
    int ctrl;                           /* -1: any */
    int port;                           /* 0: any */
    int hostbus;
    int hostaddr;
};

/* vdispl=[...]: a para-virtual display with its connectors. */
struct libxl_connector_param {
    char *unique_id;
    uint32_t width, height;
};

struct libxl_device_vdispl {
    char *backend_domname;
    int devid;
    libxl_defbool_t be_alloc;
    int num_connectors;
    struct libxl_connector_param *connectors;
};

/* vsnd=[...]: a para-virtual sound card, its PCM devices and streams. */
enum libxl_vsnd_stream_type {
    LIBXL_VSND_STREAM_TYPE_P = 1,       /* playback */
    LIBXL_VSND_STREAM_TYPE_C = 2,       /* capture */
};

/* Sample formats (names as Xen's: "s16_le", ...), 1..25 in Xen's order. */
enum libxl_vsnd_pcm_format {
    LIBXL_VSND_PCM_FORMAT_S8 = 1,
    LIBXL_VSND_PCM_FORMAT_GSM = 25,
};

/* Parameters a card, a PCM or a stream may set (0/empty: inherited). */
struct libxl_vsnd_params {
    uint32_t *sample_rates;
    int num_sample_rates;
    int *sample_formats;                /* enum libxl_vsnd_pcm_format */
    int num_sample_formats;
    uint32_t channels_min;
    uint32_t channels_max;
    uint32_t buffer_size;
};

struct libxl_vsnd_stream {
    char *unique_id;
    int type;                           /* enum libxl_vsnd_stream_type */
    struct libxl_vsnd_params params;
};

struct libxl_vsnd_pcm {
    char *name;
    struct libxl_vsnd_params params;
    int num_vsnd_streams;
    struct libxl_vsnd_stream *streams;
};

struct libxl_device_vsnd {
    char *backend_domname;
    int devid;
    char *short_name;
    char *long_name;
    struct libxl_vsnd_params params;
    int num_vsnd_pcms;
    struct libxl_vsnd_pcm *pcms;
};

/* One virtual NUMA node (vnuma=[[...], ...]). */
struct libxl_vnode_info {
    uint64_t memkb;
    uint32_t *distances;
    int num_distances;
    uint32_t pnode;
    char *vcpus;                        /* cpu list as written */
};

/* Hyper-V enlightenment groups of viridian= (bit numbers as Xen's). */
enum libxl_viridian_enlightenment {
    LIBXL_VIRIDIAN_BASE = 0,
    LIBXL_VIRIDIAN_FREQ = 1,
    LIBXL_VIRIDIAN_TIME_REF_COUNT = 2,
    LIBXL_VIRIDIAN_REFERENCE_TSC = 3,
    LIBXL_VIRIDIAN_HCALL_REMOTE_TLB_FLUSH = 4,
    LIBXL_VIRIDIAN_APIC_ASSIST = 5,
    LIBXL_VIRIDIAN_CRASH_CTL = 6,
    LIBXL_VIRIDIAN_SYNIC = 7,
    LIBXL_VIRIDIAN_STIMER = 8,
    LIBXL_VIRIDIAN_HCALL_IPI = 9,
    LIBXL_VIRIDIAN_EX_PROCESSOR_MASKS = 10,
    LIBXL_VIRIDIAN_NO_VP_LIMIT = 11,
    LIBXL_VIRIDIAN_CPU_HOTPLUG = 12,
};

/* spice* keys (HVM). */
struct libxl_spice_info {
    libxl_defbool_t enable;
    int port;
    int tls_port;
    char *host;
    libxl_defbool_t disable_ticketing;
    char *passwd;
    libxl_defbool_t agent_mouse;
    libxl_defbool_t vdagent;
    libxl_defbool_t clipboard_sharing;
    int usbredirection;
    char *image_compression;
    char *streaming_video;
};

struct libxl_domain_create_info {
    int type;                           /* enum libxl_domain_type */
    char *name;
    uint32_t domid;                     /* asked for (xl save -D); 0: any */
    uint8_t uuid[16];
    int uuid_set;
    char *pool_name;
    char *ssid_label;
    libxl_defbool_t driver_domain;
    libxl_defbool_t run_hotplug_scripts;
    int passthrough;                    /* 0 default */
};

struct libxl_domain_build_info {
    int max_vcpus;
    int avail_vcpus;                    /* vcpus= (first N online) */
    char *cpus;                         /* hard affinity, as written */
    char *cpus_soft;
    int64_t max_memkb;
    int64_t target_memkb;
    int64_t video_memkb;                /* -1 default */
    int64_t shadow_memkb;               /* -1 default */
    int weight;                         /* 0 = default */
    int cap;
    libxl_defbool_t claim_mode;
    uint32_t event_channels;
    int max_grant_frames;               /* -1 default */
    int max_maptrack_frames;            /* -1 default */
    char *kernel;
    char *cmdline;
    char *ramdisk;
    char *device_tree;
    libxl_defbool_t nomigrate;
    char *bootloader;                   /* pv */
    char **bootloader_args;             /* NULL-terminated */
    libxl_defbool_t e820_host;
    char *firmware;
    char *bios;                         /* hvm bios= */
    char *boot;                         /* hvm boot= */
    libxl_defbool_t acpi, apic, pae, nx, hpet, hap;
    libxl_defbool_t nested_hvm;         /* nestedhvm= */
    int timer_mode;                     /* enum libxl_timer_mode */
    char *vga;                          /* hvm vga= */
    libxl_defbool_t vnc_enable;
    char *vnc_listen;
    char **serial_list;
    libxl_defbool_t usb;
    char **usbdevice_list;
    int tsc_mode;                       /* 0 default */
    int localtime;
    /* Added with the typed vfb/spice/viridian/cpuid/vnuma keys. */
    uint32_t viridian_enable;           /* bitmask of 1 << enlightenment */
    uint32_t viridian_disable;
    char **cpuid;                       /* cpuid= entries as written */
    int cpuid_xend;                     /* 1: the xend list form */
    struct libxl_spice_info spice;
    libxl_defbool_t sdl_enable, sdl_opengl;
    char *keymap;
    char *vnc_passwd;
    int vnc_display;
    libxl_defbool_t vnc_findunused;
    libxl_defbool_t nographic;
    int num_vnuma_nodes;
    struct libxl_vnode_info *vnuma_nodes;
    char *device_model;                 /* device_model_override= (HVM) */
    char *system_firmware;              /* bios_path_override= (HVM) */
    /* The platform keys of an HVM guest and the time offset (issue 8). */
    libxl_defbool_t acpi_s3, acpi_s4;   /* hvm: platform/acpi_s3 and _s4 */
    libxl_defbool_t xen_platform_pci;   /* hvm: false = QEMU machine "pc" */
    int vendor_device;                  /* hvm: enum libxl_vendor_device */
    int32_t rtc_timeoffset;             /* seconds, rtc_timeoffset= */
    char **dm_args;                     /* device_model_args= (NULL-term.) */
    char **dm_args_hvm;                 /* device_model_args_hvm= */
    int usbversion;                     /* hvm: 0 none, 1..3 (usbversion=) */
    int hdtype;                         /* hvm: enum libxl_hdtype */
    uint64_t mmio_hole_memkb;           /* hvm: mmio_hole= (0: 256 MiB) */
    /* What Xen's JSON tells apart (the values above are set anyway). */
    int vcpus_set;                      /* vcpus=/maxvcpus= given (JSON
                                           prints 1 vCPU only then) */
    int serial_is_string;               /* serial="pty", not a list */
};

struct libxl_domain_config {
    struct libxl_domain_create_info c_info;
    struct libxl_domain_build_info b_info;
    int num_disks;
    struct libxl_device_disk *disks;
    int num_nics;
    struct libxl_device_nic *nics;
    char **pcidevs;                     /* pci= specs as written */
    int num_pcidevs;
    char **vfbs;
    int num_vfbs;
    char **channels;
    int num_channels;
    int on_poweroff;                    /* enum libxl_action_on_shutdown */
    int on_reboot;
    int on_watchdog;
    int on_crash;
    int on_soft_reset;
    char **unsupported;                 /* keys set but not acted on yet */
    int num_unsupported;
    /* Typed devices (the vfbs/channels string lists above are kept). */
    int num_vfbs_t;
    struct libxl_device_vfb *vfbs_t;
    int num_vkbs;
    struct libxl_device_vkb *vkbs;
    int num_channels_t;
    struct libxl_device_channel *channels_t;
    int num_p9s;
    struct libxl_device_p9 *p9s;
    int num_vtpms;
    struct libxl_device_vtpm *vtpms;
    int num_usbctrls;
    struct libxl_device_usbctrl *usbctrls;
    int num_usbdevs;
    struct libxl_device_usbdev *usbdevs;
    int num_vdispls;
    struct libxl_device_vdispl *vdispls;
    int num_vsnds;
    struct libxl_device_vsnd *vsnds;
};

/* Zero a config and set Xen 4.17's defaults (idempotent). */
LIBXL_TYPES_API void libxl_domain_config_init(struct libxl_domain_config *c);
/* Free everything a config owns; it must be init'ed again to reuse. */
LIBXL_TYPES_API void libxl_domain_config_dispose(
    struct libxl_domain_config *c);
LIBXL_TYPES_API void libxl_device_disk_init(struct libxl_device_disk *d);
LIBXL_TYPES_API void libxl_device_disk_dispose(struct libxl_device_disk *d);
LIBXL_TYPES_API void libxl_device_nic_init(struct libxl_device_nic *n);
LIBXL_TYPES_API void libxl_device_nic_dispose(struct libxl_device_nic *n);

/*
 * Give n a random locally administered MAC in Xen's 00:16:3e range (as
 * Xen's libxl does at device-add time for a vif without mac=); sets
 * mac_set.  Returns 0 or -errno if no randomness is available.
 */
LIBXL_TYPES_API int libxl_device_nic_random_mac(struct libxl_device_nic *n);
/* timer_mode names as Xen's ("no_delay_for_missed_ticks", ...):
 * _to_string gives NULL for a value that is not a mode; _from_string
 * 0 or -EINVAL. */
LIBXL_TYPES_API const char *libxl_timer_mode_to_string(int mode);
LIBXL_TYPES_API int libxl_timer_mode_from_string(const char *s, int *mode);

/* vdev name ("xvda", "hdc", "sdb3") -> devid (xen-vbd-interface(7)), or -1. */
LIBXL_TYPES_API int libxl_vdev_to_devid(const char *vdev);

/*
 * The config as pretty-printed JSON in the shape of Xen 4.17's
 * `xl -N create` (malloc'd, caller frees), or NULL on allocation failure.
 */
LIBXL_TYPES_API char *libxl_domain_config_to_json(
    const struct libxl_domain_config *c);

/* One disk as JSON (the "disks" entry's shape; malloc'd, caller frees),
 * or NULL on allocation failure.  xl -N block-attach prints it. */
LIBXL_TYPES_API char *libxl_device_disk_to_json(
    const struct libxl_device_disk *d);

/* One vif as JSON (the shape of an element of "nics"), as Xen's
 * `xl -N network-attach' prints it; malloc'd, or NULL on OOM. */
LIBXL_TYPES_API char *libxl_device_nic_to_json(
    const struct libxl_device_nic *n);

/* One vkb as JSON (an element of "vkbs"), as Xen's `xl -N vkb-attach'
 * prints it; malloc'd, or NULL on OOM. */
LIBXL_TYPES_API char *libxl_device_vkb_to_json(
    const struct libxl_device_vkb *b);

/*
 * Fill c (init'ed by the caller) from JSON as written by
 * libxl_domain_config_to_json().  Returns 0, or -EINVAL with a malloc'd
 * message in *err_r (may be NULL) if json is not a JSON object.
 */
LIBXL_TYPES_API int libxl_domain_config_from_json(
    struct libxl_domain_config *c, const char *json, char **err_r);

#endif
