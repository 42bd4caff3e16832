/*
 * libFuzzer target for xenstored's wire layer: the input is a stream of
 * xsd_sockmsg frames fed to the request handlers of two connections (a
 * privileged one and a guest), with the real store, txn, watch, perms
 * and quota code.  Replies are discarded.
 */
#include "xenstored.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool opt_keep_orphans;
bool opt_verbose;

void log_info(const char *fmt, ...)
{
    (void)fmt;
}

void log_warn(const char *fmt, ...)
{
    (void)fmt;
}

void trace_msg(const struct conn *c, const char *dir,
               const struct xsd_sockmsg *h, const char *body)
{
    (void)c, (void)dir, (void)h, (void)body;
}

int log_reopen(void)
{
    return 0;
}

/* No hypervisor here: domain.c is left out and its entry points refuse. */
int domain_introduce(struct conn *c, uint32_t domid, uint64_t mfn,
                     uint32_t port)
{
    (void)c, (void)domid, (void)mfn, (void)port;
    return -ENOSYS;
}

int domain_release(uint32_t domid, bool fire)
{
    (void)domid, (void)fire;
    return -ENOENT;
}

int domain_resume(uint32_t domid)
{
    (void)domid;
    return -ENOENT;
}

static void drain(struct conn *c)
{
    struct outmsg *o;

    while ((o = c->out)) {
        c->out = o->next;
        free(o->body);
        free(o);
    }
    c->outtail = NULL;
    c->nout = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    struct conn *c[2];
    struct xsd_sockmsg h;
    char *body;
    size_t off = 0;
    unsigned who;

    if (!init) {
        test_mode = true;
        init = true;
    } else
        table_free(&store);     /* each input starts from a fresh tree */
    if (store_init())
        abort();
    c[0] = conn_new(-1, 0, true);
    c[1] = conn_new(-1, 5, false);
    while (off + 1 + sizeof(h) <= size) {
        who = data[off++] & 1;
        memcpy(&h, data + off, sizeof(h));
        off += sizeof(h);
        if (h.len > XENSTORE_PAYLOAD_MAX || h.len > size - off)
            break;
        body = malloc(h.len + 1);
        if (!body)
            break;
        memcpy(body, data + off, h.len);
        body[h.len] = 0;
        off += h.len;
        dispatch(c[who], &h, body);
        free(body);
        drain(c[0]);
        drain(c[1]);
    }
    conn_free(c[0]);
    conn_free(c[1]);
    return 0;
}
