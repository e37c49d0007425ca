/*
 * fuzz_json_flat.c - libFuzzer target for the event-log line reader (json_flat_parse).
 *
 * A log line may be cut off by a crash or come from another version of the kit: every
 * input is given to json_flat_parse() by length (not NUL-terminated; NULs and 8-bit
 * bytes included). Besides the sanitizers' own checks, the contract of json_flat.h is
 * checked and a breach stops the run with __builtin_trap():
 *   - the result is 0 or -1, and `why` is NUL-terminated inside its buffer;
 *   - on error `why` is "byte N: message" with N from 1 to one past the input (or past
 *     the length limit), or "out of memory", and the json_flat is zeroed;
 *   - on success `why` is empty, there are at most JSON_FLAT_MAX_MEMBERS members, keys
 *     are unique, every key and string is well-formed UTF-8 no longer than the input,
 *     each member has exactly the fields of its kind, and the getters find each member;
 *   - what json_line.h writes from the members parses back to the same members (the
 *     reader reads what the kit's writer writes);
 *   - the same input parsed again with a 24-byte `why` gives the same result and a
 *     truncated prefix of the same message (no hidden state, no overflow).
 *
 * The Makefile links the sources named on the next line (everything after the colon
 * to the end of the line, so the comment must not close on that line):
 * fuzz-sources: common/json_flat.c common/json_line.c
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_flat.h"
#include "json_line.h"

static void require(int condition)
{
    if (!condition)
        __builtin_trap();
}

static int terminated_within(const char *text, size_t size)
{
    return memchr(text, '\0', size) != NULL;
}

/* Decodes `text` code point by code point: no overlong form, no surrogate, nothing
 * past U+10FFFF. Written apart from the parser's check, so that the two can disagree. */
static int well_formed_utf8(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    while (*s) {
        unsigned extra = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2
                       : (*s & 0xF8) == 0xF0 ? 3 : 9;
        if (extra == 9)
            return 0;
        uint32_t cp = extra == 0 ? *s : *s & (0x3F >> extra);
        for (unsigned i = 1; i <= extra; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return 0;
            cp = cp << 6 | (s[i] & 0x3F);
        }
        static const uint32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (cp < smallest[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        s += extra + 1;
    }
    return 1;
}

static void check_member(const json_flat *obj, size_t index, size_t input_size)
{
    const json_flat_member *m = &obj->members[index];
    require(m->key != NULL && strlen(m->key) <= input_size && well_formed_utf8(m->key));
    for (size_t j = 0; j < index; j++)
        require(strcmp(obj->members[j].key, m->key) != 0);
    require(json_flat_get(obj, m->key) == m);
    int64_t value = 0;
    switch (m->kind) {
    case JSON_FLAT_STRING:
        require(m->str != NULL && strlen(m->str) <= input_size && well_formed_utf8(m->str));
        require(json_flat_str(obj, m->key) == m->str && !json_flat_int(obj, m->key, &value));
        break;
    case JSON_FLAT_INT:
        /* in int64 range: json_flat_int gives it; above: only json_flat_u64 does */
        if (m->negative || m->magnitude <= (uint64_t)INT64_MAX)
            require(m->str == NULL && json_flat_int(obj, m->key, &value) && value == m->integer);
        else
            require(m->str == NULL && !json_flat_int(obj, m->key, &value));
        {
            uint64_t u = 0;
            require(json_flat_u64(obj, m->key, &u) == !m->negative &&
                    (m->negative || u == m->magnitude));
        }
        break;
    case JSON_FLAT_BOOL:
        require(m->str == NULL && (m->boolean == 0 || m->boolean == 1));
        break;
    case JSON_FLAT_NULL:
        require(m->str == NULL);
        break;
    default:
        require(0);
    }
    if (m->kind != JSON_FLAT_STRING)
        require(json_flat_str(obj, m->key) == NULL);
}

/* Written again by the kit's own writer, the members read back unchanged. */
static void check_round_trip(const json_flat *obj)
{
    json_line line = {0};
    json_line_begin(&line);
    for (size_t i = 0; i < obj->count; i++) {
        const json_flat_member *m = &obj->members[i];
        if (m->kind == JSON_FLAT_STRING || m->kind == JSON_FLAT_NULL)
            json_line_str(&line, m->key, m->str);
        else if (m->kind == JSON_FLAT_INT)
            json_line_i64(&line, m->key, m->integer);
        else
            json_line_bool(&line, m->key, m->boolean);
    }
    size_t length = 0;
    const char *text = json_line_finish(&line, &length);
    require(text != NULL);
    json_flat back;
    char why[256];
    /* Escapes grow the text: it may pass the length limit where the input did not. */
    if (length <= JSON_FLAT_MAX_LENGTH) {
        require(json_flat_parse(text, length, &back, why, sizeof(why)) == 0);
        require(back.count == obj->count);
        for (size_t i = 0; i < obj->count; i++) {
            const json_flat_member *a = &obj->members[i], *b = &back.members[i];
            require(strcmp(a->key, b->key) == 0 && a->kind == b->kind);
            require(a->kind != JSON_FLAT_STRING || strcmp(a->str, b->str) == 0);
            require(a->kind != JSON_FLAT_INT || a->integer == b->integer);
            require(a->kind != JSON_FLAT_BOOL || a->boolean == b->boolean);
        }
        json_flat_free(&back);
    }
    json_line_free(&line);
}

/* "byte N: message" (N from 1 to one past the end) or "out of memory". */
static void check_error(const char *why, size_t size)
{
    if (strcmp(why, "out of memory") == 0)
        return;
    require(strncmp(why, "byte ", 5) == 0);
    char *end;
    unsigned long byte = strtoul(why + 5, &end, 10);
    size_t last = size < JSON_FLAT_MAX_LENGTH ? size : JSON_FLAT_MAX_LENGTH;
    require(end != why + 5 && byte >= 1 && byte <= last + 1);
    require(end[0] == ':' && end[1] == ' ' && end[2] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    json_flat obj;
    char why[512];
    memset(why, 'G', sizeof(why));
    int result = json_flat_parse(text, size, &obj, why, sizeof(why));
    require(result == 0 || result == -1);
    require(terminated_within(why, sizeof(why)));

    if (result == 0) {
        require(why[0] == '\0');
        require(obj.count <= JSON_FLAT_MAX_MEMBERS);
        require((obj.count == 0) == (obj.members == NULL) && obj.strings != NULL);
        for (size_t i = 0; i < obj.count; i++)
            check_member(&obj, i, size);
        check_round_trip(&obj);
    } else {
        check_error(why, size);
        require(obj.count == 0 && obj.members == NULL && obj.strings == NULL);
    }
    json_flat_free(&obj);
    json_flat_free(&obj);   /* documented as safe twice */

    /* Again, with a buffer too small for most messages. */
    char small[24];
    memset(small, 'G', sizeof(small));
    json_flat again;
    require(json_flat_parse(text, size, &again, small, sizeof(small)) == result);
    require(terminated_within(small, sizeof(small)));
    require(strncmp(small, why, strlen(small)) == 0);
    json_flat_free(&again);
    return 0;
}
