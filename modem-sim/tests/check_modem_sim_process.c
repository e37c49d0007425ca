/*
 * check_modem_sim_process.c - modem-sim as a program: its command line, the READY
 * line, the control socket (docs/control.md), both lines (pty and TCP), a DTE that
 * vanishes, and clean shutdown on quit and SIGTERM with a call in progress.
 *
 * The DTE here is scripted (modem-sim/tests/support/dte_line.c), so every byte is known.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_harness.h"
#include "dte_line.h"
#include "dte_page.h"
#include "fax_page.h"
#include "host_run.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "fspkit_version.h"
#include "proc_run.h"
#include "testpage.h"

#define WAIT_MS 10000

static void start(modem_sim_proc *m, const char *const extra[])
{
    char why[512];
    ck_assert_msg(modem_sim_start(m, extra, why, sizeof(why)) == 0, "%s", why);
}

static void command(modem_sim_proc *m, const char *cmd, const char *want_prefix, char *reply,
                    size_t size)
{
    ck_assert_msg(modem_sim_command(m, cmd, reply, size, WAIT_MS) == 0, "%s: %s", cmd, reply);
    ck_assert_msg(strncmp(reply, want_prefix, strlen(want_prefix)) == 0,
                  "%s: expected a reply starting '%s', got '%s'", cmd, want_prefix, reply);
}

static void expect_from_modem(dte_line *dte, const char *text)
{
    ck_assert_msg(dte_expect(dte, text, WAIT_MS) == 0,
                  "expected the modem to say \"%s\"; it said \"%s\"", text, dte->seen);
}

static void open_dte(dte_line *dte, const modem_sim_proc *m)
{
    ck_assert_msg(dte_open_pty(dte, m->pty) == 0, "cannot open %s", m->pty);
    dte_send_text(dte, "ATE0\r");
    expect_from_modem(dte, "OK\r\n");
    dte_send_text(dte, "AT+FCLASS=2.0;+FNR=1,1,1,0\r");
    expect_from_modem(dte, "OK\r\n");
}

/* ATD, then AT+FDT: the DTE may send page data. */
static void dial_and_start_page(dte_line *dte)
{
    dte_send_text(dte, "ATD5551000\r");
    expect_from_modem(dte, "OK\r\n");
    dte_send_text(dte, "AT+FDT\r");
    expect_from_modem(dte, "CONNECT\r\n");
}

/* One generated page, coded and DLE-stuffed as a DTE sends it, ending DLE ppm. */
static unsigned char *page_data(char ppm, size_t *len)
{
    fax_doc doc = {0};
    char why[256];
    ck_assert(testpage_generate(17, 1, FAX_YRES_NORMAL, &doc) == 0);
    unsigned char *data = dte_page_data(&doc.pages[0], ppm, len, why, sizeof(why));
    ck_assert_msg(data != NULL, "%s", why);
    fax_doc_free(&doc);
    return data;
}

static void read_sidecar(const modem_sim_proc *m, char *buf, size_t size)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/call-0001.json", m->inbox);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: missing", path);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* --- the program ---------------------------------------------------------------------- */

START_TEST(ready_line_then_quit_removes_the_pty_link)
{
    modem_sim_proc m;
    start(&m, NULL);
    struct stat st;
    char target[64] = "";
    ck_assert_msg(lstat(m.pty, &st) == 0 && S_ISLNK(st.st_mode), "%s is not a symlink", m.pty);
    ck_assert(readlink(m.pty, target, sizeof(target) - 1) > 0);
    ck_assert_msg(strncmp(target, "/dev/pts/", 9) == 0, "link points to '%s'", target);
    char link[160];
    snprintf(link, sizeof(link), "%s", m.pty);
    setenv("FSPKIT_KEEP", "1", 1); /* keep the folder to look at it after the stop */
    char dir[128];
    snprintf(dir, sizeof(dir), "%s", m.dir);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
    unsetenv("FSPKIT_KEEP");
    ck_assert_msg(lstat(link, &st) != 0, "%s still exists after quit", link);
    ck_assert(kit_temp_remove(dir) == 0);
}
END_TEST

typedef struct usage_case {
    const char *args[6];
    int exit_code;
    const char *expect;       /* on stdout (exit 0) or stderr */
} usage_case;

static const usage_case usage_cases[] = {
    {{"--help"}, 0, "--min-page-ms N"},
    {{"--version"}, 0, "modem-sim " FSPKIT_VERSION},
    {{"--frob"}, 2, "unknown option --frob"},
    {{"--control", "0"}, 2, "no line: give --pty LINK and/or --tcp PORT"},
    {{"--tcp", "99999"}, 2, "'99999' is not a port"},
    {{"--tcp", "0", "--speed", "warp"}, 2, "'warp' is not fast or realtime"},
    {{"--tcp", "0", "--inbox", "/nonexistent/inbox"}, 2, "--inbox /nonexistent/inbox: not a folder"},
    {{"--tcp", "0", "--dialplan", "/nonexistent/plan"}, 2, "/nonexistent/plan: cannot open"},
};

START_TEST(command_line_errors_are_one_clear_line)
{
    const usage_case *c = &usage_cases[_i];
    char binary[512], why[256];
    snprintf(binary, sizeof(binary), "%s/native/modem-sim", host_build_dir());
    const char *argv[8] = {binary};
    for (size_t i = 0; i < 6 && c->args[i]; i++)
        argv[i + 1] = c->args[i];
    proc_result r;
    ck_assert_msg(proc_run(argv, 20, &r, why, sizeof(why)) == 0, "%s", why);
    const char *text = c->exit_code == 0 ? r.out : r.err;
    ck_assert_msg(r.exit_code == c->exit_code && strstr(text, c->expect),
                  "%s: expected exit %d and '%s'; got exit %d, stdout '%s', stderr '%s'",
                  c->args[0], c->exit_code, c->expect, r.exit_code, r.out, r.err);
    proc_result_free(&r);
}
END_TEST

START_TEST(bad_dial_plan_names_file_line_and_column)
{
    char dir[128], plan[160], binary[512], why[256];
    ck_assert(kit_temp_dir("plan", dir, sizeof(dir)) == 0);
    snprintf(plan, sizeof(plan), "%s/plan", dir);
    FILE *f = fopen(plan, "w");
    fputs("5551000 fax\n5551001 engaged\n", f);
    fclose(f);
    snprintf(binary, sizeof(binary), "%s/native/modem-sim", host_build_dir());
    const char *argv[] = {binary, "--tcp", "0", "--dialplan", plan, NULL};
    proc_result r;
    ck_assert(proc_run(argv, 20, &r, why, sizeof(why)) == 0);
    char want[256];
    snprintf(want, sizeof(want), "%s:2:9: unknown behaviour 'engaged'", plan);
    ck_assert_msg(r.exit_code == 2 && strstr(r.err, want), "expected exit 2 and '%s', got %d "
                  "'%s'", want, r.exit_code, r.err);
    proc_result_free(&r);
    unlink(plan);
    rmdir(dir);
}
END_TEST

/* --- the control socket --------------------------------------------------------------- */

START_TEST(control_errors_change_nothing)
{
    modem_sim_proc m;
    start(&m, NULL);
    char reply[512];
    command(&m, "frobnicate", "ERR unknown command 'frobnicate'", reply, sizeof(reply));
    command(&m, "hold nowhere", "ERR unknown hold point 'nowhere'", reply, sizeof(reply));
    command(&m, "hold mid-page 1", "ERR mid-page takes a page number", reply, sizeof(reply));
    command(&m, "ring missing.tif", "ERR ", reply, sizeof(reply));
    ck_assert_msg(strstr(reply, "missing.tif"), "the error should name the file: %s", reply);
    command(&m, "fail sometimes", "ERR fail what?", reply, sizeof(reply));
    command(&m, "wait-held 100", "ERR timeout", reply, sizeof(reply));
    command(&m, "status", "STATUS state=idle page=0 held=none armed=none", reply, sizeof(reply));
    char lines[200];
    snprintf(lines, sizeof(lines), "tcp=- pty=%s", m.pty);
    ck_assert_msg(strstr(reply, lines), "status should end with '%s': %s", lines, reply);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(hold_freezes_the_remote_until_release)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line dte;
    open_dte(&dte, &m);
    char reply[512];
    command(&m, "hold after-connect", "OK armed after-connect", reply, sizeof(reply));
    dte_send_text(&dte, "ATD5551000\r");
    command(&m, "wait-held", "HELD after-connect", reply, sizeof(reply));
    expect_from_modem(&dte, "+FCO\r\n");
    ck_assert_msg(dte_expect(&dte, "OK", 300) != 0, "the remote is held, yet ATD gave OK");
    command(&m, "status", "STATUS state=tx-phase-b page=0 held=after-connect", reply,
            sizeof(reply));
    command(&m, "release", "OK released", reply, sizeof(reply));
    expect_from_modem(&dte, "+FIS:");
    expect_from_modem(&dte, "OK\r\n");
    dte_send_text(&dte, "AT+FKS\r");
    expect_from_modem(&dte, "+FHS:02\r\n\r\nOK\r\n");
    command(&m, "wait-idle", "IDLE hangup=02", reply, sizeof(reply));
    dte_close(&dte);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* `hold ending` armed while the call is held elsewhere: wait-held waits for the point
 * armed last; the DTE's abort is taken at once (the call is over) but its answer waits
 * for release, as a real DCE's does while it sends DCN. */
START_TEST(ending_hold_keeps_the_answer_until_release)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line dte;
    open_dte(&dte, &m);
    char reply[512];
    command(&m, "hold after-connect", "OK armed after-connect", reply, sizeof(reply));
    dte_send_text(&dte, "ATD5551000\r");
    command(&m, "wait-held", "HELD after-connect", reply, sizeof(reply));
    expect_from_modem(&dte, "+FCO\r\n");
    command(&m, "hold ending", "OK armed ending", reply, sizeof(reply));
    command(&m, "wait-held 200", "ERR timeout (state=tx-phase-b page=0 held=after-connect "
            "armed=ending", reply, sizeof(reply));
    dte_send_text(&dte, "\r");       /* any byte aborts ATD after +FCO */
    command(&m, "wait-held", "HELD ending", reply, sizeof(reply));
    command(&m, "status", "STATUS state=idle page=0 held=ending", reply, sizeof(reply));
    ck_assert_msg(dte_expect(&dte, "+FHS:02", 300) != 0, "held at ending, yet the DCE answered");
    command(&m, "release", "OK released", reply, sizeof(reply));
    expect_from_modem(&dte, "+FHS:02\r\n\r\nOK\r\n");
    dte_close(&dte);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(abort_aimed_mid_page_is_answered_and_recorded)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line dte;
    open_dte(&dte, &m);
    char reply[512], sidecar[1024];
    command(&m, "hold mid-page 1 4096", "OK armed", reply, sizeof(reply));
    dial_and_start_page(&dte);
    size_t len;
    unsigned char *data = page_data(',', &len);
    ck_assert(dte_write(&dte, data, 6000) == 0); /* part of the page: still mid-page */
    free(data);
    command(&m, "wait-held", "HELD mid-page 1 4096", reply, sizeof(reply));
    expect_from_modem(&dte, "\x13"); /* XOFF: the DCE's buffer is full */
    dte_write(&dte, "\x10\x03", 2);  /* DLE ETX: the page is abandoned */
    expect_from_modem(&dte, "OK\r\n");
    dte_send_text(&dte, "AT+FKS\r");
    expect_from_modem(&dte, "+FHS:02\r\n\r\nOK\r\n");
    command(&m, "wait-idle", "IDLE hangup=02", reply, sizeof(reply));
    read_sidecar(&m, sidecar, sizeof(sidecar));
    ck_assert_msg(strstr(sidecar, "\"pages\":0") && strstr(sidecar, "\"result\":\"aborted\"") &&
                  strstr(sidecar, "\"hangup_code\":\"02\""), "unexpected sidecar %s", sidecar);
    dte_close(&dte);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(subscribers_see_protocol_events)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line events;
    ck_assert(dte_open_tcp(&events, m.control_port) == 0); /* a second control client */
    dte_send_text(&events, "subscribe\n");
    ck_assert_msg(dte_expect(&events, "OK subscribed\n", WAIT_MS) == 0, "%s", events.seen);
    dte_line dte;
    open_dte(&dte, &m);
    dte_send_text(&dte, "ATD5551234\r");
    expect_from_modem(&dte, "OK\r\n");
    ck_assert_msg(dte_expect(&events, "EVENT dial 5551234\n", WAIT_MS) == 0, "%s", events.seen);
    ck_assert_msg(dte_expect(&events, "EVENT result OK\n", WAIT_MS) == 0, "%s", events.seen);
    dte_close(&dte);
    ck_assert_msg(dte_expect(&events, "EVENT line pty closed by the DTE\n", WAIT_MS) == 0,
                  "%s", events.seen);
    dte_close(&events);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* --- lines and endings ---------------------------------------------------------------- */

START_TEST(dte_that_vanishes_mid_call_ends_it_cleanly)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line dte;
    open_dte(&dte, &m);
    char reply[512], sidecar[1024];
    dial_and_start_page(&dte);
    size_t len;
    unsigned char *data = page_data(',', &len);
    ck_assert(dte_write(&dte, data, len / 2) == 0);
    free(data);
    dte_close(&dte); /* mid-page: no DLE, no hangup, just gone */
    command(&m, "wait-idle", "IDLE", reply, sizeof(reply));
    read_sidecar(&m, sidecar, sizeof(sidecar));
    ck_assert_msg(strstr(sidecar, "\"result\":\"dte-gone\"") && strstr(sidecar, "\"pages\":0"),
                  "unexpected sidecar %s", sidecar);
    /* the modem is usable again, with fresh settings */
    open_dte(&dte, &m);
    dte_close(&dte);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(tcp_line_serves_a_dte)
{
    modem_sim_proc m;
    const char *extra[] = {"--tcp", "0", NULL};
    start(&m, extra);
    ck_assert_msg(m.tcp_port > 0, "no TCP port in the READY line");
    dte_line dte;
    ck_assert(dte_open_tcp(&dte, m.tcp_port) == 0);
    dte_send_text(&dte, "ATE0+FCLASS=2.0\r");
    expect_from_modem(&dte, "OK\r\n");
    dte_send_text(&dte, "AT+FCLASS?\r");
    expect_from_modem(&dte, "2.0\r\n\r\nOK\r\n");
    dte_send_text(&dte, "ATD5551000\r");
    expect_from_modem(&dte, "+FCO\r\n");
    expect_from_modem(&dte, "OK\r\n");
    dte_close(&dte); /* the peer leaves: the call ends */
    char reply[256];
    command(&m, "wait-idle", "IDLE", reply, sizeof(reply));
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* A DTE that connects and only listens (an FSP's RING listener) hears the RING: output
 * goes to the line a DTE is on even before it has said anything. */
START_TEST(listening_tcp_dte_hears_ring)
{
    modem_sim_proc m;
    const char *extra[] = {"--tcp", "0", NULL};
    start(&m, extra);
    char path[256], reply[256], why[256];
    snprintf(path, sizeof(path), "%s/one.tif", m.docs);
    fax_doc doc = {0};
    ck_assert(testpage_generate(3, 1, FAX_YRES_NORMAL, &doc) == 0);
    ck_assert_msg(fax_doc_write_tiff(path, &doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why,
                                     sizeof(why)) == 0, "%s", why);
    fax_doc_free(&doc);
    dte_line dte;
    ck_assert(dte_open_tcp(&dte, m.tcp_port) == 0);
    command(&m, "ring one.tif", "OK ringing", reply, sizeof(reply));
    expect_from_modem(&dte, "RING\r\n");
    dte_close(&dte);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(sigterm_mid_call_stores_the_confirmed_pages)
{
    modem_sim_proc m;
    start(&m, NULL);
    dte_line dte;
    open_dte(&dte, &m);
    dial_and_start_page(&dte);
    size_t len;
    unsigned char *data = page_data(',', &len);
    ck_assert(dte_write(&dte, data, len) == 0);
    free(data);
    expect_from_modem(&dte, "OK\r\n"); /* page 1 confirmed; the call goes on */

    setenv("FSPKIT_KEEP", "1", 1);
    char inbox[160], dir[128];
    snprintf(inbox, sizeof(inbox), "%s", m.inbox);
    snprintf(dir, sizeof(dir), "%s", m.dir);
    ck_assert(kill(m.pid, SIGTERM) == 0);
    int status = modem_sim_stop(&m);
    unsetenv("FSPKIT_KEEP");
    ck_assert_msg(status == 0, "expected exit 0 after SIGTERM, got %d", status);

    char json[256], tif[256], sidecar[1024], why[256];
    snprintf(json, sizeof(json), "%s/call-0001.json", inbox);
    snprintf(tif, sizeof(tif), "%s/call-0001.tif", inbox);
    FILE *f = fopen(json, "r");
    ck_assert_msg(f != NULL, "%s missing after SIGTERM", json);
    sidecar[fread(sidecar, 1, sizeof(sidecar) - 1, f)] = '\0';
    fclose(f);
    ck_assert_msg(strstr(sidecar, "\"result\":\"simulator-stopped\"") &&
                  strstr(sidecar, "\"pages\":1"), "unexpected sidecar %s", sidecar);
    fax_doc doc = {0};
    ck_assert_msg(fax_doc_read_tiff(tif, &doc, why, sizeof(why)) == 0 && doc.count == 1,
                  "the stored page is not complete: %s", why);
    fax_doc_free(&doc);
    dte_close(&dte);
    ck_assert(kit_temp_remove(dir) == 0);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"process", ready_line_then_quit_removes_the_pty_link, TIMEOUT_PROCESS, 0, 0},
        {"process", command_line_errors_are_one_clear_line, TIMEOUT_PROCESS, 0, (int)(sizeof(usage_cases) / sizeof(usage_cases[0]))},
        {"process", bad_dial_plan_names_file_line_and_column, TIMEOUT_PROCESS, 0, 0},
        {"process", control_errors_change_nothing, TIMEOUT_PROCESS, 0, 0},
        {"process", hold_freezes_the_remote_until_release, TIMEOUT_PROCESS, 0, 0},
        {"process", ending_hold_keeps_the_answer_until_release, TIMEOUT_PROCESS, 0, 0},
        {"process", abort_aimed_mid_page_is_answered_and_recorded, TIMEOUT_PROCESS, 0, 0},
        {"process", subscribers_see_protocol_events, TIMEOUT_PROCESS, 0, 0},
        {"process", dte_that_vanishes_mid_call_ends_it_cleanly, TIMEOUT_PROCESS, 0, 0},
        {"process", tcp_line_serves_a_dte, TIMEOUT_PROCESS, 0, 0},
        {"process", listening_tcp_dte_hears_ring, TIMEOUT_PROCESS, 0, 0},
        {"process", sigterm_mid_call_stores_the_confirmed_pages, TIMEOUT_PROCESS, 0, 0},
    };
    return harness_main("modem-sim process", tests, HARNESS_COUNT(tests));
}
