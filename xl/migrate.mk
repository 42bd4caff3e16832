# xl/: fragment of migrate and migrate-receive; paths relative to the top.

xl_xl_SOURCES += xl/cmd_migrate.c xl/cmd_migrate_recv.c \
	xl/migrate_proto.h xl/migrate_proto.c

XL_MIGRATE_TESTS = tests/cli/xl/migrate.sh
TESTS += $(XL_MIGRATE_TESTS)
dist_check_SCRIPTS += $(XL_MIGRATE_TESTS)
