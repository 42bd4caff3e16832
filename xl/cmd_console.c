/*
 * xl: console [-t pv|serial|vuart] [-n N] <Domain>: checks that the
 * domain has that console, then execs the console client (xenconsole)
 * with Xen 4.17's arguments.  Detach with Ctrl-].
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libxl.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static int parse_type(const char *s)
{
    if (!strcmp(s, "pv"))
        return LIBXL_CONSOLE_TYPE_PV;
    if (!strcmp(s, "serial"))
        return LIBXL_CONSOLE_TYPE_SERIAL;
    if (!strcmp(s, "vuart"))
        return LIBXL_CONSOLE_TYPE_VUART;
    return LIBXL_CONSOLE_TYPE_UNKNOWN;
}

int cmd_console(struct xl_env *env, int argc, char **argv)
{
    const char *client = xl_console_client();
    int opt, num = 0, type = LIBXL_CONSOLE_TYPE_UNKNOWN, rc;
    char domid_s[16], num_s[16], *tty = NULL;
    uint32_t domid;

    while ((opt = xl_getopt(env, argc, argv, "n:t:h", NULL)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 't') {
            type = parse_type(optarg);
            if (type == LIBXL_CONSOLE_TYPE_UNKNOWN) {
                fprintf(stderr, "console type supported are: "
                        "pv, serial, vuart\n");
                return EXIT_FAILURE;
            }
        } else if (opt == 'n') {
            num = atoi(optarg);
        }
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    /* As Xen's xl: without -t, the primary console (and -n is ignored). */
    if (type == LIBXL_CONSOLE_TYPE_UNKNOWN) {
        num = 0;
        if (libxl_primary_console_type(CTX(env), domid, &type)) {
            fprintf(stderr, "%s\nUnable to attach console\n",
                    libxl_errmsg(CTX(env)));
            return EXIT_FAILURE;
        }
    }
    /* A pty not published yet is fine: the client waits for it. */
    rc = libxl_console_get_tty(CTX(env), domid, num, type, &tty);
    free(tty);
    if (rc && rc != -EAGAIN) {
        fprintf(stderr, "%s\nUnable to attach console\n",
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    snprintf(domid_s, sizeof(domid_s), "%u", domid);
    snprintf(num_s, sizeof(num_s), "%d", num);
    fflush(NULL);
    execl(client, client, domid_s, "--num", num_s, "--type",
          libxl_console_type_to_string(type), (char *)NULL);
    fprintf(stderr, "xl: console: cannot run the console client `%s': %s\n",
            client, strerror(errno));
    fprintf(stderr, "Unable to attach console\n");
    return EXIT_FAILURE;
}
