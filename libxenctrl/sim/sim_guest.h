/*
 * libxenctrl simulator: the simulated guest kernel.  The layout of the
 * image `xensim mkkernel` writes (sim_kernel.c) and the boot hook that
 * starts a process playing that kernel when its domain first runs
 * (sim_guest*.c).
 */
#ifndef XC_SIM_GUEST_H
#define XC_SIM_GUEST_H

#include <stddef.h>
#include <stdint.h>

/* Where the kernel lives: like Linux, __START_KERNEL_map + physical. */
#define SIM_GUEST_VIRT_BASE 0xffffffff80000000ULL
#define SIM_GUEST_PADDR 0x200000ULL
#define SIM_GUEST_PV_ENTRY 0x0          /* offsets in the loaded image */
#define SIM_GUEST_PVH_ENTRY 0x20
/* Where a PV guest continues after its suspend hypercall. */
#define SIM_GUEST_RESUME_ENTRY 0x40
/* The kernel's state page (in its bss, past FILESZ). */
#define SIM_GUEST_STATE_OFF 0x2000
#define SIM_GUEST_MARKER_OFF 0x100
#define SIM_GUEST_HYPERCALL_OFF 0x1000
#define SIM_GUEST_FILESZ 0x2000
#define SIM_GUEST_MEMSZ 0x3000
#define SIM_GUEST_MARKER "XENSIM-GUEST-KERNEL"   /* with its NUL: 20 bytes */
#define SIM_GUEST_RELEASE "6.1.0-xensim"

/* The kernel bare or in a bzImage; or a stand-in for hvmloader: a 32-bit
 * ELF without Xen notes whose code halts (HVM creation tests). */
enum sim_kformat { SIM_KFORMAT_ELF, SIM_KFORMAT_BZ_XZ, SIM_KFORMAT_BZ_GZIP,
                   SIM_KFORMAT_HVMLOADER };

/* Build the kernel image (malloc'd); 0 or -errno with a message. */
int sim_kernel_make(enum sim_kformat f, uint8_t **img, size_t *len,
                    char *err, size_t errlen);

struct sim;
struct sim_dom;

/* Unpause hook (state locked): start the guest if its kernel is ours. */
void sim_guest_boot(struct sim *s, struct sim_dom *d);
/* The same after a resume from a suspend: the suspended kernel's process
 * may still hold the guest's name for a moment (it exits after its
 * suspend hypercall), so the new one waits for it (up to 5 s) instead of
 * taking it for a running kernel. */
void sim_guest_boot_resumed(struct sim *s, struct sim_dom *d);

#endif /* XC_SIM_GUEST_H */
