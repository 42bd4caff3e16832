# tests/e2e scenario: save, restore and migration of a running PVH guest
# (the Debian kernel booted PVH, an initramfs printing GUEST-COUNT <n>
# every second): the image is an x86 HVM libxc stream (domain type 2),
# save removes the guest, restore brings it back and the count goes on
# (no second boot); save -c leaves it running in the same domain; xl
# migrate to localhost (live pre-copy: log-dirty of an HVM container is
# HAP's, not shadow paging's) and the count goes on in the new domain;
# nothing of the old domains is left in xenstore.  One image at a time
# in Dom0's RAM-backed /tmp, and a 96 MiB guest (in 64 MiB our builder
# finds no room for the kernel and initramfs).
# e2e-timeout: 900
# e2e-cost: 110
. /e2e/lib.sh

name=e2e-pvhsave
img=/tmp/$name.save
e2e_count_cfg $name
# PVH: QEMU TCG gives Xen no RDTSCP intercept it can emulate (13-pvh).
sed -i "s/^memory = .*/memory = 96/" /tmp/$name.cfg
printf '%s\n' 'type = "pvh"' 'cpuid = "host,rdtscp=0"' >>/tmp/$name.cfg
printf '#!/bin/sh\nshift\nexec "$@"\n' >/tmp/localssh
chmod +x /tmp/localssh

# only_dom0_and ID: xenstore has /local/domain/0 and ID, nothing else
only_dom0_and() {
    [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 $1 " ]
}
# goes_on CHECK BEFORE: the count passes BEFORE + 2
goes_on() {
    if e2e_wait 120 e2e_mig_count_ge $(($2 + 2)); then
        e2e_pass $1 "count $2 before, $(e2e_mig_last) after"
    else
        e2e_fail $1 "count stuck at '$(e2e_mig_last)' (was $2)"
        e2e_mig_console | tail -20 | sed 's/^/E2E-OUT | /'
        xl dmesg | tail -20 | sed 's/^/E2E-OUT | /'
    fi
}
timed() { t0=$(cut -d' ' -f1 /proc/uptime); }

e2e_mig_create

timed
if e2e_timeout 300 xl save $name $img >"$E2E_OUT" 2>&1; then
    before=$(e2e_mig_last)
    e2e_pass save "$(wc -c <$img) bytes in $(e2e_since $t0) s, count" \
        "was $before"
else
    e2e_fail save "xl save failed"
    e2e_show "$E2E_OUT"
    xl destroy $name 2>/dev/null
    exit 1
fi
# The libxc domain header follows xl's header (48 bytes and its optional
# data), libxl's (16), the LIBXC_CONTEXT record's (8) and the image
# header (24).  (busybox grep -bo gives a line's offset, not the match's)
opt=$(od -An -tu4 -j 44 -N4 $img | tr -d ' ')
dtype=$(od -An -tu4 -j $((48 + opt + 16 + 8 + 24)) -N4 $img | tr -d ' ')
[ "$dtype" = 2 ] && e2e_pass hvm-stream "libxc domain type 2 (x86 HVM)" ||
    e2e_fail hvm-stream "libxc domain type '$dtype'"
xl domid $name >/dev/null 2>&1 &&
    e2e_fail gone "the guest is still there after save" ||
    e2e_pass gone "save removed the guest"

timed
if e2e_timeout 300 xl restore $img >"$E2E_OUT" 2>&1; then
    e2e_pass restore "in $(e2e_since $t0) s"
else
    e2e_fail restore "xl restore failed"
    e2e_show "$E2E_OUT"
    rm -f $img
    exit 1
fi
rm -f $img
goes_on continues "$before"
[ "$(e2e_mig_hellos)" = 1 ] &&
    e2e_pass no-reboot "the guest did not boot again" ||
    e2e_fail no-reboot "$(e2e_mig_hellos) boots on the console"

# save -c: a checkpoint; the guest carries on in the same domain.
id=$(xl domid $name)
if e2e_timeout 300 xl save -c $name $img >"$E2E_OUT" 2>&1 &&
    [ "$(xl domid $name 2>/dev/null)" = "$id" ]; then
    goes_on checkpoint "$(e2e_mig_last)"
else
    e2e_fail checkpoint "save -c failed or the domain changed"
    e2e_show "$E2E_OUT"
fi
rm -f $img

old=$(xl domid $name)
if e2e_mig_run; then
    rounds=$(sed -n 's/^migration sender: \([0-9]*\) rounds.*/\1/p' \
        "$E2E_OUT")
    [ -n "$rounds" ] && [ "$rounds" -ge 2 ] &&
        e2e_pass precopy "live: $rounds rounds while the guest ran" ||
        e2e_fail precopy "rounds: '$rounds' (HAP log-dirty expected)"
    new=$(xl domid $name 2>/dev/null)
    [ -n "$new" ] && [ "$new" != "$old" ] && only_dom0_and "$new" &&
        e2e_pass moved "domain $old -> $new, only its xenstore nodes" ||
        e2e_fail moved "old $old, now '$new', xenstore:" \
            "$(xenstore-list /local/domain | tr '\n' ' ')"
    goes_on mig-continues "$before"
fi
[ "$(e2e_mig_hellos)" = 1 ] &&
    e2e_pass no-reboot-mig "one boot on the console" ||
    e2e_fail no-reboot-mig "$(e2e_mig_hellos) boots on the console"
xl destroy $name
