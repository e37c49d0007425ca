/*
 * json_line.h - build one JSON object as one line (the kit's event log format,
 * docs/events.md). Flat objects only: every value is a string, integer or boolean.
 *
 * Portable C11; used by fake-faxsvc.exe and modem-sim. Allocation failure is sticky:
 * json_line_finish() then returns NULL and the caller reports it once.
 */
#ifndef FSPKIT_JSON_LINE_H
#define FSPKIT_JSON_LINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct json_line {
    char *buf;
    size_t len, cap;
    int failed;   /* an allocation failed; the line is unusable */
    int fields;   /* number of members written so far */
} json_line;

void json_line_begin(json_line *line);
void json_line_str(json_line *line, const char *key, const char *utf8_value);
void json_line_i64(json_line *line, const char *key, int64_t value);
void json_line_u64(json_line *line, const char *key, uint64_t value);
void json_line_bool(json_line *line, const char *key, int value);
/* Closes the object and appends '\n'. Returns the text (owned by `line`) or NULL. */
const char *json_line_finish(json_line *line, size_t *length);
void json_line_free(json_line *line);

#endif /* FSPKIT_JSON_LINE_H */
