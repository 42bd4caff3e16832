# tests/e2e: image additions for 15-pv-net (the test guest, with netfront).
"$E2E_DIR/mkguest.sh" "$IMG/guest"
