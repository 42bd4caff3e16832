/* Test fixture: one simulated domain with a ring page; see sim_ring.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_ring.h"

void sim_ring_setup(struct sim_ring *s, const char *tag, uint64_t gfn)
{
    struct xc_domain_create c = { .max_vcpus = 1, .max_evtchn_port = 1023,
                                  .max_grant_frames = 4,
                                  .max_maptrack_frames = 1 };

    snprintf(s->dir, sizeof(s->dir), "/tmp/%s.XXXXXX", tag);
    ck_assert_ptr_nonnull(mkdtemp(s->dir));
    setenv("XENSIM_DIR", s->dir, 1);
    unsetenv("XENSIM_DOMID");
    s->xch = xc_interface_open(0);
    ck_assert_ptr_nonnull(s->xch);
    s->dom = 0;
    s->gfn = gfn;
    ck_assert_int_eq(xc_domain_create(s->xch, &s->dom, &c), 0);
    ck_assert_int_eq(xc_domain_populate_physmap_exact(s->xch, s->dom, 1, 0,
                                                      0, &s->gfn), 0);
    s->port = xc_evtchn_alloc_unbound(s->xch, s->dom, 0);
    ck_assert_int_gt(s->port, 0);
}

void sim_ring_teardown(struct sim_ring *s)
{
    char cmd[300];

    xc_interface_close(s->xch);
    s->xch = NULL;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
    ck_assert_int_eq(system(cmd), 0);
}

void sim_ring_as_guest(const struct sim_ring *s, void (*f)(void *ring))
{
    pid_t pid;
    int st;

    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        uint64_t g = s->gfn;
        xc_interface *gx;
        xc_evtchn *ge;
        void *ring;
        char v[16];

        snprintf(v, sizeof(v), "%u", s->dom);
        setenv("XENSIM_DOMID", v, 1);
        gx = xc_interface_open(0);
        ge = xc_evtchn_open(0);
        if (!gx || !ge)
            _exit(2);
        if (f) {
            ring = xc_map_foreign_pages(gx, s->dom, PROT_READ | PROT_WRITE,
                                        &g, 1);
            if (!ring)
                _exit(3);
            f(ring);
        }
        if (xc_evtchn_notify(ge, (xc_evtchn_port_t)s->port))
            _exit(4);
        _exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
}
