/*
 * Shared fixtures of the libxenctrl unit tests: every test gets its own
 * simulated host in a fresh mkdtemp() directory (XENSIM_DIR).
 */
#ifndef CHECK_XC_H
#define CHECK_XC_H

#include <check.h>

#include "xenctrl.h"

extern xc_interface *xch;
extern char xct_dir[];

/* Make a fresh state dir, optionally with a xensim.conf, and open it. */
void xct_setup_conf(const char *conf);
void xct_setup(void);
void xct_teardown(void);

/* Create a paused PV domain with n vCPUs; returns its id. */
uint32_t xct_create(unsigned vcpus);

TCase *xct_evtchn_tcase(void);
TCase *xct_mem_tcase(void);
TCase *xct_hvm_tcase(void);
TCase *xct_save_tcase(void);
TCase *xct_logdirty_tcase(void);

#endif
