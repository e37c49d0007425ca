/*
 * fsp_module.h - find, check and load an FSP DLL and resolve its exports.
 *
 * Loading is where users meet the host first, so every way it can go wrong gets one
 * clear line: no such file, not a PE file, an EXE, the other architecture, a dependent
 * DLL that is missing (named), DllMain returning FALSE. Those are input errors (exit
 * 2), not verdicts. What the exports say about the contract (EXP-1..5) is judged by
 * fsp_module_judge_exports().
 */
#ifndef FAKE_FAXSVC_FSP_MODULE_H
#define FAKE_FAXSVC_FSP_MODULE_H

#include "faxdev.h"
#include "judge.h"
#include "leftover_threads.h"
#include "pe_image.h"

typedef struct fsp_exports {
    PFAXDEVINITIALIZE initialize;
    PFAXDEVVIRTUALDEVICECREATION virtual_device_creation;
    PFAXDEVSTARTJOB start_job;
    PFAXDEVENDJOB end_job;
    PFAXDEVSEND send;
    PFAXDEVRECEIVE receive;
    PFAXDEVREPORTSTATUS report_status;
    PFAXDEVABORTOPERATION abort_operation;
    PFAXDEVSHUTDOWN shutdown;
    PFAXDEVCONFIGURE configure;
} fsp_exports;

typedef struct fsp_module {
    wchar_t path[MAX_PATH];   /* full path */
    HMODULE module;
    pe_info image;
    fsp_exports fn;           /* NULL where the DLL does not export the plain name */
    DWORD dllmain_exception;  /* LoadLibrary failed because DllMain raised this (0: not) */
    char dllmain_where[64];   /* where it was raised ("the FSP+0x1234") */
    thread_census threads_before_load; /* SHUT-1: which threads are not the FSP's */
} fsp_module;

/* Checks the file and loads it (DllMain runs under the crash guard: its hangs and
 * exceptions are the DLL's). On failure writes one line (no newline) describing the
 * problem into `problem` and returns FALSE; nothing stays loaded. A DllMain that raised
 * an exception leaves it in dllmain_exception: a verdict, not an input error. */
BOOL fsp_module_load(fsp_module *m, const wchar_t *path, char *problem, size_t problem_size);

/* EXP-1..5: required exports present, optional ones noted, decorated x86 names flagged.
 * Returns TRUE when every required export is there (the host can go on). */
BOOL fsp_module_judge_exports(const fsp_module *m, judge *j);

/* The name a verdict gives the loader's call into DllMain. */
#define FSP_LOAD_CALL "LoadLibrary (the DLL's DllMain)"

void fsp_module_unload(fsp_module *m);

#endif /* FAKE_FAXSVC_FSP_MODULE_H */
