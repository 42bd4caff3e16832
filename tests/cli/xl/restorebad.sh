#!/bin/sh
# xl restore of images that are not what they should be, on a simulated
# host: foreign formats (empty file, QEMU's savevm, xend's, a legacy or a
# future xl image, a big-endian stream), a damaged config, a stream whose
# records contradict the config.  Each fails with exit status 1 and ONE
# message naming the layer and the offset, and leaves no domain, xenstore
# node (/local/domain, /vm, /libxl, the name index) or stored config.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/savelib.sh"

start_xenstored
start_xenconsoled
count_guest g1
run "$XL" save g1 "$T/good.save"
expect_rc 0 "save"

# The host as a guest-less one looks.
host_state > "$T/clean"

# bad NAME FILE REGEX: restore FILE fails with one message matching REGEX
# and changes nothing on the host.
bad() {
    run "$XL" restore -e "$2"
    expect_rc 1 "$1: exit status"
    expect_match "$err" "$3" "$1: message"
    expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 "$1: one message"
    expect_unchanged "$1"
}

# patch FILE OFFSET BYTES...: overwrite bytes (octal escapes for printf)
patch() {
    f=$1 at=$2
    shift 2
    printf "$@" | dd of="$f" bs=1 seek="$at" conv=notrunc 2> /dev/null
}

# Where the libxc stream starts: its marker is 8 bytes before "XENF".
xenf=$(grep -abo 'XENF' "$T/good.save" | head -1 | cut -d: -f1)
xc=$((xenf - 8))
# The libxl stream header follows xl's header and its optional data.
optlen=$(od -An -tu4 -j44 -N4 "$T/good.save" | tr -d ' ')
lx=$((48 + optlen))
expect_eq "$(tail -c +$((lx + 1)) "$T/good.save" | head -c 8)" "LibxlFmt" \
    "libxl stream header where expected"

: > "$T/empty.save"
bad empty "$T/empty.save" \
    "^xl: restore: $T/empty.save: xl header: truncated image: 0 of 48 bytes at offset 0"
printf 'QEVM\000\000\000\003' > "$T/qemu.save"
head -c 4096 /dev/zero >> "$T/qemu.save"
bad qemu-savevm "$T/qemu.save" "xl header: not a xl save image \(bad magic at offset 0\)"
{ printf 'LinuxGuestRecord'; head -c 4096 /dev/zero; } > "$T/xend.save"
bad xend "$T/xend.save" "not a xl save image \(bad magic at offset 0\)"

# Xen's xl before stream v2 (mandatory flags: JSON only).
cp "$T/good.save" "$T/legacy.save"
patch "$T/legacy.save" 36 '\001\000\000\000'
bad legacy-xl "$T/legacy.save" "xl header: legacy \(pre stream v2\) images are not supported"
# A later xl's mandatory flag.
cp "$T/good.save" "$T/future.save"
patch "$T/future.save" 36 '\003\000\000\100'
bad future-xl "$T/future.save" "xl header: unknown mandatory flags 0x40000000 at offset 36"
# A big-endian libxl stream (options bit 0, big-endian field).
cp "$T/good.save" "$T/be.save"
patch "$T/be.save" $((lx + 15)) '\001'
bad big-endian "$T/be.save" "libxl stream: header at offset $lx: big-endian streams are not supported"
# A converted legacy stream (options bit 1).
cp "$T/good.save" "$T/conv.save"
patch "$T/conv.save" $((lx + 15)) '\002'
bad converted "$T/conv.save" "libxl stream: header at offset $lx: converted legacy streams are not supported"
# A libxc stream from an HVM guest under a PV config.
cp "$T/good.save" "$T/hvm.save"
patch "$T/hvm.save" $((xc + 24)) '\002'
bad hvm-stream "$T/hvm.save" "cannot create domain 'g1': restore: libxc stream: .*(HVM|type 2)"
# libxc's v1 (no marker): Xen's legacy libxc stream.
cp "$T/good.save" "$T/v1.save"
patch "$T/v1.save" "$xc" '\000\000\000\000\000\000\000\000'
bad libxc-legacy "$T/v1.save" "libxc stream: image header at offset $xc: bad marker \(a legacy image\?\)"
# X86_PV_INFO (the record after the two libxc headers): a 32-bit guest.
cp "$T/good.save" "$T/pv32.save"
patch "$T/pv32.save" $((xc + 40 + 8)) '\004'
bad pv-info "$T/pv32.save" "libxc stream: record X86_PV_INFO at offset $((xc + 40)): guest width 4"
# The config is not JSON.
cp "$T/good.save" "$T/json.save"
patch "$T/json.save" 52 'x'
bad bad-config "$T/json.save" "bad domain config"
# A config from another file that does not fit the image (less memory).
sed 's/^memory = 32/memory = 16/' "$T/g1.cfg" > "$T/g1-16.cfg"
run "$XL" restore -e "$T/g1-16.cfg" "$T/good.save"
expect_rc 1 "config that does not fit: exit status"
expect_match "$err" "restore: libxc stream: record PAGE_DATA at offset [0-9]+: populate guest memory: .*does the config's memory match the image's" \
    "config that does not fit: message"
expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 \
    "config that does not fit: one message"
expect_unchanged "config that does not fit"

# The good image still restores after all that.
run "$XL" restore -e "$T/good.save"
expect_rc 0 "restore of the good image"
finish
