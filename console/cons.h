/*
 * console: private interface of the console daemon's core, shared by
 * xenconsoled and its unit tests.  One struct cons_dom per guest: the
 * mapped ring, the event channel, the pty and the guest log.  Nothing
 * here touches xenstore; the daemon's main loop feeds it.
 */
#ifndef CONS_H
#define CONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/io/console.h>

#include "xenctrl.h"

/* Most bytes taken from a ring per event (bounds a hostile guest). */
#define CONS_ROUND_MAX 4096
/* Default limit of buffered output not yet read from the pty. */
#define CONS_BUF_DEFAULT (64 * 1024)

enum cons_overflow {
    CONS_OVERFLOW_DISCARD,    /* drop the oldest buffered output */
    CONS_OVERFLOW_KEEP,       /* stop reading the ring (back-pressure) */
};

struct cons_dom {
    uint32_t domid;
    char name[64];
    xc_interface *xch;            /* borrowed */
    xc_evtchn *xce;               /* own handle: one pollable fd each */
    struct xencons_interface *intf;
    bool intf_grant;              /* mapped through grant entry 0 */
    int local_port;               /* -1 when unbound */
    int master_fd, slave_fd;      /* pty, -1 when none */
    char tty[64];                 /* path of the pty slave */
    int log_fd;                   /* guest log, -1 when none */
    bool log_timestamp;           /* prefix log lines with the time */
    bool log_at_bol;              /* next log byte starts a line */
    char *buf;                    /* output waiting for the pty */
    size_t buf_len, buf_cap;
    size_t limit;                 /* cap of buf (bytes) */
    enum cons_overflow overflow;
    bool ring_bad;                /* guest indices found inconsistent */
    char err[160];                /* message of the last failure */
};

/* Make an empty, unconnected domain (no resources).  */
void cons_dom_init(struct cons_dom *cd, uint32_t domid, const char *name);

/*
 * Map the console ring of the domain (grant entry 0 first, then the
 * foreign frame ring_ref if ring_ref >= 0) and bind its event channel
 * remote_port.  0 or -errno (message in cd->err).
 */
int cons_dom_connect(struct cons_dom *cd, xc_interface *xch,
                     int64_t ring_ref, int remote_port);

/* Allocate a raw pty; its slave path is in cd->tty.  0 or -errno. */
int cons_dom_open_pty(struct cons_dom *cd);

/*
 * Open (append) <dir>/guest-<name>.log, creating dir.  0 or -errno.
 */
int cons_dom_open_log(struct cons_dom *cd, const char *dir, bool timestamp);

/* The event channel's fd (poll for input), or -1. */
int cons_dom_evtchn_fd(const struct cons_dom *cd);

/*
 * An event arrived: acknowledge it, copy new guest output to the log and
 * the pty.  0 or -errno (a misbehaving ring is not an error: see
 * cd->ring_bad).
 */
int cons_dom_handle_evtchn(struct cons_dom *cd);

/*
 * Copy ring output and flush the buffer without waiting for an event
 * (used at connect time and when the pty becomes writable).
 */
int cons_dom_pump(struct cons_dom *cd);

/* The pty has input: copy what fits into the ring's in[] and notify. */
int cons_dom_handle_pty(struct cons_dom *cd);

/*
 * Whether the ring's in[] has room for pty input (poll POLLIN on the
 * pty only then, or a full or broken ring would spin the loop).
 */
bool cons_dom_want_read(const struct cons_dom *cd);

/* Whether buffered output waits for the pty (poll POLLOUT). */
bool cons_dom_want_write(const struct cons_dom *cd);

/* Release everything (idempotent). */
void cons_dom_dispose(struct cons_dom *cd);

/*
 * Ring helpers, exposed for tests.  Take up to max bytes of guest output
 * from intf->out into dst and advance out_cons; returns the count, or
 * -EIO when the guest's indices are inconsistent (nothing consumed).
 * Put up to len bytes into intf->in; returns the count stored.
 */
int cons_ring_take(struct xencons_interface *intf, char *dst, size_t max);
size_t cons_ring_put(struct xencons_interface *intf, const char *src,
                     size_t len);

#endif
