/*
 * api_use.h - what the FSP asked Windows for, as its own imports showed the host
 * (fake-faxsvc/api_watch.h): registry access rights and folders or files created under
 * the Windows directory (LOAD-3), and how it opened the file the service created for a
 * receive (RECV-3).
 */
#ifndef FAKE_FAXSVC_RULES_API_USE_H
#define FAKE_FAXSVC_RULES_API_USE_H

#include <stdint.h>

#include "verdict.h"

#define API_KEY_ALL_ACCESS 0xF003Fu   /* winnt.h's KEY_ALL_ACCESS */

/* LOAD-3: a registry key opened or created asking for `sam`. KEY_ALL_ACCESS (every one of
 * its rights) FAILs: the service runs as NetworkService, which gets far less, so the call
 * fails there. Returns 1 when it broke the clause. */
int rule_registry_access(const verdict_sink *sink, const char *api, const char *key,
                         uint32_t sam);
/* LOAD-3: a folder created, or a file created, under the Windows directory (Temp too):
 * the hosted FSP cannot, so it FAILs. */
void rule_created_under_windows(const verdict_sink *sink, const char *api, const char *path);
/* LOAD-3 held when none of the calls seen broke it; a note when the FSP imports none of
 * the watched calls (nothing to see). */
void rule_api_use_summary(const verdict_sink *sink, unsigned watched_imports,
                          unsigned registry_opens, unsigned breaches);

/* RECV-3: the service created FAX_RECEIVE.FileName before the call; the FSP opens it
 * with OPEN_EXISTING. `disposition` is CreateFile's (1 CREATE_NEW .. 5 TRUNCATE_EXISTING),
 * 0 when the FSP never opened the file through its imports during the receive. */
void rule_receive_file_opened(const verdict_sink *sink, const char *job, unsigned disposition,
                              unsigned opens);

#endif /* FAKE_FAXSVC_RULES_API_USE_H */
