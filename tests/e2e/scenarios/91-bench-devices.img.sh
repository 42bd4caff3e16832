# tests/e2e: image additions for 91-bench-devices: the guest of 10-pv, and
# what Xen's hotplug scripts need beyond busybox when Debian's xl is in
# the image (run.sh --debian none): bash (block and vif-bridge are bash
# scripts), util-linux's flock (locking.sh; busybox has none) and
# losetup (block), as a Debian Dom0 has them: the build host's (Debian
# 12), with the libraries ldd names.
[ -f "$IMG/guest/vmlinuz" ] || "$E2E_DIR/mkguest.sh" "$IMG/guest"
[ "$MODE" = ours ] && exit 0
for p in /bin/bash /usr/bin/flock /usr/sbin/losetup; do
    [ -x "$p" ] || { echo "91-bench-devices: no $p on the host" >&2; exit 1; }
    mkdir -p "$IMG$(dirname "$p")"
    rm -f "$IMG$p"
    cp -L "$p" "$IMG$p"
    ldd "$p" |
        sed -n 's/.*=> \(\/[^ ]*\) (.*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
        while read -r lib; do
            [ -e "$IMG$lib" ] && continue
            mkdir -p "$IMG$(dirname "$lib")"
            cp -L "$lib" "$IMG$lib"
        done
done
