/*
 * libxl domain builder: the DSDT of a PVH guest, with what Xen 4.17's
 * PVH DSDT declares: the \_SB.BIOS region over the acpi_info page, one
 * processor object per possible vCPU (its MADT entry as _MAT, _STA from
 * the entry's enabled flag), the online-vCPU bitmap Xen exposes at
 * XEN_ACPI_CPU_MAP and the GPE handler that brings the MADT in line with
 * it when vCPUs are hot-plugged.  No _S5: a PVH guest powers off by
 * halting its last vCPU (Xen shuts the domain down then).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <xen/hvm/hvm_info_table.h>
#include <xen/arch-x86/guest-acpi.h>

#include "build_acpi.h"
#include "build_aml.h"

/* Field(NAME, ByteAcc, NoLock, Preserve) { ... } is opened by this. */
static void field_begin(struct aml *a, const char *region)
{
    aml_begin_ext(a, AML_EXT_FIELD);
    aml_name(a, region);
    aml_byte(a, AML_FIELD_BYTE_NOLOCK_PRESERVE);
}

static void field_unit(struct aml *a, const char *name, uint32_t bits)
{
    aml_name(a, name);
    aml_field_len(a, bits);
}

static void field_skip(struct aml *a, uint32_t bits)
{
    aml_byte(a, 0x00);                  /* ReservedField */
    aml_field_len(a, bits);
}

/* \_SB.BIOS: struct acpi_info at BUILD_ACPI_INFO (40 bytes). */
static void bios_region(struct aml *a)
{
    static const char *const dwords[] = { "PMIN", "PLEN", "MSUA", "MAPA",
                                          "VGIA", "LMIN", "HMIN", "LLEN",
                                          "HLEN" };
    unsigned i;

    aml_begin(a, AML_SCOPE);
    aml_name(a, "\\_SB");
    aml_byte(a, AML_EXT);
    aml_byte(a, AML_EXT_REGION);
    aml_name(a, "BIOS");
    aml_byte(a, AML_SPACE_MEMORY);
    aml_int(a, BUILD_ACPI_INFO);
    aml_int(a, 40);
    field_begin(a, "BIOS");
    field_unit(a, "UAR1", 1);
    field_unit(a, "UAR2", 1);
    field_unit(a, "LTP1", 1);
    field_unit(a, "HPET", 1);
    field_skip(a, 12);                  /* Offset(2) */
    field_unit(a, "NCPU", 16);
    for (i = 0; i < sizeof(dwords) / sizeof(dwords[0]); i++)
        field_unit(a, dwords[i], 32);
    aml_end(a);
    aml_end(a);
}

/* Method PMAT(cpu, mat): the MADT entry while cpu < NCPU, else a
 * disabled local APIC entry. */
static void pmat_method(struct aml *a)
{
    static const uint8_t disabled[] = { 0, 8, 0xff, 0xff, 0, 0, 0, 0 };

    aml_begin(a, AML_METHOD);
    aml_name(a, "PMAT");
    aml_byte(a, 2);
    aml_begin(a, AML_IF);
    aml_byte(a, AML_LLESS);
    aml_arg(a, 0);
    aml_name(a, "NCPU");
    aml_byte(a, AML_RETURN);
    aml_byte(a, AML_TO_BUFFER);
    aml_arg(a, 1);
    aml_byte(a, AML_ZERO);              /* no target */
    aml_end(a);
    aml_byte(a, AML_RETURN);
    aml_begin(a, AML_BUFFER);
    aml_int(a, sizeof(disabled));
    aml_bytes(a, disabled, sizeof(disabled));
    aml_end(a);
    aml_end(a);
}

static void processor(struct aml *a, unsigned cpu)
{
    char name[8];

    snprintf(name, sizeof(name), "PR%02X", cpu);
    aml_begin_ext(a, AML_EXT_PROCESSOR);
    aml_name(a, name);
    aml_byte(a, (uint8_t)cpu);
    aml_u32(a, 0xb010);                 /* processor block, as Xen's */
    aml_byte(a, 6);
    aml_byte(a, AML_NAME);
    aml_name(a, "_HID");
    aml_string(a, "ACPI0007");
    aml_byte(a, AML_NAME);
    aml_name(a, "_UID");
    aml_int(a, cpu);
    /* MATR: this vCPU's 8-byte MADT local APIC entry. */
    aml_byte(a, AML_EXT);
    aml_byte(a, AML_EXT_REGION);
    aml_name(a, "MATR");
    aml_byte(a, AML_SPACE_MEMORY);
    aml_byte(a, AML_ADD);
    aml_name(a, "\\_SB.MAPA");
    aml_int(a, cpu * 8);
    aml_byte(a, AML_ZERO);
    aml_int(a, 8);
    field_begin(a, "MATR");
    field_unit(a, "MAT", 64);
    aml_end(a);
    field_begin(a, "MATR");
    field_skip(a, 32);                  /* Offset(4): the flags */
    field_unit(a, "FLG", 1);
    aml_end(a);
    aml_begin(a, AML_METHOD);           /* _MAT */
    aml_name(a, "_MAT");
    aml_byte(a, 0);
    aml_byte(a, AML_RETURN);
    if (cpu) {
        aml_name(a, "PMAT");
        aml_int(a, cpu);
        aml_name(a, "MAT");
    } else {
        aml_byte(a, AML_TO_BUFFER);
        aml_name(a, "MAT");
        aml_byte(a, AML_ZERO);
    }
    aml_end(a);
    aml_begin(a, AML_METHOD);           /* _STA */
    aml_name(a, "_STA");
    aml_byte(a, 0);
    if (cpu) {
        aml_begin(a, AML_IF);
        aml_byte(a, AML_LLESS);
        aml_int(a, cpu);
        aml_name(a, "\\_SB.NCPU");
    }
    aml_begin(a, AML_IF);
    aml_name(a, "FLG");
    aml_byte(a, AML_RETURN);
    aml_int(a, 0xf);
    aml_end(a);
    if (cpu)
        aml_end(a);
    aml_byte(a, AML_RETURN);
    aml_byte(a, AML_ZERO);
    aml_end(a);
    aml_begin(a, AML_METHOD);           /* _EJ0: nothing to do */
    aml_name(a, "_EJ0");
    aml_byte(a, 1);
    aml_byte(a, AML_EXT);
    aml_byte(a, AML_EXT_SLEEP);
    aml_int(a, 200);
    aml_end(a);
    aml_end(a);
}

/* One vCPU of PRSC: if its bit in PRS differs from FLG, update FLG and
 * the MADT checksum, and notify (device check, or eject request). */
static void prsc_cpu(struct aml *a, unsigned cpu)
{
    char flg[16], pr[8];

    snprintf(flg, sizeof(flg), "\\_SB.PR%02X.FLG", cpu);
    snprintf(pr, sizeof(pr), "PR%02X", cpu);
    if (!(cpu & 7)) {                   /* Local1 = PRS byte cpu / 8 */
        aml_byte(a, AML_STORE);
        aml_byte(a, AML_DEREF_OF);
        aml_byte(a, AML_INDEX);
        aml_local(a, 0);
        aml_int(a, cpu / 8);
        aml_byte(a, AML_ZERO);
        aml_local(a, 1);
    } else {                            /* Local1 >>= 1 */
        aml_byte(a, AML_SHIFT_RIGHT);
        aml_local(a, 1);
        aml_int(a, 1);
        aml_local(a, 1);
    }
    aml_byte(a, AML_AND);               /* Local2 = Local1 & 1 */
    aml_local(a, 1);
    aml_int(a, 1);
    aml_local(a, 2);
    aml_begin(a, AML_IF);
    aml_byte(a, AML_LNOT);
    aml_byte(a, AML_LEQUAL);
    aml_local(a, 2);
    aml_name(a, flg);
    aml_byte(a, AML_STORE);
    aml_local(a, 2);
    aml_name(a, flg);
    aml_begin(a, AML_IF);
    aml_byte(a, AML_LEQUAL);
    aml_local(a, 2);
    aml_int(a, 1);
    aml_byte(a, AML_NOTIFY);
    aml_name(a, pr);
    aml_int(a, 1);
    aml_byte(a, AML_SUBTRACT);
    aml_name(a, "\\_SB.MSU");
    aml_int(a, 1);
    aml_name(a, "\\_SB.MSU");
    aml_end(a);
    aml_begin(a, AML_ELSE);
    aml_byte(a, AML_NOTIFY);
    aml_name(a, pr);
    aml_int(a, 3);
    aml_byte(a, AML_ADD);
    aml_name(a, "\\_SB.MSU");
    aml_int(a, 1);
    aml_name(a, "\\_SB.MSU");
    aml_end(a);
    aml_end(a);
}

static void processors(struct aml *a, unsigned max_cpus)
{
    unsigned cpu;

    aml_begin(a, AML_SCOPE);
    aml_name(a, "\\_SB");
    /* MSUM: the MADT checksum byte, kept right by PRSC. */
    aml_byte(a, AML_EXT);
    aml_byte(a, AML_EXT_REGION);
    aml_name(a, "MSUM");
    aml_byte(a, AML_SPACE_MEMORY);
    aml_name(a, "\\_SB.MSUA");
    aml_int(a, 1);
    field_begin(a, "MSUM");
    field_unit(a, "MSU", 8);
    aml_end(a);
    pmat_method(a);
    for (cpu = 0; cpu < max_cpus; cpu++)
        processor(a, cpu);
    aml_byte(a, AML_EXT);               /* PRST: Xen's online bitmap */
    aml_byte(a, AML_EXT_REGION);
    aml_name(a, "PRST");
    aml_byte(a, AML_SPACE_IO);
    aml_int(a, XEN_ACPI_CPU_MAP);
    aml_int(a, XEN_ACPI_CPU_MAP_LEN);
    field_begin(a, "PRST");
    field_unit(a, "PRS", max_cpus);
    aml_end(a);
    aml_begin(a, AML_METHOD);
    aml_name(a, "PRSC");
    aml_byte(a, 0);
    aml_byte(a, AML_STORE);
    aml_byte(a, AML_TO_BUFFER);
    aml_name(a, "PRS");
    aml_byte(a, AML_ZERO);
    aml_local(a, 0);
    for (cpu = 0; cpu < max_cpus; cpu++)
        prsc_cpu(a, cpu);
    aml_byte(a, AML_RETURN);
    aml_byte(a, AML_ONE);
    aml_end(a);
    aml_end(a);
}

int build_acpi_dsdt_body(struct aml *a)
{
    char gpe[8];

    bios_region(a);
    processors(a, HVM_MAX_VCPUS);
    snprintf(gpe, sizeof(gpe), "_E%02X", XEN_ACPI_GPE0_CPUHP_BIT);
    aml_begin(a, AML_SCOPE);
    aml_name(a, "\\_GPE");
    aml_begin(a, AML_METHOD);
    aml_name(a, gpe);
    aml_byte(a, 0);
    aml_name(a, "\\_SB.PRSC");
    aml_end(a);
    aml_end(a);
    return a->err || a->depth ? -1 : 0;
}
