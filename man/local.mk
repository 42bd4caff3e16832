# man: fragment included by the top-level Makefile.am (paths are relative to the top).
pkgconfig_DATA += libxenctrl/xenctrl.pc libxenstore/xenstore.pc libxl/xenlight.pc
