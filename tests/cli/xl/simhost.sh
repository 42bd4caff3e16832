# A simulated host with its daemons for the xl CLI tests (sourced after
# lib.sh): xenstored on a private socket, and on request xenconsoled
# (guest logs in $LOGDIR) and xensim-backend (Dom0's blkback/netback).
# On exit every domain is destroyed and every daemon stopped ($T stays
# for a look when KEEP_T is set).
XENSIM="$top_builddir/libxenctrl/xensim"
XS="$top_builddir/libxenstore"
export XENSTORED_PATH="$T/xs.sock"
LOGDIR="$T/console"
pids=""
bpid=""

cleanup() {
    for d in $("$XL" list 2>/dev/null | awk 'NR > 2 { print $2 }'); do
        "$XL" destroy "$d" > /dev/null 2>&1
    done
    for p in $pids $bpid; do
        kill "$p" 2> /dev/null
    done
    [ -n "${KEEP_T:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

# wait_for SECONDS CMD...: until CMD succeeds; 0 if it did.  Every use
# waits for something that must happen (none asserts an absence), so the
# deadline is stretched by WAIT_SCALE (default 3): on a loaded host (CI,
# several QEMUs) the simulated guests run late, and a test that passes
# returns as soon as CMD succeeds.
wait_for() {
    n=$(($1 * 10 * ${WAIT_SCALE:-3}))
    shift
    while [ "$n" -gt 0 ]; do
        "$@" > /dev/null 2>&1 && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}

# node_is PATH VALUE: the xenstore node holds VALUE
node_is() {
    [ "$("$XS/xenstore-read" "$1" 2> /dev/null)" = "$2" ]
}

# log_has NAME PATTERN: in the guest's console log.  xenconsoled may log
# a guest whose domid was just reused to guest-<domid>.log, so look there
# too (patterns are unique per guest).
log_has() {
    grep -qs -- "$2" "$LOGDIR/guest-$1.log" "$LOGDIR"/guest-[0-9]*.log
}

# A second simulated host (tests/cli/xl/migrate-netns.sh) sets
# XENSIM_DIR, XENSTORED_PATH and LOGDIR to its own, SIMHOST_DIR for the
# daemons' logs and SIMHOST_EXEC to a command prefix (ip netns exec NS).

# pv_cfg NAME [LINE...]: $T/NAME.cfg, a 32 MiB PV guest of xensim's
# kernel ($T/vmlinuz, made once), with the config lines given.
pv_cfg() {
    [ -f "$T/vmlinuz" ] || "$XENSIM" mkkernel "$T/vmlinuz" || fail "mkkernel"
    _n=$1
    shift
    printf '%s\n' "name = \"$_n\"" 'type = "pv"' "kernel = \"$T/vmlinuz\"" \
        'memory = 32' "$@" > "$T/$_n.cfg"
}

# hvm_cfg NAME [LINE...]: $T/NAME.cfg, a 32 MiB HVM guest of xensim's
# stand-in hvmloader (halting; $T/hvmloader and a BIOS file, made once)
# with the fake device model of the unit tests, no VGA, no VNC, and the
# config lines given.
hvm_cfg() {
    [ -f "$T/hvmloader" ] ||
        "$XENSIM" mkkernel "$T/hvmloader" --format hvmloader ||
        fail "mkkernel hvmloader"
    [ -f "$T/bios.bin" ] || echo "a BIOS image" > "$T/bios.bin"
    _n=$1
    shift
    printf '%s\n' "name = \"$_n\"" 'type = "hvm"' 'memory = 32' \
        "firmware = \"$T/hvmloader\"" \
        "bios_path_override = \"$T/bios.bin\"" \
        "device_model_override = \"$top_builddir/tests/unit/fake-qemu\"" \
        'vga = "none"' 'vnc = 0' "$@" > "$T/$_n.cfg"
}

# vif_script FILE [LINE...]: an executable hotplug script for script=
# that runs the shell LINEs given (as they are: $1, $XENBUS_PATH, ...
# are the script's), then on "online" reports the device connected as
# Xen's vif scripts do, and exits 0.
vif_script() {
    _f=$1
    shift
    { echo '#!/bin/sh'
      printf '%s\n' "$@"
      echo '[ "$1" = online ] && "'"$XS"'/xenstore-write" \'
      echo '    "/local/domain/0/$XENBUS_PATH/hotplug-status" connected'
      echo 'exit 0'; } > "$_f"
    chmod 755 "$_f"
}

# start_xenstored [ARGS...]: the daemon, answering before this returns
# (its socket file appears at bind(), before listen(): wait for a reply).
start_xenstored() {
    ${SIMHOST_EXEC:-} "$top_builddir/xenstored/xenstored" -N \
        --socket "$XENSTORED_PATH" -L "${SIMHOST_DIR:-$T}/xenstored.log" \
        "$@" > "${SIMHOST_DIR:-$T}/xenstored.out" 2>&1 &
    pids="$pids $!"
    wait_for 10 "$XS/xenstore-exists" / || fail "xenstored did not start"
}

# start_xenconsoled: guest consoles logged to $LOGDIR/guest-<name>.log
start_xenconsoled() {
    ${SIMHOST_EXEC:-} "$top_builddir/console/xenconsoled" -i --log=guest \
        --log-dir="$LOGDIR" > "${SIMHOST_DIR:-$T}/xenconsoled.out" 2>&1 &
    pids="$pids $!"
}

# start_backend: xensim-backend plays Dom0's kernel backends
start_backend() {
    "$top_builddir/tools/xensim-backend" > "$T/backend.out" 2>&1 &
    pids="$pids $!"
}

# start_host: the simulated host most tests want: xenstored, xenconsoled
# and the backends, XENSIM_DIR exported for xl's children.
start_host() {
    start_xenstored
    start_xenconsoled
    start_backend
    export XENSIM_DIR
}

# start_balloon [ARGS...]: xensim-balloon plays Dom0's balloon driver; a
# second call replaces the first.
start_balloon() {
    [ -z "$bpid" ] || { kill "$bpid"; wait "$bpid" 2> /dev/null; }
    "$top_builddir/tools/xensim-balloon" "$@" > "$T/balloon.out" 2>&1 &
    bpid=$!
}
