#!/bin/sh
# xl migrate to localhost on the simulator (the receiving xl started by a
# local stand-in for ssh): a running PV guest that writes 2000 pages a
# second moves in several pre-copy rounds; the old domain is gone, the new
# one has the guest's memory as it was at the suspend (compared page by
# page, and by checksum, with the old domain's memory file kept through a
# hard link), its counter continues; the -s "" form; a receiver that fails
# leaves the guest running here; option errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

export PATH="$top_builddir/xl:$PATH"     # the receiving end runs "xl"
start_xenstored
start_xenconsoled

"$XENSIM" mkkernel "$T/k.elf" --format elf || fail "mkkernel"
cat > "$T/g1.cfg" <<CFG
name = "g1"
type = "pv"
kernel = "$T/k.elf"
memory = 64
cmdline = "console=hvc0 e2e.name=g1 e2e.after=count xensim.dirty=2000"
CFG
# ssh <host> <command...> run here
printf '#!/bin/sh\nshift\nexec "$@"\n' > "$T/localssh"
chmod +x "$T/localssh"

# The guest's console, oldest first: xenconsoled names a log after the
# domain's name when it first sees it (g1, then g1--incoming).
console() {
    cat "$LOGDIR/guest-g1.log" "$LOGDIR/guest-g1--incoming.log" \
        2> /dev/null | tr -d '\r'
}
# counts_after ID: count lines since domain ID resumed
counts_after() {
    console | sed -n "/RESUMED domid=$1 (restored)/,\$p" |
        grep -c '^GUEST-COUNT'
}

run "$XL" create "$T/g1.cfg"
expect_rc 0 "create g1"
wait_for 10 log_has g1 "GUEST-COUNT 2" || fail "g1: not counting"
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"

# -p: the new domain stays paused, its memory as it arrived.
run "$XL" -v migrate -p -s "$T/localssh" g1 localhost
expect_rc 0 "migrate -p to localhost"
expect_match "$err" "Migration successful" "migrate message"
rounds=$(printf '%s\n' "$err" | sed -n 's/^migration sender: \([0-9]*\) rounds.*/\1/p')
[ -n "$rounds" ] && [ "$rounds" -ge 2 ] ||
    fail "pre-copy: [$rounds] rounds, expected 2 or more (stderr: $err)"
run "$XL" list
expect_eq "$(printf '%s\n' "$out" | grep -c 'g1')" 1 "one g1 after migrate"
expect_match "$out" "g1 +[0-9]+ +64 .* --p---" "g1 paused after migrate -p"
nid=$("$XL" domid g1)
[ "$nid" != "$id" ] || fail "g1 has its old id $id"
[ -e "$XENSIM_DIR/dom/$id" ] && fail "the old domain $id is still there"
# The memory: only start_info's frame and port fields (its first 88
# bytes) are rewritten by design.
cmp -l "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" > "$T/diff" 2>&1
pages=$(awk '{ print int(($1 - 1) / 4096) }' "$T/diff" | sort -u | wc -l)
late=$(awk '($1 - 1) % 4096 >= 88' "$T/diff" | wc -l)
expect_eq "$pages" 1 "migrated memory: pages that differ (start_info)"
expect_eq "$late" 0 "migrated memory: bytes past start_info's fields"
si=$(awk '{ print int(($1 - 1) / 4096) }' "$T/diff" | sort -u)
masked_sum() {
    cp --sparse=always "$1" "$T/masked"
    dd if=/dev/zero of="$T/masked" bs=4096 seek="$si" count=1 \
        conv=notrunc 2> /dev/null
    cksum < "$T/masked"
}
expect_eq "$(masked_sum "$XENSIM_DIR/dom/$nid/mem")" \
    "$(masked_sum "$T/src.mem")" "migrated memory checksum"
"$XL" unpause g1
two_counts() {
    [ "$(counts_after "$1")" -ge 2 ]
}
wait_for 10 two_counts "$nid" || fail "g1: not counting after the migration"
n=$(console | grep -o "RESUMED domid=$nid (restored) count=[0-9]*" |
    sed 's/.*count=//')
next=$(console | sed -n "/RESUMED domid=$nid (restored)/,\$p" |
    sed -n 's/^GUEST-COUNT //p' | head -1)
[ -n "$n" ] && [ "$n" -ge 2 ] || fail "g1: count [$n] at the migration"
expect_eq "$next" "$((n + 1))" "g1: the count continues after migrate"

# -s "": the host argument is the command that runs the receiver.
id=$nid
run "$XL" migrate -s "" g1 "xl migrate-receive"
expect_rc 0 "migrate -s ''"
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "-s '': g1 did not move"
run "$XL" list g1
expect_match "$out" "g1 +$nid .* -b----|g1 +$nid .* r-----" \
    "-s '': g1 runs after migrate"

# Failures leave the guest running here.  (1) The stream breaks while
# the guest runs (the receiver gets 200 kB of it): nothing to resume.
cat > "$T/cutssh" <<'SH'
#!/bin/sh
shift
head -c 200000 | "$@"
SH
# (2) After the suspend: the receiver's "ready" never arrives (only its
# banner gets back); the sender resumes the guest (suspend cancelled).
cat > "$T/deafssh" <<'SH'
#!/bin/sh
shift
"$@" | head -c 54
SH
chmod +x "$T/cutssh" "$T/deafssh"
more_counts() {
    [ "$(console | grep -c '^GUEST-COUNT')" -gt "$1" ]
}
id=$nid
run "$XL" migrate -s "$T/cutssh" g1 elsewhere
expect_rc 1 "migrate over a broken stream"
expect_match "$err" "the domain keeps running here" "broken stream message"
expect_eq "$("$XL" domid g1)" "$id" "g1 stays after a broken stream"
c0=$(console | grep -c '^GUEST-COUNT')
wait_for 10 more_counts $((c0 + 1)) ||
    fail "g1 not running after a broken stream"
run "$XL" migrate -s "$T/deafssh" g1 elsewhere
expect_rc 1 "migrate to a receiver that never says ready"
expect_match "$err" "resuming at sender" "no-ready message"
expect_match "$err" "Resumed OK" "no-ready resume"
expect_eq "$("$XL" domid g1)" "$id" "g1 stays after no ready"
cancelled() {
    console | grep -q "RESUMED domid=$id (suspend cancelled)"
}
wait_for 10 cancelled ||
    fail "g1: not resumed in place after no ready"
c0=$(console | grep -c '^GUEST-COUNT')
wait_for 10 more_counts $((c0 + 1)) || fail "g1 not running after no ready"
wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
    fail "the receiver's domain is left after failures: $("$XL" list)"

# Usage errors.
run "$XL" migrate g1
expect_rc 2 "migrate without host"
run "$XL" migrate --max_iters x g1 localhost
expect_rc 2 "migrate --max_iters x"
expect_match "$err" "--max_iters: 'x' is not a count" "--max_iters msg"
# -D keeps the domain id, which is taken here: the receiver says so and
# the guest stays.
run "$XL" migrate -D -s "$T/localssh" g1 localhost
expect_rc 1 "migrate -D to localhost"
expect_match "$err" "domain id $id \\(asked for" "migrate -D: the id is named"
expect_eq "$("$XL" domid g1)" "$id" "g1 stays after migrate -D"
run "$XL" migrate nosuch localhost
expect_rc 1 "migrate of an unknown domain"
run "$XL" migrate-receive -r
expect_rc 1 "migrate-receive -r"
expect_match "$err" "Remus, COLO" "migrate-receive -r msg"

finish
