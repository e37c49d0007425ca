/*
 * lifecycle.c - INIT, JOB, END and SHUT rules (see lifecycle.h).
 */
#include "lifecycle.h"

#define S_OK_VALUE   0
#define E_FAIL_VALUE ((int32_t)0x80004005u)

void rule_initialize(const verdict_sink *sink, int returned, int callback_stored)
{
    if (!returned) {
        verdict_note(sink, "INIT-8", "FaxDevInitialize returned FALSE: the service would not "
                     "use this FSP");
        return;
    }
    if (callback_stored)
        verdict_held(sink, "INIT-5", "FaxDevInitialize stored a line callback");
    else
        verdict_broken(sink, "INIT-5", "FaxDevInitialize returned TRUE but left "
                       "*LineCallbackFunction NULL");
}

void rule_service_callback_called(const verdict_sink *sink)
{
    verdict_note(sink, "INIT-6", "the FSP called FaxServiceCallback, which the service does "
                 "not use (the host answers TRUE and does nothing)");
}

void rule_device_creation_before_init(const verdict_sink *sink, int returned)
{
    if (returned)
        verdict_held(sink, "INIT-9", "FaxDevVirtualDeviceCreation, called before "
                     "FaxDevInitialize (no HeapHandle, no callbacks yet), returned TRUE");
    else
        verdict_doubt(sink, "INIT-9", "FaxDevVirtualDeviceCreation returned FALSE when "
                      "called before FaxDevInitialize, as the service calls it: does it need "
                      "HeapHandle or something else Initialize gives? The service would "
                      "leave this FSP without devices");
}

void rule_init_order_note(const verdict_sink *sink, const char *where)
{
    verdict_note(sink, "INIT-9", "%s: --init-order init-first: FaxDevVirtualDeviceCreation "
                 "will be called just after FaxDevInitialize", where);
}

void rule_shutdown_result(const verdict_sink *sink, int32_t hr)
{
    /* SHUT-2: an HRESULT, S_OK or E_FAIL. A BOOL-minded TRUE arrives as 1 (S_FALSE). */
    if (hr == S_OK_VALUE || hr == E_FAIL_VALUE)
        verdict_held(sink, "SHUT-2", "FaxDevShutdown returned 0x%08lx", (unsigned long)(uint32_t)hr);
    else if (hr > 0)
        verdict_broken(sink, "SHUT-2", "FaxDevShutdown returned %ld: a success code other "
                       "than S_OK; a BOOL TRUE? It returns HRESULT (S_OK is 0)", (long)hr);
    else
        verdict_broken(sink, "SHUT-2", "FaxDevShutdown returned 0x%08lx: the contract names "
                       "S_OK or E_FAIL", (unsigned long)(uint32_t)hr);
}

void rule_shutdown_heap(const verdict_sink *sink, size_t blocks, size_t bytes)
{
    if (blocks == 0)
        verdict_held(sink, "SHUT-1", "the private heap is empty after FaxDevShutdown");
    else
        verdict_broken(sink, "SHUT-1", "%zu block(s), %zu bytes, still allocated on the "
                       "private heap after FaxDevShutdown", blocks, bytes);
}

void rule_thread_after_shutdown(const verdict_sink *sink, const leftover_thread_fact *f)
{
    if (f->started_in_fsp || (f->fsp_frame_found && !f->frame_by_scan))
        verdict_broken(sink, "SHUT-1", "thread %lu (started at %s) still runs the FSP's code "
                       "%u ms after FaxDevShutdown returned (%s on its stack): the service "
                       "unloads the DLL now, under it", f->thread_id, f->started_at,
                       f->grace_ms, f->fsp_frame_found ? f->fsp_frame : f->started_at);
    else if (f->fsp_frame_found)
        verdict_doubt(sink, "SHUT-1", "thread %lu (started at %s) is alive %u ms after "
                      "FaxDevShutdown returned, and its stack holds %s, a return address "
                      "into the FSP (found by a scan: a live frame, or an old value left in "
                      "one)", f->thread_id, f->started_at, f->grace_ms, f->fsp_frame);
    else
        verdict_note(sink, "SHUT-1", "thread %lu (started at %s) born while the DLL was "
                     "loaded is alive %u ms after FaxDevShutdown, %s (a thread pool's or the "
                     "runtime's?)", f->thread_id, f->started_at, f->grace_ms,
                     f->stack_read ? "with none of the FSP's code on its stack"
                                   : "its stack could not be read");
}

void rule_threads_after_shutdown_none(const verdict_sink *sink)
{
    verdict_held(sink, "SHUT-1", "no thread born while the DLL was loaded is alive after "
                 "FaxDevShutdown");
}

void rule_process_left(const verdict_sink *sink, const leftover_process_fact *f)
{
    verdict_broken(sink, "SHUT-1", "process %lu (%s), started from inside the host, still "
                   "ran %u ms after %s: what the FSP starts it must stop by FaxDevShutdown "
                   "(the host ended it)", f->process_id, f->image, f->grace_ms, f->after);
}

void rule_ring_after_shutdown(const verdict_sink *sink)
{
    verdict_broken(sink, "SHUT-1", "a ring packet arrived after FaxDevShutdown returned: the "
                   "device listeners must be stopped by then");
}

void rule_start_job(const verdict_sink *sink, const char *job, int handle_set, uint64_t handle)
{
    if (handle_set)
        verdict_held(sink, "JOB-5", "job %s: StartJob set the handle 0x%llx", job,
                     (unsigned long long)handle);
    else
        verdict_broken(sink, "JOB-5", "job %s: StartJob returned TRUE but left *FaxHandle NULL",
                       job);
}

void rule_jobs_leak(const verdict_sink *sink, const jobs_leak_fact *f)
{
    const char *what = f->job_count == 1 ? "job" : "jobs";
    const char *together = f->job_count == 1 ? "" : " (alive at the same time)";
    if (f->blocks == 0)
        verdict_held(sink, "END-1", "%s %s%s: %s freed what %s allocated", what, f->jobs,
                     together, f->job_count == 1 ? "EndJob" : "their EndJobs",
                     f->job_count == 1 ? "the job" : "they");
    else if (!f->earlier_group_kept)
        verdict_note(sink, "END-1", "%s %s%s: %zu more block(s) on the private heap after "
                     "EndJob than before StartJob (%zu bytes): a cache built on first use, or "
                     "a leak - a later job that keeps blocks too is one, and Shutdown must "
                     "free them either way (SHUT-1)", what, f->jobs, together, f->blocks,
                     f->bytes);
    else
        verdict_broken(sink, "END-1", "%s %s%s: %zu more block(s) on the private heap after "
                       "EndJob than before StartJob (%zu bytes), and an earlier job kept "
                       "blocks too: EndJob does not free the job's data", what, f->jobs,
                       together, f->blocks, f->bytes);
}

void rule_job_handles(const verdict_sink *sink, const job_handles_fact *f)
{
    if (f->jobs < HANDLE_JUDGED_JOBS)
        return;
    long grown = f->last - f->first;
    if (grown >= (long)f->jobs)
        verdict_doubt(sink, "END-1", "the process's handles grew by %ld over %u jobs after a "
                      "warm-up of %d (%ld -> %ld), at least one per job: EndJob leaves a "
                      "handle of each job open?", grown, f->jobs, HANDLE_WARMUP_JOBS, f->first,
                      f->last);
    else
        verdict_held(sink, "END-1", "the process's handles: %ld -> %ld over %u jobs after a "
                     "warm-up of %d, no growth per job", f->first, f->last, f->jobs,
                     HANDLE_WARMUP_JOBS);
}

void rule_job_memory(const verdict_sink *sink, const job_memory_fact *f)
{
    long long kept_mb = (f->after - f->before) / (1024 * 1024);
    if (kept_mb >= JOB_MEMORY_KEPT_MB)
        verdict_doubt(sink, "END-1", "the process holds %lld MB more memory with its %u "
                      "job(s) ended than before the first FaxDevStartJob (%lld -> %lld MB): "
                      "the FSP keeps what its jobs took?", kept_mb, f->jobs,
                      f->before / (1024 * 1024), f->after / (1024 * 1024));
}

void rule_packet_after_end(const verdict_sink *sink, const char *job, const char *status)
{
    verdict_broken(sink, "END-3", "job %s: %s packet arrived after FaxDevEndJob returned", job,
                   status ? status : "a");
}

void rule_dead_handle_called_back(const verdict_sink *sink, const char *job)
{
    verdict_broken(sink, "END-3", "FaxSendCallback was called with the handle of job %s after "
                   "its FaxDevEndJob: the handle is dead", job);
    verdict_broken(sink, "SEND-5", "FaxSendCallback was called with the handle of job %s "
                   "outside FaxDevSend (after its EndJob)", job);
}
