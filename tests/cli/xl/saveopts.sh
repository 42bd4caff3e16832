#!/bin/sh
# xl save -D (the domain id stored in the image's config, used again by
# restore; refused cleanly when that id is taken) and xl restore -V on a
# PV guest without a vfb (refused before anything is built), on a
# simulated host.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/savelib.sh"

# The config JSON of a save image (the optional data after 52 bytes).
image_json() {
    tail -c +53 "$1" | head -c 4096 | tr -d '\0' | sed -n '1,/^}/p'
}

guests() {
    "$XL" list | awk 'NR > 2 { print $1 "=" $2 }' | sort | tr '\n' ' '
}

start_xenstored
start_xenconsoled

count_guest g1
count_guest g2
id2=$("$XL" domid g2)

# Without -D the image's config has no domain id.
run "$XL" save -c g2 "$T/plain.save"
expect_rc 0 "save -c"
image_json "$T/plain.save" | grep -q '"domid"' &&
    fail "a save without -D stored a domain id"

# -D: the id is in the config; the domain is gone after the save.
run "$XL" save -D g2 "$T/d.save"
expect_rc 0 "save -D"
expect_match "$(image_json "$T/d.save")" "\"domid\": $id2," \
    "save -D stores the domain id"
expect_eq "$(guests)" "g1=$("$XL" domid g1) " "g2 gone after save"

# Its id taken by another guest: restore fails naming it, and leaves the
# host as it was.
count_guest g3
expect_eq "$("$XL" domid g3)" "$id2" "g3 took g2's old id"
before=$(guests)
run "$XL" restore -e "$T/d.save"
expect_rc 1 "restore -D image, id in use"
expect_match "$err" "^xl: restore: cannot create domain 'g2': create domain: domain id $id2 \(asked for by the config, as xl save -D stores it\) is in use" \
    "id in use msg"
expect_eq "$(guests)" "$before" "nothing left by the refused restore"
expect_eq "$(ls "$LIBDIR" | grep -c "userdata-d\.$id2\.")" 1 \
    "only g3's stored config for id $id2"

# Once free (and a lower id free too), the restored domain has it again.
"$XL" destroy g3
"$XL" destroy g1
run "$XL" restore "$T/d.save"
expect_rc 0 "restore -D image"
expect_eq "$("$XL" domid g2)" "$id2" "restored with the saved domain id"
wait_for 10 sh -c "grep -c 'RESUMED domid=$id2 (restored)' \
    '$LOGDIR/guest-g2.log' | grep -qx 1" ||
    fail "g2: not resumed after the restore"
# Its stored config now holds the id; a save without -D still omits it.
run "$XL" save -c g2 "$T/again.save"
expect_rc 0 "save -c after a -D restore"
image_json "$T/again.save" | grep -q '"domid"' &&
    fail "a save without -D kept the restored domain id"

# restore -V: a PV guest without vfb has no VNC display: refused before
# anything is built.
"$XL" destroy g2
run "$XL" restore -V "$T/plain.save"
expect_rc 1 "restore -V of a PV guest without vfb"
expect_match "$err" "^xl: restore: -V: domain 'g2' .* has no VNC display: a PV or PVH guest has one only with a vfb" \
    "no VNC msg"
run "$XL" restore --vncviewer-autopass "$T/plain.save"
expect_rc 1 "restore -A of a PV guest without vfb"
expect_eq "$(guests)" "" "nothing restored with -V"
expect_eq "$(ls "$LIBDIR" | grep -c userdata)" 0 "no stored config left"

finish
