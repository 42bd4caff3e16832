# libxl: fragment included by the top-level Makefile.am (paths are relative to the top).
# Owned by the config part: the xl.cfg(5) grammar (libxlutil API) as a
# convenience library linked into xl (libxenlight.map exports libxl_*
# only, so xlu_* cannot live in libxenlight.so).

noinst_LTLIBRARIES += libxl/libxlutil.la
libxl_libxlutil_la_CPPFLAGS = $(LIBXL_CPPFLAGS)
libxl_libxlutil_la_SOURCES = \
	libxl/include/libxlutil.h \
	libxl/cfg_internal.h \
	libxl/cfg_parse.c \
	libxl/cfg_get.c

check_PROGRAMS += tests/unit/check_cfg
TESTS += tests/unit/check_cfg
tests_unit_check_cfg_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_cfg_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_cfg_SOURCES = tests/unit/check_cfg.c
tests_unit_check_cfg_LDADD = libxl/libxlutil.la libxl/libxenlight.la \
	$(CHECK_LIBS)

# The typed domain configuration, device spec parsers and JSON.
libxl_libxlutil_la_CFLAGS = $(AM_CFLAGS) $(YAJL_CFLAGS) $(UUID_CFLAGS)
libxl_libxlutil_la_SOURCES += \
	libxl/include/libxl_types.h \
	libxl/include/libxl_config.h \
	libxl/config_internal.h \
	libxl/config_keys.h \
	libxl/config_keys.c \
	libxl/config_parse.c \
	libxl/dev_disk.c \
	libxl/dev_vif.c \
	libxl/dev_pci.c \
	libxl/dev_misc.c \
	libxl/dev_vdispl.c \
	libxl/dev_vsnd.c \
	libxl/vsnd_types.c \
	libxl/cpuid_policy.c \
	libxl/config_parse_dev.c \
	libxl/config_parse_x86.c \
	libxl/config_parse_platform.c \
	libxl/config_devfree.c \
	libxl/config_util.c
libxl_libxlutil_la_LIBADD = libxl/libxenlight.la $(UUID_LIBS)

# Conversion between libvirt domain XML and xl.cfg (xl config-convert).
libxl_libxlutil_la_CFLAGS += $(LIBXML2_CFLAGS)
libxl_libxlutil_la_SOURCES += \
	libxl/include/libxl_libvirt.h \
	libxl/libvirt_xml_internal.h \
	libxl/libvirt_xml_in.c \
	libxl/libvirt_xml_dev.c \
	libxl/libvirt_xml_out.c \
	libxl/config_write.c
libxl_libxlutil_la_LIBADD += $(LIBXML2_LIBS)

# The typed config itself (init/dispose, JSON) lives in libxenlight: the
# creation pipeline and the stored config (xl list -l) need it.
libxl_libxenlight_la_SOURCES += \
	libxl/include/libxl_types.h \
	libxl/config_internal.h \
	libxl/config_types.c \
	libxl/config_devfree.c \
	libxl/config_util.c \
	libxl/dev_vif_mac.c \
	libxl/json_config_dev.c \
	libxl/json_config_parse_dev.c \
	libxl/vdev.c \
	libxl/json_config.c \
	libxl/json_config_parse.c \
	libxl/json_vsnd.c \
	libxl/vsnd_types.c \
	libxl/json_cpuid.c \
	libxl/cpuid_policy.c
include_HEADERS += libxl/include/libxl_types.h

check_PROGRAMS += tests/unit/check_cfg_dev
TESTS += tests/unit/check_cfg_dev
tests_unit_check_cfg_dev_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_cfg_dev_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_cfg_dev_SOURCES = tests/unit/check_cfg_dev.c
tests_unit_check_cfg_dev_LDADD = libxl/libxlutil.la libxl/libxenlight.la \
	$(CHECK_LIBS)

CFG_CLI_TESTS = tests/cli/cfg/run.sh tests/cli/cfg/compare-debian.sh \
	tests/cli/cfg/libvirt.sh tests/cli/cfg/compare-xen.sh
TESTS += $(CFG_CLI_TESTS)
dist_check_SCRIPTS += $(CFG_CLI_TESTS)
EXTRA_DIST += tests/cli/cfg/README.md $(wildcard $(srcdir)/tests/cli/cfg/*.cfg) \
	$(wildcard $(srcdir)/tests/cli/cfg/*.json) \
	$(wildcard $(srcdir)/tests/cli/cfg/*.err) \
	$(wildcard $(srcdir)/tests/cli/cfg/*.args) \
	$(wildcard $(srcdir)/tests/cli/cfg/libvirt/*) \
	$(wildcard $(srcdir)/tests/cli/cfg/expected-xen/*) \
	tests/cli/cfg/make-expected-xen.sh

CFG_FUZZ_TESTS = tests/fuzz/run-cfg-fuzz.sh
TESTS += $(CFG_FUZZ_TESTS)
dist_check_SCRIPTS += $(CFG_FUZZ_TESTS)
EXTRA_DIST += tests/fuzz/fuzz_cfg.c

dist_man_MANS += man/xl.cfg.5 man/xl-disk-configuration.5 \
	man/xl-network-configuration.5

check_PROGRAMS += tests/unit/check_cfg_small
TESTS += tests/unit/check_cfg_small
tests_unit_check_cfg_small_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_cfg_small_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_cfg_small_SOURCES = tests/unit/check_cfg_small.c
tests_unit_check_cfg_small_LDADD = libxl/libxlutil.la libxl/libxenlight.la \
	$(CHECK_LIBS)
