/*
 * libxl (config model): the keys of Xen 4.17's xl.cfg(5), used to tell
 * "known but not handled yet" keys from unknown ones (which get "did
 * you mean" suggestions).
 */
#include "config.h"

#include <stddef.h>

#include "config_keys.h"

const char *const libxl__cfg_known_keys[] = {
    "name", "type", "builder", "uuid", "seclabel", "init_seclabel", "pool",
    "vcpus", "maxvcpus", "cpus", "cpus_soft", "cpu_weight", "cap",
    "memory", "maxmem", "vnuma", "on_poweroff", "on_reboot", "on_watchdog",
    "on_crash", "on_soft_reset", "kernel", "ramdisk", "cmdline", "root",
    "extra", "firmware", "pvshim", "pvshim_path", "pvshim_cmdline",
    "pvshim_extra", "max_grant_frames", "max_maptrack_frames",
    "max_grant_version", "max_event_channels", "nomigrate",
    "driver_domain", "device_tree", "passthrough",
    "xend_suspend_evtchn_compat", "vmtrace_buf_kb", "vpmu", "dm_restrict",
    "device_model_user", "tee", "pci", "pci_permissive",
    "pci_msitranslate", "pci_seize", "pci_power_mgmt", "gfx_passthru",
    "rdm", "rdm_mem_boundary", "dtdev", "ioports", "iomem", "irqs",
    "disk", "vif", "vfb", "vkb", "channel", "vtpm", "p9", "pvcalls",
    "usbctrl", "usbdev", "vdispl", "vsnd", "bootloader", "bootloader_args",
    "e820_host", "nestedhvm", "timer_mode", "hap", "oos", "shadow_memory",
    "boot", "hdtype", "bios", "bios_path_override", "pae", "acpi",
    "acpi_s3", "acpi_s4", "acpi_laptop_slate", "apic", "nx", "hpet",
    "altp2m", "altp2mhvm", "cpuid", "acpi_firmware", "smbios_firmware",
    "ms_vm_genid", "tsc_mode", "localtime", "rtc_timeoffset", "vpt_align",
    "mmio_hole", "xen_platform_pci", "viridian", "vga", "videoram",
    "stdvga", "vnc", "vnclisten", "vncdisplay", "vncunused", "vncpasswd",
    "keymap", "sdl", "opengl", "nographic", "spice", "spicehost",
    "spiceport", "spicetls_port", "spicedisable_ticketing", "spicepasswd",
    "spiceagent_mouse", "spicevdagent", "spice_clipboard_sharing",
    "spiceusbredirection", "spice_image_compression",
    "spice_streaming_video", "serial", "soundhw", "vkb_device", "usb",
    "usbversion", "usbdevice", "vendor_device", "device_model_version",
    "device_model_override", "device_model_stubdomain_override",
    "stubdomain_kernel", "stubdomain_cmdline", "stubdomain_ramdisk",
    "stubdomain_memory", "device_model_stubdomain_seclabel",
    "device_model_args", "device_model_args_pv", "device_model_args_hvm",
    "gic_version", "vuart", "mca_caps", "msr_relaxed", "max_altp2m",
    "cpu_hotplug", "display", "xauthority",
    NULL,
};
