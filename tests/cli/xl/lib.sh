# Shared set-up of the xl CLI tests (sourced): a fresh simulated host in a
# temporary directory, an empty xl.conf, no xenstored (names read as
# "(null)" exactly like Xen's xl prints a domain without a name).
. "$(dirname "$0")/../simenv.sh"
fails=0

fail() {
    echo "FAIL: $*" >&2
    fails=$((fails + 1))
}

# run CMD...: sets $out, $err, $rc
run() {
    "$@" > "$T/out" 2> "$T/err"
    rc=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
}

expect_rc() {
    [ "$rc" = "$1" ] || fail "$2: exit $rc, expected $1 (stderr: $err)"
}

expect_eq() {
    [ "$1" = "$2" ] || fail "$3: got [$1] expected [$2]"
}

expect_match() {
    printf '%s\n' "$1" | grep -Eq -- "$2" || fail "$3: [$1] !~ /$2/"
}

finish() {
    [ "$fails" = 0 ] && exit 0
    exit 1
}
