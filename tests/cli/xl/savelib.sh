# Shared by the save/restore CLI tests (sourced after lib.sh and
# simhost.sh): a counting guest of xensim's kernel, and what a host looks
# like, to show that a failed restore left nothing behind.
LIBDIR="$XENSIM_DIR/var/lib/xen"

# count_guest NAME [MiB [CMDLINE...]]: create NAME (xensim's kernel,
# printing GUEST-COUNT <n>, with more kernel arguments if given) from
# $T/NAME.cfg, through ${ON:-} as a command prefix, and wait until it
# counts.  A PV guest, or of type ${TYPE} when set (pvh).
count_guest() {
    [ -f "$T/k.elf" ] || "$XENSIM" mkkernel "$T/k.elf" --format elf ||
        fail "mkkernel"
    cat > "$T/$1.cfg" <<CFG
name = "$1"
type = "${TYPE:-pv}"
kernel = "$T/k.elf"
memory = ${2:-32}
cmdline = "console=hvc0 e2e.name=$1 e2e.after=count${3:+ $3}"
CFG
    run ${ON:-} "$XL" create "$T/$1.cfg"
    expect_rc 0 "create $1"
    wait_for 10 log_has "$1" "GUEST-COUNT 2" || fail "$1: not counting"
}

# host_state: domains, stored configs and the xenstore nodes of guests
# (/local/domain, /vm, /libxl and its name index).
host_state() {
    "$XL" list | awk 'NR > 2'
    ls "$LIBDIR" | grep -v '^userdata-d\.0\.'
    "$XS/xenstore-list" /local/domain
    "$XS/xenstore-list" /vm 2>/dev/null
    "$XS/xenstore-list" /libxl 2>/dev/null
    "$XS/xenstore-ls" /libxl/names 2>/dev/null
}

# expect_unchanged WHAT: the host is as host_state found it when saved
# to $T/clean.
expect_unchanged() {
    host_state > "$T/now"
    cmp -s "$T/clean" "$T/now" ||
        fail "$1: left behind: $(diff "$T/clean" "$T/now" | grep '^>' |
            tr '\n' ' ')"
}

# expect_same_memory SAVED DOMID: DOMID's memory is the file SAVED (a
# copy of the saved domain's) but for what restore rewrites by design:
# start_info's frame and port fields, the first 88 bytes of one page.
expect_same_memory() {
    cmp -l "$1" "$XENSIM_DIR/dom/$2/mem" > "$T/diff" 2>&1
    pages=$(awk '{ print int(($1 - 1) / 4096) }' "$T/diff" | sort -u |
        wc -l)
    late=$(awk '($1 - 1) % 4096 >= 88' "$T/diff" | wc -l)
    expect_eq "$pages" 1 "restored memory: pages that differ (start_info)"
    expect_eq "$late" 0 "restored memory: bytes past start_info's fields"
    [ "$(wc -c < "$1")" = "$(wc -c < "$XENSIM_DIR/dom/$2/mem")" ] ||
        fail "restored memory has another size"
}

# expect_count_goes_on NAME DOMID: once restored as DOMID (and running),
# NAME's next count follows the one it was saved with.  The line after
# the resume message is the next count (lines are read whole: the console
# log may show the end of a line later; its lines end in CR LF).
expect_count_goes_on() {
    _log=$LOGDIR/guest-$1.log
    _m="XENSIM GUEST RESUMED domid=$2 (restored)"
    wait_for 10 sh -c "tr -d '\r' < '$_log' | grep -A1 '$_m' |
        grep -q '^GUEST-COUNT [0-9]*\$'" ||
        fail "$1: not resumed (and counting) after restore"
    n=$(tr -d '\r' < "$_log" | grep -o "$_m count=[0-9]*" |
        sed 's/.*count=//')
    next=$(tr -d '\r' < "$_log" | grep -A1 "$_m" |
        sed -n 's/^GUEST-COUNT //p')
    [ -n "$n" ] && [ "$n" -ge 2 ] || fail "$1: restored count [$n] below 2"
    expect_eq "$next" "$((n + 1))" "$1: the count continues after restore"
}

# expect_runs_on_unpause NAME DOMID: NAME, restored paused as DOMID, has
# not run; unpaused, it counts on and is back on xenstore.
expect_runs_on_unpause() {
    sleep 1.2
    log_has "$1" "RESUMED" && fail "$1 ran while restored paused"
    "$XL" unpause "$1"
    expect_count_goes_on "$1" "$2"
    wait_for 10 "$XS/xenstore-exists" \
        "/local/domain/$2/control/feature-suspend" ||
        fail "$1: no xenstore connection after restore"
}

# expect_dm_restored WHAT NEWID OLDID: the fake QEMU of domain NEWID
# started with -incoming, read OLDID's saved device state, and OLDID's
# physmap node was written back under NEWID's device model directory.
expect_dm_restored() {
    expect_eq "$(cat "$XENSIM_DIR/fake-qemu-$2.incoming")" \
        "FAKE-QEMU-STATE $3" "$1: the device model read the saved state"
    grep -qx -- "-incoming" "$XENSIM_DIR/fake-qemu-$2.args" ||
        fail "$1: no -incoming for the new device model"
    run "$XS/xenstore-read" \
        "/local/domain/0/device-model/$2/physmap/f0000000/name"
    expect_eq "$out" "vga.vram" "$1: physmap node carried over"
}
