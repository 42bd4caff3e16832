#!/bin/sh
# tests/e2e: fetch the Debian 12 packages the real-Xen harness boots.
#
# Downloads with `apt-get download` into $XEN_E2E_CACHE (default
# tests/e2e/cache next to this script), unpacks them with dpkg-deb -x into
# $CACHE/root, and leaves:
#   $CACHE/xen            Xen 4.17 (ELF32 multiboot image, gunzipped)
#   $CACHE/vmlinuz        the Dom0 (and guest) kernel
#   $CACHE/kver           the kernel's module directory name
#   $CACHE/root/          every package unpacked (modules, busybox, the
#                         Debian Xen user space used only by the reference
#                         image)
#   $CACHE/versions.txt   package versions, $CACHE/host-versions.txt the
#                         host's QEMU & co.
# A warm cache (every .deb present and unpacked) costs no network access.
# Usage: fetch.sh            (prints nothing but errors unless E2E_VERBOSE=1)
set -eu

E2E_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${XEN_E2E_CACHE:-$E2E_DIR/cache}
DEBS=$CACHE/debs
ROOT=$CACHE/root

say() { [ "${E2E_VERBOSE:-0}" = 0 ] || echo "fetch: $*"; }
die() { echo "fetch: $*" >&2; exit 1; }

# Xen user space for the reference image only (never in our image).
XEN_PKGS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common
xenstore-utils libxenmisc4.17 libxencall1 libxendevicemodel1 libxenevtchn1
libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenstore4 libxentoolcore1
libxentoollog1 libyajl2"

mkdir -p "$DEBS" "$ROOT"

updated=0
apt_update_once() {
    [ $updated = 1 ] && return 0
    say "apt-get update"
    apt-get update -qq >/dev/null 2>&1 || die "apt-get update failed"
    updated=1
}

# The kernel package: whatever linux-image-amd64 depends on. Kept in the
# cache so a warm run needs no package lists at all.
if [ -s "$CACHE/kernel-pkg" ]; then
    KPKG=$(cat "$CACHE/kernel-pkg")
else
    kdep() {
        apt-cache depends linux-image-amd64 2>/dev/null |
            sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' |
            head -n 1
    }
    KPKG=$(kdep)
    if [ -z "$KPKG" ]; then
        apt_update_once
        KPKG=$(kdep)
    fi
    [ -n "$KPKG" ] || die "cannot resolve the package linux-image-amd64 needs"
    echo "$KPKG" >"$CACHE/kernel-pkg"
fi

# HVM guests' device model (scenario 30-hvm): Debian's qemu-system-xen,
# an external program that links Debian's Xen libraries; it goes into its
# own tree of the image (/opt/xen-dm), never under our prefix.
DM_PKGS="qemu-system-xen"

PKGS="$XEN_PKGS $DM_PKGS $KPKG busybox-static"

have_deb() { ls "$DEBS/$1"_*.deb >/dev/null 2>&1; }

missing=""
for p in $PKGS; do
    have_deb "$p" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    say "downloading$missing"
    # shellcheck disable=SC2086
    if ! (cd "$DEBS" && apt-get download -q $missing >/dev/null 2>&1); then
        apt_update_once
        # shellcheck disable=SC2086
        (cd "$DEBS" && apt-get download -q $missing >/dev/null) ||
            die "apt-get download failed for:$missing"
    fi
fi

# Unpack each .deb once; a stamp per .deb file name records it.
mkdir -p "$CACHE/stamps"
for p in $PKGS; do
    deb=$(ls "$DEBS/$p"_*.deb | tail -n 1)
    stamp=$CACHE/stamps/$(basename "$deb").unpacked
    [ -e "$stamp" ] && continue
    say "unpacking $(basename "$deb")"
    dpkg-deb -x "$deb" "$ROOT"
    : >"$stamp"
done

# The hypervisor: /boot/xen-4.17-amd64.gz is already the ELF32 multiboot
# image QEMU's -kernel loads.
xengz=$(ls "$ROOT"/boot/xen-4.17-amd64.gz 2>/dev/null || true)
[ -n "$xengz" ] || die "no boot/xen-4.17-amd64.gz in the hypervisor package"
if [ ! -s "$CACHE/xen" ] || [ "$xengz" -nt "$CACHE/xen" ]; then
    zcat "$xengz" >"$CACHE/xen.tmp" && mv "$CACHE/xen.tmp" "$CACHE/xen"
fi

KVER=${KPKG#linux-image-}
[ -f "$ROOT/boot/vmlinuz-$KVER" ] || die "no boot/vmlinuz-$KVER"
[ -d "$ROOT/lib/modules/$KVER" ] || die "no lib/modules/$KVER"
cp -p "$ROOT/boot/vmlinuz-$KVER" "$CACHE/vmlinuz"
echo "$KVER" >"$CACHE/kver"

# Versions, for the logs and the README.
for p in $PKGS; do
    deb=$(ls "$DEBS/$p"_*.deb | tail -n 1)
    printf '%s %s\n' "$p" "$(dpkg-deb -f "$deb" Version)"
done >"$CACHE/versions.txt"
for p in qemu-system-x86 qemu-system-data seabios libc6 bash; do
    v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo none)
    printf '%s %s\n' "$p" "$v"
done >"$CACHE/host-versions.txt"
say "cache ready in $CACHE"
