/*
 * injection.h - host-side injection points: places in the service's own code where a
 * race pass aims an abort without any modem (docs/scenarios.md, "race sweep").
 *
 * The thread that reaches an armed point signals `reached`. At the blocking points it
 * then waits until the aimed abort has returned (`proceed`), so the abort lands exactly
 * there: before FaxDevSend is entered, or while the FSP is inside FaxSendCallback.
 */
#ifndef FAKE_FAXSVC_INJECTION_H
#define FAKE_FAXSVC_INJECTION_H

#include <windows.h>

typedef enum injection_kind {
    INJECT_NONE,
    INJECT_BEFORE_OPERATION, /* operation thread: StartJob returned, Send/Receive not entered */
    INJECT_AFTER_PACKET,     /* the status watcher has taken packet K (does not block) */
    INJECT_IN_CALLBACK,      /* inside FaxSendCallback, on the FSP's own thread */
    INJECT_DURING_REPORT,    /* while FaxDevReportStatus runs on another thread */
    INJECT_BEFORE_END        /* the operation returned; EndJob not called yet */
} injection_kind;

typedef struct injection {
    injection_kind kind;
    unsigned packet;         /* INJECT_AFTER_PACKET: K, counted from 1 */
    HANDLE reached;          /* manual-reset: the point was reached */
    HANDLE proceed;          /* manual-reset: the abort is done; a blocked thread goes on */
} injection;

/* Creates the events. FALSE when Windows refuses. */
BOOL injection_arm(injection *in, injection_kind kind, unsigned packet);
/* Called where `kind` happens: when `in` is armed for it, signals and, at the blocking
 * points, waits for injection_release() (at most guard_ms, so a lost abort cannot
 * freeze the host). Does nothing for NULL or another kind. */
void injection_reach(injection *in, injection_kind kind, DWORD guard_ms);
/* The packet watcher's form: reaches INJECT_AFTER_PACKET when `count` is K. */
void injection_count_packet(injection *in, size_t count);
/* Lets a blocked thread go on. */
void injection_release(injection *in);
/* Releases and closes the events; `in` is zeroed. Safe twice. */
void injection_disarm(injection *in);

#endif /* FAKE_FAXSVC_INJECTION_H */
