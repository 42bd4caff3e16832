/*
 * Unit tests of disks (vbd) on the simulator with a real xenstored, the
 * simulated Dom0 backends (xensim-backend) and the simulated guest
 * kernel's frontends: every disk spec form acted on (backend and
 * frontend nodes, permissions, loop devices), the handshake to
 * Connected, attach / detach / list / getinfo on a running guest,
 * script=, and every error leaving nothing behind (no domain, no
 * xenstore nodes, no loop device).
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config_internal.h"
#include "libxl.h"
#include "libxl_disk.h"
#include "xenstore.h"
#include "simhost.h"

static struct simhost host;
static char kernel[128], img[128], img2[128];
static pid_t backend_pid = -1;
static libxl_ctx *ctx;
static struct xs_handle *xsh;

static void make_file(const char *path, size_t size)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(ftruncate(fileno(f), (off_t)size), 0);
    ck_assert_int_eq(fclose(f), 0);
}

static void setup(void)
{
    char cmd[512], err[256], bbin[512];

    simhost_start(&host, "check_vbd");
    xsh = xs_open(0);
    ck_assert_ptr_nonnull(xsh);
    snprintf(bbin, sizeof(bbin), "%s/tools/xensim-backend",
             simhost_builddir());
    backend_pid = simhost_spawn(bbin, (char *const[]){ bbin, NULL }, NULL);
    snprintf(kernel, sizeof(kernel), "%s/vmlinuz", host.dir);
    snprintf(cmd, sizeof(cmd), "%s/libxenctrl/xensim mkkernel %s",
             simhost_builddir(), kernel);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(img, sizeof(img), "%s/disk.img", host.dir);
    snprintf(img2, sizeof(img2), "%s/disk2.img", host.dir);
    make_file(img, 1 << 20);
    make_file(img2, 2 << 20);
    ck_assert_msg(!libxl_ctx_alloc(&ctx, err, sizeof(err)), "%s", err);
}

static void teardown(void)
{
    libxl_ctx_free(ctx);
    xs_close(xsh);
    xsh = NULL;
    simhost_stop(&backend_pid);
    simhost_end(&host);
}

/* A PV config of the simulated kernel with the given disk specs. */
static void config(struct libxl_domain_config *dc, const char *const *specs)
{
    char *err = NULL;
    int n = 0;

    libxl_domain_config_init(dc);
    dc->c_info.name = strdup("g");
    dc->b_info.kernel = strdup(kernel);
    dc->b_info.cmdline = strdup("console=hvc0");
    dc->b_info.target_memkb = dc->b_info.max_memkb = 32 * 1024;
    dc->b_info.max_vcpus = dc->b_info.avail_vcpus = 1;
    while (specs && specs[n])
        n++;
    dc->disks = calloc((size_t)n + 1, sizeof(*dc->disks));
    for (dc->num_disks = 0; dc->num_disks < n; dc->num_disks++) {
        struct libxl_device_disk *d = &dc->disks[dc->num_disks];

        libxl_device_disk_init(d);
        ck_assert_msg(!libxl__parse_disk(d, specs[dc->num_disks], &err),
                      "%s: %s", specs[dc->num_disks], err);
    }
}

static char *rd(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *rd(const char *fmt, ...)
{
    static char val[8][256];
    static int next;
    char path[256], *v;
    unsigned len;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    v = xs_read(xsh, XBT_NULL, path, &len);
    if (!v)
        return NULL;
    next = (next + 1) % 8;
    snprintf(val[next], sizeof(val[next]), "%s", v);
    free(v);
    return val[next];
}

static unsigned loops(void)
{
    char path[128];
    struct dirent *e;
    unsigned n = 0;
    DIR *d;

    snprintf(path, sizeof(path), "%s/dom0-kernel/loop", host.dir);
    d = opendir(path);
    if (!d)
        return 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void assert_nothing_left(void)
{
    struct libxl_dominfo *list;
    int n;

    ck_assert_int_eq(libxl_list_domain(ctx, &list, &n), 0);
    ck_assert_int_eq(n, 1);
    libxl_dominfo_list_free(list, n);
    ck_assert_uint_le(simhost_xs_count("/local/domain"), 1);
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/backend"), 0);
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/error"), 0);
    ck_assert_uint_eq(simhost_xs_count("/vm"), 0);
    ck_assert_uint_eq(simhost_xs_count("/libxl"), 0);
    ck_assert_uint_eq(loops(), 0);
}

/* dir/key (rotating static buffers). */
static const char *path2(const char *d, const char *key)
{
    static char buf[4][256];
    static int next;

    next = (next + 1) % 4;
    snprintf(buf[next], sizeof(buf[next]), "%s/%s", d, key);
    return buf[next];
}

/* Wait up to 30 s until path reads want. */
static int wait_node(const char *path, const char *want)
{
    char *v;
    int i;

    for (i = 0; i < 1500; i++) {
        v = rd("%s", path);
        if (v && !strcmp(v, want))
            return 1;
        usleep(20 * 1000);
    }
    return 0;
}

static void create_fails(const char *const *specs, const char *msg)
{
    struct libxl_domain_config dc;
    uint32_t domid;

    config(&dc, specs);
    ck_assert_int_ne(libxl_domain_create_new(ctx, &dc, &domid), 0);
    ck_assert_str_eq(libxl_errmsg(ctx), msg);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}

START_TEST(file_disk_nodes_and_connect)
{
    struct libxl_domain_config dc;
    struct xs_permissions *p;
    char be[128], fe[128], spec[256];
    const char *specs[] = { spec, NULL };
    unsigned n;
    uint32_t domid;

    snprintf(spec, sizeof(spec), "file:%s,xvda,w", img);
    config(&dc, specs);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/51712", domid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/51712", domid);
    ck_assert_str_eq(rd("%s/params", be), img);
    ck_assert_str_eq(rd("%s/type", be), "phy");
    ck_assert_str_eq(rd("%s/mode", be), "w");
    ck_assert_str_eq(rd("%s/physical-device", be), "7:0");
    ck_assert_str_eq(rd("%s/node", be), "/dev/loop0");
    ck_assert_str_eq(rd("%s/dev", be), "xvda");
    ck_assert_str_eq(rd("%s/device-type", be), "disk");
    ck_assert_str_eq(rd("%s/frontend", be), fe);
    ck_assert_str_eq(rd("%s/frontend-id", be), rd("/local/domain/%u/domid",
                                                  domid));
    ck_assert_str_eq(rd("%s/online", be), "1");
    ck_assert_str_eq(rd("%s/removable", be), "0");
    ck_assert_str_eq(rd("%s/bootable", be), "1");
    ck_assert_str_eq(rd("%s/state", be), "2");
    ck_assert_str_eq(rd("%s/backend", fe), be);
    ck_assert_str_eq(rd("%s/backend-id", fe), "0");
    ck_assert_str_eq(rd("%s/virtual-device", fe), "51712");
    ck_assert_str_eq(rd("%s/device-type", fe), "disk");
    ck_assert_str_eq(rd("%s/state", fe), "1");
    ck_assert_str_eq(rd("/libxl/%u/device/vbd/51712/backend", domid), be);
    ck_assert_uint_eq(loops(), 1);
    /* Backend: Dom0's, the guest reads; frontend: the guest's. */
    p = xs_get_permissions(xsh, XBT_NULL, be, &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(p[0].id, 0);
    ck_assert_uint_eq(p[1].id, domid);
    ck_assert_int_eq(p[1].perms, XS_PERM_READ);
    free(p);
    p = xs_get_permissions(xsh, XBT_NULL, fe, &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p[0].id, domid);
    ck_assert_uint_eq(p[1].id, 0);
    free(p);
    /* The guest boots and its blkfront connects. */
    ck_assert_int_eq(libxl_domain_unpause(ctx, domid), 0);
    ck_assert_msg(wait_node(path2(be, "state"), "4"),
                  "backend state %s", rd("%s/state", be));
    ck_assert_msg(wait_node(path2(fe, "state"), "4"),
                  "frontend state %s", rd("%s/state", fe));
    ck_assert_str_eq(rd("%s/sectors", be), "2048");
    ck_assert_ptr_nonnull(rd("%s/event-channel", fe));
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* Every spec form of xl-disk-configuration(5) we serve, in one guest. */
START_TEST(spec_forms)
{
    static const struct {
        const char *fmt, *vdev, *devid, *mode, *type, *removable;
    } forms[] = {
        { "%s,raw,xvdb,r", "xvdb", "51728", "r", "disk", "0" },
        { "format=raw, vdev=hdc, access=rw, target=%s", "hdc", "5632", "w",
          "disk", "0" },
        { "%s,,sdb3", "sdb3", "2067", "w", "disk", "0" },
        { "vdev=xvdc, devtype=cdrom, target=%s", "xvdc", "51744", "r",
          "cdrom", "1" },
        { "phy:%s,xvdd1,w", "xvdd1", "51761", "w", "disk", "0" },
        { "%s,xvde,ro", "xvde", "51776", "r", "disk", "0" },
        { "%s,xvdq", "xvdq", "268439552", "w", "disk", "0" },
        { "raw:%s,xvdf:cdrom", "xvdf", "51792", "r", "cdrom", "1" },
    };
    enum { N = sizeof(forms) / sizeof(forms[0]) };
    struct libxl_domain_config dc;
    char specs[N][256], be[160];
    const char *sp[N + 1];
    uint32_t domid;
    size_t i;

    for (i = 0; i < N; i++) {
        snprintf(specs[i], sizeof(specs[i]), forms[i].fmt, img);
        sp[i] = specs[i];
    }
    sp[N] = NULL;
    config(&dc, sp);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    for (i = 0; i < N; i++) {
        snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/%s", domid,
                 forms[i].devid);
        ck_assert_msg(rd("%s/dev", be), "%s: no backend", specs[i]);
        ck_assert_str_eq(rd("%s/dev", be), forms[i].vdev);
        ck_assert_str_eq(rd("%s/mode", be), forms[i].mode);
        ck_assert_str_eq(rd("%s/device-type", be), forms[i].type);
        ck_assert_str_eq(rd("%s/removable", be), forms[i].removable);
        ck_assert_str_eq(rd("%s/params", be), img);
        ck_assert_str_eq(rd("/local/domain/%u/device/vbd/%s/virtual-device",
                            domid, forms[i].devid), forms[i].devid);
    }
    ck_assert_uint_eq(loops(), N);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* A host block device goes to blkback as it is (no loop device).  Not
 * a loop device: on the simulator major 7 is the simulated loop driver. */
START_TEST(block_device)
{
    static const char *const cands[] = { "/dev/vda", "/dev/sda",
                                         "/dev/xvda", "/dev/nvme0n1",
                                         "/dev/ram0", "/dev/sr0", NULL };
    struct libxl_domain_config dc;
    char spec[128], want[32];
    const char *specs[] = { spec, NULL };
    struct stat st;
    uint32_t domid;
    int i;

    for (i = 0; cands[i]; i++)
        if (!stat(cands[i], &st) && S_ISBLK(st.st_mode) &&
            major(st.st_rdev) != 7)
            break;
    if (!cands[i])
        return;                          /* no block device to look at */
    snprintf(spec, sizeof(spec), "phy:%s,xvda,r", cands[i]);
    snprintf(want, sizeof(want), "%x:%x", major(st.st_rdev),
             minor(st.st_rdev));
    config(&dc, specs);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_str_eq(rd("/local/domain/0/backend/vbd/%u/51712/"
                        "physical-device", domid), want);
    ck_assert_ptr_null(rd("/local/domain/0/backend/vbd/%u/51712/node",
                          domid));
    ck_assert_uint_eq(loops(), 0);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(bad_path_leaves_nothing)
{
    const char *specs[] = { "/nonexistent/disk.img,xvda,w", NULL };

    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvda': cannot use '/nonexistent/disk.img': No such file "
                 "or directory");
}
END_TEST

/* The second disk fails: the first one's loop device and nodes go. */
START_TEST(second_disk_fails)
{
    char spec[256];
    const char *specs[] = { spec, "/nonexistent.img,xvdb", NULL };

    snprintf(spec, sizeof(spec), "%s,xvda", img);
    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvdb': cannot use '/nonexistent.img': No such file or "
                 "directory");
}
END_TEST

START_TEST(not_a_file)
{
    const char *specs[] = { "/dev/null,xvda", NULL };

    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvda': '/dev/null' is neither a block device nor a "
                 "regular file");
}
END_TEST

START_TEST(qcow2_not_supported)
{
    char spec[256];
    const char *specs[] = { spec, NULL };

    snprintf(spec, sizeof(spec), "%s,qcow2,xvda", img);
    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvda': format qcow2 is not supported (only raw: it needs "
                 "QEMU's qdisk backend)");
    snprintf(spec, sizeof(spec), "backendtype=qdisk,vdev=xvda,target=%s",
             img);
    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvda': backendtype=qdisk is not supported (only phy)");
}
END_TEST

START_TEST(same_vdev_twice)
{
    char spec[256], spec2[256];
    const char *specs[] = { spec, spec2, NULL };

    snprintf(spec, sizeof(spec), "%s,xvda", img);
    snprintf(spec2, sizeof(spec2), "%s,xvda", img2);
    create_fails(specs, "cannot create domain 'g': attach disks: disk "
                 "'xvda': domain 1 already has a vbd device 51712");
}
END_TEST

START_TEST(read_only_file)
{
    char spec[256], msg[512];
    const char *specs[] = { spec, NULL };

    if (!geteuid())
        return;                          /* root opens it anyway */
    chmod(img, 0444);
    snprintf(spec, sizeof(spec), "%s,xvda,w", img);
    snprintf(msg, sizeof(msg), "cannot create domain 'g': attach disks: "
             "disk 'xvda': cannot open '%s': Permission denied", img);
    create_fails(specs, msg);
}
END_TEST

/* block-attach / block-list / block-detach on a running guest. */
START_TEST(attach_detach_running)
{
    struct libxl_domain_config dc, back;
    struct libxl_device_disk d, *list;
    struct libxl_diskinfo info;
    char spec[256], be[128], fe[128], *err = NULL;
    const char *specs[] = { spec, NULL };
    uint32_t domid;
    int n;

    snprintf(spec, sizeof(spec), "%s,xvda,w", img);
    config(&dc, specs);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_unpause(ctx, domid), 0);
    libxl_device_disk_init(&d);
    snprintf(spec, sizeof(spec), "%s,raw,xvdb,r", img2);
    ck_assert_int_eq(libxl__parse_disk(&d, spec, &err), 0);
    ck_assert_msg(!libxl_device_disk_add(ctx, domid, &d), "%s",
                  libxl_errmsg(ctx));
    snprintf(be, sizeof(be), "/local/domain/0/backend/vbd/%u/51728", domid);
    snprintf(fe, sizeof(fe), "/local/domain/%u/device/vbd/51728", domid);
    ck_assert(wait_node(path2(fe, "state"), "4"));
    ck_assert(wait_node(path2(be, "state"), "4"));
    ck_assert_str_eq(rd("%s/info", be), "4");          /* read-only */
    ck_assert_str_eq(rd("%s/sectors", be), "4096");
    ck_assert_uint_eq(loops(), 2);
    /* The stored config follows (xl list -l, restarts). */
    libxl_domain_config_init(&back);
    ck_assert_int_eq(libxl_retrieve_domain_configuration(ctx, domid, &back),
                     0);
    ck_assert_int_eq(back.num_disks, 2);
    ck_assert_str_eq(back.disks[1].vdev, "xvdb");
    ck_assert_str_eq(back.disks[1].pdev_path, img2);
    libxl_domain_config_dispose(&back);
    /* The same vdev again is refused and changes nothing. */
    ck_assert_int_eq(libxl_device_disk_add(ctx, domid, &d), -EEXIST);
    ck_assert_uint_eq(loops(), 2);
    ck_assert_int_eq(libxl_device_disk_list(ctx, domid, &list, &n), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(list[0].vdev, "xvda");
    ck_assert_str_eq(list[1].vdev, "xvdb");
    ck_assert_str_eq(list[1].pdev_path, img2);
    ck_assert_int_eq(list[1].readwrite, 0);
    ck_assert_int_eq(libxl_device_disk_getinfo(ctx, domid, &list[1], &info),
                     0);
    ck_assert_int_eq(info.devid, 51728);
    ck_assert_int_eq(info.state, 4);
    ck_assert_int_ge(info.evtch, 0);
    ck_assert_int_ge(info.rref, 0);
    ck_assert_str_eq(info.backend, be);
    ck_assert_uint_eq(info.frontend_id, domid);
    libxl_diskinfo_dispose(&info);
    libxl_device_disk_list_free(list, n);
    /* Detach: the guest lets go (Closing -> Closed), everything goes. */
    libxl_device_disk_dispose(&d);
    ck_assert_int_eq(libxl_vdev_to_device_disk(ctx, domid, "xvdb", &d), 0);
    ck_assert_msg(!libxl_device_disk_remove(ctx, domid, &d), "%s",
                  libxl_errmsg(ctx));
    ck_assert_ptr_null(rd("%s/state", be));
    ck_assert_ptr_null(rd("%s/state", fe));
    ck_assert_ptr_null(rd("/libxl/%u/device/vbd/51728", domid));
    ck_assert_uint_eq(loops(), 1);
    libxl_domain_config_init(&back);
    ck_assert_int_eq(libxl_retrieve_domain_configuration(ctx, domid, &back),
                     0);
    ck_assert_int_eq(back.num_disks, 1);
    ck_assert_str_eq(back.disks[0].vdev, "xvda");
    libxl_domain_config_dispose(&back);
    ck_assert_int_eq(libxl_device_disk_remove(ctx, domid, &d), -ENOENT);
    ck_assert_str_eq(libxl_errmsg(ctx), "disk 'xvdb': domain 1 has no vbd "
                     "device 51728");
    libxl_device_disk_dispose(&d);
    ck_assert_int_eq(libxl_vdev_to_device_disk(ctx, domid, "51712", &d), 0);
    ck_assert_str_eq(d.vdev, "xvda");
    ck_assert_int_eq(libxl_device_disk_destroy(ctx, domid, &d), 0);
    ck_assert_uint_eq(loops(), 0);
    ck_assert_int_eq(libxl_vdev_to_device_disk(ctx, domid, "xvda", &d),
                     -ENOENT);
    libxl_device_disk_dispose(&d);
    /* A bad path at attach time: one message, nothing left. */
    ck_assert_int_eq(libxl__parse_disk(&d, "/nonexistent.img,xvdc", &err),
                     0);
    ck_assert_int_eq(libxl_device_disk_add(ctx, domid, &d), -ENOENT);
    ck_assert_str_eq(libxl_errmsg(ctx), "disk 'xvdc': cannot use "
                     "'/nonexistent.img': No such file or directory");
    ck_assert_uint_eq(simhost_xs_count("/local/domain/0/backend"), 0);
    libxl_device_disk_dispose(&d);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

/* Xen's safe remove: a guest that does not let go keeps its disk. */
START_TEST(safe_remove_paused_guest)
{
    struct libxl_domain_config dc;
    struct libxl_device_disk d;
    char spec[256], msg[512];
    const char *specs[] = { spec, NULL };
    uint32_t domid;

    snprintf(spec, sizeof(spec), "%s,xvda,w", img);
    config(&dc, specs);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    /* Paused: its blkfront never answers Closing. */
    libxl_device_disk_init(&d);
    ck_assert_int_eq(libxl_vdev_to_device_disk(ctx, domid, "xvda", &d), 0);
    ck_assert_int_eq(libxl_device_disk_safe_remove(ctx, domid, &d),
                     -ETIMEDOUT);
    snprintf(msg, sizeof(msg), "disk 'xvda': the guest did not release it "
             "within 10 s (backend /local/domain/0/backend/vbd/%u/51712 in "
             "state 5); force removal to take it away", domid);
    ck_assert_str_eq(libxl_errmsg(ctx), msg);
    ck_assert_ptr_nonnull(rd("/libxl/%u/device/vbd/51712/backend", domid));
    ck_assert_uint_eq(loops(), 1);
    ck_assert_int_eq(libxl_device_disk_destroy(ctx, domid, &d), 0);
    ck_assert_uint_eq(loops(), 0);
    libxl_device_disk_dispose(&d);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

static void write_script(const char *path, const char *body)
{
    FILE *f = fopen(path, "w");

    ck_assert_ptr_nonnull(f);
    fprintf(f, "#!/bin/sh\n%s\n", body);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(path, 0755), 0);
}

static char *slurp(const char *path)
{
    static char buf[2048];
    FILE *f = fopen(path, "r");
    size_t n;

    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* script=: run with Xen's arguments and environment, add and remove. */
START_TEST(script_add_remove)
{
    struct libxl_domain_config dc;
    char script[160], log[160], body[512], spec[512], want[512], *got;
    const char *specs[] = { spec, NULL };
    uint32_t domid;

    snprintf(script, sizeof(script), "%s/block-test", host.dir);
    snprintf(log, sizeof(log), "%s/script.log", host.dir);
    snprintf(body, sizeof(body), "echo \"$1 $XENBUS_TYPE $XENBUS_PATH "
             "$XENBUS_BASE_PATH $script\" >> %s", log);
    write_script(script, body);
    snprintf(spec, sizeof(spec), "script=%s,vdev=xvda,target=iqn.2001:x",
             script);
    config(&dc, specs);
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    ck_assert_str_eq(rd("/local/domain/0/backend/vbd/%u/51712/params",
                        domid), "iqn.2001:x");
    ck_assert_str_eq(rd("/local/domain/0/backend/vbd/%u/51712/script",
                        domid), script);
    got = slurp(log);
    snprintf(want, sizeof(want), "add vbd backend/vbd/%u/51712 backend %s\n",
             domid, script);
    ck_assert_str_eq(got, want);
    ck_assert_uint_eq(loops(), 0);
    ck_assert_int_eq(libxl_domain_destroy(ctx, domid), 0);
    snprintf(want + strlen(want), sizeof(want) - strlen(want),
             "remove vbd backend/vbd/%u/51712 backend %s\n", domid, script);
    ck_assert_str_eq(slurp(log), want);
    assert_nothing_left();
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(script_fails)
{
    char script[160], spec[512], msg[512];
    const char *specs[] = { spec, NULL };

    snprintf(script, sizeof(script), "%s/block-bad", host.dir);
    write_script(script, "[ \"$1\" = add ] || exit 0\n"
                 "echo 'cannot reach the target' >&2; exit 3");
    snprintf(spec, sizeof(spec), "script=%s,vdev=xvda,target=x", script);
    snprintf(msg, sizeof(msg), "cannot create domain 'g': attach disks: "
             "disk 'xvda': hotplug script '%s add' failed (exit status 3): "
             "cannot reach the target", script);
    create_fails(specs, msg);
    snprintf(spec, sizeof(spec), "script=%s/missing,vdev=xvda,target=x",
             host.dir);
    snprintf(msg, sizeof(msg), "cannot create domain 'g': attach disks: "
             "disk 'xvda': hotplug script '%s/missing add' failed (exit "
             "status 127): cannot run: No such file or directory", host.dir);
    create_fails(specs, msg);
}
END_TEST

/* Without a backend driver the handshake times out with the state. */
START_TEST(no_backend_times_out)
{
    char spec[256], msg[512];
    const char *specs[] = { spec, NULL };

    simhost_stop(&backend_pid);
    snprintf(spec, sizeof(spec), "%s,xvda", img);
    snprintf(msg, sizeof(msg), "cannot create domain 'g': attach disks: "
             "disk 'xvda': backend /local/domain/0/backend/vbd/1/51712 still "
             "in state 1 (Initialising) after 10 s, waiting for 2 "
             "(InitWait)");
    create_fails(specs, msg);
}
END_TEST

static Suite *vbd_suite(void)
{
    Suite *s = suite_create("vbd");
    TCase *tc = tcase_create("vbd");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, file_disk_nodes_and_connect);
    tcase_add_test(tc, spec_forms);
    tcase_add_test(tc, block_device);
    tcase_add_test(tc, bad_path_leaves_nothing);
    tcase_add_test(tc, second_disk_fails);
    tcase_add_test(tc, not_a_file);
    tcase_add_test(tc, qcow2_not_supported);
    tcase_add_test(tc, same_vdev_twice);
    tcase_add_test(tc, read_only_file);
    tcase_add_test(tc, attach_detach_running);
    tcase_add_test(tc, safe_remove_paused_guest);
    tcase_add_test(tc, script_add_remove);
    tcase_add_test(tc, script_fails);
    tcase_add_test(tc, no_backend_times_out);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vbd_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
