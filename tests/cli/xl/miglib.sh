# Shared by the migrate CLI tests (sourced after lib.sh and simhost.sh):
# a guest that counts and writes memory, its console across the
# migration, and the memory comparison.  The receiving end runs "xl".
export PATH="$top_builddir/xl:$PATH"

. "$(dirname "$0")/savelib.sh"

# dirty_guest NAME RATE: a counting guest (64 MiB) that also writes RATE
# pages a second (xensim.dirty).
dirty_guest() {
    count_guest "$1" 64 "xensim.dirty=$2"
}

# console [LOGDIR]: g1's console, oldest first: xenconsoled names a log
# after the domain's name when it first sees it (g1, then g1--incoming).
console() {
    cat "${1:-$LOGDIR}/guest-g1.log" "${1:-$LOGDIR}/guest-g1--incoming.log" \
        2> /dev/null | tr -d '\r'
}

# counts_after ID [LOGDIR]: count lines since domain ID resumed
counts_after() {
    console "${2:-}" | sed -n "/RESUMED domid=$1 (restored)/,\$p" |
        grep -c '^GUEST-COUNT'
}
two_counts() {
    [ "$(counts_after "$1" "${2:-}")" -ge 2 ]
}

# count_goes_on ID [LOGDIR]: domain ID resumed counting from where it was
count_goes_on() {
    wait_for 10 two_counts "$1" "${2:-}" ||
        fail "g1: not counting after the migration"
    n=$(console "${2:-}" |
        grep -o "RESUMED domid=$1 (restored) count=[0-9]*" | sed 's/.*=//')
    next=$(console "${2:-}" | sed -n "/RESUMED domid=$1 (restored)/,\$p" |
        sed -n 's/^GUEST-COUNT //p' | head -1)
    [ -n "$n" ] && [ "$n" -ge 2 ] || fail "g1: count [$n] at the migration"
    expect_eq "$next" "$((n + 1))" "g1: the count goes on"
}

# rounds_at_least N: the sender's -v report in $err shows N+ rounds
rounds_at_least() {
    rounds=$(printf '%s\n' "$err" |
        sed -n 's/^migration sender: \([0-9]*\) rounds.*/\1/p')
    [ -n "$rounds" ] && [ "$rounds" -ge "$1" ] ||
        fail "pre-copy: [$rounds] rounds, expected $1 or more ($err)"
}

# verified_pages WHAT MIN: what each end said of the verify pass in
# $err: the sender sent MIN pages or more, the receiver compared as many
verified_pages() {
    sent=$(printf '%s\n' "$err" | sed -n \
        's/^migration sender: verify pass: \([0-9]*\) pages sent.*/\1/p')
    got=$(printf '%s\n' "$err" | sed -n \
        's/^migration target: verify pass: \([0-9]*\) pages compared.*/\1/p')
    [ -n "$sent" ] && [ "$sent" -ge "$2" ] ||
        fail "$1: the sender's verify pass: [$sent] pages"
    expect_eq "$got" "$sent" "$1: pages the receiver compared"
}

# same_memory OLD NEW WHAT: the memory files differ only in start_info's
# frame and port fields (its first 88 bytes, rewritten by design), and
# their checksums with that page zeroed agree.
same_memory() {
    cmp -l "$1" "$2" > "$T/diff" 2>&1
    pages=$(awk '{ print int(($1 - 1) / 4096) }' "$T/diff" | sort -u |
        wc -l)
    late=$(awk '($1 - 1) % 4096 >= 88' "$T/diff" | wc -l)
    expect_eq "$pages" 1 "$3: pages that differ (start_info)"
    expect_eq "$late" 0 "$3: bytes past start_info's fields"
    [ "$(wc -c < "$1")" = "$(wc -c < "$2")" ] || fail "$3: sizes differ"
    si=$(awk '{ print int(($1 - 1) / 4096) }' "$T/diff" | sort -u | head -1)
    for f in "$1" "$2"; do
        cp --sparse=always "$f" "$T/masked"
        dd if=/dev/zero of="$T/masked" bs=4096 seek="${si:-0}" count=1 \
            conv=notrunc 2> /dev/null
        cksum < "$T/masked"
    done > "$T/sums"
    expect_eq "$(sort -u "$T/sums" | wc -l)" 1 "$3: checksum"
}

# ssh <host> <command...> run here
printf '#!/bin/sh\nshift\nexec "$@"\n' > "$T/localssh"
chmod +x "$T/localssh"

# flip_transport: $T/flipssh, a stand-in for ssh whose transport changes
# one byte of the first ordinary page (type 0) of the verify pass and
# writes its pfn to $T/flipped: the stream's records are followed (xl
# header, libxl header and record, libxc headers, records).
flip_transport() {
    cat > "$T/flip.pl" <<'PL'
use strict;
use warnings;
my $note = shift;
binmode STDIN;
binmode STDOUT;
sub rd {
    my ($n, $b) = (shift, '');
    while (length($b) < $n) {
        sysread(STDIN, $b, $n - length($b), length($b)) or exit 1;
    }
    return $b;
}
sub wr {
    my ($b, $o) = (shift, 0);
    while ($o < length($b)) {
        $o += syswrite(STDOUT, $b, length($b) - $o, $o) // exit 1;
    }
}
my $h = rd(48);
wr($h . rd(unpack('V', substr($h, 44, 4))) . rd(16 + 8 + 24 + 16));
my ($verify, $done) = (0, 0);
while (1) {
    my $rh = rd(8);
    my ($type, $len) = unpack('VV', $rh);
    my $body = rd(($len + 7) & ~7);
    if ($verify && !$done && $type == 1) {
        my $count = unpack('V', $body);
        my $data = 8 + 8 * $count;
        for my $i (0 .. $count - 1) {
            my $ent = unpack('Q<', substr($body, 8 + 8 * $i, 8));
            my $t = $ent >> 60;
            if ($t == 0) {
                substr($body, $data + 100, 1) ^= "\x5a";
                open(my $f, '>', $note) or die;
                printf $f "0x%x\n", $ent & ((1 << 52) - 1);
                close($f);
                $done = 1;
                last;
            }
            $data += 4096 unless $t >= 0xd;
        }
    }
    $verify = 1 if $type == 0x0d;
    wr($rh . $body);
    last if $type == 0;
}
my $b;
wr($b) while sysread(STDIN, $b, 65536);
PL
    cat > "$T/flipssh" <<SH
#!/bin/sh
shift
perl "$T/flip.pl" "$T/flipped" | "\$@"
SH
    chmod +x "$T/flipssh"
}

# migrate_flipped NAME: xl migrate --debug of NAME through flip_transport
# fails: the receiver names the changed page and how far it got, NAME is
# resumed here with the same id, and the receiver's domain is gone.
migrate_flipped() {
    _id=$("$XL" domid "$1")
    flip_transport
    run "$XL" migrate --debug -s "$T/flipssh" "$1" localhost
    expect_rc 1 "migrate --debug, a page changed in the verify pass"
    pfn=$(cat "$T/flipped" 2> /dev/null)
    [ -n "$pfn" ] || fail "the transport changed no page"
    expect_match "$err" "xl: migrate-receive: cannot create domain '$1--incoming': restore: libxc stream: record PAGE_DATA at offset [0-9]+: verify: 1 of [0-9]+ pages differ from the memory received before VERIFY: pfn $pfn \(type 0\)" \
        "the receiver names the page"
    expect_match "$err" "migration target: verify pass failed after [0-9]+ pages compared the same" \
        "the receiver says how far it got"
    expect_match "$err" "Resumed OK" "the guest is resumed here"
    expect_eq "$("$XL" domid "$1")" "$_id" "$1 stays after a failed verify"
    wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
        fail "the receiver's domain is left: $("$XL" list)"
}
