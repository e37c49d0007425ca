/*
 * check_jobs.c - jobs through fake-faxsvc.exe scenarios: StartJob, Send, status packets,
 * ReportStatus, abort and EndJob, judged live against the contract.
 *
 * The known-good virtual test FSP (vfsp.dll, no modem) must hold every clause the
 * scenarios exercise; each of its mutants must be caught with the clause it breaks.
 * Scenario errors must stop the run before anything reaches the DLL.
 */
#define _DEFAULT_SOURCE /* usleep */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "fax_page.h"
#include "fsp_clauses.h"
#include "host_check.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "proc_table.h"
#include "proc_run.h"
#include "testpage.h"

#define SEND_SCENARIO "conformance/tests/scenarios/vfsp_send.fsc"
#define ABORT_SCENARIO "conformance/tests/scenarios/vfsp_abort.fsc"
#define RECEIVE_SCENARIO "conformance/tests/scenarios/vfsp_receive.fsc"
#define RACE_SWEEP_SCENARIO "conformance/tests/scenarios/vfsp_races.fsc"
#define RACE_FUZZ_SCENARIO "conformance/tests/scenarios/vfsp_race_fuzz.fsc"
#define JOBS_SCENARIO "conformance/tests/scenarios/vfsp_jobs.fsc"
#define MANY_JOBS_SCENARIO "conformance/tests/scenarios/vfsp_many_jobs.fsc"

/* A private documents folder with one generated page; the host sees it as ${DOCS}. In
 * the service's own form (MMR, RowsPerStrip 1: IMG-2, IMG-4), as every fax file the
 * service hands over is: vfsp "receives" by copying such a file, and a copy of anything
 * else would rightly be a WARN. */
typedef struct docs {
    char dir[128];
    char var[160];    /* "DOCS=/tmp/..." */
} docs;

static void make_docs(docs *d)
{
    char path[160], why[256];
    ck_assert(kit_temp_dir("docs", d->dir, sizeof(d->dir)) == 0);
    snprintf(path, sizeof(path), "%s/one-page.tif", d->dir);
    fax_doc doc = {0};
    ck_assert(testpage_generate(2, 1, FAX_YRES_NORMAL, &doc) == 0);
    ck_assert_msg(fax_doc_write_tiff(path, &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 1, why,
                                     sizeof(why)) == 0, "%s", why);
    fax_doc_free(&doc);
    snprintf(d->var, sizeof(d->var), "DOCS=%s", d->dir);
}

static void remove_docs(docs *d)
{
    kit_temp_remove(d->dir);
}

/* vfsp rings for every TIFF in its inbox (%TEMP%\vfsp-inbox in the Wine prefix). A run
 * that died before answering (a crash in FaxDevReceive, a mutant) leaves its fax there,
 * and the next test would ring: every run starts with an empty inbox. */
static void empty_vfsp_inbox(void)
{
    const char *prefix = getenv("WINEPREFIX");
    glob_t found;
    char pattern[1024];
    if (!prefix)
        return;
    snprintf(pattern, sizeof(pattern), "%s/drive_c/users/*/Temp/vfsp-inbox/*.tif", prefix);
    if (glob(pattern, 0, NULL, &found) != 0)
        return;
    for (size_t i = 0; i < found.gl_pathc; i++)
        unlink(found.gl_pathv[i]);
    globfree(&found);
}

/* A short hang guard, so a hanging mutant is judged in seconds. vfsp's sends take well
 * under it. */
enum { HANG_GUARD_MS = 5000 };

static void run_scenario_guarded(const char *arch, const char *dll, const char *scenario,
                                 int hang_guard_ms, host_run *run)
{
    docs d;
    make_docs(&d);
    empty_vfsp_inbox();
    char guard[16];
    snprintf(guard, sizeof(guard), "%d", hang_guard_ms);
    const char *extra[] = {"--var", d.var, "--timeout-ms", guard, NULL};
    const char *scenarios[] = {scenario, NULL};
    host_check_run_scenarios(arch, dll, extra, scenarios, run);
    remove_docs(&d);
}

static void run_scenario(const char *arch, const char *dll, const char *scenario, host_run *run)
{
    run_scenario_guarded(arch, dll, scenario, HANG_GUARD_MS, run);
}

START_TEST(known_good_send_holds_every_clause_it_touches)
{
    host_run run;
    run_scenario(host_check_arch(_i), "vfsp.dll", SEND_SCENARIO, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_no_verdict_level(&run, "WARN");
    static const char *const held[] = {"JOB-5", "STAT-2", "STAT-3", "RPT-3", "RPT-7",
                                       "SEND-8", "END-1", "SHUT-1", "VDEV-2", "VDEV-4"};
    for (size_t i = 0; i < sizeof(held) / sizeof(held[0]); i++)
        expect_verdict(&run, held[i], "PASS", NULL);
    host_run_free(&run);
}
END_TEST

/* END-1 is judged per group of jobs alive together: two overlapping jobs of a correct
 * FSP are not a leak (the census once read "the heap is not as before StartJob"). */
START_TEST(jobs_alive_together_are_not_a_leak)
{
    host_run run;
    run_scenario(host_check_arch(_i), "vfsp.dll", JOBS_SCENARIO, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, "END-1", "PASS", "jobs a, b (alive at the same time)");
    expect_verdict(&run, "END-1", "PASS", "job b: EndJob freed");
    host_run_free(&run);
}
END_TEST

START_TEST(known_good_abort_is_prompt_and_reported)
{
    host_run run;
    run_scenario(host_check_arch(_i), "vfsp.dll", ABORT_SCENARIO, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, "ABORT-3", "PASS", NULL);
    expect_verdict(&run, "ABORT-4", "PASS", NULL);
    expect_verdict(&run, "END-1", "PASS", NULL);
    host_run_free(&run);
}
END_TEST

START_TEST(known_good_receive_answers_a_virtual_ring)
{
    host_run run;
    run_scenario(host_check_arch(_i), "vfsp.dll", RECEIVE_SCENARIO, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_no_verdict_level(&run, "WARN");
    expect_verdict(&run, "VDEV-6", "PASS", "LocalAlloc'd LINEMESSAGEs");
    expect_verdict(&run, "VDEV-7", "PASS", "ring for device 0x7100");
    expect_verdict(&run, "VDEV-8", "INFO", "device 0x7100 rang");
    expect_verdict(&run, "RECV-2", "PASS", NULL);
    host_run_free(&run);
}
END_TEST

/* The example scenarios in conformance/scenarios/ that need no modem hold on the
 * known-good FSP: they are what a vendor starts from. */
START_TEST(standard_scenarios_pass_on_the_known_good_fsp)
{
    const char *arch = host_check_arch(_i); /* a skip ends the test: before make_docs */
    docs d;
    make_docs(&d);
    const char *extra[] = {"--var", d.var, "--timeout-ms", "10000", NULL};
    const char *scenarios[] = {"conformance/scenarios/send_virtual.fsc",
                               "conformance/scenarios/abort_races.fsc",
                               "conformance/scenarios/repeat_report.fsc",
                               "conformance/scenarios/setup_files.fsc", NULL};
    host_run run;
    host_check_run_scenarios(arch, "vfsp.dll", extra, scenarios, &run);
    remove_docs(&d);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    ck_assert_msg(strstr(run.proc.out, "8 scenario(s): 8 without a FAIL"), "%s", run.proc.out);
    host_run_free(&run);
}
END_TEST

/* Where the contract is UNCONFIRMED the host follows one reading and says which; the
 * options choose the others (INIT-9 order, StartJob's DeviceId, the ring's CallHandle). */
START_TEST(unconfirmed_readings_are_options_and_logged)
{
    docs d;
    make_docs(&d);
    const char *extra[] = {"--var", d.var, "--timeout-ms", "5000", "--init-order", "init-first",
                           "--device-id", "index", "--ring-call-handle", "7", NULL};
    const char *scenarios[] = {RECEIVE_SCENARIO, NULL};
    host_run run;
    host_check_run_scenarios("x64", "vfsp.dll", extra, scenarios, &run);
    remove_docs(&d);
    expect_exit(&run, 0);
    expect_verdict(&run, "INIT-9", "INFO", "will be called just after FaxDevInitialize");
    expect_verdict(&run, "VDEV-8", "INFO", "CallHandle 7");
    const json_flat *readings = event_list_find_event(&run.events, "readings", 0, NULL);
    ck_assert_msg(readings, "no readings event in the log");
    ck_assert_str_eq(event_get_str(readings, "init_order"), "init-first");
    ck_assert_str_eq(event_get_str(readings, "device_id"), "index");
    /* the deferred call really came after Initialize */
    size_t init_at = 0, vdc_at = 0;
    for (size_t at = 0; event_list_find_event(&run.events, "call", at, &at); at++) {
        const char *fn = event_get_str(&run.events.items[at], "fn");
        if (strcmp(fn, "FaxDevInitialize") == 0)
            init_at = at;
        else if (strcmp(fn, "FaxDevVirtualDeviceCreation") == 0)
            vdc_at = at;
    }
    ck_assert_msg(init_at && vdc_at > init_at, "VirtualDeviceCreation (event %zu) should come "
                  "after Initialize (event %zu)", vdc_at, init_at);
    host_run_free(&run);
}
END_TEST

/* Runs the x64 host on `dll` with a scenario file holding `text`: written to a
 * temporary file and removed afterwards; its name stays in `path` for messages. */
static void run_scenario_text(const char *dll, const char *text, const char *const extra[],
                              char path[128], host_run *run)
{
    int fd = kit_temp_file("scn", ".fsc", path, 128);
    ck_assert(fd >= 0);
    ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    const char *scenarios[] = {path, NULL};
    host_check_run_scenarios("x64", dll, extra, scenarios, run);
    unlink(path);
}

/* modem-sim with `extra` options, and its control address for --modem. */
static void start_modem(modem_sim_proc *m, const char *const extra[], char control[32])
{
    char why[512];
    ck_assert_msg(modem_sim_start(m, extra, why, sizeof(why)) == 0, "%s", why);
    snprintf(control, 32, "127.0.0.1:%u", m->control_port);
}

/* --- races: aborts aimed at injection points ------------------------------------------- */

START_TEST(known_good_survives_every_aimed_abort)
{
    host_run run;
    run_scenario(host_check_arch(_i), "vfsp.dll", RACE_SWEEP_SCENARIO, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    static const char *const landed[] = {
        "aborted at before-operation ended with FS_USER_ABORT",
        "aborted at after-packet 1 ended with FS_USER_ABORT",
        "aborted at in-callback ended with FS_USER_ABORT",
        "aborted at during-report ended with FS_USER_ABORT",
        "aborted at before-end ended with FS_COMPLETED",
    };
    for (size_t i = 0; i < sizeof(landed) / sizeof(landed[0]); i++)
        expect_verdict(&run, "ABORT-1", "PASS", landed[i]);
    host_run_free(&run);
}
END_TEST

/* The schedule a seed draws: "pass:point" of every race event, in order. */
static void race_schedule(const host_run *run, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t at = 0; event_list_find_event(&run->events, "race", at, &at); at++) {
        const json_flat *e = &run->events.items[at];
        size_t len = strlen(out);
        int64_t pass = -1;
        event_get_int(e, "pass", &pass);
        snprintf(out + len, size - len, "%lld:%s ", (long long)pass, event_get_str(e, "point"));
    }
}

START_TEST(failing_race_replays_from_its_seed)
{
    char schedule[2][4096];
    const char *failed[2];
    host_run runs[2];
    for (int i = 0; i < 2; i++) {
        docs d;
        make_docs(&d);
        const char *extra[] = {"--var", d.var, "--timeout-ms", "5000", "--seed", "7", NULL};
        const char *scenarios[] = {RACE_FUZZ_SCENARIO, NULL};
        host_check_run_scenarios("x64", "vfsp-mutants/abort_ignored.dll", extra, scenarios,
                                 &runs[i]);
        remove_docs(&d);
        expect_exit(&runs[i], 1);
        race_schedule(&runs[i], schedule[i], sizeof(schedule[i]));
        failed[i] = strstr(runs[i].proc.out, "race fuzz: schedule(s) ");
        ck_assert_msg(failed[i] && strstr(failed[i], "replay them with --seed 7"),
                      "expected the failing schedules and the seed on stdout:\n%s",
                      runs[i].proc.out);
    }
    ck_assert_msg(strstr(schedule[0], "12:") != NULL, "expected 12 schedules, got %s",
                  schedule[0]);
    ck_assert_msg(strcmp(schedule[0], schedule[1]) == 0, "seed 7 drew\n%s\nthen\n%s",
                  schedule[0], schedule[1]);
    ck_assert_msg(strncmp(failed[0], failed[1], strcspn(failed[0], "\n")) == 0,
                  "the same seed failed different schedules:\n%s\n%s", failed[0], failed[1]);
    host_run_free(&runs[0]);
    host_run_free(&runs[1]);
}
END_TEST

/* --html: a timeline page for the failing scenario, none for the passing one, without
 * --events (the host keeps a private log for it). */
START_TEST(html_timeline_for_each_failing_scenario)
{
    docs d;
    make_docs(&d);
    char dir[128], page[192], text[256];
    ck_assert(kit_temp_dir("html", dir, sizeof(dir)) == 0);
    const char *extra[] = {"--var", d.var, "--timeout-ms", "5000", "--html", dir, NULL};
    const char *scenarios[] = {RACE_SWEEP_SCENARIO, SEND_SCENARIO, NULL};
    host_run run;
    host_check_run_scenarios("x64", "vfsp-mutants/abort_ignored.dll", extra, scenarios, &run);
    remove_docs(&d);
    expect_exit(&run, 1);
    ck_assert_msg(strstr(run.proc.out, "timeline: ") != NULL, "no timeline line:\n%s",
                  run.proc.out);
    /* the printed path is the page's, in the folder's own separators (it once read
     * "/tmp/fspkit-html-x\01-01-sweep.html") */
    char printed[200];
    snprintf(printed, sizeof(printed), "timeline: %s/01-01-sweep.html", dir);
    ck_assert_msg(strstr(run.proc.out, printed) != NULL, "expected '%s' in:\n%s", printed,
                  run.proc.out);
    snprintf(page, sizeof(page), "%s/01-01-sweep.html", dir);
    FILE *f = fopen(page, "r");
    ck_assert_msg(f != NULL, "%s was not written; stdout:\n%s", page, run.proc.out);
    int has_svg = 0, has_fail = 0;
    while (fgets(text, sizeof(text), f)) {
        has_svg |= strstr(text, "<svg") != NULL;
        has_fail |= strstr(text, "ABORT-1") != NULL && strstr(text, "FAIL") != NULL;
    }
    fclose(f);
    ck_assert_msg(has_svg && has_fail, "%s: expected an SVG and the ABORT-1 FAIL", page);
    snprintf(page, sizeof(page), "%s/02-01-a_send_completes.html", dir);
    ck_assert_msg(access(page, F_OK) != 0, "%s written for a scenario without a FAIL", page);
    ck_assert(kit_temp_remove(dir) == 0);
    host_run_free(&run);
}
END_TEST

/* --- vfsp's mutants --------------------------------------------------------------------- */

typedef struct job_mutant {
    const char *name;          /* build/ARCH/vfsp-mutants/NAME.dll */
    const char *scenario;
    const char *breaks;
    const char *mentioning;
} job_mutant;

static const job_mutant job_mutants[] = {
    {"packet_from_process_heap", SEND_SCENARIO, "STAT-2", "from the process heap"},
    {"endjob_leaks", MANY_JOBS_SCENARIO, "END-1", "an earlier job kept blocks too"},
    {"abort_waits_for_send", ABORT_SCENARIO, "ABORT-3", "it waits for the operation"},
    {"send_hangs", SEND_SCENARIO, "ERR-1", "has not returned after 5000 ms (hang guard)"},
    {"callback_with_reserved", SEND_SCENARIO, "SEND-5", "reserved arguments 7, 0"},
    {"calls_back_after_send", SEND_SCENARIO, "SEND-5", "job j1: FaxSendCallback called outside FaxDevSend"},
    {"ring_from_service_heap", RECEIVE_SCENARIO, "VDEV-6", "a block of the service's private heap"},
    {"packet_posted_twice", SEND_SCENARIO, "STAT-2", "a block the service had already taken from its port"},
    {"abort_ignored", RACE_SWEEP_SCENARIO, "ABORT-1",
     "aborted at in-callback, before the remote could confirm the last page"},
    /* hostile: each a verdict naming the DLL's call, never the kit's own error */
    {"start_job_hangs", SEND_SCENARIO, "ERR-1", "FaxDevStartJob of job j1 has not returned"},
    {"exit_in_initialize", SEND_SCENARIO, "ERR-1", "ended (exit code 0) inside FaxDevInitialize"},
    {"destroys_heap", SEND_SCENARIO, "ERR-1", "FaxDevInitialize destroyed the service's private heap"},
    {"name_prefix_overrun", SEND_SCENARIO, "VDEV-3", "wrote 144 byte(s) past the end"},
    {"callback_after_end", JOBS_SCENARIO, "SEND-5", "handle of job a outside FaxDevSend"},
    {"dllmain_raises", SEND_SCENARIO, "ERR-1",
     "LoadLibrary (the DLL's DllMain) raised exception 0xc0000005"},
    {"dllmain_hangs", SEND_SCENARIO, "ERR-1", "LoadLibrary (the DLL's DllMain) has not returned"},
    {"initialize_hangs", SEND_SCENARIO, "ERR-1", "FaxDevInitialize has not returned"},
    {"device_creation_hangs", SEND_SCENARIO, "ERR-1",
     "FaxDevVirtualDeviceCreation has not returned"},
    {"report_hangs", SEND_SCENARIO, "ERR-1", "FaxDevReportStatus of job j1 has not returned"},
    {"report_overruns", SEND_SCENARIO, "RPT-3", "wrote 32 byte(s) past the end of"},
    {"shutdown_hangs", SEND_SCENARIO, "ERR-1", "FaxDevShutdown has not returned"},
    {"dllmain_detach_hangs", SEND_SCENARIO, "ERR-1",
     "FreeLibrary (the DLL's DllMain) has not returned"},
    {"thread_outlives_shutdown", SEND_SCENARIO, "SHUT-1", "still runs the FSP's code"},
    {"send_exits_its_thread", SEND_SCENARIO, "ERR-1", "its thread ended inside the call"},
    {"false_completion", RACE_SWEEP_SCENARIO, "ABORT-4",
     "claimed completion (TRUE), though a full run takes"},
};
#define JOB_MUTANT_COUNT (int)(sizeof(job_mutants) / sizeof(job_mutants[0]))

/* Runs a mutant's scenario: the run must end with `exit_code` and give `level` on the
 * clause it breaks, and - for a doubt - no FAIL at all. */
static void expect_mutant_judged(const job_mutant *m, const char *arch, int exit_code,
                                 const char *level)
{
    char dll[128];
    snprintf(dll, sizeof(dll), "vfsp-mutants/%s.dll", m->name);
    host_run run;
    run_scenario(arch, dll, m->scenario, &run);
    expect_exit(&run, exit_code);
    if (exit_code == 0)
        expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, m->breaks, level, m->mentioning);
    host_run_free(&run);
}

START_TEST(job_mutant_is_caught_with_its_clause)
{
    expect_mutant_judged(&job_mutants[_i / HOST_CHECK_ARCHES], host_check_arch(_i), 1, "FAIL");
}
END_TEST

/* Breaches the contract gives no number for: judged by a figure past the kit's threshold,
 * so a doubt (WARN) and never a FAIL - the run still passes. */
static const job_mutant doubted_mutants[] = {
    {"abort_polls_slowly", RACE_SWEEP_SCENARIO, "ABORT-1", "an abort flag polled"},
    {"stale_error_after_abort", RACE_SWEEP_SCENARIO, "ERR-2",
     "the value its successful calls leave too"},
    {"job_leaks_a_handle", MANY_JOBS_SCENARIO, "END-1", "at least one per job"},
    /* and the scenario's expectations still see the last packet after the flood */
    {"floods_packets", SEND_SCENARIO, "STAT-1", "changing neither the status nor the page"},
};
#define DOUBTED_MUTANT_COUNT (int)(sizeof(doubted_mutants) / sizeof(doubted_mutants[0]))

START_TEST(doubted_mutant_is_warned_with_its_figure)
{
    expect_mutant_judged(&doubted_mutants[_i / HOST_CHECK_ARCHES], host_check_arch(_i), 0,
                         "WARN");
}
END_TEST

/* --- correct FSPs unlike vfsp: the contract leaves them a choice, the kit must too ---- */

typedef struct job_variant {
    const char *name;          /* build/ARCH/vfsp-variants/NAME.dll */
    const char *scenario;
    const char *held;          /* a clause it must hold ... */
    const char *mentioning;    /* ... with this in its message */
    int no_doubt;              /* not even a WARN may be given */
} job_variant;

static const job_variant job_variants[] = {
    {"report_probe_fails_with_size", SEND_SCENARIO, "RPT-3", "the size probe asked for", 0},
    {"rings_while_shutting_down", SEND_SCENARIO, "VDEV-6", "all 50 ring packets", 0},
    {"moves_a_global_block", JOBS_SCENARIO, "END-1", "jobs a, b (alive at the same time)", 0},
    {"refuses_receive_slowly", "conformance/battery/receive_without_ring.fsc", "ERR-2",
     "FaxDevReceive failed with error 50", 0},
    {"works_on_the_thread_pool", SEND_SCENARIO, "SHUT-1", "private heap is empty", 1},
    {"dials_slowly", RACE_SWEEP_SCENARIO, "ABORT-4", "reports FS_USER_ABORT", 1},
    {"caches_on_first_job", MANY_JOBS_SCENARIO, "END-1", "no growth per job", 1},
    {"calls_back_from_a_worker", SEND_SCENARIO, "SEND-5", "job j1: FaxSendCallback(handle, call", 1},
};
#define JOB_VARIANT_COUNT (int)(sizeof(job_variants) / sizeof(job_variants[0]))

START_TEST(correct_variant_is_not_blamed)
{
    const job_variant *v = &job_variants[_i / HOST_CHECK_ARCHES];
    const char *arch = host_check_arch(_i);
    char dll[128];
    snprintf(dll, sizeof(dll), "vfsp-variants/%s.dll", v->name);
    host_run run;
    run_scenario(arch, dll, v->scenario, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    if (v->no_doubt)
        expect_no_verdict_level(&run, "WARN");
    expect_verdict(&run, v->held, "PASS", v->mentioning);
    host_run_free(&run);
}
END_TEST

static int job_variant_is_listed(const char *name)
{
    if (strcmp(name, "device_id_is_an_index") == 0)
        return 1; /* a reading fspconform finds: check_battery's default run */
    for (int i = 0; i < JOB_VARIANT_COUNT; i++)
        if (strcmp(job_variants[i].name, name) == 0)
            return 1;
    return 0;
}

START_TEST(every_variant_is_tested)
{
    host_check_every_mutant_listed("vfsp-variants", job_variant_is_listed);
}
END_TEST

/* The hostile mutants for the kit's own promises (issue 13): check_battery's default run
 * judges each, and check_hostile the endings. */
static const char *const judged_elsewhere[] = {
    "process_outlives_shutdown", "initialize_hangs_with_a_helper", "forges_verdicts",
    "posts_on_stray_keys", "send_closes_the_port", "absurd_device_count",
};

static int job_mutant_is_listed(const char *name)
{
    if (strcmp(name, "misbehaves_in_export") == 0)
        return 1; /* configured per test: crash_cases */
    for (size_t i = 0; i < sizeof(judged_elsewhere) / sizeof(judged_elsewhere[0]); i++)
        if (strcmp(judged_elsewhere[i], name) == 0)
            return 1;
    for (int i = 0; i < JOB_MUTANT_COUNT; i++)
        if (strcmp(job_mutants[i].name, name) == 0)
            return 1;
    for (int i = 0; i < DOUBTED_MUTANT_COUNT; i++)
        if (strcmp(doubted_mutants[i].name, name) == 0)
            return 1;
    return 0;
}

START_TEST(every_job_mutant_is_tested)
{
    host_check_every_mutant_listed("vfsp-mutants", job_mutant_is_listed);
}
END_TEST

/* --- misbehaviour: in each export, of each kind ------------------------------------------ */

typedef struct misbehaviour_case {
    const char *export;        /* FSPKIT_MISBEHAVE_IN */
    const char *how;           /* FSPKIT_MISBEHAVE_HOW */
    const char *scenario;      /* one that reaches the export */
    const char *clause;        /* the verdict that names it ... */
    const char *level;
    const char *mentioning;    /* ... and what it says */
    int exit_code;
    int hang_guard_ms;         /* 0: HANG_GUARD_MS */
} misbehaviour_case;

/* Taking the suites' 1024 MB one written MB at a time took over 6 s on a loaded machine
 * (make check's three lanes): a call doing that is slow, not hung. */
enum { MEMORY_HANG_GUARD_MS = 60000 };

static const misbehaviour_case misbehaviour_cases[] = {
    {"FaxDevVirtualDeviceCreation", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevVirtualDeviceCreation raised exception 0xc0000005", 1, 0},
    {"FaxDevInitialize", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevInitialize raised exception 0xc0000005", 1, 0},
    {"FaxDevStartJob", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevStartJob of job j1 raised exception 0xc0000005", 1, 0},
    {"FaxDevSend", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevSend of job j1 raised exception 0xc0000005", 1, 0},
    {"FaxDevReceive", "access", RECEIVE_SCENARIO, "ERR-1", "FAIL", "FaxDevReceive of job in raised exception 0xc0000005", 1, 0},
    {"FaxDevReportStatus", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevReportStatus of job j1 raised exception 0xc0000005", 1, 0},
    {"FaxDevAbortOperation", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevAbortOperation of job j1 raised exception 0xc0000005", 1, 0},
    {"FaxDevEndJob", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevEndJob of job j1 raised exception 0xc0000005", 1, 0},
    {"FaxDevShutdown", "access", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevShutdown raised exception 0xc0000005", 1, 0},
    /* a stack overflow on a job's own thread: Wine cannot always report it on that thread;
     * either way the host names the call */
    {"FaxDevSend", "stack", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevSend", 1, 0},
    {"FaxDevShutdown", "stack", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevShutdown raised exception 0xc00000fd", 1, 0},
    {"FaxDevEndJob", "heap", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevEndJob of job j1 corrupted the service's private heap", 1, 0},
    /* any kind of exception (issue 13): a C++ one nothing catches, a division by zero */
    {"FaxDevReportStatus", "raise", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevReportStatus of job j1 raised exception 0xe06d7363", 1, 0},
    {"FaxDevStartJob", "divide", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevStartJob of job j1 raised exception 0xc0000094", 1, 0},
    /* never returning, in the calls that had no hang mutant of their own */
    {"FaxDevEndJob", "hang", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevEndJob of job j1 has not returned", 1, 0},
    /* an abort that never returns is judged by the abort clause first: it must return at once */
    {"FaxDevAbortOperation", "hang", ABORT_SCENARIO, "ABORT-3", "FAIL", "job j1: FaxDevAbortOperation has not returned after 5000 ms", 1, 0},
    {"FaxDevReceive", "hang", RECEIVE_SCENARIO, "ERR-1", "FAIL", "FaxDevReceive of job in", 1, 0},
    /* memory, within the suites' limit on the host (HOST_CHECK_MEMORY_MB): taken until
     * an allocation fails and its NULL used, or taken and kept */
    {"FaxDevSend", "memory", ABORT_SCENARIO, "ERR-1", "FAIL", "FaxDevSend of job j1 raised exception 0xc0000005 (access violation)", 1, MEMORY_HANG_GUARD_MS},
    {"FaxDevSend", "memory", ABORT_SCENARIO, "ERR-1", "FAIL", "instead of returning, after the process had taken", 1, MEMORY_HANG_GUARD_MS},
    {"FaxDevStartJob", "hoard", SEND_SCENARIO, "END-1", "WARN", "MB more memory with its 1 job(s) ended than before the first FaxDevStartJob", 0, MEMORY_HANG_GUARD_MS},
};
#define MISBEHAVIOUR_CASE_COUNT (int)(sizeof(misbehaviour_cases) / sizeof(misbehaviour_cases[0]))

START_TEST(misbehaviour_in_an_export_is_a_verdict_naming_it)
{
    const misbehaviour_case *c = &misbehaviour_cases[_i];
    setenv("FSPKIT_MISBEHAVE_IN", c->export, 1);
    setenv("FSPKIT_MISBEHAVE_HOW", c->how, 1);
    host_run run;
    run_scenario_guarded("x64", "vfsp-mutants/misbehaves_in_export.dll", c->scenario,
                         c->hang_guard_ms ? c->hang_guard_ms : HANG_GUARD_MS, &run);
    unsetenv("FSPKIT_MISBEHAVE_IN");
    unsetenv("FSPKIT_MISBEHAVE_HOW");
    expect_exit(&run, c->exit_code); /* a verdict, and the host ended by itself */
    expect_verdict(&run, c->clause, c->level, c->mentioning);
    /* ERR-1's held verdict ("all N calls returned") is never given beside its breach */
    ck_assert_msg(strcmp(c->clause, "ERR-1") != 0 ||
                      !event_list_find_verdict(&run.events, "ERR-1", "PASS", NULL),
                  "an ERR-1 PASS beside the FAIL:\n%s", run.proc.out);
    host_run_free(&run);
}
END_TEST

/* ABORT-2: an exception in the abort while the send ran puts the synchronization the
 * clause asks for in doubt (WARN, beside its ERR-1); the same exception in an abort that
 * came after the send returned does not. */
START_TEST(a_fault_where_abort_and_operation_overlap_is_doubted_under_abort2)
{
    static const char *const scenarios[] = {ABORT_SCENARIO,
                                            "conformance/tests/scenarios/vfsp_abort_after_send.fsc"};
    setenv("FSPKIT_MISBEHAVE_IN", "FaxDevAbortOperation", 1);
    setenv("FSPKIT_MISBEHAVE_HOW", "access", 1);
    host_run run;
    run_scenario_guarded("x64", "vfsp-mutants/misbehaves_in_export.dll", scenarios[_i],
                         HANG_GUARD_MS, &run);
    unsetenv("FSPKIT_MISBEHAVE_IN");
    unsetenv("FSPKIT_MISBEHAVE_HOW");
    expect_exit(&run, 1);
    expect_verdict(&run, "ERR-1", "FAIL", "FaxDevAbortOperation of job j1 raised");
    if (_i == 0)
        expect_verdict(&run, "ABORT-2", "WARN", "FaxDevAbortOperation of job j1 raised its "
                       "exception while the job's operation");
    else
        ck_assert_msg(!event_list_find_verdict(&run.events, "ABORT-2", NULL, NULL),
                      "an ABORT-2 verdict for an abort after the send returned:\n%s",
                      run.proc.out);
    host_run_free(&run);
}
END_TEST

/* --- isolation: a child process per scenario ------------------------------------------- */

START_TEST(hang_in_one_scenario_does_not_stop_the_next)
{
    host_run run;
    run_scenario("x64", "vfsp-mutants/send_hangs.dll", "conformance/tests/scenarios/vfsp_two.fsc",
                 &run);
    expect_exit(&run, 1);
    expect_verdict(&run, "ERR-1", "FAIL", "FaxDevSend of job j1 has not returned");
    /* the second scenario ran on a fresh load: its job was ended, the DLL shut down */
    expect_verdict(&run, "END-1", "PASS", "job j2");
    expect_verdict(&run, "SHUT-1", "PASS", NULL);
    ck_assert_msg(strstr(run.proc.out, "2 scenario(s): 1 without a FAIL, 1 with a FAIL"),
                  "expected the run's scenario count on stdout, got:\n%s", run.proc.out);
    host_run_free(&run);
}
END_TEST

START_TEST(watchdog_kills_a_scenario_that_never_ends)
{
    /* The in-process hang guard is longer than the watchdog here, so only the parent's
     * watchdog can end the first scenario. */
    docs d;
    make_docs(&d);
    const char *extra[] = {"--var", d.var, "--timeout-ms", "60000", "--scenario-ms", "4000",
                           NULL};
    const char *scenarios[] = {"conformance/tests/scenarios/vfsp_two.fsc", NULL};
    host_run run;
    host_check_run_scenarios("x64", "vfsp-mutants/send_hangs.dll", extra, scenarios, &run);
    remove_docs(&d);
    expect_exit(&run, 1);
    expect_verdict(&run, "ERR-1", "FAIL", "did not finish within 4000 ms: its process was "
                   "killed");
    expect_verdict(&run, "END-1", "PASS", "job j2");
    host_run_free(&run);
}
END_TEST

/* After the watchdog kills a scenario that left modem-sim held mid-ring, the next
 * scenario still finds a free line: the parent released it and waited for idle. */
START_TEST(killed_scenario_leaves_a_fresh_modem_line)
{
    docs d;
    make_docs(&d);
    modem_sim_proc m;
    char control[32], path[128];
    const char *extra_sim[] = {"--docs", d.dir, NULL};
    start_modem(&m, extra_sim, control);
    const char *extra[] = {"--modem", control, "--var", d.var, "--timeout-ms", "60000",
                           "--scenario-ms", "5000", NULL};
    host_run run;
    run_scenario_text("vfsp-mutants/send_hangs.dll",
        "scenario \"held, then killed\"\n"
        "    modem hold ring\n    modem ring \"one-page.tif\"\n    modem wait-held within 10000\n"
        "    virtual-devices\n    init\n    start j1\n"
        "    send j1 \"${DOCS}/one-page.tif\" to \"5551000\"\n    wait j1 within 60000\n"
        "end\n"
        "scenario \"rings again\"\n"
        "    modem ring \"one-page.tif\"\n    modem release\n"
        "end\n", extra, path, &run);
    remove_docs(&d);
    expect_exit(&run, 1); /* the kill's verdict; the second scenario must not be an error */
    expect_verdict(&run, "ERR-1", "FAIL", "its process was killed");
    ck_assert_msg(strstr(run.proc.out, "2 scenario(s): 1 without a FAIL, 1 with a FAIL, 0 "
                         "stopped"), "expected the second scenario to run clean:\n%s\n%s",
                  run.proc.out, run.proc.err);
    host_run_free(&run);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* --- fspconform, the vendor's front end, with scenarios --------------------------------- */

typedef struct conform_case {
    const char *dll;
    int exit_code;
    const char *line;          /* a report line that must be there */
} conform_case;

static const conform_case conform_cases[] = {
    {"vfsp.dll", 0, "SEND-8    PASS"},
    {"vfsp-mutants/endjob_leaks.dll", 1, "END-1     FAIL"},
};

/* Without scenarios fspconform judges loading, Initialize and Shutdown; a host that an
 * FSP ended (ExitProcess in FaxDevInitialize, exit status 0) once read as PASS. */
START_TEST(fspconform_fails_a_host_the_fsp_ended)
{
    char tool[512], dll[512], why[256];
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/exit_in_initialize.dll");
    const char *argv[] = {tool, dll, NULL};
    proc_result r;
    ck_assert_msg(proc_run(argv, 300, &r, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(r.exit_code == 1 && strstr(r.out, "ERR-1     FAIL") &&
                  strstr(r.out, "ended (exit code 0) inside FaxDevInitialize"),
                  "expected exit 1 and an ERR-1 FAIL naming FaxDevInitialize; got exit %d:\n"
                  "%s\n%s", r.exit_code, r.out, r.err);
    proc_result_free(&r);
}
END_TEST

/* After `make` alone there is no Wine prefix yet: fspconform makes one on first use
 * (it once stopped with "no Wine prefix there"). */
/* A host fspconform had to kill is a verdict naming the call it hung in, never an
 * environment error (it once said only "did not finish within 120 s", exit 2). */
START_TEST(fspconform_fails_a_host_it_had_to_kill)
{
    char tool[512], dll[512], why[256];
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/initialize_hangs.dll");
    const char *argv[] = {tool, "--timeout", "5", dll, NULL}; /* the host's guard is 30 s */
    proc_result r;
    ck_assert_msg(proc_run(argv, 120, &r, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(r.exit_code == 1 && strstr(r.out, "ERR-1     FAIL") &&
                  strstr(r.out, "its process was killed; it hung inside FaxDevInitialize"),
                  "expected exit 1 and an ERR-1 FAIL naming FaxDevInitialize; got exit %d:\n"
                  "%s\n%s", r.exit_code, r.out, r.err);
    proc_result_free(&r);
}
END_TEST

/* The processes that run in the Wine prefix `prefix` (their environment says so), as
 * "PID comm, ..." in `out`; how many. */
static size_t processes_in_prefix(const char *prefix, char *out, size_t size)
{
    static int pids[8192];
    size_t n = proc_table_pids(pids, 8192), count = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        proc_entry entry = {.name = "?"};
        if (!proc_table_in_prefix(pids[i], prefix))
            continue;
        proc_table_read(pids[i], &entry);
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s%d %s", count ? ", " : "", pids[i], entry.name);
        count++;
    }
    return count;
}

/* On a prefix of its own - no wineserver kept running by anyone - the run's whole Wine
 * (wineserver, services, host) is gone within seconds of fspconform's end (issue 13). */
START_TEST(fspconform_creates_its_wine_prefix_on_first_use)
{
    char dir[128], prefix[160], tool[512], dll[512], why[256];
    ck_assert(kit_temp_dir("prefix", dir, sizeof(dir)) == 0);
    snprintf(prefix, sizeof(prefix), "%s/wineprefix", dir);
    setenv("WINEPREFIX", prefix, 1);
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    const char *argv[] = {tool, dll, NULL};
    proc_result r;
    ck_assert_msg(proc_run(argv, 300, &r, why, sizeof(why)) == 0, "%s", why);
    char left[2048];
    size_t left_n = 1;
    for (int tenth = 0; tenth < 150 && left_n > 0; tenth++) {
        usleep(100 * 1000);
        left_n = processes_in_prefix(prefix, left, sizeof(left));
    }
    char cleanup[256];
    snprintf(cleanup, sizeof(cleanup), "wineserver -k >/dev/null 2>&1");
    int ignored = system(cleanup);
    (void)ignored;
    kit_temp_remove(dir);
    ck_assert_msg(left_n == 0, "still running in the run's prefix 15 s after fspconform "
                  "ended: %s", left);
    ck_assert_msg(r.exit_code == 0 && strstr(r.err, "creating the Wine prefix") &&
                  strstr(r.out, "PASS"), "expected a new prefix and a PASS; got exit %d:\n"
                  "%s\n%s", r.exit_code, r.out, r.err);
    proc_result_free(&r);
}
END_TEST

START_TEST(fspconform_reports_scenario_verdicts_per_clause)
{
    const conform_case *c = &conform_cases[_i];
    char tool[512], dll[512], why[256];
    snprintf(tool, sizeof(tool), "%s/native/fspconform", host_build_dir());
    host_check_path(dll, sizeof(dll), "x64", c->dll);
    /* no --var DOCS: fspconform makes ${DOCS}/one-page.tif itself */
    const char *argv[] = {tool, dll, SEND_SCENARIO, NULL};
    proc_result r;
    ck_assert_msg(proc_run(argv, 300, &r, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(r.exit_code == c->exit_code && strstr(r.out, c->line),
                  "%s: expected exit %d and a line '%s'; got exit %d:\n%s\n%s", c->dll,
                  c->exit_code, c->line, r.exit_code, r.out, r.err);
    host_check_every_clause_once(r.out);
    proc_result_free(&r);
}
END_TEST

/* --- scenario and environment errors: exit 2, nothing reaches the DLL ------------------- */

static int any_call_event(const host_run *run)
{
    for (size_t i = 0; i < run->events.count; i++) {
        const char *type = event_get_str(&run->events.items[i], "ev");
        if (type && strcmp(type, "call") == 0)
            return 1;
    }
    return 0;
}

START_TEST(syntax_error_stops_the_run_before_anything_runs)
{
    host_run run;
    const char *scenarios[] = {"conformance/tests/scenarios/bad_syntax.fsc", NULL};
    host_check_run_scenarios("x64", "vfsp.dll", NULL, scenarios, &run);
    expect_exit(&run, 2);
    ck_assert_msg(strstr(run.proc.err, "bad_syntax.fsc:4:5: unknown command 'sned'"),
                  "expected FILE:LINE:COL and the problem on stderr, got:\n%s", run.proc.err);
    ck_assert_msg(!any_call_event(&run), "the DLL was called although the scenario is broken");
    host_run_free(&run);
}
END_TEST

START_TEST(unknown_variable_is_refused_before_anything_runs)
{
    char path[128];
    host_run run;
    run_scenario_text("vfsp.dll", "scenario \"v\"\n    virtual-devices\n    init\n    start j\n"
                      "    send j \"${NOPE}/x.tif\" to \"1\"\nend\n", NULL, path, &run);
    expect_exit(&run, 2);
    char want[256];
    snprintf(want, sizeof(want), "%s:5:13: unknown variable 'NOPE'", path);
    ck_assert_msg(strstr(run.proc.err, want), "expected '%s' on stderr, got:\n%s", want,
                  run.proc.err);
    ck_assert_msg(!any_call_event(&run), "the DLL was called although the scenario is broken");
    host_run_free(&run);
}
END_TEST

START_TEST(failed_step_is_a_scenario_error_and_jobs_are_still_ended)
{
    char path[128];
    host_run run;
    run_scenario_text("vfsp.dll", "scenario \"c\"\n    virtual-devices\n    init\n    start j\n"
                      "    copy \"/nonexistent/fspkit.tif\" to \"${TMP}/x.tif\"\nend\n", NULL,
                      path, &run);
    expect_exit(&run, 2);
    char want[256];
    snprintf(want, sizeof(want), "%s:5:5: copy \"/nonexistent/fspkit.tif\"", path);
    ck_assert_msg(strstr(run.proc.err, want), "expected '%s' on stderr, got:\n%s", want,
                  run.proc.err);
    /* the job that was started still got its EndJob, and the provider its Shutdown */
    expect_verdict(&run, "END-1", "PASS", NULL);
    expect_verdict(&run, "SHUT-1", "PASS", NULL);
    host_run_free(&run);
}
END_TEST

START_TEST(modem_variables_come_from_modem_sim)
{
    modem_sim_proc m;
    char control[32], path[128], want[128];
    const char *extra_sim[] = {"--tcp", "0", NULL};
    start_modem(&m, extra_sim, control);
    const char *extra[] = {"--modem", control, NULL};
    host_run run;
    /* The ring names a file made of the variables: modem-sim's refusal echoes it. */
    run_scenario_text("vfsp.dll", "scenario \"m\"\n    modem ring \"${MODEM_PORT}-${MODEM_TCP}.tif\"\n"
                      "end\n", extra, path, &run);
    snprintf(want, sizeof(want), "%u-tcp:127.0.0.1:%u.tif", m.tcp_port, m.tcp_port);
    ck_assert_msg(strstr(run.proc.err, want), "expected the expanded name '%s' in modem-sim's "
                  "answer, got:\n%s", want, run.proc.err);
    expect_exit(&run, 2); /* no such document: a scenario error */
    host_run_free(&run);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* modem-sim's own events land in the host's log (`modem-event`), in time for the ones
 * the scenario caused. */
START_TEST(modem_events_are_relayed_into_the_log)
{
    docs d;
    make_docs(&d);
    modem_sim_proc m;
    char control[32], path[128];
    const char *extra_sim[] = {"--docs", d.dir, NULL};
    start_modem(&m, extra_sim, control);
    const char *extra[] = {"--modem", control, NULL};
    host_run run;
    run_scenario_text("vfsp.dll", "scenario \"m\"\n    modem hold ring\n    modem ring \"one-page.tif\"\n"
                      "    modem wait-held within 10000\n    modem release\nend\n", extra, path,
                      &run);
    remove_docs(&d);
    expect_exit(&run, 0);
    int held = 0;
    for (size_t at = 0; event_list_find_event(&run.events, "modem-event", at, &at); at++)
        held |= strcmp(event_get_str(&run.events.items[at], "name"), "held") == 0;
    ck_assert_msg(held, "no modem-event \"held\" in the log (%zu modem-event events)",
                  event_list_count_events(&run.events, "modem-event"));
    host_run_free(&run);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(unreachable_modem_sim_is_one_clear_line)
{
    host_run run;
    const char *extra[] = {"--modem", "127.0.0.1:1", NULL};
    const char *scenarios[] = {SEND_SCENARIO, NULL};
    host_check_run_scenarios("x64", "vfsp.dll", extra, scenarios, &run);
    expect_exit(&run, 2);
    ck_assert_msg(strstr(run.proc.err, "modem-sim is not reachable at 127.0.0.1:1"),
                  "expected one clear line about modem-sim, got:\n%s", run.proc.err);
    host_run_free(&run);
}
END_TEST


int main(void)
{
    /* loops over both architectures: host_check_arch() skips what cannot run here */
    const harness_test tests[] = {
        {"known good", known_good_send_holds_every_clause_it_touches, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", known_good_abort_is_prompt_and_reported, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", jobs_alive_together_are_not_a_leak, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", known_good_receive_answers_a_virtual_ring, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", unconfirmed_readings_are_options_and_logged, TIMEOUT_HOST, 0, 0},
        {"known good", standard_scenarios_pass_on_the_known_good_fsp, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", known_good_survives_every_aimed_abort, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"known good", failing_race_replays_from_its_seed, TIMEOUT_HOST, 0, 0},
        {"known good", html_timeline_for_each_failing_scenario, TIMEOUT_HOST, 0, 0},
        {"mutants", job_mutant_is_caught_with_its_clause, TIMEOUT_HOST, 0, JOB_MUTANT_COUNT * HOST_CHECK_ARCHES},
        {"mutants", doubted_mutant_is_warned_with_its_figure, TIMEOUT_HOST, 0, DOUBTED_MUTANT_COUNT * HOST_CHECK_ARCHES},
        {"mutants", every_job_mutant_is_tested, TIMEOUT_HOST, 0, 0},
        {"mutants", correct_variant_is_not_blamed, TIMEOUT_HOST, 0, JOB_VARIANT_COUNT * HOST_CHECK_ARCHES},
        {"mutants", every_variant_is_tested, TIMEOUT_HOST, 0, 0},
        {"misbehaviour", misbehaviour_in_an_export_is_a_verdict_naming_it, TIMEOUT_HOST, 0, MISBEHAVIOUR_CASE_COUNT},
        {"misbehaviour", a_fault_where_abort_and_operation_overlap_is_doubted_under_abort2, TIMEOUT_HOST, 0, 2},
        {"isolation", hang_in_one_scenario_does_not_stop_the_next, TIMEOUT_HOST, 0, 0},
        {"isolation", watchdog_kills_a_scenario_that_never_ends, TIMEOUT_HOST, 0, 0},
        {"isolation", killed_scenario_leaves_a_fresh_modem_line, TIMEOUT_HOST, 0, 0},
        {"fspconform", fspconform_reports_scenario_verdicts_per_clause, TIMEOUT_HOST, 0, (int)(sizeof(conform_cases) / sizeof(conform_cases[0]))},
        {"fspconform", fspconform_fails_a_host_the_fsp_ended, TIMEOUT_HOST, 0, 0},
        {"fspconform", fspconform_fails_a_host_it_had_to_kill, TIMEOUT_HOST, 0, 0},
        {"fspconform", fspconform_creates_its_wine_prefix_on_first_use, TIMEOUT_HOST, 0, 0},
        {"errors", syntax_error_stops_the_run_before_anything_runs, TIMEOUT_HOST, 0, 0},
        {"errors", unknown_variable_is_refused_before_anything_runs, TIMEOUT_HOST, 0, 0},
        {"errors", failed_step_is_a_scenario_error_and_jobs_are_still_ended, TIMEOUT_HOST, 0, 0},
        {"errors", unreachable_modem_sim_is_one_clear_line, TIMEOUT_HOST, 0, 0},
        {"errors", modem_variables_come_from_modem_sim, TIMEOUT_HOST, 0, 0},
        {"errors", modem_events_are_relayed_into_the_log, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("jobs", tests, HARNESS_COUNT(tests));
}
