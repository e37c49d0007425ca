/*
 * vfsp_inbox.c - how vfsp.dll's virtual devices ring (VDEV-5..8), SampleFSP's way: a
 * listener thread watches a folder, %TEMP%\vfsp-inbox, and a TIFF arriving there is an
 * incoming fax. The listener posts one ring LINEMESSAGE on the VirtualDeviceCreation
 * port for it; FaxDevReceive then takes the oldest file. While a ring is unanswered no
 * other ring is posted, so one fax never rings twice.
 *
 * A file named "1-....tif" rings device 1; every other name rings device 0.
 *
 * The listener needs no heap (INIT-9: VirtualDeviceCreation may come before
 * Initialize); it runs from whichever of the two comes second until FaxDevShutdown.
 */
#include <string.h>
#include <wchar.h>

#include "vfsp.h"

/* The provider's listener: process-wide because the exports get no context. */
static struct {
    SRWLOCK lock;
    HANDLE port;            /* VirtualDeviceCreation's port and key */
    ULONG_PTR key;
    DWORD device_id_prefix;
    vfsp_ring_fn ring;      /* how a ring is allocated and posted (mutants change it) */
    BOOL initialized;       /* FaxDevInitialize returned TRUE */
    BOOL ringing;           /* a ring is posted and its fax not taken yet */
    HANDLE thread;
    HANDLE stop;
} inbox = {SRWLOCK_INIT, NULL, 0, 0, NULL, FALSE, FALSE, NULL, NULL};

static BOOL inbox_folder(wchar_t *dir, size_t count)
{
    DWORD n = GetTempPathW((DWORD)count, dir);
    if (n == 0 || n + 16 > count)
        return FALSE;
    wcscat(dir, L"vfsp-inbox");
    CreateDirectoryW(dir, NULL);
    return TRUE;
}

/* The oldest *.tif in the inbox (by creation time), or FALSE when there is none. */
static BOOL oldest_fax(wchar_t *path, size_t count, DWORD *device_index)
{
    wchar_t dir[MAX_PATH], pattern[MAX_PATH + 8];
    if (!inbox_folder(dir, MAX_PATH))
        return FALSE;
    _snwprintf(pattern, MAX_PATH + 8, L"%ls\\*.tif", dir);
    pattern[MAX_PATH + 7] = L'\0';
    WIN32_FIND_DATAW found, oldest;
    HANDLE search = FindFirstFileW(pattern, &found);
    if (search == INVALID_HANDLE_VALUE)
        return FALSE;
    oldest = found;
    while (FindNextFileW(search, &found))
        if (CompareFileTime(&found.ftCreationTime, &oldest.ftCreationTime) < 0)
            oldest = found;
    FindClose(search);
    _snwprintf(path, count, L"%ls\\%ls", dir, oldest.cFileName);
    path[count - 1] = L'\0';
    *device_index = wcsncmp(oldest.cFileName, L"1-", 2) == 0 ? 1 : 0;
    return TRUE;
}

/* VDEV-6, VDEV-7: LocalAlloc(LPTR) LINEMESSAGE, hDevice the device ID, RINGING. */
BOOL vfsp_ring_local(HANDLE port, ULONG_PTR key, DWORD device_id)
{
    LINEMESSAGE *message = LocalAlloc(LPTR, sizeof(*message));
    if (!message)
        return FALSE;
    message->hDevice = device_id;
    message->dwParam1 = LINEDEVSTATE_RINGING;
    if (PostQueuedCompletionStatus(port, sizeof(*message), key, (LPOVERLAPPED)message))
        return TRUE;
    LocalFree(message); /* not posted: still ours */
    return FALSE;
}

/* Rings once for the oldest waiting fax, unless a ring is already out. */
static void ring_if_fax_waiting(void)
{
    wchar_t path[MAX_PATH];
    DWORD index;
    if (!oldest_fax(path, MAX_PATH, &index))
        return;
    AcquireSRWLockExclusive(&inbox.lock);
    if (!inbox.ringing && inbox.port)
        inbox.ringing = inbox.ring(inbox.port, inbox.key, inbox.device_id_prefix + index);
    ReleaseSRWLockExclusive(&inbox.lock);
}

static DWORD WINAPI listen_for_faxes(void *arg)
{
    (void)arg;
    wchar_t dir[MAX_PATH];
    if (!inbox_folder(dir, MAX_PATH))
        return 1;
    HANDLE change = FindFirstChangeNotificationW(dir, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    if (change == INVALID_HANDLE_VALUE)
        return 1;
    HANDLE waits[2] = {inbox.stop, change};
    ring_if_fax_waiting(); /* a fax that arrived before the listener */
    while (WaitForMultipleObjects(2, waits, FALSE, INFINITE) == WAIT_OBJECT_0 + 1) {
        ring_if_fax_waiting();
        if (!FindNextChangeNotification(change))
            break;
    }
    FindCloseChangeNotification(change);
    return 0;
}

/* Starts the listener once both VirtualDeviceCreation and Initialize have run. */
static void start_listener_if_ready(void)
{
    wchar_t dir[MAX_PATH];
    if (!inbox.port || !inbox.initialized || inbox.thread || !inbox_folder(dir, MAX_PATH))
        return; /* the folder exists once Initialize returns: faxes can be dropped in */
    inbox.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (inbox.stop)
        inbox.thread = CreateThread(NULL, 0, listen_for_faxes, NULL, 0, NULL);
}

void vfsp_inbox_set_port(HANDLE port, ULONG_PTR key, DWORD device_id_prefix, vfsp_ring_fn ring)
{
    AcquireSRWLockExclusive(&inbox.lock);
    inbox.port = port;
    inbox.key = key;
    inbox.device_id_prefix = device_id_prefix;
    inbox.ring = ring;
    start_listener_if_ready();
    ReleaseSRWLockExclusive(&inbox.lock);
}

void vfsp_inbox_initialized(void)
{
    AcquireSRWLockExclusive(&inbox.lock);
    inbox.initialized = TRUE;
    start_listener_if_ready();
    ReleaseSRWLockExclusive(&inbox.lock);
}

BOOL vfsp_inbox_take(wchar_t *path, size_t count)
{
    DWORD index;
    return oldest_fax(path, count, &index);
}

void vfsp_inbox_taken(void)
{
    AcquireSRWLockExclusive(&inbox.lock);
    inbox.ringing = FALSE;
    ReleaseSRWLockExclusive(&inbox.lock);
    ring_if_fax_waiting(); /* the next fax rings now */
}

/* SHUT-1: the listener is joined before Shutdown returns; no ring after it. */
void vfsp_inbox_stop(void)
{
    AcquireSRWLockExclusive(&inbox.lock);
    HANDLE thread = inbox.thread, stop = inbox.stop;
    inbox.thread = inbox.stop = NULL;
    inbox.port = NULL;
    inbox.initialized = inbox.ringing = FALSE;
    ReleaseSRWLockExclusive(&inbox.lock);
    if (!thread)
        return;
    SetEvent(stop);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(stop);
}
