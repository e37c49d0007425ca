/*
 * timeline_file.h - `--html DIR`: after a scenario's child process has ended with a
 * FAIL, its slice of the event log becomes a self-contained HTML/SVG timeline
 * (common/timeline_html.c) in DIR, one file per failing scenario.
 */
#ifndef FAKE_FAXSVC_TIMELINE_FILE_H
#define FAKE_FAXSVC_TIMELINE_FILE_H

#include <windows.h>

/* Renders the log bytes from `from` to the end into DIR\NAME.html, NAME made from the
 * file and scenario numbers and the scenario's name. Prints the page's path on stdout.
 * FALSE (and one line on stderr) when it cannot. */
BOOL timeline_write(const wchar_t *events_path, LONGLONG from, const wchar_t *dir,
                    size_t file_number, size_t scenario_number, const char *scenario_name,
                    const char *title);

#endif /* FAKE_FAXSVC_TIMELINE_FILE_H */
