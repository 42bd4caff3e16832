#!/bin/sh
# tests/e2e: build a tiny guest for the guest scenarios: the Debian kernel
# as vmlinuz and a busybox initramfs whose /init prints
#   GUEST-HELLO <name> uptime=<s>
# on its console (hvc0 for PV/PVH, ttyS0 for HVM) and powers off.
# Usage: mkguest.sh DIR    (writes DIR/vmlinuz and DIR/initrd.cpio.gz)
# Environment: XEN_E2E_CACHE (see fetch.sh).
set -eu
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${XEN_E2E_CACHE:-$E2E_DIR/cache}
OUT=$1
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/proc" "$T/sys" "$T/dev"
cp "$CACHE/root/bin/busybox" "$T/bin/busybox"
for a in sh mount cat echo poweroff sleep cut hostname; do
    ln -s busybox "$T/bin/$a"
done
cat >"$T/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
name=$(cat /proc/sys/kernel/hostname)
for arg in $(cat /proc/cmdline); do
    case $arg in e2e.name=*) name=${arg#*=} ;; esac
done
echo "GUEST-HELLO $name uptime=$(cut -d' ' -f1 /proc/uptime)"
poweroff -f
INIT
chmod 755 "$T/init"
(cd "$T" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
    gzip -9 >"$OUT/initrd.cpio.gz"
cp "$CACHE/vmlinuz" "$OUT/vmlinuz"
