/*
 * tests/e2e: probe of our libxenctrl on a real hypervisor (runs in Dom0).
 * Prints what libxenctrl reads through /dev/xen/privcmd as key=value
 * lines for scenarios/01-xenctrl.sh to check; exits 1 at the first
 * failing call, naming it.  Uses only the public xenctrl.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include <xenctrl.h>
#include <xen/io/console.h>
#include <xen/grant_table.h>
#include <xen/memory.h>

static int fail(const char *what, xc_interface *xch, int rc)
{
    printf("error=%s: rc %d: %s\n", what, rc, xch ? xc_errmsg(xch) : "");
    return EXIT_FAILURE;
}

static int probe_domains(xc_interface *xch)
{
    struct xc_dominfo dom0;
    struct xc_dominfo list[16];
    int rc, n;

    rc = xc_domain_getinfo_single(xch, 0, &dom0);
    if (rc)
        return fail("xc_domain_getinfo_single", xch, rc);
    printf("dom0_vcpus=%u\ndom0_pages=%llu\ndom0_running_or_blocked=%d\n",
           dom0.nr_online_vcpus, (unsigned long long)dom0.nr_pages,
           dom0.running || dom0.blocked);
    n = xc_domain_getinfolist(xch, 0, 16, list);
    if (n < 0)
        return fail("xc_domain_getinfolist", xch, n);
    printf("domains=%d\nfirst_domid=%u\n", n, n ? list[0].domid : 99999);
    return EXIT_SUCCESS;
}

static int probe_console(xc_interface *xch)
{
    static char buf[65536];
    unsigned size = sizeof(buf) - 1;
    int rc;

    rc = xc_readconsolering(xch, buf, &size, false, NULL);
    if (rc)
        return fail("xc_readconsolering", xch, rc);
    buf[size] = '\0';
    printf("console_bytes=%u\nconsole_has_banner=%d\n", size,
           strstr(buf, "Xen version") != NULL);
    return EXIT_SUCCESS;
}

static int probe_evtchn(void)
{
    char err[256] = "";
    xc_evtchn *xce;
    int port;

    xce = xc_evtchn_open_err(0, err, sizeof(err));
    if (!xce) {
        printf("error=xc_evtchn_open: %s\n", err);
        return EXIT_FAILURE;
    }
    port = xc_evtchn_bind_unbound_port(xce, 0);
    if (port < 0) {
        printf("error=xc_evtchn_bind_unbound_port: rc %d: %s\n", port,
               xc_evtchn_errmsg(xce));
        xc_evtchn_close(xce);
        return EXIT_FAILURE;
    }
    printf("evtchn_port=%d\n", port);
    xc_evtchn_close(xce);
    return EXIT_SUCCESS;
}

/* An empty PV domain: created paused, given vCPUs and memory, destroyed. */
static int probe_lifecycle(xc_interface *xch)
{
    struct xc_domain_create cfg;
    struct xc_dominfo info;
    uint32_t domid = 0;
    int rc, i;

    memset(&cfg, 0, sizeof(cfg));
    cfg.max_vcpus = 1;
    cfg.max_evtchn_port = 1023;
    cfg.max_grant_frames = -1;
    cfg.max_maptrack_frames = -1;
    cfg.grant_version = 1;
    rc = xc_domain_create(xch, &domid, &cfg);
    if (rc)
        return fail("xc_domain_create", xch, rc);
    printf("create_domid=%u\n", domid);
    rc = xc_domain_max_vcpus(xch, domid, 1);
    if (!rc)
        rc = xc_domain_setmaxmem(xch, domid, 65536);
    if (!rc)
        rc = xc_domain_getinfo_single(xch, domid, &info);
    if (rc) {
        fail("max_vcpus/setmaxmem/getinfo", xch, rc);
        xc_domain_destroy(xch, domid);
        return EXIT_FAILURE;
    }
    printf("created_paused=%d\ncreated_max_memkb=%llu\n", info.paused,
           (unsigned long long)info.max_memkb);
    rc = xc_domain_destroy(xch, domid);
    if (rc)
        return fail("xc_domain_destroy", xch, rc);
    /* The id disappears once the hypervisor has released everything. */
    for (i = 0; i < 100; i++) {
        rc = xc_domain_getinfo_single(xch, domid, &info);
        if (rc == -ESRCH)
            break;
        usleep(20000);
    }
    printf("destroyed_gone=%d\n", rc == -ESRCH);
    return EXIT_SUCCESS;
}

/*
 * ring DOMID GFN: the guest's console ring as Dom0 sees it (indices and
 * the text in its output buffer), and the guest's grant entries 0 and 1,
 * for diagnosing a console that stays silent.
 */
static int probe_ring(xc_interface *xch, uint32_t domid, uint64_t gfn)
{
    struct xencons_interface *intf;
    grant_entry_v1_t *gt;
    unsigned i;

    intf = xc_map_foreign_pages(xch, domid, PROT_READ, &gfn, 1);
    if (!intf)
        return fail("xc_map_foreign_pages", xch, -errno);
    printf("ring: in_cons=%u in_prod=%u out_cons=%u out_prod=%u\nout=",
           intf->in_cons, intf->in_prod, intf->out_cons, intf->out_prod);
    for (i = 0; i < sizeof(intf->out); i++) {
        char c = intf->out[i];

        putchar(c >= 32 && c < 127 ? c : c == '\n' ? '|' : '.');
    }
    putchar('\n');
    xc_unmap_foreign(xch, intf, 1);
    gt = xc_map_foreign_resource(xch, domid, XENMEM_resource_grant_table,
                                 XENMEM_resource_grant_table_id_shared, 0, 1,
                                 PROT_READ);
    if (!gt)
        return fail("xc_map_foreign_resource", xch, -errno);
    for (i = 0; i < 2; i++)
        printf("grant %u: flags=%#x domid=%u frame=%u\n", i, gt[i].flags,
               gt[i].domid, gt[i].frame);
    xc_unmap_foreign(xch, gt, 1);
    return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
    char err[256] = "";
    struct xc_version_info v;
    struct xc_physinfo pi;
    xc_interface *xch;
    int rc = EXIT_FAILURE;

    xch = xc_interface_open_err(0, err, sizeof(err));
    if (!xch) {
        printf("error=xc_interface_open: %s\n", err);
        return EXIT_FAILURE;
    }
    if (argc == 4 && !strcmp(argv[1], "ring")) {
        rc = probe_ring(xch, (uint32_t)strtoul(argv[2], NULL, 0),
                        strtoull(argv[3], NULL, 0));
        goto out;
    }
    printf("backend=%s\n", xc_backend_name(xch));
    if ((rc = xc_version_get(xch, &v)) != 0) {
        rc = fail("xc_version_get", xch, rc);
        goto out;
    }
    printf("xen_version=%d.%d%s\ncapabilities=%s\n", v.major, v.minor,
           v.extraversion, v.capabilities);
    if ((rc = xc_physinfo(xch, &pi)) != 0) {
        rc = fail("xc_physinfo", xch, rc);
        goto out;
    }
    printf("nr_cpus=%u\ntotal_pages=%llu\nfree_pages=%llu\n", pi.nr_cpus,
           (unsigned long long)pi.total_pages,
           (unsigned long long)pi.free_pages);
    rc = probe_domains(xch);
    if (rc == EXIT_SUCCESS)
        rc = probe_console(xch);
    if (rc == EXIT_SUCCESS)
        rc = probe_evtchn();
    if (rc == EXIT_SUCCESS)
        rc = probe_lifecycle(xch);
out:
    xc_interface_close(xch);
    return rc;
}
