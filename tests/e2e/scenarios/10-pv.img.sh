# tests/e2e: image additions for 10-pv (a guest kernel and initramfs).
"$E2E_DIR/mkguest.sh" "$IMG/guest"
