# libxl/: fragment of the bootloader part (running pygrub or another
# bootloader program on the guest's disk); paths relative to the top.
