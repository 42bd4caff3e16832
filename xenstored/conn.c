/*
 * xenstored connections: sockets and rings share one framing layer
 * (header, payload <= 4096, bounded output queue).  A malformed frame
 * kills that connection only; everyone else keeps being served.  The main
 * loop only looks at connections on the woken and parked lists kept here,
 * so idle ones (most guests on a big host) cost nothing per request.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define OUT_MAX 2048            /* queued replies/events per connection */
#define OUT_BATCH 64            /* messages per writev() to a socket */
#define RBUF_SIZE 16384         /* socket input buffer */

struct conn *conns;
unsigned nconns;
bool test_mode;

/* Heads of the woken and parked lists (see conn_wake, conn_park). */
static struct conn *lists[3];

static void list_unlink(struct conn *c)
{
    if (c->list == CONN_IDLE)
        return;
    if (c->lprev)
        c->lprev->lnext = c->lnext;
    else
        lists[c->list] = c->lnext;
    if (c->lnext)
        c->lnext->lprev = c->lprev;
    c->lnext = c->lprev = NULL;
    c->list = CONN_IDLE;
}

static void list_move(struct conn *c, enum conn_list to)
{
    if (c->list == to)
        return;
    list_unlink(c);
    if (to == CONN_IDLE)
        return;
    c->lnext = lists[to];
    if (c->lnext)
        c->lnext->lprev = c;
    lists[to] = c;
    c->list = to;
}

void conn_wake(struct conn *c)
{
    list_move(c, CONN_WOKEN);
}

void conn_park(struct conn *c)
{
    list_move(c, CONN_PARKED);
}

void conn_idle(struct conn *c)
{
    list_move(c, CONN_IDLE);
}

void conn_kill(struct conn *c)
{
    c->dead = true;
    conn_wake(c);
}

struct conn *conn_pop_woken(void)
{
    struct conn *c = lists[CONN_WOKEN];

    if (c)
        list_unlink(c);
    return c;
}

void conn_wake_parked(void)
{
    while (lists[CONN_PARKED])
        conn_wake(lists[CONN_PARKED]);
}

struct conn *conn_parked(void)
{
    return lists[CONN_PARKED];
}

struct conn *conn_new(int fd, uint32_t domid, bool priv)
{
    struct conn *c = calloc(1, sizeof(*c));

    if (!c)
        return NULL;
    c->fd = fd;
    c->domid = domid;
    c->privileged = priv;
    c->target = UINT32_MAX;
    c->next = conns;
    if (conns)
        conns->prev = c;
    conns = c;
    nconns++;
    return c;
}

long mono_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec;
}

/* Gives back what o cost its domain. */
static void outmsg_free(struct outmsg *o)
{
    struct dom *d = dom_get(o->domid, false);

    acct_mem(o->domid, -(ssize_t)(sizeof(o->hdr) + o->hdr.len));
    if (d && o->hdr.type != XS_WATCH_EVENT && d->outstanding)
        d->outstanding--;
    free(o->body);
    free(o);
}

void conn_free(struct conn *c)
{
    struct outmsg *o, *next;

    if (c->prev)
        c->prev->next = c->next;
    else
        conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    nconns--;
    list_unlink(c);
    while (c->txns)
        txn_free(c->txns);
    watch_free_all(c);
    for (o = c->out; o; o = next) {
        next = o->next;
        outmsg_free(o);
    }
    free(c->inbuf);
    free(c->rbuf);
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

int conn_send(struct conn *c, uint32_t type, uint32_t req, uint32_t tx,
              const void *body, size_t len)
{
    struct outmsg *o;

    if (c->dead)
        return 0;
    if (len > XENSTORE_PAYLOAD_MAX) {
        /* Replies are bounded by construction; say so if not. */
        log_warn("reply of %zu bytes dropped", len);
        return -E2BIG;
    }
    /*
     * XSA-326: events a guest does not read must not grow the daemon
     * without bound: drop them past OUT_MAX or the memory quota.
     */
    if (type == XS_WATCH_EVENT &&
        (c->nout >= OUT_MAX ||
         quota_mem_check(c, sizeof(o->hdr) + len))) {
        log_info("connection of domain %u: output full, event dropped",
                 c->domid);
        return -ENOSPC;
    }
    o = calloc(1, sizeof(*o));
    if (!o || !(o->body = malloc(len ? len : 1))) {
        free(o);
        return -ENOMEM;
    }
    memcpy(o->body, body, len);
    o->hdr.type = type;
    o->hdr.req_id = req;
    o->hdr.tx_id = tx;
    o->hdr.len = len;
    o->domid = c->domid;
    o->queued = mono_now();
    acct_mem(o->domid, sizeof(o->hdr) + len);
    if (type != XS_WATCH_EVENT) {
        struct dom *d = dom_get(o->domid, true);

        if (d)
            d->outstanding++;
    }
    if (c->outtail)
        c->outtail->next = o;
    else
        c->out = o;
    c->outtail = o;
    c->nout++;
    conn_wake(c);
    trace_msg(c, "OUT", &o->hdr, o->body);
    return 0;
}

/*
 * Socket input goes through a buffer: one read() takes many requests (a
 * client may pipeline hundreds) instead of two calls per request.
 */
static ssize_t c_read(struct conn *c, void *b, size_t l)
{
    ssize_t r;
    size_t n;

    if (c->ring)
        return c->ring->read(c, b, l);
    if (c->rpos == c->rlen) {
        if (!c->rbuf && !(c->rbuf = malloc(RBUF_SIZE)))
            return read(c->fd, b, l);
        r = read(c->fd, c->rbuf, RBUF_SIZE);
        if (r <= 0)
            return r;
        c->rpos = 0;
        c->rlen = (size_t)r;
    }
    n = c->rlen - c->rpos < l ? c->rlen - c->rpos : l;
    memcpy(b, c->rbuf + c->rpos, n);
    c->rpos += n;
    return (ssize_t)n;
}

bool conn_has_input(const struct conn *c)
{
    return c->rpos < c->rlen;
}

/* A ring takes the head message's header, then its body. */
static ssize_t ring_out(struct conn *c)
{
    struct outmsg *o = c->out;
    size_t hl = sizeof(o->hdr);

    if (o->off < hl)
        return c->ring->write(c, (char *)&o->hdr + o->off, hl - o->off);
    return c->ring->write(c, o->body + o->off - hl,
                          o->hdr.len + hl - o->off);
}

/* A socket takes up to OUT_BATCH queued messages in one writev(). */
static ssize_t socket_out(struct conn *c)
{
    struct iovec v[2 * OUT_BATCH];
    struct outmsg *o;
    size_t hl = sizeof(o->hdr);
    int n = 0;

    for (o = c->out; o && n + 2 <= 2 * OUT_BATCH; o = o->next) {
        if (o->off < hl) {
            v[n].iov_base = (char *)&o->hdr + o->off;
            v[n++].iov_len = hl - o->off;
            if (o->hdr.len) {
                v[n].iov_base = o->body;
                v[n++].iov_len = o->hdr.len;
            }
        } else {
            v[n].iov_base = o->body + o->off - hl;
            v[n++].iov_len = o->hdr.len + hl - o->off;
        }
    }
    return writev(c->fd, v, n);
}

/* Writes what it can; returns -1 when the connection is dead. */
int conn_output(struct conn *c)
{
    struct outmsg *o;
    size_t hl = sizeof(o->hdr), left, take;
    ssize_t r;

    while (c->out) {
        r = c->ring ? ring_out(c) : socket_out(c);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        if (r < 0) {
            conn_kill(c);
            return -1;
        }
        if (r == 0)
            return 0;
        /* What went out completes messages from the head of the queue. */
        while ((o = c->out)) {
            left = hl + o->hdr.len - o->off;
            take = (size_t)r < left ? (size_t)r : left;
            o->off += take;
            r -= (ssize_t)take;
            if (o->off < hl + o->hdr.len)
                break;
            c->out = o->next;
            if (!c->out)
                c->outtail = NULL;
            c->nout--;
            outmsg_free(o);
        }
    }
    return 0;
}

/*
 * The guest asked to start over (ring RECONNECT): its watches,
 * transactions and partial or queued messages go.
 */
void conn_reset(struct conn *c)
{
    struct outmsg *o, *next;

    while (c->txns)
        txn_free(c->txns);
    watch_free_all(c);
    for (o = c->out; o; o = next) {
        next = o->next;
        outmsg_free(o);
    }
    c->out = c->outtail = NULL;
    c->nout = 0;
    free(c->inbuf);
    c->inbuf = NULL;
    c->inlen = 0;
}

/*
 * -w watch-event=N: events a domain left unread for N seconds are
 * dropped (never one already partly sent).
 */
void conn_expire_events(struct conn *c, long now)
{
    struct outmsg **pp, *o, *prev = NULL;

    if (!quota.watch_timeout || dom_exempt(c))
        return;
    for (pp = &c->out; (o = *pp);) {
        if (o->hdr.type == XS_WATCH_EVENT && !o->off &&
            now - o->queued >= (long)quota.watch_timeout) {
            *pp = o->next;
            if (c->outtail == o)
                c->outtail = prev;
            c->nout--;
            log_info("domain %u: watch event timed out", c->domid);
            outmsg_free(o);
            continue;
        }
        prev = o;
        pp = &o->next;
    }
}

/* Reads as much as available and handles each complete request. */
void conn_input(struct conn *c)
{
    size_t hl = sizeof(c->inhdr);
    ssize_t r;

    c->stalled = false;
    while (!c->dead) {
        if (c->inlen == 0 && !conn_can_read(c)) {
            conn_wake(c);       /* the loop parks it until quota allows */
            return;
        }
        if (c->inlen < hl) {
            r = c_read(c, (char *)&c->inhdr + c->inlen, hl - c->inlen);
        } else {
            if (!c->inbuf) {
                if (c->inhdr.len > XENSTORE_PAYLOAD_MAX) {
                    log_warn("domain %u: payload of %u bytes, closing",
                             c->domid, c->inhdr.len);
                    if (c->ring && c->ring->fail)
                        c->ring->fail(c, XENSTORE_ERROR_PROTO);
                    conn_kill(c);
                    return;
                }
                c->inbuf = malloc(c->inhdr.len + 1);
                if (!c->inbuf) {
                    /* Retry later: memory may come back. */
                    c->stalled = true;
                    conn_wake(c);
                    return;
                }
            }
            r = c->inhdr.len + hl == c->inlen ? 0 :
                c_read(c, c->inbuf + c->inlen - hl,
                       c->inhdr.len + hl - c->inlen);
            if (c->inhdr.len + hl == c->inlen)
                r = 1;
            else if (r > 0)
                c->inlen += r;
            if (r > 0 && c->inlen == c->inhdr.len + hl) {
                c->inbuf[c->inhdr.len] = 0;
                dispatch(c, &c->inhdr, c->inbuf);
                free(c->inbuf);
                c->inbuf = NULL;
                c->inlen = 0;
                continue;
            }
            goto check;
        }
        if (r > 0)
            c->inlen += r;
check:
        if (r == 0 && !c->ring) {
            conn_kill(c);
            return;
        }
        if (r <= 0) {
            if (r < 0 && errno != EAGAIN && errno != EINTR)
                conn_kill(c);
            return;
        }
    }
}
