/*
 * libxenstore core: opening and closing handles, the per-handle error
 * message, and the request/reply engine.  Requests carry a fresh req_id;
 * whichever waiting thread finds nobody reading the connection reads it
 * and hands each reply to the request with the same req_id (the reader
 * thread of xs_watch.c takes that role for good once watches are used).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xs_private.h"

static const char *const type_names[XS_TYPE_COUNT] = {
    [XS_CONTROL] = "control", [XS_DIRECTORY] = "directory",
    [XS_READ] = "read", [XS_GET_PERMS] = "get permissions",
    [XS_WATCH] = "watch", [XS_UNWATCH] = "unwatch",
    [XS_TRANSACTION_START] = "transaction start",
    [XS_TRANSACTION_END] = "transaction end",
    [XS_INTRODUCE] = "introduce", [XS_RELEASE] = "release",
    [XS_GET_DOMAIN_PATH] = "get domain path", [XS_WRITE] = "write",
    [XS_MKDIR] = "mkdir", [XS_RM] = "rm",
    [XS_SET_PERMS] = "set permissions",
    [XS_IS_DOMAIN_INTRODUCED] = "is domain introduced",
    [XS_RESUME] = "resume", [XS_SET_TARGET] = "set target",
    [XS_RESET_WATCHES] = "reset watches",
    [XS_DIRECTORY_PART] = "directory part",
};

void xs__seterr(struct xs_handle *h, int err, const char *fmt, ...)
{
    va_list ap;

    if (h) {
        pthread_mutex_lock(&h->lock);
        va_start(ap, fmt);
        vsnprintf(h->errmsg, sizeof(h->errmsg), fmt, ap);
        va_end(ap);
        pthread_mutex_unlock(&h->lock);
    }
    errno = err;
}

const char *xs_errmsg(struct xs_handle *h)
{
    return h ? h->errmsg : "no handle";
}

static struct xs_handle *handle_new(int fd, unsigned long flags)
{
    struct xs_handle *h = calloc(1, sizeof(*h));

    if (!h)
        return NULL;
    h->fd = fd;
    pthread_mutex_init(&h->lock, NULL);
    pthread_mutex_init(&h->wlock, NULL);
    pthread_cond_init(&h->cond, NULL);
    h->next_req_id = 1;
    h->events_tail = &h->events;
    h->stop_pipe[0] = h->stop_pipe[1] = -1;
    h->watch_pipe[0] = h->watch_pipe[1] = -1;
    h->unwatch_filter = (flags & XS_UNWATCH_FILTER) != 0;
    return h;
}

struct xs_handle *xs_open(unsigned long flags)
{
    struct xs_handle *h;
    int fd, err;

    fd = xs__connect(xs_daemon_socket());
    if (fd < 0 && !(flags & XS_OPEN_SOCKETONLY) && !getenv("XENSTORED_PATH"))
        fd = xs__connect("/dev/xen/xenbus");
    if (fd < 0) {
        errno = -fd;
        return NULL;
    }
    h = handle_new(fd, flags);
    if (!h) {
        err = errno;
        close(fd);
        errno = err;
    }
    return h;
}

struct xs_handle *xs_daemon_open(void)
{
    return xs_open(0);
}

struct xs_handle *xs_domain_open(void)
{
    return xs_open(0);
}

struct xs_handle *xs_daemon_open_readonly(void)
{
    return xs_open(0);
}

static void handle_free(struct xs_handle *h)
{
    int i;

    xs__drop_events(h);
    for (i = 0; i < 2; i++) {
        if (h->stop_pipe[i] >= 0)
            close(h->stop_pipe[i]);
        if (h->watch_pipe[i] >= 0)
            close(h->watch_pipe[i]);
    }
    if (h->fd >= 0)
        close(h->fd);
    pthread_mutex_destroy(&h->lock);
    pthread_mutex_destroy(&h->wlock);
    pthread_cond_destroy(&h->cond);
    free(h);
}

void xs_close(struct xs_handle *h)
{
    char c = 0;

    if (!h)
        return;
    if (h->thread) {
        while (write(h->stop_pipe[1], &c, 1) < 0 && errno == EINTR)
            ;
        pthread_join(h->reader, NULL);
    }
    handle_free(h);
}

void xs_daemon_close(struct xs_handle *h)
{
    xs_close(h);
}

void xs_daemon_destroy_postfork(struct xs_handle *h)
{
    if (!h)
        return;
    /* The reader thread does not exist in the child: only free. */
    h->thread = false;
    handle_free(h);
}

/* The connection is unusable: fail every waiter now and later. */
void xs__kill_locked(struct xs_handle *h, int err)
{
    if (!h->dead) {
        h->dead = true;
        h->dead_errno = err == EPIPE ? EBADF : err;
        /* Whoever polls xs_fileno() must wake up to learn of it. */
        xs__pipe_kick(h);
    }
    pthread_cond_broadcast(&h->cond);
}

void xs__dispatch_locked(struct xs_handle *h, struct xs__msg *m)
{
    struct xs__waiter *w;

    if (m->hdr.type == XS_WATCH_EVENT) {
        xs__queue_event_locked(h, m);
        return;
    }
    for (w = h->waiters; w; w = w->next) {
        if (w->req_id == m->hdr.req_id && !w->reply) {
            w->reply = m;
            pthread_cond_broadcast(&h->cond);
            return;
        }
    }
    /* A reply nobody asked for: ignore it. */
    xs__msg_free(m);
}

/* Read one message as the temporary reader; called and returns locked. */
static void read_one_locked(struct xs_handle *h)
{
    struct xs__msg *m = NULL;
    int rc;

    h->reading = true;
    pthread_mutex_unlock(&h->lock);
    rc = xs__read_msg(&h->rbuf, h->fd, -1, &m);
    pthread_mutex_lock(&h->lock);
    h->reading = false;
    if (rc)
        xs__kill_locked(h, -rc);
    else
        xs__dispatch_locked(h, m);
    pthread_cond_broadcast(&h->cond);
}

static void unlink_waiter(struct xs_handle *h, struct xs__waiter *w)
{
    struct xs__waiter **pp;

    for (pp = &h->waiters; *pp; pp = &(*pp)->next) {
        if (*pp == w) {
            *pp = w->next;
            return;
        }
    }
}

/* Map an XS_ERROR payload ("ENOENT") to an errno value. */
static int wire_error(const char *s)
{
    size_t i;

    for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
        if (!strcmp(s, xsd_errors[i].errstring))
            return xsd_errors[i].errnum;
    return EINVAL;
}

/*
 * Registers w under a fresh req_id (written into the request's header)
 * and sends the request.  0: w awaits its reply (wait_reply collects it,
 * or fails if the write killed the connection); else the connection was
 * already dead and w is not registered.
 */
static int send_req(struct xs_handle *h, struct xs__waiter *w,
                    struct iovec *iov, unsigned int n)
{
    struct xsd_sockmsg *hdr = iov[0].iov_base;
    int r;

    pthread_mutex_lock(&h->lock);
    if (h->dead) {
        r = h->dead_errno;
        pthread_mutex_unlock(&h->lock);
        return r;
    }
    if (!h->next_req_id)
        h->next_req_id++;
    w->req_id = hdr->req_id = h->next_req_id++;
    w->reply = NULL;
    w->next = h->waiters;
    h->waiters = w;
    pthread_mutex_unlock(&h->lock);

    pthread_mutex_lock(&h->wlock);
    r = xs__write_iov(h->fd, iov, (int)n);
    pthread_mutex_unlock(&h->wlock);
    if (r) {
        pthread_mutex_lock(&h->lock);
        xs__kill_locked(h, -r);
        pthread_mutex_unlock(&h->lock);
    }
    return 0;
}

/* Waits for w's reply and unregisters w; NULL + *rc if the connection
 * died first. */
static struct xs__msg *wait_reply(struct xs_handle *h, struct xs__waiter *w,
                                  int *rc)
{
    pthread_mutex_lock(&h->lock);
    while (!w->reply && !h->dead) {
        if (!h->reading)
            read_one_locked(h);
        else
            pthread_cond_wait(&h->cond, &h->lock);
    }
    unlink_waiter(h, w);
    if (!w->reply)
        *rc = h->dead_errno;
    pthread_mutex_unlock(&h->lock);
    return w->reply;
}

/* Send the request and wait for its reply; returns it or NULL + rc. */
static struct xs__msg *exchange(struct xs_handle *h, struct iovec *iov,
                                unsigned int n, int *rc)
{
    struct xs__waiter w = { 0 };

    *rc = send_req(h, &w, iov, n);
    if (*rc)
        return NULL;
    return wait_reply(h, &w, rc);
}

void *xs__talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
               const struct iovec *iov, unsigned int n, unsigned int *len)
{
    struct xsd_sockmsg hdr = { .type = type, .tx_id = t };
    struct iovec v[8];
    struct xs__msg *m;
    const char *what = type < XS_TYPE_COUNT ? type_names[type] : "request";
    const char *arg = n ? (const char *)iov[0].iov_base : "";
    void *body;
    unsigned int i;
    int rc = 0;

    if (!h) {
        errno = EINVAL;
        return NULL;
    }
    if (n >= sizeof(v) / sizeof(v[0])) {
        xs__seterr(h, E2BIG, "%s: too many arguments", what);
        return NULL;
    }
    v[0].iov_base = &hdr;
    v[0].iov_len = sizeof(hdr);
    for (i = 0; i < n; i++) {
        v[i + 1] = iov[i];
        hdr.len += (uint32_t)iov[i].iov_len;
    }
    if (hdr.len > XENSTORE_PAYLOAD_MAX) {
        xs__seterr(h, E2BIG, "%s '%.64s': request longer than %d bytes",
                   what, arg, XENSTORE_PAYLOAD_MAX);
        return NULL;
    }
    m = exchange(h, v, n + 1, &rc);
    if (!m) {
        xs__seterr(h, rc, "%s '%.64s': connection to xenstore lost: %s",
                   what, arg, strerror(rc));
        return NULL;
    }
    if (m->hdr.type == XS_ERROR) {
        rc = wire_error(m->body);
        xs__msg_free(m);
        xs__seterr(h, rc, "%s '%.200s': %s", what, arg, strerror(rc));
        return NULL;
    }
    if (m->hdr.type != type) {
        xs__msg_free(m);
        xs__seterr(h, EBADF, "%s '%.200s': reply of wrong type", what, arg);
        return NULL;
    }
    if (len)
        *len = m->hdr.len;
    body = m->body;
    free(m);
    return body;
}

/* Reads in flight at once: bounds what the daemon queues for us. */
#define READ_WINDOW 64

/* The reply m to a read: its value, or NULL and *err. Frees m. */
static char *read_result(struct xs__msg *m, unsigned int *len, int *err)
{
    char *body;

    if (m->hdr.type != XS_READ) {
        *err = m->hdr.type == XS_ERROR ? wire_error(m->body) : EBADF;
        xs__msg_free(m);
        return NULL;
    }
    if (len)
        *len = m->hdr.len;
    body = m->body;
    free(m);
    return body;
}

bool xs_read_many(struct xs_handle *h, xs_transaction_t t,
                  const char *const *paths, unsigned int n, char **vals,
                  unsigned int *lens, int *errs)
{
    struct xs__waiter w[READ_WINDOW];
    struct xsd_sockmsg hdr[READ_WINDOW];
    bool sent[READ_WINDOW];
    struct xs__msg *m;
    unsigned int base, i, k;
    int rc = 0, r;

    if (!h || (n && (!paths || !vals || !errs))) {
        errno = EINVAL;
        return false;
    }
    for (i = 0; i < n; i++)
        vals[i] = NULL;
    for (base = 0; base < n && !rc; base += k) {
        k = n - base < READ_WINDOW ? n - base : READ_WINDOW;
        for (i = 0; i < k; i++) {
            const char *p = paths[base + i];
            struct iovec v[2] = { { &hdr[i], sizeof(hdr[i]) },
                                  { (void *)p, strlen(p) + 1 } };

            hdr[i] = (struct xsd_sockmsg){ .type = XS_READ, .tx_id = t,
                                           .len = (uint32_t)v[1].iov_len };
            errs[base + i] = 0;
            sent[i] = false;
            if (v[1].iov_len > XENSTORE_PAYLOAD_MAX)
                errs[base + i] = E2BIG;
            else if (!rc)
                sent[i] = !(rc = send_req(h, &w[i], v, 2));
        }
        for (i = 0; i < k; i++) {
            if (!sent[i])
                continue;
            m = wait_reply(h, &w[i], &r);
            if (!m)
                rc = r;
            else
                vals[base + i] = read_result(m, lens ? &lens[base + i] : NULL,
                                             &errs[base + i]);
        }
    }
    if (!rc)
        return true;
    for (i = 0; i < n; i++) {
        free(vals[i]);
        vals[i] = NULL;
    }
    xs__seterr(h, rc, "read of %u paths: connection to xenstore lost: %s",
               n, strerror(rc));
    return false;
}
