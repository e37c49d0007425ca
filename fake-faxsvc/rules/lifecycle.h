/*
 * lifecycle.h - the provider's and the jobs' lives: Initialize (INIT), StartJob (JOB),
 * EndJob (END) and Shutdown (SHUT).
 */
#ifndef FAKE_FAXSVC_RULES_LIFECYCLE_H
#define FAKE_FAXSVC_RULES_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "verdict.h"

/* INIT-5, INIT-8: what FaxDevInitialize returned and whether it stored its callback. */
void rule_initialize(const verdict_sink *sink, int returned, int callback_stored);
/* INIT-6: the FSP called the service callback the service never uses: a note. */
void rule_service_callback_called(const verdict_sink *sink);
/* INIT-9 (our reading): FaxDevVirtualDeviceCreation called before FaxDevInitialize, as
 * the service does, returned `returned`. TRUE: it relied on nothing Initialize gives;
 * FALSE: WARN - a refusal there leaves the FSP without devices. */
void rule_device_creation_before_init(const verdict_sink *sink, int returned);
/* INIT-9, --init-order init-first: VirtualDeviceCreation moved after Initialize. */
void rule_init_order_note(const verdict_sink *sink, const char *where);

/* SHUT-2: FaxDevShutdown's HRESULT. */
void rule_shutdown_result(const verdict_sink *sink, int32_t hresult);
/* SHUT-1: what Shutdown left on the private heap. */
void rule_shutdown_heap(const verdict_sink *sink, size_t blocks, size_t bytes);

/* A thread born since the DLL was loaded and still alive some seconds after Shutdown
 * (fake-faxsvc/leftover_threads.h says how it is looked at). */
typedef struct leftover_thread_fact {
    unsigned long thread_id;
    unsigned grace_ms;          /* how long it was given to end */
    int started_in_fsp;         /* its start address is in the FSP's image */
    int fsp_frame_found;        /* a return address into the FSP is on its live stack */
    int frame_by_scan;          /* ... found by scanning (x86), not by unwinding */
    int stack_read;             /* the host could stop it and read its stack */
    char started_at[96];        /* "the FSP+0x1530", "ntdll.dll+0x5dca8" */
    char fsp_frame[96];         /* where in the FSP (when found) */
} leftover_thread_fact;

/* SHUT-1: the service unloads the DLL right after Shutdown, so a thread still running
 * the FSP's code is a resource Shutdown did not free: FAIL. A return address found only
 * by a scan may be an old value in a live frame: WARN. Any other new thread (a thread
 * pool's idle worker, the runtime's) is not the FSP's to join: INFO. */
void rule_thread_after_shutdown(const verdict_sink *sink, const leftover_thread_fact *f);
/* SHUT-1: no thread born since the load is alive after Shutdown. */
void rule_threads_after_shutdown_none(const verdict_sink *sink);
/* A process started from inside the host (by the FSP) still running some seconds after
 * Shutdown, or after the scenario's own process ended (fake-faxsvc/process_tree.h). */
typedef struct leftover_process_fact {
    unsigned long process_id;
    unsigned grace_ms;          /* how long it was given to end */
    const char *after;          /* "FaxDevShutdown returned", "scenario 1 of file 1 ended" */
    char image[260];            /* its image path, UTF-8 */
} leftover_process_fact;

/* SHUT-1: Shutdown must free what Initialize set up, and a process the FSP started is
 * such a resource: the service unloads the DLL, and nothing stops that process then.
 * FAIL (the host ends it). */
void rule_process_left(const verdict_sink *sink, const leftover_process_fact *f);
/* SHUT-1: a ring packet came after Shutdown returned. */
void rule_ring_after_shutdown(const verdict_sink *sink);

/* JOB-5: StartJob returned TRUE and set *FaxHandle (or did not). */
void rule_start_job(const verdict_sink *sink, const char *job, int handle_set,
                    uint64_t handle);

/* END-1: the private heap's blocks that were born while a group of jobs was alive and
 * are still there once the last of them has ended. `jobs` names the group ("a" or
 * "a, b"): blocks cannot be told apart by job when lives overlap, so a leak is blamed
 * on the group, never on a job that was merely alive beside another. */
typedef struct jobs_leak_fact {
    const char *jobs;           /* "a" or "a, b" */
    size_t job_count;
    size_t blocks, bytes;       /* kept: born while the group lived, still there */
    int earlier_group_kept;     /* an earlier group of this provider kept blocks too */
} jobs_leak_fact;
/* The first group that keeps blocks may have built a cache on first use, which the
 * FSP frees at Shutdown (SHUT-1 judges that): INFO. A second group that keeps blocks
 * is no once-only cache: FAIL. */
void rule_jobs_leak(const verdict_sink *sink, const jobs_leak_fact *f);

/* END-1 for handles (our reading: a job's handles are job data too). The process's
 * handle count is read whenever the last live job has ended; the first
 * HANDLE_WARMUP_JOBS are a warm-up (a cache, a thread pool's first handles); then a
 * growth of at least one handle per job over HANDLE_JUDGED_JOBS or more jobs is a
 * doubt (WARN) with the figure - the contract says nothing of handles by name. */
#define HANDLE_WARMUP_JOBS 2
#define HANDLE_JUDGED_JOBS 4
typedef struct job_handles_fact {
    unsigned jobs;              /* judged: ended after the warm-up */
    long first, last;           /* handle counts after the warm-up and after the last */
} job_handles_fact;
void rule_job_handles(const verdict_sink *sink, const job_handles_fact *f);
/* END-1 for memory: the process's private memory before the first StartJob and before
 * Shutdown, every job ended. A job may leave a cache behind (a buffer, a decoder's
 * tables), so only JOB_MEMORY_KEPT_MB or more kept is a doubt (WARN) with the figure:
 * far beyond any cache, what an FSP that never frees its pages or its buffers keeps. */
#define JOB_MEMORY_KEPT_MB 256
typedef struct job_memory_fact {
    unsigned jobs;              /* ended, with none left alive */
    long long before, after;    /* private bytes */
} job_memory_fact;
void rule_job_memory(const verdict_sink *sink, const job_memory_fact *f);
/* END-3: a packet arrived on a job's port after its EndJob returned. */
void rule_packet_after_end(const verdict_sink *sink, const char *job, const char *status);
/* END-3 (and SEND-5): FaxSendCallback with the handle of a job already ended. */
void rule_dead_handle_called_back(const verdict_sink *sink, const char *job);

#endif /* FAKE_FAXSVC_RULES_LIFECYCLE_H */
