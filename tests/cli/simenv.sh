# A fresh simulated host for a CLI test (sourced): XL, a temporary
# directory T (removed at exit) holding the host, an empty xl.conf, and
# no xenstored (XENSTORED_PATH names a socket nothing listens on).
set -u
: "${top_builddir:?run through make check}"
XL="$top_builddir/xl/xl"
T=$(mktemp -d "/tmp/$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$T"' EXIT
export XENSIM_DIR="$T/sim"
export XENSTORED_PATH="$T/no-xenstored/socket"
unset XL_CONF XENSIM_DOMID
mkdir -p "$XENSIM_DIR/etc/xen"
: > "$XENSIM_DIR/etc/xen/xl.conf"
