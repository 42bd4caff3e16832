/*
 * xenstore tools (multi-call binary): shared declarations of the
 * value escaping helpers and the xenstore-control entry point.
 */
#ifndef XS_CLI_H
#define XS_CLI_H

#include <stddef.h>

/* Printable form of a value: \t \n \r \\, \NNN (octal, below 010) and
 * \xNN for other non-printables.  malloc'd; NULL on allocation failure. */
char *cli_sanitise(const char *val, unsigned int len);

/* Inverse of cli_sanitise into out (at least strlen(in) + 1 bytes);
 * *out_len gets the byte count. */
void cli_unsanitise(char *out, unsigned int *out_len, const char *in);

/* xenstore-control main. */
int cli_control_main(int argc, char **argv);

#endif /* XS_CLI_H */
