/*
 * console: private interface between xenconsoled's main loop (daemon.c)
 * and its xenstore-driven domain table (domains.c).
 */
#ifndef CONS_DAEMON_H
#define CONS_DAEMON_H

#include <stdbool.h>

#include "cons.h"
#include "xenstore.h"

struct cd_opts {
    bool log_guest, log_hv;
    bool time_guest, time_hv;
    bool interactive;
    int verbose;
    enum cons_overflow overflow;
    char log_dir[400];
    const char *pid_file;
};

/* A tracked guest. */
struct cd_entry {
    struct cd_entry *next;
    struct cons_dom cd;
    bool watching;                /* console path watched */
    bool connected;               /* ring mapped, port bound, pty made */
    int64_t ring_ref;
    int remote_port;
    bool seen;                    /* found by the last scan */
};

struct cd_state {
    const struct cd_opts *o;
    xc_interface *xch;
    struct xs_handle *xsh;
    struct cd_entry *doms;
};

/* Log a line to stderr (interactive) or syslog.  prio: LOG_*. */
void cd_log(int prio, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Install the global watches.  0 or -errno. */
int cd_watch_init(struct cd_state *st);

/* Handle one watch event (path, token). */
void cd_watch_event(struct cd_state *st, const char *path,
                    const char *token);

/* Compare the table with the hypervisor's domain list. */
void cd_scan(struct cd_state *st);

/* Reopen every guest log (SIGHUP). */
void cd_reopen_logs(struct cd_state *st);

/* Release every domain. */
void cd_free_all(struct cd_state *st);

#endif
