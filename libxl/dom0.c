/*
 * libxl: one-time Domain-0 set-up done by xen-init-dom0 at boot: UUID,
 * stub JSON config, xenstore name/domid and pool names.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libxl_internal.h"

LIBXL_API int libxl_uuid_parse(const char *s, uint8_t uuid[16])
{
    static const int dash[] = { 8, 13, 18, 23 };
    unsigned k = 0;

    if (strlen(s) != 36)
        return -EINVAL;
    for (int i = 0; i < 4; i++)
        if (s[dash[i]] != '-')
            return -EINVAL;
    for (int i = 0; i < 36 && k < 16; i++) {
        unsigned v;

        if (s[i] == '-')
            continue;
        if (!isxdigit((unsigned char)s[i]) ||
            !isxdigit((unsigned char)s[i + 1]) ||
            sscanf(s + i, "%2x", &v) != 1)
            return -EINVAL;
        uuid[k++] = (uint8_t)v;
        i++;
    }
    return k == 16 ? 0 : -EINVAL;
}

/* mkdir -p for the library directory. */
static int store_stub_json(libxl__gc *gc, const uint8_t uuid[16], bool hvm)
{
    libxl_ctx *ctx = gc->ctx;
    char u[37], *path, *tmp, *json;
    FILE *f;
    int rc;

    libxl__uuid_string(uuid, u);
    rc = libxl__make_dirs(ctx->lib_dir);
    if (rc)
        return libxl__seterr(ctx, rc, "cannot create '%s'", ctx->lib_dir);
    path = libxl__sprintf(gc, "%s/userdata-d.0.%s.libxl-json", ctx->lib_dir,
                          u);
    tmp = libxl__sprintf(gc, "%s.tmp", path);
    /* Dom0 is PV, or PVH when Xen reports it as an HVM container. */
    json = libxl__sprintf(gc,
                          "{\n    \"c_info\": {\n        \"type\": \"%s\",\n"
                          "        \"name\": \"Domain-0\",\n"
                          "        \"uuid\": \"%s\"\n    },\n"
                          "    \"b_info\": {\n        \"type.%s\": {\n"
                          "        }\n    }\n}\n",
                          hvm ? "pvh" : "pv", u, hvm ? "pvh" : "pv");
    f = fopen(tmp, "w");
    if (!f)
        return libxl__seterr(ctx, -errno, "cannot write '%s'", tmp);
    /* Stored with its final NUL, as libxl's userdata "libxl-json". */
    if (fwrite(json, 1, strlen(json) + 1, f) != strlen(json) + 1) {
        fclose(f);
        return libxl__seterr(ctx, -EIO, "cannot write '%s'", tmp);
    }
    if (fclose(f) || rename(tmp, path))
        return libxl__seterr(ctx, -errno, "cannot write '%s'", path);
    return 0;
}

static int write_pools(libxl__gc *gc)
{
    struct xc_cpupoolinfo pools[64];
    int n = xc_cpupool_list(gc->ctx->xch, pools, 64), rc;

    if (n < 0)
        return libxl__seterr_xc(gc->ctx, n, "cannot list cpupools");
    for (int i = 0; i < n; i++) {
        rc = libxl__xs_write(gc, LIBXL__XBT_NULL,
                             libxl__sprintf(gc, "/local/pool/%u/name",
                                            pools[i].poolid),
                             libxl__sprintf(gc, "Pool-%u", pools[i].poolid));
        if (rc)
            return libxl__seterr(gc->ctx, rc, "cannot set pool name");
    }
    return 0;
}

LIBXL_API int libxl_dom0_init(libxl_ctx *ctx, const uint8_t *uuid)
{
    libxl__gc gc;
    struct xc_dominfo di;
    char *id, *name;
    int rc, r;

    libxl__gc_init(&gc, ctx);
    rc = libxl__xs_check(ctx);
    if (rc)
        goto out;
    if (!libxl__xs_read(&gc, LIBXL__XBT_NULL, "/local/domain/0/domid", &id) &&
        !libxl__xs_read(&gc, LIBXL__XBT_NULL, "/local/domain/0/name",
                        &name)) {
        rc = libxl__seterr(ctx, -EEXIST, "Dom0 is already set up");
        goto out;
    }
    if (uuid) {
        r = xc_domain_sethandle(ctx->xch, 0, uuid);
        if (r < 0) {
            rc = libxl__seterr_xc(ctx, r, "cannot set Dom0 UUID");
            goto out;
        }
    }
    r = xc_domain_getinfo_single(ctx->xch, 0, &di);
    if (r < 0) {
        rc = libxl__seterr_xc(ctx, r, "cannot get domain type");
        goto out;
    }
    rc = store_stub_json(&gc, di.handle, di.hvm);
    if (rc)
        goto out;
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL, "/local/domain/0/domid", "0");
    if (rc) {
        libxl__seterr(ctx, rc, "cannot set domid for Dom0");
        goto out;
    }
    rc = libxl__xs_write(&gc, LIBXL__XBT_NULL, "/local/domain/0/name",
                         "Domain-0");
    if (rc) {
        libxl__seterr(ctx, rc, "cannot set domain name for Dom0");
        goto out;
    }
    /* From now on every name is in the index (name_index.c). */
    rc = libxl__name_index_init(&gc, LIBXL__XBT_NULL);
    if (!rc)
        rc = libxl__name_index_add(&gc, LIBXL__XBT_NULL, "Domain-0", 0);
    if (rc) {
        libxl__seterr(ctx, rc, "cannot create the domain name index");
        goto out;
    }
    rc = write_pools(&gc);
out:
    libxl__gc_release(&gc);
    return rc;
}
