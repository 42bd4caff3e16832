/*
 * libxenctrl simulator, simulated guest kernel: the process that plays a
 * minimal Linux domU with only what a guest has (its memory, start_info
 * or HVM params, event channels, hypercalls as domain N): boot banner on
 * the PV console, console echo, the xenstore control protocol (shutdown,
 * sysrq), PV frontends (sim_guest_dev.c) and timed poweroff/reboot/crash
 * from its command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#include <xen/hvm/params.h>
#include <xen/arch-x86/hvm/start_info.h>

#include "sim_guest.h"
#include "sim_guest_int.h"

#define TICK_MS 250
#define FLUSH_MS 2000
#define SCAN_PAGES 65536

int64_t guest_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void guest_exit(struct guest *g, int status)
    __attribute__((noreturn));
static void guest_exit(struct guest *g, int status)
{
    if (g->xce)
        xc_evtchn_close(g->xce);
    if (g->xch)
        xc_interface_close(g->xch);
    _exit(status);
}

/* Does our vCPU run?  1 running, 0 paused, -1 shut down or destroyed. */
static int vcpu_state(struct guest *g)
{
    struct sim *s = g->xch->priv;
    struct sim_dom *d;
    struct stat st;
    int r;

    if (stat(g->mem_path, &st) < 0 || (uint64_t)st.st_ino != g->b->mem_ino ||
        (uint64_t)st.st_dev != g->b->mem_dev)
        return -1;
    sim_lock(s);
    d = sim_dom(s, g->b->domid);
    r = !d || d->dying || d->shutdown ? -1 : d->pause_count ? 0 : 1;
    sim_unlock(s);
    return r;
}

static void console_flush(struct guest *g)
{
    struct xencons_interface *c = g->con;
    XENCONS_RING_IDX cons, prod;
    size_t n = 0;

    if (!c || !g->outq_len)
        return;
    mb();
    cons = c->out_cons;
    prod = c->out_prod;
    while (n < g->outq_len && prod - cons < sizeof(c->out))
        c->out[MASK_XENCONS_IDX(prod++, c->out)] = g->outq[n++];
    mb();
    c->out_prod = prod;
    memmove(g->outq, g->outq + n, g->outq_len - n);
    g->outq_len -= n;
    if (n)
        xc_evtchn_notify(g->xce, g->con_port);
}

static void out_bytes(struct guest *g, const char *p, size_t len)
{
    if (len > sizeof(g->outq) - g->outq_len)
        len = sizeof(g->outq) - g->outq_len;   /* like a full log: drop */
    memcpy(g->outq + g->outq_len, p, len);
    g->outq_len += len;
}

void guest_printf(struct guest *g, const char *fmt, ...)
{
    char line[1200];
    va_list ap;
    int n, i;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n >= (int)sizeof(line))
        n = (int)sizeof(line) - 1;
    for (i = 0; i < n; i++)                    /* hvc: \n goes out \r\n */
        out_bytes(g, line[i] == '\n' ? "\r\n" : &line[i],
                  line[i] == '\n' ? 2 : 1);
    console_flush(g);
}

/* What is typed on the console comes back, as a tty in echo mode does. */
static void console_input(struct guest *g)
{
    struct xencons_interface *c = g->con;
    XENCONS_RING_IDX cons, prod;
    char ch;

    if (!c)
        return;
    mb();
    cons = c->in_cons;
    prod = c->in_prod;
    mb();
    if (cons == prod)
        return;
    while (cons != prod) {
        ch = c->in[MASK_XENCONS_IDX(cons++, c->in)];
        out_bytes(g, ch == '\r' ? "\r\n" : &ch, ch == '\r' ? 2 : 1);
    }
    mb();
    c->in_cons = cons;
    xc_evtchn_notify(g->xce, g->con_port);
    console_flush(g);
}


/* NMIs sent to us (xl trigger nmi): Linux's words for one it cannot
 * attribute to any device. */
static void nmis(struct guest *g)
{
    struct sim *s = g->xch->priv;
    struct sim_dom *d;
    uint32_t n = 0;

    sim_lock(s);
    d = sim_dom(s, g->b->domid);
    if (d) {
        n = d->nmi_count - g->nmi_seen;
        g->nmi_seen = d->nmi_count;
    }
    sim_unlock(s);
    while (n--)
        guest_printf(g, "Uhhuh. NMI received for unknown reason 00 on CPU "
                     "0.\nDazed and confused, but trying to continue\n");
}

static void timers(struct guest *g)
{
    int64_t t = guest_now_ms();

    if (g->t_crash && t >= g->t_crash)
        guest_power(g, SHUTDOWN_crash, "Kernel panic - not syncing: xensim.crash "
                                 "timer");
    if (g->t_poweroff && t >= g->t_poweroff)
        guest_power(g, SHUTDOWN_poweroff, "reboot: Power down");
    if (g->t_reboot && t >= g->t_reboot)
        guest_power(g, SHUTDOWN_reboot, "reboot: Restarting system");
}

void guest_pump(struct guest *g, int ms)
{
    struct pollfd p = { .fd = xc_evtchn_fd(g->xce), .events = POLLIN };
    int port, st;

    if (ms > 0 && poll(&p, 1, ms) < 0 && errno != EINTR)
        guest_exit(g, 1);
    while ((port = xc_evtchn_pending(g->xce)) > 0)
        xc_evtchn_unmask(g->xce, (uint32_t)port);
    st = vcpu_state(g);
    if (st < 0)
        guest_exit(g, 0);
    if (!st)
        return;                      /* paused: the vCPU does nothing */
    if (!g->stopping)
        timers(g);
    guest_dirty_tick(g);
    console_input(g);
    console_flush(g);
    guest_xs_poll(g);
    /* A backend that connects late still finds our rings: kick again. */
    if (g->con && g->con->out_cons != g->con->out_prod)
        xc_evtchn_notify(g->xce, g->con_port);
    if (g->xs && g->xs->req_cons != g->xs->req_prod)
        xc_evtchn_notify(g->xce, g->xs_port);
    guest_mark_tracked(g);
}

static void *map_frame(struct guest *g, uint64_t frame)
{
    return xc_map_foreign_pages(g->xch, g->b->domid,
                                PROT_READ | PROT_WRITE, &frame, 1);
}

static int boot_pv(struct guest *g)
{
    start_info_t *si = map_frame(g, g->b->start_info >> XC_PAGE_SHIFT);
    size_t off = g->b->start_info & (XC_PAGE_SIZE - 1);

    if (!si || off)
        return -EFAULT;
    if (memcmp(si->magic, "xen-", 4)) {
        xc_unmap_foreign(g->xch, si, 1);
        return -EINVAL;
    }
    snprintf(g->cmdline, sizeof(g->cmdline), "%.*s",
             (int)sizeof(si->cmd_line), (const char *)si->cmd_line);
    g->con = map_frame(g, si->console.domU.mfn);
    g->con_port = si->console.domU.evtchn;
    g->xs = si->store_mfn ? map_frame(g, si->store_mfn) : NULL;
    guest_track(g, si->console.domU.mfn);
    if (g->xs)
        guest_track(g, si->store_mfn);
    g->xs_port = si->store_evtchn;
    xc_unmap_foreign(g->xch, si, 1);
    return g->con ? 0 : -EFAULT;
}

/* The command line of hvm_start_info, which follows the kernel. */
static void pvh_cmdline(struct guest *g)
{
    uint64_t gfn = (SIM_GUEST_PADDR + SIM_GUEST_MEMSZ) >> XC_PAGE_SHIFT;
    uint64_t end = gfn + SCAN_PAGES, cl;
    struct hvm_start_info *si;
    char *p;

    for (; gfn < end; gfn++) {
        si = map_frame(g, gfn);
        if (!si)
            return;
        if (si->magic == XEN_HVM_START_MAGIC_VALUE && si->version >= 1) {
            cl = si->cmdline_paddr;
            xc_unmap_foreign(g->xch, si, 1);
            if (!cl)
                return;
            p = map_frame(g, cl >> XC_PAGE_SHIFT);
            if (!p)
                return;
            snprintf(g->cmdline, sizeof(g->cmdline), "%.*s",
                     (int)(XC_PAGE_SIZE - (cl & (XC_PAGE_SIZE - 1))),
                     p + (cl & (XC_PAGE_SIZE - 1)));
            xc_unmap_foreign(g->xch, p, 1);
            return;
        }
        xc_unmap_foreign(g->xch, si, 1);
    }
}

static int boot_pvh(struct guest *g)
{
    uint64_t con = 0, cport = 0, xs = 0, xport = 0;

    if (xc_hvm_param_get(g->xch, g->b->domid, HVM_PARAM_CONSOLE_PFN, &con) ||
        xc_hvm_param_get(g->xch, g->b->domid, HVM_PARAM_CONSOLE_EVTCHN,
                         &cport) ||
        xc_hvm_param_get(g->xch, g->b->domid, HVM_PARAM_STORE_PFN, &xs) ||
        xc_hvm_param_get(g->xch, g->b->domid, HVM_PARAM_STORE_EVTCHN, &xport))
        return -EIO;
    g->con = con ? map_frame(g, con) : NULL;
    g->con_port = (uint32_t)cport;
    g->xs = xs ? map_frame(g, xs) : NULL;
    g->xs_port = (uint32_t)xport;
    guest_track(g, con);
    if (g->xs)
        guest_track(g, xs);
    pvh_cmdline(g);
    return g->con ? 0 : -EFAULT;
}

int guest_cmdline_opt(const struct guest *g, const char *key, char *buf,
                      size_t len)
{
    size_t klen = strlen(key), n;
    const char *p;

    for (p = g->cmdline; (p = strstr(p, key)); p += klen) {
        if ((p != g->cmdline && p[-1] != ' ') || p[klen] != '=')
            continue;
        p += klen + 1;
        n = strcspn(p, " ");
        snprintf(buf, len, "%.*s", (int)n, p);
        return 0;
    }
    return -ENOENT;
}

/* xensim.<name>=<seconds> on the command line: a deadline, or 0. */
static int64_t option(const struct guest *g, const char *name)
{
    char key[32], v[32];
    double s;

    snprintf(key, sizeof(key), "xensim.%s", name);
    if (guest_cmdline_opt(g, key, v, sizeof(v)))
        return 0;
    s = strtod(v, NULL);
    return guest_now_ms() + (int64_t)(s > 0 ? s * 1000 : 0) + 1;
}

void guest_flush(struct guest *g)
{
    int64_t until = guest_now_ms() + FLUSH_MS;

    g->stopping = true;
    while ((g->outq_len || g->con->out_cons != g->con->out_prod) &&
           guest_now_ms() < until)
        guest_pump(g, 50);
    g->stopping = false;
}

void guest_stop(struct guest *g)
{
    guest_exit(g, 0);
}

void guest_power(struct guest *g, unsigned reason, const char *msg)
{
    guest_printf(g, "%s\n", msg);
    guest_flush(g);
    g->stopping = true;
    xc_domain_shutdown(g->xch, g->b->domid, (int)reason);
    guest_exit(g, 0);
}

static void on_shutdown(struct guest *g)
{
    char v[64];

    if (guest_xs_read(g, "control/shutdown", v, sizeof(v)) || !v[0])
        return;
    guest_xs_write(g, "control/shutdown", "");
    if (!strcmp(v, "poweroff") || !strcmp(v, "halt"))
        guest_power(g, SHUTDOWN_poweroff, "reboot: Power down");
    else if (!strcmp(v, "reboot"))
        guest_power(g, SHUTDOWN_reboot, "reboot: Restarting system");
    else if (!strcmp(v, "suspend"))
        guest_suspend(g);
    else
        guest_printf(g, "Ignoring shutdown request: %s\n", v);
}

static void on_sysrq(struct guest *g)
{
    char v[8];

    if (guest_xs_read(g, "control/sysrq", v, sizeof(v)) || !v[0])
        return;
    guest_xs_write(g, "control/sysrq", "");
    if (v[0] == 'c') {
        guest_printf(g, "sysrq: Trigger a crash\n");
        guest_power(g, SHUTDOWN_crash, "Kernel panic - not syncing: sysrq "
                                 "triggered crash");
    } else if (v[0] == 'b') {
        guest_power(g, SHUTDOWN_reboot, "sysrq: Resetting");
    } else if (v[0] == 'o') {
        guest_power(g, SHUTDOWN_poweroff, "sysrq: Power Off");
    } else {
        guest_printf(g, "sysrq: HELP : reboot(b) crash(c) poweroff(o)\n");
    }
}

static void xenstore_init(struct guest *g)
{
    static const char *const features[] = { "poweroff", "reboot",
                                            "suspend" };
    char path[64];
    unsigned i;

    for (i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
        snprintf(path, sizeof(path), "control/feature-%s", features[i]);
        guest_xs_write(g, path, "1");
    }
    guest_xs_watch(g, "control/shutdown", "shutdown");
    guest_xs_watch(g, "control/sysrq", "sysrq");
    guest_dev_init(g);
}

static int64_t earliest(int64_t a, int64_t b)
{
    return !a ? b : !b ? a : a < b ? a : b;
}

static void run(struct guest *g)
{
    int64_t next, t;

    guest_publish_p2m(g);
    if (g->b->resumed) {
        if (g->xs)
            xenstore_init(g);
        guest_resumed(g);
    } else {
        guest_printf(g, "Linux version " SIM_GUEST_RELEASE " (xensim "
                     "simulated guest kernel) #1 SMP PREEMPT_DYNAMIC\n");
        guest_printf(g, "Command line: %s\n", g->cmdline);
        guest_printf(g, "Booting paravirtualized kernel on Xen%s\n",
                     g->b->hvm ? " PVH" : "");
        guest_printf(g, "XENSIM GUEST UP domid=%u\n", g->b->domid);
        g->t_crash = option(g, "crash");
        g->t_poweroff = option(g, "poweroff");
        g->t_reboot = option(g, "reboot");
        if (g->xs)
            xenstore_init(g);
        guest_e2e_init(g);
    }
    guest_dirty_start(g);
    for (;;) {
        guest_count_tick(g);
        nmis(g);
        if (g->ev_shutdown) {
            g->ev_shutdown = false;
            on_shutdown(g);
        }
        if (g->ev_sysrq) {
            g->ev_sysrq = false;
            on_sysrq(g);
        }
        if (g->ev_dev) {
            g->ev_dev = false;
            guest_dev_scan(g);
        }
        next = earliest(earliest(g->t_crash, g->t_poweroff),
                        earliest(g->t_reboot, g->t_count));
        next = earliest(next, g->t_dirty);
        t = next ? next - guest_now_ms() : TICK_MS;
        guest_pump(g, t < 1 ? 1 : t > TICK_MS ? TICK_MS : (int)t);
    }
}

int sim_guest_run(const struct sim_guest_boot *b)
{
    static struct guest g;
    char id[16];
    int rc;

    g.b = b;
    g.boot_ms = guest_now_ms();
    snprintf(id, sizeof(id), "%u", b->domid);
    if (setenv("XENSIM_DIR", b->dir, 1) || setenv("XENSIM_DOMID", id, 1))
        return 1;
    g.xch = xc_interface_open(0);
    g.xce = g.xch ? xc_evtchn_open(0) : NULL;
    if (!g.xce)
        guest_exit(&g, 1);
    g.mem_path = sim_path(g.xch->priv, b->domid, "mem");
    if (!g.mem_path)
        guest_exit(&g, 1);
    rc = b->hvm ? boot_pvh(&g) : boot_pv(&g);
    if (rc) {
        struct sim *s = g.xch->priv;

        sim_lock(s);
        sim_log(s, "d%u: simulated kernel: no console: %s", b->domid,
                strerror(-rc));
        sim_unlock(s);
        xc_domain_shutdown(g.xch, b->domid, SHUTDOWN_crash);
        guest_exit(&g, 1);
    }
    run(&g);
    return 0;
}
