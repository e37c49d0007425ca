/*
 * sim_events.h - where modem-sim reports what happens: one event per protocol step
 * ("dial 5551212", "page-received 1 lines=1143 ppr=MCF", "held mid-page 1 4096").
 *
 * The modules (DCE, remote fax, control socket) only call sim_event(); main.c decides
 * where events go: a one-line log on stderr, JSON lines in a file, and every control
 * client that subscribed. No module knows about the others' sinks.
 */
#ifndef MODEMSIM_SIM_EVENTS_H
#define MODEMSIM_SIM_EVENTS_H

#include <stdint.h>

typedef void (*sim_event_fn)(void *context, const char *name, const char *detail);

typedef struct sim_events {
    sim_event_fn sink;     /* NULL: events are dropped */
    void *context;
} sim_events;

/* Reports event `name` with a printf-style detail (may be empty). */
void sim_event(const sim_events *events, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Milliseconds from a monotonic clock (CLOCK_MONOTONIC). */
uint64_t sim_now_ms(void);

#endif /* MODEMSIM_SIM_EVENTS_H */
