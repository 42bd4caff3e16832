# libxl: fragment included by the top-level Makefile.am (paths are relative
# to the top).  Core of libxl (ctx, domains, host, vCPUs, schedulers);
# config.mk and build.mk add the config and domain-builder files to the
# same library.  Only libxl_* is exported (libxl/libxenlight.map).

LIBXL_CPPFLAGS = -I$(top_srcdir)/libxl/include -I$(top_srcdir)/libxl \
	-I$(top_srcdir)/libxenctrl/include -I$(top_srcdir)/libxenstore/include

lib_LTLIBRARIES += libxl/libxenlight.la
libxl_libxenlight_la_CPPFLAGS = $(LIBXL_CPPFLAGS)
libxl_libxenlight_la_CFLAGS = $(AM_CFLAGS) $(YAJL_CFLAGS) $(UUID_CFLAGS)
libxl_libxenlight_la_SOURCES = \
	libxl/libxl_internal.h \
	libxl/ctx.c \
	libxl/cpumap.c \
	libxl/cpuid.c \
	libxl/create_internal.h \
	libxl/create.c \
	libxl/create_build.c \
	libxl/create_devcheck.c \
	libxl/create_xs.c \
	libxl/device_internal.h \
	libxl/device.c \
	libxl/device_hotplug.c \
	libxl/vbd_internal.h \
	libxl/vbd.c \
	libxl/vbd_list.c \
	libxl/vbd_loop.c \
	libxl/vbd_loop_sim.c \
	libxl/kernel_cache.c \
	libxl/pvdev.c \
	libxl/mem.c \
	libxl/name_index.c \
	libxl/domain.c \
	libxl/dom0.c \
	libxl/host.c \
	libxl/userdata.c \
	libxl/vcpu.c \
	libxl/xs_access.c
libxl_libxenlight_la_LIBADD = libxenctrl/libxenctrl.la libxenstore/libxenstore.la \
	$(YAJL_LIBS) $(UUID_LIBS)
libxl_libxenlight_la_LDFLAGS = -version-info 0:0:0 \
	-Wl,--version-script=$(top_srcdir)/libxl/libxenlight.map
EXTRA_libxl_libxenlight_la_DEPENDENCIES = libxl/libxenlight.map
EXTRA_DIST += libxl/libxenlight.map

include_HEADERS += libxl/include/libxl.h libxl/include/libxl_disk.h \
	libxl/include/libxl_pvdev.h

check_PROGRAMS += tests/unit/check_libxl
TESTS += tests/unit/check_libxl
tests_unit_check_libxl_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_libxl_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_libxl_SOURCES = tests/unit/check_libxl.c
tests_unit_check_libxl_LDADD = libxl/libxenlight.la libxenctrl/libxenctrl.la \
	$(CHECK_LIBS)

# Domain creation end to end on the simulator with a real xenstored (the
# test kernels come from the builder tests' synthesiser).
check_PROGRAMS += tests/unit/check_create
TESTS += tests/unit/check_create
tests_unit_check_create_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_create_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_create_SOURCES = tests/unit/check_create.c \
	tests/unit/simhost.h tests/unit/simhost.c \
	tests/unit/check_build.h tests/unit/check_build_img.c
tests_unit_check_create_LDADD = libxl/libxenlight.la \
	libxenstore/libxenstore.la libxenctrl/libxenctrl.la $(CHECK_LIBS) \
	$(ZLIB_LIBS) $(LZMA_LIBS) $(ZSTD_LIBS) $(LZ4_LIBS) $(BZ2_LIBS)
EXTRA_DIST += bench/create-scaling.sh

# Disks end to end on the simulator: xenstored, the simulated backends
# (tools/xensim-backend) and the simulated guest kernel's frontends.
check_PROGRAMS += tests/unit/check_vbd
TESTS += tests/unit/check_vbd
tests_unit_check_vbd_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_vbd_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_vbd_SOURCES = tests/unit/check_vbd.c \
	tests/unit/simhost.h tests/unit/simhost.c
tests_unit_check_vbd_LDADD = libxl/libxlutil.la libxl/libxenlight.la \
	libxenstore/libxenstore.la libxenctrl/libxenctrl.la $(CHECK_LIBS)

# The process side of hotplug scripts: a convenience library linked into
# libxenlight and into its unit test (which needs its hidden symbol).
noinst_LTLIBRARIES += libxl/libxlhotplug.la
libxl_libxlhotplug_la_CPPFLAGS = $(LIBXL_CPPFLAGS)
libxl_libxlhotplug_la_SOURCES = libxl/hotplug_run.h libxl/hotplug_run.c
libxl_libxenlight_la_LIBADD += libxl/libxlhotplug.la
check_PROGRAMS += tests/unit/check_hotplug
TESTS += tests/unit/check_hotplug
tests_unit_check_hotplug_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_hotplug_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_hotplug_SOURCES = tests/unit/check_hotplug.c
tests_unit_check_hotplug_LDADD = libxl/libxlhotplug.la $(CHECK_LIBS)
