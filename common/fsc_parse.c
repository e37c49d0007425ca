/*
 * fsc_parse.c - scenario files (.fsc) into the AST of fsc_scenario.h.
 *
 * One line is one statement (or a block's `scenario`/`repeat`/`race` opener, or the
 * `end` that closes one). fsc_lexer.c cuts each line into tokens; here the first word
 * picks a statement parser from `commands`, which takes its operands left to right and
 * refuses anything left over. The whole file is checked before anything runs, and the
 * first error stops the parse with "FILE:LINE:COL: message" (one error, because a
 * scenario file is short and a second message after a first mistake is often noise).
 *
 * Besides the grammar, each scenario gets static checks that need no FSP: jobs are used
 * only between their `start` and `end` (and run one send or receive), `${NAME}` names a
 * variable that is provided or `set` further up, and a race block has an `abort` to aim.
 * These follow the text once, from top to bottom. Every block runs at least once, so
 * whatever they report is a real mistake (no false alarms); a mistake only a later pass
 * of a loop makes (`start j` before a `repeat 2` that holds `send j`) is left to the
 * executor, which sees it when it happens.
 *
 * Memory: every statement is appended to the block being filled as soon as its first
 * word is known, and its operands are stored into it as they are read, so everything
 * allocated is reachable from the fsc_file at all times and one fsc_file_free() cleans
 * up after an error anywhere.
 */
#include "fsc_scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define FSC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FSC_PRINTF(f, a)
#endif

typedef struct number_limit {
    const char *what;       /* "repeat count": how messages name the number */
    const char *unit;       /* "" or " milliseconds" */
    uint32_t min, max;
} number_limit;

static const number_limit limit_ms = {"time limit", " milliseconds", FSC_MS_MIN, FSC_MS_MAX};
static const number_limit limit_repeat = {"repeat count", "", FSC_COUNT_MIN, FSC_COUNT_MAX};
static const number_limit limit_schedules = {"schedule count", "", FSC_COUNT_MIN,
                                             FSC_COUNT_MAX};
static const number_limit limit_device_count = {"device count", "", FSC_COUNT_MIN,
                                                FSC_COUNT_MAX};
static const number_limit limit_device = {"device number", "", 0, FSC_DEVICE_MAX};
static const number_limit limit_dword = {"dword value", "", 0, 0xFFFFFFFFu};
static const number_limit limit_error = {"error code", "", 0, 0xFFFFFFFFu};
static const number_limit limit_page = {"page number", "", 1, FSC_HOLD_PAGE_MAX};
static const number_limit limit_bytes = {"byte count", "", 0, FSC_HOLD_BYTES_MAX};

/* --- Parser state ------------------------------------------------------------------- */

/* A job, as far as the text has gone: started, running its send/receive, or ended. */
typedef enum job_state { JOB_STARTED, JOB_RUNNING, JOB_ENDED } job_state;

typedef struct job_record {
    char name[FSC_MAX_NAME + 1];
    job_state state;
    unsigned started_line, operation_line, ended_line;
} job_record;

/* What a statement does with its job. */
typedef enum job_use {
    USE_START,      /* start: the job must not be live */
    USE_OPERATION,  /* send, receive: started, and no operation yet */
    USE_ANSWER,     /* answer: starts the job and runs its receive at once */
    USE_WAIT,       /* wait, expect returns: has an operation to wait for */
    USE_LIVE,       /* abort, report, expect status/final: started and not ended */
    USE_END         /* end JOB */
} job_use;

/* A block being filled. stack[0] is the scenario's own body. */
typedef struct open_block {
    fsc_block *block;       /* points into the parent's statement, which cannot move
                               while this block is open: only the innermost block grows */
    size_t capacity;
    const char *opener;     /* "scenario", "repeat", "race sweep", "race fuzz" */
    unsigned line, column;
    int has_abort;          /* race blocks: an `abort JOB` was seen inside */
} open_block;

typedef struct parser {
    const char *path;
    char *why;
    size_t why_size;
    fsc_lexer lexer;
    size_t at;              /* the next token of the current line */
    fsc_file file;
    size_t scenario_capacity;
    open_block stack[FSC_MAX_NESTING + 1];
    size_t depth;           /* open blocks; 0 outside every scenario */
    size_t race_level;      /* the stack index of the open race block, 0 when none */
    job_record jobs[FSC_MAX_JOBS];
    size_t job_count;
    char variables[FSC_MAX_VARIABLES][FSC_MAX_NAME + 1];
    size_t variable_count;
    const char *const *given;   /* names the runner provides too (--var), or NULL */
} parser;

/* --- Errors --------------------------------------------------------------------------- */

static int fail_at_line(parser *p, unsigned line, unsigned column, const char *format, ...)
    FSC_PRINTF(4, 5);
static int fail_at(parser *p, unsigned column, const char *format, ...) FSC_PRINTF(3, 4);

static int vfail(parser *p, unsigned line, unsigned column, const char *format, va_list args)
{
    char message[768];
    vsnprintf(message, sizeof(message), format, args);
    if (p->why && p->why_size > 0)
        snprintf(p->why, p->why_size, "%s:%u:%u: %s", p->path, line, column, message);
    return -1;
}

static int fail_at_line(parser *p, unsigned line, unsigned column, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfail(p, line, column, format, args);
    va_end(args);
    return -1;
}

/* An error on the line being parsed. */
static int fail_at(parser *p, unsigned column, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfail(p, p->lexer.line, column, format, args);
    va_end(args);
    return -1;
}

static int out_of_memory(parser *p)
{
    if (p->why && p->why_size > 0)
        snprintf(p->why, p->why_size, "%s: out of memory", p->path);
    return -1;
}

/* --- Tokens --------------------------------------------------------------------------- */

static const fsc_token *peek(const parser *p)
{
    return p->at < p->lexer.count ? &p->lexer.tokens[p->at] : NULL;
}

/* The column of the next token, or just past the last one at the end of the line. */
static unsigned next_column(const parser *p)
{
    const fsc_token *token = peek(p);
    return token ? token->column : p->lexer.end_column;
}

static int is_word(const fsc_token *token, const char *word)
{
    return token && token->kind == FSC_TOKEN_WORD && strcmp(token->text, word) == 0;
}

/* How many bytes of `text` to quote in a message: at most `max`, never cutting a
 * UTF-8 character in two (messages go to event logs as JSON strings). */
static int clip(const char *text, size_t max)
{
    size_t length = strlen(text);
    if (length <= max)
        return (int)length;
    while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* A token as a message shows it. */
static void describe(const fsc_token *token, char *buf, size_t size)
{
    if (!token)
        snprintf(buf, size, "end of line");
    else if (token->kind == FSC_TOKEN_STRING)
        snprintf(buf, size, "the string \"%.*s%s\"", clip(token->text, 40), token->text,
                 token->length > 40 ? "..." : "");
    else
        snprintf(buf, size, "'%.40s%s'", token->text, token->length > 40 ? "..." : "");
}

static int expected(parser *p, const char *what)
{
    char got[96];
    describe(peek(p), got, sizeof(got));
    return fail_at(p, next_column(p), "expected %s, got %s", what, got);
}

/* Nothing may follow a complete statement. */
static int take_end(parser *p)
{
    if (!peek(p))
        return 0;
    char got[96];
    describe(peek(p), got, sizeof(got));
    return fail_at(p, next_column(p), "unexpected %s at the end of the statement", got);
}

static int take_keyword(parser *p, const char *word)
{
    if (!is_word(peek(p), word)) {
        char what[48];
        snprintf(what, sizeof(what), "'%s'", word);
        return expected(p, what);
    }
    p->at++;
    return 0;
}

static int take_equals(parser *p)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_EQUALS)
        return expected(p, "'='");
    p->at++;
    return 0;
}

static int is_identifier(const char *text, size_t length)
{
    if (length == 0 || (text[0] >= '0' && text[0] <= '9'))
        return 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return 0;
    }
    return 1;
}

/* A job or variable name: `what` is "job" or "variable". */
static int take_name(parser *p, const char *what, const fsc_token **name)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_WORD) {
        char wanted[48];
        snprintf(wanted, sizeof(wanted), "a %s name", what);
        return expected(p, wanted);
    }
    if (!is_identifier(token->text, token->length))
        return fail_at(p, token->column,
                       "'%.40s' is not a %s name (names are letters, digits and '_', not "
                       "starting with a digit)", token->text, what);
    if (token->length > FSC_MAX_NAME)
        return fail_at(p, token->column, "%s name '%.40s...' is longer than %d characters",
                       what, token->text, FSC_MAX_NAME);
    p->at++;
    *name = token;
    return 0;
}

/* A decimal number inside `limit`. The message names the broken limit. */
static int take_number(parser *p, const number_limit *limit, uint32_t *value)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_WORD) {
        char wanted[96];
        snprintf(wanted, sizeof(wanted), "a %s (%lu..%lu%s)", limit->what,
                 (unsigned long)limit->min, (unsigned long)limit->max, limit->unit);
        return expected(p, wanted);
    }
    uint64_t number = 0;
    for (size_t i = 0; i < token->length; i++) {
        char c = token->text[i];
        if (c < '0' || c > '9')
            return fail_at(p, token->column,
                           "%s '%.40s' is not a decimal number (allowed: %lu..%lu%s)",
                           limit->what, token->text, (unsigned long)limit->min,
                           (unsigned long)limit->max, limit->unit);
        if (number <= 0xFFFFFFFFu)      /* past that it is too big anyway: stop growing */
            number = number * 10 + (uint64_t)(c - '0');
    }
    if (number < limit->min)
        return fail_at(p, token->column, "%s %.40s is below the minimum %lu (allowed: "
                       "%lu..%lu%s)", limit->what, token->text, (unsigned long)limit->min,
                       (unsigned long)limit->min, (unsigned long)limit->max, limit->unit);
    if (number > limit->max)
        return fail_at(p, token->column, "%s %.40s is above the maximum %lu (allowed: "
                       "%lu..%lu%s)", limit->what, token->text, (unsigned long)limit->max,
                       (unsigned long)limit->min, (unsigned long)limit->max, limit->unit);
    p->at++;
    *value = (uint32_t)number;
    return 0;
}

static char *copy_text(const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (copy) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

/* --- Variables --------------------------------------------------------------------- */

static int is_set(const parser *p, const char *name, size_t length)
{
    for (size_t i = 0; i < p->variable_count; i++)
        if (strlen(p->variables[i]) == length && memcmp(p->variables[i], name, length) == 0)
            return 1;
    for (size_t i = 0; p->given && p->given[i]; i++)
        if (strlen(p->given[i]) == length && memcmp(p->given[i], name, length) == 0)
            return 1;
    return 0;
}

/* Every ${NAME} in a string must be provided or `set` further up in the scenario. */
static int check_references(parser *p, const fsc_token *token)
{
    for (size_t i = 0; i < token->reference_count; i++) {
        const fsc_reference *ref = &p->lexer.references[token->first_reference + i];
        if (!fsc_is_builtin_name(ref->name, ref->length) && !is_set(p, ref->name, ref->length))
            return fail_at(p, ref->column,
                           "unknown variable '%.*s' (set it first, or use one of: "
                           FSC_BUILTIN_LIST ")", (int)ref->length, ref->name);
    }
    return 0;
}

/* A quoted string operand, its variables checked. `what` names it in messages ("the
 * file to send"); an empty string is refused unless `may_be_empty`. */
static int take_string_token(parser *p, const char *what, int may_be_empty,
                             const fsc_token **taken)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_STRING) {
        char wanted[96];
        snprintf(wanted, sizeof(wanted), "%s (a quoted string)", what);
        return expected(p, wanted);
    }
    if (!may_be_empty && token->length == 0)
        return fail_at(p, token->column, "%s is an empty string", what);
    if (check_references(p, token) != 0)
        return -1;
    p->at++;
    *taken = token;
    return 0;
}

/* The same, copied out into the statement (`taken` may be NULL). */
static int take_string(parser *p, const char *what, int may_be_empty, char **out,
                       const fsc_token **taken)
{
    const fsc_token *token;
    if (take_string_token(p, what, may_be_empty, &token) != 0)
        return -1;
    *out = copy_text(token->text, token->length);
    if (!*out)
        return out_of_memory(p);
    if (taken)
        *taken = token;
    return 0;
}

/* --- Jobs ------------------------------------------------------------------------------ */

static job_record *find_job(parser *p, const char *name)
{
    for (size_t i = 0; i < p->job_count; i++)
        if (strcmp(p->jobs[i].name, name) == 0)
            return &p->jobs[i];
    return NULL;
}

/* Checks and records what a statement does to its job (see job_use). */
static int use_job(parser *p, const fsc_token *name, job_use use)
{
    unsigned line = p->lexer.line;
    const char *job = name->text;
    job_record *record = find_job(p, job);
    if (use == USE_START || use == USE_ANSWER) {
        if (record && record->state != JOB_ENDED)
            return fail_at(p, name->column, "job '%s' is already started (line %u); "
                           "'end %s' first", job, record->started_line, job);
        if (!record) {
            if (p->job_count == FSC_MAX_JOBS)
                return fail_at(p, name->column, "too many jobs in one scenario (the limit "
                               "is %d names)", FSC_MAX_JOBS);
            record = &p->jobs[p->job_count++];
            snprintf(record->name, sizeof(record->name), "%s", job);
        }
        record->state = use == USE_ANSWER ? JOB_RUNNING : JOB_STARTED;
        record->started_line = record->operation_line = line;
        return 0;
    }
    if (!record)
        return fail_at(p, name->column, "job '%s' is not started ('start %s' must come "
                       "first)", job, job);
    if (record->state == JOB_ENDED)
        return fail_at(p, name->column, "job '%s' was ended at line %u ('start %s' again "
                       "to use it)", job, record->ended_line, job);
    switch (use) {
    case USE_OPERATION:
        if (record->state == JOB_RUNNING)
            return fail_at(p, name->column, "job '%s' already has a send or receive (line "
                           "%u); a job runs one operation, so start another job", job,
                           record->operation_line);
        record->state = JOB_RUNNING;
        record->operation_line = line;
        return 0;
    case USE_WAIT:
        if (record->state != JOB_RUNNING)
            return fail_at(p, name->column, "job '%s' has no send or receive to wait for",
                           job);
        return 0;
    case USE_END:
        record->state = JOB_ENDED;
        record->ended_line = line;
        return 0;
    default:
        return 0;
    }
}

/* Words that start statements cannot name jobs: `end repeat` would be ambiguous. */
static int is_command_word(const char *word);

/* The job operand: a name, stored into the statement, its use checked. */
static int take_job(parser *p, fsc_stmt *s, job_use use, const fsc_token **taken)
{
    const fsc_token *name;
    if (take_name(p, "job", &name) != 0)
        return -1;
    if (is_command_word(name->text))
        return fail_at(p, name->column, "'%s' is a command word and cannot name a job",
                       name->text);
    s->job = copy_text(name->text, name->length);
    if (!s->job)
        return out_of_memory(p);
    if (taken) {            /* the caller checks the use once it knows it */
        *taken = name;
        return 0;
    }
    return use_job(p, name, use);
}

/* --- Name lookups ------------------------------------------------------------------------ */

static const fsc_name *find_name(const fsc_name *table, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

static int take_status(parser *p, uint32_t *value)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_WORD)
        return expected(p, "a status name (FS_...)");
    size_t status_count;
    const fsc_name *status_names = fsc_status_table(&status_count);
    const fsc_name *status = find_name(status_names, status_count, token->text);
    if (!status) {
        char list[512] = "";
        for (size_t i = 0; i < status_count; i++) {
            strcat(list, status_names[i].name);
            if (i + 1 < status_count)
                strcat(list, ", ");
        }
        return fail_at(p, token->column, "unknown status '%.40s' (expected one of: %s)",
                       token->text, list);
    }
    *value = status->value;
    p->at++;
    return 0;
}

/* A list of statuses joined by `joiner` ("then", "or"), into a new array. */
static int take_statuses(parser *p, const char *joiner, uint32_t **statuses, size_t *count)
{
    /* Never more statuses than tokens left on the line. */
    *statuses = malloc((p->lexer.count - p->at + 1) * sizeof(**statuses));
    if (!*statuses)
        return out_of_memory(p);
    for (;;) {
        if (take_status(p, &(*statuses)[*count]) != 0)
            return -1;
        (*count)++;
        if (!is_word(peek(p), joiner))
            return 0;
        p->at++;
    }
}

/* `error E`: a number or an ERROR_* name. */
static int take_error_code(parser *p, uint32_t *code)
{
    const fsc_token *token = peek(p);
    if (token && token->kind == FSC_TOKEN_WORD && token->text[0] >= '0' &&
        token->text[0] <= '9')
        return take_number(p, &limit_error, code);
    if (!token || token->kind != FSC_TOKEN_WORD)
        return expected(p, "an error code (a number or an ERROR_* name)");
    size_t error_count;
    const fsc_name *error_names = fsc_error_table(&error_count);
    const fsc_name *error = find_name(error_names, error_count, token->text);
    if (!error)
        return fail_at(p, token->column, "unknown error name '%.40s' (write the number, or "
                       "a name from docs/scenarios.md such as ERROR_OPERATION_ABORTED)",
                       token->text);
    *code = error->value;
    p->at++;
    return 0;
}

/* Trailing `within MS` and (where allowed) `error E`, in any order, each once. */
enum { OPTION_WITHIN = 1, OPTION_ERROR = 2, OPTION_OPTIONAL = 4, OPTION_REFUSE_CALLBACK = 8 };

typedef struct options {
    int optional;           /* `optional`: answer's "no ring" ends the scenario quietly */
    int refuse_callback;    /* `refuse-callback`: send's FaxSendCallback answers FALSE */
    uint32_t within_ms;
    int has_error;
    uint32_t error;
    unsigned error_column;
} options;

static int take_options(parser *p, unsigned allowed, const char *expecting, options *o)
{
    int seen = 0;
    while (peek(p)) {
        const fsc_token *token = peek(p);
        int option = (allowed & OPTION_WITHIN) && is_word(token, "within") ? OPTION_WITHIN
                   : (allowed & OPTION_ERROR) && is_word(token, "error")   ? OPTION_ERROR
                   : (allowed & OPTION_OPTIONAL) && is_word(token, "optional") ? OPTION_OPTIONAL
                   : (allowed & OPTION_REFUSE_CALLBACK) && is_word(token, "refuse-callback")
                       ? OPTION_REFUSE_CALLBACK
                       : 0;
        if (!option) {
            char got[96];
            describe(token, got, sizeof(got));
            return fail_at(p, token->column, "unexpected %s (expected %s)", got, expecting);
        }
        if (seen & option)
            return fail_at(p, token->column, "'%s' is given twice", token->text);
        seen |= option;
        p->at++;
        if (option == OPTION_OPTIONAL) {
            o->optional = 1;
        } else if (option == OPTION_REFUSE_CALLBACK) {
            o->refuse_callback = 1;
        } else if (option == OPTION_WITHIN) {
            if (take_number(p, &limit_ms, &o->within_ms) != 0)
                return -1;
        } else {
            o->has_error = 1;
            o->error_column = token->column;
            if (take_error_code(p, &o->error) != 0)
                return -1;
        }
    }
    return 0;
}

/* --- Setup statements ---------------------------------------------------------------- */

static int parse_set(parser *p, fsc_stmt *s)
{
    const fsc_token *name;
    if (take_name(p, "variable", &name) != 0)
        return -1;
    if (fsc_is_builtin_name(name->text, name->length))
        return fail_at(p, name->column, "%s is provided by fake-faxsvc.exe and cannot be set",
                       name->text);
    s->as.set.name = copy_text(name->text, name->length);
    if (!s->as.set.name)
        return out_of_memory(p);
    if (take_equals(p) != 0 ||
        take_string(p, "the value", 1, &s->as.set.value, NULL) != 0 || take_end(p) != 0)
        return -1;
    /* Known from the next statement on, so `set A = "${A}"` is refused. */
    if (!is_set(p, name->text, name->length)) {
        if (p->variable_count == FSC_MAX_VARIABLES)
            return fail_at(p, name->column, "too many variables in one scenario (the limit "
                           "is %d names)", FSC_MAX_VARIABLES);
        snprintf(p->variables[p->variable_count++], FSC_MAX_NAME + 1, "%s", name->text);
    }
    return 0;
}

static int ascii_equal_ignoring_case(const char *a, const char *b, size_t length)
{
    if (strlen(b) != length)
        return 0;
    for (size_t i = 0; i < length; i++) {
        char x = a[i] >= 'a' && a[i] <= 'z' ? (char)(a[i] - 'a' + 'A') : a[i];
        if (x != b[i])
            return 0;
    }
    return 1;
}

/* "HKCU\Software\Vendor": the root (as Windows spells it, any case) and the rest. */
static int split_registry_key(parser *p, const fsc_token *key, fsc_stmt *s)
{
    static const struct {
        const char *name;
        fsc_registry_root root;
    } roots[] = {
        {"HKCU", FSC_HKEY_CURRENT_USER},
        {"HKEY_CURRENT_USER", FSC_HKEY_CURRENT_USER},
        {"HKLM", FSC_HKEY_LOCAL_MACHINE},
        {"HKEY_LOCAL_MACHINE", FSC_HKEY_LOCAL_MACHINE},
    };
    const char *slash = strchr(key->text, '\\');
    size_t root_length = slash ? (size_t)(slash - key->text) : key->length;
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
        if (!ascii_equal_ignoring_case(key->text, roots[i].name, root_length))
            continue;
        if (!slash || slash[1] == '\0')
            return fail_at(p, key->column, "registry key \"%.*s\" names no key below %s",
                           clip(key->text, 60), key->text, roots[i].name);
        s->as.registry.root = roots[i].root;
        s->as.registry.subkey = copy_text(slash + 1, strlen(slash + 1));
        return s->as.registry.subkey ? 0 : out_of_memory(p);
    }
    return fail_at(p, key->column, "registry key \"%.*s\" must start with HKCU\\, HKLM\\, "
                   "HKEY_CURRENT_USER\\ or HKEY_LOCAL_MACHINE\\", clip(key->text, 60), key->text);
}

static int parse_registry(parser *p, fsc_stmt *s)
{
    const fsc_token *key;
    if (take_string_token(p, "the registry key", 0, &key) != 0 ||
        split_registry_key(p, key, s) != 0 ||
        take_string(p, "the value name", 1, &s->as.registry.value_name, NULL) != 0 ||
        take_equals(p) != 0)
        return -1;
    if (is_word(peek(p), "dword")) {
        p->at++;
        s->as.registry.type = FSC_REG_DWORD;
        if (take_number(p, &limit_dword, &s->as.registry.dword) != 0)
            return -1;
    } else {
        const fsc_token *token = peek(p);
        if (!token || token->kind != FSC_TOKEN_STRING)
            return expected(p, "the data (a quoted string, or dword N)");
        s->as.registry.type = FSC_REG_SZ;
        if (take_string(p, "the data", 1, &s->as.registry.text, NULL) != 0)
            return -1;
    }
    return take_end(p);
}

static int parse_copy(parser *p, fsc_stmt *s)
{
    if (take_string(p, "the file to copy", 0, &s->as.copy.source, NULL) != 0 ||
        take_keyword(p, "to") != 0 ||
        take_string(p, "the destination", 0, &s->as.copy.destination, NULL) != 0)
        return -1;
    return take_end(p);
}

static int parse_run(parser *p, fsc_stmt *s)
{
    if (take_string(p, "the command line to run", 0, &s->as.run.command, NULL) != 0)
        return -1;
    return take_end(p);
}

static int parse_line_missing(parser *p, fsc_stmt *s)
{
    if (take_string(p, "the port the FSP's settings name", 0, &s->as.line_missing.port,
                    NULL) != 0)
        return -1;
    return take_end(p);
}

/* --- Provider lifecycle ----------------------------------------------------------------- */

static int parse_virtual_devices(parser *p, fsc_stmt *s)
{
    if (is_word(peek(p), "if-exported")) {
        p->at++;
        s->as.virtual_devices.if_exported = 1;
    }
    if (is_word(peek(p), "expect-count")) {
        p->at++;
        s->as.virtual_devices.has_expected_count = 1;
        if (take_number(p, &limit_device_count, &s->as.virtual_devices.expected_count) != 0)
            return -1;
    } else if (peek(p)) {
        char got[96];
        describe(peek(p), got, sizeof(got));
        return fail_at(p, next_column(p),
                       "unexpected %s (expected 'if-exported', 'expect-count N' or the end "
                       "of the line)", got);
    }
    return take_end(p);
}

static int parse_no_operands(parser *p, fsc_stmt *s)
{
    (void)s;
    return take_end(p);
}

/* --- Jobs ------------------------------------------------------------------------------- */

static int parse_start(parser *p, fsc_stmt *s)
{
    if (take_job(p, s, USE_START, NULL) != 0)
        return -1;
    if (is_word(peek(p), "device")) {
        p->at++;
        s->as.start.has_device = 1;
        if (take_number(p, &limit_device, &s->as.start.device) != 0)
            return -1;
    } else if (peek(p)) {
        char got[96];
        describe(peek(p), got, sizeof(got));
        return fail_at(p, next_column(p),
                       "unexpected %s (expected 'device N' or the end of the line)", got);
    }
    return take_end(p);
}

static int parse_send(parser *p, fsc_stmt *s)
{
    options o = {0};
    if (take_job(p, s, USE_OPERATION, NULL) != 0 ||
        take_string(p, "the file to send", 0, &s->as.send.file, NULL) != 0 ||
        take_keyword(p, "to") != 0 ||
        take_string(p, "the number to dial", 0, &s->as.send.number, NULL) != 0 ||
        take_options(p, OPTION_REFUSE_CALLBACK, "'refuse-callback' or the end of the line",
                     &o) != 0)
        return -1;
    s->as.send.refuse_callback = o.refuse_callback;
    return 0;
}

static int parse_receive(parser *p, fsc_stmt *s)
{
    if (take_job(p, s, USE_OPERATION, NULL) != 0 ||
        take_string(p, "the file to receive into", 0, &s->as.receive.file, NULL) != 0)
        return -1;
    return take_end(p);
}

static int parse_answer(parser *p, fsc_stmt *s)
{
    options o = {0};
    if (take_job(p, s, USE_ANSWER, NULL) != 0 ||
        take_string(p, "the file to receive into", 0, &s->as.answer.file, NULL) != 0 ||
        take_options(p, OPTION_WITHIN | OPTION_OPTIONAL,
                     "'within', 'optional' or the end of the line", &o) != 0)
        return -1;
    s->as.answer.within_ms = o.within_ms;
    s->as.answer.optional = o.optional;
    return 0;
}

static int parse_wait(parser *p, fsc_stmt *s)
{
    options o = {0};
    if (take_job(p, s, USE_WAIT, NULL) != 0 ||
        take_options(p, OPTION_WITHIN, "'within' or the end of the line", &o) != 0)
        return -1;
    s->as.wait.within_ms = o.within_ms;
    return 0;
}

static int parse_abort(parser *p, fsc_stmt *s)
{
    if (take_job(p, s, USE_LIVE, NULL) != 0 || take_end(p) != 0)
        return -1;
    if (p->race_level)
        p->stack[p->race_level].has_abort = 1;
    return 0;
}

static int parse_report(parser *p, fsc_stmt *s)
{
    if (take_job(p, s, USE_LIVE, NULL) != 0)
        return -1;
    return take_end(p);
}

static int parse_end_job(parser *p, fsc_stmt *s)
{
    const fsc_token *token = peek(p);
    if (is_word(token, "repeat") || is_word(token, "race") || is_word(token, "scenario"))
        return fail_at(p, token->column, "'end' closes the innermost block on its own: write "
                       "'end' alone ('end JOB' ends a job)");
    if (take_job(p, s, USE_END, NULL) != 0)
        return -1;
    return take_end(p);
}

/* --- Modem ---------------------------------------------------------------------------- */

static int parse_modem_hold(parser *p, fsc_stmt *s)
{
    const fsc_token *token = peek(p);
    if (!token || token->kind != FSC_TOKEN_WORD)
        return expected(p, "a hold point (see docs/control.md)");
    fsc_hold *hold = &s->as.modem_hold.point;
    size_t kind = 0;
    while (kind < FSC_HOLD_COUNT && strcmp(fsc_hold_name((fsc_hold_kind)kind), token->text) != 0)
        kind++;
    if (kind == FSC_HOLD_COUNT) {
        char list[256] = "";
        for (size_t i = 0; i < FSC_HOLD_COUNT; i++) {
            strcat(list, fsc_hold_name((fsc_hold_kind)i));
            if (i + 1 < FSC_HOLD_COUNT)
                strcat(list, ", ");
        }
        return fail_at(p, token->column, "unknown hold point '%.40s' (expected one of: %s)",
                       token->text, list);
    }
    int numbers = fsc_hold_numbers((fsc_hold_kind)kind);
    size_t given = p->lexer.count - p->at - 1;
    if (given != (size_t)numbers) {
        unsigned column = given < (size_t)numbers
                              ? token->column
                              : p->lexer.tokens[p->at + 1 + (size_t)numbers].column;
        return fail_at(p, column, "%s takes %s", fsc_hold_name((fsc_hold_kind)kind),
                       fsc_hold_takes((fsc_hold_kind)kind));
    }
    p->at++;
    hold->kind = (fsc_hold_kind)kind;
    if (numbers >= 1 && take_number(p, &limit_page, &hold->page) != 0)
        return -1;
    if (numbers == 2 && take_number(p, &limit_bytes, &hold->bytes) != 0)
        return -1;
    return take_end(p);
}

static int parse_modem_ring(parser *p, fsc_stmt *s)
{
    const fsc_token *file, *id;
    if (take_string(p, "the document to ring with", 0, &s->as.modem_ring.file, &file) != 0)
        return -1;
    /* modem-sim's `ring FILE` ends the name at a blank. After expansion only the
     * executor can tell; a name written out is checked here. */
    if (!file->has_dollar && strpbrk(file->text, " \t"))
        return fail_at(p, file->column, "modem-sim's ring command cannot take a file name "
                       "with blanks");
    if (!peek(p))
        return 0;
    if (take_keyword(p, "from") != 0 ||
        take_string(p, "the caller ID", 0, &s->as.modem_ring.caller_id, &id) != 0)
        return -1;
    if (strchr(id->text, '"'))
        return fail_at(p, id->column, "the caller ID cannot hold a double quote");
    size_t characters = 0;
    for (const char *c = id->text; *c; c++)
        characters += ((unsigned char)*c & 0xC0) != 0x80;
    if (!id->has_dollar && characters > FSC_RING_ID_MAX)
        return fail_at(p, id->column, "the caller ID has %lu characters; modem-sim takes at "
                       "most %d", (unsigned long)characters, FSC_RING_ID_MAX);
    return take_end(p);
}

static int parse_modem(parser *p, fsc_stmt *s)
{
    const fsc_token *sub = peek(p);
    if (!sub || sub->kind != FSC_TOKEN_WORD)
        return expected(p, "a modem command (hold, wait-held, release, ring, give-up or "
                        "fail)");
    p->at++;
    if (strcmp(sub->text, "hold") == 0) {
        s->op = FSC_OP_MODEM_HOLD;
        return parse_modem_hold(p, s);
    }
    if (strcmp(sub->text, "wait-held") == 0) {
        options o = {0};
        s->op = FSC_OP_MODEM_WAIT_HELD;
        if (take_options(p, OPTION_WITHIN, "'within' or the end of the line", &o) != 0)
            return -1;
        s->as.modem_wait_held.within_ms = o.within_ms;
        return 0;
    }
    if (strcmp(sub->text, "release") == 0) {
        s->op = FSC_OP_MODEM_RELEASE;
        return take_end(p);
    }
    if (strcmp(sub->text, "ring") == 0) {
        s->op = FSC_OP_MODEM_RING;
        return parse_modem_ring(p, s);
    }
    if (strcmp(sub->text, "give-up") == 0) {
        s->op = FSC_OP_MODEM_GIVE_UP;
        return take_end(p);
    }
    if (strcmp(sub->text, "fail") == 0) {
        s->op = FSC_OP_MODEM_FAIL;
        const fsc_token *how = peek(p);
        if (is_word(how, "disconnect"))
            s->as.modem_fail.failure = FSC_FAIL_DISCONNECT;
        else if (is_word(how, "rtn"))
            s->as.modem_fail.failure = FSC_FAIL_RTN;
        else
            return expected(p, "'disconnect' or 'rtn'");
        p->at++;
        return take_end(p);
    }
    return fail_at(p, sub->column, "unknown modem command '%.40s' (expected one of: hold, "
                   "wait-held, release, ring, give-up, fail)", sub->text);
}

/* --- Expectations --------------------------------------------------------------------- */

static int parse_expect_returns(parser *p, fsc_stmt *s)
{
    const fsc_token *value = peek(p);
    if (is_word(value, "true"))
        s->as.expect_returns.value = 1;
    else if (is_word(value, "false"))
        s->as.expect_returns.value = 0;
    else
        return expected(p, "'true' or 'false'");
    p->at++;
    options o = {0};
    if (take_options(p, OPTION_WITHIN | OPTION_ERROR,
                     "'error', 'within' or the end of the line", &o) != 0)
        return -1;
    if (o.has_error && s->as.expect_returns.value)
        return fail_at(p, o.error_column, "'error' goes with 'returns false' only (after a "
                       "TRUE return the last error means nothing)");
    s->as.expect_returns.has_error = o.has_error;
    s->as.expect_returns.error = o.error;
    s->as.expect_returns.within_ms = o.within_ms;
    return 0;
}

static int parse_expect(parser *p, fsc_stmt *s)
{
    const fsc_token *job;
    if (take_job(p, s, USE_LIVE, &job) != 0)
        return -1;
    const fsc_token *kind = peek(p);
    if (is_word(kind, "returns")) {
        s->op = FSC_OP_EXPECT_RETURNS;
        p->at++;
        return use_job(p, job, USE_WAIT) != 0 ? -1 : parse_expect_returns(p, s);
    }
    if (is_word(kind, "sent")) {
        /* expect JOB sent "FILE": judged against what modem-sim's remote received */
        s->op = FSC_OP_EXPECT_SENT;
        p->at++;
        if (use_job(p, job, USE_WAIT) != 0 ||
            take_string(p, "the document the send was given", 0, &s->as.expect_sent.file,
                        NULL) != 0)
            return -1;
        return take_end(p);
    }
    if (use_job(p, job, USE_LIVE) != 0)
        return -1;
    if (is_word(kind, "status")) {
        options o = {0};
        s->op = FSC_OP_EXPECT_STATUS;
        p->at++;
        if (take_statuses(p, "then", &s->as.expect_status.statuses,
                          &s->as.expect_status.count) != 0 ||
            take_options(p, OPTION_WITHIN, "'then', 'within' or the end of the line", &o) != 0)
            return -1;
        s->as.expect_status.within_ms = o.within_ms;
        return 0;
    }
    if (is_word(kind, "final")) {
        s->op = FSC_OP_EXPECT_FINAL;
        p->at++;
        if (take_statuses(p, "or", &s->as.expect_final.statuses,
                          &s->as.expect_final.count) != 0)
            return -1;
        if (peek(p)) {
            char got[96];
            describe(peek(p), got, sizeof(got));
            return fail_at(p, next_column(p), "unexpected %s (expected 'or' or the end of "
                           "the line)", got);
        }
        return 0;
    }
    if (!kind || kind->kind != FSC_TOKEN_WORD)
        return expected(p, "'returns', 'status', 'final' or 'sent'");
    return fail_at(p, kind->column, "unknown expectation '%.40s' (expected one of: returns, "
                   "status, final, sent)", kind->text);
}

/* --- Blocks ------------------------------------------------------------------------------- */

static int open_block_of(parser *p, fsc_stmt *s, const char *opener)
{
    if (p->depth > FSC_MAX_NESTING)
        return fail_at(p, s->column, "blocks nest deeper than %d levels", FSC_MAX_NESTING);
    open_block *top = &p->stack[p->depth++];
    memset(top, 0, sizeof(*top));
    top->block = &s->body;
    top->opener = opener;
    top->line = s->line;
    top->column = s->column;
    return 0;
}

static int parse_repeat(parser *p, fsc_stmt *s)
{
    if (take_number(p, &limit_repeat, &s->as.repeat.count) != 0 || take_end(p) != 0)
        return -1;
    return open_block_of(p, s, "repeat");
}

static int parse_race(parser *p, fsc_stmt *s)
{
    const fsc_token *kind = peek(p);
    if (is_word(kind, "sweep")) {
        s->op = FSC_OP_RACE_SWEEP;
        p->at++;
    } else if (is_word(kind, "fuzz")) {
        s->op = FSC_OP_RACE_FUZZ;
        p->at++;
        if (take_number(p, &limit_schedules, &s->as.race_fuzz.schedules) != 0)
            return -1;
    } else if (kind && kind->kind == FSC_TOKEN_WORD) {
        return fail_at(p, kind->column, "unknown race '%.40s' (expected one of: sweep, fuzz)",
                       kind->text);
    } else {
        return expected(p, "'sweep' or 'fuzz'");
    }
    if (take_end(p) != 0)
        return -1;
    if (p->race_level)
        return fail_at(p, s->column, "a race block cannot hold another race block (the race "
                       "at line %u is still open)", p->stack[p->race_level].line);
    if (open_block_of(p, s, fsc_op_name(s->op)) != 0)
        return -1;
    p->race_level = p->depth - 1;
    return 0;
}

/* `end` alone: closes the innermost block, or the scenario. */
static int close_block(parser *p, const fsc_token *end)
{
    if (p->depth == 0)
        return fail_at(p, end->column, "'end' without an open block");
    open_block *top = &p->stack[p->depth - 1];
    if (p->race_level == p->depth - 1 && p->race_level != 0) {
        if (!top->has_abort)
            return fail_at_line(p, top->line, top->column, "this %s block has no 'abort JOB' "
                                "to aim at its injection points", top->opener);
        p->race_level = 0;
    }
    p->depth--;
    if (p->depth == 0) {    /* the scenario is over: jobs and variables are its own */
        p->job_count = 0;
        p->variable_count = 0;
    }
    return 0;
}

/* --- Scenarios ---------------------------------------------------------------------------- */

static int open_scenario(parser *p, const fsc_token *word)
{
    if (p->depth > 0) {
        const char *open_name = p->file.scenarios[p->file.scenario_count - 1].name;
        return fail_at(p, word->column, "'scenario' inside scenario \"%.*s\" (line %u): "
                       "close that one with 'end' first", clip(open_name, 60), open_name,
                       p->stack[0].line);
    }
    const fsc_token *name = NULL;
    if (p->file.scenario_count == FSC_MAX_SCENARIOS)
        return fail_at(p, word->column, "too many scenarios in one file (the limit is %d)",
                       FSC_MAX_SCENARIOS);
    if (p->file.scenario_count == p->scenario_capacity) {
        size_t capacity = p->scenario_capacity ? 2 * p->scenario_capacity : 4;
        fsc_scenario *grown = realloc(p->file.scenarios, capacity * sizeof(*grown));
        if (!grown)
            return out_of_memory(p);
        p->file.scenarios = grown;
        p->scenario_capacity = capacity;
    }
    fsc_scenario *scenario = &p->file.scenarios[p->file.scenario_count];
    memset(scenario, 0, sizeof(*scenario));
    scenario->line = p->lexer.line;
    scenario->column = word->column;
    /* Counted now, so that the name below is freed with the file if anything fails. */
    p->file.scenario_count++;
    /* The name is a label: it is never expanded, so its ${...} need not be known. */
    name = peek(p);
    if (!name || name->kind != FSC_TOKEN_STRING)
        return expected(p, "the scenario's name (a quoted string)");
    if (name->length == 0)
        return fail_at(p, name->column, "the scenario's name is an empty string");
    for (size_t i = 0; i + 1 < p->file.scenario_count; i++)
        if (strcmp(p->file.scenarios[i].name, name->text) == 0)
            return fail_at(p, name->column, "duplicate scenario name \"%.*s\" (first used at "
                           "line %u)", clip(name->text, 60), name->text,
                           p->file.scenarios[i].line);
    scenario->name = copy_text(name->text, name->length);
    if (!scenario->name)
        return out_of_memory(p);
    p->at++;
    if (take_end(p) != 0)
        return -1;
    open_block *top = &p->stack[0];
    memset(top, 0, sizeof(*top));
    top->block = &scenario->body;
    top->opener = "scenario";
    top->line = scenario->line;
    top->column = scenario->column;
    p->depth = 1;
    p->race_level = 0;
    return 0;
}

/* --- Statements ---------------------------------------------------------------------------- */

typedef int (*statement_parser)(parser *p, fsc_stmt *s);

typedef struct command {
    const char *word;
    fsc_op op;              /* modem, expect and race refine it from their next word */
    statement_parser parse;
} command;

static const command commands[] = {
    {"set", FSC_OP_SET, parse_set},
    {"registry", FSC_OP_REGISTRY, parse_registry},
    {"copy", FSC_OP_COPY, parse_copy},
    {"virtual-devices", FSC_OP_VIRTUAL_DEVICES, parse_virtual_devices},
    {"init", FSC_OP_INIT, parse_no_operands},
    {"enable-devices", FSC_OP_ENABLE_DEVICES, parse_no_operands},
    {"shutdown", FSC_OP_SHUTDOWN, parse_no_operands},
    {"run", FSC_OP_RUN, parse_run},
    {"line-missing", FSC_OP_LINE_MISSING, parse_line_missing},
    {"start", FSC_OP_START, parse_start},
    {"send", FSC_OP_SEND, parse_send},
    {"receive", FSC_OP_RECEIVE, parse_receive},
    {"answer", FSC_OP_ANSWER, parse_answer},
    {"wait", FSC_OP_WAIT, parse_wait},
    {"abort", FSC_OP_ABORT, parse_abort},
    {"report", FSC_OP_REPORT, parse_report},
    {"end", FSC_OP_END_JOB, parse_end_job},
    {"modem", FSC_OP_MODEM_HOLD, parse_modem},
    {"expect", FSC_OP_EXPECT_RETURNS, parse_expect},
    {"repeat", FSC_OP_REPEAT, parse_repeat},
    {"race", FSC_OP_RACE_SWEEP, parse_race},
};
#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))
#define COMMAND_LIST "scenario, end, set, registry, copy, run, line-missing, virtual-devices, init, " \
                     "enable-devices, shutdown, " \
                     "start, send, receive, answer, wait, abort, report, modem, expect, repeat, race"

static int is_command_word(const char *word)
{
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(commands[i].word, word) == 0)
            return 1;
    return strcmp(word, "scenario") == 0;
}

/* A zeroed statement at the end of the innermost open block. */
static fsc_stmt *append_statement(parser *p)
{
    open_block *top = &p->stack[p->depth - 1];
    fsc_block *block = top->block;
    if (block->count == top->capacity) {
        size_t capacity = top->capacity ? 2 * top->capacity : 8;
        fsc_stmt *grown = realloc(block->items, capacity * sizeof(*grown));
        if (!grown)
            return NULL;
        block->items = grown;
        top->capacity = capacity;
    }
    fsc_stmt *s = &block->items[block->count++];
    memset(s, 0, sizeof(*s));
    return s;
}

static int parse_line(parser *p)
{
    const fsc_token *first = &p->lexer.tokens[0];
    p->at = 1;
    if (first->kind != FSC_TOKEN_WORD) {
        p->at = 0;
        return expected(p, "a command");
    }
    if (strcmp(first->text, "scenario") == 0)
        return open_scenario(p, first);
    if (strcmp(first->text, "end") == 0 && p->lexer.count == 1)
        return close_block(p, first);
    const command *cmd = NULL;
    for (size_t i = 0; i < COMMAND_COUNT && !cmd; i++)
        if (strcmp(commands[i].word, first->text) == 0)
            cmd = &commands[i];
    if (!cmd)
        return fail_at(p, first->column, "unknown command '%.40s' (expected one of: "
                       COMMAND_LIST ")", first->text);
    if (p->depth == 0)
        return fail_at(p, first->column, "'%s' outside a scenario (statements go between "
                       "'scenario \"name\"' and 'end')", first->text);
    fsc_stmt *s = append_statement(p);
    if (!s)
        return out_of_memory(p);
    s->op = cmd->op;
    s->line = p->lexer.line;
    s->column = first->column;
    return cmd->parse(p, s);
}

/* After the last line: every block closed, at least one scenario. */
static int check_end_of_file(parser *p)
{
    if (p->depth > 1) {
        const open_block *top = &p->stack[p->depth - 1];
        return fail_at_line(p, top->line, top->column, "this %s block is not closed: 'end' "
                            "is missing (each 'end' closes the innermost open block)",
                            top->opener);
    }
    if (p->depth == 1) {
        const char *open_name = p->file.scenarios[p->file.scenario_count - 1].name;
        return fail_at_line(p, p->stack[0].line, p->stack[0].column, "scenario \"%.*s\" is "
                            "not closed: 'end' is missing", clip(open_name, 60), open_name);
    }
    if (p->file.scenario_count == 0)
        return fail_at_line(p, p->lexer.line, p->lexer.end_column, "no scenario in the file "
                            "(a file holds one or more 'scenario \"name\" ... end' blocks)");
    return 0;
}

/* --- The file ---------------------------------------------------------------------------- */

/* The folder relative input paths are resolved against: path up to its last separator
 * ('/' or '\\', both understood on every system), keeping a root's own separator. */
static char *folder_of(const char *path)
{
    size_t length = strlen(path), cut = length;
    while (cut > 0 && path[cut - 1] != '/' && path[cut - 1] != '\\')
        cut--;
    int has_drive = length >= 2 && path[1] == ':' &&
                    ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z'));
    if (cut == 0)           /* "a.fsc", or "C:a.fsc": the current folder (of that drive) */
        return has_drive ? copy_text(path, 2) : copy_text(".", 1);
    size_t keep = cut - 1;  /* without the separator ... */
    if (keep == 0 || (has_drive && keep == 2))
        keep++;             /* ... unless it is the root: "/", "C:\" */
    return copy_text(path, keep);
}

int fsc_parse(const char *path, const char *text, size_t size, fsc_file *out,
              char *why, size_t why_size)
{
    return fsc_parse_with(path, text, size, NULL, out, why, why_size);
}

int fsc_parse_with(const char *path, const char *text, size_t size,
                   const char *const *given_variables, fsc_file *out, char *why,
                   size_t why_size)
{
    if (!path)
        path = "(text)";
    if (why && why_size > 0)
        why[0] = '\0';
    memset(out, 0, sizeof(*out));
    if (size > FSC_MAX_FILE_BYTES) {
        if (why && why_size > 0)
            snprintf(why, why_size, "%s: the file is larger than %u bytes, the limit for a "
                     "scenario file", path, FSC_MAX_FILE_BYTES);
        return -1;
    }
    parser *p = calloc(1, sizeof(*p));
    if (!p) {
        if (why && why_size > 0)
            snprintf(why, why_size, "%s: out of memory", path);
        return -1;
    }
    p->path = path;
    p->given = given_variables;
    p->why = why;
    p->why_size = why_size;
    fsc_lexer_init(&p->lexer, text, size);
    int status = 0;
    p->file.path = copy_text(path, strlen(path));
    p->file.folder = folder_of(path);
    if (!p->file.path || !p->file.folder)
        status = out_of_memory(p);
    while (status == 0) {
        int line = fsc_lexer_next_line(&p->lexer);
        if (line == 0)
            break;
        if (line < 0 && p->lexer.error_line == 0)
            status = out_of_memory(p);
        else if (line < 0)
            status = fail_at_line(p, p->lexer.error_line, p->lexer.error_column, "%s",
                                  p->lexer.error);
        else
            status = parse_line(p);
    }
    if (status == 0)
        status = check_end_of_file(p);
    if (status == 0) {
        *out = p->file;
        memset(&p->file, 0, sizeof(p->file));
    }
    fsc_file_free(&p->file);
    fsc_lexer_free(&p->lexer);
    free(p);
    return status == 0 ? 0 : -1;
}

int fsc_load(const char *path, fsc_file *out, char *why, size_t why_size)
{
    return fsc_load_with(path, NULL, out, why, why_size);
}

int fsc_load_with(const char *path, const char *const *given_variables, fsc_file *out,
                  char *why, size_t why_size)
{
    memset(out, 0, sizeof(*out));
    if (why && why_size > 0)
        why[0] = '\0';
    FILE *file = fopen(path, "rb");
    if (!file) {
        if (why && why_size > 0)
            snprintf(why, why_size, "%s: cannot open (%s)", path, strerror(errno));
        return -1;
    }
    /* Read one byte past the limit, so that fsc_parse() can tell a file too large. */
    size_t limit = (size_t)FSC_MAX_FILE_BYTES + 1, size = 0, capacity = 4096;
    char *text = malloc(capacity);
    int status = text ? 0 : -1;
    while (status == 0 && size < limit) {
        if (size == capacity) {
            capacity = capacity * 2 < limit ? capacity * 2 : limit;
            char *grown = realloc(text, capacity);
            if (!grown) {
                status = -1;
                break;
            }
            text = grown;
        }
        size_t got = fread(text + size, 1, capacity - size, file);
        size += got;
        if (got == 0)
            break;
    }
    if (status != 0) {
        if (why && why_size > 0)
            snprintf(why, why_size, "%s: out of memory", path);
    } else if (ferror(file)) {
        if (why && why_size > 0)
            snprintf(why, why_size, "%s: cannot read (%s)", path, strerror(errno));
        status = -1;
    }
    fclose(file);
    if (status == 0)
        status = fsc_parse_with(path, text, size, given_variables, out, why, why_size);
    free(text);
    return status;
}

static void free_block(fsc_block *block);

static void free_statement(fsc_stmt *s)
{
    free(s->job);
    free_block(&s->body);
    switch (s->op) {
    case FSC_OP_SET:
        free(s->as.set.name);
        free(s->as.set.value);
        break;
    case FSC_OP_REGISTRY:
        free(s->as.registry.subkey);
        free(s->as.registry.value_name);
        free(s->as.registry.text);
        break;
    case FSC_OP_COPY:
        free(s->as.copy.source);
        free(s->as.copy.destination);
        break;
    case FSC_OP_RUN:
        free(s->as.run.command);
        break;
    case FSC_OP_LINE_MISSING:
        free(s->as.line_missing.port);
        break;
    case FSC_OP_SEND:
        free(s->as.send.file);
        free(s->as.send.number);
        break;
    case FSC_OP_RECEIVE:
        free(s->as.receive.file);
        break;
    case FSC_OP_ANSWER:
        free(s->as.answer.file);
        break;
    case FSC_OP_MODEM_RING:
        free(s->as.modem_ring.file);
        free(s->as.modem_ring.caller_id);
        break;
    case FSC_OP_EXPECT_STATUS:
        free(s->as.expect_status.statuses);
        break;
    case FSC_OP_EXPECT_FINAL:
        free(s->as.expect_final.statuses);
        break;
    case FSC_OP_EXPECT_SENT:
        free(s->as.expect_sent.file);
        break;
    default:
        break;  /* no allocated operands */
    }
}

static void free_block(fsc_block *block)
{
    for (size_t i = 0; i < block->count; i++)
        free_statement(&block->items[i]);
    free(block->items);
    block->items = NULL;
    block->count = 0;
}

void fsc_file_free(fsc_file *file)
{
    for (size_t i = 0; i < file->scenario_count; i++) {
        free(file->scenarios[i].name);
        free_block(&file->scenarios[i].body);
    }
    free(file->scenarios);
    free(file->path);
    free(file->folder);
    memset(file, 0, sizeof(*file));
}
