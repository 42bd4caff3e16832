/*
 * libxl bootloader runner: what the bootloader leaves behind.  Parses the
 * "simple0" output (NUL-terminated "kernel PATH", "ramdisk PATH", "args
 * CMDLINE" items, Xen 4.17's libxl format) strictly: anything else is
 * garbage, and the files must be regular files inside the output
 * directory.  Removes the output directory tree afterwards.
 */
#include "config.h"

#include "bootloader.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A printable rendering of at most 60 bytes of s (for messages). */
static void show(const char *s, size_t len, char *out, size_t outlen)
{
    size_t i, o = 0;

    for (i = 0; i < len && i < 60 && o + 5 < outlen; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
    }
    if (i < len && o + 4 < outlen)
        o += (size_t)snprintf(out + o, outlen - o, "...");
    out[o < outlen ? o : outlen - 1] = '\0';
}

/* The value after "key" and white space, or NULL if item is not key. */
static const char *value_of(const char *item, const char *key)
{
    size_t n = strlen(key);

    if (strncmp(item, key, n) || (item[n] != ' ' && item[n] != '\t'))
        return NULL;
    item += n;
    while (*item == ' ' || *item == '\t')
        item++;
    return item;
}

static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 && *s != '\t')
            return false;
        else if ((unsigned char)*s == 0x7f)
            return false;
    return true;
}

/* A file the bootloader named: a regular file inside outdir. */
static int check_file(const char *what, const char *path, const char *outdir,
                      char **dst, char *err, size_t errlen)
{
    char real[PATH_MAX], dir[PATH_MAX];
    struct stat st;
    size_t n;

    if (!realpath(outdir, dir))
        return snprintf(err, errlen, "output directory '%s': %s", outdir,
                        strerror(errno)), -ENOENT;
    if (!realpath(path, real) || lstat(real, &st))
        return snprintf(err, errlen, "the bootloader named %s '%s', which "
                        "does not exist", what, path), -ENOENT;
    n = strlen(dir);
    if (strncmp(real, dir, n) || real[n] != '/')
        return snprintf(err, errlen, "the bootloader named %s '%s', "
                        "outside its output directory '%s'", what, path,
                        outdir), -EINVAL;
    if (!S_ISREG(st.st_mode))
        return snprintf(err, errlen, "the bootloader's %s '%s' is not a "
                        "regular file", what, path), -EINVAL;
    free(*dst);
    *dst = strdup(real);
    return *dst ? 0 : -ENOMEM;
}

int libxl__boot_parse(const char *buf, size_t len,
                      struct libxl__boot_res *res, char *err, size_t errlen)
{
    size_t off = 0;
    char shown[400];
    int rc;

    if (len && buf[len - 1] != '\0') {
        show(buf, len, shown, sizeof(shown));
        snprintf(err, errlen, "bootloader output is not in the simple0 "
                 "format (items end with NUL): '%s'", shown);
        return -EINVAL;
    }
    while (off < len) {
        const char *item = buf + off, *v;
        size_t n = strlen(item);

        off += n + 1;
        if (!n)
            continue;
        if (!printable(item))
            v = NULL;
        else if ((v = value_of(item, "kernel"))) {
            rc = check_file("kernel", v, res->outdir, &res->kernel, err,
                            errlen);
            if (rc)
                return rc;
            continue;
        } else if ((v = value_of(item, "ramdisk"))) {
            rc = check_file("ramdisk", v, res->outdir, &res->ramdisk, err,
                            errlen);
            if (rc)
                return rc;
            continue;
        } else if ((v = value_of(item, "args"))) {
            free(res->cmdline);
            res->cmdline = strdup(v);
            if (!res->cmdline)
                return -ENOMEM;
            continue;
        }
        show(item, n, shown, sizeof(shown));
        snprintf(err, errlen, "unexpected item in the bootloader's output: "
                 "'%s' (expected kernel, ramdisk or args)", shown);
        return -EINVAL;
    }
    if (!res->kernel) {
        snprintf(err, errlen, "the bootloader's output names no kernel");
        return -EINVAL;
    }
    return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void libxl__boot_remove_tree(const char *path)
{
    struct stat st;

    if (!path || lstat(path, &st))
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}
