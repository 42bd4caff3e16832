#!/bin/sh
# Domain-creation benchmark on the simulator (on demand, not part of make
# check): the toolstack time of `xl create` + `xl destroy` with 1, 10, 100
# and 1000 domains already running, and of `xl list` at each level.
# LightVM (SOSP'17) measured Xen's xl growing with the number of running
# domains; ours should stay flat: the ratios are against the 1-domain
# level measured in the same run.
# Usage: bench/create-scaling.sh [levels]   (from the build dir; default
#        "1 10 100 1000"); KERNEL=<file> picks the guest kernel (default:
#        one written by `xensim mkkernel`, else tests/e2e/cache/vmlinuz).
set -u
B=${top_builddir:-.}
S=$(cd "$(dirname "$0")/.." && pwd)
LEVELS=${1:-1 10 100 1000}
REPS=${REPS:-10}
T=$(mktemp -d "${TMPDIR:-/tmp}/createbench.XXXXXX")
export XENSIM_DIR="$T/sim"
export XENSTORED_PATH="$XENSIM_DIR/run/xenstored/socket"
cleanup() {
    [ -n "${xspid:-}" ] && kill "$xspid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

"$B/libxenctrl/xensim" init "$XENSIM_DIR" --cpus 8 --memory 65536 >/dev/null
mkdir -p "$XENSIM_DIR/run/xenstored" "$XENSIM_DIR/etc/xen"
: >"$XENSIM_DIR/etc/xen/xl.conf"
"$B/xenstored/xenstored" -N --socket "$XENSTORED_PATH" \
    -E 1000000 >"$T/xenstored.log" 2>&1 &
xspid=$!
i=0
while [ ! -S "$XENSTORED_PATH" ] && [ $i -lt 100 ]; do
    sleep 0.05; i=$((i + 1)); done
"$B/tools/xen-init-dom0" >/dev/null

if [ -z "${KERNEL:-}" ]; then
    KERNEL=$T/vmlinux
    if ! "$B/libxenctrl/xensim" mkkernel "$KERNEL" >/dev/null 2>&1; then
        KERNEL=$S/tests/e2e/cache/vmlinuz
    fi
fi
[ -f "$KERNEL" ] || { echo "no guest kernel (set KERNEL=)" >&2; exit 1; }

# The real binary, not libtool's wrapper script (60 ms of shell per call).
XL=$B/xl/xl
if [ -x "$B/xl/.libs/xl" ]; then
    XL=$B/xl/.libs/xl
    LD_LIBRARY_PATH=$B/libxl/.libs:$B/libxenctrl/.libs:$B/libxenstore/.libs
    export LD_LIBRARY_PATH
fi

cfg() {    # name -> config file
    printf 'name = "%s"\nkernel = "%s"\nmemory = %s\n' "$1" "$KERNEL" "${MEMORY:-16}" \
        >"$T/$1.cfg"
    echo "$T/$1.cfg"
}

now() { date +%s.%N; }
running=0
printf '%8s %14s %8s %14s %8s\n' domains "create+destroy" ratio "xl list" ratio
base_c= base_l=
for level in $LEVELS; do
    while [ $running -lt "$level" ]; do
        running=$((running + 1))
        "$XL" create -q -e -p "$(cfg bg$running)" >"$T/err" 2>&1 || {
            cat "$T/err" >&2
            echo "creating domain $running failed" >&2; exit 1; }
    done
    t0=$(now)
    r=0
    while [ $r -lt "$REPS" ]; do
        "$XL" create -q -e -p "$(cfg probe)" >/dev/null 2>&1 &&
            "$XL" destroy probe >/dev/null 2>&1 ||
            { echo "probe create failed at $level domains" >&2; exit 1; }
        r=$((r + 1))
    done
    t1=$(now)
    r=0
    while [ $r -lt "$REPS" ]; do
        "$XL" list >/dev/null 2>&1
        r=$((r + 1))
    done
    t2=$(now)
    c=$(echo "$t1 $t0 $REPS" | awk '{printf "%.1f", ($1 - $2) * 1000 / $3}')
    l=$(echo "$t2 $t1 $REPS" | awk '{printf "%.1f", ($1 - $2) * 1000 / $3}')
    [ -z "$base_c" ] && base_c=$c base_l=$l
    printf '%8s %11s ms %7sx %11s ms %7sx\n' "$level" "$c" \
        "$(echo "$c $base_c" | awk '{printf "%.2f", $1 / $2}')" "$l" \
        "$(echo "$l $base_l" | awk '{printf "%.2f", $1 / $2}')"
done
