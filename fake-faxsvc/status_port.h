/*
 * status_port.h - the service's end of a job's I/O completion port: the FSP posts
 * FAX_DEV_STATUS packets there (STAT-1..7); a watcher thread takes each one, judges it,
 * logs it, keeps it a while to see that the FSP leaves it alone, frees it on the
 * service's heap (STAT-4) and keeps the history that scenario expectations wait on.
 */
#ifndef FAKE_FAXSVC_STATUS_PORT_H
#define FAKE_FAXSVC_STATUS_PORT_H

#include "faxdev.h"
#include "injection.h"
#include "judge.h"
#include "port_marks.h"
#include "rules/status.h"

/* The history keeps the first STATUS_HISTORY_MAX / 2 packets and the last
 * STATUS_HISTORY_MAX / 2: what expectations wait for (how a job began, how it ended -
 * the last packet is always the last one), in bounded memory whatever the FSP posts.
 * Packet events are logged in full for the first STATUS_LOG_FULL packets, then only
 * those that change the status or page, up to STATUS_LOG_MAX; the rest are counted
 * (issue 13: floods bounded). */
#define STATUS_HISTORY_MAX 512
#define STATUS_LOG_FULL 1000
#define STATUS_LOG_MAX 10000
/* STAT-4: packets the service keeps, each beside a copy, until FaxDevEndJob returned
 * (rules/status.h, rule_packet_touched); an older one is checked and freed when a newer
 * one needs its place. */
#define STATUS_HELD_MAX 16

typedef struct held_packet {
    FAX_DEV_STATUS *packet;     /* the block, still the service's to free */
    FAX_DEV_STATUS copy;        /* as the service took it */
    size_t number;              /* its number in the job, from 1 */
} held_packet;

typedef struct status_port {
    HANDLE port;                /* the completion port given to FaxDevStartJob */
    HANDLE own_port;            /* the watcher's duplicate of it (port_marks.h) */
    ULONG_PTR key;              /* and its key */
    HANDLE heap;                /* packets must come from the FSP's private heap */
    HMODULE fsp;                /* the FSP's image: a provider status's StringId (DS-2) */
    const char *job;            /* the scenario's name for the job, for messages */
    judge *judge;
    HANDLE thread;
    SRWLOCK lock;
    CONDITION_VARIABLE arrived;
    DWORD history[STATUS_HISTORY_MAX];  /* StatusIds: the first half, then a ring of the
                                         * latest (status_port.c, history_at) */
    size_t count;               /* packets taken from the service's heap, in all */
    size_t logged;              /* packet events written */
    size_t unlogged;            /* ... and left out of the log */
    size_t repeats;             /* packets that changed neither status nor page */
    DWORD last_status, last_page;
    uint64_t transmitting_pages; /* DS-3: bit P, an FS_TRANSMITTING packet with PageCount P */
    DWORD transmitting_highest;
    BOOL transmitting_seen;
    BOOL job_ended;             /* EndJob returned: a later packet is late (END-3) */
    port_marks marks;           /* the watcher's stop and sync, and a port lost */
    packet_tally tally;         /* what the packets broke, clause by clause */
    injection *injection;       /* a race pass's after-packet point, or NULL */
    held_packet held[STATUS_HELD_MAX]; /* STAT-4: a ring, oldest at held_first */
    size_t held_first, held_count;
} status_port;

/* Creates the port and starts its watcher. FALSE (and a reason) when Windows refuses. */
BOOL status_port_open(status_port *sp, const char *job, HANDLE heap, HMODULE fsp,
                      ULONG_PTR key, judge *j);
/* Stops the watcher after the packets already queued, closes the port and gives the
 * job's per-packet verdicts their summary (PASS when every packet was right). */
void status_port_close(status_port *sp);
void status_port_mark_ended(status_port *sp);
/* STAT-4: checks and frees the packets the service kept (call once FaxDevEndJob has
 * returned and the packets posted before it are taken, before the job's heap is judged:
 * END-1 must not count them). Later packets are kept until status_port_close. */
void status_port_release_held(status_port *sp);
/* Returns once the watcher has taken every packet posted before this call (the port
 * is first in, first out): then the history is complete and every packet freed. */
void status_port_sync(status_port *sp);

/* Waits until `sequence` has been posted in this order (other packets may come
 * between), from the start of the job. TRUE if it did within timeout_ms. */
BOOL status_port_wait_sequence(status_port *sp, const DWORD *sequence, size_t n,
                               DWORD timeout_ms);
/* The last StatusId posted, or 0 when none was. */
DWORD status_port_last(status_port *sp);
/* The last StatusId posted before this call: the watcher first takes what is queued
 * (waiting at most timeout_ms). An abort's "status when it came" must count a failure
 * the FSP posted just before it, still in the port (ABORT-4). */
DWORD status_port_last_posted(status_port *sp, DWORD timeout_ms);
/* DS-3: the page numbers FS_TRANSMITTING packets carried, as rule_page_numbers takes
 * them (`job` and `confirmed` are the caller's to fill). */
void status_port_page_numbers(status_port *sp, page_numbers_fact *fact);
/* The history as text ("FS_INITIALIZING FS_DIALING ..."), for messages. */
void status_port_describe(status_port *sp, char *buf, size_t size);

/* "FS_COMPLETED", or NULL for a code that is not an FS_* value. */
const char *fs_status_name(DWORD status);

#endif /* FAKE_FAXSVC_STATUS_PORT_H */
