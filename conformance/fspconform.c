/*
 * fspconform - judge an FSP DLL against the contract and print a per-clause report.
 *
 * The vendor-facing front end: it picks the fake service of the DLL's architecture,
 * runs it under the project's Wine, reads the event log and folds the verdicts into
 * one line per clause. The judging itself happens in fake-faxsvc.exe; this tool only
 * reports, so `make conform` and the Check suites see the same verdicts.
 *
 * Exit status: 0 no documented clause broken, 1 a FAIL or an INCOMPLETE run, 2 usage
 * or hosting errors.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clause_report.h"
#include "fax_page.h"
#include "fsp_clauses.h"
#include "host_run.h"
#include "modem_sim_proc.h"
#include "rules/errors.h"
#include "testpage.h"

enum { EXIT_CLEAN = 0, EXIT_VIOLATION = 1, EXIT_USAGE = 2 };

#define MAX_SCENARIOS 32
#define MAX_VARS 16

typedef struct options {
    const char *dll;
    const char *scenarios[MAX_SCENARIOS + 1];   /* NULL-terminated */
    size_t scenario_count;
    const char *vars[MAX_VARS];                 /* NAME=VALUE, passed on as --var */
    size_t var_count;
    const char *build_dir;
    const char *events_copy;
    unsigned timeout_s;
    int modem_sim;                              /* --modem-sim: start one for the run */
} options;

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: fspconform [OPTIONS] FSP.dll [SCENARIO.fsc...]\n"
        "Judge a Windows fax service provider DLL against the FSP contract: run it in the\n"
        "fake fax service (fake-faxsvc.exe, x64 or x86 as the DLL is) under Wine and\n"
        "print every clause of the contract once, with its status: PASS, FAIL, WARN,\n"
        "INFO, SKIP (with the reason it was not judged) or SERVICE (the service's part).\n"
        "Without scenarios it checks loading, exports, FaxDevInitialize and\n"
        "FaxDevShutdown; scenario files (docs/scenarios.md, examples in\n"
        "conformance/scenarios/) exercise jobs.\n"
        "\n"
        "Options:\n"
        "  --build DIR    the kit's build folder (default: $FSPKIT_BUILD, else the folder\n"
        "                 above this program's own)\n"
        "  --events FILE  keep the host's JSON-lines event log (docs/events.md) in FILE\n"
        "  --timeout S    hang guard for the whole run, in seconds (default 120, or\n"
        "                 1800 with scenarios)\n"
        "  --modem-sim    start modem-sim (build/native/modem-sim) with a TCP line for\n"
        "                 the run: the host gets --modem, scenarios get ${MODEM_TCP} and\n"
        "                 ${MODEM_PORT}, and ${DOCS} is also modem-sim's --docs folder\n"
        "                 (for `modem ring`)\n"
        "  --var N=V      a scenario variable, passed to fake-faxsvc.exe; unless DOCS is\n"
        "                 given, fspconform generates ${DOCS}/one-page.tif and\n"
        "                 ${DOCS}/two-pages.tif (fax-testpage, seed 1) for the run\n"
        "  --help         show this help and exit\n"
        "\n"
        "Environment: WINEPREFIX (default: the kit's own, BUILD/wineprefix) and the\n"
        "other variables of tools/wine-rig.sh; see README.md.\n"
        "Exit status: 0 no documented clause broken, 1 at least one FAIL or an INCOMPLETE\n"
        "run (FaxDevInitialize or device creation refused: nothing after it was tested),\n"
        "2 usage error or a DLL that cannot be hosted.\n");
}

/* build/native/fspconform -> build */
static const char *default_build_dir(char *buf, size_t size)
{
    const char *env = getenv("FSPKIT_BUILD");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0)
        return "build";
    buf[n] = '\0';
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return "build";
        *slash = '\0';
    }
    return buf;
}

static int parse_options(int argc, char **argv, options *opt, char *buf, size_t size)
{
    memset(opt, 0, sizeof(*opt));
    opt->timeout_s = 0; /* 0: 120 s, or 30 min with scenarios */
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            usage(stdout);
            exit(EXIT_CLEAN);
        } else if (strcmp(arg, "--modem-sim") == 0) {
            opt->modem_sim = 1;
        } else if (strcmp(arg, "--build") == 0 || strcmp(arg, "--events") == 0 ||
                   strcmp(arg, "--timeout") == 0 || strcmp(arg, "--var") == 0) {
            if (++i == argc) {
                fprintf(stderr, "fspconform: %s needs a value\n", arg);
                return 0;
            }
            if (strcmp(arg, "--var") == 0) {
                if (!strchr(argv[i], '=') || opt->var_count == MAX_VARS) {
                    fprintf(stderr, "fspconform: --var %s: expected NAME=VALUE\n", argv[i]);
                    return 0;
                }
                opt->vars[opt->var_count++] = argv[i];
            } else if (strcmp(arg, "--build") == 0) {
                opt->build_dir = argv[i];
            } else if (strcmp(arg, "--events") == 0) {
                opt->events_copy = argv[i];
            } else {
                char *end;
                unsigned long s = strtoul(argv[i], &end, 10);
                if (*end || s == 0 || s > 86400) {
                    fprintf(stderr, "fspconform: --timeout: '%s' is not 1..86400 seconds\n",
                            argv[i]);
                    return 0;
                }
                opt->timeout_s = (unsigned)s;
            }
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "fspconform: unknown option %s (see --help)\n", arg);
            return 0;
        } else if (!opt->dll) {
            opt->dll = arg;
        } else if (opt->scenario_count < MAX_SCENARIOS) {
            opt->scenarios[opt->scenario_count++] = arg;
        } else {
            fprintf(stderr, "fspconform: more than %d scenario files\n", MAX_SCENARIOS);
            return 0;
        }
    }
    if (!opt->dll) {
        fprintf(stderr, "fspconform: no FSP DLL given (see --help)\n");
        return 0;
    }
    if (!opt->build_dir)
        opt->build_dir = default_build_dir(buf, size);
    if (opt->timeout_s == 0)
        opt->timeout_s = opt->scenario_count ? 1800 : 120;
    return 1;
}

static void report(const event_list *events)
{
    unsigned counts[STATUS_COUNT];
    clause_report_print(stdout, events, counts);
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
 * fspconform's hang guard killed it - gets the ERR-1 verdict naming the call it was in
 * (rules/errors.c), added to the report: never a pass. */
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

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[8192];
    size_t n;
    if (!in || !out) {
        fprintf(stderr, "fspconform: %s: cannot write the event log\n", to);
    } else {
        while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
            fwrite(buf, 1, n, out);
    }
    if (in) fclose(in);
    if (out) fclose(out);
}

/* Never fall back to ~/.wine: without WINEPREFIX, use the kit's own prefix. */
static int use_project_prefix(const char *build_dir)
{
    const char *prefix = getenv("WINEPREFIX");
    char own[PATH_MAX + 16];
    if (!prefix || !*prefix) {
        char build[PATH_MAX];
        if (!realpath(build_dir, build)) {
            fprintf(stderr, "fspconform: %s: no such build folder (run make)\n", build_dir);
            return 0;
        }
        snprintf(own, sizeof(own), "%s/wineprefix", build);
        setenv("WINEPREFIX", own, 1);
        prefix = own;
    }
    if (access(prefix, R_OK) == 0)
        return 1;
    /* First use: the rig beside the build folder creates it (as `make wine-prefix`). */
    char rig[PATH_MAX + 32], build[PATH_MAX], command[3 * PATH_MAX];
    if (!realpath(build_dir, build)) {
        fprintf(stderr, "fspconform: %s: no such build folder (run make)\n", build_dir);
        return 0;
    }
    snprintf(rig, sizeof(rig), "%s/../tools/wine-rig.sh", build);
    if (access(rig, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: no Wine prefix there, and no %s to create it\n",
                prefix, rig);
        return 0;
    }
    fprintf(stderr, "fspconform: creating the Wine prefix %s (first use, about 10 s)\n",
            prefix);
    snprintf(command, sizeof(command), "sh '%s' prefix '%s' >&2", rig, build);
    if (system(command) != 0 || access(prefix, R_OK) != 0) {
        fprintf(stderr, "fspconform: %s: could not create the Wine prefix (see %s/"
                "wineprefix.log)\n", prefix, build);
        return 0;
    }
    return 1;
}

/* ${DOCS} for scenarios: one- and two-page documents in `dir`. */
static int write_documents(const char *dir)
{
    static const struct { const char *name; unsigned pages; } documents[] = {
        {"one-page.tif", 1}, {"two-pages.tif", 2},
    };
    for (size_t i = 0; i < sizeof(documents) / sizeof(documents[0]); i++) {
        char path[PATH_MAX], why[256];
        fax_doc doc = {0};
        snprintf(path, sizeof(path), "%s/%s", dir, documents[i].name);
        int ok = testpage_generate(1, documents[i].pages, FAX_YRES_NORMAL, &doc) == 0 &&
                 fax_doc_write_tiff(path, &doc, FAX_CODING_MMR, FAX_LSB_FIRST, 1, why,
                                    sizeof(why)) == 0;
        fax_doc_free(&doc);
        if (!ok) {
            fprintf(stderr, "fspconform: %s: cannot write a test document\n", path);
            return 0;
        }
    }
    return 1;
}

/* ... in a private folder of their own. */
static int make_documents(char *dir, size_t dir_size)
{
    snprintf(dir, dir_size, "/tmp/fspconform-docs-XXXXXX");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "fspconform: cannot create a folder for test documents\n");
        return 0;
    }
    return write_documents(dir);
}

static void remove_documents(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/one-page.tif", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/two-pages.tif", dir);
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    options opt;
    char build_buf[PATH_MAX], why[512];
    if (!parse_options(argc, argv, &opt, build_buf, sizeof(build_buf)))
        return EXIT_USAGE;

    if (!use_project_prefix(opt.build_dir))
        return EXIT_USAGE;
    const char *arch = host_arch_for(opt.dll);
    printf("fspconform: %s (%s host)\n", opt.dll, arch);
    fflush(stdout);

    /* --var pairs for the host, and ${DOCS} unless the user brought their own. */
    const char *extra[2 * MAX_VARS + 5];
    size_t n = 0;
    int own_docs = 0;
    for (size_t i = 0; i < opt.var_count; i++) {
        extra[n++] = "--var";
        extra[n++] = opt.vars[i];
        own_docs |= strncmp(opt.vars[i], "DOCS=", 5) == 0;
    }
    /* modem-sim for the run: its --docs folder (its own, removed by modem_sim_stop) is
     * ${DOCS} too, so `modem ring` finds the same documents. */
    modem_sim_proc modem;
    char control[40], docs_dir[64] = "", docs_var[PATH_MAX + 8];
    const char *docs = NULL;
    if (opt.modem_sim) {
        const char *modem_extra[] = {"--tcp", "0", NULL};
        if (modem_sim_start(&modem, modem_extra, why, sizeof(why)) != 0) {
            fprintf(stderr, "fspconform: --modem-sim: %s\n", why);
            return EXIT_USAGE;
        }
        snprintf(control, sizeof(control), "127.0.0.1:%u", modem.control_port);
        extra[n++] = "--modem";
        extra[n++] = control;
        if (!own_docs && write_documents(modem.docs))
            docs = modem.docs;
    } else if (opt.scenario_count > 0 && !own_docs &&
               make_documents(docs_dir, sizeof(docs_dir))) {
        docs = docs_dir;
    }
    if (opt.scenario_count > 0 && !own_docs && !docs) {
        if (opt.modem_sim)
            modem_sim_stop(&modem);
        return EXIT_USAGE;
    }
    if (docs) {
        snprintf(docs_var, sizeof(docs_var), "DOCS=%s", docs);
        extra[n++] = "--var";
        extra[n++] = docs_var;
    }
    extra[n] = NULL;

    host_run run;
    int ran = host_run_dll(opt.build_dir, arch, opt.dll, extra, opt.scenarios, opt.timeout_s,
                           &run, why, sizeof(why));
    if (docs_dir[0])
        remove_documents(docs_dir);
    if (opt.modem_sim)
        modem_sim_stop(&modem);
    if (ran != 0) {
        fprintf(stderr, "fspconform: %s\n", why);
        host_run_free(&run);
        return EXIT_USAGE;
    }
    if (opt.events_copy) {
        char log[PATH_MAX + 32];
        snprintf(log, sizeof(log), "%s/events.jsonl", run.workdir);
        copy_file(log, opt.events_copy);
    }

    int status;
    if (ended_early(&run, opt.timeout_s)) {
        report(&run.events);
        status = EXIT_VIOLATION;
        printf("fspconform: FAIL - the host ended before its work was done\n");
    } else if (run.proc.exit_code == EXIT_USAGE || run.proc.exit_code < 0) {
        /* The host's own explanation (no such file, not a DLL, FILE:LINE:COL ...), and
         * whatever was judged before a scenario error stopped it. */
        if (event_list_count_level(&run.events, NULL) > 0)
            report(&run.events);
        fputs(run.proc.err[0] ? run.proc.err : "fspconform: the host failed to run\n", stderr);
        status = EXIT_USAGE;
    } else {
        report(&run.events);
        char incomplete[256];
        status = run.proc.exit_code == EXIT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
        if (run.proc.exit_code != EXIT_CLEAN)
            printf("fspconform: FAIL - at least one documented clause was broken\n");
        else if (clause_report_incomplete(&run.events, incomplete, sizeof(incomplete))) {
            /* nothing failed, but nothing past the gate was tested either: never PASS */
            printf("fspconform: INCOMPLETE - %s\n", incomplete);
            status = EXIT_VIOLATION;
        } else {
            printf("fspconform: PASS - no documented clause was broken\n");
        }
    }
    host_run_free(&run);
    return status;
}
