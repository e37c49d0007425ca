/*
 * scenario_exec.c - the service's side of each scenario statement (see scenario_exec.h).
 */
#include "scenario_exec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "call_trace.h"
#include "crash_guard.h"
#include "far_end.h"
#include "rules/abort.h"
#include "rules/errors.h"
#include "rules/lifecycle.h"
#include "rules/operation.h"
#include "rules/scenario.h"
#include "rules/virtual_devices.h"

/* The key the host gives FaxDevVirtualDeviceCreation; any value the jobs' keys are not. */
#define VDC_COMPLETION_KEY ((ULONG_PTR)0x5eed)

void scenario_exec_init(scenario_exec *ctx, fsp_module *fsp, judge *j, modem_control *modem,
                        const scenario_limits *limits, const host_readings *readings)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->fsp = fsp;
    ctx->judge = j;
    ctx->modem = modem;
    ctx->limits = *limits;
    ctx->readings = *readings;
    ctx->next_key = 0x100;
    scenario_vars_init(&ctx->vars);
}

void scenario_exec_log_readings(scenario_exec *ctx)
{
    event e;
    event_start(&e, "readings");
    event_str(&e, "init_order", ctx->readings.init_first ? "init-first" : "as-written");
    event_str(&e, "device_id", ctx->readings.device_index ? "index" : "virtual");
    event_u64(&e, "ring_call_handle", ctx->readings.ring_call_handle);
    event_emit(ctx->judge->log, &e);
}

int scenario_exec_error(scenario_exec *ctx, const char *fmt, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof(message), fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", ctx->where, message);
    event e;
    event_start(&e, "error");
    event_str(&e, "where", ctx->where);
    event_str(&e, "msg", message);
    event_emit(ctx->judge->log, &e);
    return EXEC_ERROR;
}

static void widen(const char *utf8, wchar_t *out, size_t count)
{
    if (MultiByteToWideChar(CP_UTF8, 0, utf8, -1, out, (int)count) == 0)
        out[0] = L'\0';
}

/* A job of that name: the live one if there is one, else the one ended last (its
 * results stay readable until the name is started again). A slot is reused once its
 * job has ended, so `repeat` can start and end the same name over and over. */
service_job *scenario_find_job(scenario_exec *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->job_count; i++)
        if (strcmp(ctx->jobs[i].name, name) == 0)
            return &ctx->jobs[i];
    return NULL;
}

/* A slot for a new job: the name's own slot or any other whose job has ended. */
static service_job *free_slot(scenario_exec *ctx, const char *name)
{
    service_job *own = scenario_find_job(ctx, name);
    if (own)
        return own->thread ? NULL : own;
    for (size_t i = 0; i < ctx->job_count; i++)
        if (!ctx->jobs[i].thread && ctx->jobs[i].phase == JOB_ENDED)
            return &ctx->jobs[i];
    return ctx->job_count < SCENARIO_MAX_JOBS ? &ctx->jobs[ctx->job_count++] : NULL;
}

static service_job *live_job(scenario_exec *ctx, const char *name)
{
    service_job *job = scenario_find_job(ctx, name);
    if (!job)
        scenario_exec_error(ctx, "job %s was never started", name);
    return job;
}

/* --- setup ------------------------------------------------------------------------------- */

/* "HKCU\Software\X" -> root + subkey. Only the per-user and machine roots. */
static int open_key(scenario_exec *ctx, const char *key, HKEY *out)
{
    static const struct { const char *name; HKEY root; } roots[] = {
        {"HKCU\\", HKEY_CURRENT_USER}, {"HKEY_CURRENT_USER\\", HKEY_CURRENT_USER},
        {"HKLM\\", HKEY_LOCAL_MACHINE}, {"HKEY_LOCAL_MACHINE\\", HKEY_LOCAL_MACHINE},
    };
    for (size_t i = 0; i < ARRAYSIZE(roots); i++) {
        size_t len = strlen(roots[i].name);
        if (_strnicmp(key, roots[i].name, len) != 0)
            continue;
        wchar_t subkey[512];
        widen(key + len, subkey, ARRAYSIZE(subkey));
        /* LOAD-3: never ask for KEY_ALL_ACCESS; writing values is all we need. */
        LONG rc = RegCreateKeyExW(roots[i].root, subkey, 0, NULL, 0, KEY_SET_VALUE, NULL, out,
                                  NULL);
        if (rc != ERROR_SUCCESS)
            return scenario_exec_error(ctx, "registry %s: cannot create the key (error %ld)", key, rc);
        return 0;
    }
    return scenario_exec_error(ctx, "registry %s: the key must start with HKCU\\ or HKLM\\", key);
}

int exec_registry_string(scenario_exec *ctx, const char *key, const char *name, const char *value)
{
    HKEY hkey;
    if (open_key(ctx, key, &hkey) != 0)
        return EXEC_ERROR;
    wchar_t wname[256], wvalue[1024];
    widen(name, wname, ARRAYSIZE(wname));
    widen(value, wvalue, ARRAYSIZE(wvalue));
    LONG rc = RegSetValueExW(hkey, wname, 0, REG_SZ, (const BYTE *)wvalue,
                             (DWORD)((wcslen(wvalue) + 1) * sizeof(wchar_t)));
    RegCloseKey(hkey);
    return rc == ERROR_SUCCESS ? 0 : scenario_exec_error(ctx, "registry %s %s: error %ld", key, name, rc);
}

int exec_registry_dword(scenario_exec *ctx, const char *key, const char *name, DWORD value)
{
    HKEY hkey;
    if (open_key(ctx, key, &hkey) != 0)
        return EXEC_ERROR;
    wchar_t wname[256];
    widen(name, wname, ARRAYSIZE(wname));
    LONG rc = RegSetValueExW(hkey, wname, 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    RegCloseKey(hkey);
    return rc == ERROR_SUCCESS ? 0 : scenario_exec_error(ctx, "registry %s %s: error %ld", key, name, rc);
}

int exec_copy(scenario_exec *ctx, const char *from, const char *to)
{
    wchar_t wfrom[MAX_PATH], wto[MAX_PATH];
    widen(from, wfrom, MAX_PATH);
    widen(to, wto, MAX_PATH);
    if (!CopyFileW(wfrom, wto, FALSE))
        return scenario_exec_error(ctx, "copy \"%s\" to \"%s\": error %lu", from, to, GetLastError());
    return 0;
}

/* Under Wine only: takes PORT's DOS device name away for this wineserver session. Wine's
 * mount manager makes COMn a device when a session starts with the port in the registry
 * (HKLM\Software\Wine\Ports), and that name outlives the link and the value fspconform
 * removes (measured with Wine 8: the port still opened; after DDD_REMOVE_DEFINITION it
 * fails with ERROR_FILE_NOT_FOUND, and fspconform's new link serves the next open). On
 * Windows the name is the machine's, not the kit's to remove: there whoever runs the
 * scenario unplugs the modem. */
static void forget_port_name_under_wine(const wchar_t *name)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    if (ntdll && GetProcAddress(ntdll, "wine_get_version"))
        DefineDosDeviceW(DDD_REMOVE_DEFINITION, name, NULL); /* none defined: nothing to do */
}

/* `line-missing` (RETRY-4): the port must be gone - not busy, not refused. */
int exec_line_missing(scenario_exec *ctx, const char *port)
{
    wchar_t name[80], device[96];
    widen(port, name, ARRAYSIZE(name));
    forget_port_name_under_wine(name);
    _snwprintf(device, ARRAYSIZE(device), L"\\\\.\\%ls", name);
    device[ARRAYSIZE(device) - 1] = L'\0';
    HANDLE h = CreateFileW(device, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                           FILE_FLAG_OVERLAPPED, NULL);
    DWORD error = GetLastError();
    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        return scenario_exec_error(ctx, "line-missing %s: the port opens: the line was not "
                                   "taken away (fspconform takes it for this scenario)", port);
    }
    /* missing, not busy or refused: a port another program holds is still there */
    if (error != ERROR_FILE_NOT_FOUND && error != ERROR_PATH_NOT_FOUND)
        return scenario_exec_error(ctx, "line-missing %s: the port is there but does not open "
                                   "(error %lu): busy or refused, not missing", port, error);
    ctx->line_missing = TRUE;
    event e;
    event_start(&e, "line-missing");
    event_str(&e, "port", port);
    event_u64(&e, "open_error", error);
    event_emit(ctx->judge->log, &e);
    return EXEC_OK;
}

/* `run`: a command line through cmd.exe, as a vendor writes it on Windows (under Wine,
 * `start /wait /unix PROGRAM` reaches a Linux program). The scenario's variables in force
 * are in its environment as FSPKIT_NAME, so a ring command can find ${DOCS} or the
 * device to ring. A command that cannot start or exits non-zero is the scenario's
 * error, not the FSP's: the command is the vendor's, not the contract's. */
int exec_run(scenario_exec *ctx, const char *command)
{
    for (size_t i = 0; i < ctx->vars.count; i++) {
        char name[64];
        snprintf(name, sizeof(name), "FSPKIT_%s", ctx->vars.names[i]);
        SetEnvironmentVariableA(name, ctx->vars.values[i]);
    }
    size_t length = strlen(command) + 16;
    wchar_t *line = malloc(length * sizeof(wchar_t));
    if (!line)
        return scenario_exec_error(ctx, "run: out of memory");
    wchar_t wide[4096];
    widen(command, wide, ARRAYSIZE(wide));
    _snwprintf(line, length, L"cmd.exe /c %ls", wide);
    line[length - 1] = L'\0';
    STARTUPINFOW si;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    PROCESS_INFORMATION pi;
    BOOL started = CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);
    DWORD error = GetLastError();
    free(line);
    if (!started)
        return scenario_exec_error(ctx, "run \"%s\": cannot start cmd.exe (error %lu)", command,
                                   error);
    DWORD waited = WaitForSingleObject(pi.hProcess, ctx->limits.call_ms);
    DWORD code = 0;
    GetExitCodeProcess(pi.hProcess, &code);
    if (waited != WAIT_OBJECT_0)
        TerminateProcess(pi.hProcess, 1);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    if (waited != WAIT_OBJECT_0)
        return scenario_exec_error(ctx, "run \"%s\": still running after %lu ms (stopped)",
                                   command, (unsigned long)ctx->limits.call_ms);
    if (code != 0)
        return scenario_exec_error(ctx, "run \"%s\": exited with status %lu", command,
                                   (unsigned long)code);
    return EXEC_OK;
}

/* --- the provider ------------------------------------------------------------------------- */

/* VDEV-3: DeviceNamePrefix is 128 WCHARs of the service's; what lies after it is not
 * the FSP's. The host places the buffer before a canary and then a no-access page, so
 * an overrun is seen (the canary) or faults inside the call (the page, ERR-1 naming it)
 * instead of wrecking the host's own stack. */
#define NAME_PREFIX_WCHARS 128
#define NAME_CANARY_BYTES 4096
#define NAME_CANARY_BYTE 0xA5

typedef struct name_buffer {
    BYTE *base;              /* VirtualAlloc'd: the buffer and canary, then a guard page */
    SIZE_T size;
    wchar_t *name;
    BYTE *canary;
} name_buffer;

static BOOL name_buffer_open(name_buffer *b)
{
    SYSTEM_INFO info;
    GetSystemInfo(&info);
    SIZE_T page = info.dwPageSize;
    SIZE_T used = NAME_PREFIX_WCHARS * sizeof(wchar_t) + NAME_CANARY_BYTES;
    SIZE_T pages = (used + page - 1) / page;
    DWORD old;
    b->size = (pages + 1) * page;
    b->base = VirtualAlloc(NULL, b->size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (!b->base)
        return FALSE;
    if (!VirtualProtect(b->base + pages * page, page, PAGE_NOACCESS, &old)) {
        VirtualFree(b->base, 0, MEM_RELEASE);
        b->base = NULL;
        return FALSE;
    }
    b->canary = b->base + pages * page - NAME_CANARY_BYTES;
    b->name = (wchar_t *)(b->canary - NAME_PREFIX_WCHARS * sizeof(wchar_t));
    memset(b->canary, NAME_CANARY_BYTE, NAME_CANARY_BYTES);
    wmemset(b->name, L'\xA5A5', NAME_PREFIX_WCHARS);
    return TRUE;
}

/* How many bytes past the 128 WCHARs were written (the last changed canary byte). */
static size_t name_overrun_bytes(const name_buffer *b)
{
    size_t past = 0;
    for (size_t i = 0; i < NAME_CANARY_BYTES; i++)
        if (b->canary[i] != NAME_CANARY_BYTE)
            past = i + 1;
    return past;
}

static void name_buffer_close(name_buffer *b)
{
    if (b->base)
        VirtualFree(b->base, 0, MEM_RELEASE);
    b->base = NULL;
}

int exec_virtual_devices(scenario_exec *ctx, long expect_count, int if_exported)
{
    judge *j = ctx->judge;
    if (!ctx->fsp->fn.virtual_device_creation && if_exported)
        return EXEC_OK; /* a TAPI FSP: the service calls nothing here (VDEV-1) */
    if (!ctx->fsp->fn.virtual_device_creation)
        return scenario_exec_error(ctx, "virtual-devices: the DLL does not export "
                              "FaxDevVirtualDeviceCreation (a TAPI FSP)");
    if (ctx->shut_down)
        return scenario_exec_error(ctx, "virtual-devices after shutdown: the host never calls a "
                              "DLL after FaxDevShutdown");
    if (ctx->rings.port)
        return scenario_exec_error(ctx, "virtual-devices twice: the service calls "
                                   "FaxDevVirtualDeviceCreation once per load (VDEV-1)");
    if (ctx->readings.init_first && !ctx->initialized) {
        /* INIT-9's other reading: the host keeps the statement for just after init. */
        ctx->vdc_deferred = TRUE;
        ctx->vdc_expect_count = expect_count;
        ctx->vdc_if_exported = if_exported;
        rule_init_order_note(&j->sink, ctx->where);
        return EXEC_OK;
    }
    /* VDEV-5: the port and key for ring packets live as long as the provider. */
    if (!service_provider_prepare(&ctx->provider, ctx->fsp, j) ||
        !ring_port_open(&ctx->rings, j, ctx->provider.heap, VDC_COMPLETION_KEY))
        return scenario_exec_error(ctx, "virtual-devices: cannot create the heap or the "
                                   "completion port (error %lu)", GetLastError());
    DWORD count = 0, prefix = 0;
    name_buffer buffers = {0};
    if (!name_buffer_open(&buffers))
        return scenario_exec_error(ctx, "virtual-devices: cannot allocate the name buffer "
                                   "(error %lu)", GetLastError());
    wchar_t *name_prefix = buffers.name;
    call_trace trace;
    trace_call(j, &trace, "FaxDevVirtualDeviceCreation", NULL);
    BOOL ok = ctx->fsp->fn.virtual_device_creation(&count, name_prefix, &prefix,
                                                   ctx->rings.port, VDC_COMPLETION_KEY);
    DWORD error = GetLastError();
    trace_return(j, &trace, ok, error);
    service_provider_heap_intact(&ctx->provider, j, "FaxDevVirtualDeviceCreation", NULL);
    judge_return_reason(j, "FaxDevVirtualDeviceCreation", ok, error);
    if (ctx->line_missing && !ok)
        rule_line_missing_at_start_up(&j->sink, "FaxDevVirtualDeviceCreation");
    else if (!ctx->initialized && !ctx->line_missing)
        rule_device_creation_before_init(&j->sink, ok);
    if (!ok) {
        /* a refusal does not excuse writing past the service's buffer */
        device_creation_fact refused = {0, 0, 1, name_overrun_bytes(&buffers)};
        if (refused.bytes_past_name)
            rule_device_creation_overrun(&j->sink, &refused);
        name_buffer_close(&buffers);
        return EXEC_STOP;
    }
    device_creation_fact fact = {count, prefix, wmemchr(name_prefix, L'\0', 128) != NULL,
                                 name_overrun_bytes(&buffers)};
    rule_device_creation(&j->sink, &fact);
    name_buffer_close(&buffers);
    ctx->device_count = count;
    ctx->device_id_prefix = prefix;
    event e; /* what the FSP created, for readers that plan around it (fspconform) */
    event_start(&e, "devices");
    event_u64(&e, "count", count);
    event_u64(&e, "id_prefix", prefix);
    event_emit(j->log, &e);
    ring_port_set_devices(&ctx->rings, prefix, count);
    if (expect_count >= 0)
        rule_expect_device_count(&j->sink, ctx->where, expect_count, count);
    return 0;
}

int exec_init(scenario_exec *ctx)
{
    if (ctx->initialized || ctx->shut_down)
        return scenario_exec_error(ctx, "init: FaxDevInitialize runs once per load");
    ctx->initialized = service_provider_initialize(&ctx->provider, ctx->fsp, ctx->judge);
    if (!ctx->initialized) {
        if (ctx->line_missing)
            rule_line_missing_at_start_up(&ctx->judge->sink, "FaxDevInitialize");
        return EXEC_STOP;
    }
    if (ctx->vdc_deferred) {
        ctx->vdc_deferred = FALSE;
        return exec_virtual_devices(ctx, ctx->vdc_expect_count, ctx->vdc_if_exported);
    }
    return EXEC_OK;
}

/* LINE-2: when a user enables sending or receiving on a virtual device, the service
 * tells the FSP through its FaxLineCallback, once for every virtual device of it. Here
 * both are enabled. An FSP that stored no callback (INIT-5 judges that) or created no
 * virtual devices gets no call, as from the service. */
int exec_enable_devices(scenario_exec *ctx)
{
    if (!ctx->initialized || ctx->shut_down)
        return scenario_exec_error(ctx, "enable-devices: the provider is not initialized");
    PFAX_LINECALLBACK callback = ctx->provider.line_callback;
    if (!callback || !ctx->rings.port)
        return EXEC_OK;
    DWORD devices = ctx->device_count < VDEV_PLAUSIBLE_COUNT ? ctx->device_count
                                                              : VDEV_PLAUSIBLE_COUNT;
    for (DWORD i = 0; i < devices; i++) {
        call_trace trace;
        trace_call(ctx->judge, &trace, "FaxLineCallback", NULL);
        callback(NULL, ctx->device_id_prefix + i, LINE_DEVSPECIFIC, 0, 1, 1, 0);
        trace_return(ctx->judge, &trace, 0, GetLastError());
        if (!service_provider_heap_intact(&ctx->provider, ctx->judge, "FaxLineCallback", NULL))
            return EXEC_STOP;
    }
    return EXEC_OK;
}

/* A thread is still inside the DLL and will not come back. Calling Shutdown or
 * unloading now would pull the code from under it - a crash the host caused and would
 * blame on the DLL. So the run stops here, with the verdict and the summary. */
static void stop_on_hang(scenario_exec *ctx, const char *job)
{
    service_job *lost = scenario_find_job(ctx, job);
    if (lost && lost->thread_lost)
        rule_stop_after_lost_thread(&ctx->judge->sink, job);
    crash_guard_stop(ctx->judge, 1); /* the verdict was given where the hang was seen */
}

void scenario_exec_stop_hung(scenario_exec *ctx, const char *job)
{
    stop_on_hang(ctx, job);
}

static void end_open_jobs(scenario_exec *ctx)
{
    for (size_t i = 0; i < ctx->job_count; i++)
        if (ctx->jobs[i].thread && !service_job_end(&ctx->jobs[i], ctx->limits.call_ms))
            stop_on_hang(ctx, ctx->jobs[i].name);
}

int exec_shutdown(scenario_exec *ctx)
{
    if (ctx->shut_down)
        return scenario_exec_error(ctx, "shutdown twice: the host never calls a DLL after "
                              "FaxDevShutdown");
    end_open_jobs(ctx); /* END-3: EndJob for every StartJob, before Shutdown */
    resource_trend_judge(&ctx->resources, ctx->judge);
    ctx->shut_down = TRUE;
    if (!ctx->provider.fsp) {
        fsp_module_unload(ctx->fsp);
        return EXEC_OK;
    }
    service_provider_call_shutdown(&ctx->provider, ctx->judge);
    /* Rings posted before Shutdown returned are taken first: only a later one is late
     * (SHUT-1). They are judged while the heap they might wrongly come from exists. */
    ring_port_sync(&ctx->rings);
    ring_port_mark_shut_down(&ctx->rings);
    ring_port_close(&ctx->rings);
    service_provider_unload(&ctx->provider);
    return EXEC_OK;
}

void scenario_exec_finish(scenario_exec *ctx)
{
    if (!ctx->shut_down)
        exec_shutdown(ctx);
}

/* --- jobs ---------------------------------------------------------------------------------- */

/* StartJob on the device with this ID (as the FSP numbered it: prefix + index). */
static int start_on_device(scenario_exec *ctx, const char *name, DWORD device_id)
{
    if (!ctx->initialized || ctx->shut_down)
        return scenario_exec_error(ctx, "start %s: the provider is not initialized", name);
    service_job *existing = scenario_find_job(ctx, name);
    if (existing && existing->thread)
        return scenario_exec_error(ctx, "start %s: a job of that name is still running "
                                   "('end %s' first)", name, name);
    service_job *job = free_slot(ctx, name);
    if (!job)
        return scenario_exec_error(ctx, "start %s: more than %d jobs at once", name,
                                   SCENARIO_MAX_JOBS);
    /* VDEV-10: virtual FSPs are addressed with the service's device IDs (prefix + n);
     * SampleFSP indexes its devices with the DeviceId it gets, hence the option. */
    if (ctx->readings.device_index)
        device_id -= ctx->device_id_prefix;
    resource_trend_job_starting(&ctx->resources); /* END-1: memory before the jobs */
    BOOL ok = service_job_start(job, &ctx->provider, ctx->judge, name, device_id,
                                ctx->next_key++, ctx->limits.call_ms);
    job->line_missing = ctx->line_missing; /* RETRY-4, judged at EndJob */
    if (!ok && ctx->line_missing)
        rule_line_missing_start_refused(&ctx->judge->sink, name);
    return ok ? EXEC_OK : EXEC_STOP;
}

int exec_start(scenario_exec *ctx, const char *name, long device)
{
    return start_on_device(ctx, name, ctx->device_id_prefix + (DWORD)(device < 0 ? 0 : device));
}

int exec_send(scenario_exec *ctx, const char *name, const char *file, const char *number,
              int refuse_callback)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    wchar_t wfile[MAX_PATH], wnumber[64];
    widen(file, wfile, MAX_PATH);
    widen(number, wnumber, 64);
    if (ctx->race)
        ctx->race->attach(ctx->race->pass, ctx, job);
    job->remote_calls_before = far_end_calls_ended(ctx, FAR_END_PLACED); /* expect sent */
    if (!service_job_send(job, wfile, wnumber, refuse_callback))
        return scenario_exec_error(ctx, "send %s: the job has no live handle or already operated",
                              name);
    return EXEC_OK;
}

int exec_receive(scenario_exec *ctx, const char *name, const char *file)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    wchar_t wfile[MAX_PATH];
    widen(file, wfile, MAX_PATH);
    if (ctx->race)
        ctx->race->attach(ctx->race->pass, ctx, job);
    /* RECV-5: no ring, so no call handle. modem-sim's remote calls ended so far: did
     * one come while the FSP received? (far_end_after_operation) */
    job->without_ring = TRUE;
    job->remote_rings_before = far_end_calls_ended(ctx, FAR_END_RUNG);
    if (!service_job_receive(job, wfile, 0))
        return scenario_exec_error(ctx, "receive %s: cannot create \"%s\" or no live handle", name,
                              file);
    return 0;
}

int exec_answer(scenario_exec *ctx, const char *name, const char *file, DWORD within_ms,
                int optional)
{
    if (!ctx->rings.port)
        return scenario_exec_error(ctx, "answer %s: no virtual devices (a ring comes on the "
                                   "port given to FaxDevVirtualDeviceCreation)", name);
    DWORD device_id;
    if (!ring_port_take(&ctx->rings, within_ms, &device_id)) {
        if (optional)
            rule_no_ring_came(&ctx->judge->sink, ctx->where, within_ms);
        else
            rule_expect_ring(&ctx->judge->sink, ctx->where, within_ms);
        return EXEC_STOP;
    }
    rule_ring_answered(&ctx->judge->sink, ctx->where, device_id, ctx->readings.ring_call_handle);
    int status = start_on_device(ctx, name, device_id);
    if (status != EXEC_OK)
        return status;
    service_job *job = scenario_find_job(ctx, name);
    wchar_t wfile[MAX_PATH];
    widen(file, wfile, MAX_PATH);
    if (ctx->race)
        ctx->race->attach(ctx->race->pass, ctx, job);
    job->remote_rings_before = far_end_calls_ended(ctx, FAR_END_RUNG); /* RECV-2 at the far end */
    job->after_ring = TRUE; /* STAT-6: its packets go on until EndJob */
    if (!service_job_receive(job, wfile, (HCALL)ctx->readings.ring_call_handle))
        return scenario_exec_error(ctx, "answer %s: cannot create \"%s\"", name, file);
    return EXEC_OK;
}

int exec_wait(scenario_exec *ctx, const char *name, DWORD within_ms)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    if (service_job_wait(job, within_ms)) {
        far_end_after_operation(ctx, job);
        return 0;
    }
    if (job->thread_lost)
        return EXEC_STOP; /* judged where it was seen */
    if (job->aborted) {
        rule_abort_ignored(&ctx->judge->sink, ctx->where, name, job->operation, within_ms);
        return EXEC_STOP;
    }
    /* `wait` is the service waiting for its own thread: a call still inside the FSP
     * then is a hang (ERR-1), and nothing more is called while it is there. */
    rule_call_hung(&ctx->judge->sink, job->operation ? job->operation : "the operation",
                   name, within_ms);
    stop_on_hang(ctx, name);
    return EXEC_STOP;
}

int exec_abort(scenario_exec *ctx, const char *name)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    if (ctx->race) /* inside a race block: aimed at the pass's point */
        ctx->race->aimed_abort(ctx->race->pass, ctx, job);
    else if (!service_job_abort(job, ctx->limits.abort_ms, ctx->limits.call_ms))
        stop_on_hang(ctx, name); /* the abort never came back: a thread is in the DLL */
    return 0;
}

int exec_report(scenario_exec *ctx, const char *name)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    service_job_report(job, "asked by the scenario"); /* RPT-1: from another thread */
    return 0;
}

static BOOL any_job_alive(const scenario_exec *ctx)
{
    for (size_t i = 0; i < ctx->job_count; i++)
        if (ctx->jobs[i].thread)
            return TRUE;
    return FALSE;
}

int exec_end(scenario_exec *ctx, const char *name)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    BOOL was_alive = job->thread != NULL;
    if (was_alive)
        far_end_after_operation(ctx, job);
    if (!service_job_end(job, ctx->limits.call_ms))
        stop_on_hang(ctx, name);
    else if (was_alive && !any_job_alive(ctx))
        resource_trend_sample(&ctx->resources); /* END-1: the last live job is gone */
    return EXEC_OK;
}

int exec_modem(scenario_exec *ctx, const char *command, DWORD within_ms)
{
    if (!ctx->modem)
        return scenario_exec_error(ctx, "modem %s: no modem-sim (start fake-faxsvc with --modem "
                              "HOST:PORT)", command);
    char reply[512];
    int status = far_end_command(ctx, command, reply, sizeof(reply), within_ms);
    if (status != 0 || strncmp(reply, "ERR", 3) == 0)
        return scenario_exec_error(ctx, "modem %s: %s", command, reply);
    return 0;
}

/* --- expectations ---------------------------------------------------------------------------- */

int exec_expect_return(scenario_exec *ctx, const char *name, BOOL want, BOOL has_error,
                       DWORD error, DWORD within_ms)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    if (!service_job_wait(job, within_ms)) {
        if (job->thread_lost)
            return EXEC_STOP; /* judged where it was seen */
        rule_expect_returned_within(&ctx->judge->sink, ctx->where, name, job->operation,
                                    within_ms);
        return EXEC_STOP;
    }
    rule_expect_return(&ctx->judge->sink, ctx->where, name, job->operation, want, has_error,
                       error, job->result, job->last_error);
    far_end_after_operation(ctx, job);
    return 0;
}

int exec_expect_status(scenario_exec *ctx, const char *name, const DWORD *sequence, size_t n,
                       DWORD within_ms)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    if (status_port_wait_sequence(&job->status, sequence, n, within_ms)) {
        rule_expect_status(&ctx->judge->sink, ctx->where, name, 1, NULL, within_ms, NULL);
        return 0;
    }
    char seen[512], want[256] = "";
    status_port_describe(&job->status, seen, sizeof(seen));
    for (size_t i = 0; i < n; i++) {
        const char *s = fs_status_name(sequence[i]);
        snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s", i ? " then " : "",
                 s ? s : "?");
    }
    rule_expect_status(&ctx->judge->sink, ctx->where, name, 0, want, within_ms, seen);
    return 0;
}

int exec_expect_final(scenario_exec *ctx, const char *name, const DWORD *allowed, size_t n)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    /* The last status of an operation that returned: let the packets it posted
     * before returning arrive first. */
    BOOL still_running = !service_job_wait(job, ctx->limits.call_ms);
    status_port_sync(&job->status);
    DWORD last = status_port_last(&job->status);
    BOOL ok = FALSE;
    for (size_t i = 0; i < n; i++)
        ok |= allowed[i] == last;
    rule_expect_final(&ctx->judge->sink, ctx->where, name, ok, last, still_running);
    return 0;
}

int exec_expect_sent(scenario_exec *ctx, const char *name, const char *file)
{
    service_job *job = live_job(ctx, name);
    if (!job)
        return EXEC_ERROR;
    if (!ctx->modem)
        return scenario_exec_error(ctx, "expect %s sent: no modem-sim (fspconform --line, or "
                                   "fake-faxsvc --modem HOST:PORT)", name);
    if (!job->operation || strcmp(job->operation, "FaxDevSend") != 0)
        return scenario_exec_error(ctx, "expect %s sent: the job's operation is not a send",
                                   name);
    if (!service_job_wait(job, ctx->limits.call_ms)) {
        if (job->thread_lost)
            return EXEC_STOP;
        rule_expect_returned_within(&ctx->judge->sink, ctx->where, name, job->operation,
                                    ctx->limits.call_ms);
        return EXEC_STOP;
    }
    return far_end_expect_sent(ctx, job, file);
}
