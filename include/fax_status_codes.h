/*
 * fax_status_codes.h - the numbers of faxdev.h that carry no Windows type: the FS_*
 * status codes and the extra bytes after the service's buffers. Apart from faxdev.h so
 * that portable code (the host's rules, fake-faxsvc/rules/, tested natively) uses the
 * same values as the DLL side.
 */
#ifndef FSPKIT_FAX_STATUS_CODES_H
#define FSPKIT_FAX_STATUS_CODES_H

/* Extra bytes the service allocates after FAX_RECEIVE (RECV-6) and after FAX_DEV_STATUS
 * (RPT-5) for the strings the FSP places there. */
#define FAXDEVRECEIVE_SIZE      4096
#define FAXDEVREPORTSTATUS_SIZE 4096

/* FS_* status codes (FAX_DEV_STATUS.StatusId, DS-1). They look like bit flags but are
 * distinct codes: compare with ==, never with &. */
#define FS_INITIALIZING     0x20000000
#define FS_DIALING          0x20000001
#define FS_TRANSMITTING     0x20000002
#define FS_RECEIVING        0x20000004
#define FS_COMPLETED        0x20000008
#define FS_HANDLED          0x20000010  /* meaning UNCONFIRMED */
#define FS_LINE_UNAVAILABLE 0x20000020
#define FS_BUSY             0x20000040
#define FS_NO_ANSWER        0x20000080
#define FS_BAD_ADDRESS      0x20000100
#define FS_NO_DIAL_TONE     0x20000200
#define FS_DISCONNECTED     0x20000400
#define FS_FATAL_ERROR      0x20000800
#define FS_NOT_FAX_CALL     0x20001000
#define FS_CALL_DELAYED     0x20002000
#define FS_CALL_BLACKLISTED 0x20004000
#define FS_USER_ABORT       0x20200000
#define FS_ANSWERED         0x20800000

#endif /* FSPKIT_FAX_STATUS_CODES_H */
