#!/bin/sh
# xl.conf(5): location ($XL_CONF, $XENSIM_DIR/etc/xen), missing file
# warning, keys parsed, syntax errors fatal as in Xen's xl.
. "$(dirname "$0")/lib.sh"

rm -f "$XENSIM_DIR/etc/xen/xl.conf"
run "$XL" domid nosuch
expect_match "$err" "^Failed to read config file: $XENSIM_DIR/etc/xen/xl.conf: No such file or directory$" "missing xl.conf warning"
run "$XL" vm-list
expect_rc 0 "runs without xl.conf"

cat > "$T/good.conf" <<'CONF'
# comment
autoballoon="off"
vif.default.bridge="br0"
claim_mode=0
lockfile="/tmp/xl-lock"
CONF
XL_CONF="$T/good.conf" run "$XL" vm-list
expect_rc 0 "good xl.conf"
expect_eq "$err" "" "good xl.conf is silent"

printf 'autoballoon = "off\n' > "$T/bad.conf"
XL_CONF="$T/bad.conf" run "$XL" vm-list
expect_rc 1 "bad xl.conf"
expect_match "$err" "Failed to parse config file" "bad xl.conf message"
finish
