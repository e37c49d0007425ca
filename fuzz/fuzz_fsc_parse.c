/*
 * fuzz_fsc_parse.c - libFuzzer target for the scenario parser (fsc_parse).
 *
 * A scenario file is written by people and may be anything: every input is given to
 * fsc_parse() by length (not NUL-terminated; NULs and 8-bit bytes included), and the
 * result is freed. Besides the sanitizers' own checks, the contract of fsc_scenario.h
 * is checked and a breach stops the run with __builtin_trap():
 *   - the result is 0 or -1, and `why` is NUL-terminated inside its buffer;
 *   - on error `why` is "fuzz.fsc:LINE:COL: message" (LINE, COL from 1, LINE no further
 *     than one past the last line) or "fuzz.fsc: message", and the fsc_file is zeroed;
 *   - on success `why` is empty, there is at least one scenario, names are unique and
 *     not empty, and every statement is well formed for its kind: a job exactly where
 *     the kind has one, a nested body only in blocks and never deeper than
 *     FSC_MAX_NESTING, numbers inside their limits, statuses from the FS_* table,
 *     lines not going backwards, no string past the input's length;
 *   - every string operand expands with fsc_expand() when each variable has a value
 *     (the parser accepted its ${...} syntax, so the expander must too);
 *   - the same input parsed again with a 24-byte `why` gives the same result and a
 *     truncated prefix of the same message (no hidden state, no overflow).
 *
 * The Makefile links the sources named on the next line (everything after the colon
 * to the end of the line, so the comment must not close on that line):
 * fuzz-sources: common/fsc_parse.c common/fsc_lexer.c common/fsc_names.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fsc_scenario.h"

#define PATH "fuzz.fsc"

static void require(int condition)
{
    if (!condition)
        __builtin_trap();
}

static int terminated_within(const char *text, size_t size)
{
    return memchr(text, '\0', size) != NULL;
}

static const char *any_value(void *context, const char *name)
{
    (void)context;
    (void)name;
    return "value";
}

/* A string operand: present, no longer than the input, expandable. */
static void check_string(const char *text, size_t input_size, int may_be_empty)
{
    require(text != NULL);
    size_t length = strlen(text);
    require(length <= input_size);
    require(may_be_empty || length > 0);
    char why[128];
    char *expanded = fsc_expand(text, any_value, NULL, why, sizeof(why));
    require(expanded != NULL);
    free(expanded);
}

static void check_statuses(const uint32_t *statuses, size_t count)
{
    require(statuses != NULL && count >= 1);
    for (size_t i = 0; i < count; i++)
        require(fsc_status_name(statuses[i]) != NULL);
}

static int in_ms_range(uint32_t ms)
{
    return ms == 0 || (ms >= FSC_MS_MIN && ms <= FSC_MS_MAX);
}

static int has_job(fsc_op op)
{
    return (op >= FSC_OP_START && op <= FSC_OP_END_JOB) ||
           (op >= FSC_OP_EXPECT_RETURNS && op <= FSC_OP_EXPECT_FINAL);
}

static void check_block(const fsc_block *block, int depth, unsigned *last_line,
                        size_t input_size);

static void check_statement(const fsc_stmt *s, int depth, unsigned *last_line,
                            size_t input_size)
{
    require((unsigned)s->op < FSC_OP_COUNT);
    require(strcmp(fsc_op_name(s->op), "?") != 0);
    require(s->line > *last_line && s->column >= 1);
    *last_line = s->line;
    require(has_job(s->op) == (s->job != NULL));
    if (s->job) {
        size_t length = strlen(s->job);
        require(length >= 1 && length <= FSC_MAX_NAME);
    }
    int is_block = s->op == FSC_OP_REPEAT || s->op == FSC_OP_RACE_SWEEP ||
                   s->op == FSC_OP_RACE_FUZZ;
    if (!is_block)
        require(s->body.count == 0 && s->body.items == NULL);
    switch (s->op) {
    case FSC_OP_SET:
        check_string(s->as.set.name, input_size, 0);
        require(!fsc_is_builtin_variable(s->as.set.name));
        check_string(s->as.set.value, input_size, 1);
        break;
    case FSC_OP_REGISTRY:
        require(s->as.registry.root == FSC_HKEY_CURRENT_USER ||
                s->as.registry.root == FSC_HKEY_LOCAL_MACHINE);
        check_string(s->as.registry.subkey, input_size, 0);
        check_string(s->as.registry.value_name, input_size, 1);
        if (s->as.registry.type == FSC_REG_SZ)
            check_string(s->as.registry.text, input_size, 1);
        else
            require(s->as.registry.type == FSC_REG_DWORD && s->as.registry.text == NULL);
        break;
    case FSC_OP_COPY:
        check_string(s->as.copy.source, input_size, 0);
        check_string(s->as.copy.destination, input_size, 0);
        break;
    case FSC_OP_VIRTUAL_DEVICES:
        if (s->as.virtual_devices.has_expected_count)
            require(s->as.virtual_devices.expected_count >= FSC_COUNT_MIN &&
                    s->as.virtual_devices.expected_count <= FSC_COUNT_MAX);
        else
            require(s->as.virtual_devices.expected_count == 0);
        break;
    case FSC_OP_START:
        require(s->as.start.device <= FSC_DEVICE_MAX);
        require(s->as.start.has_device || s->as.start.device == 0);
        break;
    case FSC_OP_SEND:
        check_string(s->as.send.file, input_size, 0);
        check_string(s->as.send.number, input_size, 0);
        break;
    case FSC_OP_RECEIVE:
        check_string(s->as.receive.file, input_size, 0);
        break;
    case FSC_OP_WAIT:
        require(in_ms_range(s->as.wait.within_ms));
        break;
    case FSC_OP_MODEM_HOLD: {
        const fsc_hold *hold = &s->as.modem_hold.point;
        require((unsigned)hold->kind < FSC_HOLD_COUNT);
        require(hold->page <= FSC_HOLD_PAGE_MAX && hold->bytes <= FSC_HOLD_BYTES_MAX);
        char text[64];
        int length = fsc_hold_format(hold, text, sizeof(text));
        require(length > 0 && (size_t)length < sizeof(text));
        require(strncmp(text, fsc_hold_name(hold->kind), strlen(fsc_hold_name(hold->kind))) == 0);
        break;
    }
    case FSC_OP_MODEM_WAIT_HELD:
        require(in_ms_range(s->as.modem_wait_held.within_ms));
        break;
    case FSC_OP_MODEM_RING:
        check_string(s->as.modem_ring.file, input_size, 0);
        if (s->as.modem_ring.caller_id)
            check_string(s->as.modem_ring.caller_id, input_size, 0);
        break;
    case FSC_OP_MODEM_FAIL:
        require(s->as.modem_fail.failure == FSC_FAIL_DISCONNECT ||
                s->as.modem_fail.failure == FSC_FAIL_RTN);
        break;
    case FSC_OP_EXPECT_RETURNS:
        require(s->as.expect_returns.value == 0 || s->as.expect_returns.value == 1);
        require(!(s->as.expect_returns.value && s->as.expect_returns.has_error));
        require(in_ms_range(s->as.expect_returns.within_ms));
        break;
    case FSC_OP_EXPECT_STATUS:
        check_statuses(s->as.expect_status.statuses, s->as.expect_status.count);
        require(in_ms_range(s->as.expect_status.within_ms));
        break;
    case FSC_OP_EXPECT_FINAL:
        check_statuses(s->as.expect_final.statuses, s->as.expect_final.count);
        break;
    case FSC_OP_REPEAT:
        require(s->as.repeat.count >= FSC_COUNT_MIN && s->as.repeat.count <= FSC_COUNT_MAX);
        break;
    case FSC_OP_RACE_FUZZ:
        require(s->as.race_fuzz.schedules >= FSC_COUNT_MIN &&
                s->as.race_fuzz.schedules <= FSC_COUNT_MAX);
        break;
    default:
        break;
    }
    if (is_block) {
        require(depth < FSC_MAX_NESTING);
        check_block(&s->body, depth + 1, last_line, input_size);
    }
}

static void check_block(const fsc_block *block, int depth, unsigned *last_line,
                        size_t input_size)
{
    require((block->count == 0) == (block->items == NULL));
    for (size_t i = 0; i < block->count; i++)
        check_statement(&block->items[i], depth, last_line, input_size);
}

/* "fuzz.fsc:LINE:COL: message" or "fuzz.fsc: message". */
static void check_error(const char *why, const uint8_t *data, size_t size)
{
    require(strncmp(why, PATH ":", strlen(PATH ":")) == 0);
    const char *rest = why + strlen(PATH ":");
    if (*rest == ' ') {
        require(rest[1] != '\0');
        return;
    }
    char *end;
    unsigned long line = strtoul(rest, &end, 10);
    require(end != rest && *end == ':' && line >= 1);
    unsigned long newlines = 0;
    for (size_t i = 0; i < size; i++)
        newlines += data[i] == '\n';
    require(line <= newlines + 1);
    rest = end + 1;
    unsigned long column = strtoul(rest, &end, 10);
    require(end != rest && column >= 1 && end[0] == ':' && end[1] == ' ' && end[2] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    fsc_file file;
    char why[1024];
    memset(why, 'G', sizeof(why));
    int result = fsc_parse(PATH, text, size, &file, why, sizeof(why));
    require(result == 0 || result == -1);
    require(terminated_within(why, sizeof(why)));

    if (result == 0) {
        require(why[0] == '\0');
        require(file.scenario_count >= 1 && file.scenario_count <= FSC_MAX_SCENARIOS);
        require(strcmp(file.path, PATH) == 0 && strcmp(file.folder, ".") == 0);
        unsigned last_line = 0;
        for (size_t i = 0; i < file.scenario_count; i++) {
            const fsc_scenario *scenario = &file.scenarios[i];
            require(scenario->name && scenario->name[0] != '\0');
            require(scenario->line > last_line);
            last_line = scenario->line;
            for (size_t j = 0; j < i; j++)
                require(strcmp(file.scenarios[j].name, scenario->name) != 0);
            check_block(&scenario->body, 0, &last_line, size);
        }
    } else {
        check_error(why, data, size);
        require(file.scenario_count == 0 && file.scenarios == NULL && file.path == NULL);
    }
    fsc_file_free(&file);
    fsc_file_free(&file);   /* documented as safe twice */

    /* Again, with a buffer too small for most messages. */
    char small[24];
    memset(small, 'G', sizeof(small));
    fsc_file again;
    require(fsc_parse(PATH, text, size, &again, small, sizeof(small)) == result);
    require(terminated_within(small, sizeof(small)));
    require(strncmp(small, why, strlen(small)) == 0);
    fsc_file_free(&again);
    return 0;
}
