# tests/e2e scenario: Dom0 set up by xen-init-dom0, seen by xl.
# e2e-timeout: 90
# e2e-cost: 5
. /e2e/lib.sh

e2e_started init-dom0 init-dom0

if e2e_run name xenstore-read /local/domain/0/name; then
    e2e_expect name '^Domain-0$' "/local/domain/0/name=Domain-0"
fi

if e2e_run xl-info xl info; then
    ok=1
    for re in '^nr_cpus +: 2$' '^total_memory +: [0-9]+$' \
        '^xen_version +: 4\.17' '^virt_caps +: .*pv.*hvm'; do
        grep -Eq "$re" "$E2E_OUT" || { ok=0; bad=$re; }
    done
    if [ $ok = 1 ]; then
        e2e_pass xl-info "$(grep -E '^(nr_cpus|xen_version|virt_caps)' \
            "$E2E_OUT" | tr -s ' ' | tr '\n' ';')"
    else
        e2e_fail xl-info "no line /$bad/"
        e2e_show "$E2E_OUT"
    fi
fi

if e2e_run xl-list xl list; then
    e2e_expect xl-list '^Domain-0 +0 +[0-9]+ +2 ' "Domain-0 with 2 vcpus listed"
fi

if e2e_run xl-dmesg xl dmesg; then
    e2e_expect xl-dmesg 'Xen version 4\.17' "Xen's boot log"
fi

if e2e_run xl-vcpu-list xl vcpu-list; then
    n=$(grep -Ec '^Domain-0 +0 +[01] ' "$E2E_OUT")
    if [ "$n" = 2 ]; then
        e2e_pass xl-vcpu-list "2 Dom0 vcpus"
    else
        e2e_fail xl-vcpu-list "$n Dom0 vcpu rows, expected 2"
        e2e_show "$E2E_OUT"
    fi
fi

if e2e_run xl-mem-max xl mem-max 0 1024m; then
    if e2e_run xl-mem-max xenstore-read /local/domain/0/memory/static-max; then
        e2e_expect xl-mem-max '^1048576$' "memory/static-max=1048576"
    fi
fi
