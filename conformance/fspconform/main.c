/*
 * fspconform - judge an FSP DLL against the contract and print a per-clause report.
 *
 * The vendor-facing front end: it picks the fake service of the DLL's architecture,
 * runs the built-in battery and any scenario files in it under Wine (runner.c), reads
 * the event logs and folds the verdicts into one line per clause (clause_report.c).
 * The judging itself happens in fake-faxsvc.exe's rules; this tool only plans, runs and
 * reports, so `make conform` and the Check suites see the same verdicts.
 *
 * Exit status: 0 no documented clause broken, 1 a FAIL or an INCOMPLETE run, 2 usage
 * or hosting errors.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clause_report.h"
#include "documents.h"
#include "figures.h"
#include "fspkit_version.h"
#include "host_run.h"
#include "kit_paths.h"
#include "modem_line.h"
#include "options.h"
#include "outputs.h"
#include "prefix.h"
#include "proc_run.h"
#include "reg_file.h"
#include "replay.h"
#include "report_formats.h"
#include "runner.h"

#define MAX_HOST_OPTIONS (2 * MAX_VARS + 24)

static void on_interrupt(int signal_number)
{
    (void)signal_number;
    proc_run_interrupt();
}

/* The battery's scenario files are there (kit_paths.h says where). */
static int have_battery(const kit_paths *paths)
{
    char probe[KIT_PATH_SIZE + 32];
    snprintf(probe, sizeof(probe), "%s/start_up.fsc", paths->battery);
    return access(probe, R_OK) == 0;
}

/* The run's verdict in words ("PASS - ...") and the exit status it gives. */
static int verdict_of(const runner_outcome *out, const clause_results *results, char *words,
                      size_t size)
{
    char incomplete[256];
    if (out->violation || results->counts[STATUS_FAIL] > 0) {
        snprintf(words, size, "FAIL - at least one documented clause was broken%s%s",
                 out->stopped[0] ? "; the run stopped early: " : "", out->stopped);
        return EXIT_VIOLATION;
    }
    if (out->stopped[0] || out->environment_error) {
        snprintf(words, size, "INCOMPLETE - %s", out->stopped[0] ? out->stopped
                 : "a scenario step could not be carried out (see above)");
        return out->environment_error && !out->stopped[0] ? EXIT_USAGE : EXIT_VIOLATION;
    }
    if (clause_report_incomplete(&out->events, incomplete, sizeof(incomplete))) {
        /* nothing failed, but nothing past the gate was tested either: never PASS */
        snprintf(words, size, "INCOMPLETE - %s", incomplete);
        return EXIT_VIOLATION;
    }
    snprintf(words, size, "PASS - no documented clause was broken");
    return EXIT_CLEAN;
}

/* The figure and reading lines that follow the clauses. */
static void print_figures(FILE *to, const options *opt, const runner_outcome *out)
{
    figures_print_times(to, out, opt->budget_s);
    figures_print_aborts(to, &out->events);
    for (size_t i = 0; i < out->reading_count; i++)
        fprintf(to, "reading: %s\n", out->readings[i]);
}

/* The report on stdout (text, or TAP with --tap) and in --junit FILE; the exit status. */
static int report(const options *opt, const runner_outcome *out, int argc, char **argv,
                  const char *arch, const char *timestamp, const struct timespec *began)
{
    clause_results results;
    if (clause_results_build(&out->events, out->hints, out->hint_count, &results) != 0) {
        fprintf(stderr, "fspconform: out of memory for the report\n");
        return EXIT_USAGE;
    }
    char verdict[1024], args[4096];
    int status = verdict_of(out, &results, verdict, sizeof(verdict));
    struct timespec ended;
    clock_gettime(CLOCK_MONOTONIC, &ended);
    replay_args(argc, argv, &out->events, args, sizeof(args));
    report_run run = {
        FSPKIT_VERSION, opt->dll, arch, status == EXIT_CLEAN, verdict,
        (double)(ended.tv_sec - began->tv_sec) + (ended.tv_nsec - began->tv_nsec) / 1e9,
        timestamp, "fspconform", args, opt->no_battery ? NULL : replay_narrowable,
    };
    if (opt->tap) {
        char *figures = NULL;
        size_t size = 0;
        FILE *lines = open_memstream(&figures, &size);
        if (lines) {
            print_figures(lines, opt, out);
            fclose(lines);
        }
        report_write_tap(stdout, &results, &run, figures);
        free(figures);
    } else {
        clause_report_print(stdout, &results);
        print_figures(stdout, opt, out);
        printf("fspconform: %s\n", verdict);
    }
    if (!outputs_write_junit(opt, &results, &run) && status == EXIT_CLEAN)
        status = EXIT_USAGE;
    clause_results_free(&results);
    return status;
}

int main(int argc, char **argv)
{
    options opt;
    char why[512];
    if (!options_parse(argc, argv, &opt))
        return EXIT_USAGE;
    static kit_paths paths;
    if (kit_paths_find(opt.build_dir, &paths, why, sizeof(why)) != 0) {
        fprintf(stderr, "fspconform: %s\n", why);
        return EXIT_USAGE;
    }
    int battery_here = have_battery(&paths);
    if (!opt.no_battery && !battery_here) {
        fprintf(stderr, "fspconform: the battery's scenario files are not in %s: run make\n",
                paths.battery);
        return EXIT_USAGE;
    }
    /* --setup: checked here, so a mistake is FILE:LINE before anything runs; the host
     * applies it in the FSP's registry view (an x86 FSP's HKLM is the 32-bit one). */
    char setup_path[PATH_MAX];
    if (opt.setup) {
        reg_file setup;
        if (reg_file_load(opt.setup, &setup, why, sizeof(why)) != 0) {
            fprintf(stderr, "fspconform: --setup %s\n", why);
            return EXIT_USAGE;
        }
        reg_file_free(&setup);
        if (!realpath(opt.setup, setup_path)) {
            fprintf(stderr, "fspconform: --setup %s: cannot resolve the path\n", opt.setup);
            return EXIT_USAGE;
        }
    }
    if (!outputs_ready(&opt) || !prefix_ready(&paths))
        return EXIT_USAGE;
    struct sigaction interrupt = {.sa_handler = on_interrupt};
    sigemptyset(&interrupt.sa_mask);
    sigaction(SIGINT, &interrupt, NULL);
    sigaction(SIGTERM, &interrupt, NULL);
    /* --line COMn maps a port of the prefix: a change for everyone, as --setup is */
    int held = prefix_lock(opt.setup || opt.ring || opt.scenario_count > 0 || opt.line > 0);
    if (held <= 0) /* interrupted while waiting (INCOMPLETE), or no lock file */
        return held == 0 ? EXIT_VIOLATION : EXIT_USAGE;

    const char *arch = host_arch_for(opt.dll);
    struct timespec began;
    clock_gettime(CLOCK_MONOTONIC, &began);
    char timestamp[32];
    time_t now = time(NULL);
    strftime(timestamp, sizeof(timestamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    /* With --tap, stdout is the TAP stream alone: its plan comes first (report_tap.c). */
    fprintf(opt.tap ? stderr : stdout, "fspconform %s: %s (%s host)\n", FSPKIT_VERSION,
            opt.dll, arch);
    fflush(stdout);

    /* What every host run gets: the user's --var pairs, ${DOCS} unless the user brought
     * their own, ${NUMBER}, ${RING}, and the limits. */
    const char *host_args[MAX_HOST_OPTIONS];
    char number[256], ring[4096], timeout_ms[32], scenario_ms[32], docs_var[PATH_MAX + 8];
    char control[40], com_var[32], docs_dir[PATH_MAX] = "";
    size_t n = 0;
    int own_docs = 0;
    for (size_t i = 0; i < opt.var_count; i++) {
        host_args[n++] = "--var";
        host_args[n++] = opt.vars[i];
        own_docs |= strncmp(opt.vars[i], "DOCS=", 5) == 0;
    }
    snprintf(number, sizeof(number), "NUMBER=%s", opt.dial);
    host_args[n++] = "--var";
    host_args[n++] = number;
    if (opt.ring) {
        snprintf(ring, sizeof(ring), "RING=%s", opt.ring);
        host_args[n++] = "--var";
        host_args[n++] = ring;
    }
    snprintf(timeout_ms, sizeof(timeout_ms), "%u", opt.call_timeout_s * 1000u);
    snprintf(scenario_ms, sizeof(scenario_ms), "%u", opt.budget_s * 1000u);
    host_args[n++] = "--timeout-ms";
    host_args[n++] = timeout_ms;
    host_args[n++] = "--scenario-ms";
    host_args[n++] = scenario_ms;
    if (opt.seed) {
        host_args[n++] = "--seed";
        host_args[n++] = opt.seed;
    }
    if (opt.setup) {
        host_args[n++] = "--setup";
        host_args[n++] = setup_path;
    }
    if (opt.html_dir) {
        host_args[n++] = "--html";
        host_args[n++] = opt.html_dir;
    }
    /* modem-sim on the FSP's line: its --docs folder (its own, removed when it stops) is
     * ${DOCS} too, so `modem ring` finds the same documents. */
    modem_line line;
    const char *docs = NULL;
    if (opt.line >= 0) {
        char dial_plan[sizeof(paths.battery) + 32];
        snprintf(dial_plan, sizeof(dial_plan), "%s/modem.dialplan", paths.battery);
        if (modem_line_open(&line, paths.modem_sim, (unsigned)opt.line,
                            battery_here ? dial_plan : NULL, why, sizeof(why)) != 0) {
            fprintf(stderr, "fspconform: --line: %s\n", why);
            return EXIT_USAGE;
        }
        snprintf(control, sizeof(control), "127.0.0.1:%u", line.sim.control_port);
        host_args[n++] = "--modem";
        host_args[n++] = control;
        if (line.com) {
            snprintf(com_var, sizeof(com_var), "MODEM_COM=COM%u", line.com);
            host_args[n++] = "--var";
            host_args[n++] = com_var;
        }
        if (!own_docs && documents_write(line.sim.docs))
            docs = line.sim.docs;
    } else if (!own_docs && documents_make(docs_dir, sizeof(docs_dir))) {
        docs = docs_dir;
    }
    if (!own_docs && !docs) {
        if (opt.line >= 0)
            modem_line_close(&line);
        return EXIT_USAGE;
    }
    if (docs) {
        snprintf(docs_var, sizeof(docs_var), "DOCS=%s", docs);
        host_args[n++] = "--var";
        host_args[n++] = docs_var;
    }
    host_args[n] = NULL;

    runner_plan plan = {&opt, arch, paths.hosts, paths.battery, host_args,
                        opt.line >= 0 ? &line : NULL};
    runner_outcome out;
    runner_run(&plan, &out);
    outputs_finish(&opt, out.events_error);
    if (docs_dir[0])
        documents_remove(docs_dir);
    if (opt.line >= 0)
        modem_line_close(&line);

    int status = out.cannot_host ? EXIT_USAGE /* the host's explanation is on stderr */
               : report(&opt, &out, argc, argv, arch, timestamp, &began);
    runner_outcome_free(&out);
    return status;
}
