#!/bin/sh
# xenstore benchmark (on demand, not part of make check): runs xsbench
# against our xenstored and, when it works here, Xen 4.17's C xenstored
# (Debian's xen-utils-4.17), each on a private socket, and prints the
# figures plus RSS growth for 100k nodes.
# Usage: bench/run-xenstore.sh [seconds-per-test]   (from the build dir)
set -u
B=${top_builddir:-.}
SECS=${1:-1}
T=$(mktemp -d "${TMPDIR:-/tmp}/xsbench.XXXXXX")
trap 'rm -rf "$T"' EXIT

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

bench_one() {    # name, command...
    name=$1; shift
    export XENSTORED_PATH="$T/$name/socket" XENSTORED_RUNDIR="$T/$name"
    export XENSTORED_ROOTDIR="$T/$name"
    mkdir -p "$T/$name"
    "$@" >"$T/$name.log" 2>&1 &
    pid=$!
    i=0
    while [ ! -S "$XENSTORED_PATH" ] && [ $i -lt 100 ]; do
        sleep 0.05; i=$((i + 1)); done
    if ! kill -0 $pid 2>/dev/null || ! "$B/libxenstore/xenstore-write" \
            /bench/probe 1 2>/dev/null; then
        echo "== $name xenstored: not usable here"; kill $pid 2>/dev/null
        return 1
    fi
    echo "== $name xenstored"
    "$B/bench/xsbench" -t "$SECS" | tee "$T/$name.out"
    r0=$(rss $pid)
    "$B/bench/xsbench" -m 100000
    r1=$(rss $pid)
    echo "memory for 100k nodes: $(( (r1 - r0) / 1024 )) MiB (RSS $r0 -> $r1 kB)"
    echo "mem $((r1 - r0))" >>"$T/$name.out"
    kill $pid; wait $pid 2>/dev/null
    return 0
}

ours=0 ref=0
if [ -x "$B/xenstored/xenstored" ]; then
    ARGS=
    "$B/xenstored/xenstored" --help 2>&1 | grep -q -- --socket &&
        ARGS="--socket $T/ours/socket"
    bench_one ours "$B/xenstored/xenstored" -N $ARGS && ours=1
else
    echo "== ours: xenstored/xenstored not built"
fi
if [ -x /usr/lib/xen-4.17/bin/xenstored ]; then
    bench_one xen /usr/lib/xen-4.17/bin/xenstored -N -D && ref=1
fi
if [ $ours = 1 ] && [ $ref = 1 ]; then
    echo "== ratio ours/xen (ops/s; >1 is better for ours)"
    paste "$T/ours.out" "$T/xen.out" | awk '$3 == "clients" {
        printf "%-14s %3d clients %6.2f\n", $1, $2, ($4 > 0 && $(NF/2+4) > 0) ?
            $4 / $(NF/2+4) : 0 }'
fi
