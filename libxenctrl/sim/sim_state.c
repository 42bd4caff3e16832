/*
 * libxenctrl simulator, host state: the config file, mapping and locking
 * the shared state file, the console ring, and domain slots (creation,
 * destruction, vCPU run-time accounting).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

void sim_config_default(struct sim_config *c)
{
    memset(c, 0, sizeof(*c));
    c->cpus = 4;
    c->nodes = 1;
    c->cores_per_socket = 4;
    c->threads_per_core = 1;
    c->cpu_khz = 2400000;
    c->memory_mib = 8192;
    c->dom0_mib = 1024;
    c->xen_major = 4;
    c->xen_minor = 17;
    c->shadow_paging = 1;
    strcpy(c->extra, ".3-sim");
    strcpy(c->changeset, "xensim");
    strcpy(c->commandline, "placeholder dom0_mem=1024M");
}

static void put(char *b, size_t l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put(char *b, size_t l, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xc__vseterr(b, l, fmt, ap);
    va_end(ap);
}

static void set_str(char *dst, size_t len, const char *v)
{
    snprintf(dst, len, "%s", v);
}

int sim_config_read(const char *dir, struct sim_config *c, char *err,
                    size_t len)
{
    char path[4096], line[512], key[64], val[400];
    FILE *f;
    int n = 0;

    sim_config_default(c);
    snprintf(path, sizeof(path), "%s/xensim.conf", dir);
    f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? 0 : -errno;
    while (fgets(line, sizeof(line), f)) {
        n++;
        val[0] = 0;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, " %63[a-z_0-9] = %399[^\n]", key, val) < 1) {
            put(err, len, "%s:%d: cannot parse line", path, n);
            fclose(f);
            return -EINVAL;
        }
        if (!strcmp(key, "cpus"))
            c->cpus = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "nodes"))
            c->nodes = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "cores_per_socket"))
            c->cores_per_socket = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "threads_per_core"))
            c->threads_per_core = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "cpu_khz"))
            c->cpu_khz = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "memory_mib"))
            c->memory_mib = strtoul(val, NULL, 0);
        else if (!strcmp(key, "dom0_memory_mib"))
            c->dom0_mib = strtoul(val, NULL, 0);
        else if (!strcmp(key, "xen_major"))
            c->xen_major = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "xen_minor"))
            c->xen_minor = (unsigned)strtoul(val, NULL, 0);
        else if (!strcmp(key, "xen_extra"))
            set_str(c->extra, sizeof(c->extra), val);
        else if (!strcmp(key, "changeset"))
            set_str(c->changeset, sizeof(c->changeset), val);
        else if (!strcmp(key, "commandline"))
            set_str(c->commandline, sizeof(c->commandline), val);
        else if (!strcmp(key, "shadow_paging"))
            c->shadow_paging = (unsigned)strtoul(val, NULL, 0);
        else {
            put(err, len, "%s:%d: unknown key '%s'", path, n, key);
            fclose(f);
            return -EINVAL;
        }
    }
    fclose(f);
    if (!c->cpus || c->cpus > XC_MAX_CPUS || !c->nodes ||
        c->nodes > c->cpus || !c->memory_mib ||
        c->dom0_mib >= c->memory_mib || !c->cores_per_socket ||
        !c->threads_per_core) {
        put(err, len, "%s: inconsistent host (cpus 1..%d, 1 <= nodes <= "
            "cpus, dom0_memory_mib < memory_mib)", path, XC_MAX_CPUS);
        return -EINVAL;
    }
    return 0;
}

int sim_config_write(const char *dir, const struct sim_config *c)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/xensim.conf", dir);
    f = fopen(path, "we");
    if (!f)
        return -errno;
    fprintf(f, "# simulated Xen host (xensim(1))\n"
            "cpus = %u\nnodes = %u\ncores_per_socket = %u\n"
            "threads_per_core = %u\ncpu_khz = %u\nmemory_mib = %lu\n"
            "dom0_memory_mib = %lu\nxen_major = %u\nxen_minor = %u\n"
            "xen_extra = %s\nchangeset = %s\ncommandline = %s\n"
            "shadow_paging = %u\n",
            c->cpus, c->nodes, c->cores_per_socket, c->threads_per_core,
            c->cpu_khz, c->memory_mib, c->dom0_mib, c->xen_major,
            c->xen_minor, c->extra, c->changeset, c->commandline,
            c->shadow_paging);
    if (fclose(f))
        return -errno;
    return 0;
}

int64_t sim_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void sim_log(struct sim *s, const char *fmt, ...)
{
    struct sim_host *h = &s->st->host;
    char line[512];
    va_list ap;
    int n, i;

    n = snprintf(line, sizeof(line), "(XEN) ");
    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    for (i = 0; i < n; i++)
        h->cons[(h->cons_prod + (uint64_t)i) % SIM_CONS_SIZE] = line[i];
    h->cons_prod += (uint64_t)n;
}

char *sim_path(struct sim *s, uint32_t domid, const char *file)
{
    char *p = NULL;

    if (asprintf(&p, "%s/dom/%u%s%s", s->dir, domid, file ? "/" : "",
                 file ? file : "") < 0)
        return NULL;
    return p;
}

static void host_init(struct sim *s, const struct sim_config *c)
{
    struct sim_host *h = &s->st->host;
    struct xen_domctl_createdomain cd = { 0 };
    struct sim_dom *d0;
    uint32_t domid = 0;
    unsigned i;

    h->nr_cpus = c->cpus;
    h->nr_nodes = c->nodes;
    h->cores_per_socket = c->cores_per_socket;
    h->threads_per_core = c->threads_per_core;
    h->cpu_khz = c->cpu_khz;
    h->sched_id = XEN_SCHEDULER_CREDIT2;
    h->ratelimit_us = 1000;
    h->total_pages = (uint64_t)c->memory_mib << (20 - XC_PAGE_SHIFT);
    h->xen_major = c->xen_major;
    h->xen_minor = c->xen_minor;
    h->no_shadow = !c->shadow_paging;
    set_str(h->extra, sizeof(h->extra), c->extra);
    set_str(h->changeset, sizeof(h->changeset), c->changeset);
    set_str(h->commandline, sizeof(h->commandline), c->commandline);
    set_str(h->capabilities, sizeof(h->capabilities),
            "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
    set_str(h->compiler, sizeof(h->compiler), "gcc (Debian 12.2.0-14)");
    set_str(h->compile_by, sizeof(h->compile_by), "xensim");
    set_str(h->compile_domain, sizeof(h->compile_domain), "localdomain");
    set_str(h->compile_date, sizeof(h->compile_date), __DATE__);
    sim_log(s, "Xen version %u.%u%s (%s@%s) (%s) simulated", c->xen_major,
            c->xen_minor, c->extra, h->compile_by, h->compile_domain,
            h->compiler);
    sim_log(s, "Command line: %s", c->commandline);
    sim_log(s, "System RAM: %luMB, %u CPUs, %u NUMA nodes", c->memory_mib,
            c->cpus, c->nodes);
    sim_log(s, "Using scheduler: SMP Credit Scheduler rev2 (credit2)");
    cd.max_vcpus = c->cpus < SIM_MAX_VCPUS ? c->cpus : SIM_MAX_VCPUS;
    cd.max_evtchn_port = SIM_MAX_PORTS - 1;
    cd.max_grant_frames = 64;
    sim_dom_create(s, &domid, &cd);
    d0 = sim_dom(s, 0);
    d0->nr_pages = (uint64_t)c->dom0_mib << (20 - XC_PAGE_SHIFT);
    d0->max_pages = ~0ULL >> 12;
    h->used_pages += d0->nr_pages;
    sim_memory_dom0_init(s, d0);
    for (i = 0; i < d0->max_vcpus; i++)
        d0->vcpu[i].online = 1;
    d0->pause_count = 0;
    sim_dom_sched(d0);
    sim_log(s, "Dom0 has %u vCPUs and %luMB of memory", d0->max_vcpus,
            c->dom0_mib);
}

int sim_attach(struct sim *s, const char *dir, uint32_t self, char *err,
               size_t len)
{
    char path[4096];
    struct sim_config c;
    struct stat sb;
    int rc;

    memset(s, 0, sizeof(*s));
    s->fd = -1;
    s->dir = dir;
    s->self = self;
    if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
        put(err, len, "simulator directory '%s' (XENSIM_DIR) does not exist",
            dir);
        return -ENOENT;
    }
    snprintf(path, sizeof(path), "%s/state", dir);
    s->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (s->fd < 0) {
        rc = -errno;
        put(err, len, "cannot open '%s': %s", path, strerror(errno));
        return rc;
    }
    flock(s->fd, LOCK_EX);
    if (fstat(s->fd, &sb) < 0 || (sb.st_size && (size_t)sb.st_size !=
                                  sizeof(struct sim_state))) {
        put(err, len, "'%s' is not a simulator state of this version", path);
        rc = -EINVAL;
        goto fail;
    }
    if (!sb.st_size) {
        rc = sim_config_read(dir, &c, err, len);
        if (rc)
            goto fail;
        if (ftruncate(s->fd, sizeof(struct sim_state)) < 0) {
            rc = -errno;
            put(err, len, "cannot size '%s': %s", path, strerror(errno));
            goto fail;
        }
    }
    s->st = mmap(NULL, sizeof(struct sim_state), PROT_READ | PROT_WRITE,
                 MAP_SHARED, s->fd, 0);
    if (s->st == MAP_FAILED) {
        rc = -errno;
        s->st = NULL;
        put(err, len, "cannot map '%s': %s", path, strerror(-rc));
        goto fail;
    }
    if (!sb.st_size) {
        snprintf(path, sizeof(path), "%s/dom", dir);
        mkdir(path, 0755);
        sim_config_write(dir, &c);
        host_init(s, &c);
        s->st->host.magic = SIM_MAGIC;
    }
    if (s->st->host.magic != SIM_MAGIC) {
        put(err, len, "'%s/state' is damaged (bad magic)", dir);
        rc = -EINVAL;
        goto fail;
    }
    s->dev = (uint64_t)sb.st_dev;
    s->ino = (uint64_t)sb.st_ino;
    flock(s->fd, LOCK_UN);
    return 0;
fail:
    sim_detach(s);
    return rc;
}

void sim_detach(struct sim *s)
{
    if (s->st)
        munmap(s->st, sizeof(struct sim_state));
    s->st = NULL;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}

void sim_lock(struct sim *s)
{
    while (flock(s->fd, LOCK_EX) < 0 && errno == EINTR)
        ;
}

void sim_unlock(struct sim *s)
{
    flock(s->fd, LOCK_UN);
}

struct sim_dom *sim_dom(struct sim *s, uint32_t domid)
{
    uint16_t slot;

    if (domid >= SIM_NR_DOMIDS)
        return NULL;
    slot = s->st->host.slot_of[domid];
    return slot ? &s->st->dom[slot - 1] : NULL;
}

unsigned sim_slot(struct sim *s, const struct sim_dom *d)
{
    return (unsigned)(d - s->st->dom);
}

struct sim_port *sim_ports(struct sim *s, const struct sim_dom *d)
{
    return s->st->ports[sim_slot(s, d)];
}

uint64_t sim_vcpu_time(const struct sim_vcpu *v)
{
    return v->cpu_time + (v->since ? (uint64_t)(sim_now() - v->since) : 0);
}

void sim_dom_sched(struct sim_dom *d)
{
    bool run = !d->pause_count && !d->shutdown && !d->dying;
    int64_t now = sim_now();
    unsigned i;

    for (i = 0; i < d->max_vcpus; i++) {
        struct sim_vcpu *v = &d->vcpu[i];
        bool r = run && v->online;

        if (r && !v->since)
            v->since = now;
        else if (!r && v->since) {
            v->cpu_time += (uint64_t)(now - v->since);
            v->since = 0;
        }
    }
}

/* Xen 4.17's emulation_flags_ok() for a domain other than Dom0: HVM
 * gets every emulator but vPCI or (PVH) the local APIC only. */
static bool emulation_ok(const struct xen_domctl_createdomain *c)
{
    uint32_t f = c->arch.emulation_flags;

    if (c->flags & XEN_DOMCTL_CDF_hvm)
        return f == (XEN_X86_EMU_ALL & ~XEN_X86_EMU_VPCI) ||
               f == XEN_X86_EMU_LAPIC;
    return f == 0 || f == XEN_X86_EMU_PIT;
}

int sim_dom_create(struct sim *s, uint32_t *domid,
                   const struct xen_domctl_createdomain *c)
{
    struct sim_host *h = &s->st->host;
    struct sim_dom *d = NULL;
    uint32_t id = *domid;
    unsigned i, slot;
    char *p;

    if (!c->max_vcpus || c->max_vcpus > SIM_MAX_VCPUS ||
        (c->flags & ~(XEN_DOMCTL_CDF_MAX | (XEN_DOMCTL_CDF_MAX - 1))))
        return -EINVAL;
    if (!emulation_ok(c))
        return -EOPNOTSUPP;
    if (id == DOMID_INVALID || (id == 0 && h->magic)) {
        for (id = 1; id < DOMID_FIRST_RESERVED && h->slot_of[id]; id++)
            ;
        if (id >= DOMID_FIRST_RESERVED)
            return -ENOMEM;
    } else if (id >= DOMID_FIRST_RESERVED) {
        return -EINVAL;
    } else if (h->slot_of[id]) {
        return -EEXIST;
    }
    for (slot = 0; slot < SIM_MAX_DOMS; slot++)
        if (!s->st->dom[slot].used)
            break;
    if (slot == SIM_MAX_DOMS)
        return -ENOMEM;
    d = &s->st->dom[slot];
    memset(d, 0, sizeof(*d));
    d->used = 1;
    d->domid = id;
    d->cdf = c->flags;
    d->ssidref = c->ssidref;
    memcpy(d->handle, c->handle, 16);
    d->pause_count = 1;
    d->max_vcpus = c->max_vcpus;
    d->max_evtchn_port = c->max_evtchn_port < SIM_MAX_PORTS ?
                         c->max_evtchn_port : SIM_MAX_PORTS - 1;
    d->max_grant_frames = c->max_grant_frames > 0 ?
                          (uint32_t)c->max_grant_frames : 64;
    d->max_pages = ~0ULL >> 12;
    d->weight = 256;
    for (i = 0; i < d->max_vcpus; i++) {
        d->vcpu[i].cpu = i % h->nr_cpus;
        memset(d->vcpu[i].hard, 0xff, XC_CPUMAP_BYTES);
        memset(d->vcpu[i].soft, 0xff, XC_CPUMAP_BYTES);
    }
    d->vcpu[0].online = 1;
    h->slot_of[id] = (uint16_t)(slot + 1);
    p = sim_path(s, id, NULL);
    if (p) {
        mkdir(p, 0755);
        free(p);
    }
    if (id)
        sim_log(s, "d%u: created (%s, %u vCPUs)", id,
                (c->flags & XEN_DOMCTL_CDF_hvm) ? "hvm" : "pv",
                c->max_vcpus);
    *domid = id;
    return 0;
}

/* Remove the domain's directory and every file in it (memory, vCPU
 * state, pins, ...): a later domain with the same id starts clean. */
static void remove_dir(struct sim *s, uint32_t domid)
{
    char *p = sim_path(s, domid, NULL);
    struct dirent *e;
    DIR *dir;
    int fd;

    if (!p)
        return;
    dir = opendir(p);
    if (dir) {
        fd = dirfd(dir);
        while ((e = readdir(dir)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                unlinkat(fd, e->d_name, 0);
        closedir(dir);
    }
    rmdir(p);
    free(p);
}

void sim_dom_destroy(struct sim *s, struct sim_dom *d)
{
    uint32_t id = d->domid;

    d->dying = 1;
    sim_dom_sched(d);
    sim_evtchn_close_all(s, d);
    sim_memory_release(s, d);
    s->st->host.claimed_pages -= d->outstanding;
    remove_dir(s, id);
    s->st->host.slot_of[id] = 0;
    memset(d, 0, sizeof(*d));
    sim_log(s, "d%u: destroyed", id);
    sim_evtchn_fire_virq(s, VIRQ_DOM_EXC);
}
