/*
 * libxenctrl simulator, memory: decodes XENMEM_* against the host's page
 * accounting; guest memory is a sparse file per domain (DIR/dom/<id>/mem)
 * with a populated-page bitmap (p2m), so foreign maps, resource maps and
 * grant maps are real shared mappings across processes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

#define P2M_BYTES (SIM_MAX_GFN / 8)

int sim_dom_file(struct sim *s, uint32_t domid, const char *name,
                 uint64_t size)
{
    char *p = sim_path(s, domid, name);
    struct stat sb;
    int fd;

    if (!p)
        return -ENOMEM;
    fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    free(p);
    if (fd < 0)
        return -errno;
    if (size && fstat(fd, &sb) == 0 && (uint64_t)sb.st_size < size &&
        ftruncate(fd, (off_t)size) < 0) {
        close(fd);
        return -errno;
    }
    return fd;
}

static uint8_t *p2m_map(struct sim *s, uint32_t domid)
{
    int fd = sim_dom_file(s, domid, "p2m", P2M_BYTES);
    void *m;

    if (fd < 0)
        return NULL;
    m = mmap(NULL, P2M_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return m == MAP_FAILED ? NULL : m;
}

static void p2m_unmap(uint8_t *m)
{
    munmap(m, P2M_BYTES);
}

static int test_bit(const uint8_t *m, uint64_t g)
{
    return (m[g / 8] >> (g % 8)) & 1;
}

static uint64_t page_avail(struct sim_host *h)
{
    uint64_t used = h->used_pages + h->claimed_pages;

    return used >= h->total_pages ? 0 : h->total_pages - used;
}

/* Give one page at gfn to d; 0, or -ENOMEM when host/max_mem is full. */
static int add_page(struct sim *s, struct sim_dom *d, uint8_t *m,
                    uint64_t gfn)
{
    struct sim_host *h = &s->st->host;

    if (gfn >= SIM_MAX_GFN)
        return -EINVAL;
    if (test_bit(m, gfn))
        return 0;
    if (d->nr_pages >= d->max_pages)
        return -ENOMEM;
    if (d->outstanding) {
        d->outstanding--;
        h->claimed_pages--;
    } else if (!page_avail(h)) {
        return -ENOMEM;
    }
    m[gfn / 8] |= (uint8_t)(1U << (gfn % 8));
    d->nr_pages++;
    h->used_pages++;
    if (gfn > d->max_gfn_seen)
        d->max_gfn_seen = gfn;
    return 0;
}

static long reservation(struct sim *s, unsigned cmd, struct sim_dom *d,
                        struct xen_memory_reservation *r)
{
    xen_pfn_t *ext = r->extent_start.p;
    uint64_t i, j, npages = 1ULL << r->extent_order;
    uint64_t *dirty = NULL;
    uint8_t *m;
    int fd, rc = 0;

    if (r->extent_order > 18)
        return -EINVAL;
    /* Under log-dirty, pages that come or go count as written. */
    if (d->logdirty)
        dirty = sim_dirty_map(s, d->domid);
    m = p2m_map(s, d->domid);
    fd = sim_dom_file(s, d->domid, "mem", 0);
    if (!m || fd < 0) {
        if (m)
            p2m_unmap(m);
        if (fd >= 0)
            close(fd);
        sim_dirty_unmap(dirty);
        return -EIO;
    }
    /* extent_start[i] is the first gfn of extent i (any alignment); for
     * PV the frame given is written back in place, and the simulated
     * host maps PV frames 1:1, so it is the gfn itself. */
    for (i = 0; i < r->nr_extents; i++) {
        uint64_t base = ext[i];

        if (base + npages > SIM_MAX_GFN) {
            rc = -EINVAL;
            break;
        }
        for (j = 0; j < npages && !rc; j++) {
            uint64_t g = base + j;

            sim_dirty_set(dirty, g);
            if (cmd == XENMEM_populate_physmap) {
                rc = add_page(s, d, m, g);
            } else if (test_bit(m, g)) {
                m[g / 8] &= (uint8_t)~(1U << (g % 8));
                d->nr_pages--;
                s->st->host.used_pages--;
                fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                          (off_t)(g << XC_PAGE_SHIFT), XC_PAGE_SIZE);
            }
        }
        if (rc)
            break;
    }
    if (cmd == XENMEM_populate_physmap && d->max_gfn_seen &&
        ftruncate(fd, (off_t)((d->max_gfn_seen + 1) << XC_PAGE_SHIFT)) < 0)
        rc = -errno;
    close(fd);
    p2m_unmap(m);
    sim_dirty_unmap(dirty);
    if (rc == -EINVAL && !i)
        return rc;
    return (long)i;
}

static long claim(struct sim *s, struct sim_dom *d,
                  struct xen_memory_reservation *r)
{
    struct sim_host *h = &s->st->host;

    if (!r->nr_extents) {
        h->claimed_pages -= d->outstanding;
        d->outstanding = 0;
        return 0;
    }
    if (d->outstanding)
        return -EINVAL;
    if (r->nr_extents > page_avail(h))
        return -ENOMEM;
    d->outstanding = r->nr_extents;
    h->claimed_pages += r->nr_extents;
    return 0;
}

static long get_map(struct xen_memory_map *m, const struct xc__e820entry *e,
                    unsigned n)
{
    struct xc__e820entry *out = m->buffer.p;
    unsigned i;

    if (m->nr_entries < n)
        return -ENOBUFS;
    for (i = 0; i < n; i++)
        out[i] = e[i];
    m->nr_entries = n;
    return 0;
}

/* Resolve DOMID_SELF and check that the caller may act on the domain. */
static long target(struct sim *s, domid_t domid, struct sim_dom **d)
{
    uint32_t id = domid == DOMID_SELF ? s->self : domid;

    if (s->self != 0 && id != s->self)
        return -EPERM;
    *d = sim_dom(s, id);
    return *d ? 0 : -ESRCH;
}

long sim_memory_op(struct sim *s, unsigned cmd, void *arg)
{
    struct sim_host *h = &s->st->host;
    struct xen_memory_reservation *r = arg;
    struct xen_foreign_memory_map *fm = arg;
    struct xc__e820entry machine[2];
    struct sim_dom *d;
    long rc;

    switch (cmd) {
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        if ((rc = target(s, r->domid, &d)))
            return rc;
        return reservation(s, cmd, d, r);
    case XENMEM_claim_pages:
        if (s->self)
            return -EPERM;
        if ((rc = target(s, r->domid, &d)))
            return rc;
        return claim(s, d, r);
    case XENMEM_maximum_gpfn:
        if ((rc = target(s, *(domid_t *)arg, &d)))
            return rc;
        return (long)d->max_gfn_seen;
    case XENMEM_maximum_ram_page:
        return (long)(h->total_pages - 1);
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        if ((rc = target(s, *(domid_t *)arg, &d)))
            return rc;
        return (long)(cmd == XENMEM_current_reservation ? d->nr_pages
                                                        : d->max_pages);
    case XENMEM_set_memory_map:
        if (s->self)
            return -EPERM;
        if ((rc = target(s, fm->domid, &d)))
            return rc;
        if (fm->map.nr_entries > SIM_MAX_E820)
            return -EINVAL;
        memcpy(d->e820, fm->map.buffer.p,
               fm->map.nr_entries * sizeof(struct xc__e820entry));
        d->nr_e820 = fm->map.nr_entries;
        return 0;
    case XENMEM_memory_map:
        if ((rc = target(s, DOMID_SELF, &d)))
            return rc;
        return get_map(arg, d->e820, d->nr_e820);
    case XENMEM_machine_memory_map:
        if (s->self)
            return -EPERM;
        machine[0] = (struct xc__e820entry){ 0, 0x9f000, XC__E820_RAM };
        machine[1] = (struct xc__e820entry){ 0x100000,
            (h->total_pages << XC_PAGE_SHIFT) - 0x100000, XC__E820_RAM };
        return get_map(arg, machine, 2);
    }
    return -ENOSYS;
}

void sim_memory_dom0_init(struct sim *s, struct sim_dom *d0)
{
    uint8_t *m = p2m_map(s, d0->domid);
    uint64_t g;

    /* Domain-0's memory is gfns [0, nr_pages): what its balloon driver
     * (the xensim-balloon tool) hands back and takes again. */
    if (!m)
        return;
    for (g = 0; g < d0->nr_pages && g < SIM_MAX_GFN; g++)
        m[g / 8] |= (uint8_t)(1U << (g % 8));
    if (d0->nr_pages)
        d0->max_gfn_seen = d0->nr_pages - 1;
    p2m_unmap(m);
}

void sim_memory_release(struct sim *s, struct sim_dom *d)
{
    s->st->host.used_pages -= d->nr_pages;
    d->nr_pages = 0;
}

static void *map_shinfo(xc_interface *xch, struct sim *s, uint32_t domid,
                        int prot)
{
    int fd = sim_dom_file(s, domid, "shinfo", XC_PAGE_SIZE);
    void *p;

    if (fd < 0) {
        errno = -fd;
        xc__err(xch, fd, "shared info of domain %u: %s", domid,
                strerror(-fd));
        return NULL;
    }
    p = mmap(NULL, XC_PAGE_SIZE, prot, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        xc__err(xch, -errno, "shared info of domain %u: %s", domid,
                strerror(errno));
        return NULL;
    }
    return p;
}

int sim_populated(struct sim *s, uint32_t domid, uint64_t gfn)
{
    uint8_t *m;
    int r;

    if (gfn >= SIM_MAX_GFN)
        return 0;
    m = p2m_map(s, domid);
    if (!m)
        return 0;
    r = test_bit(m, gfn);
    p2m_unmap(m);
    return r;
}

int sim_populated_types(struct sim *s, uint32_t domid, uint64_t *gfns,
                        size_t n)
{
    uint8_t *m = p2m_map(s, domid);
    size_t i;

    if (!m)
        return -ENOMEM;
    for (i = 0; i < n; i++)
        gfns[i] = gfns[i] < SIM_MAX_GFN && test_bit(m, gfns[i])
                  ? XEN_DOMCTL_PFINFO_NOTAB : XEN_DOMCTL_PFINFO_XTAB;
    p2m_unmap(m);
    return 0;
}

long sim_mmuext(struct sim *s, struct mmuext_op *ops, unsigned count,
                unsigned *done, uint32_t domid)
{
    struct sim_dom *d;
    unsigned i;
    int rc;

    if (s->self != 0)
        return -EPERM;
    d = sim_dom(s, domid == DOMID_SELF ? s->self : domid);
    if (!d)
        return -ESRCH;
    for (i = 0; i < count; i++) {
        if (ops[i].cmd > MMUEXT_UNPIN_TABLE)
            return -ENOSYS;
        if ((d->cdf & XEN_DOMCTL_CDF_hvm) ||
            !sim_populated(s, d->domid, ops[i].arg1.mfn))
            return -EINVAL;
        rc = sim_pin(s, d, ops[i].arg1.mfn, ops[i].cmd == MMUEXT_UNPIN_TABLE
                     ? 0 : ops[i].cmd - MMUEXT_PIN_L1_TABLE + 1);
        if (rc)
            return rc;
        if (done)
            *done = i + 1;
    }
    return 0;
}

/*
 * Fill a PV domain's hypercall page like Xen does for 64-bit guests: one
 * 32-byte stub per hypercall, "push %rcx; push %r11; mov $nr, %eax;
 * syscall; pop %r11; pop %rcx; ret".
 */
int sim_hypercall_init(struct sim *s, struct sim_dom *d, uint64_t gfn)
{
    static const uint8_t stub[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0,
                                    0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
    uint8_t page[XC_PAGE_SIZE];
    unsigned i;
    int fd;
    ssize_t r;

    if ((d->cdf & XEN_DOMCTL_CDF_hvm) || !sim_populated(s, d->domid, gfn))
        return -EINVAL;
    memset(page, 0xcc, sizeof(page));
    for (i = 0; i < XC_PAGE_SIZE / 32; i++) {
        memcpy(page + i * 32, stub, sizeof(stub));
        page[i * 32 + 4] = (uint8_t)i;
    }
    fd = sim_dom_file(s, d->domid, "mem", 0);
    if (fd < 0)
        return fd;
    r = pwrite(fd, page, sizeof(page), (off_t)(gfn << XC_PAGE_SHIFT));
    close(fd);
    return r == (ssize_t)sizeof(page) ? 0 : -EIO;
}

/* mmap gfns of a domain's mem file at one reserved range. */
static void *map_gfns(xc_interface *xch, struct sim *s, uint32_t domid,
                      int prot, const uint64_t *gfns, size_t n)
{
    size_t i, run;
    uint8_t *base, *m;
    int fd;

    m = p2m_map(s, domid);
    if (!m) {
        xc__err(xch, -EIO, "domain %u: cannot read its page map", domid);
        errno = EIO;
        return NULL;
    }
    if (n == 1 && gfns[0] == SIM_SHINFO_GFN) {
        p2m_unmap(m);
        return map_shinfo(xch, s, domid, prot);
    }
    for (i = 0; i < n; i++) {
        if (gfns[i] >= SIM_MAX_GFN || !test_bit(m, gfns[i])) {
            p2m_unmap(m);
            xc__err(xch, -EFAULT, "domain %u: gfn 0x%llx is not populated",
                    domid, (unsigned long long)gfns[i]);
            errno = EFAULT;
            return NULL;
        }
    }
    p2m_unmap(m);
    fd = sim_dom_file(s, domid, "mem", 0);
    base = mmap(NULL, n << XC_PAGE_SHIFT, PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (fd < 0 || base == MAP_FAILED)
        goto fail;
    for (i = 0; i < n; i += run) {
        for (run = 1; i + run < n && gfns[i + run] == gfns[i] + run; run++)
            ;
        if (mmap(base + (i << XC_PAGE_SHIFT), run << XC_PAGE_SHIFT, prot,
                 MAP_SHARED | MAP_FIXED, fd, (off_t)(gfns[i] << XC_PAGE_SHIFT))
            == MAP_FAILED)
            goto fail;
    }
    close(fd);
    return base;
fail:
    xc__err(xch, -errno, "cannot map memory of domain %u: %s", domid,
            strerror(errno));
    if (base != MAP_FAILED)
        munmap(base, n << XC_PAGE_SHIFT);
    if (fd >= 0)
        close(fd);
    return NULL;
}

static int may_map(xc_interface *xch, struct sim *s, uint32_t domid)
{
    if (s->self != 0 && domid != s->self) {
        errno = EPERM;
        return xc__err(xch, -EPERM, "domain %u may not map memory of "
                       "domain %u", s->self, domid);
    }
    if (!sim_dom(s, domid)) {
        errno = ESRCH;
        return xc__err(xch, -ESRCH, "domain %u: no such domain", domid);
    }
    return 0;
}

void *sim_map_foreign(xc_interface *xch, uint32_t domid, int prot,
                      const uint64_t *gfns, size_t n)
{
    struct sim *s = xch->priv;
    void *p = NULL;

    sim_lock(s);
    if (!may_map(xch, s, domid))
        p = map_gfns(xch, s, domid, prot, gfns, n);
    sim_unlock(s);
    return p;
}

void *sim_map_resource(xc_interface *xch, uint32_t domid, unsigned type,
                       unsigned id, unsigned long frame, unsigned long nr,
                       int prot)
{
    struct sim *s = xch->priv;
    struct sim_dom *d;
    void *p = NULL;
    int fd;

    sim_lock(s);
    if (may_map(xch, s, domid))
        goto out;
    d = sim_dom(s, domid);
    if (type != XENMEM_resource_grant_table ||
        id != XENMEM_resource_grant_table_id_shared) {
        errno = EOPNOTSUPP;
        xc__err(xch, -EOPNOTSUPP, "resource %u/%u: the simulator only "
                "provides the shared grant table", type, id);
        goto out;
    }
    if (frame + nr > d->max_grant_frames) {
        errno = EINVAL;
        xc__err(xch, -EINVAL, "domain %u has %u grant frames", domid,
                d->max_grant_frames);
        goto out;
    }
    fd = sim_dom_file(s, domid, "gnttab",
                  (uint64_t)d->max_grant_frames << XC_PAGE_SHIFT);
    if (fd < 0) {
        errno = -fd;
        xc__err(xch, fd, "grant table of domain %u: %s", domid,
                strerror(-fd));
        goto out;
    }
    p = mmap(NULL, nr << XC_PAGE_SHIFT, prot, MAP_SHARED, fd,
             (off_t)(frame << XC_PAGE_SHIFT));
    close(fd);
    if (p == MAP_FAILED) {
        p = NULL;
        xc__err(xch, -errno, "grant table of domain %u: %s", domid,
                strerror(errno));
    }
out:
    sim_unlock(s);
    return p;
}

void *sim_map_grant(xc_interface *xch, uint32_t domid, uint32_t ref,
                    int prot)
{
    struct sim *s = xch->priv;
    struct sim_dom *d;
    grant_entry_v1_t e;
    uint64_t gfn;
    void *p = NULL;
    int fd = -1, err = EINVAL;

    sim_lock(s);
    d = sim_dom(s, domid);
    if (!d) {
        err = ESRCH;
        goto fail;
    }
    if (ref >= d->max_grant_frames * (XC_PAGE_SIZE / sizeof(e)))
        goto fail;
    fd = sim_dom_file(s, domid, "gnttab",
                  (uint64_t)d->max_grant_frames << XC_PAGE_SHIFT);
    if (fd < 0 || pread(fd, &e, sizeof(e), (off_t)(ref * sizeof(e))) !=
                  (ssize_t)sizeof(e))
        goto fail;
    if (!(e.flags & GTF_permit_access) || e.domid != s->self ||
        ((e.flags & GTF_readonly) && (prot & PROT_WRITE))) {
        err = EPERM;
        goto fail;
    }
    gfn = e.frame;
    close(fd);
    fd = -1;
    p = map_gfns(xch, s, domid, prot, &gfn, 1);
    sim_unlock(s);
    return p;
fail:
    if (fd >= 0)
        close(fd);
    sim_unlock(s);
    xc__err(xch, -err, "cannot map grant %u of domain %u: %s", ref, domid,
            strerror(err));
    errno = err;
    return NULL;
}
