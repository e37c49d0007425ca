/*
 * json_line.c - one-line JSON object builder (see include/json_line.h).
 */
#include "json_line.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(json_line *line, const char *text, size_t n)
{
    if (line->failed)
        return;
    if (line->cap - line->len < n + 1) {
        size_t cap = line->cap ? line->cap : 256;
        while (cap - line->len < n + 1)
            cap *= 2;
        char *grown = realloc(line->buf, cap);
        if (!grown) {
            line->failed = 1;
            return;
        }
        line->buf = grown;
        line->cap = cap;
    }
    memcpy(line->buf + line->len, text, n);
    line->len += n;
    line->buf[line->len] = '\0';
}

static void append_cstr(json_line *line, const char *text)
{
    append(line, text, strlen(text));
}

/* A JSON string literal. Bytes >= 0x80 pass through: callers hand us UTF-8. */
static void append_quoted(json_line *line, const char *s)
{
    append(line, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"':  append(line, "\\\"", 2); break;
        case '\\': append(line, "\\\\", 2); break;
        case '\n': append(line, "\\n", 2); break;
        case '\r': append(line, "\\r", 2); break;
        case '\t': append(line, "\\t", 2); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof(esc), "\\u%04x", *p);
                append_cstr(line, esc);
            } else {
                append(line, (const char *)p, 1);
            }
        }
    }
    append(line, "\"", 1);
}

static void append_key(json_line *line, const char *key)
{
    if (line->fields++ > 0)
        append(line, ",", 1);
    append_quoted(line, key);
    append(line, ":", 1);
}

void json_line_begin(json_line *line)
{
    line->len = 0;
    line->failed = 0;
    line->fields = 0;
    append(line, "{", 1);
}

void json_line_str(json_line *line, const char *key, const char *utf8_value)
{
    append_key(line, key);
    if (utf8_value)
        append_quoted(line, utf8_value);
    else
        append_cstr(line, "null");
}

void json_line_i64(json_line *line, const char *key, int64_t value)
{
    char num[32];
    snprintf(num, sizeof(num), "%" PRId64, value);
    append_key(line, key);
    append_cstr(line, num);
}

void json_line_u64(json_line *line, const char *key, uint64_t value)
{
    char num[32];
    snprintf(num, sizeof(num), "%" PRIu64, value);
    append_key(line, key);
    append_cstr(line, num);
}

void json_line_bool(json_line *line, const char *key, int value)
{
    append_key(line, key);
    append_cstr(line, value ? "true" : "false");
}

const char *json_line_finish(json_line *line, size_t *length)
{
    append(line, "}\n", 2);
    if (line->failed)
        return NULL;
    if (length)
        *length = line->len;
    return line->buf;
}

void json_line_free(json_line *line)
{
    free(line->buf);
    line->buf = NULL;
    line->len = line->cap = 0;
}
