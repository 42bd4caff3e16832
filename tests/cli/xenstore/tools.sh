#!/bin/sh
# Our xenstore tools against Xen 4.17's (Debian's xenstore-utils) on the
# same daemon: same arguments, byte-identical output, status and errors.
. "$(dirname "$0")/lib.sh"
[ -x /usr/bin/xenstore-read ] || { echo "SKIP: xenstore-utils absent"; exit 77; }
start_daemon

# same CMD...: run with our tools and with Debian's, compare everything.
same() {
    a=$(run_in "$OURBIN" "$@")
    b=$(run_in /usr/bin "$@")
    if [ "$a" = "$b" ]; then ok; else
        bad "$*"; printf 'ours:\n%s\nxen:\n%s\n' "$a" "$b"; fi
}

# same_mut CMD...: for commands that change the store: reset the tree
# before each side and compare the resulting tree as well.
same_mut() {
    reset_tree; a=$(run_in "$OURBIN" "$@"; run_in /usr/bin xenstore-ls -f -p /t)
    reset_tree; b=$(run_in /usr/bin "$@"; run_in /usr/bin xenstore-ls -f -p /t)
    if [ "$a" = "$b" ]; then ok; else
        bad "$*"; printf 'ours:\n%s\nxen:\n%s\n' "$a" "$b"; fi
}

XW="$OURBIN/xenstore-write"
reset_tree() {
    "$OURBIN/xenstore-rm" /t
    "$XW" /t/a 1 /t/b/c "two words" /t/deep/er/still/more v /t/deep/x "" \
        /t/e ""
}
"$XW" /t/a 1 /t/b/c "two words" /t/esc 'tab\there\nnl\\ \x01\177' || exit 1
"$XW" /t/long "$(printf 'x%.0s' $(seq 1 120))" || exit 1
"$XW" /t/deep/er/still/more "v" /t/empty "" || exit 1

same xenstore-read /t/a
same xenstore-read -p /t/a /t/b/c
same xenstore-read /t/esc
same xenstore-read -R /t/esc
same xenstore-read /t/nonexistent
same xenstore-read /t/a /t/nonexistent
same xenstore-read
same xenstore-read -h
same xenstore-read -f /t/a
same xenstore-ls /t
same xenstore-ls -f /t
same xenstore-ls -p /t
same xenstore-ls -f -p /t
same xenstore-ls /nonexistent
same xenstore-list /t
same xenstore-list -p /t /t/b
same xenstore-list /t/nonexistent
same xenstore-exists /t/a
same xenstore-exists /t/zz
same xenstore-exists -p /t/a
same xenstore-write /t/odd
same xenstore-write /t/w1 'a\x41b' /t/w2 '\101\\'
same xenstore-read /t/w1 /t/w2
same xenstore-write -R /t/w3 'a\x41b'
same xenstore-read /t/w3
same_mut xenstore-chmod /t/b b0 r5
same_mut xenstore-chmod /t/b q0
same_mut xenstore-chmod -r /t/deep b0 w3 r4
same_mut xenstore-chmod -u /t/deep/er/still n0
same_mut xenstore-rm /t/b/c
same_mut xenstore-rm /t/zz/yy
same_mut xenstore-rm -t /t/deep/er/still/more
same xenstore-ls /t
same_mut xenstore rm /t/w1
same xenstore read /t/w2
same xenstore bogus
same xenstore
same xenstore-watch -n 1 /t/a
same xenstore-watch -h
same_mut xenstore-rm -t /t/e
same_mut xenstore-rm -t /t/deep/x
run_in "$OURBIN" xenstore-control >"$T/c"
grep -q '^rc=2$' "$T/c" && grep -q '^xenstore-control <command>' "$T/c" && ok ||
    bad "xenstore-control usage"

finish
