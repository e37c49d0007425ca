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

void port_marks_sync(port_marks *m, HANDLE port, SRWLOCK *lock, CONDITION_VARIABLE *seen)
{
    unsigned ticket = ++m->syncs_posted;
    if (m->lost || !PostQueuedCompletionStatus(port, 0, 0, &m->sync)) {
        m->lost = TRUE;
        return;
    }
    while (m->syncs_seen < ticket && !m->lost)
        SleepConditionVariableSRW(seen, lock, INFINITE, 0);
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
