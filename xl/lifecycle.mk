# xl/: fragment of the lifecycle commands (shutdown, reboot, sysrq,
# console, dump-core); paths relative to the top.
