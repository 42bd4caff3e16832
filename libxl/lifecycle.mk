# libxl/: fragment of the lifecycle part (shutdown, reboot, sysrq, console,
# dump-core); paths relative to the top.  Files are added to libxenlight.
