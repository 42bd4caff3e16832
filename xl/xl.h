/*
 * xl: the command-line tool's private header.  Declares the per-run
 * environment handed to every subcommand handler (struct xl_env), the
 * subcommand table entry (struct xl_cmd) and the handler prototypes.
 */
#ifndef XL_XL_H
#define XL_XL_H

#include <stdio.h>
#include <stdint.h>

struct libxl__ctx;                       /* libxl_ctx, opaque */

/* Flags of a command table entry. */
#define XL_MODIFIES  0x1                 /* changes host state: takes lock */
#define XL_DRYRUN    0x2                 /* implements the global -N */
#define XL_NOCTX     0x4                 /* needs no hypervisor (no ctx) */

/*
 * Host-wide settings read from xl.conf(5).  Strings are malloc'd and
 * freed by xl_conf_dispose(); NULL means "not set, use the default".
 */
struct xl_conf {
    char *path;                          /* file actually read, or NULL */
    int autoballoon;                     /* -1 auto, 0 off, 1 on */
    int run_hotplug_scripts;             /* default 1 */
    char *lockfile;                      /* default XEN_LOCK_FILE */
    char *domid_policy;                  /* "xen" (default) or "random" */
    long max_grant_frames;               /* -1 = libxl default */
    long max_maptrack_frames;            /* -1 = libxl default */
    long max_grant_version;              /* -1 = libxl default */
    char *vif_script;                    /* vif.default.script */
    char *vif_bridge;                    /* vif.default.bridge */
    char *vif_backend;                   /* vif.default.backend */
    char *vif_gatewaydev;                /* vif.default.gatewaydev */
    char *remus_netbufscript;            /* remus.default.netbufscript */
    char *colo_proxyscript;              /* colo.default.proxyscript */
    char *output_format;                 /* "json" (default) or "sxp" */
    char *blkdev_start;                  /* default "xvda" */
    int claim_mode;                      /* default 1 */
    char *vm_cpumask;                    /* vm.cpumask */
    char *vm_hvm_cpumask;                /* vm.hvm.cpumask */
    char *vm_pv_cpumask;                 /* vm.pv.cpumask */
    char *save_compression;              /* "none" (default) or "zlib" */
    long migrate_max_iters;              /* migrate.*: -1 = default */
    long migrate_min_remaining;
    long migrate_downtime;               /* ms */
    long migrate_bandwidth;              /* MiB/s */
    char *migrate_compression;           /* "none" (default) or "zlib" */
};

/* Everything a handler may use: no globals. */
struct xl_env {
    struct libxl__ctx *ctx;              /* opened before the handler runs */
    int verbose;                         /* number of -v */
    int dryrun;                          /* -N */
    int force;                           /* -f */
    int progress_use_cr;                 /* -t */
    int timestamps;                      /* -T */
    const char *cmd;                     /* full name of the subcommand */
    struct xl_conf conf;                 /* xl.conf(5) */
};

typedef int (*xl_cmd_fn)(struct xl_env *env, int argc, char **argv);

/* xl.conf's vm.cpumask / vm.pv.cpumask / vm.hvm.cpumask ANDed into
 * dc's hard affinity (xl/affinity.c); 0, or -1 with a message. */
struct libxl_domain_config;
int xl_global_affinity(struct xl_env *env, struct libxl_domain_config *dc);

/* ---- autoballoon.c ---- */
struct libxl_domain_config;
/* xl.conf autoballoon= resolved ("auto": on unless Xen's command line has
 * dom0_mem=): 1 or 0. */
int xl_autoballoon_on(struct xl_env *env);
/* Take the xl lock (xl.conf lockfile=): its fd, or -1 (message printed). */
int xl_lock(struct xl_env *env);
/* Balloon Domain-0 down until the host has the memory dc needs: 0, or -1
 * with one message printed. */
int xl_freemem(struct xl_env *env, struct libxl_domain_config *dc);

/* One line of the subcommand table (xl/cmdtable.c). */
struct xl_cmd {
    const char *name;
    xl_cmd_fn handler;
    int min_args;                        /* operands after options */
    int max_args;                        /* -1: unlimited */
    unsigned flags;                      /* XL_MODIFIES | XL_DRYRUN */
    const char *usage;                   /* operands and options */
    const char *summary;                 /* one line */
    const char *details;                 /* option list, or NULL */
};

extern const struct xl_cmd xl_cmds[];
extern const int xl_ncmds;

/* Exact name first, then a unique prefix; NULL if none or ambiguous. */
const struct xl_cmd *xl_cmd_lookup(const char *name);

/* Print "Usage: xl <cmd> ..." and the summary/details (help, -h). */
void xl_cmd_usage(const struct xl_cmd *cmd, FILE *out);

/* Prints "xl: <cmd>: not supported yet" to stderr; returns EXIT_FAILURE. */
int xl_not_supported(struct xl_env *env);

struct libxl_domain_config;

/* Read an xl.cfg(5) file plus key=value lines (extra) into dc; prints
 * errors prefixed "xl: <verb>:"; 0 or -1 (cmd_create.c). */
int xl_read_config(struct libxl_domain_config *dc, const char *file,
                   const char *extra, const char *verb);

/* The config an image or a migration stream carries, as JSON (malloc'd):
 * the override file, or the domain's stored config; with the domain id
 * in it for -D (keep_domid), else without any.  NULL: message printed
 * ("xl: <cmd>: ..."; xl/cmd_save.c). */
char *xl_image_config_json(struct xl_env *env, uint32_t domid,
                           const char *override, int keep_domid);

/* An xl.conf compression key's value (NULL, "none" or "zlib") as
 * LIBXL_STREAM_* flags in *flags; -1 with "xl: <verb>: xl.conf: ..."
 * printed for another value (xl/cmd_save.c). */
int xl_conf_compression(const char *verb, const char *key, const char *v,
                        unsigned *flags);

/* How xl create / restore start a domain. */
struct xl_start {
    const char *verb;                    /* "create", "restore" */
    int paused, console, no_monitor, foreground;
    int vnc, vnc_autopass;               /* -V, -A: start a VNC viewer */
    int restore_fd;                      /* image after its header, -1 */
    unsigned stream_flags;               /* its LIBXL_STREAM_* flags */
    int debug;                           /* -d: print the config (JSON) */
};

/* Create (or restore) dc, attach the console, unpause, hand it to a
 * monitor: what xl create does after parsing.  EXIT_SUCCESS/FAILURE. */
int xl_start_domain(struct xl_env *env, struct libxl_domain_config *dc,
                    const struct xl_start *o);

/*
 * Option parsing shared by handlers, like Xen's SWITCH_FOREACH_OPT:
 * getopt_long() plus -h/--help (prints the usage, returns XL_OPT_HELP:
 * exit 0) and, at the end of the options, the operand count check against
 * the table's min/max (prints the usage, returns XL_OPT_USAGE: exit 2).
 * An unknown option also gives XL_OPT_USAGE.  Returns the option
 * character otherwise, -1 at the end (operands start at optind).
 */
#define XL_OPT_HELP  (-100)
#define XL_OPT_USAGE (-101)
#define XL_OPT_EXIT(o) ((o) == XL_OPT_HELP ? 0 : 2)
struct option;
int xl_getopt(struct xl_env *env, int argc, char **argv, const char *opts,
              const struct option *longopts);

/*
 * Path of the console client (xenconsole): $XL_CONSOLE_CLIENT when set
 * (tests, build trees), else the installed one.
 */
const char *xl_console_client(void);

/*
 * Run the VNC viewer on domid's display (xl/cmd_vnc.c): returns only on
 * failure, message printed.  _spawn does it in a child after a second
 * (create/restore -V) and returns at once.
 */
struct libxl__ctx;
int xl_vncviewer_exec(struct libxl__ctx *ctx, uint32_t domid, int autopass,
                      const char *verb);
void xl_vncviewer_spawn(uint32_t domid, int autopass, const char *verb);

/* Resolve a domain name or numeric id; prints the error itself. */
int xl_find_domain(struct xl_env *env, const char *arg, uint32_t *domid);

/* Fill what a vif leaves unset from xl.conf's vif.default.* (as Xen's
 * set_default_nic_values; xl/cmd_network.c). */
struct libxl_device_nic;
void xl_nic_defaults(struct xl_env *env, struct libxl_device_nic *nic);

/* ---- handlers (one per table entry) ---- */
#define XL_CMD(verb) int cmd_##verb(struct xl_env *env, int argc, char **argv)
XL_CMD(create);           /* xl/cmd_create.c (config part) */
XL_CMD(config_update);
XL_CMD(config_convert);   /* xl/cmd_convert.c (config part) */
XL_CMD(list);
XL_CMD(destroy);
XL_CMD(shutdown);
XL_CMD(reboot);
XL_CMD(pci_attach);
XL_CMD(pci_detach);
XL_CMD(pci_list);
XL_CMD(pci_assignable_add);
XL_CMD(pci_assignable_remove);
XL_CMD(pci_assignable_list);
XL_CMD(pause);
XL_CMD(unpause);
XL_CMD(console);
XL_CMD(vncviewer);
XL_CMD(save);
XL_CMD(migrate);
XL_CMD(restore);
XL_CMD(migrate_receive);
XL_CMD(dump_core);
XL_CMD(cd_insert);
XL_CMD(cd_eject);
XL_CMD(mem_max);
XL_CMD(mem_set);
XL_CMD(button_press);
XL_CMD(vcpu_list);
XL_CMD(vcpu_pin);
XL_CMD(vcpu_set);
XL_CMD(vm_list);
XL_CMD(info);
XL_CMD(sharing);
XL_CMD(sched_credit);
XL_CMD(sched_credit2);
XL_CMD(sched_rtds);
XL_CMD(domid);
XL_CMD(domname);
XL_CMD(rename);
XL_CMD(trigger);
XL_CMD(sysrq);
XL_CMD(debug_keys);
XL_CMD(set_parameters);
XL_CMD(dmesg);
XL_CMD(top);
XL_CMD(network_attach);
XL_CMD(network_list);
XL_CMD(network_detach);
XL_CMD(channel_list);
XL_CMD(block_attach);
XL_CMD(block_list);
XL_CMD(block_detach);
XL_CMD(vtpm_attach);
XL_CMD(vtpm_list);
XL_CMD(vtpm_detach);
XL_CMD(vkb_attach);
XL_CMD(vkb_list);
XL_CMD(vkb_detach);
XL_CMD(vdispl_attach);
XL_CMD(vdispl_list);
XL_CMD(vdispl_detach);
XL_CMD(vsnd_attach);
XL_CMD(vsnd_list);
XL_CMD(vsnd_detach);
XL_CMD(uptime);
XL_CMD(claims);
XL_CMD(cpupool_create);
XL_CMD(cpupool_list);
XL_CMD(cpupool_destroy);
XL_CMD(cpupool_rename);
XL_CMD(cpupool_cpu_add);
XL_CMD(cpupool_cpu_remove);
XL_CMD(cpupool_migrate);
XL_CMD(cpupool_numa_split);
XL_CMD(getenforce);
XL_CMD(setenforce);
XL_CMD(loadpolicy);
XL_CMD(remus);
XL_CMD(devd);
XL_CMD(psr_hwinfo);
XL_CMD(psr_cmt_attach);
XL_CMD(psr_cmt_detach);
XL_CMD(psr_cmt_show);
XL_CMD(psr_cat_set);
XL_CMD(psr_cat_show);
XL_CMD(psr_mba_set);
XL_CMD(psr_mba_show);
XL_CMD(usbctrl_attach);
XL_CMD(usbctrl_detach);
XL_CMD(usbdev_attach);
XL_CMD(usbdev_detach);
XL_CMD(usb_list);
XL_CMD(qemu_monitor_command);
#undef XL_CMD

#endif
