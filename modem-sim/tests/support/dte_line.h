/*
 * dte_line.h - a scripted DTE for tests: open modem-sim's pty (or TCP line), send AT
 * commands and raw bytes, and wait for what the modem says.
 */
#ifndef FSPKIT_DTE_LINE_H
#define FSPKIT_DTE_LINE_H

#include <stddef.h>

typedef struct dte_line {
    int fd;
    char seen[65536];        /* everything read since the last dte_expect matched */
    size_t seen_len;
} dte_line;

/* Opens a pty path (raw mode) or, with port > 0, 127.0.0.1:port. 0 or -1. */
int dte_open_pty(dte_line *dte, const char *path);
int dte_open_tcp(dte_line *dte, unsigned port);
void dte_close(dte_line *dte);

/* Writes bytes / a NUL-terminated string. 0 or -1. */
int dte_write(dte_line *dte, const void *data, size_t len);
int dte_send_text(dte_line *dte, const char *text);

/* Reads until `text` has appeared or timeout_ms passed. Returns 0 when it appeared
 * (what came before and with it is consumed), -1 otherwise (then dte->seen holds what
 * did come, for the failure message). */
int dte_expect(dte_line *dte, const char *text, unsigned timeout_ms);

#endif /* FSPKIT_DTE_LINE_H */
