# xl/: fragment of the device-model commands (qemu-monitor-command).
xl_xl_SOURCES += xl/cmd_dm.c xl/cmd_trigger.c
