# tests/e2e: helpers sourced by the scenarios inside Dom0 (busybox sh).
#
# Every result is one console line the host harness parses:
#   E2E-CHECK <scenario>/<check> PASS|FAIL <detail>
# Output of a failing command follows as "E2E-OUT | ..." lines (at most
# 20) so the failure can be read from the serial log.

E2E_SCENARIO=${E2E_SCENARIO:-unknown}
E2E_TMP=$(mktemp -d /tmp/e2e.XXXXXX)

# Deadlines scale with the speed of the emulation: init.sh exports
# E2E_SCALE (1 on an idle two-core host, more on a slower or busy one).
# e2e_secs N: N times E2E_SCALE.  e2e_timeout N CMD...: CMD killed after
# e2e_secs N.  e2e_wait and e2e_run scale their own limits.
E2E_SCALE=${E2E_SCALE:-1}
e2e_secs() { echo $(($1 * E2E_SCALE)); }
e2e_timeout() {
    _s=$(($1 * E2E_SCALE))
    shift
    timeout -s KILL "$_s" "$@"
}

e2e_pass() { n=$1; shift; echo "E2E-CHECK $E2E_SCENARIO/$n PASS $*"; }
e2e_fail() { n=$1; shift; echo "E2E-CHECK $E2E_SCENARIO/$n FAIL $*"; }

# e2e_show FILE: copy the tail of FILE to the console.
e2e_show() { tail -n 20 "$1" | sed 's/^/E2E-OUT | /'; }

# e2e_diag_console NAME: what a failing console check needs to be
# understood: the domain, its console nodes, xenconsoled's own log.
e2e_diag_console() {
    _id=$(xl domid "$1" 2>/dev/null)
    {
        xl list
        [ -n "$_id" ] && xenstore-ls -f /local/domain/$_id/console
        [ -n "$_id" ] && xl vcpu-list "$1"
        _ref=$(xenstore-read /local/domain/$_id/console/ring-ref 2>/dev/null)
        [ -n "$_ref" ] && [ -x /e2e/bin/xc-probe ] &&
            /e2e/bin/xc-probe ring "$_id" "$_ref"
        tail -n 20 /var/log/xen/xenconsoled.out
    } 2>&1 | sed 's/^/E2E-OUT | /'
}

# e2e_have NAME PROG: fail check NAME (and return 1) unless PROG is a
# program on PATH.
e2e_have() {
    command -v "$2" >/dev/null 2>&1 && return 0
    e2e_fail "$1" "program $2 missing from the image (not built yet?)"
    return 1
}

# e2e_run NAME CMD...: run CMD (120 s at most, or $E2E_RUN_TIMEOUT, times
# E2E_SCALE), output
# in $E2E_OUT; fail check NAME and return 1 if it does not exit 0. Passing
# is up to the caller, which usually checks the output.  (The limit was
# 30 s: on a loaded host `xl create` of the PV guest took longer, and
# killing it with SIGKILL left a running domain without its monitor --
# whose poweroff then went unhandled.)
E2E_OUT=$E2E_TMP/out
e2e_run() {
    n=$1; shift
    e2e_have "$n" "$1" || return 1
    e2e_timeout "${E2E_RUN_TIMEOUT:-120}" "$@" >"$E2E_OUT" 2>&1
    rc=$?
    [ $rc = 0 ] && return 0
    e2e_fail "$n" "'$*' exited $rc"
    e2e_show "$E2E_OUT"
    return 1
}

# e2e_expect NAME REGEX DETAIL: pass NAME if $E2E_OUT matches the
# extended REGEX, else fail it and show the output.
e2e_expect() {
    if grep -Eq "$2" "$E2E_OUT"; then
        e2e_pass "$1" "$3"
        return 0
    fi
    e2e_fail "$1" "output does not match /$2/"
    e2e_show "$E2E_OUT"
    return 1
}

# e2e_started NAME WHAT: report how init's start-up of WHAT went
# (/run/e2e/WHAT holds "ok ..." or "fail <reason>").
e2e_started() {
    st=$(cat "/run/e2e/$2" 2>/dev/null || echo "fail no status")
    case $st in
    ok*) d=${st#ok}; d=${d# }
        e2e_pass "$1" "$2 started${d:+: $d}" ;;
    *) e2e_fail "$1" "${st#fail }"
        [ -f "/var/log/xen/$2.out" ] && e2e_show "/var/log/xen/$2.out"
        return 1 ;;
    esac
}

# e2e_guest_boots NAME TYPE [CFG-LINE...]: `xl create` the test guest
# (/guest, see mkguest.sh) of TYPE with the extra config lines, then check
# that its marker reaches the console log through xenconsoled and that
# the monitor destroys it when it powers off.  Checks: create, console,
# gone.
e2e_guest_boots() {
    name=$1 type=$2
    shift 2
    log=/var/log/xen/console/guest-$name.log
    printf '%s\n' "name = \"$name\"" "type = \"$type\"" \
        'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/initrd.cpio.gz"' \
        "extra = \"console=hvc0 quiet e2e.name=$name\"" 'memory = 128' \
        'vcpus = 1' 'on_poweroff = "destroy"' 'on_reboot = "destroy"' \
        'on_crash = "destroy"' "$@" >/tmp/$name.cfg
    e2e_guest_runs "$name" /tmp/$name.cfg
}

# e2e_guest_runs NAME CFG: the checks of e2e_guest_boots for a guest whose
# whole config file is CFG (its marker must be GUEST-HELLO NAME).
e2e_guest_runs() {
    name=$1
    log=/var/log/xen/console/guest-$name.log
    t0=$(cut -d' ' -f1 /proc/uptime)
    _tc=$t0
    e2e_run create xl create "$2" || return 1
    e2e_pass create "xl create returned after $(e2e_since $t0) s"
    t0=$(cut -d' ' -f1 /proc/uptime)
    if e2e_wait 90 grep -q "GUEST-HELLO $name" "$log"; then
        # The first guest of the boot tells init.sh how slow guests are.
        [ -e /run/e2e/guest-boot ] ||
            echo "$(e2e_since $_tc)" | cut -d. -f1 >/run/e2e/guest-boot
        e2e_pass console "guest marker after $(e2e_since $t0) s:" \
            "$(grep -o "GUEST-HELLO $name.*" "$log" | head -n 1)"
    else
        e2e_fail console "no GUEST-HELLO in $log after $(e2e_secs 90) s"
        [ -f "$log" ] && e2e_show "$log"
        xl list 2>&1 | sed 's/^/E2E-OUT | /'
    fi
    e2e_wait 60 sh -c "! xl domid $name"
    if xl domid $name >/dev/null 2>&1; then
        e2e_fail gone "domain still there $(e2e_secs 60) s after its marker"
        {
            xl list
            ps | grep '[x]l '
            for p in $(ps | awk '/[x]l create/ { print $1 }'); do
                echo "pid $p: $(cat /proc/$p/wchan 2>/dev/null)"
                cat /proc/$p/stack 2>/dev/null
            done
        } 2>&1 | sed 's/^/E2E-OUT | /'
        e2e_show "/var/log/xen/xl-$name.log"
        xl destroy $name 2>/dev/null
    else
        e2e_pass gone "domain destroyed on poweroff $(e2e_since $t0) s" \
            "after its marker"
    fi
}

# e2e_shutdown_gone SECS: `xl shutdown -w $name` (SECS at most) returns
# with the guest gone, and $log (its console) shows that it ran poweroff.
# Checks shutdown-w and clean-poweroff.
e2e_shutdown_gone() {
    if e2e_timeout "$1" xl shutdown -w $name >"$E2E_OUT" 2>&1 &&
        ! xl domid $name >/dev/null 2>&1; then
        e2e_pass shutdown-w "xl shutdown -w returned with the guest gone"
    else
        e2e_fail shutdown-w "guest still there or xl shutdown failed"
        e2e_show "$E2E_OUT"
        tail -n 5 "$log" | sed 's/^/E2E-OUT | /'
        e2e_show "/var/log/xen/xl-$name.log"
        xl destroy $name 2>/dev/null
    fi
    grep -q "GUEST-poweroff" "$log" &&
        e2e_pass clean-poweroff "the guest ran poweroff" ||
        e2e_fail clean-poweroff "no GUEST-poweroff on the console"
}

# e2e_wait SECS CMD...: run CMD every 0.1 s until it succeeds (0) or SECS
# times E2E_SCALE seconds of uptime have passed (1).  Deadlines by the clock, not by
# counting loops: under a loaded emulator each try can take long.
e2e_wait() {
    # The shell's own read and arithmetic, no awk or cut: Dom0's programs
    # still crash now and then under this nested emulation, and a crashed
    # awk once left the deadline empty, which ended the wait at once.
    read -r _up _ </proc/uptime
    _end=$((${_up%.*} + $1 * E2E_SCALE))
    shift
    until "$@" >/dev/null 2>&1; do
        read -r _up _ </proc/uptime
        [ "${_up%.*}" -ge "$_end" ] && return 1
        sleep 0.1
    done
    return 0
}

# e2e_since T0: seconds of uptime since T0, one decimal.
e2e_since() {
    echo "$(cut -d' ' -f1 /proc/uptime) $1" |
        awk '{printf "%.1f", $1 - $2}'
}

# The counting guest of the save scenarios (mkguest.sh e2e.after=count:
# GUEST-COUNT <n> every second on its console).
# e2e_count_cfg NAME: write /tmp/NAME.cfg for it (128 MiB, destroyed when
# it powers off or crashes).
e2e_count_cfg() {
    printf '%s\n' "name = \"$1\"" 'kernel = "/guest/vmlinuz"' \
        'ramdisk = "/guest/initrd.cpio.gz"' \
        "extra = \"console=hvc0 quiet e2e.name=$1 e2e.after=count\"" \
        'memory = 128' 'on_poweroff = "destroy"' 'on_crash = "destroy"' \
        >/tmp/$1.cfg
}

# e2e_count NAME: the last count on NAME's console (empty if none yet).
# Read up to 3 times while empty: now and then a reader of a console log
# being written dies of SIGSEGV in these Dom0s (the shell prints
# "Segmentation fault"), which would read as no count.
e2e_count() {
    for _t in 1 2 3; do
        _c=$(sed -n 's/^GUEST-COUNT \([0-9][0-9]*\).*$/\1/p' \
            /var/log/xen/console/guest-$1.log 2>/dev/null | tail -1)
        [ -n "$_c" ] && break
    done
    echo "$_c"
}

# e2e_count_ge NAME N: NAME's console shows a count of at least N.
e2e_count_ge() {
    _n=$(e2e_count "$1")
    [ -n "$_n" ] && [ "$_n" -ge "$2" ]
}

# e2e_wait_count NAME N: until NAME counts to N at least (120 s).
e2e_wait_count() {
    e2e_wait 120 e2e_count_ge "$1" "$2"
}

# e2e_count_start NAME [DIAG]: xl create the counting guest NAME from
# /tmp/NAME.cfg (120 s: on a loaded host TCG makes the build slow) and
# wait until it counts to 3.  On failure: fail check create or counting
# with the output, DIAG's (default: xl list) and the console's, destroy
# the guest, return 1.
e2e_count_start() {
    if ! e2e_timeout 120 xl create /tmp/$1.cfg >"$E2E_OUT" 2>&1; then
        e2e_fail create "xl create failed"
        e2e_show "$E2E_OUT"
        return 1
    fi
    e2e_wait_count "$1" 3 && return 0
    e2e_fail counting "no count on the console"
    if [ -n "${2:-}" ]; then
        $2
    else
        xl list 2>&1 | sed 's/^/E2E-OUT | /'
    fi
    e2e_show /var/log/xen/console/guest-$1.log
    xl destroy "$1"
    return 1
}

# e2e_debian_xl: DXL is Debian's Xen 4.17 xl, for the scenarios that run
# it beside ours (run.sh --debian none); without it fail check setup, 1.
e2e_debian_xl() {
    DXL=/usr/lib/xen-4.17/bin/xl
    [ -x $DXL ] && return 0
    e2e_fail setup "Debian's xl is not in this image (run.sh --debian none)"
    return 1
}

# e2e_save_restore WHO NAME SAVER RESTORER [SAVEOPTS [RESTOREOPTS]]: the
# counting guest NAME saved to /tmp/NAME.save by the xl SAVER, restored
# by RESTORER (300 s each), then its count must go on by 2 (the same
# guest, not a new boot).  Sets sr_before (the count before), sr_t0,
# sr_t1, sr_t2 (uptime before the save, after it, after the restore) and
# sr_size (the image's bytes).  A failure fails check save-WHO,
# restore-WHO or count-WHO with what explains it, and returns 1.
e2e_save_restore() {
    _img=/tmp/$2.save
    sr_before=$(e2e_count "$2")
    if [ -z "$sr_before" ]; then
        e2e_fail "count-$1" "no count on the console before the save"
        return 1
    fi
    sr_t0=$(cut -d' ' -f1 /proc/uptime)
    if ! e2e_timeout 300 $3 save ${5:-} "$2" $_img >"$E2E_OUT" 2>&1
    then
        e2e_fail "save-$1" "$3 save${5:+ $5} failed"
        e2e_show "$E2E_OUT"
        e2e_diag_saved
        return 1
    fi
    sr_t1=$(cut -d' ' -f1 /proc/uptime)
    sr_size=$(wc -c <$_img)
    if ! e2e_timeout 300 $4 restore ${6:-} $_img >"$E2E_OUT" 2>&1; then
        e2e_fail "restore-$1" "$4 restore${6:+ $6} failed"
        e2e_show "$E2E_OUT"
        e2e_diag_saved
        rm -f $_img
        return 1
    fi
    sr_t2=$(cut -d' ' -f1 /proc/uptime)
    rm -f $_img
    e2e_wait_count "$2" $((sr_before + 2)) && return 0
    e2e_fail "count-$1" "count '$(e2e_count "$2")' (was $sr_before)" \
        "after restore"
    e2e_show /var/log/xen/console/guest-$2.log
    return 1
}

# e2e_diag_saved: what a failed save or restore needs to be understood:
# the domains and the stored configs.
e2e_diag_saved() {
    { xl list; ls -l /var/lib/xen; } 2>&1 | sed 's/^/E2E-OUT | /'
}

# A counting guest across a migration, by its name in $name: its console
# (xenconsoled names a log after the domain's name when it first sees it:
# $name, then $name--incoming; lines end in CR LF), its last count, a
# count of at least N (n is set to the last), and how many times it
# booted.  (grep -a: a busybox tool crashed now and then on these logs;
# grep takes them as text whatever they hold)
e2e_mig_console() {
    for _f in /var/log/xen/console/guest-$name.log \
        /var/log/xen/console/guest-$name--incoming.log; do
        [ -f "$_f" ] && cat "$_f"
    done
}
e2e_mig_last() {
    for _t in 1 2 3; do            # read again while empty, as e2e_count
        _c=$(e2e_mig_console | grep -ao '^GUEST-COUNT [0-9][0-9]*' |
            tail -1 | cut -d' ' -f2)
        [ -n "$_c" ] && break
    done
    echo "$_c"
}
e2e_mig_count_ge() { n=$(e2e_mig_last); [ -n "$n" ] && [ "$n" -ge "$1" ]; }
e2e_mig_hellos() { e2e_mig_console | grep -ac "GUEST-HELLO $name"; }

# e2e_mig_create: create $name from /tmp/$name.cfg (120 s) and wait until
# it counts to 3 (300 s of uptime: a loaded host boots slowly); on
# failure say why and exit.
e2e_mig_create() {
    if ! e2e_timeout 120 xl create /tmp/$name.cfg >"$E2E_OUT" 2>&1; then
        e2e_fail create "xl create failed"
        e2e_show "$E2E_OUT"
        exit 1
    fi
    if e2e_wait 300 e2e_mig_count_ge 3; then
        e2e_pass counting "GUEST-COUNT $(e2e_mig_last)"
    else
        e2e_fail counting "no count on the console"
        e2e_mig_console | tail -20 | sed 's/^/E2E-OUT | /'
        xl destroy $name
        exit 1
    fi
}

# e2e_mig_run: xl -v migrate $name to localhost through /tmp/localssh
# (400 s): pass "migrate" with its time, rounds and downtime and set
# before (the count at the migration); else fail it, show the output and
# what is left, destroy the incoming and the migrated-away copies, and
# return 1.
e2e_mig_run() {
    _t0=$(cut -d' ' -f1 /proc/uptime)
    if e2e_timeout 400 xl -v migrate -s /tmp/localssh $name localhost \
            >"$E2E_OUT" 2>&1; then
        before=$(e2e_mig_last)
        e2e_pass migrate "in $(e2e_since $_t0) s: $(sed -n \
            's/^migration sender: \([0-9]* rounds.*\)/\1/p' "$E2E_OUT" |
            head -1); $(grep -o 'downtime [0-9]* ms' "$E2E_OUT")"
        return 0
    fi
    e2e_fail migrate "xl migrate failed"
    e2e_show "$E2E_OUT"
    xl list | sed 's/^/E2E-OUT | /'
    xl destroy $name--incoming 2>/dev/null
    xl destroy $name--migratedaway 2>/dev/null
    return 1
}
