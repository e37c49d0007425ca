/*
 * fake-faxsvc.exe - a fake Windows fax service that loads any FSP DLL, plays the
 * service's side of the legacy faxdev.h contract and judges the DLL against it.
 *
 * This file is the command line only: parse, open the event log, hand over to the
 * loader (fsp_module.c) and the service side (service_provider.c), map the verdicts
 * to an exit status (0 clean, 1 a FAIL, 2 usage or a DLL that cannot be hosted).
 */
#include "modem_control.h" /* winsock2.h before windows.h */
#include "modem_events.h"
#include "registry_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "call_trace.h"
#include "crash_guard.h"
#include "event_channel.h"
#include "event_log.h"
#include "fsc_scenario.h"
#include "fsp_module.h"
#include "host_options.h"
#include "isolation.h"
#include "judge.h"
#include "process_tree.h"
#include "rules/errors.h"
#include "scenario_run.h"
#include "service_provider.h"

static void emit_run_event(event_log *log, const host_options *opt)
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

static void utf8_of(const wchar_t *text, char *out, size_t size)
{
    if (WideCharToMultiByte(CP_UTF8, 0, text, -1, out, (int)size, NULL, NULL) <= 0)
        out[0] = '\0';
}

static void free_scenarios(fsc_file *files, size_t count)
{
    for (size_t i = 0; i < count; i++)
        fsc_file_free(&files[i]);
}

static int load_scenarios(const host_options *opt, fsc_file *files, event_log *log)
{
    /* The --var names count as provided: a scenario may use them without `set`. */
    char names[MAX_VARS][64];
    const char *given[MAX_VARS + 1];
    for (size_t i = 0; i < opt->var_count; i++) {
        utf8_of(opt->vars[i], names[i], sizeof(names[i]));
        names[i][strcspn(names[i], "=")] = '\0';
        given[i] = names[i];
    }
    given[opt->var_count] = NULL;
    for (size_t i = 0; i < opt->scenario_count; i++) {
        char path[MAX_PATH * 3], why[512];
        utf8_of(opt->scenario_paths[i], path, sizeof(path));
        if (fsc_load_with(path, given, &files[i], why, sizeof(why)) != 0) {
            fprintf(stderr, "%s\n", why);
            event e;
            event_start(&e, "error");
            event_str(&e, "msg", why);
            event_emit(log, &e);
            free_scenarios(files, i);
            return EXIT_USAGE;
        }
    }
    return EXIT_CLEAN;
}

/* The variables the host provides, then the --var ones (which may override them). */
static void provide_variables(const host_options *opt, scenario_vars *vars)
{
    wchar_t temp[MAX_PATH];
    char text[MAX_PATH * 3];
    if (GetTempPathW(MAX_PATH, temp)) {
        utf8_of(temp, text, sizeof(text));
        size_t len = strlen(text);
        if (len && (text[len - 1] == '\\' || text[len - 1] == '/'))
            text[len - 1] = '\0';
        scenario_vars_set(vars, "TMP", text);
    }
    for (size_t i = 0; i < opt->var_count; i++) {
        utf8_of(opt->vars[i], text, sizeof(text));
        char *eq = strchr(text, '=');
        *eq = '\0';
        scenario_vars_set(vars, text, eq + 1);
    }
}

/* ${MODEM_TCP} and ${MODEM_PORT} from modem-sim's `status` (its line's TCP port), unless
 * --var gave them. ${MODEM_COM} is the harness's to give: which COM name leads to the
 * pty depends on the Wine prefix (or the Windows machine). */
static void provide_modem_variables(modem_control *modem, scenario_vars *vars)
{
    char reply[512], text[64];
    unsigned port;
    const char *tcp = NULL;
    if (modem_control_command(modem, "status", reply, sizeof(reply), 10000) == 0)
        tcp = strstr(reply, " tcp=");
    if (!tcp || sscanf(tcp, " tcp=%u", &port) != 1)
        return; /* no TCP line: the variables stay unset, and a scenario using them says so */
    if (!scenario_vars_get(vars, "MODEM_PORT")) {
        snprintf(text, sizeof(text), "%u", port);
        scenario_vars_set(vars, "MODEM_PORT", text);
    }
    if (!scenario_vars_get(vars, "MODEM_TCP")) {
        snprintf(text, sizeof(text), "tcp:127.0.0.1:%u", port);
        scenario_vars_set(vars, "MODEM_TCP", text);
    }
}

static const char *lookup_setup_variable(void *context, const char *name)
{
    return scenario_vars_get(context, name);
}

/* The variables a --setup file may name: the same a scenario starts with. */
static void provide_setup_variables(const host_options *opt, scenario_vars *vars)
{
    scenario_vars_init(vars);
    provide_variables(opt, vars);
    modem_control modem;
    char host_port[128], why[256];
    if (!opt->modem)
        return;
    utf8_of(opt->modem, host_port, sizeof(host_port));
    if (modem_control_connect(&modem, host_port, why, sizeof(why)) != 0)
        return; /* said when the scenarios connect */
    provide_modem_variables(&modem, vars);
    modem_control_close(&modem);
}

/* The child's work: one scenario on this process's load of the DLL. */
static int run_one_scenario(const host_options *opt, fsc_file *files, fsp_module *fsp, judge *j)
{
    if (opt->child_file >= opt->scenario_count ||
        opt->child_scenario >= files[opt->child_file].scenario_count) {
        fsp_module_unload(fsp);
        return EXIT_USAGE;
    }
    modem_control modem;
    modem_control *modem_ptr = NULL;
    if (opt->modem) {
        char host_port[128], why[256];
        utf8_of(opt->modem, host_port, sizeof(host_port));
        if (modem_control_connect(&modem, host_port, why, sizeof(why)) != 0) {
            fprintf(stderr, "fake-faxsvc: %s\n", why);
            fsp_module_unload(fsp);
            return EXIT_USAGE;
        }
        modem_ptr = &modem;
    }
    modem_events relay = {0};
    if (modem_ptr) {
        char host_port[128], why[256];
        utf8_of(opt->modem, host_port, sizeof(host_port));
        if (modem_events_start(&relay, host_port, j->log, why, sizeof(why)) != 0)
            fprintf(stderr, "fake-faxsvc: %s (the log goes on without modem-sim's events)\n",
                    why);
    }
    scenario_exec ctx;
    scenario_exec_init(&ctx, fsp, j, modem_ptr, &opt->limits, &opt->readings);
    ctx.has_seed = opt->has_seed;
    ctx.seed = opt->seed;
    provide_variables(opt, &ctx.vars);
    if (modem_ptr)
        provide_modem_variables(modem_ptr, &ctx.vars);
    const fsc_file *file = &files[opt->child_file];
    int status = scenario_run(&ctx, file, &file->scenarios[opt->child_scenario]) == EXEC_ERROR
                     ? EXIT_USAGE : EXIT_CLEAN;
    modem_events_stop(&relay);
    if (modem_ptr)
        modem_control_close(modem_ptr);
    return status;
}

/* The parent's work: every scenario in a child process of its own (isolation.h). */
static int run_children(const host_options *opt, int argc, wchar_t **argv,
                        const fsc_file *files, const process_tree *tree, judge *j)
{
    char dll[MAX_PATH * 3], modem[128] = "";
    utf8_of(opt->dll_path, dll, sizeof(dll));
    if (opt->modem)
        utf8_of(opt->modem, modem, sizeof(modem));
    child_plan plan = {argc, argv, opt->scenario_count, files, opt->scenario_ms,
                       opt->events_path, opt->html_dir, dll,
                       opt->modem ? modem : NULL, tree};
    return isolation_run_children(&plan, j);
}

/* Loads the DLL and runs what was asked: the exports, Initialize and Shutdown, or the
 * scenarios in children. Returns the exit status; *child_failed when a child found a FAIL. */
static int host_dll(host_options *opt, int argc, wchar_t **argv, fsc_file *files,
                    const process_tree *tree, judge *j, int *child_failed,
                    int *unhostable)
{
    char problem[512];
    fsp_module fsp;
    int status = EXIT_CLEAN;
    if (!fsp_module_load(&fsp, opt->dll_path, problem, sizeof(problem))) {
        if (fsp.dllmain_exception) { /* the DLL's fault, not an input error: a verdict */
            rule_exception(&j->sink, FSP_LOAD_CALL, NULL, fsp.dllmain_exception,
                           crash_guard_exception_name(fsp.dllmain_exception),
                           fsp.dllmain_where, crash_guard_memory_taken_mb());
            return EXIT_VIOLATION;
        }
        *unhostable = 1;
        return host_error(j->log, opt->dll_path, problem);
    }
    if (opt->child) {
        status = run_one_scenario(opt, files, &fsp, j); /* exports judged by the parent */
    } else {
        emit_load_event(j->log, &fsp);
        if (!fsp_module_judge_exports(&fsp, j)) {
            fsp_module_unload(&fsp);
        } else if (opt->scenario_count == 0) {
            service_provider sp = {0};
            service_provider_initialize(&sp, &fsp, j);
            /* Also after a refused Initialize: unload the DLL and destroy its heap. */
            service_provider_shutdown(&sp, j);
            judge_calls_returned(j);
            process_tree_judge(tree, "FaxDevShutdown returned", j);
        } else {
            fsp_module_unload(&fsp); /* each child loads its own */
            int children = run_children(opt, argc, argv, files, tree, j);
            status = children == 2 ? EXIT_USAGE : EXIT_CLEAN;
            if (children == 1)
                *child_failed = 1;
        }
    }
    return status;
}

/* The parent reads each child's events (did it finish? --html's timelines): without
 * --events the host keeps a log of its own in the temporary folder for the run, and
 * removes it at the end. */
static BOOL add_private_log(host_options *opt, wchar_t *path, size_t count)
{
    wchar_t folder[MAX_PATH];
    if (opt->child || opt->scenario_count == 0 || opt->events_path ||
        !GetTempPathW(MAX_PATH, folder))
        return FALSE;
    _snwprintf(path, count, L"%lsfake-faxsvc-%lu.jsonl", folder, GetCurrentProcessId());
    path[count - 1] = L'\0';
    opt->events_path = path;
    return TRUE;
}

/* Closes the event log; a private one (--html without --events) is removed. */
static void close_log(event_log *log, const wchar_t *private_log)
{
    event_log_close(log);
    if (private_log)
        DeleteFileW(private_log);
}

int wmain(int argc, wchar_t **argv)
{
    host_options opt;
    if (!host_parse_options(argc, argv, &opt))
        return EXIT_USAGE;

    /* No dialog boxes, ever: this runs headless in CI. */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    /* Before anything of the DLL runs: whatever it starts ends with the host. */
    process_tree tree = {NULL};
    if (!opt.child)
        process_tree_own(&tree);
    /* --events-stdin: the log's path, read before the DLL is loaded (event_channel.h) */
    wchar_t received_log[4 * MAX_PATH];
    if (opt.events_from_stdin) {
        if (!event_channel_receive(received_log, sizeof(received_log) / sizeof(wchar_t))) {
            fprintf(stderr, "fake-faxsvc: --events-stdin: no path on stdin\n");
            return EXIT_USAGE;
        }
        opt.events_path = received_log;
    }
    wchar_t private_log[MAX_PATH + 64];
    BOOL events_added = add_private_log(&opt, private_log, MAX_PATH + 64);

    event_log log;
    if (!event_log_open(&log, opt.events_path, opt.child)) {
        fprintf(stderr, "fake-faxsvc: %ls: cannot create the event log (error %lu)\n",
                opt.events_path, GetLastError());
        return EXIT_USAGE;
    }
    if (!opt.child)
        emit_run_event(&log, &opt);

    /* Every scenario file is checked before anything runs. */
    fsc_file files[MAX_SCENARIO_FILES];
    memset(files, 0, sizeof(files));
    int status = load_scenarios(&opt, files, &log), child_failed = 0;
    if (status != EXIT_CLEAN) {
        close_log(&log, events_added ? private_log : NULL);
        return status;
    }

    judge j;
    judge_init(&j, &log, opt.verbose);
    crash_guard_install(&j, opt.limits.call_ms); /* DllMain runs under it too */
    /* --setup: the FSP's own registry values, in this process's view (an x86 host writes
     * where an x86 FSP reads), before anything of the DLL runs; the parent applies them
     * for its children and puts everything back at the end. */
    registry_setup setup;
    scenario_vars setup_vars;
    char why[512];
    if (!opt.child && opt.setup_path)
        provide_setup_variables(&opt, &setup_vars);
    if (!opt.child && opt.setup_path &&
        !registry_setup_apply(&setup, opt.setup_path, lookup_setup_variable, &setup_vars, why,
                              sizeof(why))) {
        fprintf(stderr, "%s\n", why);
        event e;
        event_start(&e, "error");
        event_str(&e, "msg", why);
        event_emit(&log, &e);
        judge_release(&j);
        free_scenarios(files, opt.scenario_count);
        close_log(&log, events_added ? private_log : NULL);
        return EXIT_USAGE;
    }
    int unhostable = 0;
    status = host_dll(&opt, argc, argv, files, &tree, &j, &child_failed,
                      &unhostable);
    if (!opt.child && opt.setup_path)
        registry_setup_undo(&setup);
    if (unhostable) { /* its "error" event is the log's completion record */
        judge_release(&j);
        free_scenarios(files, opt.scenario_count);
        close_log(&log, events_added ? private_log : NULL);
        return status;
    }
    free_scenarios(files, opt.scenario_count);
    if (status == EXIT_CLEAN)
        status = judge_failed(&j) || child_failed ? EXIT_VIOLATION : EXIT_CLEAN;
    judge_summarize(&j, status);
    judge_release(&j);
    close_log(&log, events_added ? private_log : NULL);
    return status;
}
