# libxl/: fragment of live migration (the sending side; the receiving
# side is restore); paths relative to the top.

libxl_libxlsr_la_SOURCES += libxl/sr_save_live.c
libxl_libxenlight_la_SOURCES += libxl/migrate.c
include_HEADERS += libxl/include/libxl_migrate.h
