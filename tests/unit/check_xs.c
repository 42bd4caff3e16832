/*
 * Unit tests of libxenstore against a fake daemon: a thread in the test
 * that speaks the xs_wire.h protocol over a unix socket in a temporary
 * directory, with scripted behaviour (out-of-order replies, partial
 * directories, error replies, watch events, lost connections).
 */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenstore.h>

#define NBIG 600

static char dir[64], sock_path[96];
static int lfd = -1;
static pthread_t srv;
static int gen_changes;          /* DIRECTORY_PART: gen moves after this call */
static int part_calls;

struct kv { char key[64], val[64]; };
static struct kv store[32];
static int nstore;

static void reply(int fd, const struct xsd_sockmsg *req, uint32_t type,
                  const void *body, uint32_t len)
{
    struct xsd_sockmsg h = *req;

    h.type = type;
    h.len = len;
    if (write(fd, &h, sizeof(h)) != sizeof(h) ||
        (len && write(fd, body, len) != (ssize_t)len))
        return;
}

static void reply_str(int fd, const struct xsd_sockmsg *req, const char *s)
{
    reply(fd, req, req->type, s, (uint32_t)strlen(s) + 1);
}

static void error(int fd, const struct xsd_sockmsg *req, const char *e)
{
    reply(fd, req, XS_ERROR, e, (uint32_t)strlen(e) + 1);
}

static int read_req(int fd, struct xsd_sockmsg *h, char *body)
{
    size_t got = 0;

    while (got < sizeof(*h)) {
        ssize_t r = read(fd, (char *)h + got, sizeof(*h) - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    for (got = 0; got < h->len;) {
        ssize_t r = read(fd, body + got, h->len - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    body[h->len] = '\0';
    return 0;
}

/* DIRECTORY_PART of /big: names child0000.., gen "7" (or bumped). */
static void dir_part(int fd, const struct xsd_sockmsg *req, const char *b)
{
    char out[4096], gen[16];
    unsigned int off = (unsigned int)atoi(b + strlen(b) + 1), pos = 0, i;
    size_t n;

    part_calls++;
    snprintf(gen, sizeof(gen), "%d",
             7 + (gen_changes && part_calls > gen_changes));
    n = strlen(gen) + 1;
    memcpy(out, gen, n);
    for (i = 0; i < NBIG; i++, pos += 10) {
        if (pos < off)
            continue;
        if (n + 10 + 1 > 1500)
            break;
        n += (size_t)sprintf(out + n, "child%04u", i) + 1;
    }
    if (i == NBIG)
        out[n++] = '\0';
    reply(fd, req, req->type, out, (uint32_t)n);
}

static struct kv *find(const char *k)
{
    int i;

    for (i = 0; i < nstore; i++)
        if (!strcmp(store[i].key, k))
            return &store[i];
    return NULL;
}

static void serve_one(int fd, struct xsd_sockmsg *h, char *b,
                      struct xsd_sockmsg *held, int *have_held)
{
    struct kv *kv;
    char tok[128];

    switch (h->type) {
    case XS_READ:
        if (!strcmp(b, "/slow")) {       /* answered after the next one */
            *held = *h;
            *have_held = 1;
            return;
        }
        if (!strcmp(b, "/eacces"))
            return error(fd, h, "EACCES");
        if (!strcmp(b, "/die")) {
            shutdown(fd, SHUT_RDWR);
            return;
        }
        kv = find(b);
        if (!kv)
            return error(fd, h, "ENOENT");
        reply(fd, h, h->type, kv->val, (uint32_t)strlen(kv->val));
        break;
    case XS_WRITE:
        kv = find(b);
        if (!kv && nstore < 32)
            kv = &store[nstore++];
        if (!kv)
            return error(fd, h, "ENOSPC");
        snprintf(kv->key, sizeof(kv->key), "%s", b);
        snprintf(kv->val, sizeof(kv->val), "%.*s",
                 (int)(h->len - strlen(b) - 1), b + strlen(b) + 1);
        reply_str(fd, h, "OK");
        break;
    case XS_DIRECTORY:
        if (!strcmp(b, "/big"))
            return error(fd, h, "E2BIG");
        reply(fd, h, h->type, "a\0b\0", 4);
        break;
    case XS_DIRECTORY_PART:
        dir_part(fd, h, b);
        break;
    case XS_GET_PERMS:
        reply(fd, h, h->type, "b0\0r5\0", 6);
        break;
    case XS_WATCH:
        reply_str(fd, h, "OK");
        snprintf(tok, sizeof(tok), "%s", b + strlen(b) + 1);
        {
            char ev[256];
            int n = snprintf(ev, sizeof(ev), "%s%c%s", b, 0, tok) + 1;
            struct xsd_sockmsg e = { .type = XS_WATCH_EVENT };

            reply(fd, &e, XS_WATCH_EVENT, ev, (uint32_t)n);
            n = snprintf(ev, sizeof(ev), "%s/x%c%s", b, 0, tok) + 1;
            reply(fd, &e, XS_WATCH_EVENT, ev, (uint32_t)n);
        }
        break;
    case XS_TRANSACTION_START:
        reply_str(fd, h, "42");
        break;
    case XS_TRANSACTION_END:
        if (h->tx_id != 42)
            return error(fd, h, "ENOENT");
        if (!strcmp(b, "T"))
            return error(fd, h, "EAGAIN");
        reply_str(fd, h, "OK");
        break;
    default:
        error(fd, h, "ENOSYS");
    }
}

static void *server(void *arg)
{
    char body[XENSTORE_PAYLOAD_MAX + 1];
    struct xsd_sockmsg h, held = { 0 };
    int fd, have_held = 0;

    while ((fd = accept(lfd, NULL, NULL)) >= 0) {
        while (read_req(fd, &h, body) == 0) {
            int had = have_held;

            serve_one(fd, &h, body, &held, &have_held);
            if (had && have_held) {
                have_held = 0;
                reply(fd, &held, held.type, "late", 4);
            }
        }
        close(fd);
    }
    return NULL;
}

static void setup(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    snprintf(dir, sizeof(dir), "/tmp/check_xs.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(sock_path, sizeof(sock_path), "%s/socket", dir);
    snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    ck_assert_int_ge(lfd, 0);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(lfd, 8), 0);
    setenv("XENSTORED_PATH", sock_path, 1);
    ck_assert_int_eq(pthread_create(&srv, NULL, server, NULL), 0);
}

static void teardown(void)
{
    unlink(sock_path);
    rmdir(dir);
}

START_TEST(read_write_errors)
{
    struct xs_handle *h = xs_open(0);
    unsigned int len;
    char *v;

    ck_assert_ptr_nonnull(h);
    ck_assert(xs_write(h, XBT_NULL, "/k", "hello", 5));
    v = xs_read(h, XBT_NULL, "/k", &len);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(len, 5);
    ck_assert_str_eq(v, "hello");
    free(v);
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/missing", &len));
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_str_eq(xs_errmsg(h),
                     "read '/missing': No such file or directory");
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/eacces", NULL));
    ck_assert_int_eq(errno, EACCES);
    ck_assert(!xs_mkdir(h, XBT_NULL, "/x"));      /* fake: ENOSYS */
    ck_assert_int_eq(errno, ENOSYS);
    xs_close(h);
}
END_TEST

struct slow_arg { struct xs_handle *h; char *val; };

static void *read_slow(void *p)
{
    struct slow_arg *a = p;

    a->val = xs_read(a->h, XBT_NULL, "/slow", NULL);
    return NULL;
}

START_TEST(replies_matched_by_req_id)
{
    struct xs_handle *h = xs_open(0);
    struct slow_arg a = { h, NULL };
    pthread_t t;
    char *v;

    ck_assert_ptr_nonnull(h);
    ck_assert(xs_write(h, XBT_NULL, "/fast", "quick", 5));
    ck_assert_int_eq(pthread_create(&t, NULL, read_slow, &a), 0);
    usleep(100000);                 /* /slow is now held by the server */
    v = xs_read(h, XBT_NULL, "/fast", NULL);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(v, "quick");   /* answered before /slow */
    free(v);
    pthread_join(t, NULL);
    ck_assert_ptr_nonnull(a.val);
    ck_assert_str_eq(a.val, "late");
    free(a.val);
    xs_close(h);
}
END_TEST

static void check_big(struct xs_handle *h)
{
    unsigned int n, i;
    char **d = xs_directory(h, XBT_NULL, "/big", &n), name[16];

    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(n, NBIG);
    for (i = 0; i < n; i++) {
        snprintf(name, sizeof(name), "child%04u", i);
        ck_assert_str_eq(d[i], name);
    }
    free(d);
}

START_TEST(directory_in_parts)
{
    struct xs_handle *h = xs_open(0);
    unsigned int n;
    char **d;

    ck_assert_ptr_nonnull(h);
    d = xs_directory(h, XBT_NULL, "/small", &n);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(d[0], "a");
    ck_assert_str_eq(d[1], "b");
    free(d);
    check_big(h);
    ck_assert_int_gt(part_calls, 3);
    xs_close(h);
}
END_TEST

START_TEST(directory_restarts_on_change)
{
    struct xs_handle *h = xs_open(0);

    ck_assert_ptr_nonnull(h);
    gen_changes = 2;       /* the generation moves after the second part */
    check_big(h);
    ck_assert_int_gt(part_calls, 6);    /* restarted from offset 0 */
    xs_close(h);
}
END_TEST

START_TEST(watch_events)
{
    struct xs_handle *h = xs_open(0);
    struct pollfd pfd;
    char **ev;
    unsigned int n;

    ck_assert_ptr_nonnull(h);
    pfd.fd = xs_fileno(h);
    pfd.events = POLLIN;
    ck_assert_int_ge(pfd.fd, 0);
    ck_assert_ptr_null(xs_check_watch(h));
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(xs_watch(h, "/w", "tok"));
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    ev = xs_check_watch(h);
    ck_assert_ptr_nonnull(ev);
    ck_assert_str_eq(ev[XS_WATCH_PATH], "/w");
    ck_assert_str_eq(ev[XS_WATCH_TOKEN], "tok");
    free(ev);
    ev = xs_read_watch(h, &n);
    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(ev[XS_WATCH_PATH], "/w/x");
    free(ev);
    ck_assert_ptr_null(xs_check_watch(h));
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_int_eq(poll(&pfd, 1, 0), 0);
    xs_close(h);
}
END_TEST

START_TEST(unwatch_filter)
{
    struct xs_handle *h = xs_open(XS_UNWATCH_FILTER);

    ck_assert_ptr_nonnull(h);
    ck_assert(xs_watch(h, "/f", "t1"));
    usleep(100000);
    ck_assert(!xs_unwatch(h, "/f", "t1"));       /* fake: ENOSYS */
    ck_assert_ptr_null(xs_check_watch(h));       /* events filtered */
    ck_assert_int_eq(errno, EAGAIN);
    xs_close(h);
}
END_TEST

START_TEST(transactions_and_perms)
{
    struct xs_handle *h = xs_open(0);
    struct xs_permissions *p;
    xs_transaction_t t;
    unsigned int n;

    ck_assert_ptr_nonnull(h);
    t = xs_transaction_start(h);
    ck_assert_uint_eq(t, 42);
    ck_assert(!xs_transaction_end(h, t, false));
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(xs_transaction_end(h, t, true));
    p = xs_get_permissions(h, XBT_NULL, "/p", &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(p[0].id, 0);
    ck_assert_uint_eq(p[0].perms, XS_PERM_READ | XS_PERM_WRITE);
    ck_assert_uint_eq(p[1].id, 5);
    ck_assert_uint_eq(p[1].perms, XS_PERM_READ);
    free(p);
    xs_close(h);
}
END_TEST

/*
 * xs_read_many: 150 reads (three windows), values and errors each in its
 * place, a reply overtaken by later ones (/slow) and a path too long to
 * send among them.
 */
START_TEST(read_many)
{
    struct xs_handle *h = xs_open(0);
    const char *paths[150];
    char keys[20][8], *vals[150], longp[XENSTORE_PAYLOAD_MAX + 8];
    unsigned int lens[150], i;
    int errs[150];

    ck_assert_ptr_nonnull(h);
    for (i = 0; i < 20; i++) {
        snprintf(keys[i], sizeof(keys[i]), "/m%u", i);
        ck_assert(xs_write(h, XBT_NULL, keys[i], keys[i] + 1,
                           (unsigned)strlen(keys[i] + 1)));
    }
    memset(longp, 'p', sizeof(longp) - 1);
    longp[0] = '/';
    longp[sizeof(longp) - 1] = 0;
    for (i = 0; i < 150; i++)
        paths[i] = i % 3 == 1 ? "/missing" : keys[i % 20];
    paths[5] = "/slow";
    paths[70] = "/eacces";
    paths[100] = longp;
    ck_assert(xs_read_many(h, XBT_NULL, paths, 150, vals, lens, errs));
    for (i = 0; i < 150; i++) {
        if (i == 5) {
            ck_assert_str_eq(vals[i], "late");
        } else if (i == 70 || i == 100 || i % 3 == 1) {
            ck_assert_ptr_null(vals[i]);
            ck_assert_int_eq(errs[i], i == 70 ? EACCES :
                                      i == 100 ? E2BIG : ENOENT);
        } else {
            ck_assert_ptr_nonnull(vals[i]);
            ck_assert_str_eq(vals[i], keys[i % 20] + 1);
            ck_assert_uint_eq(lens[i], strlen(keys[i % 20] + 1));
        }
        free(vals[i]);
    }
    ck_assert(xs_read_many(h, XBT_NULL, paths, 0, vals, NULL, errs));
    /* the connection dies after answering some: nothing is returned
     * (the fake daemon dies at the last request it reads) */
    paths[30] = "/die";
    ck_assert(!xs_read_many(h, XBT_NULL, paths, 31, vals, NULL, errs));
    ck_assert_int_eq(errno, EBADF);
    for (i = 0; i < 31; i++)
        ck_assert_ptr_null(vals[i]);
    xs_close(h);
}
END_TEST

START_TEST(connection_lost)
{
    struct xs_handle *h = xs_open(0);

    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/die", NULL));
    ck_assert_int_eq(errno, EBADF);
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/k", NULL));
    ck_assert_int_eq(errno, EBADF);
    xs_close(h);
}
END_TEST

START_TEST(open_failures)
{
    setenv("XENSTORED_PATH", "/nonexistent/xs-socket", 1);
    ck_assert_ptr_null(xs_open(XS_OPEN_SOCKETONLY));
    ck_assert_int_eq(errno, ENOENT);
    unsetenv("XENSTORED_PATH");
    setenv("XENSIM_DIR", "/sim", 1);
    ck_assert_str_eq(xs_daemon_socket(), "/sim/run/xenstored/socket");
    unsetenv("XENSIM_DIR");
    ck_assert_ptr_nonnull(strstr(xs_daemon_socket(), "/socket"));
}
END_TEST

START_TEST(permission_strings)
{
    struct xs_permissions p[3];
    char buf[MAX_STRLEN(unsigned int) + 1];

    ck_assert(xs_strings_to_perms(p, 3, "b0\0n12\0w3\0"));
    ck_assert_uint_eq(p[1].id, 12);
    ck_assert_uint_eq(p[1].perms, XS_PERM_NONE);
    ck_assert_uint_eq(p[2].perms, XS_PERM_WRITE);
    ck_assert(!xs_strings_to_perms(p, 1, "x0\0"));
    ck_assert_int_eq(errno, EINVAL);
    ck_assert(!xs_strings_to_perms(p, 1, "r\0"));
    p[0].id = 0;
    p[0].perms = XS_PERM_READ | XS_PERM_WRITE;
    ck_assert(xs_perm_to_string(&p[0], buf, sizeof(buf)));
    ck_assert_str_eq(buf, "b0");
    p[0].perms = 0x40;
    ck_assert(!xs_perm_to_string(&p[0], buf, sizeof(buf)));
    ck_assert_uint_eq(xs_count_strings("a\0b\0c", 5), 2);
    ck_assert(xs_path_is_subpath("/a/b", "/a/b"));
    ck_assert(xs_path_is_subpath("/a/b", "/a/b/c"));
    ck_assert(!xs_path_is_subpath("/a/b", "/a/bc"));
    ck_assert(!xs_path_is_subpath("/a/b", "/a"));
}
END_TEST

static Suite *xs_suite(void)
{
    Suite *s = suite_create("libxenstore");
    TCase *tc = tcase_create("fake daemon");
    TCase *lib = tcase_create("helpers");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, read_write_errors);
    tcase_add_test(tc, replies_matched_by_req_id);
    tcase_add_test(tc, directory_in_parts);
    tcase_add_test(tc, directory_restarts_on_change);
    tcase_add_test(tc, watch_events);
    tcase_add_test(tc, unwatch_filter);
    tcase_add_test(tc, transactions_and_perms);
    tcase_add_test(tc, connection_lost);
    tcase_add_test(tc, read_many);
    suite_add_tcase(s, tc);
    tcase_add_test(lib, open_failures);
    tcase_add_test(lib, permission_strings);
    suite_add_tcase(s, lib);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(xs_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
