/*
 * status.c - STAT and DS rules on posted packets (see status.h).
 */
#include "status.h"

#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name: the FS_* names */

/* Progress codes: while running and after a normal finish, ErrorCode is NO_ERROR
 * (DS-7). Every other FS_* code reports a failure. */
static int is_progress_status(uint32_t status)
{
    static const uint32_t progress[] = {FS_INITIALIZING, FS_DIALING, FS_TRANSMITTING,
                                        FS_RECEIVING, FS_COMPLETED, FS_ANSWERED};
    for (size_t i = 0; i < sizeof(progress) / sizeof(progress[0]); i++)
        if (progress[i] == status)
            return 1;
    return 0;
}

/* STAT-3, STAT-5, DS-1, DS-7, DS-8 on the contents of a service-heap block. */
static void check_packet_contents(const verdict_sink *sink, const packet_fact *f, unsigned *bad)
{
    const char *name = fsc_status_name(f->status_id);
    if (f->bytes < f->struct_size || f->bytes > f->allocated) {
        verdict_broken(sink, "STAT-3", "job %s: packet posted with %lu bytes; it is a %lu-byte "
                       "FAX_DEV_STATUS in a %llu-byte block", f->job, (unsigned long)f->bytes,
                       (unsigned long)f->struct_size, (unsigned long long)f->allocated);
        (*bad)++;
    } else if (f->bytes != f->struct_size || f->size_of_struct != f->struct_size) {
        verdict_broken(sink, "STAT-5", "job %s: packet of %lu bytes with SizeOfStruct %lu; "
                       "Microsoft's example posts exactly sizeof(FAX_DEV_STATUS) = %lu", f->job,
                       (unsigned long)f->bytes, (unsigned long)f->size_of_struct,
                       (unsigned long)f->struct_size);
        (*bad)++;
    }
    if (f->reserved[0] || f->reserved[1] || f->reserved[2]) {
        verdict_broken(sink, "DS-8", "job %s: %s packet has nonzero Reserved fields", f->job,
                       name ? name : "a");
        (*bad)++;
    }
    if (is_progress_status(f->status_id) && f->error_code != 0) {
        verdict_broken(sink, "DS-7", "job %s: %s packet carries ErrorCode %lu; it must be "
                       "NO_ERROR while running and after a normal finish", f->job, name,
                       (unsigned long)f->error_code);
        (*bad)++;
    }
    if (!name)
        verdict_note(sink, "DS-1", "job %s: StatusId 0x%08lx is not an FS_* code (a LINEERR_* "
                     "or provider-defined value)", f->job, (unsigned long)f->status_id);
}

void rule_status_packet(const verdict_sink *sink, const packet_fact *f, unsigned *foreign,
                        unsigned *bad)
{
    if (f->key != f->expected_key) {
        verdict_broken(sink, "STAT-3", "job %s: packet posted with key %llu; StartJob gave "
                       "key %llu", f->job, (unsigned long long)f->key,
                       (unsigned long long)f->expected_key);
        (*bad)++;
    }
    switch (f->origin) {
    case PACKET_NULL:
        verdict_broken(sink, "STAT-2", "job %s: packet with no FAX_DEV_STATUS (NULL)", f->job);
        (*bad)++;
        return;
    case PACKET_PROCESS_HEAP:
    case PACKET_FOREIGN:
        verdict_broken(sink, "STAT-2", "job %s: status packet 0x%llx is not a block of the "
                       "heap the service passed to FaxDevInitialize%s", f->job,
                       (unsigned long long)f->address,
                       f->origin == PACKET_PROCESS_HEAP ? " (it is from the process heap)"
                                                        : " (a foreign, freed or stack pointer)");
        (*foreign)++;
        return;
    case PACKET_SERVICE_HEAP:
        if (f->allocated >= f->struct_size)
            check_packet_contents(sink, f, bad);
        return;
    }
}

void rule_status_summary(const verdict_sink *sink, const char *job, size_t count,
                         unsigned foreign, unsigned bad)
{
    if (count > 0 && foreign == 0)
        verdict_held(sink, "STAT-2", "job %s: all %zu status packets came from the service's "
                     "heap", job, count);
    if (count > 0 && bad == 0)
        verdict_held(sink, "STAT-3", "job %s: every packet on the job's port and key, with its "
                     "size", job);
}
