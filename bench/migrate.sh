#!/bin/sh
# Live migration benchmark on the simulator (on demand, not part of make
# check): `xl migrate` of a running simulated PV guest (xensim's kernel)
# to localhost, for several memory sizes and dirty rates (the guest's
# xensim.dirty= workload, pages written per second), with Xen's default
# policy.  Prints the pre-copy rounds, pages sent, the total time and the
# downtime -- from the suspend request to the receiver's report that the
# guest runs there -- as `xl -v migrate` measures them -- and the bytes
# that went on the wire, each plain (Xen's stream) and compressed
# (`xl migrate -z`, zlib).  The simulator keeps guest memory in files, so
# this measures the toolstack's work, not a hypervisor's or a network's
# (on a slow link the compressed stream's time would also shrink).
# Usage: bench/migrate.sh [sizes-in-MiB [rates]]   (from the build dir;
#        default "64 256 1024" and "0 2000 10000 50000"); REPS (default 2);
#        MODES (default "plain z": -z compresses).
set -u
B=${top_builddir:-.}
SIZES=${1:-64 256 1024}
RATES=${2:-0 2000 10000 50000}
REPS=${REPS:-2}
MODES=${MODES:-plain z}
T=$(mktemp -d "${TMPDIR:-/tmp}/migbench.XXXXXX")
cleanup() {
    "$XL" destroy b 2>/dev/null
    bench_cleanup
}
trap cleanup EXIT
. "$(dirname "$0")/simhost.sh"
export PATH="$B/xl:$PATH"               # the receiving end runs "xl"
printf '#!/bin/sh\nshift\nexec "$@"\n' >"$T/localssh"
chmod +x "$T/localssh"

# one_run OPT: create, migrate with OPT, destroy; sets rounds sent final,
# w (bytes on the wire: the zlib line, or the stream's MiB) and d
# ("downtime total" in ms)
one_run() {
    "$XL" create -q -e "$T/b.cfg" >/dev/null 2>&1 ||
        { echo "create of $mib MiB failed" >&2; exit 1; }
    bench_wait_guest b
    sleep 1                              # the workload gets going
    "$XL" -v migrate $1 -e -s "$T/localssh" b localhost >"$T/out" 2>&1 ||
        { echo "migrate $1 of $mib MiB failed:" >&2; cat "$T/out" >&2
          exit 1; }
    "$XL" destroy b
    l=$(grep '^migration sender: [0-9]* rounds' "$T/out")
    rounds=$(echo "$l" | sed 's/^migration sender: \([0-9]*\).*/\1/')
    final=$(echo "$l" | sed 's/.*), \([0-9]*\) pages after.*/\1/')
    sent=$(echo "$l" | sed 's/.*suspend; \([0-9]*\) pages,.*/\1/')
    w=$(sed -n 's/^migration sender: compressed (zlib): \([0-9]*\) .*/\1/p' \
        "$T/out")
    [ -n "$w" ] || w=$(echo "$l" | sed 's/.* pages, \([0-9.]*\) MiB in.*/\1/' |
        awk '{ printf "%d", $1 * 1048576 }')
    d=$(sed -n 's/.*downtime \([0-9]*\) ms.*total \([0-9]*\) ms.*/\1 \2/p' \
        "$T/out")
}

printf '%6s %8s %5s %6s %8s %8s %9s %9s %9s\n' MiB pages/s mode rounds \
    "sent" "final" "wire MiB" "total ms" "down ms"
for mib in $SIZES; do
    for rate in $RATES; do
        printf 'name = "b"\nkernel = "%s"\nmemory = %s\n' "$T/k" "$mib" \
            >"$T/b.cfg"
        printf 'cmdline = "quiet xensim.dirty=%s"\n' "$rate" >>"$T/b.cfg"
        for mode in $MODES; do
            opt=
            [ "$mode" = z ] && opt=-z
            r=0 tot=0 down=0 wire=0
            while [ $r -lt "$REPS" ]; do
                one_run "$opt"
                down=$((down + ${d% *})) tot=$((tot + ${d#* }))
                wire=$((wire + w)) r=$((r + 1))
            done
            printf '%6s %8s %5s %6s %8s %8s %9s %9s %9s\n' "$mib" "$rate" \
                "$mode" "$rounds" "$sent" "$final" "$(echo "$wire $REPS" |
                awk '{ printf "%.1f", $1 / $2 / 1048576 }')" \
                $((tot / REPS)) $((down / REPS))
        done
    done
done
