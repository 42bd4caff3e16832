/*
 * xenstored with guest rings on the simulator: XS_INTRODUCE maps a
 * simulated domain's xenstore page, the test plays the guest on that
 * ring (a forked child notifies as the guest), Dom0 speaks on a socket.
 * Covers INTRODUCE/RELEASE end to end and the ring-reachable XSAs.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/io/xs_wire.h>

#include "xenctrl.h"
#include "sim_ring.h"
#include "xsd_client.h"

#define RING_GFN 0x30

static struct sim_ring R;
static char sock[300];
static pid_t xsd = -1;
static struct xenstore_domain_interface *intf;

static void start_xsd(const char *extra)
{
    char cmd[1024];
    const char *b = getenv("top_builddir");
    int i;

    snprintf(sock, sizeof(sock), "%s/xs.sock", R.dir);
    xsd = fork();
    ck_assert_int_ge(xsd, 0);
    if (xsd == 0) {
        signal(SIGTERM, SIG_DFL);
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGTERM);  /* a failed test ends it too */
        snprintf(cmd, sizeof(cmd), "exec %s/xenstored/xenstored -N -X "
                 "--socket %s --log-file %s/log %s", b ? b : ".", sock, R.dir,
                 extra ? extra : "");
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    for (i = 0; i < 500 && access(sock, F_OK); i++)
        usleep(10000);
    ck_assert_int_eq(access(sock, F_OK), 0);
    usleep(50000);
}

static void setup_with(const char *extra)
{
    uint64_t g = RING_GFN;

    sim_ring_setup(&R, "check_xsdring", RING_GFN);
    unsetenv("XENSTORED_PATH");
    intf = xc_map_foreign_pages(R.xch, R.dom, PROT_READ | PROT_WRITE, &g, 1);
    ck_assert_ptr_nonnull(intf);
    start_xsd(extra);
}

static void teardown(void)
{
    if (xsd > 0) {
        kill(xsd, SIGTERM);
        waitpid(xsd, NULL, 0);
    }
    xsd = -1;
    xc_unmap_foreign(R.xch, intf, 1);
    sim_ring_teardown(&R);
}

/* ---- Dom0 on the socket ---- */

static int cli(void)
{
    return xsdc_connect(sock);
}

static void srq(int fd, uint32_t type, const void *b, size_t l,
                const char *expect)
{
    char o[4200];

    xsdc_req(fd, type, 0, b, l, o);
    ck_assert_str_eq(o, expect);
}

static void introduce(int a)
{
    char b[64];
    int l = sprintf(b, "%u", R.dom) + 1;

    l += sprintf(b + l, "%d", RING_GFN) + 1;
    l += sprintf(b + l, "%d", R.port) + 1;
    srq(a, XS_INTRODUCE, b, l, "OK");
}

static void domreq(int a, uint32_t type, const char *expect)
{
    char b[16];

    srq(a, type, b, sprintf(b, "%u", R.dom) + 1, expect);
}

/* ---- the guest on its ring ---- */

static void guest_notify(void)
{
    sim_ring_as_guest(&R, NULL);
}

static void ring_put(const void *b, size_t l)
{
    XENSTORE_RING_IDX p = intf->req_prod;
    size_t i;

    ck_assert_uint_le(l, XENSTORE_RING_SIZE - (p - intf->req_cons));
    for (i = 0; i < l; i++)
        intf->req[MASK_XENSTORE_IDX(p + i)] = ((const char *)b)[i];
    __atomic_store_n(&intf->req_prod, p + (XENSTORE_RING_IDX)l,
                     __ATOMIC_RELEASE);
}

static bool ring_get(void *b, size_t l, int ms)
{
    XENSTORE_RING_IDX c;
    size_t i;

    for (; ms > 0; ms -= 5) {
        c = intf->rsp_cons;
        if (__atomic_load_n(&intf->rsp_prod, __ATOMIC_ACQUIRE) - c >= l) {
            for (i = 0; i < l; i++)
                ((char *)b)[i] = intf->rsp[MASK_XENSTORE_IDX(c + i)];
            intf->rsp_cons = c + (XENSTORE_RING_IDX)l;
            return true;
        }
        usleep(5000);
    }
    return false;
}

/* A guest request on the ring; the reply's type, its body in out. */
static uint32_t greq(uint32_t type, const void *b, size_t l, char *out)
{
    struct xsd_sockmsg h = { type, 3, 0, l };

    ring_put(&h, sizeof(h));
    ring_put(b, l);
    guest_notify();
    do {
        ck_assert(ring_get(&h, sizeof(h), 5000));
        ck_assert_uint_le(h.len, XENSTORE_PAYLOAD_MAX);
        ck_assert(ring_get(out, h.len, 5000));
        out[h.len] = 0;
    } while (h.type == XS_WATCH_EVENT);
    return h.type;
}

static void grq(uint32_t type, const void *b, size_t l, const char *expect)
{
    char o[4200];

    greq(type, b, l, o);
    ck_assert_str_eq(o, expect);
}

static void gwrite(const char *path, const char *val, const char *expect)
{
    char b[4200];
    size_t l = strlen(path) + 1;

    memcpy(b, path, l);
    memcpy(b + l, val, strlen(val));
    grq(XS_WRITE, b, l + strlen(val), expect);
}

static void swrite(int a, const char *path, const char *val,
                   const char *expect)
{
    char b[4200];
    size_t l = strlen(path) + 1;

    memcpy(b, path, l);
    memcpy(b + l, val, strlen(val));
    srq(a, XS_WRITE, b, l + strlen(val), expect);
}

static void sperms(int a, const char *path, const char *p1, const char *p2)
{
    char b[256];
    int l = sprintf(b, "%s", path) + 1;

    l += sprintf(b + l, "%s", p1) + 1;
    if (p2)
        l += sprintf(b + l, "%s", p2) + 1;
    srq(a, XS_SET_PERMS, b, l, "OK");
}

static void home(int a)
{
    char p[64], o[16];

    snprintf(p, sizeof(p), "/local/domain/%u", R.dom);
    swrite(a, p, "", "OK");
    snprintf(o, sizeof(o), "n%u", R.dom);
    sperms(a, p, o, NULL);
}

/*
 * INTRODUCE, the guest's requests on its ring, @introduceDomain and
 * @releaseDomain (XSA-115: an unprivileged watcher only once granted),
 * RELEASE frees the domain's nodes and accounting, and a reused domid
 * inherits nothing (XSA-322).
 */
START_TEST(introduce_release)
{
    char o[4200], p[64], r[16], b[64];
    int a = cli(), w = cli(), l;

    home(a);
    snprintf(r, sizeof(r), "r%u", R.dom);
    swrite(a, "/acl", "secret", "OK");
    sperms(a, "/acl", "n0", r);
    snprintf(b, sizeof(b), "b%u", R.dom);
    swrite(a, "/shared", "", "OK");
    sperms(a, "/shared", "n0", b);
    /* w: an unprivileged watcher (domain 9) of the special nodes */
    l = sprintf(b, "set-domid") + 1;
    l += sprintf(b + l, "9") + 1;
    srq(w, XS_CONTROL, b, l, "OK");
    srq(w, XS_WATCH, "@introduceDomain\0i", 19, "OK");
    ck_assert_uint_eq(xsdc_recv(w, o, NULL), XS_WATCH_EVENT);     /* initial */
    srq(a, XS_WATCH, "@releaseDomain\0rel", 19, "OK");
    ck_assert_uint_eq(xsdc_recv(a, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "@releaseDomain");

    introduce(a);
    domreq(a, XS_IS_DOMAIN_INTRODUCED, "T");
    domreq(a, XS_RESUME, "OK");
    /* XSA-115: domain 9 was not granted @introduceDomain */
    xsdc_send(w, XS_GET_DOMAIN_PATH, 0, "9", 2);
    ck_assert_uint_eq(xsdc_recv(w, o, NULL), XS_GET_DOMAIN_PATH);
    gwrite("data/x", "hi", "OK");
    snprintf(p, sizeof(p), "/local/domain/%u/data/x", R.dom);
    srq(a, XS_READ, p, strlen(p) + 1, "hi");
    grq(XS_READ, "data/x", 7, "hi");
    grq(XS_READ, "/acl", 5, "secret");
    gwrite("/shared/g", "mine", "OK");
    snprintf(b, sizeof(b), "n%u", R.dom);          /* the guest owns it */
    grq(XS_GET_PERMS, "/shared/g", 10, b);
    grq(XS_IS_DOMAIN_INTRODUCED, "0", 2, "EACCES");
    grq(XS_RELEASE, "5", 2, "EACCES");
    grq(XS_CONTROL, "check", 6, "EACCES");

    /* Now grant domain 9 the special node: it sees the release. */
    sperms(a, "@releaseDomain", "n0", "r9");
    /* An ACL entry on a special node goes with the domain too. */
    sperms(a, "@introduceDomain", "n0", r);
    srq(w, XS_WATCH, "@releaseDomain\0r9", 18, "OK");
    ck_assert_uint_eq(xsdc_recv(w, o, NULL), XS_WATCH_EVENT);
    xsdc_send(a, XS_RELEASE, 0, b, sprintf(b, "%u", R.dom) + 1);
    ck_assert_uint_eq(xsdc_recv(a, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "@releaseDomain");
    ck_assert_uint_eq(xsdc_recv(a, o, NULL), XS_RELEASE);
    ck_assert_str_eq(o, "OK");
    ck_assert_uint_eq(xsdc_recv(w, o, NULL), XS_WATCH_EVENT);
    ck_assert_str_eq(o, "@releaseDomain");
    domreq(a, XS_IS_DOMAIN_INTRODUCED, "F");
    domreq(a, XS_RESUME, "ENOENT");
    domreq(a, XS_RELEASE, "ENOENT");
    /* its nodes and its accounting are gone; its ACL entries too */
    srq(a, XS_READ, p, strlen(p) + 1, "ENOENT");
    srq(a, XS_READ, "/shared/g", 10, "ENOENT");
    srq(a, XS_GET_PERMS, "/acl", 5, "n0");
    srq(a, XS_GET_PERMS, "@introduceDomain", 17, "n0");
    l = sprintf(b, "quota") + 1;
    l += sprintf(b + l, "%u", R.dom) + 1;
    srq(a, XS_CONTROL, b, l, "ENOENT");

    /* XSA-322: the domid comes back, and inherits nothing */
    memset(intf, 0, sizeof(*intf));
    home(a);
    introduce(a);
    grq(XS_READ, "/acl", 5, "EACCES");
    gwrite("data/y", "again", "OK");
    close(a);
    close(w);
}
END_TEST

/* Dom0 sets path's ACL to the space-separated perms ('%' is R.dom). */
static void sperms_v(int a, const char *path, const char *perms)
{
    char b[256], *s = b + sprintf(b, "%s", path) + 1;

    for (; *perms; perms++)
        if (*perms == '%')
            s += sprintf(s, "%u", R.dom);
        else
            *s++ = *perms == ' ' ? 0 : *perms;
    *s++ = 0;
    srq(a, XS_SET_PERMS, b, s - b, "OK");
}

/* path's ACL as Dom0 reads it, space-separated. */
static void perms_are(int a, const char *path, const char *want)
{
    char o[4200];
    uint32_t i, len;

    xsdc_send(a, XS_GET_PERMS, 0, path, strlen(path) + 1);
    while (xsdc_recv(a, o, &len) == XS_WATCH_EVENT)
        ;
    for (i = 0; i + 1 < len; i++)
        if (!o[i])
            o[i] = ' ';
    ck_assert_str_eq(o, want);
}

/*
 * XSA-322 where Dom0's nodes outlive the domain (as /vm/<uuid> does):
 * release takes the domid out of every ACL that names it, also after the
 * nodes were rewritten, removed or re-permitted in between and with the
 * domid twice in one ACL, and leaves the other domains' entries alone;
 * the domid comes back and reads none of them.
 */
START_TEST(release_purges_acls)
{
    static const char *const vm[] = {
        "/vm/u/name", "/vm/u/uuid", "/vm/u/image", "/vm/u/image/ostype",
    };
    char b[64];
    unsigned i;
    int a = cli();

    home(a);
    introduce(a);
    swrite(a, "/vm/u", "", "OK");
    sperms_v(a, "/vm/u", "n0 r%");
    for (i = 0; i < 4; i++)         /* created under it: its ACL too */
        swrite(a, vm[i], "v", "OK");
    swrite(a, "/multi", "m", "OK");
    sperms_v(a, "/multi", "n0 r% w9 b%");
    swrite(a, "/other", "o", "OK");
    sperms_v(a, "/other", "n0 r9");
    grq(XS_READ, "/vm/u/image/ostype", 19, "v");
    grq(XS_READ, "/multi", 7, "m");
    /* churn: rewritten, removed, re-permitted */
    for (i = 0; i < 3; i++) {
        swrite(a, "/vm/u/name", i ? "again" : "g1", "OK");
        swrite(a, "/multi", "m2", "OK");
    }
    srq(a, XS_RM, "/vm/u/uuid", 11, "OK");
    sperms_v(a, "/vm/u/image", "n0 r9");
    snprintf(b, sizeof(b), "n0 r%u", R.dom);
    perms_are(a, "/vm/u/image/ostype", b);
    snprintf(b, sizeof(b), "n0 r%u w9 b%u", R.dom, R.dom);
    perms_are(a, "/multi", b);

    domreq(a, XS_RELEASE, "OK");
    perms_are(a, "/vm/u", "n0");
    perms_are(a, "/vm/u/name", "n0");
    perms_are(a, "/vm/u/image", "n0 r9");
    perms_are(a, "/vm/u/image/ostype", "n0");
    perms_are(a, "/multi", "n0 w9");
    perms_are(a, "/other", "n0 r9");

    memset(intf, 0, sizeof(*intf));
    home(a);
    introduce(a);
    grq(XS_READ, "/vm/u", 6, "EACCES");
    grq(XS_READ, "/vm/u/name", 11, "EACCES");
    grq(XS_READ, "/vm/u/image/ostype", 19, "EACCES");
    grq(XS_READ, "/multi", 7, "EACCES");
    close(a);
}
END_TEST

/* Malformed packets from a guest: it is cut off, everyone else served. */
START_TEST(malformed)
{
    struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
    char o[4200];
    int a = cli();

    home(a);
    introduce(a);
    /* an unknown type and a string without its NUL are answered */
    grq(999, "x", 2, "ENOSYS");
    ck_assert(greq(XS_READ, "data", 4, o) == XS_READ ||
              !strcmp(o, "ENOENT") || !strcmp(o, "EINVAL"));
    grq(XS_WRITE, "", 0, "EINVAL");
    /* a payload longer than 4096 */
    ring_put(&h, sizeof(h));
    guest_notify();
    usleep(200 * 1000);
    ck_assert_uint_eq(intf->error, XENSTORE_ERROR_PROTO);
    swrite(a, "/still", "served", "OK");
    /* after RELEASE the same domain comes back with a clean ring ... */
    domreq(a, XS_RELEASE, "OK");
    memset(intf, 0, sizeof(*intf));
    introduce(a);
    grq(XS_READ, "/still", 7, "EACCES");
    /* ... and indices out of range cut it off again */
    intf->req_prod = intf->req_cons + 5000;
    guest_notify();
    usleep(200 * 1000);
    ck_assert_uint_eq(intf->error, XENSTORE_ERROR_RINGIDX);
    srq(a, XS_READ, "/still", 7, "served");
    domreq(a, XS_IS_DOMAIN_INTRODUCED, "T");
    domreq(a, XS_RELEASE, "OK");
    close(a);
}
END_TEST

/*
 * XSA-326: a guest that never reads its ring while Dom0 makes its watch
 * fire cannot grow the daemon: events past its memory quota are dropped.
 */
START_TEST(event_flood)
{
    char tok[600], b[700], p[64], o[4200];
    unsigned long mem;
    int a = cli(), i, l;
    char *m;

    home(a);
    introduce(a);
    memset(tok, 't', sizeof(tok) - 1);
    tok[sizeof(tok) - 1] = 0;
    l = sprintf(b, "data") + 1;
    l += sprintf(b + l, "%s", tok) + 1;
    gwrite("data", "", "OK");
    grq(XS_WATCH, b, l, "OK");
    snprintf(p, sizeof(p), "/local/domain/%u/data", R.dom);
    for (i = 0; i < 2000; i++)
        swrite(a, p, "v", "OK");
    l = sprintf(b, "quota") + 1;
    l += sprintf(b + l, "%u", R.dom) + 1;
    ck_assert_uint_eq(xsdc_req(a, XS_CONTROL, 0, b, l, o), XS_CONTROL);
    m = strstr(o, "memory");
    ck_assert_ptr_nonnull(m);
    mem = strtoul(m + 6, NULL, 10);
    ck_assert_uint_le(mem, 40000);
    swrite(a, "/dom0", "served", "OK");
    close(a);
}
END_TEST

/* n reads of path (req_id 0..n-1) on the guest's ring at once. */
static void put_reads(const char *path, unsigned n)
{
    struct xsd_sockmsg h = { XS_READ, 0, 0, (uint32_t)strlen(path) + 1 };

    for (h.req_id = 0; h.req_id < n; h.req_id++) {
        ring_put(&h, sizeof(h));
        ring_put(path, h.len);
    }
    guest_notify();
}

/*
 * -Q outstanding: a guest that queues more requests than it reads replies
 * for is throttled, not dropped; each time it reads (and notifies), the
 * daemon goes on with its requests, until every one is answered in order.
 */
START_TEST(outstanding)
{
    struct xsd_sockmsg h;
    char big[901], o[4200], p[64];
    int a = cli(), i;

    home(a);
    introduce(a);
    memset(big, 'v', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    snprintf(p, sizeof(p), "/local/domain/%u/data", R.dom);
    swrite(a, p, big, "OK");
    /* 30 reads of 900 bytes: replies far beyond the 1 KiB ring */
    put_reads("data", 30);
    for (i = 0; i < 30; i++) {
        ck_assert(ring_get(&h, sizeof(h), 5000));
        guest_notify();
        ck_assert_uint_eq(h.type, XS_READ);
        ck_assert_uint_eq(h.req_id, (uint32_t)i);
        ck_assert_uint_eq(h.len, 900);
        ck_assert(ring_get(o, h.len, 5000));
        guest_notify();
        ck_assert(!memcmp(o, big, 900));
    }
    /* 40 small replies fit the ring: the guest is served past the quota
     * of 20 without notifying as it reads */
    put_reads("none", 40);
    for (i = 0; i < 40; i++) {
        ck_assert(ring_get(&h, sizeof(h), 5000));
        ck_assert_uint_eq(h.req_id, (uint32_t)i);
        ck_assert(ring_get(o, h.len, 5000));
    }
    /* Dom0 was served all along, and the guest still is */
    swrite(a, "/dom0", "served", "OK");
    gwrite("data/after", "x", "OK");
    close(a);
}
END_TEST

/*
 * The ring's reconnect handshake: the guest sets RECONNECT and notifies;
 * the daemon drops its watches and transactions, zeroes the indices and
 * answers CONNECTED.
 */
START_TEST(reconnect)
{
    char o[4200], b[64];
    int a = cli(), i, l;

    home(a);
    introduce(a);
    ck_assert(intf->server_features & XENSTORE_SERVER_FEATURE_RECONNECTION);
    grq(XS_WATCH, "data\0tok", 9, "OK");
    ck_assert_uint_eq(greq(XS_TRANSACTION_START, "", 1, o),
                      XS_TRANSACTION_START);
    l = sprintf(b, "quota") + 1;
    l += sprintf(b + l, "%u", R.dom) + 1;
    ck_assert_uint_eq(xsdc_req(a, XS_CONTROL, 0, b, l, o), XS_CONTROL);
    ck_assert_ptr_nonnull(strstr(o, "watches            1"));
    ck_assert_ptr_nonnull(strstr(o, "transactions       1"));
    intf->connection = XENSTORE_RECONNECT;
    guest_notify();
    for (i = 0; i < 500 && intf->connection != XENSTORE_CONNECTED; i++)
        usleep(10000);
    ck_assert_uint_eq(intf->connection, XENSTORE_CONNECTED);
    ck_assert_uint_eq(intf->req_prod, 0);
    ck_assert_uint_eq(intf->rsp_prod, 0);
    ck_assert_uint_eq(xsdc_req(a, XS_CONTROL, 0, b, l, o), XS_CONTROL);
    ck_assert_ptr_nonnull(strstr(o, "watches            0"));
    ck_assert_ptr_nonnull(strstr(o, "transactions       0"));
    /* the guest starts over at index 0 */
    gwrite("data/after", "reset", "OK");
    grq(XS_READ, "data/after", 11, "reset");
    close(a);
}
END_TEST

static void setup(void)
{
    setup_with(NULL);
}

static void setup_flood(void)
{
    setup_with("-Q memory=40000");
}

static Suite *suite(void)
{
    Suite *s = suite_create("xenstored_ring");
    TCase *tc = tcase_create("ring");
    TCase *fl = tcase_create("flood");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, introduce_release);
    tcase_add_test(tc, release_purges_acls);
    tcase_add_test(tc, malformed);
    tcase_add_test(tc, reconnect);
    tcase_add_test(tc, outstanding);
    suite_add_tcase(s, tc);
    tcase_add_checked_fixture(fl, setup_flood, teardown);
    tcase_set_timeout(fl, 60);
    tcase_add_test(fl, event_flood);
    suite_add_tcase(s, fl);
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
