/*
 * xl: xl.conf(5): defaults, the file's location and its keys (read with
 * the xl.cfg grammar of libxlutil).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"

#include "xl_conf.h"

static char *xstrdup(const char *s)
{
    char *p = s ? strdup(s) : NULL;

    if (s && !p)
        abort();
    return p;
}

static void defaults(struct xl_conf *c)
{
    memset(c, 0, sizeof(*c));
    c->autoballoon = -1;
    c->run_hotplug_scripts = 1;
    c->max_grant_frames = -1;
    c->max_maptrack_frames = -1;
    c->max_grant_version = -1;
    c->claim_mode = 1;
    c->migrate_max_iters = c->migrate_min_remaining = -1;
    c->migrate_downtime = c->migrate_bandwidth = -1;
}

void xl_conf_dispose(struct xl_conf *c)
{
    char **strs[] = {
        &c->path, &c->lockfile, &c->domid_policy, &c->vif_script,
        &c->vif_bridge, &c->vif_backend, &c->vif_gatewaydev,
        &c->remus_netbufscript, &c->colo_proxyscript, &c->output_format,
        &c->blkdev_start, &c->vm_cpumask, &c->vm_hvm_cpumask,
        &c->vm_pv_cpumask, &c->save_compression, &c->migrate_compression,
    };

    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        free(*strs[i]);
        *strs[i] = NULL;
    }
}

int xl_conf_parse(struct xl_conf *c, const char *path, FILE *report);

int xl_conf_load(struct xl_env *env)
{
    const char *env_path = getenv("XL_CONF");
    char *path;
    FILE *f;
    int rc;

    xl_conf_dispose(&env->conf);
    defaults(&env->conf);
    if (env_path && *env_path) {
        path = xstrdup(env_path);
    } else if (asprintf(&path, "%s/xl.conf",
                        libxl_config_dir((libxl_ctx *)env->ctx)) < 0) {
        abort();
    }
    f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "Failed to read config file: %s: %s\n", path,
                strerror(errno));
        free(path);
        return 0;
    }
    fclose(f);
    env->conf.path = path;
    rc = xl_conf_parse(&env->conf, path, stderr);
    if (rc == -ENOSYS && env->verbose)
        fprintf(stderr, "xl: %s: keys not read: the xl.cfg parser is not "
                "built yet\n", path);
    return rc && rc != -ENOSYS ? -1 : 0;
}
