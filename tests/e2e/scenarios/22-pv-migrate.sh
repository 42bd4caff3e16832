# tests/e2e scenario: xl migrate of a running PV guest to localhost (the
# Debian kernel, an initramfs printing GUEST-COUNT <n> every second), the
# receiving xl started by a local stand-in for ssh: live pre-copy where
# the hypervisor has PV log-dirty (else stop-and-copy, said so), the old
# domain is gone, the new one carries the
# name and the count goes on from where it was (no second boot), nothing
# of the old domain is left in xenstore.
# e2e-timeout: 900
. /e2e/lib.sh

name=e2e-mig
e2e_count_cfg $name
# ssh <host> <command...> run here
printf '#!/bin/sh\nshift\nexec "$@"\n' >/tmp/localssh
chmod +x /tmp/localssh

e2e_mig_create

old=$(xl domid $name)
if ! e2e_mig_run; then
    xl destroy $name 2>/dev/null
    exit 1
fi
grep -q "^Migration successful" "$E2E_OUT" &&
    e2e_pass message "Migration successful" ||
    e2e_fail message "no 'Migration successful'"
# Pre-copy needs log-dirty, which Xen gives PV guests through shadow
# paging; Debian's Xen 4.17 is built without it (CONFIG_SHADOW_PAGING is
# not set in its /boot/xen-4.17-amd64.config), so there xl says it stops
# and copies.  Either is a pass only when the output says which.
rounds=$(sed -n 's/^migration sender: \([0-9]*\) rounds.*/\1/p' "$E2E_OUT")
if [ -n "$rounds" ] && [ "$rounds" -ge 2 ]; then
    e2e_pass precopy "live: $rounds rounds while the guest ran"
elif [ "$rounds" = 0 ] &&
    grep -q "no log-dirty mode for PV guests.*not live" "$E2E_OUT"; then
    e2e_pass precopy "stop-and-copy: this Xen has no log-dirty for PV" \
        "guests (built without shadow paging)"
else
    e2e_fail precopy "rounds: '$rounds'"
    e2e_show "$E2E_OUT"
fi

new=$(xl domid $name 2>/dev/null)
if [ -n "$new" ] && [ "$new" != "$old" ] &&
    [ "$(xl list | grep -c "$name")" = 1 ]; then
    e2e_pass moved "domain $old -> $new, one $name"
else
    e2e_fail moved "old $old, now '$new'"
    xl list | sed 's/^/E2E-OUT | /'
fi
xl list $old >/dev/null 2>&1 &&
    e2e_fail old-gone "domain $old is still there" ||
    e2e_pass old-gone "domain $old destroyed"
[ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 $new " ] &&
    e2e_pass xenstore "only /local/domain/0 and $new" ||
    e2e_fail xenstore "left: $(xenstore-list /local/domain | tr '\n' ' ')"

if e2e_wait 120 e2e_mig_count_ge $((before + 2)); then
    e2e_pass continues "count $before at the migration, $n after"
else
    e2e_fail continues "count stuck at '$(e2e_mig_last)' (was $before)"
    e2e_mig_console | tail -20 | sed 's/^/E2E-OUT | /'
    xl dmesg | tail -20 | sed 's/^/E2E-OUT | /'
fi
[ "$(e2e_mig_hellos)" = 1 ] &&
    e2e_pass no-reboot "the guest did not boot again" ||
    e2e_fail no-reboot "$(e2e_mig_hellos) boots on the console"
xl destroy $name
