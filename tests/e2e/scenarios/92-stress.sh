# tests/e2e scenario (on demand, not in scenarios.list): are Dom0's own
# programs sound while guests run?  Under QEMU's TCG, Xen's lazy FPU
# switching let Dom0 programs run on another vCPU's SSE registers (see
# boot.sh: spec-ctrl=eager-fpu).  With a counting guest and a guest whose
# vCPU is always busy, two loops in Dom0 checksum fixed data (xl help's
# text, the guest kernel) and list the domains for 150 s; every round must
# give the same answers, and the kernel must log no segfault.
# e2e-timeout: 400
# e2e-cost: 200
. /e2e/lib.sh

name=e2e-stress
e2e_count_cfg $name
e2e_count_start $name || exit 1
sed "s/e2e.after=count/e2e.after=spin/; s/$name/e2e-spin/g" \
    /tmp/$name.cfg >/tmp/e2e-spin.cfg
e2e_run spin-create xl create /tmp/e2e-spin.cfg || exit 1

refx=$(xl help 2>&1 | md5sum)
refk=$(md5sum </guest/vmlinuz)
# worker N: rounds until 150 s (scaled) have passed; prints its counts.
worker() {
    n=0 bad=0
    read -r u _ </proc/uptime
    end=$((${u%.*} + $(e2e_secs 150)))
    while :; do
        read -r u _ </proc/uptime
        [ "${u%.*}" -ge $end ] && break
        [ "$(xl help 2>&1 | md5sum)" = "$refx" ] || bad=$((bad + 1))
        [ "$(md5sum </guest/vmlinuz)" = "$refk" ] || bad=$((bad + 1))
        [ "$(xl list 2>/dev/null | grep -c "^$name ")" = 1 ] ||
            bad=$((bad + 1))
        n=$((n + 1))
    done
    echo "$n $bad" >$E2E_TMP/worker$1
}
c0=$(e2e_count $name)
worker 1 & worker 2 & wait
segv=$(dmesg | grep -c 'segfault\|traps:')
set -- $(cat $E2E_TMP/worker1 $E2E_TMP/worker2 2>/dev/null)
if [ $# = 4 ] && [ "$2" = 0 ] && [ "$4" = 0 ] && [ "$segv" = 0 ]; then
    e2e_pass sound "$(($1 + $3)) rounds of 3 checks, all right, no segfault"
else
    e2e_fail sound "rounds/wrong: ${1:-?}/${2:-?} ${3:-?}/${4:-?}," \
        "kernel segfault lines: $segv"
    dmesg | grep 'segfault\|traps:' | tail -n 5 | sed 's/^/E2E-OUT | /'
fi
e2e_count_ge $name $((c0 + 10)) &&
    e2e_pass counting "GUEST-COUNT $c0 -> $(e2e_count $name) meanwhile" ||
    e2e_fail counting "the counting guest stopped at $(e2e_count $name)"
xl destroy $name
xl destroy e2e-spin
