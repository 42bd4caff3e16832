/*
 * Unit tests of the domain builder: the simulator fixture (one fresh
 * simulated host per test, removed afterwards).
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "check_build_sim.h"

void sim_fix_setup(struct sim_fix *fx, bool pvh)
{
    struct xc_domain_create cfg = { 0 };
    char err[256] = "";
    int port;

    memset(fx, 0, sizeof(*fx));
    snprintf(fx->dir, sizeof(fx->dir), "/tmp/check_build_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(fx->dir));
    setenv("XENSIM_DIR", fx->dir, 1);
    fx->xch = xc_interface_open_err(0, err, sizeof(err));
    ck_assert_msg(fx->xch != NULL, "%s", err);
    cfg.max_vcpus = 2;
    cfg.max_evtchn_port = 1023;
    cfg.max_grant_frames = 4;
    cfg.max_maptrack_frames = -1;
    if (pvh) {
        cfg.flags = XC_DOMCREATE_HVM | XC_DOMCREATE_HAP;
        cfg.arch_emulation_flags = 1;   /* XEN_X86_EMU_LAPIC */
    }
    ck_assert_msg(!xc_domain_create(fx->xch, &fx->domid, &cfg), "%s",
                  xc_errmsg(fx->xch));
    ck_assert_int_eq(xc_domain_max_vcpus(fx->xch, fx->domid, 2), 0);
    ck_assert_int_eq(xc_domain_setmaxmem(fx->xch, fx->domid, 64 * 1024),
                     0);
    port = xc_evtchn_alloc_unbound(fx->xch, fx->domid, 0);
    ck_assert_int_ge(port, 0);
    fx->store_port = (uint32_t)port;
    port = xc_evtchn_alloc_unbound(fx->xch, fx->domid, 0);
    ck_assert_int_ge(port, 0);
    fx->console_port = (uint32_t)port;
    fx->b = build_dom_new(fx->xch);
    ck_assert_ptr_nonnull(fx->b);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
    return remove(path);
}

void sim_fix_teardown(struct sim_fix *fx)
{
    build_dom_free(fx->b);
    xc_domain_destroy(fx->xch, fx->domid);
    xc_interface_close(fx->xch);
    nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void sim_fix_args(struct sim_fix *fx, struct build_args *a, uint64_t mem_kb)
{
    memset(a, 0, sizeof(*a));
    a->domid = fx->domid;
    a->mem_kb = mem_kb;
    a->max_vcpus = 2;
    a->store_evtchn = fx->store_port;
    a->console_evtchn = fx->console_port;
}

void sim_fix_read(struct sim_fix *fx, uint64_t paddr, void *buf, size_t len)
{
    uint8_t *out = buf;

    while (len) {
        uint64_t pfn = paddr >> 12;
        size_t off = paddr & 4095, n = 4096 - off < len ? 4096 - off : len;
        uint8_t *p = xc_map_foreign_pages(fx->xch, fx->domid, PROT_READ,
                                          &pfn, 1);

        ck_assert_msg(p != NULL, "%s", xc_errmsg(fx->xch));
        memcpy(out, p + off, n);
        xc_unmap_foreign(fx->xch, p, 1);
        out += n;
        paddr += n;
        len -= n;
    }
}

uint64_t sim_fix_param(struct sim_fix *fx, unsigned p)
{
    uint64_t v;

    ck_assert_int_eq(xc_hvm_param_get(fx->xch, fx->domid, p, &v), 0);
    return v;
}

int sim_fix_guest_map(struct sim_fix *fx, struct xc_e820 *e820, unsigned n)
{
    xc_interface *guest;
    char id[16];
    int rc;

    snprintf(id, sizeof(id), "%u", fx->domid);
    setenv("XENSIM_DOMID", id, 1);
    guest = xc_interface_open(0);
    unsetenv("XENSIM_DOMID");
    ck_assert_ptr_nonnull(guest);
    rc = xc_domain_get_memory_map(guest, XC_DOMID_SELF, e820, n);
    xc_interface_close(guest);
    return rc;
}
