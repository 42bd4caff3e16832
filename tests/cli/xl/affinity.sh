#!/bin/sh
# xl.conf's vm.cpumask / vm.pv.cpumask / vm.hvm.cpumask on xl create (as
# Xen's xl): ANDed into the guest's hard affinity, ignored with -i, an
# empty result refused with nothing left.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/simhost.sh"

start_xenstored
"$XENSIM" mkkernel "$T/k" --format elf > /dev/null || fail "mkkernel failed"
printf '%s\n' 'name = "aff"' 'type = "pv"' "kernel = \"$T/k\"" \
    'memory = 64' 'vcpus = 2' > "$T/g.cfg"
# hard affinity of vCPU 0 as xl vcpu-list prints it ("hard / soft")
hard() {
    "$XL" vcpu-list aff | awk 'NR == 2 { print $(NF - 2) }'
}
nr=$("$XL" info | sed -n 's/^nr_cpus *: //p')
[ "${nr:-0}" -ge 2 ] || fail "the simulated host has fewer than 2 CPUs"

printf '%s\n' 'vm.cpumask = "0-1"' 'vm.pv.cpumask = "1-3"' \
    'vm.hvm.cpumask = "0"' > "$T/xl.conf"
export XL_CONF="$T/xl.conf"
run "$XL" create "$T/g.cfg"
expect_rc 0 "create with masks"
expect_eq "$(hard)" "1" "vm.cpumask AND vm.pv.cpumask"
"$XL" destroy aff
run "$XL" create -i "$T/g.cfg"
expect_rc 0 "create -i"
expect_eq "$(hard)" "all" "-i ignores the masks"
"$XL" destroy aff
run "$XL" create "$T/g.cfg" 'cpus="0"'
expect_rc 1 "create with an empty affinity"
expect_eq "$err" "Parsing config from $T/g.cfg
vcpu hard affinity map is empty" "empty affinity msg"
"$XL" domid aff > /dev/null 2>&1 && fail "empty affinity left a domain"
finish
