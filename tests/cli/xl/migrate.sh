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
. "$(dirname "$0")/miglib.sh"

start_xenstored
start_xenconsoled
dirty_guest g1 2000
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"

# -p: the new domain stays paused, its memory as it arrived.
run "$XL" -v migrate -p -s "$T/localssh" g1 localhost
expect_rc 0 "migrate -p to localhost"
expect_match "$err" "Migration successful" "migrate message"
rounds_at_least 2
run "$XL" list
expect_eq "$(printf '%s\n' "$out" | grep -c 'g1')" 1 "one g1 after migrate"
expect_match "$out" "g1 +[0-9]+ +64 .* --p---" "g1 paused after migrate -p"
nid=$("$XL" domid g1)
[ "$nid" != "$id" ] || fail "g1 has its old id $id"
[ -e "$XENSIM_DIR/dom/$id" ] && fail "the old domain $id is still there"
same_memory "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" "migrated memory"
"$XL" unpause g1
count_goes_on "$nid"

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
