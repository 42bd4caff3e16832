/*
 * xenstore.h: public interface of libxenstore, the client of the xenstore
 * daemon (our xenstored, Xen's C or OCaml daemon, or the kernel's
 * /dev/xen/xenbus device).
 *
 * Compatibility first: the names, types and semantics below are those of
 * Xen 4.17's <xenstore.h>, so programs written against Xen's library build
 * unchanged against ours.  That API reports failure as NULL, false or
 * XBT_NULL and sets errno; this header keeps that convention (instead of
 * the project's usual negative-errno returns, style.md G3) because callers
 * depend on it.  In addition xs_errmsg() describes the last failure.
 *
 * Thread safety: a handle may be used from several threads at once.
 * Requests are tagged with a request id and the replies matched on it;
 * once a watch is registered a reader thread receives watch events, so
 * xs_fileno() becomes readable without the caller making calls.
 * After fork() the child must not use the parent's handle except to
 * discard it with xs_daemon_destroy_postfork().
 *
 * Memory: every pointer returned is one malloc() block; free() it.
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <xenstore_lib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Transaction id meaning "no transaction". */
#define XBT_NULL 0

/*
 * xs_open() flags.  XS_OPEN_READONLY is accepted and ignored (as in
 * Xen: the read-only socket is gone).  XS_OPEN_SOCKETONLY: do not fall
 * back to the kernel xenbus device.  XS_UNWATCH_FILTER: after
 * xs_unwatch() returns, queued events of that watch (same token, path
 * at or below the watched path) are dropped and never delivered.
 */
#define XS_OPEN_READONLY (1UL << 0)
#define XS_OPEN_SOCKETONLY (1UL << 1)
#define XS_UNWATCH_FILTER (1UL << 2)

/* Feature announcements of this implementation. */
#define XS_HAVE_ERRMSG 1
#define XS_HAVE_DIRECTORY_PART 1
#define XS_HAVE_READ_MANY 1

struct xs_handle;
typedef uint32_t xs_transaction_t;

/*
 * Connect to the daemon: the unix socket (xs_daemon_socket()), and, if
 * that fails and XS_OPEN_SOCKETONLY is not given, the kernel xenbus
 * device (/dev/xen/xenbus).  Returns a handle, or NULL with errno set.
 */
XS_API struct xs_handle *xs_open(unsigned long flags);

/* Close the connection and free the handle (NULL is fine).  Pending
 * watch events are discarded; the reader thread, if any, is joined. */
XS_API void xs_close(struct xs_handle *xsh);

/* Older names: all three mean xs_open(0); xs_daemon_close is xs_close. */
XS_API struct xs_handle *xs_daemon_open(void);
XS_API struct xs_handle *xs_domain_open(void);
XS_API struct xs_handle *xs_daemon_open_readonly(void);
XS_API void xs_daemon_close(struct xs_handle *xsh);

/* In a child after fork(): free the inherited handle without talking to
 * the daemon or touching the parent's reader thread. */
XS_API void xs_daemon_destroy_postfork(struct xs_handle *xsh);

/*
 * Message describing the last failure on this handle (lowercase, no
 * full stop), or "" if none.  The string belongs to the handle and is
 * valid until its next call; with several threads sharing a handle it
 * may describe another thread's failure.
 */
XS_API const char *xs_errmsg(struct xs_handle *xsh);

/*
 * Names of the children of path.  Returns one malloc'd block holding an
 * array of *num string pointers followed by the strings: free() it once.
 * Directories too large for one reply are fetched in parts
 * (XS_DIRECTORY_PART), restarting if the directory changes meanwhile.
 * Blocks.  NULL with errno on failure.
 */
XS_API char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                           const char *path, unsigned int *num);

/*
 * Value of path, NUL-terminated for convenience; *len (if len is not
 * NULL) gets its length without the terminator.  malloc'd: free() it.
 * Blocks.  NULL with errno on failure.
 */
XS_API void *xs_read(struct xs_handle *h, xs_transaction_t t,
                     const char *path, unsigned int *len);

/*
 * Values of n paths at once, an extension of this library (announced by
 * XS_HAVE_READ_MANY): the requests go out back to back, at most 64 in
 * flight, and the replies are matched after, so n reads cost a few round
 * trips instead of n.  For each i, vals[i] gets path i's value as xs_read
 * returns it (malloc'd, NUL-terminated: free() it), and lens[i] (if lens
 * is not NULL) its length; or vals[i] is NULL and errs[i] the errno of
 * that read (ENOENT, EACCES...).  Returns true when every read got an
 * answer; false with errno when the connection failed (then every vals[i]
 * is NULL).  Blocks.
 */
XS_API bool xs_read_many(struct xs_handle *h, xs_transaction_t t,
                         const char *const *paths, unsigned int n,
                         char **vals, unsigned int *lens, int *errs);

/* Set path to len bytes of data, creating it and missing parents.
 * Returns false with errno on failure. */
XS_API bool xs_write(struct xs_handle *h, xs_transaction_t t,
                     const char *path, const void *data, unsigned int len);

/* Create path (empty value) if missing; true if it already exists. */
XS_API bool xs_mkdir(struct xs_handle *h, xs_transaction_t t,
                     const char *path);

/* Remove path and everything below it.  False with errno on failure. */
XS_API bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);

/* Removed from the protocol in Xen 4.9: always false, errno ENOSYS. */
XS_API bool xs_restrict(struct xs_handle *h, unsigned domid);

/*
 * Access list of path: element 0 is the owner, and its perms apply to
 * every domain not listed.  malloc'd array of *num entries: free() it.
 * NULL with errno on failure.
 */
XS_API struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                                 xs_transaction_t t,
                                                 const char *path,
                                                 unsigned int *num);

/*
 * Replace the access list of path by perms[0..num_perms-1] (element 0:
 * owner and default access).  Only the owner (or dom0) may do this.
 * False with errno on failure.
 */
XS_API bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                               const char *path,
                               struct xs_permissions *perms,
                               unsigned int num_perms);

/*
 * Watch path (and everything below it).  Each change queues an event
 * (path, token) readable with xs_read_watch()/xs_check_watch(); the
 * daemon also sends one event at registration.  Starts the handle's
 * reader thread.  False with errno on failure.
 */
XS_API bool xs_watch(struct xs_handle *h, const char *path,
                     const char *token);

/* A file descriptor that is readable while watch events are queued.
 * -1 with errno on failure.  Owned by the handle: do not close it. */
XS_API int xs_fileno(struct xs_handle *h);

/*
 * Next queued watch event without blocking: a malloc'd array whose
 * elements [XS_WATCH_PATH] and [XS_WATCH_TOKEN] are strings; free() it.
 * NULL with errno EAGAIN when nothing is queued (call it until then once
 * xs_fileno() is readable), other errno on failure.
 */
XS_API char **xs_check_watch(struct xs_handle *h);

/* As xs_check_watch() but blocks until an event arrives; *num gets the
 * number of strings (2). */
XS_API char **xs_read_watch(struct xs_handle *h, unsigned int *num);

/* Remove a watch registered with the same path and token.  False with
 * errno (ENOENT: no such watch) on failure. */
XS_API bool xs_unwatch(struct xs_handle *h, const char *path,
                       const char *token);

/*
 * Start a transaction: reads see a consistent view and writes become
 * visible at the end.  Returns its id, or XBT_NULL with errno.
 */
XS_API xs_transaction_t xs_transaction_start(struct xs_handle *h);

/*
 * Commit (abort false) or discard (abort true) transaction t.  False with
 * errno on failure; errno EAGAIN means a conflicting change: run the
 * whole transaction again.
 */
XS_API bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t,
                               bool abort);

/* Tell the daemon about a new domain's ring page (mfn/gfn) and event
 * channel; fires @introduceDomain.  Dom0 only. */
XS_API bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                                unsigned long mfn, unsigned int eventchn);

/* Let domid act with the rights of target's owner (device-model stub
 * domains).  Dom0 only. */
XS_API bool xs_set_target(struct xs_handle *h, unsigned int domid,
                          unsigned int target);

/* Clear the shut-down state of domid after a resume.  Dom0 only. */
XS_API bool xs_resume_domain(struct xs_handle *h, unsigned int domid);

/* Forget domid's connection; fires @releaseDomain.  Dom0 only. */
XS_API bool xs_release_domain(struct xs_handle *h, unsigned int domid);

/* Home path of domid ("/local/domain/<domid>"), malloc'd; NULL with
 * errno on failure. */
XS_API char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);

/* True if child equals parent or lies below it (string comparison). */
XS_API bool xs_path_is_subpath(const char *parent, const char *child);

/* True if domid has been introduced; false if not or on failure. */
XS_API bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);

/*
 * Send a CONTROL command (cmd, then len bytes of data, usually NUL
 * separated arguments).  Returns the daemon's text answer, malloc'd and
 * NUL-terminated, or NULL with errno.  xs_debug_command is the old name.
 */
XS_API char *xs_control_command(struct xs_handle *h, const char *cmd,
                                void *data, unsigned int len);
XS_API char *xs_debug_command(struct xs_handle *h, const char *cmd,
                              void *data, unsigned int len);

/* Event channel of domid's suspend device, read from the store with a
 * connection of its own; -1 if unset or unreachable. */
XS_API int xs_suspend_evtchn_port(int domid);

#ifdef __cplusplus
}
#endif

#endif /* XENSTORE_H */
