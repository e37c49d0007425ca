/*
 * service_job.h - one fax job as the service runs it (JOB-1..8): its own operation
 * thread calls FaxDevStartJob, then FaxDevSend or FaxDevReceive, then, at the end,
 * FaxDevReportStatus and FaxDevEndJob, in that order (JOB-4). Status packets arrive on
 * the job's completion port (status_port.h). Abort and explicit status reports come
 * from another thread, as the service does it (ABORT-2, RPT-1).
 *
 * The host never calls into a job after EndJob: its handle is dead (END-3).
 */
#ifndef FAKE_FAXSVC_SERVICE_JOB_H
#define FAKE_FAXSVC_SERVICE_JOB_H

#include <stdint.h>

#include "faxdev.h"
#include "injection.h"
#include "judge.h"
#include "service_provider.h"
#include "status_port.h"

typedef enum job_phase {
    JOB_NEW,
    JOB_START_FAILED,     /* StartJob returned FALSE: no EndJob follows (END-3) */
    JOB_STARTED,
    JOB_OPERATING,        /* inside FaxDevSend / FaxDevReceive */
    JOB_OPERATED,         /* the operation returned */
    JOB_ENDED
} job_phase;

typedef enum job_request { JOB_REQ_NONE, JOB_REQ_SEND, JOB_REQ_RECEIVE, JOB_REQ_END } job_request;

/* A string member of a report, read only where RPT-6 allows it (inside the block after
 * the struct, terminated there). */
typedef struct reported_string {
    BOOL set;                   /* not NULL, and readable inside the block */
    char text[128];             /* UTF-8; "" when it does not fit */
} reported_string;

typedef struct service_job {
    char name[32];
    service_provider *provider;
    judge *judge;
    DWORD device_id;
    ULONG_PTR key;
    HANDLE fax_handle;          /* what StartJob returned (JOB-5) */
    status_port status;
    HANDLE thread;              /* the operation thread (JOB-2) */
    HANDLE wake;                /* auto-reset: a request is waiting for the thread */
    HANDLE acknowledged;        /* auto-reset: the thread took the request / started */
    HANDLE operation_done;      /* manual-reset: Send/Receive returned */
    SRWLOCK lock;
    job_phase phase;
    job_request request;
    const char *operation;      /* "FaxDevSend" or "FaxDevReceive" */
    BOOL result;                /* what the operation returned */
    DWORD last_error;
    uint64_t operation_us;
    const char *in_call;        /* the FSP export the operation thread is inside, or NULL */
    BOOL thread_lost;           /* that thread ended inside a call (judged: ERR-1) */
    BOOL operation_entered;     /* FaxDevSend/Receive was called (JOB_OPERATING covers the
                                   moment just before too) */
    BOOL aborted;               /* FaxDevAbortOperation came while the operation ran */
    BOOL abort_before_return;   /* ... or at any time before it returned, even before the
                                   FSP entered it (RECV-5) */
    BOOL line_judged;           /* the modem line was judged after the operation
                                   (far_end.h) */
    DWORD status_at_abort;      /* the last FS_* in hand when it came (0: none) */
    ULONGLONG abort_returned_ms;  /* GetTickCount64() when the last abort returned */
    uint64_t operation_entered_us;  /* just before the operation's call, on the same clock */
    uint64_t operation_returned_us; /* the operation's return, on the abort's clock (0: not yet) */
    uint64_t abort_entered_us, abort_left_us; /* the first abort that met the operation
                                                 running: its call, on the same clock */
    ULONGLONG completed_after_abort_ms; /* the operation returned this long after it */
    job_phase abort_phase;      /* the phase the last abort came in (JOB_NEW: none) */
    DWORD final_status;         /* what the end-of-job ReportStatus said (0: not yet) */
    BOOL refuse_callback;       /* FaxSendCallback answers FALSE (SEND-6); set before the
                                   send, read by the callback on the FSP's thread */
    LONG callbacks_refused;     /* how many times it did (Interlocked) */
    injection *injection;       /* a race pass's host-side point, or NULL */
    wchar_t file[MAX_PATH];
    wchar_t number[64];
    long remote_calls_before;   /* modem-sim's outgoing calls ended before the send
                                   (`last-call`); -1: not asked (no modem-sim) */
    long remote_rings_before;   /* its incoming calls ended before an answered receive
                                   (`last-incoming`); -1: not asked */
    BOOL without_ring;          /* a `receive`: CallHandle NULL, no ring (RECV-5) */
    BOOL after_ring;            /* an `answer`: a virtual receive after the FSP's ring
                                   (STAT-6) */
    BOOL line_missing;          /* started after `line-missing`: its operation is judged by
                                   RETRY-4 at EndJob */
    int remote_called;          /* a call of modem-sim's remote ended during that receive:
                                   1, 0, -1 not known (far_end.c) */
    BOOL remote_id_known;       /* modem-sim reported this operation's call (DS-4) */
    char remote_id[64];         /* ... and the ID its remote gave the DTE ("" none) */
    /* the station strings the last ReportStatus gave (DS-4, DS-5, DS-6) */
    reported_string reported_csi, reported_caller_id, reported_routing;
    FAX_SEND send;
    void *receive_buffer;       /* FAX_RECEIVE + FAXDEVRECEIVE_SIZE, from the service */
    HCALL call_handle;          /* FaxDevReceive's CallHandle (0: none; see --ring-call-handle) */
} service_job;

/* Creates the job's port and thread; the thread calls FaxDevStartJob. Waits for it up
 * to timeout_ms. TRUE when StartJob returned TRUE. */
BOOL service_job_start(service_job *job, service_provider *provider, judge *j,
                       const char *name, DWORD device_id, ULONG_PTR key, DWORD timeout_ms);
/* FaxDevSend of `file` to `number` on the job's thread; returns once Send was entered. */
/* FaxDevSend on the job's thread; with `refuse_callback` every FaxSendCallback of the
 * send is answered FALSE, the service's "terminate the operation" (SEND-6). */
BOOL service_job_send(service_job *job, const wchar_t *file, const wchar_t *number,
                      BOOL refuse_callback);
/* FaxDevReceive into `file` (created here, as the service does: RECV-3) with
 * `call_handle` as its CallHandle (0 asks for a receive without a ring, RECV-5). */
BOOL service_job_receive(service_job *job, const wchar_t *file, HCALL call_handle);
/* Waits until the operation returned. FALSE on timeout. */
BOOL service_job_wait(service_job *job, DWORD timeout_ms);
/* FaxDevAbortOperation from this (another) thread, judged against ABORT-3 by order (it
 * must not wait for the operation to end); a return slower than slow_ms is a doubt.
 * FALSE when it never returned (hang guard, ERR-1): a thread is stuck inside the DLL,
 * and the caller must stop without unloading it. */
BOOL service_job_abort(service_job *job, DWORD slow_ms, DWORD hang_guard_ms);
/* FaxDevReportStatus with the size negotiation (RPT-3..7), from this thread. */
void service_job_report(service_job *job, const char *why);
/* Waits for the operation, then on the job's thread ReportStatus (RPT-2) and
 * FaxDevEndJob (END-1); joins the thread and closes the port. FALSE on a hang. */
BOOL service_job_end(service_job *job, DWORD timeout_ms);

#endif /* FAKE_FAXSVC_SERVICE_JOB_H */
