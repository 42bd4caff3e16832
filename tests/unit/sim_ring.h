/*
 * Test fixture: a simulated host (fresh XENSIM_DIR) with one domain that
 * has a single ring page and an unbound event channel towards Dom0, as a
 * guest sets them up for xenstore or its console; and a forked process
 * that plays that guest on the ring.
 */
#ifndef TESTS_SIM_RING_H
#define TESTS_SIM_RING_H

#include <stdint.h>

#include "xenctrl.h"

struct sim_ring {
    char dir[256];              /* the simulated host's state */
    xc_interface *xch;          /* Dom0's handle */
    uint32_t dom;
    uint64_t gfn;               /* the ring page */
    int port;                   /* the guest's end of the event channel */
};

/* New host under /tmp/<tag>.XXXXXX with the domain; asserts on failure. */
void sim_ring_setup(struct sim_ring *s, const char *tag, uint64_t gfn);

/* Close the handle and remove the host's directory. */
void sim_ring_teardown(struct sim_ring *s);

/*
 * Fork the guest: it maps its ring page, lets f change it (f may be NULL)
 * and notifies its port; returns after the child exited 0.
 */
void sim_ring_as_guest(const struct sim_ring *s, void (*f)(void *ring));

#endif
