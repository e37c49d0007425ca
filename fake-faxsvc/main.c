/*
 * fake-faxsvc.exe - a fake Windows fax service that loads any FSP DLL, plays the
 * service's side of the legacy faxdev.h contract and judges the DLL against it.
 *
 * This file is the command line only: parse, open the event log, hand over to the
 * loader (fsp_module.c) and the service side (service_provider.c), map the verdicts
 * to an exit status (0 clean, 1 a FAIL, 2 usage or a DLL that cannot be hosted).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "event_log.h"
#include "fsp_module.h"
#include "judge.h"
#include "service_provider.h"

#define HOST_VERSION "0.1"

enum { EXIT_CLEAN = 0, EXIT_VIOLATION = 1, EXIT_USAGE = 2 };

typedef struct options {
    const wchar_t *events_path;
    const wchar_t *dll_path;
    int verbose;
} options;

static void usage(FILE *out)
{
    fprintf(out,
        "Usage: fake-faxsvc.exe [OPTIONS] FSP.dll\n"
        "Load a fax service provider DLL as the Windows fax service does and judge it\n"
        "against the FSP contract (clause IDs as in docs/contract.md).\n"
        "\n"
        "Options:\n"
        "  --events FILE  write the JSON-lines event log (docs/events.md) to FILE\n"
        "  --verbose      print passing checks too, not only FAIL/WARN/INFO\n"
        "  --help         show this help and exit\n"
        "  --version      show the version and exit\n"
        "\n"
        "Exit status: 0 no documented clause broken, 1 a clause broken (a FAIL verdict),\n"
        "2 usage error or a DLL that cannot be hosted (missing, not a DLL, wrong\n"
        "architecture, a dependency missing, DllMain failed).\n");
}

static int parse_options(int argc, wchar_t **argv, options *opt)
{
    memset(opt, 0, sizeof(*opt));
    for (int i = 1; i < argc; i++) {
        const wchar_t *arg = argv[i];
        if (wcscmp(arg, L"--help") == 0 || wcscmp(arg, L"-h") == 0) {
            usage(stdout);
            exit(EXIT_CLEAN);
        } else if (wcscmp(arg, L"--version") == 0) {
            printf("fake-faxsvc %s (%s)\n", HOST_VERSION, sizeof(void *) == 8 ? "x64" : "x86");
            exit(EXIT_CLEAN);
        } else if (wcscmp(arg, L"--events") == 0) {
            if (++i == argc) {
                fprintf(stderr, "fake-faxsvc: --events needs a file name\n");
                return 0;
            }
            opt->events_path = argv[i];
        } else if (wcscmp(arg, L"--verbose") == 0) {
            opt->verbose = 1;
        } else if (arg[0] == L'-' && arg[1] == L'-') {
            fprintf(stderr, "fake-faxsvc: unknown option %ls (see --help)\n", arg);
            return 0;
        } else if (!opt->dll_path) {
            opt->dll_path = arg;
        } else {
            fprintf(stderr, "fake-faxsvc: unexpected argument %ls (one DLL at a time)\n", arg);
            return 0;
        }
    }
    if (!opt->dll_path) {
        fprintf(stderr, "fake-faxsvc: no FSP DLL given (see --help)\n");
        return 0;
    }
    return 1;
}

static void emit_run_event(event_log *log, const options *opt)
{
    event e;
    event_start(&e, "run");
    event_str(&e, "host", "fake-faxsvc");
    event_str(&e, "version", HOST_VERSION);
    event_str(&e, "arch", sizeof(void *) == 8 ? "x64" : "x86");
    event_wstr(&e, "dll", opt->dll_path);
    event_u64(&e, "pid", GetCurrentProcessId());
    event_emit(log, &e);
}

static void emit_load_event(event_log *log, const fsp_module *fsp)
{
    char buf[32];
    event e;
    event_start(&e, "load");
    event_wstr(&e, "path", fsp->path);
    event_str(&e, "machine", pe_machine_name(fsp->image.machine, buf, sizeof(buf)));
    event_u64(&e, "imports", fsp->image.import_count);
    event_emit(log, &e);
}

/* An input problem: one line on stderr, one "error" event, exit 2. */
static int host_error(event_log *log, const wchar_t *dll, const char *problem)
{
    fprintf(stderr, "fake-faxsvc: %ls: %s\n", dll, problem);
    event e;
    event_start(&e, "error");
    event_wstr(&e, "dll", dll);
    event_str(&e, "msg", problem);
    event_emit(log, &e);
    return EXIT_USAGE;
}

int wmain(int argc, wchar_t **argv)
{
    options opt;
    if (!parse_options(argc, argv, &opt))
        return EXIT_USAGE;

    /* No dialog boxes, ever: this runs headless in CI. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);

    event_log log;
    if (!event_log_open(&log, opt.events_path)) {
        fprintf(stderr, "fake-faxsvc: %ls: cannot create the event log (error %lu)\n",
                opt.events_path, GetLastError());
        return EXIT_USAGE;
    }
    emit_run_event(&log, &opt);

    int status;
    char problem[512];
    fsp_module fsp;
    if (!fsp_module_load(&fsp, opt.dll_path, problem, sizeof(problem))) {
        status = host_error(&log, opt.dll_path, problem);
        event_log_close(&log);
        return status;
    }
    emit_load_event(&log, &fsp);

    judge j;
    judge_init(&j, &log, opt.verbose);
    if (fsp_module_judge_exports(&fsp, &j)) {
        service_provider sp;
        service_provider_initialize(&sp, &fsp, &j);
        /* Also after a refused Initialize: unload the DLL and destroy its heap. */
        service_provider_shutdown(&sp, &j);
    } else {
        fsp_module_unload(&fsp);
    }
    status = judge_failed(&j) ? EXIT_VIOLATION : EXIT_CLEAN;
    judge_summarize(&j, status);
    event_log_close(&log);
    return status;
}
