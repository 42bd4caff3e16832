#!/bin/sh
# The simulated guest kernel end to end: `xensim mkkernel` images boot
# through `xl create` on the simulator with a xenstored and a xenconsoled;
# the guest's console output, console echo, PV control protocol
# (poweroff, sysrq crash) and its xensim.* timers are checked.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

gone() {
    ! "$XL" domid "$1"
}

# mkkernel: the three formats, usage errors.
for f in elf bzimage-xz bzimage-gzip; do
    run "$XENSIM" mkkernel "$T/k.$f" --format "$f"
    expect_rc 0 "mkkernel $f"
    [ -s "$T/k.$f" ] || fail "mkkernel $f: empty image"
done
expect_eq "$(head -c 4 "$T/k.elf" | od -An -c | tr -d ' ')" '177ELF' \
    "mkkernel elf magic"
expect_eq "$(dd if="$T/k.bzimage-xz" bs=1 skip=514 count=4 2> /dev/null)" \
    HdrS "mkkernel bzImage header"
run "$XENSIM" mkkernel "$T/k.x" --format zip
expect_rc 2 "mkkernel unknown format"
expect_match "$err" "unknown format 'zip'" "mkkernel unknown format msg"
run "$XENSIM" mkkernel
expect_rc 2 "mkkernel without file"
run "$XENSIM" mkkernel "$T/no/such/dir/k"
expect_rc 1 "mkkernel unwritable"

# The host: xenstored (with domain rings) and xenconsoled logging guests.
start_xenstored
start_xenconsoled

guest_cfg() {
    cat > "$T/$1.cfg" <<EOF
name = "$1"
type = "pv"
kernel = "$T/k.$2"
memory = 64
cmdline = "console=hvc0 $3"
on_crash = "preserve"
on_reboot = "${4:-restart}"
EOF
}

# Boot: banner, command line and marker on the console, PV features.
guest_cfg g1 bzimage-xz "root=/dev/xvda1 quiet"
run "$XL" create "$T/g1.cfg"
expect_rc 0 "create g1"
id=$("$XL" domid g1)
wait_for 10 log_has g1 "XENSIM GUEST UP domid=$id" ||
    fail "g1: no marker on the console"
log_has g1 "^Linux version 6.1.0-xensim" || fail "g1: no banner"
log_has g1 "^Command line: console=hvc0 root=/dev/xvda1 quiet" ||
    fail "g1: no command line"
wait_for 10 node_is "/local/domain/$id/control/feature-poweroff" 1 ||
    fail "g1: feature-poweroff not written"
wait_for 10 node_is "/local/domain/$id/control/feature-reboot" 1 ||
    fail "g1: feature-reboot not written"
run "$top_builddir/libxenctrl/xensim" status
expect_match "$out" "^$id +64 +1 r" "g1 running"

# Console input comes back (through xenconsoled's pty).
tty=$("$XS/xenstore-read" "/local/domain/$id/console/tty" 2> /dev/null)
if [ -c "$tty" ]; then
    printf 'echo-test-42\r' > "$tty"
    wait_for 5 log_has g1 "echo-test-42" || fail "g1: console input not echoed"
fi

# A second unpause does not boot a second kernel.
"$XL" pause g1 && "$XL" unpause g1
sleep 0.3
expect_eq "$(grep -c 'XENSIM GUEST UP' "$LOGDIR/guest-g1.log")" 1 \
    "g1 booted once"

# control/shutdown = poweroff: the guest powers off, xl destroys it.
"$XS/xenstore-write" "/local/domain/$id/control/shutdown" poweroff
wait_for 10 gone g1 || fail "g1: still there after poweroff request"
log_has g1 "reboot: Power down" || fail "g1: no power down message"
run "$XL" dmesg
expect_match "$out" "d$id: shutdown: poweroff" "g1 shutdown reason"

# sysrq c crashes it (on_crash=preserve keeps the domain).
guest_cfg g2 elf ""
run "$XL" create "$T/g2.cfg"
expect_rc 0 "create g2"
id=$("$XL" domid g2)
wait_for 10 node_is "/local/domain/$id/control/feature-poweroff" 1 ||
    fail "g2: feature-poweroff not written"
"$XS/xenstore-write" "/local/domain/$id/control/sysrq" c
wait_for 10 log_has g2 "sysrq triggered crash" || fail "g2: no panic"
run "$XL" dmesg
wait_for 5 sh -c "'$XL' dmesg | grep -q 'd$id: shutdown: crash'" ||
    fail "g2: not crashed"
"$XL" destroy g2

# xensim.poweroff=<sec> on the command line, gzip bzImage.
guest_cfg g3 bzimage-gzip "xensim.poweroff=0.5"
run "$XL" create "$T/g3.cfg"
expect_rc 0 "create g3"
wait_for 10 gone g3 || fail "g3: xensim.poweroff did not power off"
log_has g3 "reboot: Power down" || fail "g3: no power down message"

# xensim.reboot=<sec> (on_reboot=destroy: no restart loop).
guest_cfg g4 elf "xensim.reboot=0.3" destroy
run "$XL" create "$T/g4.cfg"
expect_rc 0 "create g4"
wait_for 10 gone g4 || fail "g4: xensim.reboot did not reboot"
log_has g4 "reboot: Restarting system" || fail "g4: no restart message"
run "$XL" dmesg
expect_match "$out" "d[0-9]+: shutdown: reboot" "g4 shutdown reason"

# xensim.crash=<sec>: a crashed domain, kept by on_crash=preserve.
guest_cfg g5 elf "xensim.crash=0.3"
run "$XL" create "$T/g5.cfg"
expect_rc 0 "create g5"
id=$("$XL" domid g5)
wait_for 10 log_has g5 "xensim.crash timer" || fail "g5: no panic"
wait_for 5 sh -c "'$XENSIM' status | grep -Eq '^$id .* ---s-'" ||
    fail "g5: not shut down"
run "$XL" dmesg
expect_match "$out" "d$id: shutdown: crash" "g5 shutdown reason"
"$XL" destroy g5

# The e2e test guest's protocol: GUEST-HELLO, then e2e.after (poweroff).
guest_cfg g6 bzimage-xz "quiet e2e.name=hello"
run "$XL" create "$T/g6.cfg"
expect_rc 0 "create g6"
wait_for 10 gone g6 || fail "g6: e2e guest did not power off"
log_has g6 "^GUEST-HELLO hello uptime=[0-9.]*" || fail "g6: no GUEST-HELLO"
log_has g6 "^GUEST-poweroff" || fail "g6: no GUEST-poweroff"

# The guest processes end with their domains.
sleep 0.5
for p in $(ps -eo pid=,comm= | awk '$2 ~ /^xensim-d/ { print $1 }'); do
    { tr '\0' '\n' < "/proc/$p/environ"; } 2> /dev/null |
        grep -qx "XENSIM_DIR=$XENSIM_DIR" && fail "guest process $p left"
done
finish
