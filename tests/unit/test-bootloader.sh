#!/bin/sh
# A bootloader for the tests: speaks the protocol Xen 4.17's libxl uses
# with pygrub (libxl/bootloader.h) and misbehaves on request.
#
# The disk is an ext2 image (read with debugfs) or a tar archive holding
# boot/menu, whose lines "kernel PATH", "ramdisk PATH", "args CMDLINE"
# name files on the disk; --kernel=, --ramdisk= override the menu, --args=
# is appended to its command line.  --mode= (a bootloader_args entry)
# picks the behaviour:
#   ok        copy the kernel (and ramdisk) into the output directory and
#             write the simple0 output (default)
#   fail      print an error on standard error, exit 1
#   hang      start a background sleeper (its pid in BOOTLOADER_TEST_PIDS)
#             and never finish
#   signal    die of SIGKILL
#   garbage   write text that is not simple0
#   newline   write the "simple" format (newlines) instead of simple0
#   outside   name a kernel outside the output directory
#   nokernel  write only an args item
# It checks that its standard input and output are a terminal and that
# TERM is vt100, and appends its arguments, one per line, to
# $BOOTLOADER_TEST_LOG when that is set.
out="" format="" dir="" disk="" kernel="" ramdisk="" args="" mode=ok
for a in "$@"; do
    case $a in
    --output=*) out=${a#--output=} ;;
    --output-format=*) format=${a#--output-format=} ;;
    --output-directory=*) dir=${a#--output-directory=} ;;
    --kernel=*) kernel=${a#--kernel=} ;;
    --ramdisk=*) ramdisk=${a#--ramdisk=} ;;
    --args=*) args=${a#--args=} ;;
    --mode=*) mode=${a#--mode=} ;;
    -*) ;;
    *) disk=$a ;;
    esac
done
if [ -n "${BOOTLOADER_TEST_LOG:-}" ]; then
    printf '%s\n' "$0" "$@" >>"$BOOTLOADER_TEST_LOG"
    echo "--" >>"$BOOTLOADER_TEST_LOG"
fi
die() {
    echo "test-bootloader: $*" >&2
    exit 1
}
[ -t 0 ] && [ -t 1 ] || die "standard input and output are not a terminal"
[ "${TERM:-}" = vt100 ] || die "TERM is '${TERM:-}', not vt100"
[ "$format" = simple0 ] || die "output format '$format', not simple0"
[ -n "$out" ] && [ -f "$out" ] || die "no output file"
[ -n "$dir" ] && [ -d "$dir" ] || die "no output directory"
[ -n "$disk" ] && [ -r "$disk" ] || die "cannot read the disk '$disk'"

# read_file PATH-ON-DISK: its contents on standard output
is_ext2() {
    [ "$(od -An -tx1 -j1080 -N2 "$disk" 2>/dev/null | tr -d ' ')" = 53ef ]
}
read_file() {
    if is_ext2; then
        t=$(mktemp "$dir/read.XXXXXX")
        debugfs -R "dump $1 $t" "$disk" >/dev/null 2>&1
        [ -s "$t" ] || { rm -f "$t"; return 1; }
        cat "$t"
        rm -f "$t"
    else
        tar -xOf "$disk" "${1#/}" 2>/dev/null
    fi
}

case $mode in
fail) die "no bootable entry in the menu" ;;
hang)
    sleep 1000 &
    [ -z "${BOOTLOADER_TEST_PIDS:-}" ] || echo $! >>"$BOOTLOADER_TEST_PIDS"
    echo "Will boot selected entry in 1000 seconds"
    wait
    exit 0 ;;
signal) kill -9 $$ ;;
garbage) printf 'Booting the default entry...\nkernel?' >"$out"; exit 0 ;;
newline) printf 'kernel %s/k\nargs x\n' "$dir" >"$out"; exit 0 ;;
outside) printf 'kernel /etc/passwd\0' >"$out"; exit 0 ;;
nokernel) printf 'args quiet\0\0' >"$out"; exit 0 ;;
ok) ;;
*) die "unknown mode '$mode'" ;;
esac

menu=$(read_file /boot/menu) || die "no /boot/menu on the disk"
mk=$(echo "$menu" | sed -n 's/^kernel //p')
mr=$(echo "$menu" | sed -n 's/^ramdisk //p')
ma=$(echo "$menu" | sed -n 's/^args //p')
[ -n "$kernel" ] || kernel=$mk
[ -n "$ramdisk" ] || ramdisk=$mr
[ -n "$args" ] && ma="$ma $args"
echo "Booting '$kernel'"
k=$(mktemp "$dir/boot_kernel.XXXXXX")
read_file "$kernel" >"$k" || die "cannot read $kernel from the disk"
res="kernel $k"
if [ -n "$ramdisk" ]; then
    r=$(mktemp "$dir/boot_ramdisk.XXXXXX")
    read_file "$ramdisk" >"$r" || die "cannot read $ramdisk from the disk"
    res="$res
ramdisk $r"
fi
[ -z "$ma" ] || res="$res
args $ma"
printf '%s\n\n' "$res" | tr '\n' '\0' >"$out"
