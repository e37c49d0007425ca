/*
 * check_refsp.c - the reference FSP (refsp.dll) through fake-faxsvc.exe and modem-sim:
 * what it sends arrives pixel-exact in modem-sim's inbox, what it receives is written
 * pixel-exact as the service's own documents are, every row of its FS_* mapping
 * (docs/reference-fsp.md) happens as documented, an abort aimed at every hold point
 * ends as that point allows with the modem back on hook, and the COM line works through
 * Wine's serial port on modem-sim's pty as well as the tcp: line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_harness.h"
#include "fax_page.h"
#include "host_check.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "testpage.h"

#define SEND_SCENARIO "conformance/tests/scenarios/refsp_send.fsc"
#define RECEIVE_SCENARIO "conformance/tests/scenarios/refsp_receive.fsc"
#define OUTCOME_SCENARIO "conformance/tests/scenarios/refsp_outcomes.fsc"
#define RACE_SCENARIO "conformance/tests/scenarios/refsp_races.fsc"

/* modem-sim's dial plan: one number per row of the mapping (refsp_outcomes.fsc). */
static const char dial_plan[] =
    "5551000 fax id=\"ACME SALES\"\n"
    "5551001 busy\n"
    "5551002 no-answer\n"
    "5551003 no-dialtone\n"
    "5551004 voice\n"
    "5551005 disconnect-page 2\n"
    "5551006 reject-page 1\n"
    "5551007 reject-page 1 times=1\n"
    "* fax\n";

/* A document as the fax service writes them: MMR, RowsPerStrip 1 (IMG-1..4). */
static void write_doc(const char *dir, const char *name, int pages, uint16_t yres,
                      uint64_t seed)
{
    char path[256], why[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    fax_doc doc = {0};
    ck_assert(testpage_generate(seed, (size_t)pages, yres, &doc) == 0);
    ck_assert_msg(fax_doc_write_tiff(path, &doc, FAX_CODING_MMR, FAX_MSB_FIRST, 1, why,
                                     sizeof(why)) == 0, "%s", why);
    fax_doc_free(&doc);
}

typedef struct rig {
    modem_sim_proc modem;
    char control[32];
    char docs_var[192];
} rig;

/* modem-sim with a TCP line, the dial plan, and the documents in its --docs folder,
 * which is also the scenarios' ${DOCS}. */
static void rig_start(rig *r)
{
    char why[512], plan[256];
    int fd = kit_temp_file("plan", ".txt", plan, sizeof(plan));
    ck_assert(fd >= 0);
    close(fd);
    FILE *f = fopen(plan, "w");
    ck_assert(f && fputs(dial_plan, f) >= 0 && fclose(f) == 0);
    const char *extra[] = {"--tcp", "0", "--dialplan", plan, NULL};
    ck_assert_msg(modem_sim_start(&r->modem, extra, why, sizeof(why)) == 0, "%s", why);
    unlink(plan);
    write_doc(r->modem.docs, "one-page.tif", 1, FAX_YRES_NORMAL, 11);
    write_doc(r->modem.docs, "two-pages.tif", 2, FAX_YRES_NORMAL, 12);
    write_doc(r->modem.docs, "three-pages.tif", 3, FAX_YRES_FINE, 13);
    write_doc(r->modem.docs, "ten-pages-fine.tif", 10, FAX_YRES_FINE, 14);
    write_doc(r->modem.docs, "one-page-fine.tif", 1, FAX_YRES_FINE, 15);
    write_doc(r->modem.docs, "ten-pages.tif", 10, FAX_YRES_NORMAL, 16);
    char path[256];
    snprintf(path, sizeof(path), "%s/not-a-tiff.tif", r->modem.docs);
    f = fopen(path, "w");
    ck_assert(f && fputs("this is not a TIFF file\n", f) >= 0 && fclose(f) == 0);
    snprintf(r->control, sizeof(r->control), "127.0.0.1:%u", r->modem.control_port);
    snprintf(r->docs_var, sizeof(r->docs_var), "DOCS=%s", r->modem.docs);
}

static void rig_stop(rig *r)
{
    ck_assert_int_eq(modem_sim_stop(&r->modem), 0);
}

static void run_refsp(rig *r, const char *arch, const char *scenario, const char *const vars[],
                      host_run *run)
{
    const char *extra[16] = {"--modem", r->control, "--var", r->docs_var,
                             "--timeout-ms", "120000"};
    size_t n = 6;
    for (size_t i = 0; vars && vars[i] && n + 2 < 16; i++) {
        extra[n++] = "--var";
        extra[n++] = vars[i];
    }
    extra[n] = NULL;
    const char *scenarios[] = {scenario, NULL};
    /* modem sessions and race sweeps take minutes: a generous guard, still finite */
    host_check_run_long(arch, "refsp.dll", extra, scenarios, 15 * 60, run);
}

/* The inbox's first fax against the document that was sent. */
static void expect_inbox_matches(const rig *r, const char *doc_name)
{
    char sent[256], got[256], why[512];
    snprintf(sent, sizeof(sent), "%s/%s", r->modem.docs, doc_name);
    snprintf(got, sizeof(got), "%s/call-0001.tif", r->modem.inbox);
    fax_doc a = {0}, b = {0};
    ck_assert_msg(fax_doc_read_tiff(sent, &a, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_read_tiff(got, &b, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_compare(&a, &b, why, sizeof(why)) == 0, "%s: %s", doc_name, why);
    fax_doc_free(&a);
    fax_doc_free(&b);
}

/* --- sending --------------------------------------------------------------------------- */

static const char *const send_docs[] = {"one-page.tif", "one-page-fine.tif", "ten-pages.tif",
                                        "ten-pages-fine.tif"};

START_TEST(sent_pages_arrive_pixel_exact)
{
    const char *doc = send_docs[_i / HOST_CHECK_ARCHES];
    const char *arch = host_check_arch(_i);
    rig r;
    rig_start(&r);
    char doc_var[64], line_var[64];
    snprintf(doc_var, sizeof(doc_var), "DOC=%s", doc);
    snprintf(line_var, sizeof(line_var), "LINE=tcp:127.0.0.1:%u", r.modem.tcp_port);
    const char *vars[] = {line_var, doc_var, NULL};
    host_run run;
    run_refsp(&r, arch, SEND_SCENARIO, vars, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, "SEND-8", "PASS", NULL);
    expect_verdict(&run, "END-1", "PASS", NULL);
    expect_verdict(&run, "SHUT-1", "PASS", NULL);
    expect_inbox_matches(&r, doc);
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* A long document: the FSP holds one page at a time (docs/reference-fsp.md, "Documents
 * and memory"), so length costs time, not memory; all 200 pages arrive pixel-exact. */
START_TEST(two_hundred_pages_arrive_pixel_exact)
{
    /* 3.5 minutes through modem-sim: a soak run (`make soak`), kept out of `make check`'s
     * 15-minute budget */
    if (!getenv("FSPKIT_SOAK"))
        harness_skip("200 pages take about 3.5 min: a soak run, see make soak");
    rig r;
    rig_start(&r);
    write_doc(r.modem.docs, "two-hundred-pages.tif", 200, FAX_YRES_NORMAL, 17);
    char line_var[64];
    snprintf(line_var, sizeof(line_var), "LINE=tcp:127.0.0.1:%u", r.modem.tcp_port);
    const char *vars[] = {line_var, "DOC=two-hundred-pages.tif", NULL};
    host_run run;
    run_refsp(&r, "x64", SEND_SCENARIO, vars, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, "SEND-8", "PASS", NULL);
    expect_inbox_matches(&r, "two-hundred-pages.tif");
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* The COM line: Wine's serial port on modem-sim's pty (design.md: interval+constant
 * timeouts, CancelIoEx, ATH rather than DTR), mapped by tools/wine-com.sh. */
START_TEST(com_line_works_through_wine_serial_port)
{
    rig r;
    rig_start(&r);
    char command[512];
    snprintf(command, sizeof(command), "sh tools/wine-com.sh %s 7 %s", host_build_dir(),
             r.modem.pty);
    ck_assert_msg(system(command) == 0, "%s failed", command);
    const char *vars[] = {"LINE=COM7", "DOC=one-page.tif", NULL};
    host_run run;
    run_refsp(&r, "x64", SEND_SCENARIO, vars, &run);
    snprintf(command, sizeof(command), "sh tools/wine-com.sh %s 7 -", host_build_dir());
    system(command);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_inbox_matches(&r, "one-page.tif");
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* tools/wine-com.sh returns when its `reg add` is the first program of a wineserver
 * session (a prefix of its own, no server running, then the rig's persistent one): Wine's
 * services start under that program and inherit its output, and a $(...) capture of it
 * waited for them - as long as the persistent server lived (exit 124 here, before). */
START_TEST(wine_com_returns_when_it_starts_the_session)
{
    rig r;
    rig_start(&r);
    const char *prefix = getenv("WINEPREFIX");
    ck_assert_msg(prefix, "WINEPREFIX is not set (run under tools/wine-rig.sh)");
    char command[2048];
    snprintf(command, sizeof(command),
             "export WINEPREFIX='%s-wine-com' && sh tools/wine-rig.sh prefix %s >/dev/null && "
             "sh tools/wine-rig.sh run %s -- sh -c 'timeout 60 sh tools/wine-com.sh %s 7 %s; "
             "s=$?; sh tools/wine-com.sh %s 7 -; exit $s'",
             prefix, host_build_dir(), host_build_dir(), host_build_dir(), r.modem.pty,
             host_build_dir());
    int status = system(command);
    rig_stop(&r);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "wine-com.sh in a cold session: exit %d (124: it never returned)",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
END_TEST

/* --- receiving -------------------------------------------------------------------------- */

START_TEST(received_fax_is_written_pixel_exact)
{
    const char *arch = host_check_arch(_i);
    rig r;
    rig_start(&r);
    char rx_dir[128], rx_var[192], rx_path[192], why[512];
    ck_assert(kit_temp_dir("rx", rx_dir, sizeof(rx_dir)) == 0);
    /* Wine sees the Unix root as drive Z: */
    snprintf(rx_var, sizeof(rx_var), "RXFILE=Z:%s/received.tif", rx_dir);
    const char *vars[] = {rx_var, NULL};
    host_run run;
    run_refsp(&r, arch, RECEIVE_SCENARIO, vars, &run);
    expect_exit(&run, 0);
    expect_no_verdict_level(&run, "FAIL");
    expect_verdict(&run, "VDEV-6", "PASS", NULL);
    expect_verdict(&run, "VDEV-7", "PASS", NULL);
    expect_verdict(&run, "RECV-2", "PASS", NULL);
    snprintf(rx_path, sizeof(rx_path), "%s/received.tif", rx_dir);
    char sent[256];
    snprintf(sent, sizeof(sent), "%s/three-pages.tif", r.modem.docs);
    fax_doc a = {0}, b = {0};
    ck_assert_msg(fax_doc_read_tiff(sent, &a, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_read_tiff(rx_path, &b, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_compare(&a, &b, why, sizeof(why)) == 0, "%s", why);
    fax_doc_free(&a);
    fax_doc_free(&b);
    /* written as the service writes: MMR, one row per strip, no warnings */
    char command[512];
    snprintf(command, sizeof(command), "tiffinfo %s 2>&1 | grep -q -i warn", rx_path);
    ck_assert_msg(system(command) != 0, "tiffinfo warns about %s", rx_path);
    snprintf(command, sizeof(command), "tiffinfo %s | grep -q 'CCITT Group 4' && "
             "tiffinfo %s | grep -q 'Rows/Strip: 1'", rx_path, rx_path);
    ck_assert_msg(system(command) == 0, "%s is not MMR with RowsPerStrip 1", rx_path);
    unlink(rx_path);
    rmdir(rx_dir);
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* --- the FS_* mapping, row by row ------------------------------------------------------ */

START_TEST(every_outcome_maps_to_its_documented_status)
{
    const char *arch = host_check_arch(_i); /* a skip ends the test: before the rig */
    rig r;
    rig_start(&r);
    host_run run;
    run_refsp(&r, arch, OUTCOME_SCENARIO, NULL, &run);
    expect_no_verdict_level(&run, "FAIL"); /* each scenario's `expect final` is SCN-1 */
    expect_exit(&run, 0);
    ck_assert_msg(strstr(run.proc.out, "12 scenario(s): 12 without a FAIL"), "%s",
                  run.proc.out);
    /* the unknown device: StartJob said no, with the reason (ERR-2), and nothing ran */
    int refused = 0;
    for (size_t at = 0; event_list_find_event(&run.events, "return", at, &at); at++) {
        const json_flat *e = &run.events.items[at];
        int64_t ret = -1, last_error = 0;
        refused |= strcmp(event_get_str(e, "fn"), "FaxDevStartJob") == 0 &&
                   event_get_int(e, "ret", &ret) && ret == 0 &&
                   event_get_int(e, "last_error", &last_error) && last_error == 87;
    }
    ck_assert_msg(refused, "expected FaxDevStartJob to refuse device 7 with error 87");
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* --- aborts aimed at every hold point ------------------------------------------------- */

START_TEST(aimed_aborts_end_as_each_point_allows)
{
    const char *arch = host_check_arch(_i); /* a skip ends the test: before the rig */
    rig r;
    rig_start(&r);
    host_run run;
    run_refsp(&r, arch, RACE_SCENARIO, NULL, &run);
    expect_no_verdict_level(&run, "FAIL");
    expect_exit(&run, 0);
    static const char *const landed[] = {
        "aborted at after-dial ended with FS_USER_ABORT",
        "aborted at phase-b ended with FS_USER_ABORT",
        "aborted at mid-page 1 2048 ended with FS_USER_ABORT",
        "aborted at post-page-ppr 1 ended with FS_USER_ABORT",
        "aborted at between-pages 1 ended with FS_USER_ABORT",
        "aborted at answering ended with FS_USER_ABORT",
        "aborted at rx-mid-page 1 2048 ended with FS_USER_ABORT",
    };
    for (size_t i = 0; i < sizeof(landed) / sizeof(landed[0]); i++)
        expect_verdict(&run, "ABORT-1", "PASS", landed[i]);
    expect_verdict(&run, "ABORT-3", "PASS", NULL);
    expect_verdict(&run, "END-1", "PASS", NULL);
    expect_verdict(&run, "SHUT-1", "PASS", NULL);
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST

/* No clean-up step waits out its timeout because of an abort (docs/reference-fsp.md,
 * "Abort"): an abort aimed at every point of a send and of a receive, five sweeps
 * each, must end the operation well inside the DTE's 3 s clean-up timeout. Found at
 * after-packet 1, where an abort caught the DTE just before an action command and it
 * waited 3 s for the answer to a command the modem never got. A hang guard, not a
 * stopwatch: the figures themselves are `make bench`'s. */
static const char abort_sweeps[] =
    "scenario \"aborts at every point, five sweeps\"\n"
    "    registry \"HKCU\\\\Software\\\\FSPKit\\\\ReferenceFSP\" \"DeviceCount\" = dword 1\n"
    "    registry \"HKCU\\\\Software\\\\FSPKit\\\\ReferenceFSP\\\\Devices\\\\0\" \"Line\" = "
    "\"${MODEM_TCP}\"\n"
    "    virtual-devices\n"
    "    init\n"
    "    repeat 5\n"
    "        race sweep\n"
    "            start j1\n"
    "            send j1 \"${DOCS}/two-pages.tif\" to \"5551000\"\n"
    "            abort j1\n"
    "            wait j1 within 120000\n"
    "            expect j1 final FS_USER_ABORT or FS_COMPLETED\n"
    "            end j1\n"
    "        end\n"
    "        race sweep\n"
    "            modem ring \"two-pages.tif\"\n"
    "            answer in \"rx-race.tif\" within 30000\n"
    "            abort in\n"
    "            wait in within 120000\n"
    "            expect in final FS_USER_ABORT or FS_COMPLETED\n"
    "            end in\n"
    "        end\n"
    "    end\n"
    "    shutdown\n"
    "end\n";

#define CLEANUP_GUARD_US 2000000   /* under the DTE's 3 s clean-up timeout */

START_TEST(aborts_never_wait_out_a_cleanup_timeout)
{
    const char *arch = host_check_arch(_i); /* a skip ends the test: before the rig */
    rig r;
    rig_start(&r);
    char path[128];
    int fd = kit_temp_file("abort-sweeps", ".fsc", path, sizeof(path));
    ck_assert(fd >= 0);
    close(fd);
    FILE *f = fopen(path, "w");
    ck_assert(f && fputs(abort_sweeps, f) >= 0 && fclose(f) == 0);
    host_run run;
    run_refsp(&r, arch, path, NULL, &run);
    unlink(path);
    expect_no_verdict_level(&run, "FAIL");
    expect_exit(&run, 0);
    /* Per job: the point of its race, when the abort returned, when the operation did. */
    char point[64] = "";
    int64_t aborted_us = -1;
    int abort_called = 0, checked = 0, after_packet_1 = 0;
    for (size_t i = 0; i < run.events.count; i++) {
        const json_flat *e = &run.events.items[i];
        const char *ev = event_get_str(e, "ev"), *fn = event_get_str(e, "fn");
        int64_t t = 0, ret = 0;
        event_get_int(e, "t_us", &t);
        const json_flat_member *reached = json_flat_get(e, "reached");
        if (ev && strcmp(ev, "race") == 0) {
            /* a pass: from its race event (written as the abort lands) on */
            snprintf(point, sizeof(point), "%s",
                     reached && reached->kind == JSON_FLAT_BOOL && reached->boolean
                     ? event_get_str(e, "point") : "");
            aborted_us = -1;
            abort_called = 0;
        } else if (ev && fn && strcmp(ev, "return") == 0 && strcmp(fn, "FaxDevStartJob") == 0) {
            point[0] = '\0';   /* the next pass began: its operation is not this abort's */
        } else if (ev && fn && strcmp(ev, "call") == 0 &&
                   strcmp(fn, "FaxDevAbortOperation") == 0 && point[0]) {
            abort_called = 1;
        } else if (ev && fn && strcmp(ev, "return") == 0 &&
                   strcmp(fn, "FaxDevAbortOperation") == 0 && point[0] && aborted_us < 0) {
            aborted_us = t;
        } else if (ev && fn && strcmp(ev, "return") == 0 && point[0] && abort_called &&
                   (strcmp(fn, "FaxDevSend") == 0 || strcmp(fn, "FaxDevReceive") == 0)) {
            /* the operation's return may be logged before the abort's own (two threads
             * write the log): it came back before the abort did - well within the guard;
             * such passes were once left uncounted, and a run fell one short of ten */
            if (aborted_us < 0)
                aborted_us = t;
            /* at before-hangup and rx-post-page the host releases modem-sim after the
             * abort: the call then runs its normal course, which is not the abort's */
            int released = strcmp(point, "before-hangup") == 0 ||
                           strncmp(point, "rx-post-page", 12) == 0;
            /* an operation that completed anyway ran its call's normal course (the
             * remote had confirmed the last page): the abort ended nothing there */
            int completed = event_get_int(e, "ret", &ret) && ret != 0;
            ck_assert_msg(released || completed || t - aborted_us < CLEANUP_GUARD_US,
                          "abort at %s: %s returned %lld ms after the abort returned "
                          "(expected well under the 3 s clean-up timeout)", point, fn,
                          (long long)((t - aborted_us) / 1000));
            checked++;
            after_packet_1 += strcmp(point, "after-packet 1") == 0;
            point[0] = '\0';
        }
    }
    ck_assert_msg(checked >= 50 && after_packet_1 >= 10, "expected at least 50 aimed aborts, "
                  "10 of them at after-packet 1; the log has %d and %d", checked,
                  after_packet_1);
    host_run_free(&run);
    rig_stop(&r);
}
END_TEST


int main(void)
{
    /* loops over both architectures: host_check_arch() skips what cannot run here */
    const harness_test tests[] = {
        {"send", sent_pages_arrive_pixel_exact, TIMEOUT_MODEM_SESSION, 0, (int)(sizeof(send_docs) / sizeof(send_docs[0])) * HOST_CHECK_ARCHES},
        {"send", com_line_works_through_wine_serial_port, TIMEOUT_MODEM_SESSION, 0, 0},
        {"send", wine_com_returns_when_it_starts_the_session, TIMEOUT_MODEM_SESSION, 0, 0},
        {"send", two_hundred_pages_arrive_pixel_exact, TIMEOUT_MODEM_SESSION, 0, 0},
        {"receive", received_fax_is_written_pixel_exact, TIMEOUT_MODEM_SESSION, 0, HOST_CHECK_ARCHES},
        {"outcomes", every_outcome_maps_to_its_documented_status, TIMEOUT_MODEM_SESSION, 0, HOST_CHECK_ARCHES},
        {"aborts", aimed_aborts_end_as_each_point_allows, TIMEOUT_MODEM_SESSION, 0, HOST_CHECK_ARCHES},
        {"aborts", aborts_never_wait_out_a_cleanup_timeout, TIMEOUT_MODEM_SESSION, 0, HOST_CHECK_ARCHES},
    };
    return harness_main("reference FSP", tests, HARNESS_COUNT(tests));
}
