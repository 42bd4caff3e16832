#!/bin/sh
# channel-list and vkb-list in Xen 4.17's tables and --json, vkb-attach
# (spec checks, -N, refused: the backend is QEMU's) and vkb-detach, on
# the simulator.  This toolstack makes no channel or vkb, so the test
# writes one of each into xenstore as Xen 4.17's libxl does for a guest
# (toolstack copy, frontend, backend) and plays the backend's Closed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

W="$XS/xenstore-write"
start_xenstored
pv_cfg g
run "$XL" create "$T/g.cfg"
expect_rc 0 "create"
id=$("$XL" domid g)

# Nothing yet: the headers only.
hc=$(printf '%-3s %-2s %-5s %-6s %8s %-10s %-30s' Idx BE state evt-ch \
    ring-ref connection "")
hv=$(printf '%-3s %-2s %-6s %-5s %-6s %6s %-10s %-10s %-30s' Idx BE handle \
    state evt-ch ref ID BE-type BE-path)
run "$XL" channel-list g
expect_rc 0 "channel-list, none"
expect_eq "$out" "$hc" "channel-list header"
run "$XL" vkb-list g
expect_rc 0 "vkb-list, none"
expect_eq "$out" "$hv" "vkb-list header"

# A pty channel (console 1; the primary console is not a channel) and a
# vkb, in Xen 4.17's layout.
lc=/libxl/$id/device/console/1
fc=/local/domain/$id/device/console/1
bc=/local/domain/0/backend/console/$id/1
$W $lc/frontend $fc $lc/backend $bc $lc/name org.qemu.guest_agent.0 \
    $lc/connection pty $fc/state 4 $fc/port 5 $fc/ring-ref 123 \
    $fc/tty /dev/pts/7 $bc/state 4 $bc/name org.qemu.guest_agent.0
lk=/libxl/$id/device/vkbd/0
fk=/local/domain/$id/device/vkbd/0
bk=/local/domain/0/backend/vkbd/$id/0
$W $lk/frontend $fk $lk/backend $bk $fk/state 4 $fk/event-channel 9 \
    $fk/page-gref 77 $fk/backend $bk $bk/state 4 $bk/frontend $fk \
    $bk/unique-id kbd0

run "$XL" channel-list g
expect_rc 0 "channel-list"
expect_eq "$out" "$hc
$(printf '%-3d %-2d %-5d %-6d %-8d %-10s %-30s ' 0 0 4 5 123 pty /dev/pts/7)" \
    "channel-list table"
run "$XL" channel-list --json g
expect_rc 0 "channel-list --json"
expect_match "$out" '"name": "org.qemu.guest_agent.0"' "channel json name"
expect_match "$out" '"pty": "/dev/pts/7"' "channel json pty"
expect_match "$out" '"ring_ref": 123' "channel json ring"
run "$XL" vkb-list g
expect_rc 0 "vkb-list"
expect_eq "$out" "$hv
$(printf '%-3d %-2d %6d %5d %6d %6d %-10s %-10s %-30s' 0 0 0 4 9 77 kbd0 qemu $bk)" \
    "vkb-list table"
run "$XL" vkb-list --json g
expect_rc 0 "vkb-list --json"
expect_match "$out" '"unique_id": "kbd0"' "vkb json id"
expect_match "$out" '"backend_type": "qemu"' "vkb json type"
run "$XL" channel-list nosuch
expect_rc 1 "channel-list of an unknown domain"

# vkb-attach: the spec is checked, -N prints it, the device is refused.
run "$XL" vkb-attach g unique-id=x
expect_rc 1 "vkb-attach without backend-type"
expect_eq "$err" "backend-type should be set" "backend-type message"
run "$XL" vkb-attach g backend-type=xyz
expect_rc 1 "vkb-attach with a bad backend-type"
expect_match "$err" "xyz" "bad backend-type message"
run "$XL" -N vkb-attach g backend-type=linux unique-id=k1
expect_rc 0 "vkb-attach -N"
expect_match "$out" '^vkb: \{' "vkb -N prefix"
expect_match "$out" '"backend_type": "linux"' "vkb -N json"
run "$XL" vkb-attach g backend-type=qemu
expect_rc 1 "vkb-attach"
expect_eq "$err" "libxl_device_vkb_add failed: vkb: not supported: a PV keyboard/pointer is served by QEMU (backend-type=qemu) or by a user-space backend (backend-type=linux), and this toolstack starts neither" \
    "vkb-attach refused"
run "$XS/xenstore-list" /libxl/$id/device/vkbd
expect_eq "$out" "0" "vkb-attach wrote nothing"

# vkb-detach: an unknown devid, then the vkb (the backend answers Closed
# as QEMU's would).
run "$XL" vkb-detach g 3
expect_rc 1 "vkb-detach of an unknown vkb"
expect_eq "$err" "Error: Device 3 not connected." "unknown vkb message"
( i=0
  while [ $i -lt 300 ]; do
      [ "$("$XS/xenstore-read" $bk/state 2> /dev/null)" = 5 ] &&
          { $W $bk/state 6; break; }
      sleep 0.1
      i=$((i + 1))
  done ) &
player=$!
run "$XL" vkb-detach g 0
expect_rc 0 "vkb-detach"
wait $player
run "$XS/xenstore-read" $bk/state
expect_rc 1 "backend gone"
run "$XS/xenstore-read" $fk/state
expect_rc 1 "frontend gone"
run "$XL" vkb-list g
expect_eq "$out" "$hv" "vkb-list after detach"

# (no backend would close the channel at destroy: it goes as it came)
"$XS/xenstore-rm" $lc $fc $bc
"$XL" destroy g
finish
