/*
 * job.h - one fax job of the reference FSP, from FaxDevStartJob to FaxDevEndJob.
 *
 * The heart of the abort contract: ONE lock and ONE condition variable per job. Every
 * wait of the job's operation is a wait on that condition variable for "data, abort or
 * deadline": the line's reader thread (device.c) puts the modem's bytes into the job's
 * inbox under the lock and wakes it; FaxDevAbortOperation takes the lock, moves the job
 * to ABORTING, wakes it, unlocks and returns (ABORT-3). Nothing polls, nothing sleeps,
 * and no read has to be cancelled. The job's state (the diagram is at the top of job.c),
 * its inbox and its status, which FaxDevReportStatus reads from another thread (RPT-1),
 * are all kept under that lock.
 */
#ifndef REFSP_JOB_H
#define REFSP_JOB_H

#include "faxdev.h"

#include "device.h"
#include "line.h"

#define REFSP_ID_CHARS 21               /* a T.30 station ID: 20 characters + NUL */
#define JOB_INBOX_BYTES 8192            /* modem bytes the job has not read yet */

typedef enum job_state {
    JOB_READY,          /* StartJob is done: the job has the line, no operation yet */
    JOB_ABORTED_EARLY,  /* aborted before its operation began: it will not begin */
    JOB_RUNNING,        /* Send or Receive is talking to the modem */
    JOB_ABORTING,       /* aborted: the line refuses the session's I/O until it hangs up */
    JOB_HANGING_UP,     /* the session saw the abort and ends the call (I/O allowed;
                         * another abort changes nothing: the call must come down) */
    JOB_DONE            /* Send or Receive returned */
} job_state;

typedef struct refsp_job {
    SRWLOCK lock;                       /* THE lock: guards every member below it */
    CONDITION_VARIABLE changed;         /* THE condition variable: state, inbox, line */
    job_state state;
    unsigned char inbox[JOB_INBOX_BYTES]; /* from the reader thread, not read yet */
    size_t inbox_len;
    BOOL line_lost;                     /* the reader found the line gone */
    line *writing;                      /* the line a write is blocked on, or NULL */
    /* The status as last posted, for FaxDevReportStatus. */
    DWORD status_id, page, error_code;
    wchar_t csi[REFSP_ID_CHARS];        /* the remote's ID: its CSI (send), TSI (receive); DS-4 */
    wchar_t caller_id[REFSP_ID_CHARS];  /* the calling station's ID (a receive) */
    /* Set by StartJob before the handle is handed out; never changed: no lock needed. */
    device *device;                     /* claimed in StartJob, given back in EndJob */
    HANDLE port;                        /* STAT-3: StartJob's completion port and key */
    ULONG_PTR key;
} refsp_job;

/* StartJob: a job on the service heap (JOB-6), holding device `d`. NULL with the error
 * set (ERROR_BUSY: the device has a job; ERROR_NOT_ENOUGH_MEMORY). */
refsp_job *job_create(device *d, HANDLE port, ULONG_PTR key);
/* EndJob: gives the device back and frees the job (END-1). */
void job_destroy(refsp_job *job);

/* Send/Receive begin: READY -> RUNNING, TRUE. FALSE when the job was aborted before
 * (ABORTED_EARLY -> DONE): the operation must not touch the line (ABORT-1). */
BOOL job_begin_operation(refsp_job *job);
/* Send/Receive return: -> DONE. TRUE when the line must be opened afresh after the job
 * (the reader found it gone). */
BOOL job_end_operation(refsp_job *job);

/* FaxDevAbortOperation (ABORT-1..3): lock, move the state, cancel a write that may be
 * blocked, wake, unlock. Any thread, any time between StartJob and EndJob, as often as
 * the service likes. */
void job_abort(refsp_job *job);
/* TRUE once the job was aborted (before or during its operation): for work that is no
 * wait, such as checking a document's pages, and so cannot be woken. */
BOOL job_is_aborted(refsp_job *job);
/* The session saw the abort (a read or write said LINE_ABORTED) and now hangs up:
 * ABORTING -> HANGING_UP, so its I/O goes through again until the call is down. */
void job_begin_hangup(refsp_job *job);

/* STAT-1..5: a zeroed FAX_DEV_STATUS from the service heap, SizeOfStruct set, posted
 * with its size on the job's port and key; remembered for ReportStatus. ErrorCode is
 * NO_ERROR for progress and the failure's Win32 code otherwise (DS-7). */
void job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
/* Posts the failure (with the page last posted) and returns FALSE with
 * SetLastError(error) done last (ERR-2). */
BOOL job_fail(refsp_job *job, DWORD status_id, DWORD error);
/* Records the remote station's ID (CSI when sending, TSI when receiving). */
void job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);

/* FaxDevReportStatus (RPT-3..8). */
BOOL job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

/* --- the job's line (job_line.c) --------------------------------------------------------- */

/* Waits on the job's condition variable until the inbox has bytes, the job is aborted,
 * the line is gone or timeout_ms passed; takes up to `size` bytes. LINE_OK, LINE_TIMEOUT
 * (nothing came; timeout 0 answers at once), LINE_ABORTED, LINE_CLOSED. */
line_status job_read(refsp_job *job, void *buf, size_t size, size_t *got, DWORD timeout_ms);
/* Writes `size` bytes within timeout_ms. *written says how many went, whatever the
 * status: LINE_ABORTED when the job was aborted before the first byte or the abort cut
 * the write short. */
line_status job_write(refsp_job *job, line *ln, const void *data, size_t size,
                      size_t *written, DWORD timeout_ms);
/* The line's reader thread (device.c): bytes from the modem, and the line gone. */
void job_deliver(refsp_job *job, const unsigned char *bytes, size_t size);
void job_line_gone(refsp_job *job);

#endif /* REFSP_JOB_H */
