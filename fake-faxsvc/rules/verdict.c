/*
 * verdict.c - the one way a rule gives a verdict (see verdict.h).
 */
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>

#define MESSAGE_MAX 512

/* kind: 'h' held, 'b' broken, 'd' doubt, 'n' note. */
static void give(const verdict_sink *sink, char kind, const char *clause_id, const char *fmt,
                 va_list ap)
{
    char message[MESSAGE_MAX];
    const fsp_clause *clause = fsp_clause_find(clause_id);
    if (!clause) {
        snprintf(message, sizeof(message), "a rule named the unknown clause %s", clause_id);
        sink->kit_bug(sink->context, message);
        return;
    }
    if (clause->party == CLAUSE_SERVICE && kind != 'n') {
        snprintf(message, sizeof(message), "a rule judged the DLL by %s, which is the "
                 "service's obligation (only a note may name it)", clause_id);
        sink->kit_bug(sink->context, message);
        return;
    }
    vsnprintf(message, sizeof(message), fmt, ap);
    verdict_level level = kind == 'h' ? VERDICT_PASS
                        : kind == 'b' ? fsp_clause_violation_level(clause)
                        : kind == 'd' ? VERDICT_WARN
                                      : VERDICT_INFO;
    sink->give(sink->context, level, clause, message);
}

void verdict_held(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    give(sink, 'h', clause_id, fmt, ap);
    va_end(ap);
}

void verdict_broken(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    give(sink, 'b', clause_id, fmt, ap);
    va_end(ap);
}

void verdict_doubt(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    give(sink, 'd', clause_id, fmt, ap);
    va_end(ap);
}

void verdict_note(const verdict_sink *sink, const char *clause_id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    give(sink, 'n', clause_id, fmt, ap);
    va_end(ap);
}
