/*
 * libxl: cache of unpacked guest kernels.  Distribution kernels are
 * compressed bzImages (Debian's: XZ) and unpacking one is most of the
 * time of a create on a slow CPU; the ELF inside is kept in
 * <lib dir>/kernel-cache/, keyed by the file's identity (device, inode,
 * size, mtime and ctime, so any rewrite of the file misses), and mapped
 * read-only by the next creations of that kernel.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build_api.h"
#include "create_internal.h"

#define CACHE_MAX_ENTRIES 4

static char *cache_dir(libxl__gc *gc)
{
    return libxl__sprintf(gc, "%s/kernel-cache", libxl_lib_dir(gc->ctx));
}

static char *entry_path(libxl__gc *gc, const struct stat *st)
{
    return libxl__sprintf(gc, "%s/%" PRIx64 "-%" PRIx64 "-%" PRIx64
                          "-%lld.%09ld-%lld.%09ld.elf", cache_dir(gc),
                          (uint64_t)st->st_dev, (uint64_t)st->st_ino,
                          (uint64_t)st->st_size,
                          (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                          (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

/* Map a cache entry; 0, or -ENOENT on a miss. */
static int map_entry(const char *path, void **buf, size_t *len)
{
    struct stat st;
    void *p;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) || st.st_size < 64) {
        close(fd);
        return -ENOENT;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return -ENOENT;
    *buf = p;
    *len = (size_t)st.st_size;
    return 0;
}

/* Keep the newest entries only. */
static void trim(libxl__gc *gc)
{
    char *dir = cache_dir(gc), *oldest = NULL;
    struct timespec old = { 0, 0 };
    struct dirent *e;
    struct stat st;
    int n = 0;
    DIR *d = opendir(dir);

    if (!d)
        return;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &st, 0))
            continue;
        n++;
        if (!oldest || st.st_mtim.tv_sec < old.tv_sec ||
            (st.st_mtim.tv_sec == old.tv_sec &&
             st.st_mtim.tv_nsec < old.tv_nsec)) {
            oldest = libxl__strdup(gc, e->d_name);
            old = st.st_mtim;
        }
    }
    if (n > CACHE_MAX_ENTRIES && oldest)
        unlinkat(dirfd(d), oldest, 0);
    closedir(d);
}

/* Store an unpacked ELF (best effort: a failure only costs speed). */
static void store(libxl__gc *gc, const char *path, const void *elf,
                  size_t len)
{
    char *tmp = libxl__sprintf(gc, "%s.%ld.tmp", path, (long)getpid());
    FILE *f;

    if (libxl__make_dirs(cache_dir(gc)))
        return;
    f = fopen(tmp, "w");
    if (!f)
        return;
    if (fwrite(elf, 1, len, f) != len) {
        fclose(f);
        unlink(tmp);
        return;
    }
    if (fclose(f) || rename(tmp, path))
        unlink(tmp);
    trim(gc);
}

int libxl__kernel_load(struct libxl__create *cs, const char *file)
{
    libxl_ctx *ctx = cs->gc->ctx;
    struct build_kernel k;
    struct build_err err;
    struct stat st;
    char *entry;
    int rc;

    if (stat(file, &st))
        return libxl__seterr(ctx, -errno, "kernel: cannot open '%s': %s",
                             file, strerror(errno));
    entry = entry_path(cs->gc, &st);
    if (!map_entry(entry, &cs->kernel_map, &cs->kernel_size)) {
        cs->kernel = NULL;
        return 0;
    }
    rc = build_read_file(file, BUILD_DECOMPRESS_MAX, &cs->kernel,
                         &cs->kernel_size, &err);
    if (rc)
        return libxl__seterr(ctx, rc, "kernel: %s", err.msg);
    /*
     * Unpack now: a compressed kernel is kept unpacked for next time.
     * A kernel that does not unpack is left to the builder, which says
     * why in the build step.
     */
    if (build_kernel_unpack(cs->kernel, cs->kernel_size, &k, &err))
        return 0;
    if (k.owned) {
        store(cs->gc, entry, k.elf, k.elf_size);
        free(cs->kernel);
        cs->kernel = k.owned;            /* the ELF, at offset 0 */
        cs->kernel_size = k.elf_size;
        k.owned = NULL;
    }
    build_kernel_dispose(&k);
    return 0;
}
