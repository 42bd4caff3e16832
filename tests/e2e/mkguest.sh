#!/bin/sh
# tests/e2e: build a tiny guest for the guest scenarios: the Debian kernel
# as vmlinuz and a busybox initramfs whose /init prints
#   GUEST-HELLO <name> uptime=<s>
# on its console (hvc0 for PV/PVH, ttyS0 for HVM), then does what
# e2e.after=<poweroff|reboot|crash|wait|count|spin> on its command line
# says (default poweroff; count prints GUEST-COUNT <n> every second, n kept
# in the shell's memory, so after a save and restore it goes on from there;
# spin keeps its vCPU busy compressing and checksumming).
# /sbin/poweroff and /sbin/reboot exist so the kernel's orderly shutdown
# (xl shutdown / xl reboot through control/shutdown) works without an init
# daemon.
# Network (only with e2e.ip=ADDR/PREFIX on the command line): netfront is
# loaded, eth0 gets ADDR, e2e.ping=HOST is pinged (GUEST-PING ok|fail
# HOST), and while it waits the guest prints GUEST-NETDEVS <ethN...>
# whenever its set of network interfaces changes (vif hot-plug).
# With e2e.serial=<tty> (e.g. ttyS0) the marker also goes to /dev/<tty>,
# for a guest whose console is elsewhere (an HVM guest on hvc0).
# Usage: mkguest.sh DIR    (writes DIR/vmlinuz and DIR/initrd.cpio.gz)
# Environment: XEN_E2E_CACHE (see fetch.sh).
set -eu
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
CACHE=${XEN_E2E_CACHE:-$E2E_DIR/cache}
OUT=$1
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/sbin" "$T/proc" "$T/sys" "$T/dev"
cp "$CACHE/root/bin/busybox" "$T/bin/busybox"
for a in sh mount cat echo poweroff reboot sleep cut hostname insmod ip \
    ping ls tr grep; do
    ln -s busybox "$T/bin/$a"
done
for a in poweroff reboot; do
    # Run by the kernel (orderly shutdown) without stdio: say it on the
    # console device.
    printf '#!/bin/sh\necho "GUEST-%s" >/dev/console\nexec /bin/busybox %s -f\n' \
        "$a" "$a" >"$T/sbin/$a"
    chmod 755 "$T/sbin/$a"
done
KVER=$(cat "$CACHE/kver")
mkdir -p "$T/lib"
cp "$CACHE/root/lib/modules/$KVER/kernel/drivers/net/xen-netfront.ko" \
    "$T/lib/xen-netfront.ko"
cat >"$T/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
name=$(cat /proc/sys/kernel/hostname)
after=poweroff
addr= peer= serial=
for arg in $(cat /proc/cmdline); do
    case $arg in
    e2e.name=*) name=${arg#*=} ;;
    e2e.after=*) after=${arg#*=} ;;
    e2e.ip=*) addr=${arg#*=} ;;
    e2e.ping=*) peer=${arg#*=} ;;
    e2e.serial=*) serial=${arg#*=} ;;
    esac
done
hello="GUEST-HELLO $name uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "$hello"
[ -z "$serial" ] || echo "$hello" >"/dev/$serial"
netdevs() { ls /sys/class/net | grep '^eth' | tr '\n' ' '; }
if [ -n "$addr" ]; then
    insmod /lib/xen-netfront.ko
    i=0
    while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    ip link set lo up
    ip addr add "$addr" dev eth0
    ip link set eth0 up
    if [ -n "$peer" ]; then
        if ping -c 3 -W 5 "$peer" >/dev/null 2>&1; then
            echo "GUEST-PING ok $peer"
        else
            echo "GUEST-PING fail $peer"
        fi
    fi
    echo "GUEST-NETDEVS $(netdevs)"
fi
case $after in
reboot) reboot -f ;;
crash) echo c >/proc/sysrq-trigger ;;
wait)
    last=$(netdevs)
    while :; do
        sleep 0.5
        [ -z "$addr" ] && continue
        now=$(netdevs)
        [ "$now" = "$last" ] || echo "GUEST-NETDEVS $now"
        last=$now
    done ;;
spin) while :; do gzip -c /init | md5sum >/dev/null; done ;;
count) n=0; while :; do n=$((n + 1)); echo "GUEST-COUNT $n"; sleep 1; done ;;
*) poweroff -f ;;
esac
INIT
chmod 755 "$T/init"
(cd "$T" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
    gzip -9 >"$OUT/initrd.cpio.gz"
cp "$CACHE/vmlinuz" "$OUT/vmlinuz"
