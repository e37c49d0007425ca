/*
 * process_tree.c - the host's job object (see process_tree.h).
 */
#include "process_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leftover_threads.h"
#include "rules/lifecycle.h"

#define MAX_MEMBERS 256

void process_tree_own(process_tree *t)
{
    t->job = CreateJobObjectW(NULL, NULL);
    if (!t->job)
        return;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    memset(&limits, 0, sizeof(limits));
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(t->job, JobObjectExtendedLimitInformation, &limits,
                                 sizeof(limits)) ||
        !AssignProcessToJobObject(t->job, GetCurrentProcess())) {
        CloseHandle(t->job);
        t->job = NULL;
    }
}

/* The members other than this process; 0 when the list cannot be read. */
static size_t other_members(HANDLE job, DWORD *ids, size_t size)
{
    size_t bytes = sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST) + MAX_MEMBERS * sizeof(ULONG_PTR);
    JOBOBJECT_BASIC_PROCESS_ID_LIST *list = calloc(1, bytes);
    size_t n = 0;
    if (list && QueryInformationJobObject(job, JobObjectBasicProcessIdList, list, (DWORD)bytes,
                                          NULL)) {
        const ULONG_PTR *pid = list->ProcessIdList; /* a flexible array in practice */
        for (DWORD i = 0; i < list->NumberOfProcessIdsInList && n < size; i++)
            if ((DWORD)pid[i] != GetCurrentProcessId())
                ids[n++] = (DWORD)pid[i];
    }
    free(list);
    return n;
}

void process_tree_judge(const process_tree *t, const char *after, judge *j)
{
    if (!t->job)
        return;
    DWORD ids[MAX_MEMBERS];
    size_t n = other_members(t->job, ids, MAX_MEMBERS);
    for (DWORD waited = 0; n > 0 && waited < LEFTOVER_GRACE_MS; waited += 100) {
        Sleep(100);
        n = other_members(t->job, ids, MAX_MEMBERS);
    }
    for (size_t i = 0; i < n; i++) {
        leftover_process_fact fact = {ids[i], LEFTOVER_GRACE_MS, after, "(image unknown)"};
        HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE,
                                     FALSE, ids[i]);
        if (process) {
            wchar_t image[MAX_PATH];
            DWORD size = MAX_PATH;
            if (QueryFullProcessImageNameW(process, 0, image, &size))
                WideCharToMultiByte(CP_UTF8, 0, image, -1, fact.image, sizeof(fact.image),
                                    NULL, NULL);
            TerminateProcess(process, 1);
            WaitForSingleObject(process, 5000);
            CloseHandle(process);
        }
        rule_process_left(&j->sink, &fact);
    }
}
