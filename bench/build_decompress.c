/*
 * bench: kernel decompression of the domain builder (libxl/build_*.c)
 * on a real kernel, against references measured in the same run: a
 * plain one-call liblzma decode (xz payloads) and the xz(1) command.
 * Usage: build_decompress [kernel] (default $XEN_KERNEL, then
 * tests/e2e/cache/vmlinuz).  Prints seconds (best of N) and ratios.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lzma.h>

#include "build_api.h"

#define RUNS 5

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double best_ours(const void *buf, size_t len, size_t *out)
{
    double best = 1e9, t;
    struct build_kernel k;
    struct build_err err;
    int i;

    for (i = 0; i < RUNS; i++) {
        t = now();
        if (build_kernel_unpack(buf, len, &k, &err)) {
            fprintf(stderr, "build_decompress: %s\n", err.msg);
            exit(EXIT_FAILURE);
        }
        t = now() - t;
        *out = k.elf_size;
        build_kernel_dispose(&k);
        if (t < best)
            best = t;
    }
    return best;
}

/* The bzImage payload (without its size trailer), or NULL. */
static const uint8_t *payload(const uint8_t *p, size_t len, size_t *plen,
                              uint32_t *usize)
{
    size_t off;

    if (len < 0x250 || memcmp(p + 0x202, "HdrS", 4))
        return NULL;
    off = (size_t)((p[0x1f1] ? p[0x1f1] : 4) + 1) * 512 +
          (p[0x248] | p[0x249] << 8 | p[0x24a] << 16 | (uint32_t)p[0x24b]
                                                           << 24);
    *plen = p[0x24c] | p[0x24d] << 8 | p[0x24e] << 16 |
            (uint32_t)p[0x24f] << 24;
    if (off > len || *plen > len - off || *plen < 8)
        return NULL;
    memcpy(usize, p + off + *plen - 4, 4);
    *plen -= 4;
    return p + off;
}

static double best_liblzma(const uint8_t *in, size_t len, size_t usize)
{
    double best = 1e9, t;
    uint64_t memlimit = UINT64_MAX;
    size_t ip, op;
    uint8_t *out;
    int i;

    for (i = 0; i < RUNS; i++) {
        t = now();
        out = malloc(usize);
        ip = op = 0;
        if (!out || lzma_stream_buffer_decode(&memlimit, 0, NULL, in, &ip,
                                              len, out, &op, usize) !=
                        LZMA_OK)
            return -1;
        free(out);
        t = now() - t;
        if (t < best)
            best = t;
    }
    return best;
}

static double best_xz_cmd(const uint8_t *in, size_t len)
{
    char path[] = "/tmp/build_decompress_XXXXXX", cmd[128];
    double best = 1e9, t;
    int fd = mkstemp(path), i, ok = 1;

    if (fd < 0 || write(fd, in, len) != (ssize_t)len)
        ok = 0;
    if (fd >= 0)
        close(fd);
    snprintf(cmd, sizeof(cmd), "xz -dc %s >/dev/null 2>&1", path);
    for (i = 0; ok && i < RUNS; i++) {
        t = now();
        ok = system(cmd) == 0;
        t = now() - t;
        if (t < best)
            best = t;
    }
    unlink(path);
    return ok ? best : -1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : getenv("XEN_KERNEL");
    const uint8_t *pl;
    struct build_err err;
    double ours, ref;
    size_t len, plen, out;
    uint32_t usize;
    void *buf;

    if (!path || !*path)
        path = "tests/e2e/cache/vmlinuz";
    if (build_read_file(path, BUILD_DECOMPRESS_MAX, &buf, &len, &err)) {
        fprintf(stderr, "build_decompress: %s (give a kernel path)\n",
                err.msg);
        return EXIT_FAILURE;
    }
    ours = best_ours(buf, len, &out);
    printf("%s: %zu -> %zu bytes\n", path, len, out);
    printf("builder (build_kernel_unpack): %.3f s  %.0f MB/s\n", ours,
           out / ours / 1e6);
    pl = payload(buf, len, &plen, &usize);
    if (pl && build_codec_detect(pl, plen) == BUILD_CODEC_XZ) {
        ref = best_liblzma(pl, plen, usize);
        if (ref > 0)
            printf("liblzma one-call decode:       %.3f s  ratio %.2f\n",
                   ref, ours / ref);
        ref = best_xz_cmd(pl, plen);
        if (ref > 0)
            printf("xz -dc (to /dev/null):         %.3f s  ratio %.2f\n",
                   ref, ours / ref);
    }
    free(buf);
    return EXIT_SUCCESS;
}
