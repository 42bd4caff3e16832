#!/bin/sh
# Dispatch errors and exit codes as Xen 4.17's xl.
. "$(dirname "$0")/lib.sh"

run "$XL" frobnicate
expect_rc 1 "unknown command"
expect_eq "$err" "command not implemented" "unknown command message"
run "$XL" cpupool-
expect_rc 1 "ambiguous prefix"
run "$XL" vm-l
expect_rc 0 "unique prefix vm-l"
expect_match "$out" '^UUID ' "prefix runs vm-list"
run "$XL" -N pause 0
expect_rc 1 "-N on pause"
expect_eq "$err" "command does not implement -N (dryrun) option" "-N msg"
run "$XL" -q list
expect_rc 1 "unknown global option"
expect_match "$err" "unknown global option" "global option msg"
run "$XL" pause
expect_rc 2 "pause without domain"
expect_match "$err" "^'xl pause' requires at least 1 argument\." "argc msg"
run "$XL" domid a b
expect_rc 2 "domid with 2 operands"
run "$XL" list --bogus
expect_rc 2 "bad option"
run "$XL" sharing
expect_rc 1 "sharing"
expect_eq "$err" "xl: sharing: not supported yet" "unsupported message"
run "$XL" pause nosuch
expect_rc 1 "pause nosuch"
expect_eq "$err" "nosuch is an invalid domain identifier (rc=-6)" \
    "invalid domain message"
run "$XL" domid nosuch
expect_rc 1 "domid nosuch"
expect_eq "$err" "Can't get domid of domain name 'nosuch', maybe this domain does not exist." "domid msg"
run "$XL" domname 4242
expect_rc 1 "domname 4242"
run "$XL" domname abc
expect_eq "$err" "Invalid domain id." "domname abc"
run "$XL" destroy 0
expect_rc 1 "destroy 0"
expect_match "$err" "^Not destroying domain 0; use -f to force\." "destroy 0"
run "$XL" unpause 4242
expect_rc 1 "unpause 4242"
expect_match "$err" "domain 4242: no such domain" "unpause msg"
run "$XL" mem-max 0 12x
expect_rc 1 "mem-max bad size"
expect_eq "$err" "invalid memory size: 12x" "mem-max msg"
finish
