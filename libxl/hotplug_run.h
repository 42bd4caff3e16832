/*
 * libxl: the process side of hotplug scripts (hotplug_run.c): start one,
 * wait for it with a deadline, keep the tail of what it printed.  Knows
 * nothing of devices or xenstore (device_hotplug.c does that), so its
 * unit test (check_hotplug) links it alone.
 */
#ifndef LIBXL_HOTPLUG_RUN_H
#define LIBXL_HOTPLUG_RUN_H

#include <stddef.h>

/*
 * Run the program path with argv (NULL-terminated) and the caller's
 * environment plus env (alternating names and values, NULL-terminated;
 * a name given overrides the caller's; may be NULL).  The script runs in
 * a process group of its own, with stdin /dev/null, stdout and stderr
 * into a pipe, no other file descriptor of the caller, an empty signal
 * mask and SIGPIPE at its default.  Blocks up to timeout_ms.
 *
 * Returns its exit status (0-255), 128 + the signal that ended it,
 * -ETIMEDOUT if it was still running at the deadline (then its whole
 * process group, children included, is killed with SIGKILL and the
 * script reaped), or -errno if it could not be started.  A program that
 * cannot be executed exits 127 saying "cannot run: <reason>".
 * out (outlen > 0 bytes) gets the last outlen - 1 bytes it printed,
 * NUL-terminated.  Thread-safe; takes no locks.
 */
int libxl__hotplug_run(const char *path, char *const *argv,
                       const char *const *env, int timeout_ms, char *out,
                       size_t outlen);

#endif
