# tests/e2e scenario: timings of common operations, for comparing our
# toolstack with Debian's (tests/e2e/bench.sh runs both images). Each
# line "E2E-BENCH <op> <count> <seconds>"; each op is also a check that
# every call succeeded.
# e2e-timeout: 240
. /e2e/lib.sh

now() { cut -d' ' -f1 /proc/uptime; }
# bench OP COUNT CMD...: run CMD COUNT times.
bench() {
    op=$1; n=$2; shift 2
    e2e_have "$op" "$1" || return 1
    t0=$(now)
    i=0
    while [ $i -lt "$n" ]; do
        if ! "$@" >"$E2E_OUT" 2>&1; then
            e2e_fail "$op" "'$*' failed on call $((i + 1))"
            e2e_show "$E2E_OUT"
            return 1
        fi
        i=$((i + 1))
    done
    s=$(echo "$(now) $t0" | awk '{printf "%.2f", $1 - $2}')
    echo "E2E-BENCH $op $n $s"
    e2e_pass "$op" "$n calls in $s s"
}

bench xenstore-write 100 xenstore-write /bench/key value
bench xenstore-read 100 xenstore-read /bench/key
xenstore-rm /bench 2>/dev/null
bench xl-list 20 xl list
bench xl-info 10 xl info
bench xl-vcpu-list 10 xl vcpu-list

# xl create of the PV guest of 10-pv (it prints its marker and powers
# off): the time xl create takes to return, and to the guest's marker on
# its console, summed over 3 creations.
if [ -f /guest/vmlinuz ]; then
    tc=0 tm=0 ok=1
    for i in 1 2 3; do
        name=bench-pv$i
        log=/var/log/xen/console/guest-$name.log
        printf '%s\n' "name = \"$name\"" 'kernel = "/guest/vmlinuz"' \
            'ramdisk = "/guest/initrd.cpio.gz"' 'memory = 128' \
            "extra = \"console=hvc0 quiet e2e.name=$name\"" >/tmp/$name.cfg
        t0=$(now)
        if ! e2e_timeout 60 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1
        then
            e2e_fail xl-create "xl create failed"
            e2e_show "$E2E_OUT"
            ok=0
            break
        fi
        t1=$(now)
        j=0
        while ! grep -q "GUEST-HELLO $name" "$log" 2>/dev/null &&
            [ $j -lt 600 ]; do
            sleep 0.05
            j=$((j + 1))
        done
        t2=$(now)
        grep -q "GUEST-HELLO $name" "$log" 2>/dev/null || ok=0
        tc=$(echo "$tc $t1 $t0" | awk '{printf "%.2f", $1 + $2 - $3}')
        tm=$(echo "$tm $t2 $t0" | awk '{printf "%.2f", $1 + $2 - $3}')
        j=0
        while xl domid $name >/dev/null 2>&1 && [ $j -lt 300 ]; do
            sleep 0.1
            j=$((j + 1))
        done
        xl destroy $name >/dev/null 2>&1
    done
    if [ $ok = 1 ]; then
        echo "E2E-BENCH xl-create 3 $tc"
        echo "E2E-BENCH guest-marker 3 $tm"
        e2e_pass xl-create "3 creates in $tc s, markers after $tm s"
    else
        e2e_fail guest-marker "a guest did not print its marker"
    fi
fi
