#!/bin/sh
# Save / restore benchmark on the simulator (on demand, not part of make
# check): the time of `xl save` and `xl restore -p` of a running simulated
# PV guest (xensim's kernel) for several memory sizes, with MB/s of image.
# The simulator keeps guest memory in files, so this measures the
# toolstack's own work (suspend handshake, p2m, page types, normalising,
# stream I/O, populate, localise, pins), not a hypervisor's.  Real-Xen
# timings come from tests/e2e/scenarios/20-pv-save.sh (TCG, so slower).
# Usage: bench/saverestore.sh [sizes-in-MiB]   (from the build dir;
#        default "64 256 1024"); REPS (default 3) runs per size.
set -u
B=${top_builddir:-.}
SIZES=${1:-64 256 1024}
REPS=${REPS:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/srbench.XXXXXX")
export XENSIM_DIR="$T/sim"
export XENSTORED_PATH="$T/xs.sock"
cleanup() {
    [ -n "${xspid:-}" ] && kill "$xspid" 2>/dev/null
    [ -n "${xcpid:-}" ] && kill "$xcpid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT

"$B/libxenctrl/xensim" init "$XENSIM_DIR" --cpus 4 --memory 8192 >/dev/null
mkdir -p "$XENSIM_DIR/etc/xen"
: >"$XENSIM_DIR/etc/xen/xl.conf"
"$B/xenstored/xenstored" -N --socket "$XENSTORED_PATH" >"$T/xs.log" 2>&1 &
xspid=$!
i=0
while ! "$B/libxenstore/xenstore-exists" / 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.05; i=$((i + 1)); done
# xenconsoled drains the guest's console (the guest waits for that
# before it suspends).
"$B/console/xenconsoled" -i --log=none >"$T/xc.log" 2>&1 &
xcpid=$!
"$B/libxenctrl/xensim" mkkernel "$T/k" >/dev/null

XL=$B/xl/xl
if [ -x "$B/xl/.libs/xl" ]; then
    XL=$B/xl/.libs/xl
    LD_LIBRARY_PATH=$B/libxl/.libs:$B/libxenctrl/.libs:$B/libxenstore/.libs
    export LD_LIBRARY_PATH
fi
now() { date +%s.%N; }
ms() { echo "$1 $2" | awk '{ printf "%.0f", ($2 - $1) * 1000 }'; }

printf '%8s %10s %10s %10s %10s\n' MiB "save ms" "MB/s" "restore ms" "MB/s"
for mib in $SIZES; do
    printf 'name = "b"\nkernel = "%s"\nmemory = %s\ncmdline = "quiet"\n' \
        "$T/k" "$mib" >"$T/b.cfg"
    r=0 s_tot=0 r_tot=0
    while [ $r -lt "$REPS" ]; do
        "$XL" create -q -e "$T/b.cfg" >/dev/null 2>&1 ||
            { echo "create of $mib MiB failed" >&2; exit 1; }
        i=0
        while ! "$B/libxenstore/xenstore-exists" \
            "/local/domain/$("$XL" domid b)/control/feature-suspend" \
            2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
        t0=$(now)
        "$XL" save b "$T/b.save" >/dev/null 2>&1 ||
            { echo "save of $mib MiB failed" >&2; exit 1; }
        t1=$(now)
        "$XL" restore -p -e "$T/b.save" >/dev/null 2>&1 ||
            { echo "restore of $mib MiB failed" >&2; exit 1; }
        t2=$(now)
        "$XL" destroy b
        rm -f "$T/b.save"
        s_tot=$((s_tot + $(ms "$t0" "$t1")))
        r_tot=$((r_tot + $(ms "$t1" "$t2")))
        r=$((r + 1))
    done
    s=$((s_tot / REPS)) rs=$((r_tot / REPS))
    printf '%8s %10s %10s %10s %10s\n' "$mib" "$s" \
        "$(echo "$mib $s" | awk '{ printf "%.0f", $1 * 1.048576 / ($2 / 1000) }')" \
        "$rs" \
        "$(echo "$mib $rs" | awk '{ printf "%.0f", $1 * 1.048576 / ($2 / 1000) }')"
done
