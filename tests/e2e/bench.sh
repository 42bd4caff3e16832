#!/bin/sh
# tests/e2e: compare our toolstack with Debian's Xen 4.17 user space on the
# same real Xen: boots the reference image and ours, each running the
# scenarios (default 90-bench), and prints both E2E-BENCH timings.
# Usage: bench.sh [--builddir DIR] [--scenarios a:b]   (see run.sh)
set -u
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
BUILDDIR=$PWD
SCEN=90-bench
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) BUILDDIR=$2; shift ;;
    --scenarios) SCEN=$2; shift ;;
    *) echo "usage: bench.sh [--builddir DIR] [--scenarios a:b]" >&2; exit 2 ;;
    esac
    shift
done
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
rc=0
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
