# tests/e2e: image additions for 22-pv-migrate (the guest of 10-pv).
[ -f "$IMG/guest/vmlinuz" ] || "$E2E_DIR/mkguest.sh" "$IMG/guest"
