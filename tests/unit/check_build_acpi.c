/*
 * Unit tests of the domain builder: the ACPI tables of a PVH guest
 * (build_acpi.c, build_aml.c): placement as Xen 4.17's libxl, checksums,
 * the RSDP -> XSDT/RSDT -> FADT/MADT -> DSDT/FACS chain, the MADT and
 * acpi_info the DSDT reads, and AML encodings.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "build_acpi.h"
#include "build_aml.h"
#include "build_internal.h"
#include "check_build.h"

static struct build_acpi t;

static void teardown(void)
{
    build_acpi_dispose(&t);
}

/* The table at guest address addr, checked: signature, checksum. */
static const uint8_t *table(uint64_t addr, const char *sig)
{
    const struct build_acpi *a = &t;
    uint64_t base = a->mod[BUILD_ACPI_TABLES].addr;
    const uint8_t *p;
    uint32_t len, i;
    uint8_t sum = 0;

    ck_assert_uint_ge(addr, base);
    ck_assert_uint_lt(addr, base + a->mod[BUILD_ACPI_TABLES].len);
    p = a->mod[BUILD_ACPI_TABLES].data + (addr - base);
    ck_assert_msg(!memcmp(p, sig, 4), "%.4s at %#llx, not %s", (char *)p,
                  (unsigned long long)addr, sig);
    len = build_le32(p + 4);
    ck_assert_uint_le(addr + len, base + a->mod[BUILD_ACPI_TABLES].len);
    for (i = 0; i < len; i++)
        sum = (uint8_t)(sum + p[i]);
    if (strcmp(sig, "FACS")) {          /* the FACS has no checksum */
        ck_assert_msg(sum == 0, "%s checksum", sig);
        ck_assert(!memcmp(p + 10, "Xen\0\0\0", 6));
        ck_assert(!memcmp(p + 16, "HVM\0\0\0\0\0", 8));
    }
    return p;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;

    while (n--)
        s = (uint8_t)(s + *p++);
    return s;
}

START_TEST(acpi_chain)
{
    const uint8_t *r, *x, *rs, *f, *f1, *m, *d, *info;
    uint32_t i;

    ck_assert_int_eq(build_acpi_tables(&t, 3, 2, true, false), 0);
    /* Xen 4.17's places: info page, tables after it, RSDP after them. */
    ck_assert_uint_eq(t.mod[BUILD_ACPI_INFO_PAGE].addr, 0xfc000000);
    ck_assert_uint_eq(t.mod[BUILD_ACPI_INFO_PAGE].len, 4096);
    ck_assert_uint_eq(t.mod[BUILD_ACPI_TABLES].addr, 0xfc001000);
    ck_assert_uint_eq(t.mod[BUILD_ACPI_TABLES].len % 4096, 0);
    ck_assert_uint_le(t.mod[BUILD_ACPI_TABLES].len, 16 * 4096);
    ck_assert_uint_eq(t.mod[BUILD_ACPI_RSDP].addr,
                      0xfc001000 + t.mod[BUILD_ACPI_TABLES].len);
    ck_assert_uint_eq(t.mod[BUILD_ACPI_RSDP].len, 64);

    r = t.mod[BUILD_ACPI_RSDP].data;
    ck_assert(!memcmp(r, "RSD PTR ", 8));
    ck_assert_uint_eq(r[15], 2);
    ck_assert_uint_eq(sum(r, 20), 0);
    ck_assert_uint_eq(sum(r, 36), 0);
    ck_assert_uint_eq(build_le32(r + 20), 36);

    x = table(build_le64(r + 24), "XSDT");
    ck_assert_uint_eq(build_le32(x + 4), 36 + 2 * 8);
    rs = table(build_le32(r + 16), "RSDT");
    ck_assert_uint_eq(build_le32(rs + 4), 36 + 2 * 4);
    f = table(build_le64(x + 36), "FACP");
    ck_assert_uint_eq(f[8], 5);
    ck_assert_uint_eq(build_le32(f + 4), 268);
    f1 = table(build_le32(rs + 36), "FACP");
    ck_assert_uint_eq(f1[8], 1);
    ck_assert_uint_eq(build_le32(f1 + 4), 116);
    ck_assert_uint_eq(build_le64(x + 44), build_le32(rs + 40));

    /* FADT 5.0: no PM timer, fixed buttons absent, no VGA, no RTC. */
    ck_assert_uint_eq(build_le16(f + 46), 9);
    ck_assert_uint_eq(build_le32(f + 56), 0xb000);
    ck_assert_uint_eq(build_le32(f + 64), 0xb004);
    ck_assert_uint_eq(build_le32(f + 76), 0);
    ck_assert_uint_eq(f[91], 0);
    ck_assert_uint_eq(build_le16(f + 109), (1 << 2) | (1 << 5));
    ck_assert_uint_eq(build_le32(f + 112), 0x8175);
    ck_assert_uint_eq(build_le64(f + 132), build_le32(f + 36));
    ck_assert_uint_eq(build_le64(f + 140), build_le32(f + 40));
    ck_assert_uint_eq(build_le32(f1 + 40), build_le32(f + 40));
    table(build_le32(f + 36), "FACS");
    ck_assert_uint_eq(build_le32(f + 36), 0xfc001000);
    d = table(build_le32(f + 40), "DSDT");
    ck_assert_uint_eq(d[8], 5);
    ck_assert_uint_eq(d[36], 0x10);               /* Scope (\_SB) */

    /* MADT: 3 local APICs (ids 0 2 4), the first 2 enabled; acpi_info
     * gives the DSDT the count and where the entries are. */
    m = table(build_le64(x + 44), "APIC");
    ck_assert_uint_eq(build_le32(m + 4), 44 + 3 * 8);
    ck_assert_uint_eq(build_le32(m + 36), 0xfee00000);
    for (i = 0; i < 3; i++) {
        const uint8_t *l = m + 44 + 8 * i;

        ck_assert_uint_eq(l[0], 0);
        ck_assert_uint_eq(l[1], 8);
        ck_assert_uint_eq(l[2], i);
        ck_assert_uint_eq(l[3], 2 * i);
        ck_assert_uint_eq(build_le32(l + 4), i < 2);
    }
    info = t.mod[BUILD_ACPI_INFO_PAGE].data;
    ck_assert_uint_eq(build_le16(info + 2), 3);
    ck_assert_uint_eq(build_le32(info + 12), build_le64(x + 44) + 9);
    ck_assert_uint_eq(build_le32(info + 16), build_le64(x + 44) + 44);
}
END_TEST

START_TEST(acpi_variants)
{
    const uint8_t *r;

    /* One vCPU without apic=: no MADT, the FADT alone. */
    ck_assert_int_eq(build_acpi_tables(&t, 1, 1, false, true), 0);
    r = t.mod[BUILD_ACPI_RSDP].data;
    ck_assert_uint_eq(build_le32(table(build_le64(r + 24), "XSDT") + 4),
                      36 + 8);
    ck_assert_uint_eq(build_le16(t.mod[BUILD_ACPI_INFO_PAGE].data + 2), 0);
    /* The RSDP below 1 MiB for old Linux kernels. */
    ck_assert_uint_eq(t.mod[BUILD_ACPI_RSDP].addr, 0xfffc0);
    build_acpi_dispose(&t);
    ck_assert_int_eq(build_acpi_tables(&t, 128, 128, true, false), 0);
    ck_assert_uint_le(t.mod[BUILD_ACPI_TABLES].len, 16 * 4096);
    build_acpi_dispose(&t);
    ck_assert_int_eq(build_acpi_tables(&t, 0, 0, true, false), -EINVAL);
    ck_assert_int_eq(build_acpi_tables(&t, 129, 1, true, false), -EINVAL);
}
END_TEST

START_TEST(aml_encoding)
{
    static const uint8_t want[] = {
        0x10, 0x0e, '\\', '_', 'S', 'B', '_',        /* Scope (\_SB) */
        0x08, 'X', '_', '_', '_', 0x0b, 0x34, 0x12,  /* Name (X, 0x1234) */
    };
    struct aml a;
    size_t i;

    aml_init(&a);
    aml_begin(&a, AML_SCOPE);
    aml_name(&a, "\\_SB");
    aml_byte(&a, AML_NAME);
    aml_name(&a, "X");
    aml_int(&a, 0x1234);
    aml_end(&a);
    ck_assert_int_eq(a.err, 0);
    ck_assert_uint_eq(a.len, sizeof(want));
    ck_assert(!memcmp(a.buf, want, sizeof(want)));
    /* Names: dual and multi segment; integers by size. */
    a.len = 0;
    aml_name(&a, "\\_SB.PR00.FLG");
    ck_assert(!memcmp(a.buf, "\\\x2f\x03_SB_PR00FLG_", 15));
    a.len = 0;
    aml_name(&a, "A.B");
    ck_assert(!memcmp(a.buf, "\x2e" "A___B___", 9));
    a.len = 0;
    aml_int(&a, 0);
    aml_int(&a, 1);
    aml_int(&a, 0xfc000000);
    ck_assert(!memcmp(a.buf, "\x00\x01\x0c\x00\x00\x00\xfc", 7));
    /* A package over 63 bytes: two-byte PkgLength counting itself. */
    a.len = 0;
    aml_begin(&a, AML_SCOPE);
    for (i = 0; i < 100; i++)
        aml_byte(&a, AML_ZERO);
    aml_end(&a);
    ck_assert_uint_eq(a.len, 1 + 2 + 100);
    ck_assert_uint_eq(a.buf[1], 0x40 | (102 & 0xf));
    ck_assert_uint_eq(a.buf[2], 102 >> 4);
    /* Unbalanced packages and bad names are errors. */
    aml_end(&a);
    ck_assert_int_ne(a.err, 0);
    aml_dispose(&a);
    aml_init(&a);
    aml_name(&a, "TOOLONG");
    ck_assert_int_ne(a.err, 0);
    aml_dispose(&a);
}
END_TEST

TCase *tcase_build_acpi(void)
{
    TCase *tc = tcase_create("acpi");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, acpi_chain);
    tcase_add_test(tc, acpi_variants);
    tcase_add_test(tc, aml_encoding);
    return tc;
}
