/*
 * bench: xenstore daemon benchmark through libxenstore.  Measures ops/s
 * of READ, WRITE, DIRECTORY and transactions (uncontended, contended)
 * and watch-event latency with N client threads, each with its own
 * connection, against the daemon at XENSTORED_PATH.  -m N fills N nodes
 * (for the memory measurement done by run-xenstore.sh).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

enum test { T_READ, T_WRITE, T_DIR, T_TXN, T_TXN_CONT, T_WATCH };
static const char *const names[] = { "read", "write", "directory",
                                     "txn", "txn-contended", "watch" };

struct worker {
    pthread_t th;
    int id;
    enum test test;
    double secs;
    long ops;
    double lat_sum;
    int failed;
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One transaction: read a counter, write it back plus one; retried. */
static int txn_inc(struct xs_handle *h, const char *path)
{
    for (;;) {
        xs_transaction_t t = xs_transaction_start(h);
        char *v, nv[32];

        if (t == XBT_NULL)
            return -1;
        v = xs_read(h, t, path, NULL);
        snprintf(nv, sizeof(nv), "%ld", v ? atol(v) + 1 : 1);
        free(v);
        if (!xs_write(h, t, path, nv, (unsigned int)strlen(nv))) {
            xs_transaction_end(h, t, true);
            return -1;
        }
        if (xs_transaction_end(h, t, false))
            return 0;
        if (errno != EAGAIN)
            return -1;
    }
}

static int one_op(struct xs_handle *h, struct worker *w, const char *mine)
{
    unsigned int n;
    void *p;

    switch (w->test) {
    case T_READ:
        p = xs_read(h, XBT_NULL, mine, &n);
        free(p);
        return p ? 0 : -1;
    case T_WRITE:
        return xs_write(h, XBT_NULL, mine, "value", 5) ? 0 : -1;
    case T_DIR:
        p = xs_directory(h, XBT_NULL, "/bench/dir", &n);
        free(p);
        return p ? 0 : -1;
    case T_TXN:
        return txn_inc(h, mine);
    case T_TXN_CONT:
        return txn_inc(h, "/bench/shared");
    default:
        return -1;
    }
}

/* Watch latency: write our node, wait for the event on our watch. */
static int watch_op(struct xs_handle *h, const char *mine, double *lat)
{
    double t0 = now();
    unsigned int n;
    char **ev;

    if (!xs_write(h, XBT_NULL, mine, "x", 1))
        return -1;
    ev = xs_read_watch(h, &n);
    if (!ev)
        return -1;
    free(ev);
    *lat += now() - t0;
    return 0;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    char mine[64];
    unsigned int n;
    double end;

    if (!h) {
        w->failed = 1;
        return NULL;
    }
    snprintf(mine, sizeof(mine), "/bench/c%d", w->id);
    xs_write(h, XBT_NULL, mine, "0", 1);
    if (w->test == T_WATCH) {
        char **ev;

        if (!xs_watch(h, mine, "t") || !(ev = xs_read_watch(h, &n))) {
            w->failed = 1;
            goto out;
        }
        free(ev);          /* the event sent at registration */
    }
    for (end = now() + w->secs; now() < end;) {
        int rc = w->test == T_WATCH ? watch_op(h, mine, &w->lat_sum)
                                    : one_op(h, w, mine);
        if (rc) {
            w->failed = 1;
            break;
        }
        w->ops++;
    }
out:
    xs_close(h);
    return NULL;
}

static int run(enum test test, int clients, double secs)
{
    struct worker *w = calloc((size_t)clients, sizeof(*w));
    long ops = 0;
    double lat = 0, t0;
    int i, failed = 0;

    if (!w)
        return -1;
    t0 = now();
    for (i = 0; i < clients; i++) {
        w[i] = (struct worker){ .id = i, .test = test, .secs = secs };
        pthread_create(&w[i].th, NULL, worker_main, &w[i]);
    }
    for (i = 0; i < clients; i++) {
        pthread_join(w[i].th, NULL);
        ops += w[i].ops;
        lat += w[i].lat_sum;
        failed |= w[i].failed;
    }
    t0 = now() - t0;
    if (test == T_WATCH)
        printf("%-14s %3d clients %10.0f ops/s  latency %8.1f us%s\n",
               names[test], clients, (double)ops / t0,
               ops ? lat / (double)ops * 1e6 : 0.0, failed ? "  FAILED" : "");
    else
        printf("%-14s %3d clients %10.0f ops/s%s\n", names[test], clients,
               (double)ops / t0, failed ? "  FAILED" : "");
    fflush(stdout);
    free(w);
    return failed ? -1 : 0;
}

static int fill(long n)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    char path[64];
    long i;

    if (!h)
        return -1;
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "/fill/d%ld/n%ld", i / 1000, i % 1000);
        if (!xs_write(h, XBT_NULL, path, "0123456789", 10)) {
            fprintf(stderr, "xsbench: fill: %s\n", xs_errmsg(h));
            xs_close(h);
            return -1;
        }
    }
    xs_close(h);
    return 0;
}

static int setup_dir(void)
{
    struct xs_handle *h = xs_open(XS_OPEN_SOCKETONLY);
    char path[64];
    int i;

    if (!h) {
        perror("xsbench: xs_open");
        return -1;
    }
    for (i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/bench/dir/entry%02d", i);
        xs_write(h, XBT_NULL, path, "", 0);
    }
    xs_close(h);
    return 0;
}

int main(int argc, char **argv)
{
    static const int counts[] = { 1, 8, 64 };
    double secs = 1.0;
    int c, i, t, rc = 0;

    while ((c = getopt(argc, argv, "t:m:")) != -1) {
        switch (c) {
        case 't': secs = atof(optarg); break;
        case 'm': return fill(atol(optarg)) ? 1 : 0;
        default:
            fprintf(stderr, "usage: xsbench [-t seconds] | -m nodes\n");
            return 2;
        }
    }
    if (setup_dir())
        return 1;
    for (t = T_READ; t <= T_WATCH; t++)
        for (i = 0; i < 3; i++)
            rc |= run((enum test)t, counts[i], secs);
    return rc ? 1 : 0;
}
