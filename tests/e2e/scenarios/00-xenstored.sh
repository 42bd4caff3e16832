# tests/e2e scenario: xenstored serves the real Dom0 kernel.
# e2e-timeout: 60
# e2e-cost: 5
#
# init started xenstored after Dom0's kernel booted; once xenstored offers
# the xenstore ring (xsd_kva / xenbus_backend), the kernel's xenbus writes
# /local/domain/0/control/feature-* and registers its watches. These checks
# prove that connection from both sides.
. /e2e/lib.sh

e2e_started start xenstored || exit 1

# Written by Dom0's kernel (drivers/xen/manage.c), not by any tool, once
# its xenbus found xenstored: give it 5 s.
i=0
while ! xenstore-read /local/domain/0/control/feature-poweroff \
    >/dev/null 2>&1 && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
if e2e_run kernel-wrote xenstore-read /local/domain/0/control/feature-poweroff &&
    e2e_expect kernel-wrote '^1$' \
        "/local/domain/0/control/feature-poweroff=1 written by Dom0's kernel"
then :; fi

# On failure, what Dom0's kernel and xenstored said.
e2e_diag() {
    dmesg | grep -iE 'xen|xs_|evtchn|grant' | tail -n 15 |
        sed 's/^/E2E-OUT | dmesg: /'
    tail -n 15 /var/log/xen/xenstored.out 2>/dev/null |
        sed 's/^/E2E-OUT | xenstored: /'
    ls /proc/xen /dev/xen 2>&1 | tr '\n' ' ' | sed 's/^/E2E-OUT | /'
    echo
}
if ! xenstore-read /local/domain/0/control/feature-poweroff >/dev/null 2>&1
then
    e2e_diag
fi

# A watch of the kernel's balloon driver fires: writing memory/target
# changes the kernel's balloon target.
sysfs=/sys/devices/system/xen_memory/xen_memory0/target_kb
if [ -r $sysfs ]; then
    old=$(cat $sysfs)
    new=$((old - 16384))
    if e2e_run kernel-watch xenstore-write /local/domain/0/memory/target "$new"
    then
        i=0
        while [ "$(cat $sysfs)" != "$new" ] && [ $i -lt 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        got=$(cat $sysfs)
        if [ "$got" = "$new" ]; then
            e2e_pass kernel-watch "balloon target followed memory/target" \
                "($old -> $new kB)"
        else
            e2e_fail kernel-watch "balloon target_kb is $got, expected $new"
        fi
        xenstore-write /local/domain/0/memory/target "$old" 2>/dev/null
    fi
else
    e2e_fail kernel-watch "no $sysfs in Dom0"
fi

# The kernel's /dev/xen/xenbus device talks to xenstored over the ring.
if e2e_run xenbus-dev env XENSTORED_PATH=/dev/xen/xenbus \
    xenstore-read /local/domain/0/control/feature-poweroff; then
    e2e_expect xenbus-dev '^1$' "read through /dev/xen/xenbus (the ring)"
fi

# A write, read back, list and remove through the socket.
if e2e_run rw xenstore-write /e2e/k "v 1"; then
    if e2e_run rw xenstore-read /e2e/k &&
        e2e_expect rw '^v 1$' "write/read round trip"; then
        e2e_run rm xenstore-rm /e2e && e2e_pass rm "removed /e2e"
    fi
fi

if e2e_run ls xenstore-ls /local/domain/0; then
    e2e_expect ls '^control = ""|^control$|feature-poweroff = "1"' \
        "xenstore-ls shows the kernel's /local/domain/0 entries"
    sed 's/^/E2E-OUT | /' "$E2E_OUT" | head -n 40
fi
