/*
 * libxl domain builder: what PV and PVH builds share before placing
 * anything in the guest: argument checks, unpacking and parsing the
 * kernel, and the hypervisor's support for the guest type.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "build_internal.h"

/* Smallest guest the builder accepts (the kernel needs more anyway). */
#define MIN_MEM_KB 4096ULL

int build_args_check(struct build_dom *d, const struct build_args *a)
{
    if (!a->kernel || !a->kernel_size)
        return build_dom_seterr(d, -EINVAL, "no kernel image given");
    if (a->mem_kb < MIN_MEM_KB || (a->mem_kb >> 2) > (1ULL << 40))
        return build_dom_seterr(d, -EINVAL, "guest memory of %llu KiB is "
                                "out of range",
                                (unsigned long long)a->mem_kb);
    if (a->cmdline && strlen(a->cmdline) >= BUILD_CMDLINE_MAX)
        return build_dom_seterr(d, -E2BIG, "kernel command line is longer "
                                "than %d bytes", BUILD_CMDLINE_MAX - 1);
    if (a->ramdisk_size && !a->ramdisk)
        return build_dom_seterr(d, -EINVAL, "ramdisk size without data");
    if (!a->max_vcpus)
        return build_dom_seterr(d, -EINVAL, "no vCPUs");
    return 0;
}

static int check_caps(struct build_dom *d, const char *cap)
{
    struct xc_version_info *v = calloc(1, sizeof(*v));
    int rc;

    if (!v)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    rc = xc_version_get(d->xch, v);
    if (rc)
        rc = build_dom_seterr_xc(d, rc, "cannot read the hypervisor's "
                                 "capabilities");
    else if (!strstr(v->capabilities, cap))
        rc = build_dom_seterr(d, -EOPNOTSUPP, "the hypervisor does not "
                              "support %s guests (capabilities: %s)", cap,
                              v->capabilities);
    free(v);
    return rc;
}

int build_kimage_load(struct build_dom *d, const struct build_args *a,
                      bool pvh, struct build_kimage *ki)
{
    int rc;

    memset(ki, 0, sizeof(*ki));
    rc = build_kernel_unpack(a->kernel, a->kernel_size, &ki->k, &d->err);
    if (!rc)
        rc = build_elf_parse(ki->k.elf, ki->k.elf_size, &ki->elf, &d->err);
    if (!rc)
        rc = build_xen_parse(&ki->elf, pvh, &ki->parms, &d->err);
    if (!rc)
        rc = check_caps(d, pvh ? "hvm-3.0-x86_32" : "xen-3.0-x86_64");
    if (rc)
        build_kimage_dispose(ki);
    return rc;
}

void build_kimage_dispose(struct build_kimage *ki)
{
    build_kernel_dispose(&ki->k);
}
