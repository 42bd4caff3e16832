/*
 * console: the shared console ring (struct xencons_interface).  The guest
 * owns out_prod and in_cons; every index it writes is treated as hostile:
 * read once, checked against the ring size, masked before use.
 */
#include <errno.h>
#include <string.h>

#include "cons.h"

int cons_ring_take(struct xencons_interface *intf, char *dst, size_t max)
{
    XENCONS_RING_IDX cons, prod, n, i;

    cons = __atomic_load_n(&intf->out_cons, __ATOMIC_RELAXED);
    prod = __atomic_load_n(&intf->out_prod, __ATOMIC_ACQUIRE);
    n = prod - cons;
    if (n > sizeof(intf->out))
        return -EIO;
    if (n > max)
        n = (XENCONS_RING_IDX)max;
    for (i = 0; i < n; i++)
        dst[i] = intf->out[MASK_XENCONS_IDX(cons + i, intf->out)];
    __atomic_store_n(&intf->out_cons, cons + n, __ATOMIC_RELEASE);
    return (int)n;
}

size_t cons_ring_put(struct xencons_interface *intf, const char *src,
                     size_t len)
{
    XENCONS_RING_IDX cons, prod, used, space, i;

    cons = __atomic_load_n(&intf->in_cons, __ATOMIC_ACQUIRE);
    prod = __atomic_load_n(&intf->in_prod, __ATOMIC_RELAXED);
    used = prod - cons;
    if (used > sizeof(intf->in))
        return 0;               /* inconsistent: write nothing */
    space = (XENCONS_RING_IDX)sizeof(intf->in) - used;
    if (len < space)
        space = (XENCONS_RING_IDX)len;
    for (i = 0; i < space; i++)
        intf->in[MASK_XENCONS_IDX(prod + i, intf->in)] = src[i];
    __atomic_store_n(&intf->in_prod, prod + space, __ATOMIC_RELEASE);
    return space;
}
