# xl/: fragment of migrate and migrate-receive; paths relative to the top.

xl_xl_SOURCES += xl/cmd_migrate.c xl/cmd_migrate_recv.c \
	xl/migrate_proto.h xl/migrate_proto.c

# tcprsh: the stand-in for ssh between simulated hosts (tests only)
check_PROGRAMS += tests/cli/xl/tcprsh
tests_cli_xl_tcprsh_SOURCES = tests/cli/xl/tcprsh.c

XL_MIGRATE_TESTS = tests/cli/xl/migrate.sh tests/cli/xl/migrate-netns.sh \
	tests/cli/xl/migrate-noshadow.sh tests/cli/xl/migrate-zlib.sh \
	tests/cli/xl/migrate-verify.sh tests/cli/xl/migratehvm.sh
TESTS += $(XL_MIGRATE_TESTS)
dist_check_SCRIPTS += $(XL_MIGRATE_TESTS)
EXTRA_DIST += bench/migrate.sh bench/simhost.sh tests/cli/xl/miglib.sh
