/*
 * libxl domain builder: a small AML (ACPI Machine Language) encoder, enough
 * for the DSDT the builder gives PVH guests (build_acpi_dsdt.c).  Opcodes
 * and encodings follow the ACPI specification, section 20 ("ACPI Machine
 * Language Specification").  Never installed.
 */
#ifndef LIBXL_BUILD_AML_H
#define LIBXL_BUILD_AML_H

#include <stddef.h>
#include <stdint.h>

#define AML_MAX_DEPTH 16

/* A growing AML byte stream; err is set (and sticks) on allocation
 * failure or unbalanced packages, and every later call does nothing. */
struct aml {
    uint8_t *buf;
    size_t len, cap;
    int err;
    unsigned depth;
    size_t open[AML_MAX_DEPTH];   /* where each open package's body starts */
};

/* Opcodes used by the DSDT (ExtOpPrefix 0x5B ones are two bytes). */
enum {
    AML_ZERO = 0x00, AML_ONE = 0x01, AML_NAME = 0x08, AML_SCOPE = 0x10,
    AML_BUFFER = 0x11, AML_METHOD = 0x14, AML_LOCAL0 = 0x60,
    AML_ARG0 = 0x68, AML_STORE = 0x70, AML_ADD = 0x72,
    AML_SUBTRACT = 0x74, AML_SHIFT_RIGHT = 0x7a, AML_AND = 0x7b,
    AML_DEREF_OF = 0x83, AML_NOTIFY = 0x86, AML_INDEX = 0x88,
    AML_LNOT = 0x92, AML_LEQUAL = 0x93, AML_LLESS = 0x95,
    AML_TO_BUFFER = 0x96, AML_IF = 0xa0, AML_ELSE = 0xa1,
    AML_RETURN = 0xa4,
};
#define AML_EXT 0x5b
enum { AML_EXT_SLEEP = 0x22, AML_EXT_REGION = 0x80, AML_EXT_FIELD = 0x81,
       AML_EXT_PROCESSOR = 0x83 };
/* Field flags: ByteAcc, NoLock, Preserve. */
#define AML_FIELD_BYTE_NOLOCK_PRESERVE 0x01
enum { AML_SPACE_MEMORY = 0, AML_SPACE_IO = 1 };

void aml_init(struct aml *a);
void aml_dispose(struct aml *a);

void aml_byte(struct aml *a, uint8_t b);
void aml_bytes(struct aml *a, const void *p, size_t n);
void aml_u32(struct aml *a, uint32_t v);
/* An integer in its shortest encoding (Zero, One, Byte ... QWord). */
void aml_int(struct aml *a, uint64_t v);
/* A NameString: "\\_SB.PR00.FLG" (root, dual or multi name), "PR00",
 * "FLG" (segments shorter than 4 are padded with '_'). */
void aml_name(struct aml *a, const char *path);
void aml_string(struct aml *a, const char *s);
/* A value in PkgLength encoding that does not count itself (field
 * widths, bits to skip in a field list). */
void aml_field_len(struct aml *a, uint32_t v);

/* Opcode bytes, then a PkgLength covering what follows up to the
 * matching aml_end (fixed up there). */
void aml_begin(struct aml *a, uint8_t op);
void aml_begin_ext(struct aml *a, uint8_t op);
void aml_end(struct aml *a);

/* Local and argument objects. */
static inline void aml_local(struct aml *a, unsigned n)
{
    aml_byte(a, (uint8_t)(AML_LOCAL0 + n));
}

static inline void aml_arg(struct aml *a, unsigned n)
{
    aml_byte(a, (uint8_t)(AML_ARG0 + n));
}

#endif /* LIBXL_BUILD_AML_H */
