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

/* Allocates and posts one ring packet for device_id; TRUE when it was posted. */
typedef BOOL (*vfsp_ring_fn)(HANDLE port, ULONG_PTR key, DWORD device_id);

/* FaxDevVirtualDeviceCreation's work, with the way rings are posted as a parameter. */
BOOL vfsp_create_devices(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix, LPDWORD DeviceIdPrefix,
                         HANDLE CompletionPort, ULONG_PTR CompletionKey, vfsp_ring_fn ring);

/* vfsp_inbox.c: the devices' listener (incoming faxes are files in %TEMP%\vfsp-inbox). */
BOOL vfsp_ring_local(HANDLE port, ULONG_PTR key, DWORD device_id); /* the right way */
void vfsp_inbox_set_port(HANDLE port, ULONG_PTR key, DWORD device_id_prefix, vfsp_ring_fn ring);
void vfsp_inbox_initialized(void);
BOOL vfsp_inbox_take(wchar_t *path, size_t count); /* the fax to receive, if any */
void vfsp_inbox_taken(void);                       /* ... was received or dropped */
void vfsp_inbox_stop(void);

/* Posts a FAX_DEV_STATUS allocated from `heap` (the service's, unless a mutant lies). */
void vfsp_post_status(vfsp_job *job, HANDLE heap, DWORD status, DWORD page);
void vfsp_set_sending(vfsp_job *job, BOOL sending);
/* For the mutants' and variants' own sends: checks FaxDevSend's arguments and posts
 * FS_INITIALIZING and FS_DIALING; the job, or NULL with the last error set. */
vfsp_job *vfsp_send_begins(HANDLE fax_handle, const FAX_SEND *send);
/* Posts FS_USER_ABORT for `page`, sets ERROR_OPERATION_ABORTED, returns FALSE (ABORT-4). */
BOOL vfsp_send_aborted(vfsp_job *job, DWORD page);
/* The abort flag, read under the job's lock (for pollers, which are not woken). */
BOOL vfsp_abort_flag(vfsp_job *job);
/* Waits out `ms` of line time; returns FALSE at once when the job is aborted. */
BOOL vfsp_line_time_passes(vfsp_job *job, DWORD ms);

/* For the hostile mutants (vfsp_helper_process.c): starts rundll32 on this DLL's Linger
 * export (a mutant exports vfsp_linger under that name), a process that waits for ever. */
BOOL vfsp_start_helper_process(void);
void CALLBACK vfsp_linger(HWND window, HINSTANCE instance, LPSTR args, int show);

#endif /* VFSP_H */
