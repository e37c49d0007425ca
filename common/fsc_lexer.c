/*
 * fsc_lexer.c - the words of the scenario language: a line of text into tokens, quoted
 * strings decoded, "${NAME}" references checked (and, at run time, expanded by
 * fsc_expand). It knows nothing of commands; fsc_parse.c gives the tokens a meaning.
 *
 * Every byte is looked at once, through an index that is compared with the line's end
 * before each read, so no input can make the lexer read past the buffer. Outside
 * strings only printable ASCII, blanks and comments are allowed; inside strings any
 * valid UTF-8 but control characters. That keeps columns (counted in characters)
 * honest, and every string the executor converts to UTF-16 convertible.
 */
#include "fsc_scenario.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UTF8_BOM "\xEF\xBB\xBF"

void fsc_lexer_init(fsc_lexer *lexer, const char *text, size_t size)
{
    memset(lexer, 0, sizeof(*lexer));
    lexer->text = text;
    lexer->size = text ? size : 0;
    /* Editors on Windows start UTF-8 files with a byte order mark; it is not text. */
    if (lexer->size >= 3 && memcmp(text, UTF8_BOM, 3) == 0)
        lexer->pos = 3;
}

void fsc_lexer_free(fsc_lexer *lexer)
{
    free(lexer->tokens);
    free(lexer->references);
    free(lexer->scratch);
    lexer->tokens = NULL;
    lexer->references = NULL;
    lexer->scratch = NULL;
    lexer->count = lexer->token_capacity = 0;
    lexer->reference_count = lexer->reference_capacity = 0;
    lexer->scratch_size = 0;
}

/* --- Characters ------------------------------------------------------------------------ */

static int is_blank(unsigned char c)
{
    /* A CR is a blank so that CR LF files read like LF files. */
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_name_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_';
}

static int is_word_char(unsigned char c)
{
    return c > ' ' && c < 0x7f && c != '"' && c != '#' && c != '=';
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when it is not one: overlong
 * forms, surrogates and code points past U+10FFFF are refused, as Windows'
 * MultiByteToWideChar(MB_ERR_INVALID_CHARS) would refuse them later. */
static size_t utf8_length(const unsigned char *p, size_t available)
{
    unsigned char c = p[0];
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  /* the range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        length = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0)
            low = 0xA0;
        else if (c == 0xED)
            high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0)
            low = 0x90;
        else if (c == 0xF4)
            high = 0x8F;
    } else
        return 0;
    if (available < length || p[1] < low || p[1] > high)
        return 0;
    for (size_t i = 2; i < length; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return length;
}

/* Columns count characters: every byte but a UTF-8 continuation byte starts one. */
static unsigned count_columns(const char *text, size_t length)
{
    unsigned columns = 0;
    for (size_t i = 0; i < length; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            columns++;
    return columns;
}

/* --- Errors ---------------------------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#define FSC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FSC_PRINTF(f, a)
#endif

static int fail(fsc_lexer *lexer, unsigned column, const char *format, ...) FSC_PRINTF(3, 4);

static int fail(fsc_lexer *lexer, unsigned column, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(lexer->error, sizeof(lexer->error), format, args);
    va_end(args);
    lexer->error_line = lexer->line;
    lexer->error_column = column;
    return -1;
}

static int fail_out_of_memory(fsc_lexer *lexer)
{
    snprintf(lexer->error, sizeof(lexer->error), "out of memory");
    lexer->error_line = 0;
    lexer->error_column = 0;
    return -1;
}

/* A character as a message shows it: 'x', or 0xNN when it would not print. */
static void show_char(unsigned char c, char *buf, size_t size)
{
    if (c > ' ' && c < 0x7f)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "0x%02X", c);
}

/* --- Growing the per-line arrays -------------------------------------------------------- */

static fsc_token *new_token(fsc_lexer *lexer)
{
    if (lexer->count == lexer->token_capacity) {
        size_t capacity = lexer->token_capacity ? 2 * lexer->token_capacity : 16;
        fsc_token *grown = realloc(lexer->tokens, capacity * sizeof(*grown));
        if (!grown)
            return NULL;
        lexer->tokens = grown;
        lexer->token_capacity = capacity;
    }
    fsc_token *token = &lexer->tokens[lexer->count++];
    memset(token, 0, sizeof(*token));
    return token;
}

static int add_reference(fsc_lexer *lexer, const char *name, size_t length, unsigned column)
{
    if (lexer->reference_count == lexer->reference_capacity) {
        size_t capacity = lexer->reference_capacity ? 2 * lexer->reference_capacity : 8;
        fsc_reference *grown = realloc(lexer->references, capacity * sizeof(*grown));
        if (!grown)
            return -1;
        lexer->references = grown;
        lexer->reference_capacity = capacity;
    }
    fsc_reference *ref = &lexer->references[lexer->reference_count++];
    ref->name = name;
    ref->length = length;
    ref->column = column;
    return 0;
}

/* Token texts of a line never need more than twice the line's bytes (a one-character
 * word takes two with its NUL; a string takes fewer than its source), so the scratch
 * buffer is sized once per line and pointers into it stay valid for the whole line. */
static int reserve_scratch(fsc_lexer *lexer, size_t line_bytes)
{
    size_t needed = 2 * line_bytes + 1;
    if (needed <= lexer->scratch_size)
        return 0;
    char *grown = realloc(lexer->scratch, needed);
    if (!grown)
        return -1;
    lexer->scratch = grown;
    lexer->scratch_size = needed;
    return 0;
}

/* --- One line ------------------------------------------------------------------------- */

/* State while cutting one line: `at` indexes the text, `end` is the line's end (its
 * '\n' or the end of the text), `column` is at's column, `out` the next scratch byte. */
typedef struct line_cursor {
    size_t at, end;
    unsigned column;
    char *out;
} line_cursor;

/* "${NAME}" at cur->at (the '$'): checks it, records it, copies it as written. */
static int lex_reference(fsc_lexer *lexer, line_cursor *cur)
{
    const char *text = lexer->text;
    size_t name_start = cur->at + 2, j = name_start;
    while (j < cur->end && is_name_char((unsigned char)text[j]))
        j++;
    size_t length = j - name_start;
    int shown = length > 32 ? 32 : (int)length;
    if (j >= cur->end || text[j] == '"')
        return fail(lexer, cur->column,
                    "unterminated variable reference '${%.*s' (missing '}')", shown,
                    text + name_start);
    if (text[j] != '}') {
        char bad[8];
        show_char((unsigned char)text[j], bad, sizeof(bad));
        /* Everything from '$' to j is ASCII, so bytes are columns here. */
        return fail(lexer, cur->column + (unsigned)(j - cur->at),
                    "bad character %s in variable reference '${%.*s' (names are letters, "
                    "digits and '_')", bad, shown, text + name_start);
    }
    if (length == 0)
        return fail(lexer, cur->column, "empty variable reference '${}'");
    if (text[name_start] >= '0' && text[name_start] <= '9')
        return fail(lexer, cur->column, "variable name '%.*s' starts with a digit", shown,
                    text + name_start);
    if (length > FSC_MAX_NAME)
        return fail(lexer, cur->column, "variable name '%.*s...' is longer than %d characters",
                    shown, text + name_start, FSC_MAX_NAME);
    if (add_reference(lexer, text + name_start, length, cur->column) != 0)
        return fail_out_of_memory(lexer);
    size_t whole = j + 1 - cur->at;
    memcpy(cur->out, text + cur->at, whole);
    cur->out += whole;
    cur->column += (unsigned)whole;
    cur->at += whole;
    return 0;
}

/* A quoted string at cur->at (the opening quote), decoded into the scratch buffer. */
static int lex_string(fsc_lexer *lexer, line_cursor *cur)
{
    const char *text = lexer->text;
    fsc_token *token = new_token(lexer);
    if (!token)
        return fail_out_of_memory(lexer);
    token->kind = FSC_TOKEN_STRING;
    token->column = cur->column;
    token->text = cur->out;
    token->first_reference = lexer->reference_count;
    cur->at++;
    cur->column++;
    for (;;) {
        if (cur->at >= cur->end)
            return fail(lexer, token->column,
                        "missing closing quote (the string starting here runs to the end "
                        "of the line)");
        unsigned char c = (unsigned char)text[cur->at];
        if (c == '"') {
            cur->at++;
            cur->column++;
            break;
        }
        if (c == '\\') {
            unsigned char next = cur->at + 1 < cur->end ? (unsigned char)text[cur->at + 1] : 0;
            if (cur->at + 1 >= cur->end)
                return fail(lexer, token->column,
                            "missing closing quote (the string starting here runs to the "
                            "end of the line)");
            if (next != '"' && next != '\\') {
                char shown[8];
                show_char(next, shown, sizeof(shown));
                return fail(lexer, cur->column,
                            "unknown escape: backslash before %s (in a string only \\\" "
                            "and \\\\ are escapes; write \\\\ for one backslash)", shown);
            }
            *cur->out++ = (char)next;
            cur->at += 2;
            cur->column += 2;
            continue;
        }
        if (c == '$') {
            token->has_dollar = 1;
            unsigned char next = cur->at + 1 < cur->end ? (unsigned char)text[cur->at + 1] : 0;
            if (next == '{') {
                if (lex_reference(lexer, cur) != 0)
                    return -1;
                continue;
            }
            size_t run = next == '$' ? 2 : 1;   /* "$$" stays, fsc_expand makes it '$' */
            memcpy(cur->out, text + cur->at, run);
            cur->out += run;
            cur->at += run;
            cur->column += (unsigned)run;
            continue;
        }
        if (c == 0)
            return fail(lexer, cur->column, "NUL byte in the text (is this a text file?)");
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return fail(lexer, cur->column, "control character 0x%02X in a string", c);
        size_t n = utf8_length((const unsigned char *)text + cur->at, cur->end - cur->at);
        if (n == 0)
            return fail(lexer, cur->column, "invalid UTF-8 in a string (byte 0x%02X)", c);
        memcpy(cur->out, text + cur->at, n);
        cur->out += n;
        cur->at += n;
        cur->column++;
    }
    token->length = (size_t)(cur->out - token->text);
    *cur->out++ = '\0';
    token->reference_count = lexer->reference_count - token->first_reference;
    return 0;
}

static int lex_word(fsc_lexer *lexer, line_cursor *cur)
{
    fsc_token *token = new_token(lexer);
    if (!token)
        return fail_out_of_memory(lexer);
    token->kind = FSC_TOKEN_WORD;
    token->column = cur->column;
    token->text = cur->out;
    size_t start = cur->at;
    while (cur->at < cur->end && is_word_char((unsigned char)lexer->text[cur->at]))
        cur->at++;
    token->length = cur->at - start;
    memcpy(cur->out, lexer->text + start, token->length);
    cur->out += token->length;
    *cur->out++ = '\0';
    cur->column += (unsigned)token->length;
    return 0;
}

static int lex_equals(fsc_lexer *lexer, line_cursor *cur)
{
    fsc_token *token = new_token(lexer);
    if (!token)
        return fail_out_of_memory(lexer);
    token->kind = FSC_TOKEN_EQUALS;
    token->column = cur->column;
    token->text = cur->out;
    token->length = 1;
    *cur->out++ = '=';
    *cur->out++ = '\0';
    cur->at++;
    cur->column++;
    return 0;
}

/* A comment runs to the end of the line and may hold anything but a NUL byte. */
static int skip_comment(fsc_lexer *lexer, line_cursor *cur)
{
    const char *nul = memchr(lexer->text + cur->at, '\0', cur->end - cur->at);
    if (nul)
        return fail(lexer, cur->column + count_columns(lexer->text + cur->at,
                                                       (size_t)(nul - (lexer->text + cur->at))),
                    "NUL byte in the text (is this a text file?)");
    cur->at = cur->end;
    return 0;
}

static int lex_line(fsc_lexer *lexer, size_t start, size_t end)
{
    line_cursor cur = {start, end, 1, lexer->scratch};
    while (cur.at < cur.end) {
        unsigned char c = (unsigned char)lexer->text[cur.at];
        int status = 0;
        if (is_blank(c)) {
            cur.at++;
            cur.column++;
            continue;
        }
        if (c == '#')
            status = skip_comment(lexer, &cur);
        else if (c == '"')
            status = lex_string(lexer, &cur);
        else if (c == '=')
            status = lex_equals(lexer, &cur);
        else if (is_word_char(c))
            status = lex_word(lexer, &cur);
        else if (c == 0)
            status = fail(lexer, cur.column, "NUL byte in the text (is this a text file?)");
        else if (c >= 0x80)
            status = fail(lexer, cur.column,
                          "unexpected byte 0x%02X: outside strings only ASCII is allowed", c);
        else
            status = fail(lexer, cur.column, "unexpected control character 0x%02X", c);
        if (status != 0)
            return -1;
        if (c != '#')
            lexer->end_column = cur.column;   /* just after the latest token */
    }
    return 0;
}

int fsc_lexer_next_line(fsc_lexer *lexer)
{
    /* pos past size marks an end already reported, so asking again changes nothing. */
    if (lexer->pos > lexer->size) {
        lexer->count = 0;
        return 0;
    }
    while (lexer->pos < lexer->size) {
        size_t start = lexer->pos;
        const char *newline = memchr(lexer->text + start, '\n', lexer->size - start);
        size_t end = newline ? (size_t)(newline - lexer->text) : lexer->size;
        lexer->pos = newline ? end + 1 : end;
        lexer->line++;
        lexer->count = 0;
        lexer->reference_count = 0;
        lexer->end_column = 1;
        if (reserve_scratch(lexer, end - start) != 0)
            return fail_out_of_memory(lexer);
        if (lex_line(lexer, start, end) != 0)
            return -1;
        if (lexer->count > 0)
            return 1;
    }
    /* The end of the text: just after its last character. */
    if (lexer->size == 0 || lexer->text[lexer->size - 1] == '\n') {
        lexer->line++;
        lexer->end_column = 1;
    } else {
        size_t start = lexer->size;
        while (start > 0 && lexer->text[start - 1] != '\n')
            start--;
        if (start == 0 && lexer->size >= 3 && memcmp(lexer->text, UTF8_BOM, 3) == 0)
            start = 3;
        lexer->end_column = 1 + count_columns(lexer->text + start, lexer->size - start);
        if (lexer->line == 0)      /* a text that is only a byte order mark */
            lexer->line = 1;
    }
    lexer->pos = lexer->size + 1;
    lexer->count = 0;
    return 0;
}

/* --- Expansion at run time --------------------------------------------------------------- */

typedef struct growing_text {
    char *data;
    size_t length, capacity;
    int failed;
} growing_text;

static void append(growing_text *out, const char *bytes, size_t count)
{
    if (out->failed)
        return;
    if (count >= out->capacity - out->length) {
        size_t capacity = out->capacity;
        while (count >= capacity - out->length) {
            if (capacity > ((size_t)-1) / 2) {
                out->failed = 1;
                return;
            }
            capacity *= 2;
        }
        char *grown = realloc(out->data, capacity);
        if (!grown) {
            out->failed = 1;
            return;
        }
        out->data = grown;
        out->capacity = capacity;
    }
    memcpy(out->data + out->length, bytes, count);
    out->length += count;
    out->data[out->length] = '\0';
}

/* Frees what was built and returns NULL, with "problem 'name'" (or just the problem)
 * in `why`. */
static char *give_up(growing_text *out, char *why, size_t why_size, const char *problem,
                     const char *name, size_t length)
{
    free(out->data);
    if (why && why_size > 0 && name)
        snprintf(why, why_size, "%s '%.*s'", problem, (int)(length > 40 ? 40 : length), name);
    else if (why && why_size > 0)
        snprintf(why, why_size, "%s", problem);
    return NULL;
}

char *fsc_expand(const char *text, fsc_lookup_fn lookup, void *context,
                 char *why, size_t why_size)
{
    growing_text out = {malloc(64), 0, 64, 0};
    if (why && why_size > 0)
        why[0] = '\0';
    if (!out.data)
        return give_up(&out, why, why_size, "out of memory", NULL, 0);
    out.data[0] = '\0';
    const char *p = text ? text : "";
    while (*p) {
        const char *dollar = strchr(p, '$');
        if (!dollar) {
            append(&out, p, strlen(p));
            break;
        }
        append(&out, p, (size_t)(dollar - p));
        if (dollar[1] != '{') {     /* "$$" gives one '$', and so does a lone '$' */
            append(&out, "$", 1);
            p = dollar + (dollar[1] == '$' ? 2 : 1);
            continue;
        }
        const char *name = dollar + 2, *close = name;
        while (is_name_char((unsigned char)*close))
            close++;
        size_t length = (size_t)(close - name);
        if (*close != '}' || length == 0 || length > FSC_MAX_NAME ||
            (*name >= '0' && *name <= '9'))
            return give_up(&out, why, why_size, "bad variable reference", dollar, length + 2);
        char key[FSC_MAX_NAME + 1];
        memcpy(key, name, length);
        key[length] = '\0';
        const char *value = lookup ? lookup(context, key) : NULL;
        if (!value)
            return give_up(&out, why, why_size, "unknown variable", name, length);
        append(&out, value, strlen(value));
        p = close + 1;
    }
    if (out.failed)
        return give_up(&out, why, why_size, "out of memory", NULL, 0);
    return out.data;
}
