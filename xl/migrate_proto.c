/*
 * xl: reading and writing the migration handshake messages
 * (migrate_proto.h) on the transport's pipes or socket.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "migrate_proto.h"

int xl_mig_expect(int fd, const char *m, size_t len, const char *what,
                  const char *rune)
{
    char buf[128];
    size_t got = 0;
    ssize_t r;

    while (got < len && got < sizeof(buf)) {
        r = read(fd, buf + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            fprintf(stderr, "xl: migration: %s: %s after %zu of %zu "
                    "bytes\n", what, r < 0 ? strerror(errno) :
                    "the other end closed the stream", got, len);
            goto fail;
        }
        got += (size_t)r;
    }
    if (got == len && !memcmp(buf, m, len))
        return 0;
    fprintf(stderr, "xl: migration: the %s stream holds other data where "
            "the %s should be\n", rune ? "receiver's" : "sender's", what);
fail:
    if (rune)
        fprintf(stderr, "xl: migration: (the receiver runs as: %s)\n", rune);
    return -1;
}

int xl_mig_send(int fd, const void *buf, size_t len, const char *what)
{
    const char *p = buf;
    ssize_t r;

    while (len) {
        r = write(fd, p, len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            fprintf(stderr, "xl: migration: cannot send the %s: %s\n", what,
                    strerror(errno));
            return -1;
        }
        p += r;
        len -= (size_t)r;
    }
    return 0;
}
