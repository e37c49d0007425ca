/*
 * service_provider.h - the fax service's side of one provider's lifetime:
 * a private heap (INIT-2), FaxDevInitialize, and at the end FaxDevShutdown, unloading
 * and destroying the heap (SHUT-1, INIT-4). Jobs run between the two (later issues).
 *
 * The host never calls into the DLL after Shutdown or after unloading it: a crash it
 * caused would be blamed on a correct DLL.
 */
#ifndef FAKE_FAXSVC_SERVICE_PROVIDER_H
#define FAKE_FAXSVC_SERVICE_PROVIDER_H

#include <stdint.h>

#include "fsp_module.h"
#include "judge.h"

/* The private heap's busy blocks at one moment (addresses, sorted, and their sizes). */
typedef struct heap_snapshot {
    uintptr_t *blocks;
    size_t *sizes;
    size_t count;
} heap_snapshot;

typedef struct service_provider {
    fsp_module *fsp;
    HANDLE heap;                    /* the FSP's private heap (INIT-2) */
    PFAX_LINECALLBACK line_callback;/* what Initialize stored (INIT-5) */
    BOOL initialized;               /* Initialize returned TRUE */
    BOOL fsp_threads_left;          /* a thread ran the FSP's code after Shutdown (SHUT-1):
                                       the DLL and its heap stay */
    volatile LONG heap_corrupt;     /* HeapValidate failed once, or the FSP destroyed the
                                       heap: reported, no more walks */
    /* END-1 per group of jobs alive together (rules/lifecycle.h, rule_jobs_leak). */
    SRWLOCK jobs_lock;
    unsigned live_jobs;
    heap_snapshot before_jobs;      /* taken when the first of the group started */
    BOOL before_taken;              /* ... completely (an empty heap is a snapshot too) */
    char group_names[256];          /* "a, b" */
    size_t group_size;
    BOOL group_ended;               /* one of the group had its EndJob (else nothing to
                                       judge: StartJob failed for all of them) */
    unsigned groups_kept;           /* groups that kept blocks (the first may be a cache) */
} service_provider;

/* Creates the private heap, once (the service does it when it loads the DLL, before
 * any call), and points the FSP's imports the kit watches at api_watch's hooks (LOAD-3,
 * RECV-3), which report to `j`. FALSE when Windows refuses. */
BOOL service_provider_prepare(service_provider *sp, fsp_module *fsp, judge *j);

/* Creates the heap (if not yet) and calls FaxDevInitialize. Returns TRUE when the FSP accepted. */
BOOL service_provider_initialize(service_provider *sp, fsp_module *fsp, judge *j);

/* After a call into the FSP: is the private heap still sound? A corrupted heap is an
 * ERR-1 verdict naming the call (once per provider); FALSE from then on, and the host
 * no longer walks or destroys that heap (either could crash the host itself). */
BOOL service_provider_heap_intact(service_provider *sp, judge *j, const char *fn,
                                  const char *job);

/* The heap is one of the process's heaps still: an FSP may have destroyed it, and
 * validating or walking a destroyed heap would crash the host. */
BOOL heap_exists(HANDLE heap);
/* Busy blocks (and their bytes) on the FSP's private heap: what it has not freed. */
void heap_census(HANDLE heap, size_t *blocks, size_t *bytes);

/* END-1, per group: a job is about to call StartJob (the first of a group takes the
 * heap's snapshot), and a job is gone (EndJob returned and its packets are taken, or
 * StartJob failed). When the last of a group is gone, the blocks born meanwhile and
 * still there are judged (rule_jobs_leak), for the whole group. */
void service_provider_job_coming(service_provider *sp, const char *name);
void service_provider_job_gone(service_provider *sp, judge *j, BOOL ended);

/* FaxDevShutdown (if exported and initialized), leak check of the private heap,
 * FreeLibrary, HeapDestroy - in the order the service does them. */
void service_provider_shutdown(service_provider *sp, judge *j);
/* The same in two steps, for a caller with work between them (the ring port drains
 * after Shutdown but before the heap its packets could come from is destroyed). */
void service_provider_call_shutdown(service_provider *sp, judge *j);
void service_provider_unload(service_provider *sp);

#endif /* FAKE_FAXSVC_SERVICE_PROVIDER_H */
