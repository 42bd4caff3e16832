#!/bin/sh
# Checks the JSON of our `xl -N create` key by key against Debian's xl 4.17
# as kept in expected-xen/ (made by make-expected-xen.sh in the real-Xen
# harness): for every expected-xen/NAME.json, each key either side prints
# must be printed by the other with the same value, except the paths
# listed in expected-xen/DIFFERENCES (a glob and the reason, one a line)
# and c_info.uuid (random).  A config Debian's xl rejected
# (expected-xen/NAME.err) must be rejected by ours too, unless DIFFERENCES
# lists it as "accept:NAME" with the reason.
: "${top_srcdir:?run through make check}"
command -v python3 > /dev/null || { echo "no python3: skip"; exit 77; }
. "$(dirname "$0")/../simenv.sh"
DIR="$top_srcdir/tests/cli/cfg"
cd "$DIR" || exit 99
fails=0
n=0
for want in expected-xen/*.json; do
    name=$(basename "$want" .json)
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    # shellcheck disable=SC2086
    if ! "$XL" -N create "$name.cfg" $args > "$T/ours" 2> "$T/err"; then
        echo "FAIL: $name: our xl rejects what Xen's accepts:"
        cat "$T/err"
        fails=$((fails + 1))
        continue
    fi
    n=$((n + 1))
    python3 - "$T/ours" "$want" "$name" expected-xen/DIFFERENCES <<'PY' ||
import fnmatch, json, sys

ours = json.load(open(sys.argv[1]))
theirs = json.load(open(sys.argv[2]))
name = sys.argv[3]
allowed = []
for line in open(sys.argv[4]):
    line = line.split('#', 1)[0].strip()
    if line:
        allowed.append(line.split()[0])
allowed.append('c_info.uuid')
bad = []

def ok(path):
    return any(fnmatch.fnmatchcase(path, a) for a in allowed)

def walk(a, b, path):
    if ok(path):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = path + '.' + k if path else k
            if ok(p):
                continue
            if k not in b:
                bad.append('%s: only ours prints it (%s)' % (p, json.dumps(a[k])))
            elif k not in a:
                bad.append('%s: only Xen prints it (%s)' % (p, json.dumps(b[k])))
            else:
                walk(a[k], b[k], p)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, '%s[%d]' % (path, i))
    elif a != b:
        bad.append('%s: ours %s, Xen %s' % (path, json.dumps(a), json.dumps(b)))

walk(ours, theirs, '')
for b in bad:
    print('FAIL: %s: %s' % (name, b))
sys.exit(1 if bad else 0)
PY
        fails=$((fails + 1))
done
for rejected in expected-xen/*.err; do
    name=$(basename "$rejected" .err)
    args=""
    [ -f "$name.args" ] && args=$(cat "$name.args")
    # shellcheck disable=SC2086
    "$XL" -N create "$name.cfg" $args > /dev/null 2>&1 || continue
    grep -q "^accept:$name[ 	]" expected-xen/DIFFERENCES && continue
    echo "FAIL: $name: Xen's xl rejects it ($(grep -v '^Parsing' "$rejected" |
        head -n 1)), ours accepts it"
    fails=$((fails + 1))
done
echo "$n configs compared with Debian's xl 4.17, $fails with differences"
[ "$n" -gt 0 ] && [ "$fails" = 0 ]
