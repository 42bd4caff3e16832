/*
 * Unit tests of xenstored over its wire protocol: the daemon runs in
 * socket-only test mode on a socket in a mkdtemp() directory; a tiny
 * in-test client speaks struct xsd_sockmsg (no libxenstore).  Guest
 * behaviour uses CONTROL set-domid, enabled only by --test-mode.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#include "xsd_client.h"

static char dir[] = "/tmp/xsdtestXXXXXX";
static char sock[256];
static pid_t pid;

static void start(const char *extra)
{
    char cmd[1024];
    const char *b = getenv("top_builddir");
    int i;

    ck_assert(mkdtemp(strcpy(dir, "/tmp/xsdtestXXXXXX")));
    snprintf(sock, sizeof(sock), "%s/socket", dir);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);  /* a failed test ends it too */
        snprintf(cmd, sizeof(cmd), "exec %s/xenstored/xenstored -N -D -X "
                 "--socket %s --log-file %s/log %s", b ? b : ".", sock, dir,
                 extra ? extra : "");
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 500 && access(sock, F_OK); i++)
        usleep(10000);
    ck_assert_int_eq(access(sock, F_OK), 0);
}

static void stop(void)
{
    char cmd[300];

    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static int cli(void)
{
    return xsdc_connect(sock);
}

static void wr(int fd, uint32_t tx, const char *path, const char *val,
               const char *expect)
{
    char b[4200], o[4200];
    size_t l = strlen(path) + 1;

    memcpy(b, path, l);
    memcpy(b + l, val, strlen(val));
    xsdc_req(fd, XS_WRITE, tx, b, l + strlen(val), o);
    ck_assert_str_eq(o, expect);
}

static void rq(int fd, uint32_t type, uint32_t tx, const char *arg,
               const char *expect)
{
    char o[4200];

    xsdc_req(fd, type, tx, arg, strlen(arg) + 1, o);
    ck_assert_str_eq(o, expect);
}

static void sp(int fd, const char *path, const char *perms, size_t pl,
               const char *expect)
{
    char b[4200], o[4200];
    size_t l = strlen(path) + 1;

    memcpy(b, path, l);
    memcpy(b + l, perms, pl);
    xsdc_req(fd, XS_SET_PERMS, 0, b, l + pl, o);
    ck_assert_str_eq(o, expect);
}

static void become(int fd, unsigned domid)
{
    char b[64];
    int l = sprintf(b, "set-domid") + 1;

    l += sprintf(b + l, "%u", domid) + 1;
    char o[100];
    xsdc_req(fd, XS_CONTROL, 0, b, l, o);
    ck_assert_str_eq(o, "OK");
}

START_TEST(test_basic)
{
    char o[4200];
    uint32_t l;
    int fd;

    start(NULL);
    fd = cli();
    wr(fd, 0, "/a/b/c", "hello", "OK");
    rq(fd, XS_READ, 0, "/a/b/c", "hello");
    rq(fd, XS_READ, 0, "/a/b", "");
    rq(fd, XS_READ, 0, "/nope", "ENOENT");
    rq(fd, XS_READ, 0, "/a//b", "EINVAL");
    rq(fd, XS_READ, 0, "/a/b/", "EINVAL");
    rq(fd, XS_READ, 0, "/a/b c", "EINVAL");
    rq(fd, XS_MKDIR, 0, "/a/d", "OK");
    xsdc_send(fd, XS_DIRECTORY, 0, "/a", 3);
    ck_assert_uint_eq(xsdc_recv(fd, o, &l), XS_DIRECTORY);
    ck_assert_uint_eq(l, 4);
    ck_assert(!memcmp(o, "b\0d\0", 4));
    rq(fd, XS_GET_PERMS, 0, "/a", "n0");
    rq(fd, XS_GET_DOMAIN_PATH, 0, "3", "/local/domain/3");
    rq(fd, XS_RM, 0, "/x/y", "ENOENT");
    rq(fd, XS_RM, 0, "/a/zz", "OK");
    rq(fd, XS_RM, 0, "/a", "OK");
    rq(fd, XS_READ, 0, "/a/b/c", "ENOENT");
    rq(fd, XS_RM, 0, "/", "EINVAL");
    rq(fd, 20, 0, "x", "ENOSYS");
    rq(fd, XS_IS_DOMAIN_INTRODUCED, 0, "0", "T");
    rq(fd, XS_CONTROL, 0, "check", "OK");
    rq(fd, XS_CONTROL, 0, "live-update", "ENOSYS");
    wr(fd, 0, "rel", "v", "OK");
    rq(fd, XS_READ, 0, "/local/domain/0/rel", "v");
    close(fd);
    stop();
}
END_TEST

START_TEST(test_directory_part)
{
    char o[4200], p[64];
    uint32_t l;
    int fd, i;

    start(NULL);
    fd = cli();
    for (i = 0; i < 3; i++) {
        sprintf(p, "/d/c%d", i);
        wr(fd, 0, p, "", "OK");
    }
    xsdc_send(fd, XS_DIRECTORY_PART, 0, "/d\0" "1", 5);
    ck_assert_uint_eq(xsdc_recv(fd, o, &l), XS_DIRECTORY_PART);
    i = strlen(o) + 1;
    ck_assert(!memcmp(o + i, "c1\0c2\0\0", 7));
    ck_assert_uint_eq(l, i + 7);
    close(fd);
    stop();
}
END_TEST

START_TEST(test_transactions)
{
    char o[4200];
    int a, b;
    uint32_t t1, t2;

    start(NULL);
    a = cli();
    b = cli();
    wr(a, 0, "/t/x", "0", "OK");
    xsdc_req(a, XS_TRANSACTION_START, 0, "", 1, o);
    t1 = atoi(o);
    ck_assert_uint_ne(t1, 0);
    rq(a, XS_READ, t1, "/t/x", "0");
    wr(a, t1, "/t/x", "1", "OK");
    wr(a, t1, "/t/new", "n", "OK");
    rq(b, XS_READ, 0, "/t/new", "ENOENT");
    rq(a, XS_READ, t1, "/t/new", "n");
    rq(a, XS_TRANSACTION_END, t1, "T", "OK");
    rq(b, XS_READ, 0, "/t/x", "1");
    rq(b, XS_READ, 0, "/t/new", "n");
    /* conflict */
    xsdc_req(a, XS_TRANSACTION_START, 0, "", 1, o);
    t2 = atoi(o);
    rq(a, XS_READ, t2, "/t/x", "1");
    wr(a, t2, "/t/x", "2", "OK");
    wr(b, 0, "/t/x", "3", "OK");
    rq(a, XS_TRANSACTION_END, t2, "T", "EAGAIN");
    rq(b, XS_READ, 0, "/t/x", "3");
    rq(a, XS_TRANSACTION_END, t2, "T", "ENOENT");
    /* abort, rm inside */
    xsdc_req(a, XS_TRANSACTION_START, 0, "", 1, o);
    t2 = atoi(o);
    rq(a, XS_RM, t2, "/t", "OK");
    rq(a, XS_READ, t2, "/t/x", "ENOENT");
    rq(b, XS_READ, 0, "/t/x", "3");
    rq(a, XS_TRANSACTION_END, t2, "F", "OK");
    rq(b, XS_READ, 0, "/t/x", "3");
    /* RESET_WATCHES inside a transaction frees it safely */
    xsdc_req(a, XS_TRANSACTION_START, 0, "", 1, o);
    t2 = atoi(o);
    rq(a, XS_RESET_WATCHES, t2, "", "OK");
    rq(a, XS_READ, t2, "/t/x", "ENOENT");
    rq(a, XS_READ, 0, "/t/x", "3");
    close(a);
    close(b);
    stop();
}
END_TEST

START_TEST(test_watches)
{
    char o[4200];
    uint32_t l;
    int a, g;

    start(NULL);
    a = cli();
    g = cli();
    wr(a, 0, "/w/secret", "s", "OK");
    wr(a, 0, "/local/domain/5/x", "", "OK");
    sp(a, "/local/domain/5", "n5\0", 3, "OK");
    sp(a, "/local/domain/5/x", "n5\0", 3, "OK");
    become(g, 5);
    xsdc_send(g, XS_WATCH, 0, "/w\0tok", 7);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH);
    ck_assert_str_eq(o, "OK");
    ck_assert_uint_eq(xsdc_recv(g, o, &l), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "/w");
    /* guest cannot see /w/secret's change; it sees its own node */
    wr(a, 0, "/w/secret", "t", "OK");
    xsdc_send(g, XS_WATCH, 0, "x\0rel", 6);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "x");
    wr(a, 0, "/local/domain/5/x", "1", "OK");
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "x");
    ck_assert_str_eq(o + 2, "rel");
    /* @releaseDomain not visible to an ungranted guest */
    xsdc_send(g, XS_WATCH, 0, "@releaseDomain\0r", 17);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH);
    rq(g, XS_READ, 0, "x", "1");
    close(a);
    close(g);
    stop();
}
END_TEST

/* Watch with its OK and initial event. */
static void watch(int fd, const char *path, const char *tok)
{
    char b[256], o[4200];
    int l = sprintf(b, "%s", path) + 1;

    l += sprintf(b + l, "%s", tok) + 1;
    xsdc_send(fd, XS_WATCH, 0, b, l);
    ck_assert_uint_eq(xsdc_recv(fd, o, NULL), XS_WATCH);
    ck_assert_str_eq(o, "OK");
    ck_assert_uint_eq(xsdc_recv(fd, o, NULL), XS_WATCH_EVENT);
}

static void expect_event(int fd, const char *path, const char *tok)
{
    char o[4200];

    ck_assert_uint_eq(xsdc_recv(fd, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, path);
    ck_assert_str_eq(o + strlen(o) + 1, tok);
}

/* No event is queued ahead of a reply to a request sent now. */
static void expect_no_event(int fd)
{
    char o[4200];

    xsdc_send(fd, XS_READ, 0, "/", 2);
    ck_assert_uint_eq(xsdc_recv(fd, o, NULL), XS_READ);
}

/*
 * Matching through the watch index: the changed path and each parent ("/"
 * too), never a sibling sharing a prefix; one event per watch, in the
 * order each connection registered them; unwatch drops just that one.
 */
START_TEST(test_watch_match)
{
    char o[4200];
    int a, b, w;

    start(NULL);
    a = cli();
    b = cli();
    w = cli();
    wr(w, 0, "/m/a/bc", "", "OK");
    watch(a, "/m/a/b", "t1");
    watch(a, "/", "t2");
    watch(a, "/m", "t3");
    watch(a, "/m/a/bc", "t4");
    watch(a, "/m/a/b", "t5");
    watch(b, "/m/a", "tb");
    wr(w, 0, "/m/a/b/c", "1", "OK");
    expect_event(a, "/m/a/b", "t1");     /* created parents fire too */
    expect_event(a, "/m/a/b", "t2");
    expect_event(a, "/m/a/b", "t3");
    expect_event(a, "/m/a/b", "t5");
    expect_event(a, "/m/a/b/c", "t1");
    expect_event(a, "/m/a/b/c", "t2");
    expect_event(a, "/m/a/b/c", "t3");
    expect_event(a, "/m/a/b/c", "t5");
    expect_no_event(a);
    expect_event(b, "/m/a/b", "tb");
    expect_event(b, "/m/a/b/c", "tb");
    expect_no_event(b);
    ck_assert_uint_eq(xsdc_req(a, XS_UNWATCH, 0, "/m/a/b\0t1", 10, o),
                      XS_UNWATCH);
    ck_assert_str_eq(o, "OK");
    ck_assert_uint_eq(xsdc_req(a, XS_UNWATCH, 0, "/m/a/b\0t1", 10, o),
                      XS_ERROR);
    ck_assert_str_eq(o, "ENOENT");
    wr(w, 0, "/m/a/b/c", "2", "OK");
    expect_event(a, "/m/a/b/c", "t2");
    expect_event(a, "/m/a/b/c", "t3");
    expect_event(a, "/m/a/b/c", "t5");
    expect_no_event(a);
    wr(w, 0, "/m/a/bc", "x", "OK");
    expect_event(a, "/m/a/bc", "t2");
    expect_event(a, "/m/a/bc", "t3");
    expect_event(a, "/m/a/bc", "t4");
    expect_no_event(a);
    close(a);
    close(b);
    close(w);
    stop();
}
END_TEST

START_TEST(test_perms)
{
    int a, g, t;

    start(NULL);
    a = cli();
    g = cli();
    t = cli();
    wr(a, 0, "/local/domain/3/data", "d", "OK");
    become(g, 3);
    become(t, 4);
    rq(g, XS_READ, 0, "/local/domain/3/data", "EACCES");
    sp(a, "/local/domain/3/data", "n3\0", 3, "OK");
    rq(g, XS_READ, 0, "/local/domain/3/data", "d");
    rq(t, XS_READ, 0, "/local/domain/3/data", "EACCES");
    sp(g, "/local/domain/3/data", "n4\0", 3, "EPERM");
    sp(g, "/local/domain/3/data", "n3\0r4\0", 6, "OK");
    rq(t, XS_READ, 0, "/local/domain/3/data", "d");
    wr(t, 0, "/local/domain/3/data", "x", "EACCES");
    rq(g, XS_GET_PERMS, 0, "/local/domain/3/data", "n3");
    rq(t, XS_WRITE, 0, "/local/domain/3/data/new", "EACCES");
    wr(g, 0, "/local/domain/3/data/kid", "k", "OK");
    rq(a, XS_GET_PERMS, 0, "/local/domain/3/data/kid", "n3");
    rq(g, XS_INTRODUCE, 0, "1\0" "2\0" "3", "EACCES");
    rq(g, XS_CONTROL, 0, "check", "EACCES");
    sp(a, "/", "r0\0", 3, "OK");
    sp(g, "/", "b3\0", 3, "EACCES");
    close(a);
    close(g);
    close(t);
    stop();
}
END_TEST

START_TEST(test_quotas)
{
    char o[4200], p[64];
    int a, g, i;

    start("-E 5 -W 2 -t 1 -S 100");
    a = cli();
    g = cli();
    wr(a, 0, "/local/domain/7", "", "OK");
    xsdc_send(a, XS_SET_PERMS, 0, "/local/domain/7\0b7", 19);
    ck_assert_uint_eq(xsdc_recv(a, o, NULL), XS_SET_PERMS);
    become(g, 7);
    for (i = 0; i < 4; i++) {   /* 5 with /local/domain/7 itself */
        sprintf(p, "n%d", i);
        wr(g, 0, p, "", "OK");
    }
    wr(g, 0, "n9", "", "ENOSPC");
    memset(p, 'x', 63);
    p[63] = 0;
    wr(g, 0, "n0", p, "OK");
    {
        char big[200];
        memset(big, 'y', 150);
        big[150] = 0;
        wr(g, 0, "n0", big, "ENOSPC");
    }
    xsdc_send(g, XS_WATCH, 0, "n0\0a", 5);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH);
    xsdc_send(g, XS_WATCH, 0, "n0\0b", 5);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH_EVENT);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH);
    ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_WATCH_EVENT);
    /* Xen 4.17 lets a domain go one over -W and -t before refusing */
    xsdc_req(g, XS_WATCH, 0, "n0\0c", 5, o);
    ck_assert_str_eq(o, "OK");
    xsdc_req(g, XS_WATCH, 0, "n0\0d", 5, o);
    ck_assert_str_eq(o, "E2BIG");
    xsdc_req(g, XS_TRANSACTION_START, 0, "", 1, o);
    xsdc_req(g, XS_TRANSACTION_START, 0, "", 1, o);
    ck_assert_uint_gt(atoi(o), 0);
    rq(g, XS_TRANSACTION_START, 0, "", "ENOSPC");
    /* Dom0 keeps being served and is exempt */
    for (i = 0; i < 20; i++) {
        sprintf(p, "/q/n%d", i);
        wr(a, 0, p, "", "OK");
    }
    close(a);
    close(g);
    stop();
}
END_TEST

START_TEST(test_oversized)
{
    char o[4200];
    struct xsd_sockmsg h = { XS_READ, 1, 0, 5000 };
    int a, b;

    start(NULL);
    a = cli();
    b = cli();
    xsdc_full(a, &h, sizeof(h), true);
    ck_assert_int_eq(read(a, o, sizeof(o)), 0);
    rq(b, XS_READ, 0, "/", "");
    close(a);
    close(b);
    stop();
}
END_TEST

START_TEST(test_deep)
{
    char *p = malloc(3100), o[4200];
    int a, i, l = 0;

    start(NULL);
    a = cli();
    for (i = 0; l < 3000; i++)
        l += sprintf(p + l, "/d");
    wr(a, 0, p, "deep", "OK");
    rq(a, XS_READ, 0, p, "deep");
    rq(a, XS_RM, 0, "/d", "OK");
    rq(a, XS_READ, 0, "/d", "ENOENT");
    for (; l < 3100; l += 2)
        strcat(p, "/d");
    xsdc_req(a, XS_WRITE, 0, p, strlen(p) + 1, o);
    ck_assert_str_eq(o, "EINVAL");
    free(p);
    close(a);
    stop();
}
END_TEST

/* A number from CONTROL "quota <domid>" (what the domain uses now). */
static unsigned long used(int a, unsigned domid, const char *what)
{
    char b[64], o[4200], *p;
    int l = sprintf(b, "quota") + 1;

    l += sprintf(b + l, "%u", domid) + 1;
    ck_assert_uint_eq(xsdc_req(a, XS_CONTROL, 0, b, l, o), XS_CONTROL);
    p = strstr(o, what);
    ck_assert_ptr_nonnull(p);
    return strtoul(p + strlen(what), NULL, 10);
}

START_TEST(test_quota_perms_path)
{
    int a, g;

    start("-A 2 -M 10");
    a = cli();
    g = cli();
    wr(a, 0, "/local/domain/7", "", "OK");
    sp(a, "/local/domain/7", "n7\0", 3, "OK");
    become(g, 7);
    wr(g, 0, "n", "", "OK");
    /* -A 2: two entries, the owner's included */
    sp(g, "n", "n7\0r1\0", 6, "OK");
    sp(g, "n", "n7\0r1\0r2\0", 9, "ENOSPC");
    sp(a, "/local/domain/7/n", "n7\0r1\0r2\0r3\0r4\0", 15, "OK");
    /* -M 10: "/local/domain/7" plus at most 10 characters */
    wr(g, 0, "123456789", "", "OK");
    wr(g, 0, "1234567890", "", "EINVAL");
    wr(a, 0, "/local/domain/7/1234567890/long/for/dom0", "", "OK");
    close(a);
    close(g);
    stop();
}
END_TEST

START_TEST(test_quota_memory)
{
    char v[1001], p[32];
    int a, g, i;

    start("-Q memory=5000 -q memory=3000");
    a = cli();
    g = cli();
    wr(a, 0, "/local/domain/7", "", "OK");
    sp(a, "/local/domain/7", "n7\0", 3, "OK");
    become(g, 7);
    memset(v, 'm', 1000);
    v[1000] = 0;
    for (i = 0; i < 4; i++) {
        sprintf(p, "m%d", i);
        wr(g, 0, p, v, "OK");
    }
    wr(g, 0, "m9", v, "ENOMEM");
    ck_assert_uint_le(used(a, 7, "memory"), 5000);
    ck_assert_uint_ge(used(a, 7, "memory"), 4000);
    /* the owner's nodes go, their memory comes back */
    rq(g, XS_RM, 0, "m0", "OK");
    wr(g, 0, "m9", v, "OK");
    /* Dom0 is exempt and keeps being served */
    wr(a, 0, "/local/domain/7/big", v, "OK");
    for (i = 0; i < 10; i++) {
        sprintf(p, "/d0/%d", i);
        wr(a, 0, p, v, "OK");
    }
    close(a);
    close(g);
    stop();
}
END_TEST

/*
 * XSA-326: a guest that never reads its events cannot make the daemon
 * queue them without bound; -w drops the ones left unread.
 */
START_TEST(test_quota_event_flood)
{
    char b[1100], tok[1000], o[4200];
    unsigned long m;
    int a, g, i, l;

    start("-Q memory=60000 -w watch-event=1");
    a = cli();
    g = cli();
    wr(a, 0, "/local/domain/7/x", "", "OK");
    sp(a, "/local/domain/7", "n7\0", 3, "OK");
    sp(a, "/local/domain/7/x", "n7\0", 3, "OK");
    become(g, 7);
    memset(tok, 't', sizeof(tok) - 1);
    tok[sizeof(tok) - 1] = 0;
    l = sprintf(b, "x") + 1;
    l += sprintf(b + l, "%s", tok) + 1;
    ck_assert_uint_eq(xsdc_req(g, XS_WATCH, 0, b, l, o), XS_WATCH);
    /* ~4 MB of events: far more than a socket buffer holds */
    for (i = 0; i < 4000; i++)
        wr(a, 0, "/local/domain/7/x", "v", "OK");
    m = used(a, 7, "memory");
    ck_assert_uint_le(m, 60000);
    sleep(3);
    ck_assert_uint_lt(used(a, 7, "memory"), m > 20000 ? m : 20000);
    /* the guest is still served: read what is left, then a reply */
    ck_assert_uint_eq(xsdc_req(g, XS_READ, 0, "x", 2, o), XS_READ);
    ck_assert_str_eq(o, "v");
    close(a);
    close(g);
    stop();
}
END_TEST

/* -Q outstanding: a guest that does not read replies is not read from. */
START_TEST(test_quota_outstanding)
{
    char v[4001], o[4200];
    int a, g, i;

    start("-Q outstanding=5");
    a = cli();
    g = cli();
    memset(v, 'o', 4000);
    v[4000] = 0;
    wr(a, 0, "/local/domain/7/big", v, "OK");
    sp(a, "/local/domain/7", "n7\0", 3, "OK");
    sp(a, "/local/domain/7/big", "n7\0", 3, "OK");
    become(g, 7);
    /* ~100 replies of 4 KB: more than the socket buffer takes */
    for (i = 0; i < 100; i++)
        xsdc_send(g, XS_READ, 0, "big", 4);
    usleep(300 * 1000);
    ck_assert_uint_le(used(a, 7, "outstanding"), 5);
    ck_assert_uint_le(used(a, 7, "memory"), 40000);
    wr(a, 0, "/other", "still served", "OK");
    for (i = 0; i < 100; i++) {
        ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_READ);
        ck_assert_uint_eq(strlen(o), 4000);
    }
    rq(g, XS_READ, 0, "/local/domain/7/big", v);
    /* 200 small requests at once: read ahead past the quota, all served */
    wr(a, 0, "/local/domain/7/small", "s", "OK");
    sp(a, "/local/domain/7/small", "n7\0", 3, "OK");
    for (i = 0; i < 200; i++)
        xsdc_send(g, XS_READ, 0, "small", 6);
    for (i = 0; i < 200; i++) {
        ck_assert_uint_eq(xsdc_recv(g, o, NULL), XS_READ);
        ck_assert_str_eq(o, "s");
    }
    close(a);
    close(g);
    stop();
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("xenstored");
    TCase *tc = tcase_create("wire");

    tcase_add_test(tc, test_basic);
    tcase_add_test(tc, test_directory_part);
    tcase_add_test(tc, test_transactions);
    tcase_add_test(tc, test_watches);
    tcase_add_test(tc, test_watch_match);
    tcase_add_test(tc, test_perms);
    tcase_add_test(tc, test_quotas);
    tcase_add_test(tc, test_oversized);
    tcase_add_test(tc, test_deep);
    tcase_add_test(tc, test_quota_perms_path);
    tcase_add_test(tc, test_quota_memory);
    tcase_add_test(tc, test_quota_event_flood);
    tcase_add_test(tc, test_quota_outstanding);
    tcase_set_timeout(tc, 60);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    int nf;

    signal(SIGPIPE, SIG_IGN);
    srunner_run_all(sr, CK_NORMAL);
    nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
