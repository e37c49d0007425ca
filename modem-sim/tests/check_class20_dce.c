/*
 * check_class20_dce.c - the Class 2.0 DCE driven byte by byte, without a line: what a
 * DTE sends goes into dce_input, what it would read comes out of dce->out.
 *
 * Covers the exchanges of class20-notes.md (sections 1, 2, 4, 7): query replies, a
 * whole send and a whole receive with pixel-exact pages, every hold point with the
 * DTE's abort there, and bad input. Fast mode, no sleeps: holds make it deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "class20_dce.h"
#include "dte_page.h"
#include "dial_plan.h"
#include "fax_page.h"
#include "kit_temp.h"
#include "remote_fax.h"
#include "testpage.h"

typedef struct fixture {
    dial_plan plan;
    remote_fax remote;
    class20_dce dce;
    uint64_t now;
    char inbox[64];
    char *said;          /* what the DCE said in the last exchange */
    size_t said_size;
} fixture;

static void setup(fixture *fx, const char *plan_text)
{
    memset(fx, 0, sizeof(*fx));
    ck_assert(kit_temp_dir("dce", fx->inbox, sizeof(fx->inbox)) == 0);
    dial_plan_init(&fx->plan);
    if (plan_text) {
        char path[128], why[256];
        snprintf(path, sizeof(path), "%s/plan", fx->inbox);
        FILE *f = fopen(path, "w");
        fputs(plan_text, f);
        fclose(f);
        ck_assert_msg(dial_plan_load(path, &fx->plan, why, sizeof(why)) == 0, "%s", why);
        unlink(path);
    }
    remote_config rc = {&fx->plan, fx->inbox, fx->inbox, NULL};
    remote_fax_init(&fx->remote, &rc);
    dce_config dc = {&fx->remote, NULL, 0, 10, 0};
    dce_init(&fx->dce, &dc);
    fx->now = 1000;
    fx->said_size = 1 << 20;
    fx->said = malloc(fx->said_size);
    ck_assert(fx->said != NULL);
}

static void teardown(fixture *fx)
{
    dce_release(&fx->dce);
    remote_fax_release(&fx->remote);
    free(fx->said);
    ck_assert(kit_temp_remove(fx->inbox) == 0);
}

/* Feeds bytes, lets due steps run, and returns everything the DCE said since the last
 * call (NUL-terminated, owned by the fixture until the next call). */
static const char *exchange(fixture *fx, const void *bytes, size_t len)
{
    dce_input(&fx->dce, bytes, len, fx->now);
    dce_run(&fx->dce, fx->now);
    size_t n = dce_output_ready(&fx->dce);  /* what the DTE may have (holds apply) */
    if (n >= fx->said_size)
        n = fx->said_size - 1;
    memcpy(fx->said, byte_queue_peek(&fx->dce.out), n);
    fx->said[n] = '\0';
    dce_output_sent(&fx->dce, n);
    remote_fax_flush_store(&fx->remote);   /* as main.c does once the answer went out */
    return fx->said;
}

static const char *say(fixture *fx, const char *text)
{
    return exchange(fx, text, strlen(text));
}

#define expect_said(fx, text, want)                                                    \
    do {                                                                               \
        const char *got_ = say((fx), (text));                                          \
        ck_assert_msg(strcmp(got_, (want)) == 0, "after %s expected \"%s\", got \"%s\"", \
                      #text, (want), got_);                                            \
    } while (0)

#define expect_contains(got, want, context)                                            \
    ck_assert_msg(strstr((got), (want)) != NULL, "%s: expected \"%s\" in \"%s\"",       \
                  (context), (want), (got))

/* A DTE that sets up Class 2.0 the way efax does, echo off. */
static void efax_setup(fixture *fx)
{
    say(fx, "ATE0\r");
    expect_said(fx, "AT+FCLASS=2.0\r", "\r\nOK\r\n");
    expect_said(fx, "AT+FNR=1,1,1,0\r", "\r\nOK\r\n");
    expect_said(fx, "AT+FLI=\"DTE UNDER TEST\"\r", "\r\nOK\r\n");
}

/* Page data as a DTE sends it (modem-sim/tests/support/dte_page.c). */
static unsigned char *stuffed_page(const fax_page *page, char ppm, size_t *len)
{
    char why[256];
    unsigned char *data = dte_page_data(page, ppm, len, why, sizeof(why));
    ck_assert_msg(data != NULL, "%s", why);
    return data;
}

static void arm(fixture *fx, const char *point)
{
    hold_point hp;
    char why[128];
    ck_assert_msg(hold_point_parse(point, &hp, why, sizeof(why)) == 0, "%s", why);
    dce_arm_hold(&fx->dce, &hp);
}

/* --- command mode ------------------------------------------------------------------------ */

START_TEST(queries_answer_bare_values)
{
    fixture fx;
    setup(&fx, NULL);
    say(&fx, "ATE0\r");
    expect_said(&fx, "AT+FCLASS=?\r", "\r\n0,2.0\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FCLASS=2.0\r", "\r\nOK\r\n");
    expect_said(&fx, "AT+FCLASS?\r", "\r\n2.0\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FCC=?\r",
                "\r\n(0,1),(0-5),(0-2),(0-2),(0-1),(0),(0),(0-7)\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FPS?\r", "\r\n1\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FIS=,,0,2\r", "\r\nOK\r\n");
    expect_said(&fx, "AT+FIS?\r", "\r\n1,5,0,2,0,0,0,0\r\n\r\nOK\r\n");
    expect_said(&fx, "ATI3\r", "\r\nmodem-sim 1.0\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FMI?;+FMR?\r", "\r\nmodem-sim\r\n\r\n1.0\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FCQ=?\r", "\r\n(0),(0)\r\n\r\nOK\r\n");
    teardown(&fx);
}
END_TEST

START_TEST(echo_and_verbose_follow_ate_and_atv)
{
    fixture fx;
    setup(&fx, NULL);
    expect_said(&fx, "AT\r", "AT\r\r\nOK\r\n"); /* echo is on after reset */
    expect_said(&fx, "ATE0V0\r", "ATE0V0\r0\r");
    expect_said(&fx, "AT+FXYZ=1\r", "4\r"); /* ERROR, numeric */
    teardown(&fx);
}
END_TEST

START_TEST(bad_lines_get_error_and_the_modem_carries_on)
{
    fixture fx;
    setup(&fx, NULL);
    say(&fx, "ATE0\r");
    expect_said(&fx, "AT+FCLASS=9\r", "\r\nERROR\r\n");
    expect_said(&fx, "AT+FIS=7,9\r", "\r\nERROR\r\n");
    expect_said(&fx, "AT+FLI=\"unterminated\r", "\r\nERROR\r\n");
    char longline[600];
    memset(longline, 'A', sizeof(longline));
    memcpy(longline, "AT", 2);
    longline[sizeof(longline) - 2] = '\r';
    longline[sizeof(longline) - 1] = '\0';
    expect_said(&fx, longline, "\r\nERROR\r\n");
    expect_said(&fx, "hello\r", "");        /* not a command line: ignored */
    expect_said(&fx, "AT\r", "\r\nOK\r\n"); /* and the modem carries on */
    teardown(&fx);
}
END_TEST

/* --- a whole send ------------------------------------------------------------------------ */

static void dial_and_connect(fixture *fx, const char *number)
{
    char atd[64];
    snprintf(atd, sizeof(atd), "ATD%s\r", number);
    const char *got = say(fx, atd);
    expect_contains(got, "+FCO\r\n", "ATD");
    expect_contains(got, "+FCI:\"", "ATD");
    expect_contains(got, "+FIS:", "ATD");
    expect_contains(got, "\r\nOK\r\n", "ATD");
}

START_TEST(send_two_pages_arrive_pixel_exact)
{
    fixture fx;
    setup(&fx, NULL);
    efax_setup(&fx);
    fax_doc doc = {0};
    ck_assert(testpage_generate(5, 2, FAX_YRES_NORMAL, &doc) == 0);
    expect_said(&fx, "AT+FIS=0,5,0,2,0\r", "\r\nOK\r\n");
    dial_and_connect(&fx, "T5551000");
    for (size_t p = 0; p < doc.count; p++) {
        const char *got = say(&fx, "AT+FDT\r");
        expect_contains(got, "+FCS:0,5,0,2,0,0,0,0", "AT+FDT");
        expect_contains(got, "CONNECT\r\n", "AT+FDT");
        size_t len;
        unsigned char *data = stuffed_page(&doc.pages[p], p + 1 < doc.count ? ',' : '.', &len);
        got = exchange(&fx, data, len);
        free(data);
        ck_assert_msg(strcmp(got, p + 1 < doc.count ? "\r\nOK\r\n" : "\r\n+FHS:00\r\n\r\nOK\r\n")
                      == 0, "page %zu: got \"%s\"", p + 1, got);
    }
    char tif[128], why[256];
    snprintf(tif, sizeof(tif), "%s/call-0001.tif", fx.inbox);
    fax_doc stored = {0};
    ck_assert_msg(fax_doc_read_tiff(tif, &stored, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_compare(&doc, &stored, why, sizeof(why)) == 0, "%s", why);
    fax_doc_free(&stored);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

START_TEST(garbage_page_gets_rtn_and_the_call_goes_on)
{
    fixture fx;
    setup(&fx, NULL);
    efax_setup(&fx);
    dial_and_connect(&fx, "5551000");
    expect_contains(say(&fx, "AT+FDT\r"), "CONNECT", "AT+FDT");
    unsigned char garbage[6002];
    uint32_t x = 12345;
    for (size_t i = 0; i < 6000; i++) {
        x = x * 1103515245u + 12345u;          /* any bytes but DLE */
        garbage[i] = (unsigned char)(x >> 16) == 0x10 ? 0x11 : (unsigned char)(x >> 16);
    }
    garbage[6000] = 0x10;
    garbage[6001] = '.';
    const char *got = exchange(&fx, garbage, sizeof(garbage));
    ck_assert_msg(strcmp(got, "\r\nERROR\r\n") == 0, "garbage page: expected RTN (ERROR), "
                  "got \"%s\"", got);
    expect_said(&fx, "AT+FPS?\r", "\r\n2\r\n\r\nOK\r\n");
    expect_said(&fx, "AT+FKS\r", "\r\n+FHS:02\r\n\r\nOK\r\n");
    teardown(&fx);
}
END_TEST

START_TEST(unknown_dle_pairs_are_dropped)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    ck_assert(testpage_generate(6, 1, FAX_YRES_NORMAL, &doc) == 0);
    efax_setup(&fx);
    expect_said(&fx, "AT+FIS=0\r", "\r\nOK\r\n"); /* the page is 98 lpi */
    dial_and_connect(&fx, "5551000");
    say(&fx, "AT+FDT\r");
    size_t len;
    unsigned char *data = stuffed_page(&doc.pages[0], '.', &len);
    /* DLE 'x' and DLE 'k' (HylaFAX's RTFCC hint) between the page's first bytes */
    exchange(&fx, data, 100);
    exchange(&fx, "\x10x\x10k", 4);
    const char *got = exchange(&fx, data + 100, len - 100);
    free(data);
    ck_assert_msg(strcmp(got, "\r\n+FHS:00\r\n\r\nOK\r\n") == 0, "got \"%s\"", got);
    char tif[128], why[256];
    snprintf(tif, sizeof(tif), "%s/call-0001.tif", fx.inbox);
    fax_doc stored = {0};
    ck_assert_msg(fax_doc_read_tiff(tif, &stored, why, sizeof(why)) == 0, "%s", why);
    ck_assert_msg(fax_doc_compare(&doc, &stored, why, sizeof(why)) == 0, "%s", why);
    fax_doc_free(&stored);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* --- holds and the DTE's abort at each --------------------------------------------------- */

typedef struct abort_case {
    const char *point;
    const char *abort_bytes;    /* what the DTE sends while held */
    const char *want;           /* what the DCE must answer at once */
} abort_case;

static const abort_case send_aborts[] = {
    {"after-dial", "\r", "\r\nNO CARRIER\r\n"},
    {"after-connect", "\r", "\r\n+FHS:02\r\n\r\nOK\r\n"},
    {"phase-b", "\r", "\r\n+FHS:02\r\n\r\nOK\r\n"},
    {"post-page-ppr 1", "\r", "\r\n+FHS:02\r\n\r\nOK\r\n"},
    {"between-pages 1", "\r", "\r\n+FHS:02\r\n\r\nOK\r\n"},
};

/* Runs a 2-page send up to the armed point; returns once the DCE is held. */
static void send_until_held(fixture *fx, const char *point, const fax_doc *doc)
{
    arm(fx, point);
    say(fx, "ATE0\r");
    say(fx, "AT+FCLASS=2.0;+FNR=1,1,1,0\r");
    say(fx, "ATD5551000\r");
    for (unsigned p = 0; !fx->dce.held && p < 2; p++) {
        say(fx, "AT+FDT\r");
        if (fx->dce.held)
            break;
        size_t len;
        unsigned char *data = stuffed_page(&doc->pages[p], ',', &len);
        exchange(fx, data, len);
        free(data);
    }
    ck_assert_msg(fx->dce.held, "the session never reached %s (state %s)", point,
                  dce_state_name(fx->dce.state));
}

START_TEST(abort_while_held_is_answered_at_once)
{
    const abort_case *c = &send_aborts[_i];
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    ck_assert(testpage_generate(9, 2, FAX_YRES_NORMAL, &doc) == 0);
    send_until_held(&fx, c->point, &doc);
    /* The hold froze the remote only: the DTE's abort is answered with no release. */
    const char *got = say(&fx, c->abort_bytes);
    ck_assert_msg(strcmp(got, c->want) == 0, "abort at %s: expected \"%s\", got \"%s\"",
                  c->point, c->want, got);
    ck_assert_msg(fx.dce.state == DCE_IDLE && !fx.dce.held,
                  "abort at %s: expected idle and not held, got %s", c->point,
                  dce_state_name(fx.dce.state));
    expect_said(&fx, "AT\r", "\r\nOK\r\n");
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* Arms `point`, then a DTE dials and asks to send page 1: CONNECT is out. */
static void connect_for_page(fixture *fx, const char *point)
{
    arm(fx, point);
    say(fx, "ATE0\r");
    say(fx, "AT+FCLASS=2.0\r");
    say(fx, "ATD5551000\r");
    say(fx, "AT+FDT\r");
}

/* A call sending page 1, the remote held after 1000 bytes of it (3000 went out); what
 * the DCE said to the last bytes is returned. */
static const char *held_in_page_1(fixture *fx, fax_doc *doc)
{
    ck_assert(testpage_generate(9, 1, FAX_YRES_NORMAL, doc) == 0);
    connect_for_page(fx, "mid-page 1 1000");
    size_t len;
    unsigned char *data = stuffed_page(&doc->pages[0], '.', &len);
    const char *got = exchange(fx, data, 3000 < len ? 3000 : len);
    free(data);
    ck_assert_msg(fx->dce.held && fx->dce.page_bytes >= 1000,
                  "expected a hold at 1000 bytes of page 1; held=%d bytes=%lu", fx->dce.held,
                  fx->dce.page_bytes);
    return got;
}

START_TEST(mid_page_hold_then_dle_etx_and_fks)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    const char *got = held_in_page_1(&fx, &doc);
    ck_assert_msg(strcmp(got, "\x13") == 0, "expected XOFF at the hold, got \"%s\"", got);
    got = exchange(&fx, "\x10\x03", 2);
    ck_assert_msg(strcmp(got, "\x11\r\nOK\r\n") == 0, "DLE ETX: expected XON then OK, got \"%s\"",
                  got);
    expect_said(&fx, "AT+FKS\r", "\r\n+FHS:02\r\n\r\nOK\r\n");
    ck_assert_int_eq(fx.dce.state, DCE_IDLE);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* `ending` armed while held mid-page: DLE ETX is taken (the page dropped, command mode)
 * but XON and OK wait for release; AT+FKS then ends the call as usual. */
START_TEST(ending_hold_keeps_dle_etx_answered_until_release)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    held_in_page_1(&fx, &doc);
    arm(&fx, "ending");
    const char *got = exchange(&fx, "\x10\x03", 2);
    ck_assert_msg(strcmp(got, "") == 0 && fx.dce.held && fx.dce.held_at.kind == HOLD_ENDING &&
                  fx.dce.state == DCE_TX_COMMAND, "DLE ETX at an ending hold: expected "
                  "silence, held at ending in tx-command; said \"%s\", held=%d, state %s", got,
                  fx.dce.held, dce_state_name(fx.dce.state));
    dce_release_hold(&fx.dce, fx.now);
    expect_said(&fx, "", "\x11\r\nOK\r\n");
    expect_said(&fx, "AT+FKS\r", "\r\n+FHS:02\r\n\r\nOK\r\n");
    ck_assert_int_eq(fx.dce.state, DCE_IDLE);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

START_TEST(before_hangup_hold_makes_abort_a_no_op)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    ck_assert(testpage_generate(9, 1, FAX_YRES_NORMAL, &doc) == 0);
    connect_for_page(&fx, "before-hangup");
    size_t len;
    unsigned char *data = stuffed_page(&doc.pages[0], '.', &len);
    const char *got = exchange(&fx, data, len);
    free(data);
    ck_assert_msg(fx.dce.held && strcmp(got, "") == 0, "expected a silent hold before hangup, "
                  "held=%d said \"%s\"", fx.dce.held, got);
    expect_said(&fx, "AT+FKS\r", ""); /* DCN under way: nothing to abort */
    dce_release_hold(&fx.dce, fx.now);
    expect_said(&fx, "", "\r\n+FHS:00\r\n\r\nOK\r\n");
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* --- a whole receive ---------------------------------------------------------------------- */

/* Undoes DLE stuffing of what the DCE sent between DC2 and DLE ETX. */
static size_t unstuff(const char *data, size_t len, unsigned char *out, size_t *consumed)
{
    size_t n = 0, i = 0;
    for (; i < len; i++) {
        if ((unsigned char)data[i] == 0x10 && i + 1 < len) {
            if (data[i + 1] == 0x03) {
                i += 2;
                break;
            }
            out[n++] = 0x10;
            i++;
            continue;
        }
        out[n++] = (unsigned char)data[i];
    }
    *consumed = i;
    return n;
}

/* What an incoming call sends: seed 21's pages, written as the fixture's in.tif (the
 * FILE of dce_ring). `doc` keeps them for the test to compare with. */
static void write_incoming(const fixture *fx, fax_doc *doc, unsigned pages, uint16_t yres,
                           fax_coding coding, fax_bit_order order, int rows_per_strip_1)
{
    char path[128], why[256];
    ck_assert(testpage_generate(21, pages, yres, doc) == 0);
    snprintf(path, sizeof(path), "%s/in.tif", fx->inbox);
    ck_assert_msg(fax_doc_write_tiff(path, doc, coding, order, rows_per_strip_1, why,
                                     sizeof(why)) == 0, "%s", why);
}

START_TEST(receive_two_pages_arrive_pixel_exact)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    char why[256];
    write_incoming(&fx, &doc, 2, FAX_YRES_FINE, FAX_CODING_MR, FAX_MSB_FIRST, 1);
    efax_setup(&fx);
    ck_assert_msg(dce_ring(&fx.dce, "in.tif", "CALLER", fx.now, why, sizeof(why)) == 0, "%s",
                  why);
    expect_contains(say(&fx, ""), "RING", "ring");
    const char *got = say(&fx, "ATA\r");
    expect_contains(got, "+FCO\r\n", "ATA");
    expect_contains(got, "+FTI:\"CALLER\"", "ATA");
    expect_contains(got, "+FCS:1,5,0,2,0,0,0,0", "ATA");
    for (size_t p = 0; p < doc.count; p++) {
        expect_said(&fx, "AT+FDR\r", "\r\nCONNECT\r\n");
        /* Fast mode sends in slices; keep asking until DLE ETX and the reports came.
         * (Page data may contain NUL bytes, so lengths come from the queue, not strlen.) */
        char *all = malloc(1 << 20);
        size_t have = 0;
        dce_input(&fx.dce, (const unsigned char *)"\x12", 1, fx.now);
        for (int rounds = 0; rounds < 1000; rounds++) {
            dce_run(&fx.dce, fx.now);
            size_t n = byte_queue_length(&fx.dce.out);
            ck_assert(have + n < (1 << 20));
            memcpy(all + have, byte_queue_peek(&fx.dce.out), n);
            byte_queue_drop(&fx.dce.out, n);
            have += n;
            all[have] = '\0';
            if (fx.dce.state == DCE_RX_COMMAND)
                break;
            fx.now += 1;
        }
        unsigned char *raw = malloc(have);
        size_t consumed;
        size_t raw_len = unstuff(all, have, raw, &consumed);
        expect_contains(all + consumed, "+FPS:1,", "page end");
        expect_contains(all + consumed, p + 1 < doc.count ? "+FET:0" : "+FET:2", "page end");
        fax_page page;
        unsigned bad, run;
        ck_assert_msg(t4_decode_page(raw, raw_len, FAX_CODING_MH, FAX_LSB_FIRST, FAX_A4_WIDTH,
                                     FAX_YRES_FINE, &page, &bad, &run, why, sizeof(why)) == 0,
                      "page %zu: %s", p + 1, why);
        fax_doc one = {&page, 1}, want = {&doc.pages[p], 1};
        ck_assert_msg(fax_doc_compare(&want, &one, why, sizeof(why)) == 0, "page %zu: %s",
                      p + 1, why);
        fax_page_free(&page);
        free(raw);
        free(all);
    }
    expect_said(&fx, "AT+FDR\r", "\r\n+FHS:00\r\n\r\nOK\r\n");
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

START_TEST(can_during_receive_ends_with_dle_etx_and_fhs_02)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    char why[256];
    write_incoming(&fx, &doc, 1, FAX_YRES_NORMAL, FAX_CODING_MH, FAX_LSB_FIRST, 0);
    arm(&fx, "rx-mid-page 1 500");
    efax_setup(&fx);
    ck_assert(dce_ring(&fx.dce, "in.tif", NULL, fx.now, why, sizeof(why)) == 0);
    say(&fx, "ATA\r");
    say(&fx, "AT+FDR\r");
    exchange(&fx, "\x12", 1);
    ck_assert_msg(fx.dce.held && fx.dce.page_bytes == 500,
                  "expected a hold after 500 bytes; held=%d bytes=%lu", fx.dce.held,
                  fx.dce.page_bytes);
    const char *got = exchange(&fx, "\x18", 1);
    ck_assert_msg(strcmp(got, "\x10\x03\r\n+FHS:02\r\n\r\nOK\r\n") == 0,
                  "CAN: expected DLE ETX +FHS:02 OK, got \"%s\"", got);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* `give-up`: a ringing caller hangs up at once, the line is free for the next call;
 * asked of a call already answered, it changes nothing (the abort soak asks after
 * every receive, whether or not it was answered). */
START_TEST(a_ringing_caller_gives_up_on_request_only)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    char why[256];
    write_incoming(&fx, &doc, 1, FAX_YRES_NORMAL, FAX_CODING_MH, FAX_LSB_FIRST, 0);
    efax_setup(&fx);
    ck_assert_msg(dce_caller_give_up(&fx.dce) == 0, "nothing rings yet: nothing to give up");
    ck_assert(dce_ring(&fx.dce, "in.tif", NULL, fx.now, why, sizeof(why)) == 0);
    expect_contains(say(&fx, ""), "RING", "ring");
    ck_assert_msg(dce_caller_give_up(&fx.dce) == 1 && fx.dce.state == DCE_IDLE,
                  "a ringing caller must give up and leave the line idle (state %s)",
                  dce_state_name(fx.dce.state));
    ck_assert_msg(dce_ring(&fx.dce, "in.tif", NULL, fx.now, why, sizeof(why)) == 0,
                  "the line must be free for the next call at once: %s", why);
    say(&fx, "ATA\r");
    ck_assert_msg(dce_caller_give_up(&fx.dce) == 0 && fx.dce.state != DCE_IDLE,
                  "an answered call is not given up (state %s)", dce_state_name(fx.dce.state));
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* `hang-up`: the kit's way to free a line a DTE left off hook. A call held mid-page, whose
 * DTE went quiet, ends at once with +FHS:40 OK (the held remote is dropped too) and the
 * line is idle for the next call; asked again, nothing is up. */
START_TEST(the_remote_hangs_up_on_request_in_any_state)
{
    fixture fx;
    setup(&fx, NULL);
    fax_doc doc = {0};
    held_in_page_1(&fx, &doc);
    ck_assert_msg(dce_remote_hang_up(&fx.dce) == 1, "a call is up: the remote must hang up");
    const char *got = exchange(&fx, "", 0);
    ck_assert_msg(strstr(got, "\r\n+FHS:40\r\n") && strstr(got, "\r\nOK\r\n") &&
                      strchr(got, 0x11),  /* XON: the DTE held by XOFF may write again */
                  "expected +FHS:40 OK, got \"%s\"", got);
    ck_assert_msg(fx.dce.state == DCE_IDLE && !fx.dce.held, "expected idle, not held (state %s)",
                  dce_state_name(fx.dce.state));
    ck_assert_msg(dce_remote_hang_up(&fx.dce) == 0, "no call is up: nothing to hang up");
    /* a dial in progress gets NO CARRIER */
    arm(&fx, "after-dial");
    say(&fx, "ATD5551000\r");
    ck_assert_msg(fx.dce.held && fx.dce.state == DCE_DIALING, "expected a hold after ATD");
    ck_assert_msg(dce_remote_hang_up(&fx.dce) == 1, "a dial is up: the remote must hang up");
    got = exchange(&fx, "", 0);
    ck_assert_msg(strstr(got, "NO CARRIER") != NULL, "expected NO CARRIER, got \"%s\"", got);
    ck_assert_int_eq(fx.dce.state, DCE_IDLE);
    fax_doc_free(&doc);
    teardown(&fx);
}
END_TEST

/* The inbox keeps what it holds: a second run (a new remote on the same folder) numbers
 * its calls after the first run's, and the sidecar records the number dialled without
 * dial modifiers. Before: call-0001 of the first run was overwritten, "T5551000". */
START_TEST(a_second_run_adds_to_the_inbox)
{
    fixture fx;
    setup(&fx, NULL);
    for (int run = 1; run <= 2; run++) {
        remote_fax remote;
        remote_config rc = {&fx.plan, fx.inbox, fx.inbox, NULL};
        remote_fax_init(&remote, &rc);
        remote_fax_dial(&remote, run == 1 ? "T5551000" : "W9,555-1000;", "ID");
        remote_fax_end_call(&remote, "no-answer", 3);
        remote_fax_release(&remote);
    }
    static const char *const want[] = {"\"call\":1,\"number\":\"5551000\"",
                                       "\"call\":2,\"number\":\"95551000\""};
    for (int n = 1; n <= 2; n++) {
        char path[160], text[512] = "";
        snprintf(path, sizeof(path), "%s/call-%04d.json", fx.inbox, n);
        FILE *f = fopen(path, "r");
        ck_assert_msg(f != NULL, "%s: missing", path);
        size_t got = fread(text, 1, sizeof(text) - 1, f);
        text[got] = '\0';
        fclose(f);
        ck_assert_msg(strstr(text, want[n - 1]) != NULL, "%s: expected %s, got %s", path,
                      want[n - 1], text);
    }
    teardown(&fx);
}
END_TEST

START_TEST(dial_strings_lose_their_modifiers)
{
    static const struct { const char *dialled, *number; } cases[] = {
        {"T5551000", "5551000"}, {"P 555 1000", "5551000"}, {"W9,,555-1000;", "95551000"},
        {"T+1 (555) 010.0", "+15550100"}, {"*70,5551000", "*705551000"}, {"S=2", ""},
        {"T1a#", "1A#"}, {"!@T5551000", "5551000"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char number[64];
        dial_number_of(cases[i].dialled, number, sizeof(number));
        ck_assert_msg(strcmp(number, cases[i].number) == 0, "'%s' dials '%s', got '%s'",
                      cases[i].dialled, cases[i].number, number);
    }
}
END_TEST

/* --- files and names --------------------------------------------------------------------- */

START_TEST(dial_plan_errors_name_file_line_and_column)
{
    static const struct {
        const char *text;
        const char *want;   /* ":LINE:COL: message" suffix */
    } cases[] = {
        {"5551000 fax\nabc busy\n", ":2:1: 'abc' is not a number"},
        {"5551000 fizz\n", ":1:9: unknown behaviour 'fizz'"},
        {"5551000 reject-page\n", "reject-page needs a page number"},
        {"5551000 fax id=\"THIS ID IS FAR TOO LONG\"\n", "a fax station ID has 20 at most"},
        {"# only a comment\n5551000\n", ":2:"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[256], why[256] = "";
        int fd = kit_temp_file("plan", ".txt", path, sizeof(path));
        ck_assert(write(fd, cases[i].text, strlen(cases[i].text)) > 0);
        close(fd);
        dial_plan plan;
        int status = dial_plan_load(path, &plan, why, sizeof(why));
        unlink(path);
        ck_assert_msg(status != 0 && strstr(why, cases[i].want) && strncmp(why, path, strlen(path)) == 0,
                      "plan %zu: expected an error with '%s', got '%s'", i, cases[i].want, why);
    }
}
END_TEST

START_TEST(hold_points_parse_and_format)
{
    static const char *const good[] = {"after-dial", "mid-page 2 4096", "post-page-ppr 1",
                                       "between-pages 3", "rx-mid-page 1 0", "ring",
                                       "ending"};
    static const char *const bad[] = {"", "mid-page", "mid-page 0 10", "post-page-ppr x",
                                      "nowhere", "after-dial 3", "ending 1"};
    char why[128], text[64];
    hold_point hp;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        ck_assert_msg(hold_point_parse(good[i], &hp, why, sizeof(why)) == 0, "%s: %s", good[i],
                      why);
        hold_point_format(&hp, text, sizeof(text));
        ck_assert_msg(strcmp(text, good[i]) == 0, "expected '%s' back, got '%s'", good[i], text);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(hold_point_parse(bad[i], &hp, why, sizeof(why)) != 0,
                      "'%s' should be refused", bad[i]);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"dce", queries_answer_bare_values, TIMEOUT_PROCESS, 0, 0},
        {"dce", echo_and_verbose_follow_ate_and_atv, TIMEOUT_PROCESS, 0, 0},
        {"dce", bad_lines_get_error_and_the_modem_carries_on, TIMEOUT_PROCESS, 0, 0},
        {"dce", send_two_pages_arrive_pixel_exact, TIMEOUT_PROCESS, 0, 0},
        {"dce", garbage_page_gets_rtn_and_the_call_goes_on, TIMEOUT_PROCESS, 0, 0},
        {"dce", unknown_dle_pairs_are_dropped, TIMEOUT_PROCESS, 0, 0},
        {"dce", abort_while_held_is_answered_at_once, TIMEOUT_PROCESS, 0, (int)(sizeof(send_aborts) / sizeof(send_aborts[0]))},
        {"dce", mid_page_hold_then_dle_etx_and_fks, TIMEOUT_PROCESS, 0, 0},
        {"dce", ending_hold_keeps_dle_etx_answered_until_release, TIMEOUT_PROCESS, 0, 0},
        {"dce", before_hangup_hold_makes_abort_a_no_op, TIMEOUT_PROCESS, 0, 0},
        {"dce", receive_two_pages_arrive_pixel_exact, TIMEOUT_PROCESS, 0, 0},
        {"dce", can_during_receive_ends_with_dle_etx_and_fhs_02, TIMEOUT_PROCESS, 0, 0},
        {"dce", a_ringing_caller_gives_up_on_request_only, TIMEOUT_PROCESS, 0, 0},
        {"dce", the_remote_hangs_up_on_request_in_any_state, TIMEOUT_PROCESS, 0, 0},
        {"dce", a_second_run_adds_to_the_inbox, TIMEOUT_PROCESS, 0, 0},
        {"dce", dial_strings_lose_their_modifiers, TIMEOUT_PROCESS, 0, 0},
        {"dce", dial_plan_errors_name_file_line_and_column, TIMEOUT_PROCESS, 0, 0},
        {"dce", hold_points_parse_and_format, TIMEOUT_PROCESS, 0, 0},
    };
    return harness_main("class20 dce", tests, HARNESS_COUNT(tests));
}
