#!/bin/sh
# xl help, xl help <cmd>, <cmd> -h: format of Xen 4.17's xl, its 92 commands and our config-convert.
. "$(dirname "$0")/lib.sh"

run "$XL" help
expect_rc 0 "help"
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Usage xl [-vfNtT] <subcommand> [args]" "help first line"
n=$(printf '%s\n' "$out" | grep -c '^ [a-z0-9-]')
expect_eq "$n" 93 "number of commands"
for c in create list destroy shutdown pause unpause console save restore \
         migrate info dmesg uptime vcpu-pin sched-credit2 cpupool-list \
         psr-mba-show usb-list qemu-monitor-command; do
    printf '%s\n' "$out" | grep -q "^ $c " || fail "help lacks $c"
done
# long names go on their own line, the summary on the next
expect_match "$out" '^ pci-assignable-remove $' "long name line"

run "$XL" help list
expect_rc 0 "help list"
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Usage: xl [-vtT] list [options] [Domain]" "help list usage"
run "$XL" help create
expect_eq "$(printf '%s\n' "$out" | head -1)" \
    "Usage: xl [-vtTfN] create <ConfigFile> [options] [vars]" "help create"
run "$XL" list -h
expect_rc 0 "list -h"
expect_match "$out" '^Usage: xl \[-vtT\] list' "list -h usage"
run "$XL" pause --help
expect_rc 0 "pause --help"
run "$XL" help nosuch
expect_eq "$out" 'command "nosuch" not implemented' "help nosuch"
run "$XL"
expect_rc 1 "no command"
expect_match "$out" '^Usage xl ' "no command prints help"
finish
