/*
 * battery.h - the built-in battery: the scenarios `fspconform FSP.dll` runs on any FSP
 * when given no scenario file, what each exercises and what it needs. The scenario
 * files themselves are conformance/battery/NAME.fsc, installed beside the kit
 * (BUILD/share/fspkit/battery, PREFIX/share/fspkit/battery).
 *
 * Each battery scenario runs in a host run of its own, so fspconform can show progress,
 * give each a budget, skip what the FSP cannot do (with the reason) and stop cleanly
 * between two of them.
 */
#ifndef FSPKIT_BATTERY_H
#define FSPKIT_BATTERY_H

#include <stddef.h>

/* What a scenario needs beyond a loaded, initialised FSP. */
enum {
    BATTERY_NEEDS_TWO_DEVICES = 1u << 0, /* two virtual devices (or a TAPI FSP's lines) */
    BATTERY_NEEDS_RING = 1u << 1,        /* --ring: a way to make device 0 ring */
    BATTERY_NEEDS_LINE = 1u << 2,        /* --line: modem-sim behind the FSP's own port */
    BATTERY_NEEDS_COM_LINE = 1u << 3,    /* --line COMn: fspconform takes the port away for
                                            the scenario and gives it back after (RETRY-4) */
};

typedef struct battery_scenario {
    const char *name;      /* --only NAME; the file is NAME.fsc */
    const char *title;     /* one line for --list and progress */
    const char *clauses;   /* the clauses its verdicts come from, blank-separated */
    unsigned needs;        /* BATTERY_NEEDS_* */
} battery_scenario;

/* The battery, in the order it runs. */
const battery_scenario *battery_table(size_t *count);
const battery_scenario *battery_find(const char *name);

/* `clause_id` is one of the scenario's clauses (whole words only). */
int battery_exercises(const battery_scenario *scenario, const char *clause_id);

/* Why a scenario whose needs are not met was skipped, for the clauses it would have
 * judged: e.g. "no ring: see --ring". NULL when `missing` is 0. */
const char *battery_skip_reason(unsigned missing);

#endif /* FSPKIT_BATTERY_H */
