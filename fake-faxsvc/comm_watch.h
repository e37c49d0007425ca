/*
 * comm_watch.h - the FSP's serial calls that Wine cannot serve on the kit's pseudo-
 * terminal. On a pty (fspconform --line COMn) EscapeCommFunction's DTR and RTS
 * functions and GetCommModemStatus fail with ERROR_NOT_SUPPORTED (Linux ptys have no
 * modem lines), and so does a WaitCommEvent or SetCommMask that asks for them
 * (../shared/design.md, measured). A vendor FSP that needs them fails there for the
 * kit's want, not its own: the run must end as an environment error naming the call
 * (exit 2), never as a FAIL of the FSP.
 *
 * The host points the FSP module's imports of those functions at wrappers after loading
 * it (import_table.h), which call the real one and note such a failure. Calls made
 * through GetProcAddress or from other modules the FSP loads are not seen.
 */
#ifndef FAKE_FAXSVC_COMM_WATCH_H
#define FAKE_FAXSVC_COMM_WATCH_H

#include <windows.h>

/* Routes the module's imports of the watched functions through the wrappers. Returns
 * how many import slots were patched. */
unsigned comm_watch_install(HMODULE fsp);

/* The first watched call that failed with ERROR_NOT_SUPPORTED, as one line
 * ("GetCommModemStatus on a serial handle failed with ERROR_NOT_SUPPORTED (50): ..."),
 * or NULL. */
const char *comm_watch_problem(void);

#endif /* FAKE_FAXSVC_COMM_WATCH_H */
