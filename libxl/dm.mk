# libxl/: fragment of the HVM part (creation steps of HVM guests, the QEMU
# device model and its QMP client); paths relative to the top.  Files are
# added to libxenlight.

libxl_libxenlight_la_SOURCES += libxl/create_hvm.c libxl/dm_internal.h \
	libxl/dm.c libxl/dm_args.c libxl/qmp.c libxl/dm_api.c libxl/dm_save.c \
	libxl/trigger.c libxl/cdrom.c
include_HEADERS += libxl/include/libxl_dm.h

# A stand-in for QEMU that speaks QMP (the HVM tests of check_create).
check_PROGRAMS += tests/unit/fake-qemu
tests_unit_fake_qemu_CPPFLAGS = -I$(top_srcdir)/libxenstore/include
tests_unit_fake_qemu_SOURCES = tests/unit/fake_qemu.c
tests_unit_fake_qemu_LDADD = libxenstore/libxenstore.la

# HVM guests through xl on the simulator (triggers, shutdown -F, the
# device model commands), with the fake device model above.
TESTS += tests/cli/xl/hvm.sh
dist_check_SCRIPTS += tests/cli/xl/hvm.sh

# The platform keys of HVM guests (acpi_s3/s4, xen_platform_pci,
# vendor_device, device_model_args*, rtc_timeoffset, localtime).
TESTS += tests/cli/xl/hvmkeys.sh
dist_check_SCRIPTS += tests/cli/xl/hvmkeys.sh
