#!/bin/sh
# xl list formats (literal tabs in the header), list -v, list <dom>.
. "$(dirname "$0")/lib.sh"
tab=$(printf '\t')

run "$XL" list
expect_rc 0 "list"
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Name                                        ID   Mem VCPUs${tab}State${tab}Time(s)" \
    "list header"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" \
    '^\(null\)                                       0  1024     4     r-----  +[0-9]+\.[0-9]$' \
    "dom0 row"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 2 "one domain"

run "$XL" list -v
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Name                                        ID   Mem VCPUs${tab}State${tab}Time(s)   UUID                            Reason-Code${tab}Security Label" \
    "list -v header"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" \
    ' 00000000-0000-0000-0000-000000000000        -                -$' \
    "list -v row"
run "$XL" list -c
expect_match "$(printf '%s\n' "$out" | head -1)" 'Time\(s\)         Cpupool$' \
    "list -c header"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" ' +Pool-0$' "list -c row"
run "$XL" list 0
expect_rc 0 "list 0"
expect_eq "$(printf '%s\n' "$out" | wc -l)" 2 "list 0 rows"
run "$XL" list 77
expect_rc 1 "list 77"
expect_eq "$err" "Error: Domain '77' does not exist." "list 77 msg"
# No stored config on this host (nothing was created): an empty array,
# as Xen's xl prints it (domains without one are skipped).
run "$XL" list -l
expect_rc 0 "list -l"
expect_eq "$(printf '%s' "$out" | tr -d '\n')" "[]" "list -l empty"

run "$XL" vm-list
expect_rc 0 "vm-list"
expect_eq "$out" "UUID                                  ID    name" "vm-list"

run "$XL" uptime
expect_rc 0 "uptime"
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "$(printf '%-33s %4s %s' Name ID Uptime)" "uptime header"
expect_match "$(printf '%s\n' "$out" | sed -n 2p)" \
    '^\(null\)                               0 ([0-9]+ days?, )?[ 0-9][0-9]:[0-9]{2}:[0-9]{2}$' \
    "uptime row"
run "$XL" uptime -s
expect_match "$out" '^ [0-9]{2}:[0-9]{2}:[0-9]{2} up .*, \(null\) \(0\)$' \
    "uptime -s"
finish
