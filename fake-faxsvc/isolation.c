/*
 * isolation.c - a child process per scenario (see isolation.h).
 */
#include "modem_control.h" /* winsock2.h before windows.h */

#include "isolation.h"
#include "event_channel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "log_slice.h"
#include "rules/errors.h"
#include "timeline_file.h"

#define COMMAND_LINE_MAX 32768

/* Appends one argument quoted the way CommandLineToArgvW reads it back: backslashes are
 * literal except before a quote, where they and the quote are escaped. */
static int append_argument(wchar_t *line, size_t *len, const wchar_t *arg)
{
    size_t n = *len;
    if (n && n + 1 < COMMAND_LINE_MAX)
        line[n++] = L' ';
    if (n + 1 >= COMMAND_LINE_MAX)
        return 0;
    line[n++] = L'"';
    for (const wchar_t *p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == L'\\') {
            backslashes++;
            p++;
        }
        size_t copies = *p == L'\0' ? backslashes * 2 : *p == L'"' ? backslashes * 2 + 1
                                                                   : backslashes;
        if (n + copies + 3 >= COMMAND_LINE_MAX)
            return 0;
        for (size_t i = 0; i < copies; i++)
            line[n++] = L'\\';
        if (*p == L'\0')
            break;
        line[n++] = *p;
    }
    line[n++] = L'"';
    line[n] = L'\0';
    *len = n;
    return 1;
}

static int build_command_line(const child_plan *plan, size_t file, size_t scenario,
                              wchar_t *line)
{
    wchar_t self[MAX_PATH], which[32];
    size_t len = 0;
    line[0] = L'\0';
    if (!GetModuleFileNameW(NULL, self, MAX_PATH))
        return 0;
    _snwprintf(which, 32, L"%zu:%zu", file, scenario);
    which[31] = L'\0';
    if (!append_argument(line, &len, self) || !append_argument(line, &len, L"--child") ||
        !append_argument(line, &len, which))
        return 0;
    /* the parent's options, but the log's path comes through stdin (event_channel.h) */
    for (int i = 1; i < plan->argc; i++) {
        if (wcscmp(plan->argv[i], L"--events-stdin") == 0)
            continue;
        if (wcscmp(plan->argv[i], L"--events") == 0 && i + 1 < plan->argc) {
            i++;
            continue;
        }
        if (!append_argument(line, &len, plan->argv[i]))
            return 0;
    }
    return append_argument(line, &len, L"--events-stdin");
}

/* A killed child may have left modem-sim mid-call or held: release it and wait until
 * the line is idle (the remote hangs up when it is not), so the next scenario starts on
 * a fresh line. */
static void free_the_modem_line(const child_plan *plan)
{
    modem_control modem;
    char why[256], reply[256];
    if (!plan->modem || modem_control_connect(&modem, plan->modem, why, sizeof(why)) != 0)
        return;
    modem_control_command(&modem, "release", reply, sizeof(reply), 10000);
    modem_control_command(&modem, "give-up", reply, sizeof(reply), 10000); /* its caller too */
    int on_hook = modem_control_on_hook(&modem, 10000, reply, sizeof(reply));
    if (on_hook < 0)
        fprintf(stderr, "fake-faxsvc: modem-sim did not answer after the killed scenario: "
                "%s\n", reply);
    else if (on_hook == 0)
        fprintf(stderr, "fake-faxsvc: modem-sim was still in a call 10 s after the killed "
                "scenario (%s): its remote hung up\n", reply);
    modem_control_close(&modem);
}

/* Runs one child; returns its exit status, or -1 when it had to be killed. */
static int run_child(const child_plan *plan, size_t file, size_t scenario, DWORD *exit_out)
{
    wchar_t *line = HeapAlloc(GetProcessHeap(), 0, COMMAND_LINE_MAX * sizeof(wchar_t));
    if (!line || !build_command_line(plan, file, scenario, line)) {
        fprintf(stderr, "fake-faxsvc: the command line is too long for a child process\n");
        HeapFree(GetProcessHeap(), 0, line);
        return 2;
    }
    PROCESS_INFORMATION child;
    fflush(stdout);
    BOOL started = event_channel_start_child(line, plan->events_path, &child);
    HeapFree(GetProcessHeap(), 0, line);
    if (!started) {
        fprintf(stderr, "fake-faxsvc: cannot start a child process (error %lu)\n",
                GetLastError());
        return 2;
    }
    CloseHandle(child.hThread);
    DWORD exit_code = 2;
    (void)file;
    (void)scenario;
    if (WaitForSingleObject(child.hProcess, plan->scenario_ms) == WAIT_TIMEOUT) {
        TerminateProcess(child.hProcess, 1);
        WaitForSingleObject(child.hProcess, INFINITE); /* never two DLLs' children at once */
        free_the_modem_line(plan);
        CloseHandle(child.hProcess);
        return -1;
    }
    GetExitCodeProcess(child.hProcess, &exit_code);
    CloseHandle(child.hProcess);
    *exit_out = exit_code;
    return (int)exit_code;
}

/* --html: the failing scenario's slice of the log as a timeline. */
static void write_timeline(const child_plan *plan, size_t f, size_t s, LONGLONG from)
{
    const fsc_file *file = &plan->files[f];
    char title[512];
    snprintf(title, sizeof(title), "%s: \"%s\" (%s)", file->path, file->scenarios[s].name,
             plan->dll);
    timeline_write(plan->events_path, from, plan->html_dir, f + 1, s + 1,
                   file->scenarios[s].name, title);
}

/* A child is done only when it wrote its completion record: one that ended without it
 * (the FSP ended the process, a fault the crash guard could not report, the watchdog's
 * kill) gets an ERR-1 verdict naming the call it ended in - never a pass. Returns 1 when
 * it ended early. */
static int judge_ending(const child_plan *plan, size_t f, size_t s, LONGLONG mark, int status,
                        DWORD exit_code, judge *j)
{
    size_t size = 0;
    char *slice = log_slice_read(plan->events_path, mark, &size);
    slice_ending ending = {0};
    if (slice)
        log_slice_ending(slice, size, &ending);
    free(slice);
    if (status != -1 && ending.completed)
        return 0;
    char process[64];
    snprintf(process, sizeof(process), "scenario %zu of file %zu", s + 1, f + 1);
    early_end_fact fact = {process, ending.open_call[0] ? ending.open_call : NULL,
                           ending.open_job[0] ? ending.open_job : NULL, (long)exit_code,
                           status == -1, plan->scenario_ms};
    rule_host_ended_early(&j->sink, &fact);
    return 1;
}

/* Processes the child's FSP started and left running (process_tree.h). Returns 1 when
 * there were any. */
static int judge_leftovers(const child_plan *plan, const char *after, judge *j)
{
    unsigned before = judge_fail_count(j);
    process_tree_judge(plan->tree, after, j);
    return judge_fail_count(j) > before;
}

int isolation_run_children(const child_plan *plan, judge *j)
{
    int errors = 0, failures = 0, runs = 0;
    for (size_t f = 0; f < plan->file_count; f++) {
        for (size_t s = 0; s < plan->files[f].scenario_count; s++, runs++) {
            LONGLONG mark = log_slice_mark(plan->events_path);
            DWORD exit_code = 0;
            int status = run_child(plan, f, s, &exit_code);
            if (status != 2 || exit_code == 2) /* 2 before the start: no child ran */
                if (judge_ending(plan, f, s, mark, status, exit_code, j))
                    status = -1;
            char after[96];
            snprintf(after, sizeof(after), "scenario %zu of file %zu ended", s + 1, f + 1);
            if (judge_leftovers(plan, after, j) && status == 0)
                status = 1;
            if (plan->html_dir && status != 0 && status != 2)
                write_timeline(plan, f, s, mark);
            if (status == 2)
                errors++;
            else if (status != 0)
                failures++;
        }
    }
    printf("%d scenario(s): %d without a FAIL, %d with a FAIL, %d stopped by a scenario "
           "error\n", runs, runs - failures - errors, failures, errors);
    return errors ? 2 : failures ? 1 : 0;
}
