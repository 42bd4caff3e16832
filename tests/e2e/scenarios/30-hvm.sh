# tests/e2e scenario: an HVM guest (hvmloader, SeaBIOS, Debian's
# qemu-system-xen as device model, direct kernel boot) prints its marker on
# the emulated serial port and powers off (ACPI, through the device
# model); the domain and its device model are gone.  A device model that
# cannot start fails the creation with one message naming it and leaves
# nothing behind.  Slow under TCG: about 80 s of guest boot on an idle
# host, several minutes on a loaded one.
# Status (not in scenarios.list): every check up to the marker passes
# (failed device model, create, device model running, xl list,
# qemu-monitor-command); the guest goes through hvmloader, SeaBIOS and the
# linuxboot ROM into Linux, but its serial log then shows only
# "Segmentation fault" three times (the initramfs' busybox dying) and no
# marker, so console/gone fail.  To be investigated: the guest's CPUID
# policy (cpuid= applied to an HVM domain), the HAP paging pool (Xen's
# libxl sizes it from shadow_memory; we leave Xen's default), the initrd
# placement by QEMU's linuxboot against what hvmloader/SeaBIOS reserve.
# e2e-timeout: 780
. /e2e/lib.sh

DM=/opt/xen-dm/bin/qemu-system-xen
FW=/opt/xen-dm/boot/hvmloader

# nothing_left CHECK: only Domain-0, no device model, no nodes, no socket.
nothing_left() {
    doms=$(xl list 2>/dev/null | tail -n +2 | awk '{print $1}' | tr '\n' ' ')
    xsdoms=$(xenstore-list /local/domain 2>&1 | tr '\n' ' ')
    dms=$(xenstore-list /local/domain/0/device-model 2>/dev/null | wc -l)
    procs=$(ps | grep -c '[x]en-qemu-system\|[b]roken-dm')
    socks=$(ls /run/xen 2>/dev/null | grep -c '^qmp-libxl-')
    if [ "$doms" = "Domain-0 " ] && [ "$xsdoms" = "0 " ] && [ "$dms" = 0 ] &&
        [ "$procs" = 0 ] && [ "$socks" = 0 ]; then
        e2e_pass "$1" "nothing left ($2)"
    else
        e2e_fail "$1" "left: domains [$doms] /local/domain [$xsdoms]" \
            "device models $dms processes $procs sockets $socks"
    fi
}

# hvm_cfg NAME EXTRA-LINES...: the test guest as an HVM guest.
hvm_cfg() {
    n=$1
    shift
    printf '%s\n' "name = \"$n\"" 'type = "hvm"' "firmware = \"$FW\"" \
        "device_model_override = \"$DM\"" 'kernel = "/guest/vmlinuz"' \
        'ramdisk = "/guest/initrd.cpio.gz"' \
        "extra = \"console=ttyS0 quiet e2e.name=$n\"" 'memory = 128' \
        'vcpus = 1' "serial = \"file:/var/log/xen/console/guest-$n.log\"" \
        'vnc = 0' 'vga = "none"' 'cpuid = "host,rdtscp=0"' \
        'on_poweroff = "destroy"' 'on_reboot = "destroy"' \
        'on_crash = "destroy"' "$@" >/tmp/$n.cfg
}

# A device model that exits at once: one message naming it, its log's
# last line, nothing left.
hvm_cfg e2e-hvm-bad
sed -i "s|^device_model_override = .*|device_model_override = \"/e2e/bin/broken-dm\"|" \
    /tmp/e2e-hvm-bad.cfg
if timeout -s KILL 90 xl create /tmp/e2e-hvm-bad.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail dm-fails "xl create succeeded with a broken device model"
    xl destroy e2e-hvm-bad 2>/dev/null
else
    e2e_expect dm-fails "start device model: device model '/e2e/bin/broken-dm' exited with status 1 .*refusing to emulate anything" \
        "$(grep 'xl: create' "$E2E_OUT" | head -n 1)"
    # Besides xl's usual notes (Parsing config..., no xl.conf): one error.
    n=$(grep -v '^Parsing config from \|^Failed to read config file: ' \
        "$E2E_OUT" | grep -c .)
    [ "$n" = 1 ] && e2e_pass dm-fails-one "one error message" ||
        { e2e_fail dm-fails-one "$n lines of errors"; e2e_show "$E2E_OUT"; }
fi
nothing_left dm-fails-clean "after the failed create"

# The real guest.
name=e2e-hvm
hvm_cfg $name
E2E_RUN_TIMEOUT=120
export E2E_RUN_TIMEOUT
log=/var/log/xen/console/guest-$name.log
t0=$(cut -d' ' -f1 /proc/uptime)
if ! e2e_run create xl create /tmp/$name.cfg; then
    [ -f /var/log/xen/qemu-dm-$name.log ] &&
        e2e_show /var/log/xen/qemu-dm-$name.log
    exit 1
fi
e2e_pass create "xl create returned after $(e2e_since $t0) s"
id=$(xl domid $name)
pid=$(xenstore-read /local/domain/$id/image/device-model-pid 2>/dev/null)
state=$(xenstore-read /local/domain/0/device-model/$id/state 2>/dev/null)
if [ -n "$pid" ] && [ -d /proc/$pid ] && [ "$state" = running ]; then
    e2e_pass dm-running "device model pid $pid, state $state"
else
    e2e_fail dm-running "pid '$pid' state '$state'"
    e2e_show /var/log/xen/qemu-dm-$name.log
fi
xl list >"$E2E_OUT" 2>&1
# 128 MiB less the VGA hole, plus what QEMU adds: about 128.
e2e_expect listed "^$name +[0-9]+ +12[0-9] +1 " "xl list shows the HVM guest"
e2e_run monitor xl qemu-monitor-command $name "info status" &&
    e2e_expect monitor "VM status: (running|paused)" \
        "$(grep 'VM status' "$E2E_OUT" | tr -d '\r')"
t0=$(cut -d' ' -f1 /proc/uptime)
if e2e_wait 600 grep -q "GUEST-HELLO $name" "$log"; then
    e2e_pass console "marker on the emulated serial after $(e2e_since $t0) s:" \
        "$(grep -o "GUEST-HELLO $name.*" "$log" | head -n 1)"
else
    e2e_fail console "no GUEST-HELLO in $log after 600 s"
    [ -f "$log" ] && e2e_show "$log"
    e2e_show /var/log/xen/qemu-dm-$name.log
    { xl list; top -b -n 1 | head -n 15; } 2>&1 | sed 's/^/E2E-OUT | /'
fi
if e2e_wait 60 sh -c "! xl domid $name"; then
    e2e_pass gone "domain destroyed on poweroff $(e2e_since $t0) s after" \
        "the create"
else
    e2e_fail gone "domain still there 60 s after its marker"
    xl destroy $name 2>/dev/null
fi
e2e_wait 10 sh -c "! [ -d /proc/$pid ]"
nothing_left gone-clean "after the guest powered off"
