/*
 * libxenctrl simulator: the layout of a simulated host's shared state
 * (one mmap'd file, DIR/state, serialised with flock) and the functions
 * shared by the sim_*.c decoders.
 */
#ifndef XC_SIM_H
#define XC_SIM_H

#include <stdint.h>
#include <time.h>

#include "../xc_private.h"

#define SIM_MAGIC 0x31304d49534e4558ULL    /* "XENSIM01" */
#define SIM_MAX_DOMS 2048                  /* domain slots */
#define SIM_NR_DOMIDS 32768                /* domid index size */
#define SIM_MAX_VCPUS 64
#define SIM_MAX_PORTS 4096                 /* per domain */
#define SIM_MAX_HANDLES 1024               /* evtchn handles, host wide */
#define SIM_CONS_SIZE 65536
#define SIM_MAX_E820 128
#define SIM_NR_PARAMS 64
#define SIM_MAX_GFN (1ULL << 24)           /* 64 GiB of guest space */
#define SIM_STR 128
/* The shared info page: a frame just above guest space (DIR/dom/N/shinfo). */
#define SIM_SHINFO_GFN SIM_MAX_GFN

enum { SIM_PORT_FREE, SIM_PORT_UNBOUND, SIM_PORT_INTERDOMAIN, SIM_PORT_VIRQ };

struct sim_port {
    uint8_t state;
    uint8_t pending;
    uint8_t masked;              /* delivered, awaiting unmask */
    uint8_t pad;
    uint16_t rdom;               /* unbound: who may bind; else remote */
    uint16_t virq;
    uint32_t rport;
    int32_t handle;              /* evtchn handle slot + 1, 0 = none */
};

struct sim_vcpu {
    uint8_t online;
    uint8_t pad[3];
    uint32_t cpu;
    uint64_t cpu_time;           /* ns accumulated while not running */
    int64_t since;               /* ns when it started running, 0 = not */
    uint8_t hard[XC_CPUMAP_BYTES];
    uint8_t soft[XC_CPUMAP_BYTES];
};

struct sim_dom {
    uint32_t used;
    uint32_t domid;
    uint32_t cdf;                /* XEN_DOMCTL_CDF_* */
    uint32_t ssidref;
    uint8_t handle[16];
    uint32_t pause_count;
    uint8_t shutdown, dying, pad[2];
    uint32_t shutdown_reason;
    uint32_t max_vcpus;
    uint32_t max_evtchn_port;
    uint32_t max_grant_frames;
    uint32_t max_port_used;      /* watermark for cleanup */
    uint64_t nr_pages;
    uint64_t max_pages;
    uint64_t outstanding;        /* claimed, not yet populated */
    uint64_t max_gfn_seen;
    int32_t time_offset;
    uint32_t target;
    uint32_t nmi_count;          /* triggers received (sendtrigger) */
    uint32_t power_count, sleep_count;
    uint16_t weight, cap;
    uint32_t shadow_mb;
    uint32_t logdirty;
    uint32_t nr_e820;
    struct xc__e820entry e820[SIM_MAX_E820];
    uint64_t params[SIM_NR_PARAMS];
    struct sim_vcpu vcpu[SIM_MAX_VCPUS];
};

struct sim_handle {
    int32_t pid;                 /* 0 = free */
    uint32_t domid;
};

struct sim_host {
    uint64_t magic;
    uint32_t nr_cpus, cores_per_socket, threads_per_core, nr_nodes;
    uint32_t cpu_khz, sched_id, ratelimit_us;
    uint32_t no_shadow;          /* built without shadow paging */
    uint64_t total_pages;
    uint64_t used_pages;         /* populated by all domains */
    uint64_t claimed_pages;      /* outstanding claims */
    uint32_t xen_major, xen_minor;
    char extra[16], changeset[64], capabilities[SIM_STR];
    char commandline[SIM_STR], compiler[64], compile_by[16];
    char compile_domain[32], compile_date[32];
    uint32_t virq_dom[16];       /* global VIRQ owner domain + 1 */
    uint32_t virq_port[16];
    uint64_t cons_prod;          /* bytes ever logged */
    uint64_t cons_clear;         /* bytes before this were cleared */
    char cons[SIM_CONS_SIZE];
    uint16_t slot_of[SIM_NR_DOMIDS];   /* slot + 1, 0 = no domain */
    struct sim_handle handles[SIM_MAX_HANDLES];
};

/* The whole mapped file. */
struct sim_state {
    struct sim_host host;
    struct sim_dom dom[SIM_MAX_DOMS];
    struct sim_port ports[SIM_MAX_DOMS][SIM_MAX_PORTS];
};

/* Per-handle view of the simulated host. */
struct sim {
    int fd;                      /* DIR/state, flock'd around each op */
    struct sim_state *st;
    const char *dir;
    uint32_t self;
    uint64_t dev, ino;           /* of DIR/state: names its sockets */
};

/* Host parameters for sim_host_init (from DIR/xensim.conf). */
struct sim_config {
    unsigned cpus, nodes, cores_per_socket, threads_per_core, cpu_khz;
    unsigned long memory_mib, dom0_mib;
    unsigned xen_major, xen_minor;
    unsigned shadow_paging;      /* 0: no log-dirty for PV guests */
    char extra[16], changeset[64], commandline[SIM_STR];
};

void sim_config_default(struct sim_config *c);
int sim_config_read(const char *dir, struct sim_config *c, char *err,
                    size_t len);
int sim_config_write(const char *dir, const struct sim_config *c);

/* Map DIR/state, creating and initialising the host if it is empty. */
int sim_attach(struct sim *s, const char *dir, uint32_t self, char *err,
               size_t len);
void sim_detach(struct sim *s);
void sim_lock(struct sim *s);
void sim_unlock(struct sim *s);

int64_t sim_now(void);
void sim_log(struct sim *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct sim_dom *sim_dom(struct sim *s, uint32_t domid);
unsigned sim_slot(struct sim *s, const struct sim_dom *d);
struct sim_port *sim_ports(struct sim *s, const struct sim_dom *d);
/* Recompute vCPU run state after any pause/shutdown change. */
void sim_dom_sched(struct sim_dom *d);
uint64_t sim_vcpu_time(const struct sim_vcpu *v);
int sim_dom_create(struct sim *s, uint32_t *domid,
                   const struct xen_domctl_createdomain *c);
void sim_dom_destroy(struct sim *s, struct sim_dom *d);
char *sim_path(struct sim *s, uint32_t domid, const char *file);

/* Decoders: each returns >= 0 or -errno. */
long sim_domctl(struct sim *s, struct xen_domctl *op);
long sim_sysctl(struct sim *s, struct xen_sysctl *op);
long sim_getdomaininfolist(struct sim *s,
                           struct xen_sysctl_getdomaininfolist *l);
long sim_memory_op(struct sim *s, unsigned cmd, void *arg);
long sim_version(struct sim *s, unsigned cmd, void *arg, uint64_t len);
long sim_evtchn_hypercall(struct sim *s, unsigned cmd, void *arg);
long sim_mmuext(struct sim *s, struct mmuext_op *ops, unsigned count,
                unsigned *done, uint32_t domid);
int sim_hypercall_init(struct sim *s, struct sim_dom *d, uint64_t gfn);

/* Event channel internals. */
void sim_evtchn_fire_virq(struct sim *s, unsigned virq);
void sim_evtchn_close_all(struct sim *s, struct sim_dom *d);
int sim_evtchn_alloc(struct sim *s, struct sim_dom *d, uint32_t remote,
                     int32_t handle);

/* Memory internals. */
/* Open (O_RDWR, created) one of a domain's files DIR/dom/<id>/name,
 * growing it to at least size bytes; the fd or -errno. */
int sim_dom_file(struct sim *s, uint32_t domid, const char *name,
                 uint64_t size);
void sim_memory_release(struct sim *s, struct sim_dom *d);
/* Is gfn populated in domid? */
int sim_populated(struct sim *s, uint32_t domid, uint64_t gfn);
/* Replace each gfn of gfns[n] by its page type in an HVM domain:
 * XEN_DOMCTL_PFINFO_NOTAB if populated, else _XTAB.  0 or -errno. */
int sim_populated_types(struct sim *s, uint32_t domid, uint64_t *gfns,
                        size_t n);

/* Log-dirty (sim_dirty.c): the shadow_op log-dirty operations, and the
 * bitmap of written pages (DIR/dom/<id>/dirty) the guest kernel marks.
 * sim_dirty_map returns the shared bitmap (or NULL); set is atomic. */
int sim_logdirty_op(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_shadow_op *o);
uint64_t *sim_dirty_map(struct sim *s, uint32_t domid);
void sim_dirty_unmap(uint64_t *bm);
void sim_dirty_set(uint64_t *bm, uint64_t gfn);
void sim_dirty_mark(struct sim *s, uint32_t domid, uint64_t gfn);

/* Save/restore (sim_save.c). */
long sim_save_domctl(struct sim *s, struct sim_dom *d, struct xen_domctl *op);
/* XEN_SYSCTL_get_cpu_policy: the host and default policies (sim_save.c). */
long sim_cpu_policy_sysctl(struct sim *s, struct xen_sysctl_cpu_policy *c);
/* Pin gfn as a level 1..4 page table, or unpin it (level 0). */
int sim_pin(struct sim *s, struct sim_dom *d, uint64_t gfn, unsigned level);
/* A guest's own SCHEDOP_shutdown (suspend: records the resume point). */
int sim_self_shutdown(struct sim *s, struct sim_dom *d, unsigned reason,
                      uint64_t start_info_mfn);
/* Mark Domain-0's initial pages (gfns 0 .. nr_pages-1) as populated. */
void sim_memory_dom0_init(struct sim *s, struct sim_dom *d0);

/* Backend entry points for memory mapping (sim_memory.c / sim_grant.c). */
void *sim_map_foreign(xc_interface *xch, uint32_t domid, int prot,
                      const uint64_t *gfns, size_t n);
void *sim_map_resource(xc_interface *xch, uint32_t domid, unsigned type,
                       unsigned id, unsigned long frame, unsigned long nr,
                       int prot);
void *sim_map_grant(xc_interface *xch, uint32_t domid, uint32_t ref,
                    int prot);

/* Event channel handle entry points (sim_evtchn.c). */
int sim_evtchn_open(xc_evtchn *xce);
void sim_evtchn_close(xc_evtchn *xce);
int sim_evtchn_op(xc_evtchn *xce, unsigned cmd, void *arg);
int sim_evtchn_pending(xc_evtchn *xce);
int sim_evtchn_unmask(xc_evtchn *xce, evtchn_port_t port);

#endif /* XC_SIM_H */
