#!/bin/sh
# vifs on the simulator: xl create with vif=, network-attach / -list /
# -detach, script= hotplug scripts, and the errors.  The simulator has no
# network interfaces, so the native bridge step only writes
# hotplug-status=connected there (its libnl part is tested by check_nic in
# a private network namespace).  Dom0's netback is played by a small loop
# below (backend Initialising -> InitWait, Closing -> Closed) except for
# devid 9, which it ignores (a backend that never answers).  Guests stay
# paused: their frontends are not involved.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

rd() { "$XS/xenstore-read" "$1" 2> /dev/null; }

start_xenstored

netback() {
    B=/local/domain/0/backend/vif
    while :; do
        for d in $("$XS/xenstore-list" $B 2> /dev/null); do
            for v in $("$XS/xenstore-list" $B/$d 2> /dev/null); do
                [ "$v" = 9 ] && continue
                s=$(rd $B/$d/$v/state)
                [ "$s" = 1 ] && "$XS/xenstore-write" $B/$d/$v/state 2
                [ "$s" = 5 ] && "$XS/xenstore-write" $B/$d/$v/state 6
            done
        done
        sleep 0.1
    done
}
netback > /dev/null 2>&1 &
nbpid=$!
pids="$pids $nbpid"

"$XENSIM" mkkernel "$T/k" --format elf || fail "mkkernel"
cfg() {
    printf '%s\n' "name = \"$1\"" "kernel = \"$T/k\"" 'memory = 64' \
        "vif = [ $2 ]" > "$T/$1.cfg"
}
nothing_of() {
    [ -z "$("$XS/xenstore-list" "/local/domain/0/backend/vif/$1" \
        2> /dev/null)" ] && ! "$XS/xenstore-exists" "/libxl/$1" &&
        ! "$XS/xenstore-exists" "/local/domain/$1"
}

# create with two vifs: the nodes Xen 4.17's libxl writes.
cfg n1 "'mac=00:16:3e:00:00:01,bridge=xenbr1', 'vifname=web0,rate=10Mb/s,mtu=9000,ip=10.0.0.2,gatewaydev=eth9'"
run "$XL" create -p "$T/n1.cfg"
expect_rc 0 "create n1"
id=$("$XL" domid n1)
be=/local/domain/0/backend/vif/$id
fe=/local/domain/$id/device/vif
expect_eq "$(rd $be/0/mac) $(rd $be/0/bridge) $(rd $be/0/handle) $(rd $be/0/type)" \
    "00:16:3e:00:00:01 xenbr1 0 vif" "backend 0 nodes"
expect_eq "$(rd $be/0/hotplug-status) $(rd $be/0/state) $(rd $be/0/online)" \
    "connected 2 1" "backend 0 connected (simulated: no interface)"
expect_eq "$(rd $be/0/frontend) $(rd $be/0/frontend-id)" "$fe/0 $id" \
    "backend 0 frontend link"
"$XS/xenstore-exists" $be/0/mtu && fail "mtu 1500 is not written (as Xen)"
expect_eq "$("$XS/xenstore-exists" $be/0/script && echo "[$(rd $be/0/script)]")" \
    "[]" "empty script node without script= (netback needs one)"
expect_eq "$(rd $be/1/vifname) $(rd $be/1/rate) $(rd $be/1/mtu) $(rd $be/1/ip) $(rd $be/1/gatewaydev) $(rd $be/1/bridge)" \
    "web0 62500,50000 9000 10.0.0.2 eth9 xenbr0" "backend 1 nodes"
expect_eq "$(rd $fe/0/handle) $(rd $fe/0/mac) $(rd $fe/0/trusted) $(rd $fe/0/mtu) $(rd $fe/0/state) $(rd $fe/0/backend-id)" \
    "0 00:16:3e:00:00:01 1 1500 1 0" "frontend 0 nodes"
expect_eq "$(rd $fe/1/mtu)" 9000 "frontend 1 mtu"
expect_match "$(rd $fe/1/mac)" '^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$' \
    "random MAC in 00:16:3e"
expect_eq "$(rd /libxl/$id/device/vif/1/vifname) $(rd /libxl/$id/device/vif/1/backend)" \
    "web0 $be/1" "/libxl copy"
run "$XS/xenstore-ls" -p "$fe/0"
expect_match "$out" "^mtu = \"1500\" .*\(n0,r$id\)" "frontend mtu read-only"
run "$XL" list -l n1
expect_match "$out" '"mac": "00:16:3e:00:00:01"' "stored config has the MAC"

# network-list: Xen's table and --json.
run "$XL" network-list n1
expect_rc 0 "network-list"
expect_eq "$(echo "$out" | head -n 1)" \
    "Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       " \
    "network-list header"
expect_eq "$(echo "$out" | sed -n 2p)" \
    "0   0  00:16:3e:00:00:01     0     1     -1    -1/-1          $be/0" \
    "network-list row"
expect_eq "$(echo "$out" | wc -l)" 3 "network-list rows"
run "$XL" network-list --json n1
expect_match "$out" '"vifname": "web0"' "network-list --json"
expect_match "$out" '"backend": "'"$be"'/0"' "network-list --json backend"
run "$XL" network-list nosuchdomain
expect_rc 1 "network-list unknown domain"

# network-attach: next devid, xl.conf defaults, -N, errors.
printf 'vif.default.bridge="xenbr5"\n' > "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" network-attach n1 mac=00:16:3e:00:00:0a
expect_rc 0 "network-attach"
expect_eq "$(rd $be/2/bridge) $(rd $be/2/mac) $(rd $be/2/hotplug-status)" \
    "xenbr5 00:16:3e:00:00:0a connected" "attached as devid 2, xl.conf bridge"
run "$XL" list -l n1
expect_match "$out" '"mac": "00:16:3e:00:00:0a"' "stored config has the attached vif"
run "$XL" network-attach n1 bridge=xenbr0 devid=2
expect_rc 1 "network-attach taken devid"
expect_match "$err" "already has a vif device 2" "taken devid message"
expect_eq "$(rd $be/2/bridge)" xenbr5 "taken devid: the old vif stays"
: > "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" -N network-attach n1 mac=00:16:3e:aa:bb:cc bridge=br9
expect_rc 0 "network-attach -N"
expect_match "$out" '^vif: \{' "network-attach -N prints JSON"
expect_match "$out" '"bridge": "br9"' "network-attach -N bridge"
"$XS/xenstore-exists" $be/3 && fail "network-attach -N added a vif"
run "$XL" network-attach n1 mac=zz
expect_rc 1 "network-attach bad mac"
expect_match "$err" "invalid mac address" "bad mac message"
run "$XL" network-attach n1 type=ioemu
expect_rc 1 "network-attach ioemu"
expect_match "$err" "type=ioemu: an emulated NIC needs an HVM guest" \
    "ioemu message"
run "$XL" network-attach n1 backend=drv
expect_rc 1 "network-attach backend"
expect_match "$err" "backend=drv: backends in driver domains are not" \
    "driver domain message"
run "$XL" network-attach
expect_rc 2 "network-attach no domain"

# A backend that never reaches InitWait: the wait's message, nothing left.
run "$XL" network-attach n1 devid=9
expect_rc 1 "network-attach, no backend"
expect_match "$err" "vif 9: backend $be/9 still in state 1 \(Initialising\) after 10 s, waiting for 2 \(InitWait\)" \
    "backend timeout message"
"$XS/xenstore-exists" $be/9 && fail "backend timeout left the backend"
"$XS/xenstore-exists" $fe/9 && fail "backend timeout left the frontend"
"$XS/xenstore-exists" /libxl/$id/device/vif/9 && fail "timeout left /libxl"

# script=: arguments and environment as Xen's hotplug scripts get them.
S="$T/vif-test"
vif_script "$S" 'echo "$* | $script | $XENBUS_TYPE | $XENBUS_PATH |'\
' $XENBUS_BASE_PATH | $netdev | $vif" >> "'"$T"'/script.log"'
run "$XL" network-attach n1 script="$S" gatewaydev=eth7
expect_rc 0 "network-attach script="
expect_eq "$(cat "$T/script.log")" \
    "online type_if=vif | $S | vif | backend/vif/$id/3 | backend | eth7 | vif$id.3" \
    "script online: args and environment"
expect_eq "$(rd $be/3/script)" "$S" "script node"
run "$XL" network-detach n1 3
expect_rc 0 "network-detach script vif"
expect_eq "$(tail -n 1 "$T/script.log" | cut -d'|' -f1)" "offline type_if=vif " \
    "script offline"
"$XS/xenstore-exists" $be/3 && fail "detach left the backend"

# A failing script: its hotplug-error in the message, nothing left.
cat > "$T/vif-bad" <<EOF
#!/bin/sh
"$XS/xenstore-write" "/local/domain/0/\$XENBUS_PATH/hotplug-error" "no such bridge br7"
echo "vif-bad: giving up" >&2
exit 1
EOF
chmod 755 "$T/vif-bad"
run "$XL" network-attach n1 script="$T/vif-bad"
expect_rc 1 "network-attach failing script"
expect_match "$err" "hotplug script '$T/vif-bad online' failed \(exit status 1\): no such bridge br7" \
    "failing script message"
"$XS/xenstore-exists" $be/3 && fail "failed script left the backend"
run "$XL" network-attach n1 script=vif-none
expect_rc 1 "network-attach missing script"
expect_match "$err" "vif-none" "missing script named"

# network-detach by MAC and by devid; unknown devices.
run "$XL" network-detach n1 00:16:3e:00:00:0a
expect_rc 0 "network-detach by mac"
"$XS/xenstore-exists" $be/2 && fail "detach by mac left the backend"
run "$XL" list -l n1
case $out in *00:16:3e:00:00:0a*) fail "stored config still has the detached vif" ;; esac
run "$XL" network-detach n1 00:16:3e:00:00:99
expect_rc 1 "network-detach unknown mac"
expect_eq "$err" "Unknown device 00:16:3e:00:00:99." "unknown mac message"
run "$XL" network-detach n1 7
expect_rc 1 "network-detach unknown devid"
expect_eq "$err" "Unknown device 7." "unknown devid message"
run "$XL" network-detach n1 0
expect_rc 0 "network-detach devid 0"
expect_eq "$("$XS/xenstore-list" /libxl/$id/device/vif | tr '\n' ' ')" "1 " \
    "only vif 1 left"

# destroy takes the vifs away.
run "$XL" destroy n1
expect_rc 0 "destroy n1"
nothing_of "$id" || fail "destroy left vif nodes"

# create refuses what it cannot do, before building; nothing left.
cfg n2 "'type=ioemu'"
run "$XL" create -p "$T/n2.cfg"
expect_rc 1 "create ioemu"
expect_match "$err" "cannot create domain 'n2': check config: vif 0: type=ioemu: an emulated NIC needs an HVM guest" \
    "create ioemu message"
cfg n3 "'bridge=xenbr0', 'devid=9'"
run "$XL" create -p "$T/n3.cfg"
expect_rc 1 "create, backend never answers"
expect_match "$err" "cannot create domain 'n3': add network devices: vif 9: backend" \
    "create backend timeout message"
expect_eq "$("$XL" list | wc -l)" 2 "failed create: no domain"
expect_eq "$("$XS/xenstore-list" /local/domain/0/backend/vif 2> /dev/null)" "" \
    "failed create: no vif backend"

# The simulated host end to end: xensim-backend plays Dom0's netback in
# place of the loop above, the simulated guest kernel's netfront connects
# once the guest runs, and detach / destroy go through Closing/Closed
# with the guest's cooperation.
kill $nbpid 2> /dev/null
wait $nbpid 2> /dev/null
start_backend
cfg n4 "'mac=00:16:3e:00:00:44'"
run "$XL" create "$T/n4.cfg"
expect_rc 0 "create n4 (simulated netback and netfront)"
id=$("$XL" domid n4)
be=/local/domain/0/backend/vif/$id
fe=/local/domain/$id/device/vif
wait_for 10 sh -c "[ \"\$('$XS/xenstore-read' $be/0/state)\" = 4 ]" ||
    fail "n4: backend not connected (state $(rd $be/0/state))"
expect_eq "$(rd $fe/0/state)" 4 "n4: frontend connected"
"$XS/xenstore-exists" $fe/0/tx-ring-ref || fail "n4: no tx-ring-ref"
run "$XL" network-list n4
expect_match "$(echo "$out" | sed -n 2p)" \
    "^0   0  00:16:3e:00:00:44     0     4 +[-0-9]+ +[0-9]+/[0-9]+ +$be/0" \
    "n4: network-list connected"
run "$XL" network-attach n4 mac=00:16:3e:00:00:45
expect_rc 0 "n4: network-attach"
wait_for 10 sh -c "[ \"\$('$XS/xenstore-read' $fe/1/state)\" = 4 ]" ||
    fail "n4: hot-plugged frontend not connected"
run "$XL" network-detach n4 1
expect_rc 0 "n4: network-detach"
"$XS/xenstore-exists" $fe/1 && fail "n4: detach left the frontend"
"$XS/xenstore-exists" $be/1 && fail "n4: detach left the backend"
run "$XL" destroy n4
expect_rc 0 "destroy n4"
nothing_of "$id" || fail "n4: destroy left vif nodes"
finish
