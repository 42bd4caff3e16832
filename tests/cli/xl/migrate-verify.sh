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

start_xenstored
start_xenconsoled
dirty_guest g1 2000
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"

run "$XL" migrate --debug -p -s "$T/localssh" g1 localhost
expect_rc 0 "migrate --debug"
expect_match "$err" "Migration successful" "--debug: message"
verified_pages "--debug" 16384
rounds_at_least 2
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "--debug: g1 did not move"
same_memory "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" "--debug memory"
"$XL" unpause g1
count_goes_on "$nid"

# The same through the zlib layer.
run "$XL" migrate --debug -z -s "$T/localssh" g1 localhost
expect_rc 0 "migrate --debug -z"
verified_pages "--debug -z" 16384
expect_match "$err" "migration sender: compressed \(zlib\): [0-9]+ bytes" \
    "--debug -z: bytes on the wire"
id=$("$XL" domid g1)
[ -n "$id" ] && [ "$id" != "$nid" ] || fail "--debug -z: g1 did not move"

migrate_flipped g1
cancelled() {
    console | grep -q "RESUMED domid=$id (suspend cancelled)"
}
wait_for 10 cancelled || fail "g1: not resumed in place after a failed verify"

finish
