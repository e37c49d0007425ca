/*
 * vfsp.dll - a known-good virtual test FSP that needs no modem.
 *
 * It lets the fake fax service (and the suite) exercise every job call before the
 * reference FSP can send through modem-sim. Its "line" is a clock: sending takes
 * PAGE_MS per page, and the pages are copied to %TEMP%\vfsp-outbox\<number>.tif when
 * the last one is done (SampleFSP's trick of sending to a folder). It honours the
 * contract the same way the reference FSP does: one lock and one condition variable
 * per job, FaxDevAbortOperation only flags and signals (ABORT-3), every packet from the
 * service's heap (STAT-2), every job allocation freed by EndJob (END-1).
 *
 * The receiving number picks the behaviour, so scenarios need no configuration:
 *   "<digits>"      send ceil(size/64 KiB) "pages" of PAGE_MS each (at least 1, at most 20)
 *   "9<digits>"     the same on a slow line, SLOW_PAGE_MS a page: an abort lands mid-page
 *   "" or no digit  FS_BAD_ADDRESS, FALSE (the FSP's own validation, RETRY-1)
 *
 * Receiving: a TIFF copied into %TEMP%\vfsp-inbox rings a device (vfsp_inbox.c);
 * FaxDevReceive "receives" it in PAGE_MS per 64 KiB page into FAX_RECEIVE.FileName.
 */
#include <stdio.h>
#include <wchar.h>

#include "vfsp.h"

#define PAGE_MS 200
#define SLOW_PAGE_MS 5000
#define VFSP_DEVICE_COUNT 2
#define VFSP_DEVICE_ID_PREFIX 0x7100

/* The service's heap from Initialize; every allocation comes from it (INIT-2). A DLL
 * has nowhere else to keep it: the exports get no context argument. */
HANDLE vfsp_service_heap;

static void *alloc_zeroed(size_t size)
{
    return vfsp_service_heap ? HeapAlloc(vfsp_service_heap, HEAP_ZERO_MEMORY, size) : NULL;
}

void vfsp_post_status(vfsp_job *job, HANDLE heap, DWORD status, DWORD page)
{
    AcquireSRWLockExclusive(&job->lock);
    job->status = status;
    job->page = page;
    ReleaseSRWLockExclusive(&job->lock);
    FAX_DEV_STATUS *packet = HeapAlloc(heap, HEAP_ZERO_MEMORY, sizeof(*packet));
    if (!packet)
        return;
    packet->SizeOfStruct = sizeof(*packet);
    packet->StatusId = status;
    packet->PageCount = page;
    PostQueuedCompletionStatus(job->port, sizeof(*packet), job->key, (LPOVERLAPPED)packet);
}

/* STAT-2..5: a zeroed FAX_DEV_STATUS from the service heap, posted with its size. */
static void post_status(vfsp_job *job, DWORD status, DWORD page)
{
    vfsp_post_status(job, vfsp_service_heap, status, page);
}

static void CALLBACK line_callback(HANDLE fax_handle, DWORD device, DWORD message,
                                   DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2, DWORD_PTR p3)
{
    (void)fax_handle; (void)device; (void)message; (void)instance; (void)p1; (void)p2; (void)p3;
}

BOOL vfsp_create_devices(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix, LPDWORD DeviceIdPrefix,
                         HANDLE CompletionPort, ULONG_PTR CompletionKey, vfsp_ring_fn ring)
{
    if (!DeviceCount || !DeviceNamePrefix || !DeviceIdPrefix || !CompletionPort) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *DeviceCount = VFSP_DEVICE_COUNT;
    wcscpy(DeviceNamePrefix, L"FSPKit test device ");
    *DeviceIdPrefix = VFSP_DEVICE_ID_PREFIX;
    /* VDEV-5: rings go to this port and key; INIT-9: no heap is needed for that. */
    vfsp_inbox_set_port(CompletionPort, CompletionKey, VFSP_DEVICE_ID_PREFIX, ring);
    return TRUE;
}

BOOL WINAPI FaxDevVirtualDeviceCreation(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix,
                                        LPDWORD DeviceIdPrefix, HANDLE CompletionPort,
                                        ULONG_PTR CompletionKey)
{
    return vfsp_create_devices(DeviceCount, DeviceNamePrefix, DeviceIdPrefix, CompletionPort,
                               CompletionKey, vfsp_ring_local);
}

BOOL WINAPI FaxDevInitialize(HLINEAPP LineAppHandle, HANDLE HeapHandle,
                             PFAX_LINECALLBACK *LineCallbackFunction,
                             PFAX_SERVICE_CALLBACK FaxServiceCallback)
{
    (void)LineAppHandle; (void)FaxServiceCallback;
    if (!HeapHandle || !LineCallbackFunction) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    vfsp_service_heap = HeapHandle;
    *LineCallbackFunction = line_callback;
    vfsp_inbox_initialized();
    return TRUE;
}

BOOL WINAPI FaxDevStartJob(HLINE LineHandle, DWORD DeviceId, PHANDLE FaxHandle,
                           HANDLE CompletionPortHandle, ULONG_PTR CompletionKey)
{
    (void)LineHandle; (void)DeviceId;
    if (!FaxHandle || !CompletionPortHandle) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    vfsp_job *job = alloc_zeroed(sizeof(*job));
    if (!job) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    InitializeSRWLock(&job->lock);
    InitializeConditionVariable(&job->changed);
    job->port = CompletionPortHandle;
    job->key = CompletionKey;
    *FaxHandle = (HANDLE)job;
    return TRUE;
}

BOOL vfsp_line_time_passes(vfsp_job *job, DWORD page_ms)
{
    ULONGLONG until = GetTickCount64() + page_ms;
    AcquireSRWLockExclusive(&job->lock);
    while (!job->aborted) {
        ULONGLONG now = GetTickCount64();
        if (now >= until)
            break;
        SleepConditionVariableSRW(&job->changed, &job->lock, (DWORD)(until - now), 0);
    }
    BOOL aborted = job->aborted;
    ReleaseSRWLockExclusive(&job->lock);
    return !aborted;
}

vfsp_job *vfsp_send_begins(HANDLE fax_handle, const FAX_SEND *send)
{
    vfsp_job *job = fax_handle;
    if (!job || !send) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    post_status(job, FS_INITIALIZING, 0);
    post_status(job, FS_DIALING, 0);
    return job;
}

BOOL vfsp_send_aborted(vfsp_job *job, DWORD page)
{
    post_status(job, FS_USER_ABORT, page);
    SetLastError(ERROR_OPERATION_ABORTED);
    return FALSE;
}

BOOL vfsp_abort_flag(vfsp_job *job)
{
    AcquireSRWLockShared(&job->lock);
    BOOL flag = job->aborted;
    ReleaseSRWLockShared(&job->lock);
    return flag;
}

static BOOL fail_with(vfsp_job *job, DWORD status, DWORD error)
{
    post_status(job, status, job->page);
    SetLastError(error);
    return FALSE;
}

static DWORD page_count_of(HANDLE file)
{
    LARGE_INTEGER size;
    if (!GetFileSizeEx(file, &size))
        return 1;
    LONGLONG pages = (size.QuadPart + 65535) / 65536;
    return pages < 1 ? 1 : pages > 20 ? 20 : (DWORD)pages;
}

static BOOL transmit(vfsp_job *job, const FAX_SEND *FaxSend, PFAX_SEND_CALLBACK callback,
                     DWORD pages);

static BOOL copy_to_outbox(const wchar_t *source, const wchar_t *number)
{
    wchar_t dir[MAX_PATH], target[MAX_PATH + 64];
    DWORD n = GetTempPathW(MAX_PATH, dir);
    if (n == 0 || n > MAX_PATH - 16)
        return FALSE;
    wcscat(dir, L"vfsp-outbox");
    CreateDirectoryW(dir, NULL);
    _snwprintf(target, MAX_PATH + 64, L"%ls\\%ls.tif", dir, number);
    target[MAX_PATH + 63] = L'\0';
    return CopyFileW(source, target, FALSE);
}

BOOL WINAPI FaxDevSend(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK FaxSendCallback)
{
    vfsp_job *job = FaxHandle;
    if (!job || !FaxSend || FaxSend->SizeOfStruct != sizeof(FAX_SEND) || !FaxSend->FileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    post_status(job, FS_INITIALIZING, 0);
    const wchar_t *number = FaxSend->ReceiverNumber ? FaxSend->ReceiverNumber : L"";
    if (!number[0] || wcsspn(number, L"0123456789") != wcslen(number))
        return fail_with(job, FS_BAD_ADDRESS, ERROR_INVALID_PARAMETER);
    HANDLE file = CreateFileW(FaxSend->FileName, GENERIC_READ, FILE_SHARE_READ, NULL,
                              OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return fail_with(job, FS_FATAL_ERROR, GetLastError());
    DWORD pages = page_count_of(file);
    CloseHandle(file);
    vfsp_set_sending(job, TRUE);
    BOOL ok = transmit(job, FaxSend, FaxSendCallback, pages);
    vfsp_set_sending(job, FALSE);
    return ok;
}

void vfsp_set_sending(vfsp_job *job, BOOL sending)
{
    AcquireSRWLockExclusive(&job->lock);
    job->sending = sending;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
}

static BOOL transmit(vfsp_job *job, const FAX_SEND *FaxSend, PFAX_SEND_CALLBACK callback,
                     DWORD pages)
{
    const wchar_t *number = FaxSend->ReceiverNumber;
    DWORD page_ms = number[0] == L'9' ? SLOW_PAGE_MS : PAGE_MS;
    post_status(job, FS_DIALING, 0);
    /* SEND-5..7: a virtual FSP need not call it; this one does, once the "call" is up,
     * with no TAPI call behind it (0), so hosts can exercise the callback. FALSE asks
     * for the send to end (SEND-6). */
    if (callback && !callback((HANDLE)job, 0, 0, 0))
        return fail_with(job, FS_USER_ABORT, ERROR_CANCELLED);
    if (!vfsp_line_time_passes(job, 0))
        return fail_with(job, FS_USER_ABORT, ERROR_OPERATION_ABORTED); /* ABORT-4 */
    for (DWORD page = 1; page <= pages; page++) {
        post_status(job, FS_TRANSMITTING, page);
        if (!vfsp_line_time_passes(job, page_ms))
            return fail_with(job, FS_USER_ABORT, ERROR_OPERATION_ABORTED); /* ABORT-4 */
    }
    if (!copy_to_outbox(FaxSend->FileName, number))
        return fail_with(job, FS_FATAL_ERROR, GetLastError());
    post_status(job, FS_COMPLETED, pages);
    return TRUE;
}

/* Copies the inbox fax into the service's file, which it created (RECV-3: OPEN_EXISTING). */
static BOOL store_fax(const wchar_t *source, const wchar_t *target)
{
    HANDLE in = CreateFileW(source, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (in == INVALID_HANDLE_VALUE)
        return FALSE;
    HANDLE out = CreateFileW(target, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    BOOL ok = out != INVALID_HANDLE_VALUE;
    char buffer[16384];
    DWORD got, put;
    while (ok && ReadFile(in, buffer, sizeof(buffer), &got, NULL) && got > 0)
        ok = WriteFile(out, buffer, got, &put, NULL) && put == got;
    if (ok)
        ok = SetEndOfFile(out);
    DWORD error = GetLastError();
    if (out != INVALID_HANDLE_VALUE)
        CloseHandle(out);
    CloseHandle(in);
    SetLastError(error);
    return ok;
}

/* RECV-6: the receiver's name and number go in the service's block after the FileName
 * string (FAXDEVRECEIVE_SIZE bytes follow the struct); left NULL if they do not fit. */
static void set_receiver(FAX_RECEIVE *request)
{
    static const wchar_t name[] = L"vfsp", number[] = L"0";
    const char *block = (const char *)(request + 1);
    wchar_t *at = request->FileName + wcslen(request->FileName) + 1;
    if ((const char *)request->FileName < block ||
        (const char *)(at + ARRAYSIZE(name) + ARRAYSIZE(number)) > block + FAXDEVRECEIVE_SIZE)
        return; /* not the service's layout: write nothing past what we know */
    wcscpy(at, name);
    request->ReceiverName = at;
    at += ARRAYSIZE(name);
    wcscpy(at, number);
    request->ReceiverNumber = at;
}

/* A virtual receive (VDEV-8): answer, take the pages at line speed, store the fax. */
static BOOL receive_fax(vfsp_job *job, const wchar_t *source, const wchar_t *target)
{
    post_status(job, FS_ANSWERED, 0);
    HANDLE file = CreateFileW(source, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    DWORD pages = file == INVALID_HANDLE_VALUE ? 1 : page_count_of(file);
    if (file != INVALID_HANDLE_VALUE)
        CloseHandle(file);
    for (DWORD page = 1; page <= pages; page++) {
        post_status(job, FS_RECEIVING, page);
        if (!vfsp_line_time_passes(job, PAGE_MS))
            return fail_with(job, FS_USER_ABORT, ERROR_OPERATION_ABORTED); /* ABORT-4 */
    }
    if (!store_fax(source, target))
        return fail_with(job, FS_FATAL_ERROR, GetLastError());
    post_status(job, FS_COMPLETED, pages);
    return TRUE;
}

BOOL WINAPI FaxDevReceive(HANDLE FaxHandle, HCALL CallHandle, PFAX_RECEIVE FaxReceive)
{
    (void)CallHandle; /* no TAPI call behind a virtual ring */
    vfsp_job *job = FaxHandle;
    if (!job) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!FaxReceive || FaxReceive->SizeOfStruct != sizeof(FAX_RECEIVE) || !FaxReceive->FileName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    wchar_t source[MAX_PATH];
    if (!vfsp_inbox_take(source, MAX_PATH)) /* RECV-5: nothing rang, nothing to answer */
        return fail_with(job, FS_LINE_UNAVAILABLE, ERROR_NOT_SUPPORTED);
    BOOL ok = receive_fax(job, source, FaxReceive->FileName);
    DWORD error = GetLastError();
    if (ok)
        set_receiver(FaxReceive);
    DeleteFileW(source); /* received or dropped: the call is over either way */
    vfsp_inbox_taken();
    SetLastError(error);
    return ok;
}

/* RPT-3..8: the size needed for a NULL/0 probe; the status, no strings. */
BOOL WINAPI FaxDevReportStatus(HANDLE FaxHandle, PFAX_DEV_STATUS FaxStatus,
                               DWORD FaxStatusSize, LPDWORD FaxStatusSizeRequired)
{
    vfsp_job *job = FaxHandle;
    if (!job) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!FaxStatusSizeRequired) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *FaxStatusSizeRequired = sizeof(FAX_DEV_STATUS);
    if (!FaxStatus && FaxStatusSize == 0)
        return TRUE;
    if (!FaxStatus || FaxStatusSize < sizeof(FAX_DEV_STATUS)) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    ZeroMemory(FaxStatus, sizeof(*FaxStatus));
    FaxStatus->SizeOfStruct = sizeof(*FaxStatus);
    AcquireSRWLockExclusive(&job->lock);
    FaxStatus->StatusId = job->status;
    FaxStatus->PageCount = job->page;
    ReleaseSRWLockExclusive(&job->lock);
    return TRUE;
}

/* ABORT-2, ABORT-3: flag, wake the operation, return at once. */
BOOL WINAPI FaxDevAbortOperation(HANDLE FaxHandle)
{
    vfsp_job *job = FaxHandle;
    if (!job) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    AcquireSRWLockExclusive(&job->lock);
    job->aborted = TRUE;
    WakeAllConditionVariable(&job->changed);
    ReleaseSRWLockExclusive(&job->lock);
    return TRUE;
}

/* END-1: everything StartJob allocated goes. */
BOOL WINAPI FaxDevEndJob(HANDLE FaxHandle)
{
    if (!FaxHandle) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    HeapFree(vfsp_service_heap, 0, FaxHandle);
    return TRUE;
}

HRESULT WINAPI FaxDevShutdown(void)
{
    vfsp_inbox_stop();
    vfsp_service_heap = NULL;
    return S_OK;
}
