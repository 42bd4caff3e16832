# libxenstore: fragment included by the top-level Makefile.am (paths are
# relative to the top).  The client library (Xen 4.17 <xenstore.h> API),
# built as a convenience archive for tests and wrapped into the installed
# libxenstore.la, which exports only xs_* (version node VERS_4.0 as Xen's).

XS_CPPFLAGS = -I$(top_srcdir)/libxenstore/include -I$(top_srcdir)/libxenstore

noinst_LTLIBRARIES += libxenstore/libxenstore_core.la
libxenstore_libxenstore_core_la_CPPFLAGS = $(XS_CPPFLAGS)
libxenstore_libxenstore_core_la_SOURCES = \
	libxenstore/xs_private.h \
	libxenstore/xs.c \
	libxenstore/xs_ops.c \
	libxenstore/xs_watch.c \
	libxenstore/xs_lib.c \
	libxenstore/transport.c
libxenstore_libxenstore_core_la_LIBADD = $(PTHREAD_LIBS)

lib_LTLIBRARIES += libxenstore/libxenstore.la
libxenstore_libxenstore_la_SOURCES =
libxenstore_libxenstore_la_LIBADD = libxenstore/libxenstore_core.la \
	$(PTHREAD_LIBS)
libxenstore_libxenstore_la_LDFLAGS = -version-info 0:0:0 \
	-Wl,--version-script=$(top_srcdir)/libxenstore/libxenstore.map
EXTRA_libxenstore_libxenstore_la_DEPENDENCIES = libxenstore/libxenstore.map
EXTRA_DIST += libxenstore/libxenstore.map

include_HEADERS += libxenstore/include/xenstore.h \
	libxenstore/include/xenstore_lib.h
