/*
 * xenstored connections: sockets and rings share one framing layer
 * (header, payload <= 4096, bounded output queue).  A malformed frame
 * kills that connection only; everyone else keeps being served.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OUT_MAX 2048            /* queued replies/events per connection */

struct conn *conns;
bool test_mode;

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
    conns = c;
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
    struct conn **pp;
    struct outmsg *o, *next;

    for (pp = &conns; *pp; pp = &(*pp)->next)
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    while (c->txns)
        txn_free(c->txns);
    watch_free_all(c);
    for (o = c->out; o; o = next) {
        next = o->next;
        outmsg_free(o);
    }
    free(c->inbuf);
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
    trace_msg(c, "OUT", &o->hdr, o->body);
    return 0;
}

static ssize_t c_read(struct conn *c, void *b, size_t l)
{
    if (c->ring)
        return c->ring->read(c, b, l);
    return read(c->fd, b, l);
}

static ssize_t c_write(struct conn *c, const void *b, size_t l)
{
    if (c->ring)
        return c->ring->write(c, b, l);
    return write(c->fd, b, l);
}

/* Writes what it can; returns -1 when the connection is dead. */
int conn_output(struct conn *c)
{
    struct outmsg *o;
    size_t hl = sizeof(o->hdr);
    ssize_t r;

    while ((o = c->out)) {
        if (o->off < hl)
            r = c_write(c, (char *)&o->hdr + o->off, hl - o->off);
        else
            r = c_write(c, o->body + o->off - hl, o->hdr.len + hl - o->off);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            return 0;
        if (r < 0) {
            c->dead = true;
            return -1;
        }
        if (r == 0)
            return 0;
        o->off += r;
        if (o->off < hl + o->hdr.len)
            continue;
        c->out = o->next;
        if (!c->out)
            c->outtail = NULL;
        c->nout--;
        outmsg_free(o);
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

    while (!c->dead) {
        if (c->inlen == 0 && !conn_can_read(c))
            return;
        if (c->inlen < hl) {
            r = c_read(c, (char *)&c->inhdr + c->inlen, hl - c->inlen);
        } else {
            if (!c->inbuf) {
                if (c->inhdr.len > XENSTORE_PAYLOAD_MAX) {
                    log_warn("domain %u: payload of %u bytes, closing",
                             c->domid, c->inhdr.len);
                    if (c->ring && c->ring->fail)
                        c->ring->fail(c, XENSTORE_ERROR_PROTO);
                    c->dead = true;
                    return;
                }
                c->inbuf = malloc(c->inhdr.len + 1);
                if (!c->inbuf)
                    return;     /* retry later: memory may come back */
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
            c->dead = true;
            return;
        }
        if (r <= 0) {
            if (r < 0 && errno != EAGAIN && errno != EINTR)
                c->dead = true;
            return;
        }
    }
}
