/*
 * libxenstore helpers without a connection: where the daemon's socket
 * is, permission strings, string counting, path relations.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xs_private.h"

#ifndef XENSTORED_RUN_DIR
#define XENSTORED_RUN_DIR "/run/xenstored"
#endif

const char *xs_daemon_rundir(void)
{
    static __thread char buf[4096];
    const char *s = getenv("XENSTORED_RUNDIR");

    if (s)
        return s;
    s = getenv("XENSIM_DIR");
    if (s && *s) {
        snprintf(buf, sizeof(buf), "%s/run/xenstored", s);
        return buf;
    }
    return XENSTORED_RUN_DIR;
}

const char *xs_daemon_socket(void)
{
    static __thread char buf[4096];
    const char *s = getenv("XENSTORED_PATH");

    if (s)
        return s;
    snprintf(buf, sizeof(buf), "%s/socket", xs_daemon_rundir());
    return buf;
}

const char *xs_daemon_socket_ro(void)
{
    return xs_daemon_socket();
}

bool xs_write_all(int fd, const void *data, unsigned int len)
{
    const char *p = data;

    while (len) {
        ssize_t r = write(fd, p, len);

        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        p += r;
        len -= (unsigned int)r;
    }
    return true;
}

bool xs_strings_to_perms(struct xs_permissions *perms, unsigned int num,
                         const char *strings)
{
    const char *p = strings;
    unsigned int i;
    char *end;

    for (i = 0; i < num; i++) {
        switch (*p) {
        case 'n': perms[i].perms = XS_PERM_NONE; break;
        case 'r': perms[i].perms = XS_PERM_READ; break;
        case 'w': perms[i].perms = XS_PERM_WRITE; break;
        case 'b': perms[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
        default:
            errno = EINVAL;
            return false;
        }
        p++;
        if (!*p) {
            errno = EINVAL;
            return false;
        }
        perms[i].id = (unsigned int)strtoul(p, &end, 0);
        if (*end) {
            errno = EINVAL;
            return false;
        }
        p = end + 1;
    }
    return true;
}

bool xs_perm_to_string(const struct xs_permissions *perm, char *buffer,
                       size_t buf_len)
{
    char c;

    switch (perm->perms & ~(unsigned int)XS_PERM_IGNORE) {
    case XS_PERM_NONE: c = 'n'; break;
    case XS_PERM_READ: c = 'r'; break;
    case XS_PERM_WRITE: c = 'w'; break;
    case XS_PERM_READ | XS_PERM_WRITE: c = 'b'; break;
    default:
        errno = EINVAL;
        return false;
    }
    if (snprintf(buffer, buf_len, "%c%u", c, perm->id) >= (int)buf_len) {
        errno = ENOSPC;
        return false;
    }
    return true;
}

unsigned int xs_count_strings(const char *strings, unsigned int len)
{
    unsigned int i, n = 0;

    for (i = 0; i < len; i++)
        if (!strings[i])
            n++;
    return n;
}

bool xs_path_is_subpath(const char *parent, const char *child)
{
    size_t pl = strlen(parent);

    if (strncmp(parent, child, pl))
        return false;
    return child[pl] == '\0' || child[pl] == '/';
}
