/*
 * job.h - one fax job of the reference FSP, from FaxDevStartJob to FaxDevEndJob.
 *
 * The heart of the abort contract: ONE lock and ONE condition variable per job, both in
 * the job's line gate (line.h). FaxDevAbortOperation takes the lock, marks the job
 * aborted, cancels the line I/O in flight (CancelIoEx), signals and returns (ABORT-3).
 * Every line I/O of the job starts under the same lock after checking the mark, so an
 * abort can never slip between the check and the read. The job's status, which
 * FaxDevReportStatus reads from another thread (RPT-1), is kept under that lock too.
 */
#ifndef REFSP_JOB_H
#define REFSP_JOB_H

#include "faxdev.h"

#include "device.h"
#include "line.h"

#define REFSP_ID_CHARS 21               /* a T.30 station ID: 20 characters + NUL */

typedef struct refsp_job {
    line_gate gate;                     /* the job's lock, condition variable, abort mark */
    device *device;                     /* claimed in StartJob, given back in EndJob */
    HANDLE port;                        /* STAT-3: StartJob's completion port and key */
    ULONG_PTR key;
    BOOL line_broken;                   /* the line went away: reopen it after the job */
    /* The status as last posted, for FaxDevReportStatus (under gate.lock). */
    DWORD status_id, page, error_code;
    wchar_t csi[REFSP_ID_CHARS];        /* the called station's ID (a send) */
    wchar_t caller_id[REFSP_ID_CHARS];  /* the calling station's ID (a receive) */
} refsp_job;

/* StartJob: a job on the service heap (JOB-6), holding device `d`. NULL with the error
 * set (ERROR_BUSY: the device has a job; ERROR_NOT_ENOUGH_MEMORY). */
refsp_job *job_create(device *d, HANDLE port, ULONG_PTR key);
/* EndJob: gives the device back and frees the job (END-1). */
void job_destroy(refsp_job *job);

/* STAT-1..5: a zeroed FAX_DEV_STATUS from the service heap, SizeOfStruct set, posted
 * with its size on the job's port and key; remembered for ReportStatus. ErrorCode is
 * NO_ERROR for progress and the failure's Win32 code otherwise (DS-7). */
void job_post(refsp_job *job, DWORD status_id, DWORD page, DWORD error_code);
/* Posts the failure and returns FALSE with SetLastError(error) done last (ERR-2). */
BOOL job_fail(refsp_job *job, DWORD status_id, DWORD error);
/* Records the remote station's ID (CSI when sending, TSI when receiving). */
void job_set_remote_id(refsp_job *job, BOOL receiving, const char *id);

/* FaxDevReportStatus (RPT-3..8). */
BOOL job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);

/* FaxDevAbortOperation (ABORT-1..3): mark, cancel, signal, return. Any thread, any time
 * between StartJob and EndJob, as often as the service likes. */
void job_abort(refsp_job *job);

#endif /* REFSP_JOB_H */
