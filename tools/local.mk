# tools: fragment included by the top-level Makefile.am (paths are relative
# to the top).  Small programs on top of libxl.

sbin_PROGRAMS += tools/xen-init-dom0
tools_xen_init_dom0_CPPFLAGS = -I$(top_srcdir)/libxl/include
tools_xen_init_dom0_SOURCES = tools/xen-init-dom0.c
tools_xen_init_dom0_LDADD = libxl/libxenlight.la
dist_man_MANS += man/xen-init-dom0.8

# The simulated host's Dom0 backends (blkback, netback) for tests and the
# demo on the simulator (not installed).
noinst_PROGRAMS += tools/xensim-backend
tools_xensim_backend_CPPFLAGS = -I$(top_srcdir)/libxenstore/include
tools_xensim_backend_SOURCES = tools/xensim_backend.c
tools_xensim_backend_LDADD = libxenstore/libxenstore.la

# The simulated host's Domain-0 balloon driver, for tests on the simulator
# (not installed).
noinst_PROGRAMS += tools/xensim-balloon
tools_xensim_balloon_CPPFLAGS = -I$(top_srcdir)/libxenctrl/include \
	-I$(top_srcdir)/libxenstore/include
tools_xensim_balloon_SOURCES = tools/xensim_balloon.c
tools_xensim_balloon_LDADD = libxenctrl/libxenctrl.la \
	libxenstore/libxenstore.la
