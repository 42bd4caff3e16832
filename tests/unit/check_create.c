/*
 * Unit tests of libxl_domain_create_new on the simulator with a real
 * xenstored: what a successful create leaves (domain, xenstore layout,
 * stored config), and that every failure leaves nothing behind (no
 * domain, no xenstore nodes, no stored config) with a message naming the
 * step.  Also parallel creations racing for one name.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_build.h"
#include "libxl.h"
#include "xenstore.h"
#include "simhost.h"

#include <xen/hvm/params.h>

static struct simhost host;
static char kernel[128];
static libxl_ctx *ctx;

static void setup(void)
{
    char err[256];
    uint8_t *img;
    size_t len;

    simhost_start(&host, "check_create");
    img = tk_linux_elf(&len, false, false);
    snprintf(kernel, sizeof(kernel), "%s/vmlinux", host.dir);
    simhost_write_file(kernel, img, len);
    free(img);
    ck_assert_msg(!libxl_ctx_alloc(&ctx, err, sizeof(err)), "%s", err);
}

static void teardown(void)
{
    libxl_ctx_free(ctx);
    simhost_end(&host);
}

static void config(struct libxl_domain_config *dc, const char *name,
                   int64_t memkb)
{
    libxl_domain_config_init(dc);
    dc->c_info.name = strdup(name);
    dc->b_info.kernel = strdup(kernel);
    dc->b_info.cmdline = strdup("console=hvc0");
    dc->b_info.target_memkb = memkb;
    dc->b_info.max_memkb = memkb;
    dc->b_info.max_vcpus = 2;
    dc->b_info.avail_vcpus = 1;
}

static unsigned userdata_count(void)
{
    char path[128];
    struct dirent *e;
    unsigned n = 0;
    DIR *d;

    snprintf(path, sizeof(path), "%s/var/lib/xen", host.dir);
    d = opendir(path);
    if (!d)
        return 0;
    while ((e = readdir(d)))
        if (!strncmp(e->d_name, "userdata-d", 10) &&
            strncmp(e->d_name, "userdata-d.0.", 13))
            n++;
    closedir(d);
    return n;
}

/* Nothing but Domain-0 anywhere. */
static void assert_nothing_left(void)
{
    struct libxl_dominfo *list;
    int n;

    ck_assert_int_eq(libxl_list_domain(ctx, &list, &n), 0);
    ck_assert_int_eq(n, 1);
    ck_assert_uint_eq(list[0].domid, 0);
    libxl_dominfo_list_free(list, n);
    ck_assert_uint_le(simhost_xs_count("/local/domain"), 1);
    ck_assert_uint_eq(simhost_xs_count("/vm"), 0);
    ck_assert_uint_eq(simhost_xs_count("/libxl"), 0);
    ck_assert_uint_eq(userdata_count(), 0);
}

START_TEST(create_pv_then_destroy)
{
    struct libxl_domain_config dc, back;
    struct libxl_dominfo info;
    uint32_t domid, other;
    char *v;

    config(&dc, "guest1", 64 * 1024);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_uint_gt(domid, 0);
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), 0);
    ck_assert(info.paused);
    ck_assert_uint_eq(info.max_memkb, 64 * 1024 + 1024);
    libxl_dominfo_dispose(&info);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "guest1", &other), 0);
    ck_assert_uint_eq(other, domid);
    v = simhost_xs_get(domid, "memory/target");
    ck_assert_str_eq(v, "65536");
    free(v);
    v = simhost_xs_get(domid, "cpu/1/availability");
    ck_assert_str_eq(v, "offline");
    free(v);
    v = simhost_xs_get(domid, "console/type");
    ck_assert_str_eq(v, "xenconsoled");
    free(v);
    v = simhost_xs_get(domid, "store/ring-ref");
    ck_assert_ptr_nonnull(v);
    free(v);
    libxl_domain_config_init(&back);
    ck_assert_int_eq(libxl_retrieve_domain_configuration(ctx, domid, &back),
                     0);
    ck_assert_str_eq(back.c_info.name, "guest1");
    ck_assert_str_eq(back.b_info.kernel, kernel);
    ck_assert_int_eq(back.b_info.max_vcpus, 2);
    ck_assert_int_eq(memcmp(back.c_info.uuid, dc.c_info.uuid, 16), 0);
    libxl_domain_config_dispose(&back);
    ck_assert_uint_eq(userdata_count(), 1);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* A device as a Linux backend leaves it once it has closed: destroy
 * takes the frontend, backend, error and /libxl nodes away. */
START_TEST(destroy_removes_devices)
{
    struct libxl_domain_config dc;
    struct xs_handle *h;
    char fe[128], be[128], lp[128], err[128], p[192];
    uint32_t domid;

    config(&dc, "guest1", 64 * 1024);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    h = xs_open(0);
    ck_assert_ptr_nonnull(h);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/51712", domid);
    snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/51712", domid);
    snprintf(lp, sizeof(lp), "/libxl/%u/device/vbd/51712", domid);
    snprintf(err, sizeof(err), "/local/domain/0/error/backend/vbd/%u/51712"
             "/error", domid);
    snprintf(p, sizeof(p), "%s/state", fe);
    ck_assert(xs_write(h, XBT_NULL, p, "6", 1));
    snprintf(p, sizeof(p), "%s/state", be);
    ck_assert(xs_write(h, XBT_NULL, p, "6", 1));
    ck_assert(xs_write(h, XBT_NULL, err, "x", 1));
    snprintf(p, sizeof(p), "%s/backend", lp);
    ck_assert(xs_write(h, XBT_NULL, p, be, strlen(be)));
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/backend"), 0);
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/error"), 0);
    xs_close(h);
    libxl_domain_config_dispose(&dc);
}
END_TEST

static unsigned cache_entries(void)
{
    char path[128];
    struct dirent *e;
    unsigned n = 0;
    DIR *d;

    snprintf(path, sizeof(path), "%s/var/lib/xen/kernel-cache", host.dir);
    d = opendir(path);
    if (!d)
        return 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

START_TEST(compressed_kernel_is_cached)
{
    struct libxl_domain_config dc;
    uint8_t *elf, *xz, *bz;
    size_t elen, xlen, blen;
    char path[128];
    uint32_t domid;
    int i;

    elf = tk_linux_elf(&elen, false, false);
    xz = tk_compress(BUILD_CODEC_XZ, elf, elen, &xlen);
    bz = tk_bzimage(xz, xlen, (uint32_t)elen, &blen);
    snprintf(path, sizeof(path), "%s/bzImage", host.dir);
    simhost_write_file(path, bz, blen);
    for (i = 0; i < 3; i++) {
        if (i == 2) {
            /* Rewritten (same bytes): the old entry must not be used. */
            sleep(1);
            simhost_write_file(path, bz, blen);
        }
        config(&dc, "cached", 32 * 1024);
        free(dc.b_info.kernel);
        dc.b_info.kernel = strdup(path);
        ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                      libxl_errmsg(ctx));
        ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
        libxl_domain_config_dispose(&dc);
        ck_assert_uint_eq(cache_entries(), i < 2 ? 1 : 2);
    }
    assert_nothing_left();
    free(elf);
    free(xz);
    free(bz);
}
END_TEST

/* A create that must fail in step `step`, leaving nothing. */
static void expect_failure(struct libxl_domain_config *dc, const char *step)
{
    uint32_t domid = 0;
    int rc = libxl_domain_create_new(ctx, dc, &domid);

    ck_assert_int_lt(rc, 0);
    ck_assert_msg(strstr(libxl_errmsg(ctx), step), "[%s] lacks [%s]",
                  libxl_errmsg(ctx), step);
    assert_nothing_left();
}

START_TEST(missing_kernel_leaves_nothing)
{
    struct libxl_domain_config dc;

    config(&dc, "nokernel", 64 * 1024);
    free(dc.b_info.kernel);
    dc.b_info.kernel = strdup("/nonexistent/vmlinuz");
    expect_failure(&dc, "read kernel and ramdisk");
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "/nonexistent/vmlinuz"));
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(corrupt_kernel_leaves_nothing)
{
    struct libxl_domain_config dc;
    char path[128];

    snprintf(path, sizeof(path), "%s/garbage", host.dir);
    simhost_write_file(path, "\177ELF but not really a kernel", 29);
    config(&dc, "corrupt", 64 * 1024);
    free(dc.b_info.kernel);
    dc.b_info.kernel = strdup(path);
    expect_failure(&dc, "build");
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(broken_ramdisk_leaves_nothing)
{
    struct libxl_domain_config dc;

    config(&dc, "noramdisk", 64 * 1024);
    dc.b_info.ramdisk = strdup("/nonexistent/initrd");
    expect_failure(&dc, "ramdisk");
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(too_much_memory_leaves_nothing)
{
    struct libxl_domain_config dc;

    /* More than the simulated host has. */
    config(&dc, "huge", (int64_t)1 << 40);
    expect_failure(&dc, "cannot create domain 'huge'");
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* An HVM config: our test loader and BIOS, the fake device model. */
static void hvm_config(struct libxl_domain_config *dc, const char *name)
{
    struct tk_spec ls = { .is32 = true, .paddr = 0x100000,
                          .vaddr = 0x100000, .filesz = 0x2000,
                          .memsz = 0x3000, .entry = 0x100040,
                          .where = TK_NOTES_NONE };
    char path[256];
    uint8_t *img;
    size_t len;

    config(dc, name, 64 * 1024);
    dc->c_info.type = LIBXL_DOMAIN_TYPE_HVM;
    img = tk_make_elf(&ls, &len);
    snprintf(path, sizeof(path), "%s/hvmloader", host.dir);
    simhost_write_file(path, img, len);
    free(img);
    dc->b_info.firmware = strdup(path);
    snprintf(path, sizeof(path), "%s/bios.bin", host.dir);
    simhost_write_file(path, "a BIOS image of 27 bytes...", 27);
    dc->b_info.system_firmware = strdup(path);
    snprintf(path, sizeof(path), "%s/tests/unit/fake-qemu",
             simhost_builddir());
    dc->b_info.device_model = strdup(path);
    free(dc->b_info.cmdline);
    dc->b_info.cmdline = strdup("console=ttyS0");
    dc->b_info.serial_list = calloc(2, sizeof(char *));
    dc->b_info.serial_list[0] = strdup("pty");
    dc->b_info.vga = strdup("none");
    dc->b_info.vnc_enable.val = LIBXL_DEFBOOL_FALSE;
}

/* An HVM param of the domain as the sim holds it. */
static uint64_t hvm_param(uint32_t domid, int param)
{
    xc_interface *xch = xc_interface_open(0);
    uint64_t v = 0;

    ck_assert_ptr_nonnull(xch);
    ck_assert_int_eq(xc_hvm_param_get(xch, domid, param, &v), 0);
    xc_interface_close(xch);
    return v;
}

/* The fake device model's command line, one argument a line. */
static char *dm_args(uint32_t domid)
{
    static char buf[8192];
    char path[128];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/fake-qemu-%u.args", host.dir, domid);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s", path);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void assert_in(const char *hay, const char *needle)
{
    ck_assert_msg(strstr(hay, needle) != NULL, "[%s] lacks [%s]", hay,
                  needle);
}

START_TEST(hvm_create_then_destroy)
{
    struct libxl_domain_config dc;
    struct libxl_dominfo info;
    struct xs_handle *h;
    char *v, *args, want[512], sockpath[256];
    uint32_t domid = 0;
    unsigned len;
    long pid;

    hvm_config(&dc, "hvm1");
    dc.b_info.timer_mode = LIBXL_TIMER_MODE_ONE_MISSED_TICK_PENDING;
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_info(ctx, domid, &info), 0);
    ck_assert(info.hvm);
    ck_assert_uint_eq(hvm_param(domid, HVM_PARAM_TIMER_MODE),
                      HVMPTM_one_missed_tick_pending);
    ck_assert_uint_eq(hvm_param(domid, HVM_PARAM_HPET_ENABLED), 1);
    ck_assert(info.paused);
    h = xs_open(0);
    ck_assert_ptr_nonnull(h);
    snprintf(want, sizeof(want), "/local/domain/0/device-model/%u/state",
             domid);
    v = xs_read(h, XBT_NULL, want, &len);
    ck_assert_str_eq(v, "running");
    free(v);
    snprintf(want, sizeof(want), "/libxl/%u/type", domid);
    v = xs_read(h, XBT_NULL, want, &len);
    ck_assert_str_eq(v, "hvm");
    free(v);
    xs_close(h);
    v = simhost_xs_get(domid, "hvmloader/bios");
    ck_assert_str_eq(v, "seabios");
    free(v);
    v = simhost_xs_get(domid, "platform/acpi");
    ck_assert_str_eq(v, "1");
    free(v);
    v = simhost_xs_get(domid, "serial/0/tty");
    ck_assert_str_eq(v, "/dev/pts/42");
    free(v);
    v = simhost_xs_get(domid, "image/device-model-pid");
    ck_assert_ptr_nonnull(v);
    pid = strtol(v, NULL, 10);
    free(v);
    ck_assert_int_eq(kill((pid_t)pid, 0), 0);

    args = dm_args(domid);
    snprintf(want, sizeof(want), "\n-xen-domid\n%u\n-no-shutdown\n", domid);
    assert_in(args, want);
    snprintf(sockpath, sizeof(sockpath), "%s/run/xen/qmp-libxl-%u", host.dir,
             domid);
    snprintf(want, sizeof(want), "-chardev\nsocket,id=libxl-cmd,path=%s,"
             "server=on,wait=off\n-mon\nchardev=libxl-cmd,mode=control\n",
             sockpath);
    assert_in(args, want);
    assert_in(args, "\n-nodefaults\n-no-user-config\n-name\nhvm1\n"
              "-vnc\nnone\n-display\nnone\n");
    snprintf(want, sizeof(want), "\n-kernel\n%s\n-append\nconsole=ttyS0\n"
             "-serial\npty\n", kernel);
    assert_in(args, want);
    assert_in(args, "\n-smp\n1,maxcpus=2\n-net\nnone\n-machine\n"
              "xenfv,suppress-vmdesc=on\n-m\n64\n");
    ck_assert_ptr_null(strstr(args, "vga"));
    ck_assert_int_eq(access(sockpath, F_OK), 0);
    ck_assert_msg(!libxl_qemu_monitor_command(ctx, domid, "info status",
                                              &v), "%s", libxl_errmsg(ctx));
    snprintf(want, sizeof(want), "fake %u: info status\r\n", domid);
    ck_assert_str_eq(v, want);
    free(v);
    ck_assert_int_eq(libxl_qemu_monitor_command(ctx, 0, "info status", &v),
                     -ENOENT);
    ck_assert_str_eq(libxl_errmsg(ctx), "domain 0 has no device model");

    ck_assert_msg(!libxl_domain_destroy(ctx, domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_int_eq(kill((pid_t)pid, 0), -1);
    ck_assert_int_eq(errno, ESRCH);
    ck_assert_int_ne(access(sockpath, F_OK), 0);
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/device-model"), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(hvm_dm_failure_leaves_nothing)
{
    struct libxl_domain_config dc;
    char want[512];

    hvm_config(&dc, "hvmfail");
    setenv("FAKE_QEMU_FAIL", "1", 1);
    snprintf(want, sizeof(want), "start device model: device model '%s' "
             "exited with status 1 before it started (log %s/var/log/xen/"
             "qemu-dm-hvmfail.log): fake-qemu: starting domain 1 | "
             "fake-qemu: cannot initialise the machine",
             dc.b_info.device_model, host.dir);
    expect_failure(&dc, want);
    unsetenv("FAKE_QEMU_FAIL");
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/device-model"), 0);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(hvm_config_errors_leave_nothing)
{
    struct libxl_domain_config dc;

    hvm_config(&dc, "hvmnodm");
    free(dc.b_info.device_model);
    dc.b_info.device_model = strdup("/nonexistent/qemu");
    expect_failure(&dc, "start device model: device model "
                   "'/nonexistent/qemu' is not executable: No such file");
    libxl_domain_config_dispose(&dc);

    hvm_config(&dc, "hvmrom");
    dc.b_info.bios = strdup("rombios");
    expect_failure(&dc, "check config: bios=\"rombios\" needs the "
                   "traditional device model");
    libxl_domain_config_dispose(&dc);

    hvm_config(&dc, "hvmpod");
    dc.b_info.target_memkb = 32 * 1024;
    expect_failure(&dc, "populate on demand");
    libxl_domain_config_dispose(&dc);

    hvm_config(&dc, "hvmloader");
    free(dc.b_info.firmware);
    dc.b_info.firmware = strdup(kernel);
    expect_failure(&dc, "build: firmware loader: ELF image is not 32-bit");
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* The domain's CPUID leaf (subleaf none) and MSR as the sim holds them. */
static void policy_of(uint32_t domid, uint32_t leaf, struct xc_cpuid_leaf *l,
                      uint32_t msr, uint64_t *val)
{
    struct xc_cpuid_leaf leaves[64];
    struct xc_msr_entry msrs[16];
    uint32_t nl = 64, nm = 16, i;
    xc_interface *xch = xc_interface_open(0);

    ck_assert_ptr_nonnull(xch);
    ck_assert_int_eq(xc_get_domain_cpu_policy(xch, domid, &nl, leaves, &nm,
                                              msrs), 0);
    xc_interface_close(xch);
    memset(l, 0, sizeof(*l));
    for (i = 0; i < nl; i++)
        if (leaves[i].leaf == leaf && leaves[i].subleaf == ~0U)
            *l = leaves[i];
    ck_assert_uint_eq(l->leaf, leaf);
    for (i = 0; i < nm; i++)
        if (msrs[i].idx == msr)
            *val = msrs[i].val;
}

static char **strv(const char *a, const char *b, const char *c)
{
    char **v = calloc(4, sizeof(*v));

    v[0] = strdup(a);
    v[1] = b ? strdup(b) : NULL;
    v[2] = b && c ? strdup(c) : NULL;
    return v;
}

/* cpuid= in both forms (multi-bit fields, 'k' = the host's bit, MSR
 * masks), and a restart from the stored config (stored in the list form
 * when a field has no single-bit name), as Xen 4.17 applies them. */
START_TEST(cpuid_forms_and_restart)
{
    struct libxl_domain_config dc, back;
    struct xc_cpuid_leaf l;
    uint64_t msr = 0;
    uint32_t domid, d2;
    char mask[65];

    config(&dc, "cpu", 32 * 1024);
    dc.b_info.cpuid = strv("host", "family=0x1f", "abm=k");
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    policy_of(domid, 1, &l, 0, &msr);
    ck_assert_uint_eq((l.a >> 8) & 0xf, 0xf);     /* base family */
    ck_assert_uint_eq((l.a >> 20) & 0xff, 0x10);  /* extended family */
    ck_assert_uint_eq(l.a & 0xff, 0xea);          /* model kept */
    policy_of(domid, 0x80000001, &l, 0, &msr);
    ck_assert_uint_eq(l.c, 0x21);                 /* abm from the host */
    /* What the monitor does on on_reboot="restart". */
    libxl_domain_config_init(&back);
    ck_assert_int_eq(libxl_retrieve_domain_configuration(ctx, domid, &back),
                     0);
    ck_assert_int_eq(back.b_info.cpuid_xend, 1);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    ck_assert_msg(!libxl_domain_create_new(ctx, &back, &d2), "%s",
                  libxl_errmsg(ctx));
    policy_of(d2, 1, &l, 0, &msr);
    ck_assert_uint_eq((l.a >> 20) & 0xff, 0x10);
    policy_of(d2, 0x80000001, &l, 0, &msr);
    ck_assert_uint_eq(l.c, 0x21);
    ck_assert_int_eq(libxl_domain_destroy(ctx, d2), 0);
    libxl_domain_config_dispose(&back);
    libxl_domain_config_dispose(&dc);

    /* The list form: a leaf mask and an MSR mask ('k': host's bit 31). */
    memset(mask, 'x', 64);
    mask[64] = 0;
    mask[63 - 31] = 'k';
    config(&dc, "cpu", 32 * 1024);
    dc.b_info.cpuid_xend = 1;
    dc.b_info.cpuid = strv("0x80000001:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0,"
                           "edx=xxxx0xxxxxxxxxxxxxxxxxxxxxxxxxxx", NULL, NULL);
    dc.b_info.cpuid[1] = malloc(80);
    snprintf(dc.b_info.cpuid[1], 80, "msr:0xce=%s", mask);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    policy_of(domid, 0x80000001, &l, 0xce, &msr);
    ck_assert_uint_eq(l.c, 0);                    /* lahfsahf cleared */
    ck_assert_uint_eq(l.d, 0x2c100800 & ~(1u << 27));  /* rdtscp */
    ck_assert_uint_eq(msr, 1ULL << 31);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    libxl_domain_config_dispose(&dc);

    /* A leaf the domain's policy lacks: one message, nothing left. */
    config(&dc, "cpu", 32 * 1024);
    dc.b_info.cpuid_xend = 1;
    dc.b_info.cpuid = strv("0x00000007,0:ebx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
                           NULL, NULL);
    expect_failure(&dc, "cpuid: leaf 0x7 subleaf 0 is not in this "
                   "domain's policy");
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(name_taken)
{
    struct libxl_domain_config a, b;
    uint32_t d1, d2;

    config(&a, "same", 32 * 1024);
    config(&b, "same", 32 * 1024);
    ck_assert_int_eq(libxl_domain_create_new(ctx, &a, &d1), 0);
    ck_assert_int_eq(libxl_domain_create_new(ctx, &b, &d2), -EEXIST);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "already exists"));
    ck_assert_int_eq(libxl_domain_destroy(ctx, d1), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&a);
    libxl_domain_config_dispose(&b);
}
END_TEST

/* With the name index (made by libxl_dom0_init, as at boot): lookups,
 * uniqueness, rename and destroy keep it right; stale entries read as
 * absent. */
START_TEST(name_index)
{
    struct libxl_domain_config a, b;
    struct xs_handle *h;
    uint32_t d1, d2, other;
    unsigned len;
    char *v, id[16];

    ck_assert_int_eq(libxl_dom0_init(ctx, NULL), 0);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "Domain-0", &other), 0);
    ck_assert_uint_eq(other, 0);
    config(&a, "web.1 x-y", 16 * 1024);
    config(&b, "web.1 x-y", 16 * 1024);
    ck_assert_int_eq(libxl_domain_create_new(ctx, &a, &d1), 0);
    h = xs_open(0);
    ck_assert_ptr_nonnull(h);
    v = xs_read(h, XBT_NULL, "/libxl/names/web-2e1-20x-2dy", &len);
    ck_assert_ptr_nonnull(v);
    ck_assert_uint_eq(strtoul(v, NULL, 10), d1);
    free(v);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "web.1 x-y", &other), 0);
    ck_assert_uint_eq(other, d1);
    ck_assert_int_eq(libxl_domain_create_new(ctx, &b, &d2), -EEXIST);
    /* Rename moves the entry. */
    ck_assert_int_eq(libxl_domain_rename(ctx, d1, "renamed"), 0);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "web.1 x-y", &other), -ESRCH);
    ck_assert_int_eq(libxl_name_to_domid(ctx, "renamed", &other), 0);
    ck_assert_uint_eq(other, d1);
    /* Stale entries: a dead domid, a domain now called otherwise. */
    ck_assert(xs_write(h, XBT_NULL, "/libxl/names/ghost", "77", 2));
    ck_assert_int_eq(libxl_name_to_domid(ctx, "ghost", &other), -ESRCH);
    ck_assert(xs_write(h, XBT_NULL, "/libxl/names/alias", "0", 1));
    ck_assert_int_eq(libxl_name_to_domid(ctx, "alias", &other), -ESRCH);
    /* A domain in no index (another toolstack made it) is still found. */
    ck_assert(xs_rm(h, XBT_NULL, "/libxl/names/renamed"));
    ck_assert_int_eq(libxl_name_to_domid(ctx, "renamed", &other), 0);
    ck_assert_uint_eq(other, d1);
    snprintf(id, sizeof(id), "%u", d1);
    ck_assert(xs_write(h, XBT_NULL, "/libxl/names/renamed", id,
                       strlen(id)));
    /* Destroy removes the entry; the name is free again. */
    ck_assert_int_eq(libxl_domain_destroy(ctx, d1), 0);
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/libxl/names/renamed", &len));
    ck_assert_int_eq(libxl_domain_create_new(ctx, &b, &d2), 0);
    ck_assert_int_eq(libxl_domain_destroy(ctx, d2), 0);
    ck_assert_ptr_null(xs_read(h, XBT_NULL, "/libxl/names/web-2e1-20x-2dy",
                               &len));
    xs_close(h);
    libxl_domain_config_dispose(&a);
    libxl_domain_config_dispose(&b);
}
END_TEST

/* n processes create at once; names[i] or one shared name. */
static int race(int n, bool shared)
{
    pid_t pids[16];
    int i, st, ok = 0;

    for (i = 0; i < n; i++) {
        pids[i] = fork();
        ck_assert_int_ge(pids[i], 0);
        if (pids[i] == 0) {
            struct libxl_domain_config dc;
            libxl_ctx *c;
            char name[32];
            uint32_t domid;

            snprintf(name, sizeof(name), shared ? "racer" : "racer%d", i);
            if (libxl_ctx_alloc(&c, NULL, 0))
                _exit(2);
            config(&dc, name, 16 * 1024);
            _exit(libxl_domain_create_new(c, &dc, &domid) ? 1 : 0);
        }
    }
    for (i = 0; i < n; i++) {
        ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
        ck_assert(WIFEXITED(st));
        ck_assert_int_ne(WEXITSTATUS(st), 2);
        ok += WEXITSTATUS(st) == 0;
    }
    return ok;
}

START_TEST(parallel_creates)
{
    struct libxl_dominfo *list;
    int n, i;

    ck_assert_int_eq(race(6, true), 1);
    ck_assert_int_eq(race(6, false), 6);
    ck_assert_int_eq(libxl_list_domain(ctx, &list, &n), 0);
    ck_assert_int_eq(n, 1 + 1 + 6);
    for (i = 1; i < n; i++)
        ck_assert_int_eq(libxl_domain_destroy(ctx, list[i].domid), 0);
    libxl_dominfo_list_free(list, n);
    assert_nothing_left();
}
END_TEST

static Suite *create_suite(void)
{
    Suite *s = suite_create("libxl create");
    TCase *tc = tcase_create("create");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, create_pv_then_destroy);
    tcase_add_test(tc, destroy_removes_devices);
    tcase_add_test(tc, missing_kernel_leaves_nothing);
    tcase_add_test(tc, corrupt_kernel_leaves_nothing);
    tcase_add_test(tc, broken_ramdisk_leaves_nothing);
    tcase_add_test(tc, too_much_memory_leaves_nothing);
    tcase_add_test(tc, hvm_create_then_destroy);
    tcase_add_test(tc, hvm_dm_failure_leaves_nothing);
    tcase_add_test(tc, hvm_config_errors_leave_nothing);
    tcase_add_test(tc, name_taken);
    tcase_add_test(tc, cpuid_forms_and_restart);
    tcase_add_test(tc, name_index);
    tcase_add_test(tc, parallel_creates);
    tcase_add_test(tc, compressed_kernel_is_cached);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(create_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
