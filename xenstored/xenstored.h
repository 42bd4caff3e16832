/*
 * xenstored: private header shared by the daemon's modules (store, txn,
 * watch, perms, quota, conn, domain, main).  Nothing here is public.
 */
#ifndef XENSTORED_H
#define XENSTORED_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <xen/io/xs_wire.h>

#define PERM_NONE  0
#define PERM_READ  1
#define PERM_WRITE 2
#define PERM_OWNER 4

struct perm {
    uint32_t id;
    char p;                     /* 'n' 'r' 'w' 'b' */
    uint32_t slot;              /* in the main store: index in the named
                                   domain's refv (quota.c), or NO_SLOT */
};
#define NO_SLOT UINT32_MAX
/* What an ACL entry costs its owner: its id and letter (the slot is the
 * daemon's own bookkeeping). */
#define PERM_MEM 8

struct node {
    char *path;                 /* absolute, or "@..." special */
    char *value;
    uint32_t vlen;
    struct perm *perms;         /* perms[0]: owner + default */
    unsigned nperms;
    char *children;             /* names, each NUL-terminated */
    uint32_t clen;
    uint64_t gen;
    bool tomb;                  /* deleted inside a transaction */
    struct node *hnext;
};

struct table {
    struct node **b;
    size_t nb, n;
};

struct txn;
struct conn;

/* A view is the main store, or a transaction's overlay on it. */
struct view {
    struct txn *tx;
};

/* Quotas (Xen 4.17 defaults), see quota.c. */
struct quota {
    unsigned entries;           /* -E */
    unsigned entry_size;        /* -S */
    unsigned watches;           /* -W */
    unsigned transactions;      /* -t */
    unsigned perms;             /* -A */
    unsigned path_max;          /* -M */
    unsigned tx_nodes;          /* -Q transaction-nodes= */
    unsigned outstanding;       /* -Q outstanding= */
    unsigned memory;            /* -Q memory= bytes (0: off) */
    unsigned memory_soft;       /* -q memory= bytes (0: off) */
    unsigned watch_timeout;     /* -w seconds (0: off) */
};
extern struct quota quota;

struct dom {
    uint32_t domid;
    unsigned nodes, watches, txns, outstanding;
    /* The main store's ACL entries (not owners) naming domid, so that
     * its release visits just those nodes (none kept for Dom0). */
    struct dom_ref { struct node *n; unsigned i; } *refv;
    unsigned refs, refcap;
    size_t memory;              /* bytes: nodes, watches, queued output */
    bool soft_warned;
    bool introduced;
    bool shutdown;              /* @releaseDomain fired for its shutdown */
    struct conn *conn;          /* ring connection, if introduced */
    struct dom *next;
};

struct watch {
    char *path;                 /* as registered (maybe relative) */
    char *abs;                  /* absolute or "@..." */
    size_t alen;                /* strlen(abs) */
    char *token;
    uint32_t domid;             /* charged for it */
    uint64_t seq;               /* registration order, daemon wide */
    struct conn *c;
    struct watch *next, *prev;  /* the connection's watches */
    struct watch *hnext;        /* index bucket (watch.c) */
};

struct outmsg {
    struct xsd_sockmsg hdr;
    char *body;
    size_t off;                 /* bytes of hdr+body already sent */
    uint32_t domid;             /* charged for it (memory, outstanding) */
    long queued;                /* CLOCK_MONOTONIC seconds */
    struct outmsg *next;
};

/* Transport of a ring connection (domain.c); sockets use read/write. */
struct ring_ops {
    ssize_t (*read)(struct conn *c, void *buf, size_t len);
    ssize_t (*write)(struct conn *c, const void *buf, size_t len);
    void (*fail)(struct conn *c, uint32_t err);  /* XENSTORE_ERROR_* */
};

/* Which of the main loop's lists a connection is on (conn.c). */
enum conn_list { CONN_IDLE, CONN_WOKEN, CONN_PARKED };

struct conn {
    int fd;                     /* socket, or -1 for a ring */
    uint32_t domid;             /* who this connection speaks for */
    uint32_t target;            /* SET_TARGET, or UINT32_MAX */
    bool privileged;
    bool dead;
    struct xsd_sockmsg inhdr;
    char *inbuf;
    size_t inlen;               /* bytes of hdr+body received */
    struct outmsg *out, *outtail;
    unsigned nout;
    struct watch *watches, *watchtail;
    unsigned nwatches;
    struct txn *txns;
    uint32_t next_txid;
    const struct ring_ops *ring;
    void *ringpriv;
    bool stalled;               /* input waits for memory */
    char *rbuf;                 /* socket input read ahead (conn.c) */
    size_t rpos, rlen;
    uint32_t pollmask;          /* events the loop polls its socket for */
    enum conn_list list;
    struct conn *lnext, *lprev; /* on the woken or parked list */
    struct conn *next, *prev;   /* all connections */
};

/* store.c */
int  store_init(void);
struct node *view_get(struct view *v, const char *path);
int  view_put(struct view *v, struct node *n);
int  view_del(struct view *v, const char *path, const struct node *old);
struct node *node_new(const char *path);
struct node *node_dup(const struct node *n);
void node_free(struct node *n);
int  node_add_child(struct node *n, const char *name);
void node_del_child(struct node *n, const char *name);
int  node_set_value(struct node *n, const char *val, uint32_t len);
int  node_set_perms(struct node *n, const struct perm *p, unsigned np);
const char *path_base(const char *path);
/* FNV-1a of a path, step by step so prefixes hash on the way. */
#define PATH_HASH_INIT ((size_t)1469598103934665603ULL)
#define PATH_HASH_STEP(h, ch) (((h) ^ (unsigned char)(ch)) * \
                               (size_t)1099511628211ULL)
size_t path_hash(const char *s);
struct node *table_get(struct table *t, const char *path);
int  table_put(struct table *t, struct node *n);
struct node *table_take(struct table *t, const char *path);
void table_free(struct table *t);
extern uint64_t store_gen;
extern struct table store;

/* perms.c */
unsigned perm_for(const struct conn *c, const struct node *n);
int  perms_parse(const char *buf, size_t len, struct perm **out,
                 unsigned *np);
char *perms_format(const struct node *n, size_t *len);
int  path_canon(const struct conn *c, const char *in, char **out,
                bool allow_special);
void perms_purge_domid(uint32_t domid);

/* txn.c */
struct txn {
    uint32_t id;
    struct conn *c;
    struct table overlay;       /* written nodes and tombstones */
    struct table reads;         /* path -> gen seen (node.gen; 0 absent) */
    struct txevent *events;
    unsigned nmod;
    struct txn *next;
};
struct txevent {
    char *path;
    bool exact;
    struct perm *perms;
    unsigned nperms;
    struct txevent *next;
};
void txn_note_read(struct txn *t, const char *path, const struct node *n);
struct txn *txn_find(struct conn *c, uint32_t id);
int  txn_start(struct conn *c, uint32_t *id);
int  txn_end(struct conn *c, struct txn *t, bool commit);
void txn_free(struct txn *t);
void txn_add_event(struct txn *t, const char *path, bool exact,
                   const struct node *n);

/* watch.c */
int  watch_add(struct conn *c, const char *path, const char *token);
int  watch_del(struct conn *c, const char *path, const char *token);
void watch_reset(struct conn *c);
void watch_free_all(struct conn *c);
void watch_fire(const char *path, bool exact, const struct perm *p,
                unsigned np);
void watch_fire_node(const char *path, bool exact, const struct node *n);

/* quota.c / domain accounting */
struct dom *dom_get(uint32_t domid, bool create);
void dom_forget(uint32_t domid);
bool dom_exempt(const struct conn *c);
/*
 * Charges (sign 1) or refunds (-1) a main-store node to its owner, and
 * records its ACL entries against the domids they name, so that a released
 * domain's rights are found without searching the store, and its nodes
 * are searched for only when some remain.  acct_refs_lost: a record could
 * not be kept (no memory); search the whole store on every release.
 */
void acct_node(uint32_t owner, struct node *n, int sign);
extern bool acct_refs_lost;
size_t node_mem(const struct node *n);
void acct_mem(uint32_t domid, ssize_t delta);
int  quota_mem_check(const struct conn *c, size_t extra);
bool conn_can_read(const struct conn *c);
int  quota_parse_q(const char *arg, bool soft);

/* conn.c */
struct conn *conn_new(int fd, uint32_t domid, bool priv);
void conn_free(struct conn *c);
void conn_input(struct conn *c);
/* Whether a socket has requests read ahead but not handled yet. */
bool conn_has_input(const struct conn *c);
int  conn_output(struct conn *c);
int  conn_send(struct conn *c, uint32_t type, uint32_t req, uint32_t tx,
               const void *body, size_t len);
void conn_expire_events(struct conn *c, long now);
void conn_reset(struct conn *c);
long mono_now(void);
/*
 * The main loop services woken connections (new input, output queued, a
 * state change) and, once per pass, parked ones (waiting for room to
 * write, or for quota to read); idle connections cost nothing until their
 * socket or event channel fires.  conn_kill marks c dead and wakes it so
 * the loop frees it (a guest's ring only once its domain is released).
 */
void conn_wake(struct conn *c);
void conn_park(struct conn *c);
void conn_idle(struct conn *c);
void conn_kill(struct conn *c);
struct conn *conn_pop_woken(void);
void conn_wake_parked(void);
struct conn *conn_parked(void);
extern struct conn *conns;
extern unsigned nconns;
extern bool test_mode;

/* ops.c: one request, its NUL-separated arguments */
struct req {
    const struct xsd_sockmsg *h;
    char *body;
    uint32_t len;
    const char *arg[8];
    unsigned nargs;
};
int  do_control(struct conn *c, struct view *v, struct req *r);
int  log_reopen(void);
void watch_initial(struct conn *c, const char *path, const char *token);
void dispatch(struct conn *c, const struct xsd_sockmsg *h, char *body);
int  do_rm_tree(struct conn *c, struct view *v, const char *path,
                bool events);

/* domain.c */
int  domain_init(void);
int  domain_fd(void);
/* dom0_linux.c: the Dom0 kernel's ring page and event channel, if any. */
int  dom0_kernel_ring(void **intf, uint32_t *port);
void dom0_kernel_ring_unmap(void *intf);
void domain_event(void);
int  domain_introduce(struct conn *c, uint32_t domid, uint64_t mfn,
                      uint32_t port);
int  domain_release(uint32_t domid, bool fire);
int  domain_resume(uint32_t domid);

/* main.c */
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void trace_msg(const struct conn *c, const char *dir,
               const struct xsd_sockmsg *h, const char *body);
extern bool opt_keep_orphans;
extern bool opt_verbose;

/* loop.c: serves lfd, the event channel device and every connection. */
void loop_run(int lfd) __attribute__((noreturn));

#endif
