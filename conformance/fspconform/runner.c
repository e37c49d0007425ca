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
#include "outputs.h"
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
    if ((scenario->needs & BATTERY_NEEDS_LINE) && opt->line < 0)
        missing |= BATTERY_NEEDS_LINE;
    if ((scenario->needs & BATTERY_NEEDS_COM_LINE) && opt->line <= 0)
        missing |= BATTERY_NEEDS_COM_LINE; /* a TCP line cannot be taken away */
    long devices = device_count(events);
    if ((scenario->needs & BATTERY_NEEDS_TWO_DEVICES) && devices >= 0 && devices < 2)
        missing |= BATTERY_NEEDS_TWO_DEVICES;
    return missing;
}

/* A call into the FSP never came back in this run (rules/errors.c's hang verdicts, or the
 * hang guard had to kill the host): the next scenarios would wait out the same call. */
static int hung(const host_run *run)
{
    return run->proc.timed_out ||
           event_list_find_verdict(&run->events, "ERR-1", "FAIL", "has not returned") ||
           event_list_find_verdict(&run->events, "ERR-1", "FAIL", "hung inside");
}

/* One host run with `args`; its log joins --events. -1 when it could not even start. */
static int host_once(const runner_plan *plan, const char *const args[],
                     const char *const files[], unsigned timeout_s, host_run *run,
                     double *seconds, runner_outcome *out)
{
    const options *opt = plan->opt;
    char why[512];
    double began = now_s();
    const proc_bounds bounds = {timeout_s, opt->memory_limit_mb};
    if (host_run_dll(plan->hosts_dir, plan->arch, opt->dll, args, files, &bounds, run, why,
                     sizeof(why)) != 0) {
        fprintf(stderr, "fspconform: %s\n", why);
        host_run_free(run);
        out->environment_error = 1;
        snprintf(out->stopped, sizeof(out->stopped), "the host could not run (%s)", why);
        return -1;
    }
    *seconds = now_s() - began;
    char log[PATH_MAX];
    snprintf(log, sizeof(log), "%s/events.jsonl", run->workdir);
    outputs_append_log(opt, log, out->events_error, sizeof(out->events_error));
    return 0;
}

/* A finished host run: judged how it ended, its events moved to out->events. Returns 0
 * when the next may follow. `*started` (may be NULL) tells whether the provider got
 * past FaxDevInitialize, `*hang` whether a call into it never returned. */
static int take_run(const char *label, double seconds, unsigned timeout_s, host_run *run,
                    runner_outcome *out, int *started, int *hang)
{
    if (out->time_count < RUNNER_MAX_TIMES)
        out->times[out->time_count++] = (runner_time){label, seconds};
    int status = 0;
    if (run->proc.interrupted) {
        snprintf(out->stopped, sizeof(out->stopped), "interrupted (Ctrl-C) during %s", label);
        status = -1;
    } else if (ended_early(run, timeout_s)) {
        out->violation = 1;
    } else if (run->proc.exit_code == EXIT_VIOLATION) {
        out->violation = 1;
    } else if (run->proc.exit_code != EXIT_CLEAN) {
        /* The host's own explanation: no such file, not a DLL, a dependency missing
         * (nothing can run: stop), or a scenario step that could not be carried out. */
        fputs(run->proc.err[0] ? run->proc.err : "fspconform: the host failed to run\n", stderr);
        if (event_list_count_events(&run->events, "scenario") == 0 && out->events.count == 0) {
            out->cannot_host = 1;
            snprintf(out->stopped, sizeof(out->stopped), "the DLL cannot be hosted");
            status = -1;
        } else {
            out->environment_error = 1;
        }
    }
    if (started)
        *started = event_list_find_return(&run->events, "FaxDevInitialize", 1) != NULL;
    if (hang)
        *hang = hung(run);
    size_t fails = event_list_count_level(&run->events, "FAIL");
    size_t warns = event_list_count_level(&run->events, "WARN");
    fprintf(stderr, "fspconform:     %.1f s: %zu FAIL, %zu WARN\n", seconds, fails, warns);
    if (event_list_take(&out->events, &run->events) != 0) {
        fprintf(stderr, "fspconform: out of memory\n");
        exit(EXIT_USAGE);
    }
    host_run_free(run);
    return status;
}

/* --line: the kit's modem died under the run (killed, crashed). What failed from
 * then on failed for want of a modem, not by the FSP: the run stops and says so. */
static int modem_gone(const runner_plan *plan, const char *label, runner_outcome *out)
{
    char how[64];
    if (!plan->line || modem_sim_alive(&plan->line->sim, how, sizeof(how)))
        return 0;
    fprintf(stderr, "fspconform: modem-sim ended (%s) during %s\n", how, label);
    snprintf(out->stopped, sizeof(out->stopped), "modem-sim, the kit's own modem, ended (%s) "
             "during %s: verdicts from there on may be its fault, not the FSP's", how, label);
    return 1;
}

/* --- the UNCONFIRMED readings (docs/scenarios.md, "Readings") ------------------------- */

/* Where the contract is UNCONFIRMED, the host follows the documented reading; an FSP
 * written for the other one fails there. The battery then tries the other, and when
 * that works, runs on with it and says so: the verdicts come from the reading that
 * works. A failure under both stays a failure. */
typedef struct reading {
    const char *option, *value;   /* the host's option for the other reading */
    const char *fn;               /* the call that fails under the documented one */
    const char *documented, *other;
    const char *clause;           /* the FSP clause failing there breaks, or NULL */
} reading;

static const reading readings[] = {
    {"--device-id", "index", "FaxDevStartJob",
     "the virtual device ID, DeviceIdPrefix + index (VDEV-10)",
     "the index 0..n-1 (Microsoft's SampleFSP reads it so)", NULL},
    {"--init-order", "init-first", "FaxDevVirtualDeviceCreation",
     "FaxDevVirtualDeviceCreation before FaxDevInitialize (INIT-9)",
     "FaxDevVirtualDeviceCreation just after FaxDevInitialize", "INIT-9"},
};

/* The documented reading's verdicts on `clause` go into the report beside the other
 * reading's run, which replaces that run: an FSP that works only under the other reading
 * has broken the clause that reads the documented one (INIT-9's WARN stays a WARN). */
static void carry_verdicts(const event_list *from, event_list *into, const char *clause)
{
    for (size_t i = 0; clause && i < from->count; i++) {
        const json_flat *e = &from->items[i];
        const char *type = event_get_str(e, "ev"), *id = event_get_str(e, "clause");
        const char *level = event_get_str(e, "level"), *msg = event_get_str(e, "msg");
        const char *strength = event_get_str(e, "strength");
        if (type && strcmp(type, "verdict") == 0 && id && strcmp(id, clause) == 0 && level &&
            msg && strength && event_list_add_verdict(into, level, id, strength, msg) != 0)
            fprintf(stderr, "fspconform: out of memory: a %s verdict on %s is lost\n",
                    level, id);
    }
}
#define READING_COUNT (sizeof(readings) / sizeof(readings[0]))

/* `fn` returned FALSE, crashed or hung in this run. */
static int failed_in(const event_list *events, const char *fn)
{
    const char *job = NULL, *open = event_list_open_call(events, &job);
    if (open && strcmp(open, fn) == 0)
        return 1;
    if (event_list_find_verdict(events, "ERR-1", "FAIL", fn)) /* a crash naming the call */
        return 1;
    return event_list_find_return(events, fn, 0) != NULL;
}

/* The reading worth trying after this run, or NULL. */
static const reading *reading_to_try(const event_list *events, const unsigned *tried)
{
    for (size_t r = 0; r < READING_COUNT; r++) {
        if (tried[r] || !failed_in(events, readings[r].fn))
            continue;
        /* StartJob's DeviceId has another reading only for virtual devices */
        if (strcmp(readings[r].option, "--device-id") == 0 &&
            event_list_count_events(events, "devices") == 0)
            continue;
        return &readings[r];
    }
    return NULL;
}

/* The first DeviceId the host gave StartJob in a log, for the report ("0x7100"). */
static void device_id_passed(const event_list *events, char *buf, size_t size)
{
    int64_t prefix;
    const json_flat *devices = event_list_find_event(events, "devices", 0, NULL);
    if (devices && event_get_int(devices, "id_prefix", &prefix))
        snprintf(buf, size, " (DeviceId 0x%llx for device 0)", (unsigned long long)prefix);
    else
        buf[0] = '\0';
}

static void note_reading(runner_outcome *out, const char *text)
{
    if (out->reading_count < RUNNER_MAX_READINGS)
        snprintf(out->readings[out->reading_count++], sizeof(out->readings[0]), "%s", text);
}

/* --stop-at: 1 once the verdicts so far reach every stop asked for, said in `why`. */
static int stop_reached(const options *opt, const event_list *events, const char *scenario,
                        char *why, size_t size)
{
    if (opt->stop_count == 0)
        return 0;
    for (size_t i = 0; i < opt->stop_count; i++) {
        const char *clause = opt->stop_clause[i], *level = opt->stop_level[i];
        /* a WARN stop is reached by a FAIL too: the clause is at least that bad */
        if (!event_list_find_verdict(events, clause, "FAIL", NULL) &&
            !(strcmp(level, "WARN") == 0 &&
              event_list_find_verdict(events, clause, "WARN", NULL)))
            return 0;
    }
    size_t used = (size_t)snprintf(why, size, "stopped as asked (");
    for (size_t i = 0; i < opt->stop_count && used < size; i++)
        used += (size_t)snprintf(why + used, size - used, "%s--stop-at %s:%s", i ? ", " : "",
                                 opt->stop_clause[i], opt->stop_level[i]);
    if (used < size)
        snprintf(why + used, size - used, ") after %s", scenario);
    return 1;
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
    /* the plan's host options, and room for the readings the battery adopts */
    const char *args[RUNNER_MAX_HOST_ARGS + 2 * READING_COUNT + 1];
    size_t arg_count = 0;
    unsigned tried[READING_COUNT] = {0};
    while (plan->host_args[arg_count] && arg_count < RUNNER_MAX_HOST_ARGS) {
        args[arg_count] = plan->host_args[arg_count];
        arg_count++;
    }
    args[arg_count] = NULL;
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
        unsigned timeout_s = guard < left ? guard : left;
        host_run run;
        double seconds;
        /* RETRY-4: the FSP's line is missing for this scenario only */
        int unplugged = (scenario->needs & BATTERY_NEEDS_COM_LINE) && plan->line;
        char why[256], plug_why[256] = "";
        if (unplugged && modem_line_unplug(plan->line, why, sizeof(why)) != 0) {
            fprintf(stderr, "fspconform:     skipped - COM%u could not be taken away (%s)\n",
                    plan->line->com, why);
            if (modem_line_plug(plan->line, why, sizeof(why)) != 0) {
                snprintf(out->stopped, sizeof(out->stopped), "--line: COM%u could not be "
                         "given back after %s: %s", plan->line->com, scenario->name, why);
                break;
            }
            continue;
        }
        int ran = host_once(plan, args, files, timeout_s, &run, &seconds, out);
        /* a port that cannot be given back stops the run - after this scenario's
         * verdicts are taken (nothing after it may use the line) */
        int unplug_stuck = unplugged && modem_line_plug(plan->line, plug_why,
                                                        sizeof(plug_why)) != 0;
        if (ran != 0)
            break;
        /* without its line, a refusal at start-up is the FSP's choice, not a reading's */
        const reading *retry = run.proc.interrupted || unplugged
                                   ? NULL : reading_to_try(&run.events, tried);
        if (retry) {
            tried[retry - readings] = 1;
            args[arg_count] = retry->option;
            args[arg_count + 1] = retry->value;
            args[arg_count + 2] = NULL;
            fprintf(stderr, "fspconform:     %s failed under the documented reading; trying "
                    "%s %s\n", retry->fn, retry->option, retry->value);
            host_run other;
            double other_seconds;
            char text[768], passed[64];
            device_id_passed(&run.events, passed, sizeof(passed));
            if (host_once(plan, args, files, timeout_s, &other, &other_seconds, out) != 0) {
                host_run_free(&run);
                break;
            }
            if (other.proc.interrupted) {
                snprintf(out->stopped, sizeof(out->stopped), "interrupted (Ctrl-C) during %s",
                         scenario->name);
                host_run_free(&other);
                host_run_free(&run);
                break;
            }
            if (event_list_find_return(&other.events, retry->fn, 1) &&
                !failed_in(&other.events, retry->fn)) {
                snprintf(text, sizeof(text), "WARN %s failed under %s%s, but works under %s "
                         "(%s %s): the verdicts from %s on come from that reading", retry->fn,
                         retry->documented, passed, retry->other, retry->option, retry->value,
                         scenario->name);
                arg_count += 2; /* every later scenario runs with it */
                carry_verdicts(&run.events, &other.events, retry->clause);
                host_run_free(&run);
                run = other;
                seconds = other_seconds;
            } else {
                snprintf(text, sizeof(text), "INFO %s failed under %s%s and under %s too: the "
                         "verdicts stand", retry->fn, retry->documented, passed, retry->other);
                args[arg_count] = NULL;
                host_run_free(&other);
            }
            note_reading(out, text);
        }
        int started = 0, hang = 0;
        if (take_run(scenario->name, seconds, timeout_s, &run, out, &started, &hang) != 0 ||
            modem_gone(plan, scenario->name, out))
            break;
        if (unplug_stuck) {
            snprintf(out->stopped, sizeof(out->stopped), "--line: COM%u could not be given "
                     "back after %s: %s", plan->line->com, scenario->name, plug_why);
            break;
        }
        /* every later scenario would stop at the same gate, and a hang there would cost
         * each of them its whole budget */
        if (clause_report_incomplete(&out->events, why, sizeof(why))) {
            snprintf(out->stopped, sizeof(out->stopped), "%s", why);
            break;
        }
        if (!started && !unplugged) {
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
        if (stop_reached(opt, &out->events, scenario->name, why, sizeof(why))) {
            snprintf(out->stopped, sizeof(out->stopped), "%s", why);
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
    run_battery(plan, out, started);
    const options *opt = plan->opt;
    if (!out->stopped[0] && opt->scenario_count > 0) {
        unsigned left = remaining_s(opt, started);
        if (left == 0) {
            snprintf(out->stopped, sizeof(out->stopped), "the run's time (--timeout %u s) "
                     "was spent before the scenario files", opt->timeout_s);
        } else {
            fprintf(stderr, "fspconform: scenario files: %zu\n", opt->scenario_count);
            host_run run;
            double seconds;
            if (host_once(plan, plan->host_args, opt->scenarios, left, &run, &seconds, out) == 0 &&
                take_run("scenario files", seconds, left, &run, out, NULL, NULL) == 0)
                modem_gone(plan, "the scenario files", out);
        }
    }
    explain_left_out(plan, out);
}

void runner_outcome_free(runner_outcome *out)
{
    event_list_free(&out->events);
}
