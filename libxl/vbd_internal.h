/*
 * libxl: private interface of the disk (vbd) devices: vbd.c acts on
 * struct libxl_device_disk through the generic device layer; loop
 * devices for file: targets come from the host's loop driver
 * (vbd_loop.c) or, on the simulator, from the simulated Dom0 kernel
 * (vbd_loop_sim.c).
 */
#ifndef LIBXL_VBD_INTERNAL_H
#define LIBXL_VBD_INTERNAL_H

#include <stdbool.h>

#include "device_internal.h"

struct libxl__loop {
    char *node;                  /* "/dev/loop3" (arena) */
    unsigned major, minor;
};

/*
 * Bind file to a free loop device (read-only if ro).  The loop device
 * stays until libxl__loop_detach; 0 or -errno with a message naming
 * the file.
 */
int libxl__loop_attach(libxl__gc *gc, const char *file, bool ro,
                       struct libxl__loop *lo);
/* Free a loop device; if its user (blkback) still holds it, it goes when
 * that user lets go (autoclear).  A loop device already free is fine. */
int libxl__loop_detach(libxl__gc *gc, const char *node);

/* The same on the simulated host ($XENSIM_DIR/dom0/loop/<n>). */
int libxl__loop_sim_attach(libxl__gc *gc, const char *file, bool ro,
                           struct libxl__loop *lo);
int libxl__loop_sim_detach(libxl__gc *gc, const char *node);

#endif
