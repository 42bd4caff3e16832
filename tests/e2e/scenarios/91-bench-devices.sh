# tests/e2e scenario (a benchmark, not a check of behaviour): the time of
# `xl create -p` and `xl destroy` of a PV guest with one file-backed disk
# and one vif on bridge xenbr0, by our xl and by Xen 4.17's xl (Debian's)
# in the same boot, alternating, plus the same guest without devices
# (so the devices' own cost shows).  Debian's xl runs Xen's bash hotplug
# scripts (block: losetup; vif-bridge: ip/brctl) for each device at
# create and destroy; ours sets up the loop device and enslaves the vif
# natively.  The guest stays paused: its boot is not timed.
# Needs both xl in one Dom0:
#   tests/e2e/run.sh --debian none --scenarios 91-bench-devices
# (bench/xen-devices.sh runs that and prints the table with ratios).  Not
# part of make check-xen, whose image holds no Debian Xen file.
# Lines: E2E-BENCH1 <xl>-<op> <seconds> per successful run, xl =
# ours|xen, op = create-dev|destroy-dev|create-nodev|destroy-nodev (the
# first nodev create of ours also fills its kernel cache).  A failure
# (e.g. a hotplug script over libxl's 40 s limit on a loaded host) is
# reported and what it left is cleaned up, so the other runs go on.
# e2e-timeout: 1800
. /e2e/lib.sh

DXL=/usr/lib/xen-4.17/bin/xl
ROUNDS=3
D=/tmp/bench-dev
if [ ! -x $DXL ]; then
    e2e_fail setup "Debian's xl is not in this image (run.sh --debian none)"
    exit 1
fi
if ! command -v bash >/dev/null; then
    e2e_fail setup "no bash in the image: Xen's hotplug scripts need it"
    exit 1
fi
mkdir -p $D
truncate -s 16M $D/disk.img
[ -e /sys/class/net/xenbr0 ] || { brctl addbr xenbr0 &&
    echo 0 >/sys/class/net/xenbr0/bridge/forward_delay &&
    ip link set xenbr0 up; } ||
    { e2e_fail setup "cannot make bridge xenbr0"; exit 1; }

now() { cut -d' ' -f1 /proc/uptime; }
# How slow starting a program is here (Xen's hotplug scripts start dozens
# each; under TCG on a loaded host every one is expensive).
t0=$(cut -d' ' -f1 /proc/uptime)
i=0
while [ $i -lt 20 ]; do xenstore-read /local/domain/0/name >/dev/null; i=$((i + 1)); done
echo "E2E-INFO 20 xenstore-read runs took" \
    "$(echo "$(cut -d' ' -f1 /proc/uptime) $t0" | awk '{printf "%.2f", $1 - $2}') s"
add() { echo "$1 $2 $3" | awk '{printf "%.2f", $1 + $2 - $3}'; }
loops() { cat /sys/block/loop*/loop/backing_file 2>/dev/null |
    grep -c "$D/"; }

# cfg NAME DEVICES(0|1)
cfg() {
    printf '%s\n' "name = \"$1\"" 'type = "pv"' \
        'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/initrd.cpio.gz"' \
        'memory = 128' 'vcpus = 1' >/tmp/$1.cfg
    [ "$2" = 1 ] && printf '%s\n' \
        "disk = [ '$D/disk.img,raw,xvda,w' ]" \
        "vif = [ 'bridge=xenbr0' ]" >>/tmp/$1.cfg
}

# fail WHAT: report the failed step with what tells why.
fail() {
    e2e_fail "$1" "$2"
    e2e_show "$E2E_OUT"
    tail -n 10 /var/log/xen/xen-hotplug.log 2>/dev/null |
        sed 's/^/E2E-OUT hotplug | /'
}

# one WHO XL DEV ROUND: create -p + destroy once, adding the times to
# the totals c_<who>_<dev> and d_<who>_<dev>.  Between create and
# destroy, what the devices must have done: the vif on xenbr0 and the
# disk's backend with a physical device (the loop), InitWait.
one() {
    who=$1 xl=$2 dev=$3 name=bench-$1-$3-$4
    cfg $name $dev
    t0=$(now)
    if ! e2e_timeout 120 $xl create -p /tmp/$name.cfg >"$E2E_OUT" 2>&1
    then
        fail $who-create-$dev "$xl create -p failed after $(add 0 $(now) $t0) s"
        return 1
    fi
    t1=$(now)
    id=$($xl domid $name 2>/dev/null)
    if [ "$dev" = 1 ]; then
        be=/local/domain/0/backend/vbd/$id/51712
        phys=$(xenstore-read $be/physical-device 2>/dev/null)
        st=$(xenstore-read $be/state 2>/dev/null)
        if [ ! -e /sys/class/net/xenbr0/brif/vif$id.0 ] || [ -z "$phys" ] ||
            [ "$(loops)" != 1 ]; then
            e2e_fail $who-devices "domain $id: vif$id.0 on xenbr0:" \
                "$(ls /sys/class/net/xenbr0/brif 2>&1 | tr '\n' ' '), disk" \
                "physical-device '$phys' state '$st', loops $(loops)"
            $xl destroy $name >/dev/null 2>&1
            return 1
        fi
    fi
    t2=$(now)
    if ! e2e_timeout 120 $xl destroy $name >"$E2E_OUT" 2>&1; then
        fail $who-destroy-$dev "$xl destroy failed"
        return 1
    fi
    t3=$(now)
    [ $dev = 1 ] && what=dev || what=nodev
    echo "E2E-BENCH1 $who-create-$what $(add 0 $t1 $t0)"
    echo "E2E-BENCH1 $who-destroy-$what $(add 0 $t3 $t2)"
    # The next run starts from a clean host: blkback lets the loop go
    # asynchronously (not timed, the same for both).
    if ! e2e_wait 60 sh -c "[ \$(cat /sys/block/loop*/loop/backing_file \
        2>/dev/null | grep -c '$D/') = 0 ]"; then
        e2e_fail $who-leftover "destroy left a loop device of $D"
        return 1
    fi
    if xenstore-list /local/domain/0/backend/vbd/$id >/dev/null 2>&1 ||
        xenstore-list /local/domain/0/backend/vif/$id >/dev/null 2>&1; then
        e2e_fail $who-leftover "backend nodes of domain $id are left"
        return 1
    fi
}

for who in ours xen; do
    for dev in 0 1; do eval "n_${who}_$dev=0"; done
done
# cleanup WHO XL DEV ROUND: after a failure, what the failed run left
cleanup() {
    $2 destroy bench-$1-$3-$4 >/dev/null 2>&1
    e2e_wait 60 sh -c "[ \$(cat /sys/block/loop*/loop/backing_file \
        2>/dev/null | grep -c '$D/') = 0 ]" && return 0
    for f in /sys/block/loop*/loop/backing_file; do
        grep -q "$D/" "$f" 2>/dev/null || continue
        l=${f#/sys/block/}
        losetup -d /dev/${l%%/*} 2>/dev/null
    done
}
# Warm-up, not timed: one create + destroy by each xl (the page cache
# holds the kernel, and ours keeps it unpacked in its kernel cache, as
# it runs from the second creation on).
for who in ours xen; do
    if [ $who = ours ]; then xl=xl; else xl=$DXL; fi
    cfg bench-warm-$who 0
    e2e_timeout 120 $xl create -p /tmp/bench-warm-$who.cfg \
        >/dev/null 2>&1
    $xl destroy bench-warm-$who >/dev/null 2>&1
done
r=1
while [ $r -le $ROUNDS ]; do
    # alternate who goes first, so neither always runs on a warmer cache
    if [ $((r % 2)) = 1 ]; then order="ours xen"; else order="xen ours"; fi
    for dev in 0 1; do
        for who in $order; do
            if [ $who = ours ]; then xl=xl; else xl=$DXL; fi
            # (a failure is reported; the other runs go on)
            if one $who $xl $dev $r; then
                eval "n_${who}_$dev=\$((n_${who}_$dev + 1))"
            else
                cleanup $who $xl $dev $r
            fi
        done
    done
    r=$((r + 1))
done
for who in ours xen; do
    for dev in 0 1; do
        eval "n=\$n_${who}_$dev"
        [ $dev = 1 ] && what=dev || what=nodev
        if [ "$n" = $ROUNDS ]; then
            e2e_pass $who-$what "$ROUNDS create -p + destroy"
        else
            e2e_fail $who-$what "$n of $ROUNDS create -p + destroy passed"
        fi
    done
done
