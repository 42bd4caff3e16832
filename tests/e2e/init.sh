#!/bin/sh
# tests/e2e: /init of the Dom0 initramfs (busybox sh, PID 1).
#
# Mounts the pseudo file systems, loads the Xen kernel modules, mounts
# xenfs, starts xenstored (ours or Debian's, per /etc/e2e/env), waits until
# it answers, runs the Dom0 setup program, starts xenconsoled, then runs
# each scenario named by e2e.scenarios=a:b:c on the kernel command line,
# each under its own timeout, and powers off. Everything the host harness
# parses is a line starting with E2E- on the console (hvc0 -> Xen -> com1).

export HOME=/root TERM=dumb
. /etc/e2e/env
export PATH E2E_MODE E2E_PREFIX

up() { cut -d' ' -f1 /proc/uptime; }
mark() { echo "E2E-MARK $1 $(up)"; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
# Hotplug scripts stat /dev/stdin; devtmpfs has no /dev/fd links.
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/xen /run/xenstored /run/lock /run/e2e /var/lib/xen \
    /var/log/xen/console /tmp
rm -rf /var/run /var/lock
ln -s /run /var/run
ln -s /run/lock /var/lock
chmod 1777 /tmp
hostname dom0
ip link set lo up 2>/dev/null
mark init

# Switches on the kernel command line (e2e.*).
SCENARIOS=""
DEFAULT_TIMEOUT=120
BUDGET=0
for arg in $(cat /proc/cmdline); do
    case $arg in
    e2e.scenarios=*) SCENARIOS=$(echo "${arg#*=}" | tr : ' ') ;;
    e2e.timeout=*) DEFAULT_TIMEOUT=${arg#*=} ;;
    e2e.budget=*) BUDGET=${arg#*=} ;;
    esac
done
case $BUDGET in ""|*[!0-9]*) BUDGET=0 ;; esac
echo "E2E-INFO mode=$E2E_MODE scenarios=$SCENARIOS"

KVER=$(uname -r)
while read -r m; do
    insmod "/lib/modules/$KVER/$m.ko" ||
        echo "E2E-INFO insmod $m failed"
done </etc/e2e/modules
mount -t xenfs xenfs /proc/xen ||
    echo "E2E-INFO mount xenfs failed"
mark modules

# status FILE WORDS...: record a start-up result for the scenarios.
status() { f=$1; shift; echo "$*" >"/run/e2e/$f"; }

# xenstore_answers: true once a client gets an answer from xenstored.
xenstore_answers() {
    timeout 2 xenstore-list / >/dev/null 2>&1
}

start_xenstored() {
    if [ -z "$XENSTORED" ] || [ ! -x "$XENSTORED" ]; then
        status xenstored "fail no xenstored program in the image"
        return 1
    fi
    t0=$(up)
    # shellcheck disable=SC2086
    "$XENSTORED" $XENSTORED_ARGS >/var/log/xen/xenstored.out 2>&1 &
    echo $! >/run/e2e/xenstored.pid
    i=0
    while [ $i -lt 100 ]; do
        if xenstore_answers; then
            status xenstored "ok answered after" \
                "$(echo "$(up) $t0" | awk '{printf "%.2f", $1 - $2}')s"
            return 0
        fi
        if ! kill -0 "$(cat /run/e2e/xenstored.pid)" 2>/dev/null; then
            status xenstored "fail xenstored exited before answering:" \
                "$(tail -n 3 /var/log/xen/xenstored.out | tr '\n' ' ')"
            return 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    status xenstored "fail no answer from xenstored after 10s"
    return 1
}

start_init_dom0() {
    if [ -z "$INIT_DOM0" ] || [ ! -x "$INIT_DOM0" ]; then
        status init-dom0 "fail no xen-init-dom0 program in the image"
        return 1
    fi
    if timeout 30 "$INIT_DOM0" >/var/log/xen/init-dom0.out 2>&1; then
        status init-dom0 "ok"
    else
        status init-dom0 "fail exit $?:" \
            "$(tail -n 3 /var/log/xen/init-dom0.out | tr '\n' ' ')"
        return 1
    fi
}

start_xenconsoled() {
    if [ -z "$XENCONSOLED" ] || [ ! -x "$XENCONSOLED" ]; then
        status xenconsoled "fail no xenconsoled program in the image"
        return 1
    fi
    # shellcheck disable=SC2086
    "$XENCONSOLED" $XENCONSOLED_ARGS >/var/log/xen/xenconsoled.out 2>&1 &
    echo $! >/run/e2e/xenconsoled.pid
    sleep 0.2
    if kill -0 "$(cat /run/e2e/xenconsoled.pid)" 2>/dev/null; then
        status xenconsoled "ok"
    else
        status xenconsoled "fail xenconsoled exited:" \
            "$(tail -n 3 /var/log/xen/xenconsoled.out | tr '\n' ' ')"
        return 1
    fi
}

if start_xenstored; then
    mark xenstored
    start_init_dom0 && mark init-dom0
    start_xenconsoled && mark xenconsoled
fi
for f in xenstored init-dom0 xenconsoled; do
    [ -e "/run/e2e/$f" ] || status "$f" "fail not started (xenstored failed)"
    echo "E2E-INFO $f: $(cat "/run/e2e/$f")"
done

# Speed.  How fast this emulation runs depends on the host: a CI run once
# had every guest ten times slower than here, Dom0 itself only 1.4 times.
# Before each scenario E2E_SCALE is set to the larger of two ratios, each
# rounded up: the time of a fixed piece of shell work over SPEED_REF, and,
# once a scenario has booted a guest, that guest's time from xl create to
# its marker (/run/e2e/guest-boot, written by e2e_guest_runs) over
# BOOT_REF; both references are what an idle two-core host takes.  At
# least 1, at most 20.  The scenarios multiply their deadlines by it
# (lib.sh), and so does the scenario's own timeout below.  Uptime is read
# in hundredths with the shell's own read, no awk (see e2e_wait in lib.sh).
SPEED_REF=75
BOOT_REF=16
up_cs() { read -r _u _ </proc/uptime; echo "${_u%.*}${_u#*.}"; }
speed() {
    _t0=$(up_cs)
    _i=0
    while [ $_i -lt 20000 ]; do _i=$((_i + 1)); done
    SPEED_CS=$(($(up_cs) - _t0))
    E2E_SCALE=$(((SPEED_CS + SPEED_REF - 1) / SPEED_REF))
    BOOT_S=$(cat /run/e2e/guest-boot 2>/dev/null)
    case $BOOT_S in *[!0-9]*) BOOT_S="" ;; esac  # an error here ends PID 1
    if [ -n "$BOOT_S" ] &&
        [ $(((BOOT_S + BOOT_REF - 1) / BOOT_REF)) -gt $E2E_SCALE ]; then
        E2E_SCALE=$(((BOOT_S + BOOT_REF - 1) / BOOT_REF))
    fi
    [ $E2E_SCALE -ge 1 ] || E2E_SCALE=1
    [ $E2E_SCALE -le 20 ] || E2E_SCALE=20
}

# Each scenario runs in its own shell under its own timeout, read from a
# "# e2e-timeout: N" line in the scenario (default e2e.timeout or 120 s),
# times E2E_SCALE.  With e2e.budget=SECS (of Dom0 uptime) a scenario whose
# "# e2e-cost: N" (seconds it takes on an idle two-core host; default a
# third of its timeout) times E2E_SCALE does not fit in what is left is
# not run: E2E-SKIP says why, and the host harness reports it as skipped.
for s in $SCENARIOS; do
    file=/e2e/scenarios/$s.sh
    if [ ! -f "$file" ]; then
        echo "E2E-SCENARIO $s BEGIN $(up)"
        echo "E2E-CHECK $s/present FAIL no $file in the image"
        echo "E2E-SCENARIO $s END rc=127 $(up)"
        continue
    fi
    t=$(sed -n 's/^# e2e-timeout: *\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
    [ -n "$t" ] || t=$DEFAULT_TIMEOUT
    cost=$(sed -n 's/^# e2e-cost: *\([0-9][0-9]*\).*/\1/p' "$file" | head -n 1)
    [ -n "$cost" ] || cost=$((t / 3))
    speed
    echo "E2E-SPEED $s x$E2E_SCALE $SPEED_CS $SPEED_REF ${BOOT_S:--} $BOOT_REF"
    t=$((t * E2E_SCALE))
    need=$((cost * E2E_SCALE))
    now=$(($(up_cs) / 100))
    if [ "$BUDGET" -gt 0 ]; then
        left=$((BUDGET - now))
        if [ $need -gt $left ]; then
            echo "E2E-SKIP $s needs about $need s at this speed" \
                "(x$E2E_SCALE), $left s of the $BUDGET s budget left"
            continue
        fi
        [ $t -le $left ] || t=$left
    fi
    echo "E2E-SCENARIO $s BEGIN $(up)"
    export E2E_SCALE
    E2E_SCENARIO=$s timeout -s KILL "$t" sh "$file" </dev/null 2>&1
    rc=$?
    if [ $rc = 137 ] && [ $(($(up_cs) / 100 - now)) -ge $t ]; then
        echo "E2E-CHECK $s/timeout FAIL killed after ${t}s"
    fi
    echo "E2E-SCENARIO $s END rc=$rc $(up)"
done

echo "E2E-DONE $(up)"
sync
poweroff -f
