#!/bin/sh
# xl info: keys in Xen 4.17's order and format, key filter, -n tables.
. "$(dirname "$0")/lib.sh"

run "$XL" info
expect_rc 0 "info"
keys=$(printf '%s\n' "$out" | sed 's/ *:.*//' | tr '\n' ' ')
expect_eq "$keys" "host release version machine nr_cpus max_cpu_id nr_nodes cores_per_socket threads_per_core cpu_mhz hw_caps virt_caps total_memory free_memory sharing_freed_memory sharing_used_memory outstanding_claims free_cpus xen_major xen_minor xen_extra xen_version xen_caps xen_scheduler xen_pagesize platform_params xen_changeset xen_commandline cc_compiler cc_compile_by cc_compile_domain cc_compile_date build_id xend_config_format " "info keys"
expect_match "$out" '^nr_cpus                : 4$' "nr_cpus line"
expect_match "$out" '^virt_caps              : pv' "virt_caps line"
expect_match "$out" '^cpu_mhz                : [0-9]+\.[0-9]{3}$' "cpu_mhz"
expect_match "$out" '^hw_caps                : ([0-9a-f]{8}:){7}[0-9a-f]{8}$' \
    "hw_caps"
expect_match "$out" '^xend_config_format     : 4$' "xend_config_format"

run "$XL" info xen_major
expect_eq "$out" "4" "info xen_major"
run "$XL" info total_mem
expect_eq "$out" "8192" "info prefix"
run "$XL" info xen_sch
expect_eq "$out" "credit2" "info xen_scheduler"

run "$XL" info -n
expect_rc 0 "info -n"
expect_match "$out" '^cpu_topology           :$' "cpu_topology"
expect_match "$out" '^cpu:    core    socket     node$' "topology header"
expect_match "$out" '^  3:       3        0        0$' "topology row"
expect_match "$out" '^node:    memsize    memfree    distances$' "numa header"
expect_match "$out" '^   0:      8192 ' "numa row"
finish
