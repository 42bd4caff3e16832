/*
 * Unit tests of libxl and xl on the simulator: a simulated host of the
 * test's own (a fresh XENSIM_DIR in /tmp and xenstored on a socket in it)
 * and the daemons and programs a test starts, which end with the test
 * process even when a failed test skips its teardown.  The C side of
 * tests/cli/xl/simhost.sh.
 */
#ifndef TESTS_SIMHOST_H
#define TESTS_SIMHOST_H

#include <stddef.h>
#include <sys/types.h>

struct simhost {
    char dir[64];               /* XENSIM_DIR, removed by simhost_end */
    char sock[128];             /* xenstored's socket, XENSTORED_PATH */
    pid_t xenstored;
};

/* The build directory ($top_builddir, else "."). */
const char *simhost_builddir(void);
/* Starts bin with argv (stderr to err_to and stdout to /dev/null when
 * err_to is given) in its own process group; it gets SIGTERM when the
 * test process ends. */
pid_t simhost_spawn(const char *bin, char *const argv[], const char *err_to);
/* SIGTERM to *pid's process group and wait for it; *pid becomes -1. */
void simhost_stop(pid_t *pid);
/* /tmp/<name>.XXXXXX as XENSIM_DIR (XENSIM_DOMID unset), xenstored -N
 * there, once it accepts connections (30 s at most). */
void simhost_start(struct simhost *h, const char *name);
/* Stops xenstored and removes the directory. */
void simhost_end(struct simhost *h);
/* Number of entries of a xenstore directory (0 if it is missing). */
unsigned simhost_xs_count(const char *path);
/* /local/domain/<domid>/<rel> (malloc'd), or NULL. */
char *simhost_xs_get(unsigned domid, const char *rel);
/* path holds len bytes of buf. */
void simhost_write_file(const char *path, const void *buf, size_t len);

#endif /* TESTS_SIMHOST_H */
