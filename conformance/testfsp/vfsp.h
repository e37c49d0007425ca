/*
 * vfsp.h - the inside of vfsp.dll that its mutants (conformance/testfsp/mutants/)
 * reuse: the job object and the packet poster. Not a public interface.
 */
#ifndef VFSP_H
#define VFSP_H

#include "faxdev.h"

typedef struct vfsp_job {
    SRWLOCK lock;
    CONDITION_VARIABLE changed;  /* aborted or sending changed */
    BOOL aborted;                /* set by AbortOperation, under lock */
    BOOL sending;                /* FaxDevSend is transmitting */
    HANDLE port;                 /* StartJob's completion port and key (STAT-3) */
    ULONG_PTR key;
    DWORD status;                /* last FS_* posted, for ReportStatus */
    DWORD page;
} vfsp_job;

extern HANDLE vfsp_service_heap;

/* Posts a FAX_DEV_STATUS allocated from `heap` (the service's, unless a mutant lies). */
void vfsp_post_status(vfsp_job *job, HANDLE heap, DWORD status, DWORD page);
void vfsp_set_sending(vfsp_job *job, BOOL sending);

#endif /* VFSP_H */
