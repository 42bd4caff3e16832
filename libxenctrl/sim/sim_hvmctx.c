/*
 * libxenctrl simulator, HVM save records: XEN_DOMCTL_gethvmcontext,
 * _gethvmcontext_partial and _sethvmcontext.  Each HVM/PVH domain keeps
 * its per-vCPU CPU and MTRR records in DIR/dom/<id>/hvmctx; a context is
 * produced as HEADER, CPU (vCPUs that are up), MTRR (every vCPU), END.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/hvm/save.h>

#include "sim.h"
#include "sim_hvmctx.h"

/* CPUID[1].eax the simulated host reports in the HEADER record. */
#define SIM_CPUID_1_EAX 0x000a0655U

#define CR0_PE (1ULL << 0)
#define CR0_ET (1ULL << 4)
#define CR0_PG (1ULL << 31)
/* PE MP EM TS ET NE WP AM NW CD PG: anything else is reserved. */
#define CR0_VALID 0xe005003fULL
#define MTRR_DEF_VALID 0xcffULL        /* type, fixed enable, enable */

struct hvm_vcpu_rec {
    struct hvm_hw_cpu cpu;
    struct hvm_hw_mtrr mtrr;
};

static const size_t desc_sz = sizeof(struct hvm_save_descriptor);

int sim_hvmctx_is_hvm(const struct sim_dom *d)
{
    return !!(d->cdf & XEN_DOMCTL_CDF_hvm);
}

/* The state of a vCPU that was never loaded: the x86 INIT state. */
static void fresh_vcpu(struct hvm_vcpu_rec *r)
{
    struct hvm_hw_cpu *c = &r->cpu;

    memset(r, 0, sizeof(*r));
    c->rflags = 2;
    c->cr0 = CR0_ET;
    c->dr6 = 0xffff0ff0;
    c->dr7 = 0x400;
    c->cs_limit = c->ds_limit = c->es_limit = c->fs_limit = 0xffff;
    c->gs_limit = c->ss_limit = c->tr_limit = c->ldtr_limit = 0xffff;
    c->idtr_limit = c->gdtr_limit = 0xffff;
    c->cs_arbytes = 0x9b;
    c->ds_arbytes = c->es_arbytes = c->fs_arbytes = 0x93;
    c->gs_arbytes = c->ss_arbytes = 0x93;
    c->tr_arbytes = 0x8b;
    c->ldtr_arbytes = 0x82;
    r->mtrr.msr_pat_cr = 0x0007040600070406ULL;     /* power-on PAT */
    r->mtrr.msr_mtrr_cap = MTRR_VCNT | (1U << 8) | (1U << 10);
}

/* Load the records of every vCPU of d (fresh ones where none saved). */
static int load_all(struct sim *s, const struct sim_dom *d,
                    struct hvm_vcpu_rec *recs)
{
    size_t want = d->max_vcpus * sizeof(*recs);
    char *p = sim_path(s, d->domid, "hvmctx");
    unsigned i;
    ssize_t r;
    int fd;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    if (fd < 0) {
        if (errno != ENOENT)
            return -errno;
        for (i = 0; i < d->max_vcpus; i++)
            fresh_vcpu(&recs[i]);
        return 0;
    }
    r = pread(fd, recs, want, 0);
    close(fd);
    if (r < 0)
        return -errno;
    return (size_t)r == want ? 0 : -EIO;
}

static int save_all(struct sim *s, const struct sim_dom *d,
                    const struct hvm_vcpu_rec *recs)
{
    size_t want = d->max_vcpus * sizeof(*recs);
    char *p = sim_path(s, d->domid, "hvmctx");
    ssize_t r;
    int fd, e = 0;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    free(p);
    if (fd < 0)
        return -errno;
    r = pwrite(fd, recs, want, 0);
    if (r != (ssize_t)want)
        e = r < 0 ? -errno : -EIO;
    if (close(fd) < 0 && !e)
        e = -errno;
    return e;
}

static struct hvm_vcpu_rec *alloc_recs(const struct sim_dom *d)
{
    return calloc(d->max_vcpus, sizeof(struct hvm_vcpu_rec));
}

/* Read (write false) or replace the CPU record of vCPU vcpu. */
static int cpu_rec(struct sim *s, const struct sim_dom *d, unsigned vcpu,
                   struct hvm_hw_cpu *cpu, bool write)
{
    struct hvm_vcpu_rec *recs;
    int rc;

    if (!sim_hvmctx_is_hvm(d) || vcpu >= d->max_vcpus)
        return -EINVAL;
    recs = alloc_recs(d);
    if (!recs)
        return -ENOMEM;
    rc = load_all(s, d, recs);
    if (!rc && write) {
        recs[vcpu].cpu = *cpu;
        rc = save_all(s, d, recs);
    } else if (!rc) {
        *cpu = recs[vcpu].cpu;
    }
    free(recs);
    return rc;
}

int sim_hvmctx_cpu(struct sim *s, const struct sim_dom *d, unsigned vcpu,
                   struct hvm_hw_cpu *cpu)
{
    return cpu_rec(s, d, vcpu, cpu, false);
}

int sim_hvmctx_set_cpu(struct sim *s, const struct sim_dom *d, unsigned vcpu,
                       const struct hvm_hw_cpu *cpu)
{
    struct hvm_hw_cpu c = *cpu;

    return cpu_rec(s, d, vcpu, &c, true);
}

/* Append one record at *off of out (NULL: only count). */
static void put(uint8_t *out, size_t *off, uint16_t type, uint16_t inst,
                const void *body, uint32_t len)
{
    struct hvm_save_descriptor h = { .typecode = type, .instance = inst,
                                     .length = len };

    if (out) {
        memcpy(out + *off, &h, desc_sz);
        if (len)
            memcpy(out + *off + desc_sz, body, len);
    }
    *off += desc_sz + len;
}

/* Serialise the context of d into out (NULL: size only). */
static size_t emit(struct sim *s, const struct sim_dom *d,
                   const struct hvm_vcpu_rec *recs, uint8_t *out, bool all)
{
    struct hvm_save_header hdr = { .magic = HVM_FILE_MAGIC,
                                   .version = HVM_FILE_VERSION,
                                   .cpuid = SIM_CPUID_1_EAX,
                                   .gtsc_khz = s->st->host.cpu_khz };
    size_t off = 0;
    unsigned i;

    put(out, &off, HVM_SAVE_CODE(HEADER), 0, &hdr, sizeof(hdr));
    for (i = 0; i < d->max_vcpus; i++)
        if (all || d->vcpu[i].online)
            put(out, &off, HVM_SAVE_CODE(CPU), (uint16_t)i,
                recs ? &recs[i].cpu : NULL, HVM_SAVE_LENGTH(CPU));
    for (i = 0; i < d->max_vcpus; i++)
        put(out, &off, HVM_SAVE_CODE(MTRR), (uint16_t)i,
            recs ? &recs[i].mtrr : NULL, HVM_SAVE_LENGTH(MTRR));
    put(out, &off, HVM_SAVE_CODE(END), 0, NULL, 0);
    return off;
}

long sim_hvmctx_get(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_hvmcontext *c)
{
    size_t need = emit(s, d, NULL, NULL, true);
    struct hvm_vcpu_rec *recs;
    int rc;

    if (!sim_hvmctx_is_hvm(d))
        return -EINVAL;
    if (!c->buffer.p) {
        c->size = (uint32_t)need;
        return 0;
    }
    if (c->size < need)
        return -ENOSPC;
    recs = alloc_recs(d);
    if (!recs)
        return -ENOMEM;
    rc = load_all(s, d, recs);
    if (!rc)
        c->size = (uint32_t)emit(s, d, recs, c->buffer.p, false);
    free(recs);
    return rc;
}

long sim_hvmctx_get_partial(struct sim *s, struct sim_dom *d,
                            struct xen_domctl_hvmcontext_partial *p)
{
    struct hvm_vcpu_rec *recs;
    const void *body;
    uint32_t len;
    int rc;

    if (!sim_hvmctx_is_hvm(d) || p->type > HVM_SAVE_CODE_MAX ||
        p->type <= HVM_SAVE_CODE(HEADER))
        return -EINVAL;
    if (p->type != HVM_SAVE_CODE(CPU) && p->type != HVM_SAVE_CODE(MTRR)) {
        sim_log(s, "d%u: hvm record type %u is not simulated", d->domid,
                p->type);
        return -EOPNOTSUPP;
    }
    if (p->instance >= d->max_vcpus)
        return -ENOENT;
    if (p->type == HVM_SAVE_CODE(CPU) && !d->vcpu[p->instance].online)
        return -ENODATA;
    len = p->type == HVM_SAVE_CODE(CPU) ? HVM_SAVE_LENGTH(CPU)
                                        : HVM_SAVE_LENGTH(MTRR);
    if (!p->buffer.p)
        return -EFAULT;
    if (p->bufsz < len)
        return -ENOBUFS;
    recs = alloc_recs(d);
    if (!recs)
        return -ENOMEM;
    rc = load_all(s, d, recs);
    if (!rc) {
        body = p->type == HVM_SAVE_CODE(CPU)
               ? (const void *)&recs[p->instance].cpu
               : (const void *)&recs[p->instance].mtrr;
        memcpy(p->buffer.p, body, len);
    }
    free(recs);
    return rc;
}

static int pat_ok(uint64_t pat)
{
    unsigned i, t;

    for (i = 0; i < 8; i++) {
        t = (pat >> (8 * i)) & 0xff;
        if (t != 0 && t != 1 && t != 4 && t != 5 && t != 6 && t != 7)
            return 0;
    }
    return 1;
}

static int check_cpu(const struct hvm_hw_cpu *c)
{
    if ((c->cr0 & ~CR0_VALID) || ((c->cr0 & CR0_PG) && !(c->cr0 & CR0_PE)))
        return -EINVAL;
    if (c->flags & ~XEN_X86_FPU_INITIALISED)
        return -EINVAL;
    return 0;
}

static int check_mtrr(const struct hvm_hw_mtrr *m)
{
    unsigned t = m->msr_mtrr_def_type & 0xff;

    if ((m->msr_mtrr_def_type & ~MTRR_DEF_VALID) ||
        (t != 0 && t != 1 && t != 4 && t != 5 && t != 6))
        return -EINVAL;
    return pat_ok(m->msr_pat_cr) ? 0 : -EINVAL;
}

/* Check and apply one record body to recs; 0 or -errno. */
static int load_one(struct sim *s, struct sim_dom *d,
                    struct hvm_vcpu_rec *recs, uint8_t *up,
                    const struct hvm_save_descriptor *h, const uint8_t *b)
{
    struct hvm_hw_cpu cpu;
    struct hvm_hw_mtrr mtrr;
    int rc;

    if (h->typecode != HVM_SAVE_CODE(CPU) &&
        h->typecode != HVM_SAVE_CODE(MTRR)) {
        sim_log(s, "d%u: hvm restore: record type %u %s", d->domid,
                h->typecode, h->typecode > HVM_SAVE_CODE_MAX
                ? "is unknown" : "is not simulated");
        return h->typecode > HVM_SAVE_CODE_MAX ? -EINVAL : -EOPNOTSUPP;
    }
    if (h->instance >= d->max_vcpus) {
        sim_log(s, "d%u: hvm restore: no vcpu%u", d->domid, h->instance);
        return -EINVAL;
    }
    if (h->typecode == HVM_SAVE_CODE(CPU)) {
        if (h->length != HVM_SAVE_LENGTH(CPU))
            return -EINVAL;
        memcpy(&cpu, b, sizeof(cpu));
        if ((rc = check_cpu(&cpu)))
            return rc;
        cpu.rflags |= 2;                /* the always-one bit, as Xen */
        recs[h->instance].cpu = cpu;
        up[h->instance] = 1;
        return 0;
    }
    if (h->length != HVM_SAVE_LENGTH(MTRR))
        return -EINVAL;
    memcpy(&mtrr, b, sizeof(mtrr));
    if ((rc = check_mtrr(&mtrr)))
        return rc;
    /* The capability register is the hypervisor's, not the guest's. */
    mtrr.msr_mtrr_cap = recs[h->instance].mtrr.msr_mtrr_cap;
    recs[h->instance].mtrr = mtrr;
    return 0;
}

/* Walk the stream: HEADER, records, END; nothing is applied on error. */
static int parse(struct sim *s, struct sim_dom *d, const uint8_t *buf,
                 size_t size, struct hvm_vcpu_rec *recs, uint8_t *up)
{
    struct hvm_save_descriptor h;
    struct hvm_save_header hdr;
    size_t off = 0;
    int rc;

    if (size < desc_sz + sizeof(hdr))
        return -ENODATA;
    memcpy(&h, buf, desc_sz);
    memcpy(&hdr, buf + desc_sz, sizeof(hdr));
    if (h.typecode != HVM_SAVE_CODE(HEADER) || h.length != sizeof(hdr) ||
        hdr.magic != HVM_FILE_MAGIC || hdr.version != HVM_FILE_VERSION) {
        sim_log(s, "d%u: hvm restore: bad header", d->domid);
        return -EINVAL;
    }
    off = desc_sz + sizeof(hdr);
    for (;;) {
        if (size - off < desc_sz)
            return -ENODATA;     /* no END record */
        memcpy(&h, buf + off, desc_sz);
        off += desc_sz;
        if (h.length > size - off)
            return -ENODATA;
        if (h.typecode == HVM_SAVE_CODE(END))
            return h.length ? -EINVAL : 0;
        if ((rc = load_one(s, d, recs, up, &h, buf + off)))
            return rc;
        off += h.length;
    }
}

long sim_hvmctx_set(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_hvmcontext *c)
{
    struct hvm_vcpu_rec *recs;
    uint8_t up[SIM_MAX_VCPUS] = { 0 };
    unsigned i;
    int rc;

    if (!sim_hvmctx_is_hvm(d))
        return -EINVAL;
    if (!c->buffer.p)
        return -EFAULT;
    recs = alloc_recs(d);
    if (!recs)
        return -ENOMEM;
    rc = load_all(s, d, recs);
    if (!rc)
        rc = parse(s, d, c->buffer.p, c->size, recs, up);
    if (!rc)
        rc = save_all(s, d, recs);
    free(recs);
    if (rc)
        return rc;
    for (i = 0; i < d->max_vcpus; i++)
        if (up[i])
            d->vcpu[i].online = 1;
    sim_dom_sched(d);
    return 0;
}
