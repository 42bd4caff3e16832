/*
 * xenstore_lib.h: permission records and small helpers shared by the
 * libxenstore client and its tools.  Names, types and values follow the
 * header of the same name in Xen 4.17, so code written for Xen's library
 * builds unchanged against ours.
 */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XS_API __attribute__((visibility("default")))

/* One access-control entry of a node: a domain and what it may do. */
struct xs_permissions {
    unsigned int id;        /* domain id */
    unsigned int perms;     /* XS_PERM_* bits */
};

#define XS_PERM_NONE 0x00
#define XS_PERM_READ 0x01
#define XS_PERM_WRITE 0x02
/* Bits used inside daemons; never sent on the wire by this library. */
#define XS_PERM_ENOENT_OK 0x04
#define XS_PERM_OWNER 0x08
#define XS_PERM_IGNORE 0x10

/* Room for the decimal digits of an integer type x, a sign and a NUL. */
#define MAX_STRLEN(x) ((sizeof(x) * CHAR_BIT + CHAR_BIT - 1) / 10 * 3 + 2)

/*
 * Directory that holds the daemon's socket: $XENSTORED_RUNDIR, else
 * $XENSIM_DIR/run/xenstored when XENSIM_DIR is set, else /run/xenstored.
 * Returns a static string.
 */
XS_API const char *xs_daemon_rundir(void);

/*
 * Socket path: $XENSTORED_PATH, else <rundir>/socket.  Static string
 * (rewritten by each call), never NULL.  _ro is the same path: the
 * read-only socket no longer exists.
 */
XS_API const char *xs_daemon_socket(void);
XS_API const char *xs_daemon_socket_ro(void);

/* Write all of data to fd, retrying short writes and EINTR.
 * Returns false with errno set on failure. */
XS_API bool xs_write_all(int fd, const void *data, unsigned int len);

/*
 * Parse num NUL-separated permission strings ("r5", "w0", "b3", "n1")
 * into perms[0..num-1].  Returns false with errno EINVAL on a malformed
 * entry (perms then holds partial results).
 */
XS_API bool xs_strings_to_perms(struct xs_permissions *perms,
                                unsigned int num, const char *strings);

/*
 * Format one permission as a wire string ("b0") into buffer.  Returns
 * false with errno EINVAL if perm->perms is not a valid combination.
 * A buffer of MAX_STRLEN(unsigned int) + 1 bytes is always large enough.
 */
XS_API bool xs_perm_to_string(const struct xs_permissions *perm,
                              char *buffer, size_t buf_len);

/* Number of NUL bytes in strings[0..len-1]: the count of strings. */
XS_API unsigned int xs_count_strings(const char *strings, unsigned int len);

#ifdef __cplusplus
}
#endif

#endif /* XENSTORE_LIB_H */
