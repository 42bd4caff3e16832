#!/bin/sh
# --json on the listing commands: valid JSON with the runtime state.
. "$(dirname "$0")/lib.sh"
command -v python3 > /dev/null || exit 77

check() {
    run "$XL" "$@"
    expect_rc 0 "$*"
    printf '%s\n' "$out" | python3 -c "$PY" || fail "$*: bad JSON: $out"
}

PY='import json,sys; d=json.load(sys.stdin); assert d[0]["domid"]==0 and d[0]["vcpu_online"]==4 and d[0]["running"]'
check list --json
PY='import json,sys; d=json.load(sys.stdin); assert d["nr_cpus"]=="4" and d["xen_scheduler"]=="credit2" and d["virt_caps"].startswith("pv")'
check info --json
PY='import json,sys; d=json.load(sys.stdin); assert len(d)==4 and d[1]["vcpu"]==1 and d[0]["hard_affinity"]=="all"'
check vcpu-list --json
PY='import json,sys; d=json.load(sys.stdin); assert d[0]["domid"]==0 and d[0]["uptime"]>=0'
check uptime --json
PY='import json,sys; d=json.load(sys.stdin); assert d[0]["name"]=="Pool-0" and d[0]["n_cpus"]==4 and d[0]["sched"]=="credit2"'
check cpupool-list --json
PY='import json,sys; d=json.load(sys.stdin); assert d==[]'
check vm-list --json
finish
