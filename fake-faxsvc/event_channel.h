/*
 * event_channel.h - how the event log's path reaches a host process without being on
 * its command line or in its environment, where the DLL it loads could read it and
 * write verdicts of its own into the log (issue 13: "the verdict is the kit's own").
 *
 * fspconform starts the host with --events-stdin and the path as the first line of its
 * stdin; the parent host hands it to each per-scenario child (isolation.h) the same way,
 * through a pipe. The host reads the line before anything of the DLL runs and closes
 * its stdin. What this does not stop - a DLL that searches its process for the log's
 * handle - is deliberate cheating, outside the kit's threat model (docs/reliability.md).
 */
#ifndef FAKE_FAXSVC_EVENT_CHANNEL_H
#define FAKE_FAXSVC_EVENT_CHANNEL_H

#include <windows.h>

/* Reads the path (one UTF-8 line, at most `count` - 1 WCHARs) from stdin into `path`,
 * then closes stdin. FALSE when there is none. */
BOOL event_channel_receive(wchar_t *path, size_t count);
/* Starts `command_line` (its own --events-stdin among the options) with the path on its
 * stdin, its stdout and stderr this process's. As CreateProcessW; handles inherited. */
BOOL event_channel_start_child(wchar_t *command_line, const wchar_t *events_path,
                               PROCESS_INFORMATION *child);

#endif /* FAKE_FAXSVC_EVENT_CHANNEL_H */
