# libxl/: fragment of the domain builder part (build_*.c); paths relative to the top.
# The builder is a convenience library linked into libxenlight (and into
# its unit tests, which need its hidden symbols).  Kernel codecs: zlib,
# liblzma, libzstd, liblz4, libbz2.

noinst_LTLIBRARIES += libxl/libxlbuild.la
libxl_libxlbuild_la_CPPFLAGS = $(LIBXL_CPPFLAGS)
libxl_libxlbuild_la_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS) $(LZMA_CFLAGS) \
	$(ZSTD_CFLAGS) $(LZ4_CFLAGS)
libxl_libxlbuild_la_SOURCES = \
	libxl/build_api.h \
	libxl/build_internal.h \
	libxl/build_elf.h \
	libxl/build_decompress.c \
	libxl/build_image.c \
	libxl/build_elf.c \
	libxl/build_notes.c \
	libxl/build_guest.c \
	libxl/build_mem.c \
	libxl/build_pgtable.c \
	libxl/build_kload.c \
	libxl/build_pv.c \
	libxl/build_pvh.c \
	libxl/build_aml.h \
	libxl/build_aml.c \
	libxl/build_acpi.h \
	libxl/build_acpi.c \
	libxl/build_acpi_dsdt.c \
	libxl/build_hvm.c
libxl_libxlbuild_la_LIBADD = $(ZLIB_LIBS) $(LZMA_LIBS) $(ZSTD_LIBS) \
	$(LZ4_LIBS) $(BZ2_LIBS)
libxl_libxenlight_la_LIBADD += libxl/libxlbuild.la

check_PROGRAMS += tests/unit/check_build
TESTS += tests/unit/check_build
tests_unit_check_build_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_build_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(ZLIB_CFLAGS) \
	$(LZMA_CFLAGS) $(ZSTD_CFLAGS) $(LZ4_CFLAGS)
tests_unit_check_build_SOURCES = tests/unit/check_build.c \
	tests/unit/check_build.h tests/unit/check_build_img.c \
	tests/unit/check_build_sim.h tests/unit/check_build_sim.c \
	tests/unit/check_build_pv.c tests/unit/check_build_pvh.c \
	tests/unit/check_build_acpi.c \
	tests/unit/check_build_hvm.c
tests_unit_check_build_LDADD = libxl/libxlbuild.la libxenctrl/libxenctrl.la \
	$(CHECK_LIBS) $(ZLIB_LIBS) $(LZMA_LIBS) $(ZSTD_LIBS) $(LZ4_LIBS) \
	$(BZ2_LIBS)

# A real distribution kernel, when one is cached outside git (else skip).
check_PROGRAMS += tests/unit/check_build_kernel
TESTS += tests/unit/check_build_kernel
tests_unit_check_build_kernel_CPPFLAGS = $(LIBXL_CPPFLAGS)
tests_unit_check_build_kernel_SOURCES = tests/unit/check_build_kernel.c
tests_unit_check_build_kernel_LDADD = libxl/libxlbuild.la \
	libxenctrl/libxenctrl.la

# Benchmark: decompression of a real kernel against liblzma and xz(1).
noinst_PROGRAMS += bench/build_decompress
bench_build_decompress_CPPFLAGS = $(LIBXL_CPPFLAGS)
bench_build_decompress_CFLAGS = $(AM_CFLAGS) $(LZMA_CFLAGS)
bench_build_decompress_SOURCES = bench/build_decompress.c
bench_build_decompress_LDADD = libxl/libxlbuild.la $(LZMA_LIBS)
