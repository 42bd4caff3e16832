# tests/e2e scenario: creations that must fail (missing kernel, corrupt
# kernel, truncated bzImage, missing ramdisk, more memory than the host
# has) each give one clear message and leave no domain, no xenstore node
# and no stored config; a guest that crashes triggers on_crash.
# e2e-timeout: 300
# e2e-cost: 35
. /e2e/lib.sh

# nothing_left CHECK: only Domain-0 in xl list, /local/domain, /vm, /libxl,
# the name index and the stored configs.
nothing_left() {
    doms=$(xl list 2>/dev/null | tail -n +2 | awk '{print $1}' | tr '\n' ' ')
    xsdoms=$(xenstore-list /local/domain 2>&1 | tr '\n' ' ')
    vms=$(xenstore-list /vm 2>/dev/null | wc -l)
    # /libxl/names is the host's name index: only Domain-0 may be in it.
    libxl=$(xenstore-list /libxl 2>/dev/null | grep -vx names | wc -l)
    names=$(for n in $(xenstore-list /libxl/names 2>/dev/null); do
        [ "$(xenstore-read /libxl/names/$n)" = 0 ] || echo "$n"; done |
        wc -l)
    cfgs=$(ls /var/lib/xen 2>/dev/null | grep -c '^userdata-d\.[1-9]')
    if [ "$doms" = "Domain-0 " ] && [ "$xsdoms" = "0 " ] &&
        [ "$vms" = 0 ] && [ "$libxl" = 0 ] && [ "$names" = 0 ] &&
        [ "$cfgs" = 0 ]; then
        e2e_pass "$1" "nothing left"
    else
        e2e_fail "$1" "left: domains [$doms] /local/domain [$xsdoms]" \
            "/vm $vms /libxl $libxl names $names configs $cfgs"
    fi
}

# must_fail CHECK REGEX CFG-LINES: xl create fails, message matches REGEX.
must_fail() {
    chk=$1 re=$2
    shift 2
    printf '%s\n' 'name = "e2e-bad"' "$@" >/tmp/bad.cfg
    if e2e_timeout 60 xl create /tmp/bad.cfg >"$E2E_OUT" 2>&1; then
        e2e_fail "$chk" "xl create succeeded"
        xl destroy e2e-bad 2>/dev/null
        return
    fi
    e2e_expect "$chk" "$re" "$(grep 'xl: create' "$E2E_OUT" | head -n 1)"
    nothing_left "$chk-clean"
}

must_fail missing-kernel "read kernel and ramdisk: kernel: .*nothere" \
    'kernel = "/guest/nothere"' 'memory = 64'
must_fail corrupt-kernel "cannot create domain 'e2e-bad': build: " \
    'kernel = "/bin/busybox"' 'memory = 64'
head -c 3000000 /guest/vmlinuz >/tmp/truncated
must_fail truncated-bzimage "cannot create domain 'e2e-bad': build: " \
    'kernel = "/tmp/truncated"' 'memory = 64'
must_fail missing-ramdisk "ramdisk: .*nothere" \
    'kernel = "/guest/vmlinuz"' 'ramdisk = "/guest/nothere"' 'memory = 64'
must_fail too-much-memory "cannot create domain 'e2e-bad': " \
    'kernel = "/guest/vmlinuz"' 'memory = 65536'

# A guest that crashes: on_crash="preserve" keeps it, crashed.
name=e2e-crash
cat >/tmp/$name.cfg <<CFG
name = "$name"
kernel = "/guest/vmlinuz"
ramdisk = "/guest/initrd.cpio.gz"
extra = "console=hvc0 quiet e2e.name=$name e2e.after=crash"
memory = 128
on_crash = "preserve"
CFG
e2e_run crash-create xl create /tmp/$name.cfg || exit 1
crashed() {
    xl list 2>/dev/null | awk -v n=$name '$1 == n { print $5 }' | grep -q c
}
e2e_wait 120 crashed
xl list >"$E2E_OUT" 2>&1
e2e_expect crash-preserved "^$name +[0-9]+ .* [-a-z]*c-" \
    "on_crash=preserve kept the crashed guest"
grep -q "Action for shutdown reason code 3 is preserve" \
    /var/log/xen/xl-$name.log 2>/dev/null &&
    e2e_pass crash-monitor-log "monitor logged the preserve action" ||
    { e2e_fail crash-monitor-log "no action line in xl-$name.log";
      [ -f /var/log/xen/xl-$name.log ] && e2e_show /var/log/xen/xl-$name.log; }
e2e_run crash-destroy xl destroy $name && nothing_left crash-destroy-clean
