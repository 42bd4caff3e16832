/*
 * xenctrl.h: public interface of libxenctrl, the hypercall layer of the
 * toolstack.  Every call is marshalled into the hypercall structures of
 * Xen's public headers and handed to a backend: the real hypervisor
 * through /dev/xen/privcmd, or a simulated host kept in a state directory.
 *
 * Conventions (style.md G3):
 *  - functions returning int return 0 (or a count/port >= 0 where said)
 *    on success and a negative errno on failure;
 *  - functions returning a pointer return NULL on failure;
 *  - after any failure xc_errmsg() on the handle describes it;
 *  - nothing here prints or exits;
 *  - a handle is not thread safe: use one per thread or lock around it.
 *    Separate handles (also in separate processes) may be used at once;
 *    after fork() the child opens its own handles.
 *
 * Backend choice (at open time):
 *  - environment XENSIM_DIR=<dir> set: the simulator whose state lives in
 *    <dir> (created by `xensim init <dir>`);
 *  - otherwise privcmd (/dev/xen/privcmd and friends);
 *  - XC_OPEN_PRIVCMD forces privcmd even when XENSIM_DIR is set.
 * A simulator directory that exists but holds no host yet is initialised
 * on first open from DIR/xensim.conf, or with defaults (4 CPUs, 8 GiB,
 * Domain-0 with 1 GiB): tests need only mkdtemp() and set XENSIM_DIR.
 * In the simulator, XENSIM_DOMID=<n> makes the process act as domain n
 * (a simulated guest's side: event channels, grants, own memory).  The
 * default is Domain-0.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define XC_API __attribute__((visibility("default")))

/* Feature announcements. */
#define XC_HAVE_SIM 1
#define XC_HAVE_EVTCHN 1
#define XC_HAVE_GNTTAB 1

/* Opaque handles. */
typedef struct xc_interface xc_interface;
typedef struct xc_evtchn xc_evtchn;
typedef uint32_t xc_evtchn_port_t;

/* A domid meaning "none / let the hypervisor choose" (DOMID_INVALID). */
#define XC_DOMID_INVALID 0x7FF4U
/* The calling domain (DOMID_SELF). */
#define XC_DOMID_SELF 0x7FF0U
/* Largest domid a normal domain can have (DOMID_FIRST_RESERVED - 1). */
#define XC_DOMID_MAX 0x7FEFU

#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE (1UL << XC_PAGE_SHIFT)

/* Bytes in a cpumap/nodemap bitmap in this API: up to 512 CPUs. */
#define XC_CPUMAP_BYTES 64
#define XC_MAX_CPUS (XC_CPUMAP_BYTES * 8)

/* ------------------------------------------------------------------ */
/* Opening and closing                                                 */
/* ------------------------------------------------------------------ */

/* Flags for xc_interface_open() and xc_evtchn_open(). */
#define XC_OPEN_PRIVCMD (1U << 0) /* ignore XENSIM_DIR, use the device */

/*
 * Open a hypervisor interface on the backend chosen as described at the
 * top of this file.  Returns a handle to free with xc_interface_close(),
 * or NULL with errno set (ENOENT no /dev/xen/privcmd or no simulator
 * state, EACCES not permitted, ...).  Does not block.
 */
XC_API xc_interface *xc_interface_open(unsigned flags);

/*
 * Like xc_interface_open(), and on failure also writes a one-line message
 * (lowercase, no full stop) into buf[len], always NUL-terminated when
 * len > 0.  buf may be NULL.
 */
XC_API xc_interface *xc_interface_open_err(unsigned flags, char *buf,
                                           size_t len);

/*
 * Close a handle: unmaps nothing the caller still holds (unmap first),
 * releases the backend's file descriptors.  NULL is accepted.  Returns 0.
 */
XC_API int xc_interface_close(xc_interface *xch);

/* "privcmd" or "sim".  The string is static. */
XC_API const char *xc_backend_name(xc_interface *xch);

/*
 * Message describing the last failure on this handle ("" if none).  The
 * string belongs to the handle and stays valid until its next call.
 */
XC_API const char *xc_errmsg(xc_interface *xch);

/*
 * The domid this process acts as: 0 for privcmd and by default in the
 * simulator, XENSIM_DOMID in a simulated guest.
 */
XC_API uint32_t xc_self_domid(xc_interface *xch);

/* ------------------------------------------------------------------ */
/* Domains (XEN_DOMCTL_*, SCHEDOP_remote_shutdown)                     */
/* ------------------------------------------------------------------ */

/* Flags of struct xc_domain_create (values are XEN_DOMCTL_CDF_*). */
#define XC_DOMCREATE_HVM (1U << 0)
#define XC_DOMCREATE_HAP (1U << 1)
#define XC_DOMCREATE_S3_INTEGRITY (1U << 2)
#define XC_DOMCREATE_OOS_OFF (1U << 3)
#define XC_DOMCREATE_XS_DOMAIN (1U << 4)
#define XC_DOMCREATE_IOMMU (1U << 5)
#define XC_DOMCREATE_NESTED_VIRT (1U << 6)
#define XC_DOMCREATE_VPMU (1U << 7)

/* Parameters of a new domain.  Zero-initialise, then fill. */
struct xc_domain_create {
    uint32_t flags;               /* XC_DOMCREATE_* */
    uint32_t max_vcpus;           /* >= 1 */
    uint32_t max_evtchn_port;     /* highest event channel port */
    int32_t max_grant_frames;     /* -1: hypervisor default */
    int32_t max_maptrack_frames;  /* -1: hypervisor default */
    uint32_t grant_version;       /* max grant table version, 0 = 1 */
    uint32_t ssidref;             /* XSM label, 0 by default */
    uint8_t handle[16];           /* the domain's UUID */
    /* x86 emulation flags (XEN_X86_EMU_*): 0 for PV, LAPIC etc. for PVH. */
    uint32_t arch_emulation_flags;
};

/*
 * Create a paused, empty domain.  *domid on entry: the wanted id, or 0
 * to let the hypervisor pick the first free id; on success the id given.
 * Returns 0, -EEXIST (id taken), -ENOMEM, -EINVAL.
 */
XC_API int xc_domain_create(xc_interface *xch, uint32_t *domid,
                            const struct xc_domain_create *cfg);

/*
 * Destroy a domain: it becomes dying, its memory, event channels and
 * grants are released, and VIRQ_DOM_EXC fires in the control domain.
 * Returns 0 or -ESRCH.  Does not wait for the id to disappear.
 */
XC_API int xc_domain_destroy(xc_interface *xch, uint32_t domid);

/* Pause / unpause all vCPUs of a domain (counted).  0, -ESRCH, -EINVAL. */
XC_API int xc_domain_pause(xc_interface *xch, uint32_t domid);
XC_API int xc_domain_unpause(xc_interface *xch, uint32_t domid);

/* Shutdown reasons (SHUTDOWN_* of <xen/sched.h>). */
#define XC_SHUTDOWN_POWEROFF 0
#define XC_SHUTDOWN_REBOOT 1
#define XC_SHUTDOWN_SUSPEND 2
#define XC_SHUTDOWN_CRASH 3
#define XC_SHUTDOWN_WATCHDOG 4
#define XC_SHUTDOWN_SOFT_RESET 5

/*
 * Put a domain into the shut-down state with a reason, as the guest
 * itself would (SCHEDOP_remote_shutdown).  Fires VIRQ_DOM_EXC.
 */
XC_API int xc_domain_shutdown(xc_interface *xch, uint32_t domid,
                              int reason);

/* Triggers (XEN_DOMCTL_SENDTRIGGER_* of <xen/domctl.h>). */
#define XC_TRIGGER_NMI 0
#define XC_TRIGGER_RESET 1
#define XC_TRIGGER_INIT 2
#define XC_TRIGGER_POWER 3
#define XC_TRIGGER_SLEEP 4

/*
 * Send a trigger to vCPU vcpu of a domain (XEN_DOMCTL_sendtrigger): an
 * NMI (any domain), or a press of the ACPI power or sleep button (HVM
 * domains only; -EINVAL otherwise).  Xen 4.17 on x86 implements no reset
 * or init trigger: -ENOSYS.  -ESRCH for a vCPU the domain lacks.
 */
XC_API int xc_domain_send_trigger(xc_interface *xch, uint32_t domid,
                                  unsigned trigger, uint32_t vcpu);

/* What the hypervisor reports about one domain. */
struct xc_dominfo {
    uint32_t domid;
    uint32_t ssidref;
    bool dying, crashed, shutdown, paused, blocked, running;
    bool hvm, hap, debugged, xenstore;
    unsigned shutdown_reason;     /* XC_SHUTDOWN_*, valid if shutdown */
    uint64_t nr_pages;            /* current allocation, in pages */
    uint64_t nr_outstanding_pages;
    uint64_t nr_shared_pages;
    uint64_t nr_paged_pages;
    uint64_t max_memkb;           /* maximum allocation, KiB */
    uint64_t shared_info_frame;   /* gfn of the shared info page */
    uint64_t cpu_time;            /* ns, all vCPUs */
    unsigned nr_online_vcpus;
    unsigned max_vcpu_id;
    uint8_t handle[16];           /* UUID */
    uint32_t cpupool;
};

/* Info of exactly domain domid.  0, -ESRCH. */
XC_API int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
                                    struct xc_dominfo *info);

/*
 * Info of up to max domains with id >= first_domid, in increasing domid
 * order (XEN_SYSCTL_getdomaininfolist).  To page through all domains,
 * call again with first_domid = last returned domid + 1.  Returns the
 * count stored (0 .. max) or -errno.
 */
XC_API int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domid,
                                 unsigned max, struct xc_dominfo *info);

/* Set the maximum memory of a domain, in KiB.  0, -ESRCH, -EINVAL. */
XC_API int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid,
                               uint64_t max_memkb);

/* Set the number of vCPUs (once, before building).  0, -EINVAL. */
XC_API int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid,
                               unsigned max);

/*
 * Set / get the register state of a vCPU.  ctxt points to a
 * vcpu_guest_context (x86_64 layout of <xen/arch-x86/xen-x86_64.h>, or
 * vcpu_hvm_context for HVM/PVH); size is its size in bytes.  Setting it
 * makes the vCPU online.  0, -ESRCH, -EINVAL.
 */
XC_API int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid,
                              unsigned vcpu, const void *ctxt, size_t size);
XC_API int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid,
                              unsigned vcpu, void *ctxt, size_t size);

/* State of one vCPU. */
struct xc_vcpuinfo {
    bool online, blocked, running;
    uint64_t cpu_time;            /* ns */
    uint32_t cpu;                 /* physical CPU it is (was) on */
};

XC_API int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid,
                           unsigned vcpu, struct xc_vcpuinfo *info);

/*
 * Set the hard and/or soft affinity of a vCPU.  Maps are bitmaps of
 * nbytes bytes (bit n = CPU n); NULL leaves that affinity unchanged.
 * On success the maps are overwritten with the effective affinity.
 */
XC_API int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid,
                               unsigned vcpu, uint8_t *hard, uint8_t *soft,
                               size_t nbytes);

/* Get the hard / soft affinity; NULL skips one.  Unused bits are 0. */
XC_API int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid,
                               unsigned vcpu, uint8_t *hard, uint8_t *soft,
                               size_t nbytes);

/* Set a domain's wall-clock offset in seconds (rtc_timeoffset). */
XC_API int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
                                     int32_t offset_seconds);

/* TSC modes of xc_domain_set_tsc_info() (Xen's TSC_MODE_*). */
#define XC_TSC_MODE_DEFAULT 0
#define XC_TSC_MODE_ALWAYS_EMULATE 1
#define XC_TSC_MODE_NEVER_EMULATE 2

/*
 * Set a domain's TSC mode (XEN_DOMCTL_settscinfo): gtsc_khz 0 means the
 * host's frequency; elapsed_nsec and incarnation restore a migrated
 * guest's TSC (0 for a new domain).  The control domain only accepts
 * XC_TSC_MODE_DEFAULT.  0, -EINVAL (unknown mode), -ESRCH.
 */
XC_API int xc_domain_set_tsc_info(xc_interface *xch, uint32_t domid,
                                  uint32_t tsc_mode, uint64_t elapsed_nsec,
                                  uint32_t gtsc_khz, uint32_t incarnation);

/* Read them back (XEN_DOMCTL_gettscinfo).  0, -ESRCH. */
XC_API int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid,
                                  uint32_t *tsc_mode, uint64_t *elapsed_nsec,
                                  uint32_t *gtsc_khz, uint32_t *incarnation);

/* Shadow / log-dirty ops (XEN_DOMCTL_SHADOW_OP_* values). */
#define XC_SHADOW_OP_OFF 0
#define XC_SHADOW_OP_ENABLE_LOGDIRTY 2
#define XC_SHADOW_OP_CLEAN 11
#define XC_SHADOW_OP_PEEK 12
#define XC_SHADOW_OP_GET_ALLOCATION 30
#define XC_SHADOW_OP_SET_ALLOCATION 31

/*
 * Shadow-paging control.  For CLEAN/PEEK, bitmap receives *pages bits of
 * dirty state and *pages is updated with the count covered.  For
 * GET/SET_ALLOCATION, *mb is the shadow pool size in MiB (in/out).
 * bitmap, pages, mb may be NULL when the op does not use them.
 */
XC_API int xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned op,
                             uint8_t *bitmap, uint64_t *pages,
                             uint32_t *mb);

/*
 * Log-dirty mode for live migration (XEN_DOMCTL_shadow_op).  op is
 * XC_SHADOW_OP_ENABLE_LOGDIRTY (fails -EINVAL if already on), _CLEAN (the
 * pages written since enable or the last CLEAN, then cleared), _PEEK (the
 * same, not cleared) or _OFF.  For CLEAN/PEEK, bitmap gets *pages bits
 * (bit n of byte n/8 for gfn 8*(n/8)+n%8), *pages becomes the count Xen
 * covered (at most the domain's highest gfn + 1; bits past it are zero),
 * and *dirty_count (may be NULL) how many were set.  mode: for CLEAN/PEEK,
 * XC_LOGDIRTY_FINAL in the last round (Xen adds the pages it has mapped
 * writable).  0 or -errno with xc_errmsg() set.
 */
#define XC_LOGDIRTY_FINAL 1
XC_API int xc_logdirty_control(xc_interface *xch, uint32_t domid,
                               unsigned op, unsigned mode, uint8_t *bitmap,
                               uint64_t *pages, uint32_t *dirty_count);

/* ---- save / restore of PV domains ---- */

/*
 * Page types of a batch of frames (XEN_DOMCTL_getpageframeinfo3): in,
 * frames[i] is a frame of domid (its mfn for PV); out, frames[i] is
 * replaced by its type alone, in bits 28-31 (XEN_DOMCTL_PFINFO_*: L1..L4
 * page table, LPINTAB when pinned, XTAB when not the domain's).  Keep a
 * copy of the frame numbers.  0 or -errno.
 */
XC_API int xc_get_pfn_type_batch(xc_interface *xch, uint32_t domid,
                                 unsigned n, uint64_t *frames);

/*
 * The extended context of a PV vCPU (struct xen_domctl_ext_vcpucontext,
 * XEN_DOMCTL_get/set_ext_vcpucontext) as an opaque blob: get copies the
 * *len bytes Xen reports into buf (size bytes of room); set takes what
 * get gave.  0 or -errno.
 */
XC_API int xc_vcpu_get_extended(xc_interface *xch, uint32_t domid,
                                unsigned vcpu, void *buf, size_t size,
                                size_t *len);
XC_API int xc_vcpu_set_extended(xc_interface *xch, uint32_t domid,
                                unsigned vcpu, const void *buf, size_t len);

/*
 * XSAVE state of a vCPU (XEN_DOMCTL_get/setvcpuextstate).  get: *buf is
 * malloc'd (caller frees), or NULL with *len 0 when the vCPU has none.
 */
XC_API int xc_vcpu_get_xsave(xc_interface *xch, uint32_t domid,
                             unsigned vcpu, void **buf, size_t *len);
XC_API int xc_vcpu_set_xsave(xc_interface *xch, uint32_t domid,
                             unsigned vcpu, const void *buf, size_t len);

/* One MSR of a vCPU (XEN_DOMCTL_get/set_vcpu_msrs). */
struct xc_vcpu_msr {
    uint32_t index;
    uint64_t value;
};

/* get: *msrs malloc'd (caller frees), NULL with *count 0 when none. */
XC_API int xc_vcpu_get_msrs(xc_interface *xch, uint32_t domid,
                            unsigned vcpu, struct xc_vcpu_msr **msrs,
                            unsigned *count);
XC_API int xc_vcpu_set_msrs(xc_interface *xch, uint32_t domid,
                            unsigned vcpu, const struct xc_vcpu_msr *msrs,
                            unsigned count);

/* Highest guest frame number the domain has used (XENMEM_maximum_gpfn). */
XC_API int xc_domain_maximum_gpfn(xc_interface *xch, uint32_t domid,
                                  uint64_t *gpfn);

/*
 * Take a domain out of its shutdown (suspend) state and let its vCPUs run
 * again (XEN_DOMCTL_resumedomain).  A PV guest sees its suspend hypercall
 * return what vCPU 0's rax holds: set it to 1 first for a cancelled
 * suspend (checkpoint: same domain, nothing to reconnect).  0 or -errno.
 */
XC_API int xc_domain_resume(xc_interface *xch, uint32_t domid);

/* Give domain domid privilege over target (device models, stubdoms). */
XC_API int xc_domain_set_target(xc_interface *xch, uint32_t domid,
                                uint32_t target);

/* Soft-reset a domain (after SHUTDOWN_soft_reset, for kexec). */
XC_API int xc_domain_soft_reset(xc_interface *xch, uint32_t domid);

/* Change the UUID of a domain. */
XC_API int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
                               const uint8_t handle[16]);

/*
 * Pin a page-table page of a PV domain at the given level (1..4, as
 * MMUEXT_PIN_Ln_TABLE) or unpin it (level 0, MMUEXT_UNPIN_TABLE).  For a
 * PV domain gfn and mfn are the same number.  0, -EINVAL, -ESRCH.
 */
XC_API int xc_mmuext_pin_table(xc_interface *xch, uint32_t domid,
                               unsigned level, uint64_t gfn);

/*
 * Have the hypervisor write the hypercall page of a PV domain into its
 * page gfn (XEN_DOMCTL_hypercall_init).  0, -EINVAL, -ESRCH.
 */
XC_API int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid,
                                    uint64_t gfn);

/*
 * A domain's CPUID / MSR policy (x86).  get: *nr_leaves / *nr_msrs give
 * the room in leaves[] / msrs[] and are set to what was written.  set:
 * on a rejected policy (-EINVAL) the offending leaf/subleaf/MSR is
 * written to err_* when not NULL (~0U: not that one).
 */
struct xc_cpuid_leaf {                   /* = xen_cpuid_leaf_t */
    uint32_t leaf, subleaf;              /* subleaf ~0U: none */
    uint32_t a, b, c, d;
};
struct xc_msr_entry {                    /* = xen_msr_entry_t */
    uint32_t idx, flags;
    uint64_t val;
};
XC_API int xc_get_domain_cpu_policy(xc_interface *xch, uint32_t domid,
                                    uint32_t *nr_leaves,
                                    struct xc_cpuid_leaf *leaves,
                                    uint32_t *nr_msrs,
                                    struct xc_msr_entry *msrs);
/*
 * One of the hypervisor's own policies (XEN_SYSCTL_get_cpu_policy):
 * index is XEN_SYSCTL_cpu_policy_host, _pv_default, _hvm_default, ...;
 * the counts work as for xc_get_domain_cpu_policy.
 */
XC_API int xc_get_system_cpu_policy(xc_interface *xch, uint32_t index,
                                    uint32_t *nr_leaves,
                                    struct xc_cpuid_leaf *leaves,
                                    uint32_t *nr_msrs,
                                    struct xc_msr_entry *msrs);
XC_API int xc_set_domain_cpu_policy(xc_interface *xch, uint32_t domid,
                                    uint32_t nr_leaves,
                                    const struct xc_cpuid_leaf *leaves,
                                    uint32_t nr_msrs,
                                    const struct xc_msr_entry *msrs,
                                    uint32_t *err_leaf,
                                    uint32_t *err_subleaf,
                                    uint32_t *err_msr);

/*
 * HVM save records of an HVM/PVH domain (XEN_DOMCTL_gethvmcontext /
 * sethvmcontext).  A context is a sequence of records in the format of
 * <xen/hvm/save.h> and <xen/arch-x86/hvm/save.h>: each a struct
 * hvm_save_descriptor (typecode, instance, length) followed by length
 * bytes of body; HEADER comes first and END (zero type, zero length)
 * last.  Per-vCPU records (CPU, MTRR, ...) use the vCPU id as instance.
 *
 * getcontext: with buf NULL returns the size a buffer needs (an upper
 * bound); otherwise fills buf[size] and returns the bytes stored.
 * -ENOSPC if size is too small, -EINVAL for a PV domain.
 */
XC_API int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid,
                                    uint8_t *buf, uint32_t size);

/*
 * One record body (without its descriptor) of type typecode and the given
 * instance into buf[size] (XEN_DOMCTL_gethvmcontext_partial).  0, or
 * -EINVAL (unknown type, PV domain), -ENOENT (no such instance),
 * -ENODATA (record not present, e.g. the CPU of a vCPU that is down),
 * -ENOBUFS (size smaller than the record).
 */
XC_API int xc_domain_hvm_getcontext_partial(xc_interface *xch,
                                            uint32_t domid,
                                            uint16_t typecode,
                                            uint16_t instance, void *buf,
                                            uint32_t size);

/*
 * Load the records of buf[size] (HEADER first, END last) into the
 * domain.  Loading a CPU record brings that vCPU up with its registers.
 * 0, -EINVAL (malformed record, bad register values, PV domain).
 */
XC_API int xc_domain_hvm_setcontext(xc_interface *xch, uint32_t domid,
                                    const uint8_t *buf, uint32_t size);

/* HVM params (HVM_PARAM_* of <xen/hvm/params.h>, HVMOP_get/set_param). */
XC_API int xc_hvm_param_set(xc_interface *xch, uint32_t domid,
                            uint32_t param, uint64_t value);
XC_API int xc_hvm_param_get(xc_interface *xch, uint32_t domid,
                            uint32_t param, uint64_t *value);

/* ------------------------------------------------------------------ */
/* Host (XEN_SYSCTL_*)                                                 */
/* ------------------------------------------------------------------ */

/* capabilities flags of struct xc_physinfo (XEN_SYSCTL_PHYSCAP_*). */
#define XC_PHYSCAP_HVM (1U << 0)
#define XC_PHYSCAP_PV (1U << 1)
#define XC_PHYSCAP_DIRECTIO (1U << 2)
#define XC_PHYSCAP_HAP (1U << 3)
#define XC_PHYSCAP_SHADOW (1U << 4)
#define XC_PHYSCAP_IOMMU_HAP_PT_SHARE (1U << 5)
#define XC_PHYSCAP_VMTRACE (1U << 6)
#define XC_PHYSCAP_VPMU (1U << 7)
#define XC_PHYSCAP_GNTTAB_V1 (1U << 8)
#define XC_PHYSCAP_GNTTAB_V2 (1U << 9)

struct xc_physinfo {
    uint32_t threads_per_core;
    uint32_t cores_per_socket;
    uint32_t nr_cpus;             /* online CPUs */
    uint32_t max_cpu_id;
    uint32_t nr_nodes;
    uint32_t max_node_id;
    uint32_t cpu_khz;
    uint32_t capabilities;        /* XC_PHYSCAP_* */
    uint32_t hw_cap[8];
    uint64_t total_pages;
    uint64_t free_pages;
    uint64_t scrub_pages;
    uint64_t outstanding_pages;
    uint64_t max_mfn;
};

XC_API int xc_physinfo(xc_interface *xch, struct xc_physinfo *info);

/* Topology of one CPU; XC_TOPO_INVALID for an offline CPU. */
#define XC_TOPO_INVALID (~0U)
struct xc_cputopo {
    uint32_t core;
    uint32_t socket;
    uint32_t node;
};

/*
 * Per-CPU topology.  *nr_cpus on entry: entries in topo; on exit: number
 * of CPUs of the host (may exceed the entry value: then only that many
 * were stored).  topo may be NULL to query the count.
 */
XC_API int xc_cputopoinfo(xc_interface *xch, unsigned *nr_cpus,
                          struct xc_cputopo *topo);

struct xc_meminfo {
    uint64_t memsize;             /* bytes */
    uint64_t memfree;             /* bytes */
};

/*
 * NUMA nodes.  *nr_nodes in/out as for xc_cputopoinfo().  distance, if
 * not NULL, receives (*nr_nodes)^2 entries (row-major, entry count as on
 * entry).  mem and distance may be NULL to query the count.
 */
XC_API int xc_numainfo(xc_interface *xch, unsigned *nr_nodes,
                       struct xc_meminfo *mem, uint32_t *distance);

/*
 * Read the hypervisor console ring ("xl dmesg").  buf gets up to *size
 * bytes (not NUL-terminated); *size becomes the count read.  clear:
 * empty the ring after reading.  If index is not NULL, reading is
 * incremental: starts at *index and *index is advanced past what was
 * read (start with *index = 0).
 */
XC_API int xc_readconsolering(xc_interface *xch, char *buf, unsigned *size,
                              bool clear, uint32_t *index);

/* Scheduler ids (XEN_SCHEDULER_*). */
#define XC_SCHED_CREDIT 5
#define XC_SCHED_CREDIT2 6
#define XC_SCHED_ARINC653 7
#define XC_SCHED_RTDS 8
#define XC_SCHED_NULL 9

/* Scheduler of cpupool 0. */
XC_API int xc_sched_id(xc_interface *xch, int *sched_id);

/* Per-domain parameters of the credit/credit2 schedulers. */
struct xc_sched_credit {
    uint16_t weight;              /* 1..65535, default 256 */
    uint16_t cap;                 /* percent of one CPU, 0 = none */
};
XC_API int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid,
                                       struct xc_sched_credit *p);
XC_API int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid,
                                       const struct xc_sched_credit *p);
XC_API int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
                                      struct xc_sched_credit *p);
XC_API int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
                                      const struct xc_sched_credit *p);

/* Credit2 pool parameter: context-switch rate limit in microseconds. */
XC_API int xc_sched_credit2_params_get(xc_interface *xch, uint32_t poolid,
                                       uint32_t *ratelimit_us);
XC_API int xc_sched_credit2_params_set(xc_interface *xch, uint32_t poolid,
                                       uint32_t ratelimit_us);

struct xc_cpupoolinfo {
    uint32_t poolid;
    uint32_t sched_id;            /* XC_SCHED_* */
    uint32_t n_dom;
    uint8_t cpumap[XC_CPUMAP_BYTES];
};

/* Info of pool poolid.  0, -ENOENT. */
XC_API int xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid,
                              struct xc_cpupoolinfo *info);

/* Up to max pools in id order.  Returns the count stored or -errno. */
XC_API int xc_cpupool_list(xc_interface *xch, struct xc_cpupoolinfo *info,
                           unsigned max);

/* ------------------------------------------------------------------ */
/* Memory (XENMEM_*)                                                   */
/* ------------------------------------------------------------------ */

/*
 * Give domain domid nr_extents extents of 2^extent_order pages at the
 * gfns in extents[] (memflags: XENMEMF_* of <xen/memory.h>, usually 0).
 * Returns the number of extents populated (may be short) or -errno;
 * -ENOMEM when the host or the domain's max_mem is exhausted.
 */
XC_API int xc_domain_populate_physmap(xc_interface *xch, uint32_t domid,
                                      unsigned long nr_extents,
                                      unsigned extent_order,
                                      unsigned memflags, uint64_t *extents);

/* As above, but all or an error: 0 or -errno. */
XC_API int xc_domain_populate_physmap_exact(xc_interface *xch,
                                            uint32_t domid,
                                            unsigned long nr_extents,
                                            unsigned extent_order,
                                            unsigned memflags,
                                            uint64_t *extents);

/* Release extents (count released or -errno; _exact: 0 or -errno). */
XC_API int xc_domain_decrease_reservation(xc_interface *xch, uint32_t domid,
                                          unsigned long nr_extents,
                                          unsigned extent_order,
                                          uint64_t *extents);
XC_API int xc_domain_decrease_reservation_exact(xc_interface *xch,
                                                uint32_t domid,
                                                unsigned long nr_extents,
                                                unsigned extent_order,
                                                uint64_t *extents);

/*
 * Claim nr_pages of host memory for a domain about to be populated
 * (0 cancels).  -ENOMEM if not enough free memory.
 */
XC_API int xc_domain_claim_pages(xc_interface *xch, uint32_t domid,
                                 unsigned long nr_pages);

/* One entry of an e820 memory map. */
struct xc_e820 {
    uint64_t addr;
    uint64_t size;
    uint32_t type;                /* 1 RAM, 2 reserved, ... */
};

/* Set the pseudo-physical memory map of a PV domain (up to 128). */
XC_API int xc_domain_set_memory_map(xc_interface *xch, uint32_t domid,
                                    const struct xc_e820 *map, unsigned n);

/* Get it back: count stored (<= max) or -errno. */
XC_API int xc_domain_get_memory_map(xc_interface *xch, uint32_t domid,
                                    struct xc_e820 *map, unsigned max);

/* The host's memory map: count stored (<= max) or -errno. */
XC_API int xc_get_machine_memory_map(xc_interface *xch, struct xc_e820 *map,
                                     unsigned max);

/* Highest machine frame of the host. */
XC_API int xc_maximum_ram_page(xc_interface *xch, uint64_t *max_mfn);

/* Current / maximum reservation of a domain in pages. */
XC_API int xc_domain_current_reservation(xc_interface *xch, uint32_t domid,
                                         uint64_t *pages);
XC_API int xc_domain_maximum_reservation(xc_interface *xch, uint32_t domid,
                                         uint64_t *pages);

/* ------------------------------------------------------------------ */
/* Version (XENVER_*)                                                  */
/* ------------------------------------------------------------------ */

struct xc_version_info {
    int major, minor;
    char extraversion[16];        /* e.g. ".1" */
    char capabilities[1024];      /* e.g. "xen-3.0-x86_64 hvm-3.0-x86_32" */
    char changeset[64];
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
    char commandline[1024];
    char build_id[129];           /* hex, "" if unavailable */
    unsigned long pagesize;
    uint64_t virt_start;          /* platform_parameters */
};

/* Version numbers only (XENVER_version). */
XC_API int xc_version(xc_interface *xch, int *major, int *minor);

/* Everything at once; strings are always NUL-terminated. */
XC_API int xc_version_get(xc_interface *xch, struct xc_version_info *v);

/* ------------------------------------------------------------------ */
/* Event channels                                                      */
/* ------------------------------------------------------------------ */

/*
 * Allocate an unbound port in domain domid that remote_domid may bind
 * (EVTCHNOP_alloc_unbound; used to make a guest's xenstore/console
 * ports).  Returns the port (>= 0) or -errno.
 */
XC_API int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t domid,
                                   uint32_t remote_domid);

/* VIRQ numbers (VIRQ_* of <xen/xen.h>). */
#define XC_VIRQ_TIMER 0
#define XC_VIRQ_DEBUG 1
#define XC_VIRQ_CONSOLE 2
#define XC_VIRQ_DOM_EXC 3
#define XC_VIRQ_TBUF 4
#define XC_VIRQ_DEBUGGER 6
#define XC_VIRQ_XENOPROF 7
#define XC_VIRQ_CON_RING 8
#define XC_VIRQ_PCPU_STATE 9
#define XC_VIRQ_MEM_EVENT 10
#define XC_VIRQ_ENOMEM 12

/*
 * Open an event channel handle (/dev/xen/evtchn, or the simulator).
 * Ports bound through it belong to this process's domain and are closed
 * with it.  NULL + errno on failure; _err also fills buf[len].
 */
XC_API xc_evtchn *xc_evtchn_open(unsigned flags);
XC_API xc_evtchn *xc_evtchn_open_err(unsigned flags, char *buf, size_t len);

/* Close: unbinds every port bound through it.  NULL ok.  Returns 0. */
XC_API int xc_evtchn_close(xc_evtchn *xce);

/* Message of the last failure on this handle. */
XC_API const char *xc_evtchn_errmsg(xc_evtchn *xce);

/*
 * A file descriptor that polls readable when a port is pending.  Owned
 * by the handle; do not close or read it.
 */
XC_API int xc_evtchn_fd(xc_evtchn *xce);

/* New unbound local port that remote_domid may bind.  Port or -errno. */
XC_API int xc_evtchn_bind_unbound_port(xc_evtchn *xce, uint32_t remote_domid);

/* Bind to an unbound port of another domain.  Local port or -errno. */
XC_API int xc_evtchn_bind_interdomain(xc_evtchn *xce, uint32_t remote_domid,
                                      xc_evtchn_port_t remote_port);

/* Bind a virtual IRQ (XC_VIRQ_*).  Local port or -errno (-EEXIST). */
XC_API int xc_evtchn_bind_virq(xc_evtchn *xce, unsigned virq);

/* Unbind a port bound through this handle.  0 or -errno. */
XC_API int xc_evtchn_unbind(xc_evtchn *xce, xc_evtchn_port_t port);

/* Send an event to the other end of port.  0 or -errno. */
XC_API int xc_evtchn_notify(xc_evtchn *xce, xc_evtchn_port_t port);

/*
 * Next pending port: returns it (>= 0) and masks it until
 * xc_evtchn_unmask(); -EAGAIN if none.  Does not block: poll the fd.
 */
XC_API int xc_evtchn_pending(xc_evtchn *xce);

/* Unmask a port returned by xc_evtchn_pending().  0 or -errno. */
XC_API int xc_evtchn_unmask(xc_evtchn *xce, xc_evtchn_port_t port);

/* ------------------------------------------------------------------ */
/* Foreign memory and grant tables                                     */
/* ------------------------------------------------------------------ */

/*
 * Map n pages of domain domid at the given gfns, contiguously, shared
 * (writes are seen by the domain and every other mapper).  prot is
 * PROT_READ and/or PROT_WRITE.  Returns the address or NULL (message in
 * xc_errmsg; any unpopulated gfn fails the whole map with ENOENT/EFAULT).
 * Unmap with xc_unmap_foreign(addr, n).
 */
XC_API void *xc_map_foreign_pages(xc_interface *xch, uint32_t domid,
                                  int prot, const uint64_t *gfns, size_t n);

/* Unmap what xc_map_foreign_pages/_resource returned.  0 or -errno. */
XC_API int xc_unmap_foreign(xc_interface *xch, void *addr, size_t n);

/* Resource types (XENMEM_resource_*). */
#define XC_RESOURCE_IOREQ_SERVER 0
#define XC_RESOURCE_GRANT_TABLE 1
#define XC_RESOURCE_GRANT_TABLE_ID_SHARED 0
#define XC_RESOURCE_GRANT_TABLE_ID_STATUS 1

/*
 * Map nr_frames frames of a resource of domain domid (e.g. its grant
 * table, type XC_RESOURCE_GRANT_TABLE id XC_RESOURCE_GRANT_TABLE_ID_SHARED)
 * starting at frame.  NULL on failure.  Unmap with xc_unmap_foreign().
 */
XC_API void *xc_map_foreign_resource(xc_interface *xch, uint32_t domid,
                                     unsigned type, unsigned id,
                                     unsigned long frame,
                                     unsigned long nr_frames, int prot);

/* Reserved grant references (GNTTAB_RESERVED_*). */
#define XC_GNTTAB_RESERVED_CONSOLE 0
#define XC_GNTTAB_RESERVED_XENSTORE 1

/*
 * Map one page that domain domid granted to us with reference ref
 * (/dev/xen/gntdev).  Returns the address or NULL.  Unmap with
 * xc_gnttab_unmap().
 */
XC_API void *xc_gnttab_map_grant_ref(xc_interface *xch, uint32_t domid,
                                     uint32_t ref, int prot);

/* Unmap a page mapped by xc_gnttab_map_grant_ref().  0 or -errno. */
XC_API int xc_gnttab_unmap(xc_interface *xch, void *addr);

/*
 * Write the reserved grant entries of a freshly built domain (what
 * xc_dom_gnttab_seed does): entry 0 grants console_gfn to console_domid,
 * entry 1 grants xenstore_gfn to xenstore_domid.  A gfn of ~0 leaves the
 * entry empty.  0 or -errno.
 */
XC_API int xc_gnttab_seed(xc_interface *xch, uint32_t domid,
                          uint64_t console_gfn, uint64_t xenstore_gfn,
                          uint32_t console_domid, uint32_t xenstore_domid);

#ifdef __cplusplus
}
#endif

#endif /* XENCTRL_H */
