/*
 * libxl.h: public interface of libxl, the toolstack library under xl.
 * Conventions (style.md G3): int functions return 0 or a negative errno;
 * the message of the last failure is libxl_errmsg(ctx).  Nothing here
 * prints or exits.  A ctx is not thread safe: use one per thread.
 */
#ifndef LIBXL_H
#define LIBXL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libxl_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LIBXL_API __attribute__((visibility("default")))

#define LIBXL_HAVE_DOMINFO_LIST 1
#define LIBXL_HAVE_CPUMAP 1

typedef struct libxl__ctx libxl_ctx;

/* ---------------- context ---------------- */

/*
 * Open a context: a hypervisor interface (libxenctrl; the simulator when
 * XENSIM_DIR is set) and, when xenstore is reachable, a xenstore
 * connection.  On success *pctx is set; free it with libxl_ctx_free().
 * On failure returns -errno and, if errbuf is not NULL, writes a one-line
 * message into errbuf[errlen].
 */
LIBXL_API int libxl_ctx_alloc(libxl_ctx **pctx, char *errbuf, size_t errlen);

/* Close everything; NULL is allowed. */
LIBXL_API void libxl_ctx_free(libxl_ctx *ctx);

/* Message of the last failure on ctx ("" if none); owned by ctx. */
LIBXL_API const char *libxl_errmsg(libxl_ctx *ctx);

/*
 * Runtime directories: the config.h values, relocated under $XENSIM_DIR
 * when it is set.  Returned strings are owned by ctx.
 */
LIBXL_API const char *libxl_config_dir(libxl_ctx *ctx);  /* /etc/xen */
LIBXL_API const char *libxl_lib_dir(libxl_ctx *ctx);     /* /var/lib/xen */
LIBXL_API const char *libxl_run_dir(libxl_ctx *ctx);     /* /run/xen */
LIBXL_API const char *libxl_log_dir(libxl_ctx *ctx);     /* /var/log/xen */

/* Create a directory and its parents (mode 0755); 0 or -errno. */
LIBXL_API int libxl_mkdir_p(const char *path);

/* ---------------- CPU maps ---------------- */

#define LIBXL_CPUMAP_BITS 512

struct libxl_cpumap {
    uint8_t map[LIBXL_CPUMAP_BITS / 8];
    unsigned nr_bits;                    /* meaningful bits */
};

/*
 * Parse a CPU list as xl accepts it: "all", "none", "3", "0-3,^1",
 * "nodes:0-1,^node:1" (nodes expand through the host topology).  The
 * map's nr_bits is set to the host's CPU count.  Returns -EINVAL on a
 * malformed list.
 */
LIBXL_API int libxl_cpumap_parse(libxl_ctx *ctx, const char *s,
                                 struct libxl_cpumap *map);

/*
 * Print a map the way xl does: "all" if every one of nr_bits is set,
 * "none" if none, else ranges "0-3,8".  Returns a malloc'd string.
 */
LIBXL_API char *libxl_cpumap_to_string(const struct libxl_cpumap *map);

static inline bool libxl_cpumap_test(const struct libxl_cpumap *m, unsigned b)
{
    return b < LIBXL_CPUMAP_BITS && (m->map[b / 8] >> (b % 8)) & 1;
}

/* ---------------- domains ---------------- */

enum libxl_shutdown_reason {
    LIBXL_SHUTDOWN_REASON_UNKNOWN = -1,
    LIBXL_SHUTDOWN_REASON_POWEROFF = 0,
    LIBXL_SHUTDOWN_REASON_REBOOT = 1,
    LIBXL_SHUTDOWN_REASON_SUSPEND = 2,
    LIBXL_SHUTDOWN_REASON_CRASH = 3,
    LIBXL_SHUTDOWN_REASON_WATCHDOG = 4,
    LIBXL_SHUTDOWN_REASON_SOFT_RESET = 5,
};

/* Runtime state of one domain. */
struct libxl_dominfo {
    uint32_t domid;
    uint8_t uuid[16];
    char *name;                          /* NULL if xenstore has none */
    uint32_t ssidref;
    bool running, blocked, paused, shutdown, dying, never_stop;
    int shutdown_reason;                 /* LIBXL_SHUTDOWN_REASON_* */
    uint64_t current_memkb;
    uint64_t outstanding_memkb;
    uint64_t shared_memkb;
    uint64_t max_memkb;
    uint64_t cpu_time;                   /* ns */
    uint32_t vcpu_max_id;
    uint32_t vcpu_online;
    uint32_t cpupool;
    bool hvm;
};

/*
 * List all domains, ordered by domid, names included (read from
 * /local/domain/N/name in one xenstore transaction).  *list is malloc'd:
 * free with libxl_dominfo_list_free(list, n).
 */
LIBXL_API int libxl_list_domain(libxl_ctx *ctx, struct libxl_dominfo **list,
                                int *n);

/* Info about one domain; -ESRCH if it does not exist.  Dispose after. */
LIBXL_API int libxl_domain_info(libxl_ctx *ctx, uint32_t domid,
                                struct libxl_dominfo *info);

LIBXL_API void libxl_dominfo_dispose(struct libxl_dominfo *info);
LIBXL_API void libxl_dominfo_list_free(struct libxl_dominfo *list, int n);

/* Name of a domain (malloc'd) or NULL if it has none or does not exist. */
LIBXL_API char *libxl_domid_to_name(libxl_ctx *ctx, uint32_t domid);

/*
 * Domain id by name; -ESRCH if no domain has that name.  A string of
 * digits is NOT treated as an id here: see libxl_domain_qualifier_to_domid.
 */
LIBXL_API int libxl_name_to_domid(libxl_ctx *ctx, const char *name,
                                  uint32_t *domid);

/* "12" -> domain 12 (must exist), anything else -> by name. */
LIBXL_API int libxl_domain_qualifier_to_domid(libxl_ctx *ctx, const char *q,
                                              uint32_t *domid);

LIBXL_API int libxl_domain_pause(libxl_ctx *ctx, uint32_t domid);
LIBXL_API int libxl_domain_unpause(libxl_ctx *ctx, uint32_t domid);

/*
 * Destroy a domain: the hypervisor domain, then its xenstore nodes
 * /local/domain/N, /vm/<uuid>, /libxl/N and its stored config.  Devices
 * are not torn down yet.
 */
LIBXL_API int libxl_domain_destroy(libxl_ctx *ctx, uint32_t domid);

/*
 * Rename a domain (xenstore name and /vm/<uuid>/name) in a transaction;
 * -EEXIST if another domain already has new_name.
 */
LIBXL_API int libxl_domain_rename(libxl_ctx *ctx, uint32_t domid,
                                  const char *new_name);

/*
 * Start time of a domain, seconds since the epoch, from
 * /vm/<uuid>/start_time; for domain 0 the host boot time.  -ENOENT if
 * unknown.
 */
LIBXL_API int libxl_domain_start_time(libxl_ctx *ctx, uint32_t domid,
                                      double *start);

/*
 * Set the maximum memory (KiB) of a domain and record it in xenstore
 * memory/static-max.
 */
LIBXL_API int libxl_domain_setmaxmem(libxl_ctx *ctx, uint32_t domid,
                                     uint64_t max_memkb);

/* ---------------- creation ---------------- */

#define LIBXL_HAVE_DOMAIN_CREATE 1

/*
 * Memory (mem.c), as Xen 4.17's libxl_mem.c: all sizes in KiB.
 * libxl_get_free_memory: the host's free memory (free + scrub pages).
 * libxl_domain_need_memory: what creating dc takes from the host (its
 * target plus Xen's overheads: PV 1 MiB; PVH/HVM 2 MiB and the shadow
 * pool), rounded up to 2 MiB.
 * libxl_get_memory_target: domid's memory/target; Domain-0's is created
 * from its current memory when it has none.
 * libxl_set_memory_target: write memory/target (relative: add target_memkb,
 * which may be negative); refuses more than memory/static-max and, for
 * Domain-0, less than 128 MiB; enforce also sets the hypervisor maximum.
 * libxl_wait_for_memory_target: block until domid's memory is at or below
 * its target: 0, -ETIMEDOUT after wait_secs without progress, -EAGAIN if
 * it grows.  All return 0 or -errno with a message on the ctx.
 */
LIBXL_API int libxl_get_free_memory(libxl_ctx *ctx, uint64_t *memkb);
LIBXL_API int libxl_domain_need_memory(libxl_ctx *ctx,
                                       const struct libxl_domain_config *dc,
                                       uint64_t *need_memkb);
LIBXL_API int libxl_get_memory_target(libxl_ctx *ctx, uint32_t domid,
                                      uint64_t *out_target);
LIBXL_API int libxl_set_memory_target(libxl_ctx *ctx, uint32_t domid,
                                      int64_t target_memkb, int relative,
                                      int enforce);
LIBXL_API int libxl_wait_for_memory_target(libxl_ctx *ctx, uint32_t domid,
                                           int wait_secs);

/*
 * Create and build a domain from dc (defaults are filled in: memory,
 * vCPUs, UUID...), leaving it PAUSED: unpause with libxl_domain_unpause.
 * Runs named steps (check, read kernel, createdomain, xenstore, limits,
 * build, introduce, store config); on failure everything done is undone
 * (no domain, no xenstore nodes, no stored config) and libxl_errmsg()
 * names the step and the cause.  Parallel calls on one host are safe:
 * a name is taken once.  -EEXIST if the name is in use, -EOPNOTSUPP for
 * what is not supported yet (HVM, devices, bootloader).
 */
LIBXL_API int libxl_domain_create_new(libxl_ctx *ctx,
                                      struct libxl_domain_config *dc,
                                      uint32_t *domid);

/*
 * The config a domain was created with (stored under the lib dir), into
 * dc (init'ed by the caller).  -ENOENT if none is stored.
 */
LIBXL_API int libxl_retrieve_domain_configuration(
    libxl_ctx *ctx, uint32_t domid, struct libxl_domain_config *dc);

/*
 * Wait until domid has shut down: returns 0 with *reason set
 * (LIBXL_SHUTDOWN_REASON_*), -ESRCH if the domain is gone or dying
 * instead, -ETIMEDOUT after timeout_ms (< 0: no limit).  Event driven
 * (xenstore @releaseDomain), no polling.
 */
LIBXL_API int libxl_domain_wait_shutdown(libxl_ctx *ctx, uint32_t domid,
                                         int *reason, int timeout_ms);

/* ---------------- vCPUs ---------------- */

struct libxl_vcpuinfo {
    uint32_t vcpuid;
    uint32_t cpu;
    bool online, blocked, running;
    uint64_t vcpu_time;                  /* ns */
    struct libxl_cpumap hard, soft;
};

/* All vCPUs of a domain; *list malloc'd, free() it. */
LIBXL_API int libxl_list_vcpu(libxl_ctx *ctx, uint32_t domid,
                              struct libxl_vcpuinfo **list, int *n);

/* Set affinity of one vCPU; NULL leaves that affinity unchanged. */
LIBXL_API int libxl_set_vcpuaffinity(libxl_ctx *ctx, uint32_t domid,
                                     uint32_t vcpuid,
                                     const struct libxl_cpumap *hard,
                                     const struct libxl_cpumap *soft);

/* ---------------- host ---------------- */

struct libxl_physinfo {
    uint32_t threads_per_core, cores_per_socket;
    uint32_t nr_cpus, max_cpu_id, nr_nodes, max_node_id;
    uint32_t cpu_khz;
    uint32_t hw_cap[8];
    uint64_t total_pages, free_pages, scrub_pages, outstanding_pages;
    uint64_t sharing_freed_pages, sharing_used_frames;
    bool cap_hvm, cap_pv, cap_hvm_directio, cap_pv_directio, cap_hap;
    bool cap_shadow, cap_iommu_hap_pt_share, cap_vmtrace, cap_vpmu;
    bool cap_gnttab_v1, cap_gnttab_v2;
    struct libxl_cpumap free_cpus;       /* CPUs in no pool */
};
LIBXL_API int libxl_get_physinfo(libxl_ctx *ctx, struct libxl_physinfo *pi);

struct libxl_cputopology {
    uint32_t core, socket, node;         /* ~0U: invalid (offline) */
};
/* *topo malloc'd, free() it. */
LIBXL_API int libxl_get_cpu_topology(libxl_ctx *ctx,
                                     struct libxl_cputopology **topo,
                                     int *n);

struct libxl_numainfo {
    uint64_t size, free;                 /* bytes */
    uint32_t *dists;                     /* num_dists entries */
    int num_dists;
};
/* *info malloc'd: free with libxl_numainfo_list_free(). */
LIBXL_API int libxl_get_numainfo(libxl_ctx *ctx,
                                 struct libxl_numainfo **info, int *n);
LIBXL_API void libxl_numainfo_list_free(struct libxl_numainfo *l, int n);

struct libxl_version_info {
    int xen_version_major, xen_version_minor;
    char *xen_version_extra, *compiler, *compile_by, *compile_domain;
    char *compile_date, *capabilities, *changeset, *commandline;
    char *build_id;
    unsigned long virt_start, pagesize;
};
/* Owned by ctx (cached). */
LIBXL_API const struct libxl_version_info *
libxl_get_version_info(libxl_ctx *ctx);

/* Scheduler name of the default pool ("credit2", ...). */
LIBXL_API const char *libxl_scheduler_name(int sched_id);
LIBXL_API int libxl_get_scheduler(libxl_ctx *ctx);  /* id or -errno */

/*
 * Read the hypervisor console ring into a malloc'd NUL-terminated *text,
 * clearing it afterwards when clear is set.
 */
LIBXL_API int libxl_xen_console_read(libxl_ctx *ctx, bool clear,
                                     char **text);

/* ---------------- schedulers and pools ---------------- */

#define LIBXL_SCHEDULER_CREDIT 5
#define LIBXL_SCHEDULER_CREDIT2 6
#define LIBXL_SCHEDULER_ARINC653 7
#define LIBXL_SCHEDULER_RTDS 8
#define LIBXL_SCHEDULER_NULL 9

struct libxl_sched_params {
    int weight;                          /* -1: unchanged on set */
    int cap;                             /* -1: unchanged on set */
};
LIBXL_API int libxl_sched_credit2_get(libxl_ctx *ctx, uint32_t domid,
                                      struct libxl_sched_params *p);
LIBXL_API int libxl_sched_credit2_set(libxl_ctx *ctx, uint32_t domid,
                                      const struct libxl_sched_params *p);
LIBXL_API int libxl_sched_credit2_ratelimit_get(libxl_ctx *ctx,
                                                uint32_t poolid,
                                                uint32_t *ratelimit_us);
LIBXL_API int libxl_sched_credit2_ratelimit_set(libxl_ctx *ctx,
                                                uint32_t poolid,
                                                uint32_t ratelimit_us);

struct libxl_cpupoolinfo {
    uint32_t poolid;
    char *pool_name;                     /* "Pool-0", or "Pool-N" */
    int sched;                           /* LIBXL_SCHEDULER_* */
    uint32_t n_dom;
    struct libxl_cpumap cpumap;
};
/* All pools; free with libxl_cpupoolinfo_list_free(). */
LIBXL_API int libxl_list_cpupool(libxl_ctx *ctx,
                                 struct libxl_cpupoolinfo **list, int *n);
LIBXL_API void libxl_cpupoolinfo_list_free(struct libxl_cpupoolinfo *l,
                                           int n);

/* ---------------- Domain-0 set-up ---------------- */

#define LIBXL_HAVE_DOM0_INIT 1

/*
 * What xen-init-dom0 does once at boot: set Domain-0's UUID when uuid is
 * not NULL, store its stub JSON config (<lib dir>/userdata-d.0.<uuid>.
 * libxl-json), write /local/domain/0/domid = "0", /local/domain/0/name =
 * "Domain-0" and /local/pool/<id>/name = "Pool-<id>" for every pool.
 * Returns -EEXIST (nothing done) when domid and name are already there.
 */
LIBXL_API int libxl_dom0_init(libxl_ctx *ctx, const uint8_t *uuid);

/* Parse "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"; -EINVAL if malformed. */
LIBXL_API int libxl_uuid_parse(const char *s, uint8_t uuid[16]);

#include "libxl_lifecycle.h"
#include "libxl_dm.h"
#include "libxl_nic.h"

#ifdef __cplusplus
}
#endif
#endif /* LIBXL_H */
