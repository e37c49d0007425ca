/*
 * control.h - modem-sim's control socket: a line protocol on 127.0.0.1 that lets a
 * test (or the fake fax service) aim holds, inject failures, make the line ring and
 * follow every protocol event. The protocol is specified in docs/control.md; this
 * file only moves the DCE between named points and answers.
 */
#ifndef MODEMSIM_CONTROL_H
#define MODEMSIM_CONTROL_H

#include <stddef.h>
#include <stdint.h>

#include "byte_queue.h"
#include "class20_dce.h"

#define CONTROL_MAX_CLIENTS 16
#define CONTROL_MAX_LINE 1024
#define CONTROL_DEFAULT_WAIT_MS 10000

typedef enum control_wait {
    WAIT_NONE,
    WAIT_HELD,    /* wait-held: reply when the DCE is held */
    WAIT_IDLE     /* wait-idle: reply when no call is in progress */
} control_wait;

typedef struct control_client {
    int fd;                         /* -1: free slot */
    char in[CONTROL_MAX_LINE];
    size_t in_len;
    int overflow;
    int subscribed;                 /* gets EVENT lines */
    control_wait waiting;
    uint64_t deadline_ms;
    byte_queue out;
} control_client;

typedef struct control_server {
    int listener;
    unsigned short port;
    control_client clients[CONTROL_MAX_CLIENTS];
    class20_dce *dce;
    int quit;                       /* a client said quit */
    char lines[200];                /* "tcp=PORT pty=LINK", for `status` (main.c sets it) */
} control_server;

int control_open(control_server *server, int port, class20_dce *dce, char *why, size_t why_size);
void control_close(control_server *server);

void control_accept(control_server *server);
/* The client's socket is readable: read and answer whole lines. */
void control_read(control_server *server, control_client *client, uint64_t now_ms);
/* Its socket is writable: send what is queued. */
void control_write(control_client *client);
/* Answers waits that are now satisfied or timed out. Call after every DCE step. */
void control_tick(control_server *server, uint64_t now_ms);
int64_t control_next_timeout_ms(const control_server *server, uint64_t now_ms);
/* An event for the subscribers. */
void control_publish(control_server *server, const char *name, const char *detail);

#endif /* MODEMSIM_CONTROL_H */
