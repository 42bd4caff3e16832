/*
 * libxl device model: the command line of the QEMU that emulates an HVM
 * guest's devices (Xen 4.17's libxl_dm.c for upstream QEMU, "qemu-xen"):
 * the Xen machine, the QMP socket libxl talks to, display, serial
 * ports, VGA, boot order, direct kernel boot, emulated disks and NICs,
 * the vendor device and the extra arguments of device_model_args*=.
 * Pure: no I/O.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dm_internal.h"
#include "nic_internal.h"

struct argv {
    libxl__gc *gc;
    char **v;
    size_t n, cap;
};

static void add(struct argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 32;
        a->v = realloc(a->v, a->cap * sizeof(*a->v));
        if (!a->v)
            abort();
    }
    a->v[a->n++] = libxl__strdup(a->gc, s);
    a->v[a->n] = NULL;
}

static void add2(struct argv *a, const char *opt, const char *val)
{
    add(a, opt);
    add(a, val);
}

/* device_model_args= and device_model_args_hvm=, as they are. */
static void add_all(struct argv *a, char *const *l)
{
    for (; l && *l; l++)
        add(a, *l);
}

static bool is_true(libxl_defbool_t b, bool def)
{
    return b.val == LIBXL_DEFBOOL_DEFAULT ? def
                                          : b.val == LIBXL_DEFBOOL_TRUE;
}

int libxl__dm_vga_kind(const struct libxl_domain_build_info *b)
{
    if (!b->vga || !strcmp(b->vga, "cirrus"))
        return LIBXL__VGA_CIRRUS;
    if (!strcmp(b->vga, "stdvga"))
        return LIBXL__VGA_STD;
    if (!strcmp(b->vga, "none"))
        return LIBXL__VGA_NONE;
    if (!strcmp(b->vga, "qxl"))
        return LIBXL__VGA_QXL;
    return -1;
}

int64_t libxl__dm_video_memkb(const struct libxl_domain_build_info *b)
{
    int kind = libxl__dm_vga_kind(b);

    if (kind == LIBXL__VGA_NONE)
        return 0;
    if (b->video_memkb > 0)
        return b->video_memkb;
    return kind == LIBXL__VGA_QXL ? 128 * 1024
           : kind == LIBXL__VGA_STD ? 16 * 1024 : 8 * 1024;
}

char *libxl__dm_qmp_path(libxl__gc *gc, uint32_t domid)
{
    return libxl__sprintf(gc, "%s/qmp-libxl-%u", libxl_run_dir(gc->ctx),
                          domid);
}

/* -spice (Xen 4.17's dm_spice_options, defaults of its setdefault:
 * agent mouse on, clipboard sharing off, no vdagent). */
static int spice(libxl__gc *gc, const struct libxl_spice_info *sp,
                 struct argv *a)
{
    char *opt;

    if (!is_true(sp->enable, false))
        return 0;
    if (!sp->port && !sp->tls_port)
        return libxl__seterr(gc->ctx, -EINVAL, "spice=1 needs spiceport= "
                             "or spicetls_port=");
    if (!is_true(sp->disable_ticketing, false) &&
        (!sp->passwd || !*sp->passwd))
        return libxl__seterr(gc->ctx, -EINVAL, "spice=1 needs a non-empty "
                             "spicepasswd= or spicedisable_ticketing=1");
    opt = libxl__sprintf(gc, "port=%d,tls-port=%d", sp->port, sp->tls_port);
    if (sp->host)
        opt = libxl__sprintf(gc, "%s,addr=%s", opt, sp->host);
    if (is_true(sp->disable_ticketing, false))
        opt = libxl__sprintf(gc, "%s,disable-ticketing=on", opt);
    else
        opt = libxl__sprintf(gc, "%s,password=%s", opt, sp->passwd);
    opt = libxl__sprintf(gc, "%s,agent-mouse=%s", opt,
                         is_true(sp->agent_mouse, true) ? "on" : "off");
    if (!is_true(sp->clipboard_sharing, false))
        opt = libxl__sprintf(gc, "%s,disable-copy-paste=on", opt);
    if (sp->image_compression)
        opt = libxl__sprintf(gc, "%s,image-compression=%s", opt,
                             sp->image_compression);
    if (sp->streaming_video)
        opt = libxl__sprintf(gc, "%s,streaming-video=%s", opt,
                             sp->streaming_video);
    add2(a, "-spice", opt);
    if (is_true(sp->vdagent, false)) {
        add2(a, "-device", "virtio-serial");
        add2(a, "-chardev", "spicevmc,id=vdagent,name=vdagent");
        add2(a, "-device", "virtserialport,chardev=vdagent,"
                           "name=com.redhat.spice.0");
    }
    return 0;
}

static int display(libxl__gc *gc, const struct libxl_domain_build_info *b,
                   struct argv *a)
{
    bool vnc = is_true(b->vnc_enable, true);
    char *arg;

    if (!vnc) {
        add2(a, "-vnc", "none");
    } else {
        if (b->vnc_listen && strchr(b->vnc_listen, ':')) {
            if (b->vnc_display)
                return libxl__seterr(gc->ctx, -EINVAL, "vncdisplay is set "
                                     "and vnclisten '%s' has a display "
                                     "too", b->vnc_listen);
            arg = libxl__strdup(gc, b->vnc_listen);
        } else {
            arg = libxl__sprintf(gc, "%s:%d", b->vnc_listen ? b->vnc_listen
                                                            : "127.0.0.1",
                                 b->vnc_display);
        }
        if (b->vnc_passwd && *b->vnc_passwd)
            arg = libxl__sprintf(gc, "%s,password=on", arg);
        if (is_true(b->vnc_findunused, true))
            arg = libxl__sprintf(gc, "%s,to=99", arg);
        add2(a, "-vnc", arg);
    }
    add2(a, "-display", "none");
    if (b->keymap)
        add2(a, "-k", b->keymap);
    if (is_true(b->nographic, false) && !vnc)
        add(a, "-nographic");
    return spice(gc, &b->spice, a);
}

/*
 * usbversion= (Xen 4.17): QEMU's UHCI (1), EHCI with its three UHCI
 * companions (2) or xHCI (3) controller, id "usb"; SPICE USB redirection
 * channels on it (spiceusbredirection=, which asks for USB 2 when
 * usbversion= is not given).  Not with usb= or usbdevice=, which give
 * QEMU's default controller.
 */
static int usb_controller(libxl__gc *gc,
                          const struct libxl_domain_build_info *b,
                          struct argv *a)
{
    int i, redir = is_true(b->spice.enable, false)
                   ? b->spice.usbredirection : 0;
    int version = b->usbversion ? b->usbversion : redir > 0 ? 2 : 0;

    if (!version)
        return 0;
    if (is_true(b->usb, false) || b->usbdevice_list)
        return libxl__seterr(gc->ctx, -EINVAL, "usbversion= and "
                             "spiceusbredirection= cannot be combined with "
                             "usb= or usbdevice=");
    if (redir < 0 || redir > 4)
        return libxl__seterr(gc->ctx, -EINVAL, "spiceusbredirection=%d: "
                             "1 to 4 channels", redir);
    if (version == 1) {
        add2(a, "-device", "piix3-usb-uhci,id=usb");
    } else if (version == 2) {
        add2(a, "-device", "ich9-usb-ehci1,id=usb,addr=0x1d.0x7,"
                           "multifunction=on");
        for (i = 0; i < 3; i++)
            add2(a, "-device", libxl__sprintf(gc, "ich9-usb-uhci%d,"
                                              "masterbus=usb.0,firstport=%d,"
                                              "addr=0x1d.%#x,multifunction=on",
                                              i + 1, 2 * i, (unsigned)i));
    } else if (version == 3) {
        add2(a, "-device", "nec-usb-xhci,id=usb");
    } else {
        return libxl__seterr(gc->ctx, -EINVAL, "usbversion=%d: 1, 2 or 3",
                             version);
    }
    for (i = 1; i <= redir; i++) {
        add2(a, "-chardev", libxl__sprintf(gc, "spicevmc,name=usbredir,"
                                           "id=usbrc%d", i));
        add2(a, "-device", libxl__sprintf(gc, "usb-redir,chardev=usbrc%d,"
                                          "id=usbrc%d", i, i));
    }
    return 0;
}

static int hvm_devices(libxl__gc *gc,
                       const struct libxl_domain_build_info *b,
                       struct argv *a)
{
    int i, rc, vga = libxl__dm_vga_kind(b);
    int64_t vram_mb = libxl__dm_video_memkb(b) / 1024;

    if (b->kernel)
        add2(a, "-kernel", b->kernel);
    if (b->ramdisk)
        add2(a, "-initrd", b->ramdisk);
    if (b->cmdline)
        add2(a, "-append", b->cmdline);
    for (i = 0; b->serial_list && b->serial_list[i]; i++)
        add2(a, "-serial", b->serial_list[i]);
    if (vga == LIBXL__VGA_STD)
        add2(a, "-device", libxl__sprintf(gc, "VGA,vgamem_mb=%lld",
                                          (long long)vram_mb));
    else if (vga == LIBXL__VGA_CIRRUS)
        add2(a, "-device", libxl__sprintf(gc, "cirrus-vga,vgamem_mb=%lld",
                                          (long long)vram_mb));
    else if (vga == LIBXL__VGA_QXL)     /* its RAM and VRAM halves */
        add2(a, "-device", libxl__sprintf(gc, "qxl-vga,vram_size_mb=%lld,"
                                          "ram_size_mb=%lld",
                                          (long long)vram_mb / 2,
                                          (long long)vram_mb / 2));
    if (b->boot)
        add2(a, "-boot", libxl__sprintf(gc, "order=%s", b->boot));
    if (is_true(b->usb, false) || b->usbdevice_list) {
        add(a, "-usb");
        for (i = 0; b->usbdevice_list && b->usbdevice_list[i]; i++)
            add2(a, "-usbdevice", b->usbdevice_list[i]);
    }
    rc = usb_controller(gc, b, a);
    if (rc)
        return rc;
    if (!is_true(b->acpi, true))
        add(a, "-no-acpi");
    if (b->max_vcpus > 1)
        add2(a, "-smp", libxl__sprintf(gc, "%d,maxcpus=%d", b->avail_vcpus,
                                       b->max_vcpus));
    return 0;
}

/*
 * The emulated cards (vif= with type=ioemu, Xen 4.17's arguments): each
 * a -device of its model with the vif's MAC and a tap netdev named
 * vif<domid>.<devid>-emu that QEMU opens without scripts (the toolstack
 * puts it on the bridge).  -net none when there is none, so QEMU makes
 * no default card.
 */
static void nics(libxl__gc *gc, const struct libxl_domain_config *dc,
                 uint32_t domid, struct argv *a)
{
    int i, n = 0;

    for (i = 0; i < dc->num_nics; i++) {
        const struct libxl_device_nic *c = &dc->nics[i];
        const uint8_t *m = c->mac;

        if (c->nictype != LIBXL_NIC_TYPE_VIF_IOEMU)
            continue;
        add2(a, "-device", libxl__sprintf(gc, "%s,id=nic%d,netdev=net%d,"
                                          "mac=%02x:%02x:%02x:%02x:%02x:"
                                          "%02x", c->model, c->devid,
                                          c->devid, m[0], m[1], m[2], m[3],
                                          m[4], m[5]));
        add2(a, "-netdev", libxl__sprintf(gc, "type=tap,id=net%d,"
                                          "ifname=%s,br=%s,script=no,"
                                          "downscript=no", c->devid,
                                          libxl__nic_tap_name(gc, domid,
                                                              c->devid),
                                          c->bridge));
        n++;
    }
    if (!n)
        add2(a, "-net", "none");
}

int libxl__dm_disk_index(const char *vdev)
{
    const char *p = vdev;
    int n;

    if (!strncmp(p, "xvd", 3))
        p += 3;
    else if (!strncmp(p, "hd", 2) || !strncmp(p, "sd", 2))
        p += 2;
    else
        return -1;
    if (*p < 'a' || *p > 'z')
        return -1;
    n = *p++ - 'a';
    if (*p >= 'a' && *p <= 'z')
        return -1;                        /* xvdaa...: beyond any bus */
    return n;
}

/*
 * The emulated disks (Xen 4.17's qemu-xen arguments): the first four
 * disks on the IDE buses (hda..hdd, or xvda..xvdd), read-write raw
 * images, or with hdtype="ahci" the first six on the ports of an AHCI
 * controller; CD-ROMs (devtype=cdrom) among the first four, read-only, maybe
 * empty, with the drive id "ide-<vbd number>" that cd-insert and cd-eject
 * name.  Disks from the fifth on are left to the PV drivers, as in Xen.
 */
static int disks(libxl__gc *gc, const struct libxl_domain_config *dc,
                 struct argv *a)
{
    bool ahci = dc->b_info.hdtype == LIBXL_HDTYPE_AHCI;
    int i, n, id;

    if (ahci)
        add2(a, "-device", "ahci,id=ahci0");
    for (i = 0; i < dc->num_disks; i++) {
        const struct libxl_device_disk *d = &dc->disks[i];
        bool empty = !d->pdev_path || !*d->pdev_path;

        n = libxl__dm_disk_index(d->vdev);
        id = libxl_vdev_to_devid(d->vdev);
        if (n < 0 || id < 0)
            return libxl__seterr(gc->ctx, -EINVAL, "disk '%s': no "
                                 "emulated disk for this name", d->vdev);
        if (!strncmp(d->vdev, "sd", 2))
            return libxl__seterr(gc->ctx, -EOPNOTSUPP, "disk '%s': "
                                 "emulated SCSI disks (sd*) are not "
                                 "supported: use hd* or xvd*", d->vdev);
        if (d->is_cdrom && n > 3)
            return libxl__seterr(gc->ctx, -EINVAL, "cdrom '%s': an "
                                 "emulated CD-ROM must be one of the "
                                 "first four disks (hda..hdd)", d->vdev);
        if (n > (ahci ? 5 : 3))
            continue;
        if (d->is_cdrom) {
            char *drive = libxl__sprintf(gc, "if=none,readonly=on,"
                                         "id=ide-%d", id);

            if (!empty)
                drive = libxl__sprintf(gc, "%s,file=%s,format=raw", drive,
                                       d->pdev_path);
            add2(a, "-drive", drive);
            add2(a, "-device", libxl__sprintf(gc, "ide-cd,id=ide-%d,"
                                              "drive=ide-%d,bus=ide.%d,"
                                              "unit=%d", id, id, n / 2,
                                              n % 2));
            continue;
        }
        if (empty)
            return libxl__seterr(gc->ctx, -EINVAL, "disk '%s': no "
                                 "target", d->vdev);
        if (!d->readwrite)
            return libxl__seterr(gc->ctx, -EINVAL, "disk '%s': qemu-xen "
                                 "has no read-only %s disks (use "
                                 "devtype=cdrom, or a disk from the %s "
                                 "on, for the PV drivers only)", d->vdev,
                                 ahci ? "AHCI" : "IDE",
                                 ahci ? "seventh" : "fifth");
        if (ahci) {
            add2(a, "-drive", libxl__sprintf(gc, "file=%s,if=none,"
                                             "id=ahcidisk-%d,format=raw,"
                                             "cache=writeback",
                                             d->pdev_path, n));
            add2(a, "-device", libxl__sprintf(gc, "ide-hd,bus=ahci0.%d,"
                                              "unit=0,drive=ahcidisk-%d",
                                              n, n));
            continue;
        }
        add2(a, "-drive", libxl__sprintf(gc, "file=%s,if=ide,index=%d,"
                                         "media=disk,format=raw,"
                                         "cache=writeback", d->pdev_path,
                                         n));
    }
    return 0;
}

/* -machine: xenfv, or with xen_platform_pci=0 "pc", which has no
 * xen-platform device; RAM below 4 GiB ends at the MMIO hole of
 * mmio_hole= (Xen 4.17). */
static const char *machine(libxl__gc *gc,
                           const struct libxl_domain_build_info *b)
{
    const char *m = is_true(b->xen_platform_pci, true)
              ? "xenfv,suppress-vmdesc=on"
              : "pc,accel=xen,suppress-vmdesc=on";

    if (b->mmio_hole_memkb)
        m = libxl__sprintf(gc, "%s,max-ram-below-4g=%llu", m,
                           (1ULL << 32) -
                           ((unsigned long long)b->mmio_hole_memkb << 10));
    return m;
}

int libxl__dm_args(libxl__gc *gc, const struct libxl_domain_config *dc,
                   uint32_t domid, const char *dm, char ***argv_out)
{
    const struct libxl_domain_build_info *b = &dc->b_info;
    struct argv a = { .gc = gc };
    int64_t ram_mb = (b->max_memkb - libxl__dm_video_memkb(b)) / 1024;
    int rc;

    if (libxl__dm_vga_kind(b) < 0)
        return libxl__seterr(gc->ctx, -EOPNOTSUPP, "vga=\"%s\" is not "
                             "supported (stdvga, cirrus, qxl or none)",
                             b->vga);
    add(&a, dm);
    add2(&a, "-xen-domid", libxl__sprintf(gc, "%u", domid));
    add(&a, "-no-shutdown");
    add2(&a, "-chardev", libxl__sprintf(gc, "socket,id=libxl-cmd,path=%s,"
                                        "server=on,wait=off",
                                        libxl__dm_qmp_path(gc, domid)));
    add2(&a, "-mon", "chardev=libxl-cmd,mode=control");
    add(&a, "-nodefaults");
    add(&a, "-no-user-config");
    if (dc->c_info.name)
        add2(&a, "-name", dc->c_info.name);
    rc = display(gc, b, &a);
    if (rc) {
        free(a.v);
        return rc;
    }
    rc = hvm_devices(gc, b, &a);
    if (rc) {
        free(a.v);
        return rc;
    }
    nics(gc, dc, domid, &a);
    add_all(&a, b->dm_args);
    add2(&a, "-machine", machine(gc, b));
    add_all(&a, b->dm_args_hvm);
    add2(&a, "-m", libxl__sprintf(gc, "%lld", (long long)ram_mb));
    rc = disks(gc, dc, &a);
    if (rc) {
        free(a.v);
        return rc;
    }
    if (b->vendor_device == LIBXL_VENDOR_DEVICE_XENSERVER)
        add2(&a, "-device", "xen-pvdevice,device-id=0xc000");
    libxl__gc_own(gc, a.v);
    *argv_out = a.v;
    return 0;
}
