/*
 * report_text.c - text for the report formats (see report_formats.h). Messages come from
 * the DLL too (a station ID, an error's words), so nothing is assumed of them: any byte
 * that is not part of valid UTF-8, and any control character a format cannot carry,
 * becomes U+FFFD.
 */
#include "report_formats.h"

#include <stdio.h>
#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* The length of the valid UTF-8 sequence at `s` (1..4), or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] <= 0xF4 ? 4 : 0;
    if (n == 0)
        return 0;
    for (size_t i = 1; i < n; i++) /* stops at a NUL: it is no continuation byte */
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    /* overlong three-byte forms, UTF-16 surrogates, and past U+10FFFF */
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* Writes `text` to `out`; `special` says what to write for an ASCII character instead
 * (NULL: the character itself); control characters and invalid bytes become U+FFFD. */
static void put_checked(FILE *out, const char *text, const char *(*special)(char c))
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        size_t n = utf8_length(s);
        const char *instead = n == 1 ? special(*(const char *)s) : NULL;
        if (instead)
            fputs(instead, out);
        else if (n == 0 || (n == 1 && *s < 0x20) || *s == 0x7F)
            fputs(REPLACEMENT, out);
        else
            fwrite(s, 1, n, out);
        s += n ? n : 1;
    }
}

static const char *xml_special(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&apos;";
    case '\t': return "&#9;";
    case '\n': return "&#10;";
    default: return NULL;
    }
}

static const char *yaml_special(char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\t': return "\\t";
    case '\n': return "\\n";
    default: return NULL;
    }
}

static const char *tap_special(char c)
{
    switch (c) {
    case '#': return "\\#";
    case '\\': return "\\\\";
    case '\t': case '\n': case '\r': return " ";
    default: return NULL;
    }
}

void report_put_xml(FILE *out, const char *text)
{
    put_checked(out, text, xml_special);
}

void report_put_yaml(FILE *out, const char *text)
{
    fputc('"', out);
    put_checked(out, text, yaml_special);
    fputc('"', out);
}

void report_put_tap(FILE *out, const char *text)
{
    put_checked(out, text, tap_special);
}

void report_replay(const report_run *run, const char *clause_id, char *buf, size_t size)
{
    const char *program = run->replay_program ? run->replay_program : "fspconform";
    const char *args = run->replay_args ? run->replay_args : "";
    if (clause_id && run->narrowable && run->narrowable(clause_id))
        snprintf(buf, size, "%s --only %s %s", program, clause_id, args);
    else
        snprintf(buf, size, "%s %s", program, args);
}
