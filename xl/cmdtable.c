/*
 * xl: the subcommand table (style.md G2).  Every command of Xen 4.17's
 * xl is listed, in Xen's order; the handlers live in cmd_<group>.c and
 * those not implemented yet say so (cmd_unsupported.c).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "xl.h"

const struct xl_cmd xl_cmds[] = {
    /* name, handler, min, max operands, flags, usage, summary, options */
    { "create", cmd_create, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "<ConfigFile> [options] [vars]",
      "Create a domain from a config file",
      "-c  Attach to the domain's console once it is created.\n"
      "-d  Print the config as JSON on stderr before creating.\n"
      "-e  No monitor: on_poweroff/on_reboot/on_crash are not applied.\n"
      "-F  Keep the monitor in the foreground until the domain is gone.\n"
      "-f FILE, --defconfig=FILE  The config file.\n"
      "-h  Print this help.\n"
      "-n, --dryrun  Print the config as JSON only (as the global -N).\n"
      "--check  Only validate the config.\n"
      "-p  Leave the domain paused.\n"
      "-q, --quiet  No \"Parsing config\" line.\n"
      "-V, --vncviewer  Start a VNC viewer on its display once created.\n"
      "-A, --vncviewer-autopass  The same, passing the VNC password.\n"
      "-i, --ignore-global-affinity-masks  Ignore xl.conf's vm.*cpumask." },
    { "config-update", cmd_config_update, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <ConfigFile> [options] [vars]",
      "Replace a running domain's saved config (used at reboot)",
      NULL },
    { "config-convert", cmd_config_convert, 1, -1, XL_NOCTX,
      "[options] <File> [vars]",
      "Convert a domain config between xl.cfg and libvirt domain XML",
      "--from libvirt-xml      Read libvirt domain XML, print xl.cfg\n"
      "--to libvirt-xml        Read xl.cfg (plus key=value vars), print "
      "libvirt\n"
      "                        domain XML" },
    { "list", cmd_list, 0, -1, 0,
      "[options] [Domain]",
      "List domains and their runtime state",
      "-l, --long              Output all VM details\n"
      "-v, --verbose           Prints out UUIDs and security context\n"
      "-Z, --context           Prints out security context\n"
      "-c, --cpupool           Prints the cpupool the domain is in\n"
      "-n, --numa              Prints out NUMA node affinity\n"
      "--json                  Runtime state as JSON" },
    { "destroy", cmd_destroy, 1, 1, XL_MODIFIES,
      "[options] <Domain>",
      "Kill a domain at once, without asking the guest",
      "-f                      Allow destroying domain 0 (disaggregated "
      "hosts only)" },
    { "shutdown", cmd_shutdown, 0, -1, XL_MODIFIES,
      "[options] <-a|Domain>",
      "Ask a domain to shut down cleanly",
      "-a, --all               Shut down every guest domain\n"
      "-h                      Print this help\n"
      "-F                      Fall back, for HVM guests without PV "
      "drivers\n"
      "-w, --wait              Wait for the guest(s) to shut down (twice: "
      "until\n"
      "                        destroyed)" },
    { "reboot", cmd_reboot, 0, -1, XL_MODIFIES,
      "[options] <-a|Domain>",
      "Ask a domain to reboot cleanly",
      "-a, --all               Reboot every guest domain\n"
      "-h                      Print this help\n"
      "-F                      Fall back, for HVM guests without PV "
      "drivers\n"
      "-w, --wait              Wait for the guest(s) to reboot (twice: "
      "until\n"
      "                        destroyed)" },
    { "pci-attach", cmd_pci_attach, 0, -1, XL_MODIFIES,
      "<Domain> <PCI_SPEC_STRING>",
      "Pass a PCI device through to a domain",
      NULL },
    { "pci-detach", cmd_pci_detach, 0, -1, XL_MODIFIES,
      "<Domain> <PCI_SPEC_STRING>",
      "Remove a passed-through PCI device from a domain",
      NULL },
    { "pci-list", cmd_pci_list, 0, -1, 0,
      "<Domain>",
      "List the PCI devices passed through to a domain",
      NULL },
    { "pci-assignable-add", cmd_pci_assignable_add, 0, -1, XL_MODIFIES,
      "[options] <BDF>",
      "Make a host PCI device assignable to guests",
      NULL },
    { "pci-assignable-remove", cmd_pci_assignable_remove, 0, -1, XL_MODIFIES,
      "[options] <BDF>|NAME",
      "Give an assignable PCI device back to domain 0",
      NULL },
    { "pci-assignable-list", cmd_pci_assignable_list, 0, -1, 0,
      "[options]",
      "List the PCI devices assignable to guests",
      NULL },
    { "pause", cmd_pause, 1, 1, XL_MODIFIES,
      "<Domain>",
      "Pause a domain",
      NULL },
    { "unpause", cmd_unpause, 1, 1, XL_MODIFIES,
      "<Domain>",
      "Unpause a paused domain",
      NULL },
    { "console", cmd_console, 1, -1, 0,
      "[options] <Domain>\n"
      "-t <type>       console type, pv , serial or vuart\n"
      "-n <number>     console number",
      "Attach to a domain's console",
      NULL },
    { "vncviewer", cmd_vncviewer, 1, 1, 0,
      "[options] <Domain>\n"
      "--autopass               Pass VNC password to viewer via stdin and\n"
      "                         -autopass\n"
      "--vncviewer-autopass     (consistency alias for --autopass)",
      "Start a VNC viewer on a domain's display",
      NULL },
    { "save", cmd_save, 2, 3, XL_MODIFIES,
      "[options] <Domain> <CheckpointFile> [<ConfigFile>]",
      "Save a domain's state to a file",
      "-h  Print this help.\n"
      "-c  Leave domain running after creating the snapshot.\n"
      "-p  Leave domain paused after creating the snapshot.\n"
      "-D  Store the domain id in the configuration.\n"
      "-z  Compress the image with zlib (not readable by Xen's own xl)." },
    { "migrate", cmd_migrate, 2, 2, XL_MODIFIES,
      "[options] <Domain> <host>",
      "Migrate a domain to another host",
      "-h              Print this help.\n"
      "-C <config>     Send <config> instead of config file from creation.\n"
      "-s <sshcommand> Use <sshcommand> instead of ssh.  String will be "
      "passed\n"
      "                to sh. If empty, run <host> instead of ssh <host> xl\n"
      "                migrate-receive [-d -e]\n"
      "-e              Do not wait in the background (on <host>) for the "
      "death\n"
      "                of the domain.\n"
      "--debug         Verify the memory sent (a second copy, compared "
      "by the\n"
      "                receiver); print each round of the migration.\n"
      "-p              Do not unpause domain after migrating it.\n"
      "-D              Preserve the domain id\n"
      "-z, --compress  Compress the stream (zlib; the receiver must be "
      "this xl).\n"
      "--max_iters N   Rounds while the guest runs, the first included "
      "(5).\n"
      "--min_remaining N  Suspend once a round finds fewer dirty pages "
      "(50).\n"
      "--downtime MS   Also suspend once the dirty pages fit in MS.\n"
      "--bandwidth MIB Send at most MIB MiB/s while the guest runs." },
    { "restore", cmd_restore, 1, 2, XL_MODIFIES,
      "[options] [<ConfigFile>] <CheckpointFile>",
      "Restore a domain from a saved state file",
      "-h                       Print this help.\n"
      "-p                       Do not unpause domain after restoring it.\n"
      "-e                       Do not wait in the background for the death "
      "of the domain.\n"
      "-d                       Enable debug messages.\n"
      "-V, --vncviewer          Connect to the VNC display after the domain "
      "is created.\n"
      "-A, --vncviewer-autopass Pass VNC password to viewer via stdin.\n"
      "-F                       Run in the foreground (the monitor does not "
      "detach).\n"
      "-c                       Connect to the console after the domain is "
      "restored." },
    { "migrate-receive", cmd_migrate_receive, 0, 0, XL_MODIFIES,
      "- for internal use only",
      "Receiving end of a migration (started by migrate)",
      NULL },
    { "dump-core", cmd_dump_core, 2, -1, XL_MODIFIES,
      "<Domain> <filename>",
      "Write a domain's memory to a core file",
      NULL },
    { "cd-insert", cmd_cd_insert, 3, 3, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <VirtualDevice> <path>",
      "Insert a medium into an emulated CD drive",
      NULL },
    { "cd-eject", cmd_cd_eject, 2, 2, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <VirtualDevice>",
      "Eject the medium of an emulated CD drive",
      NULL },
    { "mem-max", cmd_mem_max, 2, 2, XL_MODIFIES,
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
      "Set the maximum memory a domain may use",
      NULL },
    { "mem-set", cmd_mem_set, 2, 2, XL_MODIFIES,
      "<Domain> <MemMB['b'[bytes]|'k'[KB]|'m'[MB]|'g'[GB]|'t'[TB]]>",
      "Set the balloon target of a domain",
      NULL },
    { "button-press", cmd_button_press, 2, 2, XL_MODIFIES,
      "<Domain> <Button>",
      "Press a virtual ACPI button (deprecated, use trigger)",
      NULL },
    { "vcpu-list", cmd_vcpu_list, 0, -1, 0,
      "[Domain, ...]",
      "List the virtual CPUs of domains",
      "--json                  Output as JSON" },
    { "vcpu-pin", cmd_vcpu_pin, 3, 4, XL_MODIFIES | XL_DRYRUN,
      "[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft "
      "affinity|-|all>",
      "Set the hard and soft CPU affinity of virtual CPUs",
      "-f, --force             Also update the saved configuration (ignored)\n"
      "<hard> and <soft> are CPU lists like \"0-3,^1\", \"all\", \"nodes:0\" "
      "or \"-\" (unchanged)" },
    { "vcpu-set", cmd_vcpu_set, 0, -1, XL_MODIFIES,
      "[option] <Domain> <vCPUs>",
      "Set the number of online virtual CPUs of a domain",
      NULL },
    { "vm-list", cmd_vm_list, 0, 0, 0,
      "",
      "List guest domains (not domain 0)",
      "--json                  Output as JSON" },
    { "info", cmd_info, 0, 1, 0,
      "-n, --numa         List host NUMA topology information",
      "Show host and hypervisor information",
      "-n, --numa              Also print CPU and NUMA topology\n"
      "--json                  Output as JSON" },
    { "sharing", cmd_sharing, 0, -1, 0,
      "[Domain]",
      "Show memory sharing information",
      NULL },
    { "sched-credit", cmd_sched_credit, 0, -1, XL_MODIFIES,
      "[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] "
      "[-p CPUPOOL]",
      "Get or set credit scheduler parameters",
      NULL },
    { "sched-credit2", cmd_sched_credit2, 0, 0, XL_MODIFIES,
      "[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]",
      "Get or set credit2 scheduler parameters",
      "-d DOMAIN, --domain=DOMAIN     Domain to modify\n"
      "-w WEIGHT, --weight=WEIGHT     Weight (int)\n"
      "-c CAP, --cap=CAP              Cap (int)\n"
      "-s         --schedparam        Query / modify scheduler parameters\n"
      "-r RLIMIT, --ratelimit_us=RLIMIT Set the scheduling rate limit, in "
      "microseconds\n"
      "-p CPUPOOL, --cpupool=CPUPOOL  Restrict output to CPUPOOL" },
    { "sched-rtds", cmd_sched_rtds, 0, -1, XL_MODIFIES,
      "[-d <Domain> [-v[=VCPUID/all]] [-p[=PERIOD]] [-b[=BUDGET]] "
      "[-e[=Extratime]]]",
      "Get or set RTDS scheduler parameters",
      NULL },
    { "domid", cmd_domid, 1, 1, 0,
      "<DomainName>",
      "Print the id of a domain given its name",
      NULL },
    { "domname", cmd_domname, 1, 1, 0,
      "<DomainId>",
      "Print the name of a domain given its id",
      NULL },
    { "rename", cmd_rename, 2, 2, XL_MODIFIES,
      "<Domain> <NewDomainName>",
      "Give a domain a new name",
      NULL },
    { "trigger", cmd_trigger, 2, 3, XL_MODIFIES,
      "<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]",
      "Send a trigger (nmi, reset, power...) to a domain",
      NULL },
    { "sysrq", cmd_sysrq, 2, -1, XL_MODIFIES,
      "<Domain> <letter>",
      "Send a magic SysRq key to a domain",
      NULL },
    { "debug-keys", cmd_debug_keys, 0, -1, XL_MODIFIES,
      "<Keys>",
      "Send debug keys to the hypervisor",
      NULL },
    { "set-parameters", cmd_set_parameters, 0, -1, XL_MODIFIES,
      "<Params>",
      "Set hypervisor parameters at run time",
      NULL },
    { "dmesg", cmd_dmesg, 0, 0, 0,
      "[-c]",
      "Read (and optionally clear) the hypervisor console ring",
      "-c                      Clear the ring after reading it" },
    { "top", cmd_top, 0, -1, 0,
      "",
      "Monitor domains' resource use (runs xentop)",
      NULL },
    { "network-attach", cmd_network_attach, 1, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] "
      "[script=<script>] [backend=<BackDomain>] [vifname=<name>] "
      "[rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]",
      "Add a network interface to a domain",
      NULL },
    { "network-list", cmd_network_list, 1, -1, 0,
      "[--json] <Domain(s)>",
      "List the network interfaces of domains",
      "--json                  Output as JSON" },
    { "network-detach", cmd_network_detach, 2, 2, XL_MODIFIES,
      "<Domain> <DevId|mac>",
      "Remove a network interface from a domain",
      NULL },
    { "channel-list", cmd_channel_list, 1, -1, 0,
      "[--json] <Domain(s)>",
      "List the PV channels of domains",
      "--json                  Output as JSON" },
    { "block-attach", cmd_block_attach, 2, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <disk-spec-component(s)>...",
      "Add a virtual block device to a domain",
      NULL },
    { "block-list", cmd_block_list, 1, -1, 0,
      "[options] <Domain(s)>",
      "List the virtual block devices of domains",
      "--json                  The devices as JSON" },
    { "block-detach", cmd_block_detach, 2, 2, XL_MODIFIES,
      "[option] <Domain> <DevId>",
      "Remove a virtual block device from a domain",
      "-f, --force             Remove it without waiting for the guest" },
    { "vtpm-attach", cmd_vtpm_attach, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> [uuid=<uuid>] [backend=<BackDomain>]",
      "Add a vTPM device to a domain",
      NULL },
    { "vtpm-list", cmd_vtpm_list, 0, -1, 0,
      "<Domain(s)>",
      "List the vTPM devices of domains",
      NULL },
    { "vtpm-detach", cmd_vtpm_detach, 0, -1, XL_MODIFIES,
      "<Domain> <DevId|uuid>",
      "Remove a vTPM device from a domain",
      NULL },
    { "vkb-attach", cmd_vkb_attach, 2, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <vkb-spec-component(s)>...",
      "Add a virtual keyboard device to a domain",
      NULL },
    { "vkb-list", cmd_vkb_list, 1, -1, 0,
      "[--json] <Domain(s)>",
      "List the virtual keyboard devices of a domain",
      "--json                  Output as JSON" },
    { "vkb-detach", cmd_vkb_detach, 2, 2, XL_MODIFIES,
      "<Domain> <DevId>",
      "Remove a virtual keyboard device from a domain",
      NULL },
    { "vdispl-attach", cmd_vdispl_attach, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> [backend=<BackDomain>] [be-alloc=<BackAlloc>] "
      "[connectors='<Connectors>']",
      "Add a virtual display device to a domain",
      NULL },
    { "vdispl-list", cmd_vdispl_list, 0, -1, 0,
      "<Domain(s)>",
      "List the virtual display devices of domains",
      NULL },
    { "vdispl-detach", cmd_vdispl_detach, 0, -1, XL_MODIFIES,
      "<Domain> <DevId>",
      "Remove a virtual display device from a domain",
      NULL },
    { "vsnd-attach", cmd_vsnd_attach, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "<Domain> <vsnd-spec-component(s)>...",
      "Add a virtual sound device to a domain",
      NULL },
    { "vsnd-list", cmd_vsnd_list, 0, -1, 0,
      "<Domain(s)>",
      "List the virtual sound devices of domains",
      NULL },
    { "vsnd-detach", cmd_vsnd_detach, 0, -1, XL_MODIFIES,
      "<Domain> <DevId>",
      "Remove a virtual sound device from a domain",
      NULL },
    { "uptime", cmd_uptime, 0, -1, 0,
      "[-s] [Domain]",
      "Show how long domains have been running",
      "-s                      Short, uptime(1)-like output\n"
      "--json                  Output as JSON" },
    { "claims", cmd_claims, 0, -1, 0,
      "",
      "List outstanding memory claims of domains",
      NULL },
    { "cpupool-create", cmd_cpupool_create, 0, -1, XL_MODIFIES | XL_DRYRUN,
      "[options] [<ConfigFile>] [Variable=value ...]",
      "Create a CPU pool from a config file",
      NULL },
    { "cpupool-list", cmd_cpupool_list, 0, 1, 0,
      "[-c|--cpus] [<CPU Pool>]",
      "List CPU pools",
      "-c, --cpus              Output list of CPUs used by a pool\n"
      "--json                  Output as JSON" },
    { "cpupool-destroy", cmd_cpupool_destroy, 0, -1, XL_MODIFIES,
      "<CPU Pool>",
      "Destroy a CPU pool",
      NULL },
    { "cpupool-rename", cmd_cpupool_rename, 0, -1, XL_MODIFIES,
      "<CPU Pool> <new name>",
      "Give a CPU pool a new name",
      NULL },
    { "cpupool-cpu-add", cmd_cpupool_cpu_add, 0, -1, XL_MODIFIES,
      "<CPU Pool> <CPU nr>|node:<node nr>",
      "Add CPUs to a CPU pool",
      NULL },
    { "cpupool-cpu-remove", cmd_cpupool_cpu_remove, 0, -1, XL_MODIFIES,
      "<CPU Pool> <CPU nr>|node:<node nr>",
      "Remove CPUs from a CPU pool",
      NULL },
    { "cpupool-migrate", cmd_cpupool_migrate, 0, -1, XL_MODIFIES,
      "<Domain> <CPU Pool>",
      "Move a domain to another CPU pool",
      NULL },
    { "cpupool-numa-split", cmd_cpupool_numa_split, 0, -1, XL_MODIFIES,
      "",
      "Create one CPU pool per NUMA node",
      NULL },
    { "getenforce", cmd_getenforce, 0, -1, 0,
      "",
      "Show the XSM (FLASK) enforcing mode",
      NULL },
    { "setenforce", cmd_setenforce, 0, -1, XL_MODIFIES,
      "<1|0|Enforcing|Permissive>",
      "Set the XSM (FLASK) enforcing mode",
      NULL },
    { "loadpolicy", cmd_loadpolicy, 0, -1, XL_MODIFIES,
      "<policy file>",
      "Load a new XSM (FLASK) policy",
      NULL },
    { "remus", cmd_remus, 0, -1, XL_MODIFIES,
      "[options] <Domain> [<host>]",
      "Enable Remus or COLO replication for a domain",
      NULL },
    { "devd", cmd_devd, 0, -1, XL_MODIFIES,
      "[options]",
      "Run the device backend daemon of a driver domain",
      NULL },
    { "psr-hwinfo", cmd_psr_hwinfo, 0, -1, XL_MODIFIES,
      "[options]",
      "Show the platform QoS (PSR) capabilities of the host",
      NULL },
    { "psr-cmt-attach", cmd_psr_cmt_attach, 0, -1, XL_MODIFIES,
      "<Domain>",
      "Start cache monitoring of a domain",
      NULL },
    { "psr-cmt-detach", cmd_psr_cmt_detach, 0, -1, XL_MODIFIES,
      "<Domain>",
      "Stop cache monitoring of a domain",
      NULL },
    { "psr-cmt-show", cmd_psr_cmt_show, 0, -1, XL_MODIFIES,
      "<PSR-CMT-Type> <Domain>",
      "Show cache monitoring data",
      NULL },
    { "psr-cat-set", cmd_psr_cat_set, 0, -1, XL_MODIFIES,
      "[options] <Domain> <CBM>",
      "Set the cache allocation of a domain",
      NULL },
    { "psr-cat-show", cmd_psr_cat_show, 0, -1, XL_MODIFIES,
      "[options] <Domain>",
      "Show cache allocation settings",
      NULL },
    { "psr-mba-set", cmd_psr_mba_set, 0, -1, XL_MODIFIES,
      "[options] <Domain> <THRTL>",
      "Set the memory bandwidth allocation of a domain",
      NULL },
    { "psr-mba-show", cmd_psr_mba_show, 0, -1, XL_MODIFIES,
      "<Domain>",
      "Show memory bandwidth allocation settings",
      NULL },
    { "usbctrl-attach", cmd_usbctrl_attach, 0, -1, XL_MODIFIES,
      "<Domain> [type=pv] [version=<version>] [ports=<number>]",
      "Add a USB controller to a domain",
      NULL },
    { "usbctrl-detach", cmd_usbctrl_detach, 0, -1, XL_MODIFIES,
      "<Domain> <DevId>",
      "Remove a USB controller from a domain",
      NULL },
    { "usbdev-attach", cmd_usbdev_attach, 0, -1, XL_MODIFIES,
      "<Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> "
      "[port=<port>]]",
      "Pass a host USB device to a domain",
      NULL },
    { "usbdev-detach", cmd_usbdev_detach, 0, -1, XL_MODIFIES,
      "<Domain> <controller> <port>",
      "Remove a USB device from a domain",
      NULL },
    { "usb-list", cmd_usb_list, 0, -1, 0,
      "<Domain>",
      "List the USB controllers and devices of a domain",
      NULL },
    { "qemu-monitor-command", cmd_qemu_monitor_command, 2, 2, XL_MODIFIES,
      "<Domain> <Command>",
      "Send a command to a domain's device model monitor",
      NULL },

};

const int xl_ncmds = (int)(sizeof(xl_cmds) / sizeof(xl_cmds[0]));

const struct xl_cmd *xl_cmd_lookup(const char *name)
{
    const struct xl_cmd *found = NULL;
    size_t len = strlen(name);

    for (int i = 0; i < xl_ncmds; i++)
        if (!strcmp(xl_cmds[i].name, name))
            return &xl_cmds[i];
    for (int i = 0; i < xl_ncmds; i++) {
        if (strncmp(xl_cmds[i].name, name, len))
            continue;
        if (found)
            return NULL;                 /* ambiguous prefix */
        found = &xl_cmds[i];
    }
    return len ? found : NULL;
}

void xl_cmd_usage(const struct xl_cmd *cmd, FILE *out)
{
    fprintf(out, "Usage: xl [-vtT%s%s] %s %s\n\n%s.\n\n",
            cmd->flags & XL_MODIFIES ? "f" : "",
            cmd->flags & XL_DRYRUN ? "N" : "", cmd->name, cmd->usage,
            cmd->summary);
    if (cmd->details)
        fprintf(out, "Options:\n\n%s\n", cmd->details);
}
