/*
 * json_flat.c - strict reader of one flat JSON object (see include/json_flat.h).
 *
 * One pass, left to right, no backtracking. Decoded keys and strings go into one block
 * of `length + 1` bytes, which is always enough: a decoded string is never longer than
 * its text between the quotes (an escape shrinks or keeps its size), and its two quotes
 * pay for its NUL.
 */
#include "json_flat.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define JSON_FLAT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define JSON_FLAT_PRINTF(f, a)
#endif

typedef struct parser {
    const unsigned char *text;
    size_t length;
    size_t pos;                 /* the next byte to read */
    char *strings;              /* decoded keys and strings */
    size_t used;
    json_flat_member *members;
    size_t count, capacity;
    char *why;
    size_t why_size;
} parser;

/* --- Errors: every one names the byte (from 1) where the problem was seen ----------- */

static int fail_at(parser *p, size_t pos, const char *format, ...) JSON_FLAT_PRINTF(3, 4);

static int fail_at(parser *p, size_t pos, const char *format, ...)
{
    if (!p->why || p->why_size == 0)
        return -1;
    char message[256];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    snprintf(p->why, p->why_size, "byte %lu: %s", (unsigned long)pos + 1, message);
    return -1;
}

static int out_of_memory(parser *p)
{
    if (p->why && p->why_size > 0)
        snprintf(p->why, p->why_size, "out of memory");
    return -1;
}

/* What stands at p->pos, for "expected X, found Y" messages. */
static const char *found(const parser *p, char *buf, size_t size)
{
    if (p->pos >= p->length)
        return "the end of the line";
    unsigned char c = p->text[p->pos];
    if (c >= 0x21 && c <= 0x7E)
        snprintf(buf, size, "'%c'", c);
    else
        snprintf(buf, size, "byte 0x%02X", (unsigned)c);
    return buf;
}

static int at(const parser *p, char c)
{
    return p->pos < p->length && p->text[p->pos] == (unsigned char)c;
}

static void skip_whitespace(parser *p)
{
    while (p->pos < p->length && (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' ||
                                  p->text[p->pos] == '\n' || p->text[p->pos] == '\r'))
        p->pos++;
}

/* --- Strings ---------------------------------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at `s` (RFC 3629: no overlong forms, no
 * surrogates, nothing past U+10FFFF), or 0 when there is none. */
static size_t utf8_sequence(const unsigned char *s, size_t available)
{
    unsigned char lead = s[0], low = 0x80, high = 0xBF;
    size_t need;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        need = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        need = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        need = 4;
    else
        return 0;
    if (lead == 0xE0)
        low = 0xA0;
    else if (lead == 0xED)
        high = 0x9F;
    else if (lead == 0xF0)
        low = 0x90;
    else if (lead == 0xF4)
        high = 0x8F;
    if (available < need || s[1] < low || s[1] > high)
        return 0;
    for (size_t i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return need;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The four hex digits of a \u escape starting at `pos`. */
static int read_hex4(parser *p, size_t pos, uint32_t *value)
{
    *value = 0;
    for (size_t i = pos; i < pos + 4; i++) {
        if (i >= p->length)
            return fail_at(p, p->length, "the line ends inside a \\u escape");
        unsigned char c = p->text[i];
        unsigned digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return fail_at(p, i, "\\u needs four hex digits");
        *value = *value * 16 + digit;
    }
    return 0;
}

/* \uXXXX at p->pos - 1 (the 'u' is at p->pos), with the low half of a surrogate pair
 * when the first is a high half. U+0000 is refused: our strings end at NUL. */
static int parse_unicode_escape(parser *p, char **o)
{
    size_t at_escape = p->pos - 1;
    uint32_t cp, low;
    if (read_hex4(p, p->pos + 1, &cp) != 0)
        return -1;
    p->pos += 5;
    if (cp == 0)
        return fail_at(p, at_escape, "\\u0000 is refused (strings end at NUL)");
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail_at(p, at_escape, "unpaired low surrogate \\u%04X", (unsigned)cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (p->pos + 1 >= p->length || p->text[p->pos] != '\\' || p->text[p->pos + 1] != 'u')
            return fail_at(p, at_escape, "unpaired high surrogate \\u%04X (a \\uDC00..\\uDFFF "
                           "must follow)", (unsigned)cp);
        if (read_hex4(p, p->pos + 2, &low) != 0)
            return -1;
        if (low < 0xDC00 || low > 0xDFFF)
            return fail_at(p, p->pos, "\\u%04X after the high surrogate \\u%04X is not a low "
                           "surrogate (\\uDC00..\\uDFFF)", (unsigned)low, (unsigned)cp);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        p->pos += 6;
    }
    *o += utf8_encode(cp, *o);
    return 0;
}

/* The escape whose backslash is at p->pos. */
static int parse_escape(parser *p, char **o)
{
    static const char named[] = "\"\\/bfnrt";
    static const char meaning[] = "\"\\/\b\f\n\r\t";
    p->pos++;
    if (p->pos >= p->length)
        return fail_at(p, p->pos, "the line ends inside an escape");
    unsigned char c = p->text[p->pos];
    if (c == 'u')
        return parse_unicode_escape(p, o);
    const char *hit = c != '\0' ? strchr(named, c) : NULL;
    if (!hit) {
        char buf[16];
        return fail_at(p, p->pos - 1, "invalid escape: backslash before %s (allowed: \\\" "
                       "\\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", found(p, buf, sizeof(buf)));
    }
    *(*o)++ = meaning[hit - named];
    p->pos++;
    return 0;
}

/* The string whose opening quote is at p->pos, decoded into p->strings. */
static int parse_string(parser *p, const char **value)
{
    size_t opened = p->pos++;
    char *start = p->strings + p->used, *o = start;
    for (;;) {
        if (p->pos >= p->length)
            return fail_at(p, p->pos, "the line ends inside the string opened at byte %lu",
                           (unsigned long)opened + 1);
        unsigned char c = p->text[p->pos];
        if (c == '"')
            break;
        if (c == '\\') {
            if (parse_escape(p, &o) != 0)
                return -1;
            continue;
        }
        if (c < 0x20)
            return fail_at(p, p->pos, "control character 0x%02X in a string (it must be "
                           "escaped)", (unsigned)c);
        size_t n = utf8_sequence(p->text + p->pos, p->length - p->pos);
        if (n == 0)
            return fail_at(p, p->pos, "invalid UTF-8 (byte 0x%02X does not start a "
                           "well-formed sequence here)", (unsigned)c);
        memcpy(o, p->text + p->pos, n);
        o += n;
        p->pos += n;
    }
    p->pos++;
    *o++ = '\0';
    p->used = (size_t)(o - p->strings);
    *value = start;
    return 0;
}

/* --- Other values ----------------------------------------------------------------- */

static int is_digit(const parser *p)
{
    return p->pos < p->length && p->text[p->pos] >= '0' && p->text[p->pos] <= '9';
}

/* -?(0|[1-9][0-9]*), from INT64_MIN to UINT64_MAX: the writer (json_line.h) writes
 * unsigned 64-bit values the DLL chose (handles, packet fields), so the reader takes
 * the whole range. A fraction or exponent is refused by name. */
static int parse_integer(parser *p, json_flat_member *m)
{
    size_t start = p->pos;
    char buf[16];
    int negative = at(p, '-');
    p->pos += negative;
    if (!is_digit(p))
        return fail_at(p, p->pos, "expected a digit after '-', found %s",
                       found(p, buf, sizeof(buf)));
    if (p->text[p->pos] == '0' && p->pos + 1 < p->length && p->text[p->pos + 1] >= '0' &&
        p->text[p->pos + 1] <= '9')
        return fail_at(p, p->pos, "a number may not have a leading zero");
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : UINT64_MAX;
    uint64_t magnitude = 0;
    for (; is_digit(p); p->pos++) {
        unsigned digit = (unsigned)(p->text[p->pos] - '0');
        if (magnitude > (limit - digit) / 10)
            return fail_at(p, start, "the integer does not fit in 64 bits (%s)",
                           negative ? "below INT64_MIN" : "above UINT64_MAX");
        magnitude = magnitude * 10 + digit;
    }
    if (at(p, '.') || at(p, 'e') || at(p, 'E'))
        return fail_at(p, p->pos, "floating-point numbers are not supported (integers only)");
    m->negative = negative && magnitude != 0;
    m->magnitude = magnitude;
    if (!negative)
        m->integer = magnitude > (uint64_t)INT64_MAX ? 0 : (int64_t)magnitude;
    else
        m->integer = magnitude == limit ? INT64_MIN : -(int64_t)magnitude;
    return 0;
}

static int parse_literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->length - p->pos < n || memcmp(p->text + p->pos, word, n) != 0)
        return fail_at(p, p->pos, "expected '%s'", word);
    p->pos += n;
    return 0;
}

static int parse_value(parser *p, json_flat_member *m)
{
    char buf[16];
    unsigned char c = p->pos < p->length ? p->text[p->pos] : 0;
    if (c == '"') {
        m->kind = JSON_FLAT_STRING;
        return parse_string(p, &m->str);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        m->kind = JSON_FLAT_INT;
        return parse_integer(p, m);
    }
    if (c == 't' || c == 'f') {
        m->kind = JSON_FLAT_BOOL;
        m->boolean = c == 't';
        return parse_literal(p, c == 't' ? "true" : "false");
    }
    if (c == 'n') {
        m->kind = JSON_FLAT_NULL;
        return parse_literal(p, "null");
    }
    if (c == '{')
        return fail_at(p, p->pos, "nested objects are not supported (a log line is flat)");
    if (c == '[')
        return fail_at(p, p->pos, "arrays are not supported (a log line is flat)");
    return fail_at(p, p->pos, "expected a value (string, integer, true, false or null), "
                   "found %s", found(p, buf, sizeof(buf)));
}

/* --- The object ------------------------------------------------------------------- */

static int add_member(parser *p, const json_flat_member *m)
{
    if (p->count == p->capacity) {
        size_t capacity = p->capacity ? p->capacity * 2 : 16;
        json_flat_member *grown = realloc(p->members, capacity * sizeof(*grown));
        if (!grown)
            return out_of_memory(p);
        p->members = grown;
        p->capacity = capacity;
    }
    p->members[p->count++] = *m;
    return 0;
}

static int has_key(const parser *p, const char *key)
{
    for (size_t i = 0; i < p->count; i++)
        if (strcmp(p->members[i].key, key) == 0)
            return 1;
    return 0;
}

/* "key": value, one member; p->pos is at the key's opening quote. */
static int parse_member(parser *p)
{
    char buf[16];
    size_t key_at = p->pos;
    json_flat_member m = {0};
    if (parse_string(p, &m.key) != 0)
        return -1;
    if (has_key(p, m.key))
        return fail_at(p, key_at, "duplicate key \"%.40s\"", m.key);
    skip_whitespace(p);
    if (!at(p, ':'))
        return fail_at(p, p->pos, "expected ':' after the key, found %s",
                       found(p, buf, sizeof(buf)));
    p->pos++;
    skip_whitespace(p);
    if (parse_value(p, &m) != 0)
        return -1;
    return add_member(p, &m);
}

/* The members after '{', up to and including '}'. */
static int parse_members(parser *p)
{
    char buf[16];
    for (;;) {
        skip_whitespace(p);
        if (!at(p, '"'))
            return fail_at(p, p->pos, "expected a key (a string in double quotes), found %s",
                           found(p, buf, sizeof(buf)));
        if (p->count == JSON_FLAT_MAX_MEMBERS)
            return fail_at(p, p->pos, "more than %d members", JSON_FLAT_MAX_MEMBERS);
        if (parse_member(p) != 0)
            return -1;
        skip_whitespace(p);
        if (at(p, '}')) {
            p->pos++;
            return 0;
        }
        if (!at(p, ','))
            return fail_at(p, p->pos, "expected ',' or '}' after a value, found %s",
                           found(p, buf, sizeof(buf)));
        p->pos++;
    }
}

static int parse_object(parser *p)
{
    char buf[16];
    skip_whitespace(p);
    if (!at(p, '{'))
        return fail_at(p, p->pos, "expected '{' (a log line is one JSON object), found %s",
                       found(p, buf, sizeof(buf)));
    p->pos++;
    skip_whitespace(p);
    if (at(p, '}'))
        p->pos++;
    else if (parse_members(p) != 0)
        return -1;
    skip_whitespace(p);
    if (p->pos < p->length)
        return fail_at(p, p->pos, "%s after the object's closing '}'",
                       found(p, buf, sizeof(buf)));
    return 0;
}

int json_flat_parse(const char *text, size_t length, json_flat *out, char *why,
                    size_t why_size)
{
    memset(out, 0, sizeof(*out));
    if (why && why_size > 0)
        why[0] = '\0';
    parser p = {(const unsigned char *)(text ? text : ""), text ? length : 0, 0, NULL, 0,
                NULL, 0, 0, why, why_size};
    if (p.length > JSON_FLAT_MAX_LENGTH)
        return fail_at(&p, JSON_FLAT_MAX_LENGTH, "the line is longer than %lu bytes",
                       (unsigned long)JSON_FLAT_MAX_LENGTH);
    p.strings = malloc(p.length + 1);
    if (!p.strings)
        return out_of_memory(&p);
    if (parse_object(&p) != 0) {
        free(p.strings);
        free(p.members);
        return -1;
    }
    out->members = p.members;
    out->count = p.count;
    out->strings = p.strings;
    return 0;
}

/* --- Reading the result ----------------------------------------------------------- */

const json_flat_member *json_flat_get(const json_flat *obj, const char *key)
{
    for (size_t i = 0; i < obj->count; i++)
        if (strcmp(obj->members[i].key, key) == 0)
            return &obj->members[i];
    return NULL;
}

const char *json_flat_str(const json_flat *obj, const char *key)
{
    const json_flat_member *m = json_flat_get(obj, key);
    return m && m->kind == JSON_FLAT_STRING ? m->str : NULL;
}

int json_flat_int(const json_flat *obj, const char *key, int64_t *out)
{
    const json_flat_member *m = json_flat_get(obj, key);
    if (!m || m->kind != JSON_FLAT_INT || (!m->negative && m->magnitude > (uint64_t)INT64_MAX))
        return 0;
    *out = m->integer;
    return 1;
}

int json_flat_u64(const json_flat *obj, const char *key, uint64_t *out)
{
    const json_flat_member *m = json_flat_get(obj, key);
    if (!m || m->kind != JSON_FLAT_INT || m->negative)
        return 0;
    *out = m->magnitude;
    return 1;
}

void json_flat_free(json_flat *obj)
{
    free(obj->members);
    free(obj->strings);
    obj->members = NULL;
    obj->strings = NULL;
    obj->count = 0;
}
