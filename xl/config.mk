# xl/: fragment of the config part (xl -N create and friends); paths relative to the top.
xl_xl_LDADD += libxl/libxlutil.la
xl_xl_SOURCES += xl/cmd_create.c xl/monitor.h xl/monitor.c xl/autoballoon.c \
	xl/affinity.c
xl_xl_SOURCES += xl/cmd_convert.c

# Domain-0 autoballooning on the simulator (tools/xensim-balloon).
TESTS += tests/cli/xl/autoballoon.sh tests/cli/xl/affinity.sh
dist_check_SCRIPTS += tests/cli/xl/autoballoon.sh tests/cli/xl/affinity.sh
