# xl/: fragment of the network devices part (network-attach, -detach,
# -list); paths relative to the top.
xl_xl_SOURCES += xl/cmd_network.c

XL_NET_TESTS = tests/cli/xl/network.sh
TESTS += $(XL_NET_TESTS)
dist_check_SCRIPTS += $(XL_NET_TESTS)
