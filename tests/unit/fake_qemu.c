/*
 * Test double of the qemu-xen device model for the HVM creation tests:
 * takes the command line libxl gives QEMU, writes it to
 * $XENSIM_DIR/fake-qemu-<domid>.args (one argument a line), listens on
 * the QMP socket of its -chardev, writes "running" to
 * /local/domain/0/device-model/<domid>/state like QEMU, and answers QMP
 * (greeting, qmp_capabilities, query-status, query-chardev with serial0
 * on a pty, human-monitor-command, stop, cont, system_wakeup, quit,
 * query-vnc (display 1 unless -vnc none), and change-vnc-password, eject,
 * add-fd, blockdev-change-medium, xen-save-devices-state,
 * xen-set-global-dirty-log, stop, cont, logged to
 * $XENSIM_DIR/fake-qemu-<domid>.qmp; an event before each answer;
 * CommandNotFound for the rest) until it is killed.  Device state:
 * xen-save-devices-state writes "FAKE-QEMU-STATE <domid>" into its
 * "filename" (refused unless stop came first, as libxl does it); -incoming fd:N copies what it reads from N to
 * $XENSIM_DIR/fake-qemu-<domid>.incoming; without -incoming it writes a
 * physmap node as QEMU does for its VRAM (physmap/f0000000/name).
 * FAKE_QEMU_FAIL=1: prints an error and exits 1 at once, as a QEMU that
 * cannot start.  FAKE_QEMU_REFUSE=<command>: that QMP command gets a
 * GenericError (logged like the others).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstore.h"

static const char *domid = "?";
static int vnc;                         /* -vnc other than none */
static int restored;                    /* -incoming given */
static int stopped;                     /* QMP stop, no cont since */

static void put(int fd, const char *s)
{
    size_t len = strlen(s);

    while (len) {
        ssize_t n = write(fd, s, len);

        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

/* The CD-ROM commands go to $XENSIM_DIR/fake-qemu-<domid>.qmp, a line
 * each, for the tests to check. */
static void log_command(const char *line)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/fake-qemu-%s.qmp",
             getenv("XENSIM_DIR") ? getenv("XENSIM_DIR") : "/tmp", domid);
    f = fopen(path, "a");
    if (f) {
        fprintf(f, "%s\n", line);
        fclose(f);
    }
}

static const char *dir(void)
{
    return getenv("XENSIM_DIR") ? getenv("XENSIM_DIR") : "/tmp";
}

/* xen-save-devices-state {"filename": F, ...}: our state into F. */
static void save_state(int fd, const char *line)
{
    const char *fn = strstr(line, "\"filename\"");
    char path[512] = "";
    FILE *f = NULL;

    log_command(line);
    if (fn && (fn = strchr(fn + 10, '"')))
        snprintf(path, sizeof(path), "%.*s", (int)strcspn(fn + 1, "\""),
                 fn + 1);
    if (!stopped) {
        /* libxl stops the VM first; saving a running one is a bug. */
        put(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                "\"fake: the VM is running (no stop before the save)\"}}\r\n");
        return;
    }
    if (path[0])
        f = fopen(path, "w");
    if (!f) {
        put(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                "\"saving Xen device state failed\"}}\r\n");
        return;
    }
    fprintf(f, "FAKE-QEMU-STATE %s\n", domid);
    fclose(f);
    put(fd, "{\"return\": {}}\r\n");
}

/* -incoming fd:N: what comes from N into fake-qemu-<domid>.incoming. */
static void incoming(const char *spec)
{
    char path[512], buf[4096];
    ssize_t n;
    FILE *f;
    int in;

    if (strncmp(spec, "fd:", 3))
        return;
    in = atoi(spec + 3);
    snprintf(path, sizeof(path), "%s/fake-qemu-%s.incoming", dir(), domid);
    f = fopen(path, "w");
    while (f && (n = read(in, buf, sizeof(buf))) > 0)
        fwrite(buf, 1, (size_t)n, f);
    if (f)
        fclose(f);
    close(in);
}

/* FAKE_QEMU_REFUSE names cmd's command? */
static int refused(const char *cmd)
{
    const char *r = getenv("FAKE_QEMU_REFUSE");
    char want[128];

    if (!r || !*r)
        return 0;
    snprintf(want, sizeof(want), "\"execute\":\"%s\"", r);
    return !strncmp(cmd, want, strlen(want));
}

static void answer(int fd, const char *line)
{
    char buf[4096];
    const char *cmd = strstr(line, "\"execute\"");

    put(fd, "{\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}, "
            "\"event\": \"FAKE\"}\r\n");
    if (cmd && refused(cmd)) {
        log_command(line);
        put(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                "\"fake: refused (FAKE_QEMU_REFUSE)\"}}\r\n");
    } else if (!cmd) {
        put(fd, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                "\"no execute\"}}\r\n");
    } else if (strstr(cmd, "\"query-vnc\"")) {
        put(fd, vnc ? "{\"return\": {\"enabled\": true, \"host\": "
                      "\"127.0.0.1\", \"service\": \"5901\", "
                      "\"family\": \"ipv4\", \"auth\": \"vnc\"}}\r\n"
                    : "{\"return\": {\"enabled\": false}}\r\n");
    } else if (strstr(cmd, "\"change-vnc-password\"")) {
        log_command(line);
        put(fd, "{\"return\": {}}\r\n");
    } else if (strstr(cmd, "\"add-fd\"")) {
        log_command(line);
        put(fd, "{\"return\": {\"fdset-id\": 3, \"fd\": 27}}\r\n");
    } else if (strstr(cmd, "\"eject\"") ||
               strstr(cmd, "\"blockdev-change-medium\"") ||
               strstr(cmd, "\"xen-set-global-dirty-log\"")) {
        log_command(line);
        put(fd, "{\"return\": {}}\r\n");
    } else if (strstr(cmd, "\"qmp_capabilities\"") ||
               strstr(cmd, "\"system_wakeup\"")) {
        put(fd, "{\"return\": {}, \"id\": 1}\r\n");
    } else if (strstr(cmd, "\"stop\"") || strstr(cmd, "\"cont\"")) {
        log_command(line);
        stopped = strstr(cmd, "\"stop\"") != NULL;
        put(fd, "{\"return\": {}, \"id\": 1}\r\n");
    } else if (strstr(cmd, "\"xen-save-devices-state\"")) {
        save_state(fd, line);
    } else if (strstr(cmd, "\"query-status\"")) {
        put(fd, "{\"return\": {\"status\": \"running\", \"singlestep\": "
                "false, \"running\": true}}\r\n");
    } else if (strstr(cmd, "\"query-chardev\"")) {
        put(fd, "{\"return\": [{\"frontend-open\": false, \"filename\": "
                "\"disconnected:unix:/x,server=on\", \"label\": "
                "\"libxl-cmd\"}, {\"frontend-open\": true, \"filename\": "
                "\"pty:/dev/pts/42\", \"label\": \"serial0\"}]}\r\n");
    } else if (strstr(cmd, "\"human-monitor-command\"")) {
        const char *cl = strstr(line, "\"command-line\"");
        char arg[65] = "";

        /* The value, up to its closing quote (no escapes in tests). */
        if (cl && (cl = strchr(cl + 14, '"')))
            snprintf(arg, sizeof(arg), "%.*s", (int)strcspn(cl + 1, "\"\\"),
                     cl + 1);
        snprintf(buf, sizeof(buf), "{\"return\": \"fake %s: %s\\r\\n\"}"
                 "\r\n", domid, arg);
        put(fd, buf);
    } else if (strstr(cmd, "\"quit\"")) {
        put(fd, "{\"return\": {}}\r\n");
        exit(0);
    } else {
        put(fd, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                "\"The command is not known to the fake\"}}\r\n");
    }
}

static void serve(int ls)
{
    char buf[8192];
    size_t len;

    for (;;) {
        int fd = accept(ls, NULL, NULL);

        if (fd < 0)
            continue;
        put(fd, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, "
                "\"minor\": 2, \"major\": 7}}, \"capabilities\": []}}\r\n");
        len = 0;
        for (;;) {
            ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
            char *nl;

            if (n <= 0)
                break;
            len += (size_t)n;
            buf[len] = '\0';
            while ((nl = strchr(buf, '\n'))) {
                *nl = '\0';
                answer(fd, buf);
                len -= (size_t)(nl + 1 - buf);
                memmove(buf, nl + 1, len + 1);
            }
        }
        close(fd);
    }
}

int main(int argc, char **argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    const char *sock = NULL, *p;
    struct xs_handle *h;
    char path[512];
    FILE *f;
    int i, ls;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-xen-domid") && i + 1 < argc)
            domid = argv[i + 1];
        if (!strcmp(argv[i], "-vnc") && i + 1 < argc &&
            strcmp(argv[i + 1], "none"))
            vnc = 1;
        if (!strcmp(argv[i], "-chardev") && i + 1 < argc &&
            (p = strstr(argv[i + 1], "path=")) && !sock) {
            sock = strndup(p + 5, strcspn(p + 5, ","));
        }
    }
    snprintf(path, sizeof(path), "%s/fake-qemu-%s.args",
             getenv("XENSIM_DIR") ? getenv("XENSIM_DIR") : "/tmp", domid);
    f = fopen(path, "w");
    for (i = 0; f && i < argc; i++)
        fprintf(f, "%s\n", argv[i]);
    if (f)
        fclose(f);
    for (i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "-incoming")) {
            incoming(argv[i + 1]);
            restored = 1;
        }
    if (getenv("FAKE_QEMU_FAIL")) {
        fprintf(stderr, "fake-qemu: starting domain %s\n", domid);
        fprintf(stderr, "fake-qemu: cannot initialise the machine\n");
        return 1;
    }
    if (!sock || strlen(sock) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "fake-qemu: no QMP socket path\n");
        return 2;
    }
    strcpy(sa.sun_path, sock);
    ls = socket(AF_UNIX, SOCK_STREAM, 0);
    if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof(sa)) ||
        listen(ls, 4)) {
        fprintf(stderr, "fake-qemu: %s: %s\n", sock, strerror(errno));
        return 2;
    }
    h = xs_open(0);
    snprintf(path, sizeof(path), "/local/domain/0/device-model/%s/state",
             domid);
    if (!h || !xs_write(h, XBT_NULL, path, "running", 7)) {
        fprintf(stderr, "fake-qemu: cannot write %s\n", path);
        return 2;
    }
    snprintf(path, sizeof(path), "/local/domain/0/device-model/%s/physmap/"
             "f0000000/name", domid);
    if (!restored && !xs_write(h, XBT_NULL, path, "vga.vram", 8)) {
        fprintf(stderr, "fake-qemu: cannot write %s\n", path);
        return 2;
    }
    xs_close(h);
    serve(ls);
    return 0;
}
