# tests/e2e scenario: xl creates a PV guest that boots, prints its marker
# on its console (through xenconsoled) and powers off.
# e2e-timeout: 120
. /e2e/lib.sh

name=e2e-pv
log=/var/log/xen/console/guest-$name.log
cat >/tmp/$name.cfg <<CFG
name = "$name"
type = "pv"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.cpio.gz"
extra = "console=hvc0 quiet e2e.name=$name"
memory = 128
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
CFG

t0=$(cut -d' ' -f1 /proc/uptime)
since() { echo "$(cut -d' ' -f1 /proc/uptime) $t0" |
    awk '{printf "%.1f", $1 - $2}'; }
e2e_run create xl create /tmp/$name.cfg || exit 1
e2e_pass create "xl create returned after $(since) s"
t0=$(cut -d' ' -f1 /proc/uptime)

i=0
while ! grep -q "GUEST-HELLO $name" "$log" 2>/dev/null && [ $i -lt 600 ]; do
    sleep 0.1
    i=$((i + 1))
done
if grep -q "GUEST-HELLO $name" "$log" 2>/dev/null; then
    e2e_pass console "guest marker after $(since) s:" \
        "$(grep -o "GUEST-HELLO $name.*" "$log" | head -n 1)"
else
    e2e_fail console "no GUEST-HELLO in $log after 60 s"
    [ -f "$log" ] && e2e_show "$log"
    xl list 2>&1 | sed 's/^/E2E-OUT | /'
fi

i=0
while xl domid $name >/dev/null 2>&1 && [ $i -lt 300 ]; do
    sleep 0.1
    i=$((i + 1))
done
if xl domid $name >/dev/null 2>&1; then
    e2e_fail gone "domain still there 30 s after its marker"
    xl destroy $name 2>/dev/null
else
    e2e_pass gone "domain destroyed on poweroff $(since) s after create"
fi
