/*
 * xl: shutdown, reboot (-a all guests, -w wait, -F fall back when the
 * guest has no PV control interface) and sysrq, with Xen 4.17's
 * messages and exit codes.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

/* Xen's libxl error codes that xl prints as "rc=". */
#define XEN_ERROR_FAIL (-3)
#define XEN_ERROR_TIMEDOUT (-9)
#define XEN_ERROR_NOPARAVIRT (-10)

static int xen_rc(int rc)
{
    if (rc == -EOPNOTSUPP)
        return XEN_ERROR_NOPARAVIRT;
    if (rc == -ETIMEDOUT)
        return XEN_ERROR_TIMEDOUT;
    return XEN_ERROR_FAIL;
}

/* Ask one domain; 0 or -1 (messages printed). */
static int request(struct xl_env *env, uint32_t domid, int reboot,
                   int fallback)
{
    const char *what = reboot ? "reboot" : "shutdown";
    int rc;

    fprintf(stderr, "%s domain %u\n", reboot ? "Rebooting" : "Shutting down",
            domid);
    rc = reboot ? libxl_domain_reboot(CTX(env), domid)
                : libxl_domain_shutdown(CTX(env), domid);
    if (rc == -EOPNOTSUPP && fallback) {
        /* As Xen's xl: the ACPI button of an HVM guest without PV
         * drivers (Xen 4.17 on x86 has no reset trigger: reboot fails). */
        fprintf(stderr, "PV control interface not available: sending ACPI "
                "%s button event.\n", reboot ? "reset" : "power");
        rc = libxl_send_trigger(CTX(env), domid,
                                reboot ? LIBXL_TRIGGER_RESET
                                       : LIBXL_TRIGGER_POWER, 0);
    } else if (rc == -EOPNOTSUPP) {
        fprintf(stderr, "PV control interface not available: external "
                "graceful %s not possible.\n", what);
        fprintf(stderr, "Use \"-F\" to fallback to ACPI %s event.\n",
                reboot ? "reset" : "power");
        fprintf(stderr, "%s failed (rc=%d)\n", what, XEN_ERROR_NOPARAVIRT);
        return -1;
    }
    if (rc) {
        fprintf(stderr, "%s failed (rc=%d): %s\n", what, xen_rc(rc),
                libxl_errmsg(CTX(env)));
        return -1;
    }
    return 0;
}

/*
 * Wait as Xen's xl does: -w once, until each domain has shut down or is
 * destroyed; -w twice, until each is destroyed.
 */
static int wait_all(struct xl_env *env, struct libxl_domain_waiter *w,
                    int n, int death_only)
{
    int left = n, i;

    fprintf(stderr, "Waiting for %d domains\n", n);
    while (left > 0) {
        i = libxl_domain_wait_change(CTX(env), w, n, -1);
        if (i == -ECHILD)
            break;
        if (i < 0) {
            fprintf(stderr, "Failed to get event, quitting (rc=%d): %s\n",
                    xen_rc(i), libxl_errmsg(CTX(env)));
            return -1;
        }
        if (w[i].seen == LIBXL_DOMAIN_SEEN_GONE) {
            fprintf(stderr, "Domain %u has been destroyed\n", w[i].domid);
            left--;
            continue;
        }
        fprintf(stderr, "Domain %u has been shut down, reason code %d\n",
                w[i].domid, w[i].reason);
        if (death_only) {
            fprintf(stderr, "Domain %u continue waiting for death\n",
                    w[i].domid);
        } else {
            w[i].seen = LIBXL_DOMAIN_SEEN_GONE;   /* done with it */
            left--;
        }
    }
    return 0;
}

/* Every guest but Domain-0; *w malloc'd.  -1 on failure (printed). */
static int all_guests(struct xl_env *env, struct libxl_domain_waiter **w,
                      int *n)
{
    struct libxl_dominfo *list;
    int nb, i;

    if (libxl_list_domain(CTX(env), &list, &nb)) {
        fprintf(stderr, "libxl_list_domain failed.\n");
        return -1;
    }
    *w = calloc((size_t)nb + 1, sizeof(**w));
    if (!*w) {
        libxl_dominfo_list_free(list, nb);
        perror("xl");
        return -1;
    }
    *n = 0;
    for (i = 0; i < nb; i++)
        if (list[i].domid != 0 && !list[i].never_stop)
            (*w)[(*n)++].domid = list[i].domid;
    libxl_dominfo_list_free(list, nb);
    return 0;
}

static int shutdown_or_reboot(struct xl_env *env, int argc, char **argv,
                              int reboot)
{
    static const struct option lopts[] = {
        { "all", no_argument, NULL, 'a' },
        { "wait", no_argument, NULL, 'w' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_domain_waiter *w = NULL;
    int opt, all = 0, wait = 0, fallback = 0, n = 0, i, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(env, argc, argv, "awFh", lopts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'a')
            all = 1;
        else if (opt == 'w')
            wait++;
        else if (opt == 'F')
            fallback = 1;
    }
    if (!all && optind >= argc) {
        fprintf(stderr, "You must specify -a or a domain id.\n\n");
        return EXIT_FAILURE;
    }
    if (all) {
        if (all_guests(env, &w, &n))
            return EXIT_FAILURE;
    } else {
        w = calloc(1, sizeof(*w));
        if (!w || xl_find_domain(env, argv[optind], &w[0].domid))
            goto out;
        n = 1;
    }
    for (i = 0; i < n; i++)
        if (request(env, w[i].domid, reboot, fallback))
            goto out;
    if (wait && wait_all(env, w, n, wait > 1))
        goto out;
    rc = EXIT_SUCCESS;
out:
    free(w);
    return rc;
}

int cmd_shutdown(struct xl_env *env, int argc, char **argv)
{
    return shutdown_or_reboot(env, argc, argv, 0);
}

int cmd_reboot(struct xl_env *env, int argc, char **argv)
{
    return shutdown_or_reboot(env, argc, argv, 1);
}

int cmd_sysrq(struct xl_env *env, int argc, char **argv)
{
    const char *key;
    uint32_t domid;
    int opt;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    key = argv[optind + 1];
    if (key[0] == '\0' || key[1] != '\0') {
        fprintf(stderr, "Invalid sysrq.\n\n");
        xl_cmd_usage(xl_cmd_lookup(env->cmd), stdout);
        return EXIT_FAILURE;
    }
    if (libxl_send_sysrq(CTX(env), domid, key[0])) {
        fprintf(stderr, "sysrq failed: %s\n", libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
