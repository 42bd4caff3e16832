# xl: fragment included by the top-level Makefile.am (paths are relative to
# the top).  The command skeleton, table and query commands; xl/config.mk
# adds the config part's files (cmd_create.c ...) to xl_xl_SOURCES.

XL_CPPFLAGS = -I$(top_srcdir)/xl -I$(top_srcdir)/libxl/include \
	-DXL_BINDIR='"$(bindir)"'

sbin_PROGRAMS += xl/xl
xl_xl_CPPFLAGS = $(XL_CPPFLAGS)
xl_xl_CFLAGS = $(AM_CFLAGS) $(YAJL_CFLAGS)
xl_xl_SOURCES = \
	xl/xl.h \
	xl/xl.c \
	xl/cmdtable.c \
	xl/util.c \
	xl/output.h \
	xl/output.c \
	xl/xl_conf.h \
	xl/xl_conf.c \
	xl/xl_conf_keys.c \
	xl/cmd_block.c \
	xl/cmd_pvdev.c \
	xl/cmd_domain.c \
	xl/cmd_info.c \
	xl/cmd_list.c \
	xl/cmd_sched.c \
	xl/cmd_uptime.c \
	xl/cmd_vcpu.c \
	xl/cmd_unsupported.c
xl_xl_LDADD = libxl/libxenlight.la $(YAJL_LIBS)

XL_CLI_TESTS = tests/cli/xl/help.sh tests/cli/xl/errors.sh \
	tests/cli/xl/list.sh tests/cli/xl/info.sh tests/cli/xl/vcpu.sh \
	tests/cli/xl/json.sh tests/cli/xl/conf.sh tests/cli/xl/block.sh \
	tests/cli/xl/qemudev.sh tests/cli/xl/pvdev.sh
TESTS += $(XL_CLI_TESTS)
dist_check_SCRIPTS += $(XL_CLI_TESTS)
EXTRA_DIST += tests/cli/simenv.sh tests/cli/xl/lib.sh tests/cli/xl/simhost.sh

dist_man_MANS += man/xl.1 man/xl.conf.5
