/*
 * libxenctrl simulator, simulated guest kernel: its "init".  With e2e.*
 * options on the command line it does what the /init of the real-Xen
 * test guest does (tests/e2e/mkguest.sh), so the same scenarios run on
 * the simulator: print GUEST-HELLO, then poweroff, reboot, crash or wait.
 */
#include <string.h>

#include "sim_guest_int.h"

void guest_e2e_init(struct guest *g)
{
    char name[64] = "(none)", after[16] = "poweroff";
    int64_t up = guest_now_ms() - g->boot_ms;
    int has_name, has_after;

    has_name = !guest_cmdline_opt(g, "e2e.name", name, sizeof(name));
    has_after = !guest_cmdline_opt(g, "e2e.after", after, sizeof(after));
    if (!has_name && !has_after)
        return;
    guest_printf(g, "GUEST-HELLO %s uptime=%lld.%02lld\n", name,
                 (long long)(up / 1000), (long long)(up % 1000 / 10));
    if (!strcmp(after, "wait"))
        return;
    if (!strcmp(after, "count")) {
        guest_count_start(g);
        return;
    }
    if (!strcmp(after, "reboot")) {
        guest_printf(g, "GUEST-reboot\n");
        guest_power(g, XC_SHUTDOWN_REBOOT, "reboot: Restarting system");
    }
    if (!strcmp(after, "crash")) {
        guest_printf(g, "sysrq: Trigger a crash\n");
        guest_power(g, XC_SHUTDOWN_CRASH, "Kernel panic - not syncing: sysrq "
                                       "triggered crash");
    }
    guest_printf(g, "GUEST-poweroff\n");
    guest_power(g, XC_SHUTDOWN_POWEROFF, "reboot: Power down");
}
