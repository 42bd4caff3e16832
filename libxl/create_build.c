/*
 * libxl: the hypervisor side of domain creation: defaults and checks,
 * reading the kernel and ramdisk, the create lock and createdomain,
 * limits and event channels (Xen's libxl__build_pre), and the PV / PVH
 * builder (build_api.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <xen/xen.h>

#include "build_api.h"
#include "create_internal.h"
#include "nic_internal.h"

/* Xen 4.17 libxl defaults. */
#define DEFAULT_MEMKB (32 * 1024)
#define DEFAULT_EVTCHNS 1023

static bool is_pvh(const struct libxl_domain_config *dc)
{
    return dc->c_info.type == LIBXL_DOMAIN_TYPE_PVH;
}

static bool is_hvm(const struct libxl_domain_config *dc)
{
    return dc->c_info.type == LIBXL_DOMAIN_TYPE_HVM;
}

int libxl__create_check(struct libxl__create *cs)
{
    struct libxl_domain_config *dc = cs->dc;
    struct libxl_domain_build_info *b = &dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    int rc;

    if (!dc->c_info.name || !*dc->c_info.name)
        return libxl__seterr(ctx, -EINVAL, "the domain has no name");
    rc = libxl__create_check_qemu_devices(cs);
    if (rc)
        return rc;
    if (dc->num_unsupported)
        return libxl__seterr(ctx, -EOPNOTSUPP, "key '%s' is not supported "
                             "yet", dc->unsupported[0]);
    if (is_hvm(dc) && b->bootloader)
        return libxl__seterr(ctx, -EINVAL, "bootloader= is for PV and PVH "
                             "guests: an HVM guest boots from its firmware");
    if (!b->kernel && !b->bootloader && !is_hvm(dc))
        return libxl__seterr(ctx, -EINVAL, "no kernel= given");
    if (dc->num_pcidevs)
        return libxl__seterr(ctx, -EOPNOTSUPP, "pci= is not supported yet");
    for (int i = 0; i < dc->num_nics; i++) {
        rc = libxl__nic_check(cs->gc, &dc->nics[i],
                              libxl__nic_create_use(dc->c_info.type));
        if (rc)
            return rc;
    }
    if (b->target_memkb <= 0)
        b->target_memkb = b->max_memkb > 0 ? b->max_memkb : DEFAULT_MEMKB;
    if (b->max_memkb < b->target_memkb)
        b->max_memkb = b->target_memkb;
    if (b->max_vcpus < 1)
        b->max_vcpus = 1;
    if (b->avail_vcpus < 1 || b->avail_vcpus > b->max_vcpus)
        b->avail_vcpus = b->max_vcpus;
    if (!b->event_channels)
        b->event_channels = DEFAULT_EVTCHNS;
    if (!dc->c_info.uuid_set) {
        uuid_generate(dc->c_info.uuid);
        dc->c_info.uuid_set = 1;
    }
    libxl__uuid_string(dc->c_info.uuid, cs->uuid);
    return is_hvm(dc) ? libxl__create_hvm_check(cs) : 0;
}

int libxl__create_read_images(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    struct build_err err;
    int rc;

    /* HVM: the kernel and ramdisk go to the device model as files. */
    if (is_hvm(cs->dc))
        return libxl__create_hvm_read(cs);
    /* With a bootloader, kernel= and ramdisk= are paths inside the guest's
     * disk (the bootloader's --kernel= and --ramdisk=). */
    if (b->bootloader)
        return 0;
    rc = libxl__kernel_load(cs, b->kernel);
    if (rc)
        return rc;
    if (b->ramdisk) {
        rc = build_read_file(b->ramdisk, BUILD_DECOMPRESS_MAX, &cs->ramdisk,
                             &cs->ramdisk_size, &err);
        if (rc)
            return libxl__seterr(cs->gc->ctx, rc, "ramdisk: %s", err.msg);
    }
    if (b->cmdline && strlen(b->cmdline) >= BUILD_CMDLINE_MAX)
        return libxl__seterr(cs->gc->ctx, -E2BIG, "the kernel command line "
                             "is longer than %d bytes", BUILD_CMDLINE_MAX - 1);
    return 0;
}

/*
 * Serialise creations on this host from the name check until the name is
 * in xenstore, so parallel creates cannot both take a name.
 */
static int take_lock(struct libxl__create *cs)
{
    libxl_ctx *ctx = cs->gc->ctx;
    const char *dir = libxl_run_dir(ctx);
    char *path;

    if (mkdir(dir, 0755) && errno != EEXIST) {
        /* The parent may be missing too (simulator directories). */
        char *parent = libxl__strdup(cs->gc, dir), *slash;

        slash = strrchr(parent, '/');
        if (slash && slash != parent) {
            *slash = '\0';
            mkdir(parent, 0755);
        }
        if (mkdir(dir, 0755) && errno != EEXIST)
            return libxl__seterr(ctx, -errno, "cannot create '%s'", dir);
    }
    path = libxl__sprintf(cs->gc, "%s/create.lock", dir);
    cs->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (cs->lock_fd < 0)
        return libxl__seterr(ctx, -errno, "cannot open '%s'", path);
    while (flock(cs->lock_fd, LOCK_EX))
        if (errno != EINTR)
            return libxl__seterr(ctx, -errno, "cannot lock '%s'", path);
    return 0;
}

int libxl__create_make_domain(struct libxl__create *cs)
{
    struct libxl_domain_config *dc = cs->dc;
    struct libxl_domain_build_info *b = &dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    struct xc_domain_create cfg;
    uint32_t other;
    int rc;

    rc = take_lock(cs);
    if (rc)
        return rc;
    /* The index when the host has one (a name another toolstack gave is
     * not seen: that one checks for itself); else every name. */
    rc = libxl__name_to_domid_indexed(ctx, dc->c_info.name, &other);
    if (rc && rc != -ESRCH)
        rc = libxl_name_to_domid(ctx, dc->c_info.name, &other);
    if (!rc)
        return libxl__seterr(ctx, -EEXIST, "domain '%s' already exists "
                             "with id %u", dc->c_info.name, other);
    memset(&cfg, 0, sizeof(cfg));
    if (is_pvh(dc)) {
        cfg.flags = XC_DOMCREATE_HVM | XC_DOMCREATE_HAP;
        cfg.arch_emulation_flags = XEN_X86_EMU_LAPIC;
    } else if (is_hvm(dc)) {
        /* Every emulator but vPCI, as Xen's libxl; hap=0: shadow paging. */
        cfg.flags = XC_DOMCREATE_HVM;
        if (b->hap.val != LIBXL_DEFBOOL_FALSE)
            cfg.flags |= XC_DOMCREATE_HAP;
        if (b->nested_hvm.val == LIBXL_DEFBOOL_TRUE)
            cfg.flags |= XC_DOMCREATE_NESTED_VIRT;
        cfg.arch_emulation_flags = XEN_X86_EMU_ALL & ~XEN_X86_EMU_VPCI;
    }
    cfg.max_vcpus = (uint32_t)b->max_vcpus;
    cfg.max_evtchn_port = b->event_channels;
    cfg.max_grant_frames = b->max_grant_frames;
    cfg.max_maptrack_frames = b->max_maptrack_frames;
    cfg.grant_version = 1;
    memcpy(cfg.handle, dc->c_info.uuid, sizeof(cfg.handle));
    /* 0: Xen picks; else the id the config asks for (xl save -D). */
    cs->domid = dc->c_info.domid;
    rc = xc_domain_create(ctx->xch, &cs->domid, &cfg);
    if (rc == -EEXIST && dc->c_info.domid)
        return libxl__seterr(ctx, rc, "domain id %u (asked for by the "
                             "config, as xl save -D stores it) is in use",
                             dc->c_info.domid);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "createdomain");
    cs->domain_made = true;
    return 0;
}

/* Hard affinity of every vCPU from cpus= (a list valid for all). */
static int set_affinity(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    struct libxl_cpumap map;
    int rc, v;

    if (!b->cpus)
        return 0;
    rc = libxl_cpumap_parse(ctx, b->cpus, &map);
    if (rc)
        return libxl__seterr(ctx, rc, "cpus=\"%s\": invalid CPU list",
                             b->cpus);
    for (v = 0; v < b->max_vcpus; v++) {
        rc = xc_vcpu_setaffinity(ctx->xch, cs->domid, (unsigned)v, map.map,
                                 NULL, sizeof(map.map));
        if (rc)
            return libxl__seterr_xc(ctx, rc, "set vCPU affinity");
    }
    return 0;
}

/* cpuid= (either form) edits the domain's CPUID and MSR policy. */
static int apply_cpuid(struct libxl__create *cs)
{
    return libxl__cpuid_apply(cs->gc, cs->domid,
                              is_hvm(cs->dc) || is_pvh(cs->dc),
                              &cs->dc->b_info);
}

/*
 * rtc_timeoffset= plus, with localtime=1, the host's offset from UTC now
 * (Xen 4.17's libxl__arch_domain_create): the guest's wallclock offset.
 */
static int set_time_offset(struct libxl__create *cs)
{
    const struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    int64_t off = b->rtc_timeoffset;
    struct tm tm;
    time_t now;
    int rc;

    if (b->localtime) {
        now = time(NULL);
        if (!localtime_r(&now, &tm))
            return libxl__seterr(ctx, -EINVAL, "localtime=1: cannot get "
                                 "the host's local time");
        off += tm.tm_gmtoff;
    }
    if (!off)
        return 0;
    if (off < INT32_MIN || off > INT32_MAX)
        return libxl__seterr(ctx, -ERANGE, "rtc_timeoffset=%d plus the "
                             "local time zone is out of range",
                             (int)b->rtc_timeoffset);
    rc = xc_domain_set_time_offset(ctx->xch, cs->domid, (int32_t)off);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "set the wallclock offset");
    return 0;
}

int libxl__create_prebuild(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    int rc;

    rc = xc_domain_max_vcpus(ctx->xch, cs->domid, (unsigned)b->max_vcpus);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "set max vCPUs");
    rc = set_affinity(cs);
    if (rc)
        return rc;
    rc = apply_cpuid(cs);
    if (rc)
        return rc;
    rc = set_time_offset(cs);
    if (rc)
        return rc;
    if (is_hvm(cs->dc) && (rc = libxl__create_hvm_params(cs)))
        return rc;
    rc = xc_domain_setmaxmem(ctx->xch, cs->domid,
                             (uint64_t)b->max_memkb + LIBXL__MAXMEM_CONSTANT);
    if (rc)
        return libxl__seterr_xc(ctx, rc, "set max memory");
    rc = xc_evtchn_alloc_unbound(ctx->xch, cs->domid, 0);
    if (rc < 0)
        return libxl__seterr_xc(ctx, rc, "allocate the xenstore event "
                                "channel");
    cs->store_port = (uint32_t)rc;
    rc = xc_evtchn_alloc_unbound(ctx->xch, cs->domid, 0);
    if (rc < 0)
        return libxl__seterr_xc(ctx, rc, "allocate the console event "
                                "channel");
    cs->console_port = (uint32_t)rc;
    return 0;
}

int libxl__create_build(struct libxl__create *cs)
{
    struct libxl_domain_build_info *b = &cs->dc->b_info;
    libxl_ctx *ctx = cs->gc->ctx;
    struct build_args a;
    struct build_result r;
    struct build_dom *d;
    int rc;

    memset(&a, 0, sizeof(a));
    memset(&r, 0, sizeof(r));
    a.domid = cs->domid;
    a.mem_kb = (uint64_t)b->target_memkb;
    a.max_vcpus = (unsigned)b->max_vcpus;
    a.kernel = cs->kernel ? cs->kernel : cs->kernel_map;
    a.kernel_size = cs->kernel_size;
    a.ramdisk = cs->ramdisk;
    a.ramdisk_size = cs->ramdisk_size;
    a.cmdline = b->bootloader ? cs->cmdline : b->cmdline;
    a.store_evtchn = cs->store_port;
    a.console_evtchn = cs->console_port;
    if (is_hvm(cs->dc))
        libxl__create_hvm_args(cs, &a);
    if (is_pvh(cs->dc)) {               /* the MADT of its ACPI tables */
        a.avail_vcpus = (unsigned)b->avail_vcpus;
        a.apic = b->apic.val != LIBXL_DEFBOOL_FALSE;
    }
    d = build_dom_new(ctx->xch);
    if (!d)
        return libxl__seterr(ctx, -ENOMEM, "out of memory");
    rc = is_hvm(cs->dc) ? build_hvm(d, &a, &r)
         : is_pvh(cs->dc) ? build_pvh(d, &a, &r) : build_pv(d, &a, &r);
    if (rc)
        libxl__seterr(ctx, rc, "%s", build_errmsg(d));
    build_dom_free(d);
    if (rc)
        return rc;
    cs->store_gfn = r.store_gfn;
    cs->console_gfn = r.console_gfn;
    return 0;
}

int libxl__create_introduce(struct libxl__create *cs)
{
    int rc = libxl__xs_introduce(cs->gc, cs->domid, cs->store_gfn,
                                 cs->store_port);

    if (rc)
        return libxl__seterr(cs->gc->ctx, rc, "XS_INTRODUCE of domain %u "
                             "failed: %s", cs->domid, strerror(-rc));
    cs->introduced = true;
    return 0;
}
