/*
 * libxl: the domain name index, so that finding a domain by name (and the
 * uniqueness check of every creation) costs O(1) instead of reading the
 * name of every domain.  /libxl/names/<encoded name> = domid, Dom0-only,
 * kept by this library in the transactions that write, rename and remove
 * /local/domain/<domid>/name.  The index is authoritative once
 * libxl_dom0_init (xen-init-dom0, at boot) has created it; before that, or
 * on a host set up by another toolstack, lookups read every name as
 * before.  An entry is trusted only if the domain's own name node still
 * says the same (a domain that died without our destroy leaves a stale
 * entry, which reads as absent).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_internal.h"

#define INDEX "/libxl/names"

/* A xenstore path component for name: [A-Za-z0-9_] as they are, any other
 * byte as -XX (hex), so '.', '/', spaces and '-' cannot clash. */
static char *entry(libxl__gc *gc, const char *name)
{
    size_t n = strlen(name), o = 0;
    char *s = libxl__zalloc(gc, sizeof(INDEX) + 1 + 3 * n + 1);
    const unsigned char *p;

    o = (size_t)sprintf(s, "%s/", INDEX);
    for (p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '_')
            s[o++] = (char)*p;
        else
            o += (size_t)sprintf(s + o, "-%02x", *p);
    }
    s[o] = '\0';
    return s;
}

int libxl__name_index_init(libxl__gc *gc, uint32_t t)
{
    return libxl__xs_write(gc, t, INDEX, "");
}

int libxl__name_index_add(libxl__gc *gc, uint32_t t, const char *name,
                          uint32_t domid)
{
    char *v;
    int rc = libxl__xs_read(gc, t, INDEX, &v);

    /* No index on this host: adding one entry would make it look
     * authoritative. */
    if (rc == -ENOENT)
        return 0;
    if (rc)
        return rc;
    return libxl__xs_write(gc, t, entry(gc, name),
                           libxl__sprintf(gc, "%u", domid));
}

int libxl__name_index_del(libxl__gc *gc, uint32_t t, const char *name,
                          uint32_t domid)
{
    char *path = entry(gc, name), *v;
    int rc = libxl__xs_read(gc, t, path, &v);

    if (rc == -ENOENT)
        return 0;
    if (rc)
        return rc;
    if (strtoul(v, NULL, 10) != domid)
        return 0;                        /* the name went to another */
    rc = libxl__xs_rm(gc, t, path);
    return rc == -ENOENT ? 0 : rc;
}

int libxl__name_index_lookup(libxl__gc *gc, const char *name,
                             uint32_t *domid)
{
    char *v, *end, *own;
    unsigned long id;
    int rc;

    rc = libxl__xs_read(gc, LIBXL__XBT_NULL, entry(gc, name), &v);
    if (rc == -ENOENT) {
        /* Absent from an index that is there: no such domain. */
        rc = libxl__xs_read(gc, LIBXL__XBT_NULL, INDEX, &v);
        return rc == -ENOENT ? -ENOTSUP : rc ? rc : -ESRCH;
    }
    if (rc)
        return rc;
    id = strtoul(v, &end, 10);
    if (end == v || *end || id > UINT32_MAX)
        return -ESRCH;
    rc = libxl__xs_read(gc, LIBXL__XBT_NULL,
                        libxl__sprintf(gc, "/local/domain/%lu/name", id),
                        &own);
    if (rc == -ENOENT || (!rc && strcmp(own, name)))
        return -ESRCH;                   /* stale */
    if (rc)
        return rc;
    *domid = (uint32_t)id;
    return 0;
}
