/*
 * libxl device model: a blocking QMP client over the device model's unix
 * socket (QEMU's JSON monitor protocol: greeting, qmp_capabilities, then
 * one command at a time, each answered by "return" or "error"; events
 * may come in between and are skipped).  Parsing with yajl.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <yajl/yajl_tree.h>

#include "dm_internal.h"

#define QMP_LINE_MAX (1024 * 1024)

struct libxl__qmp {
    libxl__gc *gc;
    uint32_t domid;
    int fd;
    unsigned next_id;
    char *buf;                        /* unread bytes */
    size_t len, cap;
    yajl_val last;                    /* the last answer */
};

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static int qerr(struct libxl__qmp *q, int rc, const char *what)
{
    return libxl__seterr(q->gc->ctx, rc, "QMP of domain %u's device model: "
                         "%s", q->domid, what);
}

/* One line (without CR LF) into *line (malloc'd). */
static int read_line(struct libxl__qmp *q, long deadline, char **line)
{
    for (;;) {
        char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;
        struct pollfd p = { .fd = q->fd, .events = POLLIN };
        long left = deadline - now_ms();
        ssize_t n;

        if (nl) {
            size_t l = (size_t)(nl - q->buf);

            *line = malloc(l + 1);
            if (!*line)
                abort();
            memcpy(*line, q->buf, l);
            (*line)[l] = '\0';
            if (l && (*line)[l - 1] == '\r')
                (*line)[l - 1] = '\0';
            memmove(q->buf, nl + 1, q->len - l - 1);
            q->len -= l + 1;
            return 0;
        }
        if (q->len >= QMP_LINE_MAX)
            return qerr(q, -EPROTO, "answer line too long");
        if (left <= 0)
            return qerr(q, -ETIMEDOUT, "no answer in time");
        if (poll(&p, 1, (int)left) < 0) {
            if (errno == EINTR)
                continue;
            return qerr(q, -errno, strerror(errno));
        }
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (q->cap - q->len < 4096) {
            q->cap = q->cap ? q->cap * 2 : 8192;
            q->buf = realloc(q->buf, q->cap);
            if (!q->buf)
                abort();
        }
        n = read(q->fd, q->buf + q->len, q->cap - q->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return qerr(q, -errno, strerror(errno));
        if (n == 0)
            return qerr(q, -ECONNRESET, "the device model closed the "
                        "connection");
        q->len += (size_t)n;
    }
}

/* The next JSON object from QEMU that is not an event. */
static int read_answer(struct libxl__qmp *q, long deadline, yajl_val *v)
{
    static const char *ev[] = { "event", NULL };
    char err[128], *line = NULL;
    int rc;

    for (;;) {
        rc = read_line(q, deadline, &line);
        if (rc)
            return rc;
        if (!*line) {
            free(line);
            continue;
        }
        *v = yajl_tree_parse(line, err, sizeof(err));
        free(line);
        if (!*v || !YAJL_IS_OBJECT(*v)) {
            yajl_tree_free(*v);
            return qerr(q, -EPROTO, "answer is not a JSON object");
        }
        if (!yajl_tree_get(*v, ev, yajl_t_any))
            return 0;
        yajl_tree_free(*v);
    }
}

/* The first byte carries fd (if >= 0) as SCM_RIGHTS, as QEMU's add-fd
 * and getfd expect it with their command. */
static ssize_t send_fd(int sock, const char *s, int fd)
{
    char ctl[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = (void *)s, .iov_len = 1 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = ctl,
                         .msg_controllen = sizeof(ctl) };
    struct cmsghdr *c;

    memset(ctl, 0, sizeof(ctl));
    c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &mh, MSG_NOSIGNAL);
}

static int send_all(struct libxl__qmp *q, const char *s, int fd)
{
    size_t len = strlen(s);

    while (len) {
        ssize_t n = fd >= 0 ? send_fd(q->fd, s, fd)
                            : send(q->fd, s, len, MSG_NOSIGNAL);

        if (n > 0)
            fd = -1;

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return qerr(q, -errno, strerror(errno));
        s += n;
        len -= (size_t)n;
    }
    return 0;
}

char *libxl__json_quote(libxl__gc *gc, const char *s)
{
    size_t n = strlen(s), o = 0;
    char *r = libxl__zalloc(gc, n * 6 + 3);

    r[o++] = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\') {
            r[o++] = '\\';
            r[o++] = (char)c;
        } else if (c < 0x20) {
            o += (size_t)sprintf(r + o, "\\u%04x", c);
        } else {
            r[o++] = (char)c;
        }
    }
    r[o++] = '"';
    r[o] = '\0';
    return r;
}

int libxl__qmp_call(struct libxl__qmp *q, const char *cmd, const char *args,
                    yajl_val *ret)
{
    return libxl__qmp_call_fd(q, cmd, args, -1, ret);
}

int libxl__qmp_call_fd(struct libxl__qmp *q, const char *cmd,
                       const char *args, int fd, yajl_val *ret)
{
    static const char *ret_path[] = { "return", NULL };
    static const char *desc_path[] = { "error", "desc", NULL };
    long deadline = now_ms() + LIBXL__QMP_TIMEOUT_MS;
    yajl_val v, r, d;
    char *msg;
    int rc;

    msg = libxl__sprintf(q->gc, "{\"execute\":%s%s%s,\"id\":%u}\r\n",
                         libxl__json_quote(q->gc, cmd),
                         args ? ",\"arguments\":" : "", args ? args : "",
                         q->next_id++);
    rc = send_all(q, msg, fd);
    if (rc)
        return rc;
    rc = read_answer(q, deadline, &v);
    if (rc)
        return rc;
    yajl_tree_free(q->last);
    q->last = v;
    r = yajl_tree_get(v, ret_path, yajl_t_any);
    if (!r) {
        d = yajl_tree_get(v, desc_path, yajl_t_string);
        return qerr(q, -EIO, libxl__sprintf(q->gc, "%s: %s", cmd,
                                            d ? YAJL_GET_STRING(d)
                                              : "error without description"));
    }
    if (ret)
        *ret = r;
    return 0;
}

static int connect_socket(struct libxl__qmp *q)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    const char *path = libxl__dm_qmp_path(q->gc, q->domid);

    if (strlen(path) >= sizeof(sa.sun_path))
        return qerr(q, -ENAMETOOLONG, "socket path too long");
    strcpy(sa.sun_path, path);
    q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (q->fd < 0)
        return qerr(q, -errno, strerror(errno));
    if (connect(q->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
        return qerr(q, -errno, libxl__sprintf(q->gc, "cannot connect to "
                                              "'%s': %s", path,
                                              strerror(errno)));
    return 0;
}

struct libxl__qmp *libxl__qmp_open(libxl__gc *gc, uint32_t domid)
{
    static const char *greet[] = { "QMP", NULL };
    struct libxl__qmp *q = calloc(1, sizeof(*q));
    yajl_val v;

    if (!q)
        abort();
    q->gc = gc;
    q->domid = domid;
    q->fd = -1;
    q->next_id = 1;
    if (connect_socket(q) ||
        read_answer(q, now_ms() + LIBXL__QMP_TIMEOUT_MS, &v))
        goto fail;
    if (!yajl_tree_get(v, greet, yajl_t_object)) {
        yajl_tree_free(v);
        qerr(q, -EPROTO, "no QMP greeting");
        goto fail;
    }
    yajl_tree_free(v);
    if (libxl__qmp_call(q, "qmp_capabilities", NULL, NULL))
        goto fail;
    return q;
fail:
    libxl__qmp_close(q);
    return NULL;
}

void libxl__qmp_close(struct libxl__qmp *q)
{
    if (!q)
        return;
    if (q->fd >= 0)
        close(q->fd);
    yajl_tree_free(q->last);
    free(q->buf);
    free(q);
}
