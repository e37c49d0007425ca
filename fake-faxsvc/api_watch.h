/*
 * api_watch.h - a few of the FSP's own calls into Windows, seen through its import table:
 * registry keys opened or created (LOAD-3: never KEY_ALL_ACCESS), folders and files
 * created under the Windows directory (LOAD-3), and how it opens the file the service
 * created for a receive (RECV-3: OPEN_EXISTING). The FSP's imports of those functions
 * are pointed at hooks (import_table.h) that note the call and go on to the real
 * function, with the FSP's last error as the real call left it.
 *
 * What is not seen is not judged: calls made in DllMain (the hooks go in after
 * LoadLibrary), through the C runtime or another DLL, or through GetProcAddress.
 */
#ifndef FAKE_FAXSVC_API_WATCH_H
#define FAKE_FAXSVC_API_WATCH_H

#include <windows.h>

#include "judge.h"

/* Points the FSP module's imports of the watched functions at the hooks, which report to
 * `j`. Once per process: an import hook has no argument to carry a context, so the watch
 * is the process's one (api_watch.c). Returns how many import entries it pointed. */
unsigned api_watch_install(HMODULE fsp, judge *j);

/* RECV-3: the service's receive file of job `job` (a full path), watched from before
 * FaxDevReceive is called ... */
void api_watch_receive_begin(const wchar_t *path);
/* ... until it returned: the verdict for that receive. */
void api_watch_receive_end(const wchar_t *path, const char *job);

/* LOAD-3's summary, once FaxDevShutdown returned (nothing when the watch was never
 * installed). */
void api_watch_judge(void);

#endif /* FAKE_FAXSVC_API_WATCH_H */
