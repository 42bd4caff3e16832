# tests/e2e: image additions for 30-hvm: the guest, Dom0's tun.ko (/e2e:
# QEMU's tap for an emulated NIC), and the HVM guest's device model in its
# own tree, apart from our toolstack:
#   /opt/xen-dm/libexec/xen-qemu-system-i386   Debian's qemu-system-xen
#   /opt/xen-dm/lib/                           the Debian Xen libraries it
#                                              (and only it) loads
#   /opt/xen-dm/bin/qemu-system-xen            wrapper: LD_LIBRARY_PATH of
#                                              that directory, then exec
#   /opt/xen-dm/boot/hvmloader                 Debian's hvmloader
#   /opt/xen-dm/share/qemu/                    QEMU's option ROMs, keymap
# /opt/xen-dm/lib is on no ld.so path: our binaries never see it
# (mkinitrd.sh checks that nothing outside /opt/xen-dm needs it).  The
# non-Xen libraries QEMU needs (glib, pixman, spice...) come from the host
# into the usual places, SeaBIOS and QEMU's option ROMs for direct kernel
# boot from the host's seabios and qemu-system-data (the e1000 / rtl8139
# cards' ROM files are blank, see below).
set -eu
"$E2E_DIR/mkguest.sh" "$IMG/guest"
DM=$IMG/opt/xen-dm
ML=x86_64-linux-gnu
QEMU=$ROOT/usr/libexec/xen-qemu-system-i386
[ -x "$QEMU" ] || { echo "30-hvm: no $QEMU (fetch.sh)" >&2; exit 1; }
mkdir -p "$DM/bin" "$DM/lib" "$DM/libexec" "$DM/boot"
cp "$QEMU" "$DM/libexec/xen-qemu-system-i386"
cp "$ROOT/usr/lib/xen-4.17/boot/hvmloader" "$DM/boot/hvmloader"
LD_LIBRARY_PATH=$ROOT/usr/lib/$ML ldd "$QEMU" |
    sed -n 's/.*=> \(\/[^ ]*\) (.*/\1/p' | while read -r lib; do
        case $lib in
        "$ROOT"/*) cp -L "$lib" "$DM/lib/" ;;
        *)
            [ -e "$IMG$lib" ] && continue
            mkdir -p "$IMG$(dirname "$lib")"
            cp -L "$lib" "$IMG$lib"
            ;;
        esac
    done
cat >"$DM/bin/qemu-system-xen" <<'WRAP'
#!/bin/sh
# Debian's qemu-system-xen with the Debian Xen libraries of its own tree.
LD_LIBRARY_PATH=/opt/xen-dm/lib exec /opt/xen-dm/libexec/xen-qemu-system-i386 "$@"
WRAP
chmod 755 "$DM/bin/qemu-system-xen"
# QEMU finds its data relative to its program (../share/qemu): the option
# ROMs of direct kernel boot, and the keymap its VNC code loads even with
# -vnc none.
mkdir -p "$IMG/usr/share/seabios" "$DM/share/qemu/keymaps"
cp /usr/share/seabios/bios-256k.bin "$IMG/usr/share/seabios/"
for f in linuxboot.bin linuxboot_dma.bin kvmvapic.bin; do
    cp /usr/share/qemu/$f "$DM/share/qemu/"
done
cp /usr/share/qemu/keymaps/en-us "$DM/share/qemu/keymaps/"
# The emulated cards' option ROM files: QEMU refuses a card whose ROM file
# (iPXE's, from ipxe-qemu on a Debian host) is missing.  Network boot is
# no part of the test and iPXE's 250 KiB ROM would only cost boot time
# under this emulation: the image has blank 512-byte files, which SeaBIOS
# skips (no 0x55AA signature).
for f in efi-e1000.rom efi-rtl8139.rom; do
    dd if=/dev/zero of="$DM/share/qemu/$f" bs=512 count=1 2>/dev/null
done
mkdir -p "$IMG/e2e/bin"
# Dom0's tun driver: QEMU opens the emulated NIC's tap through /dev/net/tun.
KVER=$(cat "$CACHE/kver")
cp "$ROOT/lib/modules/$KVER/kernel/drivers/net/tun.ko" "$IMG/e2e/tun.ko"
# A device model that cannot start, for the failure check.
cat >"$IMG/e2e/bin/broken-dm" <<'BROKEN'
#!/bin/sh
echo "broken-dm: refusing to emulate anything" >&2
exit 1
BROKEN
chmod 755 "$IMG/e2e/bin/broken-dm"
