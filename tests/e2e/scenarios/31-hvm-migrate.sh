# tests/e2e scenario: xl migrate to localhost of an HVM guest with its
# device model (Debian's qemu-system-xen) and an IDE disk, paused before
# it booted (a boot costs minutes under TCG): the sender's QEMU logs
# dirty pages during pre-copy and saves its state (live) after the
# guest's suspend, the stream carries it, the receiver's QEMU starts from
# it (-incoming); with -p the guest stays paused there, and the new QEMU
# runs with the disk image (the old QEMU let go of it: QEMU's image
# locking would refuse it otherwise).  The old domain and its QEMU are
# gone, nothing is left after destroy.  (About 100 s on a loaded host,
# 67 s of it the migration.)
# e2e-timeout: 600
# e2e-cost: 100
. /e2e/lib.sh

DM=/opt/xen-dm/bin/qemu-system-xen
FW=/opt/xen-dm/boot/hvmloader
name=e2e-hvmmig
DISK=/tmp/$name.img
printf '#!/bin/sh\nshift\nexec "$@"\n' >/tmp/localssh
chmod +x /tmp/localssh
dd if=/dev/zero of=$DISK bs=1024 count=1024 2>/dev/null
# 30-hvm's guest (direct kernel boot, an empty CD-ROM), with an IDE disk.
printf '%s\n' "name = \"$name\"" 'type = "hvm"' "firmware = \"$FW\"" \
    "device_model_override = \"$DM\"" 'kernel = "/guest/vmlinuz"' \
    'ramdisk = "/guest/initrd.cpio.gz"' \
    "extra = \"console=hvc0 quiet e2e.name=$name e2e.after=wait\"" \
    'memory = 128' 'vcpus = 1' 'vnc = 0' 'vga = "none"' \
    'cpuid = "host,rdtscp=0"' 'on_poweroff = "destroy"' \
    'on_reboot = "destroy"' 'on_crash = "destroy"' \
    "disk = [ '$DISK,raw,hda,w', 'vdev=hdc,devtype=cdrom,access=r,target=' ]" \
    >/tmp/$name.cfg

# dm_of ID: the pid of domain ID's device model
dm_of() { xenstore-read /local/domain/$1/image/device-model-pid 2>/dev/null; }
gone() { ! [ -d /proc/$1 ]; }
# only_dom0: no domain, device model node or QMP socket but Dom0's
only_dom0() {
    [ "$(xl list 2>/dev/null | tail -n +2 | awk '{print $1}' | tr '\n' ' ')" = "Domain-0 " ] &&
        [ -z "$(xenstore-list /local/domain/0/device-model 2>/dev/null)" ] &&
        [ -z "$(ls /run/xen 2>/dev/null | grep '^qmp-libxl-')" ]
}

if ! e2e_run create xl create -p /tmp/$name.cfg; then
    e2e_show /var/log/xen/qemu-dm-$name.log
    exit 1
fi
id=$(xl domid $name)
pid=$(dm_of $id)
e2e_pass create "paused, domain $id, device model pid $pid"

t0=$(cut -d' ' -f1 /proc/uptime)
if ! e2e_timeout 300 xl -v migrate -p -s /tmp/localssh $name localhost \
        >"$E2E_OUT" 2>&1; then
    e2e_fail migrate "xl migrate failed"
    e2e_show "$E2E_OUT"
    e2e_show /var/log/xen/qemu-dm-$name--incoming.log
    xl list | sed 's/^/E2E-OUT | /'
    xl destroy $name--incoming 2>/dev/null
    xl destroy $name--migratedaway 2>/dev/null
    xl destroy $name 2>/dev/null
    exit 1
fi
e2e_pass migrate "in $(e2e_since $t0) s: $(sed -n \
    's/^migration sender: \([0-9]* rounds.*\)/\1/p' "$E2E_OUT" | head -1)"
nid=$(xl domid $name)
npid=$(dm_of $nid)
[ -n "$nid" ] && [ "$nid" != "$id" ] &&
    [ "$(xl list | grep -c "^$name")" = 1 ] &&
    e2e_pass moved "domain $id -> $nid, one $name" ||
    { e2e_fail moved "domain '$nid' (was $id)"; xl list | sed 's/^/E2E-OUT | /'; }
xl list $name >"$E2E_OUT" 2>&1
e2e_expect paused "^$name +$nid .* --p---" "paused there (-p)"
if e2e_wait 30 gone $pid; then
    e2e_pass old-dm-gone "the old device model ($pid) exited"
else
    e2e_fail old-dm-gone "the old device model ($pid) still runs after" \
        "$(e2e_secs 30) s"
fi
tr '\0' ' ' </proc/$npid/cmdline >"$E2E_OUT" 2>&1
e2e_expect incoming "incoming fd:[0-9]+" \
    "the new device model ($npid) started from the saved state"
xenstore-list /local/domain >"$E2E_OUT" 2>&1
[ "$(tr '\n' ' ' <"$E2E_OUT")" = "0 $nid " ] &&
    e2e_pass old-nodes-gone "/local/domain: 0 $nid" ||
    { e2e_fail old-nodes-gone "/local/domain: $(tr '\n' ' ' <"$E2E_OUT")"; }
ls /var/lib/xen >"$E2E_OUT" 2>&1
grep -q '^qemu-' "$E2E_OUT" &&
    e2e_fail state-files "left in /var/lib/xen: $(grep '^qemu-' "$E2E_OUT")" ||
    e2e_pass state-files "no device state file left"
xl qemu-monitor-command $name "info block" >"$E2E_OUT" 2>&1
e2e_expect disk "^ide0-hd0.*$DISK" "the new QEMU has the IDE disk"
# The new QEMU took the disk image over (QEMU's image locking: it opens
# the image at the end of the incoming migration, and only once the old
# QEMU let go of it, which xen-save-devices-state's live flag does): cont
# (which would fail on a held lock) says nothing, and QEMU runs.  The
# guest itself is not unpaused: never booted, its hvmloader would find
# no memory map (Xen 4.17's libxl, as ours, sets it only when it builds
# a domain, not when it restores one).
if e2e_run dm-cont xl qemu-monitor-command $name cont; then
    said=$(grep -v '^Failed to read config file' "$E2E_OUT" | tr -d '\r\n')
    [ -z "$said" ] && e2e_pass dm-cont "QEMU's cont activated the disk image" ||
        e2e_fail dm-cont "cont said: $said"
fi
xl qemu-monitor-command $name "info status" >"$E2E_OUT" 2>&1
e2e_expect dm-running "VM status: running" \
    "$(grep 'VM status' "$E2E_OUT" | tr -d '\r')"
log=/var/log/xen/qemu-dm-$name--incoming.log
if ! [ -f $log ]; then
    e2e_fail dm-log "no log $log"
elif grep -q 'Failed to get' $log; then
    e2e_fail dm-log "the new QEMU could not lock an image"
    e2e_show $log
else
    e2e_pass dm-log "no lock error in the new QEMU's log"
fi
e2e_run destroy xl destroy $name
if e2e_wait 30 only_dom0 && e2e_wait 10 gone $npid; then
    e2e_pass clean "nothing left"
else
    e2e_fail clean "left: $(xl list | tail -n +2 | awk '{print $1}' | tr '\n' ' ')" \
        "device models: $(xenstore-list /local/domain/0/device-model 2>&1 | tr '\n' ' ')"
fi
rm -f $DISK
