/*
 * status.h - status packets (STAT-1..7) and the FAX_DEV_STATUS fields they carry
 * (DS-1..8), one packet at a time as the job's port watcher takes them.
 */
#ifndef FAKE_FAXSVC_RULES_STATUS_H
#define FAKE_FAXSVC_RULES_STATUS_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

typedef enum packet_origin {
    PACKET_NULL,          /* no FAX_DEV_STATUS at all (a NULL OVERLAPPED) */
    PACKET_SERVICE_HEAP,  /* a block of the heap given to FaxDevInitialize */
    PACKET_PROCESS_HEAP,  /* a block of the process heap */
    PACKET_FOREIGN,       /* neither: another heap, freed, or on a stack */
    PACKET_POSTED_AGAIN   /* a block the service already took and still keeps (STAT-4) */
} packet_origin;

/* One packet as the watcher saw it. The fields after `origin` are read only from a
 * service-heap block (nothing else is the host's to read). */
typedef struct packet_fact {
    const char *job;
    uint64_t key, expected_key;   /* posted with / given to StartJob */
    packet_origin origin;
    uint64_t address;
    uint32_t bytes;               /* dwNumberOfBytesTransferred */
    uint64_t allocated;           /* HeapSize of the block */
    uint32_t struct_size;         /* sizeof(FAX_DEV_STATUS) on this architecture */
    uint32_t size_of_struct, status_id, error_code;
    uint32_t reserved[3];
    uint32_t string_id;           /* DS-2: StringId ... */
    int string_loads;             /* ... found among the FSP image's string resources:
                                     1, 0, or -1 not asked (a predefined or LINEERR code) */
} packet_fact;

/* FS_INITIALIZING, FS_DIALING, FS_TRANSMITTING, FS_RECEIVING, FS_COMPLETED and
 * FS_ANSWERED: a job going on or ended well (DS-7); every other code reports a failure. */
int fs_status_is_progress(uint32_t status);
/* Those of them that say the operation is still under way: all but FS_COMPLETED. */
int fs_status_is_under_way(uint32_t status);
/* LINEERR_* (0x8000xxxx): TAPI's codes, which DS-1 allows beside FS_*; any other code
 * that is no FS_* is provider-defined and needs a StringId (DS-2). */
int status_is_lineerr(uint32_t status);

/* What a job's packets broke so far, clause by clause, for the summary. */
typedef struct packet_tally {
    unsigned foreign;             /* STAT-2: not from the service heap */
    unsigned readable;            /* service-heap blocks big enough to read */
    unsigned port;                /* STAT-3: wrong key or size */
    unsigned size;                /* STAT-5: not exactly sizeof(FAX_DEV_STATUS) */
    unsigned reserved;            /* DS-8 */
    unsigned error_code;          /* DS-7 */
    unsigned other_status;        /* DS-1: not an FS_* code (allowed, noted) */
    unsigned provider_codes;      /* DS-2: provider-defined StatusIds ... */
    unsigned provider_unnamed;    /* ... whose StringId names no string of the FSP's */
    unsigned after_end;           /* END-3: posted after FaxDevEndJob returned */
    unsigned held;                /* STAT-4: packets the service kept a while, then checked */
    unsigned touched;             /* STAT-4: changed or freed after posting */
    int ended;                    /* FaxDevEndJob returned before the port closed */
} packet_tally;

/* STAT-2, STAT-3, STAT-5, DS-1, DS-7, DS-8 on one packet; its problems join *tally. */
void rule_status_packet(const verdict_sink *sink, const packet_fact *f, packet_tally *tally);
/* STAT-1: a packet when the status changes. More than STATUS_REPEATS_WARN packets that
 * changed neither status nor page is a flood the service must read packet by packet:
 * WARN with the counts (`unlogged`: packets the log left out); fewer held. */
#define STATUS_REPEATS_WARN 1000
void rule_status_flood(const verdict_sink *sink, const char *job, size_t packets,
                       size_t repeats, size_t unlogged);
/* STAT-4 (our reading of "the service frees the packet"): once posted, a packet is the
 * service's. The host keeps each packet it took - a copy beside it - until FaxDevEndJob
 * has returned (the last STATUS_HELD_MAX at most), then frees it: a packet freed by the
 * FSP in the meantime (`freed`) or changed (`change` says which member, from what to
 * what) FAILs. A write before the host took the packet cannot be seen. */
void rule_packet_touched(const verdict_sink *sink, const char *job, size_t number,
                         const char *status, int freed, const char *change);
/* STAT-3: the FSP posts on the port StartJob gave it - the service's port. An FSP that
 * closed it took the job's status channel away: FAIL. */
void rule_status_port_closed(const verdict_sink *sink, const char *job);

/* DS-3: PageCount is the number of the page being processed, counting from 1. Judged
 * where the kit knows how many pages went - a send the remote confirmed whole (`expect
 * JOB sent`) - from the page numbers its FS_TRANSMITTING packets carried. An FSP need
 * not post a packet per page (a packet is for a change of status, STAT-1), and a 0
 * before the first page may mean "none yet": so it FAILs only when its numbers are the
 * pages counted from 0 (exactly 0 .. N-1, N >= 2), holds when 1 .. N all came, and notes
 * anything sparser; a number past N is a WARN. */
#define PAGE_NUMBERS_MAX 64           /* page numbers tracked: 0 .. 63 */
typedef struct page_numbers_fact {
    const char *job;
    unsigned confirmed;               /* pages the remote confirmed (1 .. 63 judged) */
    uint64_t seen;                    /* bit P: an FS_TRANSMITTING packet with PageCount P */
    uint32_t highest;                 /* the highest PageCount among them */
    int any;                          /* at least one FS_TRANSMITTING packet came */
} page_numbers_fact;
void rule_page_numbers(const verdict_sink *sink, const page_numbers_fact *f);
/* At the job's end: each of those clauses held when none of `count` packets broke it
 * (the field clauses only when some packet could be read). */
void rule_status_summary(const verdict_sink *sink, const char *job, size_t count,
                         const packet_tally *tally);

/* STAT-6: a virtual receive (FaxDevReceive after the FSP's own ring) is followed by its
 * packets until the service calls FaxDevEndJob. `last_posted` is the last StatusId posted
 * before EndJob (0: none). None at all FAILs; a progress status last (the packets stopped
 * before the receive's outcome: our reading of "keeps posting") is a WARN; an outcome
 * holds. An aborted receive is the ABORT clauses' (no verdict here). */
typedef struct virtual_receive_fact {
    const char *job;
    int returned;
    uint32_t last_posted;
    int aborted;
} virtual_receive_fact;
void rule_virtual_receive_packets(const verdict_sink *sink, const virtual_receive_fact *f);

#endif /* FAKE_FAXSVC_RULES_STATUS_H */
