/*
 * libxenctrl simulator, HVM save records (sim_hvmctx.c): the domctl
 * decoders and a reader of a vCPU's CPU record for the simulated guest.
 */
#ifndef XC_SIM_HVMCTX_H
#define XC_SIM_HVMCTX_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/hvm/save.h>

#include "sim.h"

long sim_hvmctx_get(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_hvmcontext *c);
long sim_hvmctx_get_partial(struct sim *s, struct sim_dom *d,
                            struct xen_domctl_hvmcontext_partial *p);
long sim_hvmctx_set(struct sim *s, struct sim_dom *d,
                    struct xen_domctl_hvmcontext *c);

/* 1 if d is an HVM container (HVM or PVH). */
int sim_hvmctx_is_hvm(const struct sim_dom *d);

/* The CPU record of vCPU vcpu of an HVM domain (fresh if never loaded). */
int sim_hvmctx_cpu(struct sim *s, const struct sim_dom *d, unsigned vcpu,
                   struct hvm_hw_cpu *cpu);

/* Replace the CPU record of vCPU vcpu (as the hypervisor keeps the
 * registers of a vCPU that stopped in a hypercall). */
int sim_hvmctx_set_cpu(struct sim *s, const struct sim_dom *d, unsigned vcpu,
                       const struct hvm_hw_cpu *cpu);

#endif /* XC_SIM_HVMCTX_H */
