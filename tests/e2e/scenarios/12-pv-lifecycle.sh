# tests/e2e scenario: the lifecycle of a PV guest that keeps running:
# xl list shows it, xl reboot with on_reboot="restart" brings it back
# with a new domid (its marker again), xl shutdown -w ends it cleanly,
# and xl destroy of a fresh one leaves nothing behind.
# e2e-timeout: 400
# e2e-cost: 50
. /e2e/lib.sh

name=e2e-life
log=/var/log/xen/console/guest-$name.log
cat >/tmp/$name.cfg <<CFG
name = "$name"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.cpio.gz"
extra = "console=hvc0 quiet e2e.name=$name e2e.after=wait"
memory = 128
on_poweroff = "destroy"
on_reboot = "restart"
on_crash = "destroy"
CFG

# count: the markers in the console log (0 while it does not exist);
# markers N: wait (120 s of uptime at most) until the log holds N markers.
count() {
    c=$(grep -c "GUEST-HELLO $name" "$log" 2>&1)
    case $c in
    '' | *[!0-9]*)
        [ -f "$log" ] && echo "E2E-INFO counting markers in $log: '$c'" >&2
        echo 0 ;;
    *) echo "$c" ;;
    esac
}
markers() {
    e2e_wait 120 sh -c "[ \$(grep -c 'GUEST-HELLO $name' '$log' \
        2>/dev/null) -ge $1 ]"
    [ "$(count)" -ge "$1" ]
}

e2e_run create xl create /tmp/$name.cfg || exit 1
if markers 1; then e2e_pass booted "marker on the console"
else
    e2e_fail booted "no marker in $(e2e_secs 120) s (count '$(count)')"
    ls -la /var/log/xen/console | sed 's/^/E2E-OUT | /'
    [ -f "$log" ] && e2e_show "$log"
    e2e_diag_console $name
fi
xl list >"$E2E_OUT" 2>&1
e2e_expect listed "^$name +[0-9]+ +128 +1 +[-rb]+ " "xl list shows it"
id1=$(xl domid $name)

# The guest's kernel handles control/shutdown "reboot" (reboot(8) in it).
e2e_run reboot xl reboot $name
new_domid() {
    id2=$(xl domid $name 2>/dev/null)
    [ -n "$id2" ] && [ "$id2" != "$id1" ]
}
e2e_wait 120 new_domid
id2=$(xl domid $name 2>/dev/null)
if [ -n "$id2" ] && [ "$id2" != "$id1" ] && markers 2; then
    e2e_pass restarted "domid $id1 -> $id2, booted again"
else
    e2e_fail restarted "domid $id1 -> '$id2'"
    e2e_show "/var/log/xen/xl-$name.log"
fi

e2e_shutdown_gone 120

e2e_run create2 xl create /tmp/$name.cfg || exit 1
markers 3 >/dev/null
if ! e2e_run destroy xl destroy $name; then
    e2e_show "/var/log/xen/xl-$name.log"
    e2e_show "$log"
fi &&
    if ! xl domid $name >/dev/null 2>&1 &&
        [ -z "$(xenstore-list /vm 2>/dev/null)" ] &&
        [ "$(xenstore-list /local/domain | tr '\n' ' ')" = "0 " ]; then
        e2e_pass destroy-clean "no domain, no xenstore nodes"
    else
        e2e_fail destroy-clean "leftovers: $(xenstore-list /local/domain |
            tr '\n' ' ')"
    fi
