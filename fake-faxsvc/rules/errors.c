/*
 * errors.c - ERR-1 and ERR-2 (see errors.h).
 */
#include "errors.h"

#include <stdio.h>

/* " of job NAME" or "". */
static const char *of_job(const char *job, char *buf, size_t size)
{
    if (!job)
        return "";
    snprintf(buf, size, " of job %s", job);
    return buf;
}

#define ERROR_ALREADY_EXISTS_CODE 183u
#define ERROR_IO_PENDING_CODE 997u

void rule_failure_reason(const verdict_sink *sink, const failure_reason_fact *f)
{
    unsigned long code = f->last_error;
    if (f->untouched)
        verdict_broken(sink, "ERR-2", "%s returned FALSE without calling SetLastError", f->fn);
    else if (code == 0)
        verdict_broken(sink, "ERR-2", "%s returned FALSE but GetLastError is 0 (NO_ERROR): "
                       "the service cannot tell why", f->fn);
    else if (f->left_by_success)
        verdict_doubt(sink, "ERR-2", "%s returned FALSE with error %lu, the value its "
                      "successful calls leave too: it looks stale, left by an earlier call "
                      "rather than set for this failure", f->fn, code);
    else if (code == ERROR_ALREADY_EXISTS_CODE || code == ERROR_IO_PENDING_CODE)
        verdict_doubt(sink, "ERR-2", "%s returned FALSE with error %lu (%s), a code Windows "
                      "leaves on success: it looks stale, left by an earlier call rather than "
                      "set for this failure", f->fn, code,
                      code == ERROR_IO_PENDING_CODE ? "ERROR_IO_PENDING" : "ERROR_ALREADY_EXISTS");
    else
        verdict_held(sink, "ERR-2", "%s failed with error %lu", f->fn, code);
}

void rule_exception(const verdict_sink *sink, const char *fn, const char *job, uint32_t code,
                    const char *what, const char *where, long long memory_taken_mb)
{
    char buf[64], memory[160] = "";
    if (memory_taken_mb >= CRASH_MEMORY_NOTED_MB)
        snprintf(memory, sizeof(memory), ", after the process had taken %lld MB of memory "
                 "(an allocation that failed at a memory limit and was used unchecked?)",
                 memory_taken_mb);
    if (fn)
        verdict_broken(sink, "ERR-1", "%s%s raised exception 0x%08lx (%s) at %s instead of "
                       "returning%s", fn, of_job(job, buf, sizeof(buf)), (unsigned long)code,
                       what, where, memory);
    else
        verdict_broken(sink, "ERR-1", "a thread of the FSP raised exception 0x%08lx (%s) at "
                       "%s%s", (unsigned long)code, what, where, memory);
}

void rule_call_hung(const verdict_sink *sink, const char *fn, const char *job,
                    uint32_t limit_ms)
{
    char buf[64];
    verdict_broken(sink, "ERR-1", "%s%s has not returned after %lu ms (hang guard); the host "
                   "stops here, calling nothing more and unloading nothing, since a thread "
                   "is still inside the DLL", fn, of_job(job, buf, sizeof(buf)),
                   (unsigned long)limit_ms);
}

void rule_thread_lost(const verdict_sink *sink, const char *fn, const char *job)
{
    char buf[64];
    verdict_broken(sink, "ERR-1", "%s%s: its thread ended inside the call without returning "
                   "(a stack overflow the process could not report, or ExitThread in the FSP)",
                   fn, of_job(job, buf, sizeof(buf)));
}

void rule_stop_after_lost_thread(const verdict_sink *sink, const char *job)
{
    verdict_note(sink, "ERR-1", "job %s: the host stops without FaxDevShutdown: the FSP lost "
                 "a thread inside a call, its state cannot be trusted", job);
}

void rule_heap_corrupted(const verdict_sink *sink, const char *fn, const char *job)
{
    char buf[64];
    verdict_broken(sink, "ERR-1", "%s%s corrupted the service's private heap (HeapValidate "
                   "fails after the call): a write past a block, or a double free", fn,
                   of_job(job, buf, sizeof(buf)));
}

void rule_heap_destroyed(const verdict_sink *sink, const char *fn, const char *job)
{
    char buf[64];
    verdict_broken(sink, "ERR-1", "%s%s destroyed the service's private heap (it is gone "
                   "after the call): the heap is the service's, only lent to the FSP (INIT-2, "
                   "INIT-4)", fn, of_job(job, buf, sizeof(buf)));
}

void rule_calls_returned(const verdict_sink *sink, unsigned calls)
{
    verdict_held(sink, "ERR-1", "all %u calls into the FSP returned: none raised an "
                 "exception, hung, ended its thread or harmed the service's heap", calls);
}

void rule_host_ended_early(const verdict_sink *sink, const early_end_fact *f)
{
    char buf[64], inside[160] = "";
    if (f->open_call)
        snprintf(inside, sizeof(inside), " inside %s%s", f->open_call,
                 of_job(f->open_job, buf, sizeof(buf)));
    if (f->killed)
        verdict_broken(sink, "ERR-1", "%s did not finish within %lu ms: its process was "
                       "killed%s%s", f->process, (unsigned long)f->limit_ms,
                       f->open_call ? "; it hung" : "", inside);
    else
        verdict_broken(sink, "ERR-1", "%s ended (exit code %ld)%s before its work was done "
                       "and without its completion record: the FSP ended the process "
                       "(ExitProcess or TerminateProcess), or it died of a fault", f->process,
                       f->exit_code, inside);
}
