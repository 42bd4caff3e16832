# tests/e2e: image additions for 14-pv-disk: the guest kernel of 10-pv and
# a guest initramfs with xen-blkfront.ko whose /init works on its disks
# (tar archives on raw block devices, no filesystem module needed):
#   prints GUEST-READ <hello.txt of xvda>;
#   waits for xvdb in /sys/block (block-attach from Dom0), prints
#   GUEST-SEES xvdb and GUEST-READ2 <second.txt of xvdb>;
#   waits for xvdb to go (block-detach), prints GUEST-GONE xvdb;
#   writes a tar holding result.txt over xvda, syncs, GUEST-WROTE,
#   powers off.
[ -f "$IMG/guest/vmlinuz" ] || "$E2E_DIR/mkguest.sh" "$IMG/guest"
KVER=$(cat "$CACHE/kver" 2>/dev/null || ls "$ROOT/lib/modules" | head -n 1)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/proc" "$T/sys" "$T/dev" "$T/tmp"
cp "$ROOT/bin/busybox" "$T/bin/busybox"
for a in sh mount cat echo poweroff sleep tar insmod sync ls; do
    ln -s busybox "$T/bin/$a"
done
cp "$ROOT/lib/modules/$KVER/kernel/drivers/block/xen-blkfront.ko" "$T/"
cat >"$T/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
insmod /xen-blkfront.ko
# wait_for COND SECONDS
wait_for() {
    i=0
    while ! eval "$1" && [ $i -lt $(($2 * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    eval "$1"
}
if wait_for '[ -b /dev/xvda ]' 30 && tar -xOf /dev/xvda hello.txt >/tmp/h
then echo "GUEST-READ $(cat /tmp/h)"
else echo "GUEST-READ-FAILED"; ls /sys/block
fi
if wait_for '[ -e /sys/block/xvdb ]' 200; then
    echo "GUEST-SEES xvdb"
    wait_for '[ -b /dev/xvdb ]' 10
    echo "GUEST-READ2 $(tar -xOf /dev/xvdb second.txt)"
    wait_for '[ ! -e /sys/block/xvdb ]' 200 && echo "GUEST-GONE xvdb"
fi
echo "guest read: $(cat /tmp/h)" >/tmp/result.txt
(cd /tmp && tar -cf /dev/xvda result.txt) && sync && echo "GUEST-WROTE"
poweroff -f
INIT
chmod 755 "$T/init"
(cd "$T" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
    gzip -9 >"$IMG/guest/disk-initrd.cpio.gz"
