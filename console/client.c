/*
 * console: xenconsole, the console client `xl console` runs.  Finds the
 * guest's pty in xenstore (waiting for xenconsoled or the device model
 * to publish it), then copies the terminal to it and back until Ctrl-]
 * or the domain's death.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "xenctrl.h"
#include "xenstore.h"

#define ESCAPE_CHAR 0x1d        /* Ctrl-] */
#define WAIT_DEFAULT_S 30

enum con_type { CON_DEFAULT, CON_PV, CON_SERIAL, CON_VUART };

static struct termios saved_tio;
static bool tio_saved;

static void restore_term(void)
{
    if (tio_saved)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
    tio_saved = false;
}

static void raw_term(void)
{
    struct termios t;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tio))
        return;
    tio_saved = true;
    atexit(restore_term);
    t = saved_tio;
    cfmakeraw(&t);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
}

static void usage(FILE *f)
{
    fprintf(f, "Usage: xenconsole [OPTION] DOMID\n"
            "Attach to the console of domain DOMID.\n\n"
            "  -h, --help             display this help and exit\n"
            "  -n, --num N            use console number N\n"
            "  -t, --type TYPE        console type: pv, serial or vuart\n"
            "      --start-notify-fd N  write a byte to fd N once "
            "connected\n"
            "Press Ctrl-] to detach.\n");
}

/* Domain state: 1 alive, 0 gone or dying, -1 cannot tell. */
static int domain_alive(xc_interface *xch, uint32_t domid, bool *hvm)
{
    struct xc_dominfo info;
    int rc = xc_domain_getinfo_single(xch, domid, &info);

    if (rc == -ESRCH)
        return 0;
    if (rc)
        return -1;
    if (hvm)
        *hvm = info.hvm;
    return !info.dying;
}

/* Wait for the tty node and open it.  fd or -1 (message printed). */
static int open_tty(struct xs_handle *xsh, xc_interface *xch,
                    uint32_t domid, const char *path, int wait_s)
{
    time_t deadline = time(NULL) + wait_s;
    unsigned int len;
    char *tty;
    int fd;

    for (;;) {
        tty = xs_read(xsh, XBT_NULL, path, &len);
        if (tty && *tty) {
            fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
            if (fd >= 0) {
                free(tty);
                return fd;
            }
        }
        free(tty);
        if (domain_alive(xch, domid, NULL) == 0) {
            fprintf(stderr, "xenconsole: domain %u is gone\n", domid);
            return -1;
        }
        if (time(NULL) >= deadline) {
            fprintf(stderr, "xenconsole: no console for domain %u: "
                    "'%s' did not appear within %d s "
                    "(is xenconsoled running?)\n", domid, path, wait_s);
            return -1;
        }
        usleep(100 * 1000);
    }
}

static bool write_all(int fd, const char *p, size_t n)
{
    ssize_t r;

    while (n) {
        r = write(fd, p, n);
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (r <= 0)
            return false;
        p += r;
        n -= (size_t)r;
    }
    return true;
}

/*
 * Copy until detach (returns 0), the tty closing (1), or the domain's
 * death (2).
 */
static int copy_loop(int tty, xc_interface *xch, uint32_t domid)
{
    struct pollfd p[2] = {
        { .fd = STDIN_FILENO, .events = POLLIN },
        { .fd = tty, .events = POLLIN },
    };
    char buf[4096];
    ssize_t n, i;
    int r;

    for (;;) {
        r = poll(p, 2, 1000);
        if (r < 0 && errno != EINTR)
            return 1;
        if (r <= 0) {
            if (domain_alive(xch, domid, NULL) == 0)
                return 2;
            continue;
        }
        if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            n = read(tty, buf, sizeof(buf));
            if (n <= 0 && !(n < 0 && errno == EINTR))
                return domain_alive(xch, domid, NULL) == 0 ? 2 : 1;
            if (n > 0 && !write_all(STDOUT_FILENO, buf, (size_t)n))
                return 0;
        }
        if (p[0].revents & (POLLIN | POLLHUP)) {
            n = read(STDIN_FILENO, buf, sizeof(buf));
            if (n == 0)
                p[0].fd = -1;   /* input closed: keep showing output */
            for (i = 0; i < n; i++)
                if (buf[i] == ESCAPE_CHAR)
                    break;
            if (i > 0 && !write_all(tty, buf, (size_t)i))
                return 1;
            if (i < n)
                return 0;
        }
    }
}

static int parse_type(const char *s, enum con_type *t)
{
    if (!strcmp(s, "pv"))
        *t = CON_PV;
    else if (!strcmp(s, "serial"))
        *t = CON_SERIAL;
    else if (!strcmp(s, "vuart"))
        *t = CON_VUART;
    else
        return -1;
    return 0;
}

static void tty_path(char *buf, size_t len, uint32_t domid,
                     enum con_type t, int num)
{
    if (t == CON_SERIAL)
        snprintf(buf, len, "/local/domain/%u/serial/%d/tty", domid, num);
    else if (t == CON_VUART)
        snprintf(buf, len, "/local/domain/%u/vuart/%d/tty", domid, num);
    else if (num == 0)
        snprintf(buf, len, "/local/domain/%u/console/tty", domid);
    else
        snprintf(buf, len, "/local/domain/%u/device/console/%d/tty", domid,
                 num);
}

int main(int argc, char **argv)
{
    static const struct option lopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "num", required_argument, NULL, 'n' },
        { "type", required_argument, NULL, 't' },
        { "start-notify-fd", required_argument, NULL, 's' },
        { NULL, 0, NULL, 0 },
    };
    enum con_type type = CON_DEFAULT;
    int c, num = 0, notify_fd = -1, tty = -1, rc = 1, wait_s;
    struct xs_handle *xsh = NULL;
    xc_interface *xch = NULL;
    const char *w;
    char path[128], *end;
    unsigned long domid;
    bool hvm = false;

    while ((c = getopt_long(argc, argv, "hn:t:", lopts, NULL)) != -1) {
        switch (c) {
        case 'h': usage(stdout); return 0;
        case 'n': num = atoi(optarg); break;
        case 's': notify_fd = atoi(optarg); break;
        case 't':
            if (parse_type(optarg, &type)) {
                fprintf(stderr, "xenconsole: invalid console type '%s'\n",
                        optarg);
                return 2;
            }
            break;
        default: usage(stderr); return 2;
        }
    }
    if (optind != argc - 1 || num < 0) {
        usage(stderr);
        return 2;
    }
    domid = strtoul(argv[optind], &end, 10);
    if (*end || end == argv[optind] || domid > XC_DOMID_MAX) {
        fprintf(stderr, "xenconsole: invalid domain id '%s'\n",
                argv[optind]);
        return 2;
    }
    if (domid == 0) {
        fprintf(stderr, "xenconsole: domain 0 has no console here\n");
        return 2;
    }
    w = getenv("XENCONSOLE_WAIT");
    wait_s = w && atoi(w) > 0 ? atoi(w) : WAIT_DEFAULT_S;
    xch = xc_interface_open(0);
    if (!xch) {
        fprintf(stderr, "xenconsole: cannot open the hypervisor "
                "interface: %s\n", strerror(errno));
        goto out;
    }
    if (domain_alive(xch, (uint32_t)domid, &hvm) != 1) {
        fprintf(stderr, "xenconsole: domain %lu does not exist\n", domid);
        goto out;
    }
    if (type == CON_DEFAULT)
        type = hvm ? CON_SERIAL : CON_PV;
    xsh = xs_open(0);
    if (!xsh) {
        fprintf(stderr, "xenconsole: cannot connect to xenstored: %s\n",
                strerror(errno));
        goto out;
    }
    tty_path(path, sizeof(path), (uint32_t)domid, type, num);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        tty = open_tty(xsh, xch, (uint32_t)domid, path, wait_s);
        if (tty < 0)
            goto out;
        if (notify_fd >= 0) {
            if (write(notify_fd, "", 1) < 0)
                fprintf(stderr, "xenconsole: start notify: %s\n",
                        strerror(errno));
            close(notify_fd);
            notify_fd = -1;
        }
        raw_term();
        c = copy_loop(tty, xch, (uint32_t)domid);
        close(tty);
        if (c != 1)             /* detached or domain gone: done */
            break;
        restore_term();
    }
    rc = 0;
out:
    restore_term();
    if (xsh)
        xs_close(xsh);
    xc_interface_close(xch);
    return rc;
}
