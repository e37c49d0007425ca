/*
 * check_at_parser.c - the AT command-line parser (modem-sim/at_parser.c) against the
 * lines real DTEs send (class20-notes.md 1.1 and 2: HylaFAX, efax, mgetty/sendfax),
 * V.250 corner cases, and every way a line can be refused.
 *
 * Parsed lines are compared as one rendered string, so a failure shows the whole line
 * as expected and as got. The rendering:
 *
 *   E[0]            basic or extended action, its digits or dial string in brackets
 *   +FCLASS=[2.0]   set, the value exactly as kept (quotes included)
 *   +FMI?           query
 *   +FCC=?          test
 *
 * commands separated by one space; "" for a line with no commands ("AT"). A query or
 * test that wrongly carries a value shows it too ("+FMI?[x]"), so nothing can hide.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_parser.h"
#include "check_harness.h"

#define COUNT_OF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *result_name(at_parse_result r)
{
    switch (r) {
    case AT_PARSE_OK: return "AT_PARSE_OK";
    case AT_PARSE_NOT_AT: return "AT_PARSE_NOT_AT";
    case AT_PARSE_ERROR: return "AT_PARSE_ERROR";
    case AT_PARSE_TOO_LONG: return "AT_PARSE_TOO_LONG";
    }
    return "(not an at_parse_result)";
}

static void appendf(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static void appendf(char *buf, size_t size, const char *format, ...)
{
    size_t used = strlen(buf);
    if (used + 1 >= size)
        return;
    va_list args;
    va_start(args, format);
    vsnprintf(buf + used, size - used, format, args);
    va_end(args);
}

static void render(const at_line *line, char *buf, size_t size)
{
    static const char *const op_marks[] = {"", "=", "?", "=?"};
    buf[0] = '\0';
    for (size_t i = 0; i < line->count && i < AT_MAX_COMMANDS; i++) {
        const at_command *cmd = &line->commands[i];
        int op_known = cmd->op >= AT_OP_ACTION && cmd->op <= AT_OP_TEST;
        appendf(buf, size, "%s%s%s", i ? " " : "", cmd->name,
                op_known ? op_marks[cmd->op] : "(bad op)");
        /* A query or test has no value: show one only if it is (wrongly) there. */
        if (cmd->op == AT_OP_ACTION || cmd->op == AT_OP_SET || cmd->value[0])
            appendf(buf, size, "[%s]", cmd->value);
    }
}

/* Parses `line` (a C string) and checks it is accepted and reads as `want`. */
static void expect_parsed(const char *who, const char *line, const char *want)
{
    at_line out;
    char why[128] = "untouched";
    char got[1024];
    at_parse_result r = at_parse_line(line, strlen(line), &out, why, sizeof(why));
    ck_assert_msg(r == AT_PARSE_OK, "%s: \"%s\": expected AT_PARSE_OK, got %s (%s)", who, line,
                  result_name(r), why);
    ck_assert_msg(why[0] == '\0', "%s: \"%s\": expected an empty why after OK, got \"%s\"", who,
                  line, why);
    render(&out, got, sizeof(got));
    ck_assert_msg(strcmp(got, want) == 0, "%s: \"%s\": expected %s, got %s", who, line, want,
                  got);
}

/* Parses `len` bytes and checks the result is `want_result` with a `why` that starts
 * "column N:" (for AT_PARSE_ERROR) and contains `mentioning`. */
static void expect_refused(const char *line, size_t len, at_parse_result want_result,
                           int want_column, const char *mentioning)
{
    at_line out;
    char why[128] = "";
    char prefix[32];
    /* A failed parse must not leave commands behind for the DCE to run. */
    memset(&out, 0x5a, sizeof(out));
    at_parse_result r = at_parse_line(line, len, &out, why, sizeof(why));
    ck_assert_msg(r == want_result, "\"%.*s\": expected %s, got %s (%s)", (int)len, line,
                  result_name(want_result), result_name(r), why);
    ck_assert_msg(out.count == 0, "\"%.*s\": expected count 0 after %s, got %zu", (int)len, line,
                  result_name(r), out.count);
    if (want_result == AT_PARSE_ERROR) {
        snprintf(prefix, sizeof(prefix), "column %d: ", want_column);
        ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0,
                      "\"%.*s\": expected why to start \"%s\", got \"%s\"", (int)len, line,
                      prefix, why);
    }
    if (mentioning)
        ck_assert_msg(strstr(why, mentioning) != NULL,
                      "\"%.*s\": expected why to mention \"%s\", got \"%s\"", (int)len, line,
                      mentioning, why);
}

/* --- What real DTEs send ------------------------------------------------------------ */

typedef struct line_case {
    const char *who;    /* which DTE sends it, and where it comes from */
    const char *line;
    const char *want;   /* rendered as described at the top of this file */
} line_case;

/* class20-notes.md 1.1 and 2, plus the init and hangup lines of each DTE's defaults
 * (HylaFAX config/class2.0, mgetty policy.h, efax.c). */
static const line_case dte_lines[] = {
    /* HylaFAX: Class2.c++ setupModem / setupClass2Parameters, config/class2.0 */
    {"HylaFAX", "AT+FCLASS=?", "+FCLASS=?"},
    {"HylaFAX", "AT+FCLASS=2.0", "+FCLASS=[2.0]"},
    {"HylaFAX", "AT+FMI?", "+FMI?"},
    {"HylaFAX", "AT+FMM?", "+FMM?"},
    {"HylaFAX", "AT+FMR?", "+FMR?"},
    {"HylaFAX", "AT+FCC=?", "+FCC=?"},
    {"HylaFAX", "AT+FCQ=?", "+FCQ=?"},
    {"HylaFAX", "AT+FAP=?", "+FAP=?"},
    {"HylaFAX", "AT+FSP=?", "+FSP=?"},
    {"HylaFAX", "AT+FLO=1", "+FLO=[1]"},
    {"HylaFAX", "AT+FLO=2", "+FLO=[2]"},
    {"HylaFAX", "AT+FPP=0", "+FPP=[0]"},
    {"HylaFAX", "AT+FBO=0", "+FBO=[0]"},
    {"HylaFAX", "AT+FCT=30", "+FCT=[30]"},
    {"HylaFAX", "AT+FNR=1,1,1,1", "+FNR=[1,1,1,1]"},
    {"HylaFAX", "AT+FIE=0", "+FIE=[0]"},
    {"HylaFAX", "AT+FBU=1", "+FBU=[1]"},
    {"HylaFAX", "AT+FCC=1,5,0,2,0,0,0,0", "+FCC=[1,5,0,2,0,0,0,0]"},
    {"HylaFAX", "AT+FLI=\"+1.999.555.1212      \"", "+FLI=[\"+1.999.555.1212      \"]"},
    {"HylaFAX", "AT+FMS=0", "+FMS=[0]"},
    {"HylaFAX", "ATDT5551212", "D[T5551212]"},
    {"HylaFAX", "ATDT95551212@", "D[T95551212@]"},
    {"HylaFAX", "AT+FIS=1,5,0,2,0,0,0,0", "+FIS=[1,5,0,2,0,0,0,0]"},
    {"HylaFAX", "AT+FDT", "+FDT[]"},
    {"HylaFAX", "AT+FPS?", "+FPS?"},
    {"HylaFAX", "AT+FKS", "+FKS[]"},
    {"HylaFAX", "ATH0", "H[0]"},
    {"HylaFAX", "AT+FCR=1", "+FCR=[1]"},
    {"HylaFAX", "ATA", "A[]"},
    {"HylaFAX", "AT+FDR", "+FDR[]"},
    {"HylaFAX", "ATE0", "E[0]"},
    {"HylaFAX", "ATV1", "V[1]"},
    {"HylaFAX", "ATQ0", "Q[0]"},
    {"HylaFAX", "ATZ", "Z[]"},
    {"HylaFAX", "ATS0=0", "S0=[0]"},
    {"HylaFAX", "ATS7=60", "S7=[60]"},
    {"HylaFAX", "ATS8=2", "S8=[2]"},
    {"HylaFAX", "AT&D2", "&D[2]"},
    {"HylaFAX", "AT&C1", "&C[1]"},
    {"HylaFAX", "AT&K", "&K[]"},
    {"HylaFAX", "AT&K3", "&K[3]"},
    {"HylaFAX", "AT&K4", "&K[4]"},
    {"HylaFAX", "ATM0", "M[0]"},
    {"HylaFAX", "ATL0M1", "L[0] M[1]"},
    /* efax 0.9a: efax.c modem_init, dial, end_session; -o0 forces Class 2.0 */
    {"efax", "ATE0", "E[0]"},
    {"efax", "ATI3", "I[3]"},
    {"efax", "AT+FCLASS=?", "+FCLASS=?"},
    {"efax", "AT+FCLASS=2.0", "+FCLASS=[2.0]"},
    {"efax", "AT+FIP", "+FIP[]"},
    {"efax", "AT+FNR=1,1,1,0", "+FNR=[1,1,1,0]"},
    {"efax", "AT+FLO=1", "+FLO=[1]"},
    {"efax", "AT+FBO=0", "+FBO=[0]"},
    {"efax", "AT+FCR=1", "+FCR=[1]"},
    {"efax", "AT+FIS?", "+FIS?"},
    {"efax", "AT+FLI=\"     +1 555 1234567\"", "+FLI=[\"     +1 555 1234567\"]"},
    {"efax", "AT+FSP=1", "+FSP=[1]"},
    {"efax", "AT+FPI=\"     +1 555 1234567\"", "+FPI=[\"     +1 555 1234567\"]"},
    {"efax", "ATDT555-1212", "D[T555-1212]"},
    {"efax", "AT+FIS=1,5,0,2", "+FIS=[1,5,0,2]"},
    {"efax", "AT+FPS=2", "+FPS=[2]"},
    {"efax", "ATQ0V1", "Q[0] V[1]"},
    {"efax", "ATH", "H[]"},
    /* mgetty/sendfax: policy.h defaults, faxlib.c, sendfax.c, faxrec.c */
    {"mgetty", "ATS0=0Q0&D3&H3&N0&K4", "S0=[0] Q[0] &D[3] &H[3] &N[0] &K[4]"},
    {"mgetty", "ATI", "I[]"},
    {"mgetty", "AT+FCLASS=2.0", "+FCLASS=[2.0]"},
    {"mgetty", "AT+FLI=\"49 89 3243328\"", "+FLI=[\"49 89 3243328\"]"},
    {"mgetty", "AT+FLI=\"0123456789012345678901234567890123456789\"",
     "+FLI=[\"0123456789012345678901234567890123456789\"]"},
    {"mgetty", "AT+FCC=1,5,0,2,0,0,0,0", "+FCC=[1,5,0,2,0,0,0,0]"},
    {"mgetty", "AT+FCC=0,3,0,2,0,0,0,0", "+FCC=[0,3,0,2,0,0,0,0]"},
    {"mgetty", "AT+FMS=3", "+FMS=[3]"},
    {"mgetty", "AT+FBO=1", "+FBO=[1]"},
    {"mgetty", "AT+FNR=1,1,1,0", "+FNR=[1,1,1,0]"},
    {"mgetty", "AT+FLO=2", "+FLO=[2]"},
    {"mgetty", "AT&H3", "&H[3]"},
    {"mgetty", "AT\\Q3&S0", "\\Q[3] &S[0]"},
    {"mgetty", "ATD5551212", "D[5551212]"},
    {"mgetty", "ATx0DT0wP5551212", "X[0] D[T0wP5551212]"},
    {"mgetty", "AT+FAA=1;+FCR=1", "+FAA=[1] +FCR=[1]"},
    {"mgetty", "AT+FAA=0;+FCR=1", "+FAA=[0] +FCR=[1]"},
    {"mgetty", "AT+FCLASS=0", "+FCLASS=[0]"},
    {"mgetty", "AT+FK", "+FK[]"},
    {"mgetty", "ATH0Z", "H[0] Z[]"},
    /* T.32 examples and the brief's combined lines */
    {"MT5634 manual", "AT+FIS=,,2,0", "+FIS=[,,2,0]"},
    {"combined", "ATE0V1+FCLASS=2.0", "E[0] V[1] +FCLASS=[2.0]"},
};

START_TEST(dte_line_parses_as_expected)
{
    const line_case *c = &dte_lines[_i];
    expect_parsed(c->who, c->line, c->want);
}
END_TEST

/* --- V.250 grammar: dial strings, S-registers, queries, values, case, spaces -------- */

static const line_case grammar_lines[] = {
    /* D takes the rest of the line: modifiers, ';', even what looks like commands */
    {"dial", "ATD5551212", "D[5551212]"},
    {"dial", "ATDP,9W555", "D[P,9W555]"},
    {"dial", "ATD5551212;", "D[5551212;]"},
    {"dial", "ATDT 555 1212", "D[T5551212]"},
    {"dial", "atdt5551212", "D[t5551212]"},
    {"dial", "ATD", "D[]"},
    {"dial", "ATE0DT5551212", "E[0] D[T5551212]"},
    {"dial", "ATDT5551212;+FCLASS=2.0", "D[T5551212;+FCLASS=2.0]"},
    {"dial", "ATD\"5551212 x\"", "D[\"5551212 x\"]"},
    /* S-registers */
    {"s-register", "ATS0=2", "S0=[2]"},
    {"s-register", "ATS0?", "S0?"},
    {"s-register", "ATS0=?", "S0=?"},
    {"s-register", "ATS07=60", "S7=[60]"},
    {"s-register", "ATS00=1", "S0=[1]"},
    {"s-register", "ATS0=2E0", "S0=[2] E[0]"},
    {"s-register", "ATS0=", "S0=[]"},
    {"s-register", "ats0=2", "S0=[2]"},
    {"s-register", "ATS 7 = 60", "S7=[60]"},
    {"s-register", "ATS0?V1", "S0? V[1]"},
    /* queries and tests */
    {"query", "AT+FCLASS?", "+FCLASS?"},
    {"query", "AT+FCLASS=?;+FMI?", "+FCLASS=? +FMI?"},
    {"query", "AT+FCC = ?", "+FCC=?"},
    {"query", "AT+FHS?;+FPS?", "+FHS? +FPS?"},
    /* compound values keep empty fields */
    {"compound", "AT+FIS=1,5,,2", "+FIS=[1,5,,2]"},
    {"compound", "AT+FIS= 1 , 5", "+FIS=[1,5]"},
    {"compound", "AT+FCC=,,,,,,,", "+FCC=[,,,,,,,]"},
    {"compound", "AT+FIS=", "+FIS=[]"},
    {"compound", "AT+FIS=;+FCR=1", "+FIS=[] +FCR=[1]"},
    /* string constants: ';' and spaces inside quotes are text */
    {"quoted", "AT+FLI=\"a;b c\"", "+FLI=[\"a;b c\"]"},
    {"quoted", "AT+FLI=\"x;y\";+FCR=1", "+FLI=[\"x;y\"] +FCR=[1]"},
    {"quoted", "AT+FPI=\" ; \"", "+FPI=[\" ; \"]"},
    {"quoted", "AT+FLI=\"\"", "+FLI=[\"\"]"},
    {"quoted", "AT+FNS=\"a\" ,\"b\"", "+FNS=[\"a\",\"b\"]"},
    /* case: names are upper-cased, values kept */
    {"case", "at+fclass=2.0", "+FCLASS=[2.0]"},
    {"case", "At+Fcc=1,5", "+FCC=[1,5]"},
    {"case", "aT+fli=\"My Id\"", "+FLI=[\"My Id\"]"},
    {"case", "ate0v1", "E[0] V[1]"},
    {"case", "at&f", "&F[]"},
    /* bare AT, separators, spaces */
    {"bare", "AT", ""},
    {"bare", "at", ""},
    {"bare", "AT   ", ""},
    {"bare", "AT;", ""},
    {"spaces", "AT E 0 V 1", "E[0] V[1]"},
    {"spaces", "AT + FCLASS = 2.0", "+FCLASS=[2.0]"},
    {"separators", "ATE0;V1", "E[0] V[1]"},
    {"separators", "AT+FCR=1;;+FAA=0;", "+FCR=[1] +FAA=[0]"},
    /* basic prefixes and extended name characters */
    {"prefix", "AT%C0\\N3", "%C[0] \\N[3]"},
    {"name", "AT+a.B-c_D:e/F!g%", "+A.B-C_D:E/F!G%[]"},
    {"value", "AT+FCLASS=2.0E0", "+FCLASS=[2.0E0]"},
};

START_TEST(grammar_line_parses_as_expected)
{
    const line_case *c = &grammar_lines[_i];
    expect_parsed(c->who, c->line, c->want);
}
END_TEST

/* The rendered comparison above could not tell ACTION "E" with value "" from a
 * missing value; look at the structure itself once. */
START_TEST(fields_of_a_mixed_line_are_exact)
{
    const char *line = "ate0v1+fli=\"Ab;c\";+FCC=?;+fmi?;S0=2";
    at_line out;
    char why[128];
    at_parse_result r = at_parse_line(line, strlen(line), &out, why, sizeof(why));
    ck_assert_msg(r == AT_PARSE_OK, "\"%s\": expected AT_PARSE_OK, got %s (%s)", line,
                  result_name(r), why);
    ck_assert_msg(out.count == 6, "\"%s\": expected 6 commands, got %zu", line, out.count);

    static const struct { const char *name; at_op op; const char *value; } want[] = {
        {"E", AT_OP_ACTION, "0"},      {"V", AT_OP_ACTION, "1"},
        {"+FLI", AT_OP_SET, "\"Ab;c\""}, {"+FCC", AT_OP_TEST, ""},
        {"+FMI", AT_OP_QUERY, ""},     {"S0", AT_OP_SET, "2"},
    };
    for (int i = 0; i < COUNT_OF(want); i++) {
        const at_command *cmd = &out.commands[i];
        ck_assert_msg(strcmp(cmd->name, want[i].name) == 0,
                      "\"%s\" command %d: expected name \"%s\", got \"%s\"", line, i,
                      want[i].name, cmd->name);
        ck_assert_msg(cmd->op == want[i].op, "\"%s\" command %d (%s): expected op %d, got %d",
                      line, i, want[i].name, (int)want[i].op, (int)cmd->op);
        ck_assert_msg(strcmp(cmd->value, want[i].value) == 0,
                      "\"%s\" command %d (%s): expected value \"%s\", got \"%s\"", line, i,
                      want[i].name, want[i].value, cmd->value);
    }
}
END_TEST

/* A struct reused for a second line must not keep the first line's commands. */
START_TEST(reused_result_is_cleared)
{
    at_line out;
    at_parse_result r = at_parse_line("ATE0V1Q0", 8, &out, NULL, 0);
    ck_assert_msg(r == AT_PARSE_OK && out.count == 3,
                  "\"ATE0V1Q0\": expected AT_PARSE_OK with 3 commands, got %s with %zu",
                  result_name(r), out.count);
    r = at_parse_line("AT", 2, &out, NULL, 0);
    ck_assert_msg(r == AT_PARSE_OK && out.count == 0,
                  "\"AT\" after \"ATE0V1Q0\": expected AT_PARSE_OK with 0 commands, got %s "
                  "with %zu", result_name(r), out.count);
}
END_TEST

/* Only `len` bytes are the line: what follows in memory must not be read. */
START_TEST(length_not_nul_ends_the_line)
{
    const char *memory = "ATE0V1Q0";
    at_line out;
    char got[256];
    at_parse_result r = at_parse_line(memory, 4, &out, NULL, 0);
    render(&out, got, sizeof(got));
    ck_assert_msg(r == AT_PARSE_OK && strcmp(got, "E[0]") == 0,
                  "first 4 bytes of \"%s\": expected AT_PARSE_OK and E[0], got %s and %s",
                  memory, result_name(r), got);
}
END_TEST

/* --- Lines that are refused ----------------------------------------------------------- */

typedef struct refused_case {
    const char *line;
    at_parse_result result;
    int column;                /* for AT_PARSE_ERROR */
    const char *mentioning;    /* text `why` must contain */
} refused_case;

static const refused_case refused_lines[] = {
    /* not a command line at all: V.250 says ignore it */
    {"", AT_PARSE_NOT_AT, 0, NULL},
    {"A", AT_PARSE_NOT_AT, 0, NULL},
    {"T", AT_PARSE_NOT_AT, 0, NULL},
    {"OK", AT_PARSE_NOT_AT, 0, NULL},
    {"XATE0", AT_PARSE_NOT_AT, 0, NULL},
    {" ATE0", AT_PARSE_NOT_AT, 0, NULL},
    {"A/", AT_PARSE_NOT_AT, 0, NULL},
    {"A T", AT_PARSE_NOT_AT, 0, NULL},
    {"+FCLASS=2.0", AT_PARSE_NOT_AT, 0, NULL},
    /* unterminated string constant: the column of its opening quote */
    {"AT+FLI=\"abc", AT_PARSE_ERROR, 8, "unterminated"},
    {"AT+FLI=\"a\";+FPI=\"b", AT_PARSE_ERROR, 17, "unterminated"},
    {"ATDT\"555", AT_PARSE_ERROR, 5, "unterminated"},
    /* characters that cannot start a command */
    {"ATE0,V1", AT_PARSE_ERROR, 5, "',' cannot start a command"},
    {"AT#CID=1", AT_PARSE_ERROR, 3, "'#' cannot start a command"},
    {"AT=1", AT_PARSE_ERROR, 3, "'=' cannot start a command"},
    {"AT?", AT_PARSE_ERROR, 3, "'?' cannot start a command"},
    {"AT\"x\"", AT_PARSE_ERROR, 3, "cannot start a command"},
    {"ATS0=,", AT_PARSE_ERROR, 6, "',' cannot start a command"},
    {"ATE=1", AT_PARSE_ERROR, 4, "'=' cannot start a command"},
    {"AT+FCLASS=2.0 ;,", AT_PARSE_ERROR, 16, "',' cannot start a command"},
    /* malformed extended commands */
    {"AT+", AT_PARSE_ERROR, 4, "after '+', got end of line"},
    {"AT+1X", AT_PARSE_ERROR, 4, "after '+', got '1'"},
    {"AT+FCLASS?X", AT_PARSE_ERROR, 11, "expected ';' or end of line"},
    {"AT+FCLASS=?1", AT_PARSE_ERROR, 12, "expected ';' or end of line"},
    {"AT+FDT,", AT_PARSE_ERROR, 7, "'=', '?', ';' or end of line"},
    /* malformed basic commands and S-registers */
    {"AT&", AT_PARSE_ERROR, 4, "after '&', got end of line"},
    {"AT&1", AT_PARSE_ERROR, 4, "after '&', got '1'"},
    {"AT\\", AT_PARSE_ERROR, 4, "after '\\'"},
    {"ATS", AT_PARSE_ERROR, 4, "register number"},
    {"ATS=1", AT_PARSE_ERROR, 4, "register number"},
    {"ATS0", AT_PARSE_ERROR, 5, "S0 needs '=' or '?'"},
    {"ATS40.2=1", AT_PARSE_ERROR, 6, "S40 needs '=' or '?'"},
    /* names too long: the column of the name's start */
    {"AT+ABCDEFGHIJKLMNOP=1", AT_PARSE_ERROR, 3, "name longer than 15"},
    {"ATE0+ABCDEFGHIJKLMNOP", AT_PARSE_ERROR, 5, "name longer than 15"},
    {"ATS1234567890123456=1", AT_PARSE_ERROR, 3, "number longer than 14"},
};

START_TEST(refused_line_names_its_column)
{
    const refused_case *c = &refused_lines[_i];
    expect_refused(c->line, strlen(c->line), c->result, c->column, c->mentioning);
}
END_TEST

/* The largest name fits, one more character does not. */
START_TEST(name_limit_is_exact)
{
    expect_parsed("limit", "AT+ABCDEFGHIJKLMN=1", "+ABCDEFGHIJKLMN=[1]");
    expect_refused("AT+ABCDEFGHIJKLMNO=1", 20, AT_PARSE_ERROR, 3, "name longer");
    expect_parsed("limit", "ATS12345678901234=1", "S12345678901234=[1]");
    expect_refused("ATS123456789012345=1", 20, AT_PARSE_ERROR, 3, "number longer");
}
END_TEST

/* A value of AT_MAX_VALUE - 1 characters fits; one more is refused at the value's
 * first column, quoted or not, and the dial string has the same limit. */
START_TEST(value_limit_is_exact)
{
    static const struct { const char *head; const char *open; const char *close; } kinds[] = {
        {"AT+FLI=", "", ""}, {"AT+FLI=", "\"", "\""}, {"ATD", "", ""}, {"ATE", "", ""},
    };
    for (int k = 0; k < COUNT_OF(kinds); k++) {
        for (int extra = 0; extra <= 1; extra++) {
            char line[AT_MAX_LINE + 1], want[AT_MAX_LINE + 16];
            size_t inner = (size_t)(AT_MAX_VALUE - 1 + extra) - strlen(kinds[k].open) -
                           strlen(kinds[k].close);
            size_t n = (size_t)snprintf(line, sizeof(line), "%s%s", kinds[k].head, kinds[k].open);
            memset(line + n, '7', inner);
            snprintf(line + n + inner, sizeof(line) - n - inner, "%s", kinds[k].close);
            int value_column = (int)strlen(kinds[k].head) + 1;
            if (!extra) {
                const char *name = k == 2 ? "D" : k == 3 ? "E" : "+FLI";
                snprintf(want, sizeof(want), "%s%s[%s]", name, k < 2 ? "=" : "",
                         line + strlen(kinds[k].head));
                expect_parsed("value limit", line, want);
            } else {
                expect_refused(line, strlen(line), AT_PARSE_ERROR, value_column,
                               k == 3 ? "number longer than 127" : "value longer than 127");
            }
        }
    }
}
END_TEST

/* AT_MAX_COMMANDS commands fit; the next one is refused where it starts. */
START_TEST(command_limit_is_exact)
{
    char line[64] = "AT";
    for (int i = 0; i < AT_MAX_COMMANDS; i++)
        strcat(line, "E0");
    at_line out;
    char why[128];
    at_parse_result r = at_parse_line(line, strlen(line), &out, why, sizeof(why));
    ck_assert_msg(r == AT_PARSE_OK && out.count == AT_MAX_COMMANDS,
                  "\"%s\": expected AT_PARSE_OK with %d commands, got %s with %zu (%s)", line,
                  AT_MAX_COMMANDS, result_name(r), out.count, why);
    strcat(line, "V1");
    expect_refused(line, strlen(line), AT_PARSE_ERROR, 3 + 2 * AT_MAX_COMMANDS,
                   "more than 16 commands");
}
END_TEST

/* AT_MAX_LINE characters are a line; one more is AT_PARSE_TOO_LONG, before anything
 * else is looked at (even a line that is not AT at all). */
START_TEST(line_length_limit_is_exact)
{
    char line[AT_MAX_LINE + 2];
    memset(line, ' ', sizeof(line));
    memcpy(line, "AT", 2);
    memcpy(line + AT_MAX_LINE - 2, "E0", 2);
    expect_refused(line, AT_MAX_LINE + 1, AT_PARSE_TOO_LONG, 0, "longer than 256");

    at_line out;
    char got[64], why[128];
    at_parse_result r = at_parse_line(line, AT_MAX_LINE, &out, why, sizeof(why));
    render(&out, got, sizeof(got));
    ck_assert_msg(r == AT_PARSE_OK && strcmp(got, "E[0]") == 0,
                  "a %d-character line \"AT<spaces>E0\": expected AT_PARSE_OK and E[0], got "
                  "%s and %s (%s)", AT_MAX_LINE, result_name(r), got, why);

    memset(line, 'x', sizeof(line));
    expect_refused(line, AT_MAX_LINE + 1, AT_PARSE_TOO_LONG, 0, NULL);
}
END_TEST

/* Bytes that are not printable ASCII, with the length given explicitly. */
typedef struct byte_case {
    const char *what;
    const char *line;
    size_t len;
    int column;
    const char *mentioning;
} byte_case;

static const byte_case bad_bytes[] = {
    {"NUL inside a quoted ID", "AT+FLI=\"a\0b\"", 12, 10, "NUL"},
    {"NUL at the end", "ATE0\0", 5, 5, "NUL"},
    {"NUL right after AT", "AT\0E0", 5, 3, "NUL"},
    {"Latin-1 letter", "ATE\xe9" "0", 5, 4, "0xE9"},
    {"UTF-8 in an ID", "AT+FLI=\"\xc3\xa9\"", 11, 9, "0xC3"},
    {"0xFF", "AT\xff", 3, 3, "0xFF"},
    {"tab", "ATE0\tV1", 7, 5, "0x09"},
    {"DEL", "ATE0\x7f", 5, 5, "0x7F"},
    {"LF", "ATE0\n", 5, 5, "0x0A"},
};

START_TEST(bad_byte_is_refused_with_its_column)
{
    const byte_case *c = &bad_bytes[_i];
    at_line out;
    char why[128] = "";
    at_parse_result r = at_parse_line(c->line, c->len, &out, why, sizeof(why));
    char prefix[32];
    snprintf(prefix, sizeof(prefix), "column %d: ", c->column);
    ck_assert_msg(r == AT_PARSE_ERROR, "%s: expected AT_PARSE_ERROR, got %s (%s)", c->what,
                  result_name(r), why);
    ck_assert_msg(strncmp(why, prefix, strlen(prefix)) == 0 && strstr(why, c->mentioning),
                  "%s: expected why starting \"%s\" and mentioning \"%s\", got \"%s\"", c->what,
                  prefix, c->mentioning, why);
}
END_TEST

/* `why` is optional and may be short: always NUL-terminated, never overrun. */
START_TEST(why_is_bounded)
{
    at_line out;
    char why[8];
    memset(why, '#', sizeof(why));
    at_parse_result r = at_parse_line("AT+FLI=\"abc", 11, &out, why, 6);
    ck_assert_msg(r == AT_PARSE_ERROR, "\"AT+FLI=\\\"abc\": expected AT_PARSE_ERROR, got %s",
                  result_name(r));
    ck_assert_msg(strcmp(why, "colum") == 0 && why[6] == '#' && why[7] == '#',
                  "why_size 6: expected \"colum\" and the bytes after it untouched, got "
                  "\"%.6s\" then 0x%02x 0x%02x", why, (unsigned char)why[6],
                  (unsigned char)why[7]);
    r = at_parse_line("AT+FLI=\"abc", 11, &out, NULL, 128);
    ck_assert_msg(r == AT_PARSE_ERROR, "why NULL: expected AT_PARSE_ERROR, got %s",
                  result_name(r));
}
END_TEST

/* --- at_parse_fields -------------------------------------------------------------------- */

typedef struct fields_case {
    const char *value;
    int max, base;
    int want;            /* return value */
    long fields[8];      /* the first `max` slots after a successful call */
} fields_case;

#define NONE (-1L)
static const fields_case field_cases[] = {
    {"1,5,0,2,0,0,0,0", 8, 10, 8, {1, 5, 0, 2, 0, 0, 0, 0}},
    {",,2,0", 8, 10, 4, {NONE, NONE, 2, 0, NONE, NONE, NONE, NONE}},
    {"1,5,,2", 8, 10, 4, {1, 5, NONE, 2, NONE, NONE, NONE, NONE}},
    {"1,5,0,2", 8, 16, 4, {1, 5, 0, 2, NONE, NONE, NONE, NONE}},
    {"", 4, 10, 0, {NONE, NONE, NONE, NONE}},
    {"   ", 4, 10, 0, {NONE, NONE, NONE, NONE}},
    {",", 4, 10, 2, {NONE, NONE, NONE, NONE}},
    {"1,2,", 4, 10, 3, {1, 2, NONE, NONE}},
    {" 1 , 5 ", 4, 10, 2, {1, 5, NONE, NONE}},
    {"30", 1, 10, 1, {30}},
    {"007", 1, 10, 1, {7}},
    {"ff,10,A", 4, 16, 3, {255, 16, 10, NONE}},
    {"7FFF", 1, 16, 1, {32767}},
    {"10", 1, 16, 1, {16}},
    {"", 0, 10, 0, {0}},
    /* malformed */
    {"1F", 1, 10, -1, {0}},
    {"0x10", 1, 16, -1, {0}},
    {"G", 1, 16, -1, {0}},
    {"-1", 1, 10, -1, {0}},
    {"+1", 1, 10, -1, {0}},
    {"1 5", 1, 10, -1, {0}},
    {"2.0", 1, 10, -1, {0}},
    {"1;2", 2, 10, -1, {0}},
    {"\"1\"", 1, 10, -1, {0}},
    {"1,2,3", 2, 10, -1, {0}},
    {"1", 0, 10, -1, {0}},
    {"1,x", 2, 10, -1, {0}},
    {"123456789012345678901234567890", 1, 10, -1, {0}},
    {"FFFFFFFFFFFFFFFFFFFFFFFF", 1, 16, -1, {0}},
    {"1", 1, 8, -1, {0}},
    {"1", 1, 2, -1, {0}},
};

START_TEST(fields_parse_as_expected)
{
    const fields_case *c = &field_cases[_i];
    long got[9];
    for (int i = 0; i < 9; i++)
        got[i] = 777;                /* not -1, not a field: shows slots left unwritten */
    int n = at_parse_fields(c->value, got, c->max, c->base);
    ck_assert_msg(n == c->want, "at_parse_fields(\"%s\", max %d, base %d): expected %d, got %d",
                  c->value, c->max, c->base, c->want, n);
    if (n >= 0) {
        for (int i = 0; i < c->max; i++)
            ck_assert_msg(got[i] == c->fields[i],
                          "at_parse_fields(\"%s\", max %d, base %d): field %d: expected %ld, "
                          "got %ld", c->value, c->max, c->base, i, c->fields[i], got[i]);
    }
    ck_assert_msg(got[c->max] == 777,
                  "at_parse_fields(\"%s\", max %d): wrote past the last field (slot %d is %ld)",
                  c->value, c->max, c->max, got[c->max]);
}
END_TEST

/* LONG_MAX itself fits; it is the largest value a field can hold. */
START_TEST(fields_take_long_max)
{
    char text[32];
    long got = 0;
    snprintf(text, sizeof(text), "%ld", LONG_MAX);
    int n = at_parse_fields(text, &got, 1, 10);
    ck_assert_msg(n == 1 && got == LONG_MAX, "at_parse_fields(\"%s\"): expected 1 and %ld, got "
                  "%d and %ld", text, LONG_MAX, n, got);
    snprintf(text, sizeof(text), "%lX", LONG_MAX);
    n = at_parse_fields(text, &got, 1, 16);
    ck_assert_msg(n == 1 && got == LONG_MAX, "at_parse_fields(\"%s\", base 16): expected 1 and "
                  "%ld, got %d and %ld", text, LONG_MAX, n, got);
    ck_assert_msg(at_parse_fields(NULL, &got, 1, 10) == -1,
                  "at_parse_fields(NULL): expected -1");
    ck_assert_msg(at_parse_fields("1", NULL, 1, 10) == -1,
                  "at_parse_fields(\"1\", fields NULL): expected -1");
}
END_TEST

/* What the DCE does with a parsed line: the compound value of a T.32 command. */
START_TEST(parsed_compound_value_splits_into_fields)
{
    at_line out;
    long f[8];
    const char *line = "AT+FIS=,,2,0";
    ck_assert_msg(at_parse_line(line, strlen(line), &out, NULL, 0) == AT_PARSE_OK &&
                      out.count == 1, "\"%s\": expected one command", line);
    int n = at_parse_fields(out.commands[0].value, f, 8, 16);
    ck_assert_msg(n == 4 && f[0] == -1 && f[1] == -1 && f[2] == 2 && f[3] == 0 && f[7] == -1,
                  "\"%s\": expected 4 fields -1,-1,2,0 (rest -1), got %d: %ld,%ld,%ld,%ld,..,%ld",
                  line, n, f[0], f[1], f[2], f[3], f[7]);
}
END_TEST

/* --- at_unquote ------------------------------------------------------------------------- */

typedef struct unquote_case {
    const char *value;
    size_t out_size;
    int want;
    const char *text;    /* out after the call */
} unquote_case;

static const unquote_case unquote_cases[] = {
    {"\"my id\"", 32, 0, "my id"},
    {"\"     +1 555 1234567\"", 32, 0, "     +1 555 1234567"},
    {"\"a;b c\"", 32, 0, "a;b c"},
    {"\"\"", 32, 0, ""},
    {"plain", 32, 0, "plain"},
    {"", 32, 0, ""},
    {"ab\"c\"", 32, 0, "ab\"c\""},
    {"\"abc\"", 4, 0, "abc"},
    {"\"abc\"", 3, -1, ""},
    {"abcd", 5, 0, "abcd"},
    {"abcd", 4, -1, ""},
    {"", 1, 0, ""},
    {"\"", 32, -1, ""},
    {"\"abc", 32, -1, ""},
    {"abc\"", 32, 0, "abc\""},
    {"\"a\"b\"", 32, -1, ""},
    {"\"a\",\"b\"", 32, -1, ""},
};

START_TEST(unquote_gives_expected_text)
{
    const unquote_case *c = &unquote_cases[_i];
    char out[40];
    memset(out, '#', sizeof(out));
    int r = at_unquote(c->value, out, c->out_size);
    ck_assert_msg(r == c->want, "at_unquote(%s, size %zu): expected %d, got %d", c->value,
                  c->out_size, c->want, r);
    ck_assert_msg(memchr(out, '\0', c->out_size) != NULL && strcmp(out, c->text) == 0,
                  "at_unquote(%s, size %zu): expected \"%s\", got \"%.*s\"", c->value,
                  c->out_size, c->text, (int)c->out_size, out);
    ck_assert_msg(out[c->out_size] == '#', "at_unquote(%s, size %zu): wrote past out_size",
                  c->value, c->out_size);
}
END_TEST

START_TEST(unquote_refuses_nothing_to_write)
{
    char out[4] = "###";
    int r = at_unquote("\"x\"", out, 0);
    ck_assert_msg(r == -1 && strcmp(out, "###") == 0,
                  "at_unquote(\"x\", size 0): expected -1 and out untouched, got %d and \"%s\"",
                  r, out);
    r = at_unquote(NULL, out, sizeof(out));
    ck_assert_msg(r == -1 && out[0] == '\0',
                  "at_unquote(NULL): expected -1 and out \"\", got %d and \"%s\"", r, out);
}
END_TEST

/* mgetty's 40-character ID survives parsing and unquoting whole; the DCE cuts it. */
START_TEST(parsed_id_unquotes_whole)
{
    const char *line = "AT+FLI=\"0123456789012345678901234567890123456789\";+FCR=1";
    at_line out;
    char id[AT_MAX_VALUE];
    ck_assert_msg(at_parse_line(line, strlen(line), &out, NULL, 0) == AT_PARSE_OK &&
                      out.count == 2, "\"%s\": expected two commands", line);
    int r = at_unquote(out.commands[0].value, id, sizeof(id));
    ck_assert_msg(r == 0 && strcmp(id, "0123456789012345678901234567890123456789") == 0,
                  "\"%s\": expected the 40-character ID, got %d \"%s\"", line, r, id);
}
END_TEST


int main(void)
{
    const harness_test tests[] = {
        {"dte_lines", dte_line_parses_as_expected, TIMEOUT_UNIT, 0, COUNT_OF(dte_lines)},
        {"grammar", grammar_line_parses_as_expected, TIMEOUT_UNIT, 0, COUNT_OF(grammar_lines)},
        {"grammar", fields_of_a_mixed_line_are_exact, TIMEOUT_UNIT, 0, 0},
        {"grammar", reused_result_is_cleared, TIMEOUT_UNIT, 0, 0},
        {"grammar", length_not_nul_ends_the_line, TIMEOUT_UNIT, 0, 0},
        {"refused", refused_line_names_its_column, TIMEOUT_UNIT, 0, COUNT_OF(refused_lines)},
        {"refused", name_limit_is_exact, TIMEOUT_UNIT, 0, 0},
        {"refused", value_limit_is_exact, TIMEOUT_UNIT, 0, 0},
        {"refused", command_limit_is_exact, TIMEOUT_UNIT, 0, 0},
        {"refused", line_length_limit_is_exact, TIMEOUT_UNIT, 0, 0},
        {"refused", bad_byte_is_refused_with_its_column, TIMEOUT_UNIT, 0, COUNT_OF(bad_bytes)},
        {"refused", why_is_bounded, TIMEOUT_UNIT, 0, 0},
        {"fields", fields_parse_as_expected, TIMEOUT_UNIT, 0, COUNT_OF(field_cases)},
        {"fields", fields_take_long_max, TIMEOUT_UNIT, 0, 0},
        {"fields", parsed_compound_value_splits_into_fields, TIMEOUT_UNIT, 0, 0},
        {"unquote", unquote_gives_expected_text, TIMEOUT_UNIT, 0, COUNT_OF(unquote_cases)},
        {"unquote", unquote_refuses_nothing_to_write, TIMEOUT_UNIT, 0, 0},
        {"unquote", parsed_id_unquotes_whole, TIMEOUT_UNIT, 0, 0},
    };
    return harness_main("at_parser", tests, HARNESS_COUNT(tests));
}
