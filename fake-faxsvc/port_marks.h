/*
 * port_marks.h - the host's own messages on a completion port it gives the FSP (a job's
 * status port, the ring port): "stop" and "sync" for its watcher thread.
 *
 * They are told apart from the FSP's packets by their OVERLAPPED pointer - the address
 * of a marker inside the host's own port object - never by a completion key: a DLL that
 * posts on a key it was not given (a NULL packet on some fixed key, say) must be judged
 * as the packet it is, not stop the watcher or fool its sync (issue 13).
 *
 * The watcher waits on a handle of its own (a duplicate), so that an FSP that closes the
 * handle it was given cannot leave the watcher waiting for ever (Wine does not wake a
 * thread waiting on a completion port when another thread closes the handle: measured,
 * Wine 8.0). Syncs go through the FSP's handle: one that cannot be posted to any more
 * sets `lost`, and the port's owner gives the verdict.
 */
#ifndef FAKE_FAXSVC_PORT_MARKS_H
#define FAKE_FAXSVC_PORT_MARKS_H

#include <windows.h>

typedef struct port_marks {
    OVERLAPPED stop, sync;      /* only their addresses matter */
    unsigned syncs_posted;      /* under the port's lock */
    unsigned syncs_seen;
    BOOL lost;                  /* the port went away under the watcher */
} port_marks;

typedef enum port_take { PORT_PACKET, PORT_STOP, PORT_SYNC, PORT_LOST } port_take;

/* What GetQueuedCompletionStatus returned: the FSP's packet, or one of the host's marks,
 * or the end of the port (it failed without a packet). */
port_take port_marks_classify(const port_marks *m, BOOL ok, const OVERLAPPED *overlapped);
/* Posts "stop" for the watcher. */
void port_marks_post_stop(port_marks *m, HANDLE port);
/* Posts a sync mark through `port` (the FSP's handle) and returns once the watcher has
 * taken everything posted before (the port is FIFO); returns at once, with `lost` set,
 * when `port` cannot be posted to. Called and returns with `lock` held exclusively;
 * `seen` is woken by the watcher (port_marks_note) under the lock. */
void port_marks_sync(port_marks *m, HANDLE port, SRWLOCK *lock, CONDITION_VARIABLE *seen);
/* The same, waiting at most timeout_ms (the watcher may be busy with a flood). TRUE when
 * everything posted before was taken. */
BOOL port_marks_sync_within(port_marks *m, HANDLE port, SRWLOCK *lock,
                            CONDITION_VARIABLE *seen, DWORD timeout_ms);
/* The watcher's side: a sync mark taken, or the port lost (TRUE: the watcher ends). */
void port_marks_note(port_marks *m, port_take what, SRWLOCK *lock, CONDITION_VARIABLE *seen);

#endif /* FAKE_FAXSVC_PORT_MARKS_H */
