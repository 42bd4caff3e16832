#!/bin/sh
# Domain-0 autoballooning (xl.conf autoballoon=) on the simulator: a host
# of 2048 MiB with Domain-0 at 1536 MiB, its balloon driver played by
# tools/xensim-balloon.  xl create lowers Domain-0's memory/target by what
# the new domain lacks and waits for it; a Domain-0 that does not give the
# memory, or would go below 128 MiB, and autoballoon="off" each end in one
# clear message with no domain left; "auto" is off when Xen's command line
# has dom0_mem=.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

# dom0_mib: Domain-0's memory in MiB, as xl list shows it.
dom0_mib() {
    "$XL" list 0 | awk 'NR == 2 { print $3 }'
}
target() {
    "$XS/xenstore-read" /local/domain/0/memory/target 2> /dev/null
}
balloon() { start_balloon "$@"; }
gcfg() {
    printf '%s\n' "name = \"$1\"" 'type = "pv"' "kernel = \"$T/k\"" \
        "memory = $2" 'on_crash = "preserve"' > "$T/$1.cfg"
}

cat > "$XENSIM_DIR/xensim.conf" <<EOF
memory_mib = 2048
dom0_memory_mib = 1536
commandline = placeholder console=com1
EOF
"$XENSIM" mkkernel "$T/k" || fail "mkkernel"
start_xenstored
balloon
expect_eq "$(dom0_mib)" 1536 "Domain-0 at start"

# a. 512 MiB guest (needs 514 MiB, 512 free): Domain-0 gives 2 MiB.
gcfg g1 512
run "$XL" create "$T/g1.cfg"
expect_rc 0 "create g1"
expect_eq "$(target)" $((1534 * 1024)) "Domain-0 target after g1"
expect_eq "$(dom0_mib)" 1534 "Domain-0 after g1"

# b. Domain-0 will not go below 1400 MiB: xl waits 10 s without progress.
balloon --floor 1400
gcfg g2 1024
t0=$(date +%s)
run "$XL" create "$T/g2.cfg"
expect_rc 1 "create g2 (Domain-0 stuck)"
expect_match "$err" "^xl: create: failed to free memory for domain 'g2' \(it needs 1050624 KiB, 2048 KiB are free\): domain 0 stayed at 1433600 KiB for 10 s, above its target of 522240 KiB$" "g2 message"
[ $(($(date +%s) - t0)) -lt 40 ] || fail "g2: waited too long"
"$XL" domid g2 > /dev/null 2>&1 && fail "g2: domain left"

# c. A Domain-0 that balloons: it reaches the target left by g2, and the
# same guest fits without more ballooning.
balloon
wait_for 10 sh -c "[ \"\$('$XL' list 0 | awk 'NR == 2 { print \$3 }')\" = 510 ]" ||
    fail "Domain-0 did not reach 510 MiB: $(dom0_mib)"
run "$XL" create "$T/g2.cfg"
expect_rc 0 "create g2"
expect_eq "$(target)" $((510 * 1024)) "Domain-0 target after g2"

# d. Nothing left to give: Domain-0 would go below 128 MiB.
gcfg g3 1024
run "$XL" create "$T/g3.cfg"
expect_rc 1 "create g3"
expect_match "$err" "^xl: create: failed to free memory for domain 'g3' \(it needs 1050624 KiB, 2048 KiB are free\): new target 0 KiB for Domain-0 is below its minimum of 131072 KiB$" "g3 message"
expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 "g3: one message"
"$XL" domid g3 > /dev/null 2>&1 && fail "g3: domain left"
expect_eq "$(target)" $((510 * 1024)) "Domain-0 target after g3"

# e. autoballoon="off": no ballooning, the build runs out of memory.
echo 'autoballoon = "off"' > "$T/off.conf"
gcfg g4 256
run env XL_CONF="$T/off.conf" "$XL" create "$T/g4.cfg"
expect_rc 1 "create g4 (off)"
case $err in *"failed to free memory"*) fail "g4: ballooned with off" ;; esac
expect_match "$err" "cannot create domain 'g4'" "g4 message"
expect_eq "$(target)" $((510 * 1024)) "Domain-0 target after g4"
"$XL" domid g4 > /dev/null 2>&1 && fail "g4: domain left"

# f. "auto" is off when Xen's command line has dom0_mem= (another host,
# without xenstored: ballooning would fail on xenstore, building too).
for c in "placeholder dom0_mem=1536M,max:1536M:off" "placeholder:on"; do
    cmdline=${c%:*} want=${c##*:}
    d="$T/sim-$want"
    mkdir -p "$d/etc/xen"
    : > "$d/etc/xen/xl.conf"
    printf 'memory_mib = 2048\ndom0_memory_mib = 1536\ncommandline = %s\n' \
        "$cmdline" > "$d/xensim.conf"
    run env XENSIM_DIR="$d" XENSTORED_PATH="$T/none.sock" "$XL" create \
        "$T/g3.cfg"
    expect_rc 1 "create on '$cmdline'"
    case $want:$err in
    off:*"failed to free memory"*) fail "auto ballooned with dom0_mem=" ;;
    on:*"failed to free memory"*) ;;
    on:*) fail "auto did not balloon without dom0_mem=: $err" ;;
    esac
done
finish
