/*
 * fsp_clauses.c - the clause table (see include/fsp_clauses.h).
 *
 * Texts are the one-sentence clauses of shared/fsp-contract.md section 4 with the
 * source keys dropped; keep the two in step when the contract reading changes.
 */
#include "fsp_clauses.h"

#include <string.h>

static const fsp_clause clauses[] = {
    {"EXP-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevInitialize, FaxDevStartJob, FaxDevEndJob, FaxDevSend, FaxDevReceive, FaxDevReportStatus and FaxDevAbortOperation are required exports."},
    {"EXP-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevVirtualDeviceCreation is optional; exporting it declares a virtual-device FSP."},
    {"EXP-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevShutdown is optional and returns HRESULT."},
    {"EXP-4", CLAUSE_OUR_READING, CLAUSE_FSP,
     "The service looks exports up by their plain names, so an x86 FSP must export undecorated names (FaxDevSend, not _FaxDevSend@12), as SampleFSP's .def file does. (our reading)"},
    {"EXP-5", CLAUSE_OUR_READING, CLAUSE_FSP,
     "FaxDevConfigure is declared in the header but absent from the documented function list; an FSP need not export it, and a host must not require it. (our reading)"},
    {"LOAD-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP must be built for Unicode: every string parameter is LPWSTR and the service passes Unicode strings only."},
    {"LOAD-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "From Windows Server 2003 on, FSPs are loaded into a provider subsystem running as NetworkService, not in-process as LocalSystem."},
    {"LOAD-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A hosted FSP cannot create or open folders under the WINDOWS directory (including Windows\\Temp) and must not ask for KEY_ALL_ACCESS on registry keys."},
    {"LOAD-4", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service wraps every call into the FSP in try/except; an exception counts as a failed call, as if the function had returned FALSE."},
    {"LOAD-5", CLAUSE_ADVICE, CLAUSE_FSP,
     "FSPs are advised to use try/except themselves to catch and handle errors."},
    {"LOAD-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "An FSP that presents physical devices must also supply a TAPI service provider (TSP); a virtual-device FSP needs none."},
    {"LOAD-7", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "All UI and all configuration storage are the FSP's responsibility."},
    {"REG-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "FaxRegisterServiceProvider(DeviceProvider, FriendlyName, ImageName, TspName) takes a unique internal name (a GUID string is suggested), a display name, the DLL path (environment variables allowed) and the TSP name, which is an empty string for virtual devices."},
    {"REG-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "Registration and unregistration need administrator rights and take effect only after the fax service restarts."},
    {"INIT-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service calls FaxDevInitialize every time it starts, after loading the DLL."},
    {"INIT-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "HeapHandle is a private heap the service creates for this FSP when it loads the DLL; the FSP must make all its memory allocations from it."},
    {"INIT-3", CLAUSE_ADVICE, CLAUSE_FSP,
     "The FSP should route all allocations through private wrappers around HeapAlloc/HeapFree with that handle."},
    {"INIT-4", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service destroys the private heap when it unloads the DLL."},
    {"INIT-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP must write the address of its FaxLineCallback into *LineCallbackFunction."},
    {"INIT-6", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "FaxServiceCallback is currently unused by the service."},
    {"INIT-7", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "LineAppHandle is the service's TAPI registration (from lineInitializeEx)."},
    {"INIT-8", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "If FaxDevInitialize returns FALSE, this service instance does not use the FSP and none of its devices can send or receive; the service reads GetLastError."},
    {"INIT-9", CLAUSE_OUR_READING, CLAUSE_FSP,
     "For a virtual FSP, FaxDevVirtualDeviceCreation runs before FaxExtInitializeConfig, which otherwise precedes every other initialization call; so VirtualDeviceCreation may run before FaxDevInitialize and must not rely on HeapHandle (our reading)."},
    {"VDEV-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "During initialization the service looks for the FaxDevVirtualDeviceCreation export; if present it assumes the FSP presents virtual devices."},
    {"VDEV-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "*DeviceCount receives the number of virtual devices; zero makes the provider's initialization fail."},
    {"VDEV-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "DeviceNamePrefix is a caller buffer of 128 WCHARs that receives a NUL-terminated name prefix; the service appends a number to form each device name."},
    {"VDEV-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "*DeviceIdPrefix must receive a nonzero unique value; device IDs are that value plus 0, 1, 2 ..."},
    {"VDEV-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The port and key given to VirtualDeviceCreation are for asynchronous line events, and the only event supported is an incoming call (ring)."},
    {"VDEV-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A ring packet is a LINEMESSAGE allocated with LocalAlloc(LPTR, sizeof(LINEMESSAGE)), posted with dwNumberOfBytesTransferred = sizeof(LINEMESSAGE), and freed by the service."},
    {"VDEV-7", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Ring packet fields: hDevice = the device ID, dwMessageID = 0, dwCallbackInstance = 0, dwParam1 = LINEDEVSTATE_RINGING, dwParam2 = 0, and the last parameter 0 (the page says dwParam1 twice; we read it as dwParam3)."},
    {"VDEV-8", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "A ring packet on the VirtualDeviceCreation port/key makes the service call FaxDevStartJob and then FaxDevReceive."},
    {"VDEV-9", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "After initialization the service treats virtual and physical devices alike; sending needs no special step and the service picks the device with the highest send priority."},
    {"VDEV-10", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service talks to virtual FSPs with service-generated logical device IDs, and to TAPI FSPs with TAPI permanent line IDs."},
    {"JOB-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "A job is a set of operations, each a send or a receive."},
    {"JOB-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service calls FaxDevStartJob at the start of each job and once per operation, because each operation runs on its own thread."},
    {"JOB-3", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "StartJob comes just before FaxDevSend for a send and just before FaxDevReceive for a receive."},
    {"JOB-4", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "On one thread the service calls, in order: StartJob, Send or Receive, ReportStatus, EndJob."},
    {"JOB-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "StartJob must set *FaxHandle to a meaningful value, usually a pointer to job-specific instance data."},
    {"JOB-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP must allocate instance data per operation, so that it stays thread-safe, and free it when the operation ends."},
    {"JOB-7", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "StartJob receives the open line (LineHandle), the TAPI line device ID (DeviceId), and the completion port and key for this job's status packets."},
    {"JOB-8", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "StartJob is where the FSP may perform call setup."},
    {"STAT-1", CLAUSE_ADVICE, CLAUSE_FSP,
     "The FSP should post a completion packet whenever its status changes, for example when it finishes sending or receiving pages."},
    {"STAT-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A status packet must be a FAX_DEV_STATUS allocated from the heap passed to FaxDevInitialize."},
    {"STAT-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Post with PostQueuedCompletionStatus(CompletionPortHandle, <bytes allocated>, CompletionKey, (LPOVERLAPPED)packet), using the port and key from FaxDevStartJob."},
    {"STAT-4", CLAUSE_OUR_READING, CLAUSE_FSP,
     "The service frees the packet; the FSP must not touch it after posting (our reading of \"the service frees\")."},
    {"STAT-5", CLAUSE_SAMPLE_CONVENTION, CLAUSE_FSP,
     "Microsoft's example sets SizeOfStruct = sizeof(FAX_DEV_STATUS), zero-fills with HEAP_ZERO_MEMORY, and posts exactly sizeof(FAX_DEV_STATUS) bytes."},
    {"STAT-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "For a virtual receive, the FSP keeps posting FAX_DEV_STATUS packets on the StartJob port/key until the service calls FaxDevEndJob."},
    {"STAT-7", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "Packets are posted so the service need not poll FSPs for status."},
    {"RPT-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The service may call ReportStatus asynchronously, on a thread independent of the operation, so the FSP must synchronize."},
    {"RPT-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service also calls ReportStatus synchronously at the end of each job and after a failed operation."},
    {"RPT-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "If FaxStatus is NULL and FaxStatusSize is 0, the FSP must compute the bytes needed and store them in *FaxStatusSizeRequired."},
    {"RPT-4", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service then allocates the memory and calls again with the buffer pointer and its size."},
    {"RPT-5", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service's buffer is sizeof(FAX_DEV_STATUS) + FAXDEVREPORTSTATUS_SIZE bytes."},
    {"RPT-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The strings CSI, CallerId and RoutingInfo go in the block right after the struct, and the three members point into that block."},
    {"RPT-7", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP must fill every member with the operation's status, or set members to zero."},
    {"RPT-8", CLAUSE_SAMPLE_CONVENTION, CLAUSE_FSP,
     "On a buffer that is too small, SampleFSP fails with ERROR_INSUFFICIENT_BUFFER; this is a sample convention, not a documented rule."},
    {"RPT-9", CLAUSE_UNCONFIRMED, CLAUSE_FSP,
     "FaxHandle is marked OPTIONAL in H, but what a NULL handle means is UNCONFIRMED; SampleFSP rejects NULL with ERROR_INVALID_HANDLE."},
    {"DS-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "StatusId holds a predefined FS_* code, a TAPI LINEERR_* code, or a provider-defined value."},
    {"DS-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A provider-defined StatusId needs StringId, a string resource ID that the service loads from the FSP's image; for predefined codes StringId is ignored."},
    {"DS-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "PageCount is the number of the page being processed, counting from 1."},
    {"DS-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "CSI is the remote device's CSID on a send and the remote device's TSID on a receive."},
    {"DS-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "CallerId identifies the calling device and may include its number."},
    {"DS-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "RoutingInfo has the form Canonical-Phone-Number[|Additional-Routing-Info]; DID digits are appended to the number prefix."},
    {"DS-7", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "ErrorCode is a Win32 error code and must be NO_ERROR while running and after a normal finish."},
    {"DS-8", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Reserved[3] must be zero."},
    {"RETRY-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "FS_BAD_ADDRESS, FS_CALL_BLACKLISTED and FS_USER_ABORT stop all retries."},
    {"RETRY-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "FS_LINE_UNAVAILABLE after the service lost the device (TAPI LINE_CLOSE) triggers an immediate retry once the device is back online."},
    {"RETRY-3", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "Every other code leaves retries to the service."},
    {"RETRY-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "If the FSP cannot get the line it was given, it returns FALSE from Send/Receive and reports FS_LINE_UNAVAILABLE; the service then picks another line and retries."},
    {"SEND-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "On FaxDevSend the FSP must place the call, send the data and end the call."},
    {"SEND-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP dials FAX_SEND.ReceiverNumber."},
    {"SEND-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Inside FaxDevSend the FSP owns the line and must handle all protocol and error correction; it may call lineSetMediaMode."},
    {"SEND-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FAX_SEND.FileName is the full path of a TIFF Class F file holding the document."},
    {"SEND-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Once the call is established, the FSP must call FaxSendCallback(FaxHandle, CallHandle, 0, 0) to give the service the TAPI call handle; without it the FSP misses all call events for this send."},
    {"SEND-6", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxSendCallback returns TRUE to continue and FALSE to have the operation terminated."},
    {"SEND-7", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A virtual FSP need not call FaxSendCallback."},
    {"SEND-8", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "On success FaxDevSend returns TRUE and ReportStatus gives FS_COMPLETED."},
    {"SEND-9", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "On failure FaxDevSend returns FALSE and ReportStatus gives FS_LINE_UNAVAILABLE, FS_NO_ANSWER, FS_NO_DIAL_TONE, FS_DISCONNECTED, FS_BUSY, FS_NOT_FAX_CALL or FS_FATAL_ERROR for a retryable failure; any other code means \"do not re-send\"."},
    {"SEND-10", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "CallerNumber is also the TSID; the FSP may reformat CallerName/CallerNumber to send as an identifier or to brand pages."},
    {"SEND-11", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "Branding is \"reserved\"; CallHandle is reserved and must be NULL; Reserved[3] must be zero."},
    {"RECV-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "For physical devices the service calls FaxDevReceive after a line rings and the call is in the offering state."},
    {"RECV-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP must accept the call through TAPI, receive the data stream and store it in FAX_RECEIVE.FileName as TIFF Class F."},
    {"RECV-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The service creates that file before the call, and the FSP must open it with OPEN_EXISTING."},
    {"RECV-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The FSP uses CallHandle for all call operations but must never close it."},
    {"RECV-5", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "A NULL CallHandle asks the FSP to receive without a ring (answer-then-detect, or fax polling); an FSP that cannot do this must fail the call."},
    {"RECV-6", CLAUSE_ADVICE, CLAUSE_FSP,
     "The FSP should set ReceiverName and ReceiverNumber, placing the strings in the service's block after the FileName string that follows the struct, with the members pointing there."},
    {"RECV-7", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service attempts to restore a partially received fax if the FSP reports any status other than FS_USER_ABORT; after FS_USER_ABORT it discards the partial fax."},
    {"ABORT-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevAbortOperation asks the FSP to end the active send or receive of the job named by FaxHandle."},
    {"ABORT-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The service calls it asynchronously, on a thread independent of the operation, so the FSP must synchronize."},
    {"ABORT-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "It must return as soon as it has posted the abort request and must not wait for the operation to end."},
    {"ABORT-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "An operation cancelled this way reports FS_USER_ABORT (the FSP may also offer its own cancel UI)."},
    {"ABORT-5", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "FS_USER_ABORT stops retries (RETRY-1) and discards partial receives (RECV-7)."},
    {"END-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The service calls FaxDevEndJob after the last operation of a job, and the FSP frees the job data allocated in StartJob."},
    {"END-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "EndJob is called even when the operation was ended by FaxDevAbortOperation."},
    {"END-3", CLAUSE_OUR_READING, CLAUSE_FSP,
     "Every successful StartJob is matched by exactly one EndJob with the same handle, and the handle is dead after EndJob (our reading)."},
    {"SHUT-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevShutdown, if exported, is called just before the service unloads the DLL, and the FSP frees the global resources from FaxDevInitialize."},
    {"SHUT-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "FaxDevShutdown returns HRESULT (S_OK or E_FAIL), not BOOL."},
    {"SHUT-3", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service unloads the DLL even when FaxDevShutdown fails."},
    {"LINE-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service calls the FSP's FaxLineCallback to deliver TAPI events; FaxHandle is the handle from StartJob, hDevice is a line or call handle depending on dwMessage, and dwInstance is reserved."},
    {"LINE-2", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "For a virtual device, the service calls FaxLineCallback whenever a user enables or disables sending or receiving on a device, once for EACH virtual device of the FSP (even if only one changed): FaxHandle NULL, hDevice the virtual device ID (DeviceIdPrefix + index), dwMessage LINE_DEVSPECIFIC, dwInstance 0, dwParam1 nonzero when receiving is enabled, dwParam2 nonzero when sending is enabled, dwParam3 0. An FSP may start or stop watching for incoming calls on it (SampleFSP starts its ring watcher only then)."},
    {"ERR-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Every BOOL function returns nonzero on success and zero on failure; the service then calls GetLastError. [LASTERR][each nf page]"},
    {"ERR-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "On failure the FSP must call SetLastError right away, because any later Win32 call may overwrite the code."},
    {"IMG-1", CLAUSE_DOCUMENTED, CLAUSE_SERVICE,
     "The service creates all fax documents as TIFF Class F files based on TIFF 6.0."},
    {"IMG-2", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "Microsoft requires MMR compression (CCITT Group 4, two-dimensional) for these files."},
    {"IMG-3", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The TIFF byte order must match the CPU's, i.e. little-endian (\"II\") on x86/x64."},
    {"IMG-4", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "RowsPerStrip must be 1, because the service cannot transmit image strips."},
    {"IMG-5", CLAUSE_UNCONFIRMED, CLAUSE_FSP,
     "Generic TIFF-F (RFC, not Microsoft) allows Compression 3 (T.4 MH/MR) or 4 (T.6 MMR), XResolution 204, YResolution 98 or 196 dpi and a width of 1728 pixels; whether the Microsoft service uses exactly these values is UNCONFIRMED."},
    /* Not a clause of the contract: the kit's own. A scenario's expect statements are
     * judged under it; the kit's standard scenarios expect only what documented
     * clauses say (each scenario names them in its comments). */
    {"SCN-1", CLAUSE_DOCUMENTED, CLAUSE_FSP,
     "The DLL does what the scenario's expect statements say; they state documented clauses for the situation the scenario sets up."},
};

const fsp_clause *fsp_clause_table(size_t *count)
{
    *count = sizeof(clauses) / sizeof(clauses[0]);
    return clauses;
}

const fsp_clause *fsp_clause_find(const char *id)
{
    for (size_t i = 0; i < sizeof(clauses) / sizeof(clauses[0]); i++)
        if (strcmp(clauses[i].id, id) == 0)
            return &clauses[i];
    return NULL;
}

verdict_level fsp_clause_violation_level(const fsp_clause *clause)
{
    return clause->strength == CLAUSE_DOCUMENTED ? VERDICT_FAIL : VERDICT_WARN;
}

static const char *const level_names[] = {"PASS", "INFO", "WARN", "FAIL"};

const char *verdict_level_name(verdict_level level)
{
    return level_names[level];
}

int verdict_level_from_name(const char *name, verdict_level *level)
{
    for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
        if (strcmp(level_names[i], name) == 0) {
            *level = (verdict_level)i;
            return 1;
        }
    }
    return 0;
}

const char *clause_strength_name(clause_strength strength)
{
    switch (strength) {
    case CLAUSE_DOCUMENTED:        return "documented";
    case CLAUSE_ADVICE:            return "advice";
    case CLAUSE_OUR_READING:       return "our reading";
    case CLAUSE_SAMPLE_CONVENTION: return "sample convention";
    case CLAUSE_UNCONFIRMED:       return "unconfirmed";
    }
    return "?";
}
