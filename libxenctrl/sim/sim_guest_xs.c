/*
 * libxenctrl simulator, simulated guest kernel: its xenstore client, the
 * guest side of the shared ring (struct xenstore_domain_interface) as a
 * Linux xenbus frontend drives it.  Requests are synchronous; watch
 * events that arrive meanwhile are remembered for the main loop.
 */
#include <errno.h>
#include <string.h>

#include "sim_guest_int.h"

#define WAIT_MS 250

static void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void put_bytes(struct guest *g, const void *data, size_t len)
{
    struct xenstore_domain_interface *x = g->xs;
    const char *p = data;

    while (len) {
        XENSTORE_RING_IDX cons, prod;
        size_t n = 0;

        mb();
        cons = x->req_cons;
        prod = x->req_prod;
        while (n < len && prod - cons < XENSTORE_RING_SIZE)
            x->req[MASK_XENSTORE_IDX(prod++)] = p[n++];
        mb();
        x->req_prod = prod;
        if (n)
            xc_evtchn_notify(g->xce, g->xs_port);
        p += n;
        len -= n;
        if (len)
            guest_pump(g, WAIT_MS);
    }
}

static void dispatch(struct guest *g, const struct xsd_sockmsg *m,
                     const char *body)
{
    if (m->type == XS_WATCH_EVENT) {
        size_t plen = strnlen(body, m->len);
        const char *token = plen < m->len ? body + plen + 1 : "";

        if (!strcmp(token, "shutdown"))
            g->ev_shutdown = true;
        else if (!strcmp(token, "sysrq"))
            g->ev_sysrq = true;
        else if (!strcmp(token, "dev"))
            g->ev_dev = true;
        return;
    }
    if (m->req_id != g->want_id || g->got_reply)
        return;
    g->reply_type = m->type;
    g->reply_len = m->len;
    memcpy(g->reply, body, m->len);
    g->reply[m->len] = 0;
    g->got_reply = true;
}

void guest_xs_poll(struct guest *g)
{
    struct xenstore_domain_interface *x = g->xs;
    XENSTORE_RING_IDX cons, prod;
    struct xsd_sockmsg m;

    if (!x)
        return;
    mb();
    cons = x->rsp_cons;
    prod = x->rsp_prod;
    mb();
    if (cons == prod)
        return;
    while (cons != prod) {
        g->rbuf[g->rlen++] = x->rsp[MASK_XENSTORE_IDX(cons++)];
        if (g->rlen < sizeof(m))
            continue;
        memcpy(&m, g->rbuf, sizeof(m));
        if (m.len > XENSTORE_PAYLOAD_MAX) {
            g->rlen = 0;             /* garbage: drop and resynchronise */
        } else if (g->rlen == sizeof(m) + m.len) {
            g->rbuf[g->rlen] = 0;
            dispatch(g, &m, g->rbuf + sizeof(m));
            g->rlen = 0;
        }
    }
    mb();
    x->rsp_cons = cons;
    xc_evtchn_notify(g->xce, g->xs_port);
}

static int request(struct guest *g, uint32_t type, const char *a,
                   const void *b, size_t blen)
{
    struct xsd_sockmsg m = { .type = type };
    size_t alen = strlen(a) + 1;

    if (!g->xs)
        return -ENODEV;
    if (alen + blen > XENSTORE_PAYLOAD_MAX)
        return -E2BIG;
    m.req_id = ++g->next_id;
    m.len = (uint32_t)(alen + blen);
    g->want_id = m.req_id;
    g->got_reply = false;
    put_bytes(g, &m, sizeof(m));
    put_bytes(g, a, alen);
    if (blen)
        put_bytes(g, b, blen);
    while (!g->got_reply)
        guest_pump(g, WAIT_MS);
    if (g->reply_type != XS_ERROR)
        return 0;
    if (!strcmp(g->reply, "ENOENT"))
        return -ENOENT;
    if (!strcmp(g->reply, "EACCES"))
        return -EACCES;
    return -EIO;
}

int guest_xs_write(struct guest *g, const char *path, const char *val)
{
    return request(g, XS_WRITE, path, val, strlen(val));
}

int guest_xs_read(struct guest *g, const char *path, char *buf, size_t len)
{
    int rc = request(g, XS_READ, path, NULL, 0);

    if (rc)
        return rc;
    if (g->reply_len >= len)
        return -E2BIG;
    memcpy(buf, g->reply, g->reply_len + 1);
    return 0;
}

int guest_xs_watch(struct guest *g, const char *path, const char *token)
{
    char t[64];
    size_t n = strlen(token) + 1;

    if (n > sizeof(t))
        return -E2BIG;
    memcpy(t, token, n);
    return request(g, XS_WATCH, path, t, n);
}

int guest_xs_unwatch(struct guest *g, const char *path, const char *token)
{
    char t[64];
    size_t n = strlen(token) + 1;

    if (n > sizeof(t))
        return -E2BIG;
    memcpy(t, token, n);
    return request(g, XS_UNWATCH, path, t, n);
}

int guest_xs_rm(struct guest *g, const char *path)
{
    return request(g, XS_RM, path, NULL, 0);
}

int guest_xs_directory(struct guest *g, const char *path, char *buf,
                       size_t len, size_t *used)
{
    int rc = request(g, XS_DIRECTORY, path, NULL, 0);

    if (rc)
        return rc;
    if (g->reply_len >= len)
        return -E2BIG;
    memcpy(buf, g->reply, g->reply_len + 1);
    *used = g->reply_len;
    return 0;
}
