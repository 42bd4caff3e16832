#!/bin/sh
# xl migrate -z / xl.conf migrate.compression on the simulator: the
# stream after xl's header is one zlib stream, marked by the header's
# mandatory flag 0x80000000 (a plain migration keeps Xen's 0x3); the
# receiver finds that in the header by itself; the guest arrives with the
# memory it had at the suspend (page by page, and by checksum) in fewer
# bytes on the wire (measured by the transport, which keeps a copy); a
# truncated or corrupted compressed stream leaves the guest running here
# with one message naming where.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/miglib.sh"

# ssh <host> <command...>: run here, keeping what the sender wrote
cat > "$T/teessh" <<SH
#!/bin/sh
shift
tee "$T/wire" | "\$@"
SH
chmod +x "$T/teessh"

# flags: the mandatory flags of the xl header that went on the wire
flags() {
    od -An -tx4 -j36 -N4 "$T/wire" | tr -d ' '
}

start_xenstored
start_xenconsoled
dirty_guest g1 2000

# -z, left paused for the comparison.
id=$("$XL" domid g1)
ln "$XENSIM_DIR/dom/$id/mem" "$T/src.mem"
run "$XL" -v migrate -z -p -s "$T/teessh" g1 localhost
expect_rc 0 "migrate -z"
expect_match "$err" "Migration successful" "migrate -z message"
expect_match "$err" "new xl format \(info 0x80000003/0x0/" "-z: header info"
expect_match "$err" "migration target: the stream is compressed \(zlib\)" \
    "-z: the receiver sees it"
expect_eq "$(flags)" 80000003 "-z: header flags"
rounds_at_least 2
zwire=$(wc -c < "$T/wire")
said=$(printf '%s\n' "$err" |
    sed -n 's/^migration sender: compressed (zlib): \([0-9]*\) bytes.*/\1/p')
[ -n "$said" ] && [ "$said" -lt "$zwire" ] &&
    [ "$said" -gt $((zwire - 65536)) ] ||
    fail "-z: the sender says [$said] bytes on the wire, the wire has $zwire"
nid=$("$XL" domid g1)
[ -n "$nid" ] && [ "$nid" != "$id" ] || fail "-z: g1 did not move"
same_memory "$T/src.mem" "$XENSIM_DIR/dom/$nid/mem" "-z memory"
"$XL" unpause g1
count_goes_on "$nid"

# Plain, for the size on the wire: Xen's stream, byte-compatible.
run "$XL" -v migrate -s "$T/teessh" g1 localhost
expect_rc 0 "plain migrate"
expect_match "$err" "new xl format \(info 0x3/0x0/" "plain: header info"
expect_eq "$(flags)" 00000003 "plain: header flags"
plain=$(wc -c < "$T/wire")
[ "$zwire" -lt $((plain / 4)) ] ||
    fail "-z: $zwire bytes on the wire, plain $plain"
echo "wire bytes: plain $plain, compressed $zwire"

# xl.conf migrate.compression = "zlib" compresses without -z; a bad value
# is refused before anything happens.
echo 'migrate.compression = "zlib"' > "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" migrate -s "$T/teessh" g1 localhost
expect_rc 0 "migrate with migrate.compression=zlib"
expect_eq "$(flags)" 80000003 "xl.conf: compressed"
id=$("$XL" domid g1)
echo 'migrate.compression = "lz4"' > "$XENSIM_DIR/etc/xen/xl.conf"
rm -f "$T/wire"
run "$XL" migrate -s "$T/teessh" g1 localhost
expect_rc 1 "migrate with migrate.compression=lz4"
expect_match "$err" \
    '^xl: migrate: xl.conf: migrate.compression="lz4" is not one of' \
    "bad key msg"
[ -e "$T/wire" ] && fail "a bad migrate.compression started a transfer"
: > "$XENSIM_DIR/etc/xen/xl.conf"

# Broken compressed streams: the guest keeps running here.
more_counts() {
    [ "$(console | grep -c '^GUEST-COUNT')" -gt "$1" ]
}
still_here() {
    expect_eq "$("$XL" domid g1)" "$id" "g1 stays after $1"
    c0=$(console | grep -c '^GUEST-COUNT')
    wait_for 10 more_counts $((c0 + 1)) ||
        fail "g1 not running after $1 ($err; $(console | tail -5))"
    wait_for 10 sh -c "[ \$('$XL' list | awk 'NR > 2' | wc -l) = 1 ]" ||
        fail "the receiver's domain is left after $1: $("$XL" list)"
}
# (1) cut after 100 kB of the compressed data
cat > "$T/cutssh" <<'SH'
#!/bin/sh
shift
head -c 100000 | "$@"
SH
# (2) 256 bytes overwritten at 60 kB (one changed byte may decode to
# the same data: deflate ignores some bits)
cat > "$T/corruptssh" <<'SH'
#!/bin/sh
shift
{
    dd bs=60000 count=1 iflag=fullblock 2> /dev/null
    dd bs=256 count=1 iflag=fullblock of=/dev/null 2> /dev/null
    head -c 256 /dev/zero | tr '\000' '\125'
    cat
} | "$@"
SH
chmod +x "$T/cutssh" "$T/corruptssh"
run "$XL" migrate -z -s "$T/cutssh" g1 elsewhere
expect_rc 1 "migrate -z over a cut stream"
expect_match "$err" "xl: migrate-receive: cannot create domain 'g1--incoming': restore: libxc stream: record PAGE_DATA at offset [0-9]+: truncated image: .*compressed image ends at file offset [0-9]+" \
    "cut: the receiver names where"
expect_match "$err" "record offsets are those of its uncompressed form" \
    "cut: offsets explained"
expect_match "$err" "the domain keeps running here|Resumed OK" \
    "cut: sender message"
still_here "a cut compressed stream"
run "$XL" migrate -z -s "$T/corruptssh" g1 elsewhere
expect_rc 1 "migrate -z over a corrupted stream"
expect_match "$err" "xl: migrate-receive: cannot create domain 'g1--incoming': restore: lib.. stream: .*(corrupt compressed data near file offset [0-9]+|at offset [0-9]+)" \
    "corrupt: the receiver names where"
# (the sender may have buffered the whole first round and found out only
# after the suspend: then it resumes the guest)
expect_match "$err" "the domain keeps running here|Resumed OK" \
    "corrupt: sender message"
still_here "a corrupted compressed stream"

finish
