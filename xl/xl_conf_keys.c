/*
 * xl: the keys of xl.conf(5), read with the xl.cfg grammar (libxlutil).
 * Unknown keys are ignored, as Xen's xl does.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

#include "xl.h"

int xl_conf_parse(struct xl_conf *c, const char *path, FILE *report);

static void get_str(XLU_Config *cfg, const char *key, char **dst)
{
    const char *v;

    if (xlu_cfg_get_string(cfg, key, &v, 0))
        return;
    free(*dst);
    *dst = strdup(v);
    if (!*dst)
        abort();
}

static void get_long(XLU_Config *cfg, const char *key, long *dst)
{
    long v;

    if (!xlu_cfg_get_long(cfg, key, &v, 0))
        *dst = v;
}

static void get_autoballoon(XLU_Config *cfg, struct xl_conf *c,
                            FILE *report, const char *path)
{
    const char *v;

    if (xlu_cfg_get_string(cfg, "autoballoon", &v, 1))
        return;
    if (!strcmp(v, "on") || !strcmp(v, "1"))
        c->autoballoon = 1;
    else if (!strcmp(v, "off") || !strcmp(v, "0"))
        c->autoballoon = 0;
    else if (!strcmp(v, "auto"))
        c->autoballoon = -1;
    else
        fprintf(report, "%s: invalid autoballoon value '%s', using auto\n",
                path, v);
}

int xl_conf_parse(struct xl_conf *c, const char *path, FILE *report)
{
    XLU_Config *cfg = xlu_cfg_init(report, path);
    long l;
    int rc;

    if (!cfg)
        return -ENOMEM;
    rc = xlu_cfg_readfile(cfg, path);
    if (rc) {
        fprintf(report, "Failed to parse config file: %s\n",
                strerror(-rc));
        xlu_cfg_destroy(cfg);
        return rc;
    }
    get_autoballoon(cfg, c, report, path);
    l = c->run_hotplug_scripts;
    get_long(cfg, "run_hotplug_scripts", &l);
    c->run_hotplug_scripts = (int)l;
    get_str(cfg, "lockfile", &c->lockfile);
    get_str(cfg, "domid_policy", &c->domid_policy);
    get_long(cfg, "max_grant_frames", &c->max_grant_frames);
    get_long(cfg, "max_maptrack_frames", &c->max_maptrack_frames);
    get_long(cfg, "max_grant_version", &c->max_grant_version);
    get_str(cfg, "vif.default.script", &c->vif_script);
    get_str(cfg, "vif.default.bridge", &c->vif_bridge);
    get_str(cfg, "vif.default.backend", &c->vif_backend);
    get_str(cfg, "vif.default.gatewaydev", &c->vif_gatewaydev);
    get_str(cfg, "remus.default.netbufscript", &c->remus_netbufscript);
    get_str(cfg, "colo.default.proxyscript", &c->colo_proxyscript);
    get_str(cfg, "output_format", &c->output_format);
    get_str(cfg, "blkdev_start", &c->blkdev_start);
    l = c->claim_mode;
    get_long(cfg, "claim_mode", &l);
    c->claim_mode = (int)l;
    get_str(cfg, "vm.cpumask", &c->vm_cpumask);
    get_str(cfg, "vm.hvm.cpumask", &c->vm_hvm_cpumask);
    get_str(cfg, "vm.pv.cpumask", &c->vm_pv_cpumask);
    get_str(cfg, "save_compression", &c->save_compression);
    get_long(cfg, "migrate.max_iters", &c->migrate_max_iters);
    get_long(cfg, "migrate.min_remaining", &c->migrate_min_remaining);
    get_long(cfg, "migrate.downtime", &c->migrate_downtime);
    get_long(cfg, "migrate.bandwidth", &c->migrate_bandwidth);
    get_str(cfg, "migrate.compression", &c->migrate_compression);
    xlu_cfg_destroy(cfg);
    return 0;
}
