/*
 * exports.c - EXP-1..5 (see exports.h).
 */
#include "exports.h"

#include <string.h>

static int present(const export_fact *exports, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(exports[i].name, name) == 0)
            return exports[i].present;
    return 0;
}

int rule_exports(const verdict_sink *sink, const export_fact *exports, size_t count)
{
    int all_required = 1, decorated_only = 0;
    char missing[256] = "";
    for (size_t i = 0; i < count; i++) {
        const export_fact *e = &exports[i];
        /* EXP-4: the service looks up plain names; a decorated-only export is lost. */
        decorated_only += e->decorated && !e->present;
        if (e->decorated && !e->present)
            verdict_broken(sink, "EXP-4", "%s is exported only as %s; the service looks up "
                           "the plain name (use a .def file or --kill-at)%s", e->name,
                           e->decorated, e->decorated_bytes != e->x86_arg_bytes
                           ? "; its @N also disagrees with the prototype" : "");
        if (e->required && !e->present) {
            all_required = 0;
            size_t len = strlen(missing);
            if (len + strlen(e->name) + 3 < sizeof(missing))
                strcat(strcat(missing, len ? ", " : ""), e->name);
        }
    }
    if (!decorated_only)
        verdict_held(sink, "EXP-4", "every export of the contract it has is under its plain "
                     "name");
    if (all_required)
        verdict_held(sink, "EXP-1", "all seven required exports are present");
    else
        verdict_broken(sink, "EXP-1", "required export(s) missing: %s", missing);
    verdict_note(sink, "EXP-2", present(exports, count, "FaxDevVirtualDeviceCreation")
                 ? "FaxDevVirtualDeviceCreation is exported: a virtual-device FSP"
                 : "FaxDevVirtualDeviceCreation is not exported: a TAPI (physical-device) FSP");
    verdict_note(sink, "EXP-3", present(exports, count, "FaxDevShutdown")
                 ? "FaxDevShutdown is exported" : "FaxDevShutdown is not exported (optional)");
    verdict_note(sink, "EXP-5", present(exports, count, "FaxDevConfigure")
                 ? "FaxDevConfigure is exported (never called)"
                 : "FaxDevConfigure is not exported (not required)");
    return all_required;
}
