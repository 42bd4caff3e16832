/*
 * libxenstore operations: one function per request type of the Xen 4.17
 * client API, built on xs__talk().  Large directories are read in parts
 * with XS_DIRECTORY_PART when the daemon answers E2BIG.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xs_private.h"

#define STR_IOV(s) { (void *)(s), strlen(s) + 1 }

static void *talk1(struct xs_handle *h, xs_transaction_t t, uint32_t type,
                   const char *arg, unsigned int *len)
{
    struct iovec iov[1] = { STR_IOV(arg) };

    return xs__talk(h, t, type, iov, 1, len);
}

static bool ok(void *reply)
{
    free(reply);
    return reply != NULL;
}

static void free_keep_errno(void *p)
{
    int err = errno;

    free(p);
    errno = err;
}

/* Turn len bytes of NUL-terminated names into a one-block vector. */
static char **name_vector(char *strings, unsigned int len, unsigned int *num)
{
    unsigned int n = xs_count_strings(strings, len), i;
    char **v = malloc(n * sizeof(char *) + len + 1);
    char *s;

    if (!v) {
        free_keep_errno(strings);
        return NULL;
    }
    s = (char *)(v + n);
    memcpy(s, strings, len);
    s[len] = '\0';
    free(strings);
    for (i = 0; i < n; i++) {
        v[i] = s;
        s += strlen(s) + 1;
    }
    *num = n;
    return v;
}

/* Append the names of one DIRECTORY_PART reply; true at the end mark. */
static int part_append(char **buf, unsigned int *blen, const char *p,
                       unsigned int len, bool *end)
{
    unsigned int off = 0, n;
    char *nb;

    while (off < len) {
        n = (unsigned int)strnlen(p + off, len - off);
        if (n == len - off)
            return -EIO;         /* unterminated name */
        if (n == 0) {
            *end = true;
            return 0;
        }
        nb = realloc(*buf, *blen + n + 1);
        if (!nb)
            return -ENOMEM;
        memcpy(nb + *blen, p + off, n + 1);
        *buf = nb;
        *blen += n + 1;
        off += n + 1;
    }
    return len ? 0 : -EIO;       /* an empty part would loop forever */
}

static char **directory_parts(struct xs_handle *h, xs_transaction_t t,
                              const char *path, unsigned int *num)
{
    char gen[32] = "", offs[16], *buf = NULL, *r;
    unsigned int blen = 0, len, glen, restarts = 0;
    bool end = false;
    int rc;

    while (!end) {
        struct iovec iov[2] = { STR_IOV(path), { offs, 0 } };

        snprintf(offs, sizeof(offs), "%u", blen);
        iov[1].iov_len = strlen(offs) + 1;
        r = xs__talk(h, t, XS_DIRECTORY_PART, iov, 2, &len);
        if (!r) {
            if (errno == ENOSYS || errno == EINVAL)
                errno = E2BIG;
            free_keep_errno(buf);
            return NULL;
        }
        glen = (unsigned int)strnlen(r, len);
        if (glen == len || glen >= sizeof(gen)) {
            rc = -EIO;
            goto fail;
        }
        if (blen && strcmp(gen, r)) {
            /* The directory changed under us: start again. */
            free(r);
            free(buf);
            buf = NULL;
            blen = 0;
            if (++restarts > 64) {
                xs__seterr(h, EAGAIN, "directory '%s' keeps changing", path);
                return NULL;
            }
            continue;
        }
        memcpy(gen, r, glen + 1);
        rc = part_append(&buf, &blen, r + glen + 1, len - glen - 1, &end);
        if (rc)
            goto fail;
        free(r);
    }
    return name_vector(buf ? buf : calloc(1, 1), blen, num);
fail:
    free(r);
    free(buf);
    xs__seterr(h, -rc, "directory '%s': bad partial reply", path);
    return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
                    const char *path, unsigned int *num)
{
    unsigned int len;
    char *r = talk1(h, t, XS_DIRECTORY, path, &len);

    if (!r)
        return errno == E2BIG ? directory_parts(h, t, path, num) : NULL;
    return name_vector(r, len, num);
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
              unsigned int *len)
{
    return talk1(h, t, XS_READ, path, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
              const void *data, unsigned int len)
{
    struct iovec iov[2] = { STR_IOV(path), { (void *)data, len } };

    return ok(xs__talk(h, t, XS_WRITE, iov, 2, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok(talk1(h, t, XS_MKDIR, path, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    return ok(talk1(h, t, XS_RM, path, NULL));
}

bool xs_restrict(struct xs_handle *h, unsigned domid)
{
    xs__seterr(h, ENOSYS, "restrict: removed from the protocol");
    return false;
}

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
                                          xs_transaction_t t,
                                          const char *path,
                                          unsigned int *num)
{
    unsigned int len, n;
    char *r = talk1(h, t, XS_GET_PERMS, path, &len);
    struct xs_permissions *p;

    if (!r)
        return NULL;
    n = xs_count_strings(r, len);
    p = n ? malloc(n * sizeof(*p)) : NULL;
    if (!p || !xs_strings_to_perms(p, n, r)) {
        free(p);
        free(r);
        xs__seterr(h, n ? EIO : EIO, "get permissions '%s': bad reply",
                   path);
        return NULL;
    }
    free(r);
    *num = n;
    return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
                        const char *path, struct xs_permissions *perms,
                        unsigned int num_perms)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t off = 0;
    unsigned int i;
    struct iovec iov[2] = { STR_IOV(path), { buf, 0 } };

    for (i = 0; i < num_perms; i++) {
        char one[MAX_STRLEN(unsigned int) + 1];
        size_t n;

        if (!xs_perm_to_string(&perms[i], one, sizeof(one))) {
            xs__seterr(h, EINVAL, "set permissions '%s': bad entry %u",
                       path, i);
            return false;
        }
        n = strlen(one) + 1;
        if (off + n > sizeof(buf)) {
            xs__seterr(h, E2BIG, "set permissions '%s': too many", path);
            return false;
        }
        memcpy(buf + off, one, n);
        off += n;
    }
    iov[1].iov_len = off;
    return ok(xs__talk(h, t, XS_SET_PERMS, iov, 2, NULL));
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
    char *r = talk1(h, XBT_NULL, XS_TRANSACTION_START, "", NULL);
    unsigned long id;

    if (!r)
        return XBT_NULL;
    id = strtoul(r, NULL, 0);
    free(r);
    if (id == XBT_NULL)
        xs__seterr(h, EIO, "transaction start: daemon returned id 0");
    return (xs_transaction_t)id;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
    return ok(talk1(h, t, XS_TRANSACTION_END, abort ? "F" : "T", NULL));
}

static void *talk_domid(struct xs_handle *h, uint32_t type,
                        unsigned int domid)
{
    char s[MAX_STRLEN(domid)];

    snprintf(s, sizeof(s), "%u", domid);
    return talk1(h, XBT_NULL, type, s, NULL);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
                         unsigned long mfn, unsigned int eventchn)
{
    char d[MAX_STRLEN(domid)], m[MAX_STRLEN(mfn)], e[MAX_STRLEN(eventchn)];
    struct iovec iov[3];

    snprintf(d, sizeof(d), "%u", domid);
    snprintf(m, sizeof(m), "%lu", mfn);
    snprintf(e, sizeof(e), "%u", eventchn);
    iov[0] = (struct iovec)STR_IOV(d);
    iov[1] = (struct iovec)STR_IOV(m);
    iov[2] = (struct iovec)STR_IOV(e);
    return ok(xs__talk(h, XBT_NULL, XS_INTRODUCE, iov, 3, NULL));
}

bool xs_set_target(struct xs_handle *h, unsigned int domid,
                   unsigned int target)
{
    char d[MAX_STRLEN(domid)], tg[MAX_STRLEN(target)];
    struct iovec iov[2];

    snprintf(d, sizeof(d), "%u", domid);
    snprintf(tg, sizeof(tg), "%u", target);
    iov[0] = (struct iovec)STR_IOV(d);
    iov[1] = (struct iovec)STR_IOV(tg);
    return ok(xs__talk(h, XBT_NULL, XS_SET_TARGET, iov, 2, NULL));
}

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    return ok(talk_domid(h, XS_RESUME, domid));
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
    return ok(talk_domid(h, XS_RELEASE, domid));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    return talk_domid(h, XS_GET_DOMAIN_PATH, domid);
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
    char *r = talk_domid(h, XS_IS_DOMAIN_INTRODUCED, domid);
    bool yes = r && strcmp(r, "F") != 0;

    free(r);
    return yes;
}

char *xs_control_command(struct xs_handle *h, const char *cmd, void *data,
                         unsigned int len)
{
    struct iovec iov[2] = { STR_IOV(cmd), { data, len } };

    return xs__talk(h, XBT_NULL, XS_CONTROL, iov, 2, NULL);
}

char *xs_debug_command(struct xs_handle *h, const char *cmd, void *data,
                       unsigned int len)
{
    return xs_control_command(h, cmd, data, len);
}

int xs_suspend_evtchn_port(int domid)
{
    struct xs_handle *h = xs_open(0);
    char path[96], *v;
    int port = -1;

    if (!h)
        return -1;
    snprintf(path, sizeof(path),
             "/local/domain/%d/device/suspend/event-channel", domid);
    v = xs_read(h, XBT_NULL, path, NULL);
    if (v && *v)
        port = atoi(v);
    free(v);
    xs_close(h);
    return port;
}
