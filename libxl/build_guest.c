/*
 * libxl domain builder: the legacy "__xen_guest" section of old Xen
 * kernels, a string "KEY=VALUE,KEY=VALUE" that predates the ELF notes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_elf.h"

#define KEY_MAX 32
#define VALUE_MAX 128

static int parse_num(const char *key, const char *v, uint64_t *out,
                     struct build_err *err)
{
    char *end;

    errno = 0;
    *out = strtoull(v, &end, 0);
    if (errno || end == v || *end)
        return build_seterr(err, -EINVAL, "kernel: __xen_guest: %s='%s' is "
                            "not a number", key, v);
    return 0;
}

static void set_str(char *dst, size_t size, const char *v)
{
    snprintf(dst, size, "%s", v);
}

static int one_pair(const char *k, const char *v, struct build_xen_parms *p,
                    struct build_err *err)
{
    uint64_t n;
    int rc = 0;

    if (!strcmp(k, "LOADER"))
        set_str(p->loader, sizeof(p->loader), v);
    else if (!strcmp(k, "GUEST_OS"))
        set_str(p->guest_os, sizeof(p->guest_os), v);
    else if (!strcmp(k, "GUEST_VER"))
        set_str(p->guest_ver, sizeof(p->guest_ver), v);
    else if (!strcmp(k, "XEN_VER"))
        set_str(p->xen_ver, sizeof(p->xen_ver), v);
    else if (!strcmp(k, "PAE"))
        set_str(p->pae_mode, sizeof(p->pae_mode), v);
    else if (!strcmp(k, "VIRT_BASE"))
        rc = parse_num(k, v, &p->virt_base, err);
    else if (!strcmp(k, "VIRT_ENTRY"))
        rc = parse_num(k, v, &p->virt_entry, err);
    else if (!strcmp(k, "ELF_PADDR_OFFSET"))
        rc = parse_num(k, v, &p->elf_paddr_offset, err);
    else if (!strcmp(k, "HYPERCALL_PAGE")) {
        /* A page number relative to VIRT_BASE. */
        rc = parse_num(k, v, &n, err);
        if (!rc && n > (UINT64_MAX >> 12))
            rc = build_seterr(err, -EINVAL, "kernel: __xen_guest: "
                              "HYPERCALL_PAGE out of range");
        p->virt_hypercall = n << 12;
    } else if (!strcmp(k, "FEATURES"))
        rc = build_parse_features(v, strlen(v), p, err);
    return rc;
}

int build_parse_guest_info(const struct build_elf *elf,
                           const struct build_elf_shdr *sh,
                           struct build_xen_parms *p, struct build_err *err)
{
    char key[KEY_MAX], value[VALUE_MAX];
    const char *s, *end;
    size_t kn, vn;
    int rc;

    if (sh->offset > elf->size || sh->size > elf->size - sh->offset)
        return build_seterr(err, -EINVAL, "kernel: __xen_guest section "
                            "lies outside the image");
    s = (const char *)elf->img + sh->offset;
    end = s + sh->size;
    p->legacy_guest_info = true;
    p->virt_hypercall = BUILD_UNSET_ADDR;
    while (s < end && *s) {
        const char *v;
        bool eq;

        for (kn = 0; s + kn < end && s[kn] && s[kn] != '=' && s[kn] != ',';
             kn++)
            ;
        eq = s + kn < end && s[kn] == '=';
        v = eq ? s + kn + 1 : s + kn;
        for (vn = 0; eq && v + vn < end && v[vn] && v[vn] != ','; vn++)
            ;
        if (kn >= KEY_MAX || vn >= VALUE_MAX)
            return build_seterr(err, -EINVAL, "kernel: __xen_guest entry "
                                "too long");
        memcpy(key, s, kn);
        key[kn] = '\0';
        memcpy(value, v, vn);
        value[vn] = '\0';
        if ((rc = one_pair(key, value, p, err)))
            return rc;
        s = v + vn;
        if (s < end && *s == ',')
            s++;
    }
    if (p->virt_hypercall != BUILD_UNSET_ADDR &&
        p->virt_base != BUILD_UNSET_ADDR)
        p->virt_hypercall += p->virt_base;
    return 0;
}
