/*
 * libxl (config model): virtual disk names -> device ids, the mapping of
 * xen-vbd-interface(7) ("xvda" 51712, "hdc" 5632, "sdb3" 2067, and the
 * extended "xvdaa" form).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "libxl_types.h"

/* Parse "a".."z", "aa".. as a bijective base-26 number; -1 if none. */
static int disk_letters(const char **p)
{
    int n = -1;

    while (**p >= 'a' && **p <= 'z') {
        n = (n + 1) * 26 + (**p - 'a');
        if (n > (1 << 20))
            return -1;
        (*p)++;
    }
    return n;
}

int libxl_vdev_to_devid(const char *vdev)
{
    const char *p;
    int disk, part = 0;
    char *end;

    if (!strncmp(vdev, "xvd", 3))
        p = vdev + 3;
    else if (!strncmp(vdev, "hd", 2) || !strncmp(vdev, "sd", 2))
        p = vdev + 2;
    else
        return -1;
    disk = disk_letters(&p);
    if (disk < 0)
        return -1;
    if (*p) {
        if (!isdigit((unsigned char)*p) || *p == '0')
            return -1;
        part = (int)strtol(p, &end, 10);
        if (*end || part > 255)
            return -1;
    }
    if (vdev[0] == 'h') {
        if (disk > 3 || part > 63)
            return -1;
        return ((disk < 2 ? 3 : 22) << 8) | ((disk & 1) << 6) | part;
    }
    if (disk < 16 && part < 16)
        return ((vdev[0] == 'x' ? 202 : 8) << 8) | (disk << 4) | part;
    if (disk >= (1 << 20) || part > 255)
        return -1;
    return (1 << 28) | (disk << 8) | part;
}
