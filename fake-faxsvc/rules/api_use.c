/*
 * api_use.c - LOAD-3 and RECV-3 from the FSP's own calls (see api_use.h).
 */
#include "api_use.h"

static const char *disposition_name(unsigned disposition)
{
    static const char *const names[] = {"?", "CREATE_NEW", "CREATE_ALWAYS", "OPEN_EXISTING",
                                        "OPEN_ALWAYS", "TRUNCATE_EXISTING"};
    return disposition < sizeof(names) / sizeof(names[0]) ? names[disposition] : "?";
}

int rule_registry_access(const verdict_sink *sink, const char *api, const char *key,
                         uint32_t sam)
{
    if ((sam & API_KEY_ALL_ACCESS) != API_KEY_ALL_ACCESS)
        return 0;
    verdict_broken(sink, "LOAD-3", "%s(%s) asked for KEY_ALL_ACCESS (samDesired 0x%lx): the "
                   "service runs the FSP as NetworkService, which may not have it - ask for "
                   "what the call needs (KEY_READ to read)", api, key, (unsigned long)sam);
    return 1;
}

void rule_created_under_windows(const verdict_sink *sink, const char *api, const char *path)
{
    verdict_broken(sink, "LOAD-3", "%s created \"%s\", under the Windows directory: a hosted FSP "
                   "cannot create folders or files there (nor in Windows\\Temp)", api, path);
}

void rule_api_use_summary(const verdict_sink *sink, unsigned watched_imports,
                          unsigned registry_opens, unsigned breaches)
{
    if (breaches)
        return;
    if (watched_imports == 0)
        verdict_note(sink, "LOAD-3", "the FSP imports none of the registry and file calls the "
                     "kit watches: not judged");
    else
        verdict_held(sink, "LOAD-3", "no KEY_ALL_ACCESS in %u registry open(s), nothing "
                     "created under the Windows directory (the FSP's own imports, after "
                     "DllMain)", registry_opens);
}

void rule_receive_file_opened(const verdict_sink *sink, const char *job, unsigned disposition,
                              unsigned opens)
{
    if (opens == 0)
        verdict_note(sink, "RECV-3", "job %s: FaxDevReceive never opened the service's file "
                     "through CreateFile of its own imports (the C runtime's or another "
                     "module's calls are not seen): not judged", job);
    else if (disposition == 3)
        verdict_held(sink, "RECV-3", "job %s: FaxDevReceive opened the service's file with "
                     "OPEN_EXISTING (%u open(s))", job, opens);
    else
        verdict_broken(sink, "RECV-3", "job %s: FaxDevReceive opened the service's file with "
                       "%s: the service created it before the call, and the FSP must open "
                       "it with OPEN_EXISTING", job, disposition_name(disposition));
}
