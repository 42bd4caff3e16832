#!/bin/sh
# xl migrate between two simulated hosts, each in its own network
# namespace (ip netns) with its own xenstored and xenconsoled, over TCP:
# the sender's -s command is tcprsh, a minimal rsh whose server on host B
# runs "xl migrate-receive" on the connection.  A running PV guest writing
# 3000 pages a second moves from A to B in several rounds; its memory on
# B is the memory it had on A at the suspend (page by page, and by
# checksum, but start_info's fields), its counter goes on, nothing is left
# on A; then it goes back from B to A.  Skipped (77) when network
# namespaces cannot be made (no root, no ip).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

TCPRSH="$top_builddir/tests/cli/xl/tcprsh"
PORT=7017
NSA=xlmigA$$
NSB=xlmigB$$
ADDR_A=10.213.7.1
ADDR_B=10.213.7.2

if ! command -v ip > /dev/null 2>&1; then
    echo "SKIP: no ip(8) for network namespaces"
    exit 77
fi
if ! ip netns add "$NSA" 2> "$T/netns.err"; then
    echo "SKIP: cannot create a network namespace: $(cat "$T/netns.err")"
    exit 77
fi
ip netns add "$NSB"
ip link add "xma$$" type veth peer name "xmb$$"
ip link set "xma$$" netns "$NSA"
ip link set "xmb$$" netns "$NSB"
ip -n "$NSA" addr add "$ADDR_A/24" dev "xma$$"
ip -n "$NSB" addr add "$ADDR_B/24" dev "xmb$$"
for ns in "$NSA" "$NSB"; do
    ip -n "$ns" link set lo up
done
ip -n "$NSA" link set "xma$$" up
ip -n "$NSB" link set "xmb$$" up

# host a|b: the environment of xl and the daemons of that host
host() {
    if [ "$1" = a ]; then
        XENSIM_DIR="$T/sim" XENSTORED_PATH="$T/xs.sock" LOGDIR="$T/console"
        SIMHOST_DIR="$T" NS="$NSA"
    else
        XENSIM_DIR="$T/b/sim" XENSTORED_PATH="$T/b/xs.sock"
        LOGDIR="$T/b/console" SIMHOST_DIR="$T/b" NS="$NSB"
    fi
    SIMHOST_EXEC="ip netns exec $NS"
    export XENSIM_DIR XENSTORED_PATH
}
# on CMD...: run CMD in the current host's namespace
on() {
    ip netns exec "$NS" "$@"
}

cleanup_hosts() {
    host b
    for d in $(on "$XL" list 2> /dev/null | awk 'NR > 2 { print $2 }'); do
        on "$XL" destroy "$d" > /dev/null 2>&1
    done
    host a
    cleanup
    ip netns del "$NSA" 2> /dev/null
    ip netns del "$NSB" 2> /dev/null
}
trap cleanup_hosts EXIT

mkdir -p "$T/b/sim/etc/xen"
: > "$T/b/sim/etc/xen/xl.conf"
for h in a b; do
    host $h
    start_xenstored
    start_xenconsoled
    # Not through on(): $! must be tcprsh itself (ip netns exec execs it),
    # not a subshell, or cleanup's kill leaves the listener running.
    ip netns exec "$NS" "$TCPRSH" -l \
        "$( [ $h = a ] && echo $ADDR_A || echo $ADDR_B)" \
        "$PORT" > "$SIMHOST_DIR/tcprsh.out" 2>&1 &
    pids="$pids $!"
    wait_for 10 grep -q listening "$SIMHOST_DIR/tcprsh.out" ||
        fail "host $h: tcprsh does not listen"
done

host a
ON=on dirty_guest g1 3000
id=$(on "$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/a.mem"

# A -> B over TCP, left paused on B for the comparison.
run on "$XL" -v migrate -p -s "$TCPRSH -p $PORT" g1 "$ADDR_B"
expect_rc 0 "migrate A -> B"
expect_match "$err" "Migration successful" "A -> B message"
rounds_at_least 2
run on "$XL" list
expect_eq "$(printf '%s\n' "$out" | awk 'NR > 2' | wc -l)" 0 \
    "nothing left on A"
host b
nid=$(on "$XL" domid g1)
[ -n "$nid" ] || fail "no g1 on B"
same_memory "$T/a.mem" "$XENSIM_DIR/dom/$nid/mem" "A -> B memory"
on "$XL" unpause g1
count_goes_on "$nid"

# B -> A, running at once.
run on "$XL" migrate -s "$TCPRSH -p $PORT" g1 "$ADDR_A"
expect_rc 0 "migrate B -> A"
run on "$XL" list
expect_eq "$(printf '%s\n' "$out" | awk 'NR > 2' | wc -l)" 0 \
    "nothing left on B"
host a
back=$(on "$XL" domid g1)
[ -n "$back" ] || fail "no g1 back on A"
wait_for 10 two_counts "$back" || fail "g1: not counting back on A"

finish
