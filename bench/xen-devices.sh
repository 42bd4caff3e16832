#!/bin/sh
# Device benchmark on real Xen 4.17 under QEMU (on demand, not part of
# make check): `xl create -p` + `xl destroy` of a PV guest with one
# file-backed disk and one vif on a bridge, our xl against Xen 4.17's xl
# (Debian's, which runs Xen's bash hotplug scripts block and vif-bridge
# for each device), in one boot, alternating, with the same guest
# without devices as a baseline (tests/e2e/scenarios/91-bench-devices.sh).
# Prints seconds per operation (mean of the successful rounds) and the
# ratio Xen's xl / ours; "devices" is create(dev) - create(nodev): what
# the disk and the vif themselves cost.  Under TCG on a loaded host
# Xen's bash block script can exceed libxl's 40 s hotplug limit: that
# create fails (reported; the other rounds go on).
# Usage: bench/xen-devices.sh [--builddir DIR]   (default: the current
#        directory as the build dir); 3 rounds (the scenario's).
set -u
S=$(cd "$(dirname "$0")/.." && pwd)
BUILDDIR=$PWD
[ "${1:-}" = --builddir ] && BUILDDIR=$2
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
"$S/tests/e2e/run.sh" --debian none --builddir "$BUILDDIR" \
    --scenarios 91-bench-devices | grep -E '^(FAIL|e2e:)'
E=$WORK/logs/mixed-latest.e2e
[ -f "$E" ] && grep -q '^E2E-BENCH1 ' "$E" ||
    { echo "xen-devices: no figures (see $WORK/logs/mixed-latest.log)" >&2
      exit 1; }
# get WHO OP: mean seconds over the runs that got that far, or "failed"
get() { awk -v k="$1-$2" '$1 == "E2E-BENCH1" && $2 == k { s += $3; n++ }
    END { if (n) printf "%.2f", s / n; else printf "failed" }' "$E"; }
# runs WHO OP: their seconds, in order
runs() { awk -v k="$1-$2" '$1 == "E2E-BENCH1" && $2 == k {
    printf "%s%s", sep, $3; sep = " " }' "$E"; }
ratio() { echo "$1 $2" | awk '$1 + 0 > 0 && $2 + 0 > 0 {
    printf "%.2f", $1 / $2 }'; }
diff2() { echo "$1 $2" | awk '$1 ~ /^[0-9.]+$/ && $2 ~ /^[0-9.]+$/ {
    printf "%.2f", $1 - $2 }'; }
printf '%-14s %8s %8s %8s   %s\n' "PV guest" "ours(s)" "Xen(s)" \
    "Xen/ours" "runs: ours | Xen"
for op in create-nodev create-dev destroy-nodev destroy-dev; do
    o=$(get ours $op) x=$(get xen $op)
    printf '%-14s %8s %8s %8s   %s | %s\n' "$op" "$o" "$x" \
        "$(ratio "$x" "$o")" "$(runs ours $op)" "$(runs xen $op)"
done
for op in create destroy; do
    o=$(diff2 "$(get ours $op-dev)" "$(get ours $op-nodev)")
    x=$(diff2 "$(get xen $op-dev)" "$(get xen $op-nodev)")
    printf '%-14s %8s %8s %8s\n' "devs@$op" "${o:--}" "${x:--}" \
        "$(ratio "$x" "$o")"
done
echo "(mean seconds per call; devs@op = op with the disk and vif minus"
echo " without; failures: grep FAIL $WORK/logs/mixed-latest.e2e)"
