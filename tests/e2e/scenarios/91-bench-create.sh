# tests/e2e scenario: `xl create` against Debian's Xen 4.17 xl in ONE
# boot, on the same kernel, initramfs and config, alternating so both see
# the same load: for a PV guest and a PVH guest, each toolstack creates
# the guest twice (ROUNDS); per creation the wall time of `xl create` and
# the time from its start to the guest's marker on the console.  Lines
#   E2E-BENCH <toolstack>-<type>-<what> <round> <seconds>
# (what: create, marker).  Needs Debian's xl beside ours:
#   tests/e2e/run.sh --debian none --scenarios 91-bench-create
# (tests/e2e/bench.sh --create does that and prints the table).  Not in
# make check-xen, whose image holds no Debian Xen file.
# e2e-timeout: 1500
. /e2e/lib.sh

DXL=/usr/lib/xen-4.17/bin/xl
ROUNDS=2
if [ ! -x $DXL ]; then
    e2e_fail setup "Debian's xl is not in this image (run.sh --debian none)"
    exit 1
fi

now() { cut -d' ' -f1 /proc/uptime; }
diff_s() { echo "$1 $2" | awk '{printf "%.2f", $1 - $2}'; }

# one TOOL XL TYPE ROUND: create, wait for the marker and the poweroff.
one() {
    tool=$1 xl=$2 type=$3 round=$4
    name=bench-$tool-$type-$round
    log=/var/log/xen/console/guest-$name.log
    printf '%s\n' "name = \"$name\"" "type = \"$type\"" \
        'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/initrd.cpio.gz"' \
        'memory = 128' 'vcpus = 1' 'on_poweroff = "destroy"' \
        "extra = \"console=hvc0 quiet e2e.name=$name\"" >/tmp/$name.cfg
    # QEMU TCG cannot give Xen an RDTSCP intercept it can emulate.
    [ "$type" = pvh ] && echo 'cpuid = "host,rdtscp=0"' >>/tmp/$name.cfg
    t0=$(now)
    if ! e2e_timeout 300 $xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1
    then
        e2e_fail $tool-$type-create "$xl create failed (round $round)"
        e2e_show "$E2E_OUT"
        return 1
    fi
    t1=$(now)
    echo "E2E-BENCH $tool-$type-create $round $(diff_s $t1 $t0)"
    if ! e2e_wait 300 grep -q "GUEST-HELLO $name" "$log"; then
        e2e_fail $tool-$type-marker "no marker in $(e2e_secs 300) s (round $round)"
        tail -n 5 "$log" 2>&1 | sed 's/^/E2E-OUT | /'
        xl list 2>&1 | sed 's/^/E2E-OUT | /'
        $xl destroy $name >/dev/null 2>&1
        return 1
    fi
    t2=$(now)
    echo "E2E-BENCH $tool-$type-marker $round $(diff_s $t2 $t0)"
    # The guest powers off; destroy whatever is left before the next.
    e2e_wait 60 sh -c "! xl domid $name"
    xl destroy $name >/dev/null 2>&1
    return 0
}

for type in pv pvh; do
    ok=1
    r=1
    while [ $r -le "$ROUNDS" ]; do
        one debian $DXL $type $r || ok=0
        one ours xl $type $r || ok=0
        r=$((r + 1))
    done
    [ $ok = 1 ] && e2e_pass $type "$ROUNDS creations of each toolstack"
done
