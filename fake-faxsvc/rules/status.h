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
    PACKET_FOREIGN        /* neither: another heap, freed, or on a stack */
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
} packet_fact;

/* STAT-2, STAT-3, STAT-5, DS-1, DS-7, DS-8 on one packet. Returns how many of the
 * packet's problems count against STAT-2 (`*foreign`) and the rest (`*bad`). */
void rule_status_packet(const verdict_sink *sink, const packet_fact *f, unsigned *foreign,
                        unsigned *bad);
/* At the job's end: STAT-2 and STAT-3 held when every one of `count` packets was right. */
void rule_status_summary(const verdict_sink *sink, const char *job, size_t count,
                         unsigned foreign, unsigned bad);

#endif /* FAKE_FAXSVC_RULES_STATUS_H */
