#!/bin/sh
# vcpu-list / vcpu-pin (with -N), sched-credit2, cpupool-list, mem-max.
. "$(dirname "$0")/lib.sh"

run "$XL" vcpu-list
expect_rc 0 "vcpu-list"
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)" \
    "vcpu-list header"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 5 "4 vcpus"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" \
    '^\(null\)                               0     0    0   r--  +[0-9]+\.[0-9]  all / all$' \
    "vcpu row"

run "$XL" -N vcpu-pin 0 all 0-3,^1 -
expect_rc 0 "-N vcpu-pin"
expect_eq "$out" "cpumap: 0,2-3" "-N vcpu-pin output"
run "$XL" vcpu-pin 0 1 2 1-2
expect_rc 0 "vcpu-pin"
run "$XL" vcpu-list 0
expect_match "$(printf '%s\n' "$out" | sed -n 3p)" ' 2 / 1-2$' "pinned vcpu 1"
run "$XL" vcpu-pin 0 all - 3
run "$XL" vcpu-list 0
expect_match "$(printf '%s\n' "$out" | sed -n 3p)" ' 2 / 3$' "soft all"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" ' all / 3$' "soft all 0"
run "$XL" vcpu-pin 0 x 1
expect_rc 1 "bad vcpu"
expect_eq "$err" "Error: Invalid argument x as VCPU." "bad vcpu msg"
run "$XL" vcpu-pin 0 1 9-8
expect_rc 1 "bad cpu list"

run "$XL" sched-credit2
expect_rc 0 "sched-credit2"
expect_eq "$out" "Cpupool Pool-0: ratelimit=1000us
Name                                ID Weight  Cap
(null)                               0    256    0" "sched-credit2 output"
run "$XL" sched-credit2 -d 0 -w 512 -c 50
expect_rc 0 "sched-credit2 set"
run "$XL" sched-credit2 -d 0
expect_eq "$(printf '%s\n' "$out" | sed -n 2p)" \
    "(null)                               0    512   50" "credit2 after set"
run "$XL" sched-credit2 -s -r 2000
run "$XL" sched-credit2 -s
expect_eq "$out" "Cpupool Pool-0: ratelimit=2000us" "ratelimit"
run "$XL" sched-credit2 -w 10
expect_rc 1 "weight without domain"
expect_eq "$err" "Must specify a domain." "weight without domain msg"

run "$XL" cpupool-list
expect_eq "$out" "Name               CPUs   Sched     Active   Domain count
Pool-0               4   credit2       y          1" "cpupool-list"
run "$XL" cpupool-list -c
expect_eq "$out" "Name               CPU list
Pool-0             0,1,2,3" "cpupool-list -c"
run "$XL" cpupool-list nosuch
expect_rc 1 "cpupool-list nosuch"
expect_eq "$err" "Pool 'nosuch' does not exist" "cpupool msg"
finish
