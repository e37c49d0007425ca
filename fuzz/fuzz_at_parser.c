/*
 * fuzz_at_parser.c - libFuzzer target for the AT command-line parser.
 *
 * The DTE side of a modem line is untrusted input: any bytes can arrive between two
 * CRs. Each input is one line given by length (not NUL-terminated, NULs and 8-bit
 * bytes included). Besides the sanitizers' own checks, the parser's contract from
 * at_parser.h is checked and a breach stops the run with __builtin_trap():
 *   - the result is one of the four; over AT_MAX_LINE it is always AT_PARSE_TOO_LONG;
 *   - `why` is NUL-terminated, and an AT_PARSE_ERROR names its column;
 *   - a refused line leaves count 0; an accepted one has count <= AT_MAX_COMMANDS,
 *     consists of printable ASCII only, and every name and value is NUL-terminated
 *     inside its array, names upper-case and never empty;
 *   - every SET value goes through at_parse_fields (base 10 and 16) and at_unquote,
 *     whose results must stay in range and inside their buffers.
 * The raw input also goes to at_parse_fields and at_unquote directly (NUL-terminated
 * copy), which reaches values the line grammar would never let through.
 *
 * The Makefile links the sources named on the next line (everything after the colon
 * to the end of the line, so the comment must not close on that line):
 * fuzz-sources: modem-sim/at_parser.c
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "at_parser.h"

#define FIELD_SLOTS 8

static void require(int condition)
{
    if (!condition)
        __builtin_trap();
}

static int terminated_within(const char *text, size_t size)
{
    return memchr(text, '\0', size) != NULL;
}

/* at_parse_fields: the count is -1..max, and after success every slot is a
 * non-negative number or -1, with -1 in every slot from the count on. The slot just
 * past `max` is a guard that must never be written. */
static void check_fields(const char *value, int max, int base)
{
    long fields[FIELD_SLOTS + 1];
    const long guard = -12345;
    fields[max] = guard;
    int n = at_parse_fields(value, fields, max, base);
    require(n >= -1 && n <= max);
    require(fields[max] == guard);
    if (n < 0)
        return;
    for (int i = 0; i < max; i++) {
        require(fields[i] >= -1);
        if (i >= n)
            require(fields[i] == -1);
    }
}

/* at_unquote: on success the text is terminated inside `out` and no longer than the
 * value; on failure `out` is "". Done with a roomy buffer and a tight one. */
static void check_unquote(const char *value, size_t out_size)
{
    char out[AT_MAX_VALUE + 1];
    out[out_size] = 'G';                 /* guard: must survive */
    int r = at_unquote(value, out, out_size);
    require(r == 0 || r == -1);
    require(out[out_size] == 'G');
    require(terminated_within(out, out_size));
    if (r == 0)
        require(strlen(out) <= strlen(value));
    else
        require(out[0] == '\0');
}

static void check_value_helpers(const char *value)
{
    check_fields(value, FIELD_SLOTS, 10);
    check_fields(value, FIELD_SLOTS, 16);
    check_fields(value, 1, 10);
    check_unquote(value, AT_MAX_VALUE);
    check_unquote(value, 4);
}

static void check_command(const at_command *cmd)
{
    require(terminated_within(cmd->name, sizeof(cmd->name)));
    require(terminated_within(cmd->value, sizeof(cmd->value)));
    require(cmd->name[0] != '\0');
    for (const char *p = cmd->name; *p; p++)
        require(!(*p >= 'a' && *p <= 'z'));
    require(cmd->op >= AT_OP_ACTION && cmd->op <= AT_OP_TEST);
    if (cmd->op == AT_OP_QUERY || cmd->op == AT_OP_TEST)
        require(cmd->value[0] == '\0');
    if (cmd->op == AT_OP_SET)
        check_value_helpers(cmd->value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    at_line out;
    char why[96];
    at_parse_result r = at_parse_line(line, size, &out, why, sizeof(why));

    require(r == AT_PARSE_OK || r == AT_PARSE_NOT_AT || r == AT_PARSE_ERROR ||
            r == AT_PARSE_TOO_LONG);
    require(terminated_within(why, sizeof(why)));
    require((size > AT_MAX_LINE) == (r == AT_PARSE_TOO_LONG));
    if (r == AT_PARSE_ERROR)
        require(strncmp(why, "column ", 7) == 0);

    if (r != AT_PARSE_OK) {
        require(out.count == 0);
    } else {
        require(why[0] == '\0');
        require(out.count <= AT_MAX_COMMANDS);
        for (size_t i = 0; i < size; i++)
            require(data[i] >= 0x20 && data[i] < 0x7f);
        for (size_t i = 0; i < out.count; i++)
            check_command(&out.commands[i]);
    }

    /* The helpers on their own, with whatever the input holds. */
    char value[AT_MAX_LINE + 1];
    size_t n = size < AT_MAX_LINE ? size : AT_MAX_LINE;
    memcpy(value, data, n);
    value[n] = '\0';
    check_value_helpers(value);
    return 0;
}
