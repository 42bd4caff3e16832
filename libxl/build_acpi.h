/*
 * libxl domain builder: the ACPI tables of a PVH guest, laid out as Xen
 * 4.17's libxl does (libxl_x86_acpi.c with libacpi): the acpi_info page
 * at 0xfc000000, the tables in the pages after it (FACS, DSDT, FADT 1.0
 * for the RSDT, FADT 5.0 for the XSDT, MADT, XSDT, RSDT) and the RSDP
 * after the tables -- or in the last 64 bytes below 1 MiB for a Linux
 * kernel that does not announce XENFEAT_linux_rsdp_unrestricted.  Never
 * installed.
 */
#ifndef LIBXL_BUILD_ACPI_H
#define LIBXL_BUILD_ACPI_H

#include <stdbool.h>
#include <stdint.h>

struct aml;

#define BUILD_ACPI_INFO 0xfc000000ULL  /* Xen's ACPI_INFO_PHYSICAL_ADDRESS */
#define BUILD_ACPI_PAGES 16            /* room for the tables */
#define BUILD_ACPI_RSDP_LOW (0x100000ULL - 64)

/* What goes into the guest: three pieces, as Xen's acpi_modules[]. */
enum { BUILD_ACPI_RSDP, BUILD_ACPI_INFO_PAGE, BUILD_ACPI_TABLES,
       BUILD_ACPI_NR };

struct build_acpi {
    struct {
        uint64_t addr;            /* guest physical address */
        uint32_t len;
        uint8_t *data;            /* malloc'd */
    } mod[BUILD_ACPI_NR];
};

/*
 * Build the tables for nr_vcpus vCPUs (1..HVM_MAX_VCPUS), the first
 * nr_online of them online; apic: a MADT even for one vCPU (Xen's
 * apic=); rsdp_low: the RSDP below 1 MiB.  0, -EINVAL (bad count) or
 * -ENOMEM; on failure nothing is left allocated.
 */
int build_acpi_tables(struct build_acpi *t, unsigned nr_vcpus,
                      unsigned nr_online, bool apic, bool rsdp_low);
void build_acpi_dispose(struct build_acpi *t);

/* The AML of the PVH DSDT (build_acpi_dsdt.c); 0 or -1 (a->err). */
int build_acpi_dsdt_body(struct aml *a);

#endif /* LIBXL_BUILD_ACPI_H */
