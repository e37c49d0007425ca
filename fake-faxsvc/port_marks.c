/*
 * port_marks.c - the host's own messages on a completion port (see port_marks.h).
 */
#include "port_marks.h"

port_take port_marks_classify(const port_marks *m, BOOL ok, const OVERLAPPED *overlapped)
{
    if (!ok && !overlapped)
        return PORT_LOST;
    if (overlapped == &m->stop)
        return PORT_STOP;
    if (overlapped == &m->sync)
        return PORT_SYNC;
    return PORT_PACKET;
}

void port_marks_post_stop(port_marks *m, HANDLE port)
{
    PostQueuedCompletionStatus(port, 0, 0, &m->stop);
}

BOOL port_marks_sync_within(port_marks *m, HANDLE port, SRWLOCK *lock,
                            CONDITION_VARIABLE *seen, DWORD timeout_ms)
{
    unsigned ticket = ++m->syncs_posted;
    if (m->lost || !PostQueuedCompletionStatus(port, 0, 0, &m->sync)) {
        m->lost = TRUE;
        return FALSE;
    }
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    while (m->syncs_seen < ticket && !m->lost) {
        ULONGLONG now = GetTickCount64();
        if (timeout_ms != INFINITE && now >= deadline)
            return FALSE;
        SleepConditionVariableSRW(seen, lock, timeout_ms == INFINITE ? INFINITE
                                                                     : (DWORD)(deadline - now), 0);
    }
    return m->syncs_seen >= ticket;
}

void port_marks_sync(port_marks *m, HANDLE port, SRWLOCK *lock, CONDITION_VARIABLE *seen)
{
    port_marks_sync_within(m, port, lock, seen, INFINITE);
}

void port_marks_note(port_marks *m, port_take what, SRWLOCK *lock, CONDITION_VARIABLE *seen)
{
    AcquireSRWLockExclusive(lock);
    if (what == PORT_SYNC)
        m->syncs_seen++;
    else if (what == PORT_LOST)
        m->lost = TRUE;
    WakeAllConditionVariable(seen);
    ReleaseSRWLockExclusive(lock);
}
