#!/bin/sh
# tests/e2e: build the Dom0 initramfs (newc cpio, gzip) booted under Xen.
#
# Two images:
#   ours       (default) busybox, the Dom0 kernel modules, our /init, the
#              scenarios, and OUR toolstack from `make install DESTDIR=...`
#              of the build tree, plus the system libraries it needs.
#   reference  (--reference) the same, but Debian's Xen 4.17 user space
#              (xl, xenstored, xenconsoled, xen-init-dom0, xenstore-*) in
#              place of ours: validates the harness and gives a baseline
#              for benchmarks.
#
# Usage: mkinitrd.sh [--reference | --mixed L | --debian L] [--builddir DIR]
#                    [--out FILE] [--scenarios a:b:c]
#   --builddir  the configured top build directory (default: $PWD)
#   --mixed L   (diagnosis only) Debian's user space, but OUR daemons named
#               in the comma list L (xenstored, init-dom0, xenconsoled):
#               tries one of our parts against Debian's others
#   --debian L  (diagnosis only) the reverse: our user space, but Debian's
#               daemons named in L (e.g. xenstored, while ours is missing)
#   --scenarios run only these scenarios' scenarios/<name>.img.sh hooks
#               (default: every hook)
#   --out       the image to write (default: $WORK/dom0-<mode>.cpio.gz)
# Environment: XEN_E2E_CACHE (see fetch.sh), XEN_E2E_WORK (default
#   <builddir>/tests/e2e/work), E2E_VERBOSE=1.
#
# Our image must not contain any Debian Xen library or program. After
# the image tree is assembled, check_no_debian_xen verifies, in order:
#   1. path:    files named libxen*, libxlutil* or a Xen program name (xl,
#               xenstored, xenconsoled, xen-init-dom0, xenstore*, ...) are
#               allowed only under our install prefix; nothing may live
#               under /usr/lib/xen-4.17 or /usr/lib/xen-common;
#   2. origin:  every file under our prefix is byte-identical to what our
#               `make install` staged (nothing else hides there);
#   3. content: no file equals (sha256) any file of Debian's Xen packages;
#   4. SONAME:  no ELF file carries a Debian Xen SONAME (libxenctrl.so.4.17,
#               libxenstore.so.4, libxencall.so.1, ... read from the Debian
#               libraries themselves) unless it is one of our staged files,
#               and no ELF NEEDs a Debian Xen SONAME that only a non-ours
#               file provides.
# Our libraries are told apart by where they come from (our staging tree,
# installed under our prefix) and by content, not by name alone, so the
# check holds even if one of ours chose the same SONAME as Debian's.
# One narrow exception: /opt/xen-dm (DM_DIR), the tree of the external
# device model HVM guests need (scenario 30-hvm: Debian's qemu-system-xen,
# the Debian Xen libraries only it loads, hvmloader).  Files inside it are
# exempt from checks 1, 3 and 4, and their NEEDED may be met from
# DM_DIR/lib; DM_DIR/lib must be on no ld.so path, and everything outside
# DM_DIR stays under the strict rules (nothing else may need its libraries).
#
# One narrow exception, for the 16-pv-pygrub scenario only (the issue asks
# for Debian's pygrub as that test's bootloader): the files matching
# REF_ALLOWED below -- Debian's pygrub, its grub/ modules, the xenfsimage
# Python module, libxenfsimage.so.4.17 and its ext2 plugin -- may live
# under /e2e/ref/ and nowhere else.  They are left out of the four checks;
# anything else there is checked like any file.  In return the image must
# not let our binaries reach them: no line of /etc/ld.so.conf and no
# RPATH/RUNPATH of an ELF outside /e2e/ref may name /e2e/ref, and the
# NEEDED check still fails any file outside /e2e/ref that needs one of
# their SONAMEs.
set -eu

E2E_DIR=$(cd "$(dirname "$0")" && pwd)
MODE=ours
MIXED=""
DEBIAN=""
BUILDDIR=$PWD
OUT=""
SCENARIOS=""
while [ $# -gt 0 ]; do
    case $1 in
    --reference) MODE=reference ;;
    --mixed) MODE=mixed; MIXED=$2; shift ;;
    --debian) MODE=mixed; DEBIAN=$2; shift ;;
    --builddir) BUILDDIR=$2; shift ;;
    --out) OUT=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    *) echo "usage: mkinitrd.sh [--reference] [--builddir DIR]" \
        "[--out FILE]" >&2; exit 2 ;;
    esac
    shift
done
BUILDDIR=$(cd "$BUILDDIR" && pwd)
CACHE=${XEN_E2E_CACHE:-$E2E_DIR/cache}
WORK=${XEN_E2E_WORK:-$BUILDDIR/tests/e2e/work}
ROOT=$CACHE/root
[ -n "$OUT" ] || OUT=$WORK/dom0-$MODE.cpio.gz
IMG=$WORK/img-$MODE
STAGE=$WORK/stage
MULTIARCH=x86_64-linux-gnu

say() { [ "${E2E_VERBOSE:-0}" = 0 ] || echo "mkinitrd: $*"; }
die() { echo "mkinitrd: $*" >&2; exit 1; }

[ -s "$CACHE/kver" ] || die "cache not ready: run tests/e2e/fetch.sh first"
KVER=$(cat "$CACHE/kver")
MODDIR=$ROOT/lib/modules/$KVER

rm -rf "$IMG"
mkdir -p "$IMG" "$WORK"
for d in bin sbin usr/bin usr/sbin etc/e2e e2e/scenarios proc sys dev run \
    tmp var/lib/xen var/log/xen/console root lib64 "lib/$MULTIARCH" \
    "usr/lib/$MULTIARCH"; do
    mkdir -p "$IMG/$d"
done

# --- busybox and its applets ---------------------------------------------
BB=$ROOT/bin/busybox
[ -x "$BB" ] || die "no busybox in $ROOT/bin (busybox-static)"
cp "$BB" "$IMG/bin/busybox"
for a in $("$BB" --list); do
    [ "$a" = busybox ] && continue
    [ -e "$IMG/bin/$a" ] || ln -s busybox "$IMG/bin/$a"
done

# --- kernel modules, in dependency order ---------------------------------
# Dependencies come from each .ko's .modinfo "depends=" field, so no
# depmod is needed on the host.
DOM0_MODULES="xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc
xen-blkback xen-netback bridge loop"
find "$MODDIR" -name '*.ko' >"$WORK/ko.list"
ko_path() {
    n=$(echo "$1" | tr _ -)
    u=$(echo "$1" | tr - _)
    grep -E "/($n|$u)\.ko\$" "$WORK/ko.list" | head -n 1
}
: >"$WORK/mod.order"
add_module() {
    grep -qx "$1" "$WORK/mod.order" && return 0
    p=$(ko_path "$1")
    [ -n "$p" ] || die "kernel module $1 not found under $MODDIR"
    for dep in $(tr '\0' '\n' <"$p" | sed -n 's/^depends=//p' | tr , ' '); do
        add_module "$dep"
    done
    echo "$1" >>"$WORK/mod.order"
}
for m in $DOM0_MODULES; do add_module "$m"; done
mkdir -p "$IMG/lib/modules/$KVER"
while read -r m; do
    cp "$(ko_path "$m")" "$IMG/lib/modules/$KVER/$m.ko"
    echo "$m"
done <"$WORK/mod.order" >"$IMG/etc/e2e/modules"

# --- shared libraries ----------------------------------------------------
# copy_libs FILE [LIBPATH]: copy every library FILE needs (per ldd, with
# LIBPATH searched first) to the same path in the image, unless the image
# already has it.
copy_libs() {
    LD_LIBRARY_PATH=${2:-} ldd "$1" 2>/dev/null |
        sed -n 's/.*=> \(\/[^ ]*\) (.*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
        while read -r lib; do
            case $lib in
            "$IMG"/*) continue ;;
            esac
            dest=$lib
            if [ -n "${2:-}" ]; then
                case $lib in
                "$STAGE"/*) continue ;;
                "$ROOT"/*) dest=${lib#"$ROOT"} ;;
                esac
            fi
            [ -e "$IMG$dest" ] && continue
            mkdir -p "$IMG$(dirname "$dest")"
            cp -L "$lib" "$IMG$dest"
        done
}
is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = "177ELF" ]; }

# --- the toolstack ---------------------------------------------------------
PREFIX=""
install_ours() {
    [ -f "$BUILDDIR/Makefile" ] || die "$BUILDDIR is not a configured build dir"
    PREFIX=$(sed -n 's/^prefix = //p' "$BUILDDIR/Makefile")
    [ -n "$PREFIX" ] || die "cannot read prefix from $BUILDDIR/Makefile"
    rm -rf "$STAGE"
    say "make install DESTDIR=$STAGE"
    make -C "$BUILDDIR" -s install DESTDIR="$STAGE" >"$WORK/install.log" 2>&1 ||
        { cat "$WORK/install.log" >&2; die "make install failed"; }
    # Headers, pkg-config files, libtool archives and man pages are of no
    # use in Dom0.
    find "$STAGE" \( -name '*.la' -o -name '*.a' -o -name '*.h' -o \
        -name '*.pc' \) -delete
    rm -rf "$STAGE$PREFIX/share/man" "$STAGE$PREFIX/include"
    (cd "$STAGE" && find . ! -type d) >"$WORK/stage.list"
    (cd "$STAGE" && tar cf - .) | (cd "$IMG" && tar xf -)
    find "$STAGE" -type f | while read -r f; do
        if is_elf "$f"; then copy_libs "$f" "$STAGE$PREFIX/lib"; fi
    done
    PATHDIRS=$PREFIX/sbin:$PREFIX/bin
    find_prog() {
        for d in sbin bin libexec lib/xen/bin; do
            [ -x "$STAGE$PREFIX/$d/$1" ] && { echo "$PREFIX/$d/$1"; return; }
        done
        echo ""
    }
    XENSTORED=$(find_prog xenstored)
    INIT_DOM0=$(find_prog xen-init-dom0)
    XENCONSOLED=$(find_prog xenconsoled)
    # Our xenstored stays in the foreground with -N (like Xen's); init
    # keeps its output in /var/log/xen/xenstored.out.
    XENSTORED_ARGS="-N"
    XENCONSOLED_ARGS="-i -v --log=guest --log-dir=/var/log/xen/console"
}

install_debian() {
    XBIN=/usr/lib/xen-4.17/bin
    for p in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper \
        xenstore-control; do
        mkdir -p "$IMG$XBIN"
        cp "$ROOT$XBIN/$p" "$IMG$XBIN/$p"
    done
    for p in xenstore xenstore-chmod xenstore-exists xenstore-list \
        xenstore-ls xenstore-read xenstore-rm xenstore-watch \
        xenstore-write; do
        cp "$ROOT/usr/bin/$p" "$IMG/usr/bin/$p"
    done
    mkdir -p "$IMG/etc/xen"
    cp -r "$ROOT/etc/xen/." "$IMG/etc/xen/"
    for f in "$IMG$XBIN"/* "$IMG"/usr/bin/xenstore*; do
        copy_libs "$f" "$ROOT/usr/lib/$MULTIARCH"
    done
    PATHDIRS=$XBIN
    XENSTORED=$XBIN/xenstored
    INIT_DOM0=$XBIN/xen-init-dom0
    XENCONSOLED=$XBIN/xenconsoled
    XENSTORED_ARGS="-N"
    XENCONSOLED_ARGS="-i --log=guest --log-dir=/var/log/xen/console"
}

case $MODE in
ours) install_ours ;;
reference) install_debian ;;
mixed)
    # --mixed L: Debian's user space, but the daemons named in L are ours.
    # --debian L: our user space (first on PATH), but the daemons named in
    # L are Debian's.
    install_debian
    d_path=$PATHDIRS d_xs=$XENSTORED d_id=$INIT_DOM0 d_xc=$XENCONSOLED
    d_xs_args=$XENSTORED_ARGS d_xc_args=$XENCONSOLED_ARGS
    install_ours
    if [ -n "$DEBIAN" ]; then
        PATHDIRS=$PATHDIRS:$d_path
        MIXED=""
        for d in xenstored init-dom0 xenconsoled; do
            case ",$DEBIAN," in *,$d,*) ;; *) MIXED="$MIXED,$d" ;; esac
        done
    else
        PATHDIRS=$d_path:$PATHDIRS
    fi
    case ",$MIXED," in *,xenstored,*) ;; *)
        XENSTORED=$d_xs XENSTORED_ARGS=$d_xs_args ;; esac
    case ",$MIXED," in *,init-dom0,*) ;; *) INIT_DOM0=$d_id ;; esac
    case ",$MIXED," in *,xenconsoled,*) ;; *)
        XENCONSOLED=$d_xc XENCONSOLED_ARGS=$d_xc_args ;; esac
    ;;
esac
# glibc dlopen()s libgcc_s for pthread_cancel; ldd does not show it.
for l in "/lib/$MULTIARCH/libgcc_s.so.1"; do
    [ -e "$IMG$l" ] || cp -L "$l" "$IMG$l"
done
[ -e "$IMG/lib64/ld-linux-x86-64.so.2" ] ||
    cp -L /lib64/ld-linux-x86-64.so.2 "$IMG/lib64/ld-linux-x86-64.so.2"
{
    [ -n "$PREFIX" ] && echo "$PREFIX/lib"
    echo "/lib/$MULTIARCH"
    echo "/usr/lib/$MULTIARCH"
} >"$IMG/etc/ld.so.conf"
# ldconfig -r chroots (root only); without a cache, init sets
# LD_LIBRARY_PATH to our prefix instead.
LDPATH=""
if ! ldconfig -r "$IMG" 2>/dev/null; then
    say "ldconfig -r failed: using LD_LIBRARY_PATH in Dom0"
    [ -n "$PREFIX" ] && LDPATH=$PREFIX/lib
fi

# --- our init, the scenarios, their environment ---------------------------
cp "$E2E_DIR/init.sh" "$IMG/init"
chmod 755 "$IMG/init"
cp "$E2E_DIR/lib.sh" "$IMG/e2e/lib.sh"
cp "$E2E_DIR"/scenarios/*.sh "$IMG/e2e/scenarios/"
# Probes built by `make check-xen` (tests/e2e/local.mk), ours mode only.
if [ "$MODE" != reference ]; then
    mkdir -p "$IMG/e2e/bin"
    for p in xc-probe; do
        f=$BUILDDIR/tests/e2e/$p
        [ -f "$f" ] && is_elf "$f" || continue
        cp "$f" "$IMG/e2e/bin/$p"
        copy_libs "$f" "$STAGE$PREFIX/lib"
    done
fi
cat >"$IMG/etc/e2e/env" <<EOF
E2E_MODE='$MODE'
E2E_PREFIX='$PREFIX'
PATH='$PATHDIRS:/usr/sbin:/usr/bin:/sbin:/bin'
XENSTORED='$XENSTORED'
XENSTORED_ARGS='$XENSTORED_ARGS'
INIT_DOM0='$INIT_DOM0'
XENCONSOLED='$XENCONSOLED'
XENCONSOLED_ARGS='$XENCONSOLED_ARGS'
EOF
[ -z "$LDPATH" ] || echo "LD_LIBRARY_PATH='$LDPATH'; export LD_LIBRARY_PATH" \
    >>"$IMG/etc/e2e/env"
# Optional per-scenario additions: scenarios/<name>.img.sh runs here with
# E2E_DIR, IMG (image root), CACHE, ROOT (unpacked packages) and MODE set.
if [ -n "$SCENARIOS" ]; then
    hooks=$(for n in $(echo "$SCENARIOS" | tr : ' '); do
        echo "$E2E_DIR/scenarios/$n.img.sh"; done)
else
    hooks=$(ls "$E2E_DIR"/scenarios/*.img.sh 2>/dev/null || true)
fi
for s in $hooks; do
    [ -e "$s" ] || continue
    say "running $(basename "$s")"
    E2E_DIR=$E2E_DIR IMG=$IMG CACHE=$CACHE ROOT=$ROOT MODE=$MODE \
        XEN_E2E_CACHE=$CACHE sh "$s" || die "$(basename "$s") failed"
done

# --- no Debian Xen in our image --------------------------------------------
# debian_xen_index: sha256 sums and SONAMEs of every file of Debian's Xen
# user-space packages, computed once per set of .debs.
debian_xen_index() {
    idx=$CACHE/debian-xen
    key="v2 $(ls "$CACHE"/debs | cksum)"
    [ -f "$idx.key" ] && [ "$(cat "$idx.key")" = "$key" ] && return 0
    for deb in "$CACHE"/debs/*.deb; do
        case $(basename "$deb") in
        xen-hypervisor-* | linux-image-* | busybox-* | libyajl*) continue ;;
        esac
        dpkg-deb -c "$deb" | awk '$1 ~ /^-/ {print $6}' | sed 's,^\./,/,'
    done | sort -u | sed "s,^,$ROOT," >"$idx.files"
    tr '\n' '\0' <"$idx.files" | xargs -0 sha256sum | cut -d' ' -f1 |
        sort -u >"$idx.sums"
    grep '\.so' "$idx.files" | while read -r f; do
        readelf -d "$f" 2>/dev/null |
            sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'
    done | sort -u >"$idx.sonames"
    [ -s "$idx.sonames" ] || die "no Debian Xen SONAMEs found in $CACHE"
    echo "$key" >"$idx.key"
}

REF_ALLOWED='^/e2e/ref/(pygrub|bin/pygrub|lib/python/grub/[A-Za-z_]+\.py|lib/python/xenfsimage\.cpython-[0-9]+-x86_64-linux-gnu\.so|lib/libxenfsimage\.so\.4\.17|lib/xenfsimage/ext2fs-lib/fsimage\.so)$'
DM_DIR=/opt/xen-dm
in_dm() { case $1 in "$DM_DIR"/*) return 0 ;; esac; return 1; }

check_no_debian_xen() {
    bad=$WORK/forbidden.txt
    : >"$bad"
    debian_xen_index
    idx=$CACHE/debian-xen
    (cd "$IMG" && find . ! -type d | sed 's,^\.,,' | sort) >"$WORK/all.list"
    # The 16-pv-pygrub exception (see the header), and what it costs.
    grep -E "$REF_ALLOWED" "$WORK/all.list" >"$WORK/ref.list" || true
    grep -vxF -f "$WORK/ref.list" "$WORK/all.list" >"$WORK/img.list" || true
    grep -n '/e2e/ref' "$IMG/etc/ld.so.conf" 2>/dev/null |
        sed 's,^,path: /etc/ld.so.conf:,; s,$, (names /e2e/ref),' >>"$bad"
    while read -r f; do
        case $f in /e2e/ref/*) continue ;; esac
        [ -f "$IMG$f" ] && [ ! -L "$IMG$f" ] && is_elf "$IMG$f" || continue
        readelf -d "$IMG$f" 2>/dev/null | grep -E '\((RPATH|RUNPATH)\)' |
            grep -q '/e2e/ref' && echo "path: $f has an RPATH into /e2e/ref"
    done <"$WORK/img.list" >>"$bad"
    sed 's,^\.,,' "$WORK/stage.list" | sort >"$WORK/ours.list"
    ours() { grep -qxF "$1" "$WORK/ours.list"; }
    # 1. path: Xen names only under our prefix, and only ours there.
    grep -E '^/usr/lib/xen-(4\.17|common)/' "$WORK/img.list" |
        sed 's/$/ (Debian'"'"'s Xen directory)/; s/^/path: /' >>"$bad"
    grep -E '/(libxen[^/]*|libxlutil[^/]*|xl|xenstored|oxenstored|xenconsoled|xenconsole|xen-init-dom0|xenstore|xenstore-[^/]*|libxl-save-helper)$' \
        "$WORK/img.list" | while read -r f; do
        case $f in
        "$PREFIX"/*) ours "$f" && continue ;;
        esac
        in_dm "$f" && continue
        echo "path: $f (Xen file outside our prefix $PREFIX)"
    done >>"$bad"
    if [ -e "$IMG/etc/ld.so.conf" ] &&
        grep -q "^$DM_DIR" "$IMG/etc/ld.so.conf"; then
        echo "path: $DM_DIR is on the ld.so path"
    fi >>"$bad"
    # 2. origin: every file under our prefix comes from our make install.
    grep "^$PREFIX/" "$WORK/img.list" | while read -r f; do
        [ -L "$IMG$f" ] && continue
        if ! ours "$f" || ! cmp -s "$IMG$f" "$STAGE$f"; then
            echo "origin: $f (not from our make install)"
        fi
    done >>"$bad"
    # 3. content: no file equals one of Debian's Xen packages.
    (cd "$IMG" && find . -type f -print0 | xargs -0 sha256sum) |
        sed 's,  \./,  /,' | awk 'FILENAME != "-" { ref[$1] = 1; next }
            !($2 in ref)' "$WORK/ref.list" - | sort >"$WORK/img.sums"
    awk -v dm="$DM_DIR/" 'NR == FNR { deb[$1] = 1; next }
        ($1 in deb) && index($2, dm) != 1 { print "content: " $2 \
            " (identical to a file of Debian'"'"'s Xen packages)" }' \
        "$idx.sums" "$WORK/img.sums" >>"$bad"
    # 4. SONAME / NEEDED of every ELF file.
    cut -d' ' -f3- "$WORK/img.sums" | while read -r f; do
        is_elf "$IMG$f" || continue
        readelf -d "$IMG$f" 2>/dev/null | sed -n \
            -e "s|.*(SONAME).*\[\(.*\)\]|$f SONAME \1|p" \
            -e "s|.*(NEEDED).*\[\(.*\)\]|$f NEEDED \1|p"
    done >"$WORK/img.dyn"
    while read -r f kind so; do
        grep -qxF "$so" "$idx.sonames" || continue
        # The device model's tree: its own Debian libraries only.
        if in_dm "$f"; then
            [ "$kind" = SONAME ] && continue
            [ -e "$IMG$DM_DIR/lib/$so" ] && continue
            echo "needed: $f needs $so, which $DM_DIR/lib lacks"
            continue
        fi
        if [ "$kind" = SONAME ]; then
            case $f in "$PREFIX"/*) ours "$f" && continue ;; esac
            echo "soname: $f has Debian's SONAME $so"
        else
            [ -n "$PREFIX" ] && [ -e "$IMG$PREFIX/lib/$so" ] &&
                ours "$PREFIX/lib/$so" && continue
            echo "needed: $f needs $so, which only Debian provides"
        fi
    done <"$WORK/img.dyn" >>"$bad"
    if [ -s "$bad" ]; then
        echo "mkinitrd: Debian Xen files in our image:" >&2
        sed 's/^/  /' "$bad" >&2
        return 1
    fi
    say "no Debian Xen file in the image ($(wc -l <"$WORK/img.list") files checked)"
}
if [ "$MODE" = ours ]; then
    check_no_debian_xen || die "refusing to build an image with Debian's Xen"
    # Self-test of the guard: with Debian's libxenctrl slipped in under a
    # harmless name it must refuse.
    probe=$IMG/usr/lib/$MULTIARCH/libprobe.so
    cp "$ROOT/usr/lib/$MULTIARCH/libxenctrl.so.4.17" "$probe"
    if check_no_debian_xen 2>/dev/null; then
        die "the Debian-Xen guard missed $probe (guard broken)"
    fi
    rm -f "$probe"
    # And the /e2e/ref exception covers exactly its files.
    if [ -d "$IMG/e2e/ref" ]; then
        probe=$IMG/e2e/ref/lib/libxenctrl.so.4.17
        cp "$ROOT/usr/lib/$MULTIARCH/libxenctrl.so.4.17" "$probe"
        if check_no_debian_xen 2>/dev/null; then
            die "the Debian-Xen guard missed $probe (guard broken)"
        fi
        rm -f "$probe"
    fi
fi

# --- pack --------------------------------------------------------------------
(cd "$IMG" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
    gzip -6 >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
say "$OUT: $(wc -c <"$OUT") bytes ($MODE)"
