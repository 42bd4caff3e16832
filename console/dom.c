/*
 * console: one guest's console in the daemon: ring mapping, event
 * channel, pty and guest log, and the copying between them.
 */
#define _GNU_SOURCE
#include "cons.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int dom_err(struct cons_dom *cd, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(cd->err, sizeof(cd->err), fmt, ap);
    va_end(ap);
    return rc;
}

void cons_dom_init(struct cons_dom *cd, uint32_t domid, const char *name)
{
    memset(cd, 0, sizeof(*cd));
    cd->domid = domid;
    if (name && *name)
        snprintf(cd->name, sizeof(cd->name), "%s", name);
    else
        snprintf(cd->name, sizeof(cd->name), "%u", domid);
    cd->local_port = -1;
    cd->master_fd = cd->slave_fd = cd->log_fd = -1;
    cd->limit = CONS_BUF_DEFAULT;
    cd->log_at_bol = true;
}

int cons_dom_connect(struct cons_dom *cd, xc_interface *xch,
                     int64_t ring_ref, int remote_port)
{
    int port;

    cd->xch = xch;
    if (!cd->intf) {
        cd->intf = xc_gnttab_map_grant_ref(xch, cd->domid,
                                           XC_GNTTAB_RESERVED_CONSOLE,
                                           PROT_READ | PROT_WRITE);
        cd->intf_grant = cd->intf != NULL;
    }
    if (!cd->intf && ring_ref >= 0) {
        uint64_t gfn = (uint64_t)ring_ref;

        cd->intf = xc_map_foreign_pages(xch, cd->domid,
                                        PROT_READ | PROT_WRITE, &gfn, 1);
    }
    if (!cd->intf)
        return dom_err(cd, -errno ? -errno : -EINVAL,
                       "domain %u: cannot map console ring: %s",
                       cd->domid, xc_errmsg(xch));
    if (!cd->xce) {
        cd->xce = xc_evtchn_open(0);
        if (!cd->xce)
            return dom_err(cd, -errno, "domain %u: cannot open event "
                           "channels: %s", cd->domid, strerror(errno));
    }
    if (cd->local_port < 0) {
        port = xc_evtchn_bind_interdomain(cd->xce, cd->domid,
                                          (xc_evtchn_port_t)remote_port);
        if (port < 0)
            return dom_err(cd, port, "domain %u: cannot bind port %d: %s",
                           cd->domid, remote_port,
                           xc_evtchn_errmsg(cd->xce));
        cd->local_port = port;
    }
    return 0;
}

int cons_dom_open_pty(struct cons_dom *cd)
{
    struct termios t;
    const char *path;
    int fd, sfd;

    if (cd->master_fd >= 0)
        return 0;
    fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || grantpt(fd) || unlockpt(fd) || !(path = ptsname(fd)))
        goto fail;
    /* Keep the slave open so the master never sees EIO (no client). */
    sfd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (sfd < 0)
        goto fail;
    if (tcgetattr(sfd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(sfd, TCSANOW, &t);
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
        close(sfd);
        goto fail;
    }
    snprintf(cd->tty, sizeof(cd->tty), "%s", path);
    cd->master_fd = fd;
    cd->slave_fd = sfd;
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    return dom_err(cd, -errno, "domain %u: cannot allocate a pty: %s",
                   cd->domid, strerror(errno));
}

int cons_dom_open_log(struct cons_dom *cd, const char *dir, bool timestamp)
{
    char path[512];
    int fd;

    if (mkdir(dir, 0755) && errno != EEXIST)
        return dom_err(cd, -errno, "cannot create '%s': %s", dir,
                       strerror(errno));
    snprintf(path, sizeof(path), "%s/guest-%s.log", dir, cd->name);
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return dom_err(cd, -errno, "cannot open '%s': %s", path,
                       strerror(errno));
    if (cd->log_fd >= 0)
        close(cd->log_fd);
    cd->log_fd = fd;
    cd->log_timestamp = timestamp;
    cd->log_at_bol = true;
    return 0;
}

int cons_dom_evtchn_fd(const struct cons_dom *cd)
{
    return cd->xce ? xc_evtchn_fd(cd->xce) : -1;
}

static void write_all(int fd, const char *p, size_t n)
{
    ssize_t r;

    while (n) {
        r = write(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;             /* a full disk must not stop the guest */
        p += r;
        n -= (size_t)r;
    }
}

static void log_bytes(struct cons_dom *cd, const char *p, size_t n)
{
    char stamp[40];
    struct tm tm;
    time_t now;
    size_t i, start = 0;

    if (cd->log_fd < 0)
        return;
    if (!cd->log_timestamp) {
        write_all(cd->log_fd, p, n);
        return;
    }
    for (i = 0; i < n; i++) {
        if (cd->log_at_bol) {
            write_all(cd->log_fd, p + start, i - start);
            start = i;
            now = time(NULL);
            localtime_r(&now, &tm);
            strftime(stamp, sizeof(stamp), "[%Y-%m-%d %H:%M:%S] ", &tm);
            write_all(cd->log_fd, stamp, strlen(stamp));
            cd->log_at_bol = false;
        }
        if (p[i] == '\n')
            cd->log_at_bol = true;
    }
    write_all(cd->log_fd, p + start, n - start);
}

/* Grow buf to the limit; returns the free space. */
static size_t buf_space(struct cons_dom *cd)
{
    if (cd->buf_cap != cd->limit && cd->buf_len <= cd->limit) {
        char *nb = realloc(cd->buf, cd->limit ? cd->limit : 1);

        if (nb) {
            cd->buf = nb;
            cd->buf_cap = cd->limit;
        }
    }
    return cd->buf_cap - cd->buf_len;
}

/* Append output for the pty, dropping the oldest bytes that do not fit. */
static void buf_append(struct cons_dom *cd, const char *p, size_t n)
{
    size_t drop;

    buf_space(cd);
    if (n > cd->buf_cap) {
        p += n - cd->buf_cap;
        n = cd->buf_cap;
    }
    if (cd->buf_len + n > cd->buf_cap) {
        drop = cd->buf_len + n - cd->buf_cap;
        memmove(cd->buf, cd->buf + drop, cd->buf_len - drop);
        cd->buf_len -= drop;
    }
    if (n)
        memcpy(cd->buf + cd->buf_len, p, n);
    cd->buf_len += n;
}

static void flush_pty(struct cons_dom *cd)
{
    ssize_t r;

    if (cd->master_fd < 0) {
        cd->buf_len = 0;        /* nobody to read it: the log has it */
        return;
    }
    while (cd->buf_len) {
        r = write(cd->master_fd, cd->buf, cd->buf_len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        memmove(cd->buf, cd->buf + r, cd->buf_len - (size_t)r);
        cd->buf_len -= (size_t)r;
    }
}

int cons_dom_pump(struct cons_dom *cd)
{
    char tmp[CONS_ROUND_MAX];
    size_t room = sizeof(tmp);
    int n;

    if (!cd->intf)
        return 0;
    flush_pty(cd);
    /* keep: leave output in the ring until the pty drains (back-pressure) */
    if (cd->master_fd >= 0 && cd->overflow == CONS_OVERFLOW_KEEP &&
        buf_space(cd) < room)
        room = buf_space(cd);
    n = room ? cons_ring_take(cd->intf, tmp, room) : 0;
    if (n == -EIO) {
        cd->ring_bad = true;
        return 0;
    }
    cd->ring_bad = false;
    if (n > 0) {
        log_bytes(cd, tmp, (size_t)n);
        if (cd->master_fd >= 0)
            buf_append(cd, tmp, (size_t)n);
        flush_pty(cd);
        if (cd->local_port >= 0)
            xc_evtchn_notify(cd->xce, (xc_evtchn_port_t)cd->local_port);
    }
    return 0;
}

int cons_dom_handle_evtchn(struct cons_dom *cd)
{
    int port;

    if (!cd->xce)
        return 0;
    while ((port = xc_evtchn_pending(cd->xce)) >= 0)
        xc_evtchn_unmask(cd->xce, (xc_evtchn_port_t)port);
    return cons_dom_pump(cd);
}

int cons_dom_handle_pty(struct cons_dom *cd)
{
    char tmp[sizeof(cd->intf->in)];
    XENCONS_RING_IDX used;
    size_t space, put;
    ssize_t r;

    if (!cd->intf || cd->master_fd < 0)
        return 0;
    used = cd->intf->in_prod - __atomic_load_n(&cd->intf->in_cons,
                                               __ATOMIC_ACQUIRE);
    if (used > sizeof(cd->intf->in))
        return 0;
    space = sizeof(cd->intf->in) - used;
    if (!space)
        return 0;
    r = read(cd->master_fd, tmp, space);
    if (r < 0)
        return errno == EAGAIN || errno == EINTR ? 0 : -errno;
    put = cons_ring_put(cd->intf, tmp, (size_t)r);
    if (put && cd->local_port >= 0)
        xc_evtchn_notify(cd->xce, (xc_evtchn_port_t)cd->local_port);
    return 0;
}

bool cons_dom_want_read(const struct cons_dom *cd)
{
    XENCONS_RING_IDX used;

    if (!cd->intf || cd->master_fd < 0)
        return false;
    used = cd->intf->in_prod - __atomic_load_n(&cd->intf->in_cons,
                                               __ATOMIC_ACQUIRE);
    return used < sizeof(cd->intf->in);
}

bool cons_dom_want_write(const struct cons_dom *cd)
{
    return cd->buf_len > 0 && cd->master_fd >= 0;
}

void cons_dom_dispose(struct cons_dom *cd)
{
    if (cd->xce)
        xc_evtchn_close(cd->xce);     /* unbinds the port */
    cd->xce = NULL;
    cd->local_port = -1;
    if (cd->intf) {
        if (cd->intf_grant)
            xc_gnttab_unmap(cd->xch, cd->intf);
        else
            xc_unmap_foreign(cd->xch, cd->intf, 1);
    }
    cd->intf = NULL;
    if (cd->master_fd >= 0)
        close(cd->master_fd);
    if (cd->slave_fd >= 0)
        close(cd->slave_fd);
    if (cd->log_fd >= 0)
        close(cd->log_fd);
    cd->master_fd = cd->slave_fd = cd->log_fd = -1;
    cd->tty[0] = '\0';
    free(cd->buf);
    cd->buf = NULL;
    cd->buf_len = cd->buf_cap = 0;
}
