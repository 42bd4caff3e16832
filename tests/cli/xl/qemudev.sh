#!/bin/sh
# Device kinds whose Dom0 backend is QEMU in Xen 4.17 (vfb=, vkb=,
# channel=, p9=): xl create refuses each, naming the key, and leaves
# nothing behind (no domain, no xenstore node); vkb-attach refuses too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_xenstored
start_backend
pv_cfg g

# refused KEY=VALUE WHY
refused() {
    run "$XL" create "$T/g.cfg" "$1"
    expect_rc 1 "create with $1"
    expect_eq "$(grep -v '^Parsing config' "$T/err")" \
        "xl: create: cannot create domain 'g': check config: ${1%%=*}= is not supported: $2, and this toolstack starts no QEMU for it" \
        "$1 message"
    expect_eq "$("$XL" list | wc -l)" 2 "no domain after $1"
    run "$XS/xenstore-ls" /local/domain
    expect_eq "$(echo "$out" | grep -c '^ [0-9]')" 0 "no guest nodes after $1"
    run "$XS/xenstore-ls" /local/domain/0/backend
    expect_eq "$out" "" "no backend nodes after $1"
}

refused "vfb=['vnc=1']" "a PV framebuffer is served by QEMU"
refused "vkb=['backend-type=qemu']" \
    "a PV keyboard/pointer is served by QEMU (backend-type=qemu) or by a user-space backend (backend-type=linux)"
refused "channel=['name=org.qemu.guest_agent.0,connection=pty']" \
    "channels are served by QEMU as console backends (xenconsoled serves only the primary console)"
refused "p9=['tag=share,path=$T,security_model=none']" \
    "9pfs shares are served by QEMU's 9pfs backend"

# The same guest without them is created.
run "$XL" create "$T/g.cfg"
expect_rc 0 "create without them"
"$XL" destroy g

finish
