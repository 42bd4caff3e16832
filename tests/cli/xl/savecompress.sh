#!/bin/sh
# xl save -z / xl.conf save_compression: a zlib-compressed image of a
# simulated PV guest is marked in xl's header (mandatory flag 0x80000000),
# restores by itself to the same memory with the guest's count going on,
# and a truncated or corrupted compressed image fails with one message
# naming where, leaving no domain, xenstore node or stored config.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"
. "$(dirname "$0")/savelib.sh"

# flags FILE: the mandatory flags of xl's header (bytes 36..39), in hex
flags() {
    od -An -tx4 -j36 -N4 "$1" | tr -d ' '
}

start_xenstored
start_xenconsoled

count_guest g1

# A plain checkpoint for the sizes, then save -z -p.
run "$XL" save -c g1 "$T/plain.save"
expect_rc 0 "save -c (plain)"
expect_eq "$(flags "$T/plain.save")" 00000003 "plain image flags"
id=$("$XL" domid g1)
run "$XL" save -z -p g1 "$T/z.save"
expect_rc 0 "save -z -p"
expect_match "$err" "^Saving to $T/z.save new xl format \(info 0x80000003/0x0/" \
    "save -z message"
expect_eq "$(flags "$T/z.save")" 80000003 "compressed image flags"
psize=$(wc -c < "$T/plain.save")
zsize=$(wc -c < "$T/z.save")
[ "$zsize" -lt $((psize / 2)) ] ||
    fail "compressed image is $zsize bytes, plain $psize"
cp --sparse=always "$XENSIM_DIR/dom/$id/mem" "$T/saved.mem"
"$XL" destroy g1

# restore -p -d: detected by the header; the config comes out as JSON; the
# memory is what was saved (but start_info's frame and port fields).
run "$XL" restore -p -d "$T/z.save"
expect_rc 0 "restore -p -d (compressed)"
expect_match "$err" "Loading new save file $T/z.save \(new xl fmt info 0x80000003/0x0/" \
    "restore message"
expect_match "$err" '"name": "g1"' "restore -d prints the config"
nid=$("$XL" domid g1)
expect_same_memory "$T/saved.mem" "$nid"
"$XL" unpause g1
expect_count_goes_on g1 "$nid"

# xl.conf save_compression = "zlib" compresses without -z; a bad value is
# refused before anything happens.
echo 'save_compression = "zlib"' > "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" save -c g1 "$T/conf.save"
expect_rc 0 "save -c with save_compression=zlib"
expect_eq "$(flags "$T/conf.save")" 80000003 "xl.conf: compressed"
echo 'save_compression = "lz4"' > "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" save -c g1 "$T/bad-conf.save"
expect_rc 1 "save with save_compression=lz4"
expect_match "$err" 'save_compression="lz4" is not one of' "bad key msg"
[ -e "$T/bad-conf.save" ] && fail "an image was written with a bad key"
: > "$XENSIM_DIR/etc/xen/xl.conf"
"$XL" destroy g1
host_state > "$T/clean"

# Broken compressed images: one message each, nothing left behind.
size=$(wc -c < "$T/conf.save")
head -c $((size * 2 / 3)) "$T/conf.save" > "$T/trunc.save"
run "$XL" restore -e "$T/trunc.save"
expect_rc 1 "restore truncated (compressed)"
expect_match "$err" "^xl: restore: cannot create domain 'g1': restore: .*truncated image: .*compressed image ends at file offset $((size * 2 / 3))" \
    "truncated msg"
expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 "one message (truncated)"
expect_unchanged "truncated"

# A byte in the middle of the compressed data changed.
cp "$T/conf.save" "$T/corrupt.save"
off=$((size / 2))
printf '\377' | dd of="$T/corrupt.save" bs=1 seek=$off conv=notrunc \
    2> /dev/null
cmp -s "$T/conf.save" "$T/corrupt.save" && {
    printf '\001' | dd of="$T/corrupt.save" bs=1 seek=$off conv=notrunc \
        2> /dev/null
}
run "$XL" restore -e "$T/corrupt.save"
expect_rc 1 "restore corrupt (compressed)"
expect_match "$err" "^xl: restore: cannot create domain 'g1': restore: .*(corrupt compressed data near file offset [0-9]+|truncated)" \
    "corrupt msg"
expect_eq "$(printf '%s\n' "$err" | grep -c '^xl:')" 1 "one message (corrupt)"
expect_unchanged "corrupt"

# The compressed flag cleared: the zlib data read as a plain stream.
cp "$T/conf.save" "$T/unflagged.save"
printf '\000' | dd of="$T/unflagged.save" bs=1 seek=39 conv=notrunc \
    2> /dev/null
run "$XL" restore -e "$T/unflagged.save"
expect_rc 1 "restore of compressed data without the flag"
expect_match "$err" "libxl stream: header at offset [0-9]+: bad ident" \
    "unflagged msg"
expect_unchanged "unflagged"

finish
