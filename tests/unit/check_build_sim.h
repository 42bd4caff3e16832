/*
 * Unit tests of the domain builder: a fixture giving each test its own
 * simulated hypervisor (XENSIM_DIR in a mkdtemp() directory) with one
 * paused domain ready to be built.
 */
#ifndef CHECK_BUILD_SIM_H
#define CHECK_BUILD_SIM_H

#include "check_build.h"

struct sim_fix {
    char dir[64];
    xc_interface *xch;
    uint32_t domid;
    struct build_dom *b;
    uint32_t store_port, console_port;
};

/* New simulator, a PV (or PVH when pvh) domain with 2 vCPUs and 64 MiB
 * of max memory, its two unbound ports, a builder handle. */
void sim_fix_setup(struct sim_fix *fx, bool pvh);
void sim_fix_teardown(struct sim_fix *fx);
/* Arguments for fx's domain with mem_kb of RAM. */
void sim_fix_args(struct sim_fix *fx, struct build_args *a, uint64_t mem_kb);
/* len bytes of fx's guest physical memory from paddr, into buf. */
void sim_fix_read(struct sim_fix *fx, uint64_t paddr, void *buf, size_t len);
/* HVM param p of fx's domain. */
uint64_t sim_fix_param(struct sim_fix *fx, unsigned p);
/* The memory map as fx's guest reads it (XENMEM_memory_map): the number
 * of entries, or -errno. */
int sim_fix_guest_map(struct sim_fix *fx, struct xc_e820 *e820, unsigned n);

#endif /* CHECK_BUILD_SIM_H */
