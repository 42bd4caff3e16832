/*
 * xl: vncviewer [--autopass] <Domain>, and the viewer that create and
 * restore -V/-A start: runs $VNCVIEWER (default vncviewer) on the
 * domain's VNC display (libxl_vnc_info) as Xen 4.17's
 * libxl_vncviewer_exec does ("HOST:DISPLAY"; with autopass the password
 * on its stdin, -autopass).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxl.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

/* A temporary file holding pass, unlinked and rewound, on stdin. */
static int pass_on_stdin(const char *pass, const char *verb)
{
    char tmpl[] = "/tmp/vncautopass.XXXXXX";
    size_t len = strlen(pass);
    int fd = mkstemp(tmpl);

    if (fd < 0) {
        fprintf(stderr, "xl: %s: mkstemp %s: %s\n", verb, tmpl,
                strerror(errno));
        return -1;
    }
    unlink(tmpl);
    if (write(fd, pass, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET) ||
        dup2(fd, STDIN_FILENO) < 0) {
        fprintf(stderr, "xl: %s: cannot pass the VNC password: %s\n", verb,
                strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

int xl_vncviewer_exec(libxl_ctx *ctx, uint32_t domid, int autopass,
                      const char *verb)
{
    const char *viewer = getenv("VNCVIEWER");
    char *listen = NULL, *pass = NULL, target[300];
    char *args[4] = { NULL };
    int display;

    if (libxl_vnc_info(ctx, domid, &listen, &display, &pass)) {
        fprintf(stderr, "xl: %s: %s\n", verb, libxl_errmsg(ctx));
        return EXIT_FAILURE;
    }
    snprintf(target, sizeof(target), "%s:%d", listen, display);
    free(listen);
    if (!viewer || !*viewer)
        viewer = "vncviewer";
    args[0] = (char *)viewer;
    args[1] = target;
    if (autopass && pass) {
        if (pass_on_stdin(pass, verb)) {
            free(pass);
            return EXIT_FAILURE;
        }
        args[2] = (char *)"-autopass";
    }
    free(pass);
    fflush(NULL);
    execvp(viewer, args);
    fprintf(stderr, "xl: %s: cannot run '%s': %s\n", verb, viewer,
            strerror(errno));
    return EXIT_FAILURE;
}

void xl_vncviewer_spawn(uint32_t domid, int autopass, const char *verb)
{
    libxl_ctx *ctx;
    char err[256];
    pid_t pid;

    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xl: %s: fork (vncviewer): %s\n", verb,
                strerror(errno));
        return;
    }
    if (pid)
        return;
    /* As Xen's xl: give the device model a second to listen.  A fresh
     * context: the parent's xenstore connection stays the parent's. */
    sleep(1);
    if (libxl_ctx_alloc(&ctx, err, sizeof(err))) {
        fprintf(stderr, "xl: %s: vncviewer: %s\n", verb, err);
        _exit(EXIT_FAILURE);
    }
    _exit(xl_vncviewer_exec(ctx, domid, autopass, verb));
}

int cmd_vncviewer(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "autopass", no_argument, NULL, 'a' },
        { "vncviewer-autopass", no_argument, NULL, 'a' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    uint32_t domid;
    int opt, autopass = 0;

    while ((opt = xl_getopt(env, argc, argv, "ah", longopts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'a')
            autopass = 1;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    return xl_vncviewer_exec(CTX(env), domid, autopass, "vncviewer");
}
