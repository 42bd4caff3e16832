# xl/: fragment of the save/restore commands; paths relative to the top.

xl_xl_SOURCES += xl/cmd_save.c

XL_SAVE_TESTS = tests/cli/xl/saverestore.sh tests/cli/xl/savecompress.sh \
	tests/cli/xl/saveopts.sh tests/cli/xl/restorebad.sh \
	tests/cli/xl/savepvh.sh tests/cli/xl/savehvm.sh
TESTS += $(XL_SAVE_TESTS)
dist_check_SCRIPTS += $(XL_SAVE_TESTS)
EXTRA_DIST += bench/saverestore.sh bench/saverestore-xen.sh \
	tests/cli/xl/savelib.sh
