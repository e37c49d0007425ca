/*
 * figures.h - the report's figure lines, after the clauses: `time:` (each scenario's
 * seconds, `slow:` for one past half its budget) and `abort:` (every aimed abort that
 * met a running operation: where it landed, how long the call took, how long the
 * operation went on after it returned - docs/battery.md, "Figures").
 */
#ifndef FSPCONFORM_FIGURES_H
#define FSPCONFORM_FIGURES_H

#include <stdio.h>

#include "event_list.h"
#include "runner.h"

void figures_print_times(FILE *to, const runner_outcome *out, unsigned budget_s);
void figures_print_aborts(FILE *to, const event_list *events);

#endif /* FSPCONFORM_FIGURES_H */
