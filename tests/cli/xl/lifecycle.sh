#!/bin/sh
# xl shutdown / reboot / sysrq / console / dump-core: argument handling and
# errors on a simulated host without guests (the flows with a running
# guest are in tests/unit/check_lifecycle.c, which has a xenstored).
. "$(dirname "$0")/lib.sh"

run "$XL" shutdown
expect_rc 1 "shutdown without domain"
expect_eq "$err" "You must specify -a or a domain id." "shutdown msg"
run "$XL" reboot
expect_rc 1 "reboot without domain"
run "$XL" shutdown -x 1
expect_rc 2 "shutdown bad option"
run "$XL" shutdown -h
expect_rc 0 "shutdown -h"
expect_match "$out" "-w, --wait" "shutdown help"
run "$XL" shutdown nosuch
expect_rc 1 "shutdown unknown name"
expect_eq "$err" "nosuch is an invalid domain identifier (rc=-6)" \
    "shutdown unknown name msg"
run "$XL" shutdown 77
expect_rc 1 "shutdown unknown id"
expect_match "$err" "^Shutting down domain 77" "shutdown 77 first line"
expect_match "$err" "shutdown failed \(rc=-3\)" "shutdown 77 failure"
run "$XL" reboot 77
expect_rc 1 "reboot unknown id"
expect_match "$err" "^Rebooting domain 77" "reboot 77 first line"
expect_match "$err" "reboot failed \(rc=-3\)" "reboot 77 failure"
# No guests: -a does nothing, -a -w waits for none.
run "$XL" shutdown -a -w
expect_rc 0 "shutdown -a -w without guests"
expect_eq "$err" "Waiting for 0 domains" "shutdown -a -w msg"

run "$XL" sysrq 0
expect_rc 2 "sysrq one operand"
run "$XL" sysrq 0 ab
expect_rc 1 "sysrq two letters"
expect_eq "$err" "Invalid sysrq." "sysrq invalid msg"
run "$XL" sysrq 77 s
expect_rc 1 "sysrq unknown domain"

run "$XL" console
expect_rc 2 "console without domain"
run "$XL" console -t tty 0
expect_rc 1 "console bad type"
expect_eq "$err" "console type supported are: pv, serial, vuart" \
    "console bad type msg"
run "$XL" console 77
expect_rc 1 "console unknown domain"
expect_match "$err" "Unable to attach console$" "console unknown msg"

run "$XL" dump-core 0
expect_rc 2 "dump-core one operand"
run "$XL" dump-core 77 "$T/core"
expect_rc 1 "dump-core unknown domain"
expect_eq "$err" "core dump failed (rc=-3): domain 77: no such domain" \
    "dump-core unknown domain msg"
[ -e "$T/core" ] && fail "dump-core of no domain left a file"
finish
