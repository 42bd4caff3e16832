# console: fragment included by the top-level Makefile.am (paths are relative to the top).

CONS_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include -I$(top_srcdir)/console

# The daemon's core (rings, event channels, ptys, logs): no xenstore.
noinst_LTLIBRARIES += console/libcons.la
console_libcons_la_CPPFLAGS = $(CONS_CPPFLAGS)
console_libcons_la_SOURCES = console/cons.h console/ring.c console/dom.c

check_PROGRAMS += tests/unit/check_console
TESTS += tests/unit/check_console
tests_unit_check_console_CPPFLAGS = $(CONS_CPPFLAGS)
tests_unit_check_console_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_console_SOURCES = tests/unit/check_console.c \
	tests/unit/sim_ring.h tests/unit/sim_ring.c
tests_unit_check_console_LDADD = console/libcons.la \
	libxenctrl/libxenctrl.la $(CHECK_LIBS)

dist_man_MANS += man/xenconsoled.8 man/xenconsole.1

CONSD_CPPFLAGS = $(CONS_CPPFLAGS) -I$(top_srcdir)/libxenstore/include

sbin_PROGRAMS += console/xenconsoled
console_xenconsoled_CPPFLAGS = $(CONSD_CPPFLAGS)
console_xenconsoled_SOURCES = console/daemon.h console/daemon.c \
	console/domains.c
console_xenconsoled_LDADD = console/libcons.la libxenctrl/libxenctrl.la \
	libxenstore/libxenstore.la

bin_PROGRAMS += console/xenconsole
console_xenconsole_CPPFLAGS = $(CONSD_CPPFLAGS)
console_xenconsole_SOURCES = console/client.c
console_xenconsole_LDADD = libxenctrl/libxenctrl.la \
	libxenstore/libxenstore.la

# The daemon and client end to end: xenstored on a temp socket, a forked
# simulated guest writing its ring.
check_PROGRAMS += tests/unit/check_console_daemon
TESTS += tests/unit/check_console_daemon
tests_unit_check_console_daemon_CPPFLAGS = $(CONSD_CPPFLAGS)
tests_unit_check_console_daemon_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_console_daemon_SOURCES = tests/unit/check_console_daemon.c \
	tests/unit/simhost.h tests/unit/simhost.c \
	tests/unit/sim_ring.h tests/unit/sim_ring.c
tests_unit_check_console_daemon_LDADD = libxenctrl/libxenctrl.la \
	libxenstore/libxenstore.la $(CHECK_LIBS)
