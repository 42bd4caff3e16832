/*
 * xensim-balloon: the simulated host's Domain-0 balloon driver.  On the
 * simulator no kernel answers /local/domain/0/memory/target; this does
 * what Linux's xen-balloon does for Dom0: it watches the target (KiB) and
 * gives pages back to the hypervisor (XENMEM_decrease_reservation) or
 * takes them again (XENMEM_populate_physmap) in steps of 16 MiB, so that
 * a toolstack waiting for the target sees progress.  Domain-0's memory is
 * gfns [0, pages) on the simulator (sim_memory_dom0_init).
 * Usage: xensim-balloon [--floor MiB]   (XENSTORED_PATH, XENSIM_DIR from
 * the environment); --floor: never go below this (a kernel that refuses
 * to give more, to test a toolstack that waits in vain).  Serves until
 * xenstored goes away or SIGTERM.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xenctrl.h"
#include "xenstore.h"

#define TARGET "/local/domain/0/memory/target"
#define STEP_PAGES 4096                  /* 16 MiB */

static xc_interface *xch;
static struct xs_handle *xsh;
static uint64_t floor_pages;

static int dom0_pages(uint64_t *pages)
{
    struct xc_dominfo info;
    int rc = xc_domain_getinfo_single(xch, 0, &info);

    if (rc)
        return rc;
    *pages = info.nr_pages;
    return 0;
}

static int target_pages(uint64_t *pages)
{
    unsigned len;
    char *v = xs_read(xsh, XBT_NULL, TARGET, &len), *end;
    unsigned long long kb;

    if (!v)
        return -1;
    kb = strtoull(v, &end, 10);
    if (end == v || *end) {
        free(v);
        return -1;
    }
    free(v);
    *pages = kb / 4;
    return 0;
}

/* One step towards the target; 1 if more steps are needed. */
static int step(void)
{
    uint64_t cur, want, n, i, *gfns;
    int rc;

    if (dom0_pages(&cur) || target_pages(&want))
        return 0;
    if (want < floor_pages)
        want = floor_pages;
    if (want == cur)
        return 0;
    n = want < cur ? cur - want : want - cur;
    if (n > STEP_PAGES)
        n = STEP_PAGES;
    gfns = calloc(n, sizeof(*gfns));
    if (!gfns)
        return 0;
    for (i = 0; i < n; i++)
        gfns[i] = want < cur ? cur - n + i : cur + i;
    if (want < cur)
        rc = xc_domain_decrease_reservation_exact(xch, 0, n, 0, gfns);
    else
        rc = xc_domain_populate_physmap_exact(xch, 0, n, 0, 0, gfns);
    free(gfns);
    if (rc) {
        fprintf(stderr, "xensim-balloon: %s %" PRIu64 " pages: %s\n",
                want < cur ? "releasing" : "populating", n, strerror(-rc));
        return 0;
    }
    return n < (want < cur ? cur - want : want - cur);
}

int main(int argc, char **argv)
{
    char buf[256];

    if (argc == 3 && !strcmp(argv[1], "--floor")) {
        floor_pages = strtoull(argv[2], NULL, 10) * 256;
    } else if (argc != 1) {
        fprintf(stderr, "usage: xensim-balloon [--floor MiB]\n");
        return 2;
    }
    xch = xc_interface_open_err(0, buf, sizeof(buf));
    if (!xch) {
        fprintf(stderr, "xensim-balloon: %s\n", buf);
        return 1;
    }
    xsh = xs_open(0);
    if (!xsh || !xs_watch(xsh, TARGET, "target")) {
        fprintf(stderr, "xensim-balloon: cannot watch %s in xenstore\n",
                TARGET);
        return 1;
    }
    for (;;) {
        unsigned num;
        char **ev = xs_read_watch(xsh, &num);

        if (!ev)
            return 0;                    /* xenstored went away */
        free(ev);
        while (step())
            nanosleep(&(struct timespec){ 0, 20 * 1000 * 1000 }, NULL);
    }
}
