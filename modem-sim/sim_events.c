/*
 * sim_events.c - event reporting helpers (see sim_events.h).
 */
#include "sim_events.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void sim_event(const sim_events *events, const char *name, const char *fmt, ...)
{
    if (!events || !events->sink)
        return;
    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    events->sink(events->context, name, detail);
}

uint64_t sim_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}
