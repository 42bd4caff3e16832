# libxenctrl: fragment included by the top-level Makefile.am (paths are
# relative to the top).  The library is built as a convenience archive
# (libxenctrl_core.la, used by xensim and tests that need internals) and
# wrapped into the installed libxenctrl.la, which exports only xc_*.

XC_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include -I$(top_srcdir)/libxenctrl

noinst_LTLIBRARIES += libxenctrl/libxenctrl_core.la
libxenctrl_libxenctrl_core_la_CPPFLAGS = $(XC_CPPFLAGS)
libxenctrl_libxenctrl_core_la_SOURCES = \
	libxenctrl/xc_private.h \
	libxenctrl/xc_core.c \
	libxenctrl/xc_domain.c \
	libxenctrl/xc_cpuid.c \
	libxenctrl/xc_sysctl.c \
	libxenctrl/xc_memory.c \
	libxenctrl/xc_version.c \
	libxenctrl/xc_evtchn.c \
	libxenctrl/xc_foreign.c \
	libxenctrl/xc_hvm.c \
	libxenctrl/xc_save.c \
	libxenctrl/xc_logdirty.c \
	libxenctrl/backend_privcmd.c \
	libxenctrl/sim/sim.h \
	libxenctrl/sim/sim_state.c \
	libxenctrl/sim/sim_domctl.c \
	libxenctrl/sim/sim_sysctl.c \
	libxenctrl/sim/sim_memory.c \
	libxenctrl/sim/sim_evtchn.c \
	libxenctrl/sim/sim_backend.c \
	libxenctrl/sim/sim_hvmctx.h \
	libxenctrl/sim/sim_hvmctx.c \
	libxenctrl/sim/sim_save.c \
	libxenctrl/sim/sim_dirty.c \
	libxenctrl/sim/sim_guest.h \
	libxenctrl/sim/sim_guest_int.h \
	libxenctrl/sim/sim_guest.c \
	libxenctrl/sim/sim_guest_dev.c \
	libxenctrl/sim/sim_guest_init.c \
	libxenctrl/sim/sim_guest_run.c \
	libxenctrl/sim/sim_guest_suspend.c \
	libxenctrl/sim/sim_guest_dirty.c \
	libxenctrl/sim/sim_guest_xs.c

lib_LTLIBRARIES += libxenctrl/libxenctrl.la
libxenctrl_libxenctrl_la_SOURCES =
libxenctrl_libxenctrl_la_LIBADD = libxenctrl/libxenctrl_core.la
libxenctrl_libxenctrl_la_LDFLAGS = -version-info 0:0:0 \
	-Wl,--version-script=$(top_srcdir)/libxenctrl/libxenctrl.map
EXTRA_libxenctrl_libxenctrl_la_DEPENDENCIES = libxenctrl/libxenctrl.map
EXTRA_DIST += libxenctrl/libxenctrl.map

include_HEADERS += libxenctrl/include/xenctrl.h

bin_PROGRAMS += libxenctrl/xensim
libxenctrl_xensim_CPPFLAGS = $(XC_CPPFLAGS)
libxenctrl_xensim_SOURCES = libxenctrl/sim/xensim.c \
	libxenctrl/sim/sim_kernel.c libxenctrl/sim/sim_guest.h
libxenctrl_xensim_LDADD = libxenctrl/libxenctrl_core.la $(LZMA_LIBS) \
	$(ZLIB_LIBS)
libxenctrl_xensim_CFLAGS = $(AM_CFLAGS) $(LZMA_CFLAGS) $(ZLIB_CFLAGS)

dist_man_MANS += man/xensim.1

TESTS += tests/cli/xl/simguest.sh
check_PROGRAMS += tests/unit/check_xc_guest
TESTS += tests/unit/check_xc_guest
tests_unit_check_xc_guest_CPPFLAGS = $(XC_CPPFLAGS)
tests_unit_check_xc_guest_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_xc_guest_SOURCES = tests/unit/check_xc_guest.c
tests_unit_check_xc_guest_LDADD = libxenctrl/libxenctrl_core.la $(CHECK_LIBS)
dist_check_SCRIPTS += tests/cli/xl/simguest.sh

check_PROGRAMS += tests/unit/check_xc
TESTS += tests/unit/check_xc
tests_unit_check_xc_CPPFLAGS = $(XC_CPPFLAGS)
tests_unit_check_xc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_xc_SOURCES = tests/unit/check_xc.c \
	tests/unit/check_xc_evtchn.c tests/unit/check_xc_mem.c \
	tests/unit/check_xc_hvm.c tests/unit/check_xc_save.c \
	tests/unit/check_xc_logdirty.c \
	tests/unit/check_xc.h
tests_unit_check_xc_LDADD = libxenctrl/libxenctrl_core.la $(CHECK_LIBS)
