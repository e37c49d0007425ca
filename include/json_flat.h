/*
 * json_flat.h - read ONE flat JSON object: a line of the kit's event log (docs/events.md),
 * the reading half of json_line.h.
 *
 * Strict and small: the object's values are strings, integers (INT64_MIN..UINT64_MAX:
 * the writer's full range), booleans
 * or null (json_line_str() writes null for a missing string). Nested objects, arrays,
 * floats, duplicate keys, invalid UTF-8, unpaired surrogates and "\u0000" are refused
 * with a reason, as is a line over JSON_FLAT_MAX_LENGTH bytes or with more than
 * JSON_FLAT_MAX_MEMBERS members. Whitespace around the object (the line's '\n') is
 * allowed.
 *
 * Portable C11, plain C library only; used natively and by the mingw builds.
 */
#ifndef FSPKIT_JSON_FLAT_H
#define FSPKIT_JSON_FLAT_H

#include <stddef.h>
#include <stdint.h>

#define JSON_FLAT_MAX_LENGTH  (1024u * 1024u)   /* bytes in one line */
#define JSON_FLAT_MAX_MEMBERS 256

typedef enum json_flat_kind {
    JSON_FLAT_STRING,
    JSON_FLAT_INT,
    JSON_FLAT_BOOL,
    JSON_FLAT_NULL
} json_flat_kind;

typedef struct json_flat_member {
    const char *key;        /* decoded UTF-8, NUL-terminated, never NULL */
    json_flat_kind kind;
    const char *str;        /* JSON_FLAT_STRING: the decoded UTF-8 value; else NULL */
    int64_t integer;        /* JSON_FLAT_INT within int64_t (else 0: see magnitude) */
    uint64_t magnitude;     /* JSON_FLAT_INT: the absolute value, the full range */
    int negative;           /* JSON_FLAT_INT: below zero */
    int boolean;            /* JSON_FLAT_BOOL: 0 or 1 */
} json_flat_member;

typedef struct json_flat {
    json_flat_member *members;  /* in the order they stand in the text */
    size_t count;
    char *strings;              /* one block holding every decoded key and string */
} json_flat;

/* Parses `length` bytes of `text` (not necessarily NUL-terminated) into `out`.
 * Returns 0 with an empty `why`, or -1 with `out` zeroed and "byte N: problem" in `why`
 * (N counts from 1; one past the end when the text ends too soon), or "out of memory".
 * `why` may be NULL; a message longer than `why_size` is truncated. */
int json_flat_parse(const char *text, size_t length, json_flat *out, char *why,
                    size_t why_size);

/* The member called `key`, or NULL. */
const json_flat_member *json_flat_get(const json_flat *obj, const char *key);
/* The value of `key` when it is a string, else NULL (absent, or another kind). */
const char *json_flat_str(const json_flat *obj, const char *key);
/* 1 and the value in *out when `key` is an integer that fits int64_t; 0 (and *out
 * untouched) otherwise. */
int json_flat_int(const json_flat *obj, const char *key, int64_t *out);
/* 1 and the value in *out when `key` is an integer in 0..UINT64_MAX; 0 otherwise. */
int json_flat_u64(const json_flat *obj, const char *key, uint64_t *out);

/* Frees what json_flat_parse() allocated. Safe on a zeroed json_flat and twice. */
void json_flat_free(json_flat *obj);

#endif /* FSPKIT_JSON_FLAT_H */
