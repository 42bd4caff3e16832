# xl/: fragment of the lifecycle commands (shutdown, reboot, sysrq,
# console, vncviewer, dump-core); paths relative to the top.

xl_xl_SOURCES += xl/cmd_shutdown.c xl/cmd_console.c xl/cmd_dumpcore.c \
	xl/cmd_vnc.c

XL_LIFECYCLE_TESTS = tests/cli/xl/lifecycle.sh tests/cli/xl/vnc.sh
TESTS += $(XL_LIFECYCLE_TESTS)
dist_check_SCRIPTS += $(XL_LIFECYCLE_TESTS)
