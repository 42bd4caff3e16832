/*
 * libxenstore watches: the reader thread started by the first xs_watch(),
 * the queue of watch events with its pollable pipe (xs_fileno), and
 * xs_watch/xs_unwatch/xs_read_watch/xs_check_watch.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xs_private.h"

void xs__pipe_kick(struct xs_handle *h)
{
    char c = 0;

    if (h->watch_pipe[1] >= 0)
        while (write(h->watch_pipe[1], &c, 1) < 0 && errno == EINTR)
            ;
}

static void pipe_drain(struct xs_handle *h)
{
    char buf[64];

    if (h->watch_pipe[0] >= 0)
        while (read(h->watch_pipe[0], buf, sizeof(buf)) > 0)
            ;
}

void xs__queue_event_locked(struct xs_handle *h, struct xs__msg *m)
{
    m->next = NULL;
    *h->events_tail = m;
    h->events_tail = &m->next;
    if (h->nevents++ == 0)
        xs__pipe_kick(h);
    pthread_cond_broadcast(&h->cond);
}

void xs__drop_events(struct xs_handle *h)
{
    struct xs__msg *m;

    while ((m = h->events)) {
        h->events = m->next;
        xs__msg_free(m);
    }
    h->events_tail = &h->events;
    h->nevents = 0;
}

static void *reader_main(void *arg)
{
    struct xs_handle *h = arg;
    struct xs__msg *m;
    int rc;

    pthread_mutex_lock(&h->lock);
    while (h->reading && !h->dead)
        pthread_cond_wait(&h->cond, &h->lock);
    h->reading = true;
    while (!h->dead) {
        pthread_mutex_unlock(&h->lock);
        m = NULL;
        rc = xs__read_msg(&h->rbuf, h->fd, h->stop_pipe[0], &m);
        pthread_mutex_lock(&h->lock);
        if (rc == -ECANCELED)
            break;
        if (rc)
            xs__kill_locked(h, -rc);
        else
            xs__dispatch_locked(h, m);
    }
    h->reading = false;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

int xs__start_reader(struct xs_handle *h)
{
    sigset_t all, old;
    int rc = 0;

    pthread_mutex_lock(&h->lock);
    if (h->thread)
        goto out;
    if (pipe2(h->stop_pipe, O_CLOEXEC) < 0) {
        rc = -errno;
        goto out;
    }
    /* The thread must not take the application's signals. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    rc = -pthread_create(&h->reader, NULL, reader_main, h);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        close(h->stop_pipe[0]);
        close(h->stop_pipe[1]);
        h->stop_pipe[0] = h->stop_pipe[1] = -1;
        goto out;
    }
    h->thread = true;
out:
    pthread_mutex_unlock(&h->lock);
    return rc;
}

int xs_fileno(struct xs_handle *h)
{
    int fd;

    pthread_mutex_lock(&h->lock);
    if (h->watch_pipe[0] < 0) {
        if (pipe2(h->watch_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
            int err = errno;

            h->watch_pipe[0] = h->watch_pipe[1] = -1;
            pthread_mutex_unlock(&h->lock);
            xs__seterr(h, err, "cannot create watch pipe: %s",
                       strerror(err));
            return -1;
        }
        if (h->nevents)
            xs__pipe_kick(h);
    }
    fd = h->watch_pipe[0];
    pthread_mutex_unlock(&h->lock);
    return fd;
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {
        { (void *)path, strlen(path) + 1 },
        { (void *)token, strlen(token) + 1 },
    };
    int rc = xs__start_reader(h);
    char *r;

    if (rc) {
        xs__seterr(h, -rc, "watch '%s': cannot start reader thread: %s",
                   path, strerror(-rc));
        return false;
    }
    r = xs__talk(h, XBT_NULL, XS_WATCH, iov, 2, NULL);
    free(r);
    return r != NULL;
}

/* Split an event body into a malloc'd string vector. */
static char **event_vector(struct xs__msg *m, unsigned int *num)
{
    unsigned int n = xs_count_strings(m->body, m->hdr.len), i;
    char **v, *s;

    if (n < 2) {
        errno = EIO;
        return NULL;
    }
    v = malloc(n * sizeof(char *) + m->hdr.len);
    if (!v)
        return NULL;
    s = (char *)(v + n);
    memcpy(s, m->body, m->hdr.len);
    for (i = 0; i < n; i++) {
        v[i] = s;
        s += strlen(s) + 1;
    }
    *num = n;
    return v;
}

static char **next_event(struct xs_handle *h, unsigned int *num, bool block)
{
    struct xs__msg *m;
    char **v;
    int err;

    pthread_mutex_lock(&h->lock);
    while (!h->events) {
        if (h->dead || !block) {
            err = h->dead ? h->dead_errno : EAGAIN;
            pthread_mutex_unlock(&h->lock);
            errno = err;
            return NULL;
        }
        if (!h->reading) {
            /* No reader thread yet: read ourselves. */
            struct xs__msg *in = NULL;
            int rc;

            h->reading = true;
            pthread_mutex_unlock(&h->lock);
            rc = xs__read_msg(&h->rbuf, h->fd, -1, &in);
            pthread_mutex_lock(&h->lock);
            h->reading = false;
            if (rc)
                xs__kill_locked(h, -rc);
            else
                xs__dispatch_locked(h, in);
            pthread_cond_broadcast(&h->cond);
        } else {
            pthread_cond_wait(&h->cond, &h->lock);
        }
    }
    m = h->events;
    h->events = m->next;
    if (!h->events)
        h->events_tail = &h->events;
    if (--h->nevents == 0)
        pipe_drain(h);
    pthread_mutex_unlock(&h->lock);
    v = event_vector(m, num);
    err = errno;
    xs__msg_free(m);
    errno = err;
    return v;
}

char **xs_check_watch(struct xs_handle *h)
{
    unsigned int num;

    return next_event(h, &num, false);
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
    return next_event(h, num, true);
}

/* Queued events of the watch (path, token) are dropped. */
static void filter_events(struct xs_handle *h, const char *path,
                          const char *token)
{
    struct xs__msg **pp, *m;

    pthread_mutex_lock(&h->lock);
    h->events_tail = &h->events;
    for (pp = &h->events; (m = *pp);) {
        const char *epath = m->body;
        size_t plen = strnlen(epath, m->hdr.len);
        const char *etok = plen < m->hdr.len ? epath + plen + 1 : "";

        if (plen < m->hdr.len && !strcmp(etok, token) &&
            xs_path_is_subpath(path, epath)) {
            *pp = m->next;
            xs__msg_free(m);
            h->nevents--;
            continue;
        }
        h->events_tail = &m->next;
        pp = &m->next;
    }
    if (!h->nevents)
        pipe_drain(h);
    pthread_mutex_unlock(&h->lock);
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
    struct iovec iov[2] = {
        { (void *)path, strlen(path) + 1 },
        { (void *)token, strlen(token) + 1 },
    };
    char *r = xs__talk(h, XBT_NULL, XS_UNWATCH, iov, 2, NULL);
    int err = errno;

    free(r);
    if (h->unwatch_filter)
        filter_events(h, path, token);
    errno = err;
    return r != NULL;
}
