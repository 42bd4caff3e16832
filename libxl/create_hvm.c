/*
 * libxl: the HVM parts of domain creation (Xen 4.17's libxl__build_hvm,
 * hvm_set_conf_params, the HVM xenstore nodes): which firmware, the
 * checks of the HVM keys, the HVM params, the platform nodes hvmloader
 * reads, and the device model step.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/hvm/params.h>

#include "build_api.h"
#include "create_internal.h"
#include "dm_internal.h"

/* Where firmware= / bios= point (Xen's xl_parse + libxl__domain_firmware). */
static int resolve_firmware(struct libxl__create *cs)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    const char *fw = b->firmware, *bios = b->bios ? b->bios : "seabios";

    cs->hvmloader = HVMLOADER_PATH;
    if (fw && (!strcmp(fw, "seabios") || !strcmp(fw, "ovmf") ||
               !strcmp(fw, "rombios")))
        bios = fw;
    else if (fw && !strcmp(fw, "uefi"))
        bios = "ovmf";
    else if (fw && strcmp(fw, "bios"))
        cs->hvmloader = fw[0] == '/' ? fw
                        : libxl__sprintf(cs->gc, "%s/%s",
                                         XEN_FIRMWARE_DIR, fw);
    if (b->system_firmware && (!strcmp(bios, "seabios") ||
                               !strcmp(bios, "ovmf")))
        cs->bios_path = b->system_firmware;
    else if (!strcmp(bios, "seabios"))
        cs->bios_path = SEABIOS_PATH;
    else if (!strcmp(bios, "ovmf"))
        cs->bios_path = OVMF_PATH;
    else if (!strcmp(bios, "rombios"))
        return libxl__seterr(ctx, -EOPNOTSUPP, "bios=\"rombios\" needs the "
                             "traditional device model; qemu-xen boots "
                             "seabios or ovmf");
    else
        return libxl__seterr(ctx, -EINVAL, "invalid bios=\"%s\" (seabios, "
                             "ovmf or rombios)", bios);
    cs->bios_name = bios;
    return 0;
}

int libxl__create_hvm_check(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;

    if (b->sdl_enable.val == LIBXL_DEFBOOL_TRUE)
        return libxl__seterr(ctx, -EOPNOTSUPP, "sdl=1 is not supported "
                             "(Debian's qemu-system-xen has no SDL): use "
                             "vnc");
    if (b->pae.val == LIBXL_DEFBOOL_FALSE || b->nx.val == LIBXL_DEFBOOL_FALSE)
        return libxl__seterr(ctx, -EOPNOTSUPP, "pae=0 and nx=0 are not "
                             "supported yet (use cpuid= to hide features)");
    if (libxl__dm_vga_kind(b) < 0)
        return libxl__seterr(ctx, -EOPNOTSUPP, "vga=\"%s\" is not "
                             "supported (stdvga, cirrus, qxl or none)",
                             b->vga);
    if (libxl__dm_vga_kind(b) == LIBXL__VGA_QXL &&
        libxl__dm_video_memkb(b) < 128 * 1024)
        return libxl__seterr(ctx, -EINVAL, "videoram=%lld MiB: qxl needs "
                             "at least 128 MiB (as Xen 4.17)",
                             (long long)(b->video_memkb / 1024));
    if (b->target_memkb < b->max_memkb)
        return libxl__seterr(ctx, -EOPNOTSUPP, "memory= below maxmem= "
                             "(populate on demand) is not supported yet "
                             "for HVM guests");
    if (b->max_memkb - libxl__dm_video_memkb(b) < 16 * 1024)
        return libxl__seterr(ctx, -EINVAL, "memory=%lld MiB leaves less "
                             "than 16 MiB beside the video RAM",
                             (long long)(b->max_memkb / 1024));
    if (b->kernel && access(b->kernel, R_OK))
        return libxl__seterr(ctx, -errno, "kernel '%s': %s", b->kernel,
                             strerror(errno));
    if (b->ramdisk && access(b->ramdisk, R_OK))
        return libxl__seterr(ctx, -errno, "ramdisk '%s': %s", b->ramdisk,
                             strerror(errno));
    if (b->ramdisk && !b->kernel)
        return libxl__seterr(ctx, -EINVAL, "ramdisk= without kernel=");
    return resolve_firmware(cs);
}

int libxl__create_hvm_read(struct libxl__create *cs)
{
    libxl_ctx *ctx = cs->gc->ctx;
    struct build_err err;
    int rc;

    rc = build_read_file(cs->hvmloader, 16 << 20, &cs->kernel,
                         &cs->kernel_size, &err);
    if (rc)
        return libxl__seterr(ctx, rc, "firmware loader: %s", err.msg);
    rc = build_read_file(cs->bios_path, 64 << 20, &cs->firmware,
                         &cs->firmware_size, &err);
    if (rc)
        return libxl__seterr(ctx, rc, "%s: %s", cs->bios_name, err.msg);
    if (!cs->firmware_size)
        return libxl__seterr(ctx, -EINVAL, "%s: '%s' is empty",
                             cs->bios_name, cs->bios_path);
    return 0;
}

static bool on(libxl_defbool_t b, bool def)
{
    return b.val == LIBXL_DEFBOOL_DEFAULT ? def : b.val == LIBXL_DEFBOOL_TRUE;
}

/* viridian= groups as HVM_PARAM_VIRIDIAN bits (Xen's libxl_x86.c). */
static int viridian_mask(struct libxl__create *cs, uint64_t *mask)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;
    uint32_t g = b->viridian_enable & ~b->viridian_disable;

    *mask = 0;
    if (!g)
        return 0;
    if (!(g & (1u << LIBXL_VIRIDIAN_BASE)))
        return libxl__seterr(cs->gc->ctx, -EINVAL, "viridian: the base "
                             "group is not enabled");
    *mask = g & ~(uint64_t)(HVMPV_no_freq | HVMPV_stimer);
    if (!(g & (1u << LIBXL_VIRIDIAN_FREQ)))
        *mask |= HVMPV_no_freq;
    if (g & (1u << LIBXL_VIRIDIAN_STIMER))
        *mask |= HVMPV_time_ref_count | HVMPV_synic | HVMPV_stimer;
    return 0;
}

int libxl__create_hvm_params(struct libxl__create *cs)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    const struct { unsigned p; uint64_t v; const char *what; } set[] = {
        { HVM_PARAM_HPET_ENABLED, on(b->hpet, true), "hpet" },
        { HVM_PARAM_VPT_ALIGN, 1, "vpt_align" },
        { HVM_PARAM_TIMER_MODE, b->timer_mode >= 0
                                ? (uint64_t)b->timer_mode
                                : HVMPTM_no_delay_for_missed_ticks,
          "timer_mode" },
        { HVM_PARAM_ALTP2M, 0, "altp2m" },
    };
    uint64_t viridian;
    size_t i;
    int rc;

    for (i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
        rc = xc_hvm_param_set(ctx->xch, cs->domid, set[i].p, set[i].v);
        if (rc)
            return libxl__seterr_xc(ctx, rc, libxl__sprintf(cs->gc, "set "
                                    "HVM param %s", set[i].what));
    }
    rc = viridian_mask(cs, &viridian);
    if (!rc && viridian) {
        rc = xc_hvm_param_set(ctx->xch, cs->domid, HVM_PARAM_VIRIDIAN,
                              viridian);
        if (rc)
            return libxl__seterr_xc(ctx, rc, "set the viridian features");
    }
    return rc;
}

/* What the HVM build needs beyond the common arguments. */
void libxl__create_hvm_args(struct libxl__create *cs, struct build_args *a)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;

    a->mem_kb = (uint64_t)(b->max_memkb - libxl__dm_video_memkb(b));
    a->cmdline = NULL;                     /* the kernel goes to QEMU */
    a->ramdisk = NULL;
    a->ramdisk_size = 0;
    a->firmware = cs->firmware;
    a->firmware_size = cs->firmware_size;
    a->avail_vcpus = (unsigned)b->avail_vcpus;
    a->apic = on(b->apic, true);
    /* mmio_hole= above the default 256 MiB (Xen's libxl__build_hvm). */
    if (b->mmio_hole_memkb > 256 * 1024)
        a->mmio_size = b->mmio_hole_memkb << 10;
}

/* Nodes hvmloader and the toolstack read (Xen's libxl__domain_build). */
int libxl__create_hvm_xs(struct libxl__create *cs)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl__gc *gc = cs->gc;
    const struct { const char *dir, *rel, *val; } n[] = {
        { cs->dom_path, "platform/acpi", on(b->acpi, true) ? "1" : "0" },
        { cs->dom_path, "platform/acpi_s3", on(b->acpi_s3, true) ? "1"
                                                                 : "0" },
        { cs->dom_path, "platform/acpi_s4", on(b->acpi_s4, true) ? "1"
                                                                 : "0" },
        { cs->dom_path, "platform/acpi_laptop_slate", "0" },
        { cs->dom_path, "platform/device-model", "qemu_xen" },
        { cs->dom_path, "hvmloader/bios", cs->bios_name },
        /* qemu-xen cannot move RAM to grow the MMIO hole. */
        { cs->dom_path, "hvmloader/allow-memory-relocate", "0" },
        { cs->vm_path, "image/ostype", "hvm" },
        { cs->vm_path, "rtc/timeoffset", "" },
        { cs->libxl_path, "dm-version", "qemu_xen" },
        /* mmio_hole=, in bytes (only then: dir NULL skips it). */
        { b->mmio_hole_memkb ? cs->dom_path : NULL,
          "platform/mmio_hole_size",
          libxl__sprintf(gc, "%llu",
                         (unsigned long long)b->mmio_hole_memkb << 10) },
    };
    size_t i;
    int rc;

    for (i = 0; i < sizeof(n) / sizeof(n[0]); i++) {
        if (!n[i].dir)
            continue;
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL,
                             libxl__sprintf(gc, "%s/%s", n[i].dir,
                                            n[i].rel), n[i].val);
        if (rc)
            return libxl__seterr(gc->ctx, rc, "cannot write '%s/%s': %s",
                                 n[i].dir, n[i].rel, strerror(-rc));
    }
    return 0;
}

int libxl__create_dm(struct libxl__create *cs)
{
    int rc;

    if (cs->dc->c_info.type != LIBXL_DOMAIN_TYPE_HVM)
        return 0;
    rc = libxl__create_hvm_xs(cs);
    if (!rc)
        rc = libxl__create_nic_defaults(cs);
    if (rc)
        return rc;
    cs->dm_started = true;
    if (cs->restore_fd >= 0) {
        struct libxl__dm_restore r = { cs->dm_state_file, cs->dm_xs,
                                       cs->dm_xs_len };

        if (!cs->dm_state_file)
            return libxl__seterr(cs->gc->ctx, -EINVAL, "the image has no "
                                 "device model state (EMULATOR_CONTEXT) "
                                 "for this HVM guest");
        rc = libxl__dm_start_restore(cs->gc, cs->dc, cs->domid, &r);
        unlink(cs->dm_state_file);      /* QEMU has it open */
        cs->dm_state_file = NULL;
        return rc;
    }
    return libxl__dm_start(cs->gc, cs->dc, cs->domid);
}
