/*
 * libxl domain builder: the builder handle and the guest memory of the
 * domain being built: populating RAM, the pfn -> mfn table, the
 * allocation cursor that places segments, and the foreign mappings the
 * builder writes through (all released when the build ends).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "build_internal.h"

/* Pages per populate call (bounded hypercall buffers). */
#define POPULATE_BATCH (256UL * 1024)

struct build_dom *build_dom_new(xc_interface *xch)
{
    struct build_dom *d = calloc(1, sizeof(*d));

    if (d)
        d->xch = xch;
    return d;
}

void build_dom_free(struct build_dom *d)
{
    if (!d)
        return;
    build_unmap_all(d);
    free(d->p2m);
    free(d);
}

const char *build_errmsg(const struct build_dom *d)
{
    return d->err.msg;
}

int build_dom_seterr(struct build_dom *d, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(d->err.msg, sizeof(d->err.msg), fmt, ap);
    va_end(ap);
    return rc;
}

int build_dom_seterr_xc(struct build_dom *d, int rc, const char *what)
{
    const char *m = xc_errmsg(d->xch);

    return build_dom_seterr(d, rc, "%s: %s", what,
                            m && *m ? m : strerror(-rc));
}

/* Reset the per-build state, keeping the handle. */
void build_dom_reset(struct build_dom *d, uint32_t domid)
{
    build_unmap_all(d);
    free(d->p2m);
    d->p2m = NULL;
    d->domid = domid;
    d->total_pages = d->p2m_size = 0;
    d->alloc_pfn = d->alloc_end = d->virt_base = d->virt_alloc = 0;
    d->translated = false;
    d->err.msg[0] = '\0';
}

static int alloc_p2m(struct build_dom *d, uint64_t entries)
{
    if (entries > SIZE_MAX / sizeof(uint64_t))
        return build_dom_seterr(d, -ENOMEM, "guest memory too large");
    d->p2m = malloc(entries * sizeof(uint64_t));
    if (!d->p2m)
        return build_dom_seterr(d, -ENOMEM, "cannot allocate the p2m of "
                                "%llu pages", (unsigned long long)entries);
    d->p2m_size = entries;
    return 0;
}

int build_mem_populate_pv(struct build_dom *d)
{
    uint64_t pfn, n, i;
    int rc;

    if ((rc = alloc_p2m(d, d->total_pages)))
        return rc;
    /*
     * 4 KiB extents: for a PV guest Xen returns the mfn of each page in
     * the array, which becomes the p2m.
     */
    for (pfn = 0; pfn < d->total_pages; pfn += n) {
        n = d->total_pages - pfn < POPULATE_BATCH ? d->total_pages - pfn
                                                  : POPULATE_BATCH;
        for (i = 0; i < n; i++)
            d->p2m[pfn + i] = pfn + i;
        rc = xc_domain_populate_physmap_exact(d->xch, d->domid, n, 0, 0,
                                              &d->p2m[pfn]);
        if (rc)
            return build_dom_seterr_xc(d, rc, "cannot populate guest "
                                       "memory");
    }
    return 0;
}

int build_mem_populate_gfns(struct build_dom *d, uint64_t first, uint64_t n)
{
    uint64_t *gfns, done, k, i;
    int rc = 0;

    gfns = malloc((n < POPULATE_BATCH ? n : POPULATE_BATCH) *
                  sizeof(*gfns));
    if (!gfns)
        return build_dom_seterr(d, -ENOMEM, "out of memory");
    for (done = 0; done < n; done += k) {
        k = n - done < POPULATE_BATCH ? n - done : POPULATE_BATCH;
        for (i = 0; i < k; i++)
            gfns[i] = first + done + i;
        rc = xc_domain_populate_physmap_exact(d->xch, d->domid, k, 0, 0,
                                              gfns);
        if (rc) {
            rc = build_dom_seterr_xc(d, rc, "cannot populate guest "
                                     "memory");
            break;
        }
    }
    free(gfns);
    return rc;
}

void *build_map_pfns(struct build_dom *d, uint64_t pfn, uint64_t n)
{
    struct build_map *m;
    uint64_t *frames, i;
    void *p;

    if (d->nr_maps == BUILD_MAX_MAPS) {
        build_dom_seterr(d, -ENOMEM, "too many guest mappings");
        return NULL;
    }
    if (!n || pfn + n > d->p2m_size) {
        build_dom_seterr(d, -EINVAL, "pages 0x%llx+0x%llx lie outside "
                         "guest memory", (unsigned long long)pfn,
                         (unsigned long long)n);
        return NULL;
    }
    frames = malloc(n * sizeof(*frames));
    if (!frames) {
        build_dom_seterr(d, -ENOMEM, "out of memory");
        return NULL;
    }
    for (i = 0; i < n; i++)
        frames[i] = build_mfn(d, pfn + i);
    p = xc_map_foreign_pages(d->xch, d->domid, PROT_READ | PROT_WRITE,
                             frames, n);
    free(frames);
    if (!p) {
        build_dom_seterr_xc(d, -EFAULT, "cannot map guest memory");
        return NULL;
    }
    m = &d->maps[d->nr_maps++];
    m->pfn = pfn;
    m->pages = n;
    m->ptr = p;
    return p;
}

void *build_pfn_ptr(struct build_dom *d, uint64_t pfn)
{
    unsigned i;

    for (i = 0; i < d->nr_maps; i++) {
        struct build_map *m = &d->maps[i];

        if (pfn >= m->pfn && pfn - m->pfn < m->pages)
            return m->ptr + ((pfn - m->pfn) << BUILD_PAGE_SHIFT);
    }
    return NULL;
}

void build_unmap_all(struct build_dom *d)
{
    while (d->nr_maps) {
        struct build_map *m = &d->maps[--d->nr_maps];

        xc_unmap_foreign(d->xch, m->ptr, m->pages);
    }
}

static int take_pages(struct build_dom *d, uint64_t pages, const char *what)
{
    if (pages > d->alloc_end || d->alloc_pfn > d->alloc_end - pages)
        return build_dom_seterr(d, -ENOMEM, "not enough guest memory for "
                                "the %s (%llu pages at page 0x%llx, room "
                                "for %llu)", what,
                                (unsigned long long)pages,
                                (unsigned long long)d->alloc_pfn,
                                (unsigned long long)d->alloc_end);
    d->alloc_pfn += pages;
    d->virt_alloc += pages << BUILD_PAGE_SHIFT;
    return 0;
}

int build_seg_pad_to(struct build_dom *d, uint64_t vaddr, const char *what)
{
    if (vaddr & (BUILD_PAGE_SIZE - 1))
        return build_dom_seterr(d, -EINVAL, "the %s at 0x%llx is not page "
                                "aligned", what, (unsigned long long)vaddr);
    if (vaddr < d->virt_alloc)
        return build_dom_seterr(d, -EINVAL, "the %s at 0x%llx overlaps "
                                "what is already placed (up to 0x%llx)",
                                what, (unsigned long long)vaddr,
                                (unsigned long long)d->virt_alloc);
    return take_pages(d, (vaddr - d->virt_alloc) >> BUILD_PAGE_SHIFT, what);
}

int build_seg_alloc(struct build_dom *d, struct build_seg *seg,
                    const char *what, uint64_t bytes, void **ptr)
{
    uint64_t pages = (bytes + BUILD_PAGE_SIZE - 1) >> BUILD_PAGE_SHIFT;
    uint8_t *p;
    int rc;

    if (!pages)
        pages = 1;
    seg->pfn = d->alloc_pfn;
    seg->pages = pages;
    seg->vstart = d->virt_alloc;
    seg->vend = d->virt_alloc + bytes;
    if ((rc = take_pages(d, pages, what)))
        return rc;
    p = build_map_pfns(d, seg->pfn, pages);
    if (!p)
        return -EFAULT;
    memset(p, 0, pages << BUILD_PAGE_SHIFT);
    if (ptr)
        *ptr = p;
    return 0;
}
