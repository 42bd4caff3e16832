/*
 * libxl (config model): the disk spec mini-language of
 * xl-disk-configuration(5): key=value and flags, the positional
 * target,format,vdev,access and the deprecated xend prefixes (the vdev ->
 * devid mapping is vdev.c, in libxenlight).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static int set_format(struct libxl_device_disk *d, const char *v)
{
    static const struct { const char *n; int f; } fmts[] = {
        { "raw", LIBXL_DISK_FORMAT_RAW }, { "qcow", LIBXL_DISK_FORMAT_QCOW },
        { "qcow2", LIBXL_DISK_FORMAT_QCOW2 }, { "vhd", LIBXL_DISK_FORMAT_VHD },
        { "qed", LIBXL_DISK_FORMAT_QED }, { "empty", LIBXL_DISK_FORMAT_EMPTY },
    };
    size_t i;

    for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
        if (!strcmp(v, fmts[i].n)) {
            d->format = fmts[i].f;
            return 0;
        }
    return -1;
}

static int set_access(struct libxl_device_disk *d, const char *v)
{
    if (!strcmp(v, "r") || !strcmp(v, "ro"))
        d->readwrite = 0;
    else if (!strcmp(v, "w") || !strcmp(v, "rw"))
        d->readwrite = 1;
    else
        return -1;
    return 0;
}

static void set_str(char **f, const char *v)
{
    free(*f);
    *f = libxl__strdup_or_abort(v);
}

/* Target with deprecated "prefix:" handling. */
static void set_target(struct libxl_device_disk *d, const char *v)
{
    static const char *const ignored[] = {
        "tapdisk:", "tap2:", "tap:", "aio:", "ioemu:", "file:", "phy:",
    };
    static const char *const scripts[] = { "iscsi:", "nbd:", "enbd:",
                                           "drbd:" };
    size_t i, l;
    int again = 1;

    while (again) {
        again = 0;
        for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++) {
            l = strlen(ignored[i]);
            if (!strncmp(v, ignored[i], l)) {
                v += l;
                again = 1;
            }
        }
        if (!strncmp(v, "raw:", 4) || !strncmp(v, "qcow:", 5) ||
            !strncmp(v, "qcow2:", 6) || !strncmp(v, "vhd:", 4)) {
            char fmt[8];

            l = (size_t)(strchr(v, ':') - v);
            memcpy(fmt, v, l);
            fmt[l] = 0;
            set_format(d, fmt);
            v += l + 1;
            again = 1;
        }
    }
    for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
        l = strlen(scripts[i]);
        if (!strncmp(v, scripts[i], l)) {
            free(d->script);
            d->script = libxl__xasprintf("block-%.*s", (int)l - 1,
                                         scripts[i]);
            v += l;
            break;
        }
    }
    if (*v)
        set_str(&d->pdev_path, v);
}

static int set_vdev(struct libxl_device_disk *d, const char *v)
{
    const char *c = strchr(v, ':');
    char *name;

    if (c) {
        if (strcmp(c + 1, "cdrom"))
            return -1;
        d->is_cdrom = 1;
    }
    name = strndup(v, c ? (size_t)(c - v) : strlen(v));
    if (!name)
        abort();
    free(d->vdev);
    d->vdev = name;
    return 0;
}

static const char *flag_kv(struct libxl_device_disk *d, const char *k,
                           const char *v)
{
    if (!strcmp(k, "format"))
        return set_format(d, v) ? "invalid format" : NULL;
    if (!strcmp(k, "vdev"))
        return set_vdev(d, v) ? "invalid vdev" : NULL;
    if (!strcmp(k, "access"))
        return set_access(d, v) ? "invalid access (r, ro, w or rw)" : NULL;
    if (!strcmp(k, "devtype")) {
        if (strcmp(v, "cdrom"))
            return "invalid devtype (only cdrom)";
        d->is_cdrom = 1;
        return NULL;
    }
    if (!strcmp(k, "backend"))
        set_str(&d->backend_domname, v);
    else if (!strcmp(k, "backendtype")) {
        if (!strcmp(v, "phy"))
            d->backend = LIBXL_DISK_BACKEND_PHY;
        else if (!strcmp(v, "qdisk"))
            d->backend = LIBXL_DISK_BACKEND_QDISK;
        else if (!strcmp(v, "standalone"))
            d->backend = LIBXL_DISK_BACKEND_STANDALONE;
        else if (!strcmp(v, "tap"))
            d->backend = LIBXL_DISK_BACKEND_TAP;
        else
            return "invalid backendtype (phy, qdisk or standalone)";
    } else if (!strcmp(k, "script"))
        set_str(&d->script, v);
    else if (!strcmp(k, "specification")) {
        if (!strcmp(v, "virtio"))
            d->specification_virtio = 1;
        else if (strcmp(v, "xen"))
            return "invalid specification (xen or virtio)";
    } else
        return "unknown disk parameter";
    return NULL;
}

static const char *flag(struct libxl_device_disk *d, const char *t)
{
    if (!strcmp(t, "cdrom"))
        d->is_cdrom = 1;
    else if (!strcmp(t, "direct-io-safe"))
        d->direct_io_safe.val = LIBXL_DEFBOOL_TRUE;
    else if (!strcmp(t, "discard"))
        d->discard_enable.val = LIBXL_DEFBOOL_TRUE;
    else if (!strcmp(t, "no-discard"))
        d->discard_enable.val = LIBXL_DEFBOOL_FALSE;
    else if (!strcmp(t, "trusted"))
        d->trusted.val = LIBXL_DEFBOOL_TRUE;
    else if (!strcmp(t, "untrusted"))
        d->trusted.val = LIBXL_DEFBOOL_FALSE;
    else
        return NULL;
    return "";
}

/* One positional token (index npos). */
static const char *positional(struct libxl_device_disk *d, const char *t,
                              int *npos)
{
    switch ((*npos)++) {
    case 0:
        set_target(d, t);
        return NULL;
    case 1:
        if (!*t || !set_format(d, t))
            return NULL;
        /* xend style "target,vdev,access": no format */
        (*npos)++;
        /* fall through */
    case 2:
        if (*t && set_vdev(d, t))
            return "invalid vdev";
        return NULL;
    case 3:
        return *t && set_access(d, t) ? "invalid access (r, ro, w or rw)"
                                      : NULL;
    default:
        return "too many positional parameters";
    }
}

static char *trim(char *s)
{
    char *e;

    while (isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int libxl__parse_disk(struct libxl_device_disk *d, const char *spec,
                      char **err_r)
{
    char *buf = libxl__strdup_or_abort(spec), *p = buf, *t, *eq;
    const char *err = NULL;
    int npos = 0, rc = 0;

    d->readwrite = 1;
    while (p && !err) {
        t = p;
        if (!strncmp(trim(t), "target=", 7)) {
            set_target(d, trim(t) + 7);
            break;
        }
        p = strchr(p, ',');
        if (p)
            *p++ = 0;
        t = trim(t);
        eq = strchr(t, '=');
        if (eq) {
            *eq = 0;
            err = flag_kv(d, trim(t), trim(eq + 1));
        } else if (!flag(d, t)) {
            err = positional(d, t, &npos);
        }
    }
    if (!err && !d->vdev)
        err = "missing vdev";
    if (!err && (d->devid = libxl_vdev_to_devid(d->vdev)) < 0)
        err = "invalid vdev (expected xvdX, hdX or sdX)";
    if (!err && d->is_cdrom) {
        d->removable = 1;
        d->readwrite = 0;
        if (!d->pdev_path)
            d->format = LIBXL_DISK_FORMAT_EMPTY;
    }
    if (!err && !d->pdev_path && !d->is_cdrom)
        err = "missing target";
    if (!err && d->format == LIBXL_DISK_FORMAT_UNKNOWN)
        d->format = LIBXL_DISK_FORMAT_RAW;
    if (err) {
        *err_r = libxl__xasprintf("%s", err);
        rc = -EINVAL;
    }
    free(buf);
    return rc;
}

int libxl_device_disk_parse(struct libxl_device_disk *d, int nspecs,
                            const char *const *specs, char **err_r)
{
    size_t len = 1;
    char *all;
    int i, rc;

    for (i = 0; i < nspecs; i++)
        len += strlen(specs[i]) + 1;
    all = malloc(len);
    if (!all)
        abort();
    all[0] = '\0';
    for (i = 0; i < nspecs; i++) {
        if (i)
            strcat(all, ",");
        strcat(all, specs[i]);
    }
    rc = libxl__parse_disk(d, all, err_r);
    free(all);
    return rc;
}
