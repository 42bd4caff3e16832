# tests/e2e: image additions for 31-hvm-migrate: the device model tree of
# 30-hvm (scenarios/30-hvm.img.sh), unless that ran already.
set -eu
[ -x "$IMG/opt/xen-dm/bin/qemu-system-xen" ] ||
    sh "$E2E_DIR/scenarios/30-hvm.img.sh"
