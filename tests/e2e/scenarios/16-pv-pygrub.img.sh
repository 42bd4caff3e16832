# tests/e2e: image additions for 16-pv-pygrub: a guest disk image and
# Debian's pygrub to boot it with.
#
# The disk (made in Dom0 by the scenario, see below): an ext2 file system
# holding the guest of mkguest.sh as /boot/vmlinuz and /boot/initrd.img
# and a GRUB 2 /boot/grub/grub.cfg (a one-second menu whose entry passes
# the marker's name on the command line).
#
# pygrub is the one Debian Xen program our image may hold, for this
# scenario only, because the issue asks for Debian's pygrub as the
# bootloader of this test.  It and what it needs from Debian's Xen
# packages (its grub/ modules, the xenfsimage Python module, libxenfsimage
# and its ext2 plugin) go under /e2e/ref/ only, which mkinitrd.sh's
# Debian-Xen guard allows for exactly these files (see its header); none
# of our binaries loads anything from there (the dynamic linker's paths do
# not include it; /e2e/ref/pygrub sets the paths for pygrub alone).
# Python 3.11 itself comes from Debian 12's python3.11-minimal,
# libpython3.11-minimal and libpython3.11-stdlib (apt-get download, cached
# in $CACHE/pygrub/), with only the standard modules pygrub loads: they
# are found by running pygrub once here with python -v on the same disk.
set -eu
XR=$ROOT/usr/lib/xen-4.17
MA=x86_64-linux-gnu
PC=$CACHE/pygrub
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# --- Python 3.11 from Debian 12 --------------------------------------------
mkdir -p "$PC/debs"
PKGS="python3.11-minimal libpython3.11-minimal libpython3.11-stdlib"
for p in $PKGS; do
    ls "$PC/debs/${p}_"*.deb >/dev/null 2>&1 ||
        (cd "$PC/debs" && apt-get download -q "$p" >/dev/null 2>&1) ||
        { echo "16-pv-pygrub: apt-get download $p failed" >&2; exit 1; }
done
PY=$PC/root
if [ ! -x "$PY/usr/bin/python3.11" ]; then
    rm -rf "$PY"
    mkdir -p "$PY"
    for d in "$PC"/debs/*.deb; do dpkg-deb -x "$d" "$PY"; done
fi

# --- the guest disk ----------------------------------------------------------
# Made in Dom0 by the scenario with this host's mke2fs -d from /guest (the
# guest of mkguest.sh, shared with 10-pv) and this grub.cfg, so that the
# image does not carry the kernel twice.
"$E2E_DIR/mkguest.sh" "$IMG/guest"
mkdir -p "$IMG/e2e/pygrub" "$IMG/sbin"
cat >"$IMG/e2e/pygrub/grub.cfg" <<'EOF'
set default=0
set timeout=1
menuentry 'e2e pygrub guest' {
    linux /boot/vmlinuz console=hvc0 quiet e2e.name=e2e-pygrub
    initrd /boot/initrd.img
}
EOF
cp /sbin/mke2fs "$IMG/sbin/mke2fs"
# For the dry run below: the same layout with small files.
mkdir -p "$T/fs/boot/grub"
echo kernel >"$T/fs/boot/vmlinuz"
echo initrd >"$T/fs/boot/initrd.img"
cp "$IMG/e2e/pygrub/grub.cfg" "$T/fs/boot/grub/grub.cfg"
truncate -s 4M "$T/disk.img"
mke2fs -q -F -t ext2 -d "$T/fs" "$T/disk.img"

# --- pygrub and its Debian Xen parts under /e2e/ref ----------------------------
REF=$IMG/e2e/ref
mkdir -p "$REF/bin" "$REF/lib/python/grub" "$REF/lib/xenfsimage/ext2fs-lib"
cp "$XR/bin/pygrub" "$REF/bin/pygrub"
cp "$XR"/lib/python/grub/*.py "$REF/lib/python/grub/"
cp "$XR"/lib/python/xenfsimage.*.so "$REF/lib/python/"
cp -L "$XR/lib/$MA/libxenfsimage.so.4.17" "$REF/lib/libxenfsimage.so.4.17"
cp "$XR/lib/$MA/xenfsimage/ext2fs-lib/fsimage.so" \
    "$REF/lib/xenfsimage/ext2fs-lib/fsimage.so"
cat >"$REF/pygrub" <<'EOF'
#!/bin/sh
# Debian's pygrub with the paths of its Debian Xen parts under /e2e/ref
# (for the 16-pv-pygrub scenario only).
LD_LIBRARY_PATH=/e2e/ref/lib XEN_FSIMAGE_FSDIR=/e2e/ref/lib/xenfsimage
export LD_LIBRARY_PATH XEN_FSIMAGE_FSDIR
exec /usr/bin/python3.11 /e2e/ref/bin/pygrub "$@"
EOF
chmod 755 "$REF/pygrub" "$REF/bin/pygrub"

# --- the standard modules pygrub loads -----------------------------------------
# One run on this host with Debian's Python, traced.
mkdir -p "$T/out"
: >"$T/out.txt"
LD_LIBRARY_PATH=$XR/lib/$MA XEN_FSIMAGE_FSDIR=$XR/lib/$MA/xenfsimage \
    PYTHONHOME=$PY/usr PYTHONDONTWRITEBYTECODE=1 \
    "$PY/usr/bin/python3.11" -v "$XR/bin/pygrub" -q --output="$T/out.txt" \
    --output-format=simple0 --output-directory="$T/out" \
    "$T/disk.img" >/dev/null 2>"$T/trace" ||
    { tail -5 "$T/trace" >&2; echo "16-pv-pygrub: pygrub dry run failed" >&2;
      exit 1; }
grep -q "kernel $T/out/" "$T/out.txt" ||
    { echo "16-pv-pygrub: pygrub dry run found no kernel" >&2; exit 1; }
sed -n "s#.*\(code object from\|loaded from\) '\?$PY\(/usr/lib/python3.11/[^' ]*\).*#\\2#p" \
    "$T/trace" | sort -u >"$T/mods"
[ -s "$T/mods" ] || { echo "16-pv-pygrub: no modules traced" >&2; exit 1; }
mkdir -p "$IMG/usr/bin"
cp "$PY/usr/bin/python3.11" "$IMG/usr/bin/python3.11"
while read -r f; do
    mkdir -p "$IMG$(dirname "$f")"
    cp "$PY$f" "$IMG$f"
done <"$T/mods"
# The landmarks Python looks for to find its home.
for f in os.py site.py sitecustomize.py; do
    if [ -e "$PY/usr/lib/python3.11/$f" ]; then
        cp "$PY/usr/lib/python3.11/$f" "$IMG/usr/lib/python3.11/$f"
    fi
done
# The terminal pygrub's menu draws on (TERM=vt100).
mkdir -p "$IMG/lib/terminfo/v"
cp /lib/terminfo/v/vt100 "$IMG/lib/terminfo/v/vt100"

# --- system libraries of all that (from this Debian 12 host) ---------------------
for f in "$IMG/usr/bin/python3.11" "$IMG"/usr/lib/python3.11/lib-dynload/*.so \
    "$IMG/sbin/mke2fs" \
    "$REF"/lib/python/*.so "$REF/lib/libxenfsimage.so.4.17" \
    "$REF/lib/xenfsimage/ext2fs-lib/fsimage.so"; do
    [ -e "$f" ] || continue
    LD_LIBRARY_PATH=$REF/lib ldd "$f" 2>/dev/null |
        sed -n 's/.*=> \(\/[^ ]*\) (.*/\1/p' | while read -r lib; do
            case $lib in "$IMG"/*) continue ;; esac
            [ -e "$IMG$lib" ] && continue
            mkdir -p "$IMG$(dirname "$lib")"
            cp -L "$lib" "$IMG$lib"
        done
done
