/*
 * libxenctrl simulator, guest boot: when a domain first runs and the
 * kernel loaded into it is the simulated one (`xensim mkkernel`), start
 * a detached process that plays it (sim_guest_run.c).  One guest process
 * per domain: it holds an abstract socket named after the domain's
 * memory file, so a second unpause finds it running.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim.h"
#include "sim_guest.h"
#include "sim_guest_int.h"
#include "sim_hvmctx.h"

#define PTE_PRESENT 0x1ULL
#define PTE_PSE 0x80ULL
#define PTE_FRAME 0x000ffffffffff000ULL

static int read_at(int fd, uint64_t addr, void *buf, size_t len)
{
    ssize_t r = pread(fd, buf, len, (off_t)addr);

    return r == (ssize_t)len ? 0 : -EFAULT;
}

/* Translate a PV virtual address through the page tables at cr3. */
static int pv_translate(int fd, uint64_t cr3, uint64_t va, uint64_t *pa)
{
    uint64_t table = cr3 & PTE_FRAME, e = 0;
    int shift, rc;

    for (shift = 39; shift >= 12; shift -= 9) {
        rc = read_at(fd, table + ((va >> shift) & 511) * 8, &e, 8);
        if (rc || !(e & PTE_PRESENT))
            return -EFAULT;
        if ((shift == 30 || shift == 21) && (e & PTE_PSE)) {
            *pa = (e & PTE_FRAME & ~((1ULL << shift) - 1)) |
                  (va & ((1ULL << shift) - 1));
            return 0;
        }
        table = e & PTE_FRAME;
    }
    *pa = table | (va & 0xfff);
    return 0;
}

static int has_marker(int fd, uint64_t image)
{
    char m[sizeof(SIM_GUEST_MARKER)];

    return !read_at(fd, image + SIM_GUEST_MARKER_OFF, m, sizeof(m)) &&
           !memcmp(m, SIM_GUEST_MARKER, sizeof(m));
}

/* Where the guest starts: 0 and *boot filled if the kernel is ours. */
static int probe(struct sim *s, struct sim_dom *d, int fd,
                 struct sim_guest_boot *b)
{
    vcpu_guest_context_t c;
    uint64_t pa;
    char *p;
    int vfd, rc;

    if (d->cdf & XEN_DOMCTL_CDF_hvm) {
        struct hvm_hw_cpu cpu;

        b->hvm = 1;
        /* Back from a suspend: vCPU 0 is at the resume point, rax 1 if
         * the suspend was cancelled (same domain). */
        if (!sim_hvmctx_cpu(s, d, 0, &cpu) &&
            cpu.rip == SIM_GUEST_PADDR + SIM_GUEST_RESUME_ENTRY) {
            b->resumed = 1;
            b->cancelled = cpu.rax == 1;
        }
        return has_marker(fd, SIM_GUEST_PADDR) ? 0 : -ENOENT;
    }
    p = sim_path(s, d->domid, "vcpu0");
    vfd = p ? open(p, O_RDONLY | O_CLOEXEC) : -1;
    free(p);
    if (vfd < 0)
        return -ENOENT;
    rc = read_at(vfd, 0, &c, sizeof(c));
    close(vfd);
    if (!rc && c.user_regs.rip == SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR +
                                  SIM_GUEST_RESUME_ENTRY) {
        /* Back from a suspend: rdx is the start_info frame, rax 1 if the
         * suspend was cancelled (same domain). */
        rc = pv_translate(fd, c.ctrlreg[3], c.user_regs.rip, &pa);
        if (rc || !has_marker(fd, pa - SIM_GUEST_RESUME_ENTRY))
            return -ENOENT;
        b->start_info = c.user_regs.rdx << XC_PAGE_SHIFT;
        b->cr3 = c.ctrlreg[3];
        b->resumed = 1;
        b->cancelled = c.user_regs.rax == 1;
        return 0;
    }
    if (rc || c.user_regs.rip != SIM_GUEST_VIRT_BASE + SIM_GUEST_PADDR +
                                  SIM_GUEST_PV_ENTRY)
        return -ENOENT;
    rc = pv_translate(fd, c.ctrlreg[3], c.user_regs.rip, &pa);
    if (rc || !has_marker(fd, pa - SIM_GUEST_PV_ENTRY))
        return -ENOENT;
    rc = pv_translate(fd, c.ctrlreg[3], c.user_regs.rsi, &pa);
    if (rc)
        return rc;
    b->start_info = pa;
    b->cr3 = c.ctrlreg[3];
    return 0;
}

socklen_t sim_guest_sockname(const struct sim_guest_boot *b,
                             struct sockaddr_un *sa)
{
    int n;

    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    n = snprintf(sa->sun_path + 1, sizeof(sa->sun_path) - 1,
                 "xensim-%llx-%llx-guest-%u-%llx",
                 (unsigned long long)b->state_dev,
                 (unsigned long long)b->state_ino, b->domid,
                 (unsigned long long)b->mem_ino);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
                       (size_t)n);
}

/* Bind the guest's name on fd 3 once the suspended kernel's process has
 * let go of it (at its exit); -1 if it still holds it after 5 s. */
static int wait_name(struct sim_guest_boot *b)
{
    struct sockaddr_un sa;
    socklen_t len = sim_guest_sockname(b, &sa);
    int i;

    for (i = 0; i < 500; i++) {
        if (!bind(3, (struct sockaddr *)&sa, len))
            return 0;
        if (errno != EADDRINUSE)
            return -1;
        usleep(10000);
    }
    return -1;
}

/* The grandchild: a clean process (no inherited fds or signal state). */
static void detach(struct sim *s, int sock, struct sim_guest_boot *b)
{
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigset_t all;
    char name[16];
    int fd, i;

    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    for (i = 1; i < NSIG; i++)
        sigaction(i, &sa, NULL);
    if (dup2(sock, 3) < 0)
        _exit(1);
    if (close_range(4, ~0U, 0) < 0)
        for (i = 4; i < 1024; i++)
            close(i);
    fd = open("/dev/null", O_RDWR);
    for (i = 0; i < 3 && fd >= 0; i++)
        if (fd != i)
            dup2(fd, i);
    if (fd > 2)
        close(fd);
    /* The parent's mapping of the state; the guest maps its own. */
    munmap(s->st, sizeof(*s->st));
    if (chdir("/") < 0)
        _exit(1);
    if (b->wait_name && wait_name(b))
        _exit(0);
    b->sock = 3;
    snprintf(name, sizeof(name), "xensim-d%u", b->domid);
    prctl(PR_SET_NAME, name);
    _exit(sim_guest_run(b));
}

static void boot(struct sim *s, struct sim_dom *d, int resumed)
{
    struct sim_guest_boot b = { .domid = d->domid, .state_dev = s->dev,
                                .state_ino = s->ino };
    struct sockaddr_un sa;
    struct stat st;
    socklen_t len;
    pid_t pid;
    char *p;
    int fd, sock;

    if (!d->domid || d->pause_count || d->shutdown || d->dying)
        return;
    p = sim_path(s, d->domid, "mem");
    fd = p ? open(p, O_RDONLY | O_CLOEXEC) : -1;
    free(p);
    if (fd < 0)
        return;
    if (fstat(fd, &st) < 0 || probe(s, d, fd, &b)) {
        close(fd);
        return;
    }
    close(fd);
    b.mem_dev = st.st_dev;
    b.mem_ino = st.st_ino;
    snprintf(b.dir, sizeof(b.dir), "%s", s->dir);
    sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0)
        return;
    len = sim_guest_sockname(&b, &sa);
    if (bind(sock, (struct sockaddr *)&sa, len) < 0) {
        /* EADDRINUSE: already running, or (resumed) not gone yet */
        if (!resumed || errno != EADDRINUSE) {
            close(sock);
            return;
        }
        b.wait_name = 1;
    }
    pid = fork();
    if (pid == 0) {
        setsid();
        if (fork() == 0)
            detach(s, sock, &b);
        _exit(0);
    }
    close(sock);
    if (pid < 0) {
        sim_log(s, "d%u: cannot start the simulated kernel: %s", d->domid,
                strerror(errno));
        return;
    }
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    sim_log(s, "d%u: simulated guest kernel started", d->domid);
}

void sim_guest_boot(struct sim *s, struct sim_dom *d)
{
    boot(s, d, 0);
}

void sim_guest_boot_resumed(struct sim *s, struct sim_dom *d)
{
    boot(s, d, 1);
}
