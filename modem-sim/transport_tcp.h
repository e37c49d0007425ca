/*
 * transport_tcp.h - the modem's line as a TCP socket on 127.0.0.1: a "network modem"
 * (the reference FSP's tcp:HOST:PORT line). One call at a time: while a DTE is
 * connected, further connections wait in the backlog.
 */
#ifndef MODEMSIM_TRANSPORT_TCP_H
#define MODEMSIM_TRANSPORT_TCP_H

#include <stddef.h>

typedef struct tcp_line {
    int listener;
    int conn;            /* the connected DTE, or -1 */
    unsigned short port; /* the port actually bound (port 0 picks one) */
} tcp_line;

/* Listens on 127.0.0.1:port (0: any free port; see line->port). Never another address. */
int tcp_listen_loopback(int port, int *fd, unsigned short *bound, char *why, size_t why_size);

int tcp_line_open(tcp_line *line, int port, char *why, size_t why_size);
/* Accepts the waiting DTE (call when the listener is readable). Returns 0 or -1. */
int tcp_line_accept(tcp_line *line);
void tcp_line_drop(tcp_line *line);    /* the DTE left */
void tcp_line_close(tcp_line *line);

#endif /* MODEMSIM_TRANSPORT_TCP_H */
