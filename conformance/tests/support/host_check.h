/*
 * host_check.h - Check helpers for suites that run fake-faxsvc.exe on a DLL.
 *
 * In the manner of Wine's ok(): every expectation says what it wanted and what it got,
 * including every verdict the host gave, so a failure can be acted on by a stranger.
 */
#ifndef FSPKIT_HOST_CHECK_H
#define FSPKIT_HOST_CHECK_H

#include <check.h>
#include <stdlib.h>

#include "check_harness.h"
#include "host_run.h"

/* Hang guard for one host run: generous, it only has to catch a hang. */
#define HOST_CHECK_TIMEOUT_S 60
/* Every host run of the suites is bounded in memory too: a DLL that takes all it can
 * (misbehaves_in_export's "memory") meets this limit, not the machine's. */
#define HOST_CHECK_MEMORY_MB 1024

/* Loop tests over both architectures: HOST_CHECK_ARCHES iterations (per case), and
 * host_check_arch(i) names iteration i's - or ends the test as skipped, with the reason
 * (harness_skip), where that architecture cannot run here. It also sets the failure
 * messages' context to the architecture. */
#define HOST_CHECK_ARCHES 2
const char *host_check_arch(int i);

extern const char *const host_check_arches[2];

/* Runs the host of `arch` on BUILD/ARCH/RELATIVE_DLL (or on an absolute path). A run
 * that could not even start fails the test. */
void host_check_run(const char *arch, const char *relative_dll, const char *const extra[],
                    host_run *run);
/* The same with scenario files after the DLL (paths relative to the repository root,
 * where `make check` runs). */
void host_check_run_scenarios(const char *arch, const char *relative_dll,
                              const char *const extra[], const char *const scenarios[],
                              host_run *run);

/* The same with a hang guard of timeout_s, for runs that are long by design (modem
 * sessions, race sweeps). */
void host_check_run_long(const char *arch, const char *relative_dll, const char *const extra[],
                         const char *const scenarios[], int timeout_s, host_run *run);

/* Path of a build product for `arch`, e.g. ("x64", "refsp.dll"). */
void host_check_path(char *buf, size_t size, const char *arch, const char *relative);

/* Fails the test when BUILD/x64/RELATIVE_DIR holds a DLL that `listed` does not know:
 * a mutant no test expects to be caught would never be checked. */
void host_check_every_mutant_listed(const char *relative_dir, int (*listed)(const char *name));

/* fspconform's report `out` names every clause of the contract exactly once, and its
 * closing line's counts add up to the table (SERVICE for the service's clauses). */
void host_check_every_clause_once(const char *out);

#define expect_exit(run, want)                                                        \
    ck_assert_msg((run)->proc.exit_code == (want),                                    \
                  "expected exit %d, got %d%s%s\nstdout:\n%s\nstderr:\n%s", (want),    \
                  (run)->proc.exit_code, (run)->proc.timed_out ? " (hang guard)" : "",  \
                  harness_where(), (run)->proc.out, (run)->proc.err)

/* A verdict for `clause` at `level` whose message contains `text` (NULL: any). */
#define expect_verdict(run, clause, level, text)                                      \
    do {                                                                              \
        if (!event_list_find_verdict(&(run)->events, (clause), (level), (text))) {   \
            char *seen_ = event_list_describe_verdicts(&(run)->events);               \
            ck_abort_msg("expected a %s verdict on %s%s%s%s; the host (exit %d) "      \
                         "gave:\n%s\nstderr:\n%s", (level), (clause),                  \
                         (text) ? " mentioning " : "",                                \
                         (text) ? (const char *)(text) : "", harness_where(),         \
                         (run)->proc.exit_code, seen_ ? seen_ : "?", (run)->proc.err); \
            free(seen_);                                                              \
        }                                                                             \
    } while (0)

#define expect_no_verdict_level(run, level)                                           \
    do {                                                                              \
        if (event_list_count_level(&(run)->events, (level)) != 0) {                  \
            char *seen_ = event_list_describe_verdicts(&(run)->events);               \
            ck_abort_msg("expected no %s verdict%s; the host gave:\n%s", (level),      \
                         harness_where(), seen_ ? seen_ : "?");                       \
            free(seen_);                                                              \
        }                                                                             \
    } while (0)

#endif /* FSPKIT_HOST_CHECK_H */
