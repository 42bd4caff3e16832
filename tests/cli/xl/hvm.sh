#!/bin/sh
# HVM guests through xl on the simulator: a stand-in hvmloader (xensim
# mkkernel --format hvmloader) and the fake device model of the unit
# tests; xl trigger and button-press, xl shutdown / reboot with and
# without -F (no PV drivers: the ACPI fallback), against a PV guest too;
# emulated disks and CD-ROMs on QEMU's command line, cd-insert/cd-eject;
# the VNC server's address and xl vncviewer; emulated NICs (QEMU's
# arguments, the vifs, script= for the vif and the tap, destroy).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_host
"$XENSIM" mkkernel "$T/hvmloader" --format hvmloader ||
    fail "mkkernel hvmloader"
"$XENSIM" mkkernel "$T/vmlinuz" || fail "mkkernel"
echo "a BIOS image" > "$T/bios.bin"
cat > "$T/h.cfg" <<CFG
name = "h"
type = "hvm"
memory = 64
vcpus = 2
firmware = "$T/hvmloader"
bios_path_override = "$T/bios.bin"
device_model_override = "$top_builddir/tests/unit/fake-qemu"
vga = "none"
vnc = 0
serial = "pty"
CFG
cat > "$T/p.cfg" <<CFG
name = "p"
type = "pv"
kernel = "$T/vmlinuz"
memory = 64
CFG
run "$XL" create "$T/h.cfg"
expect_rc 0 "create hvm"
run "$XL" create "$T/p.cfg"
expect_rc 0 "create pv"
h=$("$XL" domid h)
p=$("$XL" domid p)
# Unpausing an HVM guest resumes its device model first (QMP cont, as
# Xen 4.17's libxl): at creation and at xl unpause.
grep -q '"execute":"cont"' "$XENSIM_DIR/fake-qemu-$h.qmp" ||
    fail "create did not resume the device model"
: > "$XENSIM_DIR/fake-qemu-$h.qmp"
run "$XL" pause h
expect_rc 0 "pause hvm"
run "$XL" unpause h
expect_rc 0 "unpause hvm"
expect_eq "$(grep -c '"execute":"cont"' "$XENSIM_DIR/fake-qemu-$h.qmp")" 1 \
    "unpause resumed the device model"

# dmesg_has TEXT: the simulator notes each trigger in Xen's console ring.
dmesg_has() {
    "$XL" dmesg | grep -qF -- "$1"
}

# Triggers the hypervisor takes; the vCPU defaults to 0.
for t in nmi power sleep; do
    run "$XL" trigger h $t
    expect_rc 0 "trigger $t"
    expect_eq "$err" "" "trigger $t: silent"
done
dmesg_has "d${h}v0: trigger: NMI" || fail "no NMI noted for d$h"
dmesg_has "d${h}v0: trigger: power button" || fail "no power button"
dmesg_has "d${h}v0: trigger: sleep button" || fail "no sleep button"
run "$XL" trigger h nmi 1
expect_rc 0 "trigger nmi vcpu 1"
dmesg_has "d${h}v1: trigger: NMI" || fail "no NMI noted for vCPU 1"
# s3resume goes to the device model (QMP system_wakeup).
run "$XL" trigger h s3resume
expect_rc 0 "trigger s3resume"
# What Xen 4.17 refuses, and bad input.
run "$XL" trigger h reset
expect_rc 1 "trigger reset"
expect_eq "$err" "xl: domain $h: send trigger 'reset': the hypervisor does not implement it (Xen 4.17 on x86 has nmi, power and sleep)" \
    "trigger reset message"
run "$XL" trigger h init
expect_rc 1 "trigger init"
run "$XL" trigger h nmi 2
expect_rc 1 "trigger bad vcpu"
expect_eq "$err" "xl: domain $h: send trigger 'nmi': no vCPU 2" \
    "trigger bad vcpu message"
run "$XL" trigger h nmi x
expect_rc 1 "trigger vcpu not a number"
expect_eq "$err" "xl: trigger: invalid vCPU 'x'" "trigger vcpu x message"
run "$XL" trigger h boom
expect_rc 1 "trigger unknown"
expect_eq "$err" 'Invalid trigger "boom"' "trigger unknown message"
run "$XL" trigger h
expect_rc 2 "trigger without a trigger"
run "$XL" trigger nosuch nmi
expect_rc 1 "trigger unknown domain"
# A PV guest: an NMI yes (the simulated kernel says so), buttons no.
run "$XL" trigger p nmi
expect_rc 0 "trigger nmi pv"
wait_for 10 log_has p "Uhhuh. NMI received for unknown reason" ||
    fail "the PV guest did not see the NMI"
run "$XL" trigger p power
expect_rc 1 "trigger power pv"
expect_eq "$err" "xl: domain $p: send trigger 'power': the hypervisor refused it (the ACPI power and sleep buttons exist only for HVM guests)" \
    "trigger power pv message"
run "$XL" trigger p s3resume
expect_rc 1 "trigger s3resume pv"
expect_eq "$err" "xl: domain $p: trigger 's3resume' needs an HVM guest" \
    "trigger s3resume pv message"

# button-press: deprecated spelling of the two buttons.
run "$XL" button-press h power
expect_rc 0 "button-press power"
expect_eq "$err" 'WARNING: "button-press" is deprecated. Please use "trigger"' \
    "button-press warning"
run "$XL" button-press h nmi
expect_rc 1 "button-press nmi"
expect_match "$err" "^nmi is an invalid button identifier$" \
    "button-press nmi message"

# No PV drivers in this guest (no event callback): shutdown and reboot
# need -F, which presses the ACPI button (reset: not in Xen 4.17).
run "$XL" shutdown h
expect_rc 1 "shutdown hvm without -F"
expect_match "$err" "external graceful shutdown not possible" \
    "shutdown without -F message"
expect_match "$err" 'Use "-F" to fallback to ACPI power event' \
    "shutdown without -F hint"
n=$("$XL" dmesg | grep -c "d${h}v0: trigger: power button")
run "$XL" shutdown -F h
expect_rc 0 "shutdown -F"
expect_match "$err" "PV control interface not available: sending ACPI power button event" \
    "shutdown -F message"
expect_eq "$("$XL" dmesg | grep -c "d${h}v0: trigger: power button")" \
    $((n + 1)) "shutdown -F pressed the power button"
run "$XL" reboot -F h
expect_rc 1 "reboot -F"
expect_match "$err" "sending ACPI reset button event" "reboot -F message"
expect_match "$err" "reboot failed \(rc=-3\): .*does not implement it" \
    "reboot -F failure"

run "$XL" destroy h
expect_rc 0 "destroy hvm"

# Emulated disks: the first four go to QEMU (IDE), CD-ROMs there only.
dd if=/dev/zero of="$T/disk.img" bs=1024 count=1024 2> /dev/null
echo "an iso image" > "$T/cd1.iso"
echo "another one" > "$T/cd2.iso"
run "$XL" create "$T/h.cfg" "disk=['$T/disk.img,raw,hda,w', 'vdev=hdc,devtype=cdrom,access=r,target=$T/cd1.iso', 'vdev=hdd,devtype=cdrom,access=r,target=']"
expect_rc 0 "create with disks"
h=$("$XL" domid h)
args=$(cat "$XENSIM_DIR/fake-qemu-$h.args")
printf '%s\n' "$args" | grep -qxF -- \
    "file=$T/disk.img,if=ide,index=0,media=disk,format=raw,cache=writeback" ||
    fail "no IDE drive for hda in [$args]"
printf '%s\n' "$args" | grep -qxF -- \
    "if=none,readonly=on,id=ide-5632,file=$T/cd1.iso,format=raw" ||
    fail "no drive for the hdc cdrom"
printf '%s\n' "$args" | grep -qxF -- \
    "ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0" ||
    fail "no ide-cd device for hdc"
printf '%s\n' "$args" | grep -qxF -- "if=none,readonly=on,id=ide-5696" ||
    fail "no empty drive for the hdd cdrom"
# The disk has its PV backend too; the CD-ROMs have none.
"$XS/xenstore-exists" "/local/domain/0/backend/vbd/$h/768" ||
    fail "no PV backend for hda"
"$XS/xenstore-exists" "/local/domain/0/backend/vbd/$h/5632" &&
    fail "a PV backend for the hdc cdrom"

# cd-insert: eject, pass the image (add-fd), change the medium.
run "$XL" cd-insert h hdd "$T/cd2.iso"
expect_rc 0 "cd-insert"
qmp=$(cat "$XENSIM_DIR/fake-qemu-$h.qmp")
expect_match "$qmp" '"execute":"eject","arguments":\{"id":"ide-5696"\}' \
    "cd-insert ejects first"
expect_match "$qmp" "\"execute\":\"add-fd\",\"arguments\":\\{\"opaque\":\"raw:$T/cd2.iso\"\\}" \
    "cd-insert passes the image"
expect_match "$qmp" '"execute":"blockdev-change-medium","arguments":\{"id":"ide-5696","filename":"/dev/fdset/3","format":"raw"\}' \
    "cd-insert changes the medium"
run "$XL" list -l h
expect_match "$out" "\"pdev_path\": \"$T/cd2.iso\"" \
    "the stored config has the new medium"
: > "$XENSIM_DIR/fake-qemu-$h.qmp"
run "$XL" cd-eject h hdc
expect_rc 0 "cd-eject"
qmp=$(cat "$XENSIM_DIR/fake-qemu-$h.qmp")
expect_eq "$(printf '%s\n' "$qmp" | grep -c execute)" 1 "cd-eject: one command"
expect_match "$qmp" '"execute":"eject","arguments":\{"id":"ide-5632"\}' \
    "cd-eject ejects"
run "$XL" -N cd-insert h hdc "$T/cd1.iso"
expect_rc 0 "cd-insert -N"
expect_eq "$out" "cd-insert: domain $h, cdrom hdc, $T/cd1.iso" \
    "cd-insert -N says what it would do"
run "$XL" cd-insert h hda "$T/cd1.iso"
expect_rc 1 "cd-insert into a disk"
expect_eq "$err" "xl: cd-insert: domain $h: 'hda' is a disk, not a cdrom" \
    "cd-insert into a disk message"
run "$XL" cd-insert h hdb "$T/cd1.iso"
expect_rc 1 "cd-insert no such cdrom"
expect_eq "$err" "xl: cd-insert: domain $h has no cdrom 'hdb'" \
    "cd-insert no such cdrom message"
run "$XL" cd-insert h hdc "$T/missing.iso"
expect_rc 1 "cd-insert missing image"
expect_eq "$err" "xl: cd-insert: cdrom image '$T/missing.iso': No such file or directory" \
    "cd-insert missing image message"
run "$XL" cd-eject p hdc
expect_rc 1 "cd-eject of a PV guest"
expect_eq "$err" "xl: cd-eject: domain $p: cd-insert and cd-eject need an HVM guest" \
    "cd-eject PV message"
run "$XL" destroy h
expect_rc 0 "destroy hvm with disks"

# VNC: where the server listens is recorded (query-vnc), with the
# password; xl vncviewer runs $VNCVIEWER on it.
cat > "$T/viewer" <<'VIEWER'
#!/bin/sh
echo "args: $*"
[ "${2:-}" = -autopass ] && echo "stdin: $(cat)"
exit 0
VIEWER
chmod +x "$T/viewer"
run "$XL" create "$T/h.cfg" 'vnc=1' 'vncpasswd="s3cret"'
expect_rc 0 "create with vnc"
h=$("$XL" domid h)
expect_eq "$("$XS/xenstore-read" "/local/domain/$h/console/vnc-port")" \
    5901 "vnc-port"
expect_eq "$("$XS/xenstore-read" "/local/domain/$h/console/vnc-listen")" \
    127.0.0.1 "vnc-listen"
grep -q '"execute":"change-vnc-password","arguments":{"password":"s3cret"}' \
    "$XENSIM_DIR/fake-qemu-$h.qmp" || fail "the VNC password was not set"
VNCVIEWER="$T/viewer" run "$XL" vncviewer h
expect_rc 0 "vncviewer"
expect_eq "$out" "args: 127.0.0.1:1" "vncviewer runs the viewer"
VNCVIEWER="$T/viewer" run "$XL" vncviewer --autopass h
expect_rc 0 "vncviewer --autopass"
expect_eq "$out" "args: 127.0.0.1:1 -autopass
stdin: s3cret" "vncviewer --autopass passes the password"
VNCVIEWER="$T/no-viewer" run "$XL" vncviewer h
expect_rc 1 "vncviewer without a viewer"
expect_eq "$err" "xl: vncviewer: cannot run '$T/no-viewer': No such file or directory" \
    "vncviewer without a viewer message"
run "$XL" vncviewer p
expect_rc 1 "vncviewer of a guest without VNC"
expect_eq "$err" "xl: vncviewer: domain $p has no VNC server" \
    "vncviewer no VNC message"
run "$XL" destroy h
expect_rc 0 "destroy hvm with vnc"

# Firmware keys kept in the stored config as Xen's JSON has them (hap in
# c_info; timer_mode and nested_hvm in b_info): a restart keeps them.
run "$XL" create "$T/h.cfg" 'timer_mode="one_missed_tick_pending"' \
    'nestedhvm=1' 'hap=0'
expect_rc 0 "create with timer_mode, nestedhvm, hap"
run "$XL" list -l h
expect_match "$out" '"timer_mode": "one_missed_tick_pending"' "stored timer_mode"
expect_match "$out" '"nested_hvm": "True"' "stored nested_hvm"
expect_match "$out" '"hap": "False"' "stored hap"
run "$XL" destroy h
expect_rc 0 "destroy hvm with firmware keys"
run "$XL" -N create "$T/h.cfg" 'timer_mode=2'
expect_rc 0 "timer_mode as a number"
expect_match "$err" 'specifying "timer_mode" as an integer is deprecated, use the name \(timer_mode="no_missed_ticks_pending"\)' \
    "timer_mode number warning"
expect_match "$out" '"timer_mode": "no_missed_ticks_pending"' "timer_mode 2"
run "$XL" -N create "$T/h.cfg" 'timer_mode="fast"'
expect_rc 1 "bad timer_mode"
expect_match "$err" 'invalid value "fast" for "timer_mode"' "bad timer_mode message"

# SPICE (Debian's qemu-system-xen is built with it): Xen 4.17's -spice.
run "$XL" create "$T/h.cfg" 'spice=1' 'spiceport=6000' \
    'spicedisable_ticketing=1' 'spicevdagent=1'
expect_rc 0 "create with spice"
h=$("$XL" domid h)
args=$(cat "$XENSIM_DIR/fake-qemu-$h.args")
expect_match "$(printf '%s\n' "$args" | tr '\n' ' ')" \
    " -spice port=6000,tls-port=0,disable-ticketing=on,agent-mouse=on,disable-copy-paste=on .*-device virtio-serial -chardev spicevmc,id=vdagent,name=vdagent -device virtserialport,chardev=vdagent,name=com.redhat.spice.0 " \
    "spice arguments"
run "$XL" destroy h
expect_rc 0 "destroy hvm with spice"
run "$XL" create "$T/h.cfg" 'spice=1' 'spicetls_port=6001' \
    'spicehost="0.0.0.0"' 'spicepasswd="pw"' 'spiceagent_mouse=0' \
    'spice_clipboard_sharing=1' 'spice_image_compression="lz"'
expect_rc 0 "create with spice and a password"
h=$("$XL" domid h)
args=$(cat "$XENSIM_DIR/fake-qemu-$h.args")
printf '%s\n' "$args" | grep -qxF \
    "port=0,tls-port=6001,addr=0.0.0.0,password=pw,agent-mouse=off,image-compression=lz" ||
    fail "spice arguments with a password: [$args]"
printf '%s\n' "$args" | grep -q vdagent && fail "a vdagent without spicevdagent"
run "$XL" destroy h
expect_rc 0 "destroy hvm with spice (password)"
# (SPICE USB redirection, on usbversion='s controller: hvmkeys.sh.)

# Emulated NICs (vif= of an HVM guest: type=ioemu by default): a PV vif
# and a QEMU card with the same MAC, the card on a tap QEMU opens
# without scripts; type=vif: PV only; model= defaults to rtl8139.
S="$T/vif-test"
vif_script "$S" \
    'echo "$* | $XENBUS_PATH | $vif | ${INTERFACE-unset}" >> "'"$T"'/script.log"'
run "$XL" create "$T/h.cfg" "vif=['mac=00:16:3e:00:00:31,model=e1000,bridge=br1', 'type=vif', '', 'script=$S']"
expect_rc 0 "create with vifs"
h=$("$XL" domid h)
args=$(cat "$XENSIM_DIR/fake-qemu-$h.args")
has_arg() {
    printf '%s\n' "$args" | grep -qxF -- "$1" ||
        fail "no argument [$1] in [$args]"
}
has_arg "e1000,id=nic0,netdev=net0,mac=00:16:3e:00:00:31"
has_arg "type=tap,id=net0,ifname=vif$h.0-emu,br=br1,script=no,downscript=no"
printf '%s\n' "$args" | grep -q "id=nic1\|id=net1" &&
    fail "a card for the type=vif vif: [$args]"
printf '%s\n' "$args" | grep -qx -- "-net" && fail "-net none with cards"
be=/local/domain/0/backend/vif/$h
mac2=$("$XS/xenstore-read" $be/2/mac)
expect_match "$mac2" '^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$' \
    "random MAC of the card's vif"
has_arg "rtl8139,id=nic2,netdev=net2,mac=$mac2"
has_arg "type=tap,id=net2,ifname=vif$h.2-emu,br=xenbr0,script=no,downscript=no"
expect_eq "$("$XS/xenstore-read" $be/0/type) $("$XS/xenstore-read" $be/1/type) $("$XS/xenstore-read" $be/2/type)" \
    "vif_ioemu vif vif_ioemu" "backend type nodes"
expect_eq "$("$XS/xenstore-read" $be/0/mac) $("$XS/xenstore-read" $be/0/hotplug-status)" \
    "00:16:3e:00:00:31 connected" "the card's PV vif"
# script=: the vif's online, then the tap's add (Xen 4.17's order and
# environment: INTERFACE is the tap in both runs of an emulated NIC).
expect_eq "$(cat "$T/script.log")" "online type_if=vif | backend/vif/$h/3 | vif$h.3 | vif$h.3-emu
add type_if=tap | backend/vif/$h/3 | vif$h.3 | vif$h.3-emu" \
    "script runs for the vif and the tap"
run "$XL" network-list h
expect_eq "$(echo "$out" | sed 1d | awk '{print $1, $3}' | tr '\n' ' ')" \
    "0 00:16:3e:00:00:31 1 $("$XS/xenstore-read" $be/1/mac) 2 $mac2 3 $("$XS/xenstore-read" $be/3/mac) " \
    "network-list shows every vif"
run "$XL" list -l h
expect_match "$out" '"model": "e1000"' "stored config: the model"
expect_match "$out" '"nictype": "vif_ioemu"' "stored config: the type"
# Hot-plug: PV only, as Xen; type=ioemu refused with the reason.
run "$XL" network-attach h
expect_rc 0 "network-attach to an HVM guest"
expect_eq "$("$XS/xenstore-read" $be/4/type)" vif "a hot-plugged vif is PV"
run "$XL" network-attach h type=ioemu
expect_rc 1 "network-attach type=ioemu"
expect_match "$err" "type=ioemu: an emulated NIC cannot be hot-plugged" \
    "network-attach type=ioemu message"
: > "$T/script.log"
run "$XL" destroy h
expect_rc 0 "destroy hvm with vifs"
expect_eq "$(cat "$T/script.log")" "offline type_if=vif | backend/vif/$h/3 | vif$h.3 | vif$h.3-emu
remove type_if=tap | backend/vif/$h/3 | vif$h.3 | vif$h.3-emu" \
    "destroy: the vif's offline, then the tap's remove"
"$XS/xenstore-exists" $be && fail "destroy left vif backends"
# A card's tap that cannot join: the create fails, nothing left.
vif_script "$T/vif-tapfail" \
    '[ "$1" = add ] && { echo "no tap $INTERFACE" >&2; exit 1; }'
run "$XL" create "$T/h.cfg" "vif=['script=$T/vif-tapfail']"
expect_rc 1 "create with a tap that cannot join"
expect_match "$err" "add network devices: .*vif-tapfail add' failed" \
    "tap failure message"
"$XL" domid h > /dev/null 2>&1 && fail "the failed HVM guest is left"
run "$XL" create "$T/h.cfg" "vif=['model=e1000;x']"
expect_rc 1 "bad model"
expect_match "$err" "vif 0: model=e1000;x: not a QEMU device name" \
    "bad model message"

# What QEMU cannot emulate is refused by name, leaving nothing.
run "$XL" create "$T/h.cfg" "disk=['$T/disk.img,raw,hda,r']"
expect_rc 1 "read-only IDE disk"
expect_match "$err" "disk 'hda': qemu-xen has no read-only IDE disks" \
    "read-only IDE disk message"
run "$XL" create "$T/h.cfg" "disk=['$T/disk.img,raw,sda,w']"
expect_rc 1 "SCSI disk"
expect_match "$err" "disk 'sda': emulated SCSI disks \(sd\*\) are not supported" \
    "SCSI disk message"
run "$XL" create "$T/h.cfg" "disk=['vdev=xvde,devtype=cdrom,target=$T/cd1.iso']"
expect_rc 1 "cdrom beyond the fourth disk"
expect_match "$err" "cdrom 'xvde': an emulated CD-ROM must be one of the first four" \
    "late cdrom message"
"$XL" domid h > /dev/null 2>&1 && fail "a refused HVM guest is left"
run "$XL" destroy p
expect_rc 0 "destroy pv"
finish
