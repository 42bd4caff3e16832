# tests/e2e scenario: xl creates a PVH guest (no device model, LAPIC only)
# that boots and prints its marker on its console; xl destroy removes it.
# (Its own poweroff does not end the domain yet: the PVH builder writes no
# ACPI tables, so the guest kernel has no way to power off.)
# e2e-timeout: 180
. /e2e/lib.sh

name=e2e-pvh
log=/var/log/xen/console/guest-$name.log
# QEMU TCG cannot give Xen an RDTSCP intercept it can emulate: hide it
# (xen-in-qemu.md).
printf '%s\n' "name = \"$name\"" 'type = "pvh"' 'kernel = "/guest/vmlinuz"' \
    'ramdisk = "/guest/initrd.cpio.gz"' 'memory = 128' 'vcpus = 1' \
    "extra = \"console=hvc0 quiet e2e.name=$name e2e.after=wait\"" \
    'cpuid = "host,rdtscp=0"' >/tmp/$name.cfg
t0=$(cut -d' ' -f1 /proc/uptime)
e2e_run create xl create /tmp/$name.cfg || exit 1
e2e_pass create "xl create returned after $(e2e_since $t0) s"
t0=$(cut -d' ' -f1 /proc/uptime)
i=0
while ! grep -q "GUEST-HELLO $name" "$log" 2>/dev/null && [ $i -lt 900 ]; do
    sleep 0.1
    i=$((i + 1))
done
if grep -q "GUEST-HELLO $name" "$log" 2>/dev/null; then
    e2e_pass console "guest marker after $(e2e_since $t0) s:" \
        "$(grep -o "GUEST-HELLO $name.*" "$log" | head -n 1)"
else
    e2e_fail console "no GUEST-HELLO in $log after 90 s"
    [ -f "$log" ] && e2e_show "$log"
fi
xl list >"$E2E_OUT" 2>&1
e2e_expect listed "^$name +[0-9]+ +128 +1 " "xl list shows the PVH guest"
e2e_run destroy xl destroy $name &&
    if ! xl domid $name >/dev/null 2>&1 &&
        [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 " ]; then
        e2e_pass destroy-clean "no domain, no xenstore nodes"
    else
        e2e_fail destroy-clean "leftovers"
    fi
