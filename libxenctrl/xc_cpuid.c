/*
 * libxenctrl: a domain's CPUID and MSR policy (XEN_DOMCTL_get_cpu_policy /
 * XEN_DOMCTL_set_cpu_policy), the arrays of xen_cpuid_leaf_t and
 * xen_msr_entry_t that the toolstack reads, edits and writes back, and
 * the hypervisor's host and default policies (XEN_SYSCTL_get_cpu_policy).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "xc_private.h"

_Static_assert(sizeof(struct xc_cpuid_leaf) == sizeof(xen_cpuid_leaf_t),
               "xc_cpuid_leaf must match xen_cpuid_leaf_t");
_Static_assert(sizeof(struct xc_msr_entry) == sizeof(xen_msr_entry_t),
               "xc_msr_entry must match xen_msr_entry_t");

/* A policy the hypervisor returned (got_* entries in the bounce buffers)
 * into the caller's arrays of *nr_* entries. */
static int copy_out(xc_interface *xch, uint32_t got_l,
                    const xen_cpuid_leaf_t *lb, uint32_t *nr_leaves,
                    struct xc_cpuid_leaf *leaves, uint32_t got_m,
                    const xen_msr_entry_t *mb, uint32_t *nr_msrs,
                    struct xc_msr_entry *msrs)
{
    if (got_l > *nr_leaves || got_m > *nr_msrs)
        return xc__err(xch, -EIO, "the hypervisor returned more CPUID "
                       "leaves or MSRs than asked for");
    *nr_leaves = got_l;
    *nr_msrs = got_m;
    if (got_l)
        memcpy(leaves, lb, got_l * sizeof(*leaves));
    if (got_m)
        memcpy(msrs, mb, got_m * sizeof(*msrs));
    return 0;
}

int xc_get_domain_cpu_policy(xc_interface *xch, uint32_t domid,
                             uint32_t *nr_leaves, struct xc_cpuid_leaf *leaves,
                             uint32_t *nr_msrs, struct xc_msr_entry *msrs)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_get_cpu_policy,
                            .domain = (domid_t)domid };
    size_t lsz = *nr_leaves * sizeof(*leaves), msz = *nr_msrs * sizeof(*msrs);
    xen_cpuid_leaf_t *lb = xc__buf(xch, lsz);
    xen_msr_entry_t *mb = xc__buf(xch, msz);
    int rc = -ENOMEM;

    if (!lb || !mb)
        goto out;
    d.u.cpu_policy.nr_leaves = *nr_leaves;
    d.u.cpu_policy.nr_msrs = *nr_msrs;
    set_xen_guest_handle(d.u.cpu_policy.leaves, lb);
    set_xen_guest_handle(d.u.cpu_policy.msrs, mb);
    rc = xc__domctl(xch, &d);
    if (!rc)
        rc = copy_out(xch, d.u.cpu_policy.nr_leaves, lb, nr_leaves, leaves,
                      d.u.cpu_policy.nr_msrs, mb, nr_msrs, msrs);
out:
    xc__buf_free(xch, lb, lsz);
    xc__buf_free(xch, mb, msz);
    return rc;
}

int xc_get_system_cpu_policy(xc_interface *xch, uint32_t index,
                             uint32_t *nr_leaves, struct xc_cpuid_leaf *leaves,
                             uint32_t *nr_msrs, struct xc_msr_entry *msrs)
{
    struct xen_sysctl s = { .cmd = XEN_SYSCTL_get_cpu_policy };
    size_t lsz = *nr_leaves * sizeof(*leaves), msz = *nr_msrs * sizeof(*msrs);
    xen_cpuid_leaf_t *lb = xc__buf(xch, lsz);
    xen_msr_entry_t *mb = xc__buf(xch, msz);
    int rc = -ENOMEM;

    if ((lsz && !lb) || (msz && !mb))
        goto out;
    s.u.cpu_policy.index = index;
    s.u.cpu_policy.nr_leaves = *nr_leaves;
    s.u.cpu_policy.nr_msrs = *nr_msrs;
    set_xen_guest_handle(s.u.cpu_policy.leaves, lb);
    set_xen_guest_handle(s.u.cpu_policy.msrs, mb);
    rc = xc__sysctl(xch, &s);
    if (!rc)
        rc = copy_out(xch, s.u.cpu_policy.nr_leaves, lb, nr_leaves, leaves,
                      s.u.cpu_policy.nr_msrs, mb, nr_msrs, msrs);
out:
    xc__buf_free(xch, lb, lsz);
    xc__buf_free(xch, mb, msz);
    return rc;
}

int xc_set_domain_cpu_policy(xc_interface *xch, uint32_t domid,
                             uint32_t nr_leaves,
                             const struct xc_cpuid_leaf *leaves,
                             uint32_t nr_msrs, const struct xc_msr_entry *msrs,
                             uint32_t *err_leaf, uint32_t *err_subleaf,
                             uint32_t *err_msr)
{
    struct xen_domctl d = { .cmd = XEN_DOMCTL_set_cpu_policy,
                            .domain = (domid_t)domid };
    size_t lsz = nr_leaves * sizeof(*leaves), msz = nr_msrs * sizeof(*msrs);
    xen_cpuid_leaf_t *lb = xc__buf(xch, lsz);
    xen_msr_entry_t *mb = xc__buf(xch, msz);
    int rc = -ENOMEM;

    if (!lb || !mb)
        goto out;
    memcpy(lb, leaves, lsz);
    if (msz)
        memcpy(mb, msrs, msz);
    d.u.cpu_policy.nr_leaves = nr_leaves;
    d.u.cpu_policy.nr_msrs = nr_msrs;
    d.u.cpu_policy.err_leaf = d.u.cpu_policy.err_subleaf = ~0U;
    d.u.cpu_policy.err_msr = ~0U;
    set_xen_guest_handle(d.u.cpu_policy.leaves, lb);
    set_xen_guest_handle(d.u.cpu_policy.msrs, mb);
    rc = xc__domctl(xch, &d);
    if (err_leaf)
        *err_leaf = d.u.cpu_policy.err_leaf;
    if (err_subleaf)
        *err_subleaf = d.u.cpu_policy.err_subleaf;
    if (err_msr)
        *err_msr = d.u.cpu_policy.err_msr;
out:
    xc__buf_free(xch, lb, lsz);
    xc__buf_free(xch, mb, msz);
    return rc;
}
