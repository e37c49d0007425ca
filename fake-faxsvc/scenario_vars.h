/*
 * scenario_vars.h - the variables a scenario's strings may name as ${NAME}: those the
 * host provides (${TMP}, ${DOCS}, ${MODEM_TCP}, ${MODEM_COM}, ${MODEM_PORT}) and those
 * the scenario sets (`set NAME = "value"`). fsc_expand() (include/fsc_scenario.h)
 * expands them when a statement runs. Portable C.
 */
#ifndef FAKE_FAXSVC_SCENARIO_VARS_H
#define FAKE_FAXSVC_SCENARIO_VARS_H

#include <stddef.h>

#define SCENARIO_VARS_MAX 64

typedef struct scenario_vars {
    char names[SCENARIO_VARS_MAX][32];
    char values[SCENARIO_VARS_MAX][512];
    size_t count;
} scenario_vars;

void scenario_vars_init(scenario_vars *vars);
/* The value of NAME, or NULL. */
const char *scenario_vars_get(const scenario_vars *vars, const char *name);
/* Sets (or replaces) NAME. Returns 0, or -1 when the table is full or too long. */
int scenario_vars_set(scenario_vars *vars, const char *name, const char *value);

#endif /* FAKE_FAXSVC_SCENARIO_VARS_H */
