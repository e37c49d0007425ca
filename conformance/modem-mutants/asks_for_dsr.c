/*
 * Not a breach: the reference FSP as a vendor often writes it, raising DTR after opening
 * its serial port and refusing the line while the modem does not show DSR
 * (EscapeCommFunction(SETDTR), GetCommModemStatus) - right on Windows with a real modem.
 * On the kit's pseudo-terminal Wine cannot serve those calls (ERROR_NOT_SUPPORTED: a pty
 * has no modem lines), so the FSP would fail for the kit's want. fspconform must end the
 * run as an environment error naming the call (exit 2), never FAIL the FSP
 * (fake-faxsvc/comm_watch.h). Kept with the modem mutants: the same base, the same line.
 *
 * mutant-link: -Wl,--wrap=line_open
 * not a breach: Wine cannot serve the FSP's serial calls on the kit's pty - an environment error, exit 2
 */
#include "line.h"

BOOL __real_line_open(line *ln, const wchar_t *spec);
BOOL __wrap_line_open(line *ln, const wchar_t *spec);

BOOL __wrap_line_open(line *ln, const wchar_t *spec)
{
    if (!__real_line_open(ln, spec))
        return FALSE;
    DWORD lines = 0;
    if (ln->kind == LINE_KIND_SERIAL &&
        (!EscapeCommFunction(ln->port, SETDTR) || !GetCommModemStatus(ln->port, &lines) ||
         !(lines & MS_DSR_ON))) {
        DWORD error = GetLastError();
        line_close(ln);
        SetLastError(error ? error : ERROR_NOT_READY);
        return FALSE;   /* no modem there, as far as this FSP can tell */
    }
    return TRUE;
}
