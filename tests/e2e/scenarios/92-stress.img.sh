# tests/e2e: image additions for 92-stress (the guest of 10-pv).
[ -f "$IMG/guest/vmlinuz" ] || "$E2E_DIR/mkguest.sh" "$IMG/guest"
