/*
 * xl: xl.conf's vm.cpumask, vm.pv.cpumask and vm.hvm.cpumask applied to a
 * guest about to be created or restored, as Xen 4.17's xl does (unless
 * create -i): each vCPU's hard affinity (cpus=, else all CPUs) is ANDed
 * with vm.cpumask and with the mask of its type (PVH counts as HVM).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libxl.h"
#include "libxl_config.h"

#include "xl.h"

#define CTX(env) ((libxl_ctx *)(env)->ctx)

/* AND the list s (NULL: all) into m; -1 with a message if it is bad. */
static int and_list(struct xl_env *env, struct libxl_cpumap *m,
                    const char *s, const char *what)
{
    struct libxl_cpumap o;
    size_t i;

    if (!s)
        return 0;
    if (libxl_cpumap_parse(CTX(env), s, &o)) {
        fprintf(stderr, "xl: %s=\"%s\": invalid CPU list\n", what, s);
        return -1;
    }
    for (i = 0; i < sizeof(m->map); i++)
        m->map[i] &= o.map[i];
    return 0;
}

int xl_global_affinity(struct xl_env *env, struct libxl_domain_config *dc)
{
    const struct xl_conf *c = &env->conf;
    const char *type_mask = dc->c_info.type == LIBXL_DOMAIN_TYPE_PV
                            ? c->vm_pv_cpumask : c->vm_hvm_cpumask;
    const char *type_key = dc->c_info.type == LIBXL_DOMAIN_TYPE_PV
                           ? "vm.pv.cpumask" : "vm.hvm.cpumask";
    struct libxl_cpumap m;
    char *s;
    size_t i;

    if (!c->vm_cpumask && !type_mask)
        return 0;
    if (libxl_cpumap_parse(CTX(env), dc->b_info.cpus ? dc->b_info.cpus
                                                     : "all", &m)) {
        fprintf(stderr, "xl: cpus=\"%s\": invalid CPU list\n",
                dc->b_info.cpus);
        return -1;
    }
    if (and_list(env, &m, c->vm_cpumask, "vm.cpumask") ||
        and_list(env, &m, type_mask, type_key))
        return -1;
    for (i = 0; i < sizeof(m.map) && !m.map[i]; i++)
        ;
    if (i == sizeof(m.map)) {
        fprintf(stderr, "vcpu hard affinity map is empty\n");
        return -1;
    }
    s = libxl_cpumap_to_string(&m);
    if (!s) {
        fprintf(stderr, "xl: out of memory\n");
        return -1;
    }
    free(dc->b_info.cpus);
    dc->b_info.cpus = s;
    return 0;
}
