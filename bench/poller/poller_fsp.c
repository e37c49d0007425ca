/*
 * poller_fsp.c - make bench's yardstick: the reference FSP with SampleFSP's way of
 * aborting (docs/contract.md section 5) in place of its own. FaxDevAbortOperation only
 * sets a flag and returns; the operation looks at the flag when it starts and then every
 * 250 ms (SampleFSP's copy loop: Sleep(250), lock, check, one chunk), and only then
 * begins to end the call. Everything else - the modem session, the hang-up, the FS_*
 * mapping - is the reference FSP's, so bench/refsp_abort.bench measures the abort
 * mechanism alone: the same points, the same modem, the same run.
 *
 * Here a thread of the operation does the looking (the reference FSP's session has no
 * copy loop to put the check in); it then hands the abort to the session the reference
 * FSP's way. Not a conformance mutant: it breaks no clause (ABORT-3 asks only that the
 * call return at once), it is only slow.
 *
 * mutant-export: FaxDevAbortOperation=poller_abort
 * mutant-export: FaxDevSend=poller_send
 * mutant-export: FaxDevReceive=poller_receive
 * mutant-export: FaxDevEndJob=poller_end_job
 */
#include "faxdev.h"

#include "job.h"

#define POLL_MS 250         /* SampleFSP's Sleep(250) */
#define SLOTS 16            /* jobs at a time: more than the devices there can be */

/* The flags, by FaxHandle: the exports carry no other context (as provider.h says of
 * the reference FSP's own provider state). */
typedef struct poll_slot {
    HANDLE job;
    BOOL abort_asked;       /* FaxDevAbortOperation came */
    BOOL operation_over;    /* the operation returned: the looking thread ends */
} poll_slot;

static SRWLOCK slots_lock = SRWLOCK_INIT;
static poll_slot slots[SLOTS];

/* Under slots_lock: the job's slot, made on first use; NULL when all are taken. */
static poll_slot *slot_of(HANDLE job)
{
    poll_slot *free_slot = NULL;
    for (int i = 0; i < SLOTS; i++) {
        if (slots[i].job == job)
            return &slots[i];
        if (!slots[i].job && !free_slot)
            free_slot = &slots[i];
    }
    if (free_slot) {
        free_slot->job = job;
        free_slot->abort_asked = free_slot->operation_over = FALSE;
    }
    return free_slot;
}

BOOL WINAPI poller_abort(HANDLE FaxHandle)
{
    if (!FaxHandle) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    AcquireSRWLockExclusive(&slots_lock);
    poll_slot *slot = slot_of(FaxHandle);
    if (slot)
        slot->abort_asked = TRUE;   /* SampleFSP: state = ABORTING; nothing signalled */
    ReleaseSRWLockExclusive(&slots_lock);
    return TRUE;
}

/* The operation's look at the flag, every POLL_MS until the operation is over. */
static DWORD WINAPI look_every_250_ms(void *arg)
{
    HANDLE job = arg;
    for (;;) {
        Sleep(POLL_MS);
        AcquireSRWLockExclusive(&slots_lock);
        poll_slot *slot = slot_of(job);
        BOOL over = !slot || slot->operation_over;
        BOOL aborting = slot && slot->abort_asked;
        ReleaseSRWLockExclusive(&slots_lock);
        if (over)
            return 0;
        if (aborting) {
            job_abort((refsp_job *)job);   /* seen: now the session ends the call */
            return 0;
        }
    }
}

/* Runs one operation with the looking thread beside it. */
static BOOL polled(HANDLE job, BOOL (*operation)(HANDLE, void *, void *), void *a, void *b)
{
    AcquireSRWLockExclusive(&slots_lock);
    poll_slot *slot = slot_of(job);
    BOOL asked = slot && slot->abort_asked;
    ReleaseSRWLockExclusive(&slots_lock);
    if (asked)
        job_abort((refsp_job *)job);   /* SampleFSP checks the flag at entry */
    HANDLE looker = asked ? NULL : CreateThread(NULL, 0, look_every_250_ms, job, 0, NULL);
    BOOL ok = operation(job, a, b);
    DWORD error = GetLastError();
    AcquireSRWLockExclusive(&slots_lock);
    slot = slot_of(job);
    if (slot)
        slot->operation_over = TRUE;
    ReleaseSRWLockExclusive(&slots_lock);
    if (looker) {
        WaitForSingleObject(looker, INFINITE);
        CloseHandle(looker);
    }
    SetLastError(error);
    return ok;
}

static BOOL send_operation(HANDLE job, void *send, void *callback)
{
    return FaxDevSend(job, send, (PFAX_SEND_CALLBACK)callback);
}

static BOOL receive_operation(HANDLE job, void *call, void *receive)
{
    return FaxDevReceive(job, (HCALL)(ULONG_PTR)call, receive);
}

BOOL WINAPI poller_send(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK FaxSendCallback)
{
    if (!FaxHandle)
        return FaxDevSend(FaxHandle, FaxSend, FaxSendCallback);
    return polled(FaxHandle, send_operation, FaxSend, (void *)FaxSendCallback);
}

BOOL WINAPI poller_receive(HANDLE FaxHandle, HCALL CallHandle, PFAX_RECEIVE FaxReceive)
{
    if (!FaxHandle)
        return FaxDevReceive(FaxHandle, CallHandle, FaxReceive);
    return polled(FaxHandle, receive_operation, (void *)(ULONG_PTR)CallHandle, FaxReceive);
}

BOOL WINAPI poller_end_job(HANDLE FaxHandle)
{
    AcquireSRWLockExclusive(&slots_lock);
    for (int i = 0; i < SLOTS; i++)
        if (FaxHandle && slots[i].job == FaxHandle)
            slots[i].job = NULL;
    ReleaseSRWLockExclusive(&slots_lock);
    return FaxDevEndJob(FaxHandle);
}
