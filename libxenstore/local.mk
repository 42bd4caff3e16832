# libxenstore: fragment included by the top-level Makefile.am (paths are relative to the top).
