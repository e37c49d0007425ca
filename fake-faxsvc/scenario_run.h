/*
 * scenario_run.h - run one parsed scenario against a loaded FSP.
 */
#ifndef FAKE_FAXSVC_SCENARIO_RUN_H
#define FAKE_FAXSVC_SCENARIO_RUN_H

#include "fsc_scenario.h"
#include "scenario_exec.h"

/* Runs every statement in order, then ends what is still open (jobs, the provider).
 * Returns EXEC_OK when it ran to its end, EXEC_STOP when the DLL failed a step the rest
 * depended on (verdicts say so), EXEC_ERROR when the scenario itself could not be
 * carried out (an error event says why). Verdicts are counted by ctx->judge. */
int scenario_run(scenario_exec *ctx, const fsc_file *file, const fsc_scenario *scenario);

#endif /* FAKE_FAXSVC_SCENARIO_RUN_H */
