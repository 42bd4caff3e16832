/*
 * Tests of xenstored: the socket client (see xsd_client.h).
 */
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#include "xsd_client.h"

int xsdc_connect(const char *sock)
{
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0), i, rc;

    ck_assert_uint_lt(strlen(sock), sizeof(a.sun_path));
    strcpy(a.sun_path, sock);
    for (i = 0; (rc = connect(fd, (struct sockaddr *)&a, sizeof(a))) &&
                errno == ECONNREFUSED && i < 200; i++)
        usleep(10000);
    ck_assert_int_eq(rc, 0);
    return fd;
}

void xsdc_full(int fd, void *b, size_t l, bool wr)
{
    ssize_t r;

    while (l) {
        r = wr ? write(fd, b, l) : read(fd, b, l);
        ck_assert_int_gt(r, 0);
        b = (char *)b + r;
        l -= r;
    }
}

void xsdc_send(int fd, uint32_t type, uint32_t tx, const void *b, size_t l)
{
    struct xsd_sockmsg h = { type, 7, tx, l };

    xsdc_full(fd, &h, sizeof(h), true);
    if (l)
        xsdc_full(fd, (void *)b, l, true);
}

uint32_t xsdc_recv(int fd, char *buf, uint32_t *len)
{
    struct xsd_sockmsg h;

    xsdc_full(fd, &h, sizeof(h), false);
    ck_assert_uint_le(h.len, 4096);
    xsdc_full(fd, buf, h.len, false);
    buf[h.len] = 0;
    if (len)
        *len = h.len;
    return h.type;
}

uint32_t xsdc_req(int fd, uint32_t type, uint32_t tx, const void *b,
                  size_t l, char *out)
{
    static char tmp[4200];
    uint32_t t;

    xsdc_send(fd, type, tx, b, l);
    while ((t = xsdc_recv(fd, out ? out : tmp, NULL)) == XS_WATCH_EVENT)
        ;
    return t;
}
