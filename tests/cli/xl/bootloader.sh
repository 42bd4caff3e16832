#!/bin/sh
# bootloader= end to end on the simulator: `xl create` runs our test
# bootloader (tests/unit/test-bootloader.sh) on an ext2 disk image holding
# a simulated kernel (xensim mkkernel) and a menu; the guest boots with the
# kernel, ramdisk and command line it chose.  A failing, hanging or
# garbage-printing bootloader gives one message, and leaves no domain, no
# xenstore node and no extracted file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

BL="$top_srcdir/tests/unit/test-bootloader.sh"
LIBDIR="$XENSIM_DIR/var/lib/xen"

# nothing_left NAME: no domain, no guest nodes, no bootloader files.
nothing_left() {
    "$XL" domid "$1" > /dev/null 2>&1 && fail "$1: domain left"
    n=$("$XS/xenstore-list" /local/domain 2> /dev/null | grep -vx 0)
    [ -z "$n" ] || fail "$1: xenstore nodes left: /local/domain/$n"
    left=$(ls -d "$LIBDIR"/bootloader.* 2> /dev/null)
    [ -z "$left" ] || fail "$1: bootloader files left: $left"
}

# The disk: ext2 with the simulated kernel, a ramdisk and the menu.
mkdir -p "$T/fs/boot"
"$XENSIM" mkkernel "$T/fs/boot/vmlinuz" --format bzimage-xz ||
    fail "mkkernel"
echo "the ramdisk" > "$T/fs/boot/initrd.img"
printf 'kernel /boot/vmlinuz\nramdisk /boot/initrd.img\nargs %s\n' \
    "console=hvc0 root=/dev/xvda1" > "$T/fs/boot/menu"
truncate -s 8M "$T/disk.img"
mke2fs -q -F -t ext2 -d "$T/fs" "$T/disk.img" || fail "mke2fs -d"

start_xenstored
start_xenconsoled
# Domain-0's blkback (the disk is attached as the guest's xvda).
start_backend

# cfg NAME MODE [LINE...]
cfg() {
    name=$1 mode=$2
    shift 2
    {
        printf '%s\n' "name = \"$name\"" 'type = "pv"' \
            "bootloader = \"$BL\"" "bootloader_args = [ \"--mode=$mode\" ]" \
            "disk = [ \"format=raw, vdev=xvda, access=r, target=$T/disk.img\" ]" \
            'memory = 64' 'extra = "quiet"' 'on_crash = "preserve"'
        printf '%s\n' "$@"
    } > "$T/$name.cfg"
}

# Boots: the kernel from the disk, the menu's command line plus extra=.
cfg b1 ok
run "$XL" create "$T/b1.cfg"
expect_rc 0 "create b1"
id=$("$XL" domid b1)
wait_for 10 log_has b1 "XENSIM GUEST UP domid=$id" ||
    fail "b1: no marker on the console"
log_has b1 "^Command line: console=hvc0 root=/dev/xvda1 quiet" ||
    fail "b1: not the bootloader's command line"
left=$(ls -d "$LIBDIR"/bootloader.* 2> /dev/null)
[ -z "$left" ] || fail "b1: bootloader files left: $left"
grep -q "Booting '/boot/vmlinuz'" "$XENSIM_DIR/var/log/xen/bootloader.$id.log" ||
    fail "b1: no bootloader log"
"$XL" destroy b1

# kernel= names a file inside the disk (--kernel=); a missing one fails.
cfg b2 ok 'kernel = "/boot/nonexistent"'
run "$XL" create "$T/b2.cfg"
expect_rc 1 "create b2"
expect_match "$err" "cannot create domain 'b2': run bootloader: bootloader '.*test-bootloader.sh' failed \(exit status 1\): test-bootloader: cannot read /boot/nonexistent from the disk" "b2 message"
nothing_left b2

# Failure, garbage, time-out: one message each, nothing left.
cfg b3 fail
run "$XL" create "$T/b3.cfg"
expect_rc 1 "create b3"
expect_match "$err" "run bootloader: .*failed \(exit status 1\): test-bootloader: no bootable entry in the menu" "b3 message"
expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 "b3: one message"
nothing_left b3

cfg b4 garbage
run "$XL" create "$T/b4.cfg"
expect_rc 1 "create b4"
expect_match "$err" "run bootloader: .*not in the simple0 format" "b4 message"
nothing_left b4

cfg b5 hang
run env LIBXL_BOOTLOADER_RESTRICT=1 LIBXL_BOOTLOADER_USER=nobody \
    LIBXL_BOOTLOADER_TIMEOUT=1 "$XL" create "$T/b5.cfg"
expect_rc 1 "create b5"
expect_match "$err" "run bootloader: .*did not finish within 1 s" "b5 message"
nothing_left b5

# No disk at all.
cfg b6 ok
grep -v '^disk' "$T/b6.cfg" > "$T/b6b.cfg"
run "$XL" create "$T/b6b.cfg"
expect_rc 1 "create b6"
expect_match "$err" "bootloader= needs a boot disk" "b6 message"
nothing_left b6
finish
