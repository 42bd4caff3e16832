# A simulated host for the benchmarks (sourced; B is the build dir, T a
# fresh directory): xensim state with 4 CPUs and 8 GiB, xenstored,
# xenconsoled draining the consoles (a guest waits for that before it
# suspends), xensim's kernel in $T/k, and $XL (the uninstalled binary run
# directly when libtool made a wrapper, so its startup is not timed).
# bench_cleanup stops the daemons and removes $T.
export XENSIM_DIR="$T/sim"
export XENSTORED_PATH="$T/xs.sock"
bench_cleanup() {
    [ -n "${xspid:-}" ] && kill "$xspid" 2>/dev/null
    [ -n "${xcpid:-}" ] && kill "$xcpid" 2>/dev/null
    rm -rf "$T"
}

"$B/libxenctrl/xensim" init "$XENSIM_DIR" --cpus 4 --memory 8192 >/dev/null
mkdir -p "$XENSIM_DIR/etc/xen"
: >"$XENSIM_DIR/etc/xen/xl.conf"
"$B/xenstored/xenstored" -N --socket "$XENSTORED_PATH" >"$T/xs.log" 2>&1 &
xspid=$!
i=0
while ! "$B/libxenstore/xenstore-exists" / 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.05; i=$((i + 1)); done
"$B/console/xenconsoled" -i --log=none >"$T/xc.log" 2>&1 &
xcpid=$!
"$B/libxenctrl/xensim" mkkernel "$T/k" >/dev/null

XL=$B/xl/xl
if [ -x "$B/xl/.libs/xl" ]; then
    XL=$B/xl/.libs/xl
    LD_LIBRARY_PATH=$B/libxl/.libs:$B/libxenctrl/.libs:$B/libxenstore/.libs
    export LD_LIBRARY_PATH
fi

# bench_wait_guest NAME: until the guest answers suspend requests
bench_wait_guest() {
    i=0
    while ! "$B/libxenstore/xenstore-exists" \
        "/local/domain/$("$XL" domid "$1")/control/feature-suspend" \
        2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
