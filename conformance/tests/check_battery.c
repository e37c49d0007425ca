/*
 * check_battery.c - `fspconform FSP.dll` with nothing else: the built-in battery.
 *
 * Its table is its files, and between them they exercise every FSP clause the rules can
 * judge; correct FSPs pass the default run (the reference FSP with its devices set up by
 * a .reg file, as a vendor's installer would); every mutant in conformance/mutants and
 * conformance/testfsp/mutants is caught by the default run with the clause it breaks;
 * --only, --setup mistakes and Ctrl-C behave as --help says.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "battery.h"
#include "check_harness.h"
#include "clause_report.h"
#include "fsc_scenario.h"
#include "fsp_clauses.h"
#include "host_check.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "mutant_decl.h"
#include "proc_run.h"
#include "report_readers.h"

#define BATTERY_DIR "conformance/battery"
/* vfsp's own way to ring: a fax dropped into the folder it watches (vfsp_inbox.c). */
#define VFSP_RING "copy \"%FSPKIT_RING_FILE%\" \"%TEMP%\\vfsp-inbox\\call.tif\""
/* Hang guard for one fspconform run: the battery's own budgets end a hang far sooner. */
#define CONFORM_GUARD_S 400

/* The last `n` characters of a report, for failure messages: Check carries a message
 * of at most a few kilobytes, and a longer one is lost whole ("Message string too long"). */
static const char *tail_of(const char *text, size_t n)
{
    size_t length = text ? strlen(text) : 0;
    return !text ? "" : length > n ? text + length - n : text;
}

/* What a failure message needs of a report: its FAIL and WARN lines and fspconform's
 * own lines that are no progress (the tail alone can miss the verdict that failed). */
static const char *problems_of(const char *text, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (const char *line = text; line && *line && used + 1 < size;) {
        size_t length = strcspn(line, "\n");
        int keep = (length > 18 && (strncmp(line + 10, "FAIL", 4) == 0 ||
                                     strncmp(line + 10, "WARN", 4) == 0)) ||
                   (strncmp(line, "fspconform: ", 12) == 0 && !strstr(line, "0 FAIL, 0 WARN") &&
                    line[12] != '[');
        if (keep)
            used += (size_t)snprintf(buf + used, size - used, "%.*s\n", (int)length, line);
        line += length + (line[length] == '\n');
    }
    return buf;
}

static void tool_path(char *buf, size_t size)
{
    snprintf(buf, size, "%s/native/fspconform", host_build_dir());
}

/* --- the table and the files -------------------------------------------------------- */

START_TEST(the_table_is_the_files_and_each_parses)
{
    size_t count;
    const battery_scenario *table = battery_table(&count);
    const char *given[] = {"DOCS", "NUMBER", "RING", NULL};
    for (size_t i = 0; i < count; i++) {
        char path[256], why[512];
        snprintf(path, sizeof(path), "%s/%s.fsc", BATTERY_DIR, table[i].name);
        fsc_file f;
        expect_that(fsc_load_with(path, given, &f, why, sizeof(why)) == 0, "%s", why);
        expect_that(f.scenario_count == 1, "%s: a battery file holds one scenario, not %zu",
                    path, f.scenario_count);
        fsc_file_free(&f);
        /* every clause it names is one of the contract's */
        char clauses[512];
        snprintf(clauses, sizeof(clauses), "%s", table[i].clauses);
        for (char *id = strtok(clauses, " "); id; id = strtok(NULL, " "))
            expect_that(fsp_clause_find(id) != NULL, "%s names %s, which is no clause",
                        table[i].name, id);
    }
    DIR *dir = opendir(BATTERY_DIR);
    expect_that(dir != NULL, "%s: cannot list the battery", BATTERY_DIR);
    struct dirent *entry;
    size_t files = 0;
    while ((entry = readdir(dir)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n < 5 || strcmp(entry->d_name + n - 4, ".fsc") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(n - 4), entry->d_name);
        files++;
        expect_that(battery_find(name) != NULL, "%s/%s is not in the battery's table "
                    "(conformance/lib/battery.c): it would never run", BATTERY_DIR,
                    entry->d_name);
    }
    closedir(dir);
    expect_that(files == count, "%zu battery files, %zu table entries", files, count);
}
END_TEST

/* Nothing judgeable is left to chance: every FSP clause a rule can judge (but SCN-1,
 * which is about the user's own expectations) is exercised by some battery scenario. */
START_TEST(every_judgeable_clause_is_exercised)
{
    size_t count, nclauses;
    const battery_scenario *table = battery_table(&count);
    const fsp_clause *clauses = fsp_clause_table(&nclauses);
    for (size_t c = 0; c < nclauses; c++) {
        if (!clause_report_judgeable(clauses[c].id) || strcmp(clauses[c].id, "SCN-1") == 0)
            continue;
        int exercised = 0;
        for (size_t i = 0; i < count; i++)
            exercised |= battery_exercises(&table[i], clauses[c].id);
        expect_that(exercised, "%s can be judged, but no battery scenario exercises it",
                    clauses[c].id);
    }
}
END_TEST

START_TEST(list_names_every_scenario_and_its_clauses)
{
    char tool[512], why[256];
    tool_path(tool, sizeof(tool));
    const char *argv[] = {tool, "--list", NULL};
    proc_result r;
    expect_that(proc_run(argv, 30, &r, why, sizeof(why)) == 0, "%s", why);
    size_t count;
    const battery_scenario *table = battery_table(&count);
    expect_that(r.exit_code == 0, "--list: exit %d\n%s", r.exit_code, r.err);
    for (size_t i = 0; i < count; i++)
        expect_that(strstr(r.out, table[i].name) && strstr(r.out, table[i].clauses),
                    "--list does not name %s with its clauses:\n%s", table[i].name, r.out);
    proc_result_free(&r);
}
END_TEST

/* --- usage mistakes: exit 2, one line, nothing run ---------------------------------- */

typedef struct usage_case {
    const char *args[4];
    const char *message;
    const char *reg_text;      /* written to a file whose path replaces "@reg" */
} usage_case;

static const usage_case usage_cases[] = {
    {{"--only", "NOPE-1", "x.dll"}, "--only NOPE-1: neither a battery scenario nor a clause", NULL},
    {{"--only", "LINE-1", "x.dll"}, "--only LINE-1: no battery scenario exercises that clause", NULL},
    {{"--setup", "@reg", "x.dll"}, ":3: unknown root in 'HKLM\\Software\\Vendor'",
     "REGEDIT4\n\n[HKLM\\Software\\Vendor]\n"},
    {{"--budget", "0", "x.dll"}, "--budget: '0' is not 1..86400 seconds", NULL},
    {{"--memory-limit", "10", "x.dll"}, "--memory-limit: '10' is not 64..1048576 MB", NULL},
    {{"--stop-at", "NOPE-1", "x.dll"}, "--stop-at NOPE-1: expected CLAUSE[:FAIL|:WARN] with a "
     "clause of the contract", NULL},
    {{"--stop-at", "SEND-8:INFO", "x.dll"}, "--stop-at SEND-8:INFO: expected CLAUSE[:FAIL|:WARN]",
     NULL},
    {{"--line", "COM0", "x.dll"}, "--line: 'COM0' is neither COM1..COM256 nor tcp", NULL},
    {{"--line", "COM257", "x.dll"}, "--line: 'COM257' is neither COM1..COM256 nor tcp", NULL},
    {{"--line", "/dev/ttyS0", "x.dll"}, "--line: '/dev/ttyS0' is neither COM1..COM256 nor tcp", NULL},
    {{"--junit", "/nonexistent/fspkit/r.xml", "x.dll"}, "--junit /nonexistent/fspkit/r.xml: "
     "cannot write there", NULL},
};

START_TEST(a_usage_mistake_is_one_line_and_exit_2)
{
    const usage_case *c = &usage_cases[_i];
    char tool[512], why[256], reg[256] = "";
    tool_path(tool, sizeof(tool));
    const char *argv[6] = {tool};
    for (int i = 0; i < 3; i++) {
        argv[i + 1] = c->args[i];
        if (c->reg_text && strcmp(c->args[i], "@reg") == 0) {
            int fd = kit_temp_file("setup", ".reg", reg, sizeof(reg));
            expect_that(fd >= 0 && write(fd, c->reg_text, strlen(c->reg_text)) > 0,
                        "cannot write the .reg file");
            close(fd);
            argv[i + 1] = reg;
        }
    }
    proc_result r;
    expect_that(proc_run(argv, 60, &r, why, sizeof(why)) == 0, "%s", why);
    if (c->reg_text)
        unlink(reg);
    expect_that(r.exit_code == 2 && strstr(r.err, c->message) && !strchr(strchr(r.err, '\n') + 1, '\n'),
                "expected exit 2 and one line with '%s'; got exit %d:\n%s", c->message,
                r.exit_code, r.err);
    proc_result_free(&r);
}
END_TEST

/* --- the reports CI tools read ------------------------------------------------------- */

/* --tap and --junit on a DLL that crashes in FaxDevInitialize: prove and junitparser see
 * the ERR-1 FAIL and the failed run, and nothing else failed; the TAP stream is TAP
 * alone (the heading goes to stderr). */
START_TEST(tap_and_junit_say_what_the_report_says)
{
    char tool[512], dll[512], why[256], junit[256], tap[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "mutants/crash_in_initialize.dll");
    int fd = kit_temp_file("junit", ".xml", junit, sizeof(junit));
    expect_that(fd >= 0, "cannot create a temporary file");
    close(fd);
    /* the reference FSP's family: its settings let device creation through to the crash */
    const char *argv[] = {tool, "--tap", "--junit", junit, "--setup",
                          "conformance/reference-fsp.reg", dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 1 && strncmp(r.out, "TAP version 13\n1..", 18) == 0 &&
                strstr(r.err, "fspconform ") && strstr(r.out, " - ERR-1 FaxDevInitialize"),
                "expected exit 1 and a TAP stream with ERR-1; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 2400), tail_of(r.err, 600));
    fd = kit_temp_file("report", ".tap", tap, sizeof(tap));
    expect_that(fd >= 0 && write(fd, r.out, strlen(r.out)) == (ssize_t)strlen(r.out),
                "cannot keep the TAP stream");
    close(fd);
    proc_result_free(&r);
    expect_that(tap_prove(tap, 0, &r, why, sizeof(why)) == 0, "prove: %s", why);
    expect_that(r.exit_code == 1 && strstr(r.out, "Failed: 2)") && strstr(r.out, "Result: FAIL"),
                "prove: expected 2 failed tests, got exit %d:\n%s%s", r.exit_code, r.out, r.err);
    proc_result_free(&r);
    expect_that(junit_read(junit, &r, why, sizeof(why)) == 0, "python3: %s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, " failures=2 ") &&
                strstr(r.out, " failed=ERR-1|the run first=FaxDevInitialize raised"),
                "junitparser: expected the failures ERR-1 and the run, got exit %d:\n%s%s",
                r.exit_code, r.out, r.err);
    proc_result_free(&r);
    unlink(tap);
    unlink(junit);
}
END_TEST

/* --- correct FSPs pass the default run ---------------------------------------------- */

START_TEST(vfsp_passes_the_default_run)
{
    const char *arch = host_check_arch(_i);
    char tool[512], dll[512], why[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), arch, "vfsp.dll");
    const char *argv[] = {tool, "--ring", VFSP_RING, dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, "fspconform: PASS"),
                "expected PASS, exit 0; got exit %d:\n%s\n%s", r.exit_code, tail_of(r.out, 2400), tail_of(r.err, 600));
    host_check_every_clause_once(r.out);
    /* what the battery reached: sends, aborts at points, the ring, a receive */
    static const char *const reached[] = {"SEND-8    PASS", "ABORT-1   PASS", "ABORT-3   PASS",
                                          "VDEV-6    PASS", "RECV-2    PASS", "END-1     PASS",
                                          "RPT-1     PASS", "STAT-2    PASS"};
    for (size_t i = 0; i < sizeof(reached) / sizeof(reached[0]); i++)
        expect_that(strstr(r.out, reached[i]) != NULL, "the default run never got '%s':\n%s",
                    reached[i], r.out);
    size_t count;
    const battery_scenario *table = battery_table(&count);
    char last[160];
    snprintf(last, sizeof(last), "[%zu/%zu] %s: skipped - no modem line", count, count,
             table[count - 1].name);
    expect_that(strstr(r.err, last) != NULL, "no progress line '%s' for the last scenario:\n%s",
                last, r.err);
    proc_result_free(&r);
}
END_TEST

/* The reference FSP judged as any modem FSP is: its documented settings in a .reg file as
 * its installer would write them (conformance/reference-fsp.reg: its device's modem on
 * COM5), and modem-sim put behind COM5 by --line. Nothing of the kit knows its keys. */
START_TEST(the_reference_fsp_passes_the_default_run)
{
    const char *arch = host_check_arch(_i);
    char why[512], tool[512], dll[512];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), arch, "refsp.dll");
    const char *argv[] = {tool, "--line", "COM5", "--setup", "conformance/reference-fsp.reg",
                          dll, NULL};
    proc_result r;
    char problems[4096];
    int ran = proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why));
    expect_that(ran == 0, "%s", why);
    /* SEND-1 and SEND-2 are judged only at the remote: the modem battery ran */
    expect_that(r.exit_code == 0 && strstr(r.out, "fspconform: PASS") &&
                strstr(r.out, "SEND-8    PASS") && strstr(r.out, "ABORT-1   PASS") &&
                strstr(r.out, "SEND-1    PASS") && strstr(r.out, "SEND-2    PASS"),
                "expected PASS with sends (at the remote too) and aborts judged; got exit "
                "%d; its problems:\n%s\nstderr's end:\n%s", r.exit_code,
                problems_of(r.out, problems, sizeof(problems)), tail_of(r.err, 1500));
    /* the clauses judged only with the line: the port taken away (RETRY-4), a virtual
     * receive's packets (STAT-6), aborts on a thread of their own (ABORT-2), device
     * creation before Initialize (INIT-9), every call back (ERR-1) */
    static const char *const reached[] = {"RETRY-4   PASS", "STAT-6    PASS", "ABORT-2   PASS",
                                          "INIT-9    PASS", "ERR-1     PASS"};
    for (size_t i = 0; i < sizeof(reached) / sizeof(reached[0]); i++)
        expect_that(strstr(r.out, reached[i]) != NULL, "the default run with --line never got "
                    "'%s':\n%s", reached[i], r.out);
    host_check_every_clause_once(r.out);
    proc_result_free(&r);
}
END_TEST

/* Mutants of the reference FSP that break the contract only on the line: the modem
 * battery, judging sends at the remote, aborts at the modem's hold points and the file a
 * receive left, catches each, naming the clause. A breach of a point the contract leaves
 * UNCONFIRMED is a WARN, and the run still passes (exit 0). */
typedef struct modem_mutant {
    const char *dll;
    const char *only;           /* the battery scenario or clause that catches it */
    const char *caught;         /* a report line's start */
    const char *mentioning;     /* and what the verdict says */
    int exit_code;
} modem_mutant;

static const modem_mutant modem_mutants[] = {
    /* busy, no answer, RTN ... all reported as success: a false completion */
    {"modem-mutants/failed_call_returns_true.dll", "SEND-1", "SEND-8    FAIL",
     "reported success (TRUE, FS_BUSY), but the remote's call ended 'busy'", 1},
    /* the bottom of the last page lost, success reported */
    {"modem-mutants/page_cut_short.dll", "SEND-1", "SEND-1    FAIL",
     "what reached the remote is not the document (page 1: 943 rows arrived, the "
     "document's page has 1143 at 98 lpi (cut short: row 943 is not white))", 1},
    /* a page refused (RTN) again and again, success reported */
    {"modem-mutants/rtn_taken_as_success.dll", "modem_rtn", "SEND-8    FAIL",
     "reported success (TRUE, FS_COMPLETED), but the remote's call ended", 1},
    /* aborted, the session dropped without a hang-up */
    {"modem-mutants/abort_leaves_call_up.dll", "modem_receive_abort_points", "ABORT-1   FAIL",
     "FaxDevReceive returned after the abort with the call still up", 1},
    /* the abort looked at only when the next page is taken: with the remote frozen in the
     * dial, never */
    {"modem-mutants/slow_abort_at_page_end.dll", "abort_points", "ABORT-1   FAIL",
     "FaxDevSend has not returned within 10000 ms after FaxDevAbortOperation", 1},
    /* the received file MH in one strip: what the service takes back is UNCONFIRMED */
    {"modem-mutants/received_not_service_form.dll", "modem_ring_and_receive", "IMG-2     WARN",
     "received page 1 has Compression 3 (T.4 MH/MR), not MMR (4)", 0},
    {"modem-mutants/received_not_service_form.dll", "modem_ring_and_receive", "IMG-4     WARN",
     "received page 1 has RowsPerStrip 1143, not 1", 0},
    /* a page confirmed to the remote and never written, success reported */
    {"modem-mutants/receive_drops_a_page.dll", "modem_ring_and_receive", "RECV-2    FAIL",
     "the file holds 1 page(s) where the remote's call ended 'completed' with 2 of its 2", 1},
    /* not a breach: DTR and DSR, which a pty cannot give - an environment error, exit 2 */
    {"modem-mutants/asks_for_dsr.dll", "modem_send", "environment: EscapeCommFunction(SETDTR)",
     "on a serial handle failed with ERROR_NOT_SUPPORTED (50): Wine cannot serve it", 2},
};

START_TEST(modem_mutant_is_caught_at_the_remote)
{
    const modem_mutant *m = &modem_mutants[_i / HOST_CHECK_ARCHES];
    /* what the table expects is what the mutant declares next to its code: the clause and
     * level at the start of `caught`, or "not a breach" for an environment error */
    char source[256], why[512], clause[16] = "", level[8] = "";
    mutant_decl decl;
    snprintf(source, sizeof(source), "conformance/%.*s.c", (int)(strlen(m->dll) - 4), m->dll);
    ck_assert_msg(mutant_decl_read(source, &decl, why, sizeof(why)) == 0, "%s", why);
    sscanf(m->caught, "%15s %7s", clause, level);
    ck_assert_msg(m->exit_code == 2 ? decl.not_a_breach : mutant_decl_breaks(&decl, clause, level),
                  "%s does not declare %s%s %s", source,
                  m->exit_code == 2 ? "'not a breach' for " : "'breaks: ", clause, level);
    const char *arch = host_check_arch(_i % HOST_CHECK_ARCHES);
    char tool[512], dll[512];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), arch, m->dll);
    harness_context("%s, %s", arch, m->dll);
    /* --call-timeout 10: an abort that never acts is seen in 10 s, not the default 60 */
    const char *argv[] = {tool, "--line", "COM5", "--setup", "conformance/reference-fsp.reg",
                          "--call-timeout", "10", "--only", m->only, dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    /* a verdict is a report line; an environment error (exit 2) is said on stderr */
    const char *found = strstr(m->exit_code == 2 ? r.err : r.out, m->caught);
    char line[1024] = "";
    if (found)
        snprintf(line, sizeof(line), "%.*s", (int)strcspn(found, "\n"), found);
    static const char *const outcome[] = {"fspconform: PASS", "fspconform: FAIL",
                                          "fspconform: INCOMPLETE"};
    expect_that(r.exit_code == m->exit_code && strstr(line, m->mentioning) &&
                strstr(r.out, outcome[m->exit_code]) &&
                (m->exit_code != 2 || !strstr(r.out, "    FAIL    ")), /* never a FAIL */
                "expected '%s' mentioning '%s', exit %d; got exit %d:\n%s\n%s", m->caught,
                m->mentioning, m->exit_code, r.exit_code, tail_of(r.out, 2400),
                tail_of(r.err, 600));
    proc_result_free(&r);
}
END_TEST

/* --line tcp: the same modem battery on a TCP line (a network modem), the reference FSP
 * configured by its own .reg file whose Line names ${MODEM_TCP} - the port modem-sim took.
 * Sends judged at the remote, a receive, aborts at the receive's hold points. */
START_TEST(the_reference_fsp_passes_the_modem_battery_on_tcp)
{
    const char *arch = host_check_arch(_i);
    char why[512], tool[512], dll[512], problems[4096];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), arch, "refsp.dll");
    const char *argv[] = {tool, "--line", "tcp", "--setup", "conformance/reference-fsp-tcp.reg",
                          "--only", "SEND-1", "--only", "modem_ring_and_receive", "--only",
                          "modem_receive_abort_points", "--only", "modem_line_missing", dll,
                          NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    /* a TCP line cannot be taken away: RETRY-4's scenario is skipped, saying why (it
     * once made every --line tcp run INCOMPLETE) */
    expect_that(strstr(r.err, "modem_line_missing: skipped - a COM line") != NULL,
                "no skip line for modem_line_missing on tcp:\n%s", tail_of(r.err, 1500));
    expect_that(r.exit_code == 0 && strstr(r.out, "fspconform: PASS") &&
                strstr(r.out, "SEND-1    PASS") && strstr(r.out, "SEND-9    PASS") &&
                strstr(r.out, "IMG-2     PASS") && strstr(r.out, "ABORT-1   PASS"),
                "expected PASS with sends judged at the remote, a receive and aborts; got "
                "exit %d; its problems:\n%s\nstderr's end:\n%s", r.exit_code,
                problems_of(r.out, problems, sizeof(problems)), tail_of(r.err, 1500));
    proc_result_free(&r);
}
END_TEST

/* A --setup file naming a variable the kit does not set: exit 2, FILE:LINE and the
 * variables there are, nothing run. */
START_TEST(a_setup_naming_an_unknown_variable_is_refused)
{
    char tool[512], dll[512], why[512], reg[1024];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "refsp.dll");
    const char *tmp = getenv("FSPKIT_TMPDIR") ? getenv("FSPKIT_TMPDIR") : "/tmp";
    snprintf(reg, sizeof(reg), "%s/unknown-variable-%d.reg", tmp, (int)getpid());
    FILE *f = fopen(reg, "w");
    expect_that(f != NULL, "cannot write %s", reg);
    fputs("REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\FSPKit\\ReferenceFSP\\Devices\\0]\n"
          "\"Line\"=\"${MODEM_SERIAL}\"\n", f);
    fclose(f);
    const char *argv[] = {tool, "--line", "tcp", "--setup", reg, "--only", "start_up", dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    unlink(reg);
    expect_that(r.exit_code == 2 && strstr(r.err, ".reg:4: unknown variable 'MODEM_SERIAL'") &&
                strstr(r.err, "MODEM_TCP"),
                "expected exit 2 naming the file's line 4 and the variable; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 1200), tail_of(r.err, 1200));
    proc_result_free(&r);
}
END_TEST

/* --line COMn never takes a port the prefix maps to something that is not a
 * pseudo-terminal (a real serial port): exit 2 naming it, the link untouched. */
START_TEST(a_com_port_mapped_elsewhere_is_refused)
{
    char tool[512], dll[512], why[512], link[1024];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    const char *prefix = getenv("WINEPREFIX");
    expect_that(prefix != NULL, "WINEPREFIX is not set (run under tools/wine-rig.sh)");
    snprintf(link, sizeof(link), "%s/dosdevices/com200", prefix);
    unlink(link);
    expect_that(symlink("/dev/null", link) == 0, "cannot make %s", link);
    const char *argv[] = {tool, "--line", "COM200", dll, NULL};
    proc_result r;
    int ran = proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why));
    char target[64] = "";
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    target[n > 0 ? n : 0] = '\0';
    unlink(link);
    expect_that(ran == 0, "%s", why);
    expect_that(r.exit_code == 2 && strstr(r.err, "COM200 of this Wine prefix is /dev/null") &&
                strcmp(target, "/dev/null") == 0,
                "expected exit 2 naming /dev/null and the link left alone (now '%s'); got "
                "exit %d:\n%s", target, r.exit_code, r.err);
    proc_result_free(&r);
}
END_TEST

/* --- the UNCONFIRMED readings --------------------------------------------------------- */

/* An FSP written for SampleFSP's reading of StartJob's DeviceId (the index) crashes under
 * the documented one; the battery finds the reading that works, says so, and judges it
 * on that reading. */
START_TEST(a_reading_that_works_is_found_and_said)
{
    const char *arch = host_check_arch(_i);
    char tool[512], dll[512], why[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), arch, "vfsp-variants/device_id_is_an_index.dll");
    const char *argv[] = {tool, dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    expect_that(r.exit_code == 0 && strstr(r.out, "fspconform: PASS") &&
                strstr(r.out, "reading: WARN FaxDevStartJob failed under the virtual device "
                              "ID, DeviceIdPrefix + index (VDEV-10) (DeviceId 0x7100 for "
                              "device 0), but works under the index") &&
                strstr(r.out, "SEND-8    PASS"),
                "expected the index reading found, said, and a PASS on it; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 2400), tail_of(r.err, 600));
    host_check_every_clause_once(r.out);
    proc_result_free(&r);
}
END_TEST

/* A StartJob that crashes under both readings is the FSP's crash: ERR-1 FAIL. */
START_TEST(a_crash_under_both_readings_is_err1)
{
    char tool[512], dll[512], why[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/misbehaves_in_export.dll");
    setenv("FSPKIT_MISBEHAVE_IN", "FaxDevStartJob", 1);
    const char *argv[] = {tool, "--only", "send_one_page", dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    unsetenv("FSPKIT_MISBEHAVE_IN");
    expect_that(r.exit_code == 1 && strstr(r.out, "ERR-1     FAIL") &&
                strstr(r.out, "FaxDevStartJob of job out raised exception") &&
                strstr(r.out, "reading: INFO FaxDevStartJob failed under the virtual device ID"),
                "expected ERR-1 FAIL and both readings tried; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 2400), tail_of(r.err, 600));
    proc_result_free(&r);
}
END_TEST

/* fspconform bounds the host's memory: a DLL that takes memory until an allocation fails
 * (and then uses its NULL) meets --memory-limit, not the machine's, and the ERR-1 verdict
 * says how much it had taken - no more than the limit. */
START_TEST(a_dll_taking_all_memory_meets_the_limit)
{
    char tool[512], dll[512], why[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "vfsp-mutants/misbehaves_in_export.dll");
    setenv("FSPKIT_MISBEHAVE_IN", "FaxDevSend", 1);
    setenv("FSPKIT_MISBEHAVE_HOW", "memory", 1);
    const char *argv[] = {tool, "--memory-limit", "300", "--only", "send_one_page", dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    unsetenv("FSPKIT_MISBEHAVE_IN");
    unsetenv("FSPKIT_MISBEHAVE_HOW");
    const char *taken = strstr(r.out, "after the process had taken ");
    long mb = taken ? strtol(taken + strlen("after the process had taken "), NULL, 10) : -1;
    expect_that(r.exit_code == 1 && strstr(r.out, "ERR-1     FAIL    documented        FaxDevSend "
                                                  "of job out raised exception 0xc0000005") &&
                mb > 0 && mb <= 300,
                "expected ERR-1 FAIL naming FaxDevSend, after taking at most 300 MB; got exit %d, "
                "%ld MB:\n%s\n%s", r.exit_code, mb, tail_of(r.out, 2400), tail_of(r.err, 600));
    proc_result_free(&r);
}
END_TEST

/* --- choosing and stopping ---------------------------------------------------------- */

START_TEST(only_runs_what_exercises_the_clause)
{
    char tool[512], dll[512], why[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    const char *argv[] = {tool, "--only", "VDEV-3", dll, NULL};
    proc_result r;
    expect_that(proc_run(argv, CONFORM_GUARD_S, &r, why, sizeof(why)) == 0, "%s", why);
    /* VDEV-3 is start_up's alone; SEND-8 then has nothing that ran to judge it */
    expect_that(r.exit_code == 0 && strstr(r.err, "[1/1] start_up") &&
                strstr(r.out, "VDEV-3    PASS") &&
                strstr(r.out, "SEND-8    SKIP    documented        its battery scenarios were left "
                              "out (--only)"),
                "expected start_up alone and SEND-8 skipped for --only; got exit %d:\n%s\n%s",
                r.exit_code, tail_of(r.out, 2400), tail_of(r.err, 600));
    host_check_every_clause_once(r.out);
    proc_result_free(&r);
}
END_TEST

/* Ctrl-C: the host is stopped at once, the report covers what ran, and the run is never
 * a PASS. */
START_TEST(ctrl_c_stops_and_reports_what_ran)
{
    char tool[512], dll[512], out_path[256];
    tool_path(tool, sizeof(tool));
    host_check_path(dll, sizeof(dll), "x64", "vfsp.dll");
    int out = kit_temp_file("ctrlc", ".txt", out_path, sizeof(out_path));
    expect_that(out >= 0, "cannot create a temporary file");
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out, 1);
        dup2(out, 2);
        execl(tool, tool, dll, (char *)NULL);
        _exit(127);
    }
    /* wait until the third scenario has started */
    int started = 0;
    for (int tries = 0; tries < 600 && !started; tries++) {
        usleep(100 * 1000);
        char text[16384] = "";
        ssize_t n = pread(out, text, sizeof(text) - 1, 0);
        started = n > 0 && strstr(text, "[3/") != NULL;
    }
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    char text[65536] = "";
    ssize_t n = pread(out, text, sizeof(text) - 1, 0);
    close(out);
    unlink(out_path);
    const char *tail = tail_of(text, 2400); /* for the messages */
    expect_that(started, "the run never reached its third scenario:\n%.2400s", tail);
    expect_that(n > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1 &&
                strstr(text, "INCOMPLETE - interrupted (Ctrl-C)") &&
                strstr(text, "108 clauses:") && strstr(text, "EXP-1     PASS"),
                "expected the report of what ran and INCOMPLETE, exit 1; got status 0x%x:\n"
                "%.2400s", status, tail);
}
END_TEST

int main(void)
{
    const harness_test tests[] = {
        {"table", the_table_is_the_files_and_each_parses, TIMEOUT_UNIT, 0, 0},
        {"table", every_judgeable_clause_is_exercised, TIMEOUT_UNIT, 0, 0},
        {"table", list_names_every_scenario_and_its_clauses, TIMEOUT_PROCESS, 0, 0},
        {"usage", a_usage_mistake_is_one_line_and_exit_2, TIMEOUT_PROCESS, 0,
         (int)(sizeof(usage_cases) / sizeof(usage_cases[0]))},
        {"reports", tap_and_junit_say_what_the_report_says, TIMEOUT_HOST, 0, 0},
        {"default run", vfsp_passes_the_default_run, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"default run", modem_mutant_is_caught_at_the_remote, TIMEOUT_MODEM_SESSION, 0,
         (int)(sizeof(modem_mutants) / sizeof(modem_mutants[0])) * HOST_CHECK_ARCHES},
        {"default run", the_reference_fsp_passes_the_default_run, TIMEOUT_MODEM_SESSION, 0,
         HOST_CHECK_ARCHES},
        {"readings", a_reading_that_works_is_found_and_said, TIMEOUT_HOST, 0, HOST_CHECK_ARCHES},
        {"readings", a_crash_under_both_readings_is_err1, TIMEOUT_HOST, 0, 0},
        {"limits", a_dll_taking_all_memory_meets_the_limit, TIMEOUT_HOST, 0, 0},
        {"line", a_com_port_mapped_elsewhere_is_refused, TIMEOUT_HOST, 0, 0},
        {"line", the_reference_fsp_passes_the_modem_battery_on_tcp, TIMEOUT_MODEM_SESSION, 0,
         HOST_CHECK_ARCHES},
        {"line", a_setup_naming_an_unknown_variable_is_refused, TIMEOUT_HOST, 0, 0},
        {"interface", only_runs_what_exercises_the_clause, TIMEOUT_HOST, 0, 0},
        {"interface", ctrl_c_stops_and_reports_what_ran, TIMEOUT_HOST, 0, 0},
    };
    return harness_main("battery", tests, HARNESS_COUNT(tests));
}
