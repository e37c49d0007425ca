/*
 * host_run.h - run fake-faxsvc.exe on one DLL and collect its exit code, its output
 * and its event log. Shared by fspconform and the Check suites, so both judge a DLL
 * the same way.
 */
#ifndef FSPKIT_HOST_RUN_H
#define FSPKIT_HOST_RUN_H

#include "event_list.h"
#include "wine_run.h"

typedef struct host_run {
    proc_result proc;     /* exit code, stdout, stderr of fake-faxsvc.exe */
    event_list events;    /* its event log (empty if it wrote none) */
    char workdir[256];    /* private temporary folder (kit_temp.h); removed on free */
} host_run;

/* The build folder: $FSPKIT_BUILD, or "build". */
const char *host_build_dir(void);

/* "x86" for an i386 PE file, "x64" for anything else (the x64 host explains files
 * that are not x64 DLLs). */
const char *host_arch_for(const char *dll_path);

/* Runs BUILD/ARCH/fake-faxsvc.exe [extra...] --events-stdin DLL [scenarios...] under
 * Wine within `bounds`. Returns 0 when the host ran, -1 with a reason in `why` when it
 * could not. */
int host_run_dll(const char *build_dir, const char *arch, const char *dll_path,
                 const char *const extra_args[], const char *const scenarios[],
                 const proc_bounds *bounds, host_run *run, char *why, size_t why_size);

void host_run_free(host_run *run);

#endif /* FSPKIT_HOST_RUN_H */
