# tests/e2e scenario: save images move between our xl and Xen 4.17's xl
# (Debian's) in both directions, with a running PV guest that prints
# GUEST-COUNT <n> every second: our save restored by Debian's xl, then
# Debian's save of that guest restored by ours; each time the count goes
# on (no second boot).  Needs both xl in one Dom0: run it with
#   tests/e2e/run.sh --debian none --scenarios 21-pv-save-cross
# (our user space and daemons, Debian's xl beside them).  Not part of
# make check-xen, whose image holds no Debian Xen file.
# e2e-timeout: 900
. /e2e/lib.sh

DXL=/usr/lib/xen-4.17/bin/xl
name=e2e-cross
log=/var/log/xen/console/guest-$name.log
img=/tmp/$name.save
if [ ! -x $DXL ]; then
    e2e_fail setup "Debian's xl is not in this image (run.sh --debian none)"
    exit 1
fi
e2e_count_cfg $name

last() { e2e_count $name; }
wait_count() { e2e_wait_count $name "$1"; }
hellos() { grep -c "GUEST-HELLO $name" "$log" 2>/dev/null; }

# step NAME SAVER RESTORER: save with one xl, restore with the other.
step() {
    before=$(last)
    if [ -z "$before" ]; then
        e2e_fail "$1" "no count on the console before the save"
        return 1
    fi
    if ! timeout -s KILL 300 $2 save $name $img >"$E2E_OUT" 2>&1; then
        e2e_fail "$1" "save with $2 failed"
        e2e_show "$E2E_OUT"
        return 1
    fi
    if ! timeout -s KILL 300 $3 restore $img >"$E2E_OUT" 2>&1; then
        e2e_fail "$1" "restore with $3 failed"
        e2e_show "$E2E_OUT"
        rm -f $img
        return 1
    fi
    rm -f $img
    if wait_count $((before + 2)) && [ "$(hellos)" = 1 ]; then
        e2e_pass "$1" "count $before before, $(last) after, no reboot"
    else
        e2e_fail "$1" "count '$(last)' (was $before), $(hellos) boots"
        e2e_show "$log"
        return 1
    fi
}

# (create gets 120 s: on a loaded host TCG makes the build slow)
if ! timeout -s KILL 120 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail create "xl create failed"
    e2e_show "$E2E_OUT"
    exit 1
fi
if ! wait_count 3; then
    e2e_fail counting "no count on the console"
    xl list 2>&1 | sed 's/^/E2E-OUT | /'
    e2e_show "$log"
    xl destroy $name
    exit 1
fi
step ours-to-xen xl $DXL && step xen-to-ours $DXL xl
xl destroy $name 2>/dev/null || $DXL destroy $name 2>/dev/null
rm -f $img
