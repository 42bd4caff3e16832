# Shared by the xenstore CLI tests: a private xenstored on a temporary
# socket (our xenstored/xenstored when built, else Xen's C xenstored from
# Debian's xen-utils-4.17; skip with 77 when neither exists).
set -u
: "${top_builddir:=$(cd "$(dirname "$0")/../../.." && pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/xs-cli.XXXXXX")
OURBIN="$T/ourbin"
mkdir -p "$OURBIN"
for n in xenstore-read xenstore-write xenstore-rm xenstore-ls xenstore-list \
         xenstore-exists xenstore-chmod xenstore-watch xenstore-control; do
    ln -s "$top_builddir/libxenstore/xenstore" "$OURBIN/$n"
done
ln -s "$top_builddir/libxenstore/xenstore" "$OURBIN/xenstore"
DPID=
cleanup() {
    [ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

# start_daemon: sets XENSTORED_PATH and DAEMON (a name for messages).
start_daemon() {
    export XENSTORED_PATH="$T/run/socket" XENSTORED_RUNDIR="$T/run"
    export XENSTORED_ROOTDIR="$T/run"
    mkdir -p "$T/run"
    # Socket option of our daemon: --socket if it has one, else the
    # environment (XENSTORED_PATH / XENSTORED_RUNDIR) as Xen's daemon.
    XS_DAEMON_ARGS=
    if [ -x "$top_builddir/xenstored/xenstored" ] &&
       "$top_builddir/xenstored/xenstored" --help 2>&1 | grep -q -- --socket
    then
        XS_DAEMON_ARGS="--socket $XENSTORED_PATH"
    fi
    if [ "${XS_DAEMON:-}" = fake ] ||
       { [ ! -x "$top_builddir/xenstored/xenstored" ] && [ -z "${XS_DAEMON:-}" ]; }
    then
        # Until/unless our xenstored is built: the client-side fake.
        command -v python3 >/dev/null || { echo "SKIP: no daemon"; exit 77; }
        DAEMON=fake
        python3 "$(dirname "$0")/fakexsd.py" "$XENSTORED_PATH" \
            >"$T/daemon.log" 2>&1 &
    else
        DAEMON=ours
        "$top_builddir/xenstored/xenstored" -N $XS_DAEMON_ARGS \
            >"$T/daemon.log" 2>&1 &
    fi
    DPID=$!
    i=0
    # The socket file appears at bind(), before listen(): wait until the
    # daemon answers, not until the file exists.
    while ! "$top_builddir/libxenstore/xenstore-exists" / 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! kill -0 "$DPID" 2>/dev/null; then
            echo "FAIL: $DAEMON xenstored did not start"; cat "$T/daemon.log"
            exit 1
        fi
        sleep 0.05
    done
}

PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }

# run_in DIR cmd...: output (stdout, then stderr) and status of cmd with
# DIR first on PATH.
run_in() {
    d=$1; shift
    ( PATH="$d:/usr/bin:/bin"; "$@" ) >"$T/o" 2>"$T/e" </dev/null
    echo "rc=$?"; cat "$T/o"; echo "--stderr"; cat "$T/e"
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
