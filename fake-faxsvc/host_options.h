/*
 * host_options.h - fake-faxsvc.exe's command line: what it accepts (usage()) and the
 * options it hands to the rest of the host. A child process (isolation.h) gets the
 * parent's whole command line plus --child, so every option reaches every scenario.
 */
#ifndef FAKE_FAXSVC_HOST_OPTIONS_H
#define FAKE_FAXSVC_HOST_OPTIONS_H

#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

#include "scenario_exec.h"

#include "fspkit_version.h"

#define HOST_VERSION FSPKIT_VERSION
#define MAX_SCENARIO_FILES 64
#define MAX_VARS 32

enum { EXIT_CLEAN = 0, EXIT_VIOLATION = 1, EXIT_USAGE = 2 };

typedef struct host_options {
    const wchar_t *events_path;             /* --events FILE, or read by --events-stdin */
    BOOL events_from_stdin;                 /* --events-stdin (event_channel.h) */
    const wchar_t *html_dir;                /* --html: a timeline per failing scenario */
    const wchar_t *setup_path;              /* --setup: a regedit file for the FSP */
    const wchar_t *dll_path;
    int verbose;
    const wchar_t *scenario_paths[MAX_SCENARIO_FILES];
    size_t scenario_count;
    const wchar_t *vars[MAX_VARS];          /* NAME=VALUE */
    size_t var_count;
    const wchar_t *modem;                   /* HOST:PORT of modem-sim's control socket */
    scenario_limits limits;
    host_readings readings;
    int has_seed;                           /* --seed N: replay race fuzz schedules */
    uint64_t seed;
    DWORD scenario_ms;                      /* the watchdog on each scenario's process */
    BOOL child;                             /* --child F:S: run only that scenario */
    size_t child_file, child_scenario;
} host_options;

void host_usage(FILE *out);
/* Parses argv into *opt. Exits 0 itself for --help and --version; returns 0 (after one
 * line on stderr) for a usage error, 1 when the host may run. */
int host_parse_options(int argc, wchar_t **argv, host_options *opt);

#endif /* FAKE_FAXSVC_HOST_OPTIONS_H */
