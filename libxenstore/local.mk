# libxenstore: fragment included by the top-level Makefile.am (paths are
# relative to the top).  The client library (Xen 4.17 <xenstore.h> API),
# built as a convenience archive for tests and wrapped into the installed
# libxenstore.la, which exports only xs_* (version node VERS_4.0 as Xen's).

XS_CPPFLAGS = -I$(top_srcdir)/libxenstore/include -I$(top_srcdir)/libxenstore

noinst_LTLIBRARIES += libxenstore/libxenstore_core.la
libxenstore_libxenstore_core_la_CPPFLAGS = $(XS_CPPFLAGS)
libxenstore_libxenstore_core_la_SOURCES = \
	libxenstore/xs_private.h \
	libxenstore/xs.c \
	libxenstore/xs_ops.c \
	libxenstore/xs_watch.c \
	libxenstore/xs_lib.c \
	libxenstore/transport.c
libxenstore_libxenstore_core_la_LIBADD = $(PTHREAD_LIBS)

lib_LTLIBRARIES += libxenstore/libxenstore.la
libxenstore_libxenstore_la_SOURCES =
libxenstore_libxenstore_la_LIBADD = libxenstore/libxenstore_core.la \
	$(PTHREAD_LIBS)
libxenstore_libxenstore_la_LDFLAGS = -version-info 0:0:0 \
	-Wl,--version-script=$(top_srcdir)/libxenstore/libxenstore.map
EXTRA_libxenstore_libxenstore_la_DEPENDENCIES = libxenstore/libxenstore.map
EXTRA_DIST += libxenstore/libxenstore.map

include_HEADERS += libxenstore/include/xenstore.h \
	libxenstore/include/xenstore_lib.h

# The tools: one multi-call binary, installed under every tool name.
XS_TOOLS = xenstore-read xenstore-write xenstore-rm xenstore-ls \
	xenstore-list xenstore-exists xenstore-chmod xenstore-watch \
	xenstore-control

bin_PROGRAMS += libxenstore/xenstore
libxenstore_xenstore_CPPFLAGS = $(XS_CPPFLAGS)
libxenstore_xenstore_SOURCES = libxenstore/cli.h libxenstore/cli.c \
	libxenstore/cli_util.c libxenstore/cli_control.c
libxenstore_xenstore_LDADD = libxenstore/libxenstore_core.la

# Same names in the build tree (for tests), next to the binary.
all-local: libxenstore/xenstore-links.stamp
libxenstore/xenstore-links.stamp: libxenstore/xenstore$(EXEEXT)
	$(AM_V_GEN)for n in $(XS_TOOLS); do \
		rm -f libxenstore/$$n; \
		ln -s xenstore$(EXEEXT) libxenstore/$$n || exit 1; \
	done; touch $@
CLEANFILES += libxenstore/xenstore-links.stamp \
	$(XS_TOOLS:%=libxenstore/%)

install-exec-hook: install-xenstore-links
install-xenstore-links:
	for n in $(XS_TOOLS); do \
		rm -f $(DESTDIR)$(bindir)/$$n; \
		ln -s xenstore$(EXEEXT) $(DESTDIR)$(bindir)/$$n || exit 1; \
	done
uninstall-hook: uninstall-xenstore-links
uninstall-xenstore-links:
	for n in $(XS_TOOLS); do rm -f $(DESTDIR)$(bindir)/$$n; done
.PHONY: install-xenstore-links uninstall-xenstore-links

check_PROGRAMS += tests/unit/check_xs
TESTS += tests/unit/check_xs
tests_unit_check_xs_CPPFLAGS = $(XS_CPPFLAGS)
tests_unit_check_xs_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_xs_SOURCES = tests/unit/check_xs.c
tests_unit_check_xs_LDADD = libxenstore/libxenstore_core.la $(CHECK_LIBS) \
	$(PTHREAD_LIBS)

dist_man_MANS += man/xenstore.1 man/xenstore-read.1 man/xenstore-write.1 \
	man/xenstore-rm.1 man/xenstore-ls.1 man/xenstore-list.1 \
	man/xenstore-exists.1 man/xenstore-chmod.1 man/xenstore-watch.1 \
	man/xenstore-control.1

# CLI tests: our tools against Xen 4.17's (xenstore-utils) on one daemon
# (our xenstored when built, else a small client-side fake).
TESTS += tests/cli/xenstore/tools.sh
dist_check_SCRIPTS += tests/cli/xenstore/tools.sh
EXTRA_DIST += tests/cli/xenstore/lib.sh tests/cli/xenstore/fakexsd.py

# Benchmark, run on demand: make bench/xsbench && bench/run-xenstore.sh
EXTRA_PROGRAMS = bench/xsbench
bench_xsbench_CPPFLAGS = $(XS_CPPFLAGS)
bench_xsbench_SOURCES = bench/xsbench.c
bench_xsbench_LDADD = libxenstore/libxenstore_core.la $(PTHREAD_LIBS)
EXTRA_DIST += bench/run-xenstore.sh
CLEANFILES += bench/xsbench
