# libxl/: fragment of the lifecycle part (shutdown, reboot, sysrq, console,
# dump-core); paths relative to the top.  Files are added to libxenlight.

libxl_libxenlight_la_SOURCES += libxl/lifecycle.c libxl/lifecycle_wait.c \
	libxl/lifecycle_console.c libxl/lifecycle_core.h \
	libxl/lifecycle_core.c libxl/lifecycle_core_map.c
include_HEADERS += libxl/include/libxl_lifecycle.h

# The lifecycle calls on the simulator with a real xenstored and a forked
# "guest" answering control/shutdown; also runs xl against it.
check_PROGRAMS += tests/unit/check_lifecycle
TESTS += tests/unit/check_lifecycle
tests_unit_check_lifecycle_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_lifecycle_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_lifecycle_SOURCES = tests/unit/check_lifecycle.c \
	tests/unit/simhost.h tests/unit/simhost.c \
	tests/unit/check_build.h tests/unit/check_build_img.c
tests_unit_check_lifecycle_LDADD = libxl/libxenlight.la \
	libxenstore/libxenstore.la libxenctrl/libxenctrl.la $(CHECK_LIBS) \
	$(ZLIB_LIBS) $(LZMA_LIBS) $(ZSTD_LIBS) $(LZ4_LIBS) $(BZ2_LIBS)
