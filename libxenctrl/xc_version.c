/*
 * libxenctrl version: marshalling of the XENVER_* queries.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "xc_private.h"

/*
 * One XENVER_* query through a safe buffer of size len: out is copied in
 * first (XENVER_build_id reads its length from it), then back.
 */
static long ver(xc_interface *xch, unsigned cmd, void *out, size_t len)
{
    void *b = NULL;
    long rc;

    if (len) {
        b = xc__buf(xch, len);
        if (!b)
            return -ENOMEM;
        memcpy(b, out, len);
    }
    rc = xc__hypercall(xch, __HYPERVISOR_xen_version, cmd, (uintptr_t)b,
                       len, 0, 0);
    if (rc >= 0 && len)
        memcpy(out, b, len);
    xc__buf_free(xch, b, len);
    if (rc < 0)
        return xc__err(xch, (int)rc, "xen_version %u: %s", cmd,
                       strerror((int)-rc));
    return rc;
}

int xc_version(xc_interface *xch, int *major, int *minor)
{
    long rc = ver(xch, XENVER_version, NULL, 0);

    if (rc < 0)
        return (int)rc;
    *major = (int)(rc >> 16);
    *minor = (int)(rc & 0xffff);
    return 0;
}

static void copy_str(char *dst, size_t dlen, const char *src, size_t slen)
{
    size_t n = strnlen(src, slen);

    if (n >= dlen)
        n = dlen - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}

static int build_id(xc_interface *xch, char *hex, size_t hexlen)
{
    struct { uint32_t len; unsigned char buf[64]; } bid = { .len = 64 };
    long rc = ver(xch, XENVER_build_id, &bid, sizeof(bid));
    long i;

    hex[0] = 0;
    /* Not every hypervisor has a build id: that is not an error. */
    if (rc < 0)
        return 0;
    for (i = 0; i < rc && i < 64 && (size_t)(2 * i + 2) < hexlen; i++)
        snprintf(hex + 2 * i, 3, "%02x", bid.buf[i]);
    return 0;
}

int xc_version_get(xc_interface *xch, struct xc_version_info *v)
{
    xen_extraversion_t extra;
    xen_compile_info_t ci;
    xen_capabilities_info_t caps;
    xen_changeset_info_t cs;
    xen_commandline_t cmdline;
    xen_platform_parameters_t pp;
    long rc;

    memset(v, 0, sizeof(*v));
    if ((rc = xc_version(xch, &v->major, &v->minor)) < 0 ||
        (rc = ver(xch, XENVER_extraversion, extra, sizeof(extra))) < 0 ||
        (rc = ver(xch, XENVER_compile_info, &ci, sizeof(ci))) < 0 ||
        (rc = ver(xch, XENVER_capabilities, caps, sizeof(caps))) < 0 ||
        (rc = ver(xch, XENVER_changeset, cs, sizeof(cs))) < 0 ||
        (rc = ver(xch, XENVER_commandline, cmdline, sizeof(cmdline))) < 0 ||
        (rc = ver(xch, XENVER_platform_parameters, &pp, sizeof(pp))) < 0)
        return (int)rc;
    copy_str(v->extraversion, sizeof(v->extraversion), extra, sizeof(extra));
    copy_str(v->compiler, sizeof(v->compiler), ci.compiler,
             sizeof(ci.compiler));
    copy_str(v->compile_by, sizeof(v->compile_by), ci.compile_by,
             sizeof(ci.compile_by));
    copy_str(v->compile_domain, sizeof(v->compile_domain), ci.compile_domain,
             sizeof(ci.compile_domain));
    copy_str(v->compile_date, sizeof(v->compile_date), ci.compile_date,
             sizeof(ci.compile_date));
    copy_str(v->capabilities, sizeof(v->capabilities), caps, sizeof(caps));
    copy_str(v->changeset, sizeof(v->changeset), cs, sizeof(cs));
    copy_str(v->commandline, sizeof(v->commandline), cmdline,
             sizeof(cmdline));
    v->virt_start = pp.virt_start;
    rc = ver(xch, XENVER_pagesize, NULL, 0);
    if (rc < 0)
        return (int)rc;
    v->pagesize = (unsigned long)rc;
    return build_id(xch, v->build_id, sizeof(v->build_id));
}
