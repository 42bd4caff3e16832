#!/bin/sh
# Compares the JSON of our `xl -N create` with Debian's xl (xen-utils-4.17)
# for every NAME.cfg of this folder that has a NAME.json golden (accepted
# by us).  Debian's xl -N needs a running Xen (it reads
# /sys/hypervisor and opens /dev/xen/privcmd even for -N), so this skips
# (77) unless run in a dom0 with xen-utils-4.17 installed (e.g. inside the
# real-Xen harness, tests/e2e).  Every key we print must have the same
# value in Debian's output (uuid excepted); keys only Debian prints are
# listed as notes (fields we do not fill yet).  DEBIAN_XL overrides the
# path of Debian's xl.
set -u
: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
XL="$top_builddir/xl/xl"
DXL=${DEBIAN_XL:-/usr/lib/xen-4.17/bin/xl}
DIR="$top_srcdir/tests/cli/cfg"
[ -x "$DXL" ] || { echo "no Debian xl at $DXL: skip"; exit 77; }
[ -r /sys/hypervisor/type ] && [ -e /dev/xen/privcmd ] ||
    { echo "not a Xen dom0 (Debian's xl -N needs one): skip"; exit 77; }
command -v python3 > /dev/null || { echo "no python3: skip"; exit 77; }
T=$(mktemp -d /tmp/cfgdeb.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0
n=0
cd "$DIR" || exit 99
for cfg in *.cfg; do
    name=${cfg%.cfg}
    [ -f "$name.json" ] || continue
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    # shellcheck disable=SC2086
    "$XL" -N create "$cfg" $args > "$T/ours" 2> /dev/null || continue
    # shellcheck disable=SC2086
    "$DXL" -N create "$cfg" $args > "$T/theirs" 2> "$T/err" || {
        echo "note: Debian's xl rejects $cfg: $(head -1 "$T/err")"
        continue
    }
    n=$((n + 1))
    python3 - "$T/ours" "$T/theirs" "$cfg" <<'PY' || fails=$((fails + 1))
import json, sys

def load(p):
    # xl -N may print more than the JSON object (warnings): keep the object
    s = open(p).read()
    return json.loads(s[s.index('{'):s.rindex('}') + 1])

ours, theirs, name = load(sys.argv[1]), load(sys.argv[2]), sys.argv[3]
bad = []

def walk(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k == 'uuid' and path == 'c_info':
                continue
            if k not in b:
                bad.append('%s.%s: only ours (%r)' % (path, k, a[k]))
            else:
                walk(a[k], b[k], path + '.' + k)
        for k in b:
            if k not in a:
                print('note: %s: %s.%s only in Debian\'s' % (name, path, k))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, '%s[%d]' % (path, i))
    elif a != b:
        bad.append('%s: ours %r, Debian %r' % (path, a, b))

walk(ours, theirs, '')
for b in bad:
    print('FAIL: %s: %s' % (name, b))
sys.exit(1 if bad else 0)
PY
done
echo "$n configs compared, $fails with differences"
[ "$fails" = 0 ]
