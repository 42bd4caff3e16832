/*
 * libxl domain builder: the ACPI tables of a PVH guest (build_acpi.h).
 * Table layouts follow the ACPI specification (5.0 for the FADT); values
 * and placement are those of Xen 4.17's libacpi for a PVH guest (no
 * device model: no IOAPIC, HPET, PM timer, buttons, VGA, 8042 or RTC).
 */
#include "config.h"

#include "build_acpi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xen/hvm/hvm_info_table.h>
#include <xen/hvm/ioreq.h>

#include "build_aml.h"

#define PAGE 4096u
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((uint64_t)(a) - 1))

/* Sizes of the ACPI structures. */
#define HDR_LEN 36
#define FACS_LEN 64
#define FADT1_LEN 116             /* the ACPI 1.0 FADT: up to flags */
#define FADT5_LEN 268             /* with sleep control/status */
#define MADT_LEN 44
#define MADT_LAPIC_LEN 8
#define RSDP_LEN 36

/* FADT fields (byte offsets). */
enum {
    F_FIRMWARE_CTRL = 36, F_DSDT = 40, F_SCI_INT = 46, F_PM1A_EVT = 56,
    F_PM1A_CNT = 64, F_PM_TMR = 76, F_GPE0 = 80, F_PM1_EVT_LEN = 88,
    F_PM1_CNT_LEN = 89, F_PM_TMR_LEN = 91, F_GPE0_LEN = 92,
    F_LVL2_LAT = 96, F_LVL3_LAT = 98, F_BOOT_ARCH = 109, F_FLAGS = 112,
    F_RESET_REG = 116, F_RESET_VALUE = 128, F_X_FIRMWARE_CTRL = 132,
    F_X_DSDT = 140, F_X_PM1A_EVT = 148, F_X_PM1A_CNT = 172,
    F_X_PM_TMR = 208,
};

/* FADT flags and boot architecture flags used. */
#define FADT_WBINVD (1u << 0)
#define FADT_PROC_C1 (1u << 2)
#define FADT_PWR_BUTTON (1u << 4)
#define FADT_SLP_BUTTON (1u << 5)
#define FADT_FIX_RTC (1u << 6)
#define FADT_TMR_VAL_EXT (1u << 8)
#define FADT_USE_PLATFORM_CLOCK (1u << 15)
#define BOOT_NO_VGA (1u << 2)
#define BOOT_NO_CMOS_RTC (1u << 5)

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void checksum(uint8_t *p, size_t len, size_t at)
{
    uint8_t sum = 0;
    size_t i;

    p[at] = 0;
    for (i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    p[at] = (uint8_t)-sum;
}

/* The standard header; the checksum is set when the table is done. */
static void header(uint8_t *p, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(p, sig, 4);
    put32(p + 4, len);
    p[8] = rev;
    memcpy(p + 10, "Xen\0\0\0", 6);
    memcpy(p + 16, "HVM\0\0\0\0\0", 8);
    put32(p + 24, 0);                   /* OEM revision */
    memcpy(p + 28, "HVML", 4);          /* creator, as Xen's tables */
    put32(p + 32, 0);
}

/* Generic address structure: system I/O port, width bits. */
static void gas_io(uint8_t *p, uint8_t width, uint64_t port)
{
    p[0] = 1;
    p[1] = width;
    p[2] = 0;
    p[3] = 0;
    put64(p + 4, port);
}

/* Xen's allocator over the table pages: at least 16-byte aligned, the
 * next allocation starting from the last byte of this one. */
struct arena {
    uint8_t *buf;
    uint64_t base, curr, end;
};

static uint8_t *arena_alloc(struct arena *ar, uint32_t size, uint32_t align,
                            uint64_t *addr)
{
    uint64_t s = ALIGN_UP(ar->curr, align < 16 ? 16 : align);

    if (!size || s + size > ar->end)
        return NULL;
    ar->curr = s + size - 1;
    *addr = s;
    return ar->buf + (s - ar->base);
}

/* The FADT as Xen's static table: pm_tmr and buttons as given. */
static void fadt_fill(uint8_t *f, bool pm_timer, bool buttons)
{
    uint32_t flags = FADT_PROC_C1 | FADT_WBINVD | FADT_FIX_RTC |
                     FADT_TMR_VAL_EXT | FADT_USE_PLATFORM_CLOCK;

    put16(f + F_SCI_INT, 9);
    put32(f + F_PM1A_EVT, ACPI_PM1A_EVT_BLK_ADDRESS_V1);
    put32(f + F_PM1A_CNT, ACPI_PM1A_CNT_BLK_ADDRESS_V1);
    put32(f + F_GPE0, ACPI_GPE0_BLK_ADDRESS_V1);
    f[F_PM1_EVT_LEN] = 4;
    f[F_PM1_CNT_LEN] = 2;
    f[F_GPE0_LEN] = ACPI_GPE0_BLK_LEN_V1;
    put16(f + F_LVL2_LAT, 0x0fff);      /* no C2 */
    put16(f + F_LVL3_LAT, 0x0fff);      /* no C3 */
    if (pm_timer) {
        put32(f + F_PM_TMR, ACPI_PM_TMR_BLK_ADDRESS_V1);
        f[F_PM_TMR_LEN] = 4;
    }
    if (!buttons)
        flags |= FADT_PWR_BUTTON | FADT_SLP_BUTTON;
    put32(f + F_FLAGS, flags);
}

/* Extended part (ACPI 2.0+) of the FADT. */
static void fadt_fill_x(uint8_t *f)
{
    gas_io(f + F_RESET_REG, 8, 0xcf9);
    f[F_RESET_VALUE] = 6;
    gas_io(f + F_X_PM1A_EVT, 32, ACPI_PM1A_EVT_BLK_ADDRESS_V1);
    gas_io(f + F_X_PM1A_CNT, 16, ACPI_PM1A_CNT_BLK_ADDRESS_V1);
}

static uint8_t *dsdt_alloc(struct arena *ar, uint64_t *addr)
{
    struct aml a;
    uint8_t *p = NULL;

    aml_init(&a);
    if (!build_acpi_dsdt_body(&a) &&
        (p = arena_alloc(ar, (uint32_t)(HDR_LEN + a.len), 16, addr))) {
        header(p, "DSDT", (uint32_t)(HDR_LEN + a.len), 5);
        memcpy(p + HDR_LEN, a.buf, a.len);
        checksum(p, HDR_LEN + a.len, 9);
    }
    aml_dispose(&a);
    return p;
}

/* MADT: local APICs only (ids 2 * n), the first nr_online enabled. */
static uint8_t *madt_alloc(struct arena *ar, uint8_t *info, unsigned n,
                           unsigned nr_online, uint64_t *addr)
{
    /* Room as Xen reserves it: 16 overrides and an IOAPIC unused. */
    uint32_t room = MADT_LEN + 16 * 10 + 12 + MADT_LAPIC_LEN * n;
    uint32_t len = MADT_LEN + MADT_LAPIC_LEN * n;
    uint8_t *m = arena_alloc(ar, room, 16, addr), *l;
    unsigned i;

    if (!m)
        return NULL;
    header(m, "APIC", len, 2);
    put32(m + 36, 0xfee00000);          /* local APIC address */
    put32(m + 40, 1);                   /* PCAT_COMPAT */
    for (i = 0; i < n; i++) {
        l = m + MADT_LEN + MADT_LAPIC_LEN * i;
        l[0] = 0;                       /* processor local APIC */
        l[1] = MADT_LAPIC_LEN;
        l[2] = (uint8_t)i;              /* = the DSDT's processor id */
        l[3] = (uint8_t)(2 * i);
        put32(l + 4, i < nr_online);
    }
    checksum(m, len, 9);
    put16(info + 2, (uint16_t)n);                       /* NCPU */
    put32(info + 12, (uint32_t)(*addr + 9));            /* MSUA */
    put32(info + 16, (uint32_t)(*addr + MADT_LEN));     /* MAPA */
    return m;
}

/* XSDT (64-bit entries) or RSDT: first FADT, then the others. */
static uint8_t *sdt_alloc(struct arena *ar, const char *sig, unsigned w,
                          uint64_t fadt, const uint64_t *more, unsigned n,
                          uint64_t *addr)
{
    uint32_t len = HDR_LEN + w * (n + 1);
    uint8_t *p = arena_alloc(ar, len, 16, addr);
    unsigned i;

    if (!p)
        return NULL;
    header(p, sig, len, 1);
    for (i = 0; i <= n; i++) {
        uint64_t v = i ? more[i - 1] : fadt;

        if (w == 8)
            put64(p + HDR_LEN + 8 * i, v);
        else
            put32(p + HDR_LEN + 4 * i, (uint32_t)v);
    }
    checksum(p, len, 9);
    return p;
}

static void rsdp_fill(uint8_t *r, uint64_t rsdt, uint64_t xsdt)
{
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, "Xen\0\0\0", 6);
    r[15] = 2;                          /* ACPI 2.0+ */
    put32(r + 16, (uint32_t)rsdt);
    put32(r + 20, RSDP_LEN);
    put64(r + 24, xsdt);
    checksum(r, 20, 8);
    checksum(r, RSDP_LEN, 32);
}

/* The tables into ar and info; *rsdt, *xsdt: their addresses. */
static int tables(struct arena *ar, uint8_t *info, unsigned n,
                  unsigned nr_online, bool apic, uint64_t *rsdt,
                  uint64_t *xsdt)
{
    uint64_t facs, dsdt, fadt1, fadt5, madt, more[1];
    uint8_t *p, *f1, *f5;
    unsigned nr_more = 0;

    p = arena_alloc(ar, FACS_LEN, 64, &facs);
    if (!p || !dsdt_alloc(ar, &dsdt))
        return -ENOMEM;
    memcpy(p, "FACS", 4);
    put32(p + 4, FACS_LEN);
    p[32] = 1;                          /* version */
    f1 = arena_alloc(ar, FADT1_LEN, 16, &fadt1);
    f5 = f1 ? arena_alloc(ar, FADT5_LEN, 16, &fadt5) : NULL;
    if (!f5)
        return -ENOMEM;
    /* The 1.0 FADT is Xen's template before it drops the PM timer and
     * sets the fixed-button flags. */
    header(f1, "FACP", FADT1_LEN, 1);
    fadt_fill(f1, true, true);
    put32(f1 + F_FIRMWARE_CTRL, (uint32_t)facs);
    put32(f1 + F_DSDT, (uint32_t)dsdt);
    checksum(f1, FADT1_LEN, 9);
    header(f5, "FACP", FADT5_LEN, 5);
    fadt_fill(f5, false, false);
    fadt_fill_x(f5);
    put32(f5 + F_FIRMWARE_CTRL, (uint32_t)facs);
    put32(f5 + F_DSDT, (uint32_t)dsdt);
    put64(f5 + F_X_FIRMWARE_CTRL, facs);
    put64(f5 + F_X_DSDT, dsdt);
    put16(f5 + F_BOOT_ARCH, BOOT_NO_VGA | BOOT_NO_CMOS_RTC);
    checksum(f5, FADT5_LEN, 9);
    if (n > 1 || apic) {
        if (!madt_alloc(ar, info, n, nr_online, &madt))
            return -ENOMEM;
        more[nr_more++] = madt;
    }
    if (!sdt_alloc(ar, "XSDT", 8, fadt5, more, nr_more, xsdt) ||
        !sdt_alloc(ar, "RSDT", 4, fadt1, more, nr_more, rsdt))
        return -ENOMEM;
    return 0;
}

int build_acpi_tables(struct build_acpi *t, unsigned nr_vcpus,
                      unsigned nr_online, bool apic, bool rsdp_low)
{
    struct arena ar;
    uint64_t rsdt = 0, xsdt = 0;
    unsigned i;
    int rc;

    memset(t, 0, sizeof(*t));
    if (!nr_vcpus || nr_vcpus > HVM_MAX_VCPUS)
        return -EINVAL;
    t->mod[BUILD_ACPI_RSDP].data = calloc(1, PAGE);
    t->mod[BUILD_ACPI_INFO_PAGE].data = calloc(1, PAGE);
    t->mod[BUILD_ACPI_TABLES].data = calloc(BUILD_ACPI_PAGES, PAGE);
    for (i = 0; i < BUILD_ACPI_NR; i++)
        if (!t->mod[i].data) {
            build_acpi_dispose(t);
            return -ENOMEM;
        }
    ar.buf = t->mod[BUILD_ACPI_TABLES].data;
    ar.base = ar.curr = BUILD_ACPI_INFO + PAGE;
    ar.end = ar.base + BUILD_ACPI_PAGES * PAGE;
    rc = tables(&ar, t->mod[BUILD_ACPI_INFO_PAGE].data, nr_vcpus,
                nr_online > nr_vcpus ? nr_vcpus : nr_online, apic, &rsdt,
                &xsdt);
    if (rc) {
        build_acpi_dispose(t);
        return rc;
    }
    rsdp_fill(t->mod[BUILD_ACPI_RSDP].data, rsdt, xsdt);
    t->mod[BUILD_ACPI_INFO_PAGE].addr = BUILD_ACPI_INFO;
    t->mod[BUILD_ACPI_INFO_PAGE].len = PAGE;
    t->mod[BUILD_ACPI_TABLES].addr = ar.base;
    t->mod[BUILD_ACPI_TABLES].len =
        (uint32_t)(ALIGN_UP(ar.curr, PAGE) - ar.base);
    t->mod[BUILD_ACPI_RSDP].addr = rsdp_low ? BUILD_ACPI_RSDP_LOW
        : ar.base + t->mod[BUILD_ACPI_TABLES].len;
    t->mod[BUILD_ACPI_RSDP].len = 64;
    return 0;
}

void build_acpi_dispose(struct build_acpi *t)
{
    unsigned i;

    for (i = 0; i < BUILD_ACPI_NR; i++)
        free(t->mod[i].data);
    memset(t, 0, sizeof(*t));
}
