#!/bin/sh
# The platform keys of an HVM guest on the simulator (stand-in hvmloader,
# the fake device model of the unit tests), as Xen 4.17's xl/libxl apply
# them: acpi_s3/acpi_s4 (hvmloader's platform/ nodes), xen_platform_pci=0
# (QEMU machine "pc"), vendor_device="xenserver" (xen-pvdevice),
# device_model_args/_hvm (QEMU's command line), rtc_timeoffset and
# localtime (the wallclock offset, any guest type), usbversion (and SPICE
# USB redirection), hdtype="ahci", vga="qxl", mmio_hole; kept in the stored
# config through save and restore; bad values refused with where they
# are; the keys not done yet still refused by name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_host
hvm_cfg h

# args_of DOMID: the fake device model's arguments on one line.
args_of() {
    printf ' %s ' "$(tr '\n' ' ' < "$XENSIM_DIR/fake-qemu-$1.args")"
}
platform() {
    "$XS/xenstore-read" "/local/domain/$1/platform/$2"
}
offsets() {
    "$XL" dmesg | grep -c "d$1: wallclock offset"
}

# Defaults: S3 and S4 on, the xenfv machine (xen-platform), no vendor
# device, no wallclock offset.
run "$XL" create "$T/h.cfg"
expect_rc 0 "create with defaults"
h=$("$XL" domid h)
a=$(args_of "$h")
expect_match "$a" " -machine xenfv,suppress-vmdesc=on -m 32 " "default machine"
case "$a" in *xen-pvdevice*) fail "a vendor device by default: [$a]";; esac
expect_eq "$(platform "$h" acpi_s3) $(platform "$h" acpi_s4)" "1 1" \
    "default acpi_s3 and acpi_s4 nodes"
expect_eq "$(offsets "$h")" 0 "no wallclock offset by default"
run "$XL" destroy h
expect_rc 0 "destroy"

# Every key; the host is two hours east of UTC for localtime=1.
dd if=/dev/zero of="$T/disk.img" bs=1024 count=64 2> /dev/null
hvm_cfg h 'acpi_s3 = 0' 'acpi_s4 = 0' 'xen_platform_pci = 0' \
    'vendor_device = "xenserver"' \
    'device_model_args = [ "-global", "isa-fdc.driveA=" ]' \
    'device_model_args_hvm = [ "-no-hpet" ]' 'rtc_timeoffset = "-600"' \
    'localtime = 1' "disk = [ '$T/disk.img,raw,hda,w' ]"
# has_keys DOMID WHAT: QEMU's arguments in Xen 4.17's order
# (device_model_args before -machine, _hvm after it, the vendor device
# after the disks), hvmloader's nodes, the wallclock offset (7200 - 600 s)
# noted by the simulated hypervisor once more than before.
has_keys() {
    a=$(args_of "$1")
    expect_match "$a" " -net none -global isa-fdc.driveA= -machine pc,accel=xen,suppress-vmdesc=on -no-hpet -m 32 " \
        "$2: machine pc and the extra arguments"
    expect_match "$a" "cache=writeback -device xen-pvdevice,device-id=0xc000 " \
        "$2: vendor device"
    expect_eq "$(platform "$1" acpi_s3) $(platform "$1" acpi_s4)" "0 0" \
        "$2: acpi_s3=0 and acpi_s4=0 nodes"
    expect_eq "$("$XL" dmesg | grep -c "d$1: wallclock offset 6600 s")" \
        $((before + 1)) "$2: wallclock offset set"
}
before=0
TZ=XST-2 run "$XL" create "$T/h.cfg"
expect_rc 0 "create with the platform keys"
h=$("$XL" domid h)
has_keys "$h" create
run "$XL" list -l h
expect_match "$out" '"rtc_timeoffset": 4294966696' "stored rtc_timeoffset"
expect_match "$out" '"localtime": "True"' "stored localtime"
expect_match "$out" '"xen_platform_pci": "False"' "stored xen_platform_pci"
expect_match "$out" '"acpi_s3": "False"' "stored acpi_s3"
expect_match "$out" '"vendor_device": "xenserver"' "stored vendor_device"
expect_match "$(echo "$out" | tr -d ' \n')" \
    '"extra":\["-global","isa-fdc.driveA="\],"extra_hvm":\["-no-hpet"\]' \
    "stored device model arguments"

# Save and restore: the restored guest gets the same (from the image's
# config), its wallclock offset again.
run "$XL" save h "$T/h.save"
expect_rc 0 "save"
before=$("$XL" dmesg | grep -c "d$h: wallclock offset 6600 s")
TZ=XST-2 run "$XL" restore "$T/h.save"
expect_rc 0 "restore"
n=$("$XL" domid h)
[ "$n" = "$h" ] || before=0
has_keys "$n" restore
run "$XL" destroy h
expect_rc 0 "destroy restored"

# A PV guest: rtc_timeoffset too; device_model_args (no device model
# for it) still refused by name.
pv_cfg p 'rtc_timeoffset = 3600'
run "$XL" create "$T/p.cfg"
expect_rc 0 "create pv with rtc_timeoffset"
p=$("$XL" domid p)
"$XL" dmesg | grep -qF "d$p: wallclock offset 3600 s" ||
    fail "no wallclock offset for the PV guest"
run "$XL" destroy p
expect_rc 0 "destroy pv"
run "$XL" create "$T/p.cfg" 'device_model_args=["-S"]'
expect_rc 1 "device_model_args for a PV guest"
expect_eq "$(echo "$err" | tail -1)" \
    "xl: create: \`$T/p.cfg': key \`device_model_args' is not supported yet" \
    "device_model_args PV message"

# usbversion= (1: UHCI, 2: EHCI and its UHCI companions, 3: xHCI) and
# SPICE USB redirection channels on it (spiceusbredirection= alone asks
# for USB 2); not with usb= or usbdevice=.
hvm_cfg u 'spice = 1' 'spiceport = 6000' 'spicedisable_ticketing = 1' \
    'spiceusbredirection = 2'
run "$XL" create "$T/u.cfg"
expect_rc 0 "create with spiceusbredirection"
u=$("$XL" domid u)
expect_match "$(args_of "$u")" " -device ich9-usb-ehci1,id=usb,addr=0x1d.0x7,multifunction=on -device ich9-usb-uhci1,masterbus=usb.0,firstport=0,addr=0x1d.0,multifunction=on -device ich9-usb-uhci2,masterbus=usb.0,firstport=2,addr=0x1d.0x1,multifunction=on -device ich9-usb-uhci3,masterbus=usb.0,firstport=4,addr=0x1d.0x2,multifunction=on -chardev spicevmc,name=usbredir,id=usbrc1 -device usb-redir,chardev=usbrc1,id=usbrc1 -chardev spicevmc,name=usbredir,id=usbrc2 -device usb-redir,chardev=usbrc2,id=usbrc2 " \
    "USB 2 controller and two redirection channels"
run "$XL" destroy u
expect_rc 0 "destroy usb guest"
for v in 1:piix3-usb-uhci,id=usb 3:nec-usb-xhci,id=usb; do
    hvm_cfg u "usbversion = ${v%%:*}"
    run "$XL" create "$T/u.cfg"
    expect_rc 0 "create with usbversion=${v%%:*}"
    u=$("$XL" domid u)
    expect_match "$(args_of "$u")" " -device ${v#*:} " \
        "usbversion=${v%%:*} controller"
    run "$XL" list -l u
    expect_match "$out" "\"usbversion\": ${v%%:*}" "stored usbversion"
    run "$XL" destroy u
    expect_rc 0 "destroy usbversion=${v%%:*}"
done
hvm_cfg u 'usbversion = 1' 'usb = 1'
run "$XL" create "$T/u.cfg"
expect_rc 1 "usbversion with usb=1"
expect_match "$err" "usbversion= and spiceusbredirection= cannot be combined with usb= or usbdevice=" \
    "usbversion with usb=1 message"
hvm_cfg u 'spice = 1' 'spiceport = 6000' 'spicedisable_ticketing = 1' \
    'spiceusbredirection = 5'
run "$XL" create "$T/u.cfg"
expect_rc 1 "five redirection channels"
expect_match "$err" "spiceusbredirection=5: 1 to 4 channels" \
    "five redirection channels message"

# hdtype="ahci": the first six disks on the ports of an AHCI controller,
# CD-ROMs still on IDE.
dd if=/dev/zero of="$T/disk2.img" bs=1024 count=64 2> /dev/null
hvm_cfg a 'hdtype = "ahci"' "disk = [ '$T/disk.img,raw,hda,w', 'vdev=hdc,devtype=cdrom,access=r,target=', '$T/disk2.img,raw,xvdf,w' ]"
run "$XL" create "$T/a.cfg"
expect_rc 0 "create with hdtype=ahci"
ad=$("$XL" domid a)
a=$(args_of "$ad")
expect_match "$a" " -m 32 -device ahci,id=ahci0 -drive file=$T/disk.img,if=none,id=ahcidisk-0,format=raw,cache=writeback -device ide-hd,bus=ahci0.0,unit=0,drive=ahcidisk-0 " \
    "AHCI controller and disk 0"
expect_match "$a" " -device ide-hd,bus=ahci0.5,unit=0,drive=ahcidisk-5 " \
    "AHCI disk 5"
expect_match "$a" " -device ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0 " \
    "the CD-ROM stays on IDE"
run "$XL" list -l a
expect_match "$out" '"hdtype": "ahci"' "stored hdtype"
run "$XL" destroy a
expect_rc 0 "destroy ahci guest"
hvm_cfg a 'hdtype = "ahci"' "disk = [ '$T/disk.img,raw,hda,r' ]"
run "$XL" create "$T/a.cfg"
expect_rc 1 "read-only AHCI disk"
expect_match "$err" "disk 'hda': qemu-xen has no read-only AHCI disks" \
    "read-only AHCI disk message"

# vga="qxl": 128 MiB of video RAM by default, half RAM half VRAM.
hvm_cfg q 'vga = "qxl"' 'memory = 256'
run "$XL" create "$T/q.cfg"
expect_rc 0 "create with vga=qxl"
qd=$("$XL" domid q)
expect_match "$(args_of "$qd")" " -device qxl-vga,vram_size_mb=64,ram_size_mb=64 .* -m 128 " \
    "qxl device and the guest's RAM"
run "$XL" destroy q
expect_rc 0 "destroy qxl guest"
hvm_cfg q 'vga = "qxl"' 'memory = 256' 'videoram = 64'
run "$XL" create "$T/q.cfg"
expect_rc 1 "qxl with 64 MiB"
expect_match "$err" "videoram=64 MiB: qxl needs at least 128 MiB" \
    "qxl with 64 MiB message"

# mmio_hole= (MiB): QEMU's RAM below 4 GiB ends there, hvmloader's node.
hvm_cfg m 'mmio_hole = 1024'
run "$XL" create "$T/m.cfg"
expect_rc 0 "create with mmio_hole"
md=$("$XL" domid m)
expect_match "$(args_of "$md")" " -machine xenfv,suppress-vmdesc=on,max-ram-below-4g=3221225472 " \
    "mmio_hole: max-ram-below-4g"
expect_eq "$(platform "$md" mmio_hole_size)" 1073741824 "mmio_hole_size node"
run "$XL" list -l m
expect_match "$out" '"mmio_hole_memkb": 1048576' "stored mmio_hole"
run "$XL" destroy m
expect_rc 0 "destroy mmio_hole guest"
run "$XL" -N create "$T/m.cfg" 'mmio_hole=128'
expect_rc 1 "mmio_hole below 256 MiB"
expect_match "$err" "<command line>:1:11: error: parameter \`mmio_hole' is out of range: 128 \(must be 256 to 3840\)" \
    "mmio_hole below 256 MiB message"

# Bad values: where they are.
cat > "$T/bad.cfg" <<'CFG'
name = "b"
type = "hvm"
vendor_device = "citrix"
rtc_timeoffset = 4294967296
acpi_s3 = "maybe"
device_model_args = [ "-S", [ "x" ] ]
CFG
run "$XL" -N create "$T/bad.cfg"
expect_rc 1 "bad platform keys"
expect_match "$err" "bad.cfg:3:17: error: invalid vendor_device \`citrix' \\(xenserver or none\\)" \
    "bad vendor_device"
expect_match "$err" "bad.cfg:4:18: error: parameter \`rtc_timeoffset' is out of range" \
    "bad rtc_timeoffset"
expect_match "$err" "bad.cfg:5:11: error: parameter \`acpi_s3' is not a valid number" \
    "bad acpi_s3"
expect_match "$err" "bad.cfg:6:29: error: parameter \`device_model_args': entry 1 is a list" \
    "bad device_model_args"

# Keys not done yet: refused by name, nothing left.
for kv in 'soundhw="hda"' 'smbios_firmware="/x"' \
          'acpi_firmware="/x"' 'device_model_args_pv=["-S"]'; do
    run "$XL" create "$T/h.cfg" "$kv"
    expect_rc 1 "refused: $kv"
    expect_eq "$(echo "$err" | tail -1)" "xl: create: \`$T/h.cfg': key \`${kv%%=*}' is not supported yet" \
        "refused by name: $kv"
done
"$XL" domid h > /dev/null 2>&1 && fail "a refused guest is left"
finish
