/*
 * report_readers.h - the consumers CI uses, run on fspconform's reports: prove (Debian's
 * perl TAP harness) on a TAP file, python3-junitparser on a JUnit file. The tests judge
 * the formats by what these real readers make of them, not by our own parsing.
 */
#ifndef FSPKIT_REPORT_READERS_H
#define FSPKIT_REPORT_READERS_H

#include <stddef.h>

#include "proc_run.h"

/* prove --exec cat [--verbose] PATH. 0 (r filled: exit 1 when a test failed), or -1. */
int tap_prove(const char *path, int verbose, proc_result *r, char *why, size_t size);

/* junitparser reads PATH; r->out is one line "tests=N failures=F skipped=S
 * failed=NAME|NAME first=MESSAGE" (the first failure's message). 0, or -1. */
int junit_read(const char *path, proc_result *r, char *why, size_t size);

#endif /* FSPKIT_REPORT_READERS_H */
