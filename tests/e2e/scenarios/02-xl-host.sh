# tests/e2e scenario: `xl info` and `xl dmesg` about the real host, held
# to what Xen's own xl prints on this QEMU machine (same keys, same
# virt_caps), needing no xenstore.
# e2e-timeout: 60
# e2e-cost: 5
. /e2e/lib.sh

if e2e_run xl-info xl info; then
    sed 's/^/E2E-OUT | /' "$E2E_OUT"
    val() { sed -n "s/^$1 *: //p" "$E2E_OUT"; }
    # Keys Xen 4.17's xl prints, in its order.
    keys="host release version machine nr_cpus max_cpu_id nr_nodes
cores_per_socket threads_per_core cpu_mhz hw_caps virt_caps total_memory
free_memory sharing_freed_memory sharing_used_memory outstanding_claims
free_cpus xen_major xen_minor xen_extra xen_version xen_caps
xen_scheduler xen_pagesize platform_params xen_changeset xen_commandline
cc_compiler cc_compile_by cc_compile_domain cc_compile_date build_id
xend_config_format"
    got=$(sed -n 's/^\([a-z_]*\) *:.*/\1/p' "$E2E_OUT" | tr '\n' ' ')
    want=$(echo $keys)
    if [ "$got" = "$want " ]; then
        e2e_pass xl-info-keys "the $(echo $keys | wc -w) keys of Xen's xl"
    else
        e2e_fail xl-info-keys "keys differ from Xen's xl: got '$got'"
    fi
    caps=$(val virt_caps)
    [ "$caps" = "pv hvm hap gnttab-v1 gnttab-v2" ] &&
        e2e_pass virt-caps "$caps" ||
        e2e_fail virt-caps "'$caps', Xen's xl says 'pv hvm hap gnttab-v1 gnttab-v2'"
    [ "$(val xen_major).$(val xen_minor)" = 4.17 ] &&
        [ "$(val nr_nodes)" = 1 ] && [ "$(val max_cpu_id)" -ge 1 ] &&
        [ "$(val xen_scheduler)" = credit2 ] &&
        e2e_pass host "4.17, 1 node, credit2" ||
        e2e_fail host "xen $(val xen_major).$(val xen_minor)" \
            "nodes '$(val nr_nodes)' max_cpu_id '$(val max_cpu_id)'" \
            "scheduler '$(val xen_scheduler)'"
    echo "$(val build_id)" | grep -Eq '^[0-9a-f]{40}$' &&
        e2e_pass build-id "$(val build_id)" ||
        e2e_fail build-id "'$(val build_id)', Xen's xl prints the" \
            "hypervisor's 40-hex build id (XENVER_build_id)"
    case $(val xen_commandline) in
    *dom0_mem=1024M*smap=0*) e2e_pass cmdline "$(val xen_commandline)" ;;
    *) e2e_fail cmdline "xen_commandline '$(val xen_commandline)'" ;;
    esac
fi

if e2e_run xl-dmesg xl dmesg; then
    e2e_expect xl-dmesg '^\(XEN\) .*Xen version 4\.17' "Xen's boot log"
fi
