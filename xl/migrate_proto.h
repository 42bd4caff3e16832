/*
 * xl: the handshake `xl migrate` and `xl migrate-receive` exchange around
 * the domain's stream (the same bytes as Xen's xl, so either end may be
 * Xen's): the receiver's banner, then after the stream its "ready", the
 * sender's permission to go, and the receiver's report with a status
 * byte (0: the domain runs there).
 */
#ifndef XL_MIGRATE_PROTO_H
#define XL_MIGRATE_PROTO_H

#include <stddef.h>

/* Sent without its NUL. */
#define XL_MIG_BANNER "xl migration receiver ready, send binary domain data.\n"
/* These three are sent with their NUL. */
#define XL_MIG_READY "domain received, ready to unpause"
#define XL_MIG_GO "domain is yours, you are cleared to unpause"
#define XL_MIG_REPORT "my copy unpause results are as follows"

/* Wire lengths. */
#define XL_MIG_BANNER_LEN (sizeof(XL_MIG_BANNER) - 1)
#define XL_MIG_MSG_LEN(m) sizeof(m)

/*
 * Read exactly the message m (len bytes) from fd; on a short read or other
 * bytes print why on stderr, naming what and, when not NULL, the command
 * that runs the other end.  0 or -1.
 */
int xl_mig_expect(int fd, const char *m, size_t len, const char *what,
                  const char *rune);
/* Write len bytes; on failure print why, naming what.  0 or -1. */
int xl_mig_send(int fd, const void *buf, size_t len, const char *what);

#endif
