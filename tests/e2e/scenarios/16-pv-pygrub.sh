# tests/e2e scenario: a PV guest boots through Debian's pygrub
# (bootloader=) from an ext2 disk image holding /boot/grub/grub.cfg, the
# Debian kernel and the test initramfs (16-pv-pygrub.img.sh): pygrub runs
# on our pty, shows its menu for the one second of grub.cfg, and our libxl
# boots the kernel, ramdisk and command line it extracted; the marker
# reaches the console, and no extracted file is left in /var/lib/xen.
# e2e-timeout: 300
# e2e-cost: 50
. /e2e/lib.sh

# The disk: ext2 with the guest and grub.cfg (mke2fs -d, no mount).
disk=/tmp/pygrub-disk.img
mkdir -p /tmp/pygrub-fs/boot/grub
cp /guest/vmlinuz /tmp/pygrub-fs/boot/vmlinuz
cp /guest/initrd.cpio.gz /tmp/pygrub-fs/boot/initrd.img
cp /e2e/pygrub/grub.cfg /tmp/pygrub-fs/boot/grub/grub.cfg
truncate -s 16M $disk
if /sbin/mke2fs -q -F -t ext2 -d /tmp/pygrub-fs $disk >"$E2E_OUT" 2>&1; then
    e2e_pass disk "ext2 image with /boot/grub/grub.cfg, kernel, initrd"
else
    e2e_fail disk "mke2fs -d failed"
    e2e_show "$E2E_OUT"
fi
rm -rf /tmp/pygrub-fs

# Debian's pygrub itself runs in our Dom0 (Python, xenfsimage, ext2).
mkdir -p /tmp/pygrub.d
: >/tmp/pygrub.out
t0=$(cut -d' ' -f1 /proc/uptime)
if e2e_timeout 60 /e2e/ref/pygrub -q --output=/tmp/pygrub.out \
    --output-format=simple0 --output-directory=/tmp/pygrub.d \
    $disk >"$E2E_OUT" 2>&1 &&
    tr '\0' '\n' </tmp/pygrub.out | grep -q '^kernel /tmp/pygrub.d/'; then
    e2e_pass pygrub "pygrub -q extracted the kernel in $(e2e_since $t0) s:" \
        "$(tr '\0' ' ' </tmp/pygrub.out)"
else
    e2e_fail pygrub "pygrub -q did not extract a kernel"
    e2e_show "$E2E_OUT"
fi
rm -rf /tmp/pygrub.d /tmp/pygrub.out

# xl create runs pygrub (Python under TCG: 5 s idle, 30 s on a loaded
# host) before it builds.
E2E_RUN_TIMEOUT=120
name=e2e-pygrub
cat >/tmp/$name.cfg <<CFG
name = "$name"
type = "pv"
bootloader = "/e2e/ref/pygrub"
disk = [ "format=raw, vdev=xvda, access=r, target=$disk" ]
memory = 128
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
CFG
e2e_guest_runs $name /tmp/$name.cfg
left=$(ls -d /var/lib/xen/bootloader.* 2>/dev/null)
if [ -z "$left" ]; then
    e2e_pass cleanup "no bootloader output left in /var/lib/xen"
else
    e2e_fail cleanup "left behind: $left"
fi
if grep -q "pyGRUB" /var/log/xen/bootloader.*.log 2>/dev/null; then
    e2e_pass menu "pygrub drew its menu on our pty" \
        "($(ls /var/log/xen/bootloader.*.log | head -n 1))"
else
    e2e_fail menu "no pyGRUB menu in /var/log/xen/bootloader.*.log"
fi
