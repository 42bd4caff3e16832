#!/bin/sh
# xl migrate --debug on the simulator: Xen's verify pass -- after the last
# round the stream carries a VERIFY record and every page again, which
# the receiver compares with what it has.  A clean pass: both ends say
# how many pages (the same number), the memory arrives as it was at the
# suspend and the count goes on, with and without -z.  A page changed on
# the way in the verify pass only: the receiver names its pfn, the
# migration fails and the guest is resumed here, nothing left behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

# verified_pages: what each end said of the verify pass in $err
verified_pages() {
    sent=$(printf '%s\n' "$err" | sed -n \
        's/^migration sender: verify pass: \([0-9]*\) pages sent.*/\1/p')
    got=$(printf '%s\n' "$err" | sed -n \
        's/^migration target: verify pass: \([0-9]*\) pages compared.*/\1/p')
    [ -n "$sent" ] && [ "$sent" -ge 16384 ] ||
        fail "$1: the sender's verify pass: [$sent] pages"
    expect_eq "$got" "$sent" "$1: pages the receiver compared"
}

start_xenstored
start_xenconsoled
dirty_guest g1 2000
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"

run "$XL" migrate --debug -p -s "$T/localssh" g1 localhost
expect_rc 0 "migrate --debug"
expect_match "$err" "Migration successful" "--debug: message"
verified_pages "--debug"
rounds_at_least 2
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "--debug: g1 did not move"
same_memory "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" "--debug memory"
"$XL" unpause g1
count_goes_on "$nid"

# The same through the zlib layer.
run "$XL" migrate --debug -z -s "$T/localssh" g1 localhost
expect_rc 0 "migrate --debug -z"
verified_pages "--debug -z"
expect_match "$err" "migration sender: compressed \(zlib\): [0-9]+ bytes" \
    "--debug -z: bytes on the wire"
id=$("$XL" domid g1)
[ -n "$id" ] && [ "$id" != "$nid" ] || fail "--debug -z: g1 did not move"

flip_transport
run "$XL" migrate --debug -s "$T/flipssh" g1 localhost
expect_rc 1 "migrate --debug, a page changed in the verify pass"
pfn=$(cat "$T/flipped" 2> /dev/null)
[ -n "$pfn" ] || fail "the transport changed no page"
expect_match "$err" "xl: migrate-receive: cannot create domain 'g1--incoming': restore: libxc stream: record PAGE_DATA at offset [0-9]+: verify: 1 of [0-9]+ pages differ from the memory received before VERIFY: pfn $pfn \(type 0\)" \
    "the receiver names the page"
expect_match "$err" "migration target: verify pass failed after [0-9]+ pages compared the same" \
    "the receiver says how far it got"
expect_match "$err" "Resumed OK" "the guest is resumed here"
expect_eq "$("$XL" domid g1)" "$id" "g1 stays after a failed verify"
wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
    fail "the receiver's domain is left: $("$XL" list)"
cancelled() {
    console | grep -q "RESUMED domid=$id (suspend cancelled)"
}
wait_for 10 cancelled || fail "g1: not resumed in place after a failed verify"

finish
