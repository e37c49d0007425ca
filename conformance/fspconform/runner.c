/*
 * runner.c - the battery's scenarios and the user's files, one host run each (see
 * runner.h).
 */
#define _GNU_SOURCE
#include "runner.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "battery.h"
#include "fsp_clauses.h"
#include "host_run.h"
#include "rules/errors.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void give(void *context, verdict_level level, const fsp_clause *clause,
                 const char *message)
{
    event_list_add_verdict(context, verdict_level_name(level), clause->id,
                           clause_strength_name(clause->strength), message);
}

static void kit_bug(void *context, const char *message)
{
    (void)context;
    fprintf(stderr, "fspconform: internal error: %s\n", message);
    exit(EXIT_USAGE);
}

/* The host's completion record is its "summary" (or the "error" line of a DLL it could
 * not host). A host that ended without one - the FSP ended the process, or it hung and
 * the hang guard killed it - gets the ERR-1 verdict naming the call it was in
 * (rules/errors.c), added to its events: never a pass. */
static int ended_early(host_run *run, unsigned timeout_s)
{
    /* A host that refused its command line never opened the log: its own stderr line
     * says why (exit 2). One that started has a "run" event and must end with a record. */
    const char *last = run->events.count
        ? event_get_str(&run->events.items[run->events.count - 1], "ev") : NULL;
    /* children append their own summaries to the same log: the host's is the last */
    if (!run->proc.timed_out && (event_list_count_events(&run->events, "run") == 0 ||
                                 (last && (strcmp(last, "summary") == 0 ||
                                           strcmp(last, "error") == 0))))
        return 0;
    const char *job = NULL;
    const char *call = event_list_open_call(&run->events, &job);
    early_end_fact fact = {"the host (fake-faxsvc.exe)", call, job, run->proc.exit_code,
                           run->proc.timed_out, timeout_s * 1000u};
    verdict_sink sink = {give, kit_bug, &run->events};
    rule_host_ended_early(&sink, &fact);
    return 1;
}

static void add_hint(runner_outcome *out, const char *clause, const char *reason)
{
    for (size_t i = 0; i < out->hint_count; i++)
        if (strcmp(out->hints[i].clause, clause) == 0)
            return;
    if (out->hint_count < RUNNER_MAX_HINTS)
        out->hints[out->hint_count++] = (clause_hint){clause, reason};
}

/* --only: the scenario is named, or exercises a clause named. */
static int selected(const options *opt, const battery_scenario *scenario)
{
    if (opt->no_battery)
        return 0;
    if (opt->only_count == 0)
        return 1;
    for (size_t i = 0; i < opt->only_count; i++)
        if (strcmp(opt->only[i], scenario->name) == 0 ||
            battery_exercises(scenario, opt->only[i]))
            return 1;
    return 0;
}

/* The devices the FSP created, from the runs so far: -1 when no run created any (a
 * TAPI FSP, or none got that far). */
static long device_count(const event_list *events)
{
    long count = -1;
    for (size_t i = 0; i < events->count; i++) {
        const char *type = event_get_str(&events->items[i], "ev");
        int64_t n;
        if (type && strcmp(type, "devices") == 0 && event_get_int(&events->items[i], "count", &n))
            count = (long)n;
    }
    return count;
}

static unsigned missing_needs(const battery_scenario *scenario, const options *opt,
                              const event_list *events)
{
    unsigned missing = 0;
    if ((scenario->needs & BATTERY_NEEDS_RING) && !opt->ring)
        missing |= BATTERY_NEEDS_RING;
    long devices = device_count(events);
    if ((scenario->needs & BATTERY_NEEDS_TWO_DEVICES) && devices >= 0 && devices < 2)
        missing |= BATTERY_NEEDS_TWO_DEVICES;
    return missing;
}

/* --events: each run's log joins the file, in the order they ran. */
static void keep_log(const char *workdir, const char *to)
{
    char from[PATH_MAX];
    snprintf(from, sizeof(from), "%s/events.jsonl", workdir);
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "ab") : NULL;
    char buf[8192];
    size_t n;
    if (in && !out)
        fprintf(stderr, "fspconform: %s: cannot write the event log\n", to);
    while (in && out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, n, out);
    if (in) fclose(in);
    if (out) fclose(out);
}

/* FaxDevInitialize returned TRUE somewhere in this run. */
static int provider_started(const event_list *events)
{
    for (size_t i = 0; i < events->count; i++) {
        const char *type = event_get_str(&events->items[i], "ev");
        const char *fn = event_get_str(&events->items[i], "fn");
        int64_t ret;
        if (type && fn && strcmp(type, "return") == 0 && strcmp(fn, "FaxDevInitialize") == 0 &&
            event_get_int(&events->items[i], "ret", &ret) && ret != 0)
            return 1;
    }
    return 0;
}

/* A call into the FSP never came back in this run (rules/errors.c's hang verdicts, or the
 * hang guard had to kill the host): the next scenarios would wait out the same call. */
static int hung(const host_run *run)
{
    return run->proc.timed_out ||
           event_list_find_verdict(&run->events, "ERR-1", "FAIL", "has not returned") ||
           event_list_find_verdict(&run->events, "ERR-1", "FAIL", "hung inside");
}

/* One host run; its events join out->events. Returns 0 when the next may follow.
 * `*started` (may be NULL) tells whether the provider got past FaxDevInitialize, `*hang`
 * whether a call into it never returned. */
static int run_host(const runner_plan *plan, const char *label, const char *const files[],
                    unsigned timeout_s, runner_outcome *out, int *started, int *hang)
{
    const options *opt = plan->opt;
    host_run run;
    char why[512];
    double began = now_s();
    if (host_run_dll(opt->build_dir, plan->arch, opt->dll, plan->host_args, files, timeout_s,
                     &run, why, sizeof(why)) != 0) {
        fprintf(stderr, "fspconform: %s\n", why);
        host_run_free(&run);
        out->environment_error = 1;
        snprintf(out->stopped, sizeof(out->stopped), "the host could not run (%s)", why);
        return -1;
    }
    double seconds = now_s() - began;
    if (opt->events_copy)
        keep_log(run.workdir, opt->events_copy);
    if (out->time_count < RUNNER_MAX_TIMES)
        out->times[out->time_count++] = (runner_time){label, seconds};
    int status = 0;
    if (run.proc.interrupted) {
        snprintf(out->stopped, sizeof(out->stopped), "interrupted (Ctrl-C) during %s", label);
        status = -1;
    } else if (ended_early(&run, timeout_s)) {
        out->violation = 1;
    } else if (run.proc.exit_code == EXIT_VIOLATION) {
        out->violation = 1;
    } else if (run.proc.exit_code != EXIT_CLEAN) {
        /* The host's own explanation: no such file, not a DLL, a dependency missing
         * (nothing can run: stop), or a scenario step that could not be carried out. */
        fputs(run.proc.err[0] ? run.proc.err : "fspconform: the host failed to run\n", stderr);
        if (event_list_count_events(&run.events, "scenario") == 0 && out->events.count == 0) {
            out->cannot_host = 1;
            snprintf(out->stopped, sizeof(out->stopped), "the DLL cannot be hosted");
            status = -1;
        } else {
            out->environment_error = 1;
        }
    }
    if (started)
        *started = provider_started(&run.events);
    if (hang)
        *hang = hung(&run);
    size_t fails = event_list_count_level(&run.events, "FAIL");
    size_t warns = event_list_count_level(&run.events, "WARN");
    fprintf(stderr, "fspconform:     %.1f s: %zu FAIL, %zu WARN\n", seconds, fails, warns);
    if (event_list_take(&out->events, &run.events) != 0) {
        fprintf(stderr, "fspconform: out of memory\n");
        exit(EXIT_USAGE);
    }
    host_run_free(&run);
    return status;
}

/* What is left of the whole run's time, in seconds (0: spent). */
static unsigned remaining_s(const options *opt, double started)
{
    double left = (double)opt->timeout_s - (now_s() - started);
    return left < 1 ? 0 : (unsigned)left;
}

static void run_battery(const runner_plan *plan, runner_outcome *out, double started)
{
    const options *opt = plan->opt;
    size_t count, total = 0, n = 0;
    const battery_scenario *table = battery_table(&count);
    for (size_t i = 0; i < count; i++)
        total += selected(opt, &table[i]);
    for (size_t i = 0; i < count && !out->stopped[0]; i++) {
        const battery_scenario *scenario = &table[i];
        if (!selected(opt, scenario))
            continue;
        n++;
        unsigned missing = missing_needs(scenario, opt, &out->events);
        if (missing) {
            fprintf(stderr, "fspconform: [%zu/%zu] %s: skipped - %s\n", n, total,
                    scenario->name, battery_skip_reason(missing));
            continue;
        }
        unsigned left = remaining_s(opt, started);
        if (left == 0) {
            snprintf(out->stopped, sizeof(out->stopped), "the run's time (--timeout %u s) "
                     "was spent before %s", opt->timeout_s, scenario->name);
            break;
        }
        fprintf(stderr, "fspconform: [%zu/%zu] %s - %s\n", n, total, scenario->name,
                scenario->title);
        char file[PATH_MAX];
        snprintf(file, sizeof(file), "%s/%s.fsc", plan->battery_dir, scenario->name);
        const char *files[] = {file, NULL};
        /* the host's watchdog stops the scenario at its budget; this guard is for a
         * host that cannot even do that */
        unsigned guard = opt->budget_s + 60;
        int started = 0, hang = 0;
        if (run_host(plan, scenario->name, files, guard < left ? guard : left, out,
                     &started, &hang) != 0)
            break;
        /* every later scenario would stop at the same gate, and a hang there would cost
         * each of them its whole budget */
        char why[256];
        if (clause_report_incomplete(&out->events, why, sizeof(why))) {
            snprintf(out->stopped, sizeof(out->stopped), "%s", why);
            break;
        }
        if (!started) {
            snprintf(out->stopped, sizeof(out->stopped), "the provider never started in %s "
                     "(see ERR-1): the rest of the battery needs it", scenario->name);
            break;
        }
        if (hang) {
            snprintf(out->stopped, sizeof(out->stopped), "a call into the FSP hung in %s "
                     "(see ERR-1): the rest of the battery would wait for it too",
                     scenario->name);
            break;
        }
    }
}

/* Clauses no scenario that ran exercises get the reason they were left out. */
static void explain_left_out(const runner_plan *plan, runner_outcome *out)
{
    if (plan->opt->scenario_count > 0 && (plan->opt->no_battery || plan->opt->only_count))
        return; /* the user's own scenarios may have meant to reach them: the log says */
    size_t count, nclauses;
    const battery_scenario *table = battery_table(&count);
    const fsp_clause *clauses = fsp_clause_table(&nclauses);
    for (size_t c = 0; c < nclauses; c++) {
        const char *reason = NULL;
        for (size_t i = 0; i < count; i++) {
            if (!battery_exercises(&table[i], clauses[c].id))
                continue;
            unsigned missing = missing_needs(&table[i], plan->opt, &out->events);
            if (selected(plan->opt, &table[i]) && !missing) {
                reason = NULL; /* a scenario that ran exercises it: the log says why */
                break;
            }
            if (!reason)
                reason = !selected(plan->opt, &table[i])
                    ? "its battery scenarios were left out (--only)"
                    : battery_skip_reason(missing);
        }
        if (reason)
            add_hint(out, clauses[c].id, reason);
    }
}

void runner_run(const runner_plan *plan, runner_outcome *out)
{
    memset(out, 0, sizeof(*out));
    double started = now_s();
    if (plan->opt->events_copy) {
        FILE *empty = fopen(plan->opt->events_copy, "w");
        if (empty)
            fclose(empty);
    }
    run_battery(plan, out, started);
    const options *opt = plan->opt;
    if (!out->stopped[0] && opt->scenario_count > 0) {
        unsigned left = remaining_s(opt, started);
        if (left == 0) {
            snprintf(out->stopped, sizeof(out->stopped), "the run's time (--timeout %u s) "
                     "was spent before the scenario files", opt->timeout_s);
        } else {
            fprintf(stderr, "fspconform: scenario files: %zu\n", opt->scenario_count);
            run_host(plan, "scenario files", opt->scenarios, left, out, NULL, NULL);
        }
    }
    explain_left_out(plan, out);
}

void runner_outcome_free(runner_outcome *out)
{
    event_list_free(&out->events);
}
