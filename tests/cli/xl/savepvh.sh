#!/bin/sh
# xl save / restore / migrate of a simulated PVH guest (xensim's kernel
# booted PVH): the image is an x86 HVM libxc stream (HVM_CONTEXT and
# HVM_PARAMS, no PV records), the counter kept in guest memory continues
# after restore and after a live migration to localhost, save -c resumes
# the guest in place (rax 1 in its HVM CPU record), and an image restored
# with a config of the other type, or cut short, fails naming why and
# leaves nothing behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

start_xenstored
start_xenconsoled
TYPE=pvh count_guest g1

# save -p, then restore -p into a new domain: nothing runs until unpause.
run "$XL" save -p g1 "$T/g1.save"
expect_rc 0 "save -p"
# The libxc domain header says x86 HVM: after xl's header (48 bytes and
# its optional data), libxl's (16), LIBXC_CONTEXT's (8), the image's (24).
opt=$(od -An -tu4 -j 44 -N4 "$T/g1.save" | tr -d ' ')
dtype=$(od -An -tu4 -j $((48 + opt + 16 + 8 + 24)) -N4 "$T/g1.save" |
    tr -d ' ')
expect_eq "$dtype" 2 "libxc domain type (2: x86 HVM)"
"$XL" destroy g1
run "$XL" restore -p "$T/g1.save"
expect_rc 0 "restore -p"
nid=$("$XL" domid g1)
run "$XL" list g1
expect_match "$out" "g1 +$nid .* --p---" "g1 paused after restore -p"
expect_runs_on_unpause g1 "$nid"
run "$XS/xenstore-read" "/local/domain/$nid/store/port"
expect_rc 0 "store/port written after restore"

# save -c (checkpoint): the guest carries on in the same domain.
run "$XL" save -c g1 "$T/g1c.save"
expect_rc 0 "save -c"
wait_for 10 log_has g1 "RESUMED domid=$nid (suspend cancelled)" ||
    fail "g1: checkpoint did not resume in place"
expect_eq "$("$XL" domid g1)" "$nid" "same domain after save -c"

# Live migration to localhost: the count goes on in the new domain.
id=$nid
run "$XL" -v migrate -s "$T/localssh" g1 localhost
expect_rc 0 "migrate of a PVH guest"
expect_match "$err" "Migration successful" "migrate message"
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "g1 did not move ($nid)"
[ -e "$XENSIM_DIR/dom/$id" ] && fail "the old domain $id is still there"
count_goes_on "$nid"
"$XL" destroy g1
wait_for 10 sh -c "! '$XL' domid g1" || fail "g1 not destroyed"
host_state > "$T/clean"

# The image of a PVH guest with a PV config: refused, nothing left.
sed 's/^type = .*/type = "pv"/' "$T/g1.cfg" > "$T/pv.cfg"
run "$XL" restore -e "$T/pv.cfg" "$T/g1c.save"
expect_rc 1 "restore a PVH image as PV"
expect_match "$err" "the image is of an HVM guest, the domain restored into is PV" \
    "type mismatch message"
expect_unchanged "PVH image restored as PV"
# Cut before its HVM records: refused, nothing left.
size=$(wc -c < "$T/g1c.save")
head -c $((size - 600)) "$T/g1c.save" > "$T/trunc.save"
run "$XL" restore -e "$T/trunc.save"
expect_rc 1 "restore a truncated PVH image"
expect_match "$err" "restore: libxc stream: .*truncated image" \
    "truncated PVH image message"
expect_unchanged "truncated PVH image"

finish
