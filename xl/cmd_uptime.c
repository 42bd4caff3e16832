/*
 * xl: uptime: how long domains have run (Xen 4.17's formats, -s short
 * form, --json), from /vm/<uuid>/start_time and the host's uptime for
 * domain 0.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libxl.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static void format_uptime(unsigned long up, bool shortm, char *buf,
                          size_t len)
{
    int day = (int)(up / 86400), hour, min, sec;

    up -= (unsigned long)day * 86400;
    hour = (int)(up / 3600);
    up -= (unsigned long)hour * 3600;
    min = (int)(up / 60);
    sec = (int)(up - (unsigned long)min * 60);
    if (day > 1)
        snprintf(buf, len, shortm ? "%d days, %2d:%02d" : "%d days, "
                 "%2d:%02d:%02d", day, hour, min, sec);
    else if (day == 1)
        snprintf(buf, len, shortm ? "%d day, %2d:%02d" : "%d day, "
                 "%2d:%02d:%02d", day, hour, min, sec);
    else
        snprintf(buf, len, shortm ? "%2d:%02d" : "%2d:%02d:%02d", hour, min,
                 sec);
}

static int one(struct xl_env *env, uint32_t domid, bool shortm, time_t now,
               yajl_gen g)
{
    char up[64], clock[32], *name;
    double start;
    unsigned long secs;

    if (libxl_domain_start_time(CTX(env), domid, &start)) {
        if (domid == 0) {
            fprintf(stderr, "Can not get Dom0 uptime.\n");
            return -1;
        }
        return 0;                        /* Xen skips such domains */
    }
    secs = now > start ? (unsigned long)((double)now - start) : 0;
    name = libxl_domid_to_name(CTX(env), domid);
    if (g) {
        yajl_gen_map_open(g);
        xl_json_key_str(g, "name", name);
        xl_json_key_int(g, "domid", domid);
        xl_json_key_int(g, "uptime", (long long)secs);
        yajl_gen_map_close(g);
    } else if (shortm) {
        strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&now));
        format_uptime(secs, true, up, sizeof(up));
        printf(" %s up %s, %s (%d)\n", clock, up, name ? name : "(null)",
               (int)domid);
    } else {
        format_uptime(secs, false, up, sizeof(up));
        printf("%-33s %4d %s\n", name ? name : "(null)", (int)domid, up);
    }
    free(name);
    return 0;
}

int cmd_uptime(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bool shortm = false, json = false;
    time_t now = time(NULL);
    yajl_gen g = NULL;
    int opt, rc = EXIT_SUCCESS;

    while ((opt = xl_getopt(env, argc, argv, "sh", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 's')
            shortm = true;
        if (opt == 'J')
            json = true;
    }
    if (json) {
        g = xl_json_open();
        yajl_gen_array_open(g);
    } else if (!shortm) {
        printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    }
    if (optind < argc) {
        for (int a = optind; a < argc && rc == EXIT_SUCCESS; a++) {
            uint32_t domid;

            if (xl_find_domain(env, argv[a], &domid) ||
                one(env, domid, shortm, now, g))
                rc = EXIT_FAILURE;
        }
    } else {
        struct libxl_dominfo *d;
        int n;

        if (libxl_list_domain(CTX(env), &d, &n)) {
            fprintf(stderr, "Could not list vms.\n");
            rc = EXIT_FAILURE;
            n = 0;
            d = NULL;
        }
        if (n && one(env, 0, shortm, now, g))
            rc = EXIT_FAILURE;
        for (int i = 0; i < n; i++)
            if (d[i].domid != 0 && one(env, d[i].domid, shortm, now, g))
                rc = EXIT_FAILURE;
        libxl_dominfo_list_free(d, n);
    }
    if (g) {
        yajl_gen_array_close(g);
        xl_json_close(g);
    }
    return rc;
}
