/*
 * faxdev.h - the legacy Fax Service Provider (FSP) interface, clean-room.
 *
 * Written for the FSP Conformance Kit from our own reading of the public contract
 * (docs/contract, i.e. shared/fsp-contract.md sections 1-3); no Microsoft header text
 * was copied. mingw-w64 ships no faxdev.h, so both the reference FSP and the fake fax
 * service include this one.
 *
 * Layout: faxdev.h sets no packing, so every struct has natural alignment. We pin that
 * down with pack(push, 8) (the Windows default) so that a caller who includes us inside
 * someone else's #pragma pack(1) - mingw's <tapi.h> opens one and closes it with a bare
 * "#pragma pack()" - still gets the service's layout. Every size and offset is asserted
 * below for x86 (i686-w64-mingw32) and x64 (x86_64-w64-mingw32); the build compiles
 * this header with both compilers.
 */
#ifndef FSPKIT_FAXDEV_H
#define FSPKIT_FAXDEV_H

#include <windows.h>
#include <tapi.h>   /* HCALL, HLINE, HLINEAPP (32-bit on both architectures), LINEMESSAGE */
#include <prsht.h>  /* HPROPSHEETPAGE, for the undocumented FaxDevConfigure (EXP-5) */
#include <stddef.h>

#include "fax_status_codes.h" /* FS_* and the buffer sizes, portable for the rules */

#ifdef __cplusplus
extern "C" {
#endif

#pragma pack(push, 8)

/* What the service hands FaxDevSend. The service sets SizeOfStruct (S-SEND). */
typedef struct _FAX_SEND {
    DWORD  SizeOfStruct;
    LPWSTR FileName;        /* full path of a TIFF Class F document (SEND-4) */
    LPWSTR CallerName;
    LPWSTR CallerNumber;    /* also the TSID (SEND-10) */
    LPWSTR ReceiverName;
    LPWSTR ReceiverNumber;  /* the number to dial (SEND-2) */
    BOOL   Branding;        /* reserved (SEND-11) */
    HCALL  CallHandle;      /* reserved, zero (SEND-11) */
    DWORD  Reserved[3];     /* zero (SEND-11) */
} FAX_SEND, *PFAX_SEND;

/* What the service hands FaxDevReceive, followed by FAXDEVRECEIVE_SIZE bytes that hold
 * the FileName string and, written by the FSP, the receiver strings (RECV-6). */
typedef struct _FAX_RECEIVE {
    DWORD  SizeOfStruct;
    LPWSTR FileName;        /* created by the service; open with OPEN_EXISTING (RECV-3) */
    LPWSTR ReceiverName;
    LPWSTR ReceiverNumber;
    DWORD  Reserved[4];
} FAX_RECEIVE, *PFAX_RECEIVE;

/* A status report: posted as a packet (STAT-2..5) or filled by FaxDevReportStatus
 * (RPT-3..7). The FSP sets SizeOfStruct (S-DS). */
typedef struct _FAX_DEV_STATUS {
    DWORD  SizeOfStruct;
    DWORD  StatusId;        /* an FS_* code, a LINEERR_* code or provider-defined (DS-1) */
    DWORD  StringId;        /* resource ID for a provider-defined StatusId (DS-2) */
    DWORD  PageCount;       /* page being processed, from 1 (DS-3) */
    LPWSTR CSI;             /* remote CSID on send, remote TSID on receive (DS-4) */
    LPWSTR CallerId;        /* DS-5 */
    LPWSTR RoutingInfo;     /* DS-6 */
    DWORD  ErrorCode;       /* Win32 error; NO_ERROR while running and on success (DS-7) */
    DWORD  Reserved[3];     /* zero (DS-8) */
} FAX_DEV_STATUS, *PFAX_DEV_STATUS;

#pragma pack(pop)

/* Callbacks. FaxServiceCallback is unused by the service (INIT-6). */
typedef BOOL (CALLBACK *PFAX_SERVICE_CALLBACK)(HANDLE FaxHandle, DWORD DeviceId,
        DWORD_PTR Param1, DWORD_PTR Param2, DWORD_PTR Param3);
/* The FSP's TAPI event sink; the FSP stores its address in Initialize (INIT-5, LINE-1). */
typedef void (CALLBACK *PFAX_LINECALLBACK)(HANDLE FaxHandle, DWORD hDevice, DWORD dwMessage,
        DWORD_PTR dwInstance, DWORD_PTR dwParam1, DWORD_PTR dwParam2, DWORD_PTR dwParam3);
/* Given to FaxDevSend; the FSP calls it once the call exists (SEND-5..7). */
typedef BOOL (CALLBACK *PFAX_SEND_CALLBACK)(HANDLE FaxHandle, HCALL CallHandle,
        DWORD Reserved1, DWORD Reserved2);

/* The exports (EXP-1..5). WINAPI is __stdcall on x86; the names must be exported
 * undecorated (EXP-4). */
BOOL WINAPI FaxDevInitialize(HLINEAPP LineAppHandle, HANDLE HeapHandle,
        PFAX_LINECALLBACK *LineCallbackFunction, PFAX_SERVICE_CALLBACK FaxServiceCallback);
BOOL WINAPI FaxDevVirtualDeviceCreation(LPDWORD DeviceCount, LPWSTR DeviceNamePrefix,
        LPDWORD DeviceIdPrefix, HANDLE CompletionPort, ULONG_PTR CompletionKey);
BOOL WINAPI FaxDevStartJob(HLINE LineHandle, DWORD DeviceId, PHANDLE FaxHandle,
        HANDLE CompletionPortHandle, ULONG_PTR CompletionKey);
BOOL WINAPI FaxDevEndJob(HANDLE FaxHandle);
BOOL WINAPI FaxDevSend(HANDLE FaxHandle, PFAX_SEND FaxSend, PFAX_SEND_CALLBACK FaxSendCallback);
BOOL WINAPI FaxDevReceive(HANDLE FaxHandle, HCALL CallHandle, PFAX_RECEIVE FaxReceive);
BOOL WINAPI FaxDevReportStatus(HANDLE FaxHandle, PFAX_DEV_STATUS FaxStatus,
        DWORD FaxStatusSize, LPDWORD FaxStatusSizeRequired);
BOOL WINAPI FaxDevAbortOperation(HANDLE FaxHandle);
HRESULT WINAPI FaxDevShutdown(void);
BOOL WINAPI FaxDevConfigure(HPROPSHEETPAGE *PropSheetPage);

typedef BOOL (WINAPI *PFAXDEVINITIALIZE)(HLINEAPP, HANDLE, PFAX_LINECALLBACK *,
        PFAX_SERVICE_CALLBACK);
typedef BOOL (WINAPI *PFAXDEVVIRTUALDEVICECREATION)(LPDWORD, LPWSTR, LPDWORD, HANDLE,
        ULONG_PTR);
typedef BOOL (WINAPI *PFAXDEVSTARTJOB)(HLINE, DWORD, PHANDLE, HANDLE, ULONG_PTR);
typedef BOOL (WINAPI *PFAXDEVENDJOB)(HANDLE);
typedef BOOL (WINAPI *PFAXDEVSEND)(HANDLE, PFAX_SEND, PFAX_SEND_CALLBACK);
typedef BOOL (WINAPI *PFAXDEVRECEIVE)(HANDLE, HCALL, PFAX_RECEIVE);
typedef BOOL (WINAPI *PFAXDEVREPORTSTATUS)(HANDLE, PFAX_DEV_STATUS, DWORD, LPDWORD);
typedef BOOL (WINAPI *PFAXDEVABORTOPERATION)(HANDLE);
typedef HRESULT (WINAPI *PFAXDEVSHUTDOWN)(void);
typedef BOOL (WINAPI *PFAXDEVCONFIGURE)(HPROPSHEETPAGE *);

/* --- Layout assertions (fsp-contract.md section 2) ------------------------------------ */
#define FAXDEV_ASSERT_LAYOUT(type, member, off32, off64)                                   \
    _Static_assert(offsetof(type, member) == (sizeof(void *) == 8 ? (off64) : (off32)),   \
                   #type "." #member " is not where the service puts it")
#define FAXDEV_ASSERT_SIZE(type, size32, size64)                                           \
    _Static_assert(sizeof(type) == (sizeof(void *) == 8 ? (size64) : (size32)),           \
                   "sizeof(" #type ") differs from the service's")

_Static_assert(sizeof(HCALL) == 4 && sizeof(HLINE) == 4 && sizeof(HLINEAPP) == 4,
               "TAPI handles are 32-bit on both architectures");

FAXDEV_ASSERT_LAYOUT(FAX_SEND, SizeOfStruct,   0,  0);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, FileName,       4,  8);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, CallerName,     8, 16);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, CallerNumber,  12, 24);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, ReceiverName,  16, 32);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, ReceiverNumber,20, 40);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, Branding,      24, 48);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, CallHandle,    28, 52);
FAXDEV_ASSERT_LAYOUT(FAX_SEND, Reserved,      32, 56);
FAXDEV_ASSERT_SIZE(FAX_SEND, 44, 72);

FAXDEV_ASSERT_LAYOUT(FAX_RECEIVE, SizeOfStruct,   0,  0);
FAXDEV_ASSERT_LAYOUT(FAX_RECEIVE, FileName,       4,  8);
FAXDEV_ASSERT_LAYOUT(FAX_RECEIVE, ReceiverName,   8, 16);
FAXDEV_ASSERT_LAYOUT(FAX_RECEIVE, ReceiverNumber,12, 24);
FAXDEV_ASSERT_LAYOUT(FAX_RECEIVE, Reserved,      16, 32);
FAXDEV_ASSERT_SIZE(FAX_RECEIVE, 32, 48);

FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, SizeOfStruct, 0,  0);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, StatusId,     4,  4);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, StringId,     8,  8);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, PageCount,   12, 12);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, CSI,         16, 16);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, CallerId,    20, 24);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, RoutingInfo, 24, 32);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, ErrorCode,   28, 40);
FAXDEV_ASSERT_LAYOUT(FAX_DEV_STATUS, Reserved,    32, 44);
FAXDEV_ASSERT_SIZE(FAX_DEV_STATUS, 44, 56);

/* The virtual-device ring packet (VDEV-6/7) is TAPI's LINEMESSAGE. */
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, hDevice,            0,  0);
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, dwMessageID,        4,  4);
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, dwCallbackInstance, 8,  8);
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, dwParam1,          12, 16);
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, dwParam2,          16, 24);
FAXDEV_ASSERT_LAYOUT(LINEMESSAGE, dwParam3,          20, 32);
FAXDEV_ASSERT_SIZE(LINEMESSAGE, 24, 40);

/* Service-owned buffer sizes (S-RECV, RPT-5). */
_Static_assert(sizeof(FAX_RECEIVE) + FAXDEVRECEIVE_SIZE == (sizeof(void *) == 8 ? 4144 : 4128),
               "FaxDevReceive buffer size");
_Static_assert(sizeof(FAX_DEV_STATUS) + FAXDEVREPORTSTATUS_SIZE ==
               (sizeof(void *) == 8 ? 4152 : 4140), "FaxDevReportStatus buffer size");

#undef FAXDEV_ASSERT_LAYOUT
#undef FAXDEV_ASSERT_SIZE

#ifdef __cplusplus
}
#endif

#endif /* FSPKIT_FAXDEV_H */
