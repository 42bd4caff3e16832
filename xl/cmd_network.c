/*
 * xl: network-attach, network-detach, network-list (Xen 4.17's operands,
 * messages and table format; network-list --json), and the xl.conf
 * vif.default.* values every new vif starts from.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "libxl_config.h"

#include "output.h"
#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

static void set_str(char **field, const char *val)
{
    if (!val || *field)
        return;
    *field = strdup(val);
    if (!*field)
        abort();
}

void xl_nic_defaults(struct xl_env *env, struct libxl_device_nic *nic)
{
    set_str(&nic->script, env->conf.vif_script);
    set_str(&nic->bridge, env->conf.vif_bridge);
    set_str(&nic->gatewaydev, env->conf.vif_gatewaydev);
    set_str(&nic->backend_domname, env->conf.vif_backend);
}

int cmd_network_attach(struct xl_env *env, int argc, char **argv)
{
    struct libxl_device_nic nic;
    uint32_t domid;
    char *err = NULL, *json;
    int opt, i, rc = EXIT_FAILURE;

    while ((opt = xl_getopt(env, argc, argv, "", NULL)) != -1)
        if (opt < 0)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    libxl_device_nic_init(&nic);
    nic.devid = -1;                  /* the next free one */
    /* As Xen: the spec overrides xl.conf's vif.default.*. */
    for (i = optind + 1; i < argc; i++) {
        if (libxl_device_nic_parse(&nic, argv[i], &err)) {
            fprintf(stderr, "xl: network-attach: %s\n", err);
            free(err);
            goto out;
        }
    }
    xl_nic_defaults(env, &nic);
    if (env->dryrun) {
        json = libxl_device_nic_to_json(&nic);
        if (!json)
            goto out;
        printf("vif: %s\n", json);
        free(json);
        rc = EXIT_SUCCESS;
        goto out;
    }
    if (libxl_device_nic_add(CTX(env), domid, &nic)) {
        fprintf(stderr, "xl: network-attach: domain %u: %s\n", domid,
                libxl_errmsg(CTX(env)));
        goto out;
    }
    rc = EXIT_SUCCESS;
out:
    libxl_device_nic_dispose(&nic);
    return rc;
}

static void print_json(yajl_gen g, uint32_t domid,
                       const struct libxl_nicinfo *ni)
{
    char mac[18];

    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", ni->mac[0],
             ni->mac[1], ni->mac[2], ni->mac[3], ni->mac[4], ni->mac[5]);
    yajl_gen_map_open(g);
    xl_json_key_int(g, "domid", domid);
    xl_json_key_int(g, "devid", ni->devid);
    xl_json_key_int(g, "backend_id", ni->backend_id);
    xl_json_key_str(g, "mac", mac);
    xl_json_key_int(g, "state", ni->state);
    xl_json_key_int(g, "evtch", ni->evtch);
    xl_json_key_int(g, "rref_tx", ni->rref_tx);
    xl_json_key_int(g, "rref_rx", ni->rref_rx);
    xl_json_key_str(g, "backend", ni->backend);
    xl_json_key_str(g, "frontend", ni->frontend);
    if (ni->bridge)
        xl_json_key_str(g, "bridge", ni->bridge);
    if (ni->vifname)
        xl_json_key_str(g, "vifname", ni->vifname);
    if (ni->script)
        xl_json_key_str(g, "script", ni->script);
    if (ni->ip)
        xl_json_key_str(g, "ip", ni->ip);
    yajl_gen_map_close(g);
}

/* Xen 4.17's row: "%-3d %-2d " MAC "%6d %5d %6d %5d/%-11d %-30s". */
static void print_row(const struct libxl_nicinfo *ni)
{
    printf("%-3d %-2d %02x:%02x:%02x:%02x:%02x:%02x%6d %5d %6d %5d/%-11d "
           "%-30s\n", ni->devid, (int)ni->backend_id, ni->mac[0], ni->mac[1],
           ni->mac[2], ni->mac[3], ni->mac[4], ni->mac[5], ni->devid,
           ni->state, ni->evtch, ni->rref_tx, ni->rref_rx, ni->backend);
}

int cmd_network_list(struct xl_env *env, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'J' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_nicinfo *l;
    yajl_gen g = NULL;
    uint32_t domid;
    int opt, a, i, n, rc = EXIT_SUCCESS;

    while ((opt = xl_getopt(env, argc, argv, "", opts)) != -1) {
        if (opt < 0)
            return XL_OPT_EXIT(opt);
        if (opt == 'J')
            g = xl_json_open();
    }
    if (g)
        yajl_gen_array_open(g);
    else
        printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx",
               "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-",
               "rx-ring-ref", "BE-path");
    for (a = optind; a < argc; a++) {
        if (xl_find_domain(env, argv[a], &domid)) {
            rc = EXIT_FAILURE;
            break;
        }
        if (libxl_device_nic_list(CTX(env), domid, &l, &n)) {
            fprintf(stderr, "xl: network-list: domain %u: %s\n", domid,
                    libxl_errmsg(CTX(env)));
            rc = EXIT_FAILURE;
            continue;
        }
        for (i = 0; i < n; i++) {
            if (g)
                print_json(g, domid, &l[i]);
            else
                print_row(&l[i]);
        }
        libxl_nicinfo_list_free(l, n);
    }
    if (g) {
        yajl_gen_array_close(g);
        xl_json_close(g);
    }
    return rc;
}

/* DevId, or the vif with that MAC; -1 (message printed) if none. */
static int find_vif(struct xl_env *env, uint32_t domid, const char *arg)
{
    struct libxl_nicinfo *l;
    uint8_t mac[6];
    int i, n, devid = -1;
    char *end;
    long v;

    if (!strchr(arg, ':')) {
        v = strtol(arg, &end, 10);
        if (*arg && !*end && v >= 0 && v <= 0x7fffffff)
            devid = (int)v;
    } else if (!libxl_mac_parse(arg, mac) &&
               !libxl_device_nic_list(CTX(env), domid, &l, &n)) {
        for (i = 0; i < n && devid < 0; i++)
            if (!memcmp(l[i].mac, mac, sizeof(mac)))
                devid = l[i].devid;
        libxl_nicinfo_list_free(l, n);
    }
    if (devid < 0)
        fprintf(stderr, "Unknown device %s.\n", arg);
    return devid;
}

int cmd_network_detach(struct xl_env *env, int argc, char **argv)
{
    uint32_t domid;
    int opt, devid, rc;

    while ((opt = xl_getopt(env, argc, argv, "", NULL)) != -1)
        if (opt < 0)
            return XL_OPT_EXIT(opt);
    if (xl_find_domain(env, argv[optind], &domid))
        return EXIT_FAILURE;
    devid = find_vif(env, domid, argv[optind + 1]);
    if (devid < 0)
        return EXIT_FAILURE;
    rc = libxl_device_nic_remove(CTX(env), domid, devid, false);
    if (rc == -ENOENT) {
        fprintf(stderr, "Unknown device %s.\n", argv[optind + 1]);
        return EXIT_FAILURE;
    }
    if (rc) {
        fprintf(stderr, "xl: network-detach: domain %u: %s\n", domid,
                libxl_errmsg(CTX(env)));
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
