/*
 * Unit tests of the lifecycle calls (libxl_domain_shutdown/_reboot,
 * libxl_domain_wait_change/_gone, libxl_send_sysrq, console lookup) and
 * of xl shutdown/reboot/sysrq/console, on the simulator with a real
 * xenstored.  A forked "guest" plays the PV kernel's side of
 * control/shutdown: it empties the node and shuts its domain down.
 */
#include "config.h"

#include <check.h>
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_build.h"
#include "libxl.h"
#include "xenctrl.h"
#include "xenstore.h"
#include "simhost.h"

#include <xen/xen.h>
#include <xen/hvm/params.h>

static struct simhost host;
static char kernel[128];
static libxl_ctx *ctx;

static void setup(void)
{
    char err[256], xlconf[160];
    uint8_t *img;
    size_t len;
    FILE *f;

    unsetenv("XL_CONF");
    simhost_start(&host, "check_lifecycle");
    img = tk_linux_elf(&len, false, false);
    snprintf(kernel, sizeof(kernel), "%s/vmlinux", host.dir);
    simhost_write_file(kernel, img, len);
    free(img);
    snprintf(xlconf, sizeof(xlconf), "%s/etc/xen", host.dir);
    ck_assert_int_eq(libxl_mkdir_p(xlconf), 0);
    strcat(xlconf, "/xl.conf");
    f = fopen(xlconf, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_msg(!libxl_ctx_alloc(&ctx, err, sizeof(err)), "%s", err);
}

static void teardown(void)
{
    libxl_ctx_free(ctx);
    simhost_end(&host);
}

static uint32_t make_domain(const char *name)
{
    struct libxl_domain_config dc;
    uint32_t domid;

    libxl_domain_config_init(&dc);
    dc.c_info.name = strdup(name);
    dc.b_info.kernel = strdup(kernel);
    dc.b_info.target_memkb = 32 * 1024;
    dc.b_info.max_memkb = 32 * 1024;
    dc.b_info.max_vcpus = 1;
    dc.b_info.avail_vcpus = 1;
    ck_assert_msg(!libxl_domain_create_new(ctx, &dc, &domid), "%s",
                  libxl_errmsg(ctx));
    libxl_domain_config_dispose(&dc);
    return domid;
}

static void xs_set(uint32_t domid, const char *rel, const char *val)
{
    struct xs_handle *h = xs_open(0);
    char path[256];

    ck_assert_ptr_nonnull(h);
    snprintf(path, sizeof(path), "/local/domain/%u/%s", domid, rel);
    ck_assert(xs_write(h, XBT_NULL, path, val, strlen(val)));
    xs_close(h);
}

/*
 * The guest side: wait for a request in control/shutdown, empty the node,
 * shut down with the matching reason, and, if destroy is set, be
 * destroyed shortly after (as the monitor would do).
 */
static void guest_main(uint32_t domid, bool destroy)
{
    struct xs_handle *h = xs_open(0);
    xc_interface *xch = xc_interface_open(0);
    char path[128], *v, **ev;
    unsigned len, n;
    int reason = -1;

    if (!h || !xch)
        _exit(2);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (!xs_watch(h, path, "g"))
        _exit(3);
    while (reason < 0 && (ev = xs_read_watch(h, &n))) {
        free(ev);
        v = xs_read(h, XBT_NULL, path, &len);
        if (v && !strcmp(v, "poweroff"))
            reason = XC_SHUTDOWN_POWEROFF;
        else if (v && !strcmp(v, "reboot"))
            reason = XC_SHUTDOWN_REBOOT;
        free(v);
    }
    if (reason < 0 || !xs_write(h, XBT_NULL, path, "", 0))
        _exit(4);
    usleep(50 * 1000);
    if (xc_domain_shutdown(xch, domid, reason))
        _exit(5);
    if (destroy) {
        usleep(100 * 1000);
        if (xc_domain_destroy(xch, domid))
            _exit(6);
    }
    _exit(0);
}

static pid_t start_guest(uint32_t domid, bool destroy)
{
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        guest_main(domid, destroy);
    usleep(100 * 1000);                  /* let it set its watch */
    return pid;
}

static void reap_guest(pid_t pid)
{
    int st;

    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st));
    ck_assert_int_eq(WEXITSTATUS(st), 0);
}

/* Run xl with args; its exit status, stderr in errbuf. */
static int run_xl(char *errbuf, size_t len, char *const args[])
{
    char bin[512], out[128], *argv[16];
    size_t n = 0, i;
    pid_t pid;
    FILE *f;
    int st;

    snprintf(bin, sizeof(bin), "%s/xl/xl", simhost_builddir());
    snprintf(out, sizeof(out), "%s/xl.err", host.dir);
    argv[0] = bin;
    for (i = 0; args[i] && i < 14; i++)
        argv[i + 1] = args[i];
    argv[i + 1] = NULL;
    pid = simhost_spawn(bin, argv, out);
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    f = fopen(out, "r");
    ck_assert_ptr_nonnull(f);
    n = fread(errbuf, 1, len - 1, f);
    errbuf[n] = '\0';
    fclose(f);
    ck_assert(WIFEXITED(st));
    return WEXITSTATUS(st);
}

START_TEST(shutdown_acked_then_wait)
{
    uint32_t d = make_domain("g1");
    struct libxl_domain_waiter w = { .domid = d };
    pid_t g = start_guest(d, true);

    ck_assert_msg(!libxl_domain_shutdown(ctx, d), "%s", libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), 0);
    ck_assert_int_eq(w.seen, LIBXL_DOMAIN_SEEN_SHUTDOWN);
    ck_assert_int_eq(w.reason, LIBXL_SHUTDOWN_REASON_POWEROFF);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, d, 5000), 0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), 0);
    ck_assert_int_eq(w.seen, LIBXL_DOMAIN_SEEN_GONE);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, &w, 1, 5000), -ECHILD);
    reap_guest(g);
}
END_TEST

START_TEST(reboot_acked)
{
    uint32_t d = make_domain("g1");
    pid_t g = start_guest(d, false);
    int reason;

    ck_assert_msg(!libxl_domain_reboot(ctx, d), "%s", libxl_errmsg(ctx));
    ck_assert_int_eq(libxl_domain_wait_shutdown(ctx, d, &reason, 5000), 0);
    ck_assert_int_eq(reason, LIBXL_SHUTDOWN_REASON_REBOOT);
    reap_guest(g);
}
END_TEST

START_TEST(shutdown_not_acked_times_out)
{
    uint32_t d = make_domain("g1");
    char *v;

    ck_assert_int_eq(libxl_domain_pvcontrol(ctx, d, "poweroff", 300),
                     -ETIMEDOUT);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "didn't acknowledge"));
    v = simhost_xs_get(d, "control/shutdown");
    ck_assert_str_eq(v, "poweroff");
    free(v);
}
END_TEST

START_TEST(shutdown_no_such_domain)
{
    ck_assert_int_eq(libxl_domain_shutdown(ctx, 4242), -ESRCH);
    ck_assert_str_eq(libxl_errmsg(ctx), "domain 4242: no such domain");
    ck_assert_int_eq(libxl_send_sysrq(ctx, 4242, 's'), -ESRCH);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, 4242, 0), 0);
}
END_TEST

START_TEST(hard_shutdown_and_wait_many)
{
    struct libxl_domain_waiter w[2] = { { .domid = make_domain("a") },
                                        { .domid = make_domain("b") } };

    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 100), -ETIMEDOUT);
    ck_assert_int_eq(libxl_domain_shutdown_hard(ctx, w[1].domid,
                                                LIBXL_SHUTDOWN_REASON_REBOOT),
                     0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 5000), 1);
    ck_assert_int_eq(w[1].seen, LIBXL_DOMAIN_SEEN_SHUTDOWN);
    ck_assert_int_eq(w[1].reason, LIBXL_SHUTDOWN_REASON_REBOOT);
    ck_assert_int_eq(w[0].seen, LIBXL_DOMAIN_SEEN_RUNNING);
    ck_assert_int_eq(libxl_domain_destroy(ctx, w[0].domid), 0);
    ck_assert_int_eq(libxl_domain_wait_change(ctx, w, 2, 5000), 0);
    ck_assert_int_eq(w[0].seen, LIBXL_DOMAIN_SEEN_GONE);
}
END_TEST

START_TEST(sysrq_written)
{
    uint32_t d = make_domain("g1");
    char *v;

    ck_assert_int_eq(libxl_send_sysrq(ctx, d, 'h'), 0);
    v = simhost_xs_get(d, "control/sysrq");
    ck_assert_str_eq(v, "h");
    free(v);
}
END_TEST

START_TEST(console_tty_lookup)
{
    uint32_t d = make_domain("g1");
    char *tty = NULL;
    int type;

    ck_assert_int_eq(libxl_primary_console_type(ctx, d, &type), 0);
    ck_assert_int_eq(type, LIBXL_CONSOLE_TYPE_PV);
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0, type, &tty), -EAGAIN);
    xs_set(d, "console/tty", "/dev/pts/42");
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0, type, &tty), 0);
    ck_assert_str_eq(tty, "/dev/pts/42");
    free(tty);
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 0,
                                           LIBXL_CONSOLE_TYPE_SERIAL, &tty),
                     -ENOENT);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "no serial console 0"));
    ck_assert_int_eq(libxl_console_get_tty(ctx, d, 1, LIBXL_CONSOLE_TYPE_PV,
                                           &tty), -ENOENT);
    ck_assert_int_eq(libxl_primary_console_type(ctx, 4242, &type), -ESRCH);
}
END_TEST

START_TEST(xl_shutdown_wait)
{
    uint32_t d = make_domain("g1");
    pid_t g = start_guest(d, false);
    char err[1024], expect[256];

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "shutdown", "-w", "g1", NULL }), 0);
    snprintf(expect, sizeof(expect), "Shutting down domain %u\n"
             "Waiting for 1 domains\n"
             "Domain %u has been shut down, reason code 0\n", d, d);
    ck_assert_str_eq(err, expect);
    reap_guest(g);
}
END_TEST

START_TEST(xl_reboot_all_wait_death)
{
    uint32_t a = make_domain("a"), b = make_domain("b");
    pid_t ga = start_guest(a, true), gb = start_guest(b, true);
    char err[2048], line[128];

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "reboot", "-a", "-w", "-w", NULL }),
                     0);
    snprintf(line, sizeof(line), "Rebooting domain %u\nRebooting domain "
             "%u\nWaiting for 2 domains\n", a, b);
    ck_assert_msg(!strncmp(err, line, strlen(line)), "%s", err);
    snprintf(line, sizeof(line), "Domain %u has been destroyed\n", a);
    ck_assert_msg(strstr(err, line), "%s", err);
    snprintf(line, sizeof(line), "Domain %u has been destroyed\n", b);
    ck_assert_msg(strstr(err, line), "%s", err);
    reap_guest(ga);
    reap_guest(gb);
    ck_assert_int_eq(libxl_domain_wait_gone(ctx, a, 0), 0);
}
END_TEST

START_TEST(xl_sysrq_and_console)
{
    uint32_t d = make_domain("g1");
    char err[1024], client[128], *v;
    FILE *f;

    ck_assert_int_eq(run_xl(err, sizeof(err),
                            (char *[]){ "sysrq", "g1", "s", NULL }), 0);
    v = simhost_xs_get(d, "control/sysrq");
    ck_assert_str_eq(v, "s");
    free(v);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "-t",
                            "serial", "g1", NULL }), 1);
    snprintf(err + 512, 256, "domain %u has no serial console 0\n"
             "Unable to attach console\n", d);
    ck_assert_str_eq(err, err + 512);
    /* The client gets Xen's arguments: domid --num N --type T. */
    snprintf(client, sizeof(client), "%s/client", host.dir);
    f = fopen(client, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\necho \"$@\" >&2\n", f);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_int_eq(chmod(client, 0755), 0);
    setenv("XL_CONSOLE_CLIENT", client, 1);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "g1",
                            NULL }), 0);
    snprintf(err + 512, 256, "%u --num 0 --type pv\n", d);
    ck_assert_str_eq(err, err + 512);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "console", "-t",
                            "pv", "-n", "1", "g1", NULL }), 1);
    ck_assert_ptr_nonnull(strstr(err, "no pv console 1"));
    unsetenv("XL_CONSOLE_CLIENT");
}
END_TEST

/* ---- dump-core ---- */

/* Section of an ELF core by name: its offset and size. */
static void section(const char *path, const char *name, uint64_t *off,
                    uint64_t *size)
{
    FILE *f = fopen(path, "r");
    Elf64_Ehdr eh;
    Elf64_Shdr sh[16], *st;
    char names[256];
    unsigned i;

    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fread(&eh, sizeof(eh), 1, f), 1);
    ck_assert_int_eq(memcmp(eh.e_ident, ELFMAG, SELFMAG), 0);
    ck_assert_uint_eq(eh.e_type, ET_CORE);
    ck_assert_uint_eq(eh.e_machine, EM_X86_64);
    ck_assert_uint_le(eh.e_shnum, 16);
    ck_assert_int_eq(fseek(f, (long)eh.e_shoff, SEEK_SET), 0);
    ck_assert_uint_eq(fread(sh, sizeof(sh[0]), eh.e_shnum, f), eh.e_shnum);
    st = &sh[eh.e_shstrndx];
    ck_assert_uint_le(st->sh_size, sizeof(names));
    ck_assert_int_eq(fseek(f, (long)st->sh_offset, SEEK_SET), 0);
    ck_assert_uint_eq(fread(names, 1, st->sh_size, f), st->sh_size);
    fclose(f);
    for (i = 1; i < eh.e_shnum; i++)
        if (!strcmp(names + sh[i].sh_name, name)) {
            *off = sh[i].sh_offset;
            *size = sh[i].sh_size;
            return;
        }
    ck_abort_msg("no section %s", name);
}

static void read_at(const char *path, uint64_t off, void *buf, size_t len)
{
    FILE *f = fopen(path, "r");

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, (long)off, SEEK_SET), 0);
    ck_assert_uint_eq(fread(buf, 1, len, f), len);
    fclose(f);
}

#define NPG 16

/* A bare domain with NPG pages, page i filled with byte 0x40 + i, and
 * vCPU 0 at rip 0x1234. */
static uint32_t bare_domain(xc_interface *xch, bool hvm, uint64_t *mfn)
{
    struct xc_domain_create cfg = { .max_vcpus = 1, .max_grant_frames = -1,
                                    .max_maptrack_frames = -1 };
    struct vcpu_guest_context vc;
    uint32_t domid = 0;
    unsigned i;
    char *p;

    if (hvm) {
        cfg.flags = XC_DOMCREATE_HVM | XC_DOMCREATE_HAP;
        cfg.arch_emulation_flags = 1;   /* XEN_X86_EMU_LAPIC */
    }
    ck_assert_int_eq(xc_domain_create(xch, &domid, &cfg), 0);
    ck_assert_int_eq(xc_domain_max_vcpus(xch, domid, 1), 0);
    ck_assert_int_eq(xc_domain_setmaxmem(xch, domid, 1024), 0);
    for (i = 0; i < NPG; i++)
        mfn[i] = i;
    ck_assert_int_eq(xc_domain_populate_physmap_exact(xch, domid, NPG, 0, 0,
                                                      mfn), 0);
    for (i = 0; i < NPG; i++) {
        p = xc_map_foreign_pages(xch, domid, PROT_READ | PROT_WRITE,
                                 &mfn[i], 1);
        ck_assert_ptr_nonnull(p);
        memset(p, 0x40 + (int)i, 4096);
        xc_unmap_foreign(xch, p, 1);
    }
    memset(&vc, 0, sizeof(vc));
    vc.user_regs.rip = 0x1234;
    vc.flags = VGCF_online;
    if (!hvm)
        ck_assert_int_eq(xc_vcpu_setcontext(xch, domid, 0, &vc, sizeof(vc)),
                         0);
    return domid;
}

/* Store v at index idx of the guest's page at mfn. */
static void poke(xc_interface *xch, uint32_t domid, uint64_t mfn,
                 unsigned idx, uint64_t v)
{
    uint64_t *p = xc_map_foreign_pages(xch, domid, PROT_READ | PROT_WRITE,
                                       &mfn, 1);

    ck_assert_ptr_nonnull(p);
    p[idx] = v;
    xc_unmap_foreign(xch, p, 1);
}

#define P2M_VA 0xffffc90000200000ULL

/*
 * The PV guest's p2m in its page 13, published in its shared info either
 * through pages 14 (frame list) and 15 (frame-list-list) or, linear, at
 * P2M_VA through page tables in pages 9 (L4) to 12 (L1).
 */
static void publish_p2m(xc_interface *xch, uint32_t domid, uint64_t *mfn,
                        bool linear)
{
    struct xc_dominfo info;
    struct shared_info *si;
    uint64_t *p, gfn;
    unsigned i;

    p = xc_map_foreign_pages(xch, domid, PROT_READ | PROT_WRITE, &mfn[13],
                             1);
    ck_assert_ptr_nonnull(p);
    memset(p, 0xff, 4096);
    for (i = 0; i < NPG; i++)
        p[i] = mfn[i];
    xc_unmap_foreign(xch, p, 1);
    if (linear) {
        for (i = 0; i < 4; i++)
            poke(xch, domid, mfn[9 + i], (P2M_VA >> (39 - 9 * i)) & 511,
                 (mfn[10 + i] << 12) | 0x63);
    } else {
        poke(xch, domid, mfn[14], 0, mfn[13]);
        poke(xch, domid, mfn[15], 0, mfn[14]);
    }
    ck_assert_int_eq(xc_domain_getinfo_single(xch, domid, &info), 0);
    gfn = info.shared_info_frame;
    si = xc_map_foreign_pages(xch, domid, PROT_READ | PROT_WRITE, &gfn, 1);
    ck_assert_ptr_nonnull(si);
    si->arch.max_pfn = NPG;
    si->arch.pfn_to_mfn_frame_list_list = linear ? ~0ULL : mfn[15];
    si->arch.p2m_cr3 = linear ? mfn[9] << 12 : 0;
    si->arch.p2m_vaddr = linear ? P2M_VA : 0;
    xc_unmap_foreign(xch, si, 1);
}

/* Page i of the core holds pfn i's bytes; the table names it. */
static void check_pages(const char *core, const char *table, bool pairs,
                        unsigned first_meta)
{
    uint64_t off, size, toff, tsize, ent[2];
    unsigned char page[4096];
    unsigned i;

    section(core, ".xen_pages", &off, &size);
    ck_assert_uint_eq(size, NPG * 4096);
    ck_assert_uint_eq(off % 4096, 0);
    section(core, table, &toff, &tsize);
    ck_assert_uint_eq(tsize, NPG * (pairs ? 16 : 8));
    for (i = 0; i < NPG; i++) {
        read_at(core, toff + i * (pairs ? 16 : 8), ent, pairs ? 16 : 8);
        ck_assert_uint_eq(ent[0], i);
        read_at(core, off + i * 4096, page, sizeof(page));
        if (i < first_meta || !pairs)
            ck_assert_uint_eq(page[100], 0x40 + i);
    }
}

START_TEST(dump_core_pv)
{
    xc_interface *xch = xc_interface_open(0);
    char core[128], err[1024];
    uint64_t mfn[NPG], off, size;
    struct vcpu_guest_context vc;
    struct core_hdr { uint32_t namesz, descsz, type; char name[4];
                      uint64_t magic, nr_vcpus, nr_pages, page_size; } h;
    uint32_t d;

    ck_assert_ptr_nonnull(xch);
    d = bare_domain(xch, false, mfn);
    snprintf(core, sizeof(core), "%s/core", host.dir);
    /* Nothing published yet: said so, and xl fails with Xen's message. */
    ck_assert_int_eq(libxl_domain_core_dump(ctx, d, core), -EOPNOTSUPP);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "publishes no p2m"));
    snprintf(err + 512, 32, "%u", d);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "dump-core",
                            err + 512, core, NULL }), 1);
    ck_assert_ptr_nonnull(strstr(err, "core dump failed (rc=-3)"));
    publish_p2m(xch, d, mfn, false);
    ck_assert_msg(!libxl_domain_core_dump(ctx, d, core), "%s",
                  libxl_errmsg(ctx));
    check_pages(core, ".xen_p2m", true, 13);
    section(core, ".xen_prstatus", &off, &size);
    ck_assert_uint_eq(size, sizeof(vc));
    read_at(core, off, &vc, sizeof(vc));
    ck_assert_uint_eq(vc.user_regs.rip, 0x1234);
    section(core, ".xen_shared_info", &off, &size);
    ck_assert_uint_eq(size, 4096);
    section(core, ".note.Xen", &off, &size);
    read_at(core, off + 16, &h, sizeof(h));      /* after the NONE note */
    ck_assert_str_eq(h.name, "Xen");
    ck_assert_uint_eq(h.magic, 0xF00FEBEDULL);
    ck_assert_uint_eq(h.nr_vcpus, 1);
    ck_assert_uint_eq(h.nr_pages, NPG);
    ck_assert_uint_eq(h.page_size, 4096);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "dump-core",
                            err + 512, core, NULL }), 0);
    ck_assert_int_eq(libxl_domain_core_dump(ctx, 4242, core), -ESRCH);
    xc_interface_close(xch);
}
END_TEST

START_TEST(dump_core_pv_linear_p2m)
{
    xc_interface *xch = xc_interface_open(0);
    char core[128];
    uint64_t mfn[NPG];
    uint32_t d;

    ck_assert_ptr_nonnull(xch);
    d = bare_domain(xch, false, mfn);
    publish_p2m(xch, d, mfn, true);
    snprintf(core, sizeof(core), "%s/core", host.dir);
    ck_assert_msg(!libxl_domain_core_dump(ctx, d, core), "%s",
                  libxl_errmsg(ctx));
    check_pages(core, ".xen_p2m", true, 9);
    /* A hole in the page tables is reported, not followed. */
    poke(xch, d, mfn[12], (P2M_VA >> 12) & 511, 0);
    ck_assert_int_eq(libxl_domain_core_dump(ctx, d, core), -EINVAL);
    ck_assert_ptr_nonnull(strstr(libxl_errmsg(ctx), "not mapped"));
    xc_interface_close(xch);
}
END_TEST

START_TEST(hvm_without_pv_drivers)
{
    xc_interface *xch = xc_interface_open(0);
    struct libxl_dominfo info;
    uint64_t mfn[NPG];
    char err[1024], id[16], core[128];
    uint32_t d;
    int rc;

    ck_assert_ptr_nonnull(xch);
    d = bare_domain(xch, true, mfn);
    snprintf(id, sizeof(id), "%u", d);
    ck_assert_int_eq(libxl_domain_shutdown(ctx, d), -EOPNOTSUPP);
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "shutdown", id,
                            NULL }), 1);
    snprintf(err + 512, 500, "Shutting down domain %u\n"
             "PV control interface not available: external graceful "
             "shutdown not possible.\n"
             "Use \"-F\" to fallback to ACPI power event.\n"
             "shutdown failed (rc=-10)\n", d);
    ck_assert_str_eq(err, err + 512);
    /* PV drivers loaded: the request is written (and not acked here). */
    ck_assert_int_eq(xc_hvm_param_set(xch, d, HVM_PARAM_CALLBACK_IRQ, 1), 0);
    ck_assert_int_eq(libxl_domain_pvcontrol(ctx, d, "reboot", 200),
                     -ETIMEDOUT);
    ck_assert_int_eq(xc_hvm_param_set(xch, d, HVM_PARAM_CALLBACK_IRQ, 0), 0);
    /* The HVM core: .xen_pfn, the populated gfns. */
    snprintf(core, sizeof(core), "%s/core", host.dir);
    rc = libxl_domain_core_dump(ctx, d, core);
    ck_assert_msg(rc == 0, "%s", libxl_errmsg(ctx));
    check_pages(core, ".xen_pfn", false, NPG);
    /* -F, as Xen 4.17: the ACPI power button (the guest decides what it
     * does: this one has no OS, so it runs on), and the reset trigger,
     * which Xen 4.17 on x86 does not implement. */
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "shutdown", "-F",
                            id, NULL }), 0);
    ck_assert_ptr_nonnull(strstr(err, "PV control interface not "
                                      "available: sending ACPI power "
                                      "button event."));
    ck_assert_int_eq(run_xl(err, sizeof(err), (char *[]){ "reboot", "-F", id,
                            NULL }), 1);
    ck_assert_ptr_nonnull(strstr(err, "sending ACPI reset button event"));
    ck_assert_ptr_nonnull(strstr(err, "does not implement it"));
    ck_assert_int_eq(libxl_domain_info(ctx, d, &info), 0);
    ck_assert(!info.shutdown);
    libxl_dominfo_dispose(&info);
    xc_interface_close(xch);
}
END_TEST

static Suite *lifecycle_suite(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("lifecycle");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, shutdown_acked_then_wait);
    tcase_add_test(tc, reboot_acked);
    tcase_add_test(tc, shutdown_not_acked_times_out);
    tcase_add_test(tc, shutdown_no_such_domain);
    tcase_add_test(tc, hard_shutdown_and_wait_many);
    tcase_add_test(tc, sysrq_written);
    tcase_add_test(tc, console_tty_lookup);
    tcase_add_test(tc, xl_shutdown_wait);
    tcase_add_test(tc, xl_reboot_all_wait_death);
    tcase_add_test(tc, xl_sysrq_and_console);
    tcase_add_test(tc, dump_core_pv);
    tcase_add_test(tc, dump_core_pv_linear_p2m);
    tcase_add_test(tc, hvm_without_pv_drivers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lifecycle_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
