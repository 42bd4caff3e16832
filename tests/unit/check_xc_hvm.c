/*
 * Unit tests of libxenctrl HVM save records on the simulator: the context
 * of a fresh PVH domain, loading a CPU record (the vCPU comes up with its
 * registers), MTRR records, partial reads and malformed streams.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/hvm/save.h>

#include "check_xc.h"

struct ctx {
    struct hvm_save_descriptor hd;
    struct hvm_save_header h;
    struct hvm_save_descriptor cd;
    struct hvm_hw_cpu cpu;
    struct hvm_save_descriptor ed;
} __attribute__((packed));

static uint32_t create_pvh(unsigned vcpus)
{
    struct xc_domain_create c = { .max_vcpus = vcpus,
                                  .flags = XC_DOMCREATE_HVM |
                                           XC_DOMCREATE_HAP,
                                  .max_evtchn_port = 1023,
                                  .max_grant_frames = 64,
                                  .max_maptrack_frames = 1024,
                                  .arch_emulation_flags = XEN_X86_EMU_LAPIC };
    uint32_t domid = 0;

    ck_assert_int_eq(xc_domain_create(xch, &domid, &c), 0);
    return domid;
}

/* Find record (type, inst) in a context; NULL if absent. */
static const void *find(const uint8_t *b, int n, unsigned type,
                        unsigned inst, uint32_t *len)
{
    struct hvm_save_descriptor d;
    int off = 0;

    while (off + (int)sizeof(d) <= n) {
        memcpy(&d, b + off, sizeof(d));
        off += sizeof(d);
        if (d.typecode == type && d.instance == inst) {
            *len = d.length;
            return b + off;
        }
        if (d.typecode == HVM_SAVE_CODE(END))
            break;
        off += d.length;
    }
    return NULL;
}

static int count(const uint8_t *b, int n, unsigned type)
{
    struct hvm_save_descriptor d;
    int off = 0, k = 0;

    while (off + (int)sizeof(d) <= n) {
        memcpy(&d, b + off, sizeof(d));
        off += sizeof(d) + d.length;
        k += d.typecode == type;
        if (d.typecode == HVM_SAVE_CODE(END))
            break;
    }
    return k;
}

static uint8_t *get_all(uint32_t d, int *n)
{
    int need = xc_domain_hvm_getcontext(xch, d, NULL, 0);
    uint8_t *b;

    ck_assert_int_gt(need, 0);
    b = calloc(1, (size_t)need);
    ck_assert_ptr_nonnull(b);
    *n = xc_domain_hvm_getcontext(xch, d, b, (uint32_t)need);
    ck_assert_int_gt(*n, 0);
    ck_assert_int_le(*n, need);
    return b;
}

static void make_ctx(struct ctx *c, const uint8_t *full, unsigned vcpu)
{
    memset(c, 0, sizeof(*c));
    memcpy(&c->hd, full, sizeof(c->hd) + sizeof(c->h));
    c->cd.typecode = HVM_SAVE_CODE(CPU);
    c->cd.instance = (uint16_t)vcpu;
    c->cd.length = HVM_SAVE_LENGTH(CPU);
    c->cpu.rflags = 2;
    c->cpu.cr0 = 0x11;
    c->cpu.rip = 0x1000000 + vcpu;
    c->cpu.rbx = 0x2000;
    c->cpu.cs_arbytes = 0xc9b;
    c->cpu.cs_limit = ~0U;
    c->ed.typecode = HVM_SAVE_CODE(END);
}

START_TEST(fresh_context)
{
    uint32_t d = create_pvh(3), len;
    const struct hvm_save_header *h;
    const struct hvm_hw_mtrr *m;
    const struct hvm_hw_cpu *c;
    struct xc_physinfo pi;
    uint8_t *b;
    int n;

    b = get_all(d, &n);
    h = find(b, n, HVM_SAVE_CODE(HEADER), 0, &len);
    ck_assert_ptr_eq(h, b + sizeof(struct hvm_save_descriptor));
    ck_assert_uint_eq(len, sizeof(*h));
    ck_assert_uint_eq(h->magic, HVM_FILE_MAGIC);
    ck_assert_uint_eq(h->version, HVM_FILE_VERSION);
    ck_assert_int_eq(xc_physinfo(xch, &pi), 0);
    ck_assert_uint_eq(h->gtsc_khz, pi.cpu_khz);
    /* CPU records only for vCPUs that are up (vCPU 0), MTRR for all. */
    ck_assert_int_eq(count(b, n, HVM_SAVE_CODE(CPU)), 1);
    c = find(b, n, HVM_SAVE_CODE(CPU), 0, &len);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(len, HVM_SAVE_LENGTH(CPU));
    ck_assert_uint_eq(c->cr0 & 1, 0);
    ck_assert_uint_eq(c->dr7, 0x400);
    ck_assert_int_eq(count(b, n, HVM_SAVE_CODE(MTRR)), 3);
    m = find(b, n, HVM_SAVE_CODE(MTRR), 2, &len);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(len, HVM_SAVE_LENGTH(MTRR));
    ck_assert_uint_eq(m->msr_mtrr_cap & 0xff, MTRR_VCNT);
    ck_assert_uint_eq(m->msr_mtrr_def_type, 0);
    /* The stream ends with a zero END descriptor. */
    ck_assert_int_eq(count(b, n, HVM_SAVE_CODE(END)), 1);
    ck_assert_uint_eq(((const struct hvm_save_descriptor *)
                       (b + n - sizeof(struct hvm_save_descriptor)))->length,
                      0);
    /* A buffer that is too small. */
    ck_assert_int_eq(xc_domain_hvm_getcontext(xch, d, b, 16), -ENOSPC);
    free(b);
}
END_TEST

START_TEST(pv_has_no_context)
{
    uint32_t d = xct_create(1);
    uint8_t b[64] = { 0 };

    ck_assert_int_eq(xc_domain_hvm_getcontext(xch, d, NULL, 0), -EINVAL);
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, b, sizeof(b)),
                     -EINVAL);
    ck_assert_int_eq(xc_domain_hvm_getcontext(xch, 999, NULL, 0), -ESRCH);
}
END_TEST

START_TEST(set_cpu_brings_vcpu_up)
{
    uint32_t d = create_pvh(2), len;
    struct xc_vcpuinfo vi;
    struct hvm_hw_cpu cpu;
    const struct hvm_hw_cpu *c;
    struct ctx x;
    uint8_t *b;
    int n;

    b = get_all(d, &n);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 1, &vi), 0);
    ck_assert(!vi.online);
    make_ctx(&x, b, 1);
    free(b);
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&x,
                                              sizeof(x)), 0);
    ck_assert_int_eq(xc_vcpu_getinfo(xch, d, 1, &vi), 0);
    ck_assert(vi.online);
    b = get_all(d, &n);
    ck_assert_int_eq(count(b, n, HVM_SAVE_CODE(CPU)), 2);
    c = find(b, n, HVM_SAVE_CODE(CPU), 1, &len);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(c->rip, 0x1000001);
    ck_assert_uint_eq(c->rbx, 0x2000);
    ck_assert_uint_eq(c->cr0, 0x11);
    ck_assert_uint_eq(c->cs_arbytes, 0xc9b);
    free(b);
    /* The same record through the partial read. */
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(CPU), 1, &cpu, sizeof(cpu)), 0);
    ck_assert_uint_eq(cpu.rip, 0x1000001);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(CPU), 2, &cpu, sizeof(cpu)), -ENOENT);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(CPU), 0, &cpu, 16), -ENOBUFS);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE_MAX + 1, 0, &cpu, sizeof(cpu)),
                     -EINVAL);
}
END_TEST

START_TEST(set_mtrr)
{
    struct {
        struct hvm_save_descriptor hd;
        struct hvm_save_header h;
        struct hvm_save_descriptor md;
        struct hvm_hw_mtrr m;
        struct hvm_save_descriptor ed;
    } __attribute__((packed)) x;
    struct hvm_hw_mtrr m;
    uint32_t d = create_pvh(2);
    uint8_t *b;
    int n;

    b = get_all(d, &n);
    memset(&x, 0, sizeof(x));
    memcpy(&x.hd, b, sizeof(x.hd) + sizeof(x.h));
    x.md.typecode = HVM_SAVE_CODE(MTRR);
    x.md.instance = 1;
    x.md.length = HVM_SAVE_LENGTH(MTRR);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(MTRR), 1, &x.m, sizeof(x.m)), 0);
    x.m.msr_mtrr_def_type = 6 | (1U << 11);         /* WB, enabled */
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&x,
                                              sizeof(x)), 0);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(MTRR), 1, &m, sizeof(m)), 0);
    ck_assert_uint_eq(m.msr_mtrr_def_type, 6 | (1U << 11));
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(MTRR), 0, &m, sizeof(m)), 0);
    ck_assert_uint_eq(m.msr_mtrr_def_type, 0);
    /* Type 2 is reserved. */
    x.m.msr_mtrr_def_type = 2 | (1U << 11);
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&x,
                                              sizeof(x)), -EINVAL);
    free(b);
}
END_TEST

START_TEST(malformed_streams)
{
    uint32_t d = create_pvh(1);
    struct hvm_hw_cpu cpu;
    struct ctx x, y;
    uint8_t *b;
    int n;

    b = get_all(d, &n);
    make_ctx(&x, b, 0);
    free(b);
    /* Bad magic. */
    y = x;
    y.h.magic ^= 1;
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&y,
                                              sizeof(y)), -EINVAL);
    /* No END record. */
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&x,
                                              sizeof(x) - sizeof(x.ed)),
                     -ENODATA);
    /* vCPU out of range. */
    y = x;
    y.cd.instance = 1;
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&y,
                                              sizeof(y)), -EINVAL);
    /* Paging without protection, reserved CR0 bit. */
    y = x;
    y.cpu.cr0 = 0x80000010ULL;
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&y,
                                              sizeof(y)), -EINVAL);
    y.cpu.cr0 = 0x11 | (1ULL << 40);
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&y,
                                              sizeof(y)), -EINVAL);
    /* Wrong record length. */
    y = x;
    y.cd.length = 8;
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&y,
                                              sizeof(y)), -EINVAL);
    /* Nothing of the failed loads was applied. */
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu)), 0);
    ck_assert_uint_eq(cpu.rip, 0);
    ck_assert_int_eq(xc_domain_hvm_setcontext(xch, d, (uint8_t *)&x,
                                              sizeof(x)), 0);
    ck_assert_int_eq(xc_domain_hvm_getcontext_partial(xch, d,
                         HVM_SAVE_CODE(CPU), 0, &cpu, sizeof(cpu)), 0);
    ck_assert_uint_eq(cpu.rip, 0x1000000);
}
END_TEST

TCase *xct_hvm_tcase(void)
{
    TCase *tc = tcase_create("hvmcontext");

    tcase_add_checked_fixture(tc, xct_setup, xct_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, fresh_context);
    tcase_add_test(tc, pv_has_no_context);
    tcase_add_test(tc, set_cpu_brings_vcpu_up);
    tcase_add_test(tc, set_mtrr);
    tcase_add_test(tc, malformed_streams);
    return tc;
}
