#!/bin/sh
# xl save / restore of a simulated HVM guest (stand-in hvmloader, the
# fake device model of the unit tests): without PV drivers the guest is
# suspended by the toolstack; the device model is stopped (QMP stop) and
# its state saved (xen-save-devices-state); the image carries it as
# EMULATOR_CONTEXT and its physmap nodes as EMULATOR_XENSTORE_DATA after
# the x86 HVM libxc stream; restore writes the nodes back and starts the
# device model with -incoming fd:N, which reads exactly the saved state;
# save -c stops, saves and continues the device model (migratehvm.sh
# migrates such a guest).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/savelib.sh"

start_xenstored
start_xenconsoled
export XENSIM_DIR
hvm_cfg h
run "$XL" create "$T/h.cfg"
expect_rc 0 "create hvm"
id=$("$XL" domid h)

run "$XL" save h "$T/h.save"
expect_rc 0 "save hvm"
# (the fake device model saves only once stopped)
grep -q '"xen-save-devices-state".*"live":false' \
    "$XENSIM_DIR/fake-qemu-$id.qmp" ||
    fail "the device state was not saved (not live: a save, as xl's)"
grep -aq "FAKE-QEMU-STATE $id" "$T/h.save" ||
    fail "the image has no device model state"
grep -aq "physmap/f0000000/name" "$T/h.save" ||
    fail "the image has no physmap node"
"$XL" domid h > /dev/null 2>&1 && fail "h is still there after save"
[ -e "$LIBDIR/qemu-save.$id" ] && fail "the device state file was left"

run "$XL" restore "$T/h.save"
expect_rc 0 "restore hvm"
nid=$("$XL" domid h)
[ -n "$nid" ] || fail "h not restored"
expect_dm_restored "restore" "$nid" "$id"
[ -e "$LIBDIR/qemu-resume.$nid" ] && fail "the resume file was left"

# save -c (checkpoint): the guest and its device model carry on.
: > "$XENSIM_DIR/fake-qemu-$nid.qmp"
run "$XL" save -c h "$T/hc.save"
expect_rc 0 "save -c hvm"
expect_eq "$("$XL" domid h)" "$nid" "same domain after save -c"
expect_eq "$(grep -o '"execute":"[a-z-]*"' "$XENSIM_DIR/fake-qemu-$nid.qmp" |
    tr '\n' ' ')" \
    '"execute":"stop" "execute":"xen-save-devices-state" "execute":"cont" ' \
    "save -c: stop, save, cont"
run "$XL" list h
expect_match "$out" "h +$nid .* (r|-b)----" "h runs after save -c"

"$XL" destroy h

finish
