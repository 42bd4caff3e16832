#!/bin/sh
# Domain-creation benchmark on the simulator (on demand, not part of make
# check): the toolstack time of `xl create` + `xl destroy` with 1, 10, 100
# and 1000 domains already running, and of `xl list` at each level.
# LightVM (SOSP'17) measured Xen's xl growing with the number of running
# domains; ours should stay flat: the ratios are against the 1-domain
# level measured in the same run.  Wall times are medians over REPS runs;
# beside them, the CPU time spent per run by xl and xenstored together
# (mean), which a busy machine disturbs far less than the wall time.
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
# CPU seconds used so far by finished children (xl) plus xenstored; not
# in a subshell, where `times` would not see this shell's children.
cpu() {
    times >"$T/times"
    awk -v xs="$(cut -d')' -f2 "/proc/$xspid/stat")" \
        -v hz="$(getconf CLK_TCK)" 'NR == 2 {
            split(xs, f, " "); t = (f[12] + f[13]) / hz
            for (i = 1; i <= 2; i++) {
                split($i, a, "m"); t += a[1] * 60 + a[2] }
            printf "%.6f", t }' "$T/times" >"$T/cpu"
    read -r "$1" <"$T/cpu"
}
per() {    # end start -> milliseconds per rep
    echo "$1 $2 $REPS" | awk '{printf "%.1f", ($1 - $2) * 1000 / $3}'
}
median() { # file of "start end" lines -> median milliseconds
    awk '{printf "%.3f\n", ($2 - $1) * 1000}' "$1" | sort -n |
        awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)]}'
}
ratio() { echo "$1 $2" | awk '{printf "%.2f", ($2 > 0 ? $1 / $2 : 0)}'; }
running=0
probe=$(cfg probe)
printf '%7s | %-30s | %-30s\n' "" "create + destroy" "xl list"
printf '%7s | %9s %6s %8s %5s | %9s %6s %8s %5s\n' domains wall ratio \
    cpu ratio wall ratio cpu ratio
base_c= base_l= base_cc= base_lc=
for level in $LEVELS; do
    while [ $running -lt "$level" ]; do
        running=$((running + 1))
        "$XL" create -q -e -p "$(cfg bg$running)" >"$T/err" 2>&1 || {
            cat "$T/err" >&2
            echo "creating domain $running failed" >&2; exit 1; }
    done
    : >"$T/wc"
    : >"$T/wl"
    cpu u0
    r=0
    while [ $r -lt "$REPS" ]; do
        t0=$(now)
        "$XL" create -q -e -p "$probe" >/dev/null 2>&1 &&
            "$XL" destroy probe >/dev/null 2>&1 ||
            { echo "probe create failed at $level domains" >&2; exit 1; }
        echo "$t0 $(now)" >>"$T/wc"
        r=$((r + 1))
    done
    cpu u1
    r=0
    while [ $r -lt "$REPS" ]; do
        t0=$(now)
        "$XL" list >/dev/null 2>&1
        echo "$t0 $(now)" >>"$T/wl"
        r=$((r + 1))
    done
    cpu u2
    c=$(median "$T/wc") cc=$(per "$u1" "$u0")
    l=$(median "$T/wl") lc=$(per "$u2" "$u1")
    [ -z "$base_c" ] && base_c=$c base_l=$l base_cc=$cc base_lc=$lc
    printf '%7s | %6s ms %5sx %5s ms %4sx | %6s ms %5sx %5s ms %4sx\n' \
        "$level" "$c" "$(ratio "$c" "$base_c")" "$cc" \
        "$(ratio "$cc" "$base_cc")" "$l" "$(ratio "$l" "$base_l")" \
        "$lc" "$(ratio "$lc" "$base_lc")"
done
