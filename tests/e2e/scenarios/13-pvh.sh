# tests/e2e scenario: PVH guests (no device model, LAPIC only) built by
# our PVH builder with the ACPI tables Xen 4.17's libxl gives them:
#  1. a guest that keeps running boots (marker on the console), finds
#     its RSDP and MADT (the kernel's own report, on the console), shows
#     in xl list, and `xl shutdown -w` ends it through its own poweroff;
#  2. a guest whose initramfs runs `poweroff -f` ends with the poweroff
#     reason: with on_poweroff="preserve" (and on_crash="destroy", so a
#     crash would not pass) the domain stays, shut down, and the monitor
#     logs reason code 0; xl destroy then leaves nothing.
# A PVH Linux guest powers off by halting its last vCPU with interrupts
# off (Xen shuts the domain down then); without a MADT the kernel never
# gets that far.
# e2e-timeout: 600
# e2e-cost: 70
. /e2e/lib.sh

# pvh_cfg NAME AFTER [LINE...]: the config of the test guest as PVH.
# QEMU TCG cannot give Xen an RDTSCP intercept it can emulate: hide it
# (xen-in-qemu.md).
pvh_cfg() {
    _n=$1 _a=$2
    shift 2
    printf '%s\n' "name = \"$_n\"" 'type = "pvh"' \
        'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/initrd.cpio.gz"' \
        'memory = 128' 'vcpus = 1' \
        "extra = \"console=hvc0 loglevel=7 e2e.name=$_n e2e.after=$_a\"" \
        'cpuid = "host,rdtscp=0"' "$@" >/tmp/$_n.cfg
}

# marker NAME CHECK: wait (300 s of uptime at most: a loaded host boots a
# PVH guest in minutes) for its GUEST-HELLO.
marker() {
    _log=/var/log/xen/console/guest-$1.log
    _t0=$(cut -d' ' -f1 /proc/uptime)
    if e2e_wait 300 grep -q "GUEST-HELLO $1" "$_log"; then
        e2e_pass $2 "guest marker after $(e2e_since $_t0) s:" \
            "$(grep -o "GUEST-HELLO $1.*" "$_log" | head -n 1)"
        return 0
    fi
    e2e_fail $2 "no GUEST-HELLO in $_log after $(e2e_secs 300) s"
    [ -f "$_log" ] && e2e_show "$_log"
    e2e_diag_console "$1"
    return 1
}

name=e2e-pvh
log=/var/log/xen/console/guest-$name.log
pvh_cfg $name wait 'on_poweroff = "destroy"' 'on_crash = "preserve"'
t0=$(cut -d' ' -f1 /proc/uptime)
e2e_run create xl create /tmp/$name.cfg || exit 1
e2e_pass create "xl create returned after $(e2e_since $t0) s"
marker $name console
# The kernel's report of the tables it found (loglevel 7: KERN_INFO).
if grep -q 'ACPI: RSDP 0x00000000FC0' "$log" &&
    grep -q 'ACPI: APIC 0x00000000FC0' "$log"; then
    e2e_pass acpi "$(grep -o 'ACPI: RSDP 0x[0-9A-F]*' "$log" | head -n 1)," \
        "$(grep -o 'ACPI: APIC 0x[0-9A-F]*' "$log" | head -n 1)"
else
    e2e_fail acpi "the guest kernel did not report our RSDP and MADT"
    grep -i 'acpi\|apic' "$log" | head -n 20 | sed 's/^/E2E-OUT | /'
fi
xl list >"$E2E_OUT" 2>&1
e2e_expect listed "^$name +[0-9]+ +128 +1 " "xl list shows the PVH guest"
e2e_shutdown_gone 180

name=e2e-pvh-off
log=/var/log/xen/console/guest-$name.log
pvh_cfg $name poweroff 'on_poweroff = "preserve"' 'on_crash = "destroy"'
e2e_run create-off xl create /tmp/$name.cfg || exit 1
marker $name console-off
# Shut down (state s), kept by on_poweroff="preserve".
e2e_wait 120 sh -c "xl list $name 2>/dev/null | grep -Eq '^$name .* ---s--  '"
xl list $name >"$E2E_OUT" 2>&1
if grep -Eq "^$name .* ---s--  " "$E2E_OUT" &&
    grep -q 'shut down, reason code 0 ' "/var/log/xen/xl-$name.log" &&
    grep -q 'preserved' "/var/log/xen/xl-$name.log"; then
    e2e_pass poweroff "poweroff -f in the guest: domain shut down" \
        "(reason poweroff), kept by on_poweroff=\"preserve\""
else
    e2e_fail poweroff "the guest's poweroff -f did not shut the domain" \
        "down with reason poweroff"
    e2e_show "$E2E_OUT"
    tail -n 5 "$log" | sed 's/^/E2E-OUT | /'
    e2e_show "/var/log/xen/xl-$name.log"
fi
e2e_run destroy xl destroy $name &&
    if ! xl domid $name >/dev/null 2>&1 &&
        [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 " ]; then
        e2e_pass destroy-clean "no domain, no xenstore nodes"
    else
        e2e_fail destroy-clean "leftovers"
        xenstore-list /local/domain | sed 's/^/E2E-OUT | /'
    fi
