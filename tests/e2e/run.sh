#!/bin/sh
# tests/e2e: what `make check-xen` runs. Fetches Xen 4.17 and the Debian
# kernel (fetch.sh), builds the Dom0 image of our binaries (mkinitrd.sh),
# boots it once under QEMU (boot.sh) running every listed scenario, and
# checks the serial log: one PASS/FAIL line per check, then
#   e2e: N passed, N failed
# Exit status 0 only when nothing failed.
#
# Usage: run.sh [--builddir DIR] [--reference | --mixed L | --debian L]
#               [--scenarios a:b:c]
#   --builddir   the configured top build dir (default: the current
#                directory, which is what `make check-xen` uses)
#   --reference  boot Debian's Xen user space instead of ours (validates
#                the harness; a baseline for benchmarks)
#   --mixed L    diagnosis: Debian's user space with OUR daemons named in
#                the comma list L (xenstored, init-dom0, xenconsoled)
#   --debian L   diagnosis: our user space with Debian's daemons named in L
#   --scenarios  run these scenarios instead of those in scenarios.list
#                (E2E_SCENARIOS does the same)
# Environment: XEN_E2E_CACHE, XEN_E2E_WORK (see mkinitrd.sh), E2E_VERBOSE,
#   XEN_E2E_BUDGET  seconds of Dom0 uptime the scenarios may take (3600:
#                   CI has 90 minutes for everything).  Deadlines scale
#                   with the measured speed of the emulation (init.sh); a
#                   scenario that would not fit in what is left is skipped
#                   and reported as SKIP.
#   XEN_E2E_STRICT  1: a skipped scenario counts as a failure.
set -eu

E2E_DIR=$(cd "$(dirname "$0")" && pwd)
BUILDDIR=$PWD
MODE=ours
MIXED=""
DEBIAN=""
SCENARIOS=${E2E_SCENARIOS:-}
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) BUILDDIR=$2; shift ;;
    --reference) MODE=reference ;;
    --mixed) MODE=mixed; MIXED=$2; shift ;;
    --debian) MODE=mixed; DEBIAN=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    *) echo "usage: run.sh [--builddir DIR] [--reference | --mixed L]" \
        "[--scenarios a:b:c]" >&2; exit 2 ;;
    esac
    shift
done
BUILDDIR=$(cd "$BUILDDIR" && pwd)
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
export XEN_E2E_WORK=$WORK
mkdir -p "$WORK/logs"

now() { date +%s.%N; }
since() { echo "$(now) $1" | awk '{printf "%.1f", $1 - $2}'; }
T0=$(now)
PASSED=0
FAILED=0
SKIPPED=0
BUDGET=${XEN_E2E_BUDGET:-3600}
pass() { n=$1; shift; echo "PASS $n $*"; PASSED=$((PASSED + 1)); }
fail() { n=$1; shift; echo "FAIL $n $*"; FAILED=$((FAILED + 1)); }
skip() {
    if [ "${XEN_E2E_STRICT:-0}" = 1 ]; then fail "$@"; return; fi
    n=$1; shift; echo "SKIP $n $*"; SKIPPED=$((SKIPPED + 1))
}
# The host's CPU time over the boot, from /proc/stat: busy and steal
# (time a virtual host's hypervisor gave to others) in percent of all.
cpu_stat() { sed -n 's/^cpu  *//p' /proc/stat; }
cpu_report() {
    echo "$1 $(cpu_stat)" | awk -v n="$(grep -c '^cpu[0-9]' /proc/stat)" '{
        for (i = 1; i <= 8; i++) { d[i] = $(i + 10) - $i; t += d[i] }
        if (t <= 0) t = 1
        printf "%d CPUs, busy %.0f%%, idle %.0f%%, steal %.0f%%", n,
            100 * (d[1] + d[2] + d[3] + d[6] + d[7]) / t,
            100 * (d[4] + d[5]) / t, 100 * d[8] / t }'
}
finish() {
    echo "e2e: wall time $(since "$T0") s ($MODE image; log: ${LOG:-none})"
    if [ "$SKIPPED" != 0 ]; then
        echo "e2e: $PASSED passed, $FAILED failed, $SKIPPED scenarios" \
            "skipped (too slow a host for the $BUDGET s budget)"
    else
        echo "e2e: $PASSED passed, $FAILED failed"
    fi
    [ "$FAILED" = 0 ]
    exit $?
}

# Scenarios: colon list, or scenarios.list (one name a line, # comments).
if [ -z "$SCENARIOS" ] && [ -f "$E2E_DIR/scenarios.list" ]; then
    SCENARIOS=$(sed 's/#.*//' "$E2E_DIR/scenarios.list" | tr -s ' \t\n' ':' |
        sed 's/^://; s/:$//')
fi
NAMES=$(echo "$SCENARIOS" | tr : ' ')

LOG=""
if "$E2E_DIR/fetch.sh"; then
    pass setup/fetch "Xen $(sed -n 's/^xen-hypervisor-4.17-amd64 //p' \
        "${XEN_E2E_CACHE:-$E2E_DIR/cache}/versions.txt"), kernel" \
        "$(cat "${XEN_E2E_CACHE:-$E2E_DIR/cache}/kver")"
else
    fail setup/fetch "fetch.sh failed (network? apt sources?)"
    finish
fi

arg=""
case $MODE in
reference) arg=--reference ;;
mixed) if [ -n "$DEBIAN" ]; then arg="--debian $DEBIAN"
    else arg="--mixed $MIXED"; fi ;;
esac
t=$(now)
if "$E2E_DIR/mkinitrd.sh" $arg --builddir "$BUILDDIR" \
    --out "$WORK/dom0-$MODE.cpio.gz" --scenarios "$SCENARIOS" 2>"$WORK/mkinitrd.err"; then
    pass setup/image "$MODE image $(wc -c <"$WORK/dom0-$MODE.cpio.gz")" \
        "bytes in $(since "$t") s"
else
    fail setup/image "mkinitrd.sh failed:"
    sed 's/^/  /' "$WORK/mkinitrd.err"
    finish
fi

# Hard limit: the budget of the scenarios, plus the boots of Xen and Dom0
# and the power-off.
limit=$((BUDGET + 300))

LOG=$WORK/logs/$MODE-$(date +%Y%m%d-%H%M%S).log
t=$(now)
rc=0
cpu0=$(cpu_stat)
"$E2E_DIR/boot.sh" --initrd "$WORK/dom0-$MODE.cpio.gz" --log "$LOG" \
    --scenarios "$SCENARIOS" --timeout "$limit" \
    --dom0-args "e2e.budget=$BUDGET" || rc=$?
BOOT_TIME=$(since "$t")
CPU=$(cpu_report "$cpu0")
ln -sf "$(basename "$LOG")" "$WORK/logs/$MODE-latest.log"
CLEAN=$WORK/logs/$MODE-latest.e2e
tr -d '\r' <"$LOG" | grep -o 'E2E-[A-Z]*.*' >"$CLEAN" || true

if grep -q 'Xen version 4\.17' "$LOG"; then
    pass boot/xen "$(tr -d '\r' <"$LOG" | grep -o 'Xen version 4\.17[^ ]*' |
        head -n 1)"
else
    fail boot/xen "no Xen 4.17 banner on the serial console"
fi
if grep -q '^E2E-MARK init ' "$CLEAN"; then
    pass boot/dom0 "Dom0 /init at $(sed -n 's/^E2E-MARK init //p' "$CLEAN") s" \
        "of Dom0 uptime"
else
    fail boot/dom0 "Dom0 never reached /init"
fi
case $rc in
0) if grep -q '^E2E-DONE' "$CLEAN"; then
        pass boot/poweroff "QEMU exited after $BOOT_TIME s"
    else
        fail boot/poweroff "QEMU exited after $BOOT_TIME s without E2E-DONE"
    fi ;;
124) fail boot/poweroff "killed by the hard timeout after $limit s" ;;
*) fail boot/poweroff "QEMU exited $rc: $(tail -n 3 "$LOG.qemu" | tr '\n' ' ')" ;;
esac

for s in $NAMES; do
    n=$(grep -c "^E2E-CHECK $s/" "$CLEAN" || true)
    why=$(sed -n "s/^E2E-SKIP $s //p" "$CLEAN" | head -n 1)
    if [ -n "$why" ]; then
        skip "$s" "not run: $why"
        continue
    fi
    if ! grep -q "^E2E-SCENARIO $s END" "$CLEAN"; then
        fail "$s" "scenario did not finish"
    elif [ "$n" = 0 ]; then
        fail "$s" "scenario reported no checks"
    fi
    grep "^E2E-CHECK $s/" "$CLEAN" | while read -r _ name res detail; do
        echo "$res $name $detail"
    done >"$WORK/checks"
    while read -r res name detail; do
        if [ "$res" = PASS ]; then pass "$name" "$detail"; else
            fail "$name" "$detail"; fi
    done <"$WORK/checks"
done

if [ "$FAILED" != 0 ]; then
    echo "--- details of the failures (E2E-OUT lines of $LOG) ---"
    grep -E '^E2E-(OUT|INFO|CHECK [^ ]+ FAIL)' "$CLEAN" | head -n 80 || true
    if ! grep -q '^E2E-DONE' "$CLEAN"; then
        echo "--- last lines of the serial log ---"
        tr -d '\r' <"$LOG" | tail -n 30
    fi
fi
for s in $NAMES; do
    b=$(sed -n "s/^E2E-SCENARIO $s BEGIN //p" "$CLEAN" | head -n 1)
    e=$(sed -n "s/^E2E-SCENARIO $s END rc=[0-9]* //p" "$CLEAN" | head -n 1)
    x=$(sed -n "s/^E2E-SPEED $s \(x[0-9]*\) .*/\1/p" "$CLEAN" | head -n 1)
    if [ -n "$b" ] && [ -n "$e" ]; then
        echo "e2e: scenario $s took $(echo "$e $b" |
            awk '{printf "%.1f", $1 - $2}') s${x:+ (deadlines $x)}"
    fi
done
echo "e2e: boot + scenarios $BOOT_TIME s; Dom0 marks:" \
    "$(grep '^E2E-MARK' "$CLEAN" | cut -d' ' -f2,3 | tr '\n' ' ')"
echo "e2e: speed of the emulation before each scenario (shell loop in" \
    "hundredths of a second, reference $(sed -n \
    's/^E2E-SPEED [^ ]* [^ ]* [0-9]* \([0-9]*\).*/\1/p' "$CLEAN" |
    head -n 1)):" "$(sed -n 's/^E2E-SPEED \([^ ]*\) [^ ]* \([0-9]*\).*/\2/p' \
    "$CLEAN" | tr '\n' ' ')"
echo "e2e: first guest from xl create to its marker: $(sed -n \
    's/^E2E-SPEED [^ ]* [^ ]* [0-9]* [0-9]* \([0-9-]*\) \([0-9]*\).*/\1 s (reference \2 s)/p' \
    "$CLEAN" | grep -v '^-' | head -n 1)"
echo "e2e: host during the boot: $CPU; load average $(cut -d' ' -f1-3 \
    /proc/loadavg)"
finish
