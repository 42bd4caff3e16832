/*
 * xenstored main loop: epoll on the listening socket, the event channel
 * device and each client socket; guest rings are found through their
 * event channel port.  Per wake-up it services only the connections that
 * have work (woken) or wait for room or quota (parked), so a request costs
 * the same with one domain or thousands.
 */
#include "config.h"
#include "xenstored.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define EVENTS_MAX 64

static int epfd = -1;
/* Tags of the two non-connection descriptors in epoll's data. */
static char tag_listen, tag_domain;

static void ep_add(int fd, void *tag, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = tag };

    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev))
        fatal("epoll_ctl: %s", strerror(errno));
}

/* What c's socket waits for: requests unless throttled, room if queued. */
static void sync_pollmask(struct conn *c)
{
    struct epoll_event ev = { .data.ptr = c };

    if (c->fd < 0 || c->dead)
        return;
    ev.events = (conn_can_read(c) ? EPOLLIN : 0) | (c->out ? EPOLLOUT : 0);
    if (ev.events == c->pollmask)
        return;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
        c->pollmask = ev.events;
    else
        conn_kill(c);
}

/*
 * One look at a connection with work: flush its output, take its requests
 * (a ring's, or a socket's read ahead), then file it: woken again if work
 * came meanwhile (a request stopped by quota that its flushed replies
 * allow now), parked while it waits for room or quota, idle otherwise;
 * freed once dead (XSA-325: a guest's broken ring stays, ignored, until
 * its domain is released; sockets go at once).
 */
static void service(struct conn *c, long now)
{
    conn_expire_events(c, now);
    if (c->out && !c->dead)
        conn_output(c);
    if ((c->ring || conn_has_input(c)) && !c->dead && conn_can_read(c)) {
        conn_input(c);
        conn_output(c);
    }
    if (c->dead) {
        if (!c->ring)
            conn_free(c);
        else
            conn_idle(c);
        return;
    }
    sync_pollmask(c);
    if (c->dead)
        conn_free(c);
    else if (c->list == CONN_WOKEN)
        return;
    else if (c->out || c->stalled || !conn_can_read(c))
        conn_park(c);
    else if (conn_has_input(c))
        conn_wake(c);
    else
        conn_idle(c);
}

/* Services every woken connection, parked ones included; returns the
 * poll timeout: a second while a watch event may expire, else none. */
static int service_all(void)
{
    long now = mono_now();
    struct conn *c;

    conn_wake_parked();
    while ((c = conn_pop_woken()))
        service(c, now);
    if (quota.watch_timeout)
        for (c = conn_parked(); c; c = c->lnext)
            if (c->out)
                return 1000;
    return -1;
}

static void accept_one(int lfd)
{
    struct conn *c;
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    struct epoll_event ev = { .events = EPOLLIN };

    if (fd < 0)
        return;
    c = conn_new(fd, 0, true);
    if (!c) {
        close(fd);
        return;
    }
    ev.data.ptr = c;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
        log_warn("epoll_ctl: %s", strerror(errno));
        conn_free(c);
        return;
    }
    c->pollmask = EPOLLIN;
}

static void socket_event(struct conn *c, uint32_t ev)
{
    if ((ev & (EPOLLHUP | EPOLLERR)) && !(ev & EPOLLIN) && !conn_can_read(c))
        conn_kill(c);
    else if (ev & (EPOLLIN | EPOLLHUP | EPOLLERR))
        conn_input(c);
    if (ev & EPOLLOUT)
        conn_wake(c);
}

void loop_run(int lfd)
{
    struct epoll_event ev[EVENTS_MAX];
    int i, n, timeout;

    epfd = epoll_create1(EPOLL_CLOEXEC);
    if (epfd < 0)
        fatal("epoll_create1: %s", strerror(errno));
    ep_add(lfd, &tag_listen, EPOLLIN);
    if (domain_fd() >= 0)
        ep_add(domain_fd(), &tag_domain, EPOLLIN);
    for (;;) {
        timeout = service_all();
        n = epoll_wait(epfd, ev, EVENTS_MAX, timeout);
        if (n < 0 && errno != EINTR)
            fatal("epoll_wait: %s", strerror(errno));
        for (i = 0; i < n; i++) {
            if (ev[i].data.ptr == &tag_domain)
                domain_event();
            else if (ev[i].data.ptr == &tag_listen)
                accept_one(lfd);
            else
                socket_event(ev[i].data.ptr, ev[i].events);
        }
    }
}
