#!/bin/sh
# xl vncviewer and xl create -V/-A on the simulator: the viewer
# ($VNCVIEWER, a script recording its arguments and standard input) gets
# HOST:DISPLAY from the nodes the device model publishes, and the
# password on stdin with --autopass; a domain without a VNC server is
# created and left running by create -V while the viewer child says so
# and exits 1 (as Xen's xl), and xl vncviewer refuses it naming it.
# (The device model's side: tests/cli/xl/hvm.sh.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_xenstored
"$XENSIM" mkkernel "$T/k" --format elf > /dev/null ||
    fail "mkkernel failed"
cat > "$T/g.cfg" <<CFG
name = "vncg"
type = "pv"
kernel = "$T/k"
memory = 64
CFG
cat > "$T/viewer" <<'SH'
#!/bin/sh
echo "$*" > "$VIEWER_OUT"
cat >> "$VIEWER_OUT"
SH
chmod +x "$T/viewer"
export VNCVIEWER="$T/viewer" VIEWER_OUT="$T/viewer.out"

run "$XL" vncviewer
expect_rc 2 "vncviewer without domain"
# create's operands after the file: key=value only (as Xen's xl).
run "$XL" -N create "$T/g.cfg" other.cfg
expect_rc 2 "create with two files"
expect_match "$err" "\`other.cfg': a second config file, or not key=value" \
    "create with two files msg"
run "$XL" -N create "$T/g.cfg" memory=96
expect_rc 0 "create -N with an override"
expect_match "$out" '"max_memkb": 98304' "override applied"
run "$XL" vncviewer nosuch
expect_rc 1 "vncviewer unknown domain"

# create -V without a VNC display: the domain runs, the child complains.
"$XL" create -V "$T/g.cfg" > "$T/c.out" 2> "$T/c.err"
rc=$? err=$(cat "$T/c.err")
expect_rc 0 "create -V without vfb"
id=$("$XL" domid vncg) || fail "create -V left no domain"
wait_for 10 grep -q "has no VNC server" "$T/c.err" ||
    fail "create -V: no message from the viewer child: $(cat "$T/c.err")"
expect_match "$(cat "$T/c.err")" "xl: create: domain $id has no VNC server" \
    "create -V message"
[ -e "$VIEWER_OUT" ] && fail "a viewer ran without a display"
run "$XL" vncviewer vncg
expect_rc 1 "vncviewer without display"
expect_match "$err" "^xl: vncviewer: domain $id has no VNC server" \
    "vncviewer without display msg"

# What a device model publishes (console/vnc-*): the viewer gets them.
"$XS/xenstore-write" "/local/domain/$id/console/vnc-listen" 127.0.0.1 \
    "/local/domain/$id/console/vnc-port" 5901 \
    "/local/domain/$id/console/vnc-pass" s3cret
run "$XL" vncviewer vncg
expect_rc 0 "vncviewer"
expect_eq "$(cat "$VIEWER_OUT")" "127.0.0.1:1" "viewer arguments"
run "$XL" vncviewer --autopass vncg
expect_rc 0 "vncviewer --autopass"
expect_eq "$(cat "$VIEWER_OUT")" "127.0.0.1:1 -autopass
s3cret" "viewer arguments and password"
"$XS/xenstore-rm" "/local/domain/$id/console/vnc-listen"
run "$XL" vncviewer vncg
expect_eq "$(cat "$VIEWER_OUT")" "localhost:1" "viewer default host"
"$XS/xenstore-write" "/local/domain/$id/console/vnc-port" x
run "$XL" vncviewer vncg
expect_rc 1 "vncviewer bad port"
expect_match "$err" "VNC port 'x' is not a display port" "bad port msg"
"$XS/xenstore-write" "/local/domain/$id/console/vnc-port" 5902
VNCVIEWER="$T/no-such-viewer"
run "$XL" vncviewer vncg
VNCVIEWER="$T/viewer"
expect_rc 1 "vncviewer missing program"
expect_match "$err" "cannot run '$T/no-such-viewer'" "missing viewer msg"
"$XL" destroy vncg

# create -A with a display: the child runs the viewer with the password.
# (No device model on the simulator: -p keeps the domain paused while
# the nodes are written, the child waits a second before it reads them.)
rm -f "$VIEWER_OUT"
"$XL" create -p -A "$T/g.cfg" > "$T/c.out" 2> "$T/c.err" &
cpid=$!
wait_for 10 "$XL" domid vncg || fail "create -A: no domain"
id=$("$XL" domid vncg)
"$XS/xenstore-write" "/local/domain/$id/console/vnc-port" 5903 \
    "/local/domain/$id/console/vnc-pass" pw
wait $cpid
wait_for 10 test -s "$VIEWER_OUT" || fail "create -A: the viewer did not run"
wait_for 5 grep -q pw "$VIEWER_OUT"
expect_eq "$(cat "$VIEWER_OUT")" "localhost:3 -autopass
pw" "create -A viewer"
# -e: no viewer (as Xen's xl).
"$XL" destroy vncg
rm -f "$VIEWER_OUT"
run "$XL" create -e -V "$T/g.cfg"
expect_rc 0 "create -e -V"
sleep 1.5
[ -e "$VIEWER_OUT" ] && fail "create -e -V ran a viewer"
"$XL" destroy vncg
finish
