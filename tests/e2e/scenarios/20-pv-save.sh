# tests/e2e scenario: xl save and xl restore of a running PV guest (the
# Debian kernel, an initramfs printing GUEST-COUNT <n> every second): the
# image has xl's header, save removes the guest, restore brings it back and
# the count goes on from where it was (no second boot); save -c leaves it
# running; a truncated image is refused and leaves nothing behind.
# e2e-timeout: 600
# e2e-cost: 80
. /e2e/lib.sh

name=e2e-save
log=/var/log/xen/console/guest-$name.log
img=/tmp/$name.save
e2e_count_cfg $name

# (console log lines end in CR LF)
last() { sed -n 's/^GUEST-COUNT \([0-9][0-9]*\).*$/\1/p' "$log" 2>/dev/null |
         tail -1; }
# wait_count N: until the console shows a count of at least N (120 s).
count_ge() { n=$(last); [ -n "$n" ] && [ "$n" -ge "$1" ]; }
wait_count() { e2e_wait 120 count_ge "$1"; }
hellos() { cat "$log" 2>/dev/null | grep -c "GUEST-HELLO $name"; }

# (create gets 120 s: on a loaded host TCG makes the build slow)
if ! e2e_timeout 120 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1; then
    e2e_fail create "xl create failed"
    e2e_show "$E2E_OUT"
    exit 1
fi
if wait_count 3; then e2e_pass counting "GUEST-COUNT $(last)"
else
    e2e_fail counting "no count on the console"
    [ -f "$log" ] && e2e_show "$log"
    xl destroy $name
    exit 1
fi

t0=$(cut -d' ' -f1 /proc/uptime)
if e2e_timeout 300 xl save $name $img >"$E2E_OUT" 2>&1; then
    t1=$(cut -d' ' -f1 /proc/uptime)
    before=$(last)
    e2e_pass save "$(wc -c <$img) bytes in $(echo "$t1 $t0" |
        awk '{ printf "%.1f", $1 - $2 }') s, count was $before"
else
    e2e_fail save "xl save failed"
    e2e_show "$E2E_OUT"
    xl destroy $name 2>/dev/null
    exit 1
fi
[ "$(head -c 27 $img)" = "Xen saved domain, xl format" ] &&
    e2e_pass header "xl savefile magic" ||
    e2e_fail header "no xl savefile magic"
xl domid $name >/dev/null 2>&1 &&
    e2e_fail gone "the guest is still there after save" ||
    e2e_pass gone "save removed the guest"

t0=$(cut -d' ' -f1 /proc/uptime)
if e2e_timeout 300 xl restore $img >"$E2E_OUT" 2>&1; then
    t1=$(cut -d' ' -f1 /proc/uptime)
    e2e_pass restore "in $(echo "$t1 $t0" |
        awk '{ printf "%.1f", $1 - $2 }') s"
else
    e2e_fail restore "xl restore failed"
    e2e_show "$E2E_OUT"
    exit 1
fi
if wait_count $((before + 2)); then
    e2e_pass continues "count $before before, $(last) after restore"
else
    e2e_fail continues "count stuck at '$(last)' (was $before)"
    e2e_show "$log"
    xl dmesg | tail -20 | sed 's/^/E2E-OUT | /'
fi
[ "$(hellos)" = 1 ] && e2e_pass no-reboot "the guest did not boot again" ||
    e2e_fail no-reboot "$(hellos) boots on the console"

# save -c: a checkpoint; the guest carries on in the same domain.  It
# replaces the first image: Dom0's /tmp is RAM, two 128 MiB images and
# what earlier scenarios keep there did not fit (ENOSPC).
rm -f $img
id=$(xl domid $name)
if e2e_timeout 300 xl save -c $name $img >"$E2E_OUT" 2>&1 &&
    [ "$(xl domid $name 2>/dev/null)" = "$id" ]; then
    c0=$(last)
    wait_count $((c0 + 2)) &&
        e2e_pass checkpoint "running on, count $c0 then $n" ||
        e2e_fail checkpoint "count stuck at '$(last)' after save -c"
else
    e2e_fail checkpoint "save -c failed or the domain changed"
    e2e_show "$E2E_OUT"
fi
xl destroy $name

# A truncated image (the checkpoint's, cut in place): refused, nothing
# left behind.
size=$(wc -c <$img)
dd if=/dev/null of=$img bs=1 seek=$((size - 100000)) 2>/dev/null
mv $img $img.t
e2e_timeout 120 xl restore -e $img.t >"$E2E_OUT" 2>&1 &&
    e2e_fail truncated "restore of a truncated image succeeded" ||
    e2e_expect truncated "truncated image" "refused: $(grep -o 'libxc stream.*' $E2E_OUT | head -1)"
if ! xl domid $name >/dev/null 2>&1 &&
    [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 " ]; then
    e2e_pass truncated-clean "no domain, no xenstore nodes"
else
    e2e_fail truncated-clean "leftovers: $(xenstore-list /local/domain |
        tr '\n' ' ')"
fi
rm -f $img.t
