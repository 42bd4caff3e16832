#!/bin/sh
# Golden runs of `xl config-convert` over libvirt/: NAME.xml is converted
# --from libvirt-xml (to xl.cfg), NAME.cfg --to libvirt-xml.  NAME.*.out
# is the expected stdout (exit 0), NAME.*.err the expected stderr (absent:
# none; with no .out, a non-zero exit is expected).  Each success is
# converted back and forth again: the second conversion must give the
# same text, with no message.  REGEN=1 rewrites the goldens (review them).
set -u
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
XL="$top_builddir/xl/xl"
T=$(mktemp -d /tmp/cfglv.XXXXXX)
trap 'rm -rf "$T"' EXIT
# The converter must not need a hypervisor or a simulator.
unset XENSIM_DIR XENSTORED_PATH XL_CONF
fails=0
n=0
cd "$top_srcdir/tests/cli/cfg/libvirt" || exit 99

conv() {                                # conv FILE -> out/err/rc in $T
    case $1 in
    *.xml) opt="--from libvirt-xml" ext=cfg ;;
    *) opt="--to libvirt-xml" ext=xml ;;
    esac
    # shellcheck disable=SC2086
    "$XL" config-convert $opt "$1" > "$T/out" 2> "$T/err"
    rc=$?
}

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

for f in *.xml *.cfg; do
    n=$((n + 1))
    conv "$f"
    if [ "${REGEN:-0}" = 1 ]; then
        rm -f "$f.out" "$f.err"
        [ $rc = 0 ] && cp "$T/out" "$f.out"
        [ -s "$T/err" ] && cp "$T/err" "$f.err"
    fi
    if [ -f "$f.out" ]; then
        [ $rc = 0 ] || { fail "$f: exit $rc"; cat "$T/err"; continue; }
        cmp -s "$T/out" "$f.out" ||
            { fail "$f: output"; diff -u "$f.out" "$T/out" | head -30; }
    else
        [ $rc != 0 ] || fail "$f: exit 0, expected a failure"
    fi
    if [ -f "$f.err" ]; then
        cmp -s "$T/err" "$f.err" ||
            { fail "$f: messages"; diff -u "$f.err" "$T/err" | head -30; }
    elif [ -s "$T/err" ]; then
        fail "$f: unexpected messages"; cat "$T/err"
    fi
    [ $rc = 0 ] || continue
    # Round trip: back to the input's format, then forward again.
    cp "$T/out" "$T/first.$ext"
    conv "$T/first.$ext"
    [ $rc = 0 ] && [ ! -s "$T/err" ] ||
        { fail "$f: converting back: exit $rc"; cat "$T/err"; continue; }
    cp "$T/out" "$T/back"
    case $f in *.xml) cp "$T/back" "$T/back.xml" ;; *) cp "$T/back" "$T/back.cfg" ;; esac
    case $f in *.xml) conv "$T/back.xml" ;; *) conv "$T/back.cfg" ;; esac
    [ $rc = 0 ] && [ ! -s "$T/err" ] && cmp -s "$T/out" "$T/first.$ext" ||
        { fail "$f: round trip not stable"; diff -u "$T/first.$ext" "$T/out" | head -20; }
done

# What libvirt XML cannot carry is left out with a warning.
"$XL" config-convert --to libvirt-xml pv-from-cfg.cfg \
    'on_reboot="soft-reset"' > "$T/out" 2> "$T/err" || fail "soft-reset: exit"
grep -qx 'pv-from-cfg.cfg: warning: on_reboot=soft-reset has no libvirt form (left out)' \
    "$T/err" || { fail "soft-reset: no warning"; cat "$T/err"; }
! grep -q on_reboot "$T/out" || fail "soft-reset: on_reboot written"
# The shipped example converts (its <console> is reported, nothing else).
"$XL" config-convert --from libvirt-xml "$top_srcdir/examples/libvirt-pv.xml" \
    > "$T/out" 2> "$T/err" && [ "$(wc -l < "$T/err")" = 1 ] &&
    grep -q '^name = "libvirt-pv"$' "$T/out" ||
    { fail "examples/libvirt-pv.xml"; cat "$T/err"; }
# Usage errors: exit 2 with a message.
for args in "pv-direct-kernel.xml" "--from libvirt-xml pvh.xml memory=1" \
            "--to json pvh.xml"; do
    # shellcheck disable=SC2086
    "$XL" config-convert $args > "$T/out" 2> "$T/err"
    rc=$?
    [ $rc = 2 ] && [ -s "$T/err" ] && [ ! -s "$T/out" ] ||
        fail "config-convert $args: exit $rc"
done
echo "$n conversions, $fails failures"
[ "$fails" = 0 ]
