# libxl/: fragment of the save/restore part (sr_*.c: the save image's
# layers); paths relative to the top.  A convenience library linked into
# libxenlight and into its unit tests, which need its hidden symbols.

noinst_LTLIBRARIES += libxl/libxlsr.la
libxl_libxlsr_la_CPPFLAGS = $(LIBXL_CPPFLAGS)
libxl_libxlsr_la_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)
libxl_libxlsr_la_LIBADD = $(ZLIB_LIBS)
libxl_libxlsr_la_SOURCES = \
	libxl/sr_format.h \
	libxl/sr_api.h \
	libxl/sr_io.c \
	libxl/sr_zio.c \
	libxl/sr_hdr.c \
	libxl/sr_rec.c \
	libxl/sr_pv.h \
	libxl/sr_pv_p2m.c \
	libxl/sr_save_pv.c \
	libxl/sr_save_hvm.c \
	libxl/sr_restore_pv.c \
	libxl/sr_restore_hvm.c
libxl_libxenlight_la_LIBADD += libxl/libxlsr.la
libxl_libxenlight_la_SOURCES += libxl/save.c libxl/restore.c
include_HEADERS += libxl/include/libxl_save.h

check_PROGRAMS += tests/unit/check_sr
TESTS += tests/unit/check_sr
tests_unit_check_sr_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_sr_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_sr_SOURCES = tests/unit/check_sr.c
tests_unit_check_sr_LDADD = libxl/libxlsr.la libxenctrl/libxenctrl.la \
	$(CHECK_LIBS)
