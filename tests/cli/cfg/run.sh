#!/bin/sh
# Golden runs of `xl -N create` over the config corpus in this folder:
# NAME.cfg with NAME.json expects exit 0 and that stdout; NAME.err expects
# a non-zero exit and that stderr.  The random uuid is normalised.
# Run with REGEN=1 to rewrite the goldens (then review the diff).
: "${top_srcdir:?run through make check}"
. "$(dirname "$0")/../simenv.sh"
DIR="$top_srcdir/tests/cli/cfg"
fails=0
n=0
uuid='[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}'

cd "$DIR" || exit 99
for cfg in *.cfg; do
    name=${cfg%.cfg}
    n=$((n + 1))
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    # shellcheck disable=SC2086
    "$XL" -N create "$cfg" $args > "$T/out" 2> "$T/err"
    rc=$?
    sed "s/\"uuid\": \"$uuid\"/\"uuid\": \"UUID\"/" "$T/out" > "$T/out.n"
    if [ -f "$name.json" ] || { [ "${REGEN:-0}" = 1 ] && [ $rc = 0 ]; }; then
        [ "${REGEN:-0}" = 1 ] && { cp "$T/out.n" "$name.json"; rm -f "$name.err"; }
        if [ $rc != 0 ] || ! cmp -s "$T/out.n" "$name.json"; then
            echo "FAIL: $cfg (exit $rc)"; cat "$T/err"
            diff -u "$name.json" "$T/out.n" | head -40
            fails=$((fails + 1))
        fi
    else
        [ "${REGEN:-0}" = 1 ] && { cp "$T/err" "$name.err"; rm -f "$name.json"; }
        if [ $rc = 0 ] || ! cmp -s "$T/err" "$name.err"; then
            echo "FAIL: $cfg (exit $rc, expected failure)"
            diff -u "$name.err" "$T/err" | head -40
            fails=$((fails + 1))
        fi
    fi
done
echo "$n configs, $fails failures"
[ "$fails" = 0 ]
