/*
 * check_rules.c - the host's rules (fake-faxsvc/rules/), natively, on facts made up
 * here: each rule says what its clause says and nothing more, never blames a correct
 * FSP, never judges a DLL by a clause that binds the service, and no verdict is given
 * anywhere but in a rules module.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_harness.h"
#include "clause_report.h"
#include "fax_status_codes.h"
#include "rules/abort.h"
#include "rules/api_use.h"
#include "rules/errors.h"
#include "rules/exports.h"
#include "rules/lifecycle.h"
#include "rules/operation.h"
#include "rules/report.h"
#include "rules/scenario.h"
#include "rules/status.h"
#include "rules/verdict.h"
#include "rules/virtual_devices.h"

#define MAX_RECORDED 256

/* A sink that keeps what the rules gave. */
typedef struct recorded {
    size_t count, kit_bugs;
    verdict_level level[MAX_RECORDED];
    const fsp_clause *clause[MAX_RECORDED];
    char message[MAX_RECORDED][512];
    char last_bug[512];
} recorded;

static void record(void *context, verdict_level level, const fsp_clause *clause,
                   const char *message)
{
    recorded *r = context;
    if (r->count == MAX_RECORDED)
        return;
    r->level[r->count] = level;
    r->clause[r->count] = clause;
    snprintf(r->message[r->count++], sizeof(r->message[0]), "%s", message);
}

static void bug(void *context, const char *message)
{
    recorded *r = context;
    r->kit_bugs++;
    snprintf(r->last_bug, sizeof(r->last_bug), "%s", message);
}

static verdict_sink sink_of(recorded *r)
{
    memset(r, 0, sizeof(*r));
    verdict_sink s = {record, bug, r};
    return s;
}

/* Everything recorded, one per line, for failure messages. */
static const char *seen(const recorded *r)
{
    static char text[8192];
    text[0] = '\0';
    for (size_t i = 0; i < r->count; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "\n  %s %s %s",
                 verdict_level_name(r->level[i]), r->clause[i]->id, r->message[i]);
    return r->count ? text : " (none)";
}

/* How many verdicts on `clause` at `level` mention `text` (NULL: any). */
static size_t count_of(const recorded *r, const char *clause, verdict_level level,
                       const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        n += strcmp(r->clause[i]->id, clause) == 0 && r->level[i] == level &&
             (!text || strstr(r->message[i], text));
    return n;
}

#define expect_verdict(r, clause, level, text)                                          \
    expect_that(count_of((r), (clause), (level), (text)) > 0,                           \
                "expected %s %s%s%s; the rules gave:%s", verdict_level_name(level),     \
                (clause), (text) ? " mentioning " : "", (text) ? (text) : "", seen(r))
#define expect_none(r, clause, level)                                                   \
    expect_that(count_of((r), (clause), (level), NULL) == 0,                            \
                "expected no %s on %s; the rules gave:%s", verdict_level_name(level),   \
                (clause), seen(r))

/* --- the verdict layer --------------------------------------------------------------- */

START_TEST(a_service_clause_never_judges_a_dll)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    /* RPT-4 and RPT-5 say what the service does with the buffer. */
    verdict_broken(&s, "RPT-4", "the FSP failed");
    verdict_held(&s, "RPT-5", "fine");
    verdict_doubt(&s, "VDEV-8", "odd");
    expect_that(r.kit_bugs == 3 && r.count == 0, "expected 3 kit bugs and no verdict, got %zu "
                "bugs (last: %s) and verdicts:%s", r.kit_bugs, r.last_bug, seen(&r));
    verdict_note(&s, "RPT-5", "how the kit honours it");
    expect_verdict(&r, "RPT-5", VERDICT_INFO, "how the kit honours it");
    verdict_broken(&s, "NOPE-7", "x");
    expect_that(r.kit_bugs == 4 && strstr(r.last_bug, "NOPE-7"), "expected a 4th kit bug naming "
                "NOPE-7, got %zu: %s", r.kit_bugs, r.last_bug);
}
END_TEST

START_TEST(levels_follow_the_clause_table)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    verdict_broken(&s, "ABORT-3", "documented");   /* FAIL */
    verdict_broken(&s, "END-3", "our reading");    /* WARN */
    verdict_doubt(&s, "ABORT-3", "a figure");      /* WARN whatever the strength */
    expect_verdict(&r, "ABORT-3", VERDICT_FAIL, "documented");
    expect_verdict(&r, "END-3", VERDICT_WARN, "our reading");
    expect_verdict(&r, "ABORT-3", VERDICT_WARN, "a figure");
}
END_TEST

/* Every rule, driven with facts of every kind: none may misuse the table. */
START_TEST(no_rule_judges_by_a_service_clause)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    export_fact exports[] = {{"FaxDevSend", 1, 0, "_FaxDevSend@8", 8, 12},
                             {"FaxDevShutdown", 0, 1, NULL, 0, 0}};
    rule_exports(&s, exports, 2);
    failure_reason_fact reasons[] = {{"FaxDevSend", 0, 0, 0}, {"FaxDevSend", 5, 0, 0},
                                     {"FaxDevSend", 0, 1, 0}, {"FaxDevSend", 2, 0, 1},
                                     {"FaxDevSend", 997, 0, 0}};
    for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
        rule_failure_reason(&s, &reasons[i]);
    rule_exception(&s, "FaxDevSend", "a", 0xC0000005u, "access violation", "the FSP+0x10", 3);
    rule_exception(&s, NULL, NULL, 0xC0000005u, "access violation", "0x1234", -1);
    rule_exception(&s, "FaxDevSend", "b", 0xC0000005u, "access violation", "the FSP+0x10", 510);
    rule_call_hung(&s, "FaxDevStartJob", "a", 30000);
    rule_thread_lost(&s, "FaxDevSend", "a");
    rule_stop_after_lost_thread(&s, "a");
    rule_heap_corrupted(&s, "FaxDevEndJob", "a");
    rule_heap_destroyed(&s, "FaxDevInitialize", NULL);
    early_end_fact early = {"the host", "FaxDevInitialize", NULL, 0, 0, 0};
    rule_host_ended_early(&s, &early);
    rule_calls_returned(&s, 12);
    idle_report_fact idle = {"a", FS_COMPLETED, 0, 0};
    rule_idle_report(&s, &idle);
    rule_fault_beside_abort(&s, "FaxDevSend", "a");
    rule_aborts_from_another_thread(&s, "sweep", "FaxDevSend", 3);
    virtual_receive_fact packets = {"a", 1, 0, 0};
    rule_virtual_receive_packets(&s, &packets);
    line_missing_fact missing = {"a", "FaxDevSend", 1, 0, 0};
    rule_line_missing_outcome(&s, &missing);
    rule_line_missing_start_refused(&s, "a");
    rule_line_missing_at_start_up(&s, "FaxDevInitialize");
    rule_device_creation_before_init(&s, 1);
    rule_device_creation_before_init(&s, 0);
    for (int ok = 0; ok < 2; ok++)
        for (int cb = 0; cb < 2; cb++)
            rule_initialize(&s, ok, cb);
    rule_service_callback_called(&s);
    rule_init_order_note(&s, "x.fsc:1:1");
    rule_shutdown_result(&s, 0);
    rule_shutdown_result(&s, 1);
    rule_shutdown_result(&s, -5);
    rule_shutdown_heap(&s, 0, 0);
    rule_shutdown_heap(&s, 2, 64);
    rule_ring_after_shutdown(&s);
    leftover_thread_fact thread = {7, 2000, 1, 1, 0, 1, "the FSP+0x10", "the FSP+0x20"};
    rule_thread_after_shutdown(&s, &thread);
    rule_threads_after_shutdown_none(&s);
    rule_start_job(&s, "a", 1, 0x1000);
    rule_start_job(&s, "a", 0, 0);
    jobs_leak_fact leaks[] = {{"a", 1, 0, 0, 0}, {"a, b", 2, 3, 96, 0}, {"c", 1, 1, 8, 1}};
    for (size_t i = 0; i < sizeof(leaks) / sizeof(leaks[0]); i++)
        rule_jobs_leak(&s, &leaks[i]);
    job_handles_fact handles[] = {{8, 100, 100}, {8, 100, 120}, {2, 1, 9}};
    for (size_t i = 0; i < sizeof(handles) / sizeof(handles[0]); i++)
        rule_job_handles(&s, &handles[i]);
    job_memory_fact memory = {2, 1 << 20, 1 << 30};
    rule_job_memory(&s, &memory);
    rule_packet_after_end(&s, "a", "FS_COMPLETED");
    rule_dead_handle_called_back(&s, "a");
    packet_fact packet = {"a", 1, 2, PACKET_SERVICE_HEAP, 0x10, 44, 44, 56, 56,
                          FS_COMPLETED, 5, {1, 0, 0}, 0, -1};
    packet_tally tally = {0}, clean = {0};
    rule_status_packet(&s, &packet, &tally);
    packet.origin = PACKET_PROCESS_HEAP;
    rule_status_packet(&s, &packet, &tally);
    packet.origin = PACKET_NULL;
    rule_status_packet(&s, &packet, &tally);
    clean.readable = 3;
    rule_status_summary(&s, "a", 3, &clean);
    report_probe_fact probe = {"a", "end of job", 0, 87, 0, 0, 56, 4152};
    rule_report_probe(&s, &probe);
    probe.required = 9000;
    probe.returned = 1;
    rule_report_probe(&s, &probe);
    rule_report_refused(&s, "a", "end of job", 4152, 87);
    rule_report_members(&s, "a", "StatusId", 40, 56);
    rule_report_members(&s, "a", "", 56, 56);
    rule_report_overrun(&s, "a", "the service's buffer", 4152, 56, 32);
    rule_report_small_buffer(&s, "a", 28, 56, 1, 0);
    rule_report_small_buffer(&s, "a", 28, 56, 0, 87);
    rule_report_small_buffer(&s, "a", 28, 56, 0, 122);
    rule_report_strings_inside(&s, "a", 0);
    rule_report_strings_inside(&s, "a", 2);
    rule_report_beside_abort(&s, "a");
    rule_no_ring_came(&s, "x.fsc:1:1", 100);
    rule_report_string_outside(&s, "a", "CSI", 1, 2, 3);
    rule_report_deadlock(&s, "a", 30000);
    rule_send_callback(&s, "a", 1, 7, 0, 0);
    rule_send_callback(&s, "a", 0, 7, 0, 0);
    rule_send_callback(&s, "a", 1, 7, 1, 0);
    rule_send_callback_unknown_handle(&s, 0xdead);
    send_refused_fact refused = {"a", 1, 1, FS_COMPLETED};
    rule_send_refused(&s, &refused);
    page_numbers_fact numbers = {"a", 2, 0x3, 1, 1};
    rule_page_numbers(&s, &numbers);
    receiver_fact receiver = {"a", RECEIVER_UNSET, RECEIVER_OUTSIDE, 0, 0x10, 0x100, 0x200};
    rule_receiver_strings(&s, &receiver);
    rule_received_file(&s, "a", (const unsigned char *)"II*", 4, 0);
    rule_received_file(&s, "a", (const unsigned char *)"MM\0*", 4, 0);
    rule_received_file(&s, "a", (const unsigned char *)"", 0, 0);
    for (int ret = 0; ret < 2; ret++) {
        rule_send_outcome(&s, "a", ret, FS_COMPLETED);
        rule_send_outcome(&s, "a", ret, FS_BUSY);
        rule_send_outcome(&s, "a", ret, 0);
        abort_outcome_fact outcome = {"a", 1, ret, FS_USER_ABORT, FS_TRANSMITTING};
        rule_abort_outcome(&s, &outcome);
        outcome.final_status = FS_FATAL_ERROR;
        rule_abort_outcome(&s, &outcome);
        outcome.status_at_abort = FS_FATAL_ERROR;
        rule_abort_outcome(&s, &outcome);
    }
    abort_call_fact call = {"a", "FaxDevSend", 900000, 1, 1, 850000, 100};
    rule_abort_call(&s, &call);
    rule_abort_ignored(&s, "x.fsc:2:3", "a", "FaxDevSend", 5000);
    race_abort_fact race = {"sweep", 1, "a", "mid-page 1 2048", "FaxDevSend", 1, 0, 1, 1,
                            FS_COMPLETED, 40};
    rule_race_abort(&s, &race);
    race.reached = 0;
    rule_race_abort(&s, &race);
    rule_modem_left_off_hook(&s, "sweep", 1, "BUSY");
    device_creation_fact creation = {0, 0, 0, 12};
    rule_device_creation(&s, &creation);
    rule_device_creation_overrun(&s, &creation);
    ring_fact ring = {1, 2, RING_SERVICE_HEAP, 0x10, 40, 0, 40, 0x100, 2, 0x300, 1, 0, 2, 0, 0, 2};
    unsigned bad_rings = 0;
    rule_ring(&s, &ring, &bad_rings);
    rule_rings_summary(&s, 3, 0, 1);
    rule_ring_answered(&s, "x.fsc:3:1", 0x100, 0);
    rule_expect_device_count(&s, "x.fsc:1:1", 2, 1);
    rule_expect_ring(&s, "x.fsc:1:1", 100);
    rule_expect_returned_within(&s, "x.fsc:1:1", "a", NULL, 100);
    rule_expect_return(&s, "x.fsc:1:1", "a", "FaxDevSend", 1, 0, 0, 0, 5);
    rule_expect_status(&s, "x.fsc:1:1", "a", 0, "FS_COMPLETED", 100, "(no packets)");
    rule_expect_final(&s, "x.fsc:1:1", "a", 0, 0, 1);

    expect_that(r.kit_bugs == 0, "a rule misused the clause table: %s", r.last_bug);
    for (size_t i = 0; i < r.count; i++)
        expect_that(r.level[i] == VERDICT_INFO || r.clause[i]->party == CLAUSE_FSP,
                    "%s %s judges a DLL by a service clause: %s",
                    verdict_level_name(r.level[i]), r.clause[i]->id, r.message[i]);
}
END_TEST

/* "No verdict is given anywhere but in a rules module": the host's and fspconform's
 * sources call none of verdict.h's functions, and the rules call no other judge. */
static size_t calls_in(const char *dir, const char *const names[], size_t n, char *where,
                       size_t where_size)
{
    DIR *d = opendir(dir);
    expect_that(d != NULL, "%s: cannot list (run from the repository root)", dir);
    size_t found = 0;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len < 3 || strcmp(entry->d_name + len - 2, ".c") != 0)
            continue;
        char path[512], line[1024];
        snprintf(path, sizeof(path), "%s/%s", dir, entry->d_name);
        FILE *f = fopen(path, "r");
        for (unsigned lineno = 1; f && fgets(line, sizeof(line), f); lineno++)
            for (size_t i = 0; i < n; i++)
                if (strstr(line, names[i])) {
                    found++;
                    snprintf(where + strlen(where), where_size - strlen(where), "\n  %s:%u: %s",
                             path, lineno, names[i]);
                }
        if (f)
            fclose(f);
    }
    closedir(d);
    return found;
}

START_TEST(verdicts_are_given_only_in_the_rules)
{
    static const char *const verdict_calls[] = {"verdict_held(", "verdict_broken(",
                                                "verdict_doubt(", "verdict_note(",
                                                "judge_pass(", "judge_violation(",
                                                "judge_info("};
    static const char *const outside[] = {"fake-faxsvc", "conformance", "conformance/lib",
                                          "common"};
    char where[4096] = "";
    size_t found = 0;
    for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
        found += calls_in(outside[i], verdict_calls, HARNESS_COUNT(verdict_calls), where,
                          sizeof(where));
    expect_that(found == 0, "verdicts given outside fake-faxsvc/rules/:%s", where);
    static const char *const other_judges[] = {"judge_", "event_"};
    found = calls_in("fake-faxsvc/rules", other_judges, HARNESS_COUNT(other_judges), where,
                     sizeof(where));
    expect_that(found == 0, "a rule reaches past its sink:%s", where);
}
END_TEST

/* fspconform's report says "not judged by this version of the kit" for a clause outside
 * its list of judgeable clauses: the list must be exactly the FSP clauses the rules name. */
START_TEST(the_report_knows_which_clauses_the_rules_judge)
{
    char named[128][16];
    size_t count = 0;
    DIR *d = opendir("fake-faxsvc/rules");
    expect_that(d != NULL, "fake-faxsvc/rules: cannot list (run from the repository root)");
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        size_t len = strlen(entry->d_name);
        if (len < 3 || strcmp(entry->d_name + len - 2, ".c") != 0)
            continue;
        char path[512], line[1024];
        snprintf(path, sizeof(path), "fake-faxsvc/rules/%s", entry->d_name);
        FILE *f = fopen(path, "r");
        while (f && fgets(line, sizeof(line), f))
            for (char *q = strchr(line, '"'); q; q = strchr(q + 1, '"')) {
                char id[16];
                const fsp_clause *c;
                if (sscanf(q, "\"%15[A-Z0-9-]\"", id) == 1 && (c = fsp_clause_find(id)) &&
                    c->party == CLAUSE_FSP) {
                    size_t k = 0;
                    while (k < count && strcmp(named[k], id) != 0)
                        k++;
                    if (k == count && count < 128)
                        snprintf(named[count++], sizeof(named[0]), "%s", id);
                }
            }
        if (f)
            fclose(f);
    }
    closedir(d);
    size_t table_count;
    const fsp_clause *table = fsp_clause_table(&table_count);
    for (size_t i = 0; i < table_count; i++) {
        int in_rules = 0;
        for (size_t k = 0; k < count; k++)
            in_rules |= strcmp(named[k], table[i].id) == 0;
        expect_that(in_rules == clause_report_judgeable(table[i].id), "%s: the rules %s it, "
                    "the report's list %s it", table[i].id, in_rules ? "name" : "never name",
                    clause_report_judgeable(table[i].id) ? "has" : "lacks");
    }
}
END_TEST

/* --- the fixes: correct FSPs are not blamed ---------------------------------------------- */

/* RPT-3 says "store the size"; a Win32-style probe stores it and returns FALSE with
 * ERROR_INSUFFICIENT_BUFFER, and must not be failed for that. */
START_TEST(a_size_probe_returning_false_with_the_size_holds_rpt3)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    report_probe_fact probe = {"a", "end of job", 0, 122, 0, 120, 56, 4152};
    expect_that(rule_report_probe(&s, &probe) == 1, "the host must go on with a buffer");
    expect_verdict(&r, "RPT-3", VERDICT_PASS, "120 bytes");
    expect_verdict(&r, "RPT-3", VERDICT_INFO, "ERROR_INSUFFICIENT_BUFFER");
    expect_none(&r, "RPT-3", VERDICT_FAIL);
    expect_none(&r, "ERR-2", VERDICT_FAIL);
    /* ... while a probe that stores nothing breaks it, whatever it returns */
    probe.required = 0;
    probe.returned = 1;
    expect_that(rule_report_probe(&s, &probe) == 0, "no size, no buffer call");
    expect_verdict(&r, "RPT-3", VERDICT_FAIL, "left 0");
}
END_TEST

/* A send whose status could not be read is not a SEND-8 FAIL. */
START_TEST(no_status_read_is_not_a_false_send_failure)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_send_outcome(&s, "a", 1, 0);
    expect_none(&r, "SEND-8", VERDICT_FAIL);
    expect_verdict(&r, "SEND-8", VERDICT_INFO, "no end-of-job status");
    rule_send_outcome(&s, "a", 1, FS_BUSY);
    expect_verdict(&r, "SEND-8", VERDICT_FAIL, "FS_BUSY");
}
END_TEST

/* ABORT-3 by order: an abort that returns only after the operation ended, long after it
 * was called, waited for it (FAIL); a prompt abort racing a prompt operation holds,
 * whichever returned first; a slow one while the operation ran is a doubt. */
START_TEST(abort_is_judged_by_order_then_by_figure)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    abort_call_fact waited = {"a", "FaxDevSend", 2100000, 1, 1, 2000000, 100};
    rule_abort_call(&s, &waited);
    expect_verdict(&r, "ABORT-3", VERDICT_FAIL, "waited for the operation");

    s = sink_of(&r);
    abort_call_fact raced = {"a", "FaxDevSend", 3000, 1, 1, 2500, 100};
    rule_abort_call(&s, &raced);
    expect_verdict(&r, "ABORT-3", VERDICT_PASS, NULL);
    expect_none(&r, "ABORT-3", VERDICT_FAIL);

    s = sink_of(&r);
    abort_call_fact slow = {"a", "FaxDevSend", 400000, 1, 0, 0, 100};
    rule_abort_call(&s, &slow);
    expect_verdict(&r, "ABORT-3", VERDICT_WARN, "took 400 ms");
    expect_none(&r, "ABORT-3", VERDICT_FAIL);
}
END_TEST

/* SEND-6: after FaxSendCallback answered FALSE the send must end without completing; an
 * FSP that never calls back cannot be judged (a note, no verdict). */
START_TEST(a_refused_callback_ends_the_send)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    send_refused_fact went_on = {"a", 1, 1, FS_COMPLETED};
    rule_send_refused(&s, &went_on);
    expect_verdict(&r, "SEND-6", VERDICT_FAIL, "returned TRUE and reports FS_COMPLETED");

    s = sink_of(&r);
    send_refused_fact completed = {"a", 2, 0, FS_COMPLETED};
    rule_send_refused(&s, &completed);
    expect_verdict(&r, "SEND-6", VERDICT_FAIL, "returned FALSE and reports FS_COMPLETED");

    s = sink_of(&r);
    send_refused_fact ended = {"a", 1, 0, FS_USER_ABORT};
    rule_send_refused(&s, &ended);
    expect_verdict(&r, "SEND-6", VERDICT_PASS, "FALSE and FS_USER_ABORT");
    expect_none(&r, "SEND-6", VERDICT_FAIL);

    s = sink_of(&r);
    send_refused_fact never_called = {"a", 0, 1, FS_COMPLETED};
    rule_send_refused(&s, &never_called);
    expect_verdict(&r, "SEND-6", VERDICT_INFO, "never called it");
    expect_none(&r, "SEND-6", VERDICT_FAIL);
    expect_none(&r, "SEND-6", VERDICT_PASS);
}
END_TEST

/* LOAD-3 from the FSP's own calls: KEY_ALL_ACCESS (all of its rights) fails, a narrower
 * request does not; anything created under the Windows directory fails; the summary
 * holds only with no breach, and notes an FSP whose imports showed nothing. RECV-3:
 * OPEN_EXISTING holds, any other disposition fails, never opened is a note. */
START_TEST(what_the_fsp_asks_of_windows_is_judged)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    ck_assert_int_eq(rule_registry_access(&s, "RegOpenKeyExW", "HKLM\\Software\\V", 0xF003F), 1);
    expect_verdict(&r, "LOAD-3", VERDICT_FAIL, "RegOpenKeyExW(HKLM\\Software\\V) asked for "
                   "KEY_ALL_ACCESS (samDesired 0xf003f)");
    s = sink_of(&r);
    ck_assert_int_eq(rule_registry_access(&s, "RegOpenKeyExW", "HKLM\\V", 0x20019 | 0x100), 0);
    ck_assert_int_eq(rule_registry_access(&s, "RegCreateKeyExW", "HKCU\\V", 0xF003F | 0x100), 1);
    expect_verdict(&r, "LOAD-3", VERDICT_FAIL, "RegCreateKeyExW(HKCU\\V)");

    s = sink_of(&r);
    rule_created_under_windows(&s, "CreateDirectoryW", "C:\\windows\\Temp\\vendor");
    expect_verdict(&r, "LOAD-3", VERDICT_FAIL, "created \"C:\\windows\\Temp\\vendor\"");

    s = sink_of(&r);
    rule_api_use_summary(&s, 5, 2, 0);
    expect_verdict(&r, "LOAD-3", VERDICT_PASS, "no KEY_ALL_ACCESS in 2 registry open(s)");
    s = sink_of(&r);
    rule_api_use_summary(&s, 5, 2, 1);
    expect_none(&r, "LOAD-3", VERDICT_PASS);
    s = sink_of(&r);
    rule_api_use_summary(&s, 0, 0, 0);
    expect_verdict(&r, "LOAD-3", VERDICT_INFO, "imports none");
    expect_none(&r, "LOAD-3", VERDICT_PASS);

    s = sink_of(&r);
    rule_receive_file_opened(&s, "in", 3, 2);
    expect_verdict(&r, "RECV-3", VERDICT_PASS, "OPEN_EXISTING (2 open(s))");
    s = sink_of(&r);
    rule_receive_file_opened(&s, "in", 2, 2);
    expect_verdict(&r, "RECV-3", VERDICT_FAIL, "with CREATE_ALWAYS");
    s = sink_of(&r);
    rule_receive_file_opened(&s, "in", 0, 0);
    expect_verdict(&r, "RECV-3", VERDICT_INFO, "never opened");
    expect_none(&r, "RECV-3", VERDICT_FAIL);
}
END_TEST

/* RECV-5: a receive without a ring fails the call, or receives a call that came; TRUE
 * with no call at the line is a receive of nothing; an abort's ending is not judged. */
START_TEST(a_receive_without_a_ring_fails_or_receives)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    receive_without_ring_fact failed = {"in", 0, FS_NO_ANSWER, 0, -1};
    rule_receive_without_ring(&s, &failed);
    expect_verdict(&r, "RECV-5", VERDICT_PASS, "failed the call: FALSE, FS_NO_ANSWER");

    s = sink_of(&r);
    receive_without_ring_fact nothing = {"in", 1, FS_COMPLETED, 0, 0};
    rule_receive_without_ring(&s, &nothing);
    expect_verdict(&r, "RECV-5", VERDICT_FAIL, "no call came to the line");

    s = sink_of(&r);
    receive_without_ring_fact contradicted = {"in", 0, FS_COMPLETED, 0, -1};
    rule_receive_without_ring(&s, &contradicted);
    expect_verdict(&r, "RECV-5", VERDICT_FAIL, "yet its status is FS_COMPLETED");

    s = sink_of(&r);
    receive_without_ring_fact answered = {"in", 1, FS_COMPLETED, 0, 1};
    rule_receive_without_ring(&s, &answered);
    expect_verdict(&r, "RECV-5", VERDICT_PASS, "received the call that came");

    s = sink_of(&r);
    receive_without_ring_fact unknown = {"in", 1, FS_COMPLETED, 0, -1};
    rule_receive_without_ring(&s, &unknown);
    expect_verdict(&r, "RECV-5", VERDICT_INFO, "only the file it left");
    expect_none(&r, "RECV-5", VERDICT_FAIL);

    s = sink_of(&r);
    /* an abort before the FSP entered the receive ended it: no RECV-5 PASS (the reference
     * FSP's FS_USER_ABORT there was once one) */
    receive_without_ring_fact early = {"in", 0, FS_USER_ABORT, 1, -1};
    rule_receive_without_ring(&s, &early);
    expect_verdict(&r, "RECV-5", VERDICT_INFO, "an abort came before");
    expect_none(&r, "RECV-5", VERDICT_PASS);

    s = sink_of(&r);
    receive_without_ring_fact aborted = {"in", 1, FS_COMPLETED, 1, 0};
    rule_receive_without_ring(&s, &aborted);
    expect_verdict(&r, "RECV-5", VERDICT_INFO, "the abort's");
    expect_none(&r, "RECV-5", VERDICT_FAIL);
}
END_TEST

/* DS-4: the CSI the last report gave against the ID the remote gave on the call -
 * blanks around either do not count; another ID fails; a CSI where the remote gave none
 * is a WARN; no CSI at all is a note (the strings are optional). */
START_TEST(csi_is_the_remotes_id)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    csi_fact same = {"out", "FaxDevSend", 1, "  ACME SALES", "ACME SALES   "};
    rule_report_csi(&s, &same);
    expect_verdict(&r, "DS-4", VERDICT_PASS, "\"ACME SALES\" is the remote's CSI (+FCI)");

    s = sink_of(&r);
    csi_fact own = {"out", "FaxDevSend", 1, "+1 555 0100", "ACME SALES"};
    rule_report_csi(&s, &own);
    expect_verdict(&r, "DS-4", VERDICT_FAIL, "remote's CSI (+FCI) was \"ACME SALES\"");

    s = sink_of(&r);
    csi_fact received = {"in", "FaxDevReceive", 1, "+1 555 0100", "+1 555 0199"};
    rule_report_csi(&s, &received);
    expect_verdict(&r, "DS-4", VERDICT_FAIL, "TSI (+FTI)");

    s = sink_of(&r);
    csi_fact invented = {"out", "FaxDevSend", 1, "UNKNOWN", ""};
    rule_report_csi(&s, &invented);
    expect_verdict(&r, "DS-4", VERDICT_WARN, "gave no ID on this call");
    expect_none(&r, "DS-4", VERDICT_FAIL);

    s = sink_of(&r);
    csi_fact none = {"out", "FaxDevSend", 0, "", "ACME SALES"};
    rule_report_csi(&s, &none);
    expect_verdict(&r, "DS-4", VERDICT_INFO, "gave no CSI");
    expect_none(&r, "DS-4", VERDICT_PASS);
    expect_none(&r, "DS-4", VERDICT_FAIL);
}
END_TEST

/* DS-5: after a receive, CallerId naming the calling device (its TSI, blanks aside, or a
 * string holding it) holds; another ID is a WARN (the clause says what it is for, not
 * what it must hold); none, or no TSI to compare with, is a note. */
START_TEST(caller_id_names_the_calling_device)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    caller_id_fact tsi = {"in", 1, "THE CALLER ", "  THE CALLER"};
    rule_report_caller_id(&s, &tsi);
    expect_verdict(&r, "DS-5", VERDICT_PASS, "\"THE CALLER\" names the calling device");

    s = sink_of(&r);
    caller_id_fact with_number = {"in", 1, "THE CALLER +1 555 0100", "THE CALLER"};
    rule_report_caller_id(&s, &with_number);
    expect_verdict(&r, "DS-5", VERDICT_PASS, "names the calling device");

    s = sink_of(&r);
    caller_id_fact own = {"in", 1, "FSPKit", "THE CALLER"};
    rule_report_caller_id(&s, &own);
    expect_verdict(&r, "DS-5", VERDICT_WARN, "its TSI on the call was \"THE CALLER\"");
    expect_none(&r, "DS-5", VERDICT_PASS);

    s = sink_of(&r);
    caller_id_fact none = {"in", 0, "", "THE CALLER"};
    rule_report_caller_id(&s, &none);
    expect_verdict(&r, "DS-5", VERDICT_INFO, "gave no CallerId");
    expect_none(&r, "DS-5", VERDICT_WARN);

    s = sink_of(&r);
    caller_id_fact silent = {"in", 1, "SOMEONE", ""};
    rule_report_caller_id(&s, &silent);
    expect_verdict(&r, "DS-5", VERDICT_INFO, "gave no TSI");
    expect_none(&r, "DS-5", VERDICT_WARN);
}
END_TEST

/* DS-6: RoutingInfo is TAPI's canonical number, then optionally '|' and more. */
START_TEST(routing_info_starts_with_a_canonical_number)
{
    static const char *const good[] = {
        "+1 (425) 555-0100", "+44 20 7946 0958|1234", "+49 (30) 1234.5678|DID 77",
        "+1 (425) 555-0100T",
    };
    static const char *const bad[] = {
        "5550100", "+1(425) 555-0100", "+ 425 5550100", "+1 (425)555-0100",
        "+1 (425) (555) 0100", "+1 (425) ", "+1 (425) 555^0100", "|+1 425 5550100",
        "+1 425 ext 12",
    };
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        recorded r;
        verdict_sink s = sink_of(&r);
        rule_routing_info(&s, "in", 1, good[i]);
        expect_verdict(&r, "DS-6", VERDICT_PASS, good[i]);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        recorded r;
        verdict_sink s = sink_of(&r);
        rule_routing_info(&s, "in", 1, bad[i]);
        expect_verdict(&r, "DS-6", VERDICT_FAIL, bad[i]);
    }
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_routing_info(&s, "in", 0, "");
    expect_verdict(&r, "DS-6", VERDICT_INFO, "gave no RoutingInfo");
    expect_none(&r, "DS-6", VERDICT_FAIL);
}
END_TEST

/* DS-3 from the page numbers of a send the remote confirmed whole: 1..N holds (a 0 before
 * the first page is allowed), 0..N-1 is counting from 0, anything sparser is a note - a
 * packet per page is not required. */
START_TEST(page_numbers_count_from_one)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    page_numbers_fact right = {"a", 2, 0x7, 2, 1}; /* 0 (none yet), 1, 2 */
    rule_page_numbers(&s, &right);
    expect_verdict(&r, "DS-3", VERDICT_PASS, "1 to 2");

    s = sink_of(&r);
    page_numbers_fact from_zero = {"a", 3, 0x7, 2, 1}; /* 0, 1, 2 for three pages */
    rule_page_numbers(&s, &from_zero);
    expect_verdict(&r, "DS-3", VERDICT_FAIL, "0 to 2: PageCount counts pages from 1");

    s = sink_of(&r);
    page_numbers_fact sparse = {"a", 3, 0x2, 1, 1}; /* one packet, page 1 */
    rule_page_numbers(&s, &sparse);
    expect_verdict(&r, "DS-3", VERDICT_INFO, "did not number every page");
    expect_none(&r, "DS-3", VERDICT_FAIL);

    s = sink_of(&r);
    page_numbers_fact one_page = {"a", 1, 0x1, 0, 1}; /* 0 only: "none yet", not judged */
    rule_page_numbers(&s, &one_page);
    expect_none(&r, "DS-3", VERDICT_FAIL);

    s = sink_of(&r);
    page_numbers_fact past = {"a", 2, 0x8 | 0x6, 3, 1};
    rule_page_numbers(&s, &past);
    expect_verdict(&r, "DS-3", VERDICT_WARN, "PageCount 3");
}
END_TEST

/* RECV-6 is advice: strings unset or outside the block are a WARN naming the member, never
 * a FAIL; both in the block hold. */
START_TEST(receiver_strings_are_advice)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    receiver_fact unset = {"a", RECEIVER_UNSET, RECEIVER_IN_BLOCK, 0, 0x180, 0x100, 0x200};
    rule_receiver_strings(&s, &unset);
    expect_verdict(&r, "RECV-6", VERDICT_WARN, "ReceiverName NULL");
    expect_none(&r, "RECV-6", VERDICT_PASS);

    s = sink_of(&r);
    receiver_fact outside = {"a", RECEIVER_IN_BLOCK, RECEIVER_OUTSIDE, 0x180, 0x10, 0x100, 0x200};
    rule_receiver_strings(&s, &outside);
    expect_verdict(&r, "RECV-6", VERDICT_WARN, "ReceiverNumber points at 0x10, outside");
    expect_none(&r, "RECV-6", VERDICT_FAIL);

    s = sink_of(&r);
    receiver_fact inside = {"a", RECEIVER_IN_BLOCK, RECEIVER_IN_BLOCK, 0x180, 0x190, 0x100, 0x200};
    rule_receiver_strings(&s, &inside);
    expect_verdict(&r, "RECV-6", VERDICT_PASS, NULL);
    expect_none(&r, "RECV-6", VERDICT_WARN);
}
END_TEST

/* END-1 names the group when jobs overlapped, and holds when nothing was left. */
START_TEST(jobs_alive_together_are_judged_together)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    jobs_leak_fact together = {"a, b", 2, 0, 0, 0};
    rule_jobs_leak(&s, &together);
    expect_verdict(&r, "END-1", VERDICT_PASS, "jobs a, b");
    jobs_leak_fact again = {"a", 1, 2, 64, 1};
    rule_jobs_leak(&s, &again);
    expect_verdict(&r, "END-1", VERDICT_FAIL, "more block(s) on the private heap after EndJob");
}
END_TEST

/* A crash after the process took hundreds of MB names the memory as the likely cause
 * (misbehaves_in_export's "memory" uses the NULL of an allocation refused at the
 * limit); the few MB any run takes are not mentioned. */
START_TEST(a_crash_at_the_memory_limit_says_so)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_exception(&s, "FaxDevSend", "a", 0xC0000005u, "access violation", "the FSP+0x10", 5);
    rule_exception(&s, "FaxDevSend", "b", 0xC0000005u, "access violation", "the FSP+0x10",
                   CRASH_MEMORY_NOTED_MB);
    expect_verdict(&r, "ERR-1", VERDICT_FAIL, "job b raised exception 0xc0000005 (access "
                   "violation) at the FSP+0x10 instead of returning, after the process had "
                   "taken 256 MB of memory");
    expect_that(!strstr(seen(&r), "job a raised exception 0xc0000005 (access violation) at "
                        "the FSP+0x10 instead of returning, after"),
                "a crash with 5 MB taken must not blame memory:\n%s", seen(&r));
}
END_TEST

/* END-1's warm-up: an FSP that builds a cache in its first job (and frees it at
 * Shutdown) is correct - once the END-1 FAIL of a lazily allocating FSP; the blocks a
 * second job keeps are a leak. Handles: at least one more per job after the warm-up is
 * a doubt, fewer is noise of the system's. */
START_TEST(a_first_job_may_build_a_cache_a_second_may_not_leak)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    jobs_leak_fact first = {"a", 1, 3, 96, 0};
    rule_jobs_leak(&s, &first);
    expect_none(&r, "END-1", VERDICT_FAIL);
    expect_verdict(&r, "END-1", VERDICT_INFO, "a cache built on first use");
    jobs_leak_fact second = {"b", 1, 1, 32, 1};
    rule_jobs_leak(&s, &second);
    expect_verdict(&r, "END-1", VERDICT_FAIL, "an earlier job kept blocks too");
    recorded h;
    verdict_sink hs = sink_of(&h);
    job_handles_fact steady = {34, 120, 123};
    rule_job_handles(&hs, &steady);
    expect_none(&h, "END-1", VERDICT_WARN);
    expect_verdict(&h, "END-1", VERDICT_PASS, "no growth per job");
    job_handles_fact leaking = {34, 120, 154};
    rule_job_handles(&hs, &leaking);
    expect_verdict(&h, "END-1", VERDICT_WARN, "grew by 34 over 34 jobs");
    expect_none(&h, "END-1", VERDICT_FAIL);
    /* memory: a cache of a few megabytes is no doubt; hundreds kept after every job
     * ended is (misbehaves_in_export's "hoard" keeps all it could take) */
    recorded m;
    verdict_sink ms = sink_of(&m);
    const long long mb = 1024 * 1024;
    job_memory_fact cache = {1, 40 * mb, (40 + JOB_MEMORY_KEPT_MB - 1) * mb};
    rule_job_memory(&ms, &cache);
    expect_none(&m, "END-1", VERDICT_WARN);
    job_memory_fact freed = {3, 40 * mb, 12 * mb};
    rule_job_memory(&ms, &freed);
    expect_none(&m, "END-1", VERDICT_WARN);
    job_memory_fact hoard = {1, 3 * mb, 461 * mb};
    rule_job_memory(&ms, &hoard);
    expect_verdict(&m, "END-1", VERDICT_WARN, "holds 458 MB more memory with its 1 job(s) ended");
    expect_none(&m, "END-1", VERDICT_FAIL);
}
END_TEST

/* Clean packets hold every field clause they were read for (the battery's report said
 * "SKIP: the FSP posted no status packet" for DS-1, DS-7, DS-8 and STAT-5 after 29 of
 * them); one bad field breaks only its clause. */
/* STAT-4: packets the service kept untouched until the job's end hold; one freed or
 * changed by the FSP after posting is a WARN (the clause is our reading); the same block posted again is no packet of
 * its own (STAT-2); nothing kept, nothing judged. */
START_TEST(a_posted_packet_is_the_services)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    packet_tally tally = {.held = 3};
    rule_status_summary(&s, "a", 3, &tally);
    expect_verdict(&r, "STAT-4", VERDICT_PASS, "all 3 packets");

    s = sink_of(&r);
    tally = (packet_tally){.held = 3};
    rule_packet_touched(&s, "a", 2, "FS_TRANSMITTING", 1, NULL);
    tally.touched++;
    rule_status_summary(&s, "a", 3, &tally);
    expect_verdict(&r, "STAT-4", VERDICT_WARN, "packet 2 (FS_TRANSMITTING) was no longer a block");
    expect_none(&r, "STAT-4", VERDICT_PASS);

    s = sink_of(&r);
    rule_packet_touched(&s, "a", 4, "FS_COMPLETED", 0, "PageCount 0x2 -> 0x0");
    expect_verdict(&r, "STAT-4", VERDICT_WARN, "changed after it was posted (PageCount 0x2 -> 0x0)");

    s = sink_of(&r);
    packet_fact again = {"a", 1, 1, PACKET_POSTED_AGAIN, 0x10, 56, 56, 56, 56,
                         FS_TRANSMITTING, 0, {0, 0, 0}, 0, -1};
    tally = (packet_tally){0};
    rule_status_packet(&s, &again, &tally);
    expect_verdict(&r, "STAT-2", VERDICT_FAIL, "had already taken from its port");

    s = sink_of(&r);
    tally = (packet_tally){0};
    rule_status_summary(&s, "a", 0, &tally);
    expect_none(&r, "STAT-4", VERDICT_PASS);
}
END_TEST

/* DS-2: a provider-defined StatusId (neither FS_* nor LINEERR_*) needs a StringId that
 * names one of the FSP's string resources; predefined codes need none. */
START_TEST(a_provider_status_needs_its_string)
{
    packet_fact packet = {"a", 1, 1, PACKET_SERVICE_HEAP, 0x10, 56, 56, 56, 56,
                          FS_TRANSMITTING, 0, {0, 0, 0}, 0, -1};
    recorded r;
    verdict_sink s = sink_of(&r);
    packet_tally tally = {0};
    rule_status_packet(&s, &packet, &tally);
    packet.status_id = 0x80000005u; /* a LINEERR_* code: allowed, no string needed */
    rule_status_packet(&s, &packet, &tally);
    rule_status_summary(&s, "a", 2, &tally);
    expect_verdict(&r, "DS-2", VERDICT_INFO, "no provider-defined StatusId");
    expect_none(&r, "DS-2", VERDICT_FAIL);

    s = sink_of(&r);
    tally = (packet_tally){0};
    packet.status_id = 0x40000001u;
    packet.string_id = 101;
    packet.string_loads = 1;
    rule_status_packet(&s, &packet, &tally);
    rule_status_summary(&s, "a", 1, &tally);
    expect_verdict(&r, "DS-2", VERDICT_PASS, "1 provider-defined StatusId(s)");
    expect_verdict(&r, "DS-1", VERDICT_INFO, "0x40000001 is not an FS_* code");

    s = sink_of(&r);
    tally = (packet_tally){0};
    packet.string_loads = 0;
    rule_status_packet(&s, &packet, &tally);
    rule_status_summary(&s, "a", 1, &tally);
    expect_verdict(&r, "DS-2", VERDICT_FAIL, "StringId 101, which names no string resource");
    expect_none(&r, "DS-2", VERDICT_PASS);

    s = sink_of(&r);
    tally = (packet_tally){0};
    packet.string_id = 0;
    rule_status_packet(&s, &packet, &tally);
    expect_verdict(&r, "DS-2", VERDICT_FAIL, "0x40000001 with StringId 0:");
}
END_TEST

START_TEST(clean_packets_hold_each_field_clause)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    packet_fact packet = {"a", 1, 1, PACKET_SERVICE_HEAP, 0x10, 56, 56, 56, 56,
                          FS_TRANSMITTING, 0, {0, 0, 0}, 0, -1};
    packet_tally tally = {0};
    rule_status_packet(&s, &packet, &tally);
    packet.status_id = FS_COMPLETED;
    rule_status_packet(&s, &packet, &tally);
    rule_status_summary(&s, "a", 2, &tally);
    static const char *const held[] = {"STAT-2", "STAT-3", "STAT-5", "DS-1", "DS-7", "DS-8"};
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        expect_verdict(&r, held[i], VERDICT_PASS, "job a");

    recorded bad;
    verdict_sink sb = sink_of(&bad);
    packet_tally bad_tally = {0};
    packet.reserved[1] = 7;
    rule_status_packet(&sb, &packet, &bad_tally);
    rule_status_summary(&sb, "a", 1, &bad_tally);
    expect_verdict(&bad, "DS-8", VERDICT_FAIL, "nonzero Reserved");
    expect_none(&bad, "DS-8", VERDICT_PASS);
    expect_verdict(&bad, "DS-7", VERDICT_PASS, "job a");

    recorded unread;
    verdict_sink su = sink_of(&unread);
    packet_tally foreign = {0};
    packet.origin = PACKET_PROCESS_HEAP;
    rule_status_packet(&su, &packet, &foreign);
    rule_status_summary(&su, "a", 1, &foreign);
    expect_none(&unread, "DS-8", VERDICT_PASS); /* nothing was read: nothing held */
}
END_TEST

/* A receive that failed on its own (FS_LINE_UNAVAILABLE posted) before the abort came was
 * not cancelled by it: the battery's "receive without a ring" got a false ABORT-4 FAIL
 * from vfsp, which refuses that receive at once, as RECV-5 allows. */
START_TEST(an_operation_that_failed_before_the_abort_is_not_an_abort_outcome)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    abort_outcome_fact already = {"in", 1, 0, FS_LINE_UNAVAILABLE, FS_LINE_UNAVAILABLE};
    rule_abort_outcome(&s, &already);
    expect_none(&r, "ABORT-4", VERDICT_FAIL);
    expect_verdict(&r, "ABORT-4", VERDICT_INFO, "had already failed");
    /* still going when the abort came, then a failure other than FS_USER_ABORT: broken */
    abort_outcome_fact cut = {"out", 1, 0, FS_LINE_UNAVAILABLE, FS_TRANSMITTING};
    rule_abort_outcome(&s, &cut);
    expect_verdict(&r, "ABORT-4", VERDICT_FAIL, "instead of FS_USER_ABORT");
    /* it said nothing new after the abort and returned FALSE: broken too */
    abort_outcome_fact silent = {"out", 1, 0, FS_TRANSMITTING, FS_TRANSMITTING};
    recorded r2;
    verdict_sink s2 = sink_of(&r2);
    rule_abort_outcome(&s2, &silent);
    expect_verdict(&r2, "ABORT-4", VERDICT_FAIL, "reports FS_TRANSMITTING");
}
END_TEST

/* A little-endian TIFF of `pages` directories with no image data (the layout needs
 * none): each 1143 rows high, with the given Compression, RowsPerStrip (0: the tag
 * left out), width and YResolution in dpi. Returns its size. */
static size_t tiny_tiff(unsigned char *out, size_t pages, unsigned compression, unsigned rows,
                        unsigned width, unsigned yres)
{
    size_t at = 8;
    memcpy(out, "II*\0", 4);
    for (size_t p = 0; p < pages; p++) {
        unsigned entries = rows ? 7 : 6;
        size_t ifd = at, rationals = ifd + 2 + entries * 12 + 4, next = rationals + 16;
        unsigned char *e = out + ifd + 2;
        if (p == 0)
            memcpy(out + 4, (unsigned char[]){(unsigned char)ifd, 0, 0, 0}, 4);
        out[ifd] = (unsigned char)entries;
        out[ifd + 1] = 0;
#define ENTRY(tag, type, value)                                                        \
        do {                                                                           \
            unsigned long v_ = (value);                                                \
            unsigned char entry_[12] = {(tag) & 0xff, (tag) >> 8, (type), 0, 1, 0, 0, 0,  \
                                        v_ & 0xff, (v_ >> 8) & 0xff, (v_ >> 16) & 0xff,    \
                                        (v_ >> 24) & 0xff};                            \
            memcpy(e, entry_, 12);                                                     \
            e += 12;                                                                   \
        } while (0)
        ENTRY(256, 4, width);
        ENTRY(257, 4, 1143);
        ENTRY(259, 3, compression);
        if (rows)
            ENTRY(278, 4, rows);
        ENTRY(282, 5, rationals);
        ENTRY(283, 5, rationals + 8);
        ENTRY(296, 3, 2);
#undef ENTRY
        size_t link = p + 1 < pages ? next : 0;
        memcpy(e, (unsigned char[]){(unsigned char)link, (unsigned char)(link >> 8), 0, 0}, 4);
        memcpy(out + rationals, (unsigned char[]){204, 0, 0, 0, 1, 0, 0, 0,
                                                  (unsigned char)yres, 0, 0, 0, 1, 0, 0, 0}, 16);
        at = next;
    }
    return at;
}

/* IMG-2, IMG-4, IMG-5 from the received file's directories (they were SKIP "not judged by
 * this version of the kit"): the service's own form holds all three; MH in one strip is
 * only doubted (what the service takes back is UNCONFIRMED), never failed; a TIFF whose
 * directories cannot be read breaks RECV-2. */
START_TEST(the_received_files_layout_is_judged)
{
    unsigned char file[1024];
    recorded good;
    verdict_sink sg = sink_of(&good);
    rule_received_file(&sg, "in", file, tiny_tiff(file, 2, 4, 1, 1728, 196), 1);
    expect_verdict(&good, "RECV-2", VERDICT_PASS, "little-endian");
    expect_verdict(&good, "IMG-2", VERDICT_PASS, "all 2 received page(s) are MMR");
    expect_verdict(&good, "IMG-4", VERDICT_PASS, "RowsPerStrip 1");
    expect_verdict(&good, "IMG-5", VERDICT_PASS, "1728 pels wide");

    recorded mh;
    verdict_sink sm = sink_of(&mh);
    rule_received_file(&sm, "in", file, tiny_tiff(file, 2, 3, 0, 1728, 98), 1);
    expect_verdict(&mh, "IMG-2", VERDICT_WARN, "page 1 has Compression 3 (T.4 MH/MR)");
    expect_verdict(&mh, "IMG-4", VERDICT_WARN, "page 1 has no RowsPerStrip");
    expect_verdict(&mh, "IMG-5", VERDICT_PASS, "204 x 98 or 196");
    expect_none(&mh, "IMG-2", VERDICT_FAIL);
    expect_none(&mh, "IMG-4", VERDICT_FAIL);

    recorded wide;
    verdict_sink sw = sink_of(&wide);
    rule_received_file(&sw, "in", file, tiny_tiff(file, 1, 4, 1, 2048, 100), 1);
    expect_verdict(&wide, "IMG-5", VERDICT_WARN, "2048 pels wide at 204 x 100 dpi");

    recorded cut;
    verdict_sink sc = sink_of(&cut);
    size_t whole = tiny_tiff(file, 2, 4, 1, 1728, 196);
    rule_received_file(&sc, "in", file, whole - 30, 1);
    expect_verdict(&cut, "RECV-2", VERDICT_FAIL, "cannot be read");
    expect_none(&cut, "RECV-2", VERDICT_PASS);

    recorded loop;
    verdict_sink sl = sink_of(&loop);
    tiny_tiff(file, 2, 4, 1, 1728, 196);
    size_t second = 8 + 2 + 7 * 12 + 4 + 16, link = second + 2 + 7 * 12;
    file[link] = (unsigned char)second; /* the second page's next is itself */
    rule_received_file(&sl, "in", file, whole, 1);
    expect_verdict(&loop, "RECV-2", VERDICT_FAIL, "loops");
}
END_TEST

/* RECV-2 at the far end (before, a receive that stored the wrong pages or dropped one
 * and returned TRUE passed): the file against what modem-sim's remote sent. */
START_TEST(a_received_file_is_judged_against_what_the_remote_sent)
{
    receive_at_remote_fact same = {.job = "in", .line_idle = 1, .call_seen = 1,
                                   .call_result = "completed", .pages_sent = 2,
                                   .pages_in_document = 2, .pages_stored = 2, .match = "same"};
    recorded r1;
    verdict_sink s1 = sink_of(&r1);
    rule_receive_at_remote(&s1, &same);
    expect_verdict(&r1, "RECV-2", VERDICT_PASS, "holds the 2 page(s) the remote sent");

    receive_at_remote_fact dropped = same;
    dropped.pages_stored = 1;
    dropped.match = "fewer";
    recorded r2;
    verdict_sink s2 = sink_of(&r2);
    rule_receive_at_remote(&s2, &dropped);
    expect_verdict(&r2, "RECV-2", VERDICT_FAIL, "holds 1 page(s) where the remote's call ended "
                   "'completed' with 2 of its 2");

    receive_at_remote_fact wrong = same;
    wrong.match = "different";
    wrong.why = "page 2 row 40: first difference at x=17";
    recorded r3;
    verdict_sink s3 = sink_of(&r3);
    rule_receive_at_remote(&s3, &wrong);
    expect_verdict(&r3, "RECV-2", VERDICT_FAIL, "page 2 row 40");

    /* an aborted call: the pages that arrived are all a TRUE receive can hold */
    receive_at_remote_fact cut = same;
    cut.call_result = "aborted";
    cut.pages_sent = 1;
    cut.pages_stored = 1;
    cut.match = "fewer";
    recorded r4;
    verdict_sink s4 = sink_of(&r4);
    rule_receive_at_remote(&s4, &cut);
    expect_verdict(&r4, "RECV-2", VERDICT_INFO, "after 1 of its 2");
    expect_none(&r4, "RECV-2", VERDICT_FAIL);

    receive_at_remote_fact no_call = same;
    no_call.call_seen = 0;
    recorded r5;
    verdict_sink s5 = sink_of(&r5);
    rule_receive_at_remote(&s5, &no_call);
    expect_verdict(&r5, "RECV-2", VERDICT_INFO, "no call of modem-sim's remote");
}
END_TEST

/* A right ring holds VDEV-5, a little-endian received file IMG-3: with --ring the battery
 * reported both as SKIP ("no ring", "no received file") after a ring was answered and
 * its fax received. */
START_TEST(a_right_ring_and_file_hold_vdev5_and_img3)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    ring_fact ring = {7, 7, RING_LOCAL_ALLOC, 0x10, 40, 40, 40, 0x100, 2, 0x100, 0, 0, 2, 0,
                      0, 2};
    unsigned bad = 0;
    rule_ring(&s, &ring, &bad);
    expect_verdict(&r, "VDEV-5", VERDICT_PASS, "LINEDEVSTATE_RINGING");
    expect_verdict(&r, "VDEV-7", VERDICT_PASS, "0x100");
    rule_received_file(&s, "in", (const unsigned char *)"II*\0", 4, 0);
    expect_verdict(&r, "IMG-3", VERDICT_PASS, "little-endian");
    ring.key = 8; /* the wrong key: broken, and never held */
    recorded wrong;
    verdict_sink sw = sink_of(&wrong);
    rule_ring(&sw, &ring, &bad);
    expect_verdict(&wrong, "VDEV-5", VERDICT_FAIL, "key 8");
    expect_none(&wrong, "VDEV-5", VERDICT_PASS);
}
END_TEST

/* A process that ended without its completion record is never a pass. */
START_TEST(a_host_that_ended_early_fails_naming_the_call)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    early_end_fact exited = {"the host", "FaxDevInitialize", NULL, 0, 0, 0};
    rule_host_ended_early(&s, &exited);
    expect_verdict(&r, "ERR-1", VERDICT_FAIL, "inside FaxDevInitialize");
    early_end_fact killed = {"the process of scenario 1 of file 1", "FaxDevSend", "a", 1, 1,
                             600000};
    rule_host_ended_early(&s, &killed);
    expect_verdict(&r, "ERR-1", VERDICT_FAIL, "was killed");
}
END_TEST

/* ERR-1 held says how many calls came back; INIT-9: device creation before Initialize
 * is held when it works and only doubted when it refuses (the order is our reading). */
START_TEST(calls_that_returned_and_early_device_creation_are_judged)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_calls_returned(&s, 57);
    expect_verdict(&r, "ERR-1", VERDICT_PASS, "all 57 calls into the FSP returned");
    rule_device_creation_before_init(&s, 1);
    expect_verdict(&r, "INIT-9", VERDICT_PASS, "returned TRUE");
    expect_none(&r, "INIT-9", VERDICT_WARN);
    rule_device_creation_before_init(&s, 0);
    expect_verdict(&r, "INIT-9", VERDICT_WARN, "returned FALSE when called before");
    expect_none(&r, "INIT-9", VERDICT_FAIL);
}
END_TEST

/* RETRY-4: without its line, an operation fails with FS_LINE_UNAVAILABLE - nothing else
 * holds the clause; refusing to start is the FSP's choice, refusing the job a WARN. */
START_TEST(an_operation_without_its_line_reports_line_unavailable)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    line_missing_fact held = {"a", "FaxDevSend", 0, FS_LINE_UNAVAILABLE, 0};
    rule_line_missing_outcome(&s, &held);
    expect_verdict(&r, "RETRY-4", VERDICT_PASS, "FALSE, FS_LINE_UNAVAILABLE");
    expect_none(&r, "RETRY-4", VERDICT_FAIL);
    line_missing_fact claimed = {"b", "FaxDevSend", 1, FS_COMPLETED, 0};
    rule_line_missing_outcome(&s, &claimed);
    expect_verdict(&r, "RETRY-4", VERDICT_FAIL, "job b: FaxDevSend returned TRUE");
    line_missing_fact fatal = {"c", "FaxDevReceive", 0, FS_FATAL_ERROR, 0};
    rule_line_missing_outcome(&s, &fatal);
    expect_verdict(&r, "RETRY-4", VERDICT_FAIL, "reported FS_FATAL_ERROR, not FS_LINE_UNAVAILABLE");
    line_missing_fact silent = {"d", "FaxDevSend", 0, 0, 0};
    rule_line_missing_outcome(&s, &silent);
    expect_verdict(&r, "RETRY-4", VERDICT_FAIL, "job d");
    line_missing_fact aborted = {"e", "FaxDevSend", 1, FS_COMPLETED, 1};
    rule_line_missing_outcome(&s, &aborted);
    expect_verdict(&r, "RETRY-4", VERDICT_INFO, "job e: an abort came");
    rule_line_missing_start_refused(&s, "f");
    expect_verdict(&r, "RETRY-4", VERDICT_WARN, "job f: FaxDevStartJob refused");
    rule_line_missing_at_start_up(&s, "FaxDevInitialize");
    expect_verdict(&r, "RETRY-4", VERDICT_INFO, "FaxDevInitialize refused");
}
END_TEST

/* STAT-6: a virtual receive's packets go on to its outcome; none at all is a FAIL, a
 * progress status last a WARN (our reading), an aborted receive no verdict. */
START_TEST(a_virtual_receive_is_followed_by_its_packets_to_the_end)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    virtual_receive_fact done = {"a", 1, FS_COMPLETED, 0};
    rule_virtual_receive_packets(&s, &done);
    expect_verdict(&r, "STAT-6", VERDICT_PASS, "FS_COMPLETED, the last before FaxDevEndJob");
    virtual_receive_fact failed = {"b", 0, FS_DISCONNECTED, 0};
    rule_virtual_receive_packets(&s, &failed);
    expect_verdict(&r, "STAT-6", VERDICT_PASS, "job b");
    expect_none(&r, "STAT-6", VERDICT_WARN);
    virtual_receive_fact stopped = {"c", 1, FS_RECEIVING, 0};
    rule_virtual_receive_packets(&s, &stopped);
    expect_verdict(&r, "STAT-6", VERDICT_WARN, "job c: the virtual receive's last packet "
                   "before FaxDevEndJob was FS_RECEIVING");
    virtual_receive_fact silent = {"d", 1, 0, 0};
    rule_virtual_receive_packets(&s, &silent);
    expect_verdict(&r, "STAT-6", VERDICT_FAIL, "job d: a virtual receive");
    size_t before = r.count;
    virtual_receive_fact aborted = {"e", 0, FS_RECEIVING, 1};
    rule_virtual_receive_packets(&s, &aborted);
    expect_that(r.count == before, "an aborted receive got a STAT-6 verdict:%s", seen(&r));
}
END_TEST

/* ABORT-2: a fault where an operation and its abort overlapped is a WARN (the fault is
 * ERR-1's); race blocks whose aborts met the operation running and left the process
 * standing hold the clause. */
START_TEST(an_abort_from_another_thread_is_synchronized)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_aborts_from_another_thread(&s, "sweep", "FaxDevReceive", 17);
    expect_verdict(&r, "ABORT-2", VERDICT_PASS, "race sweep: 17 abort(s) came on a thread of "
                   "their own while FaxDevReceive ran");
    rule_fault_beside_abort(&s, "FaxDevAbortOperation", "j1");
    expect_verdict(&r, "ABORT-2", VERDICT_WARN, "FaxDevAbortOperation of job j1 raised");
    expect_none(&r, "ABORT-2", VERDICT_FAIL);
}
END_TEST

/* RPT-7: a job with no operation and no packet has no outcome of its own to report. */
START_TEST(a_job_without_an_operation_reports_no_outcome)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    idle_report_fact quiet[] = {{"a", 0, 0, 0}, {"b", FS_INITIALIZING, 0, 0},
                                {"c", FS_USER_ABORT, 1, 0}, {"d", FS_COMPLETED, 0, 1},
                                {"e", 0xA0000001u, 0, 0}};
    for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++)
        rule_idle_report(&s, &quiet[i]);
    expect_that(r.count == 0, "a verdict on an idle job with nothing to judge:%s", seen(&r));
    idle_report_fact other[] = {{"f", FS_COMPLETED, 0, 0}, {"g", FS_USER_ABORT, 0, 0},
                                {"h", FS_BUSY, 0, 0}};
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
        rule_idle_report(&s, &other[i]);
    expect_verdict(&r, "RPT-7", VERDICT_FAIL, "job f ran no operation and posted no packet, "
                   "yet its end-of-job report gave FS_COMPLETED");
    expect_verdict(&r, "RPT-7", VERDICT_FAIL, "job g");
    expect_verdict(&r, "RPT-7", VERDICT_FAIL, "job h");
}
END_TEST

/* FaxSendCallback with a handle that is not a live job's is judged, not ignored. */
START_TEST(a_callback_with_a_dead_or_unknown_handle_is_judged)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    rule_dead_handle_called_back(&s, "a");
    expect_verdict(&r, "END-3", VERDICT_WARN, "job a");
    expect_verdict(&r, "SEND-5", VERDICT_FAIL, "after its EndJob");
    rule_send_callback_unknown_handle(&s, 0x1234);
    expect_verdict(&r, "SEND-5", VERDICT_FAIL, "0x1234");
}
END_TEST

/* A name buffer overrun is VDEV-3, with how far it went. */
START_TEST(a_name_prefix_overrun_breaks_vdev3)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    device_creation_fact overrun = {2, 0x100, 1, 300};
    rule_device_creation(&s, &overrun);
    expect_verdict(&r, "VDEV-3", VERDICT_FAIL, "300 byte(s) past the end");
}
END_TEST

/* SHUT-1: only the FSP's own code on a thread after Shutdown is a FAIL; an idle worker
 * of the system's thread pool is not the FSP's to join, and an x86 scan's hit is a doubt. */
START_TEST(only_a_thread_running_the_fsp_breaks_shut1)
{
    recorded r;
    verdict_sink s = sink_of(&r);
    leftover_thread_fact own = {7, 2000, 0, 1, 0, 1, "msvcrt.dll+0x100", "the FSP+0x1387"};
    rule_thread_after_shutdown(&s, &own);
    expect_verdict(&r, "SHUT-1", VERDICT_FAIL, "the FSP+0x1387 on its stack");
    leftover_thread_fact started_there = {8, 2000, 1, 0, 0, 0, "the FSP+0x1370", ""};
    rule_thread_after_shutdown(&s, &started_there);
    expect_verdict(&r, "SHUT-1", VERDICT_FAIL, "thread 8 (started at the FSP+0x1370)");
    recorded r2;
    verdict_sink s2 = sink_of(&r2);
    leftover_thread_fact pool = {9, 2000, 0, 0, 0, 1, "ntdll.dll+0x60a00", ""};
    rule_thread_after_shutdown(&s2, &pool);
    leftover_thread_fact scanned = {10, 2000, 0, 1, 1, 1, "ntdll.dll+0x60a00", "the FSP+0x99"};
    rule_thread_after_shutdown(&s2, &scanned);
    expect_none(&r2, "SHUT-1", VERDICT_FAIL);
    expect_verdict(&r2, "SHUT-1", VERDICT_INFO, "none of the FSP's code on its stack");
    expect_verdict(&r2, "SHUT-1", VERDICT_WARN, "found by a scan");
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"verdicts", a_service_clause_never_judges_a_dll, TIMEOUT_UNIT, 0, 0},
        {"verdicts", levels_follow_the_clause_table, TIMEOUT_UNIT, 0, 0},
        {"verdicts", no_rule_judges_by_a_service_clause, TIMEOUT_UNIT, 0, 0},
        {"verdicts", verdicts_are_given_only_in_the_rules, TIMEOUT_UNIT, 0, 0},
        {"verdicts", the_report_knows_which_clauses_the_rules_judge, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_size_probe_returning_false_with_the_size_holds_rpt3, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_refused_callback_ends_the_send, TIMEOUT_UNIT, 0, 0},
        {"fixes", receiver_strings_are_advice, TIMEOUT_UNIT, 0, 0},
        {"fixes", page_numbers_count_from_one, TIMEOUT_UNIT, 0, 0},
        {"fixes", csi_is_the_remotes_id, TIMEOUT_UNIT, 0, 0},
        {"fixes", caller_id_names_the_calling_device, TIMEOUT_UNIT, 0, 0},
        {"fixes", routing_info_starts_with_a_canonical_number, TIMEOUT_UNIT, 0, 0},
        {"fixes", what_the_fsp_asks_of_windows_is_judged, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_receive_without_a_ring_fails_or_receives, TIMEOUT_UNIT, 0, 0},
        {"fixes", no_status_read_is_not_a_false_send_failure, TIMEOUT_UNIT, 0, 0},
        {"fixes", abort_is_judged_by_order_then_by_figure, TIMEOUT_UNIT, 0, 0},
        {"fixes", jobs_alive_together_are_judged_together, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_host_that_ended_early_fails_naming_the_call, TIMEOUT_UNIT, 0, 0},
        {"fixes", calls_that_returned_and_early_device_creation_are_judged, TIMEOUT_UNIT, 0, 0},
        {"fixes", an_operation_without_its_line_reports_line_unavailable, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_virtual_receive_is_followed_by_its_packets_to_the_end, TIMEOUT_UNIT, 0, 0},
        {"fixes", an_abort_from_another_thread_is_synchronized, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_job_without_an_operation_reports_no_outcome, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_callback_with_a_dead_or_unknown_handle_is_judged, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_name_prefix_overrun_breaks_vdev3, TIMEOUT_UNIT, 0, 0},
        {"vendors", only_a_thread_running_the_fsp_breaks_shut1, TIMEOUT_UNIT, 0, 0},
        {"vendors", a_first_job_may_build_a_cache_a_second_may_not_leak, TIMEOUT_UNIT, 0, 0},
        {"vendors", a_crash_at_the_memory_limit_says_so, TIMEOUT_UNIT, 0, 0},
        {"fixes", clean_packets_hold_each_field_clause, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_provider_status_needs_its_string, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_posted_packet_is_the_services, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_right_ring_and_file_hold_vdev5_and_img3, TIMEOUT_UNIT, 0, 0},
        {"fixes", the_received_files_layout_is_judged, TIMEOUT_UNIT, 0, 0},
        {"fixes", a_received_file_is_judged_against_what_the_remote_sent, TIMEOUT_UNIT, 0, 0},
        {"fixes", an_operation_that_failed_before_the_abort_is_not_an_abort_outcome, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("rules", tests, HARNESS_COUNT(tests));
}
