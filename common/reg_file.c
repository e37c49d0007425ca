/*
 * reg_file.c - regedit's .reg files read into a list of changes (see reg_file.h).
 */
#include "reg_file.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { TYPE_NONE = 0, TYPE_SZ = 1, TYPE_EXPAND_SZ = 2, TYPE_BINARY = 3, TYPE_DWORD = 4,
       TYPE_MULTI_SZ = 7, TYPE_QWORD = 11 };

static const struct { const char *name; reg_root root; } roots[] = {
    {"HKEY_LOCAL_MACHINE", REG_ROOT_LOCAL_MACHINE}, {"HKEY_CURRENT_USER", REG_ROOT_CURRENT_USER},
    {"HKEY_CLASSES_ROOT", REG_ROOT_CLASSES_ROOT}, {"HKEY_USERS", REG_ROOT_USERS},
    {"HKEY_CURRENT_CONFIG", REG_ROOT_CURRENT_CONFIG},
};
#define ROOT_COUNT (sizeof(roots) / sizeof(roots[0]))

const char *reg_root_name(reg_root root)
{
    for (size_t i = 0; i < ROOT_COUNT; i++)
        if (roots[i].root == root)
            return roots[i].name;
    return "?";
}

/* A growing byte buffer. */
typedef struct bytes {
    unsigned char *data;
    size_t size, capacity;
} bytes;

static int put(bytes *b, const void *data, size_t n)
{
    if (b->size + n + 1 > b->capacity) {
        size_t capacity = (b->size + n + 1) * 2;
        unsigned char *grown = realloc(b->data, capacity);
        if (!grown)
            return -1;
        b->data = grown;
        b->capacity = capacity;
    }
    memcpy(b->data + b->size, data, n);
    b->size += n;
    b->data[b->size] = 0;
    return 0;
}

static int put_utf8(bytes *b, uint32_t c)
{
    unsigned char u[4];
    size_t n;
    if (c < 0x80) { u[0] = (unsigned char)c; n = 1; }
    else if (c < 0x800) { u[0] = (unsigned char)(0xC0 | c >> 6); u[1] = (unsigned char)(0x80 | (c & 0x3F)); n = 2; }
    else if (c < 0x10000) { u[0] = (unsigned char)(0xE0 | c >> 12); u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
                            u[2] = (unsigned char)(0x80 | (c & 0x3F)); n = 3; }
    else { u[0] = (unsigned char)(0xF0 | c >> 18); u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
           u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F)); u[3] = (unsigned char)(0x80 | (c & 0x3F)); n = 4; }
    return put(b, u, n);
}

/* One code point from UTF-8 at *p (advanced); -1 for a malformed sequence. */
static long next_utf8(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    unsigned n = s[0] < 0x80 ? 0 : (s[0] & 0xE0) == 0xC0 ? 1 : (s[0] & 0xF0) == 0xE0 ? 2
               : (s[0] & 0xF8) == 0xF0 ? 3 : 9;
    if (n == 9 || s + n >= end + (n ? 0 : 1))
        return -1;
    uint32_t c = n == 0 ? s[0] : (uint32_t)(s[0] & (0x3F >> n));
    for (unsigned i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        c = c << 6 | (s[i] & 0x3F);
    }
    *p = s + n + 1;
    return (long)c;
}

/* The file as UTF-8 text: UTF-16LE (its byte order mark says so), UTF-8, or - when it is
 * not valid UTF-8 - the ANSI of a REGEDIT4 file, read as Latin-1. */
static int decode(const unsigned char *in, size_t size, bytes *out)
{
    if (size >= 2 && in[0] == 0xFF && in[1] == 0xFE) {
        for (size_t i = 2; i + 1 < size; i += 2) {
            uint32_t c = (uint32_t)(in[i] | in[i + 1] << 8);
            if (c >= 0xD800 && c < 0xDC00 && i + 3 < size) {
                uint32_t low = (uint32_t)(in[i + 2] | in[i + 3] << 8);
                if (low >= 0xDC00 && low < 0xE000) {
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    i += 2;
                }
            }
            if (put_utf8(out, c) != 0)
                return -1;
        }
        return put(out, "", 0);
    }
    if (size >= 3 && in[0] == 0xEF && in[1] == 0xBB && in[2] == 0xBF) {
        in += 3;
        size -= 3;
    }
    const unsigned char *p = in, *end = in + size;
    int valid = 1;
    while (p < end && valid)
        valid = next_utf8(&p, end) >= 0;
    if (valid)
        return put(out, in, size) == 0 && put(out, "", 0) == 0 ? 0 : -1;
    for (size_t i = 0; i < size; i++)
        if (put_utf8(out, in[i]) != 0)
            return -1;
    return put(out, "", 0);
}

typedef struct parser {
    const char *path;
    unsigned line;
    char *why;
    size_t why_size;
    reg_file *file;
    int have_key;
    reg_root root;
    char *subkey;
} parser;

static int fail(parser *p, const char *format, ...)
{
    char message[256];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof(message), format, args);
    va_end(args);
    snprintf(p->why, p->why_size, "%s:%u: %s", p->path, p->line, message);
    return -1;
}

static int add(parser *p, reg_change *change)
{
    reg_change *grown = realloc(p->file->changes, (p->file->count + 1) * sizeof(*grown));
    if (!grown)
        return fail(p, "out of memory");
    p->file->changes = grown;
    change->line = p->line;
    grown[p->file->count++] = *change;
    return 0;
}

static char *copy_of(const char *text, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, text, n);
        s[n] = '\0';
    }
    return s;
}

/* UTF-8 text as UTF-16LE with its terminator, the form RegSetValueExW takes. */
static int utf16_of(const char *text, size_t n, bytes *out)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + n;
    while (s < end) {
        long c = next_utf8(&s, end);
        if (c < 0)
            return -1;
        unsigned char unit[4];
        size_t k = 2;
        if (c >= 0x10000) {
            uint32_t v = (uint32_t)c - 0x10000, high = 0xD800 + (v >> 10), low = 0xDC00 + (v & 0x3FF);
            unit[0] = (unsigned char)high; unit[1] = (unsigned char)(high >> 8);
            unit[2] = (unsigned char)low; unit[3] = (unsigned char)(low >> 8);
            k = 4;
        } else {
            unit[0] = (unsigned char)c; unit[1] = (unsigned char)(c >> 8);
        }
        if (put(out, unit, k) != 0)
            return -1;
    }
    return put(out, "\0\0", 2);
}

/* "[HKEY_...\sub\key]" or "[-HKEY_...]". */
static int parse_key(parser *p, const char *line)
{
    size_t n = strlen(line);
    while (n && isspace((unsigned char)line[n - 1]))
        n--;
    if (n < 2 || line[n - 1] != ']')
        return fail(p, "a key line ends with ']'");
    int delete = line[1] == '-';
    const char *key = line + 1 + delete;
    size_t key_length = (size_t)(line + n - 1 - key);
    for (size_t i = 0; i < ROOT_COUNT; i++) {
        size_t r = strlen(roots[i].name);
        if (key_length < r || strncmp(key, roots[i].name, r) != 0 ||
            (key_length > r && key[r] != '\\'))
            continue;
        reg_change change = {0};
        change.kind = delete ? REG_CHANGE_DELETE_KEY : REG_CHANGE_KEY;
        change.root = roots[i].root;
        size_t skip = key_length > r ? r + 1 : r;
        change.subkey = copy_of(key + skip, key_length - skip);
        if (!change.subkey)
            return fail(p, "out of memory");
        if (delete && !change.subkey[0]) {
            free(change.subkey);
            return fail(p, "a whole root cannot be deleted");
        }
        free(p->subkey);
        p->subkey = delete ? NULL : copy_of(change.subkey, strlen(change.subkey));
        p->have_key = !delete;
        p->root = change.root;
        if (add(p, &change) != 0) {
            free(change.subkey);
            return -1;
        }
        return 0;
    }
    return fail(p, "unknown root in '%.*s' (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, "
                "HKEY_CLASSES_ROOT, HKEY_USERS or HKEY_CURRENT_CONFIG, written out)",
                (int)key_length, key);
}

/* A quoted string at *s: its text (escapes \\ and \" undone) and *s past the quote. */
static int quoted(parser *p, const char **s, bytes *text)
{
    const char *q = *s + 1;
    for (; *q && *q != '"'; q++) {
        if (*q == '\\') {
            q++;
            if (*q != '\\' && *q != '"')
                return fail(p, "unknown escape '\\%c' in a string (only \\\\ and \\\")",
                            *q ? *q : ' ');
        }
        if (put(text, q, 1) != 0)
            return fail(p, "out of memory");
    }
    if (*q != '"')
        return fail(p, "a string without its closing quote");
    if (put(text, "", 0) != 0)
        return fail(p, "out of memory");
    *s = q + 1;
    return 0;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "hex:" or "hex(N):" data: comma-separated bytes. */
static int hex_list(parser *p, const char *s, bytes *out)
{
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        int high = hex_digit(s[0]), low = high >= 0 ? hex_digit(s[1]) : -1;
        if (low < 0)
            return fail(p, "expected two hex digits in the byte list, found '%.8s'", s);
        unsigned char byte = (unsigned char)(high << 4 | low);
        if (put(out, &byte, 1) != 0)
            return fail(p, "out of memory");
        s += 2;
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s == ',')
            s++;
        else if (*s)
            return fail(p, "expected ',' between bytes, found '%c'", *s);
    }
    return 0;
}

/* An ANSI (REGEDIT4) string type written as hex: bytes, widened to UTF-16LE. */
static int widen_ansi(parser *p, bytes *data)
{
    bytes wide = {0};
    for (size_t i = 0; i < data->size; i++) {
        unsigned char unit[2] = {data->data[i], 0};
        if (put(&wide, unit, 2) != 0) {
            free(wide.data);
            return fail(p, "out of memory");
        }
    }
    free(data->data);
    *data = wide;
    return 0;
}

static int parse_value(parser *p, const char *line)
{
    if (!p->have_key)
        return fail(p, "a value before any [KEY] line");
    const char *s = line;
    bytes name = {0}, data = {0};
    reg_change change = {0};
    int status = -1;
    if (*s == '@') {
        s++;
        if (put(&name, "", 0) != 0)
            goto out;
    } else if (quoted(p, &s, &name) != 0) {
        goto out;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s++ != '=') {
        fail(p, "expected '=' after the value name");
        goto out;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    change.kind = REG_CHANGE_VALUE;
    if (*s == '-' && !s[1 + strspn(s + 1, " \t")]) {
        change.kind = REG_CHANGE_DELETE_VALUE;
    } else if (*s == '"') {
        bytes text = {0};
        if (quoted(p, &s, &text) != 0) {
            free(text.data);
            goto out;
        }
        if (s[strspn(s, " \t")]) {
            free(text.data);
            fail(p, "unexpected text after the closing quote");
            goto out;
        }
        change.type = TYPE_SZ;
        int converted = utf16_of(text.data ? (char *)text.data : "", text.size, &data);
        free(text.data);
        if (converted != 0) {
            fail(p, "the string is not valid text");
            goto out;
        }
    } else if (strncmp(s, "dword:", 6) == 0) {
        const char *digits = s + 6;
        size_t n = strspn(digits, "0123456789abcdefABCDEF");
        if (n == 0 || n > 8 || digits[n + strspn(digits + n, " \t")]) {
            fail(p, "dword: takes up to 8 hex digits, e.g. dword:0000000a");
            goto out;
        }
        uint32_t v = (uint32_t)strtoul(digits, NULL, 16);
        unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                               (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
        change.type = TYPE_DWORD;
        if (put(&data, le, 4) != 0)
            goto out;
    } else if (strncmp(s, "hex", 3) == 0) {
        s += 3;
        change.type = TYPE_BINARY;
        if (*s == '(') {
            char *end;
            unsigned long type = strtoul(s + 1, &end, 16);
            if (end == s + 1 || *end != ')' || type > 0xFFFFFFFFul) {
                fail(p, "hex(N): N is a hex type number, e.g. hex(2) or hex(7)");
                goto out;
            }
            change.type = (uint32_t)type;
            s = end + 1;
        }
        if (*s++ != ':') {
            fail(p, "expected ':' after hex");
            goto out;
        }
        if (hex_list(p, s, &data) != 0)
            goto out;
        if (!p->file->unicode && (change.type == TYPE_EXPAND_SZ || change.type == TYPE_MULTI_SZ) &&
            widen_ansi(p, &data) != 0)
            goto out;
        if (change.type == TYPE_DWORD && data.size != 4) {
            fail(p, "hex(4) holds 4 bytes, not %zu", data.size);
            goto out;
        }
        if (change.type == TYPE_QWORD && data.size != 8) {
            fail(p, "hex(b) holds 8 bytes, not %zu", data.size);
            goto out;
        }
    } else {
        fail(p, "unknown data '%.16s' (expected \"text\", dword:, hex:, hex(N): or -)", s);
        goto out;
    }
    change.root = p->root;
    change.subkey = copy_of(p->subkey, strlen(p->subkey));
    change.name = (char *)name.data;
    change.data = data.data;
    change.size = data.size;
    name.data = data.data = NULL;
    if (!change.subkey) {
        fail(p, "out of memory");
    } else if (add(p, &change) == 0) {
        status = 0;
        change.subkey = change.name = NULL;
        change.data = NULL;
    }
out:
    free(change.subkey);
    free(change.name);
    free(change.data);
    free(name.data);
    free(data.data);
    return status;
}

int reg_file_parse(const char *path, const unsigned char *in, size_t size, reg_file *out,
                   char *why, size_t why_size)
{
    memset(out, 0, sizeof(*out));
    bytes text = {0};
    parser p = {path, 0, why, why_size, out, 0, REG_ROOT_LOCAL_MACHINE, NULL};
    if (decode(in, size, &text) != 0) {
        snprintf(why, why_size, "%s: out of memory", path);
        return -1;
    }
    char *cursor = text.data ? (char *)text.data : "";
    int header = 0, status = 0;
    unsigned next_line = 1;
    bytes logical = {0};
    while (*cursor && status == 0) {
        /* one logical line: physical lines joined where one ends in a backslash */
        logical.size = 0;
        p.line = next_line;
        for (;;) {
            char *eol = cursor + strcspn(cursor, "\n");
            size_t n = (size_t)(eol - cursor);
            if (n && cursor[n - 1] == '\r')
                n--;
            size_t trimmed = n;
            while (trimmed && (cursor[trimmed - 1] == ' ' || cursor[trimmed - 1] == '\t'))
                trimmed--;
            /* regedit wraps only hex data, after a comma: `...,\` */
            int continued = trimmed >= 2 && cursor[trimmed - 1] == '\\' &&
                            cursor[trimmed - 2] == ',';
            size_t skip = logical.size ? strspn(cursor, " \t") : 0;
            if (put(&logical, cursor + skip, (continued ? trimmed - 1 : n) - skip) != 0) {
                status = fail(&p, "out of memory");
                break;
            }
            cursor = *eol ? eol + 1 : eol;
            next_line++;
            if (!continued || !*cursor)
                break;
        }
        if (status != 0)
            break;
        if (put(&logical, "", 0) != 0) {
            status = fail(&p, "out of memory");
            break;
        }
        char *line = (char *)logical.data;
        line += strspn(line, " \t");
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        if (!header) {
            if (!*line)
                continue;
            if (strcmp(line, "Windows Registry Editor Version 5.00") == 0)
                out->unicode = 1;
            else if (strcmp(line, "REGEDIT4") != 0)
                status = fail(&p, "not a registry file: the first line must be 'Windows "
                              "Registry Editor Version 5.00' or 'REGEDIT4'");
            header = 1;
            continue;
        }
        if (!*line || *line == ';')
            continue;
        status = *line == '[' ? parse_key(&p, line)
               : (*line == '"' || *line == '@') ? parse_value(&p, line)
               : fail(&p, "expected [KEY], \"name\"=... or @=... (or a ; comment)");
    }
    if (status == 0 && !header) {
        p.line = 1;
        status = fail(&p, "empty: a registry file starts with 'Windows Registry Editor "
                      "Version 5.00' or 'REGEDIT4'");
    }
    free(logical.data);
    free(text.data);
    free(p.subkey);
    if (status != 0)
        reg_file_free(out);
    return status;
}

int reg_file_load(const char *path, reg_file *out, char *why, size_t why_size)
{
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_size, "%s: cannot open the registry file", path);
        return -1;
    }
    bytes content = {0};
    unsigned char buf[8192];
    size_t n;
    int status = 0;
    while (status == 0 && (n = fread(buf, 1, sizeof(buf), f)) > 0)
        status = put(&content, buf, n);
    fclose(f);
    if (status != 0) {
        free(content.data);
        snprintf(why, why_size, "%s: out of memory", path);
        return -1;
    }
    status = reg_file_parse(path, content.data ? content.data : (const unsigned char *)"",
                            content.size, out, why, why_size);
    free(content.data);
    return status;
}

void reg_file_free(reg_file *file)
{
    for (size_t i = 0; i < file->count; i++) {
        free(file->changes[i].subkey);
        free(file->changes[i].name);
        free(file->changes[i].data);
    }
    free(file->changes);
    file->changes = NULL;
    file->count = 0;
}
