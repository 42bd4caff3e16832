/*
 * libxl (devices): a random MAC for a vif given without mac=, in Xen's
 * locally used 00:16:3e OUI as Xen 4.17's libxl picks it at device-add
 * time (the JSON of `xl -N create' keeps the mac unset).  Part of
 * libxenlight.
 */
#include "config.h"

#include <errno.h>
#include <sys/random.h>

#include "libxl_types.h"

int libxl_device_nic_random_mac(struct libxl_device_nic *n)
{
    uint8_t r[3];
    ssize_t got;

    do
        got = getrandom(r, sizeof(r), 0);
    while (got < 0 && errno == EINTR);
    if (got != (ssize_t)sizeof(r))
        return got < 0 ? -errno : -EIO;
    n->mac[0] = 0x00;
    n->mac[1] = 0x16;
    n->mac[2] = 0x3e;
    n->mac[3] = r[0] & 0x7f;            /* as Xen: top bit of byte 4 clear */
    n->mac[4] = r[1];
    n->mac[5] = r[2];
    n->mac_set = 1;
    return 0;
}
