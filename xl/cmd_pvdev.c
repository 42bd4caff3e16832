/*
 * xl: channel-list, vkb-list (Xen 4.17's tables, --json), vkb-attach
 * (checks the spec, -N prints it; libxl refuses the device: its backend
 * is QEMU's) and vkb-detach on libxl_pvdev.h; messages as Xen's xl_vkb.c
 * and xl_console.c, with libxl's reason added.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "libxl_config.h"
#include "libxl_pvdev.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static const struct option json_opts[] = {
    { "json", no_argument, NULL, 'J' },
    { NULL, 0, NULL, 0 },
};

/* Print the devices of one domain (rows, or objects into g); 0, or -1
 * with libxl's message on the ctx. */
typedef int list_domain_fn(struct xl_env *env, yajl_gen g, uint32_t domid);

/* A list command: [--json] <Domain(s)>, the table header (unless
 * --json), then each domain's devices; an unknown domain ends it. */
static int list_cmd(struct xl_env *env, int argc, char **argv,
                    const char *header, list_domain_fn *one)
{
    yajl_gen g = NULL;
    uint32_t domid;
    int opt, a, rc = EXIT_SUCCESS;

    while ((opt = xl_getopt(env, argc, argv, "", json_opts)) != -1) {
        if (opt < 0)
            return XL_OPT_EXIT(opt);
        if (opt == 'J' && !g)
            g = xl_json_open();
    }
    if (g)
        yajl_gen_array_open(g);
    else
        printf("%s\n", header);
    for (a = optind; a < argc; a++) {
        if (xl_find_domain(env, argv[a], &domid)) {
            rc = EXIT_FAILURE;
            break;
        }
        if (one(env, g, domid)) {
            fprintf(stderr, "xl: %s: domain %u: %s\n", env->cmd, domid,
                    libxl_errmsg(CTX(env)));
            rc = EXIT_FAILURE;
        }
    }
    if (g) {
        yajl_gen_array_close(g);
        if (xl_json_close(g))
            rc = EXIT_FAILURE;
    } else if (fflush(stdout)) {
        rc = EXIT_FAILURE;
    }
    return rc;
}

static const char *connection_name(int c)
{
    return c == LIBXL_CHANNEL_CONNECTION_PTY ? "pty"
           : c == LIBXL_CHANNEL_CONNECTION_SOCKET ? "socket" : "unknown";
}

static void channel_row(yajl_gen g, uint32_t domid,
                        const struct libxl_channelinfo *c)
{
    if (!g) {
        /*      Idx BE state evt-ch ring-ref connection params */
        printf("%-3d %-2d %-5d %-6d %-8d %-10s ", c->devid, c->backend_id,
               c->state, c->evtch, c->rref, connection_name(c->connection));
        if (c->connection == LIBXL_CHANNEL_CONNECTION_PTY)
            printf("%-30s ", c->pty);
        printf("\n");
        return;
    }
    yajl_gen_map_open(g);
    xl_json_key_int(g, "domid", domid);
    xl_json_key_int(g, "devid", c->devid);
    xl_json_key_str(g, "name", c->name);
    xl_json_key_int(g, "backend_id", c->backend_id);
    xl_json_key_int(g, "state", c->state);
    xl_json_key_int(g, "evtch", c->evtch);
    xl_json_key_int(g, "ring_ref", c->rref);
    xl_json_key_str(g, "connection", connection_name(c->connection));
    if (c->pty)
        xl_json_key_str(g, "pty", c->pty);
    if (c->path)
        xl_json_key_str(g, "path", c->path);
    xl_json_key_str(g, "backend", c->backend);
    yajl_gen_map_close(g);
}

static int channel_domain(struct xl_env *env, yajl_gen g, uint32_t domid)
{
    struct libxl_channelinfo *l;
    int i, n;

    if (libxl_channel_list(CTX(env), domid, &l, &n))
        return -1;
    for (i = 0; i < n; i++)
        channel_row(g, domid, &l[i]);
    libxl_channelinfo_list_free(l, n);
    return 0;
}

int cmd_channel_list(struct xl_env *env, int argc, char **argv)
{
    char header[128];

    snprintf(header, sizeof(header), "%-3s %-2s %-5s %-6s %8s %-10s %-30s",
             "Idx", "BE", "state", "evt-ch", "ring-ref", "connection", "");
    return list_cmd(env, argc, argv, header, channel_domain);
}

static const char *vkb_backend_name(int t)
{
    return t == LIBXL_VKB_BACKEND_LINUX ? "linux" : "qemu";
}

static void vkb_row(yajl_gen g, uint32_t domid,
                    const struct libxl_vkbinfo *v)
{
    if (!g) {
        /* (Xen's xl prints a missing unique-id as printf does NULL) */
        printf("%-3d %-2d %6d %5d %6d %6d %-10s %-10s %-30s\n", v->devid,
               v->backend_id, v->devid, v->state, v->evtch, v->rref,
               v->unique_id ? v->unique_id : "(null)",
               vkb_backend_name(v->backend_type), v->backend);
        return;
    }
    yajl_gen_map_open(g);
    xl_json_key_int(g, "domid", domid);
    xl_json_key_int(g, "devid", v->devid);
    xl_json_key_int(g, "backend_id", v->backend_id);
    xl_json_key_int(g, "state", v->state);
    xl_json_key_int(g, "evtch", v->evtch);
    xl_json_key_int(g, "ref", v->rref);
    if (v->unique_id)
        xl_json_key_str(g, "unique_id", v->unique_id);
    xl_json_key_str(g, "backend_type", vkb_backend_name(v->backend_type));
    xl_json_key_str(g, "backend", v->backend);
    yajl_gen_map_close(g);
}

static int vkb_domain(struct xl_env *env, yajl_gen g, uint32_t domid)
{
    struct libxl_vkbinfo *l;
    int i, n;

    if (libxl_vkb_list(CTX(env), domid, &l, &n))
        return -1;
    for (i = 0; i < n; i++)
        vkb_row(g, domid, &l[i]);
    libxl_vkbinfo_list_free(l, n);
    return 0;
}

int cmd_vkb_list(struct xl_env *env, int argc, char **argv)
{
    char header[128];

    snprintf(header, sizeof(header),
             "%-3s %-2s %-6s %-5s %-6s %6s %-10s %-10s %-30s", "Idx", "BE",
             "handle", "state", "evt-ch", "ref", "ID", "BE-type", "BE-path");
    return list_cmd(env, argc, argv, header, vkb_domain);
}

int cmd_vkb_attach(struct xl_env *env, int argc, char **argv)
{
    struct libxl_device_vkb vkb;
    uint32_t domid;
    char *err = NULL, *json;
    int opt, a, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(env, argc, argv, "", NULL)) != -1)
        if (opt < 0)
            return XL_OPT_EXIT(opt);
    if (argc - optind < 2) {
        fprintf(stderr, "xl: vkb-attach: <Domain> <vkb-spec-component(s)>"
                "... required\n");
        return 2;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    memset(&vkb, 0, sizeof(vkb));
    for (a = optind + 1; a < argc; a++)
        if (libxl_device_vkb_parse(&vkb, argv[a], &err)) {
            fprintf(stderr, "xl: vkb-attach: %s\n", err);
            free(err);
            goto out;
        }
    if (vkb.backend_type == LIBXL_VKB_BACKEND_UNKNOWN) {
        fprintf(stderr, "backend-type should be set\n");
        goto out;
    }
    if (env->dryrun) {
        json = libxl_device_vkb_to_json(&vkb);
        printf("vkb: %s\n", json ? json : "null");
        free(json);
        rc = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
        goto out;
    }
    if (libxl_device_vkb_add(CTX(env), domid, &vkb)) {
        fprintf(stderr, "libxl_device_vkb_add failed: %s\n",
                libxl_errmsg(CTX(env)));
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    libxl_device_vkb_dispose(&vkb);
    return rc;
}

int cmd_vkb_detach(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    char *end;
    long devid;
    int opt, r;

    while ((opt = xl_getopt(env, argc, argv, "", NULL)) != -1)
        if (opt < 0)
            return XL_OPT_EXIT(opt);
    if (argc - optind != 2) {
        fprintf(stderr, "xl: vkb-detach: <Domain> <DevId> required\n");
        return 2;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    devid = strtol(argv[optind + 1], &end, 10);
    r = end == argv[optind + 1] || *end || devid < 0 || devid > 0x7fffffff
        ? -ENOENT : libxl_device_vkb_remove(CTX(env), domid, (int)devid);
    if (r == -ENOENT) {
        fprintf(stderr, "Error: Device %s not connected.\n",
                argv[optind + 1]);
        return EXIT_FAILURE;
    }
    if (r) {
        fprintf(stderr, "libxl_device_vkb_remove failed: %s\n",
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
