#!/bin/sh
# tests/e2e: compare our toolstack with Debian's Xen 4.17 user space on the
# same real Xen: boots the reference image and ours, each running the
# scenarios (default 90-bench), and prints both E2E-BENCH timings.
# --create instead boots ONE image with both xl (run.sh --debian none) and
# runs 91-bench-create: PV and PVH guests created alternately by Debian's
# xl and ours on the same kernel and config; it prints per creation the
# `xl create` wall time and the time to the guest's marker.
# Usage: bench.sh [--builddir DIR] [--scenarios a:b | --create]
set -u
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
BUILDDIR=$PWD
SCEN=90-bench
CREATE=0
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) BUILDDIR=$2; shift ;;
    --scenarios) SCEN=$2; shift ;;
    --create) CREATE=1 ;;
    *) echo "usage: bench.sh [--builddir DIR] [--scenarios a:b | --create]" >&2
       exit 2 ;;
    esac
    shift
done
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
rc=0

# --create: one boot, both toolstacks; table from its E2E-BENCH lines.
if [ $CREATE = 1 ]; then
    "$E2E_DIR/run.sh" --debian none --builddir "$BUILDDIR" \
        --scenarios 91-bench-create | grep -E '^(PASS|FAIL|e2e:)' || rc=1
    awk '/^E2E-BENCH/ {
        split($2, k, "-"); v[k[2] " " $3 " " k[1] "-" k[3]] = $4
        if (!seen[k[2] " " $3]++) rows[++n] = k[2] " " $3
    } END {
        printf "%-5s %5s %12s %12s %12s %12s\n", "guest", "round",
            "create ours", "create Deb.", "marker ours", "marker Deb."
        for (i = 1; i <= n; i++) {
            r = rows[i]
            printf "%-5s %5s %12s %12s %12s %12s\n", substr(r, 1, index(r, " ") - 1),
                substr(r, index(r, " ") + 1), v[r " ours-create"],
                v[r " debian-create"], v[r " ours-marker"], v[r " debian-marker"]
        }
    }' "$WORK/logs/mixed-latest.e2e"
    echo "(seconds of Dom0 uptime; create: until xl create returns;" \
        "marker: from its start to GUEST-HELLO on the console)"
    exit $rc
fi
for mode in reference ours; do
    arg=""
    [ $mode = reference ] && arg=--reference
    echo "=== $mode ==="
    "$E2E_DIR/run.sh" $arg --builddir "$BUILDDIR" --scenarios "$SCEN" |
        grep -E '^(FAIL|e2e:)' || true
done
printf '%-16s %6s %12s %12s\n' op calls "ours (s)" "Debian (s)"
grep -h '^E2E-BENCH' "$WORK/logs/reference-latest.e2e" | while read -r _ op n t; do
    o=$(sed -n "s/^E2E-BENCH $op [0-9]* //p" "$WORK/logs/ours-latest.e2e")
    printf '%-16s %6s %12s %12s\n' "$op" "$n" "${o:-failed}" "$t"
done
exit $rc
