/*
 * check_modem_dtes.c - modem-sim against real Class 2.0 DTEs over its pty: efax
 * (Debian's efax 0.9a, forced to Class 2.0 with -o0) and mgetty's sendfax (-C c2.0).
 *
 * Sending: efax sends a generated 2-page document; the pages in modem-sim's inbox must
 * decode to exactly the source bitmaps below efax's page header. Two efax habits shape
 * that test: efax always adds blank header rows on top of a page it sends (man efax,
 * HEADERS; "-h ' '" keeps them white), and its TIFF reader ignores StripByteCounts and
 * reads to RTC, which TIFF Class F strips do not carry - so a libtiff-written multi-page
 * TIFF runs into the next page. It is handed raw PBM pages instead, which it reads
 * exactly. Receiving: modem-sim rings with a 2-page
 * document and efax answers; the pages efax stores must be pixel-exact too. Each dial
 * plan failure mode must give efax the result code a real modem gives, and efax must
 * react to it as it does to a real modem (its exit status).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "fax_page.h"
#include "kit_temp.h"
#include "modem_sim_proc.h"
#include "proc_run.h"
#include "testpage.h"

#define EFAX "/usr/bin/efax"
#define EFAX_TIMEOUT_S 90
#define CONTROL_TIMEOUT_MS 20000

/* Writes `pages` generated pages (seed, resolution) as an MH TIFF at path. */
static void write_document(const char *path, uint64_t seed, unsigned pages, uint16_t yres,
                           fax_doc *doc)
{
    char why[256];
    memset(doc, 0, sizeof(*doc));
    ck_assert_msg(testpage_generate(seed, pages, yres, doc) == 0, "cannot generate pages");
    ck_assert_msg(fax_doc_write_tiff(path, doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why,
                                     sizeof(why)) == 0, "cannot write %s: %s", path, why);
}

/* Writes one page as raw PBM (P4): rows MSB first, 1 = black - our bitmap as it is. */
static void write_pbm(const char *path, const fax_page *page)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    fprintf(f, "P4\n%u %u\n", page->width, page->height);
    ck_assert(fwrite(page->bits, page->stride, page->height, f) == page->height);
    ck_assert(fclose(f) == 0);
}

/* The page efax delivered: blank header rows, then exactly the source page. */
static void expect_page_below_header(const fax_page *want, const fax_page *got, size_t page)
{
    ck_assert_msg(got->width == want->width && got->yres == want->yres &&
                  got->height > want->height && got->height - want->height <= 64,
                  "page %zu: expected %ux%u at %u lpi plus efax's header rows, got %ux%u at "
                  "%u lpi", page, want->width, want->height, want->yres, got->width,
                  got->height, got->yres);
    uint32_t header = got->height - want->height;
    for (uint32_t y = 0; y < header; y++)
        for (uint32_t x = 0; x < got->width; x++)
            ck_assert_msg(!fax_page_get(got, x, y), "page %zu: header row %u is not blank "
                          "(x=%u)", page, y, x);
    int differs = memcmp(got->bits + (size_t)header * got->stride, want->bits,
                         (size_t)want->height * want->stride);
    ck_assert_msg(!differs, "page %zu: the %u rows below efax's %u header rows differ from "
                  "the source page", page, want->height, header);
}

static void start_modem(modem_sim_proc *m, const char *const extra[])
{
    char why[512];
    ck_assert_msg(modem_sim_start(m, extra, why, sizeof(why)) == 0, "%s", why);
}

/* Runs efax with `args` after the device options; fails the test if it cannot run. */
static void run_efax(const modem_sim_proc *m, const char *const args[], proc_result *r)
{
    const char *argv[32] = {EFAX, "-d", m->pty, "-o0", "-v", "ewinc"};
    size_t n = 6;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    char why[256];
    ck_assert_msg(proc_run(argv, EFAX_TIMEOUT_S, r, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(!r->timed_out, "efax hung (killed after %d s); its log:\n%s", EFAX_TIMEOUT_S,
                  r->err);
}

static void expect_idle(modem_sim_proc *m)
{
    char reply[512];
    ck_assert_msg(modem_sim_command(m, "wait-idle 10000", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strncmp(reply, "IDLE", 4) == 0,
                  "expected the call to be over (IDLE), got: %s", reply);
}

static void expect_same_pages(const fax_doc *want, const char *path)
{
    fax_doc got = {0};
    char why[512];
    ck_assert_msg(fax_doc_read_tiff(path, &got, why, sizeof(why)) == 0, "%s", why);
    int differs = fax_doc_compare(want, &got, why, sizeof(why));
    fax_doc_free(&got);
    ck_assert_msg(!differs, "%s differs from what was sent: %s", path, why);
}

/* Reads a whole small text file (a sidecar) into buf. */
static void read_text(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s: missing", path);
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

START_TEST(efax_sends_two_pages_pixel_exact)
{
    modem_sim_proc m;
    start_modem(&m, NULL);
    char page_paths[2][256], tif[256], json[256], sidecar[1024], why[512];
    fax_doc doc = {0};
    /* PBM has no resolution; efax takes it as fine (204x196), so the pages are fine. */
    ck_assert(testpage_generate(7, 2, FAX_YRES_FINE, &doc) == 0);
    for (size_t p = 0; p < 2; p++) {
        snprintf(page_paths[p], sizeof(page_paths[p]), "%s/page%zu.pbm", m.docs, p + 1);
        write_pbm(page_paths[p], &doc.pages[p]);
    }
    proc_result r;
    const char *args[] = {"-l", "EFAX TEST", "-h", " ", "-t", "5551000", page_paths[0],
                          page_paths[1], NULL};
    run_efax(&m, args, &r);
    ck_assert_msg(r.exit_code == 0, "efax exited %d, expected 0; its log:\n%s", r.exit_code,
                  r.err);
    expect_idle(&m);

    snprintf(tif, sizeof(tif), "%s/call-0001.tif", m.inbox);
    snprintf(json, sizeof(json), "%s/call-0001.json", m.inbox);
    fax_doc got = {0};
    ck_assert_msg(fax_doc_read_tiff(tif, &got, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(got.count == 2, "expected 2 pages in %s, got %zu", tif, got.count);
    for (size_t p = 0; p < 2; p++)
        expect_page_below_header(&doc.pages[p], &got.pages[p], p + 1);
    read_text(json, sidecar, sizeof(sidecar));
    ck_assert_msg(strstr(sidecar, "\"pages\":2") && strstr(sidecar, "\"result\":\"completed\"") &&
                  /* efax right-justifies its ID in the 20 characters of a TSI */
                  strstr(sidecar, "\"local_id\":\"           EFAX TEST\"") &&
                  strstr(sidecar, "\"number\":\"5551000\"") &&
                  strstr(sidecar, "\"resolution\":\"fine\""),
                  "unexpected sidecar: %s", sidecar);
    /* the remote's own judgement (last-call): efax's header above each page is the
     * branding a sender may add (SEND-10); another document is not what arrived */
    char reply[1024], sent_path[300], other_path[300];
    fax_doc other;
    snprintf(sent_path, sizeof(sent_path), "%s/sent.tif", m.docs);
    snprintf(other_path, sizeof(other_path), "%s/other.tif", m.docs);
    ck_assert(fax_doc_write_tiff(sent_path, &doc, FAX_CODING_MH, FAX_LSB_FIRST, 0, why,
                                 sizeof(why)) == 0);
    write_document(other_path, 8, 2, FAX_YRES_FINE, &other);
    fax_doc_free(&other);
    ck_assert_msg(modem_sim_command(&m, "last-call sent.tif", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strncmp(reply, "CALL call=1 commands=", 21) == 0 &&
                  strtoul(reply + 21, NULL, 10) > 5 && /* efax's AT commands */
                  strstr(reply, " number=5551000 result=completed hangup=00 pages=2 "
                                "resolution=fine remote_id=MODEM-SIM%20REMOTE match=same "
                                "why=page 1: a header added above it"),
                  "last-call: %s", reply);
    ck_assert_msg(modem_sim_command(&m, "last-call other.tif", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strstr(reply, " match=different why=page 1 row "), "last-call: %s", reply);
    ck_assert_msg(modem_sim_command(&m, "last-call missing.tif", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strncmp(reply, "ERR ", 4) == 0 && strstr(reply, "missing.tif"),
                  "last-call: %s", reply);
    proc_result_free(&r);
    fax_doc_free(&got);
    fax_doc_free(&doc);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

START_TEST(efax_receives_two_pages_pixel_exact)
{
    modem_sim_proc m;
    start_modem(&m, NULL);
    char doc_path[256], reply[512], pattern[256], page_path[300];
    snprintf(doc_path, sizeof(doc_path), "%s/incoming.tif", m.docs);
    fax_doc doc;
    write_document(doc_path, 11, 2, FAX_YRES_FINE, &doc);

    ck_assert_msg(modem_sim_command(&m, "ring incoming.tif from \"THE CALLER\"", reply,
                                    sizeof(reply), CONTROL_TIMEOUT_MS) == 0 &&
                  strncmp(reply, "OK", 2) == 0, "ring: %s", reply);
    snprintf(pattern, sizeof(pattern), "%s/rx", m.dir);
    proc_result r;
    const char *args[] = {"-r", pattern, NULL};
    run_efax(&m, args, &r);
    ck_assert_msg(r.exit_code == 0, "efax exited %d, expected 0; its log:\n%s", r.exit_code,
                  r.err);
    ck_assert_msg(strstr(r.err, "THE CALLER") != NULL,
                  "efax did not report the caller's ID; its log:\n%s", r.err);
    expect_idle(&m);

    /* efax stores one file per page: PATTERN.001, PATTERN.002 */
    for (size_t page = 0; page < doc.count; page++) {
        fax_doc one = {.pages = &doc.pages[page], .count = 1};
        snprintf(page_path, sizeof(page_path), "%s.%03zu", pattern, page + 1);
        expect_same_pages(&one, page_path);
    }
    /* the remote's own record (last-incoming): both pages went out whole; a file that
     * holds them all is the same, efax's first page alone is fewer */
    ck_assert_msg(modem_sim_command(&m, "last-incoming incoming.tif", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strstr(reply, "INCOMING call=1 result=completed hangup=00 sent=2 pages=2 "
                                "remote_id=THE%20CALLER stored=2 match=same"),
                  "last-incoming: %s", reply);
    snprintf(page_path, sizeof(page_path), "last-incoming %s.001", pattern);
    ck_assert_msg(modem_sim_command(&m, page_path, reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 &&
                  strstr(reply, " stored=1 match=fewer"), "last-incoming: %s", reply);
    proc_result_free(&r);
    fax_doc_free(&doc);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST

/* --- dial plan failure modes ------------------------------------------------------------ */

typedef struct dial_case {
    const char *number;        /* a rule of the plan below */
    const char *efax_saw;      /* efax's log line proving it read the modem's answer */
    int efax_exit;             /* efax's reaction (man efax, RETURN VALUES) */
} dial_case;

static const char dial_plan_text[] =
    "# numbers used by check_modem_efax.c\n"
    "5551001 busy\n"
    "5551002 no-answer\n"
    "5551003 no-dialtone\n"
    "5551004 voice\n"
    "5551005 disconnect-page 2\n"
    "5551006 reject-page 1\n"
    "5551007 no-carrier\n"
    "*       fax id=\"FALLBACK\"\n";

/* efax exit codes (man efax): 1 busy or device in use, 2 something failed, 3 modem
 * protocol error (a modem answer efax did not expect would give 3). */
static const dial_case dial_cases[] = {
    {"5551001", "response \"BUSY\"", 1},
    {"5551002", "response \"NO ANSWER\"", 2},
    {"5551003", "response \"NO DIALTONE\"", 2},
    /* +FHS:05, answered without CED: efax names the T.32 code */
    {"5551004", "abnormal termination (code 5)", 2},
    /* the remote hangs up during page 2, the last: no answer to EOP, +FHS:54 */
    {"5551005", "abnormal termination (code 54)", 2},
    /* RTN for page 1: the DCE answers the page with ERROR */
    {"5551006", "response \"ERROR\"", 2},
    /* something answered without a carrier: the dial's final result is NO CARRIER */
    {"5551007", "response \"NO CARRIER\"", 2},
};

START_TEST(dial_plan_failure_reaches_efax_as_a_real_modem_result)
{
    const dial_case *c = &dial_cases[_i];
    char plan_path[256];
    char dir[128];
    ck_assert(kit_temp_dir("plan", dir, sizeof(dir)) == 0);
    snprintf(plan_path, sizeof(plan_path), "%s/plan", dir);
    FILE *f = fopen(plan_path, "w");
    ck_assert(f != NULL);
    fputs(dial_plan_text, f);
    fclose(f);

    modem_sim_proc m;
    const char *extra[] = {"--dialplan", plan_path, NULL};
    start_modem(&m, extra);
    char doc_path[256];
    snprintf(doc_path, sizeof(doc_path), "%s/send.tif", m.docs);
    fax_doc doc;
    write_document(doc_path, 3, 2, FAX_YRES_NORMAL, &doc);

    proc_result r;
    const char *args[] = {"-t", c->number, doc_path, NULL};
    run_efax(&m, args, &r);
    ck_assert_msg(strstr(r.err, c->efax_saw) != NULL,
                  "number %s: expected efax to log '%s'; its log:\n%s", c->number,
                  c->efax_saw, r.err);
    ck_assert_msg(r.exit_code == c->efax_exit, "number %s: expected efax to exit %d, got %d; "
                  "its log:\n%s", c->number, c->efax_exit, r.exit_code, r.err);
    expect_idle(&m);
    /* the remote's ID is in the call's record only when the DTE was told it (+FCI): a
     * call that never reached phase B has none (DS-4 compares nothing then) */
    char reply[1024];
    ck_assert_msg(modem_sim_command(&m, "last-call", reply, sizeof(reply),
                                    CONTROL_TIMEOUT_MS) == 0 && strncmp(reply, "CALL ", 5) == 0,
                  "last-call: %s", reply);
    int reached_phase_b = strcmp(c->number, "5551005") == 0 || strcmp(c->number, "5551006") == 0;
    ck_assert_msg((strstr(reply, " remote_id=") != NULL) == reached_phase_b,
                  "number %s: last-call %s the remote's ID: %s", c->number,
                  reached_phase_b ? "lacks" : "has", reply);
    proc_result_free(&r);
    fax_doc_free(&doc);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
    unlink(plan_path);
    rmdir(dir);
}
END_TEST

/* --- mgetty's sendfax ------------------------------------------------------------------- */

/* sendfax insists on devices under /dev; -S ("the modem connection is on stdin") lets it
 * drive any line, so the shell hands it the pty. It still sets the modem up itself
 * (+FCLASS=2.0, +FCC, +FBO, +FNR, +FLO) and dials. Its input is G3 from pbm2g3. */
START_TEST(sendfax_sends_a_page_pixel_exact)
{
    modem_sim_proc m;
    start_modem(&m, NULL);
    char pbm[256], g3[256], script[1024], tif[256], why[256];
    fax_doc doc = {0};
    ck_assert(testpage_generate(5, 1, FAX_YRES_FINE, &doc) == 0);
    snprintf(pbm, sizeof(pbm), "%s/page.pbm", m.docs);
    snprintf(g3, sizeof(g3), "%s/page.g3", m.docs);
    write_pbm(pbm, &doc.pages[0]);
    snprintf(script, sizeof(script),
             "pbm2g3 '%s' > '%s' && exec sendfax -S -v -C c2.0 -m AT+FCLASS=2.0 5551000 '%s' "
             "<> '%s'", pbm, g3, g3, m.pty);
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    proc_result r;
    ck_assert_msg(proc_run(argv, EFAX_TIMEOUT_S, &r, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(r.exit_code == 0, "sendfax exited %d, expected 0; stdout:\n%s\nstderr:\n%s",
                  r.exit_code, r.out, r.err);
    expect_idle(&m);
    snprintf(tif, sizeof(tif), "%s/call-0001.tif", m.inbox);
    expect_same_pages(&doc, tif);
    proc_result_free(&r);
    fax_doc_free(&doc);
    ck_assert_int_eq(modem_sim_stop(&m), 0);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"sendfax", sendfax_sends_a_page_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"efax", efax_sends_two_pages_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"efax", efax_receives_two_pages_pixel_exact, TIMEOUT_SESSION, 0, 0},
        {"efax", dial_plan_failure_reaches_efax_as_a_real_modem_result, TIMEOUT_SESSION, 0, (int)(sizeof(dial_cases) / sizeof(dial_cases[0]))},
    };
    return harness_main("modem-sim with real DTEs", tests, HARNESS_COUNT(tests));
}
