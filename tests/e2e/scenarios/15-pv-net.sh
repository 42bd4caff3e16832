# tests/e2e scenario: a PV guest with a vif on bridge xenbr0 in Dom0.
# Dom0 makes the bridge (busybox brctl, ip) with 10.0.0.1; our xl create
# puts netback's interface on it natively (libnl, no script); the guest
# (netfront, 10.0.0.2) pings Dom0.  Then network-attach of a second vif
# (vifname=, mtu=) and network-detach of it while the guest runs (the
# guest sees eth1 come and go), network-list, a bad bridge refused with one message and
# nothing left, and destroy taking the vif off the bridge.
# e2e-timeout: 300
# e2e-cost: 35
. /e2e/lib.sh

name=e2e-net
log=/var/log/xen/console/guest-$name.log

# until SECONDS CMD...: wait until CMD succeeds (e2e_wait).
until_ok() { e2e_wait "$@"; }
in_log() { grep -q -- "$1" "$log" 2>/dev/null; }
last_netdevs() { grep 'GUEST-NETDEVS' "$log" 2>/dev/null | tail -n 1 |
    tr -d '\r'; }
netdevs_is() { [ "$(last_netdevs)" = "GUEST-NETDEVS $1" ]; }

# (busybox brctl has no setfd: forward delay 0 through sysfs, as Xen's
# create_bridge sets it)
brctl addbr xenbr0 &&
    echo 0 >/sys/class/net/xenbr0/bridge/forward_delay &&
    ip addr add 10.0.0.1/24 dev xenbr0 && ip link set xenbr0 up &&
    e2e_pass bridge "xenbr0 with 10.0.0.1/24" ||
    { e2e_fail bridge "cannot make xenbr0"; exit 1; }

cat >/tmp/$name.cfg <<CFG
name = "$name"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.cpio.gz"
extra = "console=hvc0 quiet e2e.name=$name e2e.after=wait e2e.ip=10.0.0.2/24 e2e.ping=10.0.0.1"
memory = 128
vif = [ 'mac=00:16:3e:00:00:02,bridge=xenbr0' ]
on_poweroff = "destroy"
CFG

if ! e2e_timeout 120 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail create "xl create failed"
    e2e_show "$E2E_OUT"
    dmesg | grep -i vif | tail -n 5 | sed 's/^/E2E-OUT | /'
    exit 1
fi
e2e_pass create "xl create with a vif on xenbr0"
id=$(xl domid $name)
if [ -e /sys/class/net/xenbr0/brif/vif$id.0 ]; then
    e2e_pass enslaved "vif$id.0 is a port of xenbr0"
else
    e2e_fail enslaved "vif$id.0 not on xenbr0: $(ls /sys/class/net | tr '\n' ' ')"
fi
if until_ok 120 in_log "GUEST-PING "; then
    if in_log "GUEST-PING ok 10.0.0.1"; then
        e2e_pass ping "the guest pinged Dom0 through xenbr0"
    else
        e2e_fail ping "the guest's ping failed"
        e2e_show "$log"
    fi
else
    e2e_fail ping "no GUEST-PING line"
    e2e_show "$log"
fi
be=/local/domain/0/backend/vif/$id/0
until_ok 20 test "$(xenstore-read $be/state)" = 4 &&
    e2e_pass connected "backend state 4, hotplug-status $(xenstore-read $be/hotplug-status)" ||
    e2e_fail connected "backend state $(xenstore-read $be/state 2>&1)"
xl network-list $name >"$E2E_OUT" 2>&1
# (evt-ch is -1 as with Xen's xl: netfront uses split event channels,
# event-channel-tx/-rx, when netback offers them)
e2e_expect list "^0 +0 +00:16:3e:00:00:02 +0 +4 +-?[0-9]+ +[0-9]+/[0-9]+ +$be" \
    "xl network-list: devid 0 connected"

# Hot-plug: a second vif while the guest runs.
e2e_run attach xl network-attach $name bridge=xenbr0 mac=00:16:3e:00:00:03 \
    vifname=e2evif1 mtu=1400 &&
    if until_ok 60 netdevs_is "eth0 eth1 " &&
        [ -e /sys/class/net/xenbr0/brif/e2evif1 ] &&
        [ "$(cat /sys/class/net/e2evif1/mtu)" = 1400 ]; then
        e2e_pass attach "the guest got eth1; vif$id.1 renamed e2evif1 (MTU 1400) on xenbr0"
    else
        e2e_fail attach "guest: '$(last_netdevs)'"
        e2e_show "$log"
    fi
xl network-list $name >"$E2E_OUT" 2>&1
e2e_expect list2 "^1 +0 +00:16:3e:00:00:03 +1 +4 " "xl network-list: devid 1"
e2e_run detach xl network-detach $name 00:16:3e:00:00:03 &&
    if until_ok 60 netdevs_is "eth0 " &&
        [ ! -e /sys/class/net/xenbr0/brif/e2evif1 ] &&
        ! xenstore-exists /local/domain/0/backend/vif/$id/1 &&
        ! xenstore-exists /libxl/$id/device/vif/1; then
        e2e_pass detach "eth1 gone from the guest, e2evif1 and its nodes gone"
    else
        e2e_fail detach "guest: '$(last_netdevs)'"
        e2e_show "$log"
    fi

# A bad bridge: one message, nothing left (attach, then create).
if xl network-attach $name bridge=nosuchbr >"$E2E_OUT" 2>&1; then
    e2e_fail attach-bad-bridge "network-attach succeeded"
else
    e2e_expect attach-bad-bridge "bridge 'nosuchbr' does not exist" \
        "refused: $(grep '^xl:' "$E2E_OUT" | head -n 1)"
    [ "$(xenstore-list /libxl/$id/device/vif | tr '\n' ' ')" = "0 " ] &&
        e2e_pass attach-bad-bridge-clean "only vif 0 left" ||
        e2e_fail attach-bad-bridge-clean "vifs: $(xenstore-list /libxl/$id/device/vif | tr '\n' ' ')"
fi
sed -e 's/^name = .*/name = "e2e-badbr"/' -e 's/bridge=xenbr0/bridge=nosuchbr/' \
    /tmp/$name.cfg >/tmp/badbr.cfg
if xl create /tmp/badbr.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail create-bad-bridge "xl create succeeded"
    xl destroy e2e-badbr
else
    e2e_expect create-bad-bridge "^xl: create: .*bridge 'nosuchbr' does not exist" \
        "$(grep 'xl: create' "$E2E_OUT" | head -n 1)"
    # (besides xl's "Failed to read config file" and "Parsing config")
    [ "$(grep -v -e '^Failed to read config file' -e '^Parsing config' \
        "$E2E_OUT" | grep -c .)" = 1 ] ||
        e2e_fail create-bad-bridge-one "more than one message"
    ! xl domid e2e-badbr >/dev/null 2>&1 &&
        [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 $id " ] &&
        e2e_pass create-bad-bridge-clean "no domain, no nodes" ||
        e2e_fail create-bad-bridge-clean "left: $(xenstore-list /local/domain | tr '\n' ' ')"
fi

e2e_run destroy xl destroy $name &&
    if [ -z "$(ls /sys/class/net/xenbr0/brif)" ] &&
        [ -z "$(xenstore-list /local/domain/0/backend/vif 2>/dev/null)" ]; then
        e2e_pass destroy-clean "no port on xenbr0, no vif backend"
    else
        e2e_fail destroy-clean "ports: $(ls /sys/class/net/xenbr0/brif | tr '\n' ' ')"
    fi
