# tools: fragment included by the top-level Makefile.am (paths are relative
# to the top).  Small programs on top of libxl.

sbin_PROGRAMS += tools/xen-init-dom0
tools_xen_init_dom0_CPPFLAGS = -I$(top_srcdir)/libxl/include
tools_xen_init_dom0_SOURCES = tools/xen-init-dom0.c
tools_xen_init_dom0_LDADD = libxl/libxenlight.la
dist_man_MANS += man/xen-init-dom0.8
