/*
 * libxenstore transport: connecting to the daemon's unix socket or the
 * kernel xenbus device, and moving whole wire messages (xs_wire.h
 * framing) over either.  Knows nothing of requests or watches.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xs_private.h"

/* Open path: connect if it is a socket, else open it as a device.
 * Returns the fd or -errno. */
int xs__connect(const char *path)
{
    struct sockaddr_un sa;
    struct stat st;
    int fd, r;

    if (stat(path, &st) < 0)
        return -errno;
    if (!S_ISSOCK(st.st_mode)) {
        fd = open(path, O_RDWR | O_CLOEXEC);
        return fd < 0 ? -errno : fd;
    }
    if (strlen(path) >= sizeof(sa.sun_path))
        return -ENAMETOOLONG;
    memset(&sa, 0, sizeof(sa));
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -errno;
    r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
    if (r < 0) {
        r = -errno;
        close(fd);
        return r;
    }
    return fd;
}

/*
 * Read exactly len bytes through rb: what is buffered first, then one
 * read() of up to a buffer's worth, so a run of replies costs a read()
 * per buffer rather than two per reply.  0, -EPIPE at end of stream, or
 * -errno.
 */
static int read_full(struct xs__rbuf *rb, int fd, int stop_fd, void *buf,
                     size_t len)
{
    char *p = buf;
    size_t n;

    while (len) {
        ssize_t r;

        if (rb->pos < rb->len) {
            n = rb->len - rb->pos < len ? rb->len - rb->pos : len;
            memcpy(p, rb->b + rb->pos, n);
            rb->pos += n;
            p += n;
            len -= n;
            continue;
        }
        if (stop_fd >= 0) {
            struct pollfd pfd[2] = {
                { .fd = fd, .events = POLLIN },
                { .fd = stop_fd, .events = POLLIN },
            };
            if (poll(pfd, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                return -errno;
            }
            if (pfd[1].revents)
                return -ECANCELED;
        }
        r = read(fd, rb->b, sizeof(rb->b));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        if (r == 0)
            return -EPIPE;
        rb->pos = 0;
        rb->len = (size_t)r;
    }
    return 0;
}

void xs__msg_free(struct xs__msg *m)
{
    if (!m)
        return;
    free(m->body);
    free(m);
}

/*
 * Read one message.  stop_fd (or -1) becoming readable aborts the wait
 * with -ECANCELED.  A payload over XENSTORE_PAYLOAD_MAX is a protocol
 * error (-EPROTO): the stream cannot be resynchronised.
 */
int xs__read_msg(struct xs__rbuf *rb, int fd, int stop_fd,
                 struct xs__msg **out)
{
    struct xs__msg *m;
    int rc;

    m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    rc = read_full(rb, fd, stop_fd, &m->hdr, sizeof(m->hdr));
    if (rc)
        goto fail;
    if (m->hdr.len > XENSTORE_PAYLOAD_MAX) {
        rc = -EPROTO;
        goto fail;
    }
    m->body = malloc(m->hdr.len + 1);
    if (!m->body) {
        rc = -ENOMEM;
        goto fail;
    }
    rc = read_full(rb, fd, -1, m->body, m->hdr.len);
    if (rc)
        goto fail;
    m->body[m->hdr.len] = '\0';
    *out = m;
    return 0;
fail:
    xs__msg_free(m);
    return rc;
}

/*
 * Write a whole message given as iovecs.  It is gathered into one buffer
 * and written with as few write() calls as possible: the xenbus device
 * wants each message in one piece where it can get it.
 */
int xs__write_iov(int fd, struct iovec *iov, int n)
{
    char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
    size_t len = 0, off = 0;
    int i;

    for (i = 0; i < n; i++) {
        if (len + iov[i].iov_len > sizeof(buf))
            return -E2BIG;
        if (iov[i].iov_len)
            memcpy(buf + len, iov[i].iov_base, iov[i].iov_len);
        len += iov[i].iov_len;
    }
    while (off < len) {
        ssize_t r = send(fd, buf + off, len - off, MSG_NOSIGNAL);

        if (r < 0 && errno == ENOTSOCK)
            r = write(fd, buf + off, len - off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        off += (size_t)r;
    }
    return 0;
}
