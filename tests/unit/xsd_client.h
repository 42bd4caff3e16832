/*
 * Tests of xenstored: a tiny client of its socket speaking struct
 * xsd_sockmsg frames (no libxenstore).  Every failure is a check failure.
 */
#ifndef TESTS_XSD_CLIENT_H
#define TESTS_XSD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A connection to the socket (retried for 2 s while refused: the file
 * appears at bind(), a moment before listen()). */
int xsdc_connect(const char *sock);
/* All l bytes of b written (wr) or read. */
void xsdc_full(int fd, void *b, size_t l, bool wr);
/* A request of type in transaction tx with body b of l bytes. */
void xsdc_send(int fd, uint32_t type, uint32_t tx, const void *b, size_t l);
/* The next message: its body in buf (NUL-terminated, at most 4096
 * bytes), its length in *len if len; returns its type. */
uint32_t xsdc_recv(int fd, char *buf, uint32_t *len);
/* A request and its reply (watch events before it skipped), the reply's
 * body in out unless out is NULL; returns the reply's type. */
uint32_t xsdc_req(int fd, uint32_t type, uint32_t tx, const void *b,
                  size_t l, char *out);

#endif /* TESTS_XSD_CLIENT_H */
