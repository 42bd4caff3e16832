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

name=e2e-cross
log=/var/log/xen/console/guest-$name.log
e2e_debian_xl || exit 1
e2e_count_cfg $name

hellos() { grep -c "GUEST-HELLO $name" "$log" 2>/dev/null; }

# step NAME SAVER RESTORER: save with one xl, restore with the other.
step() {
    e2e_save_restore "$1" $name "$2" "$3" || return 1
    if [ "$(hellos)" = 1 ]; then
        e2e_pass "$1" "count $sr_before before, $(e2e_count $name) after," \
            "no reboot"
    else
        e2e_fail "$1" "count '$(e2e_count $name)' (was $sr_before)," \
            "$(hellos) boots"
        e2e_show "$log"
        return 1
    fi
}

e2e_count_start $name || exit 1
step ours-to-xen xl $DXL && step xen-to-ours $DXL xl
xl destroy $name 2>/dev/null || $DXL destroy $name 2>/dev/null
rm -f /tmp/$name.save
