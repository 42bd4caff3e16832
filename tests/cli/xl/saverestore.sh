#!/bin/sh
# xl save / restore of a simulated PV guest (xensim's kernel) with a
# xenstored and a xenconsoled: the guest's memory after restore is the
# saved memory (compared page by page with the simulator's memory files),
# its counter (kept in guest memory) continues, a checkpoint (-c) leaves it
# running, and broken images fail with a message naming the record and
# offset while leaving no domain, xenstore node or stored config behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/savelib.sh"

# Domains other than Domain-0.
nr_guests() {
    "$XL" list | awk 'NR > 2' | wc -l
}

start_xenstored
start_xenconsoled

count_guest g1

# save -p: the image is written, the guest stays, paused; its memory is
# kept for the comparison below.
id=$("$XL" domid g1)
run "$XL" save -p g1 "$T/g1.save"
expect_rc 0 "save -p"
expect_match "$err" "^Saving to $T/g1.save new xl format" "save message"
expect_eq "$(head -c 27 "$T/g1.save")" "Xen saved domain, xl format" \
    "image magic"
run "$XL" list g1
expect_match "$out" "g1 +$id .* --p---" "g1 paused after save -p"
cp --sparse=always "$XENSIM_DIR/dom/$id/mem" "$T/saved.mem"
"$XL" destroy g1

# restore -p: the memory is what was saved.  The only bytes restore
# rewrites by design are start_info's frame and port fields (the first
# 88 bytes of one page).
run "$XL" restore -p "$T/g1.save"
expect_rc 0 "restore -p"
expect_match "$err" "Savefile contains xl domain config in JSON format" \
    "restore message"
nid=$("$XL" domid g1)
expect_same_memory "$T/saved.mem" "$nid"
expect_runs_on_unpause g1 "$nid"

# A plain save destroys the guest; restore brings it back running.
run "$XL" save g1 "$T/g1b.save"
expect_rc 0 "save"
expect_eq "$(nr_guests)" 0 "no guest after save"
run "$XL" restore "$T/g1b.save"
expect_rc 0 "restore"
wait_for 10 sh -c "grep -c 'RESUMED.*restored' '$LOGDIR/guest-g1.log' |
    grep -qx 2" || fail "g1: not resumed after the second restore"

# save -c (checkpoint): the guest carries on in place.
id=$("$XL" domid g1)
run "$XL" save -c g1 "$T/g1c.save"
expect_rc 0 "save -c"
wait_for 10 log_has g1 "RESUMED domid=$id (suspend cancelled)" ||
    fail "g1: checkpoint did not resume in place"
expect_eq "$("$XL" domid g1)" "$id" "same domain after save -c"
"$XL" destroy g1

# Broken images: each fails, names the problem, leaves nothing behind.
size=$(wc -c < "$T/g1c.save")
head -c $((size - 5000)) "$T/g1c.save" > "$T/trunc.save"
run "$XL" restore -e "$T/trunc.save"
expect_rc 1 "restore truncated"
expect_match "$err" \
    "cannot create domain 'g1': restore: libxc stream: .*truncated image" \
    "restore truncated msg"
printf 'not an image' > "$T/junk.save"
run "$XL" restore -e "$T/junk.save"
expect_rc 1 "restore junk"
expect_match "$err" "truncated image|not a xl save image" "restore junk msg"
# A damaged libxc image header (its "XENF" id).
cp "$T/g1c.save" "$T/bad.save"
off=$(grep -abo 'XENF' "$T/bad.save" | head -1 | cut -d: -f1)
printf 'G' | dd of="$T/bad.save" bs=1 seek=$((off + 3)) conv=notrunc \
    2> /dev/null
run "$XL" restore -e "$T/bad.save"
expect_rc 1 "restore bad id"
expect_match "$err" \
    "libxc stream: image header at offset $((off - 8)): bad id 0x58454e47" \
    "restore bad id msg"
expect_eq "$(nr_guests)" 0 "no guest after broken restores"
expect_eq "$(ls "$LIBDIR" 2>/dev/null | grep -c userdata)" 0 \
    "no stored config after broken restores"
run "$XS/xenstore-ls" /local/domain
expect_eq "$(printf '%s\n' "$out" | grep -c '^ *[1-9][0-9]* = ')" 0 \
    "no xenstore nodes of a guest left"

# Usage errors.
run "$XL" save g1
expect_rc 2 "save without file"
run "$XL" save nosuch "$T/x.save"
expect_rc 1 "save of an unknown domain"
run "$XL" restore "$T/no/such.save"
expect_rc 1 "restore of a missing file"
expect_match "$err" "cannot open" "restore missing msg"

finish
