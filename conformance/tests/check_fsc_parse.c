/*
 * check_fsc_parse.c - the scenario parser (common/fsc_parse.c, common/fsc_lexer.c):
 * every statement form into the right AST, the example scenarios, every class of error
 * with its FILE:LINE:COL and message, the limits, and inputs no person would write
 * (empty, huge, binary, deeply nested, not NUL-terminated).
 *
 * Runs natively from the repository root (make check's working directory), where it
 * finds conformance/scenarios/ and include/faxdev.h by relative paths.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "fsc_scenario.h"
#include "kit_temp.h"

#define PATH "t.fsc"
#define SCENARIOS_DIR "conformance/scenarios"
#define FAXDEV_H "include/fax_status_codes.h" /* the FS_* of faxdev.h */
#define MINGW_WINERROR_H "/usr/share/mingw-w64/include/winerror.h"

/* --- Helpers: every check says what it expected and what it got ----------------------- */

#define expect_uint(what, want, got)                                                     \
    ck_assert_msg((unsigned long)(want) == (unsigned long)(got),                          \
                  "%s: expected %lu, got %lu", (what), (unsigned long)(want),            \
                  (unsigned long)(got))

#define expect_str(what, want, got)                                                      \
    do {                                                                                 \
        const char *got_ = (got);                                                        \
        ck_assert_msg(got_ != NULL && strcmp((want), got_) == 0,                         \
                      "%s: expected \"%s\", got %s%s%s", (what), (want),                 \
                      got_ ? "\"" : "", got_ ? got_ : "NULL", got_ ? "\"" : "");         \
    } while (0)

#define expect_null(what, got)                                                           \
    ck_assert_msg((got) == NULL, "%s: expected NULL, got \"%s\"", (what), (got))

/* Parses `text` as PATH and requires success. */
static void parse_ok(const char *text, fsc_file *file)
{
    char why[512];
    int result = fsc_parse(PATH, text, strlen(text), file, why, sizeof(why));
    ck_assert_msg(result == 0, "expected the text to parse, got: %s\n--- text:\n%s", why, text);
    ck_assert_msg(why[0] == '\0', "expected an empty reason after success, got \"%s\"", why);
}

/* The statement at `index` of a block, which must hold exactly `count`. */
static const fsc_stmt *statement(const fsc_block *block, size_t count, size_t index)
{
    expect_uint("statements in the block", count, block->count);
    return &block->items[index];
}

static void expect_op(const fsc_stmt *s, fsc_op want)
{
    ck_assert_msg(s->op == want, "line %u: expected statement '%s', got '%s'", s->line,
                  fsc_op_name(want), fsc_op_name(s->op));
}

#define BODY(lines) "scenario \"t\"\n" lines "end\n"

/* --- Every statement form ------------------------------------------------------------ */

START_TEST(setup_statements_parse)
{
    fsc_file f;
    parse_ok(BODY("  set OUT = \"${TMP}\\\\out $$5 \\\"q\\\"\"\n"
                  "  set DOLLARS = \"$${NOT_SET} $${\"\n"
                  "  set NOTHING = \"\"\n"
                  "  registry \"HKCU\\\\Software\\\\Vendor\\\\Fsp\" \"Port\" = \"${OUT}\"\n"
                  "  registry \"hkey_local_machine\\\\S\" \"\" = dword 4294967295\n"
                  "  copy \"a b.ini\" to \"${TMP}/c.ini\"\n"), &f);
    expect_uint("scenarios", 1, f.scenario_count);
    expect_str("scenario name", "t", f.scenarios[0].name);
    const fsc_block *b = &f.scenarios[0].body;

    const fsc_stmt *s = statement(b, 6, 0);
    expect_op(s, FSC_OP_SET);
    expect_uint("set line", 2, s->line);
    expect_uint("set column", 3, s->column);
    expect_null("set job", s->job);
    expect_str("set name", "OUT", s->as.set.name);
    expect_str("set value (escapes decoded, ${} and $$ kept)", "${TMP}\\out $$5 \"q\"",
               s->as.set.value);

    s = statement(b, 6, 1);
    expect_str("$$ before { is a literal $, not a reference", "$${NOT_SET} $${",
               s->as.set.value);
    expect_str("empty value", "", statement(b, 6, 2)->as.set.value);

    s = statement(b, 6, 3);
    expect_op(s, FSC_OP_REGISTRY);
    expect_uint("registry root", FSC_HKEY_CURRENT_USER, s->as.registry.root);
    expect_str("registry subkey", "Software\\Vendor\\Fsp", s->as.registry.subkey);
    expect_str("registry value name", "Port", s->as.registry.value_name);
    expect_uint("registry type", FSC_REG_SZ, s->as.registry.type);
    expect_str("registry text", "${OUT}", s->as.registry.text);

    s = statement(b, 6, 4);
    expect_uint("registry root (long name, any case)", FSC_HKEY_LOCAL_MACHINE,
                s->as.registry.root);
    expect_str("registry subkey", "S", s->as.registry.subkey);
    expect_str("default value name", "", s->as.registry.value_name);
    expect_uint("registry type", FSC_REG_DWORD, s->as.registry.type);
    expect_uint("registry dword", 4294967295u, s->as.registry.dword);
    expect_null("dword has no text", s->as.registry.text);

    s = statement(b, 6, 5);
    expect_op(s, FSC_OP_COPY);
    expect_str("copy source", "a b.ini", s->as.copy.source);
    expect_str("copy destination", "${TMP}/c.ini", s->as.copy.destination);
    fsc_file_free(&f);
}
END_TEST

START_TEST(lifecycle_statements_parse)
{
    fsc_file f;
    parse_ok(BODY("virtual-devices\n"
                  "virtual-devices expect-count 100000\n"
                  "init\n"
                  "shutdown\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    const fsc_stmt *s = statement(b, 4, 0);
    expect_op(s, FSC_OP_VIRTUAL_DEVICES);
    expect_uint("has_expected_count without the option", 0,
                s->as.virtual_devices.has_expected_count);
    s = statement(b, 4, 1);
    expect_uint("has_expected_count", 1, s->as.virtual_devices.has_expected_count);
    expect_uint("expected_count", 100000, s->as.virtual_devices.expected_count);
    expect_op(statement(b, 4, 2), FSC_OP_INIT);
    expect_op(statement(b, 4, 3), FSC_OP_SHUTDOWN);
    expect_null("init job", statement(b, 4, 2)->job);
    fsc_file_free(&f);
}
END_TEST

/* A runner's own variables (fake-faxsvc --var) may be used without `set`, and only those. */
START_TEST(given_variables_are_known_to_the_parser)
{
    static const char text[] = "scenario \"s\"\n    copy \"${LINE}\" to \"x\"\nend\n";
    const char *const given[] = {"LINE", NULL};
    fsc_file f;
    char why[512];
    ck_assert_msg(fsc_parse_with("t.fsc", text, strlen(text), given, &f, why, sizeof(why)) == 0,
                  "%s", why);
    fsc_file_free(&f);
    ck_assert_int_eq(fsc_parse("t.fsc", text, strlen(text), &f, why, sizeof(why)), -1);
    ck_assert_str_eq(why, "t.fsc:2:11: unknown variable 'LINE' (set it first, or use one of: "
                          FSC_BUILTIN_LIST ")");
}
END_TEST

/* `answer` starts its job and runs the receive: the job can be waited on and ended. */
START_TEST(answer_parses_and_starts_its_job)
{
    fsc_file f;
    parse_ok(BODY("answer in \"rx.tif\" within 9000\n"
                  "wait in\n"
                  "end in\n"
                  "answer in \"again.tif\"\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    const fsc_stmt *s = statement(b, 4, 0);
    expect_op(s, FSC_OP_ANSWER);
    expect_str("answer job", "in", s->job);
    expect_str("answer file", "rx.tif", s->as.answer.file);
    expect_uint("answer within", 9000, s->as.answer.within_ms);
    expect_uint("answer without within", 0, statement(b, 4, 3)->as.answer.within_ms);
    expect_uint("answer not optional", 0, statement(b, 4, 3)->as.answer.optional);
    fsc_file_free(&f);
}
END_TEST

/* What the built-in battery needs: a device creation only when exported, LINE-2's enable
 * call, a command line (the vendor's ring), an answer whose ring may never come, a line
 * taken away (RETRY-4). */
START_TEST(battery_statements_parse)
{
    fsc_file f;
    parse_ok(BODY("virtual-devices if-exported\n"
                  "virtual-devices if-exported expect-count 2\n"
                  "init\n"
                  "enable-devices\n"
                  "run \"copy \\\"a b\\\" c\"\n"
                  "answer in \"rx.tif\" within 500 optional\n"
                  "end in\n"
                  "line-missing \"${MODEM_COM}\"\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    expect_uint("if-exported", 1, statement(b, 8, 0)->as.virtual_devices.if_exported);
    expect_uint("if-exported with a count", 1, statement(b, 8, 1)->as.virtual_devices.if_exported);
    expect_uint("its count", 2, statement(b, 8, 1)->as.virtual_devices.expected_count);
    expect_op(statement(b, 8, 3), FSC_OP_ENABLE_DEVICES);
    expect_op(statement(b, 8, 4), FSC_OP_RUN);
    expect_str("run's command", "copy \"a b\" c", statement(b, 8, 4)->as.run.command);
    expect_uint("answer optional", 1, statement(b, 8, 5)->as.answer.optional);
    expect_uint("answer within", 500, statement(b, 8, 5)->as.answer.within_ms);
    expect_op(statement(b, 8, 7), FSC_OP_LINE_MISSING);
    expect_str("line-missing's port", "${MODEM_COM}", statement(b, 8, 7)->as.line_missing.port);
    fsc_file_free(&f);
}
END_TEST

START_TEST(job_statements_parse)
{
    fsc_file f;
    parse_ok(BODY("start j1\n"
                  "start send_job device 4095\n"
                  "send j1 \"${DOCS}/one-page.tif\" to \"+1 (555) 1000\" refuse-callback\n"
                  "receive send_job \"in.tif\"\n"
                  "report j1\n"
                  "wait j1\n"
                  "wait send_job within 3600000\n"
                  "abort j1\n"
                  "end j1\n"
                  "end send_job\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    const fsc_stmt *s = statement(b, 10, 0);
    expect_op(s, FSC_OP_START);
    expect_str("start job", "j1", s->job);
    expect_uint("has_device without the option", 0, s->as.start.has_device);
    s = statement(b, 10, 1);
    expect_str("start job", "send_job", s->job);
    expect_uint("has_device", 1, s->as.start.has_device);
    expect_uint("device", 4095, s->as.start.device);
    s = statement(b, 10, 2);
    expect_op(s, FSC_OP_SEND);
    expect_str("send job", "j1", s->job);
    expect_str("send file", "${DOCS}/one-page.tif", s->as.send.file);
    expect_str("send number", "+1 (555) 1000", s->as.send.number);
    expect_uint("send refuse-callback", 1, s->as.send.refuse_callback);
    s = statement(b, 10, 3);
    expect_op(s, FSC_OP_RECEIVE);
    expect_str("receive file", "in.tif", s->as.receive.file);
    expect_op(statement(b, 10, 4), FSC_OP_REPORT);
    s = statement(b, 10, 5);
    expect_op(s, FSC_OP_WAIT);
    expect_uint("wait without within", 0, s->as.wait.within_ms);
    expect_uint("wait within", 3600000, statement(b, 10, 6)->as.wait.within_ms);
    expect_op(statement(b, 10, 7), FSC_OP_ABORT);
    s = statement(b, 10, 8);
    expect_op(s, FSC_OP_END_JOB);
    expect_str("end job", "j1", s->job);
    fsc_file_free(&f);
}
END_TEST

/* Every hold point of docs/control.md, with its arguments, and back to text. */
static const struct {
    const char *text;
    fsc_hold_kind kind;
    uint32_t page, bytes;
} hold_cases[] = {
    {"after-dial", FSC_HOLD_AFTER_DIAL, 0, 0},
    {"after-connect", FSC_HOLD_AFTER_CONNECT, 0, 0},
    {"phase-b", FSC_HOLD_PHASE_B, 0, 0},
    {"mid-page 1 4096", FSC_HOLD_MID_PAGE, 1, 4096},
    {"post-page-ppr 2", FSC_HOLD_POST_PAGE_PPR, 2, 0},
    {"between-pages 100000000", FSC_HOLD_BETWEEN_PAGES, 100000000, 0},
    {"before-hangup", FSC_HOLD_BEFORE_HANGUP, 0, 0},
    {"ring", FSC_HOLD_RING, 0, 0},
    {"answering", FSC_HOLD_ANSWERING, 0, 0},
    {"rx-mid-page 3 0", FSC_HOLD_RX_MID_PAGE, 3, 0},
    {"rx-post-page 1", FSC_HOLD_RX_POST_PAGE, 1, 0},
    {"ending", FSC_HOLD_ENDING, 0, 0},
};
#define HOLD_CASES (int)(sizeof(hold_cases) / sizeof(hold_cases[0]))

START_TEST(every_hold_point_parses_and_formats_back)
{
    char text[128];
    snprintf(text, sizeof(text), BODY("modem hold %s\n"), hold_cases[_i].text);
    fsc_file f;
    parse_ok(text, &f);
    const fsc_stmt *s = statement(&f.scenarios[0].body, 1, 0);
    expect_op(s, FSC_OP_MODEM_HOLD);
    expect_str("hold name", fsc_hold_name(hold_cases[_i].kind),
               fsc_hold_name(s->as.modem_hold.point.kind));
    expect_uint("hold page", hold_cases[_i].page, s->as.modem_hold.point.page);
    expect_uint("hold bytes", hold_cases[_i].bytes, s->as.modem_hold.point.bytes);
    char formatted[64];
    int length = fsc_hold_format(&s->as.modem_hold.point, formatted, sizeof(formatted));
    expect_str("fsc_hold_format", hold_cases[_i].text, formatted);
    expect_uint("fsc_hold_format length", strlen(hold_cases[_i].text), length);
    fsc_file_free(&f);
}
END_TEST

START_TEST(modem_statements_parse)
{
    fsc_file f;
    parse_ok(BODY("modem wait-held\n"
                  "modem wait-held within 5000\n"
                  "modem release\n"
                  "modem ring \"two-pages.tif\"\n"
                  "modem ring \"${DOCS}/a b.tif\" from \"+1 555 0100 ACME é\"\n"
                  "modem fail disconnect\n"
                  "modem fail rtn\n"
                  "modem give-up\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    const fsc_stmt *s = statement(b, 8, 0);
    expect_op(s, FSC_OP_MODEM_WAIT_HELD);
    expect_uint("wait-held without within", 0, s->as.modem_wait_held.within_ms);
    expect_uint("wait-held within", 5000, statement(b, 8, 1)->as.modem_wait_held.within_ms);
    expect_op(statement(b, 8, 2), FSC_OP_MODEM_RELEASE);
    s = statement(b, 8, 3);
    expect_op(s, FSC_OP_MODEM_RING);
    expect_str("ring file", "two-pages.tif", s->as.modem_ring.file);
    expect_null("ring without from", s->as.modem_ring.caller_id);
    s = statement(b, 8, 4);
    expect_str("ring file with a variable may hold blanks", "${DOCS}/a b.tif",
               s->as.modem_ring.file);
    expect_str("ring caller ID (20 characters)", "+1 555 0100 ACME é", s->as.modem_ring.caller_id);
    s = statement(b, 8, 5);
    expect_op(s, FSC_OP_MODEM_FAIL);
    expect_uint("fail disconnect", FSC_FAIL_DISCONNECT, s->as.modem_fail.failure);
    expect_uint("fail rtn", FSC_FAIL_RTN, statement(b, 8, 6)->as.modem_fail.failure);
    expect_op(statement(b, 8, 7), FSC_OP_MODEM_GIVE_UP);
    fsc_file_free(&f);
}
END_TEST

START_TEST(expectations_parse)
{
    fsc_file f;
    parse_ok(BODY("start j\n"
                  "send j \"a.tif\" to \"1\"\n"
                  "expect j returns true\n"
                  "expect j returns false error ERROR_OPERATION_ABORTED within 30000\n"
                  "expect j returns false within 7 error 1460\n"
                  "expect j status FS_DIALING\n"
                  "expect j status FS_DIALING then FS_TRANSMITTING then FS_COMPLETED within 9\n"
                  "expect j final FS_USER_ABORT\n"
                  "expect j final FS_USER_ABORT or FS_COMPLETED or FS_ANSWERED\n"
                  "expect j sent \"${DOCS}/a.tif\"\n"
                  "end j\n"), &f);
    const fsc_block *b = &f.scenarios[0].body;
    expect_uint("send without refuse-callback", 0, statement(b, 11, 1)->as.send.refuse_callback);
    const fsc_stmt *s = statement(b, 11, 2);
    expect_op(s, FSC_OP_EXPECT_RETURNS);
    expect_str("expect job", "j", s->job);
    expect_uint("returns true", 1, s->as.expect_returns.value);
    expect_uint("has_error without error", 0, s->as.expect_returns.has_error);
    expect_uint("within not given", 0, s->as.expect_returns.within_ms);

    s = statement(b, 11, 3);
    expect_uint("returns false", 0, s->as.expect_returns.value);
    expect_uint("has_error", 1, s->as.expect_returns.has_error);
    expect_uint("error by name", 995, s->as.expect_returns.error);
    expect_uint("within", 30000, s->as.expect_returns.within_ms);

    s = statement(b, 11, 4);
    expect_uint("error by number, after within", 1460, s->as.expect_returns.error);
    expect_uint("within before error", 7, s->as.expect_returns.within_ms);

    s = statement(b, 11, 5);
    expect_op(s, FSC_OP_EXPECT_STATUS);
    expect_uint("one status", 1, s->as.expect_status.count);
    expect_uint("FS_DIALING", 0x20000001u, s->as.expect_status.statuses[0]);

    s = statement(b, 11, 6);
    expect_uint("three statuses", 3, s->as.expect_status.count);
    expect_str("first", "FS_DIALING", fsc_status_name(s->as.expect_status.statuses[0]));
    expect_str("second", "FS_TRANSMITTING", fsc_status_name(s->as.expect_status.statuses[1]));
    expect_str("third", "FS_COMPLETED", fsc_status_name(s->as.expect_status.statuses[2]));
    expect_uint("status within", 9, s->as.expect_status.within_ms);

    s = statement(b, 11, 7);
    expect_op(s, FSC_OP_EXPECT_FINAL);
    expect_uint("one final", 1, s->as.expect_final.count);
    expect_uint("FS_USER_ABORT", 0x20200000u, s->as.expect_final.statuses[0]);
    s = statement(b, 11, 8);
    expect_uint("three finals", 3, s->as.expect_final.count);
    expect_uint("FS_ANSWERED", 0x20800000u, s->as.expect_final.statuses[2]);
    s = statement(b, 11, 9);
    expect_op(s, FSC_OP_EXPECT_SENT);
    expect_str("expect sent job", "j", s->job);
    expect_str("the document, left for the executor to expand", "${DOCS}/a.tif",
               s->as.expect_sent.file);
    fsc_file_free(&f);
}
END_TEST

START_TEST(blocks_nest_and_keep_their_statements)
{
    fsc_file f;
    parse_ok("# blocks\n"
             "scenario \"outer\"\n"
             "  repeat 3\n"
             "    race sweep\n"
             "      start j\n"
             "      abort j\n"
             "      end j\n"
             "    end\n"
             "    race fuzz 100000\n"
             "      repeat 1\n"
             "        start k\n"
             "        abort k   # an abort nested in the race counts\n"
             "        end k\n"
             "      end\n"
             "    end\n"
             "  end\n"
             "  init\n"
             "end\n", &f);
    const fsc_scenario *sc = &f.scenarios[0];
    expect_uint("scenario line", 2, sc->line);
    expect_uint("scenario column", 1, sc->column);
    const fsc_stmt *repeat = statement(&sc->body, 2, 0);
    expect_op(repeat, FSC_OP_REPEAT);
    expect_uint("repeat count", 3, repeat->as.repeat.count);
    expect_op(statement(&sc->body, 2, 1), FSC_OP_INIT);
    expect_uint("init after the block: line", 17, statement(&sc->body, 2, 1)->line);

    const fsc_stmt *sweep = statement(&repeat->body, 2, 0);
    expect_op(sweep, FSC_OP_RACE_SWEEP);
    expect_uint("sweep line", 4, sweep->line);
    expect_uint("sweep column", 5, sweep->column);
    expect_op(statement(&sweep->body, 3, 1), FSC_OP_ABORT);

    const fsc_stmt *fuzz = statement(&repeat->body, 2, 1);
    expect_op(fuzz, FSC_OP_RACE_FUZZ);
    expect_uint("schedules", 100000, fuzz->as.race_fuzz.schedules);
    const fsc_stmt *inner = statement(&fuzz->body, 1, 0);
    expect_op(inner, FSC_OP_REPEAT);
    const fsc_stmt *k = statement(&inner->body, 3, 1);
    expect_str("innermost job", "k", k->job);
    expect_uint("innermost line", 12, k->line);
    expect_uint("innermost column", 9, k->column);
    expect_uint("non-block statement has no body", 0, k->body.count);
    fsc_file_free(&f);
}
END_TEST

START_TEST(several_scenarios_keep_jobs_and_variables_apart)
{
    fsc_file f;
    parse_ok("scenario \"one\"\n  set A = \"1\"\n  start j\nend\n"
             "scenario \"two\"\n  set A = \"2\"\n  start j\n  end j\n  start j\n  end j\nend\n"
             "scenario \"three\"\nend\n", &f);
    expect_uint("scenarios", 3, f.scenario_count);
    expect_str("first", "one", f.scenarios[0].name);
    expect_str("third", "three", f.scenarios[2].name);
    expect_uint("third scenario line", 12, f.scenarios[2].line);
    expect_uint("empty scenario", 0, f.scenarios[2].body.count);
    fsc_file_free(&f);

    /* A variable set in one scenario is unknown in the next. */
    char why[256];
    const char *text = "scenario \"one\"\n  set A = \"1\"\nend\n"
                       "scenario \"two\"\n  set B = \"${A}\"\nend\n";
    ck_assert_msg(fsc_parse(PATH, text, strlen(text), &f, why, sizeof(why)) == -1,
                  "expected ${A} to be unknown in the second scenario, got success");
    expect_str("why", "t.fsc:5:12: unknown variable 'A' (set it first, or use one of: TMP, "
               "DOCS, MODEM_TCP, MODEM_COM, MODEM_PORT)", why);
}
END_TEST

/* Columns count characters: a tab is one, a UTF-8 character is one, a BOM is none,
 * a CR before LF is nothing at the end of a line. */
START_TEST(columns_count_characters)
{
    static const struct {
        const char *text, *why;
    } cases[] = {
        {"\xEF\xBB\xBFinit\n", "t.fsc:1:1: 'init' outside a scenario"},
        {"scenario \"t\"\r\n\tinit now\r\nend\r\n", "t.fsc:2:7: unexpected 'now'"},
        {"scenario \"t\"\r\n  repeat\r\nend\r\n", "t.fsc:2:9: expected a repeat count"},
        {"scenario \"t\"\n  set A = \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x93\xA0\" x\n",
         "t.fsc:2:17: unexpected 'x'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fsc_file f;
        char why[512];
        int result = fsc_parse(PATH, cases[i].text, strlen(cases[i].text), &f, why, sizeof(why));
        ck_assert_msg(result == -1 && strncmp(why, cases[i].why, strlen(cases[i].why)) == 0,
                      "case %lu: expected an error starting \"%s\", got %d \"%s\"",
                      (unsigned long)i, cases[i].why, result, why);
    }
}
END_TEST

START_TEST(folder_comes_from_the_path)
{
    static const struct {
        const char *path, *folder;
    } cases[] = {
        {"a.fsc", "."},
        {"dir/sub/a.fsc", "dir/sub"},
        {"/a.fsc", "/"},
        {"/x/a.fsc", "/x"},
        {"C:\\a.fsc", "C:\\"},
        {"C:\\x\\y\\a.fsc", "C:\\x\\y"},
        {"C:a.fsc", "C:"},
        {"..\\mixed/a.fsc", "..\\mixed"},
        {"\\\\server\\share\\a.fsc", "\\\\server\\share"},
    };
    const char *text = BODY("");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fsc_file f;
        char why[256];
        ck_assert_msg(fsc_parse(cases[i].path, text, strlen(text), &f, why, sizeof(why)) == 0,
                      "%s: expected success, got %s", cases[i].path, why);
        expect_str(cases[i].path, cases[i].folder, f.folder);
        expect_str("path kept", cases[i].path, f.path);
        fsc_file_free(&f);
    }
}
END_TEST

/* --- The example scenarios ------------------------------------------------------------ */

START_TEST(example_scenarios_parse)
{
    DIR *dir = opendir(SCENARIOS_DIR);
    ck_assert_msg(dir != NULL, "expected the folder %s (run from the repository root), got "
                  "none", SCENARIOS_DIR);
    int loaded = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 4, ".fsc") != 0)
            continue;
        char path[512], why[512];
        snprintf(path, sizeof(path), "%s/%s", SCENARIOS_DIR, entry->d_name);
        fsc_file f;
        int result = fsc_load(path, &f, why, sizeof(why));
        ck_assert_msg(result == 0, "%s: expected it to parse, got: %s", path, why);
        ck_assert_msg(f.scenario_count >= 1 && f.scenarios[0].body.count >= 1,
                      "%s: expected a scenario with statements, got %lu scenario(s)", path,
                      (unsigned long)f.scenario_count);
        expect_str("folder of an example", SCENARIOS_DIR, f.folder);
        fsc_file_free(&f);
        loaded++;
    }
    closedir(dir);
    ck_assert_msg(loaded >= 4, "expected at least 4 example scenarios in %s, got %d",
                  SCENARIOS_DIR, loaded);
}
END_TEST

/* --- Errors: FILE:LINE:COL: message ---------------------------------------------------- */

#define FS_LIST "FS_INITIALIZING, FS_DIALING, FS_TRANSMITTING, FS_RECEIVING, FS_COMPLETED, " \
                "FS_HANDLED, FS_LINE_UNAVAILABLE, FS_BUSY, FS_NO_ANSWER, FS_BAD_ADDRESS, "   \
                "FS_NO_DIAL_TONE, FS_DISCONNECTED, FS_FATAL_ERROR, FS_NOT_FAX_CALL, "         \
                "FS_CALL_DELAYED, FS_CALL_BLACKLISTED, FS_USER_ABORT, FS_ANSWERED"
#define HOLD_LIST "after-dial, after-connect, phase-b, mid-page, post-page-ppr, "            \
                  "between-pages, before-hangup, ring, answering, rx-mid-page, rx-post-page, "   \
                  "ending"
#define VARIABLE_HINT "(set it first, or use one of: TMP, DOCS, MODEM_TCP, MODEM_COM, MODEM_PORT)"
#define START "scenario \"t\"\n  start j\n"           /* the error is then on line 3 */
#define RUNNING START "  send j \"a.tif\" to \"1\"\n"  /* ... or line 4 */

typedef struct error_case {
    const char *name;
    const char *text;
    const char *why;        /* the whole message */
} error_case;

static const error_case error_cases[] = {
    /* commands */
    {"unknown command", BODY("  frob j1\n"),
     "t.fsc:2:3: unknown command 'frob' (expected one of: scenario, end, set, registry, copy, "
     "run, line-missing, virtual-devices, init, enable-devices, shutdown, start, send, "
     "receive, answer, wait, abort, report, modem, expect, repeat, race)"},
    {"line-missing without its port", BODY("  line-missing\n"),
     "t.fsc:2:15: expected the port the FSP's settings name (a quoted string), got end of line"},
    {"a string for a command", BODY("  \"init\"\n"),
     "t.fsc:2:3: expected a command, got the string \"init\""},
    {"unknown modem command", BODY("  modem hodl after-dial\n"),
     "t.fsc:2:9: unknown modem command 'hodl' (expected one of: hold, wait-held, release, "
     "ring, give-up, fail)"},
    {"modem alone", BODY("  modem\n"),
     "t.fsc:2:8: expected a modem command (hold, wait-held, release, ring, give-up or fail), "
     "got end of line"},
    {"unknown expectation", START "  expect j retruns true\nend\n",
     "t.fsc:3:12: unknown expectation 'retruns' (expected one of: returns, status, final, sent)"},
    {"sent without its document", START "  send j \"a.tif\" to \"1\"\n  expect j sent\nend\n",
     "t.fsc:4:16: expected the document the send was given (a quoted string), got end of line"},
    {"sent before a send", START "  expect j sent \"a.tif\"\nend\n",
     "t.fsc:3:10: job 'j' has no send or receive to wait for"},
    {"expectation missing", START "  expect j\nend\n",
     "t.fsc:3:11: expected 'returns', 'status', 'final' or 'sent', got end of line"},
    {"unknown race", BODY("  race swep\n"),
     "t.fsc:2:8: unknown race 'swep' (expected one of: sweep, fuzz)"},
    {"words after a complete statement", BODY("  init now\n"),
     "t.fsc:2:8: unexpected 'now' at the end of the statement"},
    {"unknown option of virtual-devices", BODY("  virtual-devices count 3\n"),
     "t.fsc:2:19: unexpected 'count' (expected 'if-exported', 'expect-count N' or the end "
     "of the line)"},
    {"unknown option of send", START "  send j \"a.tif\" to \"1\" refuse\nend\n",
     "t.fsc:3:25: unexpected 'refuse' (expected 'refuse-callback' or the end of the line)"},
    {"refuse-callback twice", START "  send j \"a.tif\" to \"1\" refuse-callback "
     "refuse-callback\nend\n",
     "t.fsc:3:41: 'refuse-callback' is given twice"},
    {"unknown option of start", BODY("  start j on 1\n"),
     "t.fsc:2:11: unexpected 'on' (expected 'device N' or the end of the line)"},
    {"copy without to", BODY("  copy \"a\" \"b\"\n"),
     "t.fsc:2:12: expected 'to', got the string \"b\""},
    {"a long string is quoted short, not cut inside a character",
     BODY("  copy \"a\" \"123456789012345678901234567890123456789\xC3\xA9 and more\"\n"),
     "t.fsc:2:12: expected 'to', got the string \"123456789012345678901234567890123456789...\""},
    {"set without =", BODY("  set A \"x\"\n"),
     "t.fsc:2:9: expected '=', got the string \"x\""},
    {"set without a name", BODY("  set = \"x\"\n"),
     "t.fsc:2:7: expected a variable name, got '='"},
    {"set of a provided variable", BODY("  set TMP = \"x\"\n"),
     "t.fsc:2:7: TMP is provided by fake-faxsvc.exe and cannot be set"},
    {"bad variable name", BODY("  set 9lives = \"x\"\n"),
     "t.fsc:2:7: '9lives' is not a variable name (names are letters, digits and '_', not "
     "starting with a digit)"},
    {"modem fail without a kind", BODY("  modem fail loudly\n"),
     "t.fsc:2:14: expected 'disconnect' or 'rtn', got 'loudly'"},
    /* numbers */
    {"not a decimal number", BODY("  repeat 3x\n"),
     "t.fsc:2:10: repeat count '3x' is not a decimal number (allowed: 1..100000)"},
    {"a negative number", BODY("  repeat -1\n"),
     "t.fsc:2:10: repeat count '-1' is not a decimal number (allowed: 1..100000)"},
    {"below the minimum", BODY("  repeat 0\n"),
     "t.fsc:2:10: repeat count 0 is below the minimum 1 (allowed: 1..100000)"},
    {"above the maximum", BODY("  race fuzz 100001\n"),
     "t.fsc:2:13: schedule count 100001 is above the maximum 100000 (allowed: 1..100000)"},
    {"time limit above the maximum", BODY("  modem wait-held within 3600001\n"),
     "t.fsc:2:26: time limit 3600001 is above the maximum 3600000 (allowed: 1..3600000 "
     "milliseconds)"},
    {"time limit zero", BODY("  modem wait-held within 0\n"),
     "t.fsc:2:26: time limit 0 is below the minimum 1 (allowed: 1..3600000 milliseconds)"},
    {"a number too big for any integer", BODY("  start j device 99999999999999999999999\n"),
     "t.fsc:2:18: device number 99999999999999999999999 is above the maximum 4095 "
     "(allowed: 0..4095)"},
    {"device above the maximum", BODY("  start j device 4096\n"),
     "t.fsc:2:18: device number 4096 is above the maximum 4095 (allowed: 0..4095)"},
    {"expect-count zero", BODY("  virtual-devices expect-count 0\n"),
     "t.fsc:2:32: device count 0 is below the minimum 1 (allowed: 1..100000)"},
    {"dword above 32 bits", BODY("  registry \"HKCU\\\\S\" \"v\" = dword 4294967296\n"),
     "t.fsc:2:34: dword value 4294967296 is above the maximum 4294967295 (allowed: "
     "0..4294967295)"},
    {"dword missing", BODY("  registry \"HKCU\\\\S\" \"v\" = dword\n"),
     "t.fsc:2:33: expected a dword value (0..4294967295), got end of line"},
    {"number missing", BODY("  repeat\n"),
     "t.fsc:2:9: expected a repeat count (1..100000), got end of line"},
    {"number given as a string", BODY("  repeat \"3\"\n"),
     "t.fsc:2:10: expected a repeat count (1..100000), got the string \"3\""},
    {"within given twice", RUNNING "  wait j within 5 within 6\nend\n",
     "t.fsc:4:19: 'within' is given twice"},
    /* strings */
    {"missing closing quote", BODY("  set A = \"abc\n"),
     "t.fsc:2:11: missing closing quote (the string starting here runs to the end of the "
     "line)"},
    {"missing quote after an escaped one", BODY("  set A = \"abc\\\"\n"),
     "t.fsc:2:11: missing closing quote (the string starting here runs to the end of the "
     "line)"},
    {"unknown escape", BODY("  set A = \"C:\\temp\"\n"),
     "t.fsc:2:14: unknown escape: backslash before 't' (in a string only \\\" and \\\\ are "
     "escapes; write \\\\ for one backslash)"},
    {"empty file name", START "  send j \"\" to \"1\"\nend\n",
     "t.fsc:3:10: the file to send is an empty string"},
    {"string missing", START "  send j to \"1\"\nend\n",
     "t.fsc:3:10: expected the file to send (a quoted string), got 'to'"},
    {"control character in a string", BODY("  set A = \"a\x02\"\n"),
     "t.fsc:2:13: control character 0x02 in a string"},
    {"invalid UTF-8 in a string", BODY("  set A = \"\xFF\"\n"),
     "t.fsc:2:12: invalid UTF-8 in a string (byte 0xFF)"},
    {"overlong UTF-8", BODY("  set A = \"\xC0\x80\"\n"),
     "t.fsc:2:12: invalid UTF-8 in a string (byte 0xC0)"},
    {"UTF-8 surrogate", BODY("  set A = \"ok\xED\xA0\x80\"\n"),
     "t.fsc:2:14: invalid UTF-8 in a string (byte 0xED)"},
    {"UTF-8 cut short", BODY("  set A = \"\xE2\x82\"\n"),
     "t.fsc:2:12: invalid UTF-8 in a string (byte 0xE2)"},
    {"non-ASCII outside a string", BODY("  init\xC3\xA9\n"),
     "t.fsc:2:7: unexpected byte 0xC3: outside strings only ASCII is allowed"},
    {"control character outside a string", BODY("  init\x01\n"),
     "t.fsc:2:7: unexpected control character 0x01"},
    /* variables */
    {"unterminated reference", BODY("  set A = \"${TMP\"\n"),
     "t.fsc:2:12: unterminated variable reference '${TMP' (missing '}')"},
    {"empty reference", BODY("  set A = \"x${}\"\n"),
     "t.fsc:2:13: empty variable reference '${}'"},
    {"bad character in a reference", BODY("  set A = \"${MODEM-PORT}\"\n"),
     "t.fsc:2:19: bad character '-' in variable reference '${MODEM' (names are letters, "
     "digits and '_')"},
    {"reference starting with a digit", BODY("  set A = \"${1X}\"\n"),
     "t.fsc:2:12: variable name '1X' starts with a digit"},
    {"unknown variable", BODY("  copy \"a\" to \"${TPM}\\\\b\"\n"),
     "t.fsc:2:16: unknown variable 'TPM' " VARIABLE_HINT},
    {"variable used in its own set", BODY("  set A = \"${A}\"\n"),
     "t.fsc:2:12: unknown variable 'A' " VARIABLE_HINT},
    {"variable used before its set", BODY("  set B = \"${A}\"\n  set A = \"1\"\n"),
     "t.fsc:2:12: unknown variable 'A' " VARIABLE_HINT},
    /* statuses and errors */
    {"unknown FS name", START "  expect j final FS_DONE\nend\n",
     "t.fsc:3:18: unknown status 'FS_DONE' (expected one of: " FS_LIST ")"},
    {"unknown FS name after then", START "  expect j status FS_DIALING then FS_SENT\nend\n",
     "t.fsc:3:35: unknown status 'FS_SENT' (expected one of: " FS_LIST ")"},
    {"two statuses without then", START "  expect j status FS_BUSY FS_COMPLETED\nend\n",
     "t.fsc:3:27: unexpected 'FS_COMPLETED' (expected 'then', 'within' or the end of the "
     "line)"},
    {"then at the end", START "  expect j status FS_BUSY then\nend\n",
     "t.fsc:3:31: expected a status name (FS_...), got end of line"},
    {"two finals without or", START "  expect j final FS_BUSY FS_COMPLETED\nend\n",
     "t.fsc:3:26: unexpected 'FS_COMPLETED' (expected 'or' or the end of the line)"},
    {"neither true nor false", RUNNING "  expect j returns maybe\nend\n",
     "t.fsc:4:20: expected 'true' or 'false', got 'maybe'"},
    {"unknown error name", RUNNING "  expect j returns false error ERROR_OOPS\nend\n",
     "t.fsc:4:32: unknown error name 'ERROR_OOPS' (write the number, or a name from "
     "docs/scenarios.md such as ERROR_OPERATION_ABORTED)"},
    {"error after returns true", RUNNING "  expect j returns true error 5\nend\n",
     "t.fsc:4:25: 'error' goes with 'returns false' only (after a TRUE return the last "
     "error means nothing)"},
    /* hold points */
    {"unknown hold point", BODY("  modem hold mid-pag 1 2\n"),
     "t.fsc:2:14: unknown hold point 'mid-pag' (expected one of: " HOLD_LIST ")"},
    {"hold point without its page", BODY("  modem hold post-page-ppr\n"),
     "t.fsc:2:14: post-page-ppr takes a page number (from 1)"},
    {"hold point short of a number", BODY("  modem hold mid-page 1\n"),
     "t.fsc:2:14: mid-page takes a page number (from 1) and a byte count"},
    {"hold point with an extra number", BODY("  modem hold after-dial 1\n"),
     "t.fsc:2:25: after-dial takes no arguments"},
    {"hold page zero", BODY("  modem hold between-pages 0\n"),
     "t.fsc:2:28: page number 0 is below the minimum 1 (allowed: 1..100000000)"},
    {"hold byte count not a number", BODY("  modem hold rx-mid-page 1 lots\n"),
     "t.fsc:2:28: byte count 'lots' is not a decimal number (allowed: 0..100000000)"},
    {"hold point missing", BODY("  modem hold\n"),
     "t.fsc:2:13: expected a hold point (see docs/control.md), got end of line"},
    /* registry */
    {"registry root unknown", BODY("  registry \"HKXX\\\\Soft\" \"v\" = \"t\"\n"),
     "t.fsc:2:12: registry key \"HKXX\\Soft\" must start with HKCU\\, HKLM\\, "
     "HKEY_CURRENT_USER\\ or HKEY_LOCAL_MACHINE\\"},
    {"registry root from a variable", BODY("  set K = \"HKCU\"\n"
                                           "  registry \"${K}\\\\S\" \"v\" = \"t\"\n"),
     "t.fsc:3:12: registry key \"${K}\\S\" must start with HKCU\\, HKLM\\, "
     "HKEY_CURRENT_USER\\ or HKEY_LOCAL_MACHINE\\"},
    {"registry root alone", BODY("  registry \"HKCU\" \"v\" = \"t\"\n"),
     "t.fsc:2:12: registry key \"HKCU\" names no key below HKCU"},
    {"registry data missing", BODY("  registry \"HKCU\\\\S\" \"v\" = 5\n"),
     "t.fsc:2:28: expected the data (a quoted string, or dword N), got '5'"},
    /* modem ring */
    {"ring file with a blank", BODY("  modem ring \"my doc.tif\"\n"),
     "t.fsc:2:14: modem-sim's ring command cannot take a file name with blanks"},
    {"ring ID too long", BODY("  modem ring \"a.tif\" from \"123456789012345678901\"\n"),
     "t.fsc:2:27: the caller ID has 21 characters; modem-sim takes at most 20"},
    {"ring ID with a quote", BODY("  modem ring \"a.tif\" from \"say \\\"hi\\\"\"\n"),
     "t.fsc:2:27: the caller ID cannot hold a double quote"},
    {"ring with something else than from", BODY("  modem ring \"a.tif\" by \"x\"\n"),
     "t.fsc:2:22: expected 'from', got 'by'"},
    /* jobs */
    {"job used before start", BODY("  send j2 \"a.tif\" to \"555\"\n"),
     "t.fsc:2:8: job 'j2' is not started ('start j2' must come first)"},
    {"job used after end", START "  end j\n  abort j\nend\n",
     "t.fsc:4:9: job 'j' was ended at line 3 ('start j' again to use it)"},
    {"job started twice", START "  start j\nend\n",
     "t.fsc:3:9: job 'j' is already started (line 2); 'end j' first"},
    {"second operation on a job", START "  receive j \"a\"\n  send j \"b\" to \"1\"\nend\n",
     "t.fsc:4:8: job 'j' already has a send or receive (line 3); a job runs one operation, "
     "so start another job"},
    {"answer on a started job", START "  answer j \"in.tif\"\nend\n",
     "t.fsc:3:10: job 'j' is already started (line 2); 'end j' first"},
    {"answer without a file", BODY("  answer j within 5\n"),
     "t.fsc:2:12: expected the file to receive into (a quoted string), got 'within'"},
    {"wait with nothing to wait for", START "  wait j\nend\n",
     "t.fsc:3:8: job 'j' has no send or receive to wait for"},
    {"expect returns with nothing to wait for", START "  expect j returns true\nend\n",
     "t.fsc:3:10: job 'j' has no send or receive to wait for"},
    {"job missing", BODY("  abort\n"),
     "t.fsc:2:8: expected a job name, got end of line"},
    {"bad job name", BODY("  start 1j\n"),
     "t.fsc:2:9: '1j' is not a job name (names are letters, digits and '_', not starting "
     "with a digit)"},
    {"job name too long", BODY("  start abcdefghijklmnopqrstuvwxyz012345\n"),
     "t.fsc:2:9: job name 'abcdefghijklmnopqrstuvwxyz012345...' is longer than 31 "
     "characters"},
    {"command word as a job", BODY("  start repeat\n"),
     "t.fsc:2:9: 'repeat' is a command word and cannot name a job"},
    {"end with a block's name", BODY("  repeat 2\n    init\n  end repeat\n"),
     "t.fsc:4:7: 'end' closes the innermost block on its own: write 'end' alone ('end JOB' "
     "ends a job)"},
    /* structure */
    {"statement outside a scenario", "init\n",
     "t.fsc:1:1: 'init' outside a scenario (statements go between 'scenario \"name\"' and "
     "'end')"},
    {"statement between scenarios", "scenario \"a\"\nend\n  start j\nscenario \"b\"\nend\n",
     "t.fsc:3:3: 'start' outside a scenario (statements go between 'scenario \"name\"' and "
     "'end')"},
    {"end without a block", "# nothing open\nend\n", "t.fsc:2:1: 'end' without an open block"},
    {"end after the scenario closed", "scenario \"t\"\nend\nend\n",
     "t.fsc:3:1: 'end' without an open block"},
    {"unclosed block", "scenario \"t\"\n  repeat 2\n    init\n",
     "t.fsc:2:3: this repeat block is not closed: 'end' is missing (each 'end' closes the "
     "innermost open block)"},
    {"unclosed scenario", "scenario \"t\"\n  repeat 2\n    init\n  end\n",
     "t.fsc:1:1: scenario \"t\" is not closed: 'end' is missing"},
    {"scenario inside a scenario", "scenario \"a\"\n  scenario \"b\"\nend\n",
     "t.fsc:2:3: 'scenario' inside scenario \"a\" (line 1): close that one with 'end' first"},
    {"duplicate scenario name", "scenario \"a\"\nend\n\nscenario \"a\"\nend\n",
     "t.fsc:4:10: duplicate scenario name \"a\" (first used at line 1)"},
    {"empty scenario name", "scenario \"\"\nend\n",
     "t.fsc:1:10: the scenario's name is an empty string"},
    {"scenario without a name", "scenario\nend\n",
     "t.fsc:1:9: expected the scenario's name (a quoted string), got end of line"},
    {"scenario with more after its name", "scenario \"a\" now\nend\n",
     "t.fsc:1:14: unexpected 'now' at the end of the statement"},
    {"no scenario, only comments", "# a comment\n\n   # another\n",
     "t.fsc:4:1: no scenario in the file (a file holds one or more 'scenario \"name\" ... "
     "end' blocks)"},
    {"no scenario, no final newline", "# a comment",
     "t.fsc:1:12: no scenario in the file (a file holds one or more 'scenario \"name\" ... "
     "end' blocks)"},
    {"empty text", "",
     "t.fsc:1:1: no scenario in the file (a file holds one or more 'scenario \"name\" ... "
     "end' blocks)"},
    {"race without an abort", BODY("  race sweep\n    start j\n    end j\n  end\n"),
     "t.fsc:2:3: this race sweep block has no 'abort JOB' to aim at its injection points"},
    {"race inside a race", BODY("  race sweep\n    race fuzz 2\n"),
     "t.fsc:3:5: a race block cannot hold another race block (the race at line 2 is still "
     "open)"},
    {"race kind missing", BODY("  race\n"),
     "t.fsc:2:7: expected 'sweep' or 'fuzz', got end of line"},
};
#define ERROR_CASES (int)(sizeof(error_cases) / sizeof(error_cases[0]))

START_TEST(error_is_reported_at_its_place)
{
    const error_case *c = &error_cases[_i];
    fsc_file f;
    memset(&f, 0x5A, sizeof(f));    /* the parser must zero it */
    char why[1024];
    int result = fsc_parse(PATH, c->text, strlen(c->text), &f, why, sizeof(why));
    ck_assert_msg(result == -1, "%s: expected an error, got success\n--- text:\n%s", c->name,
                  c->text);
    ck_assert_msg(strcmp(why, c->why) == 0, "%s:\nexpected: %s\n     got: %s", c->name,
                  c->why, why);
    ck_assert_msg(f.scenario_count == 0 && f.scenarios == NULL && f.path == NULL &&
                  f.folder == NULL, "%s: expected a zeroed fsc_file after the error, got "
                  "%lu scenario(s)", c->name, (unsigned long)f.scenario_count);
    fsc_file_free(&f);
}
END_TEST

/* A NUL byte cannot be in a C string literal's strlen, so it gets its own test. */
START_TEST(nul_byte_is_an_error)
{
    static const char text[] = "scenario \"t\"\n  init\0\nend\n";
    static const char in_string[] = "scenario \"t\"\n  set A = \"a\0b\"\nend\n";
    static const char in_comment[] = "scenario \"t\"\n  init # x\0y\nend\n";
    fsc_file f;
    char why[256];
    ck_assert_int_eq(fsc_parse(PATH, text, sizeof(text) - 1, &f, why, sizeof(why)), -1);
    expect_str("NUL after a word", "t.fsc:2:7: NUL byte in the text (is this a text file?)", why);
    ck_assert_int_eq(fsc_parse(PATH, in_string, sizeof(in_string) - 1, &f, why, sizeof(why)), -1);
    expect_str("NUL in a string", "t.fsc:2:13: NUL byte in the text (is this a text file?)", why);
    ck_assert_int_eq(fsc_parse(PATH, in_comment, sizeof(in_comment) - 1, &f, why, sizeof(why)), -1);
    expect_str("NUL in a comment", "t.fsc:2:11: NUL byte in the text (is this a text file?)", why);
}
END_TEST

/* --- Limits -------------------------------------------------------------------------- */

/* A growing text for generated inputs. */
typedef struct text_builder {
    char *data;
    size_t length, capacity;
} text_builder;

static void add(text_builder *t, const char *piece)
{
    size_t n = strlen(piece);
    if (t->length + n + 1 > t->capacity) {
        t->capacity = 2 * (t->length + n + 1);
        t->data = realloc(t->data, t->capacity);
        ck_assert_msg(t->data != NULL, "expected memory for a test input, got none");
    }
    memcpy(t->data + t->length, piece, n + 1);
    t->length += n;
}

static void add_times(text_builder *t, const char *piece, int times)
{
    for (int i = 0; i < times; i++)
        add(t, piece);
}

static int nesting_of(const fsc_block *block)
{
    int deepest = 0;
    for (size_t i = 0; i < block->count; i++) {
        int depth = block->items[i].body.count ? 1 + nesting_of(&block->items[i].body) : 0;
        if (block->items[i].op == FSC_OP_REPEAT && depth == 0)
            depth = 1;
        if (depth > deepest)
            deepest = depth;
    }
    return deepest;
}

START_TEST(nesting_up_to_the_limit_parses)
{
    text_builder t = {0};
    add(&t, "scenario \"deep\"\n");
    add_times(&t, "repeat 1\n", FSC_MAX_NESTING);
    add(&t, "init\n");
    add_times(&t, "end\n", FSC_MAX_NESTING + 1);
    fsc_file f;
    parse_ok(t.data, &f);
    expect_uint("nesting depth", FSC_MAX_NESTING, nesting_of(&f.scenarios[0].body));
    fsc_file_free(&f);
    free(t.data);
}
END_TEST

START_TEST(nesting_past_the_limit_is_an_error)
{
    /* 100000 openers: the parser must stop at the first one too deep, not recurse. */
    text_builder t = {0};
    add(&t, "scenario \"deep\"\n");
    add_times(&t, "race sweep\n", 1);
    add_times(&t, "repeat 1\n", 100000);
    fsc_file f;
    char why[256], want[256];
    ck_assert_int_eq(fsc_parse(PATH, t.data, t.length, &f, why, sizeof(why)), -1);
    /* the race is level 1, so the repeat on line 2 + FSC_MAX_NESTING is one too many */
    snprintf(want, sizeof(want), "t.fsc:%d:1: blocks nest deeper than %d levels",
             2 + FSC_MAX_NESTING, FSC_MAX_NESTING);
    expect_str("too deep", want, why);
    free(t.data);
}
END_TEST

START_TEST(too_many_jobs_variables_and_scenarios)
{
    fsc_file f;
    char why[256], want[256], line[64];

    text_builder jobs = {0};
    add(&jobs, "scenario \"jobs\"\n");
    for (int i = 0; i <= FSC_MAX_JOBS; i++) {
        snprintf(line, sizeof(line), "start j%d\n", i);
        add(&jobs, line);
    }
    ck_assert_int_eq(fsc_parse(PATH, jobs.data, jobs.length, &f, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "t.fsc:%d:7: too many jobs in one scenario (the limit is %d "
             "names)", FSC_MAX_JOBS + 2, FSC_MAX_JOBS);
    expect_str("jobs", want, why);
    free(jobs.data);

    text_builder vars = {0};
    add(&vars, "scenario \"variables\"\n");
    for (int i = 0; i <= FSC_MAX_VARIABLES; i++) {
        snprintf(line, sizeof(line), "set V%d = \"x\"\n", i);
        add(&vars, line);
    }
    ck_assert_int_eq(fsc_parse(PATH, vars.data, vars.length, &f, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "t.fsc:%d:5: too many variables in one scenario (the limit "
             "is %d names)", FSC_MAX_VARIABLES + 2, FSC_MAX_VARIABLES);
    expect_str("variables", want, why);
    free(vars.data);

    text_builder many = {0};
    for (int i = 0; i <= FSC_MAX_SCENARIOS; i++) {
        snprintf(line, sizeof(line), "scenario \"s%d\"\nend\n", i);
        add(&many, line);
    }
    ck_assert_int_eq(fsc_parse(PATH, many.data, many.length, &f, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "t.fsc:%d:1: too many scenarios in one file (the limit is "
             "%d)", 2 * FSC_MAX_SCENARIOS + 1, FSC_MAX_SCENARIOS);
    expect_str("scenarios", want, why);
    free(many.data);
}
END_TEST

START_TEST(file_at_the_size_limit_parses_and_past_it_is_refused)
{
    /* Exactly FSC_MAX_FILE_BYTES: a scenario padded with comment lines. */
    const char *head = "scenario \"big\"\n";
    const char *tail = "end\n";
    size_t size = FSC_MAX_FILE_BYTES;
    char *text = malloc(size + 1);
    ck_assert_msg(text != NULL, "expected memory for a test input, got none");
    memset(text, ' ', size);
    memcpy(text, head, strlen(head));
    for (size_t i = strlen(head); i + 80 < size; i += 80) {
        text[i] = '#';
        text[i + 79] = '\n';
    }
    memcpy(text + size - strlen(tail), tail, strlen(tail));
    text[size - strlen(tail) - 1] = '\n';
    fsc_file f;
    char why[256];
    int result = fsc_parse(PATH, text, size, &f, why, sizeof(why));
    ck_assert_msg(result == 0, "expected a file of exactly %u bytes to parse, got: %s",
                  FSC_MAX_FILE_BYTES, why);
    fsc_file_free(&f);

    text[size] = '\n';
    ck_assert_int_eq(fsc_parse(PATH, text, size + 1, &f, why, sizeof(why)), -1);
    expect_str("one byte too many", "t.fsc: the file is larger than 4194304 bytes, the limit "
               "for a scenario file", why);
    free(text);
}
END_TEST

START_TEST(many_statements_and_a_long_string_parse)
{
    text_builder t = {0};
    add(&t, "scenario \"long\"\n");
    add_times(&t, "  init\n", 100000);
    add(&t, "  set LONG = \"");
    add_times(&t, "0123456789", 100000);
    add(&t, "\"\nend\n");
    fsc_file f;
    parse_ok(t.data, &f);
    const fsc_block *b = &f.scenarios[0].body;
    expect_uint("statements", 100001, b->count);
    expect_uint("last statement line", 100002, b->items[100000].line);
    expect_uint("long value length", 1000000, strlen(b->items[100000].as.set.value));
    fsc_file_free(&f);
    free(t.data);
}
END_TEST

/* --- Inputs nobody writes -------------------------------------------------------------- */

/* A buffer of exactly `size` bytes, so AddressSanitizer sees any read past it. */
static int parse_exact(const char *text, size_t size, fsc_file *f, char *why, size_t why_size)
{
    char *copy = malloc(size ? size : 1);
    ck_assert_msg(copy != NULL, "expected memory for a test input, got none");
    memcpy(copy, text, size);
    int result = fsc_parse(PATH, copy, size, f, why, why_size);
    free(copy);
    return result;
}

START_TEST(text_is_read_by_length_not_to_a_nul)
{
    static const struct {
        const char *text;
        const char *why;    /* NULL: must parse */
    } cases[] = {
        {"scenario \"a\"\nend", NULL},
        {"scenario \"a\"\nend\r", NULL},
        {"scenario \"a", "t.fsc:1:10: missing closing quote"},
        {"scenario \"a\\", "t.fsc:1:10: missing closing quote"},
        {"scenario \"a\"\n set X = \"${", "t.fsc:2:11: unterminated variable reference"},
        {"scenario \"a\"\n set X = \"$", "t.fsc:2:10: missing closing quote"},
        {"scenario \"a\"\n set X = \"\xE2", "t.fsc:2:11: invalid UTF-8"},
        {"scenario \"a\"\n repeat", "t.fsc:2:8: expected a repeat count"},
        {"\xEF\xBB", "t.fsc:1:1: unexpected byte 0xEF"},
        {"\xEF\xBB\xBF", "t.fsc:1:1: no scenario in the file"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        fsc_file f;
        char why[512];
        int result = parse_exact(cases[i].text, strlen(cases[i].text), &f, why, sizeof(why));
        if (!cases[i].why) {
            ck_assert_msg(result == 0, "case %lu: expected success, got %s", (unsigned long)i,
                          why);
            fsc_file_free(&f);
        } else {
            ck_assert_msg(result == -1 && strncmp(why, cases[i].why, strlen(cases[i].why)) == 0,
                          "case %lu: expected an error starting \"%s\", got %d \"%s\"",
                          (unsigned long)i, cases[i].why, result, why);
        }
    }
}
END_TEST

START_TEST(binary_input_is_refused_cleanly)
{
    /* Every single byte, then pseudo-random blobs from a fixed seed (xorshift). */
    fsc_file f;
    char why[512];
    for (int byte = 0; byte < 256; byte++) {
        char one = (char)byte;
        /* A lone LF ends line 1, so the end of the text is on line 2. */
        const char *want = byte == '\n' ? "t.fsc:2:1: " : "t.fsc:1:";
        int result = parse_exact(&one, 1, &f, why, sizeof(why));
        ck_assert_msg(result == -1 && strncmp(why, want, strlen(want)) == 0,
                      "byte 0x%02X: expected an error starting \"%s\", got %d \"%s\"", byte,
                      want, result, why);
    }
    uint64_t state = 0x9E3779B97F4A7C15u;
    unsigned char blob[700];
    for (int round = 0; round < 2000; round++) {
        size_t size = 1 + (size_t)(state % sizeof(blob));
        for (size_t i = 0; i < size; i++) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            blob[i] = (unsigned char)state;
        }
        int result = parse_exact((const char *)blob, size, &f, why, sizeof(why));
        ck_assert_msg(result == -1, "round %d: expected random bytes to be refused, got "
                      "success", round);
        ck_assert_msg(strncmp(why, "t.fsc:", 6) == 0 && f.scenarios == NULL,
                      "round %d: expected \"t.fsc:...\" and a zeroed file, got \"%s\"", round,
                      why);
    }
}
END_TEST

START_TEST(reason_is_truncated_never_overflowed)
{
    const char *text = "scenario \"t\"\n  frob\nend\n";
    fsc_file f;
    char why[12];
    memset(why, 'G', sizeof(why));
    ck_assert_int_eq(fsc_parse(PATH, text, strlen(text), &f, why, 8), -1);
    expect_str("truncated to 8 bytes", "t.fsc:2", why);
    ck_assert_msg(why[8] == 'G', "expected the byte after the buffer untouched, got 0x%02X",
                  (unsigned char)why[8]);
    ck_assert_int_eq(fsc_parse(PATH, text, strlen(text), &f, NULL, 0), -1);
    ck_assert_int_eq(fsc_parse(NULL, text, strlen(text), &f, why, sizeof(why)), -1);
    expect_str("no path", "(text):2:3:", why);
}
END_TEST

/* --- fsc_load ---------------------------------------------------------------------------- */

START_TEST(load_reads_a_file_and_names_read_errors)
{
    char path[256];
    int fd = kit_temp_file("fsc", ".fsc", path, sizeof(path));
    ck_assert_msg(fd >= 0, "expected a temporary file, got none");
    const char *text = "scenario \"from a file\"\n  init\nend\n";
    ck_assert_msg(write(fd, text, strlen(text)) == (ssize_t)strlen(text),
                  "expected to write the temporary file");
    close(fd);
    fsc_file f;
    char why[512], want[600];
    int result = fsc_load(path, &f, why, sizeof(why));
    unlink(path);
    ck_assert_msg(result == 0, "expected %s to load, got %s", path, why);
    expect_str("name", "from a file", f.scenarios[0].name);
    *strrchr(path, '/') = '\0'; /* the file's own folder */
    expect_str("folder", path, f.folder);
    fsc_file_free(&f);

    ck_assert_int_eq(fsc_load("/nonexistent/fspkit/x.fsc", &f, why, sizeof(why)), -1);
    expect_str("missing file", "/nonexistent/fspkit/x.fsc: cannot open (No such file or "
               "directory)", why);

    ck_assert_int_eq(fsc_load(SCENARIOS_DIR, &f, why, sizeof(why)), -1);
    snprintf(want, sizeof(want), "%s: cannot read (Is a directory)", SCENARIOS_DIR);
    expect_str("a folder", want, why);
}
END_TEST

/* --- Tables ---------------------------------------------------------------------------- */

/* Every FS_* of include/faxdev.h is in the table with its value, and nothing else is. */
START_TEST(status_table_matches_faxdev_h)
{
    FILE *header = fopen(FAXDEV_H, "r");
    ck_assert_msg(header != NULL, "expected %s (run from the repository root)", FAXDEV_H);
    size_t count;
    const fsc_name *table = fsc_status_table(&count);
    size_t found = 0;
    char line[256];
    while (fgets(line, sizeof(line), header)) {
        char name[64];
        unsigned long value;
        if (sscanf(line, "#define %63s 0x%lx", name, &value) != 2 || strncmp(name, "FS_", 3) != 0)
            continue;
        found++;
        const char *ours = fsc_status_name((uint32_t)value);
        ck_assert_msg(ours && strcmp(ours, name) == 0, "%s (0x%08lX) from %s: expected in the "
                      "status table, got %s", name, value, FAXDEV_H, ours ? ours : "NULL");
    }
    fclose(header);
    expect_uint("FS_* names in faxdev.h and in the table", found, count);
    for (size_t i = 0; i < count; i++)
        expect_str("table name round trip", table[i].name, fsc_status_name(table[i].value));
}
END_TEST

/* The ERROR_* values are Windows'; mingw-w64's winerror.h is the reference we have. */
START_TEST(error_table_matches_winerror_h)
{
    FILE *header = fopen(MINGW_WINERROR_H, "r");
    if (!header) {
        printf("skipped: %s not found (mingw-w64-common not installed); error codes not "
               "cross-checked\n", MINGW_WINERROR_H);
        return;
    }
    size_t count;
    const fsc_name *table = fsc_error_table(&count);
    ck_assert_msg(count >= 10, "expected at least the 10 required names, got %lu",
                  (unsigned long)count);
    int *seen = calloc(count, sizeof(*seen));
    char line[512];
    while (fgets(line, sizeof(line), header)) {
        char name[96];
        unsigned long value;
        if (sscanf(line, "#define %95s __MSABI_LONG(%lu)", name, &value) != 2 &&
            sscanf(line, "#define %95s %lu", name, &value) != 2)
            continue;
        for (size_t i = 0; i < count; i++) {
            if (strcmp(table[i].name, name) != 0 || seen[i])
                continue;
            seen[i] = 1;
            ck_assert_msg(table[i].value == value, "%s: expected %lu (winerror.h), got %lu",
                          name, value, (unsigned long)table[i].value);
        }
    }
    fclose(header);
    for (size_t i = 0; i < count; i++)
        ck_assert_msg(seen[i], "%s: expected it in %s, got no such name", table[i].name,
                      MINGW_WINERROR_H);
    free(seen);
    static const struct {
        const char *name;
        uint32_t value;
    } required[] = {
        {"ERROR_SUCCESS", 0}, {"ERROR_INVALID_HANDLE", 6}, {"ERROR_NOT_ENOUGH_MEMORY", 8},
        {"ERROR_NOT_SUPPORTED", 50}, {"ERROR_INVALID_PARAMETER", 87},
        {"ERROR_CALL_NOT_IMPLEMENTED", 120}, {"ERROR_INSUFFICIENT_BUFFER", 122},
        {"ERROR_OPERATION_ABORTED", 995}, {"ERROR_TIMEOUT", 1460}, {"ERROR_CANCELLED", 1223},
    };
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
        expect_str("required error name", required[i].name, fsc_error_name(required[i].value));
}
END_TEST

START_TEST(names_for_logs)
{
    for (int op = 0; op < FSC_OP_COUNT; op++) {
        const char *name = fsc_op_name((fsc_op)op);
        ck_assert_msg(name && strcmp(name, "?") != 0, "op %d: expected a name, got %s", op,
                      name ? name : "NULL");
        for (int other = 0; other < op; other++)
            ck_assert_msg(strcmp(name, fsc_op_name((fsc_op)other)) != 0,
                          "op %d and %d: expected different names, got \"%s\" twice", op,
                          other, name);
    }
    expect_str("op out of range", "?", fsc_op_name(FSC_OP_COUNT));
    expect_str("modem hold", "modem hold", fsc_op_name(FSC_OP_MODEM_HOLD));
    expect_str("hold out of range", "?", fsc_hold_name(FSC_HOLD_COUNT));
    expect_null("unknown status", fsc_status_name(0x12345678u));
    expect_null("unknown error", fsc_error_name(0xFFFFFFFFu));
    expect_str("0 is ERROR_SUCCESS, not NO_ERROR", "ERROR_SUCCESS", fsc_error_name(0));
    ck_assert_msg(fsc_is_builtin_variable("MODEM_PORT") && !fsc_is_builtin_variable("PORT") &&
                  !fsc_is_builtin_variable("tmp") && !fsc_is_builtin_variable(NULL),
                  "expected MODEM_PORT to be provided and PORT, tmp, NULL not");
}
END_TEST

START_TEST(free_is_safe_on_zeroed_and_twice)
{
    fsc_file f;
    memset(&f, 0, sizeof(f));
    fsc_file_free(&f);
    parse_ok(BODY("start j\nsend j \"a\" to \"b\"\nexpect j final FS_BUSY\nend j\n"), &f);
    fsc_file_free(&f);
    ck_assert_msg(f.scenarios == NULL && f.scenario_count == 0 && f.path == NULL,
                  "expected a zeroed fsc_file after free, got %lu scenario(s)",
                  (unsigned long)f.scenario_count);
    fsc_file_free(&f);
}
END_TEST

/* --- fsc_expand -------------------------------------------------------------------------- */

static const char *test_lookup(void *context, const char *name)
{
    (void)context;
    if (strcmp(name, "TMP") == 0)
        return "C:\\tmp";
    if (strcmp(name, "LOOP") == 0)
        return "${TMP}";
    if (strcmp(name, "EMPTY") == 0)
        return "";
    return NULL;
}

START_TEST(expand_replaces_variables)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"", ""},
        {"plain", "plain"},
        {"${TMP}\\out.tif", "C:\\tmp\\out.tif"},
        {"a${EMPTY}b${TMP}${TMP}", "abC:\\tmpC:\\tmp"},
        {"${LOOP}", "${TMP}"},              /* values are not expanded again */
        {"$$", "$"},
        {"C$\\share $5 $", "C$\\share $5 $"},
        {"$${TMP}", "${TMP}"},
    };
    char why[128];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *got = fsc_expand(cases[i].text, test_lookup, NULL, why, sizeof(why));
        ck_assert_msg(got && strcmp(got, cases[i].want) == 0,
                      "expand \"%s\": expected \"%s\", got %s%s%s", cases[i].text,
                      cases[i].want, got ? "\"" : "", got ? got : why, got ? "\"" : "");
        free(got);
    }
    static const struct {
        const char *text, *why;
    } failures[] = {
        {"${NOPE}", "unknown variable 'NOPE'"},
        {"x${TMP", "bad variable reference '${TMP'"},
        {"${}", "bad variable reference '${'"},
    };
    for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
        char *got = fsc_expand(failures[i].text, test_lookup, NULL, why, sizeof(why));
        ck_assert_msg(got == NULL, "expand \"%s\": expected failure, got \"%s\"",
                      failures[i].text, got);
        expect_str(failures[i].text, failures[i].why, why);
    }
}
END_TEST

/* --- The suite ------------------------------------------------------------------------- */


int main(void)
{
    const harness_test tests[] = {
        {"forms", setup_statements_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", lifecycle_statements_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", job_statements_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", answer_parses_and_starts_its_job, TIMEOUT_UNIT, 0, 0},
        {"forms", battery_statements_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", given_variables_are_known_to_the_parser, TIMEOUT_UNIT, 0, 0},
        {"forms", every_hold_point_parses_and_formats_back, TIMEOUT_UNIT, 0, HOLD_CASES},
        {"forms", modem_statements_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", expectations_parse, TIMEOUT_UNIT, 0, 0},
        {"forms", blocks_nest_and_keep_their_statements, TIMEOUT_UNIT, 0, 0},
        {"forms", several_scenarios_keep_jobs_and_variables_apart, TIMEOUT_UNIT, 0, 0},
        {"forms", columns_count_characters, TIMEOUT_UNIT, 0, 0},
        {"forms", folder_comes_from_the_path, TIMEOUT_UNIT, 0, 0},
        {"forms", example_scenarios_parse, TIMEOUT_UNIT, 0, 0},
        {"errors", error_is_reported_at_its_place, TIMEOUT_UNIT, 0, ERROR_CASES},
        {"errors", nul_byte_is_an_error, TIMEOUT_UNIT, 0, 0},
        {"limits", nesting_up_to_the_limit_parses, TIMEOUT_PROCESS, 0, 0},
        {"limits", nesting_past_the_limit_is_an_error, TIMEOUT_PROCESS, 0, 0},
        {"limits", too_many_jobs_variables_and_scenarios, TIMEOUT_PROCESS, 0, 0},
        {"limits", file_at_the_size_limit_parses_and_past_it_is_refused, TIMEOUT_PROCESS, 0, 0},
        {"limits", many_statements_and_a_long_string_parse, TIMEOUT_PROCESS, 0, 0},
        {"limits", text_is_read_by_length_not_to_a_nul, TIMEOUT_PROCESS, 0, 0},
        {"limits", binary_input_is_refused_cleanly, TIMEOUT_PROCESS, 0, 0},
        {"limits", reason_is_truncated_never_overflowed, TIMEOUT_PROCESS, 0, 0},
        {"api", load_reads_a_file_and_names_read_errors, TIMEOUT_UNIT, 0, 0},
        {"api", status_table_matches_faxdev_h, TIMEOUT_UNIT, 0, 0},
        {"api", error_table_matches_winerror_h, TIMEOUT_UNIT, 0, 0},
        {"api", names_for_logs, TIMEOUT_UNIT, 0, 0},
        {"api", free_is_safe_on_zeroed_and_twice, TIMEOUT_UNIT, 0, 0},
        {"api", expand_replaces_variables, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("fsc_parse", tests, HARNESS_COUNT(tests));
}
