/*
 * status.c - STAT and DS rules on posted packets (see status.h).
 */
#include "status.h"

#include <stdio.h>

#include "fax_status_codes.h"
#include "fsc_scenario.h" /* fsc_status_name: the FS_* names */

/* Progress codes: while running and after a normal finish, ErrorCode is NO_ERROR
 * (DS-7). Every other FS_* code reports a failure. */
int fs_status_is_progress(uint32_t status)
{
    static const uint32_t progress[] = {FS_INITIALIZING, FS_DIALING, FS_TRANSMITTING,
                                        FS_RECEIVING, FS_COMPLETED, FS_ANSWERED};
    for (size_t i = 0; i < sizeof(progress) / sizeof(progress[0]); i++)
        if (progress[i] == status)
            return 1;
    return 0;
}

int fs_status_is_under_way(uint32_t status)
{
    return status != FS_COMPLETED && fs_status_is_progress(status);
}

int status_is_lineerr(uint32_t status)
{
    return (status & 0xffff0000u) == 0x80000000u;
}

/* STAT-3, STAT-5, DS-1, DS-2, DS-7, DS-8 on the contents of a service-heap block. */
static void check_packet_contents(const verdict_sink *sink, const packet_fact *f,
                                  packet_tally *tally)
{
    const char *name = fsc_status_name(f->status_id);
    tally->readable++;
    if (f->bytes < f->struct_size || f->bytes > f->allocated) {
        verdict_broken(sink, "STAT-3", "job %s: packet posted with %lu bytes; it is a %lu-byte "
                       "FAX_DEV_STATUS in a %llu-byte block", f->job, (unsigned long)f->bytes,
                       (unsigned long)f->struct_size, (unsigned long long)f->allocated);
        tally->port++;
    } else if (f->bytes != f->struct_size || f->size_of_struct != f->struct_size) {
        verdict_broken(sink, "STAT-5", "job %s: packet of %lu bytes with SizeOfStruct %lu; "
                       "Microsoft's example posts exactly sizeof(FAX_DEV_STATUS) = %lu", f->job,
                       (unsigned long)f->bytes, (unsigned long)f->size_of_struct,
                       (unsigned long)f->struct_size);
        tally->size++;
    }
    if (f->reserved[0] || f->reserved[1] || f->reserved[2]) {
        verdict_broken(sink, "DS-8", "job %s: %s packet has nonzero Reserved fields", f->job,
                       name ? name : "a");
        tally->reserved++;
    }
    if (fs_status_is_progress(f->status_id) && f->error_code != 0) {
        verdict_broken(sink, "DS-7", "job %s: %s packet carries ErrorCode %lu; it must be "
                       "NO_ERROR while running and after a normal finish", f->job, name,
                       (unsigned long)f->error_code);
        tally->error_code++;
    }
    if (!name) {
        verdict_note(sink, "DS-1", "job %s: StatusId 0x%08lx is not an FS_* code (a LINEERR_* "
                     "or provider-defined value)", f->job, (unsigned long)f->status_id);
        tally->other_status++;
        if (!status_is_lineerr(f->status_id)) {
            tally->provider_codes++;
            if (f->string_id == 0 || f->string_loads == 0) {
                tally->provider_unnamed++;
                verdict_broken(sink, "DS-2", "job %s: provider-defined StatusId 0x%08lx with "
                               "StringId %lu%s: the service loads the status text from the "
                               "FSP's image by that ID", f->job, (unsigned long)f->status_id,
                               (unsigned long)f->string_id, f->string_id == 0
                               ? "" : ", which names no string resource of the FSP's");
            }
        }
    }
}

void rule_status_packet(const verdict_sink *sink, const packet_fact *f, packet_tally *tally)
{
    if (f->key != f->expected_key) {
        verdict_broken(sink, "STAT-3", "job %s: packet posted with key %llu; StartJob gave "
                       "key %llu", f->job, (unsigned long long)f->key,
                       (unsigned long long)f->expected_key);
        tally->port++;
    }
    switch (f->origin) {
    case PACKET_NULL:
        verdict_broken(sink, "STAT-2", "job %s: packet with no FAX_DEV_STATUS (NULL)", f->job);
        tally->foreign++;
        return;
    case PACKET_PROCESS_HEAP:
    case PACKET_FOREIGN:
        verdict_broken(sink, "STAT-2", "job %s: status packet 0x%llx is not a block of the "
                       "heap the service passed to FaxDevInitialize%s", f->job,
                       (unsigned long long)f->address,
                       f->origin == PACKET_PROCESS_HEAP ? " (it is from the process heap)"
                                                        : " (a foreign, freed or stack pointer)");
        tally->foreign++;
        return;
    case PACKET_POSTED_AGAIN:
        verdict_broken(sink, "STAT-2", "job %s: status packet 0x%llx is a block the service "
                       "had already taken from its port: posted again, it is not a packet "
                       "of its own (the service frees each one it takes)", f->job,
                       (unsigned long long)f->address);
        tally->foreign++;
        return;
    case PACKET_SERVICE_HEAP:
        if (f->allocated >= f->struct_size)
            check_packet_contents(sink, f, tally);
        return;
    }
}

void rule_status_summary(const verdict_sink *sink, const char *job, size_t count,
                         const packet_tally *tally)
{
    if (tally->ended && tally->after_end == 0)
        verdict_held(sink, "END-3", "job %s: no packet after FaxDevEndJob returned", job);
    if (count == 0)
        return;
    if (tally->foreign == 0)
        verdict_held(sink, "STAT-2", "job %s: all %zu status packets came from the service's "
                     "heap", job, count);
    if (tally->held > 0 && tally->touched == 0)
        verdict_held(sink, "STAT-4", "job %s: all %u packets the service kept until "
                     "FaxDevEndJob returned were untouched when it freed them", job,
                     tally->held);
    if (tally->port == 0)
        verdict_held(sink, "STAT-3", "job %s: every packet on the job's port and key, with its "
                     "size", job);
    if (tally->readable == 0)
        return;
    if (tally->size == 0)
        verdict_held(sink, "STAT-5", "job %s: every packet exactly sizeof(FAX_DEV_STATUS), "
                     "SizeOfStruct set", job);
    if (tally->reserved == 0)
        verdict_held(sink, "DS-8", "job %s: Reserved[3] zero in every packet", job);
    if (tally->error_code == 0)
        verdict_held(sink, "DS-7", "job %s: ErrorCode NO_ERROR in every progress packet", job);
    if (tally->other_status == 0)
        verdict_held(sink, "DS-1", "job %s: every StatusId an FS_* code", job);
    if (tally->provider_codes == 0)
        verdict_note(sink, "DS-2", "job %s: no provider-defined StatusId: StringId is ignored "
                     "for predefined codes", job);
    else if (tally->provider_unnamed == 0)
        verdict_held(sink, "DS-2", "job %s: %u provider-defined StatusId(s), each with a "
                     "StringId that names a string resource of the FSP's", job,
                     tally->provider_codes);
}

void rule_page_numbers(const verdict_sink *sink, const page_numbers_fact *f)
{
    if (!f->any || f->confirmed == 0 || f->confirmed >= PAGE_NUMBERS_MAX) {
        verdict_note(sink, "DS-3", "job %s: %s", f->job, !f->any
                     ? "no FS_TRANSMITTING packet came: no page number to judge"
                     : "the remote confirmed no page, or more than the kit follows");
        return;
    }
    uint64_t one_to_n = ((UINT64_C(1) << f->confirmed) - 1) << 1;   /* bits 1 .. N */
    uint64_t zero_to_n_less_one = (UINT64_C(1) << f->confirmed) - 1; /* bits 0 .. N-1 */
    if (f->highest > f->confirmed)
        verdict_doubt(sink, "DS-3", "job %s: FS_TRANSMITTING carried PageCount %lu, but the "
                      "remote confirmed %u page(s), the whole document", f->job,
                      (unsigned long)f->highest, f->confirmed);
    else if ((f->seen & one_to_n) == one_to_n)
        verdict_held(sink, "DS-3", "job %s: FS_TRANSMITTING numbered the pages 1 to %u, the "
                     "%u the remote confirmed", f->job, f->confirmed, f->confirmed);
    else if (f->confirmed >= 2 && f->seen == zero_to_n_less_one)
        verdict_broken(sink, "DS-3", "job %s: FS_TRANSMITTING numbered the %u page(s) the "
                       "remote confirmed 0 to %u: PageCount counts pages from 1", f->job,
                       f->confirmed, f->confirmed - 1);
    else
        verdict_note(sink, "DS-3", "job %s: FS_TRANSMITTING did not number every page (a "
                     "packet per page is not required): the numbers cannot be judged", f->job);
}

void rule_packet_touched(const verdict_sink *sink, const char *job, size_t number,
                         const char *status, int freed, const char *change)
{
    if (freed)
        verdict_broken(sink, "STAT-4", "job %s: packet %zu (%s) was no longer a block of the "
                       "service's heap when the service came to free it: the FSP freed it "
                       "(or damaged its heap) after posting it - the service frees the packet",
                       job, number, status);
    else
        verdict_broken(sink, "STAT-4", "job %s: packet %zu (%s) changed after it was posted "
                       "(%s): once posted, the packet is the service's", job, number, status,
                       change);
}

void rule_status_port_closed(const verdict_sink *sink, const char *job)
{
    verdict_broken(sink, "STAT-3", "job %s: the FSP closed the completion port StartJob gave "
                   "it: the port is the service's, only to be posted to (no packet could "
                   "reach the service after that)", job);
}

void rule_status_flood(const verdict_sink *sink, const char *job, size_t packets,
                       size_t repeats, size_t unlogged)
{
    if (repeats > STATUS_REPEATS_WARN)
        verdict_doubt(sink, "STAT-1", "job %s: %zu packets, %zu of them changing neither the "
                      "status nor the page: a packet is for a change, and the service takes "
                      "each one off its port (%zu left out of the log)", job, packets, repeats,
                      unlogged);
    else if (packets > 0)
        verdict_held(sink, "STAT-1", "job %s: %zu packets, %zu of them repeating the one "
                     "before", job, packets, repeats);
}

void rule_virtual_receive_packets(const verdict_sink *sink, const virtual_receive_fact *f)
{
    const char *name = fsc_status_name(f->last_posted);
    char code[16];
    if (!name) {
        snprintf(code, sizeof(code), "0x%08lx", (unsigned long)f->last_posted);
        name = code;
    }
    if (f->aborted)
        return;
    if (f->last_posted == 0)
        verdict_broken(sink, "STAT-6", "job %s: a virtual receive (answered after the FSP's "
                       "ring) posted no status packet before FaxDevEndJob: the service follows "
                       "it by its packets until it calls EndJob", f->job);
    else if (fs_status_is_under_way(f->last_posted))
        verdict_doubt(sink, "STAT-6", "job %s: the virtual receive's last packet before "
                      "FaxDevEndJob was %s, a progress status: FaxDevReceive returned %s, but "
                      "its packets stopped before its outcome", f->job, name,
                      f->returned ? "TRUE" : "FALSE");
    else
        verdict_held(sink, "STAT-6", "job %s: the virtual receive's packets went on to its "
                     "outcome: %s, the last before FaxDevEndJob", f->job, name);
}
