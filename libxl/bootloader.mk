# libxl/: fragment of the bootloader part (running pygrub or another
# bootloader program on the guest's disk); paths relative to the top.
# The runner is a convenience library linked into libxenlight and into its
# unit test (which needs its hidden symbols); the create step that uses it
# (create_boot.c) is part of libxenlight.

# Bare bootloader names (bootloader="pygrub") are looked up here first.
libxl_bootdir = $(libexecdir)/xen/bin

noinst_LTLIBRARIES += libxl/libxlboot.la
libxl_libxlboot_la_CPPFLAGS = $(LIBXL_CPPFLAGS) \
	-DLIBXL_PRIVATE_BINDIR='"$(libxl_bootdir)"'
libxl_libxlboot_la_SOURCES = libxl/bootloader.h libxl/bootloader.c \
	libxl/bootloader_out.c
libxl_libxenlight_la_LIBADD += libxl/libxlboot.la
libxl_libxenlight_la_SOURCES += libxl/create_boot.c

check_PROGRAMS += tests/unit/check_bootloader
TESTS += tests/unit/check_bootloader
tests_unit_check_bootloader_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_bootloader_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_bootloader_SOURCES = tests/unit/check_bootloader.c
tests_unit_check_bootloader_LDADD = libxl/libxlboot.la $(CHECK_LIBS)
EXTRA_DIST += tests/unit/test-bootloader.sh

# xl create with bootloader= on the simulator (needs mke2fs and debugfs).
TESTS += tests/cli/xl/bootloader.sh
dist_check_SCRIPTS += tests/cli/xl/bootloader.sh
