/*
 * libxenctrl simulator, simulated guest kernel: its PV frontends.  Like
 * Linux's xenbus frontend drivers (blkfront, netfront) it watches
 * device/, and for each vbd or vif answers the backend's InitWait with
 * an event channel and ring references, goes Initialised (vbd) or
 * Connected (vif), Connected once the backend is, and Closed when the
 * backend asks (Closing).  No data moves: the rings are never used.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_guest_int.h"

#define LIST_MAX 4096

struct guest_dev {
    struct guest_dev *next;
    char kind[8];
    int devid;
    char fe[96];                 /* device/<kind>/<devid> */
    char be_state[160];          /* watched: <backend>/state */
    bool seen;
};

static const char *const kinds[] = { "vbd", "vif" };

static int read_int(struct guest *g, const char *path)
{
    char v[32], *end;
    long n;

    if (guest_xs_read(g, path, v, sizeof(v)))
        return -1;
    n = strtol(v, &end, 10);
    return *end || end == v ? -1 : (int)n;
}

static void set_state(struct guest *g, struct guest_dev *d, int state)
{
    char p[128], v[4];

    snprintf(p, sizeof(p), "%s/state", d->fe);
    snprintf(v, sizeof(v), "%d", state);
    guest_xs_write(g, p, v);
}

static void fe_write(struct guest *g, struct guest_dev *d, const char *key,
                     const char *val)
{
    char p[128];

    snprintf(p, sizeof(p), "%s/%s", d->fe, key);
    guest_xs_write(g, p, val);
}

/* What blkfront / netfront publish before Initialised / Connected. */
static int publish(struct guest *g, struct guest_dev *d)
{
    char p[128], v[32];
    int be, port;

    snprintf(p, sizeof(p), "%s/backend-id", d->fe);
    be = read_int(g, p);
    if (be < 0)
        return -EINVAL;
    port = xc_evtchn_alloc_unbound(g->xch, g->b->domid, (uint32_t)be);
    if (port < 0)
        return port;
    snprintf(v, sizeof(v), "%d", port);
    fe_write(g, d, "event-channel", v);
    snprintf(v, sizeof(v), "%d", 8 + 2 * d->devid % 4096);
    if (!strcmp(d->kind, "vbd")) {
        fe_write(g, d, "ring-ref", v);
        fe_write(g, d, "protocol", "x86_64-abi");
        fe_write(g, d, "feature-persistent", "1");
    } else {
        fe_write(g, d, "tx-ring-ref", v);
        snprintf(v, sizeof(v), "%d", 9 + 2 * d->devid % 4096);
        fe_write(g, d, "rx-ring-ref", v);
        fe_write(g, d, "request-rx-copy", "1");
        fe_write(g, d, "feature-rx-notify", "1");
    }
    return 0;
}

static void step(struct guest *g, struct guest_dev *d)
{
    char p[128];
    int own, bs;

    snprintf(p, sizeof(p), "%s/state", d->fe);
    own = read_int(g, p);
    bs = read_int(g, d->be_state);
    if (own < 0 || bs < 0)
        return;
    if (own == 1 && (bs == 2 || bs == 4)) {
        if (publish(g, d)) {
            guest_printf(g, "%s %s-%d: cannot set up rings\n", d->kind,
                         d->kind, d->devid);
            return;
        }
        own = !strcmp(d->kind, "vbd") ? 3 : 4;
        set_state(g, d, own);
        if (own == 4)
            guest_printf(g, "xen_netfront: %s-%d connected\n", d->kind,
                         d->devid);
    }
    if (own == 3 && bs == 4) {
        set_state(g, d, 4);
        guest_printf(g, "blkfront: %s-%d connected\n", d->kind, d->devid);
    }
    if (bs == 5 && own != 6) {
        set_state(g, d, 6);
        guest_printf(g, "%s %s-%d: closed\n", d->kind, d->kind, d->devid);
    }
}

static struct guest_dev *find(struct guest *g, const char *kind, int devid)
{
    struct guest_dev *d;

    for (d = g->devs; d; d = d->next)
        if (d->devid == devid && !strcmp(d->kind, kind))
            return d;
    return NULL;
}

static struct guest_dev *add(struct guest *g, const char *kind, int devid)
{
    struct guest_dev *d = calloc(1, sizeof(*d));
    char p[128], be[128];

    if (!d)
        return NULL;
    snprintf(d->kind, sizeof(d->kind), "%s", kind);
    d->devid = devid;
    snprintf(d->fe, sizeof(d->fe), "device/%s/%d", kind, devid);
    snprintf(p, sizeof(p), "%s/backend", d->fe);
    if (guest_xs_read(g, p, be, sizeof(be))) {
        free(d);
        return NULL;
    }
    snprintf(d->be_state, sizeof(d->be_state), "%s/state", be);
    guest_xs_watch(g, d->be_state, "dev");
    d->next = g->devs;
    g->devs = d;
    return d;
}

static void scan_kind(struct guest *g, const char *kind)
{
    static char list[LIST_MAX];
    char path[32], *p, *end;
    struct guest_dev *d;
    size_t used;
    long id;

    snprintf(path, sizeof(path), "device/%s", kind);
    if (guest_xs_directory(g, path, list, sizeof(list), &used))
        return;
    for (p = list; p < list + used; p += strlen(p) + 1) {
        id = strtol(p, &end, 10);
        if (*end || end == p || id < 0 || id > 0x7fffffff)
            continue;
        d = find(g, kind, (int)id);
        if (!d)
            d = add(g, kind, (int)id);
        if (!d)
            continue;
        d->seen = true;
        step(g, d);
    }
}

void guest_dev_scan(struct guest *g)
{
    struct guest_dev **pp, *d;
    size_t i;

    for (d = g->devs; d; d = d->next)
        d->seen = false;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        scan_kind(g, kinds[i]);
    for (pp = &g->devs; (d = *pp);) {
        if (d->seen) {
            pp = &d->next;
            continue;
        }
        guest_xs_unwatch(g, d->be_state, "dev");
        *pp = d->next;
        free(d);
    }
}

void guest_dev_init(struct guest *g)
{
    guest_xs_watch(g, "device", "dev");
    guest_dev_scan(g);
}
