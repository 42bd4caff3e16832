#!/bin/sh
# xl migrate to localhost of a simulated HVM guest with a device model
# (the fake QEMU of the unit tests), as Xen 4.17's libxl does it: the
# sender's QEMU logs dirty pages for the whole libxc stream
# (xen-set-global-dirty-log true ... false), and is stopped and saved
# (xen-save-devices-state, live) once the guest is suspended; its state
# and physmap nodes follow the libxc stream; the receiver starts its QEMU
# with -incoming before the guest runs, and continues it when the guest
# is unpaused; the sender's QEMU goes only after the receiver's success.
# A receiver whose QEMU cannot start, or refuses cont at the unpause:
# the guest and its QEMU carry on here (QMP cont), nothing is left
# there; a sender's QEMU that cannot log dirty pages or save its state:
# the guest carries on here.  Also with -p, -z and --debug (the receiver
# compares the verify pass's pages of an HVM guest too, and a page
# changed on the way fails it).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

dm=/local/domain/0/device-model

# qmp_calls ID: the QMP commands domain ID's QEMU got, with arguments
# (but a file name), separated by ";"
qmp_calls() {
    tr -d '\r' < "$XENSIM_DIR/fake-qemu-$1.qmp" |
        sed -e 's/^{"execute":"\([a-z-]*\)"\(,"arguments":\)\{0,1\}/\1 /' \
            -e 's/,\{0,1\}"id":[0-9]*}$//' -e 's/"filename":"[^"]*",//' \
            -e 's/ $//' | tr '\n' ';'
}
# the sender's QEMU in a migration, up to the end of the stream
SEND='xen-set-global-dirty-log {"enable":true};stop;'
SEND="$SEND"'xen-save-devices-state {"live":true};'
SEND="$SEND"'xen-set-global-dirty-log {"enable":false};'
# forget what QEMUs were asked before (a new domain may reuse an id)
qmp_reset() {
    rm -f "$XENSIM_DIR"/fake-qemu-*.qmp
}

# dm_pid ID: the pid of domain ID's QEMU
dm_pid() {
    "$XS/xenstore-read" "/local/domain/$1/image/device-model-pid"
}

# moved WHAT OLD OLDPID: h left domain OLD (QEMU OLDPID) for a new one,
# whose QEMU read OLD's device state and physmap; nothing of OLD is left
moved() {
    nid=$("$XL" domid h)
    [ -n "$nid" ] && [ "$nid" != "$2" ] || fail "$1: h did not move"
    expect_eq "$("$XL" list | grep -c '^h ')" 1 "$1: one h"
    expect_dm_restored "$1" "$nid" "$2"
    [ -e "$XENSIM_DIR/dom/$2" ] && fail "$1: the old domain $2 is left"
    kill -0 "$3" 2> /dev/null && fail "$1: the old QEMU ($3) still runs"
    "$XS/xenstore-exists" "$dm/$2" && fail "$1: $dm/$2 is left"
    "$XS/xenstore-exists" "/local/domain/$2" &&
        fail "$1: /local/domain/$2 is left"
    ls "$LIBDIR" | grep -q '^qemu-' &&
        fail "$1: device state files left: $(ls "$LIBDIR" | grep '^qemu-')"
    return 0
}

start_xenstored
start_xenconsoled
export XENSIM_DIR
hvm_cfg h
run "$XL" create "$T/h.cfg"
expect_rc 0 "create h"
id=$("$XL" domid h)
pid=$(dm_pid "$id")

# The receiver's QEMU fails: (1) it cannot start (before "ready"); (2)
# it refuses cont when the receiver unpauses the guest (after the
# permission to go: the receiver reports the failure).  Either way the
# guest is resumed here, its QEMU continued, and the receiver destroyed
# its copy.  $T/envssh runs the receiver with $RECV_ENV in its
# environment.
cat > "$T/envssh" <<'SH'
#!/bin/sh
shift
exec env $RECV_ENV "$@"
SH
chmod +x "$T/envssh"
for RECV_ENV in FAKE_QEMU_FAIL=1 FAKE_QEMU_REFUSE=cont; do
    export RECV_ENV
    qmp_reset
    run "$XL" migrate -s "$T/envssh" h localhost
    expect_rc 1 "migrate to a receiver with $RECV_ENV"
    case $RECV_ENV in
    *FAIL*)
        expect_match "$err" "cannot initiali[sz]e the machine" \
            "the receiver names its QEMU's failure" ;;
    *)
        expect_match "$err" "unpause: .*cont: fake: refused" \
            "the receiver names its QEMU's failure"
        expect_match "$err" "Target reports startup failure" \
            "the receiver reports it" ;;
    esac
    expect_match "$err" "Resumed OK" "$RECV_ENV: resumed at the sender"
    expect_eq "$("$XL" domid h)" "$id" "$RECV_ENV: h stays"
    expect_eq "$(qmp_calls "$id")" "${SEND}cont;" \
        "$RECV_ENV: the sender's QMP calls"
    kill -0 "$pid" || fail "$RECV_ENV: h's QEMU is gone"
    run "$XL" list
    expect_match "$out" "h +$id .* (r|-b)----" "$RECV_ENV: h runs"
    wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
        fail "$RECV_ENV: the receiver's domain is left: $("$XL" list)"
    expect_eq "$("$XS/xenstore-list" "$dm")" "$id" \
        "$RECV_ENV: device model nodes of h only"
    ls "$LIBDIR" | grep -q '^qemu-' &&
        fail "$RECV_ENV: device state files left"
done
unset RECV_ENV

# Live migration: the guest runs there, nothing is left here.
qmp_reset
run "$XL" -v migrate -s "$T/localssh" h localhost
expect_rc 0 "migrate h"
expect_match "$err" "Migration successful" "migrate message"
expect_eq "$(qmp_calls "$id")" "$SEND" "the sender's QMP calls"
moved "migrate" "$id" "$pid"
expect_eq "$(qmp_calls "$nid")" "cont;" "the receiver's QEMU continued"
run "$XL" list h
expect_match "$out" "h +$nid .* (r|-b)----" "h runs after migrate"

# -p: paused there, its QEMU stopped until xl unpause; with -z.
id=$nid
pid=$(dm_pid "$id")
qmp_reset
run "$XL" migrate -p -z -s "$T/localssh" h localhost
expect_rc 0 "migrate -p -z"
moved "migrate -p -z" "$id" "$pid"
run "$XL" list h
expect_match "$out" "h +$nid .* --p---" "h paused after migrate -p"
[ -e "$XENSIM_DIR/fake-qemu-$nid.qmp" ] &&
    fail "-p: QMP calls before the unpause: $(qmp_calls "$nid")"
"$XL" unpause h
expect_eq "$(qmp_calls "$nid")" "cont;" "unpause continues QEMU"

# --debug (Xen's verify pass: every page again after the suspend, which
# the receiver compares), through zlib too.
id=$nid
pid=$(dm_pid "$id")
qmp_reset
run "$XL" migrate --debug -z -s "$T/localssh" h localhost
expect_rc 0 "migrate --debug -z"
verified_pages "--debug -z" 8000
expect_eq "$(qmp_calls "$id")" "$SEND" "--debug: the sender's QMP calls"
moved "migrate --debug -z" "$id" "$pid"
run "$XL" list h
expect_match "$out" "h +$nid .* (r|-b)----" "h runs after migrate --debug"

# A page changed on the way in the verify pass only: the receiver names
# it, the guest is resumed here and its QEMU continued.
id=$nid
pid=$(dm_pid "$id")
qmp_reset
migrate_flipped h
expect_eq "$(qmp_calls "$id")" "${SEND}cont;" \
    "QMP calls of a failed verify"
kill -0 "$pid" || fail "h's QEMU is gone after a failed verify"
run "$XL" list h
expect_match "$out" "h +$id .* (r|-b)----" "h runs after a failed verify"

"$XL" destroy h

# The sender's QEMU fails: (1) it cannot log dirty pages -- nothing
# starts, the guest keeps running untouched; (2) it cannot save its
# state after the guest's suspend -- the guest is resumed, QEMU
# continued.  Nothing is left of the receiver's domain either way.
for refuse in xen-set-global-dirty-log xen-save-devices-state; do
    hvm_cfg r
    FAKE_QEMU_REFUSE=$refuse run "$XL" create "$T/r.cfg"
    expect_rc 0 "create r refusing $refuse"
    id=$("$XL" domid r)
    qmp_reset
    run "$XL" migrate -s "$T/localssh" r localhost
    expect_rc 1 "migrate, QEMU refusing $refuse"
    expect_match "$err" "domain $id: migrate: device model: .*fake: refused" \
        "$refuse: the message names the device model"
    case $refuse in
    xen-set-*)
        expect_match "$err" "the domain keeps running here" \
            "$refuse: not suspended"
        expect_eq "$(qmp_calls "$id")" 'xen-set-global-dirty-log {"enable":true};' \
            "$refuse: QMP calls" ;;
    *)
        expect_match "$err" "Resumed OK" "$refuse: resumed"
        expect_eq "$(qmp_calls "$id")" "${SEND}cont;" "$refuse: QMP calls" ;;
    esac
    expect_eq "$("$XL" domid r)" "$id" "$refuse: r stays"
    run "$XL" list r
    expect_match "$out" "r +$id .* (r|-b)----" "$refuse: r runs"
    wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
        fail "$refuse: the receiver's domain is left: $("$XL" list)"
    ls "$LIBDIR" | grep -q '^qemu-' && fail "$refuse: device state files left"
    "$XL" destroy r
done
finish
