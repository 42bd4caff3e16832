# tests/e2e: fragment included by the top-level Makefile.am (paths are relative to the top).
# Real Xen 4.17 under QEMU: `make check-xen` (top-level rule) runs
# tests/e2e/run.sh in the build dir; see tests/e2e/README.md.
EXTRA_DIST += tests/e2e/README.md tests/e2e/fetch.sh tests/e2e/mkinitrd.sh \
	tests/e2e/boot.sh tests/e2e/run.sh tests/e2e/init.sh tests/e2e/lib.sh \
	tests/e2e/mkguest.sh tests/e2e/bench.sh tests/e2e/scenarios.list \
	tests/e2e/scenarios
# Devices on real Xen, on demand: create/destroy with a disk and a vif,
# our xl against Debian's in one boot (scenarios/91-bench-devices.sh).
EXTRA_DIST += bench/xen-devices.sh

# The same run with Debian's Xen user space in place of ours: checks the
# harness itself and gives the baseline for benchmarks.
check-xen-reference:
	$(SHELL) $(top_srcdir)/tests/e2e/run.sh --reference \
	    --scenarios "$${E2E_SCENARIOS:-00-xenstored:00-dom0:00-xenconsoled:10-pv:13-pvh}"
.PHONY: check-xen-reference

# Probes of our libraries on the real hypervisor, copied into Dom0's
# image as /e2e/bin/<name> by mkinitrd.sh (-no-install: a real binary,
# not a libtool wrapper; it finds our installed libraries in Dom0).
check_PROGRAMS += tests/e2e/xc-probe
check_xen_targets += tests/e2e/xc-probe$(EXEEXT)
tests_e2e_xc_probe_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include
tests_e2e_xc_probe_SOURCES = tests/e2e/xc-probe.c
tests_e2e_xc_probe_LDADD = libxenctrl/libxenctrl.la
tests_e2e_xc_probe_LDFLAGS = -no-install
