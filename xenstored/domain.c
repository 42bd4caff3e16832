/*
 * xenstored domains: INTRODUCE/RELEASE/RESUME bookkeeping, @introduceDomain
 * and @releaseDomain events, node cleanup and ACL purge on release.
 * Guest rings are not mapped yet: INTRODUCE fails with ENOSYS.
 */
#include "xenstored.h"

#include <errno.h>
#include <stdio.h>

int domain_init(void)
{
    return 0;
}

int domain_fd(void)
{
    return -1;
}

void domain_event(void)
{
}

void domain_poll_conns(void)
{
}

int domain_introduce(struct conn *c, uint32_t domid, uint64_t mfn,
                     uint32_t port)
{
    struct dom *d = dom_get(domid, false);

    (void)c;
    (void)mfn;
    (void)port;
    if (d && d->introduced)
        return -EEXIST;
    log_warn("introduce of domain %u: guest rings not supported yet",
             domid);
    return -ENOSYS;
}

int domain_release(uint32_t domid, bool fire)
{
    struct dom *d = dom_get(domid, false);
    struct node *n;
    char path[40];

    if (!d || !d->introduced)
        return -ENOENT;
    if (d->conn)
        d->conn->dead = true;
    d->conn = NULL;
    d->introduced = false;
    if (!opt_keep_orphans) {
        snprintf(path, sizeof(path), "/local/domain/%u", domid);
        if (table_get(&store, path))
            do_rm_tree(NULL, NULL, path, true);
    }
    perms_purge_domid(domid);
    dom_forget(domid);
    if (fire && (n = table_get(&store, "@releaseDomain")))
        watch_fire_node("@releaseDomain", true, n);
    return 0;
}

int domain_resume(uint32_t domid)
{
    struct dom *d = dom_get(domid, false);

    return d && d->introduced ? 0 : -ENOENT;
}
