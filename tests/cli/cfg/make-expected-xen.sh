#!/bin/sh
# Regenerates tests/cli/cfg/expected-xen/ from Debian's xl 4.17: boots the
# real-Xen harness's reference image (Debian's Xen user space) once with
# the 80-cfg-json scenario, which runs `xl -N create` over every NAME.cfg
# of tests/cli/cfg (with NAME.args), and keeps, per config,
#   expected-xen/NAME.json  Debian's stdout when it accepted the config,
#   expected-xen/NAME.err   its stderr and exit status when it did not;
# and expected-xen/VERSIONS (the Debian packages and the date).
# Usage: make-expected-xen.sh [--builddir DIR] [--log FILE.e2e]
#   --log  take the E2E-JSON* lines of an earlier run instead of booting
# Environment: XEN_E2E_CACHE (see tests/e2e/README.md).  Needs QEMU; the
# boot takes 1-2 minutes.  Review `git diff` of expected-xen afterwards.
set -eu
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
BUILDDIR=$PWD
LOG=""
while [ $# -gt 0 ]; do
    case $1 in
    --builddir) BUILDDIR=$2; shift ;;
    --log) LOG=$2; shift ;;
    *) echo "usage: make-expected-xen.sh [--builddir DIR] [--log FILE]" >&2
       exit 2 ;;
    esac
    shift
done
if [ -z "$LOG" ]; then
    "$SRC/tests/e2e/run.sh" --builddir "$BUILDDIR" --reference \
        --scenarios 80-cfg-json
    LOG=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}/logs/reference-latest.e2e
fi
OUT=$SRC/tests/cli/cfg/expected-xen
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.err
n=0
for name in $(sed -n 's/^E2E-JSONRC \([^ ]*\) [0-9]*$/\1/p' "$LOG"); do
    rc=$(sed -n "s/^E2E-JSONRC $name \([0-9]*\)$/\1/p" "$LOG")
    if [ "$rc" = 0 ]; then
        sed -n "s/^E2E-JSON $name |//p" "$LOG" >"$OUT/$name.json"
    else
        { sed -n "s/^E2E-JSONERR $name |//p" "$LOG"; echo "exit $rc"; } \
            >"$OUT/$name.err"
    fi
    n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "no E2E-JSONRC line in $LOG" >&2; exit 1; }
CACHE=${XEN_E2E_CACHE:-$SRC/tests/e2e/cache}
{
    echo "Made by tests/cli/cfg/make-expected-xen.sh on $(date -u +%F)"
    echo "with Debian 12's Xen user space (xl -N create) on the hypervisor:"
    grep -E '^(xen-hypervisor-4.17-amd64|xen-utils-4.17) ' \
        "$CACHE/versions.txt" 2>/dev/null || echo "(versions.txt not found)"
} >"$OUT/VERSIONS"
echo "make-expected-xen: $n configs into $OUT"
