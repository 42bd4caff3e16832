/*
 * xensim-backend: the simulated host's Dom0 kernel backends (blkback,
 * netback) as a xenstore client of domain 0.  On the simulator nothing
 * else answers /local/domain/0/backend/{vbd,vif}: this plays the
 * backend side of the split-driver handshake (reference.md 4.6) as
 * Linux does, from what is in xenstore only:
 *   1 Initialising -> 2 InitWait (probe);
 *   vbd: physical-device is checked (loop devices of the simulated host,
 *        $XENSIM_DIR/dom0-kernel/loop/<minor>); a bad one is reported in
 *        /local/domain/0/error/backend/... and the device goes Closing;
 *   frontend Initialised/Connected (+ vif: hotplug-status=connected)
 *        -> sectors, info, features, 4 Connected;
 *   frontend Closing -> 5, frontend Closed or gone -> 6 Closed;
 *   like Linux it writes a device's nodes only while its state node
 *   exists, so a directory the toolstack removed never comes back.
 * Usage: xensim-backend (XENSTORED_PATH, XENSIM_DIR from the
 * environment); it serves until xenstored goes away or SIGTERM.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xenstore.h"

#define BACKEND "/local/domain/0/backend"
#define MAX_WATCHED 1024
#define LOOP_MAJOR 7

static struct xs_handle *xsh;
static char *watched[MAX_WATCHED];
static bool seen[MAX_WATCHED];
static unsigned nwatched;

static char *get(const char *dir, const char *key)
{
    char path[512];
    unsigned len;

    snprintf(path, sizeof(path), "%s%s%s", dir, key ? "/" : "",
             key ? key : "");
    return xs_read(xsh, XBT_NULL, path, &len);
}

static int get_int(const char *dir, const char *key)
{
    char *v = get(dir, key), *end;
    long n = -1;

    if (v) {
        n = strtol(v, &end, 10);
        if (*end || end == v)
            n = -1;
    }
    free(v);
    return (int)n;
}

/*
 * Write dir/key only while the device still exists (its state node), in
 * one transaction, as Linux's xenbus does (xenbus_switch_state): a
 * toolstack that removed the directory meanwhile must not see it come
 * back.
 */
static void put(const char *dir, const char *key, const char *val)
{
    char path[512], spath[512], *st;
    xs_transaction_t t;
    unsigned len;

    snprintf(path, sizeof(path), "%s/%s", dir, key);
    snprintf(spath, sizeof(spath), "%s/state", dir);
    for (;;) {
        t = xs_transaction_start(xsh);
        if (t == XBT_NULL)
            return;
        st = xs_read(xsh, t, spath, &len);
        if (!st) {
            xs_transaction_end(xsh, t, true);
            return;
        }
        free(st);
        if (!xs_write(xsh, t, path, val, strlen(val))) {
            xs_transaction_end(xsh, t, true);
            return;
        }
        if (xs_transaction_end(xsh, t, false) || errno != EAGAIN)
            return;
    }
}

static void set_state(const char *be, int state)
{
    char v[4];

    snprintf(v, sizeof(v), "%d", state);
    put(be, "state", v);
}

/* Watch <fe>/state once; remember it was seen in this scan. */
static void watch_frontend(const char *fe)
{
    char path[512];
    unsigned i;

    snprintf(path, sizeof(path), "%s/state", fe);
    for (i = 0; i < nwatched; i++)
        if (!strcmp(watched[i], path)) {
            seen[i] = true;
            return;
        }
    if (nwatched == MAX_WATCHED || !xs_watch(xsh, path, "fe"))
        return;
    watched[nwatched] = strdup(path);
    seen[nwatched] = watched[nwatched] != NULL;
    if (watched[nwatched])
        nwatched++;
}

static void unwatch_unseen(void)
{
    unsigned i = 0;

    while (i < nwatched) {
        if (seen[i]) {
            seen[i++] = false;
            continue;
        }
        xs_unwatch(xsh, watched[i], "fe");
        free(watched[i]);
        watched[i] = watched[--nwatched];
        seen[i] = seen[nwatched];
    }
}

/* blkback's xen_vbd_create: size in bytes, or -1 with why. */
static long long open_vbd(const char *be, char *why, size_t len)
{
    char *pd = get(be, "physical-device"), *loop, *nl, path[4096];
    unsigned maj, min;
    struct stat st;
    const char *dir = getenv("XENSIM_DIR");
    long long size = 0;
    FILE *f;

    if (!pd)
        return -2;                       /* not yet: a script writes it */
    if (sscanf(pd, "%x:%x", &maj, &min) != 2) {
        snprintf(why, len, "physical-device '%s' is malformed", pd);
        free(pd);
        return -1;
    }
    free(pd);
    if (maj != LOOP_MAJOR)
        return 0;                        /* a host block device */
    snprintf(path, sizeof(path), "%s/dom0-kernel/loop/%u", dir ? dir : ".",
             min);
    f = fopen(path, "r");
    loop = f && fgets(path, sizeof(path), f) ? path : NULL;
    if (f)
        fclose(f);
    if (loop && (nl = strchr(loop, '\n')))
        *nl = '\0';
    if (!loop || stat(loop, &st) < 0) {
        snprintf(why, len, "%d creating vbd structure: /dev/loop%u has no "
                 "backing file", -ENOENT, min);
        return -1;
    }
    size = (long long)st.st_size;
    return size;
}

static void fatal_error(const char *be, const char *kind, const char *rest,
                        const char *why)
{
    char path[512];

    snprintf(path, sizeof(path), "/local/domain/0/error/backend/%s/%s/error",
             kind, rest);
    xs_write(xsh, XBT_NULL, path, why, strlen(why));
    set_state(be, 5);
}

static void connect_vbd(const char *be, long long size)
{
    char v[32], *mode = get(be, "mode"), *type = get(be, "device-type");
    int info = 0;

    if (mode && strcmp(mode, "w"))
        info |= 4;                       /* VDISK_READONLY */
    if (type && !strcmp(type, "cdrom"))
        info |= 1;                       /* VDISK_CDROM */
    free(mode);
    free(type);
    snprintf(v, sizeof(v), "%lld", size / 512);
    put(be, "sectors", v);
    put(be, "sector-size", "512");
    put(be, "physical-sector-size", "512");
    snprintf(v, sizeof(v), "%d", info);
    put(be, "info", v);
    put(be, "feature-flush-cache", "1");
    put(be, "feature-persistent", "1");
}

/* One device: /local/domain/0/backend/<kind>/<rest>. */
static void step(const char *kind, const char *rest)
{
    char be[256], why[256], *fe, *hs;
    long long size = 0;
    int st, fst;
    bool ready;

    snprintf(be, sizeof(be), BACKEND "/%s/%s", kind, rest);
    st = get_int(be, "state");
    fe = get(be, "frontend");
    if (st < 0 || !fe) {
        free(fe);
        return;
    }
    watch_frontend(fe);
    fst = get_int(fe, "state");
    free(fe);
    if (st == 1) {
        set_state(be, 2);
        st = 2;
    }
    if (st == 6)
        return;
    if (fst < 0 || fst == 6) {           /* frontend gone or closed */
        set_state(be, 6);
        return;
    }
    if (fst == 5 && st < 5) {
        set_state(be, 5);
        return;
    }
    if (st != 2 && st != 3)
        return;
    if (!strcmp(kind, "vbd")) {
        size = open_vbd(be, why, sizeof(why));
        if (size == -1) {
            fatal_error(be, kind, rest, why);
            return;
        }
        ready = size >= 0;
    } else {
        hs = get(be, "hotplug-status");
        ready = hs && !strcmp(hs, "connected");
        free(hs);
    }
    if (!ready || (fst != 3 && fst != 4))
        return;
    if (!strcmp(kind, "vbd"))
        connect_vbd(be, size);
    else
        put(be, "feature-rx-copy", "1");
    set_state(be, 4);
}

static void scan(void)
{
    static const char *const kinds[] = { "vbd", "vif" };
    char path[256], rest[128];
    char **doms, **devs;
    unsigned nd, nv, k, i, j;

    for (k = 0; k < 2; k++) {
        snprintf(path, sizeof(path), BACKEND "/%s", kinds[k]);
        doms = xs_directory(xsh, XBT_NULL, path, &nd);
        for (i = 0; doms && i < nd; i++) {
            snprintf(path, sizeof(path), BACKEND "/%s/%s", kinds[k],
                     doms[i]);
            devs = xs_directory(xsh, XBT_NULL, path, &nv);
            for (j = 0; devs && j < nv; j++) {
                snprintf(rest, sizeof(rest), "%s/%s", doms[i], devs[j]);
                step(kinds[k], rest);
            }
            free(devs);
        }
        free(doms);
    }
    unwatch_unseen();
}

int main(int argc, char **argv)
{
    char **ev;
    unsigned n;

    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: xensim-backend\n");
        return 2;
    }
    xsh = xs_open(0);
    if (!xsh) {
        fprintf(stderr, "xensim-backend: cannot connect to xenstore: %s\n",
                strerror(errno));
        return 1;
    }
    if (!xs_watch(xsh, BACKEND, "be")) {
        fprintf(stderr, "xensim-backend: cannot watch " BACKEND ": %s\n",
                strerror(errno));
        return 1;
    }
    while ((ev = xs_read_watch(xsh, &n))) {
        free(ev);
        /* Whatever else is queued is covered by this scan. */
        while ((ev = xs_check_watch(xsh)))
            free(ev);
        scan();
    }
    xs_close(xsh);
    return 0;
}
