/*
 * outputs.h - the files fspconform writes besides its report: the event log (--events
 * FILE), the JUnit report (--junit FILE) and the timelines' folder (--html DIR). All are
 * checked before anything runs
 * (a folder that cannot be written is one line and exit 2, not a lost hour), and the log
 * is written as FILE.partial and renamed only when whole: a full disk leaves a clear
 * message and no half-written file (issue 13). The host writes each timeline the same
 * way (fake-faxsvc/timeline_file.c).
 */
#ifndef FSPCONFORM_OUTPUTS_H
#define FSPCONFORM_OUTPUTS_H

#include <stddef.h>

#include "options.h"
#include "report_formats.h"

/* Before the run: 1, or 0 after "fspconform: --events FILE: ..." on stderr. */
int outputs_ready(const options *opt);
/* One host run's log joins --events (no-op without it). The first failure is kept in
 * `error` (empty while all is well); later runs are then not copied. */
void outputs_append_log(const options *opt, const char *log_path, char *error, size_t size);
/* After the run: FILE.partial becomes FILE, or is removed with a line on stderr. */
void outputs_finish(const options *opt, const char *error);

/* --junit FILE (no-op without it), written whole or not at all: 1, or 0 after a line on
 * stderr. */
int outputs_write_junit(const options *opt, const clause_results *results,
                        const report_run *run);

#endif /* FSPCONFORM_OUTPUTS_H */
