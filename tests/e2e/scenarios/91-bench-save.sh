# tests/e2e scenario: xl save / xl restore of one running PV guest (the
# counting guest of 20-pv-save), timed with our xl and with Debian's Xen
# 4.17 xl in the same boot, taking turns, so both meet the same host and
# load.  Needs both xl in one Dom0 (like 21-pv-save-cross):
#   tests/e2e/run.sh --debian none --scenarios 91-bench-save
# or bench/saverestore-xen.sh, which runs it and prints the table with
# ratios.  Lines: "E2E-BENCH <op> <count> <seconds>" (sums), op one of
# save-ours restore-ours save-xen restore-xen save-ours-z restore-ours-z;
# "E2E-SRCALL <who> <save s> <restore s>" each round (who: ours, xen,
# oursz), for the minimum on a loaded host; "E2E-SRSIZE <who> <bytes>"
# the image sizes.  Each call is also a check:
# the guest's count must go on after every restore (no reboot).
# e2e-timeout: 1500
. /e2e/lib.sh

REPS=${E2E_SR_REPS:-3}
name=e2e-srbench
img=/tmp/$name.save
e2e_debian_xl || exit 1
e2e_count_cfg $name

add() { echo "$1 $2 $3" | awk '{printf "%.2f", $1 + $2 - $3}'; }

# round WHO XL [SAVEOPTS]: one timed save then restore -e with XL; adds
# to the sums save_<who> / restore_<who>.  1 on failure.
round() {
    who=$1 xl=$2
    e2e_save_restore $who $name $xl $xl "${3:-}" -e || return 1
    eval "save_$who=\$(add \$save_$who $sr_t1 $sr_t0)"
    eval "restore_$who=\$(add \$restore_$who $sr_t2 $sr_t1)"
    eval "size_$who=$sr_size"
    echo "E2E-SRCALL $who $(add 0 $sr_t1 $sr_t0) $(add 0 $sr_t2 $sr_t1)"
}

e2e_count_start $name e2e_diag_saved || exit 1

save_ours=0 restore_ours=0 save_xen=0 restore_xen=0
save_oursz=0 restore_oursz=0
ok=1 r=0
while [ $ok = 1 ] && [ $r -lt "$REPS" ]; do
    round xen $DXL && round ours xl && round oursz xl -z || ok=0
    r=$((r + 1))
done
# Debian's xl refuses a compressed image by its mandatory flag, and
# builds nothing.
if [ $ok = 1 ]; then
    if ! e2e_timeout 300 xl save -c -z $name $img >"$E2E_OUT" 2>&1; then
        e2e_fail xen-refuses-z "xl save -c -z failed"
        e2e_show "$E2E_OUT"
    elif e2e_timeout 60 $DXL restore -e $img >"$E2E_OUT" 2>&1; then
        e2e_fail xen-refuses-z "Debian's xl restored a compressed image"
    elif grep -q "mandatory flag(s) 0x80000000 which are not supported" \
        "$E2E_OUT" && [ "$(xl list | grep -c "^$name ")" = 1 ]; then
        e2e_pass xen-refuses-z "$(grep -o 'Savefile has mandatory.*' \
            "$E2E_OUT")"
    else
        e2e_fail xen-refuses-z "unexpected refusal"
        e2e_show "$E2E_OUT"
        e2e_diag_saved
    fi
fi
xl destroy $name 2>/dev/null || $DXL destroy $name 2>/dev/null
rm -f $img
[ $ok = 1 ] || exit 1
echo "E2E-BENCH save-ours $REPS $save_ours"
echo "E2E-BENCH restore-ours $REPS $restore_ours"
echo "E2E-BENCH save-xen $REPS $save_xen"
echo "E2E-BENCH restore-xen $REPS $restore_xen"
echo "E2E-BENCH save-ours-z $REPS $save_oursz"
echo "E2E-BENCH restore-ours-z $REPS $restore_oursz"
echo "E2E-SRSIZE ours $size_ours"
echo "E2E-SRSIZE xen $size_xen"
echo "E2E-SRSIZE ours-z $size_oursz"
e2e_pass rounds "$REPS rounds of ours, Debian's, ours -z: the count went" \
    "on after each restore"
