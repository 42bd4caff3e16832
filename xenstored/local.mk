# xenstored: fragment included by the top-level Makefile.am (paths are relative to the top).

XSD_SRC = xenstored/xenstored.h xenstored/store.c xenstored/perms.c \
	xenstored/txn.c xenstored/watch.c xenstored/quota.c xenstored/conn.c \
	xenstored/ops.c xenstored/control.c xenstored/domain.c \
	xenstored/dom0_linux.c

# The daemon's core, shared by the daemon and the fuzz target.
noinst_LTLIBRARIES += xenstored/libxsd.la
xenstored_libxsd_la_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include
xenstored_libxsd_la_SOURCES = $(XSD_SRC)

sbin_PROGRAMS += xenstored/xenstored
xenstored_xenstored_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include
xenstored_xenstored_SOURCES = xenstored/main.c xenstored/loop.c
xenstored_xenstored_LDADD = xenstored/libxsd.la libxenctrl/libxenctrl.la

check_PROGRAMS += tests/unit/check_xenstored
TESTS += tests/unit/check_xenstored
tests_unit_check_xenstored_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_xenstored_SOURCES = tests/unit/check_xenstored.c \
	tests/unit/xsd_client.h tests/unit/xsd_client.c
tests_unit_check_xenstored_LDADD = $(CHECK_LIBS)

dist_man_MANS += man/xenstored.8

# libFuzzer target (built by the script with clang; SKIP without clang).
TESTS += tests/fuzz/run-xenstored-fuzz.sh
dist_check_SCRIPTS += tests/fuzz/run-xenstored-fuzz.sh
EXTRA_DIST += tests/fuzz/fuzz_xenstored.c

# Guest rings on the simulator (INTRODUCE/RELEASE, ring-reachable XSAs).
check_PROGRAMS += tests/unit/check_xenstored_ring
TESTS += tests/unit/check_xenstored_ring
tests_unit_check_xenstored_ring_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include
tests_unit_check_xenstored_ring_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_xenstored_ring_SOURCES = tests/unit/check_xenstored_ring.c \
	tests/unit/sim_ring.h tests/unit/sim_ring.c \
	tests/unit/xsd_client.h tests/unit/xsd_client.c
tests_unit_check_xenstored_ring_LDADD = libxenctrl/libxenctrl.la $(CHECK_LIBS)
