/*
 * fsc_names.c - the vocabulary of scenario files: FS_* and ERROR_* names with their
 * values, statement names, modem-sim's hold points and the provided variables. The
 * parser (fsc_parse.c) reads words against these tables; the executor and logs turn
 * values back into names with them.
 */
#include "fsc_scenario.h"

#include <stdio.h>
#include <string.h>

/* --- Vocabulary ---------------------------------------------------------------------- */

/* include/faxdev.h, section FS_* (DS-1). The Check suite compares the two. */
static const fsc_name status_names[] = {
    {"FS_INITIALIZING", 0x20000000u},
    {"FS_DIALING", 0x20000001u},
    {"FS_TRANSMITTING", 0x20000002u},
    {"FS_RECEIVING", 0x20000004u},
    {"FS_COMPLETED", 0x20000008u},
    {"FS_HANDLED", 0x20000010u},
    {"FS_LINE_UNAVAILABLE", 0x20000020u},
    {"FS_BUSY", 0x20000040u},
    {"FS_NO_ANSWER", 0x20000080u},
    {"FS_BAD_ADDRESS", 0x20000100u},
    {"FS_NO_DIAL_TONE", 0x20000200u},
    {"FS_DISCONNECTED", 0x20000400u},
    {"FS_FATAL_ERROR", 0x20000800u},
    {"FS_NOT_FAX_CALL", 0x20001000u},
    {"FS_CALL_DELAYED", 0x20002000u},
    {"FS_CALL_BLACKLISTED", 0x20004000u},
    {"FS_USER_ABORT", 0x20200000u},
    {"FS_ANSWERED", 0x20800000u},
};
#define STATUS_COUNT (sizeof(status_names) / sizeof(status_names[0]))

/* Win32 error codes an FSP is likely to leave in GetLastError(). The values are
 * Windows' (the Check suite compares them with mingw-w64's winerror.h); windows.h is
 * not included so that the parser builds natively. The first name of a value is the
 * one fsc_error_name() gives. */
static const fsc_name error_names[] = {
    {"ERROR_SUCCESS", 0},
    {"NO_ERROR", 0},
    {"ERROR_INVALID_FUNCTION", 1},
    {"ERROR_FILE_NOT_FOUND", 2},
    {"ERROR_PATH_NOT_FOUND", 3},
    {"ERROR_ACCESS_DENIED", 5},
    {"ERROR_INVALID_HANDLE", 6},
    {"ERROR_NOT_ENOUGH_MEMORY", 8},
    {"ERROR_BAD_FORMAT", 11},
    {"ERROR_INVALID_DATA", 13},
    {"ERROR_OUTOFMEMORY", 14},
    {"ERROR_NOT_READY", 21},
    {"ERROR_BAD_LENGTH", 24},
    {"ERROR_GEN_FAILURE", 31},
    {"ERROR_SHARING_VIOLATION", 32},
    {"ERROR_HANDLE_EOF", 38},
    {"ERROR_NOT_SUPPORTED", 50},
    {"ERROR_FILE_EXISTS", 80},
    {"ERROR_INVALID_PARAMETER", 87},
    {"ERROR_DISK_FULL", 112},
    {"ERROR_CALL_NOT_IMPLEMENTED", 120},
    {"ERROR_SEM_TIMEOUT", 121},
    {"ERROR_INSUFFICIENT_BUFFER", 122},
    {"ERROR_MOD_NOT_FOUND", 126},
    {"ERROR_BUSY", 170},
    {"ERROR_ALREADY_EXISTS", 183},
    {"ERROR_NO_DATA", 232},
    {"ERROR_MORE_DATA", 234},
    {"ERROR_NO_MORE_ITEMS", 259},
    {"ERROR_OPERATION_ABORTED", 995},
    {"ERROR_IO_INCOMPLETE", 996},
    {"ERROR_IO_PENDING", 997},
    {"ERROR_INVALID_FLAGS", 1004},
    {"ERROR_SERVICE_NOT_ACTIVE", 1062},
    {"ERROR_DLL_INIT_FAILED", 1114},
    {"ERROR_DEVICE_NOT_CONNECTED", 1167},
    {"ERROR_NOT_FOUND", 1168},
    {"ERROR_CANCELLED", 1223},
    {"ERROR_REQUEST_ABORTED", 1235},
    {"ERROR_INTERNAL_ERROR", 1359},
    {"ERROR_TIMEOUT", 1460},
    {"ERROR_INVALID_STATE", 5023},
};
#define ERROR_NAME_COUNT (sizeof(error_names) / sizeof(error_names[0]))

static const char *const op_names[FSC_OP_COUNT] = {
    [FSC_OP_SET] = "set",
    [FSC_OP_REGISTRY] = "registry",
    [FSC_OP_COPY] = "copy",
    [FSC_OP_VIRTUAL_DEVICES] = "virtual-devices",
    [FSC_OP_INIT] = "init",
    [FSC_OP_ENABLE_DEVICES] = "enable-devices",
    [FSC_OP_SHUTDOWN] = "shutdown",
    [FSC_OP_RUN] = "run",
    [FSC_OP_LINE_MISSING] = "line-missing",
    [FSC_OP_START] = "start",
    [FSC_OP_SEND] = "send",
    [FSC_OP_RECEIVE] = "receive",
    [FSC_OP_ANSWER] = "answer",
    [FSC_OP_WAIT] = "wait",
    [FSC_OP_ABORT] = "abort",
    [FSC_OP_REPORT] = "report",
    [FSC_OP_END_JOB] = "end",
    [FSC_OP_MODEM_HOLD] = "modem hold",
    [FSC_OP_MODEM_WAIT_HELD] = "modem wait-held",
    [FSC_OP_MODEM_RELEASE] = "modem release",
    [FSC_OP_MODEM_GIVE_UP] = "modem give-up",
    [FSC_OP_MODEM_RING] = "modem ring",
    [FSC_OP_MODEM_FAIL] = "modem fail",
    [FSC_OP_EXPECT_RETURNS] = "expect returns",
    [FSC_OP_EXPECT_STATUS] = "expect status",
    [FSC_OP_EXPECT_FINAL] = "expect final",
    [FSC_OP_EXPECT_SENT] = "expect sent",
    [FSC_OP_REPEAT] = "repeat",
    [FSC_OP_RACE_SWEEP] = "race sweep",
    [FSC_OP_RACE_FUZZ] = "race fuzz",
};

/* docs/control.md's hold points and how many numbers each takes. */
typedef struct hold_spec {
    const char *name;
    int numbers;            /* 0, 1 (page) or 2 (page, bytes) */
    const char *takes;      /* modem-sim's own wording of the arguments */
} hold_spec;

static const hold_spec hold_specs[FSC_HOLD_COUNT] = {
    [FSC_HOLD_AFTER_DIAL] = {"after-dial", 0, "no arguments"},
    [FSC_HOLD_AFTER_CONNECT] = {"after-connect", 0, "no arguments"},
    [FSC_HOLD_PHASE_B] = {"phase-b", 0, "no arguments"},
    [FSC_HOLD_MID_PAGE] = {"mid-page", 2, "a page number (from 1) and a byte count"},
    [FSC_HOLD_POST_PAGE_PPR] = {"post-page-ppr", 1, "a page number (from 1)"},
    [FSC_HOLD_BETWEEN_PAGES] = {"between-pages", 1, "a page number (from 1)"},
    [FSC_HOLD_BEFORE_HANGUP] = {"before-hangup", 0, "no arguments"},
    [FSC_HOLD_RING] = {"ring", 0, "no arguments"},
    [FSC_HOLD_ANSWERING] = {"answering", 0, "no arguments"},
    [FSC_HOLD_RX_MID_PAGE] = {"rx-mid-page", 2, "a page number (from 1) and a byte count"},
    [FSC_HOLD_RX_POST_PAGE] = {"rx-post-page", 1, "a page number (from 1)"},
    [FSC_HOLD_ENDING] = {"ending", 0, "no arguments"},
};

/* What fake-faxsvc.exe provides to every scenario (docs/scenarios.md, "Variables"). */
static const char *const builtin_variables[] = {"TMP", "DOCS", "MODEM_TCP", "MODEM_COM",
                                                "MODEM_PORT"};
#define BUILTIN_COUNT (sizeof(builtin_variables) / sizeof(builtin_variables[0]))

/* --- Names ---------------------------------------------------------------------------- */

const char *fsc_op_name(fsc_op op)
{
    return (unsigned)op < FSC_OP_COUNT ? op_names[op] : "?";
}

const fsc_name *fsc_status_table(size_t *count)
{
    *count = STATUS_COUNT;
    return status_names;
}

const fsc_name *fsc_error_table(size_t *count)
{
    *count = ERROR_NAME_COUNT;
    return error_names;
}

const char *fsc_status_name(uint32_t status)
{
    for (size_t i = 0; i < STATUS_COUNT; i++)
        if (status_names[i].value == status)
            return status_names[i].name;
    return NULL;
}

const char *fsc_error_name(uint32_t code)
{
    for (size_t i = 0; i < ERROR_NAME_COUNT; i++)
        if (error_names[i].value == code)
            return error_names[i].name;
    return NULL;
}

const char *fsc_hold_name(fsc_hold_kind kind)
{
    return (unsigned)kind < FSC_HOLD_COUNT ? hold_specs[kind].name : "?";
}

int fsc_hold_format(const fsc_hold *hold, char *buf, size_t size)
{
    const char *name = fsc_hold_name(hold->kind);
    int numbers = (unsigned)hold->kind < FSC_HOLD_COUNT ? hold_specs[hold->kind].numbers : 0;
    if (numbers == 2)
        return snprintf(buf, size, "%s %lu %lu", name, (unsigned long)hold->page,
                        (unsigned long)hold->bytes);
    if (numbers == 1)
        return snprintf(buf, size, "%s %lu", name, (unsigned long)hold->page);
    return snprintf(buf, size, "%s", name);
}

int fsc_is_builtin_name(const char *name, size_t length)
{
    for (size_t i = 0; i < BUILTIN_COUNT; i++)
        if (strlen(builtin_variables[i]) == length &&
            memcmp(builtin_variables[i], name, length) == 0)
            return 1;
    return 0;
}

int fsc_is_builtin_variable(const char *name)
{
    return name && fsc_is_builtin_name(name, strlen(name));
}

int fsc_hold_numbers(fsc_hold_kind kind)
{
    return (unsigned)kind < FSC_HOLD_COUNT ? hold_specs[kind].numbers : 0;
}

const char *fsc_hold_takes(fsc_hold_kind kind)
{
    return (unsigned)kind < FSC_HOLD_COUNT ? hold_specs[kind].takes : "?";
}
