/*
 * check_timeline.c - the event-log reader (common/json_flat.c) and the HTML timeline
 * made from one scenario's events (common/timeline_html.c).
 *
 * json_flat: log lines of every member kind, escapes, surrogate pairs, the int64 limits,
 * every class of error with its byte and message, the size and member limits.
 * timeline_render: lanes, bars and markers for a small two-thread log, the FAIL table,
 * escaping of log text, unreadable and unknown lines listed without failing, an empty
 * slice, a write error, and 10k events with an extreme time range staying bounded.
 *
 * Runs from the repository root (make check's working directory).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_harness.h"
#include "event_list.h"
#include "json_flat.h"
#include "json_line.h"
#include "kit_temp.h"
#include "timeline_html.h"

/* --- Helpers: every check says what it expected and what it got ----------------------- */

#define expect_long(what, want, got)                                                     \
    ck_assert_msg((long long)(want) == (long long)(got), "%s: expected %lld, got %lld",   \
                  (what), (long long)(want), (long long)(got))

#define expect_str(what, want, got)                                                      \
    do {                                                                                 \
        const char *got_ = (got);                                                        \
        ck_assert_msg(got_ != NULL && strcmp((want), got_) == 0,                         \
                      "%s: expected \"%s\", got %s%s%s", (what), (want),                 \
                      got_ ? "\"" : "", got_ ? got_ : "NULL", got_ ? "\"" : "");         \
    } while (0)

static void parse_ok(const char *text, json_flat *obj)
{
    char why[256];
    int result = json_flat_parse(text, strlen(text), obj, why, sizeof(why));
    ck_assert_msg(result == 0, "expected the line to parse, got: %s\n--- line: %s", why, text);
    ck_assert_msg(why[0] == '\0', "expected an empty reason after success, got \"%s\"", why);
}

/* The member at `index`, which must be called `key` and be of `kind`. */
static const json_flat_member *member(const json_flat *obj, size_t index, const char *key,
                                      json_flat_kind kind)
{
    ck_assert_msg(index < obj->count, "member %lu of %s: the object has only %lu",
                  (unsigned long)index, key, (unsigned long)obj->count);
    const json_flat_member *m = &obj->members[index];
    expect_str("key", key, m->key);
    ck_assert_msg(m->kind == kind, "%s: expected kind %d, got %d", key, (int)kind,
                  (int)m->kind);
    return m;
}

/* The page timeline_render() writes for `jsonl`; the caller frees it. */
static char *render(const char *jsonl, size_t size, const char *title)
{
    FILE *f = tmpfile();
    ck_assert_msg(f != NULL, "tmpfile() failed");
    char why[256] = "untouched";
    int result = timeline_render(jsonl, size, title, f, why, sizeof(why));
    ck_assert_msg(result == 0, "expected the page to render, got -1: %s", why);
    ck_assert_msg(why[0] == '\0', "expected an empty reason after success, got \"%s\"", why);
    long length = ftell(f);
    ck_assert_msg(length > 0, "expected a page, got %ld bytes", length);
    char *page = malloc((size_t)length + 1);
    ck_assert_msg(page != NULL, "out of memory");
    rewind(f);
    ck_assert_msg(fread(page, 1, (size_t)length, f) == (size_t)length, "cannot read the page");
    page[length] = '\0';
    fclose(f);
    return page;
}

static size_t occurrences(const char *page, const char *text)
{
    size_t n = 0;
    for (const char *p = strstr(page, text); p; p = strstr(p + 1, text))
        n++;
    return n;
}

/* The plot (the timeline's SVG and everything after it), leaving out the legend, which
 * draws one of each shape too. */
static const char *plot(const char *page)
{
    const char *start = strstr(page, "<div class=\"plot\">");
    ck_assert_msg(start != NULL, "expected a plot in the page");
    return start;
}

#define expect_in_page(page, text)                                                       \
    ck_assert_msg(strstr((page), (text)) != NULL, "expected the page to contain %s",      \
                  (text))
#define expect_not_in_page(page, text)                                                   \
    ck_assert_msg(strstr((page), (text)) == NULL, "expected the page not to contain %s",  \
                  (text))
#define expect_count(page, text, want)                                                   \
    ck_assert_msg(occurrences((page), (text)) == (want),                                 \
                  "expected %s %lu time(s) in the page, found it %lu time(s)", (text),   \
                  (unsigned long)(want), (unsigned long)occurrences((page), (text)))

/* The page is one whole document. */
static void expect_whole_page(const char *page)
{
    ck_assert_msg(strncmp(page, "<!DOCTYPE html>\n", 16) == 0,
                  "expected the page to start with <!DOCTYPE html>, got \"%.40s\"", page);
    static const char end[] = "</body>\n</html>\n";
    size_t n = strlen(page), end_length = sizeof(end) - 1;
    ck_assert_msg(n >= end_length && strcmp(page + n - end_length, end) == 0,
                  "expected the page to end with </body></html>, got \"%s\"",
                  n > 40 ? page + n - 40 : page);
}

/* --- json_flat: what it reads ------------------------------------------------------- */

START_TEST(log_line_with_every_kind_parses)
{
    json_flat obj;
    parse_ok(" {\"v\":1, \"ev\" : \"return\",\"ret\":-1,\"present\":true,\"required\":false,"
             "\"dll\":null,\"t_us\":0}\r\n", &obj);
    expect_long("members", 7, obj.count);
    expect_long("v", 1, member(&obj, 0, "v", JSON_FLAT_INT)->integer);
    expect_str("ev", "return", member(&obj, 1, "ev", JSON_FLAT_STRING)->str);
    expect_long("ret", -1, member(&obj, 2, "ret", JSON_FLAT_INT)->integer);
    expect_long("present", 1, member(&obj, 3, "present", JSON_FLAT_BOOL)->boolean);
    expect_long("required", 0, member(&obj, 4, "required", JSON_FLAT_BOOL)->boolean);
    ck_assert_msg(member(&obj, 5, "dll", JSON_FLAT_NULL)->str == NULL, "null has a string");
    expect_long("t_us", 0, member(&obj, 6, "t_us", JSON_FLAT_INT)->integer);
    json_flat_free(&obj);
}
END_TEST

START_TEST(getters_answer_only_for_their_kind)
{
    json_flat obj;
    parse_ok("{\"ev\":\"call\",\"fn\":\"FaxDevSend\",\"seq\":17}", &obj);
    expect_str("fn", "FaxDevSend", json_flat_str(&obj, "fn"));
    ck_assert_msg(json_flat_str(&obj, "seq") == NULL, "an integer was returned as a string");
    ck_assert_msg(json_flat_str(&obj, "job") == NULL, "an absent key was found");
    int64_t value = 42;
    ck_assert_msg(json_flat_int(&obj, "seq", &value) == 1, "seq was not found as an integer");
    expect_long("seq", 17, value);
    value = 42;
    ck_assert_msg(json_flat_int(&obj, "fn", &value) == 0 && value == 42,
                  "a string was returned as an integer, or *out was written (%lld)",
                  (long long)value);
    ck_assert_msg(json_flat_int(&obj, "tid", &value) == 0, "an absent key was found");
    ck_assert_msg(json_flat_get(&obj, "ev") == &obj.members[0], "json_flat_get missed ev");
    json_flat_free(&obj);
}
END_TEST

START_TEST(escapes_decode_to_utf8)
{
    json_flat obj;
    parse_ok("{\"s\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t e\\u00e9 \\u20AC "
             "raw \xc3\xa9 \xe2\x82\xac\","
             "\"\\u006By\":1}", &obj);
    expect_str("s", "q\" b\\ s/ \b\f\n\r\t e\xc3\xa9 \xe2\x82\xac raw \xc3\xa9 \xe2\x82\xac",
               json_flat_str(&obj, "s"));
    ck_assert_msg(json_flat_get(&obj, "ky") != NULL, "the escaped key \"\\u006By\" was not "
                  "decoded to \"ky\"");
    json_flat_free(&obj);
}
END_TEST

START_TEST(surrogate_pairs_decode_to_one_character)
{
    json_flat obj;
    parse_ok("{\"a\":\"\\uD83D\\uDE00\",\"b\":\"x\\ud834\\udd1ey\",\"c\":\"\\uDBFF\\uDFFF\"}",
             &obj);
    expect_str("U+1F600", "\xf0\x9f\x98\x80", json_flat_str(&obj, "a"));
    expect_str("U+1D11E between x and y", "x\xf0\x9d\x84\x9ey", json_flat_str(&obj, "b"));
    expect_str("U+10FFFF", "\xf4\x8f\xbf\xbf", json_flat_str(&obj, "c"));
    json_flat_free(&obj);
}
END_TEST

START_TEST(integers_reach_the_int64_limits)
{
    json_flat obj;
    parse_ok("{\"max\":9223372036854775807,\"min\":-9223372036854775808,\"zero\":-0}", &obj);
    expect_long("max", INT64_MAX, member(&obj, 0, "max", JSON_FLAT_INT)->integer);
    ck_assert_msg(member(&obj, 1, "min", JSON_FLAT_INT)->integer == INT64_MIN,
                  "min: expected INT64_MIN, got %lld", (long long)obj.members[1].integer);
    expect_long("zero", 0, member(&obj, 2, "zero", JSON_FLAT_INT)->integer);
    json_flat_free(&obj);
}
END_TEST

/* The host writes 64-bit values the DLL chose (handles, packet fields) with
 * json_line_u64; every reader of the log must take them back whole. fspconform's reader
 * once refused them ("too big integer") and dropped every verdict of the run. */
START_TEST(writer_and_readers_agree_on_the_full_64_bit_range)
{
    json_line line = {0};
    json_line_begin(&line);
    json_line_u64(&line, "v", 1);
    json_line_str(&line, "ev", "packet");
    json_line_u64(&line, "handle", UINT64_MAX);
    json_line_u64(&line, "above", (uint64_t)INT64_MAX + 1);
    json_line_i64(&line, "min", INT64_MIN);
    size_t length = 0;
    const char *text = json_line_finish(&line, &length);
    ck_assert_msg(text != NULL, "the writer failed");
    json_flat obj;
    char why[128];
    ck_assert_msg(json_flat_parse(text, length, &obj, why, sizeof(why)) == 0, "%s: %s", text,
                  why);
    uint64_t u = 0;
    int64_t i = 0;
    ck_assert_msg(json_flat_u64(&obj, "handle", &u) && u == UINT64_MAX,
                  "handle: expected UINT64_MAX, got %llu", (unsigned long long)u);
    ck_assert_msg(json_flat_u64(&obj, "above", &u) && u == (uint64_t)INT64_MAX + 1,
                  "above: expected 2^63, got %llu", (unsigned long long)u);
    ck_assert_msg(!json_flat_int(&obj, "above", &i), "2^63 was read as an int64_t");
    ck_assert_msg(json_flat_int(&obj, "min", &i) && i == INT64_MIN && !json_flat_u64(&obj, "min", &u),
                  "min: expected INT64_MIN only as a signed value");
    json_flat_free(&obj);

    /* ... and fspconform's event list reads the whole log, verdicts and all */
    char path[256];
    int fd = kit_temp_file("events", ".jsonl", path, sizeof(path));
    ck_assert_msg(fd >= 0, "cannot create a temporary log");
    FILE *f = fdopen(fd, "w");
    fprintf(f, "%s{\"v\":1,\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"JOB-5\","
               "\"msg\":\"job a: StartJob set the handle 0xffffffffffffffff\"}\n", text);
    fclose(f);
    json_line_free(&line);
    event_list events;
    ck_assert_msg(event_list_load(path, &events, why, sizeof(why)) == 0, "%s", why);
    unlink(path);
    ck_assert_msg(events.count == 2 && event_list_find_verdict(&events, "JOB-5", "PASS", NULL),
                  "expected 2 events and the JOB-5 verdict, got %zu events", events.count);
    event_list_free(&events);
}
END_TEST

START_TEST(empty_object_and_text_read_by_length)
{
    json_flat obj;
    parse_ok("{ }", &obj);
    ck_assert_msg(obj.count == 0 && obj.members == NULL, "expected no members, got %lu",
                  (unsigned long)obj.count);
    json_flat_free(&obj);
    char why[128];
    const char *text = "{\"a\":1}garbage";
    ck_assert_msg(json_flat_parse(text, 7, &obj, why, sizeof(why)) == 0,
                  "the first 7 bytes should parse alone, got: %s", why);
    expect_long("a", 1, member(&obj, 0, "a", JSON_FLAT_INT)->integer);
    json_flat_free(&obj);
}
END_TEST

/* --- json_flat: what it refuses, and where --------------------------------------------- */

typedef struct error_case {
    const char *name;
    const char *text;
    size_t length;          /* 0: strlen(text) */
    const char *why;
} error_case;

static const error_case error_cases[] = {
    {"empty line", "", 0,
     "byte 1: expected '{' (a log line is one JSON object), found the end of the line"},
    {"an array at the top", "[1]", 0,
     "byte 1: expected '{' (a log line is one JSON object), found '['"},
    {"a float", "{\"a\":1.5}", 0,
     "byte 7: floating-point numbers are not supported (integers only)"},
    {"an exponent", "{\"a\":-1e3}", 0,
     "byte 8: floating-point numbers are not supported (integers only)"},
    {"a nested object", "{\"a\":{}}", 0,
     "byte 6: nested objects are not supported (a log line is flat)"},
    {"an array value", "{\"a\":[1]}", 0,
     "byte 6: arrays are not supported (a log line is flat)"},
    {"a leading zero", "{\"a\":01}", 0, "byte 6: a number may not have a leading zero"},
    {"a lone minus", "{\"a\":-}", 0, "byte 7: expected a digit after '-', found '}'"},
    {"above UINT64_MAX", "{\"a\":18446744073709551616}", 0,
     "byte 6: the integer does not fit in 64 bits (above UINT64_MAX)"},
    {"below INT64_MIN", "{\"a\":-9223372036854775809}", 0,
     "byte 6: the integer does not fit in 64 bits (below INT64_MIN)"},
    {"a misspelt true", "{\"a\":tru}", 0, "byte 6: expected 'true'"},
    {"a misspelt null", "{\"a\":nil}", 0, "byte 6: expected 'null'"},
    {"a bare word", "{\"a\":x}", 0,
     "byte 6: expected a value (string, integer, true, false or null), found 'x'"},
    {"a duplicate key", "{\"a\":1,\"a\":2}", 0, "byte 8: duplicate key \"a\""},
    {"no colon", "{\"a\" 1}", 0, "byte 6: expected ':' after the key, found '1'"},
    {"an unquoted key", "{a:1}", 0,
     "byte 2: expected a key (a string in double quotes), found 'a'"},
    {"a trailing comma", "{\"a\":1,}", 0,
     "byte 8: expected a key (a string in double quotes), found '}'"},
    {"no comma", "{\"a\":1 \"b\":2}", 0,
     "byte 8: expected ',' or '}' after a value, found '\"'"},
    {"no closing brace", "{\"a\":1", 0,
     "byte 7: expected ',' or '}' after a value, found the end of the line"},
    {"a NUL byte", "{\"a\":1\0}", 8,
     "byte 7: expected ',' or '}' after a value, found byte 0x00"},
    {"text after the object", "{\"a\":1} x", 0, "byte 9: 'x' after the object's closing '}'"},
    {"two objects", "{}{}", 0, "byte 3: '{' after the object's closing '}'"},
    {"an unterminated string", "{\"a\":\"abc", 0,
     "byte 10: the line ends inside the string opened at byte 6"},
    {"an unknown escape", "{\"a\":\"\\q\"}", 0,
     "byte 7: invalid escape: backslash before 'q' (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t "
     "\\uXXXX)"},
    {"a backslash at the end", "{\"a\":\"\\", 0, "byte 8: the line ends inside an escape"},
    {"a short \\u", "{\"a\":\"\\u12\"}", 0, "byte 11: \\u needs four hex digits"},
    {"a \\u cut off", "{\"a\":\"\\u12", 0, "byte 11: the line ends inside a \\u escape"},
    {"\\u0000", "{\"a\":\"\\u0000\"}", 0, "byte 7: \\u0000 is refused (strings end at NUL)"},
    {"a lone low surrogate", "{\"a\":\"\\uDE00\"}", 0,
     "byte 7: unpaired low surrogate \\uDE00"},
    {"a lone high surrogate", "{\"a\":\"\\uD83Dx\"}", 0,
     "byte 7: unpaired high surrogate \\uD83D (a \\uDC00..\\uDFFF must follow)"},
    {"a high surrogate and a letter", "{\"a\":\"\\uD83D\\u0041\"}", 0,
     "byte 13: \\u0041 after the high surrogate \\uD83D is not a low surrogate "
     "(\\uDC00..\\uDFFF)"},
    {"a raw tab", "{\"a\":\"x\ty\"}", 0,
     "byte 8: control character 0x09 in a string (it must be escaped)"},
    {"a broken UTF-8 sequence", "{\"a\":\"\xc3(\"}", 0,
     "byte 7: invalid UTF-8 (byte 0xC3 does not start a well-formed sequence here)"},
    {"an overlong UTF-8 form", "{\"a\":\"\xc0\xaf\"}", 0,
     "byte 7: invalid UTF-8 (byte 0xC0 does not start a well-formed sequence here)"},
    {"a UTF-8 surrogate", "{\"k\xed\xa0\x80\":1}", 0,
     "byte 4: invalid UTF-8 (byte 0xED does not start a well-formed sequence here)"},
};
#define ERROR_CASES (int)(sizeof(error_cases) / sizeof(error_cases[0]))

START_TEST(error_is_reported_at_its_byte)
{
    const error_case *c = &error_cases[_i];
    json_flat obj;
    memset(&obj, 0x5A, sizeof(obj));    /* the parser must zero it */
    char why[512];
    size_t length = c->length ? c->length : strlen(c->text);
    int result = json_flat_parse(c->text, length, &obj, why, sizeof(why));
    ck_assert_msg(result == -1, "%s: expected an error, got success", c->name);
    ck_assert_msg(strcmp(why, c->why) == 0, "%s:\nexpected: %s\n     got: %s", c->name,
                  c->why, why);
    ck_assert_msg(obj.count == 0 && obj.members == NULL && obj.strings == NULL,
                  "%s: expected a zeroed json_flat after the error, got %lu member(s)",
                  c->name, (unsigned long)obj.count);
    json_flat_free(&obj);
}
END_TEST

START_TEST(members_up_to_the_limit)
{
    char *text = malloc(16 * (JSON_FLAT_MAX_MEMBERS + 1) + 2);
    size_t n = 0;
    text[n++] = '{';
    for (int i = 0; i < JSON_FLAT_MAX_MEMBERS; i++)
        n += (size_t)sprintf(text + n, "%s\"k%d\":%d", i ? "," : "", i, i);
    text[n] = '}';
    json_flat obj;
    char why[128];
    ck_assert_msg(json_flat_parse(text, n + 1, &obj, why, sizeof(why)) == 0,
                  "%d members should parse, got: %s", JSON_FLAT_MAX_MEMBERS, why);
    expect_long("members", JSON_FLAT_MAX_MEMBERS, obj.count);
    expect_long("last member", JSON_FLAT_MAX_MEMBERS - 1,
                obj.members[JSON_FLAT_MAX_MEMBERS - 1].integer);
    json_flat_free(&obj);

    size_t extra_at = n;
    n += (size_t)sprintf(text + n, ",\"extra\":1}");
    ck_assert_msg(json_flat_parse(text, n, &obj, why, sizeof(why)) == -1,
                  "%d members should be refused", JSON_FLAT_MAX_MEMBERS + 1);
    char want[64];
    snprintf(want, sizeof(want), "byte %lu: more than 256 members",
             (unsigned long)extra_at + 2);
    expect_str("reason", want, why);
    free(text);
}
END_TEST

/* A line of exactly `length` bytes: one string member padded with 'x'. */
static char *line_of_length(size_t length)
{
    char *text = malloc(length);
    memset(text, 'x', length);
    memcpy(text, "{\"s\":\"", 6);
    memcpy(text + length - 2, "\"}", 2);
    return text;
}

START_TEST(line_at_the_size_limit_parses_and_past_it_is_refused)
{
    json_flat obj;
    char why[128];
    char *text = line_of_length(JSON_FLAT_MAX_LENGTH);
    ck_assert_msg(json_flat_parse(text, JSON_FLAT_MAX_LENGTH, &obj, why, sizeof(why)) == 0,
                  "a line of exactly %u bytes should parse, got: %s", JSON_FLAT_MAX_LENGTH,
                  why);
    expect_long("string length", JSON_FLAT_MAX_LENGTH - 8, strlen(json_flat_str(&obj, "s")));
    json_flat_free(&obj);
    free(text);

    text = line_of_length(JSON_FLAT_MAX_LENGTH + 1);
    ck_assert_msg(json_flat_parse(text, JSON_FLAT_MAX_LENGTH + 1, &obj, why, sizeof(why)) == -1,
                  "a line one byte over the limit should be refused");
    expect_str("reason", "byte 1048577: the line is longer than 1048576 bytes", why);
    free(text);
}
END_TEST

START_TEST(reason_is_truncated_never_overflowed)
{
    json_flat obj;
    char why[12];
    memset(why, 'G', sizeof(why));
    ck_assert_msg(json_flat_parse("{\"a\":1.5}", 9, &obj, why, 10) == -1, "expected an error");
    expect_str("truncated reason", "byte 7: f", why);
    ck_assert_msg(why[10] == 'G' && why[11] == 'G', "wrote past the given size");
    ck_assert_msg(json_flat_parse("{\"a\":1.5}", 9, &obj, NULL, 0) == -1,
                  "expected an error without a reason buffer");
    json_flat_free(&obj);
    json_flat_free(&obj);   /* documented as safe twice */
}
END_TEST

/* --- timeline_render ------------------------------------------------------------------ */

/* Two threads: the scenario's (36) and one the service calls FaxDevSend on (112). */
static const char TWO_THREADS[] =
    "{\"v\":1,\"ev\":\"scenario\",\"file\":\"s.fsc\",\"name\":\"send\",\"seq\":0,\"t_us\":1000,"
    "\"tid\":36}\n"
    "{\"v\":1,\"ev\":\"step\",\"where\":\"s.fsc:3:3\",\"op\":\"send\",\"job\":\"j1\",\"seq\":1,"
    "\"t_us\":1100,\"tid\":36}\n"
    "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevSend\",\"job\":\"j1\",\"seq\":2,\"t_us\":1200,"
    "\"tid\":112}\n"
    "{\"v\":1,\"ev\":\"packet\",\"job\":\"j1\",\"bytes\":0,\"service_heap\":true,"
    "\"status\":\"FS_DIALING\",\"status_id\":536870913,\"seq\":3,\"t_us\":2500,\"tid\":36}\n"
    "{\"v\":1,\"ev\":\"return\",\"fn\":\"FaxDevSend\",\"job\":\"j1\",\"ret\":1,"
    "\"last_error\":0,\"us\":3800,\"seq\":4,\"t_us\":5000,\"tid\":112}\n"
    "{\"v\":1,\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"SEND-5\",\"strength\":"
    "\"documented\",\"msg\":\"reserved arguments 1, 0; they must be 0\",\"seq\":5,"
    "\"t_us\":5100,\"tid\":112}\n"
    "{\"v\":1,\"ev\":\"verdict\",\"level\":\"PASS\",\"clause\":\"EXP-1\",\"strength\":"
    "\"documented\",\"msg\":\"every required export is present\",\"seq\":6,\"t_us\":5200,"
    "\"tid\":36}\n";

START_TEST(two_threads_make_two_lanes_with_a_bar_and_markers)
{
    char *page = render(TWO_THREADS, sizeof(TWO_THREADS) - 1, "send scenario");
    expect_whole_page(page);
    expect_in_page(page, "<title>send scenario - timeline</title>");
    expect_in_page(page, ">tid 36 - scenario</text>");
    expect_in_page(page, ">tid 112 - FaxDevSend</text>");
    expect_count(plot(page), "<rect class=\"bar\" x=", 1);
    expect_in_page(page, "<title>FaxDevSend\ncall: +0.200 ms, line 3");
    expect_in_page(page, "\n\nreturn: +4.000 ms, line 5");
    expect_count(plot(page), "<g class=\"m-pkt\"><title>packet - line 4, +1.500 ms", 1);
    expect_count(plot(page), "<g class=\"m-step\">", 1);
    expect_count(plot(page), "<g class=\"m-scn\">", 1);
    expect_count(plot(page), "<g class=\"m-fail\"><title>verdict - line 6", 1);
    expect_count(plot(page), "<line class=\"guide m-fail\"", 1);
    /* PASS is listed, not drawn; the FAIL is in the table with its statement. */
    expect_not_in_page(page, "<title>verdict - line 7");
    expect_in_page(page, "<tr><td>+4.100 ms</td><td class=\"FAIL\">FAIL</td><td>SEND-5</td>"
                         "<td>documented</td><td>reserved arguments 1, 0; they must be 0</td>"
                         "<td>s.fsc:3:3 send</td><td>6</td></tr>");
    expect_in_page(page, "Verdicts: 1 FAIL, 0 WARN, 1 PASS, 0 INFO.");
    expect_count(page, "<li>", 7);
    expect_in_page(page, "&quot;clause&quot;:&quot;EXP-1&quot;");
    free(page);
}
END_TEST

START_TEST(log_text_is_escaped)
{
    const char log[] =
        "{\"v\":1,\"ev\":\"verdict\",\"level\":\"FAIL\",\"clause\":\"X-1\",\"msg\":"
        "\"<script>alert('x')</script> & \\\"q\\\"\",\"seq\":0,\"t_us\":5,\"tid\":1}\n"
        "{\"v\":1,\"ev\":\"call\",\"fn\":\"<b>F</b>\",\"seq\":1,\"t_us\":9,\"tid\":2}\n";
    char *page = render(log, sizeof(log) - 1, "a <title> & more");
    expect_count(page, "<script", 1);               /* the page's own zoom script alone */
    expect_in_page(page, "<script>\n(function () {");
    expect_not_in_page(page, "<b>");
    expect_in_page(page, "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
                         "&quot;q&quot;</td>");
    expect_in_page(page, "<h1>a &lt;title&gt; &amp; more</h1>");
    expect_in_page(page, ">tid 2 - &lt;b&gt;F&lt;/b&gt;</text>");
    /* The raw line in the list is escaped too. */
    expect_in_page(page, "&quot;msg&quot;:&quot;&lt;script&gt;");
    free(page);
}
END_TEST

START_TEST(unreadable_lines_are_listed_not_fatal)
{
    const char log[] =
        "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevInitialize\",\"seq\":0,\"t_us\":10,"
        "\"tid\":5}\n"
        "{\"v\":1,\"ev\":\"packet\",\"bytes\":1.5}\n"
        "{\"v\":2,\"ev\":\"packet\",\"seq\":1,\"t_us\":20,\"tid\":5}\n"
        "\n"
        "{\"v\":1,\"ev\":\"return\",\"fn\":\"FaxDevInitialize\",\"ret\":1,\"seq\":2,"
        "\"t_us\":30,\"tid\":5}\n"
        "{\"v\":1,\"ev\":\"report\",\"msg\":\"cut off by a cra\xff";
    char *page = render(log, sizeof(log) - 1, NULL);
    expect_whole_page(page);
    expect_in_page(page, "unreadable line 2: byte 31: floating-point numbers are not "
                         "supported (integers only)");
    expect_in_page(page, "unreadable line 3: schema version 2 (this page knows version 1)");
    expect_in_page(page, "unreadable line 6: byte 45: invalid UTF-8 (byte 0xFF does not start "
                         "a well-formed sequence here)");
    expect_in_page(page, "cut off by a cra\\xFF");    /* the raw byte, shown as text */
    expect_in_page(page, "unreadable lines: 3.");
    expect_count(page, "<li class=\"bad\">", 3);
    expect_count(plot(page), "<rect class=\"bar\" x=", 1);  /* the readable lines still drawn */
    free(page);
}
END_TEST

START_TEST(unknown_and_unplaceable_events_are_listed_not_drawn)
{
    const char log[] =
        "{\"v\":1,\"ev\":\"future-thing\",\"x\":\"y\",\"seq\":0,\"t_us\":10,\"tid\":5}\n"
        "{\"v\":1,\"ev\":\"packet\",\"job\":\"j\",\"seq\":1,\"t_us\":20}\n"
        "{\"v\":1,\"ev\":\"packet\",\"job\":\"j\",\"seq\":2,\"tid\":5}\n"
        "{\"v\":1,\"ev\":\"verdict\",\"level\":\"INFO\",\"clause\":\"I-1\",\"seq\":3,"
        "\"t_us\":30,\"tid\":5}\n";
    char *page = render(log, sizeof(log) - 1, "t");
    expect_in_page(page, "&quot;ev&quot;:&quot;future-thing&quot;");
    expect_not_in_page(page, "<title>future-thing");
    expect_in_page(page, "&quot;seq&quot;:1,&quot;t_us&quot;:20} "
                         "<span class=\"nd\">(not drawn: no tid)</span>");
    expect_in_page(page, "<span class=\"nd\">(not drawn: no t_us)</span>");
    expect_not_in_page(plot(page), "<g class=\"m-pkt\">");
    expect_in_page(page, ">tid 5 - future-thing</text>");
    expect_in_page(page, "No FAIL or WARN verdicts.");
    free(page);
}
END_TEST

START_TEST(empty_slice_gives_a_page_saying_so)
{
    char *page = render("", 0, "nothing");
    expect_whole_page(page);
    expect_in_page(page, "There are no events in this slice of the log.");
    expect_in_page(page, "No FAIL or WARN verdicts.");
    expect_not_in_page(page, "<svg");
    free(page);
    page = render(NULL, 0, NULL);
    expect_whole_page(page);
    expect_in_page(page, "There are no events in this slice of the log.");
    free(page);
}
END_TEST

START_TEST(warn_is_drawn_and_tabled_info_is_only_listed)
{
    const char log[] =
        "{\"v\":1,\"ev\":\"step\",\"where\":\"r.fsc:9:3\",\"op\":\"report\",\"seq\":0,"
        "\"t_us\":0,\"tid\":3}\n"
        "{\"v\":1,\"ev\":\"verdict\",\"level\":\"WARN\",\"clause\":\"RPT-8\",\"strength\":"
        "\"sample convention\",\"msg\":\"page 0\",\"seq\":1,\"t_us\":2000,\"tid\":3}\n"
        "{\"v\":1,\"ev\":\"verdict\",\"level\":\"INFO\",\"clause\":\"SEND-9\",\"msg\":"
        "\"2 ms\",\"seq\":2,\"t_us\":2100,\"tid\":3}\n";
    char *page = render(log, sizeof(log) - 1, "t");
    expect_count(plot(page), "<g class=\"m-warn\"><title>verdict - line 2, +2.000 ms", 1);
    expect_count(plot(page), "<title>verdict", 1);
    expect_in_page(page, "<td class=\"WARN\">WARN</td><td>RPT-8</td><td>sample convention</td>"
                         "<td>page 0</td><td>r.fsc:9:3 report</td>");
    expect_not_in_page(page, "<td>SEND-9</td>");
    expect_in_page(page, "Verdicts: 0 FAIL, 1 WARN, 0 PASS, 1 INFO.");
    free(page);
}
END_TEST

/* Lanes stop at 64 threads; events on the others are still listed. */
START_TEST(threads_past_the_lane_limit_are_listed)
{
    char log[100 * 80];
    size_t n = 0;
    for (int tid = 1; tid <= 70; tid++)
        n += (size_t)snprintf(log + n, sizeof(log) - n, "{\"v\":1,\"ev\":\"packet\","
                              "\"seq\":%d,\"t_us\":%d,\"tid\":%d}\n", tid, tid * 10, tid);
    char *page = render(log, n, "t");
    expect_in_page(page, ">tid 64 - packet</text>");
    expect_not_in_page(page, ">tid 65 - ");
    expect_count(page, "(not drawn: too many threads to draw)", 6);
    expect_count(plot(page), "<g class=\"m-pkt\">", 64);
    expect_in_page(page, "70 events on 64 threads");
    free(page);
}
END_TEST

START_TEST(nested_open_and_orphan_calls)
{
    /* Send { ReportStatus } and then Shutdown, which never returns; a stray return. */
    const char log[] =
        "{\"v\":1,\"ev\":\"return\",\"fn\":\"FaxDevStartJob\",\"ret\":1,\"seq\":0,\"t_us\":0,"
        "\"tid\":9}\n"
        "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevSend\",\"seq\":1,\"t_us\":100,\"tid\":9}\n"
        "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevReportStatus\",\"seq\":2,\"t_us\":200,"
        "\"tid\":9}\n"
        "{\"v\":1,\"ev\":\"return\",\"fn\":\"FaxDevReportStatus\",\"ret\":1,\"seq\":3,"
        "\"t_us\":300,\"tid\":9}\n"
        "{\"v\":1,\"ev\":\"return\",\"fn\":\"FaxDevSend\",\"ret\":1,\"seq\":4,\"t_us\":400,"
        "\"tid\":9}\n"
        "{\"v\":1,\"ev\":\"call\",\"fn\":\"FaxDevShutdown\",\"seq\":5,\"t_us\":500,"
        "\"tid\":9}\n";
    char *page = render(log, sizeof(log) - 1, "t");
    /* The lane's first event is a return: its role is its first call's fn. */
    expect_in_page(page, ">tid 9 - FaxDevSend</text>");
    expect_count(plot(page), "<rect class=\"bar\" x=", 2);
    expect_count(plot(page), "<rect class=\"bar open\" x=", 1);
    /* ReportStatus nests one row below Send: BAR_TOP 15 + BAR_STEP 11 in lane 0 at 30. */
    expect_in_page(page, "y=\"56.0\" width=\"100.0\" height=\"10.0\">"
                         "<title>FaxDevReportStatus");
    expect_in_page(page, "<title>FaxDevShutdown (no return in the log)");
    expect_count(plot(page), "<g class=\"m-ret\"><title>return - line 1", 1);
    free(page);
}
END_TEST

START_TEST(axis_is_in_ms_from_the_first_event)
{
    /* 5 ms over the minimum width of 1000 px: a tick every 0.5 ms. */
    const char log[] =
        "{\"v\":1,\"ev\":\"packet\",\"seq\":0,\"t_us\":70000,\"tid\":1}\n"
        "{\"v\":1,\"ev\":\"packet\",\"seq\":1,\"t_us\":75000,\"tid\":1}\n";
    char *page = render(log, sizeof(log) - 1, "t");
    expect_in_page(page, ">0.0 ms</text>");
    expect_in_page(page, ">2.5 ms</text>");
    expect_in_page(page, ">5.0 ms</text>");
    expect_not_in_page(page, ">5.5 ms</text>");
    expect_in_page(page, "over 5.000 ms (from t_us 70000)");
    expect_in_page(page, "<div class=\"plot\"><svg width=\"1056\"");
    free(page);
}
END_TEST

/* 10k events over the whole int64 range: width capped, a bounded number of ticks. */
START_TEST(ten_thousand_events_over_a_huge_range_stay_bounded)
{
    size_t size = 10000 * 80, n = 0;
    char *log = malloc(size);
    for (int i = 0; i < 10000; i++) {
        long long t = i == 9999 ? INT64_MAX : (long long)i * 1000;
        n += (size_t)snprintf(log + n, size - n, "{\"v\":1,\"ev\":\"%s\",\"fn\":\"F\","
                              "\"seq\":%d,\"t_us\":%lld,\"tid\":%d}\n",
                              i % 2 ? "return" : "call", i, t, i % 100 < 50 ? 1 : 2);
    }
    char *page = render(log, n, "many");
    expect_in_page(page, "<div class=\"plot\"><svg width=\"4056\"");
    size_t ticks = occurrences(page, "<line class=\"grid\"");
    ck_assert_msg(ticks >= 2 && ticks <= 60, "expected 2 to 60 ticks, got %lu",
                  (unsigned long)ticks);
    expect_count(page, "<li>", 10000);
    expect_count(plot(page), "<rect class=\"bar", 5000);
    free(page);
    free(log);
}
END_TEST

/* The page opens fitted to the whole run: every FAIL and WARN is marked on the overview
 * strip, placed in percent of the plot (so no scrolling or scaling hides one), and the
 * script that fits and zooms the plot is there; the plot's viewBox lets it scale. Before:
 * a 14.8 s run opened on its first 3.5 s with every FAIL off-screen. */
START_TEST(fails_are_marked_on_the_overview_and_the_page_opens_fitted)
{
    char log[2048];
    size_t n = 0;
    static const long long at_ms[] = {1000, 7000, 14800};
    n += (size_t)snprintf(log + n, sizeof(log) - n, "{\"v\":1,\"ev\":\"step\",\"where\":"
                          "\"r.fsc:2:1\",\"op\":\"send\",\"seq\":0,\"t_us\":0,\"tid\":3}\n");
    for (int i = 0; i < 3; i++)
        n += (size_t)snprintf(log + n, sizeof(log) - n, "{\"v\":1,\"ev\":\"verdict\","
                              "\"level\":\"FAIL\",\"clause\":\"SEND-8\",\"msg\":\"m%d\","
                              "\"seq\":%d,\"t_us\":%lld,\"tid\":3}\n", i, i + 1,
                              at_ms[i] * 1000);
    n += (size_t)snprintf(log + n, sizeof(log) - n, "{\"v\":1,\"ev\":\"verdict\",\"level\":"
                          "\"WARN\",\"clause\":\"ABORT-3\",\"msg\":\"slow\",\"seq\":9,"
                          "\"t_us\":3500000,\"tid\":3}\n");
    char *page = render(log, n, "fitted");
    expect_whole_page(page);
    expect_count(page, "<span class=\"ov-fail\"", 3);
    expect_count(page, "<span class=\"ov-warn\"", 1);
    /* 4000 px of axis (the cap) plus 28 px each side: the last FAIL at 4028 of 4056 */
    expect_in_page(page, "<span class=\"ov-fail\" style=\"left:99.310%\" data-x=\"4028.0\" "
                         "title=\"FAIL SEND-8: m2\">");
    expect_in_page(page, "<svg width=\"4056\" height=\"128\" viewBox=\"0 0 4056 128\" "
                         "preserveAspectRatio=\"none\">");
    expect_in_page(page, "<script>");
    expect_in_page(page, "zoom(0, 0);");
    free(page);
    /* nothing drawn, nothing to zoom: no script */
    page = render("", 0, "empty");
    expect_not_in_page(page, "<script>");
    free(page);
}
END_TEST

START_TEST(write_failure_is_reported)
{
    FILE *read_only = fopen("conformance/tests/check_timeline.c", "r");
    ck_assert_msg(read_only != NULL, "cannot open this test's source (run from the root)");
    char why[128] = "";
    int result = timeline_render(TWO_THREADS, sizeof(TWO_THREADS) - 1, "t", read_only, why,
                                 sizeof(why));
    fclose(read_only);
    ck_assert_msg(result == -1, "expected -1 when the page cannot be written, got %d", result);
    expect_str("reason", "cannot write the page (I/O error)", why);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"json_flat reads", log_line_with_every_kind_parses, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", getters_answer_only_for_their_kind, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", escapes_decode_to_utf8, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", surrogate_pairs_decode_to_one_character, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", integers_reach_the_int64_limits, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", writer_and_readers_agree_on_the_full_64_bit_range, TIMEOUT_UNIT, 0, 0},
        {"json_flat reads", empty_object_and_text_read_by_length, TIMEOUT_UNIT, 0, 0},
        {"json_flat refuses", error_is_reported_at_its_byte, TIMEOUT_UNIT, 0, ERROR_CASES},
        {"json_flat refuses", members_up_to_the_limit, TIMEOUT_UNIT, 0, 0},
        {"json_flat refuses", line_at_the_size_limit_parses_and_past_it_is_refused, TIMEOUT_UNIT, 0, 0},
        {"json_flat refuses", reason_is_truncated_never_overflowed, TIMEOUT_UNIT, 0, 0},
        {"timeline page", two_threads_make_two_lanes_with_a_bar_and_markers, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", log_text_is_escaped, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", unreadable_lines_are_listed_not_fatal, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", unknown_and_unplaceable_events_are_listed_not_drawn, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", empty_slice_gives_a_page_saying_so, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", warn_is_drawn_and_tabled_info_is_only_listed, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", threads_past_the_lane_limit_are_listed, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", nested_open_and_orphan_calls, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", axis_is_in_ms_from_the_first_event, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", fails_are_marked_on_the_overview_and_the_page_opens_fitted, TIMEOUT_UNIT, 0, 0},
        {"timeline page", ten_thousand_events_over_a_huge_range_stay_bounded, TIMEOUT_PROCESS, 0, 0},
        {"timeline page", write_failure_is_reported, TIMEOUT_PROCESS, 0, 0},
    };
    return harness_main("timeline", tests, HARNESS_COUNT(tests));
}
