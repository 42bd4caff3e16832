/*
 * xenstore tools: xenstore-control, which sends CONTROL commands
 * (check, log, memreport, quota, live-update, help ...) to the daemon,
 * with the exit codes of Xen 4.17's tool: 2 usage, 1 setup, 3 command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

#include "cli.h"

/* Append s and its NUL to *buf of length *len; -1 on failure. */
static int add_arg(char **buf, int *len, const char *s)
{
    size_t n = strlen(s) + 1;
    char *nb = realloc(*buf, (size_t)*len + n);

    if (!nb)
        return -1;
    memcpy(nb + *len, s, n);
    *buf = nb;
    *len += (int)n;
    return 0;
}

/* One live-update step; prints the daemon's complaint on failure. */
static int lu_step(struct xs_handle *h, char *buf, int len, const char *what)
{
    char *r = xs_control_command(h, "live-update", buf, (unsigned int)len);
    int rc = 0;

    if (!r || strcmp(r, "OK")) {
        fprintf(stderr, "%s failed:\n%s\n", what, r ? r : strerror(errno));
        rc = 3;
    }
    free(r);
    return rc;
}

static int lu_start(struct xs_handle *h, bool force, unsigned int to)
{
    char *buf = NULL, *r = NULL, tos[16];
    int len = 0, rc = 0;
    time_t t0;

    snprintf(tos, sizeof(tos), "%u", to);
    if (add_arg(&buf, &len, "-s") || add_arg(&buf, &len, "-t") ||
        add_arg(&buf, &len, tos) || (force && add_arg(&buf, &len, "-F"))) {
        free(buf);
        return 1;
    }
    /* The daemon answers BUSY while transactions are open: retry. */
    for (t0 = time(NULL);;) {
        free(r);
        r = xs_control_command(h, "live-update", buf, (unsigned int)len);
        if (!r || strcmp(r, "BUSY") || time(NULL) - t0 >= (time_t)to)
            break;
        sleep(1);
    }
    if (!r || strcmp(r, "OK")) {
        fprintf(stderr, "Starting live update failed:\n%s\n",
                r ? r : strerror(errno));
        rc = 3;
    }
    free(r);
    free(buf);
    return rc;
}

static int live_update(struct xs_handle *h, int argc, char **argv)
{
    const char *binary = NULL, *cmdline = NULL;
    unsigned int to = 60, n;
    bool force = false;
    char *buf = NULL, *v;
    int i, len = 0, rc;

    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-t")) {
            if (i + 1 == argc) {
                fprintf(stderr, "Missing %s value\n",
                        argv[i][1] == 'c' ? "command line" : "timeout");
                return 2;
            }
            if (argv[i][1] == 'c')
                cmdline = argv[++i];
            else
                to = (unsigned int)atoi(argv[++i]);
        } else if (!strcmp(argv[i], "-F")) {
            force = true;
        } else {
            binary = argv[i];
        }
    }
    if (!binary) {
        fprintf(stderr, "Missing binary specification\n");
        return 2;
    }
    v = xs_read(h, XBT_NULL, "/tool/xenstored/domid", &n);
    if (v) {
        free(v);
        fprintf(stderr, "Live update of a xenstore stub domain is not "
                "supported by this tool\n");
        return 1;
    }
    if (add_arg(&buf, &len, "-f") || add_arg(&buf, &len, binary))
        return 1;
    rc = lu_step(h, buf, len, "Setting update binary");
    free(buf);
    if (rc)
        return rc;
    if (cmdline) {
        buf = NULL;
        len = 0;
        if (add_arg(&buf, &len, "-c") || add_arg(&buf, &len, cmdline))
            return 1;
        rc = lu_step(h, buf, len, "Setting update binary");
        free(buf);
    }
    if (!rc)
        rc = lu_start(h, force, to);
    if (rc)
        free(xs_control_command(h, "live-update", "-a", 3));
    return rc;
}

int cli_control_main(int argc, char **argv)
{
    struct xs_handle *h;
    char *par = NULL, *r;
    int i, len = 0, rc = 0;

    if (argc < 2) {
        fprintf(stderr, "Usage:\n%s <command> [<arg>...]\n", argv[0]);
        return 2;
    }
    h = xs_open(0);
    if (!h) {
        fprintf(stderr, "Failed to contact Xenstored.\n");
        return 1;
    }
    if (!strcmp(argv[1], "live-update")) {
        rc = live_update(h, argc - 2, argv + 2);
        goto out;
    }
    for (i = 2; i < argc; i++) {
        if (add_arg(&par, &len, argv[i])) {
            fprintf(stderr, "Allocation error.\n");
            rc = 1;
            goto out;
        }
    }
    r = xs_control_command(h, argv[1], par, (unsigned int)len);
    if (!r) {
        rc = 3;
        if (errno == EINVAL) {
            r = xs_control_command(h, "help", NULL, 0);
            if (r)
                fprintf(stderr, "Command not supported. Valid commands "
                        "are:\n%s\n", r);
            else
                fprintf(stderr, "Error when executing command.\n");
        } else {
            fprintf(stderr, "Error %d when trying to execute command.\n",
                    errno);
        }
    } else if (*r) {
        printf("%s\n", r);
    }
    free(r);
out:
    free(par);
    xs_close(h);
    return rc;
}
