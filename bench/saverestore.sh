#!/bin/sh
# Save / restore benchmark on the simulator (on demand, not part of make
# check): the time of `xl save` and `xl restore -p` of a running simulated
# PV guest (xensim's kernel) for several memory sizes, with MB/s of image.
# The simulator keeps guest memory in files, so this measures the
# toolstack's own work (suspend handshake, p2m, page types, normalising,
# stream I/O, populate, localise, pins), not a hypervisor's.  Real-Xen
# timings come from tests/e2e/scenarios/20-pv-save.sh (TCG, so slower).
# Usage: bench/saverestore.sh [sizes-in-MiB]   (from the build dir;
#        default "64 256 1024"); REPS (default 3) runs per size;
#        SAVE_OPTS more xl save options (e.g. -z: compressed images).
set -u
B=${top_builddir:-.}
SIZES=${1:-64 256 1024}
REPS=${REPS:-3}
T=$(mktemp -d "${TMPDIR:-/tmp}/srbench.XXXXXX")
trap bench_cleanup EXIT
. "$(dirname "$0")/simhost.sh"

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
        bench_wait_guest b
        t0=$(now)
        "$XL" save ${SAVE_OPTS:-} b "$T/b.save" >/dev/null 2>&1 ||
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
