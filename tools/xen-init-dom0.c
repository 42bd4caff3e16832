/*
 * tools: xen-init-dom0, run once at boot after xenstored starts: sets up
 * Domain-0's xenstore entries, optional UUID and stub config via libxl.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

int main(int argc, char **argv)
{
    libxl_ctx *ctx = NULL;
    uint8_t uuid[16];
    char err[256] = "";
    int rc;

    if (argc > 2) {
        fprintf(stderr, "too many arguments\n");
        return 1;
    }
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        printf("Usage: xen-init-dom0 [UUID]\n");
        return 0;
    }
    if (argc == 2 && libxl_uuid_parse(argv[1], uuid)) {
        fprintf(stderr, "failed to parse UUID %s\n", argv[1]);
        return 1;
    }
    if (libxl_ctx_alloc(&ctx, err, sizeof(err))) {
        fprintf(stderr, "cannot init libxl context: %s\n", err);
        return 1;
    }
    rc = libxl_dom0_init(ctx, argc == 2 ? uuid : NULL);
    if (rc) {
        fprintf(stderr, "%s\n", libxl_errmsg(ctx));
        libxl_ctx_free(ctx);
        /* As Xen's: being set up already is not an error. */
        return rc == -EEXIST ? 0 : 1;
    }
    libxl_ctx_free(ctx);
    printf("Done setting up Dom0\n");
    return 0;
}
