# tests/e2e scenario: timings of common operations, for comparing our
# toolstack with Debian's (tests/e2e/bench.sh runs both images). Each
# line "E2E-BENCH <op> <count> <seconds>"; each op is also a check that
# every call succeeded.
# e2e-timeout: 120
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
