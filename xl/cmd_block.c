/*
 * xl: block-attach, block-list (Xen 4.17's table, --json) and
 * block-detach [-f] on libxl_disk.h; exit codes and messages as Xen's
 * xl_block.c, with libxl's reason added.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "libxl.h"
#include "libxl_config.h"
#include "libxl_disk.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

int cmd_block_attach(struct xl_env *env, int argc, char **argv)
{
    struct libxl_device_disk disk;
    uint32_t domid;
    char *err = NULL, *json;
    int opt, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(env, argc, argv, "h", NULL)) != -1)
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
    if (libxl_domain_qualifier_to_domid(CTX(env), argv[optind], &domid)) {
        fprintf(stderr, "%s is an invalid domain identifier\n",
                argv[optind]);
        return EXIT_FAILURE;
    }
    libxl_device_disk_init(&disk);
    if (libxl_device_disk_parse(&disk, argc - optind - 1,
                                (const char *const *)argv + optind + 1,
                                &err)) {
        fprintf(stderr, "xl: block-attach: invalid disk spec: %s\n", err);
        free(err);
        goto out;
    }
    if (env->dryrun) {
        json = libxl_device_disk_to_json(&disk);
        printf("disk: %s\n", json ? json : "null");
        free(json);
        rc = fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
        goto out;
    }
    if (libxl_device_disk_add(CTX(env), domid, &disk)) {
        fprintf(stderr, "libxl_device_disk_add failed: %s\n",
                libxl_errmsg(CTX(env)));
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    libxl_device_disk_dispose(&disk);
    return rc;
}

static void json_disk(yajl_gen g, uint32_t domid,
                      const struct libxl_device_disk *d,
                      const struct libxl_diskinfo *i)
{
    yajl_gen_map_open(g);
    xl_json_key_int(g, "domid", domid);
    xl_json_key_str(g, "vdev", d->vdev);
    xl_json_key_int(g, "devid", i->devid);
    xl_json_key_int(g, "backend_id", i->backend_id);
    xl_json_key_int(g, "state", i->state);
    xl_json_key_int(g, "evtch", i->evtch);
    xl_json_key_int(g, "ring_ref", i->rref);
    xl_json_key_str(g, "backend", i->backend);
    xl_json_key_str(g, "frontend", i->frontend);
    xl_json_key_str(g, "target", d->pdev_path);
    xl_json_key_str(g, "access", d->readwrite ? "rw" : "ro");
    xl_json_key_str(g, "devtype", d->is_cdrom ? "cdrom" : "disk");
    if (d->script)
        xl_json_key_str(g, "script", d->script);
    yajl_gen_map_close(g);
}

static void list_domain(struct xl_env *env, yajl_gen g, uint32_t domid)
{
    struct libxl_device_disk *disks;
    struct libxl_diskinfo info;
    int i, n;

    if (libxl_device_disk_list(CTX(env), domid, &disks, &n))
        return;
    for (i = 0; i < n; i++) {
        if (libxl_device_disk_getinfo(CTX(env), domid, &disks[i], &info))
            continue;
        if (g)
            json_disk(g, domid, &disks[i], &info);
        else
            /*      Vdev BE   hdl  st   evch rref BE-path */
            printf("%-5d %-3u %-6u %-5d %-6d %-8d %-30s\n", info.devid,
                   info.backend_id, info.frontend_id, info.state,
                   info.evtch, info.rref, info.backend);
        libxl_diskinfo_dispose(&info);
    }
    libxl_device_disk_list_free(disks, n);
}

int cmd_block_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'J' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    yajl_gen g = NULL;
    uint32_t domid;
    int opt, json = 0;

    while ((opt = xl_getopt(env, argc, argv, "h", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'J')
            json = 1;
    }
    if (json) {
        g = xl_json_open();
        yajl_gen_array_open(g);
    } else {
        printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE",
               "handle", "state", "evt-ch", "ring-ref", "BE-path");
    }
    for (; optind < argc; optind++) {
        if (libxl_domain_qualifier_to_domid(CTX(env), argv[optind],
                                            &domid)) {
            fprintf(stderr, "%s is an invalid domain identifier\n",
                    argv[optind]);
            continue;
        }
        list_domain(env, g, domid);
    }
    if (g) {
        yajl_gen_array_close(g);
        return xl_json_close(g) ? EXIT_FAILURE : EXIT_SUCCESS;
    }
    return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

int cmd_block_detach(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "force", no_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    struct libxl_device_disk disk;
    uint32_t domid;
    int opt, force = 0, rc;

    while ((opt = xl_getopt(env, argc, argv, "fh", opts)) != -1) {
        if (opt == XL_OPT_HELP || opt == XL_OPT_USAGE)
            return XL_OPT_EXIT(opt);
        if (opt == 'f')
            force = 1;
    }
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    libxl_device_disk_init(&disk);
    if (libxl_vdev_to_device_disk(CTX(env), domid, argv[optind + 1],
                                  &disk)) {
        fprintf(stderr, "Error: Device %s not connected.\n",
                argv[optind + 1]);
        libxl_device_disk_dispose(&disk);
        return EXIT_FAILURE;
    }
    rc = force ? libxl_device_disk_destroy(CTX(env), domid, &disk)
               : libxl_device_disk_safe_remove(CTX(env), domid, &disk);
    if (rc)
        fprintf(stderr, "libxl_device_disk_%s failed: %s\n",
                force ? "destroy" : "safe_remove", libxl_errmsg(CTX(env)));
    libxl_device_disk_dispose(&disk);
    return rc ? EXIT_FAILURE : EXIT_SUCCESS;
}
