# libxl/: fragment of the network devices part (vif); paths relative to the
# top.  The native bridge attach with libnl-route-3 goes into libxenlight.

libxl_libxenlight_la_SOURCES += libxl/nic_internal.h libxl/nic_link.c \
	libxl/nic.c libxl/nic_list.c libxl/nic_stored.c \
	libxl/create_nic.c
include_HEADERS += libxl/include/libxl_nic.h
libxl_libxenlight_la_CFLAGS += $(LIBNL_CFLAGS)
libxl_libxenlight_la_LIBADD += $(LIBNL_LIBS)

# The bridge attach, compiled in (its symbols are hidden in libxenlight); the
# tests run in a private user + network namespace.
check_PROGRAMS += tests/unit/check_nic
TESTS += tests/unit/check_nic
tests_unit_check_nic_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_nic_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(LIBNL_CFLAGS)
tests_unit_check_nic_SOURCES = tests/unit/check_nic.c libxl/nic_link.c \
	libxl/ctx.c libxl/xs_access.c
tests_unit_check_nic_LDADD = libxenstore/libxenstore.la \
	libxenctrl/libxenctrl.la $(CHECK_LIBS) $(LIBNL_LIBS)
