/*
 * libxl: the stored configuration of each domain, as Xen's libxl keeps
 * it: <lib dir>/userdata-d.<domid>.<uuid>.libxl-json (JSON with its final
 * NUL).  Written at creation, read by `xl list -l` and restarts, removed
 * when the domain is destroyed.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "create_internal.h"

char *libxl__userdata_path(libxl__gc *gc, uint32_t domid, const char *uuid)
{
    return libxl__sprintf(gc, "%s/userdata-d.%u.%s.libxl-json",
                          libxl_lib_dir(gc->ctx), domid, uuid);
}

int libxl__userdata_store(libxl__gc *gc, uint32_t domid, const char *uuid,
                          const struct libxl_domain_config *dc, char **path_r)
{
    libxl_ctx *ctx = gc->ctx;
    char *path, *tmp, *json;
    size_t len;
    FILE *f;
    int rc;

    rc = libxl__make_dirs(libxl_lib_dir(ctx));
    if (rc)
        return libxl__seterr(ctx, rc, "cannot create '%s': %s",
                             libxl_lib_dir(ctx), strerror(-rc));
    path = libxl__userdata_path(gc, domid, uuid);
    tmp = libxl__sprintf(gc, "%s.tmp", path);
    json = libxl__gc_own(gc, libxl_domain_config_to_json(dc));
    if (!json)
        return libxl__seterr(ctx, -ENOMEM, "out of memory");
    len = strlen(json) + 1;
    f = fopen(tmp, "w");
    if (!f)
        return libxl__seterr(ctx, -errno, "cannot write '%s': %s", tmp,
                             strerror(errno));
    if (fwrite(json, 1, len, f) != len) {
        fclose(f);
        unlink(tmp);
        return libxl__seterr(ctx, -EIO, "cannot write '%s'", tmp);
    }
    if (fclose(f) || rename(tmp, path)) {
        rc = -errno;
        unlink(tmp);
        return libxl__seterr(ctx, rc, "cannot write '%s': %s", path,
                             strerror(-rc));
    }
    if (path_r)
        *path_r = path;
    return 0;
}

int libxl__create_store_config(struct libxl__create *cs)
{
    return libxl__userdata_store(cs->gc, cs->domid, cs->uuid, cs->dc,
                                 &cs->userdata);
}

void libxl__userdata_remove(libxl__gc *gc, uint32_t domid)
{
    const char *dir = libxl_lib_dir(gc->ctx);
    char prefix[32];
    struct dirent *e;
    DIR *d;

    snprintf(prefix, sizeof(prefix), "userdata-d.%u.", domid);
    d = opendir(dir);
    if (!d)
        return;
    while ((e = readdir(d)))
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
}

/* Contents of the stored config of domid (arena), or -ENOENT. */
static int read_userdata(libxl__gc *gc, uint32_t domid, char **json)
{
    struct libxl_dominfo info;
    char uuid[37], *path;
    FILE *f;
    long len;
    int rc;

    rc = libxl_domain_info(gc->ctx, domid, &info);
    if (rc)
        return rc;
    libxl__uuid_string(info.uuid, uuid);
    libxl_dominfo_dispose(&info);
    path = libxl__userdata_path(gc, domid, uuid);
    f = fopen(path, "r");
    if (!f)
        return libxl__seterr(gc->ctx, -errno, "no stored config for "
                             "domain %u ('%s': %s)", domid, path,
                             strerror(errno));
    if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
        len > 64L * 1024 * 1024 || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        return libxl__seterr(gc->ctx, -EIO, "cannot read '%s'", path);
    }
    *json = libxl__zalloc(gc, (size_t)len + 1);
    if (fread(*json, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        return libxl__seterr(gc->ctx, -EIO, "cannot read '%s'", path);
    }
    fclose(f);
    return 0;
}

LIBXL_API int libxl_retrieve_domain_configuration(
    libxl_ctx *ctx, uint32_t domid, struct libxl_domain_config *dc)
{
    libxl__gc gc;
    char *json = NULL, *err = NULL;
    int rc;

    libxl__gc_init(&gc, ctx);
    rc = read_userdata(&gc, domid, &json);
    if (!rc) {
        rc = libxl_domain_config_from_json(dc, json, &err);
        if (rc)
            libxl__seterr(ctx, rc, "stored config of domain %u: %s", domid,
                          err ? err : "invalid");
        free(err);
    }
    libxl__gc_release(&gc);
    return rc;
}

int libxl__userdata_rename(libxl__gc *gc, uint32_t domid, const char *uuid,
                           const char *name)
{
    struct libxl_domain_config dc;
    int rc;

    libxl_domain_config_init(&dc);
    rc = libxl_retrieve_domain_configuration(gc->ctx, domid, &dc);
    if (rc == -ENOENT) {
        rc = 0;                           /* nothing stored */
    } else if (!rc) {
        free(dc.c_info.name);
        dc.c_info.name = strdup(name);
        rc = dc.c_info.name ? libxl__userdata_store(gc, domid, uuid, &dc,
                                                    NULL)
                            : libxl__seterr(gc->ctx, -ENOMEM, "out of "
                                            "memory");
    }
    libxl_domain_config_dispose(&dc);
    return rc;
}
