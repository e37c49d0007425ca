/*
 * Mutant status_kept_per_device: the status FaxDevReportStatus gives is the device's,
 * not the job's - a job that has posted nothing yet reports what the device's last job
 * ended with. A job started after a send and ended without an operation reports that
 * send's FS_COMPLETED: a status it never posted, another operation's. Breaks RPT-7 (fill
 * every member with the operation's status).
 *
 * mutant-link: -Wl,--wrap=job_report -Wl,--wrap=job_destroy
 * breaks: RPT-7 FAIL
 */
#include "config.h"
#include "job.h"

BOOL __real_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required);
void __real_job_destroy(refsp_job *job);
void __wrap_job_destroy(refsp_job *job);

/* The device's last status, by device: what the vendor keeps instead of a job's. */
static struct {
    const device *device;
    DWORD status_id;
} kept[REFSP_MAX_DEVICES];

static DWORD kept_for(const device *d)
{
    for (size_t i = 0; i < REFSP_MAX_DEVICES; i++)
        if (kept[i].device == d)
            return kept[i].status_id;
    return 0;
}

void __wrap_job_destroy(refsp_job *job)
{
    for (size_t i = 0; i < REFSP_MAX_DEVICES; i++)
        if (kept[i].device == job->device || !kept[i].device) {
            kept[i].device = job->device;
            kept[i].status_id = job->status_id;
            break;
        }
    __real_job_destroy(job);
}

BOOL __wrap_job_report(refsp_job *job, PFAX_DEV_STATUS status, DWORD size, LPDWORD required)
{
    BOOL ok = __real_job_report(job, status, size, required);
    if (ok && status && status->StatusId == 0) /* the breach: the device's, not the job's */
        status->StatusId = kept_for(job->device);
    return ok;
}
