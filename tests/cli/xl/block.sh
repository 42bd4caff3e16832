#!/bin/sh
# Disks through xl on the simulator: xl create with disk=, block-list in
# Xen 4.17's table and --json, block-attach (and -N), block-detach with
# and without -f, and the errors (bad path, unknown vdev, bad spec) that
# leave nothing behind.  xenstored, the simulated backends
# (xensim-backend) and the simulated guest kernel's frontends take part.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

loops() {
    ls "$XENSIM_DIR/dom0-kernel/loop" 2> /dev/null | wc -l
}

start_xenstored
start_backend
truncate -s 1M "$T/a.img"
truncate -s 2M "$T/b.img"
pv_cfg g "disk = [ 'file:$T/a.img,xvda,w' ]"

# A bad path: one message naming it, no domain, nothing in xenstore.
run "$XL" create "$T/g.cfg" "disk=['$T/missing.img,xvda,w']"
expect_rc 1 "create with a missing image"
expect_eq "$(grep -v '^Parsing config' "$T/err")" \
    "xl: create: cannot create domain 'g': attach disks: disk 'xvda': cannot use '$T/missing.img': No such file or directory" \
    "missing image message"
expect_eq "$("$XL" list | wc -l)" 2 "no domain after the failure"
run "$XS/xenstore-ls" /local/domain/0/backend
expect_eq "$out" "" "no backend nodes after the failure"
expect_eq "$(loops)" 0 "no loop device after the failure"

# Other formats are refused at create time naming the disk.
run "$XL" create "$T/g.cfg" "disk=['$T/a.img,qcow2,xvda']"
expect_rc 1 "create with qcow2"
expect_match "$err" "disk 'xvda': format qcow2 is not supported" "qcow2 msg"

run "$XL" create "$T/g.cfg"
expect_rc 0 "create with a disk"
id=$("$XL" domid g)
be=/local/domain/0/backend/vbd/$id
wait_for 10 node_is "$be/51712/state" 4 || fail "xvda backend not connected"
wait_for 10 node_is "/local/domain/$id/device/vbd/51712/state" 4 ||
    fail "xvda frontend not connected"

run "$XL" block-list g
expect_rc 0 "block-list"
evt=$("$XS/xenstore-read" "/local/domain/$id/device/vbd/51712/event-channel")
ref=$("$XS/xenstore-read" "/local/domain/$id/device/vbd/51712/ring-ref")
expect_eq "$out" "$(printf '%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n%-5d %-3d %-6d %-5d %-6d %-8d %-30s' \
    Vdev BE handle state evt-ch ring-ref BE-path \
    51712 0 "$id" 4 "$evt" "$ref" "$be/51712")" "block-list table"

# Attach a second disk read-only; the guest connects it.
run "$XL" -N block-attach g "$T/b.img" xvdb r
expect_rc 0 "block-attach -N"
expect_match "$out" '^disk: \{' "block-attach -N prints the disk"
expect_match "$out" "\"vdev\": \"xvdb\"" "block-attach -N vdev"
run "$XL" block-attach g "$T/b.img" xvdb r
expect_rc 0 "block-attach"
wait_for 10 node_is "/local/domain/$id/device/vbd/51728/state" 4 ||
    fail "xvdb frontend not connected"
node_is "$be/51728/mode" r || fail "xvdb not read-only"
expect_eq "$(loops)" 2 "two loop devices"
run "$XL" block-attach g "$T/b.img" xvdb r
expect_rc 1 "block-attach of a taken vdev"
expect_match "$err" "already has a vbd device 51728" "taken vdev message"
run "$XL" block-attach g "$T/missing.img,xvdc"
expect_rc 1 "block-attach of a missing image"
expect_eq "$err" "libxl_device_disk_add failed: disk 'xvdc': cannot use '$T/missing.img': No such file or directory" \
    "block-attach missing image message"
run "$XL" block-attach g "$T/b.img,xvdc,x"
expect_rc 1 "block-attach of a bad spec"
expect_match "$err" "invalid disk spec" "bad spec message"

run "$XL" block-list --json g
expect_rc 0 "block-list --json"
expect_eq "$(printf '%s\n' "$out" | grep -c '"vdev"')" 2 "two disks in JSON"
expect_match "$out" "\"target\": \"$T/b.img\"" "JSON target"
expect_match "$out" '"access": "ro"' "JSON access"

# Detach: the guest lets go; by devid with -f.
run "$XL" block-detach g xvdb
expect_rc 0 "block-detach"
"$XS/xenstore-exists" "$be/51728" && fail "xvdb backend still there"
expect_eq "$(loops)" 1 "loop device of xvdb freed"
run "$XL" block-detach g xvdb
expect_rc 1 "block-detach of a detached disk"
expect_eq "$err" "Error: Device xvdb not connected." "not connected message"
run "$XL" block-detach -f g 51712
expect_rc 0 "block-detach -f by devid"
expect_eq "$(loops)" 0 "all loop devices freed"

run "$XL" destroy g
expect_rc 0 "destroy"
run "$XS/xenstore-ls" /local/domain/0/backend
expect_eq "$out" "" "no backend nodes after destroy"

# Destroy takes the disks with the domain.
run "$XL" create "$T/g.cfg" "disk=['$T/a.img,xvda','$T/b.img,xvdb,r']"
expect_rc 0 "create with two disks"
expect_eq "$(loops)" 2 "two loop devices"
run "$XL" destroy g
expect_rc 0 "destroy with two disks"
expect_eq "$(loops)" 0 "destroy frees the loop devices"
run "$XS/xenstore-ls" /libxl
expect_eq "$out" "" "no /libxl nodes after destroy"
finish
