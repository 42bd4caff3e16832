#!/bin/sh
# xl migrate on a simulated host whose Xen has no log-dirty mode for PV
# guests (xensim.conf shadow_paging = 0, as Debian's Xen 4.17 is built):
# the migration says it is not live, suspends the guest for the whole
# transfer, and still moves it whole (memory, count, old domain gone).
. "$(dirname "$0")/lib.sh"
printf 'shadow_paging = 0\n' > "$XENSIM_DIR/xensim.conf"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

start_xenstored
start_xenconsoled
dirty_guest g1 2000
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"
run "$XL" -v migrate -p -s "$T/localssh" g1 localhost
expect_rc 0 "migrate without log-dirty"
expect_match "$err" "no log-dirty mode for PV guests.*not live" \
    "the migration says it is not live"
expect_match "$err" "^migration sender: 0 rounds while running" \
    "no rounds while the guest runs"
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "g1 did not move"
[ -e "$XENSIM_DIR/dom/$id" ] && fail "the old domain $id is still there"
same_memory "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" "migrated memory"
"$XL" unpause g1
count_goes_on "$nid"

finish
