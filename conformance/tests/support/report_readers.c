/*
 * report_readers.c - prove and junitparser on a report (see report_readers.h).
 */
#include "report_readers.h"

int tap_prove(const char *path, int verbose, proc_result *r, char *why, size_t size)
{
    const char *argv[] = {"/usr/bin/prove", "--exec", "cat", path, verbose ? "--verbose" : NULL,
                          NULL};
    return proc_run(argv, 60, r, why, size);
}

int junit_read(const char *path, proc_result *r, char *why, size_t size)
{
    static const char script[] =
        "import sys\n"
        "from junitparser import JUnitXml, Failure, Skipped\n"
        "cases = [c for s in JUnitXml.fromfile(sys.argv[1]) for c in s]\n"
        "failed = [c for c in cases if any(isinstance(x, Failure) for x in c.result)]\n"
        "skipped = [c for c in cases if any(isinstance(x, Skipped) for x in c.result)]\n"
        "first = [x.message for x in failed[0].result if isinstance(x, Failure)][0] if failed else ''\n"
        "print('tests=%d failures=%d skipped=%d failed=%s first=%s' % (len(cases), len(failed),\n"
        "      len(skipped), '|'.join(c.name for c in failed), first))\n";
    const char *argv[] = {"/usr/bin/python3", "-c", script, path, NULL};
    return proc_run(argv, 60, r, why, size);
}
