#!/bin/sh
# Save / restore benchmark, ours against Debian's Xen 4.17 xl, on real Xen
# under QEMU in ONE boot (tests/e2e/scenarios/91-bench-save.sh, with
# Debian's xl beside ours: run.sh --debian none), then the simulator's
# figures (bench/saverestore.sh) for the toolstack's own cost.  Prints the
# mean and the fastest time of each call (the toolstacks take turns, so a
# load spike on the shared machine hits either), the ratio ours/Debian
# (below 1: ours is faster) and the image sizes.  On demand, not part of
# make check (one boot: 10-20 minutes under TCG on a loaded host).
# Usage: bench/saverestore-xen.sh [--builddir DIR] [--no-sim] [--also a:b]
#        (--also: more scenarios for the same boot, run first, e.g.
#        20-pv-save:21-pv-save-cross; XEN_E2E_CACHE, XEN_E2E_WORK as for
#        tests/e2e/run.sh)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILDDIR=$PWD
SIM=1
SCEN=91-bench-save
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) BUILDDIR=$2; shift ;;
    --no-sim) SIM=0 ;;
    --also) SCEN=$2:$SCEN; shift ;;
    *) echo "usage: saverestore-xen.sh [--builddir DIR] [--no-sim]" \
        "[--also a:b]" >&2
       exit 2 ;;
    esac
    shift
done
BUILDDIR=$(cd "$BUILDDIR" && pwd)
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
"$TOP/tests/e2e/run.sh" --debian none --builddir "$BUILDDIR" \
    --scenarios "$SCEN" | grep -E '^(PASS|FAIL|e2e:)'
E=$WORK/logs/mixed-latest.e2e
ms() {  # ms OP: mean ms of one call of OP
    sed -n "s/^E2E-BENCH $1 //p" "$E" |
        awk '{ if ($1 > 0) printf "%.0f", $2 * 1000 / $1 }'
}
ratio() {
    [ -n "$1" ] && [ -n "$2" ] && echo "$1 $2" |
        awk '{ if ($2 > 0) printf "%.2f", $1 / $2 }'
}
if ! grep -q '^E2E-BENCH save-ours ' "$E" 2>/dev/null; then
    echo "saverestore-xen: no timings in $E (the scenario failed)" >&2
    exit 1
fi
# best WHO FIELD: the fastest call (ms) of WHO (2: save, 3: restore):
# on a loaded host the minimum is the least disturbed figure.
best() {
    awk -v w="$1" -v f="$2" '$1 == "E2E-SRCALL" && $2 == w {
        v = $(f + 1) * 1000; if (m == "" || v < m) m = v }
        END { if (m != "") printf "%.0f", m }' "$E"
}
echo "real Xen 4.17 under QEMU (TCG), PV guest of 128 MiB," \
    "$(sed -n 's/^E2E-BENCH save-ours \([0-9]*\) .*/\1/p' "$E") calls" \
    "each, taking turns (ms; ratio < 1: ours is faster):"
printf '%-8s %-5s %10s %12s %14s %10s\n' op stat ours Debian "ours -z" \
    ours/Deb
for op in save restore; do
    f=2
    [ $op = restore ] && f=3
    o=$(ms $op-ours) x=$(ms $op-xen) z=$(ms $op-ours-z)
    printf '%-8s %-5s %10s %12s %14s %10s\n' "$op" mean "$o" "$x" "$z" \
        "$(ratio "$o" "$x")"
    o=$(best ours $f) x=$(best xen $f) z=$(best oursz $f)
    printf '%-8s %-5s %10s %12s %14s %10s\n' "$op" best "$o" "$x" "$z" \
        "$(ratio "$o" "$x")"
done
printf 'image bytes: ours %s, Debian %s, ours -z %s\n' \
    "$(sed -n 's/^E2E-SRSIZE ours //p' "$E")" \
    "$(sed -n 's/^E2E-SRSIZE xen //p' "$E")" \
    "$(sed -n 's/^E2E-SRSIZE ours-z //p' "$E")"
echo "(LightVM, SOSP'17, reports about 128 ms save and 550 ms restore for" \
    "standard xl on bare metal)"
if [ $SIM = 1 ]; then
    echo "simulator (toolstack cost only, no hypervisor), ours:"
    top_builddir=$BUILDDIR REPS=${REPS:-3} sh "$TOP/bench/saverestore.sh" \
        "${SIM_SIZES:-128}"
    echo "simulator, ours with xl save -z:"
    top_builddir=$BUILDDIR REPS=${REPS:-3} SAVE_OPTS=-z \
        sh "$TOP/bench/saverestore.sh" "${SIM_SIZES:-128}"
fi
