# tests/e2e scenario: our libxenctrl on the real hypervisor, through
# /dev/xen/privcmd (tests/e2e/xc-probe, built by make check-xen).
# e2e-timeout: 30
# e2e-cost: 5
. /e2e/lib.sh

PATH=/e2e/bin:$PATH
e2e_run probe xc-probe || exit 1
sed 's/^/E2E-OUT | /' "$E2E_OUT"
v() { sed -n "s/^$1=//p" "$E2E_OUT"; }

[ "$(v backend)" = privcmd ] && e2e_pass backend "privcmd" ||
    e2e_fail backend "backend is '$(v backend)', expected privcmd"
case $(v xen_version) in
4.17*) e2e_pass version "xen_version=$(v xen_version)" ;;
*) e2e_fail version "xen_version='$(v xen_version)', expected 4.17" ;;
esac
[ "$(v nr_cpus)" = 2 ] && [ "$(v total_pages)" -gt 262144 ] &&
    e2e_pass physinfo "nr_cpus=2 total_pages=$(v total_pages)" ||
    e2e_fail physinfo "nr_cpus=$(v nr_cpus) total_pages=$(v total_pages)"
[ "$(v dom0_vcpus)" = 2 ] && [ "$(v first_domid)" = 0 ] &&
    e2e_pass domains "Dom0 with 2 vcpus, $(v domains) domain(s)" ||
    e2e_fail domains "dom0_vcpus=$(v dom0_vcpus) first_domid=$(v first_domid)"
[ "$(v console_has_banner)" = 1 ] &&
    e2e_pass console "$(v console_bytes) bytes with Xen's banner" ||
    e2e_fail console "no Xen banner in $(v console_bytes) bytes"
[ -n "$(v evtchn_port)" ] && e2e_pass evtchn "port $(v evtchn_port)" ||
    e2e_fail evtchn "no event channel bound"
[ -n "$(v create_domid)" ] && [ "$(v created_paused)" = 1 ] &&
    [ "$(v created_max_memkb)" -ge 65536 ] &&
    e2e_pass domain-create "domain $(v create_domid) created paused," \
        "max_memkb=$(v created_max_memkb)" ||
    e2e_fail domain-create "domid='$(v create_domid)'" \
        "paused='$(v created_paused)' max_memkb='$(v created_max_memkb)'"
[ "$(v destroyed_gone)" = 1 ] && e2e_pass domain-destroy "domain gone" ||
    e2e_fail domain-destroy "destroyed_gone='$(v destroyed_gone)'"
