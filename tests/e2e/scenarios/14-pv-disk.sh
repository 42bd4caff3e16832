# tests/e2e scenario: a PV guest with a file-backed disk through blkback:
# a bad image path fails with one message naming it and leaves nothing
# (no domain, no xenstore node, no loop device); the guest reads a file
# Dom0 put on its disk, sees a second disk block-attached while it runs
# (/sys/block) and read it, sees it go at block-detach, writes a file
# Dom0 reads back after the guest powered off; destroy frees the loops.
# e2e-timeout: 480
# e2e-cost: 40
. /e2e/lib.sh

name=e2e-disk
log=/var/log/xen/console/guest-$name.log
D=/tmp/e2e-disk
mkdir -p $D/a $D/b
tag="hello-from-dom0-$$"
echo "$tag" >$D/a/hello.txt
echo "second-disk-$$" >$D/b/second.txt
(cd $D/a && tar -cf $D/disk1.img hello.txt) && truncate -s 4M $D/disk1.img
(cd $D/b && tar -cf $D/disk2.img second.txt) && truncate -s 4M $D/disk2.img

# Loop devices bound to one of our images.
loops() {
    cat /sys/block/loop*/loop/backing_file 2>/dev/null | grep -c "$D/"
}
no_loops() { [ "$(loops)" = 0 ]; }
# (of this scenario: other scenarios' leftovers are theirs to report)
nothing_left() {
    doms=$(xl domid $name 2>/dev/null)
    be=$(xenstore-list /local/domain/0/backend/vbd 2>/dev/null | wc -l)
    lx=$(xenstore-ls /libxl 2>/dev/null | grep -c 'vbd')
    e2e_wait 10 no_loops                 # blkback lets go asynchronously
    if [ -z "$doms" ] && [ "$be" = 0 ] && [ "$lx" = 0 ] &&
        [ "$(loops)" = 0 ]; then
        e2e_pass "$1" "no domain, no vbd nodes (backend, /libxl), no loop" \
            "device"
    else
        e2e_fail "$1" "left: domain [$doms] vbd backends $be /libxl vbd" \
            "$lx loops $(loops)"
        losetup -a 2>&1 | sed 's/^/E2E-OUT | /'
    fi
}
# console PATTERN SECONDS: wait for PATTERN in the guest's console log.
console() {
    e2e_wait "$2" grep -q "$1" "$log"
}

cfg() {
    printf '%s\n' "name = \"$name\"" 'type = "pv"' \
        'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/disk-initrd.cpio.gz"' \
        'extra = "console=hvc0 quiet"' 'memory = 128' 'vcpus = 1' \
        'on_poweroff = "destroy"' 'on_crash = "destroy"' \
        "disk = [ $1 ]" >/tmp/$name.cfg
}

# A missing image: one message naming it, nothing left.
cfg "'$D/missing.img,xvda,w'"
if e2e_timeout 60 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail bad-path "xl create succeeded"
    xl destroy $name 2>/dev/null
else
    # (besides xl's notices "Parsing config" and a missing xl.conf)
    n=$(grep -Evc '^(Parsing config|Failed to read config file)' \
        "$E2E_OUT")
    if [ "$n" = 1 ] && grep -q "cannot use '$D/missing.img': No such file" \
        "$E2E_OUT"; then
        e2e_pass bad-path "$(grep '^xl: ' "$E2E_OUT")"
    else
        e2e_fail bad-path "expected one line naming the path"
        e2e_show "$E2E_OUT"
    fi
fi
nothing_left bad-path-clean

cfg "'format=raw, vdev=xvda, access=rw, target=$D/disk1.img'"
t0=$(cut -d' ' -f1 /proc/uptime)
e2e_run create xl create /tmp/$name.cfg || exit 1
e2e_pass create "xl create with a disk returned after $(e2e_since $t0) s"
id=$(xl domid $name)
be=$(xenstore-read /local/domain/$id/device/vbd/51712/backend 2>/dev/null)
pd=$(xenstore-read "$be/physical-device" 2>/dev/null)
node=$(xenstore-read "$be/node" 2>/dev/null)
if [ -n "$node" ] && [ "$(cat /sys/block/${node#/dev/}/loop/backing_file \
    2>/dev/null)" = "$D/disk1.img" ]; then
    e2e_pass loop "$node ($pd) backs xvda with $D/disk1.img"
else
    e2e_fail loop "backend $be node '$node' physical-device '$pd'"
fi
t0=$(cut -d' ' -f1 /proc/uptime)
if console "GUEST-READ $tag" 240; then
    e2e_pass guest-reads "$(grep -o "GUEST-READ $tag" "$log") after" \
        "$(e2e_since $t0) s"
else
    e2e_fail guest-reads "no 'GUEST-READ $tag' on the console in $(e2e_secs 240) s"
    [ -f "$log" ] && e2e_show "$log"
    xenstore-ls "$be" 2>&1 | sed 's/^/E2E-OUT | /'
fi
e2e_run block-list xl block-list $name &&
    e2e_expect block-list "^51712 +0 +$id +4 +[0-9]+ +[0-9]+ +$be" \
        "$(tail -n 1 "$E2E_OUT")"

# A second disk while it runs; the guest sees it appear and go.
e2e_run block-attach xl block-attach $name "$D/disk2.img" xvdb r &&
    e2e_pass block-attach "xvdb attached"
t0=$(cut -d' ' -f1 /proc/uptime)
if console "GUEST-SEES xvdb" 60 && console "GUEST-READ2 second-disk-$$" 30
then e2e_pass guest-sees-xvdb "in /sys/block, read its file," \
    "$(e2e_since $t0) s after the attach"
else
    e2e_fail guest-sees-xvdb "no GUEST-SEES/GUEST-READ2 on the console"
    [ -f "$log" ] && e2e_show "$log"
fi
e2e_run block-list2 xl block-list $name &&
    e2e_expect block-list2 "^51728 +0 +$id +4 " "xvdb connected"
e2e_run block-detach xl block-detach $name xvdb &&
    e2e_pass block-detach "xvdb detached"
if console "GUEST-GONE xvdb" 60; then
    e2e_pass guest-loses-xvdb "gone from /sys/block"
else
    e2e_fail guest-loses-xvdb "no GUEST-GONE on the console"
    [ -f "$log" ] && e2e_show "$log"
fi
[ "$(xenstore-list /local/domain/0/backend/vbd/$id 2>/dev/null |
    tr '\n' ' ')" = "51712 " ] &&
    e2e_pass detach-clean "only xvda left in the backend" ||
    e2e_fail detach-clean "backend vbd/$id:" \
        "$(xenstore-list /local/domain/0/backend/vbd/$id 2>&1 | tr '\n' ' ')"

# The guest writes its result and powers off; Dom0 reads it back.
console "GUEST-WROTE" 60 || e2e_fail guest-writes "no GUEST-WROTE"
e2e_wait 60 sh -c "! xl domid $name"
if xl domid $name >/dev/null 2>&1; then
    e2e_fail gone "guest still there $(e2e_secs 60) s after writing"
    xl destroy $name 2>/dev/null
fi
got=$(tar -xOf $D/disk1.img result.txt 2>&1)
if [ "$got" = "guest read: $tag" ]; then
    e2e_pass dom0-reads-back "result.txt: $got"
else
    e2e_fail dom0-reads-back "result.txt: '$got'"
fi
nothing_left destroy-clean

# xl destroy of a running guest with two disks frees both loops.
cfg "'$D/disk1.img,xvda,w', '$D/disk2.img,xvdb,r'"
e2e_run create2 xl create /tmp/$name.cfg &&
    [ "$(loops)" = 2 ] && e2e_pass two-loops "two loop devices bound"
console "GUEST-READ" 60 >/dev/null
e2e_run destroy xl destroy $name && nothing_left destroy2-clean
rm -rf $D
