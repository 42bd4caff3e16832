/*
 * libxenstore private header: the handle, the message transport and the
 * request/reply machinery shared by xs.c, transport.c and xs_watch.c.
 */
#ifndef XS_PRIVATE_H
#define XS_PRIVATE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <xenstore.h>

/* One received message (reply or watch event), body NUL-terminated. */
struct xs__msg {
    struct xs__msg *next;
    struct xsd_sockmsg hdr;
    char *body;
};

/* A request waiting for its reply, linked on the handle. */
struct xs__waiter {
    struct xs__waiter *next;
    uint32_t req_id;
    struct xs__msg *reply;           /* set by whoever reads it */
};

/* Bytes read from the connection ahead of the message being taken. */
struct xs__rbuf {
    char b[16384];
    size_t pos, len;
};

struct xs_handle {
    int fd;                          /* socket or xenbus device */
    pthread_mutex_t lock;            /* everything below */
    pthread_cond_t cond;             /* a reply or event arrived */
    pthread_mutex_t wlock;           /* one writer of fd at a time */
    uint32_t next_req_id;
    struct xs__waiter *waiters;
    struct xs__msg *events, **events_tail;
    unsigned int nevents;
    bool reading;                    /* some thread is reading fd */
    struct xs__rbuf rbuf;            /* used by that thread only */
    bool dead;                       /* connection lost */
    int dead_errno;
    bool thread;                     /* reader thread started */
    pthread_t reader;
    int stop_pipe[2];                /* wakes the reader thread at close */
    int watch_pipe[2];               /* readable while events queued */
    bool unwatch_filter;
    char errmsg[256];
};

/* transport.c */
int xs__connect(const char *path);
/* One message from fd through rb (whose user must be the only reader). */
int xs__read_msg(struct xs__rbuf *rb, int fd, int stop_fd,
                 struct xs__msg **out);
int xs__write_iov(int fd, struct iovec *iov, int n);
void xs__msg_free(struct xs__msg *m);

/* xs.c */
void xs__seterr(struct xs_handle *h, int err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void *xs__talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
               const struct iovec *iov, unsigned int n, unsigned int *len);
void xs__dispatch_locked(struct xs_handle *h, struct xs__msg *m);
void xs__kill_locked(struct xs_handle *h, int err);

/* xs_watch.c */
int xs__start_reader(struct xs_handle *h);
void xs__queue_event_locked(struct xs_handle *h, struct xs__msg *m);
/* Make the watch pipe (xs_fileno) readable; lock held. */
void xs__pipe_kick(struct xs_handle *h);
void xs__drop_events(struct xs_handle *h);

#endif /* XS_PRIVATE_H */
