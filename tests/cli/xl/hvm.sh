#!/bin/sh
# HVM guests through xl on the simulator: a stand-in hvmloader (xensim
# mkkernel --format hvmloader) and the fake device model of the unit
# tests; xl trigger and button-press, xl shutdown / reboot with and
# without -F (no PV drivers: the ACPI fallback), against a PV guest too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_xenstored
start_xenconsoled
export XENSIM_DIR
"$XENSIM" mkkernel "$T/hvmloader" --format hvmloader ||
    fail "mkkernel hvmloader"
"$XENSIM" mkkernel "$T/vmlinuz" || fail "mkkernel"
echo "a BIOS image" > "$T/bios.bin"
cat > "$T/h.cfg" <<CFG
name = "h"
type = "hvm"
memory = 64
vcpus = 2
firmware = "$T/hvmloader"
bios_path_override = "$T/bios.bin"
device_model_override = "$top_builddir/tests/unit/fake-qemu"
vga = "none"
vnc = 0
serial = "pty"
CFG
cat > "$T/p.cfg" <<CFG
name = "p"
type = "pv"
kernel = "$T/vmlinuz"
memory = 64
CFG
run "$XL" create "$T/h.cfg"
expect_rc 0 "create hvm"
run "$XL" create "$T/p.cfg"
expect_rc 0 "create pv"
h=$("$XL" domid h)
p=$("$XL" domid p)

# dmesg_has TEXT: the simulator notes each trigger in Xen's console ring.
dmesg_has() {
    "$XL" dmesg | grep -qF -- "$1"
}

# Triggers the hypervisor takes; the vCPU defaults to 0.
for t in nmi power sleep; do
    run "$XL" trigger h $t
    expect_rc 0 "trigger $t"
    expect_eq "$err" "" "trigger $t: silent"
done
dmesg_has "d${h}v0: trigger: NMI" || fail "no NMI noted for d$h"
dmesg_has "d${h}v0: trigger: power button" || fail "no power button"
dmesg_has "d${h}v0: trigger: sleep button" || fail "no sleep button"
run "$XL" trigger h nmi 1
expect_rc 0 "trigger nmi vcpu 1"
dmesg_has "d${h}v1: trigger: NMI" || fail "no NMI noted for vCPU 1"
# s3resume goes to the device model (QMP system_wakeup).
run "$XL" trigger h s3resume
expect_rc 0 "trigger s3resume"
# What Xen 4.17 refuses, and bad input.
run "$XL" trigger h reset
expect_rc 1 "trigger reset"
expect_eq "$err" "xl: domain $h: send trigger 'reset': the hypervisor does not implement it (Xen 4.17 on x86 has nmi, power and sleep)" \
    "trigger reset message"
run "$XL" trigger h init
expect_rc 1 "trigger init"
run "$XL" trigger h nmi 2
expect_rc 1 "trigger bad vcpu"
expect_eq "$err" "xl: domain $h: send trigger 'nmi': no vCPU 2" \
    "trigger bad vcpu message"
run "$XL" trigger h nmi x
expect_rc 1 "trigger vcpu not a number"
expect_eq "$err" "xl: trigger: invalid vCPU 'x'" "trigger vcpu x message"
run "$XL" trigger h boom
expect_rc 1 "trigger unknown"
expect_eq "$err" 'Invalid trigger "boom"' "trigger unknown message"
run "$XL" trigger h
expect_rc 2 "trigger without a trigger"
run "$XL" trigger nosuch nmi
expect_rc 1 "trigger unknown domain"
# A PV guest: an NMI yes (the simulated kernel says so), buttons no.
run "$XL" trigger p nmi
expect_rc 0 "trigger nmi pv"
wait_for 10 log_has p "Uhhuh. NMI received for unknown reason" ||
    fail "the PV guest did not see the NMI"
run "$XL" trigger p power
expect_rc 1 "trigger power pv"
expect_eq "$err" "xl: domain $p: send trigger 'power': the hypervisor refused it (the ACPI power and sleep buttons exist only for HVM guests)" \
    "trigger power pv message"
run "$XL" trigger p s3resume
expect_rc 1 "trigger s3resume pv"
expect_eq "$err" "xl: domain $p: trigger 's3resume' needs an HVM guest" \
    "trigger s3resume pv message"

# button-press: deprecated spelling of the two buttons.
run "$XL" button-press h power
expect_rc 0 "button-press power"
expect_eq "$err" 'WARNING: "button-press" is deprecated. Please use "trigger"' \
    "button-press warning"
run "$XL" button-press h nmi
expect_rc 1 "button-press nmi"
expect_match "$err" "^nmi is an invalid button identifier$" \
    "button-press nmi message"

# No PV drivers in this guest (no event callback): shutdown and reboot
# need -F, which presses the ACPI button (reset: not in Xen 4.17).
run "$XL" shutdown h
expect_rc 1 "shutdown hvm without -F"
expect_match "$err" "external graceful shutdown not possible" \
    "shutdown without -F message"
expect_match "$err" 'Use "-F" to fallback to ACPI power event' \
    "shutdown without -F hint"
n=$("$XL" dmesg | grep -c "d${h}v0: trigger: power button")
run "$XL" shutdown -F h
expect_rc 0 "shutdown -F"
expect_match "$err" "PV control interface not available: sending ACPI power button event" \
    "shutdown -F message"
expect_eq "$("$XL" dmesg | grep -c "d${h}v0: trigger: power button")" \
    $((n + 1)) "shutdown -F pressed the power button"
run "$XL" reboot -F h
expect_rc 1 "reboot -F"
expect_match "$err" "sending ACPI reset button event" "reboot -F message"
expect_match "$err" "reboot failed \(rc=-3\): .*does not implement it" \
    "reboot -F failure"

run "$XL" destroy h
expect_rc 0 "destroy hvm"
run "$XL" destroy p
expect_rc 0 "destroy pv"
finish
