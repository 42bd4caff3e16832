/*
 * libxenctrl simulator, simulated guest kernel: what the boot hook
 * (sim_guest.c) hands to the guest process and the pieces of that
 * process (sim_guest_run.c, its xenstore client sim_guest_xs.c).
 */
#ifndef XC_SIM_GUEST_INT_H
#define XC_SIM_GUEST_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <xen/io/console.h>
#include <xen/io/xs_wire.h>

#include "xenctrl.h"

struct sim_guest_boot {
    char dir[4096];
    uint32_t domid;
    int hvm;
    int sock;                    /* holds the guest's socket name */
    int wait_name;               /* sock is unbound: the name is still
                                    the suspended kernel's, whose process
                                    is on its way out; wait for it */
    uint64_t start_info;         /* PV: guest frame address of start_info */
    uint64_t cr3;                /* PV: vCPU 0's page-table base */
    int resumed;                 /* started at the resume point */
    int cancelled;               /* ... of a cancelled suspend (rax 1) */
    uint64_t state_dev, state_ino;
    uint64_t mem_dev, mem_ino;   /* identity of this domain's memory */
};

socklen_t sim_guest_sockname(const struct sim_guest_boot *b,
                             struct sockaddr_un *sa);
/* The guest process; returns its exit status. */
int sim_guest_run(const struct sim_guest_boot *b);

#define GUEST_OUTQ 16384
#define GUEST_MSG (XENSTORE_PAYLOAD_MAX + sizeof(struct xsd_sockmsg))

struct guest {
    const struct sim_guest_boot *b;
    xc_interface *xch;
    xc_evtchn *xce;
    char *mem_path;
    struct xencons_interface *con;
    struct xenstore_domain_interface *xs;
    uint32_t con_port, xs_port;
    char cmdline[1024];
    char outq[GUEST_OUTQ];
    size_t outq_len;
    /* xenstore client */
    uint32_t next_id, want_id;
    bool got_reply;
    uint32_t reply_type, reply_len;
    char reply[XENSTORE_PAYLOAD_MAX + 1];
    char rbuf[GUEST_MSG + 1];
    size_t rlen;
    bool ev_shutdown, ev_sysrq, ev_dev;
    struct guest_dev *devs;      /* frontends (sim_guest_dev.c) */
    int64_t t_crash, t_poweroff, t_reboot;   /* ms deadlines, 0 = none */
    int64_t t_count;                         /* next GUEST-COUNT */
    int64_t boot_ms;
    uint32_t nmi_seen;           /* the domain's NMI count we answered */
    bool stopping;
    /* Log-dirty (sim_guest_dirty.c): the host's bitmap, the pages kept
     * mapped writable, and the xensim.dirty= workload. */
    uint64_t *dirty_bm;
#define GUEST_MAX_RW 8
    uint64_t rw_gfn[GUEST_MAX_RW];
    unsigned nr_rw;
    uint8_t *dirty_mem;
    uint64_t dirty_first, dirty_n, dirty_done;
    double dirty_rate;
    int64_t dirty_t0, t_dirty;
};

int64_t guest_now_ms(void);
/* Last words on the console, then shut ourselves down; never returns. */
void guest_power(struct guest *g, unsigned reason, const char *msg)
    __attribute__((noreturn));
/* The value of KEY=value on the command line into buf; 0 or -ENOENT. */
int guest_cmdline_opt(const struct guest *g, const char *key, char *buf,
                      size_t len);
/* What the e2e test guest's /init does (tests/e2e/mkguest.sh). */
void guest_e2e_init(struct guest *g);

/* Log-dirty (sim_guest_dirty.c).  guest_track: a page this kernel keeps
 * mapped writable, marked by every guest_mark_tracked (after each pass of
 * the main loop and before suspending).  guest_dirty_start reads
 * xensim.dirty=<pages/s>[:<MiB>]; guest_dirty_tick does the writes due. */
void guest_mark(struct guest *g, uint64_t gfn);
void guest_track(struct guest *g, uint64_t gfn);
void guest_mark_tracked(struct guest *g);
void guest_dirty_start(struct guest *g);
void guest_dirty_tick(struct guest *g);

/* Save/restore (sim_guest_suspend.c). */
void guest_publish_p2m(struct guest *g);
void guest_count_start(struct guest *g);
void guest_count_tick(struct guest *g);
void guest_resumed(struct guest *g);
/* Suspend (control/shutdown = suspend); returns only if that failed. */
void guest_suspend(struct guest *g);
/* Push queued console output to the ring, for up to FLUSH_MS. */
void guest_flush(struct guest *g);
/* End this process, leaving the domain as it is. */
void guest_stop(struct guest *g) __attribute__((noreturn));

/* Wait up to ms for events, then serve the rings; exits if we died. */
void guest_pump(struct guest *g, int ms);
void guest_printf(struct guest *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* xenstore over the ring: 0 or -errno (the error xenstored answered). */
int guest_xs_write(struct guest *g, const char *path, const char *val);
int guest_xs_read(struct guest *g, const char *path, char *buf,
                  size_t len);
int guest_xs_watch(struct guest *g, const char *path, const char *token);
int guest_xs_unwatch(struct guest *g, const char *path, const char *token);
int guest_xs_rm(struct guest *g, const char *path);
/* Children of path as NUL-separated names in buf (*used bytes). */
int guest_xs_directory(struct guest *g, const char *path, char *buf,
                       size_t len, size_t *used);

/* PV frontends (vbd, vif): watch device/ and drive each device's
 * handshake with its backend; guest_dev_scan runs on every "dev" event
 * and on release of the devices at power off. */
void guest_dev_init(struct guest *g);
void guest_dev_scan(struct guest *g);

/* Consume responses from the ring. */
void guest_xs_poll(struct guest *g);

#endif /* XC_SIM_GUEST_INT_H */
