/*
 * libxenctrl simulator, save/restore: the domctls a PV save and restore
 * use (page types from the pinned page tables, extended / XSAVE / MSR
 * state of a vCPU, resumedomain), pinning, and a guest's own suspend
 * hypercall.  State lives in the domain's directory: pins, vcpuext<N>,
 * xsave<N>, msrs<N>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"
#include "sim_guest.h"
#include "sim_hvmctx.h"

#define PTE_PRESENT 0x1ULL
#define PTE_PSE 0x80ULL
#define PTE_FRAME 0x000ffffffffff000ULL
#define MAX_PINS 65536
#define MAX_BLOB 65536
/* L4 slots 256..271 belong to Xen in a 64-bit PV guest. */
#define XEN_L4_FIRST 256
#define XEN_L4_LAST 271
/* The default XSAVE state: xcr0, xcr0_accum, legacy area + header. */
#define XSAVE_DEFAULT_LEN (16 + 512 + 64)

/* Read a whole small file into buf; bytes read, 0 if absent, or -errno. */
static long blob_read(struct sim *s, uint32_t domid, const char *name,
                      void *buf, size_t len)
{
    char *p = sim_path(s, domid, name);
    ssize_t r;
    int fd;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    if (fd < 0)
        return errno == ENOENT ? 0 : -errno;
    r = read(fd, buf, len);
    close(fd);
    return r < 0 ? -errno : (long)r;
}

static int blob_write(struct sim *s, uint32_t domid, const char *name,
                      const void *buf, size_t len)
{
    char *p = sim_path(s, domid, name);
    ssize_t r;
    int fd;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    free(p);
    if (fd < 0)
        return -errno;
    r = write(fd, buf, len);
    close(fd);
    return r == (ssize_t)len ? 0 : r < 0 ? -errno : -EIO;
}

/* ---- pins: uint64 entries gfn << 4 | level ---- */

static long pins_load(struct sim *s, uint32_t domid, uint64_t **pins)
{
    long r;

    *pins = malloc(MAX_PINS * sizeof(uint64_t));
    if (!*pins)
        return -ENOMEM;
    r = blob_read(s, domid, "pins", *pins, MAX_PINS * sizeof(uint64_t));
    if (r < 0) {
        free(*pins);
        *pins = NULL;
        return r;
    }
    return r / (long)sizeof(uint64_t);
}

int sim_pin(struct sim *s, struct sim_dom *d, uint64_t gfn, unsigned level)
{
    uint64_t *pins;
    long n, i;
    int rc = 0;

    n = pins_load(s, d->domid, &pins);
    if (n < 0)
        return (int)n;
    for (i = 0; i < n && pins[i] >> 4 != gfn; i++)
        ;
    if (level && i < n)
        rc = -EINVAL;                    /* already pinned */
    else if (!level && i == n)
        rc = -EINVAL;                    /* not pinned */
    else if (level && n == MAX_PINS)
        rc = -ENOSPC;
    else if (level)
        pins[n++] = gfn << 4 | level;
    else
        pins[i] = pins[--n];
    if (!rc)
        rc = blob_write(s, d->domid, "pins", pins,
                        (size_t)n * sizeof(uint64_t));
    free(pins);
    return rc;
}

/* ---- page types, as Xen derives them from the pinned tables ---- */

struct ptype {
    uint64_t gfn;
    unsigned type;               /* XEN_DOMCTL_PFINFO_* */
};

struct typemap {
    struct ptype *t;
    size_t n, cap;
    int memfd;
};

static struct ptype *tm_find(struct typemap *m, uint64_t gfn)
{
    size_t i;

    for (i = 0; i < m->n; i++)
        if (m->t[i].gfn == gfn)
            return &m->t[i];
    return NULL;
}

/* Mark table gfn at level, then what its present entries point to. */
static int tm_walk(struct typemap *m, uint64_t gfn, unsigned level,
                   bool pinned)
{
    uint64_t pte[512];
    struct ptype *e = tm_find(m, gfn);
    unsigned i;

    if (e) {
        if (pinned)
            e->type |= XEN_DOMCTL_PFINFO_LPINTAB;
        return 0;
    }
    if (m->n == m->cap) {
        struct ptype *n = realloc(m->t, (m->cap * 2 + 64) * sizeof(*n));

        if (!n)
            return -ENOMEM;
        m->t = n;
        m->cap = m->cap * 2 + 64;
    }
    m->t[m->n++] = (struct ptype){ gfn, (level << 28) |
                                   (pinned ? XEN_DOMCTL_PFINFO_LPINTAB : 0) };
    if (level == 1 || pread(m->memfd, pte, sizeof(pte),
                            (off_t)(gfn << XC_PAGE_SHIFT)) != sizeof(pte))
        return 0;
    for (i = 0; i < 512; i++) {
        if (level == 4 && i >= XEN_L4_FIRST && i <= XEN_L4_LAST)
            continue;
        if (!(pte[i] & PTE_PRESENT) || (level < 4 && (pte[i] & PTE_PSE)))
            continue;
        if (tm_walk(m, (pte[i] & PTE_FRAME) >> XC_PAGE_SHIFT, level - 1,
                    false))
            return -ENOMEM;
    }
    return 0;
}

static int pageframeinfo(struct sim *s, struct sim_dom *d,
                         struct xen_domctl_getpageframeinfo3 *pi)
{
    struct typemap m = { .memfd = -1 };
    xen_pfn_t *a = pi->array.p;
    struct ptype *e;
    uint64_t *pins = NULL, i;
    long n, k;
    char *p;
    int rc = 0;

    if (pi->num > 1024 * 1024)
        return -E2BIG;
    /* An HVM domain has no page tables of its own kind: its frames are
     * plain or not there. */
    if (d->cdf & XEN_DOMCTL_CDF_hvm)
        return sim_populated_types(s, d->domid, a, pi->num);
    n = pins_load(s, d->domid, &pins);
    if (n < 0)
        return (int)n;
    p = sim_path(s, d->domid, "mem");
    m.memfd = p ? open(p, O_RDONLY | O_CLOEXEC) : -1;
    free(p);
    for (k = 0; k < n && !rc; k++)
        rc = tm_walk(&m, pins[k] >> 4, (unsigned)(pins[k] & 0xf), true);
    for (i = 0; i < pi->num && !rc; i++) {
        /* As Xen: each frame number is replaced by its type. */
        if (!sim_populated(s, d->domid, a[i])) {
            a[i] = XEN_DOMCTL_PFINFO_XTAB;
            continue;
        }
        e = tm_find(&m, a[i]);
        a[i] = e ? e->type : XEN_DOMCTL_PFINFO_NOTAB;
    }
    if (m.memfd >= 0)
        close(m.memfd);
    free(m.t);
    free(pins);
    return rc;
}

/* ---- per-vCPU blobs ---- */

static int ext_context(struct sim *s, struct sim_dom *d,
                       struct xen_domctl_ext_vcpucontext *c, int set)
{
    struct xen_domctl_ext_vcpucontext cur;
    char name[24];
    uint32_t vcpu = c->vcpu;
    long r;

    if (vcpu >= d->max_vcpus || (d->cdf & XEN_DOMCTL_CDF_hvm))
        return -EINVAL;
    snprintf(name, sizeof(name), "vcpuext%u", vcpu);
    if (set) {
        if (c->size > sizeof(*c))
            return -EINVAL;
        return blob_write(s, d->domid, name, c, c->size);
    }
    memset(&cur, 0, sizeof(cur));
    r = blob_read(s, d->domid, name, &cur, sizeof(cur));
    if (r < 0)
        return (int)r;
    memcpy(c, &cur, sizeof(cur));
    c->vcpu = vcpu;
    c->size = sizeof(*c);
    return 0;
}

static int xsave(struct sim *s, struct sim_dom *d,
                 struct xen_domctl_vcpuextstate *x, int set)
{
    uint8_t buf[MAX_BLOB];
    char name[24];
    long r;

    if (x->vcpu >= d->max_vcpus)
        return -EINVAL;
    snprintf(name, sizeof(name), "xsave%u", x->vcpu);
    if (set) {
        if (x->size < 16 || x->size > MAX_BLOB || !x->buffer.p)
            return -EINVAL;
        return blob_write(s, d->domid, name, x->buffer.p, (size_t)x->size);
    }
    r = blob_read(s, d->domid, name, buf, sizeof(buf));
    if (r < 0)
        return (int)r;
    if (r == 0) {                        /* x87 + SSE, nothing used yet */
        memset(buf, 0, XSAVE_DEFAULT_LEN);
        buf[0] = 3;
        buf[8] = 3;
        r = XSAVE_DEFAULT_LEN;
    }
    memcpy(&x->xfeature_mask, buf, 8);
    if (!x->buffer.p) {
        x->size = (uint64_t)r;
        return 0;
    }
    if (x->size < (uint64_t)r)
        return -ENOBUFS;
    memcpy(x->buffer.p, buf, (size_t)r);
    x->size = (uint64_t)r;
    return 0;
}

static int msrs(struct sim *s, struct sim_dom *d,
                struct xen_domctl_vcpu_msrs *m, int set)
{
    xen_domctl_vcpu_msr_t buf[64];
    char name[24];
    long r, n;

    if (m->vcpu >= d->max_vcpus)
        return -EINVAL;
    snprintf(name, sizeof(name), "msrs%u", m->vcpu);
    if (set) {
        if (m->msr_count > 64 || (m->msr_count && !m->msrs.p))
            return -EINVAL;
        return blob_write(s, d->domid, name, m->msrs.p,
                          m->msr_count * sizeof(buf[0]));
    }
    r = blob_read(s, d->domid, name, buf, sizeof(buf));
    if (r < 0)
        return (int)r;
    n = r / (long)sizeof(buf[0]);
    if (!m->msrs.p) {
        m->msr_count = (uint32_t)n;
        return 0;
    }
    if (m->msr_count < n)
        return -ENOBUFS;
    memcpy(m->msrs.p, buf, (size_t)n * sizeof(buf[0]));
    m->msr_count = (uint32_t)n;
    return 0;
}

/* ---- CPU policy: DIR/dom/N/cpupolicy = nr_leaves, nr_msrs, arrays ---- */

#define POLICY_LEAVES 64
#define POLICY_MSRS 16

struct policy {
    uint32_t nl, nm;
    xen_cpuid_leaf_t l[POLICY_LEAVES];
    xen_msr_entry_t m[POLICY_MSRS];
};

/* A domain's policy until one is set: a small Intel-like one. */
static void policy_default(struct policy *p)
{
    memset(p, 0, sizeof(*p));
    p->nl = 3;
    p->l[0] = (xen_cpuid_leaf_t){ 0, XEN_CPUID_NO_SUBLEAF, 0xd, 0x756e6547,
                                  0x6c65746e, 0x49656e69 };
    p->l[1] = (xen_cpuid_leaf_t){ 1, XEN_CPUID_NO_SUBLEAF, 0x000906ea, 0,
                                  0xf6fa3203, 0x078bfbff };
    p->l[2] = (xen_cpuid_leaf_t){ 0x80000000, XEN_CPUID_NO_SUBLEAF,
                                  0x80000008, 0, 0, 0 };
    /* lahfsahf; syscall, nx, page1gb, rdtscp, lm */
    p->l[3] = (xen_cpuid_leaf_t){ 0x80000001, XEN_CPUID_NO_SUBLEAF,
                                  0, 0, 0x1, 0x2c100800 };
    p->nl = 4;
    p->nm = 1;
    p->m[0] = (xen_msr_entry_t){ 0xce, 0, 0 };   /* MSR_PLATFORM_INFO */
}

/* Copy p out to arrays of *nl / *nm entries (-ENOBUFS with the counts
 * needed when they are too small). */
static long policy_out(const struct policy *p, uint32_t *nl,
                       xen_cpuid_leaf_t *l, uint32_t *nm, xen_msr_entry_t *m)
{
    if (*nl < p->nl || *nm < p->nm) {
        *nl = p->nl;
        *nm = p->nm;
        return -ENOBUFS;
    }
    if ((p->nl && !l) || (p->nm && !m))
        return -EINVAL;
    memcpy(l, p->l, p->nl * sizeof(p->l[0]));
    memcpy(m, p->m, p->nm * sizeof(p->m[0]));
    *nl = p->nl;
    *nm = p->nm;
    return 0;
}

/* The host's: what the default hides too (vmx, abm, CPUID faulting). */
static void policy_host(struct policy *p)
{
    policy_default(p);
    p->l[1].c |= 1u << 5;
    p->l[3].c |= 1u << 5;
    p->m[0].val = 1ULL << 31;
}

long sim_cpu_policy_sysctl(struct sim *s, struct xen_sysctl_cpu_policy *c)
{
    struct policy p;

    (void)s;
    switch (c->index) {
    case XEN_SYSCTL_cpu_policy_pv_default:
    case XEN_SYSCTL_cpu_policy_hvm_default:
        policy_default(&p);
        break;
    case XEN_SYSCTL_cpu_policy_raw:
    case XEN_SYSCTL_cpu_policy_host:
    case XEN_SYSCTL_cpu_policy_pv_max:
    case XEN_SYSCTL_cpu_policy_hvm_max:
        policy_host(&p);
        break;
    default:
        return -EINVAL;
    }
    if (c->_rsvd)
        return -EINVAL;
    if (!c->leaves.p && !c->msrs.p) {           /* how many */
        c->nr_leaves = POLICY_LEAVES;
        c->nr_msrs = POLICY_MSRS;
        return 0;
    }
    return policy_out(&p, &c->nr_leaves, c->leaves.p, &c->nr_msrs,
                      c->msrs.p);
}

static int cpu_policy(struct sim *s, struct sim_dom *d,
                      struct xen_domctl_cpu_policy *c, int set)
{
    struct policy p;
    long r;

    if (set) {
        if (c->nr_leaves > POLICY_LEAVES || c->nr_msrs > POLICY_MSRS ||
            (c->nr_leaves && !c->leaves.p) || (c->nr_msrs && !c->msrs.p))
            return -EINVAL;
        memset(&p, 0, sizeof(p));
        p.nl = c->nr_leaves;
        p.nm = c->nr_msrs;
        memcpy(p.l, c->leaves.p, p.nl * sizeof(p.l[0]));
        memcpy(p.m, c->msrs.p, p.nm * sizeof(p.m[0]));
        return blob_write(s, d->domid, "cpupolicy", &p, sizeof(p));
    }
    r = blob_read(s, d->domid, "cpupolicy", &p, sizeof(p));
    if (r < 0)
        return (int)r;
    if (r != (long)sizeof(p))
        policy_default(&p);
    return policy_out(&p, &c->nr_leaves, c->leaves.p, &c->nr_msrs,
                      c->msrs.p);
}

long sim_save_domctl(struct sim *s, struct sim_dom *d, struct xen_domctl *op)
{
    int was_down;

    switch (op->cmd) {
    case XEN_DOMCTL_get_cpu_policy:
    case XEN_DOMCTL_set_cpu_policy:
        return cpu_policy(s, d, &op->u.cpu_policy,
                          op->cmd == XEN_DOMCTL_set_cpu_policy);
    case XEN_DOMCTL_getpageframeinfo3:
        return pageframeinfo(s, d, &op->u.getpageframeinfo3);
    case XEN_DOMCTL_get_ext_vcpucontext:
    case XEN_DOMCTL_set_ext_vcpucontext:
        return ext_context(s, d, &op->u.ext_vcpucontext,
                           op->cmd == XEN_DOMCTL_set_ext_vcpucontext);
    case XEN_DOMCTL_getvcpuextstate:
    case XEN_DOMCTL_setvcpuextstate:
        return xsave(s, d, &op->u.vcpuextstate,
                     op->cmd == XEN_DOMCTL_setvcpuextstate);
    case XEN_DOMCTL_get_vcpu_msrs:
    case XEN_DOMCTL_set_vcpu_msrs:
        return msrs(s, d, &op->u.vcpu_msrs,
                    op->cmd == XEN_DOMCTL_set_vcpu_msrs);
    case XEN_DOMCTL_resumedomain:
        if (!d->domid)
            return -EINVAL;
        was_down = d->shutdown;
        if (was_down)
            sim_log(s, "d%u: resumed", d->domid);
        d->shutdown = 0;
        d->shutdown_reason = 0;
        sim_dom_sched(d);
        if (was_down)
            sim_guest_boot_resumed(s, d);
        else
            sim_guest_boot(s, d);
        return 0;
    }
    return -ENOSYS;
}

/*
 * A guest's SCHEDOP_shutdown for itself.  For suspend, vCPU 0's saved
 * registers are those of the hypercall, as the hypervisor keeps them: rip
 * at the kernel's resume point, rdx the start_info frame the guest
 * passed (PV), rax 0 (a toolstack sets it to 1 to cancel the suspend).
 */
/* The same for an HVM guest, in its CPU record (Linux passes no frame). */
static int hvm_suspend_regs(struct sim *s, struct sim_dom *d)
{
    struct hvm_hw_cpu cpu;
    int rc = sim_hvmctx_cpu(s, d, 0, &cpu);

    if (rc)
        return rc;
    cpu.rip = SIM_GUEST_PADDR + SIM_GUEST_RESUME_ENTRY;
    cpu.rax = 0;
    return sim_hvmctx_set_cpu(s, d, 0, &cpu);
}

int sim_self_shutdown(struct sim *s, struct sim_dom *d, unsigned reason,
                      uint64_t start_info_mfn)
{
    vcpu_guest_context_t c;
    char *p;
    int fd, rc = 0;

    if (reason == SHUTDOWN_suspend && (d->cdf & XEN_DOMCTL_CDF_hvm))
        return hvm_suspend_regs(s, d);
    if (reason == SHUTDOWN_suspend) {
        p = sim_path(s, d->domid, "vcpu0");
        fd = p ? open(p, O_RDWR | O_CLOEXEC) : -1;
        free(p);
        if (fd < 0)
            return -EINVAL;
        if (pread(fd, &c, sizeof(c), 0) != sizeof(c)) {
            close(fd);
            return -EIO;
        }
        c.user_regs.rip = SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR +
                          SIM_GUEST_RESUME_ENTRY;
        c.user_regs.rdx = start_info_mfn;
        c.user_regs.rax = 0;
        if (pwrite(fd, &c, sizeof(c), 0) != sizeof(c))
            rc = -EIO;
        close(fd);
    }
    return rc;
}
